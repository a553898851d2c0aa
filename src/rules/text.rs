//! Helpers shared by rules that scan text, such as the span that stands for "this file" in
//! findings about something missing.

use regex::{Match, Regex};

use crate::document::{Document, Span};

/// The first line of a document: where findings about something absent from the file point.
pub fn file_start(doc: &Document) -> Span {
    if doc.text.is_empty() {
        return 0..0;
    }
    let line = doc.line_of(doc.front_matter.as_ref().map_or(0, |f| f.end));
    doc.lines.line_range(&doc.text, line)
}

/// Text quoted in a message: whitespace runs collapsed, at most 60 characters.
pub fn snippet(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// Matches outside code blocks, HTML comments and front matter (inline code included).
pub fn visible_matches<'d>(doc: &'d Document, re: &'d Regex) -> impl Iterator<Item = Match<'d>> {
    re.find_iter(&doc.text)
        .filter(|m| !doc.is_opaque(m.start()))
}
