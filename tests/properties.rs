//! Property tests: the byte → line/column mapping against a naive recount, the document
//! model's spans, and the span of every finding of every rule over generated plan-like
//! Markdown (headings, tables, lists, fences, comments, placeholders, non-ASCII, CRLF, BOM).

use planlint::document::Document;
use planlint::harness::{naive_position, Packs, SEPARATOR};
use planlint::lines::{floor_char_boundary, LineIndex};
use proptest::prelude::*;

/// Text made of the pieces positions are hard for: multi-byte characters, every line ending,
/// tabs, a BOM in the middle.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a", "word ", "é", "日本", "🙂", "e\u{301}", "\t", " ", "\n", "\r\n", "\r", "|", "#",
        "\u{feff}", "\u{200b}",
    ]);
    (any::<bool>(), prop::collection::vec(piece, 0..60)).prop_map(|(bom, pieces)| {
        let body: String = pieces.concat();
        if bom {
            format!("\u{feff}{body}")
        } else {
            body
        }
    })
}

/// One block of a plan, as real plans write them.
fn fragment() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "# Implementation Plan: [FEATURE]",
        "# Plan Fuzz\n===",
        "## Summary",
        "## Technical Context",
        "## Constitution Check",
        "### 3. Risks *(mandatory)*",
        "## 🚀 Deploy",
        "## Rollback Plan",
        "## Requirements\n\n- **FR-001**: System MUST do X.\n- **FR-002**: [NEEDS CLARIFICATION: which?]",
        "## Acceptance\n\n- AC-1: Given x, When y, Then z.",
        "**Branch**: `001-x` | **Date**: 2025-01-01 | **Spec**: [spec.md](spec.md)",
        "**Ticket**: ABC-1",
        "**Ticket**:",
        "Plan ID: PLAN-AB-001",
        "| Risk | Owner | Status |\n|---|---|---|\n| maybe | nobody | OPEN |\n| ok | ann | PASS |",
        "| Risk | Mitigation |\n|:-:|---|\n| `a|b` | perhaps |",
        "| a | b |\n|---|\n| short |",
        "| Gate | Status |\n|---|---|\n| Simplicity | ✅ |",
        "- [ ] T001 [P] [US1] Create src/models/user.py",
        "- [x] T002 Done",
        "- item\n  - nested\n    - deeper [TODO]",
        "1. step one\n2. step two",
        "> quoted\n> - [ ] task in a quote",
        "```python\nimport os\n[NEEDS CLARIFICATION]\n```",
        "~~~\nunclosed fence",
        "```\nTODO inside code\n```",
        "    indented code TODO",
        "<!-- planlint-disable S008 -->",
        "<!-- planlint-disable-next-line S003 -->",
        "<!-- planlint-disable-next-line NOPE01 -->",
        "<!-- unclosed comment",
        "<!-- x --> trailing TODO",
        "[FEATURE NAME] and {{placeholder}} and $ARGUMENTS",
        "TODO: fix this. TBD. FIXME",
        "[NEEDS CLARIFICATION: auth method?]",
        "XXX maybe perhaps",
        "Zürich – naïve café 日本語 🙂 e\u{301}",
        "\u{200b}zero width\u{feff}",
        "Link [here](../spec.md) and <https://example.com>",
        "---\ntitle: x\n---",
        "PROVISIONAL DECISION: TD001 use Postgres",
        "SC-001, US1, CHK001, REQ-12, NFR-3",
        "\ttabbed\tline",
        "",
    ]);
    prop_oneof![
        4 => fixed.prop_map(str::to_string),
        1 => "[ -~]{0,30}",
        1 => "[#|*`>\\[\\]\\-:\n ]{0,20}",
    ]
}

/// A plan-like Markdown document, maybe with CRLF endings, a BOM and no final newline.
fn plan_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..14),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(fragments, crlf, bom, blank_lines, final_newline)| {
            let mut text = fragments.join(if blank_lines { "\n\n" } else { "\n" });
            if final_newline {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

fn assert_span(text: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} span {span:?} invalid in {} bytes: {text:?}",
        text.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn positions_match_a_naive_recount(text in tricky_text()) {
        let idx = LineIndex::new(&text);
        let mut previous = None;
        for offset in 0..=text.len() {
            let pos = idx.position(&text, offset);
            let expected = naive_position(&text, floor_char_boundary(&text, offset));
            prop_assert_eq!((pos.line, pos.column), expected, "offset {}", offset);
            // Counting on from any earlier position gives the same answer.
            if let Some(from) = previous {
                let on = idx.position_from(&text, from, offset);
                prop_assert_eq!((on.line, on.column), expected, "offset {} from {:?}", offset, from);
            }
            if text.is_char_boundary(offset) && offset % 3 == 0 {
                previous = Some((offset, pos));
            }
        }
    }

    #[test]
    fn line_ranges_hold_the_line_without_its_ending(text in tricky_text()) {
        let idx = LineIndex::new(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        // A final newline does not open a line of its own.
        let expected = if text.ends_with('\n') { lines.len() - 1 } else { lines.len() };
        prop_assert_eq!(idx.line_count(), expected.max(1));
        for (n, line) in lines.iter().enumerate().take(idx.line_count()) {
            let range = idx.line_range(&text, n);
            prop_assert_eq!(&text[range.clone()], line.strip_suffix('\r').unwrap_or(line));
            prop_assert_eq!(idx.line_start(n), range.start);
            prop_assert_eq!(idx.line_of(range.start), n);
        }
    }

    #[test]
    fn document_spans_lie_inside_the_text(text in plan_document()) {
        let doc = Document::parse(text.clone());
        prop_assert_eq!(doc.prose.len(), text.len());
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                prop_assert_eq!(doc.prose.as_bytes()[i], b'\n', "line break {} kept in prose", i);
            }
        }
        for h in &doc.headings { assert_span(&text, &h.span, "heading"); }
        for t in &doc.tables {
            assert_span(&text, &t.span, "table");
            for row in std::iter::once(&t.header).chain(&t.rows) {
                assert_span(&text, &row.span, "row");
                for c in &row.cells { assert_span(&text, &c.span, "cell"); }
            }
        }
        for l in &doc.list_items { assert_span(&text, &l.span, "list item"); }
        for c in &doc.code_blocks {
            assert_span(&text, &c.span, "code block");
            assert_span(&text, &c.body, "code body");
        }
        for c in &doc.inline_code { assert_span(&text, &c.span, "inline code"); }
        for c in &doc.comments { assert_span(&text, &c.span, "comment"); }
        for l in &doc.links { assert_span(&text, &l.span, "link"); }
        for f in doc.fields() {
            assert_span(&text, &f.span, "field");
            assert_span(&text, &f.value_span, "field value");
        }
    }
}

proptest! {
    // Each case lints one plan set with every pack and every rule (a few ms in debug builds).
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every finding of every rule, in every pack, is inside its file, on character
    /// boundaries, with end ≥ start and line/column matching a naive recount; every format
    /// renders (the harness asserts all of it; debug builds also check each rule's raw span).
    #[test]
    fn every_finding_has_a_valid_span(
        plan in plan_document(),
        spec in plan_document(),
        tasks in plan_document(),
        branch in prop::sample::select(vec!["001-fuzz", "feature/12-x", "main", "JIRA-1_x", ""]),
    ) {
        let parts: [&[u8]; 5] = [plan.as_bytes(), spec.as_bytes(), tasks.as_bytes(), b"{}", branch.as_bytes()];
        planlint::harness::plan_set(&parts.join(&SEPARATOR), Packs::Every);
    }
}
