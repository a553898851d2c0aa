use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::ids::where_defined;
use crate::rules::streams::StreamTable;

declare_rule! {
    /// ## What it checks
    /// An ID that is referenced but defined in no file of the plan set. The kinds of ID, what
    /// they look like and where they count as defined come from the pack's `ids:` section:
    /// functional plans define `FR-n` and `AC-n` by headings, business rules, NFRs, streams
    /// and assumptions in their tables; spec-kit sets define FR/NFR/SC in spec.md
    /// (`- **FR-001**: …`), tasks by checkbox lines of tasks.md, checklist items by checkbox
    /// lines of their checklist, decisions by `### TD001:` headings. Every other occurrence
    /// in prose, tables, headings or inline code is a reference. A range (`FR-1–FR-5`,
    /// `FR-001 through FR-005`) is reported only when it names no defined ID at all, since
    /// teams reserve number blocks (`M0 T001–T099`).
    ///
    /// A kind the set defines nothing of is not checked (a plan may cite IDs of documents
    /// outside the set); a reference to `FR-3` is satisfied by sub-requirements `FR-3a`,
    /// `FR-3b`, and one to `SC-006a` by `SC-006` (a part of it); masks such as `FR-XXX`,
    /// `FR-###` and `SC-00x` are no IDs. Streams named in the Work Streams
    /// table's Depends On / Parallel With cells are W001's.
    ///
    /// ## Why
    /// A reference to nothing is a requirement, test or task that silently fell out of the plan.
    ///
    /// ## Example
    /// Failing (the plan defines BR-1 to BR-3):
    /// ```markdown
    /// 2. The system selects the user's widgets, as BR-4 requires.
    /// ```
    /// Passing:
    /// ```markdown
    /// 2. The system selects the user's widgets, as BR-3 requires.
    /// ```
    pub struct UndefinedReference {
        code: "T001",
        name: "undefined-reference",
        family: Traceability,
        severity: Error,
        help: "define the ID where the plan defines IDs of its kind, or correct the reference",
    }
}

impl Rule for UndefinedReference {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let streams = StreamTable::of(cx, index);
        let stream_kind = cx.pack.streams.as_ref().and_then(|s| index.kind(&s.kind));
        for m in index.mentions.iter().filter(|m| !m.defines) {
            if !cx.set.files[m.file].kind.is_linted_markdown() || !index.has_definitions(m.kind) {
                continue;
            }
            let owned_by_w001 = Some(m.kind) == stream_kind
                && streams.as_ref().is_some_and(|t| {
                    t.file == m.file && t.link_cells.iter().any(|c| c.contains(&m.first.span.start))
                });
            if owned_by_w001 {
                continue;
            }
            let kind = index.kind_meta(m.kind);
            if let Some(last) = &m.last {
                // A range stands for its defined members (`T001–T099` may reserve numbers).
                if index.members(m).is_empty() {
                    out.emit(
                        m.file,
                        m.span(),
                        format!(
                            "range `{}`–`{}` names no {} defined in the plan set",
                            m.first.text, last.text, kind.what
                        ),
                    )
                    .help(format!(
                        "define the IDs ({}), or correct the range",
                        where_defined(kind)
                    ));
                }
                continue;
            }
            for id in m.written() {
                if !index.resolves(m.kind, &id.key) {
                    out.emit(
                        m.file,
                        id.span.clone(),
                        format!(
                            "{} `{}` is defined nowhere in the plan set",
                            kind.what, id.text
                        ),
                    )
                    .help(format!(
                        "define `{}` ({}), or correct the reference",
                        id.text,
                        where_defined(kind)
                    ));
                }
            }
        }
    }
}
