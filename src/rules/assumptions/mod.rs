//! A — assumptions, questions, security and schema: the plan's registers of things decided
//! provisionally (Assumption Register, Open Questions), the Security Considerations table
//! and the Schema Changes table. Section and column names and accepted values come from the
//! pack (`assumptions:`, `open-questions:`, `security:`, `schema-changes:`).

mod open_question;
mod schema_phase;
mod security_unanswered;
mod unresolved_assumption;

pub use open_question::OpenQuestion;
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
