use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::value::RawValue;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::document::Span;
use crate::pack::PlanOutput;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::ids::{IdIndex, IdKey};
use crate::rules::streams::StreamTable;

declare_rule! {
    /// ## What it checks
    /// `plan_output.json`, the structured twin of plan.md that downstream agents read, against
    /// plan.md: the same work streams (by ID), the same functional requirements (listed under
    /// `functional_requirements` or assigned to a stream), and for each stream the same
    /// requirements, Depends On and Parallel With. Key names come from the pack's
    /// `plan-output:` section. One finding per disagreeing ID: at its place in the JSON, or at
    /// line 1 of the JSON when the ID is missing from it. Invalid JSON is reported at the
    /// parser's position.
    ///
    /// ## Why
    /// Agents schedule work from the JSON and people review the Markdown; when they disagree,
    /// the work done is not the work reviewed.
    ///
    /// ## Example
    /// Failing (plan.md has WS-1 to WS-3):
    /// ```json
    /// {"work_streams": [{"id": "WS-4", "requirements": []}]}
    /// ```
    /// Passing: the JSON lists WS-1 to WS-3 with the plan's requirements and dependencies.
    pub struct ArtifactDisagreement {
        code: "T012",
        name: "artifact-disagreement",
        family: Traceability,
        severity: Error,
        help: "regenerate plan_output.json from plan.md, or correct whichever is out of date",
    }
}

/// A string of the JSON with the span of its literal.
struct JsonId {
    key: IdKey,
    text: String,
    span: Span,
}

/// One stream of the JSON.
struct JsonStream {
    id: JsonId,
    requirements: (Span, Vec<JsonId>),
    depends: (Span, Vec<JsonId>),
    parallel: (Span, Vec<JsonId>),
}

impl Rule for ArtifactDisagreement {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(vocab), Some((json_file, file))) = (
            &cx.pack.plan_output,
            cx.set.file_of(ArtifactKind::PlanOutput),
        ) else {
            return;
        };
        let Some(text) = file.text() else {
            return;
        };
        let top: HashMap<String, &RawValue> = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let at = offset_of(text, e.line(), e.column());
                out.emit(
                    json_file,
                    at..at,
                    format!("plan_output.json is not valid JSON: {e}"),
                );
                return;
            }
        };
        let index = cx.ids();
        let whole_file = 0..text.find('\n').unwrap_or(text.len());
        let json = Json { text, index };
        let requirement = cx
            .pack
            .streams
            .as_ref()
            .map(|s| s.requirement.as_str())
            .or(cx
                .pack
                .traceability
                .as_ref()
                .map(|t| t.requirement.as_str()));
        let Some(requirement) = requirement.and_then(|r| index.kind(r)) else {
            return;
        };
        let streams: Vec<JsonStream> = top
            .get(&vocab.streams)
            .map(|raw| json.objects(raw))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| json.stream(&s, vocab))
            .collect();

        // Requirements: defined in plan.md vs named anywhere in the JSON.
        let in_plan: BTreeSet<&IdKey> = index
            .definitions(requirement)
            .filter(|m| m.file == cx.set.plan)
            .map(|m| &m.first.key)
            .collect();
        let mut in_json: BTreeMap<IdKey, &JsonId> = BTreeMap::new();
        let listed: Vec<JsonId> = top
            .get(&vocab.requirements)
            .map(|raw| json.objects(raw))
            .unwrap_or_default()
            .iter()
            .filter_map(|r| r.get(&vocab.requirement_id).and_then(|v| json.id(v)))
            .collect();
        for id in listed
            .iter()
            .chain(streams.iter().flat_map(|s| &s.requirements.1))
        {
            if index.kinds.kind_of(&id.text) == Some(requirement) {
                in_json.entry(id.key.clone()).or_insert(id);
            }
        }
        let mut reported: BTreeSet<IdKey> = BTreeSet::new();
        for key in &in_plan {
            let split = index.subs(requirement, key).next().is_some();
            if !split && !in_json.contains_key(*key) {
                out.emit(
                    json_file,
                    whole_file.clone(),
                    format!("requirement `{key}` of plan.md is missing from plan_output.json"),
                );
                reported.insert((*key).clone());
            }
        }
        for (key, id) in &in_json {
            if !index.resolves(requirement, key) {
                out.emit(
                    json_file,
                    id.span.clone(),
                    format!(
                        "requirement `{}` of plan_output.json is not defined in plan.md",
                        id.text
                    ),
                );
                reported.insert(key.clone());
            }
        }

        // Streams: the plan's table vs the JSON's list, then each stream's links.
        let Some(table) = StreamTable::of(cx, index) else {
            return;
        };
        for s in &streams {
            if table.find(&s.id.key).is_none() {
                out.emit(
                    json_file,
                    s.id.span.clone(),
                    format!(
                        "work stream `{}` of plan_output.json is not in plan.md",
                        s.id.text
                    ),
                );
            }
        }
        for s in &table.streams {
            let Some(js) = streams.iter().find(|j| j.id.key == s.key) else {
                out.emit(
                    json_file,
                    whole_file.clone(),
                    format!(
                        "work stream `{}` of plan.md is missing from plan_output.json",
                        s.id
                    ),
                );
                continue;
            };
            let plan_reqs: BTreeSet<IdKey> = s
                .requirements
                .iter()
                .filter(|m| m.kind == requirement)
                .flat_map(|m| index.members(m))
                .filter(|k| !reported.contains(k) && index.subs(requirement, k).next().is_none())
                .collect();
            let json_reqs: BTreeSet<IdKey> = js
                .requirements
                .1
                .iter()
                .filter(|id| index.kinds.kind_of(&id.text) == Some(requirement))
                .flat_map(|id| {
                    let subs: Vec<IdKey> = index.subs(requirement, &id.key).cloned().collect();
                    if subs.is_empty() {
                        vec![id.key.clone()]
                    } else {
                        subs
                    }
                })
                .filter(|k| !reported.contains(k))
                .collect();
            let known = |k: &IdKey| table.find(k).is_some();
            let links = [
                ("requirements", &js.requirements.0, plan_reqs, json_reqs),
                (
                    "depends on",
                    &js.depends.0,
                    s.depends
                        .iter()
                        .map(|d| d.key.clone())
                        .filter(known)
                        .collect(),
                    js.depends
                        .1
                        .iter()
                        .map(|d| d.key.clone())
                        .filter(known)
                        .collect(),
                ),
                (
                    "parallel with",
                    &js.parallel.0,
                    s.parallel
                        .iter()
                        .map(|d| d.key.clone())
                        .filter(known)
                        .collect(),
                    js.parallel
                        .1
                        .iter()
                        .map(|d| d.key.clone())
                        .filter(known)
                        .collect(),
                ),
            ];
            for (what, span, plan, json) in links {
                for key in plan.symmetric_difference(&json) {
                    let (here, there) = if plan.contains(key) {
                        ("plan.md", "plan_output.json")
                    } else {
                        ("plan_output.json", "plan.md")
                    };
                    out.emit(
                        json_file,
                        span.clone(),
                        format!("`{}` {what} `{key}` in {here} but not in {there}", s.id),
                    );
                }
            }
        }
    }
}

/// Reading the JSON through borrowed raw values, whose position in the text is known.
struct Json<'t> {
    text: &'t str,
    index: &'t IdIndex<'t>,
}

impl<'t> Json<'t> {
    fn span(&self, raw: &RawValue) -> Span {
        let start = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let start = start.min(self.text.len());
        start..(start + raw.get().len()).min(self.text.len())
    }

    fn objects(&self, raw: &'t RawValue) -> Vec<HashMap<String, &'t RawValue>> {
        serde_json::from_str::<Vec<&RawValue>>(raw.get())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| serde_json::from_str(v.get()).ok())
            .collect()
    }

    fn id(&self, raw: &RawValue) -> Option<JsonId> {
        let text: String = serde_json::from_str(raw.get()).ok()?;
        self.index.kinds.kind_of(text.trim())?;
        Some(JsonId {
            key: IdKey::parse(text.trim()),
            text: text.trim().to_string(),
            span: self.span(raw),
        })
    }

    fn ids(&self, raw: Option<&&'t RawValue>) -> (Span, Vec<JsonId>) {
        let Some(raw) = raw else {
            return (0..0, Vec::new());
        };
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).unwrap_or_default();
        (
            self.span(raw),
            items.into_iter().filter_map(|v| self.id(v)).collect(),
        )
    }

    fn stream(&self, s: &HashMap<String, &'t RawValue>, vocab: &PlanOutput) -> Option<JsonStream> {
        let id = self.id(s.get(&vocab.stream_id)?)?;
        let requirements = self.ids(s.get(&vocab.stream_requirements));
        let depends = self.ids(s.get(&vocab.stream_depends));
        let parallel = self.ids(s.get(&vocab.stream_parallel));
        let fallback = |(span, ids): (Span, Vec<JsonId>)| {
            (
                if span.is_empty() {
                    id.span.clone()
                } else {
                    span
                },
                ids,
            )
        };
        Some(JsonStream {
            requirements: fallback(requirements),
            depends: fallback(depends),
            parallel: fallback(parallel),
            id,
        })
    }
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}
