//! Helpers shared by rules that scan text, such as the span that stands for "this file" in
//! findings about something missing.

use crate::document::{Document, Span};

/// The first line of a document: where findings about something absent from the file point.
pub fn file_start(doc: &Document) -> Span {
    if doc.text.is_empty() {
        return 0..0;
    }
    let line = doc.line_of(doc.front_matter.as_ref().map_or(0, |f| f.end));
    doc.lines.line_range(&doc.text, line)
}
