//! The robustness harness shared by the cargo-fuzz targets (`fuzz/`) and the tests that replay
//! their regression inputs: arbitrary bytes become a plan set in memory or a config, every
//! rule runs, every output format renders, and every finding's position is checked against a
//! naive recount of its file. Any panic, or a failed check, is a bug in planlint.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::Config;
use crate::constitution::Constitutions;
use crate::engine::{BranchRun, Linter, Selection, SetResult};
use crate::pack::Pack;
use crate::planset::PlanSet;
use crate::report::{Format, HumanRenderer, Output, SetRenderer};
use crate::rules::ids::IdKey;
use crate::severity::{RuleSetting, Severity};
use crate::vfs::MemorySource;

/// Splits a plan-set input into its parts (the ASCII record separator: rare in real text,
/// and one byte, so the fuzzer finds it).
pub const SEPARATOR: u8 = 0x1e;

/// What each part of a plan-set input becomes (paths relative to the repository root), in
/// order; missing parts are absent files. `None` is the branch name the rules see.
pub const PARTS: [Option<&str>; 8] = [
    Some("specs/001-fuzz/plan.md"),
    Some("specs/001-fuzz/spec.md"),
    Some("specs/001-fuzz/tasks.md"),
    Some("specs/001-fuzz/plan_output.json"),
    None,
    Some("specs/001-fuzz/research.md"),
    Some("specs/001-fuzz/checklists/requirements.md"),
    Some(".specify/memory/constitution.md"),
];

/// The plan file of every plan-set input.
const PLAN: &str = "specs/001-fuzz/plan.md";

/// The IDs the harness's "test files" cite (T010).
const TESTED_IDS: [&str; 3] = ["AC-1", "FR-001", "US1"];

/// Custom rules of every kind and an override, so the plan-set target runs them too.
const CONFIG: &str = r#"
custom-rules:
  - code: FUZZ001
    name: fuzz-forbid-prose
    kind: forbid
    section: '(?i)^risks'
    pattern: '(?i)\b(?:maybe|perhaps)\b'
    message: 'hedge `{match}` in {section}'
  - code: FUZZ002
    name: fuzz-forbid-column
    kind: forbid
    scope: column
    column: Owner
    pattern: '(?i)^(?:nobody|tbd)?$'
    message: 'owner `{match}`'
    files: [plan, tasks, spec]
  - code: FUZZ003
    name: fuzz-require-section
    kind: require
    section: '(?i)^deploy'
    pattern: '(?i)\brollback\b'
    message: '{section} has no rollback'
  - code: FUZZ004
    name: fuzz-require-column
    kind: require
    scope: column
    column: Status
    pattern: '^(?:PASS|FAIL|N/A)$'
    message: 'status `{match}`'
  - code: FUZZ005
    name: fuzz-section
    kind: section
    heading: Rollback Plan
    aliases: [Backout Plan]
    message: 'no {section}'
  - code: FUZZ006
    name: fuzz-metadata
    kind: metadata
    field: Ticket
    aliases: [Jira]
    pattern: '^[A-Z]+-\d+$'
    format: a ticket key
    message: '`{field}` is `{value}`, expected {format}'
  - code: FUZZ007
    name: fuzz-columns
    kind: columns
    section: '(?i)risks'
    columns: [Risk, Mitigation]
    message: 'missing {missing}'
  - code: FUZZ008
    name: fuzz-forbid-anywhere
    kind: forbid
    scope: anywhere
    pattern: 'XXX'
    message: 'XXX'
overrides:
  - files: ['**/tasks.md']
    rules:
      S008: info
"#;

/// Which packs [`plan_set`] lints with.
#[derive(Debug, Clone, Copy)]
pub enum Packs {
    /// Every pack in turn (regression replays, property tests).
    Every,
    /// One pack chosen by the input's length, so the fuzzer spends its time on new inputs
    /// while mutations still reach every pack.
    ChosenByInput,
}

/// Lint the plan set `data` describes (see [`PARTS`]) with every rule on, and render it in
/// every format, checking every finding.
pub fn plan_set(data: &[u8], packs: Packs) {
    let (source, branch) = plan_set_source(data);
    let (config, selection) = fuzz_config();
    let tested: HashSet<IdKey> = TESTED_IDS.iter().map(|id| IdKey::parse(id)).collect();
    let linter = Linter {
        source: &source,
        cwd: source_root(),
        selection,
        branch: branch.as_deref(),
        tests: Some(&tested),
        constitutions: Constitutions::default(),
        rules_in_parallel: false,
    };
    let plan = Path::new(PLAN);
    let is_plan = |p: &Path| crate::discover::is_plan(config, p);
    let chosen = match packs {
        Packs::Every => &config.packs[..],
        Packs::ChosenByInput => {
            let i = data.len() % config.packs.len();
            &config.packs[i..=i]
        }
    };
    for pack in chosen {
        let set = PlanSet::load(&source, plan, &is_plan);
        // Detection and profile choice run on every input as well.
        let _ = config.pack_for(None, plan, set.plan_doc());
        let result = linter.lint(set, pack);
        check_findings(&result);
        render_all(&result);
        // The branch rules run once per run, reported against the plan.
        if let Some(name) = branch.as_deref() {
            let run = BranchRun {
                name,
                // Protected for half the inputs, so both paths of the rules run.
                protected: name.len() % 2 == 0,
                committing: true,
                configured: &config.branch.patterns,
            };
            let found: Vec<_> = crate::engine::branch_findings(selection, &run, &[pack])
                .into_iter()
                .map(|(_, rule, verdict)| (rule, verdict))
                .collect();
            let result = linter.report_on_plan(plan, pack, found);
            check_findings(&result);
            render_all(&result);
        }
    }
}

/// Parse `data` as `planlint.yaml` and as a pack file; render any error as a user would see
/// it; lint a small plan set with a config that loads.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // A folder that does not exist, so relative `extends:` paths read nothing.
    let path = Path::new("/nonexistent-planlint-fuzz/planlint.yaml");
    match Config::parse(path, &text) {
        Ok(config) => {
            let sample = concat!(
                "# Plan\n\n**Ticket**: ABC-1\n\n## Summary\n\nText.\n\n## Risks\n\n",
                "| Risk | Owner | Status |\n|---|---|---|\n| maybe | nobody | OPEN |\n"
            );
            let mut source = MemorySource::new(source_root().to_path_buf());
            let plan = Path::new(PLAN);
            source.insert(plan, sample.as_bytes().to_vec());
            let linter = Linter {
                source: &source,
                cwd: source_root(),
                selection: &config.selection,
                branch: Some("001-fuzz"),
                tests: None,
                constitutions: Constitutions::default(),
                rules_in_parallel: false,
            };
            let is_plan = |p: &Path| crate::discover::is_plan(&config, p);
            for pack in &config.packs {
                let result = linter.lint(PlanSet::load(&source, plan, &is_plan), pack);
                check_findings(&result);
                render_all(&result);
            }
        }
        Err(e) => render_error(&e),
    }
    if let Err(e) = Pack::parse("pack.yaml", &text) {
        render_error(&e);
    }
}

/// The in-memory repository for a plan-set input, and the branch name it carries.
pub fn plan_set_source(data: &[u8]) -> (MemorySource, Option<String>) {
    let mut source = MemorySource::new(source_root().to_path_buf());
    let mut branch = None;
    for (part, bytes) in PARTS.iter().zip(data.split(|&b| b == SEPARATOR)) {
        match part {
            Some(path) => source.insert(*path, bytes.to_vec()),
            None => branch = Some(String::from_utf8_lossy(bytes).into_owned()),
        }
    }
    (source, branch)
}

/// The 1-based line and column of `offset` counted the slow, obvious way: lines end at `\n`,
/// columns count characters, a leading BOM takes no column.
pub fn naive_position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut column = before[line_start..].chars().count() + 1;
    if line == 1 && before.starts_with('\u{feff}') {
        column -= 1;
    }
    (line, column)
}

/// Panics unless every finding lies inside its file, on character boundaries, with an end
/// at or after its start and line/column matching [`naive_position`].
pub fn check_findings(result: &SetResult) {
    for f in &result.findings {
        let file = result.set.files.get(f.file).unwrap_or_else(|| {
            panic!(
                "{} points at file {} of {}",
                f.code,
                f.file,
                result.set.files.len()
            )
        });
        let text = file.shown_text();
        let end = f.offset + f.length;
        assert!(
            end <= text.len() && text.is_char_boundary(f.offset) && text.is_char_boundary(end),
            "{} span {}..{end} is not inside {} ({} bytes) on character boundaries",
            f.code,
            f.offset,
            f.path,
            text.len()
        );
        assert_eq!(
            (f.line, f.column),
            naive_position(text, f.offset),
            "{} start position of offset {} in {}",
            f.code,
            f.offset,
            f.path
        );
        assert_eq!(
            (f.end_line, f.end_column),
            naive_position(text, end),
            "{} end position of offset {end} in {}",
            f.code,
            f.path
        );
        assert!(!f.path.is_empty() && !f.message.is_empty(), "{f:?}");
    }
}

/// Every output format: human (graphical and narrated), concise and the machine formats;
/// the JSON-based ones must parse back.
pub fn render_all(result: &SetResult) {
    for renderer in [
        SetRenderer::Human(HumanRenderer::new(true, false)),
        SetRenderer::Human(HumanRenderer::new(false, true)),
    ] {
        let _ = renderer.render(result);
    }
    for format in [
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Gitlab,
    ] {
        let rendered = SetRenderer::Machine(format).render(result);
        let mut output = Output::new(format, Vec::new());
        let out = output
            .set("specs/001-fuzz/plan.md", &result.profile, &rendered, None)
            .and_then(|()| output.finish())
            .unwrap_or_else(|e| panic!("{format:?} output failed: {e}"));
        let out = String::from_utf8(out).unwrap_or_else(|e| panic!("{format:?} not UTF-8: {e}"));
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&out) {
                panic!("{format:?} output is not JSON ({e}): {out}");
            }
        }
    }
}

fn render_error(e: &dyn miette::Diagnostic) {
    let mut out = String::new();
    let _ = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, e);
    let _ = miette::NarratableReportHandler::new().render_report(&mut out, e);
}

fn source_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| PathBuf::from("/planlint-fuzz"))
}

/// The harness config, and its rule selection with every rule turned on at its catalogue
/// severity (the config's own settings and overrides kept), so every rule runs under every
/// pack.
fn fuzz_config() -> &'static (Config, Selection) {
    static CONFIG_ONCE: OnceLock<(Config, Selection)> = OnceLock::new();
    CONFIG_ONCE.get_or_init(|| {
        let mut config = Config::parse(Path::new("planlint.yaml"), CONFIG)
            .unwrap_or_else(|e| panic!("the harness config is invalid: {e:?}"));
        let mut selection = std::mem::take(&mut config.selection);
        for rule in crate::rules::all() {
            let setting = match rule.default {
                Severity::Error => RuleSetting::Error,
                Severity::Warning => RuleSetting::Warning,
                Severity::Info => RuleSetting::Info,
            };
            selection.rules.entry(rule.code).or_insert(setting);
        }
        (config, selection)
    })
}
