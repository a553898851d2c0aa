use super::{entries, is_unfilled, placeholder_test, Vocab};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A Complexity Tracking row or a Violation entry whose justification ("Why Needed",
    /// "Justification") or rejected alternative / mitigation ("Simpler Alternative Rejected
    /// Because", "Mitigation or follow-up plan") is empty, `N/A`, `TBD` or still template text.
    /// Rows that say there is nothing to track (`(none)`, `N/A`, `—`, `該当なし`) and the
    /// template's example rows are not entries. The alternative is only required where the
    /// table has that column or the entry has that label.
    ///
    /// ## Why
    /// A violation without a reason, or without the simpler option that was turned down, is
    /// not justified — it is only admitted.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | Violation | Why Needed | Simpler Alternative Rejected Because |
    /// |---|---|---|
    /// | Fourth service | | |
    /// ```
    /// Passing:
    /// ```markdown
    /// | Violation | Why Needed | Simpler Alternative Rejected Because |
    /// |---|---|---|
    /// | Fourth service | isolates PCI scope | a shared service fails the audit |
    /// ```
    pub struct UnjustifiedViolation {
        code: "C003",
        name: "unjustified-violation",
        family: Constitution,
        severity: Error,
        help: "say why the violation is needed and which simpler alternative was rejected, and why",
    }
}

impl Rule for UnjustifiedViolation {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(v), Some(doc)) = (Vocab::of(cx.pack), cx.set.plan_doc()) else {
            return;
        };
        let placeholder = placeholder_test(cx.pack);
        for entry in entries(doc, &v, &placeholder) {
            let missing_justification = entry.justification.is_none();
            for part in entry.justification.iter().chain(&entry.alternative) {
                if is_unfilled(&v, part, &placeholder) {
                    let said = if part.text.trim().is_empty() {
                        "is empty".to_string()
                    } else {
                        format!("says only `{}`", short(&part.text))
                    };
                    out.emit(
                        cx.set.plan,
                        part.span.clone(),
                        format!(
                            "violation `{}` is not justified: its `{}` {said}",
                            short(&entry.violation),
                            part.name.trim()
                        ),
                    );
                }
            }
            if missing_justification {
                out.emit(
                    cx.set.plan,
                    entry.span.clone(),
                    format!(
                        "violation `{}` has no justification",
                        short(&entry.violation)
                    ),
                );
            }
        }
    }
}

/// The first line of a violation, shortened for a message.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}
