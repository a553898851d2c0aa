use crate::declare_rule;
use crate::document::{Document, Span};
use crate::rule::{Context, Emitter, Rule};
use crate::rules::paths::sections;
use crate::rules::repo_paths::{paths_in, NamedPath};

declare_rule! {
    /// ## What it checks
    /// Each implementation step of a technical plan — a top-level list item under
    /// Implementation Steps, phase subsections included — must name a file or module path
    /// (`src/pkg/models.py`, `models.py`, `pkg/`, `pkg.models` in inline code) and a test path
    /// (`tests/unit/test_models.py`, `x_test.go`, `x.spec.ts`, `XTests.cs`). A step whose test
    /// is listed under Testing Strategy instead counts as tested when that test file is named
    /// after one of the step's modules (`test_models.py` for `models.py`). A step naming only
    /// documentation (`.md`, `docs/`) needs no test.
    ///
    /// ## Why
    /// A technical plan is only actionable when each step says where the change goes and how
    /// it is proven; "wire it into the worker pool" is not a step an engineer can start.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// 1. **Wire into worker pool**
    ///    - Integration points: claim loop, release hook
    /// ```
    /// Passing:
    /// ```markdown
    /// 1. **Wire into worker pool**
    ///    - Modify: `src/tdd_orchestrator/worker_pool.py`
    ///    - Test: `tests/integration/test_worker_pool.py`
    /// ```
    pub struct StepWithoutPath {
        code: "P001",
        name: "step-without-path",
        family: Paths,
        severity: Warning,
        help: "name the file or module the step changes and the test file that proves it",
    }
}

impl Rule for StepWithoutPath {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(steps), Some(vocab)) = (cx.pack.steps.as_ref(), cx.pack.paths.as_ref()) else {
            return;
        };
        let Some(doc) = cx.set.plan_doc() else {
            return;
        };
        let strategy_tests: Vec<NamedPath> = sections(doc, &steps.test_sections)
            .iter()
            .flat_map(|s| paths_in(doc, s, vocab))
            .filter(|p| vocab.test.is_match(&p.path))
            .collect();
        for section in sections(doc, &steps.sections) {
            for (i, item) in doc.list_items.iter().enumerate() {
                if item.depth != 0 || item.span.start < section.start || item.span.end > section.end
                {
                    continue;
                }
                let paths = paths_in(doc, &item.span, vocab);
                let step = step_title(&item.text);
                let first_line = doc
                    .lines
                    .line_range(&doc.text, doc.line_of(doc.item_own_span(i).start));
                if paths.is_empty() && !names_module(doc, &item.span) {
                    out.emit(
                        cx.set.plan,
                        first_line,
                        format!("step `{step}` names no file or module path"),
                    );
                    continue;
                }
                let tested = paths.iter().any(|p| vocab.test.is_match(&p.path))
                    || (!paths.is_empty()
                        && paths.iter().all(|p| steps.untested.is_match(&p.path)))
                    || paths.iter().any(|p| tested_elsewhere(p, &strategy_tests));
                if !tested {
                    out.emit(
                        cx.set.plan,
                        first_line,
                        format!("step `{step}` names no test path"),
                    );
                }
            }
        }
    }
}

/// The step's title: its bold lead or first words.
fn step_title(text: &str) -> String {
    let first = text.split(['\n', ':']).next().unwrap_or(text).trim();
    let mut title: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        title.push('…');
    }
    title
}

/// Inline code naming a dotted module (`tdd_orchestrator.models`).
fn names_module(doc: &Document, span: &Span) -> bool {
    // Inline code is in document order: look only at the step's own, not the whole file's
    // for every step (quadratic on long plans: a 50 MB plan took over ten minutes).
    let first = doc
        .inline_code
        .partition_point(|c| c.span.start < span.start);
    doc.inline_code[first..]
        .iter()
        .take_while(|c| c.span.start < span.end)
        .filter(|c| c.span.end <= span.end)
        .any(|c| {
            let parts: Vec<&str> = doc.code_of(c).split('.').collect();
            parts.len() > 1
                && parts.iter().all(|p| {
                    p.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
                        && p.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                })
        })
}

/// Whether a test named elsewhere is named after this path's module (`test_models.py` and
/// `models.py`, `tests/decomposition/` and `decomposition/`).
fn tested_elsewhere(path: &NamedPath, tests: &[NamedPath]) -> bool {
    let name = path.file_name();
    let stem = name.split('.').next().unwrap_or(name);
    stem.len() >= 3 && tests.iter().any(|t| t.path.contains(stem))
}
