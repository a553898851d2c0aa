//! The `ids:` section of a pack: the kinds of ID a plan style uses (FR-1, AC-1, WS-1, T001,
//! CHK001 …), what each looks like, and where an occurrence counts as the ID's *definition*
//! rather than a reference to it. T001 and T002 and every rule that reads IDs (ranges, streams,
//! contracts) work from this vocabulary alone.

use regex::Regex;
use serde::{Deserialize, Deserializer};

use crate::artifact::ArtifactKind;
use crate::yaml::Pattern;

/// One kind of ID.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IdKind {
    /// The kind's short name, used by other pack sections to refer to it (`FR`).
    pub kind: String,
    /// What an ID of this kind names, for messages ("functional requirement").
    pub what: String,
    /// The ID itself, without boundaries: planlint requires that no letter, digit, `_` or `-`
    /// comes before it and no letter, digit, `_` or `.digit` after it, so `NFR-1` is not an
    /// `FR-1` and `FR-1.2` is no ID at all. IDs compare by prefix, number and suffix, so
    /// `FR-1` and `FR-001` are the same ID.
    pub pattern: Pattern,
    /// Artifacts in which definitions count (`spec`, `tasks`, `checklist`, …); elsewhere every
    /// occurrence is a reference. Empty: every Markdown file of the set.
    #[serde(default)]
    pub defined_in: Vec<ArtifactKind>,
    /// Where in those files an occurrence defines the ID; see [`Site`].
    pub defined_by: Vec<Site>,
    /// Definitions count only inside a section whose heading (or an enclosing heading) has a
    /// key matching this regex — e.g. business rules only in the Business Rules table.
    pub sections: Option<Pattern>,
    /// Occurrences inside a section whose heading (or an enclosing heading) has a key matching
    /// this regex restate IDs rather than define them — a tasks.md "Remaining Work" summary or
    /// a "Parallel Example" repeating tasks of later phases.
    pub restated_in: Option<Pattern>,
    /// `file` when every file numbers its own IDs (spec-kit checklists each start at
    /// CHK001): duplicates are then looked for per file. Default `set`.
    #[serde(default)]
    pub unique: Uniqueness,
}

/// A place where an ID, written first, defines it. Except on checkbox lines, an ID followed by
/// a lowercase word (`- SC-003 is testable by …`, `- **FR-004 confirmation:** …`) or by
/// another ID (`- FR-1, FR-2: …`) is a reference: the line talks about the ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// A heading that starts with the ID: `### FR-1: Widget Creation`.
    Heading,
    /// An unordered list item (not a checkbox) that starts with the ID:
    /// `- **FR-001**: System MUST …`, `- BR-1: …`. Numbered items are not definitions.
    Bullet,
    /// A bullet whose ID is bold: `- **T082** [P] …` (a bare `- T026 blocks T027` is not).
    BoldBullet,
    /// A checkbox item that starts with the ID: `- [ ] T001 [P] Create …`; other one-character
    /// states such as `- [~] T011` and `- [-] T037` (partial, deferred) count too.
    Checkbox,
    /// The first cell of a table row, starting with the ID: `| BR-1 | … |`,
    /// `| WS-1: Data Layer | … |`.
    Table,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Uniqueness {
    #[default]
    Set,
    File,
}

/// One regex finding an ID of any kind. Its left boundary is checked by [`IdKinds::find_iter`]
/// rather than written into the regex: `(?:^|[^\w-])` in front of the alternatives costs a
/// capture-group search per match and hides the kinds' literal prefixes from the prefilter.
fn combined(kinds: &[IdKind]) -> String {
    let alternatives: Vec<String> = kinds
        .iter()
        .map(|k| format!("(?:{})", k.pattern.as_str()))
        .collect();
    alternatives.join("|")
}

/// The pack's ID kinds with one combined matcher. The patterns are checked when the pack is
/// read and compiled on first use (shared by clones), so a run compiles only the kinds of the
/// packs it lints with.
#[derive(Debug, Clone, Default)]
pub struct IdKinds {
    pub kinds: Vec<IdKind>,
    compiled: std::sync::Arc<std::sync::OnceLock<Matchers>>,
}

#[derive(Debug, Default)]
struct Matchers {
    /// Finds an ID of any kind (without its left boundary).
    matcher: Option<Regex>,
    /// Each kind's pattern anchored at both ends, to tell which kind a match is.
    whole: Vec<Regex>,
    /// Each kind's pattern anchored at the start, to read the end of a range.
    leading: Vec<Regex>,
}

impl IdKinds {
    /// The kinds, or why their combined pattern is not a valid regex.
    pub fn new(kinds: Vec<IdKind>) -> Result<IdKinds, String> {
        if !kinds.is_empty() {
            regex_syntax::Parser::new()
                .parse(&combined(&kinds))
                .map_err(|e| e.to_string())?;
        }
        Ok(IdKinds {
            kinds,
            compiled: Default::default(),
        })
    }

    fn matchers(&self) -> &Matchers {
        self.compiled.get_or_init(|| {
            if self.kinds.is_empty() {
                return Matchers::default();
            }
            // The syntax was checked when the pack was read; only regex's size limit is left
            // to fail, and then the kinds find nothing rather than stopping the run.
            let anchored = |shape: &str| -> Vec<Regex> {
                self.kinds
                    .iter()
                    .filter_map(|k| Regex::new(&shape.replace("{}", k.pattern.as_str())).ok())
                    .collect()
            };
            Matchers {
                matcher: Regex::new(&combined(&self.kinds)).ok(),
                whole: anchored("^(?:{})$"),
                leading: anchored("^(?:{})"),
            }
        })
    }

    /// Index of the kind named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.kind == name)
    }

    /// The IDs of any kind in `text`, leftmost first and not overlapping, each at a left
    /// boundary: the start of the text or a character that is neither a word character nor
    /// `-` (`XFR-1` and `T-FR-1` hold no `FR-1`).
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> + 't {
        let matcher = self.matchers().matcher.as_ref();
        let mut from = 0;
        std::iter::from_fn(move || {
            let matcher = matcher?;
            while from <= text.len() {
                let m = matcher.find_at(text, from)?;
                let bounded = text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c != '-' && !regex_syntax::is_word_character(c));
                if bounded && !m.is_empty() {
                    from = m.end();
                    return Some(m);
                }
                // A match inside a word may hide one that starts later within it.
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// The kind of an ID found by the matcher (the first kind whose pattern matches it whole).
    pub fn kind_of(&self, id: &str) -> Option<usize> {
        self.matchers().whole.iter().position(|r| r.is_match(id))
    }

    /// The length of an ID of kind `kind` at the start of `text`, if one is there.
    pub fn leading(&self, kind: usize, text: &str) -> Option<usize> {
        self.matchers()
            .leading
            .get(kind)?
            .find(text)
            .map(|m| m.end())
    }

    /// This pack's kinds over `base`'s: a kind named in both is this pack's.
    pub fn over(&self, base: &IdKinds) -> IdKinds {
        let mut kinds: Vec<IdKind> = base
            .kinds
            .iter()
            .filter(|b| self.position(&b.kind).is_none())
            .cloned()
            .collect();
        kinds.extend(self.kinds.iter().cloned());
        // Every pattern was checked on its own, so the combination parses too.
        IdKinds::new(kinds).unwrap_or_else(|_| self.clone())
    }
}

impl<'de> Deserialize<'de> for IdKinds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let kinds = Vec::<IdKind>::deserialize(d)?;
        let mut seen = std::collections::HashSet::new();
        for k in &kinds {
            if !seen.insert(k.kind.as_str()) {
                return Err(serde::de::Error::custom(format!(
                    "ID kind `{}` is declared twice",
                    k.kind
                )));
            }
            if k.defined_by.is_empty() {
                return Err(serde::de::Error::custom(format!(
                    "ID kind `{}` needs `defined-by` (heading, bullet, checkbox or table)",
                    k.kind
                )));
            }
        }
        IdKinds::new(kinds).map_err(|e| serde::de::Error::custom(format!("ID patterns: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;

    #[test]
    fn kinds_must_be_unique_and_say_where_they_are_defined() {
        let twice = "profile: x\nids:\n  - {kind: FR, what: r, pattern: 'FR-\\d+', defined-by: [heading]}\n  - {kind: FR, what: r, pattern: 'FR-\\d+', defined-by: [heading]}\n";
        let err = Pack::parse("x.yaml", twice).unwrap_err();
        assert!(err.message.contains("declared twice"), "{}", err.message);
        let nowhere =
            "profile: x\nids:\n  - {kind: FR, what: r, pattern: 'FR-\\d+', defined-by: []}\n";
        let err = Pack::parse("x.yaml", nowhere).unwrap_err();
        assert!(err.message.contains("defined-by"), "{}", err.message);
        let bad_site = "profile: x\nids:\n  - {kind: FR, what: r, pattern: 'FR-\\d+', defined-by: [footnote]}\n";
        assert!(Pack::parse("x.yaml", bad_site).is_err());
    }

    #[test]
    fn a_kind_of_the_extending_pack_replaces_the_base_kind() {
        let base = Pack::parse(
            "b.yaml",
            "profile: b\nids:\n  - {kind: FR, what: base, pattern: 'FR-\\d+', defined-by: [heading]}\n  - {kind: AC, what: ac, pattern: 'AC-\\d+', defined-by: [heading]}\n",
        )
        .unwrap();
        let own = Pack::parse(
            "o.yaml",
            "profile: o\nids:\n  - {kind: FR, what: own, pattern: 'REQ-\\d+', defined-by: [bullet]}\n",
        )
        .unwrap();
        let merged = own.ids.over(&base.ids);
        let names: Vec<_> = merged
            .kinds
            .iter()
            .map(|k| (k.kind.as_str(), k.what.as_str()))
            .collect();
        assert_eq!(names, [("AC", "ac"), ("FR", "own")]);
        assert_eq!(merged.kind_of("REQ-7"), Some(1));
        assert_eq!(merged.kind_of("FR-7"), None);
    }
}
