use std::sync::OnceLock;

use regex::Regex;

use crate::declare_rule;
use crate::document::{Document, Span};
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// Words spelt in the other variety of English than the profile asks for — for functional
    /// plans, American spellings where British English is required (`behavior`, `color`,
    /// `organize`, `center`, `canceled`, …). The pack lists base forms (at least a hundred
    /// pairs, in `spelling.words`); plurals and verb forms are derived (`colors`, `colored`,
    /// `organizing`, `organization`, `centered`). Words inside code, link texts and targets,
    /// URLs and quoted strings (UI labels such as "Color picker") are skipped.
    ///
    /// ## Why
    /// The seed requires British English in all output; mixed spelling in a plan ends up in
    /// UI strings, documentation and reviews.
    ///
    /// ## Example
    /// Failing:
    /// ```markdown
    /// The behavior matches order retrieval.
    /// ```
    /// Passing:
    /// ```markdown
    /// The behaviour matches order retrieval.
    /// ```
    pub struct AmericanSpelling {
        code: "L002",
        name: "american-spelling",
        family: Language,
        severity: Warning,
        help: "use the spelling the profile asks for",
    }
}

impl Rule for AmericanSpelling {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(spelling), Some(doc)) = (&cx.pack.spelling, cx.set.plan_doc()) else {
            return;
        };
        let skipped = skipped_spans(doc);
        let forms = spelling.forms();
        // The words are ASCII letters: lowercased into one buffer, not a string each.
        let mut lower = String::new();
        for m in word_regex().find_iter(&doc.prose) {
            lower.clear();
            lower.push_str(m.as_str());
            lower.make_ascii_lowercase();
            let Some(wanted) = forms.get(&lower) else {
                continue;
            };
            if skipped.iter().any(|s| s.contains(&m.start())) {
                continue;
            }
            out.emit(
                cx.set.plan,
                m.range(),
                format!(
                    "`{}` is not {} spelling: write `{}`",
                    m.as_str(),
                    spelling.standard,
                    same_case(m.as_str(), wanted)
                ),
            );
        }
    }
}

fn word_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?-u:\b)[A-Za-z]+(?-u:\b)").expect("valid word regex"))
}

/// Link texts, bare URLs and quoted strings: words there are names, not the plan's prose.
fn skipped_spans(doc: &Document) -> Vec<Span> {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted = QUOTED.get_or_init(|| {
        Regex::new(r#""[^"\n]*"|“[^”\n]*”|\b(?:https?|ftp)://\S+|\bwww\.\S+"#)
            .expect("valid quote regex")
    });
    doc.links
        .iter()
        .map(|l| l.span.clone())
        .chain(quoted.find_iter(&doc.prose).map(|m| m.range()))
        .collect()
}

/// `wanted` in the case of `like`: `Color` → `Colour`, `COLOR` → `COLOUR`.
fn same_case(like: &str, wanted: &str) -> String {
    if like.len() > 1 && like.chars().all(|c| c.is_ascii_uppercase()) {
        wanted.to_uppercase()
    } else if like.starts_with(|c: char| c.is_ascii_uppercase()) {
        let mut chars = wanted.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        wanted.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_forms() {
        let pack = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "functional")
            .and_then(|p| p.spelling.clone())
            .expect("functional pack has a spelling list");
        assert!(pack.words.len() >= 100, "only {} pairs", pack.words.len());
        let f = pack.forms();
        for (us, gb) in [
            ("behaviors", "behaviours"),
            ("behavioral", "behavioural"),
            ("colored", "coloured"),
            ("organizing", "organising"),
            ("organized", "organised"),
            ("organization", "organisation"),
            ("centered", "centred"),
            ("centers", "centres"),
            ("cataloged", "catalogued"),
            ("favorite", "favourite"),
            ("enrolls", "enrols"),
        ] {
            assert_eq!(f.get(us).map(String::as_str), Some(gb), "{us}");
        }
        for british_too in ["enrolled", "literal", "program", "license", "enrolling"] {
            assert!(!f.contains_key(british_too), "{british_too} is British too");
        }
        assert_eq!(same_case("Color", "colour"), "Colour");
    }
}
