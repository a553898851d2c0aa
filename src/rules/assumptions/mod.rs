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

use crate::document::Cell;
use crate::rule::Context;

/// Whether a cell still holds template text (S003 reports it; one finding per defect).
fn is_placeholder(cx: &Context, text: &str, cell: &Cell) -> bool {
    cx.pack
        .placeholders
        .iter()
        .any(|p| p.pattern.is_match(&text[cell.span.clone()]))
}
