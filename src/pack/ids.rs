//! The `ids:` section of a pack: the kinds of ID a plan style uses (FR-1, AC-1, WS-1, T001,
//! CHK001 …), what each looks like, and where an occurrence counts as the ID's *definition*
//! rather than a reference to it. T001 and T002 and every rule that reads IDs (ranges, streams,
//! contracts) work from this vocabulary alone.

use regex_automata::util::prefilter::Prefilter;
use regex_automata::{meta, Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use serde::{Deserialize, Deserializer};

use crate::artifact::ArtifactKind;
use crate::word_regex::Compiled;
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
    /// `FR-1` and `FR-001` are the same ID. Digits outside ASCII are never part of an ID
    /// (`T\d{3}` finds no `T١٢٣`): an ID's number is read from ASCII digits.
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

/// A kind's pattern with the decimal digits outside ASCII (`١`, `３`) taken out of every
/// class (`\d`, `\w`, `[\d.]`): an ID's number is read from ASCII digits (that is how IDs
/// compare), and the search can then skip ahead to a kind's prefix followed by a digit
/// (`T0`…`T9`) rather than stop at every `T` of the prose.
fn ascii_digits(hir: &Hir) -> Hir {
    let mut foreign_digits = match regex_syntax::parse(r"\d").map(|h| h.into_kind()) {
        Ok(HirKind::Class(Class::Unicode(digits))) => digits,
        _ => unreachable!("`\\d` is a Unicode class"),
    };
    foreign_digits.difference(&ClassUnicode::new([ClassUnicodeRange::new('0', '9')]));
    crate::word_regex::rewrite(hir, &mut |part| match part.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut ascii = class.clone();
            ascii.difference(&foreign_digits);
            (ascii != *class).then(|| Hir::class(Class::Unicode(ascii)))
        }
        _ => None,
    })
}

/// Where an ID may start: the kinds' first two bytes (`FR`, `T0`…`T9`). The regex crate
/// picks its own prefilter from longer prefixes, and with `T[0-9]{3,4}` among the kinds their
/// hundreds of combinations leave it a prefilter on single letters; two bytes each are few
/// and tell far more. `None` (the regex crate's own choice) when the kinds do not all start
/// with two known bytes.
fn prefilter(hirs: &[Hir]) -> Option<Prefilter> {
    let mut starts = Seq::empty();
    for hir in hirs {
        let mut extractor = Extractor::new();
        extractor.kind(ExtractKind::Prefix).limit_literal_len(2);
        starts.union(&mut extractor.extract(hir));
    }
    starts.optimize_for_prefix_by_preference();
    let literals: Vec<&[u8]> = crate::word_regex::searchable_literals(&starts, 2)?
        .iter()
        .map(|l| l.as_bytes())
        .collect();
    Prefilter::new(MatchKind::LeftmostFirst, &literals)
}

/// Whether `c` is a word character (`\w`). regex-syntax looks up every character but ASCII
/// letters, digits and `_` in its Unicode tables, and the character before an ID is nearly
/// always ASCII punctuation or a space.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

/// An ID found in a text: where it is and, when the search tells it, its kind.
#[derive(Debug, Clone)]
pub struct Found {
    pub span: std::ops::Range<usize>,
    pub kind: Option<usize>,
}

/// The pack's ID kinds with one matcher for all of them. The patterns are checked when the
/// pack is read and compiled on first use (shared by clones), so a run compiles only the kinds
/// of the packs it lints with.
#[derive(Debug, Clone, Default)]
pub struct IdKinds {
    pub kinds: Vec<IdKind>,
    compiled: std::sync::Arc<std::sync::OnceLock<Matchers>>,
}

#[derive(Debug, Default)]
struct Matchers {
    /// Finds an ID of any kind (without its left boundary); pattern `i` is kind `i`.
    matcher: Option<Compiled>,
    /// Whether the kind of a match is the pattern that found it. The first alternative that
    /// matches at a position wins, so no earlier kind matches the ID found there; and without
    /// look-around assertions a kind matches the ID alone as it matched it in its text.
    matched_kind_is_kind: bool,
    /// Each kind's pattern anchored at both ends, to tell which kind an ID is.
    whole: Vec<Anchored>,
    /// Each kind's pattern anchored at the start, to read the end of a range.
    leading: Vec<Anchored>,
}

/// A kind's pattern in an anchored shape, compiled on first use (`None` where it does not).
#[derive(Debug)]
struct Anchored {
    hir: Hir,
    regex: std::sync::OnceLock<Option<Compiled>>,
}

impl Anchored {
    fn regex(&self) -> Option<&Compiled> {
        self.regex
            .get_or_init(|| {
                let regex = meta::Regex::builder().build_from_hir(&self.hir).ok()?;
                Some(Compiled::new(regex))
            })
            .as_ref()
    }
}

impl IdKinds {
    pub fn new(kinds: Vec<IdKind>) -> IdKinds {
        IdKinds {
            kinds,
            compiled: Default::default(),
        }
    }

    fn matchers(&self) -> &Matchers {
        self.compiled.get_or_init(|| {
            if self.kinds.is_empty() {
                return Matchers::default();
            }
            // The syntax was checked when the pack was read; only regex's size limit is left
            // to fail, and then the kinds find nothing rather than stopping the run.
            let Some(hirs) = self
                .kinds
                .iter()
                .map(|k| Some(ascii_digits(&regex_syntax::parse(k.pattern.as_str()).ok()?)))
                .collect::<Option<Vec<Hir>>>()
            else {
                return Matchers::default();
            };
            let anchored = |at_end: bool| -> Vec<Anchored> {
                hirs.iter()
                    .map(|hir| {
                        let mut parts = vec![Hir::look(Look::Start), hir.clone()];
                        parts.extend(at_end.then(|| Hir::look(Look::End)));
                        Anchored {
                            hir: Hir::concat(parts),
                            regex: Default::default(),
                        }
                    })
                    .collect()
            };
            let matcher = meta::Regex::builder()
                .configure(meta::Config::new().prefilter(prefilter(&hirs)))
                .build_many_from_hir(&hirs)
                .ok()
                .map(Compiled::new);
            let assertion_free = hirs.iter().all(|h| h.properties().look_set().is_empty());
            Matchers {
                matched_kind_is_kind: assertion_free && matcher.is_some(),
                matcher,
                whole: anchored(true),
                leading: anchored(false),
            }
        })
    }

    /// Index of the kind named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.kind == name)
    }

    /// The IDs of any kind in `text`, leftmost first and not overlapping, each at a left
    /// boundary: the start of the text or a character that is neither a word character nor
    /// `-` (`XFR-1` and `T-FR-1` hold no `FR-1`). Each comes with its kind when the match
    /// tells it (see `Matchers::matched_kind_is_kind`); callers ask [`IdKinds::kind_of`]
    /// otherwise.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Found> + 't {
        let matchers = self.matchers();
        let mut from = 0;
        std::iter::from_fn(move || {
            let matcher = matchers.matcher.as_ref()?;
            while from <= text.len() {
                let input = Input::new(text).range(from..);
                let m = matcher.with_cache(|re, cache| re.search_with(cache, &input))?;
                let bounded = text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c != '-' && !is_word_char(c));
                if bounded && !m.is_empty() {
                    from = m.end();
                    return Some(Found {
                        span: m.range(),
                        kind: matchers
                            .matched_kind_is_kind
                            .then(|| m.pattern().as_usize()),
                    });
                }
                // A match inside a word may hide one that starts later within it.
                from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// The kind of an ID found by the matcher (the first kind whose pattern matches it whole).
    pub fn kind_of(&self, id: &str) -> Option<usize> {
        self.matchers()
            .whole
            .iter()
            .position(|r| r.regex().is_some_and(|r| r.is_match(id)))
    }

    /// The length of an ID of kind `kind` at the start of `text`, if one is there.
    pub fn leading(&self, kind: usize, text: &str) -> Option<usize> {
        self.matchers()
            .leading
            .get(kind)?
            .regex()?
            .with_cache(|re, cache| re.search_with(cache, &Input::new(text)))
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
        IdKinds::new(kinds)
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
        Ok(IdKinds::new(kinds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pack;

    #[test]
    fn word_characters_agree_with_regex_syntax() {
        let chars = (0u8..=127)
            .map(char::from)
            .chain(['é', '検', '─', '\u{203f}', '\u{fe0f}']);
        for c in chars {
            assert_eq!(is_word_char(c), regex_syntax::is_word_character(c), "{c:?}");
        }
    }

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

    #[test]
    fn a_found_id_has_the_kind_that_matches_it_whole() {
        let kinds = |patterns: &[&str]| {
            let entries: String = patterns
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    format!("  - {{kind: K{i}, what: k, pattern: '{p}', defined-by: [heading]}}\n")
                })
                .collect();
            Pack::parse("k.yaml", &format!("profile: k\nids:\n{entries}"))
                .unwrap()
                .ids
        };
        let text = "FR-1 FR-1a FR-12b NFR-3 T001 FR-X-7 (FR-2) FR-3_";
        // Overlapping kinds without assertions: the search names the kind.
        let plain = kinds(&[
            "FR-\\d+",
            "FR-\\d+[a-z]",
            "NFR-\\d+",
            "T\\d{3}",
            "FR-[A-Z]+-\\d+",
        ]);
        let found: Vec<_> = plain.find_iter(text).collect();
        assert!(found.len() >= 6, "{found:?}");
        for f in &found {
            assert_eq!(f.kind, plain.kind_of(&text[f.span.clone()]), "{f:?}");
        }
        // With an assertion, a kind may match in its text but not alone (or the reverse): the
        // caller asks `kind_of`.
        let asserting = kinds(&["FR-\\d+\\b", "FR-\\d+"]);
        assert!(asserting.find_iter(text).all(|f| f.kind.is_none()));
    }

    #[test]
    fn id_digits_are_ascii() {
        let kinds = Pack::parse(
            "k.yaml",
            "profile: k\nids:\n  - {kind: T, what: t, pattern: 'T\\d{3}', defined-by: [checkbox]}\n  - {kind: V, what: v, pattern: 'V[\\d.]+\\w?', defined-by: [checkbox]}\n",
        )
        .unwrap()
        .ids;
        let text = "T001, T\u{660}\u{661}\u{662} and T\u{ff11}23; V1.2 V\u{661}.2 V3\u{662}";
        let found: Vec<_> = kinds.find_iter(text).map(|f| &text[f.span]).collect();
        // `V3` of `V3٢` is found here; the ID index drops it, as a letter or digit follows.
        assert_eq!(found, ["T001", "V1.2", "V3"]);
        assert_eq!(kinds.kind_of("V1.2"), Some(1));
        assert_eq!(kinds.kind_of("T\u{660}01"), None);
    }

    /// The two-byte prefilter finds what the regex crate's own choice finds.
    #[test]
    fn the_prefilter_loses_no_id() {
        let patterns = [
            r"FR-(?:[A-Z]+-)?[A-Z]?\d+[a-z]?",
            r"SC-\d+[a-z]?",
            r"T\d{3,4}[a-z]?",
            r"CHK\d{3,4}",
            r"A-\d+",
        ];
        let hirs: Vec<Hir> = patterns
            .iter()
            .map(|p| super::ascii_digits(&regex_syntax::parse(p).unwrap()))
            .collect();
        let pre = super::prefilter(&hirs).expect("two known bytes start every kind");
        let with = meta::Regex::builder()
            .configure(meta::Config::new().prefilter(Some(pre)))
            .build_many_from_hir(&hirs)
            .unwrap();
        let without = meta::Regex::builder().build_many_from_hir(&hirs).unwrap();
        let text = "The T-shirt, T1, T0123, T999a, FR-AB-C12x, FR-7, SC-3b, CHK0001, A-1, AA-2, \
                    T\u{1d7ce}12, Tüv T123 FR- SC CHK12 CHK123";
        let all = |re: &meta::Regex| -> Vec<_> {
            re.find_iter(text)
                .map(|m| (m.range(), m.pattern()))
                .collect()
        };
        assert_eq!(all(&with), all(&without));
        assert_eq!(all(&with).len(), 10, "{:?}", all(&with));
        // A kind starting with a class has no two known bytes: the regex crate chooses.
        let open = [regex_syntax::parse(r"[A-Z]+-\d+").unwrap()];
        assert!(super::prefilter(&open).is_none());
    }
}
