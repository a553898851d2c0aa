//! P — paths in technical plans: each implementation step names its files and tests (P001),
//! and what the plan says it modifies exists (P002). The vocabulary is the pack's `steps`
//! section (headings, table columns, change words) and `paths` section (what a path is).

mod path_not_found;
mod step_without_path;

pub use path_not_found::PathNotFound;
pub use step_without_path::StepWithoutPath;

use crate::document::{heading_key, Document, Span};

/// The spans of the sections whose headings are named in `names` (matched like S001).
fn sections(doc: &Document, names: &[String]) -> Vec<Span> {
    let keys: Vec<String> = names.iter().map(|n| heading_key(n)).collect();
    doc.headings
        .iter()
        .enumerate()
        .filter(|(_, h)| keys.contains(&h.key))
        .map(|(i, _)| doc.section_body(i))
        .collect()
}
