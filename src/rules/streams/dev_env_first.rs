use super::StreamTable;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::ids::IdKey;

declare_rule! {
    /// ## What it checks
    /// When the plan has a dev-environment stream (`WS-0`), every other stream must depend on
    /// it, directly or through other streams; and when the plan has a `## Dev Environment`
    /// section, the stream must exist. The stream's ID and the section's name come from the
    /// pack (`first-stream`, `first-stream-section`).
    ///
    /// ## Why
    /// The seed: "if dev env changes are needed, WS-0 blocks everything else". A stream that
    /// starts before the environment exists builds on something that is not there.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | WS-0: Dev Environment | devops-engineer | — | — | — | — |
    /// | WS-1: Data Layer | database-designer | `/schema` | FR-4 | — | — |
    /// ```
    /// Passing:
    /// ```markdown
    /// | WS-1: Data Layer | database-designer | `/schema` | FR-4 | WS-0 | — |
    /// ```
    pub struct DevEnvFirst {
        code: "W004",
        name: "dev-env-first",
        family: WorkStreams,
        severity: Error,
        help: "make the stream depend on the dev-environment stream (or on a stream that does)",
    }
}

impl Rule for DevEnvFirst {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(vocab), Some(doc)) = (&cx.pack.streams, cx.set.plan_doc()) else {
            return;
        };
        let Some(first) = &vocab.first_stream else {
            return;
        };
        let index = cx.ids();
        let table = StreamTable::of(cx, index);
        let first_key = IdKey::parse(first);
        let first_row = table.as_ref().and_then(|t| t.find(&first_key));
        let (Some(table), Some(first_row)) = (&table, first_row) else {
            let section = vocab
                .first_stream_section
                .as_deref()
                .and_then(|s| doc.section(s));
            if let Some(h) = section {
                out.emit(
                    cx.set.plan,
                    doc.headings[h].span.clone(),
                    format!("the plan has a `{}` section but no `{first}` stream", doc.headings[h].text),
                )
                .help(format!("add a `{first}` stream for the environment work, and make every other stream depend on it"));
            }
            return;
        };
        let edges = table.edges();
        for (i, s) in table.streams.iter().enumerate() {
            if i != first_row && !table.reaches(&edges, i, first_row) {
                out.emit(
                    table.file,
                    s.span.clone(),
                    format!(
                        "`{}` does not depend on `{first}`, which must come first",
                        s.id
                    ),
                );
            }
        }
    }
}
