//! `planlint init`: looks at the repository's plans — where they live, which style each is
//! written in, which branch names they record, which plan-named files are only templates —
//! and writes a commented planlint.yaml that states those conventions, so `planlint check`
//! judges the plans by the repository's own rules. It never replaces an existing config
//! without `--force`, and it checks that what it writes loads before writing it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_NAMES};
use crate::document::Document;
use crate::run::{Job, Session};
use crate::severity::Severity;
use crate::vfs::WorkTree;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The repository (or folder) to describe (default: the repository of the current folder).
    pub path: Option<PathBuf>,
    /// Replace an existing planlint.yaml or .planlint.yaml.
    #[arg(long)]
    pub force: bool,
    /// Print the configuration instead of writing it.
    #[arg(long)]
    pub stdout: bool,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InitError {
    #[error("`{}` already exists", .0.display())]
    #[diagnostic(
        code(planlint::init),
        help("keep it, or run `planlint init --force` to replace it (`--stdout` shows what would be written)")
    )]
    Exists(PathBuf),
    #[error("cannot {0}: {1}")]
    #[diagnostic(code(planlint::io))]
    Io(&'static str, String),
}

pub fn run(args: &InitArgs) -> miette::Result<u8> {
    let cwd = std::env::current_dir()
        .map_err(|e| InitError::Io("read the current folder", e.to_string()))?;
    let start = args.path.as_ref().map_or(cwd.clone(), |p| cwd.join(p));
    let start = start
        .canonicalize()
        .map_err(|e| InitError::Io("read the folder to describe", e.to_string()))?;
    let root = crate::git::work_tree_root(&start).unwrap_or(start);
    let existing = CONFIG_NAMES
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.exists());
    if let Some(path) = &existing {
        if !args.force && !args.stdout {
            return Err(InitError::Exists(path.clone()).into());
        }
    }
    let target = existing.unwrap_or_else(|| root.join(CONFIG_NAMES[0]));

    let survey = Survey::scan(&root);
    let draft = survey.render(None);
    let config = Config::parse(&target, &draft).map_err(miette::Report::new)?;
    let outcome = lint(&root, config)?;
    let text = survey.render(Some(&outcome));
    Config::parse(&target, &text).map_err(miette::Report::new)?;

    if args.stdout {
        print!("{text}");
        return Ok(0);
    }
    std::fs::write(&target, &text)
        .map_err(|e| InitError::Io("write the configuration", e.to_string()))?;
    eprintln!("wrote {}: {}", target.display(), survey.styles_line());
    eprintln!("{}", outcome.summary());
    Ok(0)
}

/// A plan file init found.
#[derive(Debug)]
struct FoundPlan {
    /// Relative to the root.
    rel: PathBuf,
    profile: String,
    /// The branch its header records, cleaned of brackets and backticks.
    branch: Option<String>,
}

/// What init learns from the repository.
#[derive(Debug, Default)]
struct Survey {
    plans: Vec<FoundPlan>,
    /// Folders holding plan-named templates (command templates, not plans).
    templates: BTreeSet<PathBuf>,
}

impl Survey {
    fn scan(root: &Path) -> Survey {
        let defaults = Config::defaults();
        let mut survey = Survey::default();
        let walker = ignore::WalkBuilder::new(root).follow_links(false).build();
        for entry in walker.flatten() {
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) || !is_plan_named(rel) {
                continue;
            }
            let Some(doc) = read_markdown(path) else {
                continue;
            };
            if let Some(folder) = template_folder(rel, &doc) {
                survey.templates.insert(folder);
                continue;
            }
            let profile = defaults.pack_for(None, rel, Some(&doc)).profile.clone();
            let default_name = crate::discover::is_plan(&defaults, rel);
            if !default_name && profile == "generic" {
                continue; // named like a plan, written like none of the styles
            }
            survey.plans.push(FoundPlan {
                rel: rel.to_path_buf(),
                profile,
                branch: recorded_branch(&doc),
            });
        }
        survey.plans.sort_by(|a, b| a.rel.cmp(&b.rel));
        survey
    }

    /// Plans grouped by their top folder (`""` for plans at the root).
    fn groups(&self) -> BTreeMap<String, Vec<&FoundPlan>> {
        let mut groups: BTreeMap<String, Vec<&FoundPlan>> = BTreeMap::new();
        for plan in &self.plans {
            groups.entry(top_folder(&plan.rel)).or_default().push(plan);
        }
        groups
    }

    fn styles_line(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &self.plans {
            *counts.entry(p.profile.as_str()).or_default() += 1;
        }
        let styles: Vec<String> = counts.iter().map(|(p, n)| format!("{n} {p}")).collect();
        match self.plans.len() {
            0 => "no plans found".to_string(),
            n => format!(
                "{n} plan{} ({})",
                if n == 1 { "" } else { "s" },
                styles.join(", ")
            ),
        }
    }

    /// The configuration text; `outcome` adds what `planlint check` reports with it.
    fn render(&self, outcome: Option<&Outcome>) -> String {
        let mut out = String::new();
        out.push_str(HEADER);
        let _ = writeln!(out, "# Found {}.\n", self.styles_line());
        self.render_plans(&mut out);
        self.render_profiles(&mut out);
        self.render_branch(&mut out);
        render_rules(&mut out, outcome);
        out.push_str(EXAMPLES);
        out
    }

    fn render_plans(&self, out: &mut String) {
        let mut globs: BTreeSet<String> = BTreeSet::new();
        for plan in &self.plans {
            let name = plan
                .rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let top = top_folder(&plan.rel);
            globs.insert(if top.is_empty() {
                name
            } else {
                format!("{top}/**/{name}")
            });
        }
        out.push_str("# Plan files, relative to the repository root.\n");
        if globs.is_empty() {
            out.push_str("plans: ['**/plan.md', '**/impl-plan.md']\n");
        } else {
            out.push_str("plans:\n");
            for glob in &globs {
                let _ = writeln!(out, "  - {}", quote(glob));
            }
        }
        if !self.templates.is_empty() {
            out.push_str("# Plan-named files that are templates (a `templates` folder or command front matter).\n");
            out.push_str("exclude:\n");
            for folder in &self.templates {
                let _ = writeln!(out, "  - {}", quote(&format!("{}/**", slash(folder))));
            }
        }
        out.push('\n');
    }

    fn render_profiles(&self, out: &mut String) {
        let groups = self.groups();
        fn uniform<'p>(plans: &[&'p FoundPlan]) -> Option<&'p str> {
            let first = plans.first()?.profile.as_str();
            (first != "generic" && plans.iter().all(|p| p.profile == first)).then_some(first)
        }
        let all: Vec<&FoundPlan> = self.plans.iter().collect();
        out.push_str(
            "# The plan style (rule pack) per folder; plans elsewhere are detected one by one.\n",
        );
        if let Some(profile) = uniform(&all) {
            let _ = writeln!(
                out,
                "profile: {profile}  # all {} plans are written in this style\n",
                all.len()
            );
            return;
        }
        let pinned: Vec<(String, &str, usize)> = groups
            .iter()
            .filter(|(top, _)| !top.is_empty())
            .filter_map(|(top, plans)| {
                uniform(plans).map(|p| (format!("{top}/**"), p, plans.len()))
            })
            .collect();
        if pinned.is_empty() {
            let _ = writeln!(
                out,
                "# profile: speckit  # not pinned: {}\n",
                self.styles_line()
            );
            return;
        }
        out.push_str("profile:\n");
        for (glob, profile, n) in pinned {
            let _ = writeln!(
                out,
                "  {}: {profile}  # {n} plan{}",
                quote(&glob),
                if n == 1 { "" } else { "s" }
            );
        }
        out.push('\n');
    }

    fn render_branch(&self, out: &mut String) {
        let branches: Vec<&str> = self
            .plans
            .iter()
            .filter_map(|p| p.branch.as_deref())
            .collect();
        let patterns = branch_patterns(&branches);
        let mut section = String::new();
        let _ = writeln!(
            section,
            "# Branch names: the patterns the branches your plans record ({} of {} plans) follow.",
            branches.len(),
            self.plans.len()
        );
        section.push_str("branch:\n  patterns:\n");
        if patterns.is_empty() {
            section.push_str("    - '^(\\d{3,}|\\d{8}-\\d{6})-[a-z0-9][a-z0-9-]*$'\n");
        }
        for (pattern, n) in &patterns {
            let _ = writeln!(
                section,
                "    - {}  # {n} plan{}",
                quote(pattern),
                if *n == 1 { "" } else { "s" }
            );
        }
        section.push_str("  protected: [main, master, develop]\n");
        if crate::schema::has_config_key("branch") {
            out.push_str(&section);
        } else {
            // This build has no `branch:` key yet: write it as a comment to uncomment later.
            out.push_str(
                "# (`branch:` is not read by this planlint build; uncomment it once it is.)\n",
            );
            for line in section.lines() {
                let line = if line.starts_with('#') {
                    line.to_string()
                } else {
                    format!("# {line}")
                };
                out.push_str(&line);
                out.push('\n');
            }
        }
        out.push('\n');
    }
}

const HEADER: &str = "\
# planlint configuration, written by `planlint init` from this repository's plans.
# Every key is described in planlint's README (Configuration).
# Editor completion: `planlint schema > planlint.schema.json`, then make the first line
# of this file `# yaml-language-server: $schema=planlint.schema.json`.
";

const EXAMPLES: &str = "\
# Rule settings for some files only (globs relative to the repository root):
# overrides:
#   - files: ['specs/archive/**']
#     rules:
#       missing-section: off

# Your own rules (kinds: forbid, require, section, metadata, columns):
# custom-rules:
#   - code: TEAM001
#     name: no-internal-hosts
#     kind: forbid
#     pattern: '\\.internal\\.example\\.com\\b'
#     scope: prose
#     message: 'internal host `{match}` in a plan'
#     help: name the service instead of its host
";

fn render_rules(out: &mut String, outcome: Option<&Outcome>) {
    out.push_str("# Severity per rule (code or name): error | warning | info | off.\n");
    out.push_str("# rules:\n#   todo-marker: warning\n");
    if let Some(outcome) = outcome.filter(|o| !o.by_rule.is_empty()) {
        let _ = writeln!(
            out,
            "# When this file was written, `planlint check` reported (rule: plan sets, worst severity):"
        );
        for ((code, name), (sets, severity)) in &outcome.by_rule {
            let _ = writeln!(
                out,
                "#   {code} {name}: {sets} of {} plan sets, {severity}",
                outcome.sets
            );
        }
    }
    out.push('\n');
}

/// What `planlint check` reports with the new config.
struct Outcome {
    sets: usize,
    errors: usize,
    warnings: usize,
    /// (code, name) → (plan sets with a finding, worst severity).
    by_rule: BTreeMap<(&'static str, &'static str), (usize, Severity)>,
}

impl Outcome {
    fn summary(&self) -> String {
        if self.errors + self.warnings == 0 {
            return format!("planlint check with it: all {} plan sets pass.", self.sets);
        }
        format!(
            "planlint check with it: {} and {} in {} plan sets (listed in the file's `rules:` comment).",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.sets
        )
    }
}

/// Lint the repository's plan sets with `config` through the shared pipeline, as
/// `planlint check` would, and count what it reports.
fn lint(root: &Path, config: Config) -> miette::Result<Outcome> {
    let targets =
        crate::discover::discover(root, &[root.to_path_buf()], &config).unwrap_or_default();
    let mut session = Session::unrendered(config, root.to_path_buf())?;
    for target in targets {
        let source = WorkTree::new(target.root.clone());
        session.lint(Job {
            source: &source,
            branch: crate::git::current_branch(Some(&target.root)),
            plans: target.plans,
            committing: false,
            branch_only: false,
            tracked: None,
        });
    }
    let mut outcome = Outcome {
        sets: 0,
        errors: 0,
        warnings: 0,
        by_rule: BTreeMap::new(),
    };
    for findings in session.into_findings() {
        outcome.sets += 1;
        let mut rules_here = BTreeSet::new();
        for f in &findings {
            match f.severity {
                Severity::Error => outcome.errors += 1,
                Severity::Warning => outcome.warnings += 1,
                Severity::Info => {}
            }
            let entry = outcome
                .by_rule
                .entry((f.code, f.name))
                .or_insert((0, f.severity));
            entry.1 = entry.1.max(f.severity);
            if rules_here.insert(f.code) {
                entry.0 += 1;
            }
        }
    }
    Ok(outcome)
}

/// Named like a plan: the default plan names, or a Markdown file with "plan" in its name
/// that is not a checklist or contract.
fn is_plan_named(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    let in_companion_folder = rel
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|p| p == "checklists" || p == "contracts");
    name.ends_with(".md") && name.contains("plan") && !in_companion_folder
}

fn read_markdown(path: &Path) -> Option<Document> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > crate::planset::MAX_FILE_SIZE as u64 {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    Some(Document::parse(text))
}

/// The folder to exclude when a plan-named file is a template: under a `templates` folder,
/// or a command template (front matter with a `description:`).
fn template_folder(rel: &Path, doc: &Document) -> Option<PathBuf> {
    let mut folder = PathBuf::new();
    for part in rel.parent()?.components() {
        folder.push(part);
        if matches!(part.as_os_str().to_str(), Some("templates" | "template")) {
            return Some(folder);
        }
    }
    let front = doc.front_matter.as_ref().map(|s| &doc.text[s.clone()])?;
    front
        .lines()
        .any(|l| l.starts_with("description:"))
        .then(|| rel.parent().map(Path::to_path_buf))
        .flatten()
}

/// The branch a plan's header records (`**Branch**` or `**Feature Branch**`), without
/// backticks or brackets; `None` when absent or a template value.
fn recorded_branch(doc: &Document) -> Option<String> {
    let field = doc.field(&["Branch", "Feature Branch"])?;
    let value = field
        .value
        .trim_matches(|c: char| c == '`' || c == '[' || c == ']' || c.is_whitespace());
    let usable = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
        && !value.contains("###");
    usable.then(|| value.to_string())
}

/// Shapes of a branch name's last part, most specific first: (regex, whole-name check).
const SHAPES: [(&str, &str); 5] = [
    (
        r"\d{8}-\d{6}-[a-z0-9][a-z0-9-]*",
        r"^\d{8}-\d{6}-[a-z0-9][a-z0-9-]*$",
    ),
    (r"\d{3,}-[a-z0-9][a-z0-9-]*", r"^\d{3,}-[a-z0-9][a-z0-9-]*$"),
    (
        r"[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d+(?:[-_][A-Za-z0-9_-]+)?",
        r"^[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d+(?:[-_][A-Za-z0-9_-]+)?$",
    ),
    (r"[a-z0-9][a-z0-9._-]*", r"^[a-z0-9][a-z0-9._-]*$"),
    (
        r"[A-Za-z0-9][A-Za-z0-9._/-]*",
        r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
    ),
];

/// Branch patterns covering every observed name: each name's part after its first `/` is
/// generalised to the most specific shape it has; prefixes (`feat/`) are kept literally.
/// Returns (pattern, how many names it covers).
fn branch_patterns(branches: &[&str]) -> Vec<(String, usize)> {
    let mut by_shape: BTreeMap<usize, (BTreeSet<String>, usize)> = BTreeMap::new();
    for branch in branches {
        let (prefix, rest) = match branch.split_once('/') {
            Some((p, r)) => (p.to_string(), r),
            None => (String::new(), *branch),
        };
        let Some(shape) = SHAPES
            .iter()
            .position(|(_, whole)| regex::Regex::new(whole).is_ok_and(|re| re.is_match(rest)))
        else {
            continue;
        };
        let entry = by_shape.entry(shape).or_default();
        entry.0.insert(prefix);
        entry.1 += 1;
    }
    by_shape
        .into_iter()
        .map(|(shape, (prefixes, n))| {
            let named: Vec<String> = prefixes
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| regex::escape(p))
                .collect();
            let prefix = match named.len() {
                1 => format!("{}/", named[0]),
                _ => format!("(?:{})/", named.join("|")),
            };
            let body = SHAPES[shape].0;
            let pattern = match (named.is_empty(), prefixes.contains("")) {
                (true, _) => format!("^{body}$"),
                (false, true) => format!("^(?:{prefix})?{body}$"),
                (false, false) => format!("^{prefix}{body}$"),
            };
            (pattern, n)
        })
        .collect()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn top_folder(rel: &Path) -> String {
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(first), Some(_)) => first.as_os_str().to_string_lossy().into_owned(),
        _ => String::new(),
    }
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A YAML single-quoted scalar.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_patterns_cover_every_observed_name() {
        let names = [
            "001-login",
            "042-export-csv",
            "feat/passive-capture",
            "spec/013-sidenav",
            "OGC-150-storage-pagination",
            "F-API-002-minirag-backend",
            "feat/OGC-009-sidenav/m1-core",
        ];
        let patterns = branch_patterns(&names);
        for name in names {
            assert!(
                patterns
                    .iter()
                    .any(|(p, _)| regex::Regex::new(p).unwrap().is_match(name)),
                "{name} matches none of {patterns:?}"
            );
        }
        assert!(patterns
            .iter()
            .any(|(p, _)| p == r"^(?:spec/)?\d{3,}-[a-z0-9][a-z0-9-]*$"));
        let covered: usize = patterns.iter().map(|(_, n)| n).sum();
        assert_eq!(covered, names.len());
    }

    #[test]
    fn recorded_branch_strips_markup_and_skips_templates() {
        let doc = |t: &str| Document::parse(t.to_string());
        assert_eq!(
            recorded_branch(&doc("**Branch**: `[039-sync]`\n")).as_deref(),
            Some("039-sync")
        );
        assert_eq!(
            recorded_branch(&doc("**Branch**: `[###-feature-name]`\n")),
            None
        );
        assert_eq!(
            recorded_branch(&doc("**Feature Branch**: feat/x\n")).as_deref(),
            Some("feat/x")
        );
    }
}
