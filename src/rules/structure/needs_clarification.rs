use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::severity::Severity;

declare_rule! {
    /// ## What it checks
    /// `NEEDS CLARIFICATION` markers in prose (the CLARIFY GATE; a mention in inline code is a
    /// quotation, not a marker). Any marker left in the plan is an
    /// error; spec.md may keep a few while it is drafted (the pack's `spec-allowance`, 3 by
    /// default) and above that each marker is a warning. Lines that report the markers as
    /// resolved or describe the process ("All NEEDS CLARIFICATION resolved", "no NEEDS
    /// CLARIFICATION remain", "For each NEEDS CLARIFICATION → research task") are not markers
    /// (the pack's `mention` pattern).
    ///
    /// ## Why
    /// Planning on top of an open question bakes a guess into the design.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// **Storage**: NEEDS CLARIFICATION
    /// ```
    /// Passing:
    /// ```markdown
    /// **Storage**: PostgreSQL 16
    /// ```
    pub struct NeedsClarification {
        code: "S004",
        name: "needs-clarification",
        family: Structure,
        severity: Error,
        help: "resolve the question (record it in research.md) and replace the marker with the answer",
    }
}

impl Rule for NeedsClarification {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(c) = &cx.pack.clarification else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            if !matches!(set_file.kind, ArtifactKind::Plan | ArtifactKind::Spec) {
                continue;
            }
            let markers: Vec<_> = c
                .pattern
                .find_iter(&doc.prose)
                .filter(|m| {
                    let line = doc.line_text(doc.line_of(m.start()));
                    !c.mention.as_ref().is_some_and(|r| r.is_match(line))
                })
                .map(|m| m.range())
                .collect();
            let severity = if set_file.kind == ArtifactKind::Spec {
                if markers.len() <= c.spec_allowance {
                    continue;
                }
                Some(Severity::Warning)
            } else {
                None
            };
            let total = markers.len();
            for span in markers {
                let message = if severity.is_some() {
                    format!(
                        "`NEEDS CLARIFICATION` remains ({total} markers, more than the {} allowed in spec.md)",
                        c.spec_allowance
                    )
                } else {
                    "`NEEDS CLARIFICATION` remains in the plan (CLARIFY GATE)".to_string()
                };
                out.emit(file, span, message).severity(severity);
            }
        }
    }
}
