use super::{plan, shown_matches};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Class, function, method or type definitions and signatures in the plan's text or
    /// inline code: `def f(`, `class WidgetService`, `class Widget(`, `fn f(`, `func f(`,
    /// `function f(`, `interface X {`, `struct X {`, `public void f(`. "class" and "type" as
    /// English words are not definitions: a class name must be written like one (CamelCase,
    /// or followed by `(`, `:`, `{`, `extends`). Code blocks are F001's.
    ///
    /// ## Why
    /// Designing classes and signatures is the engineer's job, with human feedback; a plan
    /// that names them makes the decision without either.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// **Suggested design**: class WidgetService owns the widget operations.
    /// ```
    /// Passing:
    /// ```markdown
    /// **Similar features exist**: order management offers the same operations.
    /// ```
    pub struct CodeDefinition {
        code: "F003",
        name: "code-definition",
        family: Forbidden,
        severity: Error,
        help: "describe what the feature does; leave classes, functions and their signatures to the engineer",
    }
}

impl Rule for CodeDefinition {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some((file, doc, vocab)) = plan(cx) else {
            return;
        };
        for span in shown_matches(doc, &vocab.definitions) {
            let what = doc.text[span.clone()].trim().to_string();
            out.emit(
                file,
                span,
                format!("code definition `{what}` in a functional plan"),
            );
        }
    }
}
