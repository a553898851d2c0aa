//! A — assumptions, questions, security and decisions: provisional decisions without a review
//! checkpoint in tasks.md, and decision records or research entries missing their parts. The
//! markers, labels and parts come from the pack's `decisions:`.

mod decision_incomplete;
mod provisional_decision;

pub use decision_incomplete::DecisionIncomplete;
pub use provisional_decision::ProvisionalDecision;
