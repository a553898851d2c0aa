use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// `TODO`, `FIXME`, `XXX` and `TBD` in prose (outside code blocks, inline code and
    /// comments). The patterns live in the pack under `todo`: whole words in capitals, so
    /// `Todo` in a sentence is not a marker; ID and issue masks (`SC-XXX`, `#XXX`), quoted or
    /// slashed mentions (`"TODO"`, `TODO/FIXME`, `TODO(BLOCKER-1)`) and talk about markers
    /// ("TODO comments", "TODO in Python") are not markers either.
    ///
    /// ## Why
    /// A marker is a decision somebody postponed; the plan is not ready until it is made.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// Retention period: TBD
    /// ```
    /// Passing:
    /// ```markdown
    /// Retention period: 30 days
    /// ```
    pub struct TodoMarker {
        code: "S008",
        name: "todo-marker",
        family: Structure,
        severity: Warning,
        help: "make the decision and write it down, or move the item to Open Questions",
    }
}

impl Rule for TodoMarker {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(todo) = &cx.pack.todo else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            if !set_file.kind.is_linted_markdown() {
                continue;
            }
            for caps in todo.pattern.captures_iter(&doc.prose) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                let rest = &doc.prose
                    [m.start()..crate::lines::floor_char_boundary(&doc.prose, m.start() + 200)];
                if todo
                    .mention
                    .as_ref()
                    .is_some_and(|p| p.find_at_start(rest).is_some())
                {
                    continue;
                }
                out.emit(file, m.range(), format!("`{}` marker", m.as_str()));
            }
        }
    }
}
