use super::paths::{is_path, HTTP_METHODS};
use super::plan;
use crate::declare_rule;
use crate::document::{Document, Span};
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A repository file path in the plan's prose, tables or inline code:
    /// `src/a/b.py`, `./x/y.ts`, `foo.rs`, `services/x/`. Not paths: URLs, host names, e-mail
    /// addresses, slash commands (`/schema`), HTTP routes (`GET /widgets/:id`, and rooted
    /// words without a file name), `and/or`, `read/write`, `I/O`, `Given/When/Then`,
    /// `FR-1/AC-1`, dates, ratios, versions, `e.g.`, product names such as `Next.js`, and the
    /// plan set's own artifact names (`spec.md`, `plan_output.json`). Link targets are not
    /// checked: a link to a document is a reference, not a statement about code structure. Extensions, well-known
    /// source folders, artifact names and exempt sections (the seed's Dev Environment table
    /// names `docker-compose.yml`) are listed in the pack under `forbidden.paths`.
    ///
    /// ## Why
    /// The functional planner's rule: no file structure — where code goes is the software
    /// engineer's decision.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// An email client already exists in `src/widgets/service.py`.
    /// ```
    /// Passing:
    /// ```markdown
    /// An email client already exists and is used for order confirmations.
    /// ```
    pub struct FilePath {
        code: "F002",
        name: "file-path",
        family: Forbidden,
        severity: Error,
        help: "name the component or capability instead of the file; the engineer decides where code lives",
    }
}

impl Rule for FilePath {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some((file, doc, vocab)) = plan(cx) else {
            return;
        };
        let paths = &vocab.paths;
        let exempt: Vec<Span> = paths
            .exempt_sections
            .iter()
            .filter_map(|s| doc.section(s).map(|h| doc.section_span(h)))
            .collect();
        let mut found: Vec<Span> = Vec::new();
        found.extend(
            words(&doc.prose, 0..doc.prose.len()).filter(|w| is_path(&doc.text[w.clone()], paths)),
        );
        for code in &doc.inline_code {
            let inner = inner_span(doc, &code.span);
            found.extend(words(&doc.text, inner).filter(|w| is_path(&doc.text[w.clone()], paths)));
        }
        found.retain(|f| !exempt.iter().any(|e| e.contains(&f.start)));
        found.sort_by_key(|s| s.start);
        for span in found {
            let what = doc.text[span.clone()].to_string();
            out.emit(
                file,
                span,
                format!("file path `{what}` in a functional plan"),
            );
        }
    }
}

/// The words of `text` within `span`, punctuation around them trimmed, skipping a word that
/// follows an HTTP method (a route).
fn words(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let mut after_method = false;
    let base = span.start;
    text[span].split_whitespace().filter_map(move |w| {
        let start = base + (w.as_ptr() as usize - text[base..].as_ptr() as usize);
        let trimmed = w
            .trim_start_matches(['(', '[', '{', '<', '"', '\'', '*', '_', '`', '|'])
            .trim_end_matches([
                ')', ']', '}', '>', '"', '\'', '*', '_', '`', ',', ';', ':', '!', '?', '|',
            ])
            .trim_end_matches('.');
        let lead = w.len()
            - w.trim_start_matches(['(', '[', '{', '<', '"', '\'', '*', '_', '`', '|'])
                .len();
        let route = after_method;
        after_method = HTTP_METHODS.contains(&trimmed);
        (!route && !trimmed.is_empty()).then(|| start + lead..start + lead + trimmed.len())
    })
}

/// An inline code span without its backticks.
fn inner_span(doc: &Document, span: &Span) -> Span {
    let raw = &doc.text[span.clone()];
    let ticks = raw.len() - raw.trim_start_matches('`').len();
    span.start + ticks..span.end.saturating_sub(ticks).max(span.start + ticks)
}
