use super::required;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A header value of the wrong form: a Plan ID not `PLAN-AREA-NNN`, a date not
    /// `YYYY-MM-DD`, a Task that is not a Jira key … The pack gives each field its pattern.
    /// Values that are still template placeholders are left to S003.
    ///
    /// ## Why
    /// Scripts and agents parse these values; a near miss breaks them silently.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// Plan ID: PLAN-auth-1
    /// ```
    /// Passing:
    /// ```markdown
    /// Plan ID: PLAN-AUTH-001
    /// ```
    pub struct IdFormat {
        code: "S006",
        name: "id-format",
        family: Structure,
        severity: Error,
        help: "write the value in the documented form",
    }
}

impl Rule for IdFormat {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, doc, reqs) in required(cx) {
            for req in &reqs.fields {
                let Some(pattern) = &req.pattern else {
                    continue;
                };
                let Some(field) = doc.field(&req.names()) else {
                    continue;
                };
                let is_placeholder = cx.pack.has_placeholder(&doc.text[field.value_span.clone()]);
                if field.value.is_empty() || is_placeholder || pattern.is_match(&field.value) {
                    continue;
                }
                let expected = req.format.as_deref().unwrap_or(pattern.as_str());
                out.emit(
                    file,
                    field.value_span.clone(),
                    format!("`{}` is `{}`, expected {expected}", field.name, field.value),
                );
            }
        }
    }
}
