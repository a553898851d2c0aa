use crate::declare_rule;
use crate::rule::HasMeta;
use crate::rules::branch::{BranchContext, BranchRule, Verdict};

declare_rule! {
    /// ## What it checks
    /// The branch does not match the naming convention of the profiles in the run: spec-kit
    /// `001-short-name` or `20250101-120000-short-name` (optionally behind one `prefix/`),
    /// spec-mesh `feature/42-slug` or `spec/42-slug`, functional `PROJ-123_short_name`.
    /// `branch.patterns` in planlint.yaml replaces the profiles' patterns. Protected branches
    /// (`branch.protected`, default main, master, develop) are exempt. Checked once per run;
    /// the finding points at the first plan whose profile enables the rule.
    ///
    /// ## Why
    /// The tools around the plans read the feature from the branch name: spec-kit finds the
    /// feature folder by its number, the functional planner takes the Jira key before `_`.
    ///
    /// ## Example
    /// Failing (spec-kit profile): the branch `login-page`.
    /// ```text
    /// git switch -c login-page
    /// ```
    /// Passing:
    /// ```text
    /// git switch -c 004-login-page
    /// ```
    pub struct BranchName {
        code: "B001",
        name: "branch-name",
        family: Branch,
        severity: Error,
        help: "rename the branch (`git branch -m NEW-NAME`) to follow the convention, or set `branch.patterns` in planlint.yaml",
    }
}

impl BranchRule for BranchName {
    fn check(&self, cx: &BranchContext) -> Option<Verdict> {
        if cx.protected || cx.patterns.is_empty() || cx.patterns.iter().any(|p| p.is_match(cx.name))
        {
            return None;
        }
        let patterns: Vec<String> = cx
            .patterns
            .iter()
            .map(|p| format!("`{}`", p.as_str()))
            .collect();
        let whose = if cx.profiles.is_empty() {
            "the configured naming pattern".to_string()
        } else {
            format!("the {} naming convention", cx.profiles.join(" or "))
        };
        Some(Verdict {
            message: format!("branch `{}` does not follow {whose}", cx.name),
            help: Some(format!(
                "{}; expected a name matching {}",
                self.meta().help,
                patterns.join(" or ")
            )),
        })
    }
}
