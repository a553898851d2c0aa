use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// A checklist (`checklists/*.md`) in which fewer than 80 % of the CHK items (`- [ ]
    /// CHK001 …`, `- [x] **CHK002** …`) carry a traceability reference: `[Spec §FR-012]`,
    /// `[Completeness, Spec §X]`, `[Gap]`, `[Ambiguity]`, `[Conflict]`, `[Assumption]`,
    /// `[Traceability]`. The item and reference patterns and the threshold are the pack's
    /// `checklists.item`, `checklists.reference` and `checklists.threshold`. Checklists
    /// without CHK items are not measured.
    ///
    /// ## Why
    /// A checklist item that points at nothing cannot be checked against the spec; the
    /// references make the checklist a test of the requirements rather than a to-do list.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// - [ ] CHK001 Are error responses defined?
    /// - [ ] CHK002 Is the retry policy specified?
    /// ```
    /// Passing:
    /// ```markdown
    /// - [ ] CHK001 Are error responses defined? [Completeness, Spec §FR-007]
    /// - [ ] CHK002 Is the retry policy specified? [Gap]
    /// ```
    pub struct ChecklistTraceability {
        code: "Q003",
        name: "checklist-traceability",
        family: Quality,
        severity: Info,
        help: "end each CHK item with the spec section it checks (`[Spec §FR-012]`) or the kind of finding (`[Gap]`, `[Ambiguity]`, `[Conflict]`, `[Assumption]`)",
    }
}

impl Rule for ChecklistTraceability {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(rules) = &cx.pack.checklists else {
            return;
        };
        let (Some(item), Some(reference)) = (&rules.item, &rules.reference) else {
            return;
        };
        let threshold = usize::from(rules.threshold.unwrap_or(80));
        for (file, set_file, doc) in cx.set.docs() {
            if set_file.kind != ArtifactKind::Checklist {
                continue;
            }
            let items: Vec<&str> = doc
                .list_items
                .iter()
                .filter(|i| i.checked.is_some() && item.is_match(&i.text))
                .map(|i| i.text.as_str())
                .collect();
            let traced = items.iter().filter(|t| reference.is_match(t)).count();
            if items.is_empty() || traced * 100 >= threshold * items.len() {
                continue;
            }
            out.emit(
                file,
                file_start(doc),
                format!(
                    "{traced} of {} CHK items ({}%) carry a traceability reference, under {threshold}%",
                    items.len(),
                    traced * 100 / items.len()
                ),
            );
        }
    }
}
