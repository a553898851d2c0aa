use super::StreamTable;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Every functional requirement the plan defines must be in the Requirements cell of
    /// exactly one work stream. Ranges expand (`FR-1–FR-5`, `FR-4..FR-6`); a requirement split
    /// into sub-requirements (`FR-3a` backend, `FR-3b` frontend) is assigned through them, and
    /// a stream naming `FR-3` takes all of its sub-requirements. A requirement in no stream is
    /// reported at its heading; one in several streams at each later stream's cell.
    ///
    /// ## Why
    /// The seed's rule: "every FR gets exactly one stream". A requirement in no stream is never
    /// built; one in two streams is built twice or falls between them.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// | WS-2: API Contract | api-designer | `/api-design` | FR-2, FR-5 | — | — |
    /// | WS-3: Backend Logic | software-engineer-python | `/implement` | FR-1, FR-5 | WS-2 | — |
    /// ```
    /// Passing: FR-5 in one of the two rows only. If it spans both, split it into FR-5a and
    /// FR-5b.
    pub struct FrStreamCoverage {
        code: "W003",
        name: "fr-stream-coverage",
        family: WorkStreams,
        severity: Error,
        help: "assign the requirement to exactly one stream (split it into sub-requirements such as FR-3a/FR-3b if it spans two)",
    }
}

impl Rule for FrStreamCoverage {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let Some(table) = StreamTable::of(cx, index) else {
            return;
        };
        let Some(kind) = index.kind(&table.vocab.requirement) else {
            return;
        };
        if !table.has_requirements {
            return;
        }
        for fr in index.definitions(kind).filter(|m| m.file == table.file) {
            let key = &fr.first.key;
            if index.subs(kind, key).next().is_some() {
                continue; // assigned through its sub-requirements
            }
            let mut holders = Vec::new();
            for s in &table.streams {
                if let Some(m) = s
                    .requirements
                    .iter()
                    .find(|m| index.members(m).contains(key))
                {
                    holders.push((s, m));
                }
            }
            match holders.as_slice() {
                [] => {
                    out.emit(
                        table.file,
                        fr.first.span.clone(),
                        format!(
                            "requirement `{}` is assigned to no work stream",
                            fr.first.text
                        ),
                    );
                }
                [(first, _), rest @ ..] => {
                    for (s, m) in rest {
                        out.emit(
                            table.file,
                            m.span(),
                            format!(
                                "requirement `{}` is assigned to `{}` and again to `{}`",
                                fr.first.text, first.id, s.id
                            ),
                        );
                    }
                }
            }
        }
    }
}
