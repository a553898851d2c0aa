use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A suppression comment naming a rule code or name that planlint does not know. (Unknown
    /// codes in `planlint.yaml` are configuration errors and stop the run with exit code 2.)
    ///
    /// ## Why
    /// A typo in a suppression silently suppresses nothing.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// <!-- planlint-disable-next-line S0008 -->
    /// ```
    /// Passing:
    /// ```markdown
    /// <!-- planlint-disable-next-line S008 -->
    /// ```
    pub struct UnknownCode {
        code: "X002",
        name: "unknown-code",
        family: Planlint,
        severity: Error,
        help: "use a code or name listed by `planlint rules`",
    }
}
