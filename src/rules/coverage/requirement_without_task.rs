use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::coverage::{cited, requirements, spec_and_tasks};

declare_rule! {
    /// ## What it checks
    /// A requirement of spec.md (`- **FR-001**: …`, a table row or heading led by the ID; the
    /// kinds are the pack's `coverage.requirement-kinds`: FR, NFR and SC) that tasks.md cites
    /// nowhere. Citations anywhere in tasks.md count — task lines, phase notes, coverage
    /// tables — and ranges (`FR-001 through FR-005`, `FR-001–FR-005`, `FR-001..FR-005`) cite
    /// every requirement between their ends. Requirements marked deferred or removed
    /// (`**FR-007** (Deferred …)`, `[REMOVED …]`, struck through) need no task.
    ///
    /// Each kind is checked only when the team traces it: when tasks.md cites at least
    /// `coverage.min-traced` (default half) of spec.md's requirements of that kind. A tasks.md
    /// that mentions two of thirty FRs in a note is not tracing, and listing the other
    /// twenty-eight would be noise.
    ///
    /// ## Why
    /// A requirement no task implements is a requirement nobody will build; when tasks are
    /// traced to requirements, the gap is visible only if someone looks for it.
    ///
    /// ## Example
    /// Failing (spec.md defines FR-001 to FR-003; tasks.md cites FR-001 and FR-002 only):
    /// ```markdown
    /// - [ ] T010 [US1] Export the invoice as CSV (FR-001, FR-002)
    /// ```
    /// Passing:
    /// ```markdown
    /// - [ ] T010 [US1] Export the invoice as CSV (FR-001, FR-002)
    /// - [ ] T011 [US1] Reject exports over 10,000 rows (FR-003)
    /// ```
    pub struct RequirementWithoutTask {
        code: "T007",
        name: "requirement-without-task",
        family: Traceability,
        severity: Warning,
        help: "add a task that implements the requirement and cite its ID, or mark the requirement deferred in spec.md",
    }
}

impl Rule for RequirementWithoutTask {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(st) = spec_and_tasks(cx) else {
            return;
        };
        let defined = requirements(st.spec, st.cov);
        let cited = cited(&st.tasks.prose, st.cov, &defined);
        for kind in &st.cov.requirement_kinds {
            let of_kind: Vec<_> = defined
                .iter()
                .filter(|r| &r.kind == kind && r.active)
                .collect();
            let traced = of_kind
                .iter()
                .filter(|r| cited.contains(r.id.as_str()))
                .count();
            if traced == 0 || (traced as f64) < st.cov.min_traced * of_kind.len() as f64 {
                continue;
            }
            for r in of_kind.iter().filter(|r| !cited.contains(r.id.as_str())) {
                out.emit(
                    st.spec_file,
                    r.span.clone(),
                    format!(
                        "{} is cited by no task in tasks.md (tasks cite {traced} of {} {kind}s)",
                        r.id,
                        of_kind.len()
                    ),
                );
            }
        }
    }
}
