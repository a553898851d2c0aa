use crate::declare_rule;
use crate::document::{Document, Span};
use crate::pack::Steps;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::paths::sections;
use crate::rules::repo_paths::{paths_in, NamedPath, Resolution, Resolver};

declare_rule! {
    /// ## What it checks
    /// A path the technical plan says it modifies does not exist in the repository. Modified
    /// paths are those of Affected Modules rows whose Change Type is Modify (or Update,
    /// Extend, Refactor, Delete, Rename …; the words are the pack's `steps.modify`) and those
    /// on `Modify:` lines of the steps. Paths marked New (Create, Add) may be absent; a cell
    /// saying both (`Modify/New`) is left to S003.
    ///
    /// A path is looked up under the plan's folder and each folder above it up to the
    /// repository root. A bare name (`worker_pool.py`) is found anywhere in the repository
    /// (outside hidden and build folders).
    ///
    /// ## Why
    /// A plan that modifies a file that is not there was written against another version of
    /// the code, or guessed a path: the engineer following it starts by searching.
    ///
    /// ## Example
    /// Failing (the module is `src/tdd_orchestrator/worker_pool.py`):
    /// ```markdown
    /// | Module | Change Type | Description |
    /// |--------|-------------|-------------|
    /// | `src/tdd_orchestrator/workers.py` | Modify | Claim tasks by priority |
    /// ```
    /// Passing:
    /// ```markdown
    /// | `src/tdd_orchestrator/worker_pool.py` | Modify | Claim tasks by priority |
    /// ```
    pub struct PathNotFound {
        code: "P002",
        name: "path-not-found",
        family: Paths,
        severity: Error,
        help: "correct the path, or mark the change as New if the plan creates the file",
    }
}

impl Rule for PathNotFound {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(steps), Some(vocab)) = (cx.pack.steps.as_ref(), cx.pack.paths.as_ref()) else {
            return;
        };
        let Some(doc) = cx.set.plan_doc() else {
            return;
        };
        let resolver = Resolver::new(cx.source, &cx.set.dir, vocab);
        for (span, how) in modified_spans(doc, steps) {
            for named in paths_in(doc, &span, vocab) {
                if !exists(&resolver, &named) {
                    out.emit(
                        cx.set.plan,
                        named.span,
                        format!(
                            "`{}` is marked {how} but does not exist in the repository",
                            named.path
                        ),
                    );
                }
            }
        }
    }
}

/// Where the plan names paths it modifies, with the word that says so: Affected Modules cells
/// of modify rows, and `Modify:` lines.
fn modified_spans(doc: &Document, steps: &Steps) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let module_columns: Vec<&str> = steps.module_columns.iter().map(String::as_str).collect();
    let change_columns: Vec<&str> = steps.change_columns.iter().map(String::as_str).collect();
    for section in sections(doc, &steps.module_sections) {
        for table in doc.tables_in(&section) {
            let (Some(module), Some(change)) =
                (table.column(&module_columns), table.column(&change_columns))
            else {
                continue;
            };
            for row in &table.rows {
                let (Some(m), Some(c)) = (row.cells.get(module), row.cells.get(change)) else {
                    continue;
                };
                if let Some(word) = steps.modify.find(&c.text) {
                    if !steps.new.is_match(&c.text) {
                        out.push((m.span.clone(), word.as_str().to_string()));
                    }
                }
            }
        }
    }
    for line in 0..doc.lines.line_count() {
        let range = doc.lines.line_range(&doc.text, line);
        if doc.is_opaque(range.start) {
            continue;
        }
        if let Some(m) = steps.modify_line.find(&doc.text[range.clone()]) {
            let word = m.as_str().trim_start_matches(|c: char| !c.is_alphabetic());
            let word = word
                .trim_end_matches(|c: char| !c.is_alphabetic())
                .to_string();
            out.push((range.start + m.end()..range.end, word));
        }
    }
    out
}

fn exists(resolver: &Resolver, named: &NamedPath) -> bool {
    match resolver.resolve(&named.path) {
        Resolution::Exists => true,
        _ if named.is_bare() => resolver.name_exists(named.file_name()),
        _ => false,
    }
}
