use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::coverage::{spec_and_tasks, stories};

declare_rule! {
    /// ## What it checks
    /// A user story of spec.md (`### User Story 2 - Title (Priority: P2)`, `### US2 - …`,
    /// `User Story 2A`) with no task labelled for it in tasks.md. Combined labels count for
    /// each story they name (`[US1/US2]`, `[US1, US2]`); `[US-all]` names no particular story.
    /// Stories marked `[DEFERRED]`, `(Deferred …)` or `(Already Implemented)` need no task.
    ///
    /// The rule applies only when tasks.md labels tasks with stories at all: plans that group
    /// tasks by milestone (`[M1]`) or not at all do not trace stories through labels.
    ///
    /// ## Why
    /// spec-kit organises tasks by story so each story can be built and tested on its own; a
    /// story without tasks is a promise the plan does not keep.
    ///
    /// ## Example
    /// Failing (spec.md has User Story 1 and User Story 2):
    /// ```markdown
    /// - [ ] T005 [US1] Create the export endpoint in src/api/export.py
    /// ```
    /// Passing:
    /// ```markdown
    /// - [ ] T005 [US1] Create the export endpoint in src/api/export.py
    /// - [ ] T009 [US2] Add the schedule form in src/web/schedule.tsx
    /// ```
    pub struct StoryWithoutTask {
        code: "T008",
        name: "story-without-task",
        family: Traceability,
        severity: Warning,
        help: "add tasks labelled `[USn]` for the story, or mark the story deferred in spec.md",
    }
}

impl Rule for StoryWithoutTask {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(st) = spec_and_tasks(cx) else {
            return;
        };
        let tasks = cx.tasks();
        let labels: Vec<_> = tasks.iter().flat_map(|t| &t.labels).collect();
        if labels.is_empty() {
            return;
        }
        for story in stories(st.spec, st.cov).iter().filter(|s| s.active) {
            if !labels.iter().any(|l| l.stories.contains(&story.number)) {
                let heading = &st.spec.headings[story.heading];
                out.emit(
                    st.spec_file,
                    heading.span.clone(),
                    format!(
                        "User Story {} has no task labelled `[US{}]` in tasks.md",
                        story.number, story.number
                    ),
                );
            }
        }
    }
}
