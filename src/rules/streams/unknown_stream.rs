use super::StreamTable;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A Depends On or Parallel With cell of the Work Streams table naming a stream that has
    /// no row in the table. (T001 leaves these cells to this rule.)
    ///
    /// ## Why
    /// A dependency on a stream that does not exist can never be satisfied; usually a stream
    /// was renumbered or dropped and its dependants were not updated.
    ///
    /// ## Example
    /// Failing (no WS-4 row):
    /// ```markdown
    /// | WS-3: Backend Logic | software-engineer-python | `/implement` | FR-1 | WS-1, WS-4 | — |
    /// ```
    /// Passing:
    /// ```markdown
    /// | WS-3: Backend Logic | software-engineer-python | `/implement` | FR-1 | WS-1, WS-2 | — |
    /// ```
    pub struct UnknownStream {
        code: "W001",
        name: "unknown-stream",
        family: WorkStreams,
        severity: Error,
        help: "name a stream that has a row in the Work Streams table, or add that stream",
    }
}

impl Rule for UnknownStream {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let Some(table) = StreamTable::of(cx, index) else {
            return;
        };
        for s in &table.streams {
            let named = s
                .depends
                .iter()
                .map(|r| ("depends on", r))
                .chain(s.parallel.iter().map(|r| ("runs in parallel with", r)));
            for (how, r) in named {
                if table.find(&r.key).is_none() {
                    out.emit(
                        table.file,
                        r.span.clone(),
                        format!(
                            "`{}` {how} `{}`, which is not a stream of this table",
                            s.id, r.text
                        ),
                    );
                }
            }
        }
    }
}
