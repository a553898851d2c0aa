//! The rule registry: every rule planlint knows, one file per rule, grouped by family, plus
//! the custom rules registered when a config or pack defines them.

pub mod assumptions;
pub mod branch;
pub mod constitution;
pub mod coverage;
pub mod custom;
pub mod forbidden;
pub mod ids;
pub mod labels;
pub mod language;
pub mod paths;
pub mod planlint;
pub mod quality;
pub mod repo_paths;
pub mod streams;
pub mod structure;
pub mod tables;
pub mod text;
pub mod traceability;

use std::sync::{Arc, OnceLock, RwLock};

use crate::rule::{Rule, RuleMeta};
use crate::severity::Severity;
use custom::CustomRule;

/// Rules that run over a plan set (X001 and X002 are raised by the engine itself).
static RUNNABLE: &[&dyn Rule] = &[
    &structure::MissingSection,
    &structure::EmptySection,
    &structure::TemplatePlaceholder,
    &structure::NeedsClarification,
    &structure::MissingMetadata,
    &structure::IdFormat,
    &structure::MissingCompanion,
    &structure::TodoMarker,
    &branch::BranchMismatch,
    &traceability::UndefinedReference,
    &traceability::DuplicateId,
    &traceability::FrWithoutAc,
    &traceability::AcWithoutTest,
    &traceability::ContractGap,
    &traceability::AcNotGwt,
    &traceability::ArtifactDisagreement,
    &traceability::UntestedInCode,
    &streams::UnknownStream,
    &streams::DependencyCycle,
    &streams::FrStreamCoverage,
    &streams::DevEnvFirst,
    &streams::ParallelContradiction,
    &assumptions::UnresolvedAssumption,
    &assumptions::OpenQuestion,
    &assumptions::SecurityUnanswered,
    &assumptions::SchemaPhase,
    &forbidden::CodeBlock,
    &forbidden::FilePath,
    &forbidden::CodeDefinition,
    &forbidden::ImportStatement,
    &forbidden::PatternReference,
    &language::AmericanSpelling,
    &branch::TaskIdMismatch,
    &coverage::RequirementWithoutTask,
    &coverage::StoryWithoutTask,
    &coverage::TaskFormat,
    &coverage::PhantomCompletion,
    &paths::StepWithoutPath,
    &paths::PathNotFound,
    &language::VagueTerm,
    &constitution::MissingConstitutionCheck,
    &constitution::GateFailed,
    &constitution::UnjustifiedViolation,
    &constitution::PrincipleNotAddressed,
    &assumptions::ProvisionalDecision,
    &assumptions::DecisionIncomplete,
    &quality::UncheckedItem,
    &quality::ChecklistMissing,
    &quality::ChecklistTraceability,
    &planlint::UnreadableFile,
];

/// Rules about the branch alone, run once per run (see [`branch`]).
static BRANCH_RULES: &[&dyn branch::BranchRule] = &[
    &branch::BranchName,
    &branch::ProtectedBranch,
    &branch::BranchTooLong,
];

/// Severities the pre-push hook and `planlint ci` hold rules to at least, unless the config
/// sets the rule's severity (`rules:`, `overrides:`): what is pushed or merged must not carry
/// unconfirmed assumptions (SPEC: A001 is an error there by default).
pub const GATE_SEVERITIES: [(&str, Severity); 1] = [("A001", Severity::Error)];

/// Rules without a `check` of their own.
static ENGINE_RULES: &[&RuleMeta] = &[
    &planlint::UnusedSuppression::META,
    &planlint::UnknownCode::META,
];

pub fn runnable() -> &'static [&'static dyn Rule] {
    RUNNABLE
}

pub fn branch_rules() -> &'static [&'static dyn branch::BranchRule] {
    BRANCH_RULES
}

/// planlint's own rules, sorted by code.
pub fn builtin() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleMeta> = RUNNABLE
            .iter()
            .map(|r| r.meta())
            .chain(BRANCH_RULES.iter().map(|r| r.meta()))
            .chain(ENGINE_RULES.iter().copied())
            .collect();
        v.sort_by_key(|r| r.code);
        v
    })
}

/// Custom rules defined by the configs and packs loaded so far. Process-wide because rule
/// lookups (suppression comments, `rules:` keys, `--select`) go by code alone; a later
/// definition of the same code replaces the earlier one.
static CUSTOM: RwLock<Vec<Arc<CustomRule>>> = RwLock::new(Vec::new());

/// Make a custom rule known by code and name.
pub fn register_custom(rule: Arc<CustomRule>) {
    let mut custom = CUSTOM.write().unwrap_or_else(|e| e.into_inner());
    custom.retain(|r| r.meta.code != rule.meta.code && r.meta.name != rule.meta.name);
    custom.push(rule);
}

/// A registered custom rule by code.
pub fn custom_rule(code: &str) -> Option<Arc<CustomRule>> {
    let custom = CUSTOM.read().unwrap_or_else(|e| e.into_inner());
    custom.iter().find(|r| r.meta.code == code).cloned()
}

/// Every rule's metadata, built-in and custom, sorted by code.
pub fn all() -> Vec<&'static RuleMeta> {
    let custom = CUSTOM.read().unwrap_or_else(|e| e.into_inner());
    let mut v: Vec<&'static RuleMeta> = builtin()
        .iter()
        .copied()
        .chain(custom.iter().map(|r| r.meta))
        .collect();
    v.sort_by_key(|r| r.code);
    v
}

/// A rule by code (`S003`, any case) or name (`template-placeholder`), built-in or custom.
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Every code and name, for suggestions.
pub fn codes() -> impl Iterator<Item = &'static str> {
    all().into_iter().flat_map(|r| [r.code, r.name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in builtin() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(seen.insert(r.name), "duplicate name {}", r.name);
            let doc = r.explanation();
            assert!(doc.contains("## What it checks"), "{} lacks docs", r.code);
            assert!(doc.contains("## Example"), "{} lacks an example", r.code);
            assert!(!r.help.is_empty());
        }
    }
}
