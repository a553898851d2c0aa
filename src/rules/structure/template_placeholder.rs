use crate::declare_rule;
use crate::pack::Scope;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::visible_matches;

declare_rule! {
    /// ## What it checks
    /// Template text left unfilled: `[FEATURE]`, `[DATE]`, `[###-feature-name]`, `[link]`,
    /// `{date}`, `[e.g., …`, `ACTION REQUIRED` comments, `[REMOVE IF UNUSED]` and `Option N`
    /// structure choices, `YES/NO`, `TKTK`, `???`, `<placeholder>` … The patterns, and where each
    /// is looked for (prose, comments, or anywhere including code blocks), live in the
    /// profile's pack under `placeholders`.
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
            let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
            for p in &cx.pack.placeholders {
                let found: Vec<_> = match p.scope {
                    Scope::Prose => visible_matches(doc, &p.pattern).map(|m| m.range()).collect(),
                    Scope::Comments => doc
                        .comments
                        .iter()
                        .flat_map(|c| {
                            p.pattern
                                .find_iter(&doc.text[c.span.clone()])
                                .map(move |m| c.span.start + m.start()..c.span.start + m.end())
                        })
                        .collect(),
                    Scope::Code => doc
                        .code_blocks
                        .iter()
                        .flat_map(|c| {
                            p.pattern
                                .find_iter(&doc.text[c.span.clone()])
                                .map(move |m| c.span.start + m.start()..c.span.start + m.end())
                        })
                        .collect(),
                    Scope::Anywhere => {
                        let fm = doc.front_matter.clone().unwrap_or(0..0);
                        p.pattern
                            .find_iter(&doc.text)
                            .filter(|m| !fm.contains(&m.start()))
                            .map(|m| m.range())
                            .collect()
                    }
                };
                for span in found {
                    if reported.iter().any(|r| r.start < span.end && span.start < r.end) {
                        continue;
                    }
                    out.emit(
                        file,
                        span.clone(),
                        format!(
                            "unfilled template placeholder `{}` ({})",
                            doc.text[span.clone()].trim(),
                            p.what
                        ),
                    );
                    reported.push(span);
                }
            }
        }
    }
}
