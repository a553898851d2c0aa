//! A — assumptions, questions, security, schema and decisions: the plan's registers of things
//! decided provisionally (Assumption Register, Open Questions), the Security Considerations
//! table, the Schema Changes table, provisional decisions without a review checkpoint in
//! tasks.md, and decision records or research entries missing their parts. Section and column
//! names, accepted values, markers and parts come from the pack (`assumptions:`,
//! `open-questions:`, `security:`, `schema-changes:`, `decisions:`).

mod decision_incomplete;
mod open_question;
mod provisional_decision;
mod schema_phase;
mod security_unanswered;
mod unresolved_assumption;

pub use decision_incomplete::DecisionIncomplete;
pub use open_question::OpenQuestion;
pub use provisional_decision::ProvisionalDecision;
pub use schema_phase::SchemaPhase;
pub use security_unanswered::SecurityUnanswered;
pub use unresolved_assumption::UnresolvedAssumption;

use crate::document::{Cell, Span};
use crate::rule::Context;
use crate::rules::tables::{cell_value, column_cells};
use crate::yaml::Pattern;

/// Whether a cell still holds template text (S003 reports it; one finding per defect).
fn is_placeholder(cx: &Context, text: &str, cell: &Cell) -> bool {
    cx.pack.has_placeholder(&text[cell.span.clone()])
}

/// A register row (Assumption Register, Security Considerations) whose answer cell does not
/// give an accepted answer.
struct Unanswered<'d> {
    /// The row's first cell: what the row is about.
    subject: &'d str,
    /// The answer as shown in a message: `` `Partly` ``, or `empty`.
    answer: String,
    /// The answer cell, or the row when it has none.
    span: Span,
}

/// The rows of the plan's register tables — tables under `section` with a `column` — whose
/// cell in that column does not match `accepted`. A missing or empty cell is unanswered; a
/// cell still holding template text is skipped (S003 reports it).
fn unanswered_rows<'d>(
    cx: &'d Context,
    section: &str,
    column: &[String],
    accepted: &Pattern,
) -> Vec<Unanswered<'d>> {
    let Some(doc) = cx.set.plan_doc() else {
        return Vec::new();
    };
    column_cells(doc, section, column)
        .filter_map(|(row, cell)| {
            let value = cell.map_or("", cell_value);
            if cell.is_some_and(|c| is_placeholder(cx, &doc.text, c)) || accepted.is_match(value) {
                return None;
            }
            Some(Unanswered {
                subject: row.cells.first().map_or("", cell_value),
                answer: if value.is_empty() {
                    "empty".to_string()
                } else {
                    format!("`{value}`")
                },
                span: cell.map_or(row.span.clone(), |c| c.span.clone()),
            })
        })
        .collect()
}
