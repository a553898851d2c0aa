use crate::word_regex::WordRegex;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::document::{Document, Span};
use crate::pack::gates::Part;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::labels::{labels_in, Labelled};

declare_rule! {
    /// ## What it checks
    /// A decision record or research entry missing one of its parts.
    /// - In `decisions.md` / `*.decisions.md`, each `### TD###` decision needs its Options
    ///   and a Recommendation or outcome (`**Recommendation**:`, `**Decision**:`, `**Final
    ///   Decision**:` …).
    /// - In research.md, each entry — a section holding a `**Decision**:` label, or headed
    ///   `Decision: …` — needs a Rationale and the Alternatives considered (`**Alternatives
    ///   Considered**:`, `**Alternatives rejected**:` …).
    ///
    /// Parts are recognised as bold or `Label:` leads or as sub-headings; the labels are the
    /// pack's `decisions.decision-parts` and `decisions.research-parts`.
    ///
    /// ## Why
    /// A decision without its options, or a research answer without its reasons and rejected
    /// alternatives, cannot be reviewed and will be argued again.
    ///
    /// ## Example
    /// Failing (research.md):
    /// ```markdown
    /// ### R-003: Queue
    /// **Decision**: Redis streams.
    /// **Rationale**: already deployed.
    /// ```
    /// Passing:
    /// ```markdown
    /// ### R-003: Queue
    /// **Decision**: Redis streams.
    /// **Rationale**: already deployed.
    /// **Alternatives considered**: Kafka (new cluster to run), SQS (vendor lock-in).
    /// ```
    pub struct DecisionIncomplete {
        code: "A006",
        name: "decision-incomplete",
        family: Assumptions,
        severity: Warning,
        help: "add the missing part under the decision (`**Part**: …`)",
    }
}

impl Rule for DecisionIncomplete {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(rules) = &cx.pack.decisions else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            // Read once: the entries' parts are looked for among them.
            let all_labels = || labels_in(doc, &(0..doc.text.len()));
            let labels;
            let entries = match (
                set_file.kind,
                &rules.decision_heading,
                &rules.research_entry,
            ) {
                (ArtifactKind::Decisions, Some(heading), _) => {
                    labels = all_labels();
                    decision_records(doc, heading)
                }
                (ArtifactKind::Research, _, Some(label)) => {
                    labels = all_labels();
                    research_entries(doc, &labels, label)
                }
                _ => continue,
            };
            let parts = if set_file.kind == ArtifactKind::Decisions {
                &rules.decision_parts
            } else {
                &rules.research_parts
            };
            for entry in entries {
                let missing = missing_parts(doc, &labels, &entry.scope, parts);
                if missing.is_empty() {
                    continue;
                }
                out.emit(
                    file,
                    entry.at,
                    format!("{} has no {}", entry.name, missing.join(" and no ")),
                );
            }
        }
    }
}

/// A decision or research entry: where it is reported, what it is called, what it spans.
struct Entry {
    at: Span,
    name: String,
    scope: Span,
}

/// Each `TD###` heading's section.
fn decision_records(doc: &Document, heading: &WordRegex) -> Vec<Entry> {
    doc.headings
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let id = heading.captures(&h.text)?.name("id")?.as_str().to_string();
            Some(Entry {
                at: h.span.clone(),
                name: format!("decision {id}"),
                scope: doc.section_body(i),
            })
        })
        .collect()
}

/// Each research decision: a heading `Decision`, `Decision: …` or `Decision 2: …`, or a
/// `**Decision**:` label in a paragraph or a top-level list item (a nested `- **Decision**:`
/// is a note inside something else). An entry runs from the start of the section holding it
/// (or the end of the previous decision in that section: options are often listed before the
/// decision) to the next decision or the section's end, so `### Rationale` and `###
/// Alternatives Considered` headings after a `### Decision` heading belong to it.
fn research_entries(doc: &Document, labels: &[Labelled], label: &WordRegex) -> Vec<Entry> {
    struct Anchor {
        at: Span,
        title: String,
        /// Where the section holding the entry starts and ends.
        section: Span,
        /// A heading anchor's own section (its label lines are not separate entries).
        own: Option<Span>,
    }
    let mut anchors: Vec<Anchor> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        let head = h.key.split(':').next().unwrap_or("");
        let head =
            head.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '#');
        if !label.is_match(head) {
            continue;
        }
        let parent = doc.headings[..i].iter().rposition(|p| p.level < h.level);
        let section = parent.map_or(0..doc.text.len(), |p| doc.section_span(p));
        anchors.push(Anchor {
            at: h.span.clone(),
            title: h.text.clone(),
            section: h.span.start..section.end,
            own: Some(doc.section_span(i)),
        });
    }
    for l in labels {
        let text_start = l.line.start + doc.text[l.line.clone()].len()
            - doc.text[l.line.clone()].trim_start().len();
        let nested = doc
            .list_items
            .iter()
            .any(|i| i.depth > 0 && i.span.contains(&text_start));
        if !label.is_match(&l.label) || nested {
            continue;
        }
        if anchors.iter().any(|a| {
            a.own
                .as_ref()
                .is_some_and(|own| own.contains(&l.line.start))
        }) {
            continue; // "### Decision: X" then "**Decision**: …": one entry
        }
        let holder = doc
            .headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.span.start <= l.line.start)
            .map(|(i, _)| i)
            .rfind(|&i| doc.section_span(i).contains(&l.line.start));
        let (title, section) = match holder {
            Some(i) => (doc.headings[i].text.clone(), doc.section_body(i)),
            None => (
                doc.text[l.rest.clone()].trim().to_string(),
                0..doc.text.len(),
            ),
        };
        anchors.push(Anchor {
            at: l.line.clone(),
            title,
            section,
            own: None,
        });
    }
    anchors.sort_by_key(|a| a.at.start);
    (0..anchors.len())
        .map(|k| {
            let a = &anchors[k];
            let start = match k.checked_sub(1).map(|p| &anchors[p]) {
                Some(prev) if a.own.is_none() && prev.at.start >= a.section.start => prev.at.end,
                _ if a.own.is_some() => a.at.start,
                _ => a.section.start,
            };
            let end = anchors
                .get(k + 1)
                .map(|n| n.at.start)
                .filter(|n| *n < a.section.end)
                .unwrap_or(a.section.end);
            Entry {
                at: a.at.clone(),
                name: format!("research entry `{}`", a.title),
                scope: start..end.max(start),
            }
        })
        .collect()
}

/// The parts not found in `scope`, by name; `labels`: the document's labelled lines.
fn missing_parts<'p>(
    doc: &Document,
    labels: &[Labelled],
    scope: &Span,
    parts: &'p [Part],
) -> Vec<&'p str> {
    // `labels_in(doc, scope)`, cut from the document's.
    let first = labels.partition_point(|l| l.line.start < scope.start);
    let end = labels.partition_point(|l| l.line.start < scope.end.max(scope.start + 1));
    let labels = &labels[first..end];
    let headings: Vec<&str> = doc
        .headings
        .iter()
        .filter(|h| scope.contains(&h.span.start))
        .map(|h| h.key.as_str())
        .collect();
    parts
        .iter()
        .filter(|p| {
            !labels.iter().any(|l| p.label.is_match(&l.label))
                && !headings.iter().any(|h| p.label.is_match(h))
        })
        .map(|p| p.name.as_str())
        .collect()
}
