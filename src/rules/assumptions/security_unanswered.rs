use super::is_placeholder;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::tables::{cell_value, column_cells};

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
        let (Some(vocab), Some(doc)) = (&cx.pack.security, cx.set.plan_doc()) else {
            return;
        };
        for (row, cell) in column_cells(doc, &vocab.section, &vocab.column) {
            let value = cell.map_or("", cell_value);
            if cell.is_some_and(|c| is_placeholder(cx, &doc.text, c))
                || vocab.answers.is_match(value)
            {
                continue;
            }
            let concern = row.cells.first().map_or("", cell_value);
            let shown = if value.is_empty() {
                "empty".to_string()
            } else {
                format!("`{value}`")
            };
            out.emit(
                cx.set.plan,
                cell.map_or(row.span.clone(), |c| c.span.clone()),
                format!("security concern `{concern}` is answered {shown}, not YES or NO"),
            );
        }
    }
}
