use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Opt-in: with `tests:` globs in planlint.yaml, each acceptance criterion (functional
    /// plans) or functional requirement (spec-kit) the plan set defines must be cited by at
    /// least one matching test file of the repository. The kinds checked are the pack's
    /// `tested-ids`. Tests may write the ID as `AC-3`, `AC3`, `ac_3` or in a test name such as
    /// `test_ac_3_happy_path`; `AC-03` and `AC-3` are the same ID.
    ///
    /// ## Why
    /// A criterion that no test mentions is a criterion nobody has shown to hold.
    ///
    /// ## Example
    /// Failing, with `tests: ["tests/**/*.py"]` and no test naming AC-2:
    /// ```markdown
    /// ### AC-2: Widget creation — validation failure (FR-1)
    /// ```
    /// Passing: `tests/test_widgets.py` holds `def test_ac_2_empty_name_rejected():`.
    pub struct UntestedInCode {
        code: "T010",
        name: "untested-in-code",
        family: Traceability,
        severity: Error,
        help: "add a test that names the ID (e.g. `test_ac_2_…` or `# AC-2` in the test), or correct the `tests:` globs",
    }
}

impl Rule for UntestedInCode {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(cited) = cx.tests else {
            return;
        };
        let index = cx.ids();
        for name in &cx.pack.tested_ids {
            let Some(kind) = index.kind(name) else {
                continue;
            };
            let what = &index.kind_meta(kind).what;
            for m in index.definitions(kind) {
                let key = &m.first.key;
                if !cited.contains(key) {
                    out.emit(
                        m.file,
                        m.first.span.clone(),
                        format!("{what} {key} is cited by no test file"),
                    );
                }
            }
        }
    }
}
