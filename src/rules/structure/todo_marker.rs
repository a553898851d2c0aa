use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// `TODO`, `FIXME`, `XXX` and `TBD` in prose (outside code blocks, inline code and
    /// comments). The pattern lives in the pack under `todo`: whole words in capitals, not
    /// preceded by a hyphen, so ID masks such as `SC-XXX` and `Todo` in a sentence are not
    /// markers. When the pattern has a capture group, the group is the marker.
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
        let Some(re) = &cx.pack.todo else {
            return;
        };
        for (file, set_file, doc) in cx.set.docs() {
            if !set_file.kind.is_linted_markdown() {
                continue;
            }
            for caps in re.captures_iter(&doc.prose) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                out.emit(file, m.range(), format!("`{}` marker", m.as_str()));
            }
        }
    }
}
