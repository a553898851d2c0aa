use super::{plan, shown_matches};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Prescriptions to copy existing code: "follow the pattern in X", "use the same pattern
    /// as X", "see X for the pattern", "similar to `orders.py`". Saying that a similar feature
    /// exists ("Order management has similar CRUD operations") is fine — the seed asks for
    /// that; telling the engineer to copy its code is not.
    ///
    /// ## Why
    /// Which patterns to use is the engineer's decision after exploring the codebase; a plan
    /// that prescribes one skips that exploration.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// **Similar features exist**: Follow the pattern in order management for pagination.
    /// ```
    /// Passing:
    /// ```markdown
    /// **Similar features exist**: Order management also offers paginated lists.
    /// ```
    pub struct PatternReference {
        code: "F005",
        name: "pattern-reference",
        family: Forbidden,
        severity: Warning,
        help: "say which similar feature exists and what it does; leave the choice of pattern to the engineer",
    }
}

impl Rule for PatternReference {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some((file, doc, vocab)) = plan(cx) else {
            return;
        };
        for span in shown_matches(doc, &vocab.pattern_references) {
            let what = doc.text[span.clone()].to_string();
            out.emit(
                file,
                span,
                format!("\"{what}\" prescribes an implementation pattern"),
            );
        }
    }
}
