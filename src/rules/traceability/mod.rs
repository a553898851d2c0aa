//! T — traceability: IDs defined and referenced across the set (T001, T002), and the
//! functional plan's chain FR → AC → Test Mandate → SE Verification / Review Contract
//! (T003–T006), with `plan_output.json` agreeing with plan.md (T012).
//!
//! The chain is read through the pack's `traceability:` section and ID kinds: an acceptance
//! criterion is an AC-defining heading; the requirements it verifies are the FR references in
//! that heading (`### AC-1: Widget creation (FR-1)`), else in its body.

mod ac_not_gwt;
mod ac_without_test;
mod artifact_disagreement;
mod contract_gap;
mod duplicate_id;
mod fr_without_ac;
mod undefined_reference;
mod untested_in_code;

pub use ac_not_gwt::AcNotGwt;
pub use ac_without_test::AcWithoutTest;
pub use artifact_disagreement::ArtifactDisagreement;
pub use contract_gap::ContractGap;
pub use duplicate_id::DuplicateId;
pub use fr_without_ac::FrWithoutAc;
pub use undefined_reference::UndefinedReference;
pub use untested_in_code::UntestedInCode;

use crate::document::{Document, Span};
use crate::pack::Traceability;
use crate::rule::Context;
use crate::rules::ids::{IdIndex, IdKey, Mention};

/// One acceptance criterion of the plan.
pub struct Criterion<'i> {
    /// The AC's defining occurrence in its heading.
    pub def: &'i Mention,
    pub heading: usize,
    /// The requirements it declares, one group per requirement ID written (a range gives one
    /// group per member): the ID and its sub-requirements.
    pub declares: Vec<Vec<IdKey>>,
}

impl Criterion<'_> {
    /// Whether the criterion declares any of `keys`.
    pub fn declares_any(&self, keys: &[IdKey]) -> bool {
        self.declares.iter().flatten().any(|k| keys.contains(k))
    }
}

/// The functional plan's requirements and acceptance criteria.
pub struct Chain<'c> {
    pub vocab: &'c Traceability,
    pub file: usize,
    pub doc: &'c Document,
    pub index: &'c IdIndex<'c>,
    pub requirement: usize,
    pub acceptance: usize,
}

impl<'c> Chain<'c> {
    /// The chain of the plan file, when the pack describes one and declares its ID kinds.
    pub fn of(cx: &'c Context) -> Option<Chain<'c>> {
        let vocab = cx.pack.traceability.as_ref()?;
        let doc = cx.set.plan_doc()?;
        let index = cx.ids();
        Some(Chain {
            vocab,
            file: cx.set.plan,
            doc,
            requirement: index.kind(&vocab.requirement)?,
            acceptance: index.kind(&vocab.acceptance)?,
            index,
        })
    }

    /// The plan's definitions of a kind.
    pub fn defined_here(&self, kind: usize) -> impl Iterator<Item = &Mention> {
        self.index
            .definitions(kind)
            .filter(move |m| m.file == self.file)
    }

    /// The acceptance criteria: AC-defining headings of the plan, in order.
    pub fn criteria(&self) -> Vec<Criterion<'_>> {
        self.defined_here(self.acceptance)
            .filter_map(|def| {
                let heading = self
                    .doc
                    .headings
                    .iter()
                    .position(|h| h.span.contains(&def.first.span.start))?;
                let mut declares =
                    self.groups_in(self.requirement, &self.doc.headings[heading].span);
                if declares.is_empty() {
                    declares = self.groups_in(self.requirement, &self.doc.section_body(heading));
                }
                Some(Criterion {
                    def,
                    heading,
                    declares,
                })
            })
            .collect()
    }

    /// One group per requirement written in `span` of the plan (a range: one per member).
    pub fn groups_in(&self, kind: usize, span: &Span) -> Vec<Vec<IdKey>> {
        let mut groups = Vec::new();
        for m in self.index.of_kind_within(kind, self.file, span) {
            if m.last.is_some() {
                for member in self.index.members(m) {
                    let mut group = vec![member.clone()];
                    group.extend(self.index.subs(kind, &member).cloned());
                    groups.push(group);
                }
            } else {
                groups.push(self.index.members(m));
            }
        }
        groups
    }

    /// Every ID of `kind` written in `span` of the plan, ranges and sub-IDs expanded.
    pub fn keys_in(&self, kind: usize, span: &Span) -> Vec<IdKey> {
        self.groups_in(kind, span).into_iter().flatten().collect()
    }
}
