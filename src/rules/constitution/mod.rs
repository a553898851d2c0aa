//! C — constitution gates. The shared reading of a plan's Constitution/Charter Check (tables,
//! bullet and checkbox lists, `Gate Result` lines and the 2025-09 Progress Tracking lines), of
//! the entries that justify a failing gate (Complexity Tracking rows; Violation /
//! Justification / Mitigation fields) and of the constitution's principles. The vocabulary —
//! section names, status words, column and label names — comes from the pack's
//! `constitution:` section; each rule file decides what to report.

mod gate_failed;
mod missing_check;
mod principle_not_addressed;
mod principles;
mod unjustified_violation;

pub use gate_failed::GateFailed;
pub use missing_check::MissingConstitutionCheck;
pub use principle_not_addressed::PrincipleNotAddressed;
pub use unjustified_violation::UnjustifiedViolation;

use crate::document::{Document, Span, Table};
use crate::pack::Pack;
use crate::rules::labels::{clean_label, labelled, labels_in, own_text, Labelled};
use crate::yaml::Pattern;

/// The pack's constitution vocabulary with every part the rules need present.
pub struct Vocab<'a> {
    pub required: bool,
    pub check_section: &'a Pattern,
    pub justification_section: &'a Pattern,
    pub progress_section: Option<&'a Pattern>,
    pub progress_gate: Option<&'a Pattern>,
    pub pass: &'a Pattern,
    pub fail: &'a Pattern,
    pub not_status: Option<&'a Pattern>,
    pub overall_label: &'a Pattern,
    pub label_column: &'a Pattern,
    pub status_column: &'a Pattern,
    pub justification_column: &'a Pattern,
    pub alternative_column: &'a Pattern,
    pub violation_label: &'a Pattern,
    pub justification_label: &'a Pattern,
    pub alternative_label: &'a Pattern,
    pub none: &'a Pattern,
    pub principles_section: &'a Pattern,
    pub principle: &'a Pattern,
    pub article: Option<&'a Pattern>,
    pub added: Option<&'a Pattern>,
    pub ratified: Option<&'a Pattern>,
    pub amendment_report: Option<&'a Pattern>,
    pub added_list: Option<&'a Pattern>,
}

impl<'a> Vocab<'a> {
    /// The vocabulary of a pack, `None` when it has no (complete) `constitution:` section.
    pub fn of(pack: &'a Pack) -> Option<Vocab<'a>> {
        let c = pack.constitution.as_ref()?;
        Some(Vocab {
            required: c.required.unwrap_or(false),
            check_section: c.check_section.as_ref()?,
            justification_section: c.justification_section.as_ref()?,
            progress_section: c.progress_section.as_ref(),
            progress_gate: c.progress_gate.as_ref(),
            pass: c.pass.as_ref()?,
            fail: c.fail.as_ref()?,
            not_status: c.not_status.as_ref(),
            overall_label: c.overall_label.as_ref()?,
            label_column: c.label_column.as_ref()?,
            status_column: c.status_column.as_ref()?,
            justification_column: c.justification_column.as_ref()?,
            alternative_column: c.alternative_column.as_ref()?,
            violation_label: c.violation_label.as_ref()?,
            justification_label: c.justification_label.as_ref()?,
            alternative_label: c.alternative_label.as_ref()?,
            none: c.none.as_ref()?,
            principles_section: c.principles_section.as_ref()?,
            principle: c.principle.as_ref()?,
            article: c.article.as_ref(),
            added: c.added.as_ref(),
            ratified: c.ratified.as_ref(),
            amendment_report: c.amendment_report.as_ref(),
            added_list: c.added_list.as_ref(),
        })
    }

    /// Whether a cell or value means "nothing" (`(none)`, `N/A`, `—`, empty).
    pub fn is_none(&self, text: &str) -> bool {
        let t = text
            .trim()
            .trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace());
        t.is_empty() || self.none.is_match(t)
    }
}

/// The plan's check sections (outermost ones only), as heading indices. The title (`#`) never
/// counts: plans titled "Constitution Frontmatter Migration" are not checks.
pub fn check_sections(doc: &Document, v: &Vocab) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        let inside_earlier = out
            .iter()
            .any(|&o| doc.section_span(o).contains(&h.span.start));
        if h.level >= 2 && !inside_earlier && v.check_section.is_match(&h.key) {
            out.push(i);
        }
    }
    out
}

/// Sections whose heading key matches `pattern`, outermost only, as body spans.
fn sections_matching(doc: &Document, pattern: &Pattern) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if pattern.is_match(&h.key) && !out.iter().any(|s| s.contains(&h.span.start)) {
            out.push(doc.section_body(i));
        }
    }
    out
}

/// What a gate's status says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// Failed, or passed only on condition of a justification; the status as written.
    Fail(String),
    /// No recognisable status (prose, `N/A`, `PENDING` …).
    Unknown,
}

/// One gate of a check: a table row, a list item or a labelled line.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The principle or gate named (emphasis removed).
    pub label: String,
    /// Where the verdict is written (the status word, the checkbox), or the whole gate.
    pub span: Span,
    pub verdict: Verdict,
    /// The gate speaks for the whole check (`Gate Result`, `Initial Constitution Check`).
    pub overall: bool,
}

/// Every gate of the plan: those in its check sections and the gate lines of its progress
/// sections.
pub fn gates(doc: &Document, v: &Vocab) -> Vec<Gate> {
    let mut out = Vec::new();
    for h in check_sections(doc, v) {
        gates_in(doc, &doc.section_body(h), v, &mut out);
    }
    if let (Some(section), Some(gate_line)) = (v.progress_section, v.progress_gate) {
        for body in sections_matching(doc, section) {
            for item in doc.items_in(&body) {
                let text = own_text(doc, item);
                if gate_line.is_match(&doc.text[text.clone()]) {
                    if let Some(g) = item_gate(doc, item.checked, text, v) {
                        out.push(Gate { overall: true, ..g });
                    }
                }
            }
        }
    }
    out
}

fn gates_in(doc: &Document, body: &Span, v: &Vocab, out: &mut Vec<Gate>) {
    for table in doc.tables_in(body) {
        table_gates(doc, table, v, out);
    }
    // Nested items elaborate on their parent ("- Table-level: Blocked-table list"); only a
    // checkbox makes one a gate of its own.
    for item in doc.items_in(body) {
        if doc.tables_in(&item.span).next().is_some() || (item.depth > 0 && item.checked.is_none())
        {
            continue;
        }
        if let Some(g) = item_gate(doc, item.checked, own_text(doc, item), v) {
            out.push(g);
        }
    }
    for line in plain_lines(doc, body) {
        let Some(l) = labelled(&doc.text, line) else {
            continue;
        };
        if is_entry_label(v, &l.label) {
            continue;
        }
        if l.label.is_empty() {
            continue;
        }
        let (verdict, span) = status_of(doc, &l, v);
        out.push(Gate {
            overall: v.overall_label.is_match(&l.label),
            label: l.label,
            span: span.unwrap_or(l.line),
            verdict,
        });
    }
}

fn table_gates(doc: &Document, table: &Table, v: &Vocab, out: &mut Vec<Gate>) {
    let headers = table.header_labels();
    let label_col = headers
        .iter()
        .position(|h| v.label_column.is_match(h))
        .unwrap_or(0);
    let status_cols: Vec<usize> = (0..headers.len())
        .filter(|&i| i != label_col && v.status_column.is_match(&headers[i]))
        .collect();
    // Complexity Tracking-style tables in a check are justifications, not gates.
    if headers.iter().any(|h| v.justification_column.is_match(h)) && status_cols.is_empty() {
        return;
    }
    for row in &table.rows {
        let Some(label_cell) = row.cells.get(label_col) else {
            continue;
        };
        let label = clean_label(&label_cell.text);
        if label.is_empty() {
            continue;
        }
        // A status column decides (the rightmost one that says something: post-design
        // overrides pre-design); without one, the other cells are read as prose.
        let (cols, strict): (Vec<usize>, bool) = if status_cols.is_empty() {
            (
                (0..row.cells.len()).filter(|&i| i != label_col).collect(),
                true,
            )
        } else {
            (status_cols.clone(), false)
        };
        let mut verdict = (Verdict::Unknown, None);
        for &i in &cols {
            if let Some(cell) = row.cells.get(i) {
                let found = classify(&doc.text, cell.span.clone(), v, strict);
                if found.0 != Verdict::Unknown && (!strict || verdict.0 == Verdict::Unknown) {
                    verdict = found;
                }
            }
        }
        out.push(Gate {
            overall: v.overall_label.is_match(&label),
            label,
            span: verdict.1.unwrap_or_else(|| row.span.clone()),
            verdict: verdict.0,
        });
    }
}

/// A list item as a gate: unchecked boxes fail whatever they say; otherwise the status in the
/// item's text (a checked box with no status word passes).
fn item_gate(doc: &Document, checked: Option<bool>, text: Span, v: &Vocab) -> Option<Gate> {
    let l = labelled(&doc.text, text.clone())?;
    if is_entry_label(v, &l.label) {
        return None;
    }
    let (verdict, span) = match checked {
        Some(false) => (Verdict::Fail("[ ]".into()), l.checkbox.clone()),
        _ => {
            let (verdict, span) = status_of(doc, &l, v);
            match (verdict, checked) {
                (Verdict::Unknown, Some(true)) => (Verdict::Pass, None),
                (verdict, _) => (verdict, span),
            }
        }
    };
    Some(Gate {
        overall: v.overall_label.is_match(&l.label),
        label: l.label,
        span: span.unwrap_or(l.line),
        verdict,
    })
}

/// The status of a labelled line: symbols before the label (`✅ **X**`), else the rest.
fn status_of(doc: &Document, l: &Labelled, v: &Vocab) -> (Verdict, Option<Span>) {
    match classify(&doc.text, l.lead.clone(), v, true) {
        (Verdict::Unknown, _) => classify(&doc.text, l.rest.clone(), v, true),
        found => found,
    }
}

fn is_entry_label(v: &Vocab, label: &str) -> bool {
    v.violation_label.is_match(label)
        || v.justification_label.is_match(label)
        || v.alternative_label.is_match(label)
}

/// The leftmost pass or fail status in `span` of `text`. Status columns are read in any case;
/// in prose (`strict`) a status word counts only in capitals (`PASS`, `FAIL`) or as the first
/// word (`Fail – no tests`), so "tests fail first" is not a verdict. Symbols always count.
fn classify(text: &str, span: Span, v: &Vocab, strict: bool) -> (Verdict, Option<Span>) {
    let s = &text[span.clone()];
    let masked: Vec<Span> = v
        .not_status
        .map(|p| p.find_iter(s).map(|m| m.range()).collect())
        .unwrap_or_default();
    let accept = |m: &crate::word_regex::Match| {
        if masked
            .iter()
            .any(|r| r.start < m.end() && m.start() < r.end)
        {
            return false;
        }
        let word = m.as_str();
        if !strict || !word.chars().any(char::is_alphabetic) {
            return true;
        }
        // Part of a compound ("Blocked-table list", "fail-over") rather than a status.
        if s[m.end()..].starts_with('-') || s[..m.start()].ends_with('-') {
            return false;
        }
        let leading = s[..m.start()].chars().all(|c| !c.is_alphanumeric());
        !word.chars().any(char::is_lowercase)
            || (leading && word.starts_with(|c: char| c.is_uppercase()))
    };
    let first = |p: &Pattern| p.find_iter(s).find(|m| accept(m));
    let found = match (first(v.fail), first(v.pass)) {
        (Some(f), Some(p)) if p.start() < f.start() => Some((Verdict::Pass, p)),
        (Some(f), _) => Some((Verdict::Fail(f.as_str().to_string()), f)),
        (None, Some(p)) => Some((Verdict::Pass, p)),
        (None, None) => None,
    };
    match found {
        Some((verdict, m)) => (verdict, Some(span.start + m.start()..span.start + m.end())),
        None => (Verdict::Unknown, None),
    }
}

/// Lines of `body` outside tables, list items, code, comments and headings.
fn plain_lines<'d>(doc: &'d Document, body: &Span) -> impl Iterator<Item = Span> + 'd {
    let first = doc.line_of(body.start);
    let last = doc.line_of(body.end.saturating_sub(1).max(body.start));
    let body = body.clone();
    (first..=last).filter_map(move |line| {
        let range = doc.lines.line_range(&doc.text, line);
        let inside = |s: &Span| s.start <= range.start && range.start < s.end.max(s.start + 1);
        let skip = range.start < body.start
            || range.is_empty()
            || doc.is_opaque(range.start)
            || doc.tables.iter().any(|t| inside(&t.span))
            || doc.list_items.iter().any(|i| inside(&i.span))
            || doc.headings.iter().any(|h| inside(&h.span));
        (!skip).then_some(range)
    })
}

/// What justifies a failing gate: a Complexity Tracking row or a Violation entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The violation as written.
    pub violation: String,
    /// The row or the violation's label line.
    pub span: Span,
    /// The whole entry's text, for matching it to a gate.
    pub text: String,
    pub justification: Option<Part>,
    pub alternative: Option<Part>,
}

/// A justification or alternative of an entry.
#[derive(Debug, Clone)]
pub struct Part {
    /// The label or column it was found under.
    pub name: String,
    pub text: String,
    /// The value, or where it should be when empty.
    pub span: Span,
}

/// The entries of the plan's Complexity Tracking and check sections. Rows and entries whose
/// violation is "none" (`(none)`, `N/A`, `—`, empty) or still template text are no entries.
pub fn entries(doc: &Document, v: &Vocab, placeholder: &dyn Fn(&str) -> bool) -> Vec<Entry> {
    let mut bodies = sections_matching(doc, v.justification_section);
    bodies.extend(
        check_sections(doc, v)
            .into_iter()
            .map(|h| doc.section_body(h)),
    );
    let mut out = Vec::new();
    for body in &bodies {
        for table in doc.tables_in(body) {
            table_entries(doc, table, v, placeholder, &mut out);
        }
        labelled_entries(doc, body, v, placeholder, &mut out);
    }
    out.sort_by_key(|e| e.span.start);
    out.dedup_by_key(|e| e.span.start);
    out
}

fn table_entries(
    doc: &Document,
    table: &Table,
    v: &Vocab,
    placeholder: &dyn Fn(&str) -> bool,
    out: &mut Vec<Entry>,
) {
    let headers = table.header_labels();
    let Some(justification) = headers
        .iter()
        .position(|h| v.justification_column.is_match(h))
    else {
        return;
    };
    let alternative = headers
        .iter()
        .position(|h| v.alternative_column.is_match(h));
    for row in &table.rows {
        let Some(first) = row.cells.first() else {
            continue;
        };
        if v.is_none(&first.text) || placeholder(&doc.text[first.span.clone()]) {
            continue;
        }
        let part = |col: usize| {
            let cell = row.cells.get(col)?;
            Some(Part {
                name: table.header.cells[col].text.clone(),
                text: cell.text.clone(),
                span: if cell.span.is_empty() {
                    row.span.clone()
                } else {
                    cell.span.clone()
                },
            })
        };
        out.push(Entry {
            violation: first.text.clone(),
            span: row.span.clone(),
            text: doc.text[row.span.clone()].to_string(),
            justification: part(justification),
            alternative: alternative.and_then(part),
        });
    }
}

/// `Violation:` / `Justification:` / `Mitigation:` fields (bold leads or `- Label:` items),
/// each value running on to the next labelled line when the label's own line is empty.
fn labelled_entries(
    doc: &Document,
    body: &Span,
    v: &Vocab,
    placeholder: &dyn Fn(&str) -> bool,
    out: &mut Vec<Entry>,
) {
    let lines = labels_in(doc, body);
    let mut current: Option<Entry> = None;
    for (k, l) in lines.iter().enumerate() {
        let value_end = lines.get(k + 1).map_or(body.end, |n| n.line.start);
        let value_span = if doc.text[l.rest.clone()].trim().is_empty() {
            l.rest.end..value_end.max(l.rest.end)
        } else {
            l.rest.clone()
        };
        let value = doc.text[value_span.clone()].trim().to_string();
        let part = || Part {
            name: l.label.clone(),
            text: value.clone(),
            span: if value.is_empty() {
                l.line.clone()
            } else {
                value_span.clone()
            },
        };
        if v.violation_label.is_match(&l.label) {
            out.extend(current.take());
            if !v.is_none(&value) && !placeholder(&value) {
                current = Some(Entry {
                    violation: value.clone(),
                    span: l.line.clone(),
                    text: value.clone(),
                    justification: None,
                    alternative: None,
                });
            }
        } else if let Some(entry) = current.as_mut() {
            if v.justification_label.is_match(&l.label) && entry.justification.is_none() {
                entry.text.push('\n');
                entry.text.push_str(&value);
                entry.justification = Some(part());
            } else if v.alternative_label.is_match(&l.label) && entry.alternative.is_none() {
                entry.text.push('\n');
                entry.text.push_str(&value);
                entry.alternative = Some(part());
            } else {
                out.extend(current.take());
            }
        }
    }
    out.extend(current);
}

/// Whether a part is missing, "none" or template text.
pub fn is_unfilled(v: &Vocab, part: &Part, placeholder: &dyn Fn(&str) -> bool) -> bool {
    v.is_none(&part.text) || placeholder(&part.text)
}

/// A predicate for template text using the pack's placeholder patterns.
pub fn placeholder_test(pack: &Pack) -> impl Fn(&str) -> bool + '_ {
    move |s: &str| pack.has_placeholder(s)
}
