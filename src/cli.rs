//! The command line: argument parsing (clap derive) and the commands `check` (the default),
//! `rules` and `explain`; `init` and `schema` are handed to their modules. Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage,
//! config, git or I/O errors.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::Config;
use crate::constitution::Constitutions;
use crate::discover::Target;
use crate::engine::{Finding, Linter, Selector};
use crate::planset::PlanSet;
use crate::report::{Format, HumanRenderer, SetRenderer, SetReport};
use crate::severity::{FailOn, Severity};
use crate::vfs::{FileSource, Overlay, WorkTree};

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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to lint (default: the repository, or the current folder). `-` reads
    /// one file from stdin (name it with --stdin-filename).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lint every plan with this profile instead of detecting it.
    #[arg(long)]
    profile: Option<String>,
    /// Run only these rules (codes, names, families or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Never run these rules (codes, names, families or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Lowest severity that makes planlint exit with 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Print findings only: no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Print a count of findings per rule after the findings.
    #[arg(long)]
    statistics: bool,
    /// Colours and hyperlinks in human output (`NO_COLOR` turns them off in auto mode).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// Use this configuration file instead of discovering one.
    #[arg(long, conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// The path stdin stands for when PATHS is `-`.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
}

/// A failure that ends the run with exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(planlint::usage))]
pub struct UsageError {
    message: String,
    #[help]
    help: Option<String>,
}

fn usage(message: impl Into<String>, help: Option<String>) -> miette::Report {
    miette::Report::new(UsageError {
        message: message.into(),
        help,
    })
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

fn load_config(args: &CheckArgs, cwd: &Path) -> miette::Result<Config> {
    load_config_from(args.isolated, args.config.as_deref(), cwd)
}

/// The config `--isolated` / `--config PATH` choose, else the one discovered from `cwd`.
fn load_config_from(isolated: bool, config: Option<&Path>, cwd: &Path) -> miette::Result<Config> {
    if isolated {
        return Ok(Config::defaults());
    }
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => crate::config::discover(cwd),
    };
    match path {
        Some(p) => Config::load(&p).map_err(miette::Report::new),
        None => Ok(Config::defaults()),
    }
}

fn selectors(names: &[String], flag: &str) -> miette::Result<Vec<Selector>> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            Selector::parse(n.trim()).ok_or_else(|| {
                let help = crate::suggest::closest(n, crate::rules::codes())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some("`planlint rules` lists every code and name".into()));
                usage(
                    format!("{flag}: unknown rule, family or code prefix `{n}`"),
                    help,
                )
            })
        })
        .collect()
}

/// What one plan set leaves behind once linted: its rendered text and findings.
struct Done {
    /// The plan file as shown, and the profile it was linted with.
    plan: String,
    profile: String,
    text: String,
    findings: Vec<Finding>,
    files: usize,
}

fn check(args: CheckArgs) -> miette::Result<u8> {
    let started = Instant::now();
    let cwd = std::env::current_dir()
        .map_err(|e| usage(format!("cannot read the current folder: {e}"), None))?;
    let mut config = load_config(&args, &cwd)?;
    config.selection.select = selectors(&args.select, "--select")?;
    config.selection.ignore = selectors(&args.ignore, "--ignore")?;
    if let Some(p) = &args.profile {
        let names = config.profile_names();
        if !names.contains(&p.as_str()) {
            return Err(usage(
                format!("--profile: unknown profile `{p}`"),
                Some(format!("known profiles: {}", names.join(", "))),
            ));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| usage(format!("cannot start worker threads: {e}"), None))?;

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

    let targets = crate::discover::discover(&cwd, &inputs, &config).map_err(miette::Report::new)?;

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let renderer = match args.format {
        Format::Human => SetRenderer::Human(HumanRenderer::new(
            color,
            std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty()),
        )),
        Format::Concise => SetRenderer::Concise,
        _ => SetRenderer::Deferred,
    };
    let canonical_cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.clone());
    let run = Run {
        cwd: &canonical_cwd,
        config: &config,
        renderer: &renderer,
        profile: args.profile.as_deref(),
        pool: &pool,
    };

    let mut done: Vec<Done> = Vec::new();
    for target in &targets {
        let worktree = WorkTree::new(target.root.clone());
        done.extend(run.lint_target(target, &worktree));
    }
    if let Some((name, bytes)) = stdin_file {
        let (target, path) = stdin_target(&cwd, &name, &config);
        let worktree = WorkTree::new(target.root.clone());
        let overlay = Overlay {
            inner: &worktree,
            path,
            bytes,
        };
        done.extend(run.lint_target(&target, &overlay));
    }

    let mut stdout = std::io::stdout().lock();
    let write_err = |e: std::io::Error| usage(format!("cannot write output: {e}"), None);
    for d in &done {
        stdout.write_all(d.text.as_bytes()).map_err(write_err)?;
    }
    let all: Vec<&Finding> = done.iter().flat_map(|d| &d.findings).collect();
    let sets: Vec<SetReport> = done
        .iter()
        .map(|d| SetReport {
            plan: &d.plan,
            profile: &d.profile,
            findings: &d.findings,
        })
        .collect();
    crate::report::write_machine(args.format, &sets, &mut stdout).map_err(write_err)?;
    if args.statistics {
        write_statistics(&all, &mut stdout).map_err(write_err)?;
    }
    if args.format == Format::Human && !args.quiet {
        let files: usize = done.iter().map(|d| d.files).sum();
        writeln!(
            stdout,
            "{}",
            summary(&all, done.len(), files, started.elapsed())
        )
        .map_err(write_err)?;
    }
    let failed = all.iter().any(|f| args.fail_on.fails(f.severity));
    Ok(u8::from(failed))
}

/// Shared by every target of a `check` run.
struct Run<'a> {
    /// The current folder, canonical.
    cwd: &'a Path,
    config: &'a Config,
    renderer: &'a SetRenderer,
    profile: Option<&'a str>,
    pool: &'a rayon::ThreadPool,
}

impl Run<'_> {
    /// Lint every plan set of a target in parallel; results keep the target's plan order.
    fn lint_target(&self, target: &Target, source: &dyn FileSource) -> Vec<Done> {
        let branch =
            crate::git::current_branch(crate::git::work_tree_root(&target.root).as_deref());
        let tests =
            (self.config.tests.as_ref()).map(|globs| crate::test_ids::collect(&target.root, globs));
        let linter = Linter {
            source,
            tests: tests.as_ref(),
            cwd: self.cwd,
            selection: &self.config.selection,
            branch: branch.as_deref(),
            constitutions: Constitutions::new(self.config.constitution_for(&target.root)),
        };
        let is_plan = |p: &Path| crate::discover::is_plan(self.config, p);
        self.pool.install(|| {
            target
                .plans
                .par_iter()
                .filter_map(|plan| {
                    let set = PlanSet::load(source, plan, &is_plan);
                    if set.is_command_file() {
                        return None;
                    }
                    let pack = self.config.pack_for(self.profile, plan, set.plan_doc());
                    let files = set.files.len();
                    let result = linter.lint(set, pack);
                    Some(Done {
                        plan: crate::engine::display_path(self.cwd, source.root(), plan),
                        profile: result.profile.clone(),
                        text: self.renderer.render(&result),
                        findings: result.findings,
                        files,
                    })
                })
                .collect()
        })
    }
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
        crate::discover::plan_for_file(&root, &rel, config)
    };
    let target = Target {
        root,
        plans: plan.into_iter().collect(),
    };
    (target, rel)
}

fn summary(all: &[&Finding], sets: usize, files: usize, elapsed: std::time::Duration) -> String {
    let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{} ({}) in {:.2}s",
        plural(sets, "plan set"),
        plural(files, "file"),
        elapsed.as_secs_f64()
    );
    if all.is_empty() {
        format!("All checks passed: {scope}.")
    } else {
        format!(
            "Found {}, {} and {} info in {scope}.",
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            count(Severity::Info)
        )
    }
}

fn write_statistics(all: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for f in all {
        *counts.entry((f.code, f.name)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((code, name), n) in rows {
        writeln!(out, "{n:>6}  {code}  {name}")?;
    }
    Ok(())
}

/// The config `rules` and `explain` describe: discovered from the current folder.
fn described_config(choice: &ConfigChoice) -> miette::Result<Config> {
    let cwd = std::env::current_dir()
        .map_err(|e| usage(format!("cannot read the current folder: {e}"), None))?;
    load_config_from(choice.isolated, choice.config.as_deref(), &cwd)
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
