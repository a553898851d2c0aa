use regex::Regex;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::document::{Document, Span};
use crate::pack::gates::Part;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::labels::labels_in;

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
            let entries = match (set_file.kind, &rules.decision_heading, &rules.research_entry) {
                (ArtifactKind::Decisions, Some(heading), _) => decision_records(doc, heading),
                (ArtifactKind::Research, _, Some(label)) => research_entries(doc, label),
                _ => continue,
            };
            let parts = if set_file.kind == ArtifactKind::Decisions {
                &rules.decision_parts
            } else {
                &rules.research_parts
            };
            for entry in entries {
                let missing = missing_parts(doc, &entry.scope, parts);
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
fn decision_records(doc: &Document, heading: &Regex) -> Vec<Entry> {
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
/// `**Decision**:` label. An entry runs to the next decision or the end of the section holding
/// it, so `### Rationale` and `### Alternatives Considered` headings after a `### Decision`
/// heading belong to it.
fn research_entries(doc: &Document, label: &Regex) -> Vec<Entry> {
    // (where, title, start, end of the section holding it, own section of a heading anchor)
    let mut anchors: Vec<(Span, String, usize, usize, Option<Span>)> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        let head = h.key.split(':').next().unwrap_or("");
        let head = head.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '#');
        if !label.is_match(head) {
            continue;
        }
        let container_end = doc.headings[..i]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.level < h.level)
            .map_or(doc.text.len(), |(p, _)| doc.section_span(p).end);
        anchors.push((h.span.clone(), h.text.clone(), h.span.start, container_end, Some(doc.section_span(i))));
    }
    for l in labels_in(doc, &(0..doc.text.len())) {
        if !label.is_match(&l.label) {
            continue;
        }
        if anchors.iter().any(|a| a.4.as_ref().is_some_and(|own| own.contains(&l.line.start))) {
            continue; // "### Decision: X" then "**Decision**: …": one entry
        }
        let section = doc
            .headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.span.start <= l.line.start)
            .map(|(i, _)| (i, doc.section_span(i)))
            .rfind(|(_, s)| s.contains(&l.line.start));
        let (title, end) = section.map_or_else(
            || (doc.text[l.rest.clone()].trim().to_string(), doc.text.len()),
            |(i, s)| (doc.headings[i].text.clone(), s.end),
        );
        anchors.push((l.line.clone(), title, l.line.start, end, None));
    }
    anchors.sort_by_key(|a| a.2);
    let starts: Vec<usize> = anchors.iter().map(|a| a.2).collect();
    anchors
        .into_iter()
        .enumerate()
        .map(|(k, (at, title, start, end, _))| {
            let next = starts.get(k + 1).copied().filter(|n| *n < end).unwrap_or(end);
            Entry {
                at,
                name: format!("research entry `{title}`"),
                scope: start..next,
            }
        })
        .collect()
}

/// The parts not found in `scope`, by name.
fn missing_parts<'p>(doc: &Document, scope: &Span, parts: &'p [Part]) -> Vec<&'p str> {
    let labels = labels_in(doc, scope);
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
