//! Q — quality-gate checklists: unchecked items in the plan quality checklist (and the
//! checklists named in config), a missing plan quality checklist, and CHK items without a
//! traceability reference. The checklists and patterns come from the pack's `checklists:`.

mod checklist_missing;
mod checklist_traceability;
mod unchecked_item;

pub use checklist_missing::ChecklistMissing;
pub use checklist_traceability::ChecklistTraceability;
pub use unchecked_item::UncheckedItem;
