use super::required;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// A header field the profile requires is absent or empty: Branch, Date/Created, Spec
    /// (speckit), Task (functional), Plan ID, Feature Spec, Issue(s) (spec-mesh) … Fields are
    /// `**Name**: value` or `**Name:** value` lines (several may share a line, separated by
    /// `|`), or `Name: value` lines before the first `##` heading.
    ///
    /// ## Why
    /// The header ties the plan to its branch, spec and ticket; tools read it.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// # Implementation Plan: Login
    /// **Date**: 2026-03-01
    /// ```
    /// Passing:
    /// ```markdown
    /// # Implementation Plan: Login
    /// **Branch**: `042-login` | **Date**: 2026-03-01 | **Spec**: [spec.md](spec.md)
    /// ```
    pub struct MissingMetadata {
        code: "S005",
        name: "missing-metadata",
        family: Structure,
        severity: Error,
        help: "add the field to the plan's header as `**Name**: value`",
    }
}

impl Rule for MissingMetadata {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, doc, reqs) in required(cx) {
            for req in reqs.fields.iter().filter(|f| f.required) {
                match doc.field(&req.names()) {
                    None => {
                        out.emit(
                            file,
                            file_start(doc),
                            format!("missing header field `{}`", req.name),
                        );
                    }
                    Some(field) if field.value.is_empty() => {
                        out.emit(
                            file,
                            field.span.clone(),
                            format!("header field `{}` is empty", field.name),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }
}
