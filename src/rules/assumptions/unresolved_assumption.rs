use super::is_placeholder;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::tables::{cell_value, column_cells};

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
        let (Some(vocab), Some(doc)) = (&cx.pack.assumptions, cx.set.plan_doc()) else {
            return;
        };
        for (row, cell) in column_cells(doc, &vocab.section, &vocab.column) {
            let value = cell.map_or("", cell_value);
            if cell.is_some_and(|c| is_placeholder(cx, &doc.text, c))
                || vocab.resolved.is_match(value)
            {
                continue;
            }
            let what = row.cells.first().map_or("", cell_value);
            let shown = if value.is_empty() {
                "empty".to_string()
            } else {
                format!("`{value}`")
            };
            out.emit(
                cx.set.plan,
                cell.map_or(row.span.clone(), |c| c.span.clone()),
                format!("assumption `{what}` is not confirmed (Resolved? is {shown})"),
            );
        }
    }
}
