use super::Chain;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::tables;

declare_rule! {
    /// ## What it checks
    /// An acceptance criterion with no row in the Test Mandate table (its `AC` column). Rows
    /// whose AC cell is `—` are extra tests and fine. When the plan has no Test Mandate section
    /// at all, S001 reports that and this rule stays silent.
    ///
    /// ## Why
    /// The Test Mandate is the minimum the test writer must cover; an AC missing from it may
    /// ship untested.
    ///
    /// ## Example
    /// Failing (AC-6 is defined):
    /// ```markdown
    /// | AC | Test Type | Scenario | Expected |
    /// |----|-----------|----------|----------|
    /// | AC-5 | Unit | List with pagination | Correct page |
    /// ```
    /// Passing: the table also has `| AC-6 | Unit | Delete existing entity | … |`.
    pub struct AcWithoutTest {
        code: "T004",
        name: "ac-without-test",
        family: Traceability,
        severity: Error,
        help: "add a Test Mandate row for this acceptance criterion",
    }
}

impl Rule for AcWithoutTest {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(chain) = Chain::of(cx) else {
            return;
        };
        let Some(mandate) = &chain.vocab.test_mandate else {
            return;
        };
        if chain.doc.section(&mandate.section).is_none() {
            return;
        }
        let tested: Vec<_> = tables::column_cells(chain.doc, &mandate.section, &mandate.column)
            .filter_map(|(_, cell)| cell)
            .flat_map(|cell| chain.keys_in(chain.acceptance, &cell.span))
            .collect();
        for ac in chain.criteria() {
            if !tested.contains(&ac.def.first.key) {
                out.emit(
                    chain.file,
                    ac.def.first.span.clone(),
                    format!(
                        "acceptance criterion `{}` has no row in the {}",
                        ac.def.first.text, mandate.section
                    ),
                );
            }
        }
    }
}
