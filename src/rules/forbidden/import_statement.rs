use super::{plan, shown_matches};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Import statements in the plan's text or inline code: `from x import y`, `use a::b;`,
    /// `require('x')`, `#include <x>`, `import x from 'y'` anywhere, and `import x` or
    /// `using X;` when they are a whole inline code span (in running text "import" is an
    /// English word: "users import invoices"). Code blocks are F001's.
    ///
    /// ## Why
    /// Which libraries and modules to use follows the codebase's conventions, which the
    /// engineer knows and the plan does not.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// **Validation**: use `from pydantic import BaseModel` for the input model.
    /// ```
    /// Passing:
    /// ```markdown
    /// **Available dependencies**: pydantic is already in the project.
    /// ```
    pub struct ImportStatement {
        code: "F004",
        name: "import-statement",
        family: Forbidden,
        severity: Error,
        help: "name the capability or the dependency in words, without the import",
    }
}

impl Rule for ImportStatement {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some((file, doc, vocab)) = plan(cx) else {
            return;
        };
        let mut spans = shown_matches(doc, &vocab.imports);
        for code in &doc.inline_code {
            let whole = vocab
                .inline_imports
                .iter()
                .any(|p| p.is_match(doc.code_of(code)));
            if whole
                && !spans
                    .iter()
                    .any(|s| s.start < code.span.end && code.span.start < s.end)
            {
                spans.push(code.span.clone());
            }
        }
        spans.sort_by_key(|s| s.start);
        for span in spans {
            let what = doc.text[span.clone()].trim_matches('`').trim().to_string();
            out.emit(
                file,
                span,
                format!("import statement `{what}` in a functional plan"),
            );
        }
    }
}
