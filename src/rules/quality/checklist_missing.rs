use std::path::Path;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// The plan quality checklist (the first of the pack's `checklists.gates`,
    /// `checklists/PlanQualityGate.md`) does not exist, where the profile requires it: the
    /// epic `impl-plan.md` of spec-kit (seed 004), whose plan header names the checklist and
    /// whose gate `scripts/validate_plan.sh` checks before `/speckit.tasks`.
    ///
    /// ## Why
    /// Without the checklist the plan quality gate cannot pass, and the script (or
    /// `planlint validate-plan`) reports the plan as failed.
    ///
    /// ## Example
    /// Failing: `features/F-API-002/impl-plan.md` with no `checklists/PlanQualityGate.md`
    /// beside it.
    /// Passing:
    /// ```text
    /// features/F-API-002/
    /// ├── impl-plan.md
    /// └── checklists/PlanQualityGate.md
    /// ```
    pub struct ChecklistMissing {
        code: "Q002",
        name: "checklist-missing",
        family: Quality,
        severity: Error,
        help: "create the checklist from the plan quality template and check each item as the plan meets it",
    }
}

impl Rule for ChecklistMissing {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(rules), Some(doc)) = (&cx.pack.checklists, cx.set.plan_doc()) else {
            return;
        };
        let plan_name = cx.set.plan_file().rel.to_string_lossy();
        let required = cx
            .pack
            .variant(&plan_name)
            .and_then(|v| v.checklist_required)
            .or(rules.required)
            .unwrap_or(false);
        let Some(first) = rules.gates().first() else {
            return;
        };
        let present = cx
            .set
            .files
            .iter()
            .any(|f| f.kind == ArtifactKind::Checklist && rules.is_gate(&f.rel))
            || cx.set.has(cx.source, Path::new(first));
        if required && !present {
            out.emit(
                cx.set.plan,
                file_start(doc),
                format!("the plan quality checklist `{first}` is missing"),
            );
        }
    }
}
