use super::principles::{known, Mentions, Principle};
use super::{entries, placeholder_test, Entry, Gate, Verdict, Vocab};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A gate of the Constitution Check marked as failed — `FAIL`, `❌`, `✗`, `NEEDS REVIEW`,
    /// `BLOCKED`, `VIOLATION`, an unchecked `- [ ]` item, `Gate Result: FAIL` — or passed only
    /// on condition (`CONDITIONAL PASS`, `⚠️ PARTIAL`), with no entry justifying it: a
    /// Complexity Tracking row (speckit) or a Violation / Justification / Mitigation entry
    /// (spec-mesh) that names the gate's principle (by name or numeral). A gate that speaks
    /// for the whole check (`Gate Result`, `Initial Constitution Check: …` in the 2025-09
    /// Progress Tracking) is justified by any entry. Gates are table rows (the Status /
    /// Verdict / Assessment … column decides; with two, the later one, so post-design
    /// overrides pre-design), list items and labelled lines. In prose a status word counts in
    /// capitals or as the first word after the label, so "tests fail first" is no verdict;
    /// `no violations` is not a violation; `PENDING`, `DEFERRED` and `N/A` are not failures.
    ///
    /// ## Why
    /// A failed gate must be fixed or justified before the plan goes on; an unjustified one
    /// means the plan knowingly breaks a principle.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | Principle | Status |
    /// |---|---|
    /// | I. Simplicity | ❌ FAIL — adds a fourth service |
    /// ```
    /// Passing (the same row with a Complexity Tracking entry):
    /// ```markdown
    /// ## Complexity Tracking
    /// | Violation | Why Needed | Simpler Alternative Rejected Because |
    /// |---|---|---|
    /// | Simplicity: fourth service | isolates PCI scope | shared service fails the audit |
    /// ```
    pub struct GateFailed {
        code: "C002",
        name: "gate-failed",
        family: Constitution,
        severity: Error,
        help: "fix the plan so the gate passes, or justify the violation in Complexity Tracking (Violation / Why Needed / Simpler Alternative Rejected Because)",
    }
}

impl Rule for GateFailed {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(v), Some(doc)) = (Vocab::of(cx.pack), cx.set.plan_doc()) else {
            return;
        };
        let failed: Vec<&Gate> = cx
            .gates()
            .iter()
            .filter(|g| matches!(g.verdict, Verdict::Fail(_)))
            .collect();
        if failed.is_empty() {
            return;
        }
        let placeholder = placeholder_test(cx.pack);
        let justified_by = entries(doc, &v, &placeholder);
        let constitution = cx.constitution();
        let known = constitution
            .as_ref()
            .map(|c| known(c, cx.pack, &v))
            .unwrap_or_default();
        for gate in failed {
            if is_justified(gate, &justified_by, &known) {
                continue;
            }
            let Verdict::Fail(status) = &gate.verdict else {
                continue;
            };
            let what = if gate.label.is_empty() {
                "a gate".to_string()
            } else {
                format!("gate `{}`", gate.label)
            };
            out.emit(
                cx.set.plan,
                gate.span.clone(),
                format!("{what} is marked `{status}` and no Complexity Tracking or violation entry justifies it"),
            );
        }
    }
}

/// A gate is justified by an entry naming its principle: the constitution principle its label
/// refers to, else the label itself. Whole-check gates are justified by any entry.
fn is_justified(gate: &Gate, entries: &[Entry], known: &[Principle]) -> bool {
    if entries.is_empty() {
        return false;
    }
    if gate.overall || gate.label.is_empty() {
        return true;
    }
    let label = Mentions::new(&gate.label, std::iter::once(gate.label.as_str()));
    let principle = known.iter().find(|p| label.addresses(p));
    entries.iter().any(|e| {
        // "Simplicity: a second store", "Principle I - …": the lead names the principle.
        let lead = e
            .violation
            .split([':', '(', '—', '–'])
            .next()
            .unwrap_or("")
            .split(" - ")
            .next()
            .unwrap_or("");
        let said = Mentions::new(&e.text, [e.violation.as_str(), lead].into_iter());
        match principle {
            Some(p) => said.addresses(p),
            None => said.mentions_label(&gate.label),
        }
    })
}
