//! One lint run, shared by `check`, the git hooks and `ci`: the options every linting command
//! takes, the configuration, a worker pool, and any number of jobs — plan files read through a
//! [`FileSource`] (work tree, index or commit) with the branch they are checked against. Each
//! job's plan sets are linted and rendered in parallel and written out in order as soon as
//! the ones before them are (the run holds only the sets in flight); the run-level branch
//! rules run once per job, after its plan sets, and [`Session::finish`] closes the output and
//! gives the exit code.

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, StdoutLock, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::constitution::Constitutions;
use crate::engine::{BranchRun, Finding, Linter, Selector, SetResult};
use crate::git::Listing;
use crate::pack::Pack;
use crate::planset::PlanSet;
use crate::report::{Format, HumanRenderer, Output, SetRenderer};
use crate::severity::{FailOn, Severity};
use crate::vfs::FileSource;

/// The options of every command that lints (`check`, `hook …`, `ci`).
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lint every plan with this profile instead of detecting it.
    #[arg(long)]
    pub profile: Option<String>,
    /// Run only these rules (codes, names, families or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never run these rules (codes, names, families or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Lowest severity that makes planlint exit with 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Print findings only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a count of findings per rule after the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Colours and hyperlinks in human output (`NO_COLOR` turns them off in auto mode).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Use this configuration file instead of discovering one.
    #[arg(long, conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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

/// A usage, config, git or I/O failure (exit code 2) with an optional hint.
pub fn usage(message: impl Into<String>, help: Option<String>) -> miette::Report {
    miette::Report::new(UsageError {
        message: message.into(),
        help,
    })
}

/// Plan files to lint from one source, and the branch they are checked against.
pub struct Job<'a> {
    pub source: &'a dyn FileSource,
    /// Plan files relative to the source root, in the order they are reported.
    pub plans: Vec<PathBuf>,
    /// The branch for the B rules (`None`: unknown, e.g. a detached HEAD; B rules are silent).
    pub branch: Option<String>,
    /// Plan changes are being committed or pushed (the git hooks; B004).
    pub committing: bool,
    /// Check the branch only: the plans just tell which profiles' branch rules apply.
    pub branch_only: bool,
    /// Every file of the source when it is the index or a commit: T010 reads the test files
    /// from there instead of the work tree.
    pub tracked: Option<&'a Listing>,
}

/// What a plan set leaves behind for the output: rendered text and findings.
struct Done {
    /// The plan file as shown, and the profile it was linted with.
    plan: String,
    profile: String,
    text: String,
    findings: Vec<Finding>,
    /// Plan sets (0 for the branch findings of a branch-only job) and files linted.
    sets: usize,
    files: usize,
}

/// Everything a run shares across its jobs.
pub struct Session {
    started: Instant,
    /// The current folder, canonical: shown paths are relative to it.
    cwd: PathBuf,
    config: Config,
    profile: Option<String>,
    /// `None`: nothing is rendered (the findings are kept instead).
    renderer: Option<SetRenderer>,
    pool: rayon::ThreadPool,
    format: Format,
    fail_on: FailOn,
    quiet: bool,
    statistics: bool,
    /// Print nothing at all when no plan set was linted (the hooks stay out of the way).
    silent_when_empty: bool,
    /// Where reported plan sets go: the output, or (for `planlint init`) kept.
    sink: Sink,
    tally: Tally,
}

enum Sink {
    Output {
        output: Output<BufWriter<StdoutLock<'static>>>,
        /// The first write error; linting goes on, [`Session::finish`] reports it.
        failed: Option<std::io::Error>,
    },
    Kept(Vec<Vec<Finding>>),
}

/// What the summary, the statistics and the exit code need, counted as plan sets are reported.
#[derive(Default)]
struct Tally {
    /// Plan sets reported (branch-only ones included) and plan sets and files linted.
    reported: usize,
    sets: usize,
    files: usize,
    by_severity: BTreeMap<Severity, usize>,
    by_rule: BTreeMap<(&'static str, &'static str), usize>,
}

impl Session {
    /// Read the config and prepare the pool. A config file tracked in `config_source` is read
    /// from there (the pre-commit hook reads it from the index, like the plans).
    pub fn start(
        args: &LintArgs,
        config_source: Option<&dyn FileSource>,
    ) -> miette::Result<Session> {
        let cwd = std::env::current_dir()
            .map_err(|e| usage(format!("cannot read the current folder: {e}"), None))?;
        let mut config =
            load_config_from(args.isolated, args.config.as_deref(), &cwd, config_source)?;
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
        let pool = worker_pool(args.jobs)?;
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
            format => SetRenderer::Machine(format),
        };
        // Block-buffered: stdout's own buffer flushes at every newline, a write call per
        // line of JSON.
        let stdout = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        Ok(Session {
            started: Instant::now(),
            cwd: cwd.canonicalize().unwrap_or(cwd),
            config,
            profile: args.profile.clone(),
            renderer: Some(renderer),
            pool,
            format: args.format,
            fail_on: args.fail_on,
            quiet: args.quiet,
            statistics: args.statistics,
            silent_when_empty: false,
            sink: Sink::Output {
                output: Output::new(args.format, stdout),
                failed: None,
            },
            tally: Tally::default(),
        })
    }

    /// A session linting with a config built in memory that renders nothing: `planlint init`
    /// judges the config it is about to write, and reads the findings back with
    /// [`Session::into_findings`] instead of [`Session::finish`].
    pub fn unrendered(config: Config, cwd: PathBuf) -> miette::Result<Session> {
        Ok(Session {
            started: Instant::now(),
            cwd,
            config,
            profile: None,
            renderer: None,
            pool: worker_pool(None)?,
            format: Format::Json,
            fail_on: FailOn::Never,
            quiet: true,
            statistics: false,
            silent_when_empty: false,
            sink: Sink::Kept(Vec::new()),
            tally: Tally::default(),
        })
    }

    /// The findings of each plan set linted, in order (branch-rule findings included).
    pub fn into_findings(self) -> Vec<Vec<Finding>> {
        match self.sink {
            Sink::Kept(sets) => sets,
            Sink::Output { .. } => Vec::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The current folder (canonical).
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The run guards a push or a merge (the pre-push hook, `ci`): rules the config does not
    /// set are held to [`crate::rules::GATE_SEVERITIES`].
    pub fn gate(&mut self) {
        self.config
            .selection
            .floors
            .extend(crate::rules::GATE_SEVERITIES);
    }

    /// Print nothing when the run lints no plan set (a hook with nothing to do).
    pub fn silent_when_empty(&mut self) {
        self.silent_when_empty = true;
    }

    /// Lint a job's plan sets in parallel, reporting each in the job's plan order as soon as
    /// the ones before it are, then run the branch rules once against the job's branch: their
    /// findings are reported last, against the first plan whose profile enables the rule (in
    /// JUnit, inside that plan's test case).
    pub fn lint(&mut self, job: Job) {
        let protected = job
            .branch
            .as_deref()
            .is_some_and(|b| self.config.branch.is_protected(b));
        let config = &self.config;
        let tests = config.tests.as_ref().map(|globs| match job.tracked {
            Some(listing) => crate::test_ids::collect_in(job.source, listing.files(), globs),
            None => crate::test_ids::collect(job.source.root(), globs),
        });
        // A protected branch holds every feature's plans: per-plan branch rules (B002, B003)
        // have nothing to compare there.
        let linter = Linter {
            source: job.source,
            cwd: &self.cwd,
            selection: &config.selection,
            branch: if protected {
                None
            } else {
                job.branch.as_deref()
            },
            tests: tests.as_ref(),
            constitutions: Constitutions::new(config.constitution_for(job.source.root())),
            rules_in_parallel: job.plans.len() < self.pool.current_num_threads(),
        };
        let profile = self.profile.as_deref();
        let renderer = self.renderer.as_ref();
        let cwd = &self.cwd;
        let show = |plan: &Path| crate::engine::display_path(cwd, job.source.root(), plan);
        let is_plan = |p: &Path| crate::discover::is_plan(config, p);
        let first_report = self.tally.reported;
        let done = |plan: &Path, result: SetResult, sets: usize, files: usize| Done {
            plan: show(plan),
            text: renderer.map(|r| r.render(&result)).unwrap_or_default(),
            profile: result.profile,
            findings: result.findings,
            sets,
            files,
        };
        // Each plan set reported, in order, with its pack, for the branch rules. Agent command
        // files named plan.md describe how to write a plan; they are not plans and are left out.
        let mut reported: Vec<(&Path, &Pack)> = Vec::with_capacity(job.plans.len());
        if job.branch_only {
            for plan in &job.plans {
                let set = PlanSet::plan_only(job.source, plan);
                if !set.is_command_file() {
                    reported.push((plan, config.pack_for(profile, plan, set.plan_doc())));
                }
            }
        } else {
            let (sink, tally) = (&mut self.sink, &mut self.tally);
            if job.plans.len() >= crate::alloc::HUGE_PAGES_MIN_SETS {
                crate::alloc::huge_pages(true);
            }
            crate::ordered::for_each(
                &self.pool,
                job.plans.len(),
                |i| {
                    let plan = &job.plans[i];
                    let set = PlanSet::load(job.source, plan, &is_plan);
                    if set.is_command_file() {
                        return None;
                    }
                    let pack = config.pack_for(profile, plan, set.plan_doc());
                    let files = set.files.len();
                    Some((done(plan, linter.lint(set, pack), 1, files), pack))
                },
                |i, linted| {
                    if let Some((done, pack)) = linted {
                        reported.push((&job.plans[i], pack));
                        report(sink, tally, done, None);
                    }
                },
            );
        }

        let Some(name) = job.branch.as_deref() else {
            return;
        };
        let run = BranchRun {
            name,
            protected,
            committing: job.committing,
            configured: &config.branch.patterns,
        };
        let packs: Vec<&Pack> = reported.iter().map(|&(_, pack)| pack).collect();
        let mut per_plan: BTreeMap<usize, Vec<_>> = BTreeMap::new();
        for (plan, rule, verdict) in crate::engine::branch_findings(&config.selection, &run, &packs)
        {
            per_plan.entry(plan).or_default().push((rule, verdict));
        }
        for (k, found) in per_plan {
            let (plan, pack) = reported[k];
            let result = linter.report_on_plan(plan, pack, found);
            let amends = (!job.branch_only).then_some(first_report + k);
            report(
                &mut self.sink,
                &mut self.tally,
                done(plan, result, 0, 0),
                amends,
            );
        }
    }

    /// Close the output and return the exit code (0 clean, 1 findings at or above
    /// `--fail-on`).
    pub fn finish(self) -> miette::Result<u8> {
        let write_err = |e: std::io::Error| usage(format!("cannot write output: {e}"), None);
        let fails = (self.tally.by_severity.keys()).any(|&s| self.fail_on.fails(s));
        let Sink::Output { output, failed } = self.sink else {
            return Ok(u8::from(fails));
        };
        if let Some(e) = failed {
            return Err(write_err(e));
        }
        if self.silent_when_empty && self.tally.reported == 0 {
            return Ok(0);
        }
        let mut stdout = output.finish().map_err(write_err)?;
        let tally = &self.tally;
        if self.statistics {
            write_statistics(&tally.by_rule, &mut stdout).map_err(write_err)?;
        }
        if self.format == Format::Human && !self.quiet {
            writeln!(stdout, "{}", summary(tally, self.started.elapsed())).map_err(write_err)?;
        }
        stdout.flush().map_err(write_err)?;
        Ok(u8::from(fails))
    }
}

/// Count a reported plan set and write it out (or keep its findings). `amends`: the report
/// index of the set these findings join (branch findings).
fn report(sink: &mut Sink, tally: &mut Tally, done: Done, amends: Option<usize>) {
    if amends.is_none() {
        tally.reported += 1;
    }
    tally.sets += done.sets;
    tally.files += done.files;
    for f in &done.findings {
        *tally.by_severity.entry(f.severity).or_default() += 1;
        *tally.by_rule.entry((f.code, f.name)).or_default() += 1;
    }
    match sink {
        Sink::Output { output, failed } => {
            if failed.is_none() {
                *failed = output
                    .set(&done.plan, &done.profile, &done.text, amends)
                    .err();
            }
        }
        Sink::Kept(sets) => match amends.and_then(|i| sets.get_mut(i)) {
            Some(findings) => findings.extend(done.findings),
            None => sets.push(done.findings),
        },
    }
}

/// The workers linting plan sets (`jobs`: one per core when `None`).
fn worker_pool(jobs: Option<usize>) -> miette::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| usage(format!("cannot start worker threads: {e}"), None))
}

/// The config `--isolated` / `--config PATH` choose, else the one discovered from `cwd`. A
/// config file tracked in `source` is read from there (the pre-commit hook reads it from the
/// index, like the plans).
pub fn load_config_from(
    isolated: bool,
    config: Option<&Path>,
    cwd: &Path,
    source: Option<&dyn FileSource>,
) -> miette::Result<Config> {
    if isolated {
        return Ok(Config::defaults());
    }
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => crate::config::discover(cwd),
    };
    let Some(path) = path else {
        return Ok(Config::defaults());
    };
    let tracked = source.and_then(|source| {
        let full = cwd.join(&path).canonicalize().ok()?;
        let root = source.root().canonicalize().ok()?;
        source.read(full.strip_prefix(root).ok()?).ok()
    });
    match tracked {
        Some(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                usage(
                    format!("config file `{}` is not valid UTF-8", path.display()),
                    None,
                )
            })?;
            Config::parse(&path, &text).map_err(miette::Report::new)
        }
        None => Config::load(&path).map_err(miette::Report::new),
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

fn summary(tally: &Tally, elapsed: std::time::Duration) -> String {
    let count = |s: Severity| tally.by_severity.get(&s).copied().unwrap_or(0);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{} ({}) in {:.2}s",
        plural(tally.sets, "plan set"),
        plural(tally.files, "file"),
        elapsed.as_secs_f64()
    );
    if tally.by_severity.is_empty() {
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

fn write_statistics(
    by_rule: &BTreeMap<(&str, &str), usize>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut rows: Vec<_> = by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((code, name), n) in rows {
        writeln!(out, "{n:>6}  {code}  {name}")?;
    }
    Ok(())
}
