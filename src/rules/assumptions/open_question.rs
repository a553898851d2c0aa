use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// An unchecked checkbox item (`- [ ] …`) under Open Questions: a question still waiting
    /// for an answer. Answered questions are ticked (`- [x] … — answer (who, when)`).
    ///
    /// ## Why
    /// An open question is a requirement not yet decided; implementing around it means
    /// guessing.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// - [ ] What is the maximum number of widgets per user?
    /// ```
    /// Passing:
    /// ```markdown
    /// - [x] What is the maximum number of widgets per user? — No limit in v1 (product owner).
    /// ```
    pub struct OpenQuestion {
        code: "A002",
        name: "open-question",
        family: Assumptions,
        severity: Warning,
        help: "get the answer, write it after the question and tick the box",
    }
}

impl Rule for OpenQuestion {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(vocab), Some(doc)) = (&cx.pack.open_questions, cx.set.plan_doc()) else {
            return;
        };
        let Some(h) = doc.section(&vocab.section) else {
            return;
        };
        for item in doc.items_in(&doc.section_span(h)) {
            if item.checked == Some(false) {
                let line = doc
                    .lines
                    .line_range(&doc.text, doc.line_of(item.span.start));
                out.emit(cx.set.plan, line, format!("open question: {}", item.text));
            }
        }
    }
}
