use super::{check_sections, Vocab};
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// The plan has no Constitution Check (or spec-kitty's Charter Check) although its profile
    /// requires one (speckit, spec-mesh) or the repository has a constitution
    /// (`.specify/memory/constitution.md`, `memory/constitution.md`, `docs/constitution.md`, or
    /// `constitution:` in planlint.yaml). The section is found by heading at any level below
    /// the title: "Constitution Check", "Charter Check", "Constitution Compliance",
    /// "Post-Design Constitution Re-Check" …; the pack's `constitution.check-section` lists the
    /// forms. In these profiles S001 leaves the section to this rule.
    ///
    /// ## Why
    /// The check is where a plan shows it respects the project's principles before research
    /// starts; without it nobody has looked.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// # Implementation Plan: Login
    /// ## Summary
    /// ## Technical Context
    /// ## Project Structure
    /// ```
    /// Passing:
    /// ```markdown
    /// ## Constitution Check
    /// | Principle | Status | Notes |
    /// |---|---|---|
    /// | I. Simplicity | ✅ PASS | one new module |
    /// ```
    pub struct MissingConstitutionCheck {
        code: "C001",
        name: "missing-constitution-check",
        family: Constitution,
        severity: Error,
        help: "add a `## Constitution Check` section that states, for each principle, whether the plan passes its gate",
    }
}

impl Rule for MissingConstitutionCheck {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(v), Some(doc)) = (Vocab::of(cx.pack), cx.set.plan_doc()) else {
            return;
        };
        if !check_sections(doc, &v).is_empty() {
            return;
        }
        let why = if v.required {
            format!("the {} profile requires one", cx.pack.profile)
        } else if let Some(c) = cx.constitution() {
            format!("the repository has a constitution (`{}`)", c.path.display())
        } else {
            return;
        };
        out.emit(
            cx.set.plan,
            file_start(doc),
            format!("the plan has no Constitution Check section; {why}"),
        );
    }
}
