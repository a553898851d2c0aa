//! Pack sections for gates and decisions: the constitution check (C001–C004), plan-quality
//! checklists (Q001–Q003), decision records and research entries (A005–A006), the
//! documentation tree a plan lists its companions in (S007), and extra requirements for plans
//! of one file name (the epic `impl-plan.md`). Every field is optional so that a pack can
//! override part of what it inherits from `generic`.

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use super::ArtifactRules;
use crate::yaml::Pattern;

/// Take `base`'s value for every field `ours` leaves unset.
macro_rules! inherit_fields {
    ($ours:expr, $base:expr; $($field:ident),* $(,)?) => {
        $(if $ours.$field.is_none() {
            $ours.$field = $base.$field.clone();
        })*
    };
}

/// How constitution checks, gate statuses, justifications and principles are written.
/// Heading patterns match heading keys (lowercase, numbering and trailing markers removed);
/// column patterns match table header cells; label patterns match the bold or `Label:` lead of
/// a line or list item.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConstitutionRules {
    /// Every plan must have a check section, constitution file or not (C001).
    pub required: Option<bool>,
    /// Where a constitution may live, relative to a folder at or above the plan set (the
    /// nearest wins); `constitution:` in planlint.yaml names one file instead.
    #[serde(default)]
    pub files: Vec<String>,
    /// The plan's check section(s): "Constitution Check", "Charter Check" …
    pub check_section: Option<Pattern>,
    /// Sections whose entries justify failing gates: "Complexity Tracking".
    pub justification_section: Option<Pattern>,
    /// Sections whose list items may hold gate lines (the 2025-09 "Progress Tracking").
    pub progress_section: Option<Pattern>,
    /// A list item of a progress section is a gate line when it matches this.
    pub progress_gate: Option<Pattern>,
    /// Statuses that pass a gate.
    pub pass: Option<Pattern>,
    /// Statuses that fail a gate (or make it conditional on a justification).
    pub fail: Option<Pattern>,
    /// Text that mentions a status word without being a status ("no violations").
    pub not_status: Option<Pattern>,
    /// Labels that speak for the whole check rather than one principle ("Gate Result").
    pub overall_label: Option<Pattern>,
    /// Table columns naming the principle or gate.
    pub label_column: Option<Pattern>,
    /// Table columns holding a gate's status.
    pub status_column: Option<Pattern>,
    /// Table columns holding a justification (Complexity Tracking "Why Needed").
    pub justification_column: Option<Pattern>,
    /// Table columns holding the rejected alternative or the mitigation.
    pub alternative_column: Option<Pattern>,
    /// Labels of violation entries written as fields: Violation / Justification / Mitigation.
    pub violation_label: Option<Pattern>,
    pub justification_label: Option<Pattern>,
    pub alternative_label: Option<Pattern>,
    /// A cell or value that means "nothing here": `(none)`, `N/A`, `—` …
    pub none: Option<Pattern>,
    /// The constitution section holding the principles ("Core Principles").
    pub principles_section: Option<Pattern>,
    /// A principle heading's text, with groups `id` (numeral, `P-1`, `V.6`) and `name`.
    pub principle: Option<Pattern>,
    /// A principle written as a bold lead (`**Article I: …**`), groups `id` and `name`.
    pub article: Option<Pattern>,
    /// A marker dating a principle's addition, group `date` (`(ADDED 2025-12-04)`).
    pub added: Option<Pattern>,
    /// The constitution's field giving the date it was ratified (`**Ratified**: 2026-07-08`):
    /// plans written before it are not held to its principles.
    pub ratified: Option<Pattern>,
    /// The line opening an amendment report in the constitution's comments ("Sync Impact
    /// Report (1.2.0, 2026-08-16)"); a dated report's added principles are dated with it.
    pub amendment_report: Option<Pattern>,
    /// The line of a report listing added principles; the list runs on over the lines
    /// indented deeper than it.
    pub added_list: Option<Pattern>,
}

impl ConstitutionRules {
    pub(super) fn inherit(&mut self, base: &ConstitutionRules) {
        if self.files.is_empty() {
            self.files = base.files.clone();
        }
        inherit_fields!(self, base;
            required, check_section, justification_section, progress_section, progress_gate,
            pass, fail, not_status, overall_label, label_column, status_column,
            justification_column, alternative_column, violation_label, justification_label,
            alternative_label, none, principles_section, principle, article, added,
            ratified, amendment_report, added_list,
        );
    }
}

/// Quality-gate checklists (Q001–Q003).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChecklistRules {
    /// Checklists (relative to the plan's folder) whose unchecked items are errors (Q001); the
    /// first is the plan quality checklist Q002 asks for. `checklists:` in planlint.yaml adds
    /// more.
    #[serde(default)]
    gates: Vec<String>,
    /// `gates` compiled, on first use (a glob that does not compile matches nothing).
    #[serde(skip)]
    gate_set: OnceLock<globset::GlobSet>,
    /// Whether the plan quality checklist must exist (Q002).
    pub required: Option<bool>,
    /// A checklist item's ID at the start of its text (`CHK001`).
    pub item: Option<Pattern>,
    /// A traceability reference in an item (`[Spec §FR-1]`, `[Gap]` …).
    pub reference: Option<Pattern>,
    /// Q003 reports a checklist where fewer than this percentage of items carry a reference.
    pub threshold: Option<u8>,
}

impl ChecklistRules {
    pub(super) fn inherit(&mut self, base: &ChecklistRules) {
        if self.gates.is_empty() {
            self.add_gates(&base.gates);
        }
        inherit_fields!(self, base; required, item, reference, threshold);
    }

    /// The gate checklists' globs, the plan quality checklist first.
    pub fn gates(&self) -> &[String] {
        &self.gates
    }

    pub fn add_gates(&mut self, globs: &[String]) {
        self.gates.extend_from_slice(globs);
        self.gate_set = OnceLock::new();
    }

    /// Whether a file (relative to the plan's folder) is one of the gate checklists.
    pub fn is_gate(&self, rel: &Path) -> bool {
        self.gate_set
            .get_or_init(|| {
                let mut set = globset::GlobSetBuilder::new();
                for glob in self.gates.iter().filter_map(|g| path_glob(g).ok()) {
                    set.add(glob);
                }
                set.build().unwrap_or_else(|_| globset::GlobSet::empty())
            })
            .is_match(rel)
    }
}

/// A glob over paths relative to a plan's folder: `*` stays within one folder. Shared by the
/// config check of `checklists:` and the match, so both read a glob alike.
pub fn path_glob(glob: &str) -> Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
}

/// Decision records and research entries (A005–A006).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DecisionRules {
    /// The provisional-decision marker.
    pub provisional: Option<Pattern>,
    /// A tasks.md task line that is a decision review checkpoint.
    pub review_task: Option<Pattern>,
    /// A decision's ID in its heading (`TD001`), group `id`.
    pub decision_heading: Option<Pattern>,
    /// What a decision record must hold, each a label pattern.
    #[serde(default)]
    pub decision_parts: Vec<Part>,
    /// The label that makes a research.md section a decision entry.
    pub research_entry: Option<Pattern>,
    /// What a research entry must hold besides its decision.
    #[serde(default)]
    pub research_parts: Vec<Part>,
}

impl DecisionRules {
    pub(super) fn inherit(&mut self, base: &DecisionRules) {
        if self.decision_parts.is_empty() {
            self.decision_parts = base.decision_parts.clone();
        }
        if self.research_parts.is_empty() {
            self.research_parts = base.research_parts.clone();
        }
        inherit_fields!(self, base; provisional, review_task, decision_heading, research_entry);
    }
}

/// One part a decision or research entry must have.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Part {
    /// How the part is named in messages.
    pub name: String,
    /// Matches the part's label (a bold lead, a `Label:` lead or a heading key).
    pub label: Pattern,
}

/// The documentation tree in Project Structure, whose entries are companions (S007).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentationTree {
    /// The heading key of the section holding the tree.
    pub section: Pattern,
    /// An entry's comment saying it is not expected yet ("NOT created by /plan", "optional").
    pub later: Option<Pattern>,
}

/// Extra requirements for plans with a given file name (the epic `impl-plan.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Variant {
    pub plan_file: String,
    /// Sections and header fields required on top of the pack's plan requirements.
    #[serde(default)]
    pub plan: ArtifactRules,
    /// Whether the plan quality checklist must exist (Q002), overriding `checklists.required`.
    pub checklist_required: Option<bool>,
}
