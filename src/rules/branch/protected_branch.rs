use crate::declare_rule;
use crate::rules::branch::{BranchContext, BranchRule, Verdict};

declare_rule! {
    /// ## What it checks
    /// Plan changes are committed (`planlint hook pre-commit`) or pushed (`planlint hook
    /// pre-push`) directly on a protected branch (`branch.protected`, default main, master,
    /// develop). Only the hooks report it: `planlint check` commits nothing, and `planlint ci`
    /// cannot tell a direct commit on main from a merged pull request (the forge's branch
    /// protection is the tool there).
    ///
    /// ## Why
    /// Plans are reviewed on a feature branch before they reach the main line; a plan edited
    /// on main skips that review.
    ///
    /// ## Example
    /// Failing: on `main`, with `specs/004-login/plan.md` staged.
    /// ```text
    /// git switch main && git commit -am "tweak plan"
    /// ```
    /// Passing:
    /// ```text
    /// git switch -c 004-login && git commit -am "tweak plan"
    /// ```
    pub struct ProtectedBranch {
        code: "B004",
        name: "protected-branch",
        family: Branch,
        severity: Warning,
        help: "commit plan changes on a feature branch and merge them by pull request",
    }
}

impl BranchRule for ProtectedBranch {
    fn check(&self, cx: &BranchContext) -> Option<Verdict> {
        (cx.protected && cx.committing).then(|| Verdict {
            message: format!(
                "plan changes committed directly on the protected branch `{}`",
                cx.name
            ),
            help: None,
        })
    }
}
