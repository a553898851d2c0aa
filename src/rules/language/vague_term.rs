use std::collections::BTreeSet;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::document::{heading_key, Document, Span};
use crate::pack::VagueTerms;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Vague quality words — fast, scalable, secure, robust, intuitive, user-friendly,
    /// efficient, gracefully, seamless … (the pack's `vague-terms.words`) — in the parts of
    /// plan.md and spec.md that state requirements or criteria, when the same sentence (or
    /// table cell) holds no number and no unit. Those parts are:
    ///
    /// - list items, table rows and headings led by a requirement or criterion ID
    ///   (`- **FR-001**: …`, `- **SC-002**: …`, `| NFR-003 | … |`, `### AC-4: …`, with the
    ///   content of such a heading's section);
    /// - sections such as Success Criteria, Measurable Outcomes, Non-Functional Requirements
    ///   and Acceptance Criteria (`vague-terms.sections`), up to their first subheading;
    /// - header fields such as Performance Goals and Constraints (`vague-terms.fields`).
    ///
    /// IDs, story and phase numbers and versions are not measures (`FR-001` does not make
    /// "fast" measurable). Idioms and relative comparisons are not vague: "fail fast",
    /// "quick start", "at least as fast as the current command", "faster than v1".
    ///
    /// ## Why
    /// "The export must be fast" cannot fail a test; "the export of 10,000 rows completes
    /// within 2 seconds" can.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// - **SC-002**: Search results appear quickly.
    /// ```
    /// Passing:
    /// ```markdown
    /// - **SC-002**: Search results appear within 300 ms at the 95th percentile.
    /// ```
    pub struct VagueTerm {
        code: "L001",
        name: "vague-term",
        family: Language,
        severity: Warning,
        help: "state the measure: a number with its unit (seconds, %, requests per second, WCAG level …)",
    }
}

impl Rule for VagueTerm {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(vague) = cx.pack.vague_terms.as_ref() else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            if !matches!(set_file.kind, ArtifactKind::Plan | ArtifactKind::Spec) {
                continue;
            }
            let mut reported = BTreeSet::new();
            for (unit, whole) in units(doc, vague) {
                // Sentences end after punctuation or at a blank line, never next to a word
                // character, so a unit without a vague word has none in its sentences. (A
                // whole unit is its own segment: `vague_words` asks it.)
                if !whole && !vague.words.is_match(&doc.prose[unit.clone()]) {
                    continue;
                }
                let segments = if whole {
                    vec![unit]
                } else {
                    sentences(&doc.prose, unit)
                };
                for segment in segments {
                    for (span, word) in vague_words(&doc.prose, segment, vague) {
                        if reported.insert(span.start) {
                            out.emit(
                                file,
                                span,
                                format!("vague term `{word}` with no number or unit"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The requirement and criterion text of a document: (span, whether the span is one table
/// cell, which a number anywhere in clears).
fn units(doc: &Document, vague: &VagueTerms) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    let push_section = |body: Span, out: &mut Vec<(Span, bool)>| {
        for (i, item) in doc.list_items.iter().enumerate() {
            if item.span.start >= body.start && item.span.end <= body.end {
                out.push((doc.item_own_span(i), false));
            }
        }
        out.extend(
            doc.paragraphs
                .iter()
                .filter(|p| p.start >= body.start && p.end <= body.end)
                .map(|p| (p.clone(), false)),
        );
        for table in doc.tables_in(&body) {
            out.extend(
                table
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .map(|c| (c.span.clone(), true)),
            );
        }
    };
    let keys: Vec<String> = vague.sections.iter().map(|s| heading_key(s)).collect();
    for (i, h) in doc.headings.iter().enumerate() {
        let led_by_id = vague.ids.is_match(&h.text);
        if keys.contains(&h.key) || led_by_id {
            // The heading's own content: subsections (an Assumptions under Success
            // Criteria) are in scope only when named themselves.
            let end = doc
                .headings
                .get(i + 1)
                .map_or(doc.text.len(), |n| n.span.start);
            push_section(h.span.end..end, &mut out);
        }
        if led_by_id {
            out.push((h.span.clone(), false));
        }
    }
    for (i, item) in doc.list_items.iter().enumerate() {
        if vague.ids.is_match(item.text.trim_start_matches('~')) {
            out.push((doc.item_own_span(i), false));
        }
    }
    for table in &doc.tables {
        for row in &table.rows {
            if row
                .cells
                .first()
                .is_some_and(|c| vague.ids.is_match(&c.text))
            {
                out.extend(row.cells.iter().skip(1).map(|c| (c.span.clone(), true)));
            }
        }
    }
    for field in doc.fields() {
        if vague
            .fields
            .iter()
            .any(|f| f.eq_ignore_ascii_case(&field.name))
        {
            out.push((field.value_span.clone(), false));
        }
    }
    out
}

/// Split a span of prose into sentences: at `.`, `!`, `?` or `;` followed by a space, unless
/// inside parentheses or after a one-letter abbreviation (`e.g.`), and at blank lines.
fn sentences(prose: &str, span: Span) -> Vec<Span> {
    let text = &prose[span.clone()];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let space_or_end = next.is_none_or(|n| n.is_ascii_whitespace());
        let ends = match b {
            b'(' => {
                depth += 1;
                false
            }
            b')' => {
                depth = depth.saturating_sub(1);
                false
            }
            b'!' | b'?' | b';' => depth == 0 && space_or_end,
            b'.' => depth == 0 && space_or_end && !after_initial(&bytes[..i]),
            b'\n' => {
                let blank = next == Some(b'\n') || text[i + 1..].starts_with("\r\n");
                if blank {
                    depth = 0;
                }
                blank
            }
            _ => false,
        };
        if ends {
            out.push(span.start + start..span.start + i + 1);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(span.start + start..span.end);
    }
    out
}

/// Whether the text ends in a one-letter word (`e.g`, `J`): a period after it abbreviates.
fn after_initial(before: &[u8]) -> bool {
    let word = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    word == 1
}

/// The vague words of one sentence or cell that no number, unit or idiom excuses.
fn vague_words(prose: &str, segment: Span, vague: &VagueTerms) -> Vec<(Span, String)> {
    let text = &prose[segment.clone()];
    if !vague.words.is_match(text) {
        return Vec::new();
    }
    let measured = vague.not_measures.remove_all(text);
    if vague.clears.is_match(&measured) {
        return Vec::new();
    }
    // An idiom with a first group excuses that group only (`(gracefully), returning …`).
    let idioms: Vec<Span> = vague
        .idioms
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(0)).map(|m| m.range()))
        .collect();
    vague
        .words
        .find_iter(text)
        .filter(|m| {
            !idioms
                .iter()
                .any(|i| i.start <= m.start() && m.end() <= i.end)
        })
        .map(|m| {
            (
                segment.start + m.start()..segment.start + m.end(),
                m.as_str().to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vague() -> VagueTerms {
        crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "generic")
            .and_then(|p| p.vague_terms.clone())
            .expect("generic pack has vague terms")
    }

    fn words(text: &str) -> Vec<String> {
        vague_words(text, 0..text.len(), &vague())
            .into_iter()
            .map(|(_, w)| w)
            .collect()
    }

    #[test]
    fn numbers_units_and_idioms_clear() {
        assert_eq!(
            words("FR-001: Error messages MUST be user-friendly"),
            ["user-friendly"]
        );
        assert!(words("Stop gracefully within 5 seconds").is_empty());
        assert!(words("Intuitive, requiring minimal training (<2 hours)").is_empty());
        assert!(words("The CLI must fail fast with clear error messages").is_empty());
        assert!(words("At least as fast as the current command").is_empty());
        assert!(words("Responses are returned within milliseconds").is_empty());
        assert_eq!(words("User Story 2 must be fast"), ["fast"]);
        assert_eq!(
            words("Handle errors gracefully, providing user-friendly messages without details"),
            ["user-friendly"]
        );
    }

    #[test]
    fn sentences_split_at_stops_but_not_abbreviations() {
        let text = "It is fast. It takes 2 s, e.g. on a laptop; done (a; b) now";
        let got: Vec<&str> = sentences(text, 0..text.len())
            .into_iter()
            .map(|s| text[s].trim())
            .collect();
        assert_eq!(
            got,
            [
                "It is fast.",
                "It takes 2 s, e.g. on a laptop;",
                "done (a; b) now"
            ]
        );
    }
}
