use super::plan;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A code block in the plan: a fenced block whose language is not one the pack allows
    /// (`mermaid`, `text`, `gherkin`, `markdown` and data such as `json`/`yaml` in the
    /// functional pack), or an unlabelled, indented or `text` block whose body reads as code
    /// (assignments, calls ending in `;`, `return`, SQL statements, definitions, imports).
    /// Bare blocks of Given/When/Then are fine.
    ///
    /// ## Why
    /// The functional planner's rule: no code examples — the software engineer writes all
    /// code, and an example in the plan becomes the design by accident.
    ///
    /// ## Example
    /// Failing:
    /// ````markdown
    /// ```python
    /// widget = {"name": "Test"}
    /// ```
    /// ````
    /// Passing:
    /// ````markdown
    /// ```gherkin
    /// Given a widget named "Test"
    /// ```
    /// ````
    pub struct CodeBlock {
        code: "F001",
        name: "code-block",
        family: Forbidden,
        severity: Error,
        help: "describe the behaviour in words, a table or a Given/When/Then scenario; the engineer writes the code",
    }
}

impl Rule for CodeBlock {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some((file, doc, vocab)) = plan(cx) else {
            return;
        };
        let allowed = |lang: &str| {
            vocab
                .allowed_languages
                .iter()
                .any(|a| a.eq_ignore_ascii_case(lang))
        };
        let inspected = |lang: &str| {
            lang.is_empty()
                || vocab
                    .inspected_languages
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(lang))
        };
        for block in &doc.code_blocks {
            let lang = block.language();
            let fence = doc
                .lines
                .line_range(&doc.text, doc.line_of(block.span.start));
            if !lang.is_empty() && !allowed(&lang) {
                out.emit(
                    file,
                    fence,
                    format!("`{lang}` code block in a functional plan"),
                );
                continue;
            }
            if !inspected(&lang) {
                continue;
            }
            let body = &doc.text[block.body.clone()];
            let looks_like_code = vocab
                .code_signatures
                .iter()
                .chain(&vocab.definitions)
                .chain(&vocab.imports)
                .any(|p| p.is_match(body))
                || body
                    .lines()
                    .any(|l| vocab.inline_imports.iter().any(|p| p.is_match(l)));
            if looks_like_code {
                let what = if lang.is_empty() {
                    "unlabelled".to_string()
                } else {
                    format!("`{lang}`")
                };
                out.emit(file, fence, format!("{what} block holds code"));
            }
        }
    }
}
