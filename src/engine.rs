//! The rule engine: runs every enabled rule over a plan set, applies suppressions (reporting
//! unused and unknown ones), resolves severities (config over pack) and maps spans to lines and
//! columns. Findings come out sorted by path, then position, then code.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::constitution::Constitutions;
use crate::document::Span;
use crate::lines::Position;
use crate::pack::Pack;
use crate::planset::PlanSet;
use crate::rule::{Context, Emitter, Family, RawFinding, RuleMeta};
use crate::rules::planlint::{UnknownCode, UnusedSuppression};
use crate::severity::{RuleSetting, Severity};
use crate::vfs::FileSource;

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
}

/// Which rules run and at what severity, from config and the command line.
#[derive(Debug, Default)]
pub struct Selection {
    /// `rules:` in config (code → setting).
    pub rules: HashMap<&'static str, RuleSetting>,
    /// `--select`: when non-empty, only matching rules run.
    pub select: Vec<Selector>,
    /// `--ignore`: matching rules never run.
    pub ignore: Vec<Selector>,
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
        if !self.enabled(rule) {
            return None;
        }
        if let Some(setting) = self.rules.get(rule.code) {
            return setting.severity();
        }
        if let Some(sev) = specific {
            return Some(sev);
        }
        match pack.rules.get(rule.code) {
            Some(setting) => setting.severity(),
            // planlint's own rules guard suppressions and input, so they are on everywhere.
            None if rule.family == Family::Planlint => Some(rule.default),
            None => None,
        }
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
    /// The constitutions of this source, each read once however many plan sets use it.
    pub constitutions: Constitutions,
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
        let cx = Context {
            set: &set,
            pack,
            source: self.source,
            branch: self.branch,
            constitutions: &self.constitutions,
        };
        let mut raw: Vec<RawFinding> = Vec::new();
        for rule in crate::rules::runnable() {
            if self.selection.severity(rule.meta(), pack, None).is_some() {
                rule.check(&cx, &mut Emitter::new(rule.meta(), &mut raw));
            }
        }
        let raw = self.apply_suppressions(&set, raw);
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

    fn resolve(&self, set: &PlanSet, pack: &Pack, raw: Vec<RawFinding>) -> Vec<Finding> {
        let mut shown: HashMap<usize, String> = HashMap::new();
        let mut out: Vec<Finding> = raw
            .into_iter()
            .filter_map(|r| {
                let severity = self.selection.severity(r.rule, pack, r.severity)?;
                let file = &set.files[r.file];
                let text = file.text().unwrap_or("");
                let (start, end, span) = positions(file.doc().map(|d| &d.lines), text, r.span);
                Some(Finding {
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
                    offset: span.start,
                    length: span.len(),
                    profile: pack.profile.clone(),
                    file: r.file,
                    rule: r.rule,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.path, a.offset, a.code, &a.message).cmp(&(&b.path, b.offset, b.code, &b.message))
        });
        out.dedup_by(|a, b| {
            a.path == b.path && a.offset == b.offset && a.code == b.code && a.message == b.message
        });
        out
    }
}

/// Clamp a span to the text and char boundaries and map it to positions.
fn positions(
    lines: Option<&crate::lines::LineIndex>,
    text: &str,
    span: Span,
) -> (Position, Position, Span) {
    let start = crate::lines::floor_char_boundary(text, span.start);
    let end = crate::lines::floor_char_boundary(text, span.end.max(start));
    let owned;
    let lines = match lines {
        Some(l) => l,
        None => {
            owned = crate::lines::LineIndex::new(text);
            &owned
        }
    };
    (
        lines.position(text, start),
        lines.position(text, end),
        start..end,
    )
}

/// A file's path as shown to the user: relative to the current folder, with `/`.
pub fn display_path(cwd: &Path, root: &Path, path: &Path) -> String {
    let shown: PathBuf = crate::discover::relative_to(cwd, &root.join(path));
    shown.to_string_lossy().replace('\\', "/")
}
