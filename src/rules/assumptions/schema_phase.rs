use crate::declare_rule;
use crate::document::{heading_key, normalise_label};
use crate::rule::{Context, Emitter, Rule};
use crate::rules::tables::{cell_value, column_cells};

declare_rule! {
    /// ## What it checks
    /// A Schema Changes row whose Phase is not one of the pack's phases (expand, backfill,
    /// contract), and a contract-phase change in a plan that gives no Deploy Ordering (a
    /// heading or a bold label of that name).
    ///
    /// ## Why
    /// Expand/backfill/contract is what makes a migration safe to deploy without downtime; a
    /// contract change (dropping or tightening a column) before the code stops relying on the
    /// old shape breaks production, so its ordering must be written down.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | Backfill `currency_code` for existing rows | migrate | After expand |
    /// ```
    /// Passing:
    /// ```markdown
    /// | Backfill `currency_code` for existing rows | backfill | After expand |
    /// ```
    pub struct SchemaPhase {
        code: "A004",
        name: "schema-phase",
        family: Assumptions,
        severity: Warning,
        help: "mark each change expand, backfill or contract, and give a Deploy Ordering for contract changes",
    }
}

impl Rule for SchemaPhase {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(vocab), Some(doc)) = (&cx.pack.schema_changes, cx.set.plan_doc()) else {
            return;
        };
        let ordering = heading_key(&vocab.ordering);
        let has_ordering = doc.headings.iter().any(|h| h.key == ordering)
            || doc.fields().any(|f| normalise_label(&f.name) == ordering);
        for (row, cell) in column_cells(doc, &vocab.section, &vocab.column) {
            // The first word: "expand (safe before code)" is an expand change.
            let phase = cell
                .map_or("", cell_value)
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let span = cell.map_or(row.span.clone(), |c| c.span.clone());
            let change = row.cells.first().map_or(String::new(), |c| c.text.clone());
            if !vocab.phases.iter().any(|p| p.eq_ignore_ascii_case(&phase)) {
                out.emit(
                    cx.set.plan,
                    span,
                    format!(
                        "schema change `{change}` has phase `{phase}`, not one of {}",
                        vocab.phases.join(", ")
                    ),
                );
            } else if phase.eq_ignore_ascii_case(&vocab.ordered_phase) && !has_ordering {
                out.emit(
                    cx.set.plan,
                    span,
                    format!(
                        "{phase} change `{change}` with no {} saying when it runs",
                        vocab.ordering
                    ),
                );
            }
        }
    }
}
