use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// An unchecked `- [ ]` item in the plan quality checklist (`checklists/PlanQualityGate.md`,
    /// the pack's `checklists.gates`) or in another checklist named under `checklists:` in
    /// planlint.yaml. Items inside code blocks are not items. (`planlint validate-plan` is
    /// the drop-in for `scripts/validate_plan.sh`, which reads the same checklists line by
    /// line.)
    ///
    /// ## Why
    /// The plan quality gate passes only when every item has been checked; `/speckit.tasks`
    /// must not consume a plan that has not passed it.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// - [x] Technical Context has no NEEDS CLARIFICATION markers
    /// - [ ] data-model.md exists and matches the spec
    /// ```
    /// Passing:
    /// ```markdown
    /// - [x] Technical Context has no NEEDS CLARIFICATION markers
    /// - [x] data-model.md exists and matches the spec
    /// ```
    pub struct UncheckedItem {
        code: "Q001",
        name: "unchecked-item",
        family: Quality,
        severity: Error,
        help: "do what the item asks and check it (`- [x]`), or fix the plan until it can be checked",
    }
}

impl Rule for UncheckedItem {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(rules) = &cx.pack.checklists else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            if set_file.kind != ArtifactKind::Checklist || !rules.is_gate(&set_file.rel) {
                continue;
            }
            for item in doc.list_items.iter().filter(|i| i.checked == Some(false)) {
                let line = doc
                    .lines
                    .line_range(&doc.text, doc.line_of(item.span.start));
                let start = item.span.start.max(line.start);
                out.emit(
                    file,
                    start..line.end.max(start),
                    format!(
                        "unchecked item in `{}`: {}",
                        set_file.rel.display(),
                        item.text
                    ),
                );
            }
        }
    }
}
