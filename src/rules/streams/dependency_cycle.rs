use super::StreamTable;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Work streams that depend on each other in a cycle (through Depends On). Each cycle is
    /// reported once, at the first stream of it in table order, and the message spells the
    /// cycle out: `WS-2 → WS-3 → WS-2`.
    ///
    /// ## Why
    /// No stream of a cycle can start: each waits for another.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | WS-2: API Contract | api-designer | `/api-design` | FR-2 | WS-3 | — |
    /// | WS-3: Backend Logic | software-engineer-python | `/implement` | FR-1 | WS-2 | — |
    /// ```
    /// Passing: WS-2 depends on nothing (or on WS-1), WS-3 on WS-2.
    pub struct DependencyCycle {
        code: "W002",
        name: "dependency-cycle",
        family: WorkStreams,
        severity: Error,
        help: "break the cycle: decide which stream must come first and drop the dependency back to it",
    }
}

impl Rule for DependencyCycle {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let Some(table) = StreamTable::of(cx, index) else {
            return;
        };
        let edges = table.edges();
        let mut on_reported_cycle = vec![false; edges.len()];
        for start in 0..edges.len() {
            if on_reported_cycle[start] {
                continue;
            }
            let Some(path) = shortest_cycle(&edges, start) else {
                continue;
            };
            // Every stream that is on a cycle with `start` belongs to the same knot.
            for (n, reported) in on_reported_cycle.iter_mut().enumerate() {
                if n == start
                    || (table.reaches(&edges, start, n) && table.reaches(&edges, n, start))
                {
                    *reported = true;
                }
            }
            let names: Vec<&str> = path.iter().map(|&i| table.streams[i].id.as_str()).collect();
            out.emit(
                table.file,
                table.streams[start].span.clone(),
                format!(
                    "work streams depend on each other in a cycle: {}",
                    names.join(" → ")
                ),
            );
        }
    }
}

/// The shortest path from `start` back to itself, both ends included.
fn shortest_cycle(edges: &[Vec<usize>], start: usize) -> Option<Vec<usize>> {
    let mut parent: Vec<Option<usize>> = vec![None; edges.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = vec![false; edges.len()];
    while let Some(n) = queue.pop_front() {
        for &next in &edges[n] {
            if next == start {
                let mut path = vec![n];
                let mut at = n;
                while at != start {
                    at = parent[at]?;
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return Some(path);
            }
            if !std::mem::replace(&mut seen[next], true) {
                parent[next] = Some(n);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_spelled_from_start_to_start() {
        // 0 → 1 → 2 → 0, and 3 → 3.
        let edges = vec![vec![1], vec![2], vec![0], vec![3]];
        assert_eq!(shortest_cycle(&edges, 0), Some(vec![0, 1, 2, 0]));
        assert_eq!(shortest_cycle(&edges, 3), Some(vec![3, 3]));
        assert_eq!(shortest_cycle(&[vec![1], vec![]], 0), None);
    }
}
