//! The command line: argument parsing (clap derive) and dispatch. `check` (the default),
//! `rules` and `explain` live here; `init` and `schema` are handed to their modules, the git
//! commands (`hook`, `ci`, `install-hooks`) to [`crate::hook`], [`crate::ci`] and
//! [`crate::git::install`]. Every linting command runs through [`crate::run::Session`].
//! Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage, config, git or I/O
//! errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::discover::Target;
use crate::run::{usage, Job, LintArgs, Session};
use crate::severity::Severity;
use crate::vfs::{Overlay, WorkTree};

#[derive(Debug, Parser)]
#[command(
    name = "planlint",
    version,
    about = "A fast, deterministic linter for implementation plans",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint the plan sets under PATHS (the default command).
    Check(CheckArgs),
    /// List every rule with its code, name, family and severity per profile.
    Rules(RulesArgs),
    /// Show a rule's documentation with a failing and a passing example.
    Explain {
        /// A rule code (`T003`) or name (`fr-without-ac`), built-in or custom.
        rule: String,
        #[command(flatten)]
        config: ConfigChoice,
    },
    /// Check plan quality checklists like `scripts/validate_plan.sh`: print and append to
    /// `harness/AI-Agent-progress.txt` a PASSED or FAILED record per checklist (exit 0 when
    /// all pass, 1 otherwise).
    ValidatePlan {
        /// Checklists to check, relative to the repository root (default: every
        /// `plans/**/features/*/checklists/PlanQualityGate.md`).
        checklists: Vec<std::ffi::OsString>,
    },
    /// Write a commented planlint.yaml for the plan styles and conventions found here.
    Init(crate::init::InitArgs),
    /// Print the JSON Schema of planlint.yaml (checked in as planlint.schema.json).
    Schema,
    /// Run as a git hook: lint what is being committed or pushed.
    Hook {
        #[command(subcommand)]
        hook: HookCommand,
    },
    /// Lint the plan sets changed since the merge-base with a base branch (for CI).
    Ci(CiArgs),
    /// Write planlint's pre-commit and pre-push hooks into this repository.
    InstallHooks {
        /// Replace hooks planlint did not write (the old hook is kept as a backup).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum HookCommand {
    /// Lint the staged content (the index) of the plan sets the commit touches, and the
    /// branch. FILES (given by the pre-commit framework) replace the staged file list.
    PreCommit {
        files: Vec<PathBuf>,
        #[command(flatten)]
        lint: LintArgs,
    },
    /// Lint each pushed branch at its pushed commit: git's `<local ref> <local sha> <remote
    /// ref> <remote sha>` lines on stdin, or the pre-commit framework's PRE_COMMIT_* variables.
    PrePush {
        /// The remote pushed to (its HEAD tells the default branch of a new branch).
        remote: Option<String>,
        /// The remote's URL (unused; git passes it).
        url: Option<String>,
        #[command(flatten)]
        lint: LintArgs,
    },
    /// Check the current branch's name only (B001, B005).
    Branch {
        #[command(flatten)]
        lint: LintArgs,
    },
}

#[derive(Debug, Args)]
pub struct CiArgs {
    /// The branch or commit the changes are measured from (default: `origin/$GITHUB_BASE_REF`
    /// or `origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME` when set, else the default branch).
    #[arg(long)]
    pub base: Option<String>,
    /// Lint every plan set at HEAD, changed or not.
    #[arg(long, conflicts_with = "base")]
    pub all: bool,
    #[command(flatten)]
    pub lint: LintArgs,
}

/// Which configuration `rules` and `explain` read (for custom rules and severities).
#[derive(Debug, Args)]
struct ConfigChoice {
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// Use this configuration file instead of discovering one.
    #[arg(long, conflicts_with = "isolated")]
    config: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
    #[command(flatten)]
    config: ConfigChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to lint (default: the repository, or the current folder). `-` reads
    /// one file from stdin (name it with --stdin-filename).
    paths: Vec<PathBuf>,
    /// The path stdin stands for when PATHS is `-`.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    lint: LintArgs,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => check(cli.check),
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => rules(args),
        Some(Command::ValidatePlan { checklists }) => validate_plan(&checklists),
        Some(Command::Explain { rule, config }) => explain(&rule, &config),
        Some(Command::Init(args)) => crate::init::run(&args),
        Some(Command::Schema) => schema(),
        Some(Command::Hook { hook }) => match hook {
            HookCommand::PreCommit { files, lint } => crate::hook::pre_commit(&files, &lint),
            HookCommand::PrePush { remote, lint, .. } => {
                crate::hook::pre_push(remote.as_deref(), &lint)
            }
            HookCommand::Branch { lint } => crate::hook::branch(&lint),
        },
        Some(Command::Ci(args)) => crate::ci::run(args.base.as_deref(), args.all, &args.lint),
        Some(Command::InstallHooks { force }) => crate::git::install::install_hooks(force),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            let _ = std::io::stdout().flush();
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> miette::Result<u8> {
    let mut session = Session::start(&args.lint, None)?;
    let cwd = session.cwd().to_path_buf();
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut stdin_file: Option<(PathBuf, Vec<u8>)> = None;
    let inputs: Vec<PathBuf> = if stdin {
        let name = args.stdin_filename.clone().ok_or_else(|| {
            usage(
                "reading from stdin (`-`) needs --stdin-filename",
                Some("name the path the content stands for, e.g. --stdin-filename specs/001-x/plan.md".into()),
            )
        })?;
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| usage(format!("cannot read stdin: {e}"), None))?;
        stdin_file = Some((name, bytes));
        Vec::new()
    } else if args.paths.is_empty() {
        vec![crate::git::work_tree_root(&cwd).unwrap_or_else(|| cwd.clone())]
    } else {
        args.paths.clone()
    };

    let targets =
        crate::discover::discover(&cwd, &inputs, session.config()).map_err(miette::Report::new)?;
    for target in targets {
        let worktree = WorkTree::new(target.root.clone());
        session.lint(Job {
            source: &worktree,
            branch: crate::git::current_branch(Some(&target.root)),
            plans: target.plans,
            committing: false,
            branch_only: false,
            tracked: None,
        });
    }
    if let Some((name, bytes)) = stdin_file {
        let (target, path) = stdin_target(&cwd, &name, session.config());
        let worktree = WorkTree::new(target.root.clone());
        let overlay = Overlay {
            inner: &worktree,
            path,
            bytes,
        };
        session.lint(Job {
            source: &overlay,
            branch: crate::git::current_branch(Some(&target.root)),
            plans: target.plans,
            committing: false,
            branch_only: false,
            tracked: None,
        });
    }
    session.finish()
}

/// The target for `--stdin-filename` and the path (relative to its root) stdin stands for.
fn stdin_target(cwd: &Path, name: &Path, config: &Config) -> (Target, PathBuf) {
    let root = crate::git::work_tree_root(cwd).unwrap_or_else(|| cwd.to_path_buf());
    let full = cwd.join(name);
    let parent = full.parent().and_then(|p| p.canonicalize().ok());
    let full = match (parent, full.file_name()) {
        (Some(p), Some(f)) => p.join(f),
        _ => full,
    };
    let rel = full
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or(full);
    let plan = if crate::discover::is_plan(config, &rel) {
        Some(rel.clone())
    } else {
        crate::discover::plan_for_file(&WorkTree::new(root.clone()), &rel, config)
    };
    let target = Target {
        root,
        plans: plan.into_iter().collect(),
    };
    (target, rel)
}

/// The config `rules` and `explain` describe: discovered from the current folder.
fn described_config(choice: &ConfigChoice) -> miette::Result<Config> {
    let cwd = std::env::current_dir()
        .map_err(|e| usage(format!("cannot read the current folder: {e}"), None))?;
    crate::run::load_config_from(choice.isolated, choice.config.as_deref(), &cwd, None)
}

fn rules(args: RulesArgs) -> miette::Result<u8> {
    let config = described_config(&args.config)?;
    let packs = &config.packs;
    let mut out = std::io::stdout().lock();
    let result =
        match args.format {
            RulesFormat::Json => {
                let list: Vec<_> = crate::rules::all()
                .iter()
                .map(|r| {
                    let profiles: serde_json::Map<String, serde_json::Value> = packs
                        .iter()
                        .map(|p| {
                            let sev = config.selection.severity(r, p, None);
                            (p.profile.clone(), sev.map_or("off", Severity::as_str).into())
                        })
                        .collect();
                    serde_json::json!({
                        "code": r.code, "name": r.name, "family": r.family.name(),
                        "default": r.default.as_str(), "summary": r.summary(), "profiles": profiles,
                    })
                })
                .collect();
                serde_json::to_writer_pretty(&mut out, &list)
                    .map_err(std::io::Error::other)
                    .and_then(|_| writeln!(out))
            }
            RulesFormat::Text => {
                let header: Vec<String> = packs.iter().map(|p| p.profile.clone()).collect();
                let code_width = crate::rules::all()
                    .iter()
                    .map(|r| r.code.len())
                    .max()
                    .unwrap_or(4);
                writeln!(
                    out,
                    "{:<code_width$} {:<28} {:<13} {}",
                    "CODE",
                    "NAME",
                    "FAMILY",
                    header.join(" ")
                )
                .and_then(|_| {
                    for r in crate::rules::all() {
                        let cells: Vec<String> = packs
                            .iter()
                            .map(|p| {
                                let sev = config.selection.severity(r, p, None);
                                let s = sev.map_or("-", |s| &s.as_str()[..1]);
                                format!("{s:<width$}", width = p.profile.len())
                            })
                            .collect();
                        writeln!(
                            out,
                            "{:<code_width$} {:<28} {:<13} {}",
                            r.code,
                            r.name,
                            r.family.name(),
                            cells.join(" ")
                        )?;
                    }
                    Ok(())
                })
            }
        };
    result.map_err(|e| usage(format!("cannot write output: {e}"), None))?;
    Ok(0)
}

fn validate_plan(checklists: &[std::ffi::OsString]) -> miette::Result<u8> {
    let cwd = std::env::current_dir()
        .map_err(|e| usage(format!("cannot read the current folder: {e}"), None))?;
    Ok(crate::validate_plan::run(
        checklists,
        &cwd,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

fn explain(name: &str, choice: &ConfigChoice) -> miette::Result<u8> {
    let config = described_config(choice)?;
    let Some(rule) = crate::rules::find(name) else {
        let help = crate::suggest::closest(name, crate::rules::codes())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("`planlint rules` lists every code and name".into()));
        return Err(usage(format!("unknown rule `{name}`"), help));
    };
    let profiles: Vec<String> = config
        .packs
        .iter()
        .map(|p| {
            let sev = config.selection.severity(rule, p, None);
            format!("{}: {}", p.profile, sev.map_or("off", Severity::as_str))
        })
        .collect();
    println!(
        "# {} ({})\n\nFamily: {}. Default severity: {}. Per profile: {}.\n\n{}\n## How to fix\n{}.",
        rule.code,
        rule.name,
        rule.family.name(),
        rule.default,
        profiles.join(", "),
        rule.explanation().trim_end(),
        rule.help
    );
    Ok(0)
}

fn schema() -> miette::Result<u8> {
    print!("{}", crate::schema::config_schema_json());
    Ok(0)
}
