use crate::declare_rule;
use crate::rules::branch::{BranchContext, BranchRule, Verdict};

/// GitHub rejects longer branch names; spec-kit truncates new branch names to this length.
const MAX_BRANCH_BYTES: usize = 244;

declare_rule! {
    /// ## What it checks
    /// The branch name is longer than 244 bytes (UTF-8).
    ///
    /// ## Why
    /// GitHub refuses to create longer branch names, so the push fails late; spec-kit's
    /// `create-new-feature` truncates its branch names to 244 bytes for the same reason.
    ///
    /// ## Example
    /// Failing: a branch named after a whole sentence, 250 bytes long.
    /// ```text
    /// 001-add-a-very-long-description-of-the-feature-…
    /// ```
    /// Passing:
    /// ```text
    /// 001-short-name
    /// ```
    pub struct BranchTooLong {
        code: "B005",
        name: "branch-too-long",
        family: Branch,
        severity: Error,
        help: "rename the branch to 244 bytes or fewer (`git branch -m SHORTER-NAME`)",
    }
}

impl BranchRule for BranchTooLong {
    fn check(&self, cx: &BranchContext) -> Option<Verdict> {
        (cx.name.len() > MAX_BRANCH_BYTES).then(|| Verdict {
            message: format!(
                "branch name is {} bytes long, over the {MAX_BRANCH_BYTES}-byte limit",
                cx.name.len()
            ),
            help: None,
        })
    }
}
