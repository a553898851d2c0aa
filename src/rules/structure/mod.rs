//! S — structure and template: required sections and header fields per artifact, unfilled
//! template text, open clarifications, companions and TODO markers.

mod doc_tree;
mod empty_section;
mod id_format;
mod missing_companion;
mod missing_metadata;
mod missing_section;
mod needs_clarification;
mod template_placeholder;
mod todo_marker;

pub use empty_section::EmptySection;
pub use id_format::IdFormat;
pub use missing_companion::MissingCompanion;
pub use missing_metadata::MissingMetadata;
pub use missing_section::MissingSection;
pub use needs_clarification::NeedsClarification;
pub use template_placeholder::TemplatePlaceholder;
pub use todo_marker::TodoMarker;

use crate::document::Document;
use crate::pack::ArtifactRules;
use crate::rule::Context;

/// Each Markdown file of the set with the pack's requirements for its kind of artifact; the
/// plan comes a second time with its variant's requirements when its file name has one
/// (the epic `impl-plan.md`).
fn required<'a>(
    cx: &'a Context,
) -> impl Iterator<Item = (usize, &'a Document, &'a ArtifactRules)> + 'a {
    let variant = cx
        .set
        .plan_doc()
        .zip(cx.set.plan_file().path.file_name().and_then(|n| n.to_str()))
        .and_then(|(doc, name)| cx.pack.variant(name).map(|v| (cx.set.plan, doc, &v.plan)));
    cx.set
        .docs()
        .filter_map(|(i, f, d)| cx.pack.artifact(f.kind).map(|r| (i, d, r)))
        .chain(variant)
}
