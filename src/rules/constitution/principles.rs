//! The constitution's principles and how a plan refers to them. Principles are the headings
//! one level below the principles section (`### I. Simplicity Over Features` under `## Core
//! Principles`, `### P-1. Passive Observation Only`, `### V.6 Test Quality Invariants`), or
//! bold `**Article …**` leads. Plans cite them by name, by the start or a run of the name
//! (`**Configuration-Driven**` for "Configuration-Driven Variation", "Schema Management" for
//! "Database Schema Management"), or by numeral (`Principle IV`, `Principles I–III`, `(IV)`,
//! `IV.` leading a row or item, `P-4`, `V.6`).

use foldhash::{HashSet, HashSetExt};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::word_regex::WordRegex;

use super::Vocab;
use crate::constitution::Constitution;
use crate::document::Document;
use crate::pack::Pack;

#[derive(Debug, Clone)]
pub struct Principle {
    /// The numeral or ID (`IV`, `P-1`, `V.6`), normalised by [`normalise_id`].
    pub id: Option<String>,
    /// The heading or lead as written.
    pub title: String,
    /// 1-based line in the constitution.
    pub line: usize,
    /// When the principle was added (`YYYY-MM-DD`), if the constitution says.
    pub added: Option<String>,
    /// The name's words, lowercase.
    words: Vec<String>,
}

/// The principles of a plan set's constitution by its pack's vocabulary, read once per
/// constitution and pack for the whole run.
pub fn known(constitution: &Constitution, pack: &Pack, v: &Vocab) -> Arc<Vec<Principle>> {
    // Keyed by the pack itself: two packs may share a profile name.
    constitution.derived(&format!("{pack:p}"), |doc| principles(doc, v))
}

/// The principles of a constitution.
pub fn principles(doc: &Document, v: &Vocab) -> Vec<Principle> {
    let mut out = Vec::new();
    let section = doc
        .headings
        .iter()
        .position(|h| v.principles_section.is_match(&h.key));
    if let Some(s) = section {
        let span = doc.section_span(s);
        let level = doc.headings[s].level + 1;
        for h in doc.headings.iter().filter(|h| {
            h.level == level && span.contains(&h.span.start) && !doc.is_opaque(h.span.start)
        }) {
            out.push(principle(doc, &h.text, h.span.start, v, v.principle));
        }
    }
    if let Some(article) = v.article {
        for m in article.find_iter(&doc.text) {
            if !doc.is_opaque(m.start()) {
                out.push(principle(doc, m.as_str(), m.start(), v, article));
            }
        }
    }
    // An unfilled constitution template has slots, not principles: `### [PRINCIPLE_1_NAME]`.
    out.retain(|p| !(p.title.starts_with('[') && p.title.ends_with(']')));
    date_from_reports(doc, v, &mut out);
    out
}

/// Date principles by the constitution's amendment reports (the `Sync Impact Report`
/// comments spec-kit's constitution command writes): a report carrying a date (in its first
/// line or a `Date:` line) that lists a principle as added dates the principle, unless a
/// heading marker dates it earlier.
fn date_from_reports(doc: &Document, v: &Vocab, principles: &mut [Principle]) {
    let (Some(report), Some(added_list)) = (v.amendment_report, v.added_list) else {
        return;
    };
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = DATE.get_or_init(|| {
        Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap_or_else(|e| unreachable!("static regex: {e}"))
    });
    for comment in &doc.comments {
        let lines: Vec<&str> = comment.body.lines().collect();
        let starts: Vec<usize> = (0..lines.len())
            .filter(|&i| report.is_match(lines[i]))
            .collect();
        for (k, &start) in starts.iter().enumerate() {
            let block = &lines[start..starts.get(k + 1).copied().unwrap_or(lines.len())];
            let dated = block.iter().enumerate().find_map(|(i, l)| {
                let is_date_line = i == 0
                    || l.trim_start()
                        .trim_start_matches(['-', '*', ' '])
                        .to_lowercase()
                        .starts_with("date");
                is_date_line
                    .then(|| date.find(l))
                    .flatten()
                    .map(|m| m.as_str().to_string())
            });
            let Some(when) = dated else {
                continue;
            };
            for (i, line) in block
                .iter()
                .enumerate()
                .filter(|(_, l)| added_list.is_match(l))
            {
                let indent = indentation(line);
                let mut listed = line.to_string();
                for more in block[i + 1..]
                    .iter()
                    .take_while(|l| !l.trim().is_empty() && indentation(l) > indent)
                {
                    listed.push('\n');
                    listed.push_str(more);
                }
                let said = Mentions::new(&listed, std::iter::empty());
                for p in principles.iter_mut().filter(|p| said.addresses(p)) {
                    if p.added.as_ref().is_none_or(|a| *a > when) {
                        p.added = Some(when.clone());
                    }
                }
            }
        }
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn principle(
    doc: &Document,
    title: &str,
    offset: usize,
    v: &Vocab,
    pattern: &WordRegex,
) -> Principle {
    let title = title.trim().trim_matches('*').trim();
    let caps = pattern.captures(title);
    let group = |name: &str| caps.as_ref().and_then(|c| c.name(name)).map(|m| m.as_str());
    let name = strip_markers(group("name").unwrap_or(title));
    Principle {
        id: group("id").map(normalise_id),
        title: title.to_string(),
        line: doc.line_of(offset) + 1,
        added: v
            .added
            .and_then(|a| a.captures(title))
            .and_then(|c| c.name("date").map(|d| d.as_str().to_string())),
        words: words(name).into_iter().map(Cow::into_owned).collect(),
    }
}

/// A name without trailing `(NON-NEGOTIABLE)` / `(ADDED …)` markers and emphasis.
fn strip_markers(name: &str) -> &str {
    let mut s = name.trim().trim_matches(['*', '_']).trim();
    while s.ends_with(')') {
        match s.rfind('(') {
            Some(open) if open > 0 => s = s[..open].trim_end(),
            _ => break,
        }
    }
    s
}

/// Lowercase words (letters and digits) of a text, without the joining words that plans drop
/// when they abbreviate a name ("Safety / Security" for "Safety and Security").
pub fn words(text: &str) -> Vec<Cow<'_, str>> {
    const JOINING: [&str; 11] = [
        "and", "or", "the", "a", "an", "of", "by", "for", "to", "in", "with",
    ];
    // Most words of a check are lowercase already: those are borrowed, not copied.
    let lowercase = |w: &str| {
        w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match lowercase(w) {
            true => Cow::Borrowed(w),
            false => Cow::Owned(w.to_lowercase()),
        })
        .filter(|w| !JOINING.contains(&w.as_ref()))
        .collect()
}

/// `p1`, `P-1` → `P-1`; `iv` → `IV`; `Article III` → `III`.
pub fn normalise_id(id: &str) -> String {
    let id = id.trim().trim_end_matches(['.', ':', ')']);
    let id = id
        .rsplit_once(char::is_whitespace)
        .map_or(id, |(_, last)| last)
        .to_uppercase();
    match id.strip_prefix('P') {
        Some(n)
            if n.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit())
                && !n.is_empty() =>
        {
            format!("P-{}", n.trim_start_matches('-'))
        }
        _ => id,
    }
}

/// What a plan's check says about principles: the IDs it cites and its words.
pub struct Mentions<'t> {
    ids: HashSet<String>,
    words: Vec<Cow<'t, str>>,
    labels: Vec<Vec<Cow<'t, str>>>,
}

impl<'t> Mentions<'t> {
    /// Read the check's text and the labels of its gates.
    pub fn new(text: &'t str, labels: impl Iterator<Item = &'t str>) -> Mentions<'t> {
        Mentions {
            ids: cited_ids(text),
            words: words(text),
            labels: labels
                .map(|l| {
                    let w = words(l);
                    // A leading numeral belongs to the citation, not to the name.
                    match w.first() {
                        Some(f) if is_id_word(f) && w.len() > 1 => w[1..].to_vec(),
                        _ => w,
                    }
                })
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// Whether the check refers to `p`.
    pub fn addresses(&self, p: &Principle) -> bool {
        if let Some(id) = &p.id {
            // Citing a sub-section (`V.5`) addresses its principle (`V`), and citing a
            // principle (`V`) addresses its numbered sub-principles (`V.6`).
            let major = |i: &str| i.split_once('.').map(|(m, _)| m.to_string());
            if self.ids.contains(id)
                || self
                    .ids
                    .iter()
                    .any(|c| major(c).as_deref() == Some(id.as_str()))
                || major(id).is_some_and(|m| self.ids.contains(&m))
            {
                return true;
            }
        }
        if p.words.is_empty() {
            return false;
        }
        let lead = &p.words[..p.words.len().min(2)];
        contains_run(&self.words, &p.words)
            || (p.words.len() > 1 && contains_run(&self.words, lead))
            || self
                .labels
                .iter()
                .any(|l| contains_run(&p.words, l) || contains_run(l, lead))
    }
}

impl Mentions<'_> {
    /// Whether the text names a gate label that matched no principle: its words (without a
    /// trailing parenthesised qualifier) in a run, or its leading numeral cited.
    pub fn mentions_label(&self, label: &str) -> bool {
        let label_ids = cited_ids(label);
        let w = words(strip_markers(label));
        let name = match w.first() {
            Some(f) if is_id_word(f) && w.len() > 1 => &w[1..],
            _ => &w[..],
        };
        contains_run(&self.words, name) || label_ids.iter().any(|id| self.ids.contains(id))
    }
}

fn is_id_word(w: &str) -> bool {
    w.chars().all(|c| "ivxlc".contains(c)) || w.chars().all(|c| c.is_ascii_digit()) || {
        let rest = w.strip_prefix('p');
        rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
    }
}

fn contains_run(hay: &[impl AsRef<str>], needle: &[impl AsRef<str>]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| a.as_ref() == b.as_ref()))
}

/// The principle IDs a text cites: `Principle IV`, `Principles I, III and V`, `Principles
/// I–IV`, `(IV)`, an ID leading a line, item or table cell (`| **IV. Name** |`, `- P-4 …`),
/// and the unambiguous forms `P-4` and `V.6` anywhere. A bare `I` in prose is not a citation.
fn cited_ids(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for re in citation_forms() {
        for c in re.captures_iter(text) {
            if let Some(list) = c.name("list") {
                expand_list(list.as_str(), &mut out);
            }
        }
    }
    out
}

/// The ways a text cites principle IDs (see [`cited_ids`]): after a word, in parentheses,
/// leading a line or cell, and the unambiguous forms anywhere. Word regexes: check sections
/// are full of ✅ and ❌, at which a Unicode `\b` sends the regex crate's fast engine back to
/// a slow one.
fn citation_forms() -> &'static [WordRegex; 4] {
    static FORMS: OnceLock<[WordRegex; 4]> = OnceLock::new();
    FORMS.get_or_init(|| {
        const ID: &str = r"(?:[IVXLC]+(?:\.\d+)?|P-?\d+|\d+(?:\.\d+)?)";
        let re = |s: String| WordRegex::new(&s);
        [
            re(format!(
                r"(?i:\b(?:principles?|articles?|art\.|constitution)|§)\s*(?P<list>{ID}(?:\s*(?:,|/|&|and|or|-|–|—|to|through)\s*{ID})*)\b"
            )),
            re(r"\(\s*(?P<list>[IVXLC]+(?:\.\d+)?|P-?\d+)\s*\)".to_string()),
            re(format!(
                r"(?m)(?:^|\|)[\s>]*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s*)?[^\w\s|]*\s*[*_]*\s*(?P<list>{ID})(?:[.:)]|\s+[-–—]|\s*\*\*|\s+[A-Z])"
            )),
            re(r"\b(?P<list>P-\d+|[IVXLC]+\.\d+)\b".to_string()),
        ]
    })
}

/// `I, III and V` → I, III, V; `I–IV` → I, II, III, IV; `1-3` → 1, 2, 3.
fn expand_list(list: &str, out: &mut HashSet<String>) {
    let mut tokens: Vec<(String, bool)> = Vec::new(); // (id, follows a range operator)
    let mut range_next = false;
    for t in list.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '&') {
        let t = t.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("and") || t.eq_ignore_ascii_case("or") {
            continue;
        }
        for (k, piece) in t.split(['–', '—']).enumerate() {
            let piece = piece.trim();
            if k > 0 {
                range_next = true;
            }
            if piece.is_empty() {
                continue;
            }
            if matches!(piece, "-" | "to" | "through") {
                range_next = true;
                continue;
            }
            // `I-IV` (hyphen between numerals) is a range, `P-4` an ID.
            let (a, b) = match piece.split_once('-') {
                Some((a, b)) if !a.eq_ignore_ascii_case("p") && !a.is_empty() && !b.is_empty() => {
                    (a, Some(b))
                }
                _ => (piece, None),
            };
            tokens.push((normalise_id(a), range_next));
            range_next = false;
            if let Some(b) = b {
                tokens.push((normalise_id(b), true));
            }
        }
    }
    for k in 0..tokens.len() {
        let (id, is_end) = &tokens[k];
        if *is_end && k > 0 {
            if let (Some(from), Some(to)) = (number(&tokens[k - 1].0), number(id)) {
                let roman = tokens[k - 1].0.chars().all(|c| "IVXLC".contains(c));
                for n in from..=to.min(from.saturating_add(50)) {
                    out.insert(if roman { to_roman(n) } else { n.to_string() });
                }
            }
        }
        out.insert(id.clone());
    }
}

fn number(id: &str) -> Option<u32> {
    if let Ok(n) = id.parse() {
        return Some(n);
    }
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<u32>> = id.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (k, d) in digits.iter().enumerate() {
        if digits.get(k + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u32::try_from(total).ok().filter(|n| *n > 0)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            s.push_str(numeral);
            n -= value;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let mut v: Vec<_> = cited_ids(text).into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn every_citation_form_compiles() {
        // A word regex that does not compile matches nothing rather than failing.
        for form in citation_forms() {
            regex::Regex::new(form.as_str()).expect("a valid citation regex");
        }
    }

    #[test]
    fn citations() {
        assert_eq!(ids("per Principle IV and (VII)"), ["IV", "VII"]);
        assert_eq!(ids("Principles I–III hold"), ["I", "II", "III"]);
        assert_eq!(ids("Principles I, III and V"), ["I", "III", "V"]);
        assert_eq!(ids("| **IV. Performance** | ✅ |"), ["IV"]);
        assert_eq!(ids("- **P-4 No silent loss**: ok"), ["P-4"]);
        assert_eq!(ids("see Constitution V.5 for tests"), ["V.5"]);
        assert_eq!(ids("as §4 and Art. II say"), ["4", "II"]);
        assert_eq!(ids("I think this is fine"), Vec::<String>::new());
    }

    #[test]
    fn principles_added_by_a_dated_report() {
        let text = "<!--\nSync Impact Report (1.2.0, 2026-08-16)\n- Added principles:\n  P-2. Two\n- Reason: x\n\nSync Impact Report\n- Added principles:\n  P-1. One\n-->\n# C\n\n## Core Principles\n\n### P-1. One\n\n### P-2. Two\n\n### P-3. Three (ADDED 2026-01-01)\n";
        let doc = Document::parse(text.to_string());
        let pack = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "speckit")
            .unwrap();
        let v = super::super::Vocab::of(pack).unwrap();
        let dates: Vec<_> = principles(&doc, &v)
            .into_iter()
            .map(|p| (p.id.unwrap(), p.added))
            .collect();
        assert_eq!(
            dates,
            [
                ("P-1".to_string(), None),
                ("P-2".to_string(), Some("2026-08-16".to_string())),
                ("P-3".to_string(), Some("2026-01-01".to_string())),
            ]
        );
    }

    #[test]
    fn names_abbreviations_and_runs() {
        let p = |title: &str| {
            let w = words(strip_markers(title))
                .into_iter()
                .map(Cow::into_owned)
                .collect();
            Principle {
                id: None,
                title: title.into(),
                line: 1,
                added: None,
                words: w,
            }
        };
        let check = Mentions::new(
            "- [x] **Configuration-Driven**: yes\n- [x] **Schema Management**: ok",
            ["Configuration-Driven", "Schema Management"].into_iter(),
        );
        assert!(check.addresses(&p("Configuration-Driven Variation")));
        assert!(check.addresses(&p("Database Schema Management")));
        assert!(!check.addresses(&p("Internationalization First (ADDED 2025-01-01)")));
        assert_eq!(
            strip_markers("Simplicity (NON-NEGOTIABLE) (ADDED 2025)"),
            "Simplicity"
        );
        assert_eq!(normalise_id("p4"), "P-4");
        let sub = Principle {
            id: Some("V.6".into()),
            ..p("Test Quality Invariants")
        };
        assert!(Mentions::new("tests per Constitution V", std::iter::empty()).addresses(&sub));
        assert!(!Mentions::new("tests per Constitution VI", std::iter::empty()).addresses(&sub));
        assert_eq!(normalise_id("Article iii"), "III");
    }
}
