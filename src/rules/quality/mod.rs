//! Q — quality-gate checklists: unchecked items in the plan quality checklist (and the
//! checklists named in config), a missing plan quality checklist, and CHK items without a
//! traceability reference. The checklists and patterns come from the pack's `checklists:`.

mod checklist_missing;
mod checklist_traceability;
mod unchecked_item;

pub use checklist_missing::ChecklistMissing;
pub use checklist_traceability::ChecklistTraceability;
pub use unchecked_item::UncheckedItem;

use std::path::Path;

use crate::pack::ChecklistRules;

/// Whether a file (relative to the plan's folder) is one of the gate checklists.
fn is_gate(rules: &ChecklistRules, rel: &Path) -> bool {
    rules.gates.iter().any(|g| {
        globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .is_ok_and(|glob| glob.compile_matcher().is_match(rel))
    })
}
