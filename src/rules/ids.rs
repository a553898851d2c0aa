//! The IDs of a plan set: every occurrence of every kind the pack declares (`ids:`), each a
//! definition or a reference, single or a range (`FR-1–FR-5`, `FR-1..FR-3`, `FR-1 to FR-3`,
//! `FR-001 through FR-005`, `FR-001-005`), indexed for the rules that read them.
//!
//! Occurrences are looked for in rendered text only: prose, tables, headings and inline code,
//! never code blocks, HTML comments, link destinations or front matter.

use std::collections::BTreeSet;

use crate::artifact::ArtifactKind;
use crate::document::{Document, Span};
use crate::pack::{IdKind, IdKinds, Site, Uniqueness};
use crate::planset::PlanSet;

/// An ID's identity: `FR-001` and `FR-1` are the same ID; `FR-3a` is a sub-ID of `FR-3`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdKey {
    /// Everything before the last run of digits (`FR-`, `FR-TAT-`, `T`).
    pub prefix: String,
    pub number: u64,
    /// Letters after the number (`a` of `FR-3a`).
    pub suffix: String,
}

impl IdKey {
    pub fn parse(id: &str) -> IdKey {
        let end = id.trim_end_matches(|c: char| !c.is_ascii_digit()).len();
        let start = id[..end]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        IdKey {
            prefix: id[..start].to_string(),
            number: id[start..end].parse().unwrap_or(u64::MAX),
            suffix: id[end..].to_string(),
        }
    }

    /// Whether this is a sub-ID (`FR-3a`) of `parent` (`FR-3`).
    pub fn is_sub_of(&self, parent: &IdKey) -> bool {
        parent.suffix.is_empty()
            && !self.suffix.is_empty()
            && self.number == parent.number
            && self.prefix == parent.prefix
    }
}

/// Shown without zero padding (`FR-1`), for messages about IDs not written as such.
impl std::fmt::Display for IdKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.prefix, self.number, self.suffix)
    }
}

/// One ID as written.
#[derive(Debug, Clone)]
pub struct Id {
    pub key: IdKey,
    pub text: String,
    pub span: Span,
}

impl Id {
    fn new(text: &str, span: Span) -> Id {
        Id {
            key: IdKey::parse(text),
            text: text.to_string(),
            span,
        }
    }
}

/// One occurrence: an ID, or a range of IDs, in one file.
#[derive(Debug, Clone)]
pub struct Mention {
    pub file: usize,
    /// Index into the pack's ID kinds.
    pub kind: usize,
    pub first: Id,
    /// The end of a range.
    pub last: Option<Id>,
    /// Whether this occurrence defines the ID (see [`Site`]); never true for a range.
    pub defines: bool,
}

impl Mention {
    pub fn span(&self) -> Span {
        self.first.span.start
            ..self
                .last
                .as_ref()
                .map_or(self.first.span.end, |l| l.span.end)
    }

    /// The IDs written out: the single ID, or both ends of a range.
    pub fn written(&self) -> impl Iterator<Item = &Id> {
        std::iter::once(&self.first).chain(self.last.as_ref())
    }
}

/// Every ID occurrence of a plan set.
pub struct IdIndex<'p> {
    pub kinds: &'p IdKinds,
    /// Sorted by file, then offset.
    pub mentions: Vec<Mention>,
    /// Defined IDs per kind.
    defined: Vec<BTreeSet<IdKey>>,
}

/// Ranges longer than this are not expanded (a typo such as `T001–T9999`).
const MAX_RANGE: u64 = 1000;

impl<'p> IdIndex<'p> {
    pub fn build(set: &PlanSet, kinds: &'p IdKinds) -> IdIndex<'p> {
        let mut mentions = Vec::new();
        for (file, set_file, doc) in set.docs() {
            scan(doc, file, set_file.kind, kinds, &mut mentions);
        }
        let mut defined = vec![BTreeSet::new(); kinds.kinds.len()];
        for m in mentions.iter().filter(|m| m.defines) {
            defined[m.kind].insert(m.first.key.clone());
        }
        IdIndex {
            kinds,
            mentions,
            defined,
        }
    }

    pub fn kind(&self, name: &str) -> Option<usize> {
        self.kinds.position(name)
    }

    pub fn kind_meta(&self, kind: usize) -> &'p IdKind {
        &self.kinds.kinds[kind]
    }

    /// Whether the set defines any ID of `kind` (references are only checked then: a plan that
    /// defines no business rules may cite the organisation's).
    pub fn has_definitions(&self, kind: usize) -> bool {
        !self.defined[kind].is_empty()
    }

    /// Whether `key` is defined, is the parent of defined sub-IDs (`FR-3` of `FR-3a`), or is a
    /// part of a defined ID (`SC-006a` of an `SC-006` listing cases (a) to (e)).
    pub fn resolves(&self, kind: usize, key: &IdKey) -> bool {
        let parent = || IdKey {
            suffix: String::new(),
            ..key.clone()
        };
        self.defined[kind].contains(key)
            || self.subs(kind, key).next().is_some()
            || (!key.suffix.is_empty() && self.defined[kind].contains(&parent()))
    }

    /// The defined sub-IDs of `key`.
    pub fn subs<'a>(&'a self, kind: usize, key: &'a IdKey) -> impl Iterator<Item = &'a IdKey> + 'a {
        let from = IdKey {
            suffix: String::new(),
            ..key.clone()
        };
        self.defined[kind]
            .range(from..)
            .skip_while(move |k| **k == *key)
            .take_while(move |k| k.is_sub_of(key))
    }

    /// The IDs a mention stands for: the ID itself with its defined sub-IDs, or every defined
    /// ID within a range (an undefined single ID is kept, so callers can see it).
    pub fn members(&self, m: &Mention) -> Vec<IdKey> {
        let first = &m.first.key;
        let Some(last) = &m.last else {
            let mut out = vec![first.clone()];
            if first.suffix.is_empty() {
                out.extend(self.subs(m.kind, first).cloned());
            }
            return out;
        };
        if last.key.number.saturating_sub(first.number) > MAX_RANGE {
            return vec![first.clone(), last.key.clone()];
        }
        self.defined[m.kind]
            .iter()
            .filter(|k| {
                k.prefix == first.prefix
                    && (k.number, k.suffix.as_str()) >= (first.number, first.suffix.as_str())
                    && (k.number < last.key.number
                        || (k.number == last.key.number
                            && (last.key.suffix.is_empty() || k.suffix <= last.key.suffix)))
            })
            .cloned()
            .collect()
    }

    /// The mentions in `span` of file `file`.
    pub fn within(&self, file: usize, span: &Span) -> &[Mention] {
        let start = self
            .mentions
            .partition_point(|m| (m.file, m.first.span.start) < (file, span.start));
        let end = self
            .mentions
            .partition_point(|m| (m.file, m.first.span.start) < (file, span.end));
        &self.mentions[start..end.max(start)]
    }

    /// The mentions of `kind` in `span` of file `file`.
    pub fn of_kind_within<'a>(
        &'a self,
        kind: usize,
        file: usize,
        span: &Span,
    ) -> impl Iterator<Item = &'a Mention> + 'a {
        self.within(file, span)
            .iter()
            .filter(move |m| m.kind == kind)
    }

    /// The definitions of `kind`, in set order.
    pub fn definitions(&self, kind: usize) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.defines && m.kind == kind)
    }

    /// Whether IDs of `kind` are numbered per file.
    pub fn per_file(&self, kind: usize) -> bool {
        self.kinds.kinds[kind].unique == Uniqueness::File
    }
}

/// How IDs of a kind are defined, for help texts: "a heading or a list item in spec".
pub fn where_defined(kind: &IdKind) -> String {
    let sites: Vec<&str> = kind
        .defined_by
        .iter()
        .map(|s| match s {
            Site::Heading => "a heading starting with it",
            Site::Bullet => "a list item starting with it",
            Site::BoldBullet => "a list item starting with it in bold",
            Site::Checkbox => "a checkbox item starting with it",
            Site::Table => "the first cell of a table row",
        })
        .collect();
    let mut out = sites.join(" or ");
    if let Some(p) = &kind.sections {
        out.push_str(&format!(" under a heading matching `{}`", p.as_str()));
    }
    if !kind.defined_in.is_empty() {
        let files: Vec<String> = kind
            .defined_in
            .iter()
            .map(|k| format!("{k:?}").to_lowercase())
            .collect();
        out.push_str(&format!(" in the {} file", files.join(" or ")));
    }
    out
}

/// Find every ID in one document.
fn scan(
    doc: &Document,
    file: usize,
    file_kind: ArtifactKind,
    kinds: &IdKinds,
    out: &mut Vec<Mention>,
) {
    let text = &doc.text;
    let mut leads: Option<Vec<(usize, Lead)>> = None;
    let mut resume = 0;
    for found in kinds.find_iter(text) {
        let span = found.span;
        let id = &text[span.clone()];
        if span.start < resume || !ends_id(text, span.end) || is_mask(id) || !doc.shows(span.start)
        {
            continue;
        }
        let Some(kind) = found.kind.or_else(|| kinds.kind_of(id)) else {
            continue;
        };
        let first = Id::new(id, span.clone());
        let last = range_end(text, &first, kind, kinds);
        if last.is_none() && glued(text, span.end) {
            continue; // `T006-T`, `FR-001-extra`: another naming scheme
        }
        resume = last.as_ref().map_or(span.end, |l| l.span.end);
        let kind_meta = &kinds.kinds[kind];
        // The leads are read only for a kind this file may define (most IDs in most files
        // are references).
        let defines = last.is_none() && definable(kind_meta, file_kind) && {
            let leads = leads.get_or_insert_with(|| leads_of(doc));
            defines(doc, kind_meta, leads, &first)
        };
        out.push(Mention {
            file,
            kind,
            first,
            last,
            defines,
        });
    }
}

/// Whether an ID may end at `end`: no letter, digit or `_` follows, nor `.` and a digit
/// (`FR-1.2` is another numbering scheme, not `FR-1`).
fn ends_id(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('.') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Whether `-` and a letter or digit follow (and no range was read there).
fn glued(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    rest.next() == Some('-') && rest.next().is_some_and(char::is_alphanumeric)
}

/// `SC-00x`, `FR-0x`: a mask for "some number", not an ID (digits from 0, then `x`).
fn is_mask(id: &str) -> bool {
    let Some(digits) = id.strip_suffix(['x', 'X']) else {
        return false;
    };
    let number = digits.trim_end_matches(|c: char| c.is_ascii_digit());
    number.len() < digits.len() && digits.as_bytes()[number.len()] == b'0'
}

/// The range connector `text` starts with: its length, and whether it is tight. Without
/// spaces the end may be digits only (`FR-001-005`); with spaces it must be a whole ID
/// (`FR-1 - FR-3`, `FR-1 to FR-3`), since `A-1 - 3 days` is no range. Read by hand: it is
/// asked after every ID, and a capture search there cost more than the ID search itself.
fn range_connector(text: &str) -> Option<(usize, bool)> {
    let symbol = |s: &str| {
        ["...", "..", "-", "–"]
            .into_iter()
            .find(|c| s.starts_with(c))
            .map(str::len)
    };
    if let Some(len) = symbol(text) {
        return Some((len, true));
    }
    let rest = text.trim_start();
    let spaces = text.len() - rest.len();
    if spaces == 0 {
        return None;
    }
    let (len, needs_space) = match symbol(rest) {
        Some(len) => (len, false),
        None => (
            ["to", "through", "thru"]
                .into_iter()
                .find(|w| rest.starts_with(w))?
                .len(),
            true,
        ),
    };
    let after = &rest[len..];
    let trailing = after.len() - after.trim_start().len();
    (!needs_space || trailing > 0).then_some((spaces + len + trailing, false))
}

/// The end of a range starting with `first`, if one follows it.
fn range_end(text: &str, first: &Id, kind: usize, kinds: &IdKinds) -> Option<Id> {
    let (connector, tight) = range_connector(&text[first.span.end..])?;
    let start = first.span.end + connector;
    let after = &text[start..];
    let last = if let Some(len) = kinds.leading(kind, after) {
        Id::new(&after[..len], start..start + len)
    } else {
        if !tight {
            return None;
        }
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let first_digits = first.text.len() - first.key.prefix.len() - first.key.suffix.len();
        if digits == 0 || digits != first_digits {
            return None;
        }
        let mut last = Id::new(&after[..digits], start..start + digits);
        last.key.prefix.clone_from(&first.key.prefix);
        last.text = format!("{}{}", first.key.prefix, &after[..digits]);
        last
    };
    (ends_id(text, last.span.end)
        && last.key.prefix == first.key.prefix
        && last.key.number > first.key.number)
        .then_some(last)
}

/// Whether IDs of `kind` may be defined in a file of `file_kind`.
fn definable(kind: &IdKind, file_kind: ArtifactKind) -> bool {
    kind.defined_in.is_empty() || kind.defined_in.contains(&file_kind)
}

/// Whether an occurrence (not part of a range) of an ID its file may define defines it.
fn defines(doc: &Document, kind: &IdKind, leads: &[(usize, Lead)], id: &Id) -> bool {
    let Ok(at) = leads.binary_search_by_key(&id.span.start, |(at, _)| *at) else {
        return false;
    };
    let lead = &leads[at].1;
    let site_matches = kind.defined_by.iter().any(|site| match site {
        Site::Bullet => lead.site == Site::Bullet,
        Site::BoldBullet => lead.site == Site::Bullet && lead.bold,
        other => lead.site == *other,
    });
    if !site_matches || (lead.site != Site::Checkbox && talks_about(&doc.text[id.span.end..])) {
        return false;
    }
    let under = |p: &Option<crate::yaml::Pattern>| {
        p.as_ref().map(|p| {
            doc.headings_around(id.span.start)
                .any(|h| p.is_match(&h.key))
        })
    };
    under(&kind.sections).unwrap_or(true) && !under(&kind.restated_in).unwrap_or(false)
}

/// Whether the text after an ID shows the line is about the ID rather than defining it: a
/// lowercase word follows (`SC-003 is testable`, `FR-004 confirmation:`), or another ID of a
/// list (`FR-1, FR-2`, `FR-5 / FR-6`).
fn talks_about(after: &str) -> bool {
    let rest = after.trim_start_matches(['*', '_', '`']).trim_start();
    rest.starts_with(|c: char| c.is_lowercase() || matches!(c, ',' | '/' | '&' | '+'))
}

/// Where an ID written at an offset would stand first.
#[derive(Debug, Clone, Copy)]
struct Lead {
    site: Site,
    /// Written in bold (`**FR-001**`).
    bold: bool,
}

/// Offsets where an ID would be written first in a heading, list item or first table cell,
/// sorted; where two coincide, the cell counts over the item and the item over the heading.
fn leads_of(doc: &Document) -> Vec<(usize, Lead)> {
    let text = doc.text.as_str();
    let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
    let mut leads = Vec::with_capacity(doc.headings.len() + doc.list_items.len() + rows);
    let plain = |site| Lead { site, bold: false };
    for h in &doc.headings {
        let at = skip(text, h.span.start, |c| {
            c == '#' || c.is_whitespace() || is_emphasis(c)
        });
        leads.push((at, plain(Site::Heading)));
    }
    for item in &doc.list_items {
        if let Some(lead) = item_lead(text, item.span.start, item.checked.is_some()) {
            leads.push(lead);
        }
    }
    for table in &doc.tables {
        for row in &table.rows {
            if let Some(cell) = row.cells.first() {
                leads.push((skip(text, cell.span.start, is_emphasis), plain(Site::Table)));
            }
        }
    }
    // Stable: at one offset the entries stay in the order pushed, and the last is kept.
    leads.sort_by_key(|(at, _)| *at);
    leads.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            *earlier = *later;
        }
        same
    });
    leads
}

fn is_emphasis(c: char) -> bool {
    matches!(c, '*' | '_' | '`' | '~')
}

/// The first offset from `at` whose character is not skipped.
fn skip(text: &str, at: usize, skipped: impl Fn(char) -> bool) -> usize {
    let rest = &text[at.min(text.len())..];
    at + (rest.len() - rest.trim_start_matches(skipped).len())
}

/// Past a list marker (`-`, `*`, `+`), a checkbox (`[ ]`, `[x]`, or another one-character
/// state such as `[~]`) and emphasis. Numbered items without a checkbox have no lead.
fn item_lead(text: &str, start: usize, checked: bool) -> Option<(usize, Lead)> {
    let mut at = skip(text, start, char::is_whitespace);
    let rest = &text[at..];
    let ordered = if rest.starts_with(['-', '*', '+']) {
        at += 1;
        false
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(['.', ')']) {
            at += digits + 1;
        }
        true
    };
    at = skip(text, at, char::is_whitespace);
    let mut chars = text[at..].chars();
    let boxed = chars.next() == Some('[') && chars.next().is_some() && chars.next() == Some(']');
    if boxed {
        at = skip(
            text,
            at + text[at..].find(']').unwrap_or(0) + 1,
            char::is_whitespace,
        );
    }
    let site = if checked || boxed {
        Site::Checkbox
    } else if ordered {
        return None;
    } else {
        Site::Bullet
    };
    let bold = text[at..].starts_with("**") || text[at..].starts_with("__");
    Some((skip(text, at, is_emphasis), Lead { site, bold }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_connectors_are_read_as_the_connector_pattern_reads_them() {
        // The pattern the hand-written reader replaced.
        let pattern = regex::Regex::new(
            r"^(?:(?P<tight>–|-|\.\.\.?)|\s*(?:–|-|\.\.\.?)\s*|\s+(?:to|through|thru)\s+)",
        )
        .unwrap();
        let heads = ["", " ", "  ", "\t", "\u{a0}", "\n"];
        let bodies = [
            "-", "–", "—", ".", "..", "...", "....", "to", "thru", "through", "tomorrow", "th",
            "x", "005",
        ];
        for head in heads {
            for body in bodies {
                for tail in ["", " ", "  ", "005", " FR-3", "\u{2003}x"] {
                    let text = format!("{head}{body}{tail}");
                    let expected = pattern
                        .captures(&text)
                        .map(|c| (c[0].len(), c.name("tight").is_some()));
                    assert_eq!(range_connector(&text), expected, "{text:?}");
                }
            }
        }
    }

    fn kinds(yaml: &str) -> IdKinds {
        crate::pack::Pack::parse("t.yaml", &format!("profile: t\nids:\n{yaml}"))
            .unwrap_or_else(|e| panic!("{}", e.message))
            .ids
    }

    fn index<'k>(kinds: &'k IdKinds, files: &[(&str, &str)]) -> IdIndex<'k> {
        let tmp = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = tmp.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let source = crate::vfs::WorkTree::new(tmp.path().to_path_buf());
        let set = PlanSet::load(&source, std::path::Path::new("plan.md"), &|p| {
            p.file_name().is_some_and(|n| n == "plan.md")
        });
        IdIndex::build(&set, kinds)
    }

    const FUNCTIONAL: &str = "  - {kind: FR, what: requirement, pattern: 'FR-\\d+[a-z]?', defined-by: [heading]}\n  - {kind: NFR, what: nfr, pattern: 'NFR-\\d+', defined-by: [table]}\n";

    #[test]
    fn keys_compare_by_number() {
        assert_eq!(IdKey::parse("FR-001"), IdKey::parse("FR-1"));
        let k = IdKey::parse("FR-TAT-012b");
        assert_eq!(
            (k.prefix.as_str(), k.number, k.suffix.as_str()),
            ("FR-TAT-", 12, "b")
        );
        assert!(IdKey::parse("FR-3a").is_sub_of(&IdKey::parse("FR-3")));
    }

    #[test]
    fn definitions_references_and_ranges() {
        let k = kinds(FUNCTIONAL);
        let plan = "# P\n\n### FR-1: A\n\nSee FR-2, NFR-1 and FR-1–FR-3.\n\n### FR-2: B\n\n### FR-3a: C\n\n`FR-9` and FR-1.2 and FR-10xy\n\n```\nFR-7\n```\n\n| ID | x |\n|---|---|\n| NFR-1 | y |\n";
        let idx = index(&k, &[("plan.md", plan)]);
        let shown: Vec<_> = idx
            .mentions
            .iter()
            .map(|m| {
                let end = m
                    .last
                    .as_ref()
                    .map_or(String::new(), |l| format!("..{}", l.text));
                format!(
                    "{}{}{}",
                    m.first.text,
                    end,
                    if m.defines { "!" } else { "" }
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "FR-1!",
                "FR-2",
                "NFR-1",
                "FR-1..FR-3",
                "FR-2!",
                "FR-3a!",
                "FR-9",
                "NFR-1!"
            ]
        );
        let fr = idx.kind("FR").unwrap();
        let range = &idx.mentions[3];
        let members: Vec<_> = idx
            .members(range)
            .iter()
            .map(|k| format!("{}{}{}", k.prefix, k.number, k.suffix))
            .collect();
        assert_eq!(members, ["FR-1", "FR-2", "FR-3a"]);
        assert!(idx.resolves(fr, &IdKey::parse("FR-3")));
        assert!(!idx.resolves(fr, &IdKey::parse("FR-9")));
    }

    #[test]
    fn range_forms() {
        let k = kinds("  - {kind: FR, what: r, pattern: 'FR-\\d+', defined-by: [bullet]}\n");
        let plan = "FR-001 through FR-005; FR-001-005; FR-1..FR-3; FR-1 to FR-3; FR-1 - FR-2; FR-1 - 3 days; FR-001-2\n";
        let idx = index(&k, &[("plan.md", plan)]);
        let ranges: Vec<_> = idx
            .mentions
            .iter()
            .map(|m| {
                format!(
                    "{}..{}",
                    m.first.text,
                    m.last.as_ref().map_or("", |l| l.text.as_str())
                )
            })
            .collect();
        assert_eq!(
            ranges,
            [
                "FR-001..FR-005",
                "FR-001..FR-005",
                "FR-1..FR-3",
                "FR-1..FR-3",
                "FR-1..FR-2",
                "FR-1.."
            ],
            "`FR-001-2` (an end of another width) is another scheme, no ID"
        );
    }

    #[test]
    fn masks_and_other_schemes_are_not_ids() {
        let k = kinds("  - {kind: T, what: t, pattern: 'T\\d{3}[a-z]?', defined-by: [checkbox]}\n  - {kind: SC, what: s, pattern: 'SC-\\d+[a-z]?', defined-by: [bullet]}\n");
        let idx = index(
            &k,
            &[(
                "plan.md",
                "T006-T, SC-00x, SC-XXX, T001.2, T001–T003, SC-001x, SC-1x\n",
            )],
        );
        let shown: Vec<_> = idx.mentions.iter().map(|m| m.first.text.as_str()).collect();
        assert_eq!(shown, ["T001", "SC-1x"]);
    }

    #[test]
    fn sites_and_artifacts() {
        let k = kinds("  - {kind: T, what: task, pattern: 'T\\d{3}', defined-in: [tasks], defined-by: [checkbox]}\n");
        let tasks =
            "- [ ] T001 [P] do\n- [X] **T002** done\n- T001 blocks T002\n1. T003 numbered\n";
        let idx = index(
            &k,
            &[
                ("plan.md", "T001 in plan\n- [ ] T009 not a tasks file\n"),
                ("tasks.md", tasks),
            ],
        );
        let defs: Vec<_> = idx.definitions(0).map(|m| m.first.text.as_str()).collect();
        assert_eq!(defs, ["T001", "T002"]);
        assert_eq!(idx.mentions.len(), 7);
    }
}
