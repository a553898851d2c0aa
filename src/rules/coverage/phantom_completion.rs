use std::collections::HashSet;

use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::coverage::markdown;
use crate::rules::repo_paths::{paths_in, Resolution, Resolver};

declare_rule! {
    /// ## What it checks
    /// A task of tasks.md marked done (`- [X] T012 …`) that names a file or folder which does
    /// not exist in the repository. Paths are read from the task's text, wrapped lines
    /// included: inline code, links, and prose tokens with a file extension or a trailing `/`.
    /// `path:line` and `#anchor` suffixes are dropped; `/templates/x` is repository-rooted;
    /// templated (`specs/{feature}/`), glob and placeholder paths and slash commands are not
    /// paths.
    ///
    /// A path is looked up under the plan's folder and every folder above it up to the
    /// repository root (plans name paths relative to their project). It is reported only when
    /// its first folder exists there: `src/app/x.py` with no `src/` at all is relative to
    /// something this repository does not hold (another repository, a sub-project), and a
    /// bare name (`x.py`) says nothing about where the file lives. Tasks that delete, move,
    /// rename or replace files are skipped, since their paths are meant to be gone.
    ///
    /// ## Why
    /// A task ticked off while the file it was to create is absent means the work was lost,
    /// never done, or done somewhere else: either way tasks.md no longer tells the truth.
    ///
    /// ## Example
    /// Failing (there is `src/` but no `src/export/csv.py`):
    /// ```markdown
    /// - [X] T014 [US1] Implement the CSV writer in src/export/csv.py
    /// ```
    /// Passing: the same line with the file present, or the task unticked.
    pub struct PhantomCompletion {
        code: "T011",
        name: "phantom-completion",
        family: Traceability,
        severity: Warning,
        help: "create the file, correct the path in the task, or untick the task",
    }
}

impl Rule for PhantomCompletion {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(cov), Some(vocab)) = (cx.pack.coverage.as_ref(), cx.pack.paths.as_ref()) else {
            return;
        };
        let Some((file, doc)) = markdown(cx, ArtifactKind::Tasks) else {
            return;
        };
        let resolver = Resolver::new(cx.source, &cx.set.dir, vocab);
        for task in cx.tasks() {
            if task.checked != Some(true) || task.struck {
                continue;
            }
            let mut missing: Vec<_> = paths_in(doc, &task.own, vocab)
                .into_iter()
                .filter(|named| resolver.resolve(&named.path) == Resolution::Missing)
                .collect();
            // Asked only of tasks naming a missing path: the verb list is a slow regex.
            if missing.is_empty() || cov.removal.is_match(&doc.prose[task.own.clone()]) {
                continue;
            }
            let mut reported = HashSet::new();
            missing.retain(|named| reported.insert(named.path.clone()));
            for named in missing {
                out.emit(
                    file,
                    named.span,
                    format!(
                        "task {} is marked done but `{}` does not exist",
                        task.id.text, named.path
                    ),
                );
            }
        }
    }
}
