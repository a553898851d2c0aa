//! S — structure and template: required sections and header fields per artifact, unfilled
//! template text, open clarifications, companions and TODO markers.

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

/// Each Markdown file of the set with the pack's requirements for its kind of artifact.
fn required<'a>(
    cx: &'a Context,
) -> impl Iterator<Item = (usize, &'a Document, &'a ArtifactRules)> + 'a {
    cx.set
        .docs()
        .filter_map(|(i, f, d)| cx.pack.artifact(f.kind).map(|r| (i, d, r)))
}
