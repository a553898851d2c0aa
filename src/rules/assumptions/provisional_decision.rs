use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A `PROVISIONAL DECISION` (a decision taken without the stakeholder's answer, seed 001)
    /// with no review checkpoint task in tasks.md. A checkpoint is a task (`- [ ] T050 …`)
    /// that reviews, revisits or confirms the decision: it names the decision's ID (the
    /// `TD###` heading the marker sits under) or says "provisional". Markers are looked for
    /// in every artifact of the set outside code and comments; with no tasks.md at all, every
    /// marker is reported.
    ///
    /// ## Why
    /// A provisional decision is a bet that must be revisited; without a task nobody will.
    ///
    /// ## Example
    /// Failing (`plan.decisions.md`, tasks.md has no review task):
    /// ```markdown
    /// ### TD002: Storage - Queue technology
    /// **PROVISIONAL DECISION**: Redis streams until the platform team answers.
    /// ```
    /// Passing (tasks.md):
    /// ```markdown
    /// - [ ] T031 Review provisional decision TD002 (queue technology) with the platform team
    /// ```
    pub struct ProvisionalDecision {
        code: "A005",
        name: "provisional-decision",
        family: Assumptions,
        severity: Warning,
        help: "add a task to tasks.md that reviews the decision (name its TD ID), or record the final decision",
    }
}

impl Rule for ProvisionalDecision {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(rules) = &cx.pack.decisions else {
            return;
        };
        let Some(marker) = &rules.provisional else {
            return;
        };
        let reviews: Vec<&str> = cx
            .set
            .docs()
            .filter(|(_, f, _)| f.kind == ArtifactKind::Tasks)
            .flat_map(|(_, _, d)| d.list_items.iter())
            .filter(|i| i.checked.is_some())
            .filter(|i| {
                rules
                    .review_task
                    .as_ref()
                    .is_some_and(|r| r.is_match(&i.text))
            })
            .map(|i| i.text.as_str())
            .collect();
        for (file, set_file, doc) in cx.set.docs() {
            if !set_file.kind.is_linted_markdown() || set_file.kind == ArtifactKind::Tasks {
                continue;
            }
            for m in marker.find_iter(&doc.prose) {
                let id = rules.decision_heading.as_ref().and_then(|re| {
                    doc.headings_around(m.start())
                        .find_map(|h| re.captures(&h.text))
                        .and_then(|c| c.name("id").map(|i| i.as_str().to_string()))
                });
                let covered = reviews.iter().any(|t| {
                    id.as_ref().is_some_and(|id| t.contains(id.as_str()))
                        || t.to_lowercase().contains("provisional")
                });
                if covered {
                    continue;
                }
                let what = id.map_or("a provisional decision".to_string(), |id| {
                    format!("provisional decision {id}")
                });
                out.emit(
                    file,
                    m.range(),
                    format!("{what} has no review checkpoint task in tasks.md"),
                );
            }
        }
    }
}
