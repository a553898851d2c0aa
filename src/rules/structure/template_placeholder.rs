use crate::declare_rule;
use crate::document::{Document, Span};
use crate::pack::{Placeholder, Scope};
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Template text left unfilled: `[FEATURE]`, `[DATE]`, `[###-feature-name]`, `[link]`,
    /// `{date}`, `[e.g., …`, `ACTION REQUIRED` comments, `[REMOVE IF UNUSED]` and `Option N`
    /// structure choices, `YES/NO`, `TKTK`, `???`, `<placeholder>` … The patterns live in the
    /// profile's pack under `placeholders`, each with where it is looked for: prose and header
    /// values (inline code elsewhere is skipped, since real plans quote templates such as
    /// `specs/{feature}/` in backticks), header values only, comments, code blocks, or
    /// anywhere; optionally only under certain headings (`Option N` choices only count inside
    /// Project Structure).
    ///
    /// ## Why
    /// A plan that still holds its template's instructions was never finished.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// **Branch**: `[###-feature-name]` | **Date**: [DATE]
    /// ```
    /// Passing:
    /// ```markdown
    /// **Branch**: `042-login` | **Date**: 2026-03-01
    /// ```
    pub struct TemplatePlaceholder {
        code: "S003",
        name: "template-placeholder",
        family: Structure,
        severity: Error,
        help: "replace the template text with the real content, or delete it",
    }
}

impl Rule for TemplatePlaceholder {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, set_file, doc) in cx.set.docs() {
            if !set_file.kind.is_linted_markdown() {
                continue;
            }
            // Every match of every pattern, by position; where matches overlap, the first
            // (and, at the same start, the earlier pattern's) is reported.
            let mut found: Vec<(Span, &Placeholder)> = Vec::new();
            let (in_text, in_prose) = cx.pack.placeholder_candidates(doc);
            for (i, p) in cx.pack.placeholders().iter().enumerate() {
                let in_scope = |span: &Span| {
                    p.within
                        .as_ref()
                        .is_none_or(|w| doc.headings_around(span.start).any(|h| w.is_match(&h.key)))
                };
                let spans = matches(doc, p, in_text[i], in_prose[i]);
                found.extend(spans.into_iter().filter(in_scope).map(|s| (s, p)));
            }
            found.sort_by_key(|(span, _)| span.start);
            let mut reported_end = 0;
            for (span, p) in found {
                if span.start < reported_end {
                    continue;
                }
                reported_end = span.end.max(span.start + 1);
                out.emit(
                    file,
                    span.clone(),
                    format!(
                        "unfilled template placeholder `{}` ({})",
                        crate::rules::text::snippet(&doc.text[span]),
                        p.what
                    ),
                );
            }
        }
    }
}

/// Where a placeholder pattern matches, by its scope; `in_text`, `in_prose`: whether it may
/// match in the text, in the prose (see [`crate::pack::Pack::placeholder_candidates`]).
fn matches(doc: &Document, p: &Placeholder, in_text: bool, in_prose: bool) -> Vec<Span> {
    let within = |spans: &mut dyn Iterator<Item = Span>| -> Vec<Span> {
        spans
            .flat_map(|outer| {
                p.pattern
                    .find_iter(&doc.text[outer.clone()])
                    .map(move |m| outer.start + m.start()..outer.start + m.end())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let fields = || doc.header_fields().map(|f| f.value_span.clone());
    if !in_text && p.scope != Scope::Prose {
        return Vec::new();
    }
    match p.scope {
        Scope::Fields => within(&mut fields()),
        Scope::Prose => {
            let mut found: Vec<Span> = Vec::new();
            if in_prose {
                found.extend(p.pattern.find_iter(&doc.prose).map(|m| m.range()));
            }
            if in_text {
                found.extend(within(&mut fields()));
            }
            found.sort_by_key(|s| s.start);
            found.dedup();
            found
        }
        Scope::Comments => within(&mut doc.comments.iter().map(|c| c.span.clone())),
        Scope::Code => within(&mut doc.code_blocks.iter().map(|c| c.span.clone())),
        Scope::Anywhere => {
            let fm = doc.front_matter.clone().unwrap_or(0..0);
            p.pattern
                .find_iter(&doc.text)
                .filter(|m| !fm.contains(&m.start()))
                .map(|m| m.range())
                .collect()
        }
    }
}
