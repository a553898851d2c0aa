use super::unanswered_rows;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A Security Considerations row whose Applies? cell is not a plain YES or NO ("Partly",
    /// "N/A", "TBC", empty). A cell still holding the template's `YES/NO` is S003's to report.
    ///
    /// ## Why
    /// Each concern (user input, authentication, secrets, …) needs a decision: either it
    /// applies and the Notes say how it is handled, or it does not.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | **Authorisation** | Partly | Users may only view widgets they own |
    /// ```
    /// Passing:
    /// ```markdown
    /// | **Authorisation** | YES | Users may only view widgets they own |
    /// ```
    pub struct SecurityUnanswered {
        code: "A003",
        name: "security-unanswered",
        family: Assumptions,
        severity: Error,
        help: "answer YES (and say how it is handled in Notes) or NO",
    }
}

impl Rule for SecurityUnanswered {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(vocab) = &cx.pack.security else {
            return;
        };
        for row in unanswered_rows(cx, &vocab.section, &vocab.column, &vocab.answers) {
            out.emit(
                cx.set.plan,
                row.span,
                format!(
                    "security concern `{}` is answered {}, not YES or NO",
                    row.subject, row.answer
                ),
            );
        }
    }
}
