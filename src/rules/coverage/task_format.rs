use std::collections::BTreeMap;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::document::{Document, Span};
use crate::pack::Coverage;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::coverage::{markdown, Task, TaskId};

declare_rule! {
    /// ## What it checks
    /// The task lines of tasks.md, three ways:
    ///
    /// - **Form**: `- [ ] T### [P]? [USn]? description` (the pack's `coverage.task-line`).
    ///   Inserted tasks (`T033a`), combined labels (`[US1/US2]`), lettered stories (`[US2B]`),
    ///   `[US-all]` and further tags in the description (`[M1]`) are fine; a bold ID, a colon
    ///   after the ID, a two-digit ID, a missing checkbox or description, `[P]` after the story
    ///   label are not. A file that deviates the same way on many lines gets one finding, at
    ///   the first such line, with the count. Struck-through (cancelled) tasks are skipped.
    /// - **Labels by phase**: a story label (`[US1]`) on a task of a Setup, Foundational or
    ///   Polish phase. The phase is named by the words after `Phase N:`, so
    ///   `Phase 3: User Story 1 - New Project Setup` is a story phase, and so is a phase
    ///   naming its story (`Foundational — Examples Infrastructure (US2)`). `[US-all]` names
    ///   no story and is fine anywhere.
    ///
    /// Lines outside the phases that repeat a phase's task (a "Remaining Work" summary, a
    /// completion checklist) are not task definitions and are not checked for form.
    /// - **Order**: task IDs that do not increase down the file. The fewest tasks that would
    ///   have to move are reported, one finding per block of them. A task repeated in a
    ///   summary ("Remaining Work") is ordered where its phase defines it, or not at all when
    ///   no single phase does; `T033a` sorts between `T033` and `T034`.
    ///
    /// ## Why
    /// spec-kit's `/implement` and people alike read tasks.md by its format: IDs in execution
    /// order, `[P]` for parallel work, story labels only where a story is being built.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// ## Phase 1: Setup
    /// - [ ] **T001** Create the project skeleton
    /// - [ ] T003 [US1] Configure linting
    /// - [ ] T002 Add CI
    /// ```
    /// Passing:
    /// ```markdown
    /// ## Phase 1: Setup
    /// - [ ] T001 Create the project skeleton
    /// - [ ] T002 Add CI
    /// - [ ] T003 [P] Configure linting
    /// ```
    pub struct TaskFormat {
        code: "T009",
        name: "task-format",
        family: Traceability,
        severity: Warning,
        help: "write tasks as `- [ ] T### [P]? [USn]? description`, in ID order, with story labels only in story phases",
    }
}

impl Rule for TaskFormat {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(cov) = cx.pack.coverage.as_ref() else {
            return;
        };
        let Some((file, doc)) = markdown(cx, ArtifactKind::Tasks) else {
            return;
        };
        let tasks = cx.tasks();
        check_form(file, doc, cov, tasks, out);
        check_phase_labels(file, cov, tasks, out);
        check_order(file, doc, tasks, out);
    }
}

/// Report each way of deviating from the canonical form once per file, at its first line.
fn check_form(file: usize, doc: &Document, cov: &Coverage, tasks: &[Task], out: &mut Emitter) {
    // problem → (first line, ID there, how many lines)
    let mut found: BTreeMap<usize, (Span, String, usize, String)> = BTreeMap::new();
    for task in tasks {
        if task.struck || is_summary_repeat(task, tasks) {
            continue; // a cancelled task, or a summary line repeating a phase's task
        }
        let joined = joined(&doc.text[task.own.clone()]);
        let problem = match cov.task_description(&joined) {
            Some(rest) => cov
                .description_problems
                .iter()
                .position(|p| p.pattern.is_match(rest))
                .map(|i| (1000 + i, cov.description_problems[i].what.clone())),
            None => Some(
                cov.line_problems
                    .iter()
                    .position(|p| p.pattern.is_match(&joined))
                    .map_or(
                        (
                            usize::MAX,
                            "is not of the form `- [ ] T### [P]? [USn]? description`".to_string(),
                        ),
                        |i| (i, cov.line_problems[i].what.clone()),
                    ),
            ),
        };
        if let Some((key, what)) = problem {
            found.entry(key).and_modify(|e| e.2 += 1).or_insert((
                task.line.clone(),
                task.id.text.clone(),
                1,
                what,
            ));
        }
    }
    let mut reports: Vec<_> = found.into_values().collect();
    reports.sort_by_key(|r| r.0.start);
    for (line, id, count, what) in reports {
        let message = if count > 1 {
            format!("task line {id} {what} ({count} task lines in this file do)")
        } else {
            format!("task line {id} {what}")
        };
        out.emit(file, line, message);
    }
}

/// The text with line breaks and the indentation after them collapsed to one space.
fn joined(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Whether a task outside the phases repeats one a phase defines ("Remaining Work", a
/// completion checklist).
fn is_summary_repeat(task: &Task, tasks: &[Task]) -> bool {
    task.phase.is_none() && tasks.iter().any(|t| t.id == task.id && t.phase.is_some())
}

/// Story labels in Setup, Foundational and Polish phases. A phase naming a story
/// (`Foundational — Examples Infrastructure (US2)`) is that story's.
fn check_phase_labels(file: usize, cov: &Coverage, tasks: &[Task], out: &mut Emitter) {
    for task in tasks {
        let Some(phase) = task.phase.as_deref() else {
            continue;
        };
        if !cov.unlabelled_phases.is_match(phase) || cov.story_ref.is_match(phase) {
            continue;
        }
        for label in task.labels.iter().filter(|l| !l.stories.is_empty()) {
            out.emit(
                file,
                label.span.clone(),
                format!(
                    "task {} in phase `{phase}` carries a story label",
                    task.id.text
                ),
            );
        }
    }
}

/// Report the tasks outside a longest increasing run of IDs — the fewest that are out of
/// place — one finding per block of consecutive misplaced tasks.
fn check_order(file: usize, doc: &Document, tasks: &[Task], out: &mut Emitter) {
    let defining = defining_tasks(tasks);
    let ids: Vec<&TaskId> = defining.iter().map(|t| &t.id).collect();
    let keep = longest_increasing(&ids);
    let mut k = 0;
    while k < defining.len() {
        if keep[k] {
            k += 1;
            continue;
        }
        let run_end = (k..defining.len())
            .find(|&j| keep[j])
            .unwrap_or(defining.len());
        let (first, last) = (defining[k], defining[run_end - 1]);
        let before = k.checked_sub(1).map(|p| defining[p].id.text.as_str());
        let next = defining.get(run_end).map(|n| n.id.text.as_str());
        let after = match (before, next) {
            (Some(b), Some(n)) => format!("between {b} and {n}"),
            (Some(b), None) => format!("after {b}"),
            (None, Some(n)) => format!("before {n}"),
            (None, None) => "alone".to_string(),
        };
        let message = if run_end - k == 1 {
            format!("task {} is out of order: it comes {after}", first.id.text)
        } else {
            format!(
                "tasks {} to {} ({}) are out of order: they come {after}",
                first.id.text,
                last.id.text,
                run_end - k
            )
        };
        let line = &doc.text[first.line.clone()];
        let span = line.find(&first.id.text).map_or(first.line.clone(), |o| {
            first.line.start + o..first.line.start + o + first.id.text.len()
        });
        out.emit(file, span, message);
        k = run_end;
    }
}

/// The tasks whose place defines their order, in document order. An ID written once is
/// defined there. An ID written several times (a "Remaining Work" summary repeating tasks,
/// a true duplicate, which is T002's business) is defined by its one occurrence inside a
/// phase, and left out of the order when there is no single such occurrence.
fn defining_tasks(tasks: &[Task]) -> Vec<&Task> {
    // Keyed by `TaskId`'s order: the same number and suffix, whatever the suffix's case.
    let mut by_id: BTreeMap<&TaskId, Vec<usize>> = BTreeMap::new();
    for (i, task) in tasks.iter().enumerate() {
        by_id.entry(&task.id).or_default().push(i);
    }
    let mut indices: Vec<usize> = by_id
        .into_values()
        .filter_map(|occurrences| match occurrences.as_slice() {
            [only] => Some(*only),
            several => {
                let in_phase: Vec<usize> = several
                    .iter()
                    .copied()
                    .filter(|&i| tasks[i].phase.is_some())
                    .collect();
                (in_phase.len() == 1).then(|| in_phase[0])
            }
        })
        .collect();
    indices.sort_unstable();
    indices.into_iter().map(|i| &tasks[i]).collect()
}

/// Marks the members of one longest strictly increasing subsequence (patience sorting). Ties
/// favour later elements, so of `T033a, T033` the inserted `T033a` is the one reported.
fn longest_increasing<T: Ord>(items: &[T]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index of the smallest tail of each run length
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    for i in 0..items.len() {
        let len = tails.partition_point(|&t| items[t] < items[i]);
        parent[i] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut keep = vec![false; items.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = parent[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_of_place(nums: &[u32]) -> Vec<u32> {
        let keep = longest_increasing(nums);
        nums.iter()
            .zip(keep)
            .filter(|(_, k)| !k)
            .map(|(n, _)| *n)
            .collect()
    }

    #[test]
    fn reports_the_fewest_tasks_out_of_place() {
        assert_eq!(out_of_place(&[1, 2, 3, 4]), Vec::<u32>::new());
        assert_eq!(out_of_place(&[1, 2, 41, 42, 3, 4, 5]), [41, 42]);
        assert_eq!(out_of_place(&[1, 3, 2, 4]).len(), 1);
        assert_eq!(out_of_place(&[45, 46, 1, 2, 3, 4]), [45, 46]);
    }
}
