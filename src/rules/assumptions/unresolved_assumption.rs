use super::unanswered_rows;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// An Assumption Register row whose Resolved? cell does not say the assumption was
    /// confirmed (the pack's `resolved` pattern: a cell starting with "Confirmed" or "Yes",
    /// such as "Confirmed in spec"). An empty cell is unresolved too. A warning while you
    /// work, it is an error in `planlint hook pre-push` and `planlint ci` unless `rules:` or
    /// `overrides:` in planlint.yaml set its severity.
    ///
    /// ## Why
    /// The seed: "If Resolved? is not Confirmed or Yes, the SE MUST flag it to the user before
    /// implementing that requirement." Unconfirmed assumptions are decisions nobody made.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | A-1 | Widget names don't need uniqueness | Duplicates possible | Ask stakeholder |
    /// ```
    /// Passing:
    /// ```markdown
    /// | A-1 | Widget names don't need uniqueness | Duplicates possible | Confirmed by product owner |
    /// ```
    pub struct UnresolvedAssumption {
        code: "A001",
        name: "unresolved-assumption",
        family: Assumptions,
        severity: Warning,
        help: "confirm the assumption with its owner and write \"Confirmed\" (and by whom), or turn it into an open question",
    }
}

impl Rule for UnresolvedAssumption {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(vocab) = &cx.pack.assumptions else {
            return;
        };
        for row in unanswered_rows(cx, &vocab.section, &vocab.column, &vocab.resolved) {
            out.emit(
                cx.set.plan,
                row.span,
                format!(
                    "assumption `{}` is not confirmed (Resolved? is {})",
                    row.subject, row.answer
                ),
            );
        }
    }
}
