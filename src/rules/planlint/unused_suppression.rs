use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A `planlint-disable…` comment that suppresses no finding: the code it names does not
    /// fire in the range it covers (any more).
    ///
    /// ## Why
    /// Stale suppressions hide future problems and mislead readers about what is wrong.
    ///
    /// ## Example
    /// Failing (nothing on the next line is a TODO marker):
    /// ```markdown
    /// <!-- planlint-disable-next-line S008 -->
    /// The feature is complete.
    /// ```
    /// Passing:
    /// ```markdown
    /// The feature is complete.
    /// ```
    pub struct UnusedSuppression {
        code: "X001",
        name: "unused-suppression",
        family: Planlint,
        severity: Warning,
        help: "remove the comment, or correct the rule code it names",
    }
}
