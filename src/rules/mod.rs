//! The rule registry: every rule planlint knows, one file per rule, grouped by family.

pub mod branch;
pub mod planlint;
pub mod structure;
pub mod text;

use std::sync::OnceLock;

use crate::rule::{Rule, RuleMeta};

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
    &planlint::UnreadableFile,
];

/// Rules about the branch alone, run once per run (see [`branch`]).
static BRANCH_RULES: &[&dyn branch::BranchRule] = &[
    &branch::BranchName,
    &branch::ProtectedBranch,
    &branch::BranchTooLong,
];

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

/// Every rule's metadata, sorted by code.
pub fn all() -> &'static [&'static RuleMeta] {
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

/// A rule by code (`S003`, any case) or name (`template-placeholder`).
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Every code and name, for suggestions.
pub fn codes() -> impl Iterator<Item = &'static str> {
    all().iter().flat_map(|r| [r.code, r.name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(seen.insert(r.name), "duplicate name {}", r.name);
            let doc = r.explanation();
            assert!(doc.contains("## What it checks"), "{} lacks docs", r.code);
            assert!(doc.contains("## Example"), "{} lacks an example", r.code);
            assert!(!r.help.is_empty());
        }
    }
}
