use regex::Regex;

use super::Chain;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// An acceptance criterion whose section lacks one of the scenario keywords the pack lists
    /// (Given, When and Then for functional plans). A keyword counts when it is bold
    /// (`**Given**`, any case) or written as a capitalised word (`Given`, in prose or in a
    /// `gherkin` block); a lowercase "when" inside a sentence does not make a scenario.
    ///
    /// ## Why
    /// Given/When/Then states the precondition, the action and the observable outcome; without
    /// one of them the criterion cannot be turned into a test.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// ### AC-7: Creation notification (FR-5)
    /// When a widget is created, a notification is sent.
    /// ```
    /// Passing:
    /// ```markdown
    /// ### AC-7: Creation notification (FR-5)
    /// **Given** a widget is successfully created
    /// **When** the creation completes
    /// **Then** a notification is sent
    /// ```
    pub struct AcNotGwt {
        code: "T006",
        name: "ac-not-gwt",
        family: Traceability,
        severity: Warning,
        help: "write the criterion as **Given** … **When** … **Then** …",
    }
}

impl Rule for AcNotGwt {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(chain) = Chain::of(cx) else {
            return;
        };
        let keywords: Vec<(&str, Regex)> = chain
            .vocab
            .scenario_keywords
            .iter()
            .filter_map(|k| {
                let k_re = regex::escape(k);
                Regex::new(&format!(r"(?:\*\*|__)\s*(?i:{k_re})\b|\b{k_re}\b"))
                    .ok()
                    .map(|re| (k.as_str(), re))
            })
            .collect();
        if keywords.is_empty() {
            return;
        }
        let doc = chain.doc;
        for ac in chain.criteria() {
            let body = doc.section_body(ac.heading);
            let missing: Vec<&str> = keywords
                .iter()
                .filter(|(_, re)| {
                    !re.find_iter(&doc.text[body.clone()])
                        .any(|m| !in_comment(doc, body.start + m.start()))
                })
                .map(|(k, _)| *k)
                .collect();
            if !missing.is_empty() {
                out.emit(
                    chain.file,
                    ac.def.first.span.clone(),
                    format!(
                        "acceptance criterion `{}` has no {}",
                        ac.def.first.text,
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}

fn in_comment(doc: &crate::document::Document, offset: usize) -> bool {
    doc.comments.iter().any(|c| c.span.contains(&offset))
}
