use foldhash::{HashMap, HashMapExt};

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::ids::{IdKey, Mention};

declare_rule! {
    /// ## What it checks
    /// The same ID defined twice: two `### FR-2:` headings, two `| BR-1 |` rows, two
    /// `- **FR-001**:` items in spec.md, two `- [ ] T014` task lines. The first definition
    /// stays the definition; each later one is reported. Where an ID counts as defined comes
    /// from the pack's `ids:` section; kinds numbered per file (spec-kit checklists, each
    /// starting at CHK001) are compared within one file only.
    ///
    /// ## Why
    /// Every reference to a duplicated ID is ambiguous: tests, contracts and tasks may verify
    /// the wrong requirement.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// ### FR-2: Widget Retrieval
    /// ### FR-2: Widget Renaming
    /// ```
    /// Passing:
    /// ```markdown
    /// ### FR-2: Widget Retrieval
    /// ### FR-6: Widget Renaming
    /// ```
    pub struct DuplicateId {
        code: "T002",
        name: "duplicate-id",
        family: Traceability,
        severity: Error,
        help: "give the second definition its own ID (and update references to it)",
    }
}

impl Rule for DuplicateId {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let index = cx.ids();
        let definitions = index.mentions.iter().filter(|m| m.defines);
        let mut first: HashMap<(usize, Option<usize>, &IdKey), &Mention> =
            HashMap::with_capacity(definitions.clone().count());
        for m in definitions {
            let scope = index.per_file(m.kind).then_some(m.file);
            match first.get(&(m.kind, scope, &m.first.key)) {
                None => {
                    first.insert((m.kind, scope, &m.first.key), m);
                }
                Some(earlier) => {
                    let at = match cx.set.files[earlier.file].doc() {
                        Some(doc) => format!(
                            "{}:{}",
                            cx.set.files[earlier.file].rel.display(),
                            doc.line_of(earlier.first.span.start) + 1
                        ),
                        None => cx.set.files[earlier.file].rel.display().to_string(),
                    };
                    out.emit(
                        m.file,
                        m.first.span.clone(),
                        format!(
                            "{} `{}` is already defined at {at}",
                            index.kind_meta(m.kind).what,
                            m.first.text
                        ),
                    );
                }
            }
        }
    }
}
