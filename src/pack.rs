//! Rule packs: the YAML files in `rules/` (embedded at build time) that hold each plan style's
//! vocabulary — how to detect it, its required sections and header fields, placeholder
//! patterns, companions and default rule severities. Rust code holds the rule logic only.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::artifact::ArtifactKind;
use crate::document::Document;
use crate::rules::custom::{CustomRule, CustomRuleEntry};
use crate::severity::{RuleSetting, Severity};
use crate::word_regex::{Screen, WordRegex};
use crate::yaml::{Pattern, WordList, YamlError};

pub mod content;
pub mod functional;
pub mod ids;

pub use content::{Forbidden, Spelling};
pub use functional::{
    OpenQuestions, PlanOutput, Register, SchemaChanges, Security, Streams, TaskKey, Traceability,
};
pub use ids::{IdKind, IdKinds, Site, Uniqueness};
pub mod gates;

pub use gates::{ChecklistRules, ConstitutionRules, DecisionRules, DocumentationTree, Variant};

/// The built-in packs, in detection order.
pub const BUILTIN: [(&str, &str); 5] = [
    ("spec-mesh", include_str!("../rules/spec-mesh.yaml")),
    ("functional", include_str!("../rules/functional.yaml")),
    ("speckit", include_str!("../rules/speckit.yaml")),
    ("technical", include_str!("../rules/technical.yaml")),
    ("generic", include_str!("../rules/generic.yaml")),
];

/// [`BUILTIN`] as JSON, converted by `build.rs`: what a run reads (see [`builtin`]).
const BUILTIN_JSON: [&str; 5] = [
    include_str!(concat!(env!("OUT_DIR"), "/spec-mesh.json")),
    include_str!(concat!(env!("OUT_DIR"), "/functional.json")),
    include_str!(concat!(env!("OUT_DIR"), "/speckit.json")),
    include_str!(concat!(env!("OUT_DIR"), "/technical.json")),
    include_str!(concat!(env!("OUT_DIR"), "/generic.json")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pack {
    pub profile: String,
    /// A pack whose placeholders, markers, companions, requirements and severities this one
    /// inherits (its own entries added on top).
    pub extends: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub detect: Detect,
    /// Required sections and header fields per artifact (plan, spec, tasks, …).
    #[serde(default)]
    pub artifacts: BTreeMap<ArtifactKind, ArtifactRules>,
    /// Unfilled template text (S003). Private: `placeholder_screen` indexes it.
    #[serde(default)]
    placeholders: Vec<Placeholder>,
    /// TODO-style markers (S008).
    pub todo: Option<Todo>,
    /// The NEEDS CLARIFICATION marker (S004).
    pub clarification: Option<Clarification>,
    /// Companions the plan set must have (S007).
    #[serde(default)]
    pub companions: Vec<Companion>,
    /// Branch naming (B001) and how a plan names its branch (B002).
    #[serde(default)]
    pub branch: BranchNaming,
    /// ID kinds: what each ID looks like and where it is defined (T001, T002, and every rule
    /// reading IDs and ranges).
    #[serde(default)]
    pub ids: IdKinds,
    /// FR → AC → Test Mandate → contracts (T003–T006).
    pub traceability: Option<Traceability>,
    /// The Work Streams table (W001–W005).
    pub streams: Option<Streams>,
    /// The Assumption Register (A001).
    pub assumptions: Option<Register>,
    /// Open Questions (A002).
    pub open_questions: Option<OpenQuestions>,
    /// Security Considerations (A003).
    pub security: Option<Security>,
    /// Schema Changes (A004).
    pub schema_changes: Option<SchemaChanges>,
    /// `plan_output.json` (T012).
    pub plan_output: Option<PlanOutput>,
    /// Forbidden content (F001–F005).
    pub forbidden: Option<Forbidden>,
    /// The spelling standard (L002).
    pub spelling: Option<Spelling>,
    /// The Task header field against the branch (B003).
    pub task_key: Option<TaskKey>,
    /// What counts as a file path in plan text, and which paths are tests (T011, P001, P002).
    pub paths: Option<PathVocabulary>,
    /// spec.md ↔ tasks.md coverage and the tasks.md line format (T007–T009, T011).
    pub coverage: Option<Coverage>,
    /// Implementation steps and affected modules of technical plans (P001, P002).
    pub steps: Option<Steps>,
    /// Vague terms and the parts of a plan set where they matter (L001).
    pub vague_terms: Option<VagueTerms>,
    /// ID kinds whose definitions must appear in a test file when `tests:` is configured
    /// (T010), e.g. `[AC]`.
    #[serde(default)]
    pub tested_ids: Vec<String>,
    /// The Project Structure tree listing the plan's companions (S007).
    pub documentation_tree: Option<DocumentationTree>,
    /// Extra requirements for plans of a given file name (the epic `impl-plan.md`).
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Constitution check, gate statuses, justifications and principles (C001–C004).
    pub constitution: Option<ConstitutionRules>,
    /// Plan-quality checklists (Q001–Q003).
    pub checklists: Option<ChecklistRules>,
    /// Decision records and research entries (A005–A006).
    pub decisions: Option<DecisionRules>,
    /// Rule code → default severity in this profile; rules not listed are off.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// The pack's own rules, written in YAML (user packs; see `rules::custom`). Compiled into
    /// `custom` when the pack is parsed.
    #[serde(default)]
    custom_rules: Vec<CustomRuleEntry>,
    /// Custom rules that run on plans of this profile: the pack's, its base's, and the
    /// config's `custom-rules` (added by the config loader).
    #[serde(skip)]
    pub custom: Vec<Arc<CustomRule>>,
    /// The placeholder patterns' literals, searched in one pass (built on first use).
    #[serde(skip)]
    placeholder_screen: Arc<OnceLock<Screen>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Detect {
    /// The plan is of this style when any of these conditions holds.
    #[serde(default)]
    pub any: Vec<DetectWhen>,
}

/// One detection condition: every part given must hold.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectWhen {
    /// The plan file's name (e.g. `impl-plan.md`).
    pub plan_file: Option<String>,
    /// Headings that must all be present (matched like S001: case-insensitive, numbering and
    /// markers ignored).
    #[serde(default)]
    pub headings: Vec<String>,
    /// A regex that some heading key must match.
    pub heading_pattern: Option<Pattern>,
    /// A header field that must be present.
    pub field: Option<String>,
    /// A regex over the plan's text.
    pub pattern: Option<Pattern>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArtifactRules {
    #[serde(default)]
    pub sections: Vec<SectionRequirement>,
    #[serde(default)]
    pub fields: Vec<FieldRequirement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionRequirement {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl SectionRequirement {
    /// The heading keys that satisfy this requirement.
    pub fn keys(&self) -> Vec<String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| crate::document::heading_key(n))
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldRequirement {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The form the value must have (S006).
    pub pattern: Option<Pattern>,
    /// How the expected form is described to the user, e.g. "YYYY-MM-DD".
    pub format: Option<String>,
    /// When false the field may be absent, but its value is still checked.
    #[serde(default = "yes")]
    pub required: bool,
}

impl FieldRequirement {
    pub fn names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .collect()
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Placeholder {
    pub pattern: Pattern,
    /// Where to look: `prose` (default: prose and header field values), `fields` (values of
    /// the header fields, before the first `##` heading), `comments`, `code` (code blocks only) or `anywhere`.
    #[serde(default)]
    pub scope: Scope,
    /// Only inside sections whose heading key (lowercase, numbering stripped) matches.
    pub within: Option<Pattern>,
    /// What the placeholder is, for the message.
    pub what: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Prose,
    Fields,
    Comments,
    Code,
    Anywhere,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Todo {
    /// The marker; when the pattern has a capture group, the group is the marker.
    pub pattern: Pattern,
    /// Matched at the marker: text that talks about markers ("TODO comments", "TODO in
    /// Python") rather than being one.
    pub mention: Option<Pattern>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Clarification {
    pub pattern: Pattern,
    /// spec.md may keep this many markers before S004 warns (clarification is still open
    /// while the spec is drafted); plans may keep none.
    #[serde(default)]
    pub spec_allowance: usize,
    /// A line matching this mentions the marker (resolved, addressed, "for each …") rather
    /// than holding one.
    pub mention: Option<Pattern>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Companion {
    /// Path relative to the plan's folder.
    pub path: String,
    /// Severity of S007 for this companion, when it differs from the rule's.
    pub severity: Option<Severity>,
}

/// The `branch:` section of a pack. Each part a pack leaves out is inherited from the pack it
/// extends.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BranchNaming {
    /// B001: the branch must match one of these (`branch.patterns` in planlint.yaml replaces
    /// them). No patterns: the profile has no naming convention.
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// B002: the plan header fields that name the plan's branch.
    #[serde(default)]
    pub fields: Vec<String>,
    /// B002: a feature key at the start of a branch segment or folder name (`001` in
    /// `001-login`, `PROJ-12` in `PROJ-12_login`), in the named group `key`. Plan sets whose
    /// key differs from the branch's belong to other features and are not compared.
    pub key: Option<Pattern>,
}

/// Paths named in plan text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathVocabulary {
    /// File extensions (no dot, any case) that make a bare name such as `models.py` a path.
    pub extensions: Vec<String>,
    /// A token matching this is not one concrete path: templated (`specs/{feature}/`), a glob,
    /// a placeholder (`test_[module].py`, `NNN`).
    pub not_path: Pattern,
    /// Test files and folders (P001).
    pub test: Pattern,
    /// Folders never entered when a bare file name is looked up in the repository (P002).
    #[serde(default)]
    pub search_skip: Vec<String>,
}

/// spec.md ↔ tasks.md coverage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Coverage {
    /// A task ID at the start of a task line; groups `num` and `suffix` order the IDs.
    pub task_id: Pattern,
    /// A task line in the canonical form (T009), matched against the task's text with wrapped
    /// lines joined; group `rest` is the description.
    pub task_line: Pattern,
    /// Why a task line is not canonical: the first entry matching the line names the problem.
    #[serde(default)]
    pub line_problems: Vec<FormatProblem>,
    /// Problems at the start of the description of an otherwise canonical line (`[P]` after
    /// the story label, a malformed label).
    #[serde(default)]
    pub description_problems: Vec<FormatProblem>,
    /// A phase heading in tasks.md; group `name` is the phase's name.
    pub phase_heading: Pattern,
    /// Phase names (group `name` of `phase-heading`) whose tasks take no story label.
    pub unlabelled_phases: Pattern,
    /// A user story heading in spec.md; group `story` is its number (`2`, `2A`).
    pub story_heading: Pattern,
    /// A story heading matching this is deferred or removed and needs no task.
    pub story_inactive: Pattern,
    /// A story label on a task line (`[US1]`, `[US1/US2]`); group `body` holds the stories.
    pub story_label: Pattern,
    /// One story inside a label's body; group `story`.
    pub story_ref: Pattern,
    /// A requirement ID; group `kind` (FR, SC, …), `num` (digits) and `prefix` (the ID
    /// before its number, `FR-TAT-`) make ranges expandable.
    pub requirement_id: Pattern,
    /// The requirement kinds of spec.md that tasks must cite (T007).
    pub requirement_kinds: Vec<String>,
    /// Text after a requirement's ID marking it deferred or removed.
    pub requirement_inactive: Pattern,
    /// What stands between the two IDs of a range (`FR-001 through FR-005`).
    pub range_connector: Pattern,
    /// Further numbers written after an ID without its prefix (`FR-011/012/013`,
    /// `FR-001..006`): group `sep` (a range when it matches `range-connector`), `num` and `sub`.
    pub id_continuation: Pattern,
    /// T007 checks a kind only when tasks.md cites at least this share of the spec's
    /// requirements of that kind (0.0–1.0): below it the citations are incidental notes, not
    /// a tracing practice.
    pub min_traced: f64,
    /// A completed task matching this removes or moves files, so its paths need not exist.
    pub removal: Pattern,
    /// `task-line` cut after the start of group `rest`, when it has the shape that allows it
    /// (see [`WordRegex::rest_of_line_head`]); built on first use.
    #[serde(skip)]
    task_line_head: Arc<OnceLock<Option<WordRegex>>>,
}

impl Coverage {
    /// The description of a task line in the canonical form (`task-line`'s group `rest`, empty
    /// when it has none), or `None` for a line not in that form.
    pub fn task_description<'t>(&self, line: &'t str) -> Option<&'t str> {
        let head = self
            .task_line_head
            .get_or_init(|| self.task_line.rest_of_line_head("rest"));
        match head {
            Some(head) if !line.contains('\n') => {
                let caps = head.captures(line)?;
                Some(caps.name("rest").map_or("", |r| &line[r.start()..]))
            }
            _ => {
                let caps = self.task_line.captures(line)?;
                Some(caps.name("rest").map_or("", |r| r.as_str()))
            }
        }
    }
}

/// One way a task line can deviate from the canonical form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormatProblem {
    pub pattern: Pattern,
    /// What is wrong, completing "task line …" (e.g. "writes the task ID in bold").
    pub what: String,
}

/// Implementation steps and affected modules of technical plans.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Steps {
    /// Headings of the section holding the steps (each top-level list item is a step).
    pub sections: Vec<String>,
    /// Headings of sections whose test paths count for the steps whose modules they name.
    pub test_sections: Vec<String>,
    /// A step naming only paths like these needs no test (documentation).
    pub untested: Pattern,
    /// Headings of sections holding the affected-modules table.
    pub module_sections: Vec<String>,
    /// Header of the column naming the paths.
    pub module_columns: Vec<String>,
    /// Header of the column saying whether a path is modified or new.
    pub change_columns: Vec<String>,
    /// Change kinds meaning the path must already exist (P002).
    pub modify: WordList,
    /// Change kinds meaning the path is created by the plan.
    pub new: WordList,
    /// A line marking the paths on it as modified (`- Modify: src/x.py`).
    pub modify_line: Pattern,
}

/// Vague terms (L001).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VagueTerms {
    pub words: WordList,
    /// Phrases holding a listed word that are idioms or relative comparisons
    /// (`fail fast`, `at least as fast as`): the word is not reported there.
    pub idioms: Pattern,
    /// A number or unit in the same sentence or table cell makes the wording measurable.
    pub clears: Pattern,
    /// Tokens whose digits are not a measure (IDs such as `FR-001`, `US2`, `Phase 3`): blanked
    /// before `clears` is tried.
    pub not_measures: Pattern,
    /// List items, table rows and headings led by such an ID are requirements or criteria.
    pub ids: Pattern,
    /// Sections whose whole content is requirements or criteria.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Header fields holding goals or constraints (`**Performance Goals**: …`).
    #[serde(default)]
    pub fields: Vec<String>,
}

impl Pack {
    /// Parse and validate a pack (rule codes checked against the registry).
    pub fn parse(name: &str, text: &str) -> Result<Pack, YamlError> {
        crate::yaml::from_str::<Pack>(name, text)?.validated(name, text)
    }

    /// A built-in pack from its JSON form (`json`; `text` is its YAML, for error positions).
    fn from_json(name: &str, json: &str, text: &str) -> Result<Pack, YamlError> {
        let pack: Pack = serde_json::from_str(json).map_err(|e| {
            let src = std::sync::Arc::new(miette::NamedSource::new(name, text.to_string()));
            YamlError::at(&src, None, format!("{e} in its JSON form"))
        })?;
        pack.validated(name, text)
    }

    /// The pack with its custom rules compiled and its rule codes checked against the
    /// registry (`text`: the pack file, for error positions).
    fn validated(mut self, name: &str, text: &str) -> Result<Pack, YamlError> {
        self.custom = crate::rules::custom::compile_all(
            std::mem::take(&mut self.custom_rules),
            &crate::rules::custom::Origin::new(name, text),
        )?;
        for code in self.rules.keys() {
            if crate::rules::find(code).is_none() {
                let span = text
                    .find(&format!("{code}:"))
                    .map(|o| miette::SourceSpan::new(o.into(), code.len()));
                let src = std::sync::Arc::new(miette::NamedSource::new(name, text.to_string()));
                let mut err = YamlError::at(&src, span, format!("unknown rule code `{code}`"));
                if let Some(s) = crate::suggest::closest(code, crate::rules::codes()) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
        }
        Ok(self)
    }

    /// Whether this pack's detection conditions match a plan.
    pub fn detects(&self, plan_file: &str, doc: &Document) -> bool {
        self.detect.any.iter().any(|w| {
            w.plan_file.as_ref().is_none_or(|f| f == plan_file)
                && w.headings.iter().all(|h| {
                    let key = crate::document::heading_key(h);
                    doc.headings.iter().any(|d| d.key == key)
                })
                && w.heading_pattern
                    .as_ref()
                    .is_none_or(|p| doc.headings.iter().any(|h| p.is_match(&h.key)))
                && w.field.as_ref().is_none_or(|f| doc.field(&[f]).is_some())
                && w.pattern.as_ref().is_none_or(|p| p.is_match(&doc.text))
        })
    }

    /// Whether any placeholder pattern matches in `text` (whatever its scope): a value that is
    /// still template text.
    pub fn has_placeholder(&self, text: &str) -> bool {
        self.placeholders.iter().any(|p| p.pattern.is_match(text))
    }

    pub fn placeholders(&self) -> &[Placeholder] {
        &self.placeholders
    }

    /// Which placeholder patterns (in order) may match a document's text and its prose, from
    /// one pass over the text.
    pub fn placeholder_candidates(&self, doc: &Document) -> (Vec<bool>, Vec<bool>) {
        let screen = self
            .placeholder_screen
            .get_or_init(|| Screen::new(self.placeholders.iter().map(|p| &*p.pattern)));
        let in_text = screen.candidates(&doc.text);
        let in_prose = screen.blanked(&in_text);
        (in_text, in_prose)
    }

    /// The pack's default for a rule (`None`: off in this profile).
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.rules.get(code).and_then(|s| s.severity())
    }

    pub fn artifact(&self, kind: ArtifactKind) -> Option<&ArtifactRules> {
        self.artifacts.get(&kind)
    }

    /// The extra requirements for a plan file of this name, if the pack has any.
    pub fn variant(&self, plan_file: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.plan_file == plan_file)
    }

    /// Take over what `base` defines and this pack does not override.
    fn inherit(&mut self, base: &Pack) {
        let mut placeholders = base.placeholders.clone();
        placeholders.append(&mut self.placeholders);
        self.placeholders = placeholders;
        self.placeholder_screen = Arc::default();
        if self.todo.is_none() {
            self.todo = base.todo.clone();
        }
        if self.clarification.is_none() {
            self.clarification = base.clarification.clone();
        }
        if self.paths.is_none() {
            self.paths = base.paths.clone();
        }
        if self.coverage.is_none() {
            self.coverage = base.coverage.clone();
        }
        if self.steps.is_none() {
            self.steps = base.steps.clone();
        }
        if self.vague_terms.is_none() {
            self.vague_terms = base.vague_terms.clone();
        }
        let mut companions = base.companions.clone();
        companions.retain(|c| !self.companions.iter().any(|o| o.path == c.path));
        companions.append(&mut self.companions);
        self.companions = companions;
        if self.branch.patterns.is_empty() {
            self.branch.patterns = base.branch.patterns.clone();
        }
        if self.branch.fields.is_empty() {
            self.branch.fields = base.branch.fields.clone();
        }
        if self.branch.key.is_none() {
            self.branch.key = base.branch.key.clone();
        }
        self.ids = self.ids.over(&base.ids);
        inherit_section(&mut self.traceability, &base.traceability);
        inherit_section(&mut self.streams, &base.streams);
        inherit_section(&mut self.assumptions, &base.assumptions);
        inherit_section(&mut self.open_questions, &base.open_questions);
        inherit_section(&mut self.security, &base.security);
        inherit_section(&mut self.schema_changes, &base.schema_changes);
        inherit_section(&mut self.plan_output, &base.plan_output);
        inherit_section(&mut self.forbidden, &base.forbidden);
        inherit_section(&mut self.spelling, &base.spelling);
        inherit_section(&mut self.task_key, &base.task_key);
        if self.documentation_tree.is_none() {
            self.documentation_tree = base.documentation_tree.clone();
        }
        if self.variants.is_empty() {
            self.variants = base.variants.clone();
        }
        merge_section(
            &mut self.constitution,
            &base.constitution,
            ConstitutionRules::inherit,
        );
        merge_section(
            &mut self.checklists,
            &base.checklists,
            ChecklistRules::inherit,
        );
        merge_section(&mut self.decisions, &base.decisions, DecisionRules::inherit);
        for (kind, rules) in &base.artifacts {
            self.artifacts.entry(*kind).or_insert_with(|| rules.clone());
        }
        for (code, setting) in &base.rules {
            self.rules.entry(code.clone()).or_insert(*setting);
        }
        let own = std::mem::take(&mut self.custom);
        self.custom = base.custom.clone();
        self.custom
            .retain(|c| !own.iter().any(|o| o.meta.code == c.meta.code));
        self.custom.extend(own);
    }
}

/// A section the pack does not set is the base's.
fn inherit_section<T: Clone>(own: &mut Option<T>, base: &Option<T>) {
    if own.is_none() {
        own.clone_from(base);
    }
}

/// A section the pack may define in part: what it leaves unset comes from the base.
fn merge_section<T: Clone>(ours: &mut Option<T>, base: &Option<T>, merge: fn(&mut T, &T)) {
    match (ours.as_mut(), base) {
        (Some(o), Some(b)) => merge(o, b),
        (None, Some(b)) => *ours = Some(b.clone()),
        _ => {}
    }
}

/// Resolve `extends` among `packs` and the built-ins: every pack ends up self-contained.
/// A pack may extend one defined before it in `packs`, or a built-in.
pub fn resolve_extends(packs: Vec<(Pack, PackOrigin)>) -> Result<Vec<Pack>, YamlError> {
    let mut done: Vec<Pack> = Vec::new();
    for (mut pack, origin) in packs {
        if let Some(base_name) = pack.extends.clone() {
            let base = done
                .iter()
                .find(|p| p.profile == base_name)
                .or_else(|| builtin().iter().find(|p| p.profile == base_name));
            match base {
                Some(base) => pack.inherit(base),
                None => return Err(origin.error(&base_name)),
            }
        }
        done.push(pack);
    }
    Ok(done)
}

/// Where a pack came from, to point at its `extends:` when the base is unknown.
pub struct PackOrigin {
    pub name: String,
    pub text: String,
}

impl PackOrigin {
    fn error(&self, base: &str) -> YamlError {
        let src = std::sync::Arc::new(miette::NamedSource::new(&self.name, self.text.clone()));
        let span = self
            .text
            .find("extends:")
            .map(|o| miette::SourceSpan::new(o.into(), self.text[o..].find('\n').unwrap_or(8)));
        YamlError::at(&src, span, format!("`extends: {base}` names no known pack"))
            .with_help("extend a built-in profile (spec-mesh, functional, speckit, technical, generic) or a pack listed before this one")
    }
}

/// The built-in packs, parsed once.
pub fn builtin() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        let mut parsed: Vec<Pack> = crate::yaml::trusting_patterns(|| {
            BUILTIN
                .iter()
                .zip(BUILTIN_JSON)
                .map(|((name, text), json)| {
                    Pack::from_json(&format!("rules/{name}.yaml"), json, text)
                        .unwrap_or_else(|e| panic!("built-in pack {name} is invalid: {e:?}"))
                })
                .collect()
        });
        // Built-ins extend only `generic`, which extends nothing.
        let generic = parsed
            .iter()
            .find(|p| p.profile == "generic")
            .cloned()
            .expect("generic pack");
        for pack in &mut parsed {
            if pack.extends.as_deref() == Some("generic") {
                pack.inherit(&generic);
            }
        }
        parsed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_pass_the_syntax_check_skipped_at_startup() {
        for (name, text) in BUILTIN {
            if let Err(e) = Pack::parse(name, text) {
                panic!("built-in pack {name}: {e:?}");
            }
        }
    }

    #[test]
    fn builtin_packs_read_as_json_as_they_do_as_yaml() {
        // Line by line in any order: the packs hold hash maps, which list in any order.
        let lines = |pack: &Pack| {
            let mut lines: Vec<String> = format!("{pack:#?}").lines().map(String::from).collect();
            lines.sort();
            lines
        };
        for ((name, text), json) in BUILTIN.iter().zip(BUILTIN_JSON) {
            let from_yaml = Pack::parse(name, text).unwrap();
            let from_json = Pack::from_json(name, json, text).unwrap();
            assert_eq!(lines(&from_json), lines(&from_yaml), "{name}");
        }
    }

    #[test]
    fn builtin_packs_parse_and_name_their_profiles() {
        let names: Vec<_> = builtin().iter().map(|p| p.profile.as_str()).collect();
        assert_eq!(
            names,
            ["spec-mesh", "functional", "speckit", "technical", "generic"]
        );
    }

    #[test]
    fn bad_regex_points_at_its_line() {
        let text = "profile: x\ntodo:\n  pattern: '(unclosed'\n";
        let err = Pack::parse("x.yaml", text).unwrap_err();
        assert!(err.message.contains("invalid regex"), "{}", err.message);
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn unknown_key_and_code_are_errors() {
        let err = Pack::parse("x.yaml", "profile: x\nplaceholder: []\n").unwrap_err();
        assert_eq!(err.line_column().map(|p| p.0), Some(2));
        assert_eq!(err.help.as_deref(), Some("did you mean `placeholders`?"));
        let err = Pack::parse("x.yaml", "profile: x\nrules:\n  S01: error\n").unwrap_err();
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }
}
