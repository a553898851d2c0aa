//! Reading a line or list item as `label` + `rest`: `- [x] **Label**: rest`, `**Label:** rest`,
//! `**Label** rest`, `Label: rest`, with list markers, checkboxes and leading status symbols
//! (`✅ **Simplicity**: …`) told apart from the label. Shared by the rules that read labelled
//! plan text: constitution gates and entries, decision records and research entries.

use crate::document::{Document, ListItem, Span};

/// A line or item split at its label.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The whole text, list marker included, line ending excluded.
    pub line: Span,
    /// The `[ ]` / `[x]` box, when there is one.
    pub checkbox: Option<Span>,
    /// Symbols between the marker and the label (`✅ `).
    pub lead: Span,
    /// The label, emphasis removed; empty when the text has none.
    pub label: String,
    /// Everything after the label and its colon.
    pub rest: Span,
}

/// Split `span` of `text` at its label. `None` for blank text.
pub fn labelled(text: &str, span: Span) -> Option<Labelled> {
    let s = &text[span.clone()];
    let s = s.trim_end();
    if s.trim().is_empty() {
        return None;
    }
    let base = span.start;
    let end = base + s.len();
    let mut pos = s.len() - s.trim_start_matches([' ', '\t', '>']).len();
    pos += list_marker(&s[pos..]);
    let mut checkbox = None;
    if let Some(len) = checkbox_len(&s[pos..]) {
        checkbox = Some(base + pos..base + pos + 3);
        pos += len;
    }
    let lead_start = pos;
    pos += s[pos..]
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric() || matches!(c, '*' | '_' | '`' | '[' | '('))
        .map_or(s.len() - pos, |(i, _)| i);
    let lead = base + lead_start..base + pos;
    let (label, rest_start) = match bold_label(&s[pos..]) {
        Some((label, after)) => (label, pos + after),
        None => match colon_label(&s[pos..]) {
            Some((label, after)) => (label, pos + after),
            None => (String::new(), pos),
        },
    };
    let rest_start = rest_start + s[rest_start..].len() - s[rest_start..].trim_start().len();
    Some(Labelled {
        line: base..end,
        checkbox,
        lead,
        label: clean_label(&label),
        rest: base + rest_start..end.max(base + rest_start),
    })
}

fn list_marker(s: &str) -> usize {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let marker = if digits > 0 && s[digits..].starts_with(['.', ')']) {
        digits + 1
    } else if s.starts_with(['-', '*', '+']) && !s.starts_with("**") {
        1
    } else {
        return 0;
    };
    if s[marker..].starts_with([' ', '\t']) {
        marker + s[marker..].len() - s[marker..].trim_start().len()
    } else {
        0
    }
}

fn checkbox_len(s: &str) -> Option<usize> {
    let rest = s
        .strip_prefix("[ ]")
        .or_else(|| s.strip_prefix("[x]"))
        .or_else(|| s.strip_prefix("[X]"))?;
    Some(s.len() - rest.trim_start().len())
}

/// `**Label**: rest`, `**Label:** rest`, `**Label** rest`: the label and where the rest starts.
fn bold_label(s: &str) -> Option<(String, usize)> {
    let inner = s.strip_prefix("**").or_else(|| s.strip_prefix("__"))?;
    let close = inner.find(&s[..2])?;
    let label = &inner[..close];
    let mut after = 2 + close + 2;
    let tail = &s[after..];
    let trimmed = tail.trim_start();
    if let Some(t) = trimmed.strip_prefix(':') {
        after += tail.len() - t.len();
    }
    Some((label.to_string(), after))
}

/// `Label: rest` where the label is short and the colon ends it (not a URL or a time).
fn colon_label(s: &str) -> Option<(String, usize)> {
    let colon = s.find(':')?;
    let label = &s[..colon];
    let after = &s[colon + 1..];
    let ends = after.is_empty() || after.starts_with([' ', '\t']);
    let short = !label.trim().is_empty() && label.chars().count() <= 80;
    let sentence = label.contains(". ") || label.ends_with('.');
    (ends && short && !sentence).then(|| (label.to_string(), colon + 1))
}

/// A label with emphasis, surrounding space and a trailing colon or full stop trimmed
/// (`**Decision.** …` is labelled like `**Decision**: …`).
pub fn clean_label(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace())
        .trim_end_matches([':', '.'])
        .trim()
        .to_string()
}

/// The labels of the lines of `span` outside code and comments, each with its line.
pub fn labels_in(doc: &Document, span: &Span) -> Vec<Labelled> {
    let first = doc.line_of(span.start);
    let last = doc.line_of(span.end.saturating_sub(1).max(span.start));
    (first..=last)
        .map(|l| doc.lines.line_range(&doc.text, l))
        .filter(|r| {
            r.start >= span.start
                && r.start < span.end.max(span.start + 1)
                && !doc.is_opaque(r.start)
        })
        .filter_map(|r| labelled(&doc.text, r))
        .filter(|l| !l.label.is_empty())
        .collect()
}

/// A list item's own text: the item without its nested items.
pub fn own_text(doc: &Document, item: &ListItem) -> Span {
    let end = doc
        .list_items
        .iter()
        .find(|o| o.span.start > item.span.start && o.span.start < item.span.end)
        .map_or(item.span.end, |child| child.span.start);
    let s = &doc.text[item.span.start..end];
    item.span.start..item.span.start + s.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, String, Option<String>, String) {
        let l = labelled(s, 0..s.len()).unwrap();
        (
            l.label,
            s[l.rest].to_string(),
            l.checkbox.map(|c| s[c].to_string()),
            s[l.lead].to_string(),
        )
    }

    #[test]
    fn labels_in_their_forms() {
        assert_eq!(
            parts("- [x] **Configuration-Driven**: yes ✅"),
            (
                "Configuration-Driven".into(),
                "yes ✅".into(),
                Some("[x]".into()),
                "".into()
            )
        );
        assert_eq!(parts("**Gate Result:** PASS").0, "Gate Result");
        assert_eq!(parts("**Gate Result:** PASS").1, "PASS");
        assert_eq!(
            parts("**IV. Performance** ⚠️ REQUIRES VALIDATION").1,
            "⚠️ REQUIRES VALIDATION"
        );
        assert_eq!(
            parts("- [ ] Initial Constitution Check: PASS").0,
            "Initial Constitution Check"
        );
        assert_eq!(parts("- ✅ **Simplicity**: fine").3, "✅ ");
        assert_eq!(parts("- See https://x.org for more").0, "");
        assert_eq!(parts("1. Plain sentence. Then: more").0, "");
    }
}
