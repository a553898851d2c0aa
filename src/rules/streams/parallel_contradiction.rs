use std::collections::HashSet;

use super::StreamTable;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Parallel With claims that contradict the table: two streams marked parallel while one
    /// depends on the other (directly or through others; reported once per pair, at the
    /// dependent stream), or parallelism stated by one stream and not by the other (at the
    /// stream that states it).
    ///
    /// ## Why
    /// Whoever schedules the streams reads one row at a time; a claim the other row does not
    /// repeat, or that a dependency rules out, starts work too early.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | WS-1: Data Layer | database-designer | `/schema` | FR-4 | — | WS-2 |
    /// | WS-2: API Contract | api-designer | `/api-design` | FR-2 | — | — |
    /// ```
    /// Passing: WS-2's Parallel With says `WS-1`.
    pub struct ParallelContradiction {
        code: "W005",
        name: "parallel-contradiction",
        family: WorkStreams,
        severity: Warning,
        help: "state parallelism in both rows, and only between streams that do not depend on each other",
    }
}

impl Rule for ParallelContradiction {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let Some(table) = StreamTable::of(cx, index) else {
            return;
        };
        let edges = table.edges();
        let mut pairs_done = HashSet::new();
        for (a, stream) in table.streams.iter().enumerate() {
            for r in &stream.parallel {
                let Some(b) = table.find(&r.key) else {
                    continue; // W001
                };
                if a == b {
                    continue;
                }
                let pair = (a.min(b), a.max(b));
                let dependent = if table.reaches(&edges, a, b) {
                    Some((a, b))
                } else if table.reaches(&edges, b, a) {
                    Some((b, a))
                } else {
                    None
                };
                if let Some((later, earlier)) = dependent {
                    if pairs_done.insert(pair) {
                        out.emit(
                            table.file,
                            table.streams[later].span.clone(),
                            format!(
                                "`{}` and `{}` are marked parallel, but `{}` depends on `{}`",
                                table.streams[a].id,
                                table.streams[b].id,
                                table.streams[later].id,
                                table.streams[earlier].id
                            ),
                        );
                    }
                } else if !table.streams[b]
                    .parallel
                    .iter()
                    .any(|p| p.key == stream.key)
                {
                    out.emit(
                        table.file,
                        r.span.clone(),
                        format!(
                            "`{}` runs in parallel with `{}`, but `{}` does not say so",
                            stream.id, table.streams[b].id, table.streams[b].id
                        ),
                    );
                }
            }
        }
    }
}
