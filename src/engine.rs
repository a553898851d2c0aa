//! The rule engine: runs every enabled rule over a plan set, applies suppressions (reporting
//! unused and unknown ones), resolves severities (config over pack) and maps spans to lines and
//! columns. Findings come out sorted by path, then position, then code.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::constitution::Constitutions;
use crate::lines::{floor_char_boundary, LineIndex, Position};
use crate::pack::Pack;
use crate::planset::PlanSet;
use crate::rule::{Context, Emitter, Family, RawFinding, RuleMeta};
use crate::rules::branch::{BranchContext, Verdict};
use crate::rules::planlint::{UnknownCode, UnusedSuppression};
use crate::severity::{RuleSetting, Severity};
use crate::vfs::FileSource;
use crate::yaml::Pattern;

/// One reported problem, ready for every output format.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub path: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
    pub profile: String,
    /// Index of the file in its plan set.
    #[serde(skip)]
    pub file: usize,
    #[serde(skip)]
    pub rule: &'static RuleMeta,
    /// The flagged text (at most [`EXCERPT_CHARS`] characters), for SARIF snippets and
    /// fingerprints that do not depend on line numbers.
    #[serde(skip)]
    pub excerpt: String,
}

/// How much of the flagged text a finding keeps.
pub const EXCERPT_CHARS: usize = 200;

/// Which rules run and at what severity, from config and the command line.
#[derive(Debug, Default)]
pub struct Selection {
    /// `rules:` in config (code → setting).
    pub rules: HashMap<&'static str, RuleSetting>,
    /// `--select`: when non-empty, only matching rules run.
    pub select: Vec<Selector>,
    /// `--ignore`: matching rules never run.
    pub ignore: Vec<Selector>,
    /// `overrides:` in config, in file order (a later match wins).
    pub overrides: Vec<Override>,
    /// Lowest severities for rules the config does not set, from where the run happens (the
    /// pre-push hook and `ci` hold A001 as an error: [`crate::rules::GATE_SEVERITIES`]). A
    /// rule the pack turns off stays off.
    pub floors: HashMap<&'static str, Severity>,
}

/// Rule settings for the files matching some globs (paths relative to the repository root).
#[derive(Debug)]
pub struct Override {
    pub files: globset::GlobSet,
    pub rules: HashMap<&'static str, RuleSetting>,
}

impl Override {
    fn setting(&self, rule: &RuleMeta, path: &Path) -> Option<RuleSetting> {
        self.rules
            .get(rule.code)
            .filter(|_| self.files.is_match(path))
            .copied()
    }
}

/// A rule named on the command line: one rule, a family, or a code prefix (`T00`).
#[derive(Debug, Clone)]
pub enum Selector {
    Rule(&'static RuleMeta),
    Family(Family),
    Prefix(String),
}

impl Selector {
    /// Parse a code (`T003`), a name (`fr-without-ac`), a family (`traceability`) or a code
    /// prefix (`T`, `T00`).
    pub fn parse(s: &str) -> Option<Selector> {
        if let Some(rule) = crate::rules::find(s) {
            return Some(Selector::Rule(rule));
        }
        if let Some(f) = Family::ALL
            .iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
        {
            return Some(Selector::Family(*f));
        }
        let upper = s.to_ascii_uppercase();
        crate::rules::all()
            .iter()
            .any(|r| r.code.starts_with(&upper))
            .then_some(Selector::Prefix(upper))
    }

    fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Selector::Rule(r) => r.code == rule.code,
            Selector::Family(f) => rule.family == *f,
            Selector::Prefix(p) => rule.code.starts_with(p.as_str()),
        }
    }
}

impl Selection {
    /// The severity a rule runs at in `pack`, `None` when it is off. `specific` is a severity
    /// the pack gives one finding (it still yields to config).
    pub fn severity(
        &self,
        rule: &RuleMeta,
        pack: &Pack,
        specific: Option<Severity>,
    ) -> Option<Severity> {
        self.severity_at(rule, pack, specific, None)
    }

    /// [`Selection::severity`] for a finding in the file at `path` (relative to the
    /// repository root), where `overrides:` apply.
    pub fn severity_at(
        &self,
        rule: &RuleMeta,
        pack: &Pack,
        specific: Option<Severity>,
        path: Option<&Path>,
    ) -> Option<Severity> {
        if !self.enabled(rule) {
            return None;
        }
        let overridden =
            path.and_then(|p| self.overrides.iter().rev().find_map(|o| o.setting(rule, p)));
        if let Some(setting) = overridden.or_else(|| self.rules.get(rule.code).copied()) {
            return setting.severity();
        }
        let default = specific.or_else(|| Self::default_severity(rule, pack));
        default.map(|sev| {
            self.floors
                .get(rule.code)
                .map_or(sev, |floor| sev.max(*floor))
        })
    }

    /// The severity the pack (or the rule itself) gives a rule, `None` when it is off.
    fn default_severity(rule: &RuleMeta, pack: &Pack) -> Option<Severity> {
        match pack.rules.get(rule.code) {
            Some(setting) => setting.severity(),
            // planlint's own rules guard suppressions and input, so they are on everywhere.
            None if rule.family == Family::Planlint => Some(rule.default),
            // A custom rule is on, at its own severity, in the packs that carry it (every pack
            // for the config's rules, the defining pack's profile for a pack's rules).
            None if rule.family == Family::Custom => pack
                .custom
                .iter()
                .any(|c| c.meta.code == rule.code)
                .then_some(rule.default),
            None => None,
        }
    }

    /// Whether a rule can report anything in a plan set with these files: it is on for the
    /// set, or an override turns it on for one of the files.
    fn may_run(&self, rule: &RuleMeta, pack: &Pack, files: &[&Path]) -> bool {
        // A file's path matters only to overrides: without any, each file would say the same.
        self.severity(rule, pack, None).is_some()
            || (!self.overrides.is_empty()
                && (files.iter()).any(|f| self.severity_at(rule, pack, None, Some(f)).is_some()))
    }

    fn enabled(&self, rule: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(rule)))
            && !self.ignore.iter().any(|s| s.matches(rule))
    }
}

/// Everything a lint run shares across plan sets.
pub struct Linter<'a> {
    pub source: &'a dyn FileSource,
    /// The current folder (absolute), which shown paths are relative to.
    pub cwd: &'a Path,
    pub selection: &'a Selection,
    pub branch: Option<&'a str>,
    /// The IDs cited by the repository's test files (`tests:` configured).
    pub tests: Option<&'a std::collections::HashSet<crate::rules::ids::IdKey>>,
    /// The constitutions of this source, each read once however many plan sets use it.
    pub constitutions: Constitutions,
    /// Run a set's rules side by side on the worker pool: for runs with fewer plan sets than
    /// workers (a git hook's one set), which would otherwise leave cores idle.
    pub rules_in_parallel: bool,
}

/// The branch as the run-level branch rules see it.
pub struct BranchRun<'a> {
    pub name: &'a str,
    pub protected: bool,
    /// Plan changes are being committed or pushed (the git hooks).
    pub committing: bool,
    /// `branch.patterns` from the config (empty: the profiles' own).
    pub configured: &'a [Pattern],
}

/// Run the run-level branch rules once for a run whose plans were linted with `packs` (in
/// plan order). Each finding comes with the index of the plan it is reported against: the
/// first whose pack enables the rule.
pub fn branch_findings(
    selection: &Selection,
    branch: &BranchRun,
    packs: &[&Pack],
) -> Vec<(usize, &'static RuleMeta, Verdict)> {
    let mut out = Vec::new();
    for rule in crate::rules::branch_rules() {
        let meta = rule.meta();
        let enabling: Vec<(usize, &Pack)> = packs
            .iter()
            .enumerate()
            .filter(|(_, p)| selection.severity(meta, p, None).is_some())
            .map(|(i, p)| (i, *p))
            .collect();
        let Some(&(first, _)) = enabling.first() else {
            continue;
        };
        let mut patterns: Vec<&Pattern> = Vec::new();
        let mut profiles: Vec<&str> = Vec::new();
        if branch.configured.is_empty() {
            for (_, pack) in &enabling {
                if !pack.branch.patterns.is_empty() && !profiles.contains(&pack.profile.as_str()) {
                    profiles.push(&pack.profile);
                }
                for p in &pack.branch.patterns {
                    if !patterns.iter().any(|q| q.as_str() == p.as_str()) {
                        patterns.push(p);
                    }
                }
            }
        } else {
            patterns.extend(branch.configured);
        }
        let cx = BranchContext {
            name: branch.name,
            protected: branch.protected,
            committing: branch.committing,
            patterns,
            profiles,
        };
        if let Some(verdict) = rule.check(&cx) {
            out.push((first, meta, verdict));
        }
    }
    out
}

/// The outcome of one plan set.
pub struct SetResult {
    pub set: PlanSet,
    pub profile: String,
    pub findings: Vec<Finding>,
}

impl Linter<'_> {
    /// Lint one loaded plan set with the given pack.
    pub fn lint(&self, set: PlanSet, pack: &Pack) -> SetResult {
        let mut cx = Context::new(&set, pack, self.source, self.branch, &self.constitutions);
        cx.tests = self.tests;
        let paths: Vec<&Path> = set.files.iter().map(|f| f.path.as_path()).collect();
        let custom = pack
            .custom
            .iter()
            .map(|c| c.as_ref() as &dyn crate::rule::Rule);
        let mut rules: Vec<&dyn crate::rule::Rule> = crate::rules::runnable()
            .iter()
            .copied()
            .chain(custom)
            .filter(|rule| self.selection.may_run(rule.meta(), pack, &paths))
            .collect();
        // Each worker starts at its own rule, so sets linted side by side need different
        // regexes at first: a run's first-use compiles then happen on all workers at once
        // instead of one worker waiting for the other's. Findings are sorted below, so the
        // order rules run in does not show.
        let start = rayon::current_thread_index().unwrap_or(0) * rules.len()
            / rayon::current_num_threads().max(1);
        let start = start.min(rules.len());
        rules.rotate_left(start);
        let cx = &cx;
        let check = |rule: &&dyn crate::rule::Rule| {
            let mut found = Vec::new();
            rule.check(cx, &mut Emitter::new(rule.meta(), &mut found));
            found
        };
        // Either way the findings come in the order the rules ran.
        let raw: Vec<RawFinding> = if self.rules_in_parallel {
            rules.par_iter().flat_map_iter(check).collect()
        } else {
            rules.iter().flat_map(check).collect()
        };
        let raw = self.apply_suppressions(&set, raw);
        let findings = self.resolve(&set, pack, raw);
        SetResult {
            profile: pack.profile.clone(),
            set,
            findings,
        }
    }

    /// Report run-level findings (the branch rules') against a plan file: at its Branch field
    /// when it has one, else at its first line. Suppression comments do not apply to them —
    /// they are about the branch, not the file (configure them with `rules:` or `branch:`).
    pub fn report_on_plan(
        &self,
        plan: &Path,
        pack: &Pack,
        found: Vec<(&'static RuleMeta, Verdict)>,
    ) -> SetResult {
        let set = PlanSet::plan_only(self.source, plan);
        let span = set.plan_doc().map_or(0..0, |doc| {
            doc.field(&pack.branch.fields).map_or_else(
                || crate::rules::text::file_start(doc),
                |f| f.value_span.clone(),
            )
        });
        let raw = found
            .into_iter()
            .map(|(rule, verdict)| RawFinding {
                rule,
                file: set.plan,
                span: span.clone(),
                message: verdict.message,
                help: verdict.help,
                severity: None,
            })
            .collect();
        let findings = self.resolve(&set, pack, raw);
        SetResult {
            profile: pack.profile.clone(),
            set,
            findings,
        }
    }

    fn apply_suppressions(&self, set: &PlanSet, raw: Vec<RawFinding>) -> Vec<RawFinding> {
        let mut per_file: HashMap<usize, Vec<crate::suppress::Suppression>> = HashMap::new();
        let mut extra = Vec::new();
        for (i, file, doc) in set.docs() {
            if !file.kind.is_linted_markdown() {
                continue;
            }
            let (list, unknown) = crate::suppress::parse(doc);
            for u in unknown {
                let mut e = Emitter::new(&UnknownCode::META, &mut extra);
                let f = e.emit(
                    i,
                    u.comment,
                    format!("unknown rule `{}` in a suppression comment", u.code),
                );
                if let Some(s) = crate::suggest::closest(&u.code, crate::rules::codes()) {
                    f.help(format!("did you mean `{s}`?"));
                }
            }
            per_file.insert(i, list);
        }
        let mut kept: Vec<RawFinding> = raw
            .into_iter()
            .filter(|f| {
                per_file
                    .get_mut(&f.file)
                    .is_none_or(|list| !crate::suppress::suppresses(list, f.rule, &f.span))
            })
            .collect();
        let mut files: Vec<_> = per_file.into_iter().collect();
        files.sort_by_key(|(i, _)| *i);
        for (i, list) in files {
            for s in list.iter().filter(|s| !s.used) {
                let what = s.rule.map_or("any rule".to_string(), |r| {
                    format!("`{}` ({})", r.code, r.name)
                });
                Emitter::new(&UnusedSuppression::META, &mut kept).emit(
                    i,
                    s.comment.clone(),
                    format!("this suppression of {what} suppresses nothing"),
                );
            }
        }
        kept.extend(extra);
        kept
    }

    fn resolve(&self, set: &PlanSet, pack: &Pack, mut raw: Vec<RawFinding>) -> Vec<Finding> {
        // Sorted by file and offset, positions are counted on from the previous finding's.
        raw.sort_by_key(|r| (r.file, r.span.start));
        let mut shown: HashMap<usize, String> = HashMap::new();
        let mut cursor: Option<(usize, usize, Position)> = None; // (file, offset, position)
        let mut out: Vec<Finding> = Vec::with_capacity(raw.len());
        for r in raw {
            let file = &set.files[r.file];
            let Some(severity) =
                self.selection
                    .severity_at(r.rule, pack, r.severity, Some(&file.path))
            else {
                continue;
            };
            let text = file.shown_text();
            // Spans are clamped below so output never breaks, but a rule emitting a bad one
            // has a bug: debug builds (tests, fuzzing) say which rule.
            debug_assert!(
                r.span.start <= r.span.end
                    && r.span.end <= text.len()
                    && text.is_char_boundary(r.span.start)
                    && text.is_char_boundary(r.span.end),
                "{} emitted span {:?} in {} ({} bytes): reversed, past the end or inside a character",
                r.rule.code,
                r.span,
                file.path.display(),
                text.len()
            );
            let owned;
            let lines = match file.doc() {
                Some(d) => &d.lines,
                None => {
                    owned = LineIndex::new(text);
                    &owned
                }
            };
            let start_offset = floor_char_boundary(text, r.span.start);
            let end_offset = floor_char_boundary(text, r.span.end.max(start_offset));
            let start = match cursor {
                Some((f, at, pos)) if f == r.file => {
                    lines.position_from(text, (at, pos), start_offset)
                }
                _ => lines.position(text, start_offset),
            };
            let end = lines.position_from(text, (start_offset, start), end_offset);
            cursor = Some((r.file, start_offset, start));
            out.push(Finding {
                path: shown
                    .entry(r.file)
                    .or_insert_with(|| display_path(self.cwd, self.source.root(), &file.path))
                    .clone(),
                code: r.rule.code,
                name: r.rule.name,
                severity,
                message: r.message,
                help: r.help.unwrap_or_else(|| r.rule.help.to_string()),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                offset: start_offset,
                length: end_offset - start_offset,
                profile: pack.profile.clone(),
                file: r.file,
                rule: r.rule,
                excerpt: text[start_offset..end_offset]
                    .chars()
                    .take(EXCERPT_CHARS)
                    .collect(),
            });
        }
        out.sort_by(|a, b| {
            (&a.path, a.offset, a.code, &a.message).cmp(&(&b.path, b.offset, b.code, &b.message))
        });
        out.dedup_by(|a, b| {
            a.path == b.path && a.offset == b.offset && a.code == b.code && a.message == b.message
        });
        out
    }
}

/// A file's path as shown to the user: relative to the current folder, with `/`.
pub fn display_path(cwd: &Path, root: &Path, path: &Path) -> String {
    let shown: PathBuf = crate::discover::relative_to(cwd, &root.join(path));
    shown.to_string_lossy().replace('\\', "/")
}
