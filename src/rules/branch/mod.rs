//! B — branch and identity: the branch being committed, pushed or checked against the
//! profile's naming convention (B001), the plan's own record of its branch (B002), the plan's
//! Task key (B003), protected branches (B004) and the length limit (B005).
//!
//! B002 and B003 compare each plan set with the branch (`Context::branch`), like any other
//! rule. B001, B004 and B005 are
//! about the branch alone: they are [`BranchRule`]s, run once per run by the engine
//! ([`crate::engine::branch_findings`]) and reported against the first plan whose profile
//! enables them, so every output format has a file to point at.

mod branch_mismatch;
mod branch_name;
mod branch_too_long;
mod protected_branch;
mod task_id_mismatch;

pub use branch_mismatch::BranchMismatch;
pub use branch_name::BranchName;
pub use branch_too_long::BranchTooLong;
pub use protected_branch::ProtectedBranch;
pub use task_id_mismatch::TaskIdMismatch;

use crate::rule::HasMeta;
use crate::yaml::Pattern;

/// What a run-level branch rule sees.
pub struct BranchContext<'a> {
    pub name: &'a str,
    /// The branch matches `branch.protected` (default main, master, develop).
    pub protected: bool,
    /// Plan changes are being committed or pushed (the git hooks). `check` and `ci` commit
    /// nothing, so B004 stays silent there.
    pub committing: bool,
    /// The naming patterns: `branch.patterns` from the config, else those of the profiles in
    /// the run that enable the rule.
    pub patterns: Vec<&'a Pattern>,
    /// The profiles in the run that enable the rule (for messages).
    pub profiles: Vec<&'a str>,
}

/// A run-level rule's finding: the message and, when it differs from the rule's, the help.
pub struct Verdict {
    pub message: String,
    pub help: Option<String>,
}

/// A rule about the branch alone, run once per run.
pub trait BranchRule: HasMeta + Send + Sync {
    fn check(&self, cx: &BranchContext) -> Option<Verdict>;
}

/// The plan's record of its branch from a header field value: the first word, without
/// backticks, brackets or quotes (`` `[039-x]` `` → `039-x`; `` `feat/x` (spec dir `015-`) ``
/// → `feat/x`). `None` when the value is empty or an unfilled template placeholder (S003
/// reports those).
pub fn recorded_branch(value: &str) -> Option<&str> {
    let word = value.split_whitespace().next()?;
    let word = word.trim_matches(|c| matches!(c, '`' | '[' | ']' | '"' | '\'' | '*' | '_'));
    let placeholder = word.contains(['#', '{', '}', '<', '>', '[', ']']);
    (!placeholder && word.chars().any(char::is_alphanumeric)).then_some(word)
}

/// Whether two branch names are the same branch: equal ignoring ASCII case, or equal once
/// one of them drops leading `prefix/` segments (`spec/013-x` and `013-x`).
pub fn same_branch(a: &str, b: &str) -> bool {
    let suffix = |long: &str, short: &str| {
        long.len() > short.len()
            && long.as_bytes()[long.len() - short.len() - 1] == b'/'
            && long[long.len() - short.len()..].eq_ignore_ascii_case(short)
    };
    a.eq_ignore_ascii_case(b) || suffix(a, b) || suffix(b, a)
}

/// The feature key at the start of `name` (a branch segment or a folder name), normalised for
/// comparison: lowercase, leading zeros of a number dropped (`007` and `7` are one feature).
pub fn feature_key(name: &str, key: &Pattern) -> Option<String> {
    let caps = key.captures(name)?;
    let found = caps.name("key").or_else(|| caps.get(0))?.as_str();
    let lower = found.to_ascii_lowercase();
    if lower.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = lower.trim_start_matches('0');
        return Some(if trimmed.is_empty() {
            "0".into()
        } else {
            trimmed.into()
        });
    }
    Some(lower)
}

/// The feature key of a branch: that of its first segment that has one
/// (`feat/OGC-009-sidenav/m1-core` → `ogc-009`).
pub fn branch_key(branch: &str, key: &Pattern) -> Option<String> {
    branch
        .split('/')
        .find_map(|segment| feature_key(segment, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_pattern() -> Pattern {
        let generic = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "generic")
            .expect("generic pack");
        generic.branch.key.clone().expect("generic defines the key")
    }

    #[test]
    fn recorded_branch_strips_decoration() {
        assert_eq!(
            recorded_branch("[039-github-roadmap-sync]"),
            Some("039-github-roadmap-sync")
        );
        assert_eq!(
            recorded_branch("`feat/x` (spec dir `015-`)"),
            Some("feat/x")
        );
        assert_eq!(recorded_branch("[###-feature-name]"), None);
        assert_eq!(recorded_branch(""), None);
        assert_eq!(recorded_branch("—"), None);
    }

    #[test]
    fn same_branch_tolerates_prefixes_and_case() {
        assert!(same_branch("spec/013-x", "013-x"));
        assert!(same_branch("013-x", "spec/013-x"));
        assert!(same_branch("spec/ogc-949-x", "spec/OGC-949-x"));
        assert!(!same_branch("feat/x", "fix/x"));
        assert!(!same_branch("a-013-x", "013-x"));
    }

    #[test]
    fn feature_keys() {
        let k = key_pattern();
        let key = |s: &str| feature_key(s, &k);
        assert_eq!(key("001-login").as_deref(), Some("1"));
        assert_eq!(
            key("20250101-120000-login").as_deref(),
            Some("20250101-120000")
        );
        assert_eq!(key("PROJ-12_login").as_deref(), Some("proj-12"));
        assert_eq!(key("OGC-41-westgard-qc").as_deref(), Some("ogc-41"));
        assert_eq!(key("F-API-002-minirag").as_deref(), Some("f-api-002"));
        assert_eq!(key("workspace-scaffold"), None);
        assert_eq!(key("2fa-login"), None);
        assert_eq!(key("ogc-949-catalog").as_deref(), Some("ogc-949"));
        assert_eq!(key("s11-s12-parallel-dev-086100"), None);
        assert_eq!(
            branch_key("feat/OGC-009-sidenav/m1-core", &k).as_deref(),
            Some("ogc-009")
        );
        assert_eq!(branch_key("feat/workspace-scaffold", &k), None);
    }
}
