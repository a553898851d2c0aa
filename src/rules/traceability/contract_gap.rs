use super::{Chain, Criterion};
use crate::declare_rule;
use crate::document::Span;
use crate::pack::functional::Contract;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::ids::IdKey;
use crate::rules::tables;

declare_rule! {
    /// ## What it checks
    /// Each (FR, AC) pair an acceptance criterion declares (`### AC-2: … (FR-1)`) must have a
    /// row in every contract table the pack names — for functional plans the SE Verification
    /// Contract and the Review Contract (`| FR-1 | AC-2 | … |`). A row pairing an AC with a
    /// requirement the AC does not declare is reported too. A missing pair is reported at the
    /// AC's heading, a wrong pair at the row. A contract section that is absent is S001's.
    ///
    /// ## Why
    /// The contracts are what the engineer and the reviewer actually tick off; a pair missing
    /// from them is never verified, and a wrong pair verifies the wrong thing.
    ///
    /// ## Example
    /// Failing (`### AC-2: Widget creation — validation failure (FR-1)`):
    /// ```markdown
    /// | FR | AC | What to Check | Pass Criteria |
    /// |----|----|---------------|---------------|
    /// | FR-2 | AC-2 | Validation rejects empty name | 400 |
    /// ```
    /// Passing:
    /// ```markdown
    /// | FR-1 | AC-2 | Validation rejects empty name | 400 |
    /// ```
    pub struct ContractGap {
        code: "T005",
        name: "contract-gap",
        family: Traceability,
        severity: Error,
        help: "make the contract list exactly the (FR, AC) pairs the acceptance criteria declare",
    }
}

/// One contract row: the requirements (each written ID with its members) and ACs it names.
struct Row {
    requirements: Vec<(String, Span, Vec<IdKey>)>,
    acceptance: Vec<IdKey>,
}

impl Rule for ContractGap {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(chain) = Chain::of(cx) else {
            return;
        };
        let criteria = chain.criteria();
        for contract in &chain.vocab.contracts {
            if chain.doc.section(&contract.section).is_none() {
                continue;
            }
            let rows = rows(&chain, contract);
            for ac in &criteria {
                for group in &ac.declares {
                    let Some(requirement) = group.first() else {
                        continue;
                    };
                    let covered = rows.iter().any(|r| {
                        r.acceptance.contains(&ac.def.first.key)
                            && r.requirements
                                .iter()
                                .any(|(_, _, keys)| keys.iter().any(|k| group.contains(k)))
                    });
                    if !covered {
                        out.emit(
                            chain.file,
                            ac.def.first.span.clone(),
                            format!(
                                "the pair ({}, {}) is missing from the {}",
                                requirement, ac.def.first.text, contract.section
                            ),
                        );
                    }
                }
            }
            for row in &rows {
                for key in &row.acceptance {
                    let Some(ac) = criteria.iter().find(|c| c.def.first.key == *key) else {
                        continue; // an undefined AC is T001's
                    };
                    for (text, span, keys) in &row.requirements {
                        if !ac.declares.is_empty() && !ac.declares_any(keys) {
                            out.emit(
                                chain.file,
                                span.clone(),
                                format!(
                                    "the {} pairs {} with {text}, but {} verifies {}",
                                    contract.section,
                                    ac.def.first.text,
                                    ac.def.first.text,
                                    declared(ac)
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

fn rows(chain: &Chain, contract: &Contract) -> Vec<Row> {
    let mut out = Vec::new();
    for (table, ac_col) in
        tables::with_column(chain.doc, &contract.section, &contract.acceptance_column)
    {
        let Some(fr_col) = tables::column(table, &contract.requirement_column) else {
            continue;
        };
        for row in &table.rows {
            let (Some(fr_cell), Some(ac_cell)) = (row.cells.get(fr_col), row.cells.get(ac_col))
            else {
                continue;
            };
            let requirements = chain
                .index
                .of_kind_within(chain.requirement, chain.file, &fr_cell.span)
                .map(|m| (m.first.text.clone(), m.span(), chain.index.members(m)))
                .collect();
            out.push(Row {
                requirements,
                acceptance: chain.keys_in(chain.acceptance, &ac_cell.span),
            });
        }
    }
    out
}

fn declared(ac: &Criterion) -> String {
    let names: Vec<String> = ac
        .declares
        .iter()
        .filter_map(|g| g.first().map(ToString::to_string))
        .collect();
    names.join(", ")
}
