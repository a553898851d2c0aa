use super::principles::{known, Mentions, Principle};
use super::{check_sections, Vocab};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A principle of the constitution that the plan's Constitution Check does not mention.
    /// Principles are the headings under the constitution's Core Principles section
    /// (`### I. Simplicity Over Features`, `### P-1. Passive Observation Only`, `### V.6 Test
    /// Quality Invariants`) and `**Article …**` leads. A check mentions a principle by its
    /// name, by a row or item label that is the start or a run of the name
    /// (`**Configuration-Driven**` for "Configuration-Driven Variation"), or by numeral
    /// (`Principle IV`, `Principles I–III`, `(IV)`, `IV.` leading a row, `P-4`, `V.6`; citing
    /// `V.5` addresses `V`, and addressing `V` addresses its sub-principle `V.6`). A principle
    /// added on or after the plan's Date is not expected of it: one whose heading is marked
    /// `(ADDED 2025-12-04)`, or that a dated amendment report in the constitution's comments
    /// (`Sync Impact Report (1.2.0, 2026-08-16)` … `Added principles: P-10 …`) lists; and a
    /// plan dated before the constitution's `**Ratified**:` date is held to none of them.
    /// Silent when the plan has no check (C001 reports that) or the constitution has no
    /// recognisable principles.
    ///
    /// ## Why
    /// A principle the check skips was never weighed against the design.
    ///
    /// ## Example
    /// Failing (the constitution has principles I to III):
    /// ```markdown
    /// ## Constitution Check
    /// - [x] **Simplicity**: one module
    /// - [x] **Test-First**: contract tests first
    /// ```
    /// Passing:
    /// ```markdown
    /// ## Constitution Check
    /// - [x] **Simplicity**: one module
    /// - [x] **Test-First**: contract tests first
    /// - [x] **III. Observability**: structured logs for every step
    /// ```
    pub struct PrincipleNotAddressed {
        code: "C004",
        name: "principle-not-addressed",
        family: Constitution,
        severity: Warning,
        help: "add a row or item for the principle to the Constitution Check, saying whether the plan passes it",
    }
}

impl Rule for PrincipleNotAddressed {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(v), Some(doc)) = (Vocab::of(cx.pack), cx.set.plan_doc()) else {
            return;
        };
        let sections = check_sections(doc, &v);
        let Some(&first) = sections.first() else {
            return;
        };
        let Some(constitution) = cx.constitution() else {
            return;
        };
        let all = known(&constitution, cx.pack, &v);
        if all.is_empty() {
            return;
        }
        let text: String = sections
            .iter()
            .map(|&h| &doc.text[doc.section_span(h)])
            .collect::<Vec<_>>()
            .join("\n");
        let said = Mentions::new(&text, cx.gates().iter().map(|g| g.label.as_str()));
        let plan_date = plan_date(cx);
        let ratified = v.ratified.and_then(|r| {
            let field = constitution.doc.fields().find(|f| r.is_match(&f.name))?;
            date_prefix(&field.value)
        });
        if matches!((&ratified, &plan_date), (Some(r), Some(d)) if r > d) {
            return; // the plan predates the constitution
        }
        let addressed: Vec<bool> = all.iter().map(|p| said.addresses(p)).collect();
        // A numbered sub-principle (`V.6`, "Principle V > Section V.6") goes with its
        // principle: addressing V addresses V.6.
        let parent_addressed = |p: &Principle| {
            let major =
                p.id.as_deref()
                    .and_then(|id| id.split_once('.'))
                    .map(|(m, _)| m);
            major.is_some_and(|m| {
                all.iter()
                    .zip(&addressed)
                    .any(|(q, &yes)| yes && q.id.as_deref() == Some(m))
            })
        };
        for (p, &done) in all.iter().zip(&addressed) {
            // Added on the plan's own date counts as later: the plan that prompts an
            // amendment is written before it (fragcap's S049 adds P-10 and P-11 that day).
            let added_later = matches!((&p.added, &plan_date), (Some(a), Some(d)) if a >= d);
            if added_later || done || parent_addressed(p) {
                continue;
            }
            out.emit(
                cx.set.plan,
                doc.headings[first].span.clone(),
                format!(
                    "principle `{}` ({}:{}) is not addressed by the Constitution Check",
                    p.title,
                    constitution.path.display(),
                    p.line
                ),
            );
        }
    }
}

/// The plan's date: the first header field whose value starts with `YYYY-MM-DD`.
fn plan_date(cx: &Context) -> Option<String> {
    cx.set
        .plan_doc()?
        .header_fields()
        .find_map(|f| date_prefix(&f.value))
}

/// The `YYYY-MM-DD` a value starts with.
fn date_prefix(value: &str) -> Option<String> {
    let date = value.get(..10)?;
    let shape = date.char_indices().all(|(i, c)| {
        if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }
    });
    shape.then(|| date.to_string())
}
