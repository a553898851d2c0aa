use super::required;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// A section the profile's pack requires (for the plan, spec or tasks file) is absent.
    /// Headings match case-insensitively, ignoring numbering (`## 3. Technical Approach`),
    /// leading emoji and trailing markers such as `*(mandatory)*` or `(/plan command scope)`;
    /// the pack lists accepted aliases (spec-kitty's "Charter Check" for "Constitution Check").
    ///
    /// ## Why
    /// Downstream agents and reviewers rely on every section of the template being there.
    ///
    /// ## Example
    /// Failing (speckit plan without a Constitution Check):
    /// ```markdown
    /// # Implementation Plan: Login
    /// ## Summary
    /// ## Technical Context
    /// ```
    /// Passing:
    /// ```markdown
    /// # Implementation Plan: Login
    /// ## Summary
    /// ## Technical Context
    /// ## Constitution Check
    /// ```
    pub struct MissingSection {
        code: "S001",
        name: "missing-section",
        family: Structure,
        severity: Error,
        help: "add the section with this heading (numbering and trailing markers are allowed)",
    }
}

impl Rule for MissingSection {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, doc, reqs) in required(cx) {
            for section in &reqs.sections {
                if doc.find_heading(&section.keys()).is_none() {
                    out.emit(
                        file,
                        file_start(doc),
                        format!("missing required section `{}`", section.name),
                    );
                }
            }
        }
    }
}
