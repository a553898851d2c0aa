use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// The plan's `**Task**:` key against the branch's key — the text before the first `_`
    /// (`JIRAPRJ-123` of `JIRAPRJ-123_name_of_the_branch`, after any `prefix/`). The field
    /// and the way the key is read from the branch (`task-key.branch-key`) come from the pack.
    /// Silent when no branch is known (detached HEAD), on a protected branch (main, master,
    /// develop: no task is worked there), when the branch has no key (B001 judges its form) and
    /// when the plan has no Task field (S005).
    ///
    /// ## Why
    /// The seed takes the task ID from the branch; a plan carrying another task's key was
    /// copied from elsewhere or sits on the wrong branch, and its work is tracked against the
    /// wrong ticket.
    ///
    /// ## Example
    /// Failing, on branch `WID-43_widget`:
    /// ```markdown
    /// **Task**: WID-42
    /// ```
    /// Passing:
    /// ```markdown
    /// **Task**: WID-43
    /// ```
    pub struct TaskIdMismatch {
        code: "B003",
        name: "task-id-mismatch",
        family: Branch,
        severity: Error,
        help: "set the Task field to the branch's key, or switch to the task's branch",
    }
}

impl Rule for TaskIdMismatch {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(vocab), Some(branch), Some(doc)) =
            (&cx.pack.task_key, cx.branch, cx.set.plan_doc())
        else {
            return;
        };
        if vocab.protected.iter().any(|p| p == branch) {
            return;
        }
        let Some(key) = vocab.branch_key.captures(branch).and_then(|c| c.get(1)) else {
            return;
        };
        let Some(field) = doc.field(&[&vocab.field]) else {
            return;
        };
        if field.value.is_empty() || field.value.eq_ignore_ascii_case(key.as_str()) {
            return;
        }
        out.emit(
            cx.set.plan,
            field.value_span.clone(),
            format!(
                "{} `{}` differs from the key `{}` of branch `{branch}`",
                field.name,
                field.value,
                key.as_str()
            ),
        );
    }
}
