use super::required;
use crate::declare_rule;
use crate::document::Document;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A required section that is present but holds nothing beyond template comments
    /// (`<!-- ACTION REQUIRED … -->`) and horizontal rules.
    ///
    /// ## Why
    /// An empty heading passes a glance but tells the implementer nothing.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// ## Technical Context
    /// <!-- ACTION REQUIRED: fill in -->
    ///
    /// ## Constitution Check
    /// ```
    /// Passing:
    /// ```markdown
    /// ## Technical Context
    /// **Language/Version**: Rust 1.80
    /// ```
    pub struct EmptySection {
        code: "S002",
        name: "empty-section",
        family: Structure,
        severity: Warning,
        help: "write the section's content, or remove the template comment that stands in for it",
    }
}

impl Rule for EmptySection {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, doc, reqs) in required(cx) {
            for section in &reqs.sections {
                if let Some(h) = doc.find_heading(&section.keys()) {
                    if !has_content(doc, doc.section_body(h)) {
                        out.emit(
                            file,
                            doc.headings[h].span.clone(),
                            format!("section `{}` is empty", doc.headings[h].text),
                        );
                    }
                }
            }
        }
    }
}

/// Whether `span` holds anything but whitespace, HTML comments and thematic breaks.
fn has_content(doc: &Document, span: std::ops::Range<usize>) -> bool {
    let mut pos = span.start;
    let comments = doc
        .comments
        .iter()
        .filter(|c| c.span.start >= span.start && c.span.start < span.end);
    let mut gaps = Vec::new();
    for c in comments {
        gaps.push(pos..c.span.start);
        pos = c.span.end.min(span.end);
    }
    gaps.push(pos..span.end);
    gaps.into_iter().any(|g| {
        doc.text[g].lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
        })
    })
}
