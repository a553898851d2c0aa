use super::Chain;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A functional requirement that no acceptance criterion names. An AC names the
    /// requirements in its heading, `### AC-3: Widget retrieval (FR-2)` or `(FR-1, FR-5)`
    /// (ranges expand), else in its body. A requirement split into sub-requirements (`FR-3a`,
    /// `FR-3b`) is covered through them; an AC naming `FR-3` covers both.
    ///
    /// ## Why
    /// A requirement without an acceptance criterion has no agreed definition of done, so
    /// nothing downstream (tests, contracts, review) checks it.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// ### FR-6: Widget Renaming
    /// …
    /// ## Acceptance Criteria
    /// ### AC-1: Widget creation (FR-1)
    /// ```
    /// Passing: an `### AC-8: Widget renaming (FR-6)` with its Given/When/Then.
    pub struct FrWithoutAc {
        code: "T003",
        name: "fr-without-ac",
        family: Traceability,
        severity: Error,
        help: "add an acceptance criterion naming this requirement, e.g. `### AC-n: title (FR-n)`",
    }
}

impl Rule for FrWithoutAc {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(chain) = Chain::of(cx) else {
            return;
        };
        let criteria = chain.criteria();
        for fr in chain.defined_here(chain.requirement) {
            let key = &fr.first.key;
            let split = chain.index.subs(chain.requirement, key).next().is_some();
            if split
                || criteria
                    .iter()
                    .any(|c| c.declares_any(std::slice::from_ref(key)))
            {
                continue;
            }
            out.emit(
                chain.file,
                fr.first.span.clone(),
                format!(
                    "requirement `{}` is named by no acceptance criterion",
                    fr.first.text
                ),
            );
        }
    }
}
