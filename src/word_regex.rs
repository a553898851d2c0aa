//! Regexes with word boundaries that stay on the fast engine over real plans.
//!
//! The regex crate's lazy DFA handles a Unicode `\b` only while the text is ASCII: at the
//! first non-ASCII byte (an em dash, a box-drawing tree, a ✅) it gives up and the search
//! falls back to an NFA engine many times slower. Most plans hold such symbols but no
//! non-ASCII *word* character, and on such a text a Unicode `\b` and an ASCII `\b` are the
//! same assertion (every non-ASCII character is a non-word character either way). So a
//! pattern with word boundaries is compiled twice: as written, and with each boundary made
//! ASCII (`(?-u:\b)`); a search picks the ASCII one when the text allows, which gives the
//! same matches, found by the DFA.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer};
use regex_syntax::ast::{self, AssertionKind, Ast, Visitor};
use regex_syntax::hir::literal::{Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

/// A regex and, when it has Unicode word boundaries, its ASCII-boundary twin. The pattern is
/// analysed on first use and each variant compiled when first searched with (most texts only
/// ever need the twin), so loading a pack costs no regex work beyond its syntax check.
#[derive(Debug)]
pub struct WordRegex {
    source: String,
    /// The parsed pattern (kept from the syntax check, or parsed on first need), for the
    /// analysis.
    hir: OnceLock<Option<Hir>>,
    unicode: OnceLock<Regex>,
    /// The pattern with ASCII boundaries, when it differs from the source.
    ascii: OnceLock<Option<(String, OnceLock<Regex>)>>,
    /// Literals one of which every match contains, when the regex cannot find them itself.
    required: OnceLock<Option<AhoCorasick>>,
}

/// Below this length a text is searched without looking for required literals first: the
/// extra pass (and the analysis behind it) only pays on long texts.
const PREFILTER_MIN_LEN: usize = 1024;

impl WordRegex {
    /// The regex for `pattern`, whose syntax the caller has checked (a pattern that does not
    /// compile, such as one over the size limit, matches nothing).
    pub fn new(pattern: &str) -> WordRegex {
        WordRegex {
            source: pattern.to_string(),
            hir: OnceLock::new(),
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
            required: OnceLock::new(),
        }
    }

    /// [`WordRegex::new`] for a pattern the caller has parsed.
    pub fn parsed(pattern: &str, hir: Hir) -> WordRegex {
        let regex = WordRegex::new(pattern);
        let _ = regex.hir.set(Some(hir));
        regex
    }

    fn hir(&self) -> Option<&Hir> {
        self.hir
            .get_or_init(|| regex_syntax::Parser::new().parse(&self.source).ok())
            .as_ref()
    }

    /// Whether `text` may hold a match: false only for a long text lacking every literal a
    /// match needs.
    fn may_match(&self, text: &str) -> bool {
        text.len() < PREFILTER_MIN_LEN
            || self
                .required
                .get_or_init(|| self.hir().and_then(required_literals))
                .as_ref()
                .is_none_or(|ac| ac.is_match(text))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex to search `text` with: both give the same matches on it.
    pub fn on(&self, text: &str) -> &Regex {
        let ascii = self.ascii.get_or_init(|| {
            let twin = ascii_boundaries(&self.source, self.hir()?)?;
            Some((twin, OnceLock::new()))
        });
        match ascii {
            Some((pattern, ascii)) if !has_non_ascii_word_char(text) => {
                ascii.get_or_init(|| compile(pattern))
            }
            _ => self.unicode.get_or_init(|| compile(&self.source)),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text) && self.on(text).is_match(text)
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.may_match(text).then(|| self.on(text).find(text))?
    }

    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        self.on(text).find_iter(self.searched(text))
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.may_match(text).then(|| self.on(text).captures(text))?
    }

    pub fn captures_iter<'r, 't>(&'r self, text: &'t str) -> CaptureMatches<'r, 't> {
        self.on(text).captures_iter(self.searched(text))
    }

    pub fn replace_all<'t, R: Replacer>(&self, text: &'t str, rep: R) -> Cow<'t, str> {
        if self.may_match(text) {
            self.on(text).replace_all(text, rep)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The text an iterating search needs to read: none of it when no match can be there
    /// (a regex needing a literal never matches the empty text).
    fn searched<'t>(&self, text: &'t str) -> &'t str {
        if self.may_match(text) {
            text
        } else {
            &text[..0]
        }
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("a valid regex"))
}

/// Whether `text` holds a word character outside ASCII (where the two `\b` differ). Runs of
/// ASCII are skipped a block at a time, and a symbol repeated in a run (the `─` of a tree
/// drawing) is classified once.
fn has_non_ascii_word_char(text: &str) -> bool {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut last_symbol = None;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            let end = (at + BLOCK).min(bytes.len());
            if bytes[at..end].is_ascii() {
                at = end;
                continue;
            }
            at += bytes[at..end].iter().take_while(|b| b.is_ascii()).count();
        }
        // `at` is the first byte of a character: ASCII bytes never continue one.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if last_symbol != Some(c) {
            if regex_syntax::is_word_character(c) {
                return true;
            }
            last_symbol = Some(c);
        }
        at += c.len_utf8();
    }
    false
}

/// A searcher for literals one of which every match of `pattern` contains, when the regex's
/// own prefilter has nothing to go on: the regex crate looks for literals a match *starts*
/// with, so `(?m)(?:^|[^\w#])(TODO|FIXME)` (which starts with a character class) is run over
/// the whole text even where neither word appears. Only literals of three bytes or more are
/// worth a pass of their own.
fn required_literals(hir: &Hir) -> Option<AhoCorasick> {
    const MIN_LEN: usize = 3;
    const MAX_COUNT: usize = 64;
    let useful = |seq: &Seq| {
        seq.is_finite()
            && seq.len().is_some_and(|n| n <= MAX_COUNT)
            && seq.min_literal_len().is_some_and(|n| n >= MIN_LEN)
    };
    if useful(&Extractor::new().extract(hir)) {
        return None; // the regex prefilters on these itself
    }
    let seq = required(hir).filter(useful)?;
    AhoCorasick::new(seq.literals()?.iter().map(|l| l.as_bytes())).ok()
}

/// Literals one of which every match of `hir` contains: the literals one part of a
/// concatenation starts with (the part with the longest), or the union over the branches of
/// an alternation.
fn required(hir: &Hir) -> Option<Seq> {
    let prefixes = |hir: &Hir| Some(Extractor::new().extract(hir)).filter(Seq::is_finite);
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Alternation(branches) => {
            let mut all = Seq::empty();
            for branch in branches {
                all.union(&mut required(branch)?);
            }
            Some(all)
        }
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .filter(|seq| seq.min_literal_len().is_some_and(|n| n > 0))
            .max_by_key(|seq| seq.min_literal_len()),
        _ => prefixes(hir),
    }
}

/// `pattern` (parsed: `hir`) with every Unicode word-boundary assertion made ASCII, or `None` when it has none
/// or is anchored at the start of the text. An anchored search reads only as far as its match,
/// so the fallback costs little, while checking the text first would read all of it: callers
/// run anchored patterns on every suffix of a text (`&text[pos..]`).
fn ascii_boundaries(pattern: &str, hir: &Hir) -> Option<String> {
    let props = hir.properties();
    if !props.look_set().contains_word_unicode()
        || props
            .look_set_prefix()
            .contains(regex_syntax::hir::Look::Start)
    {
        return None;
    }
    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    let spans = ast::visit(&parsed, Boundaries(Vec::new())).ok()?;
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + 8 * spans.len());
    let mut last = 0;
    for span in spans {
        out.push_str(&pattern[last..span.start.offset]);
        out.push_str("(?-u:");
        out.push_str(&pattern[span.start.offset..span.end.offset]);
        out.push(')');
        last = span.end.offset;
    }
    out.push_str(&pattern[last..]);
    Some(out)
}

/// Collects the spans of word-boundary assertions, in pattern order.
struct Boundaries(Vec<ast::Span>);

impl Visitor for Boundaries {
    type Output = Vec<ast::Span>;
    type Err = ();

    fn finish(self) -> Result<Vec<ast::Span>, ()> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
        if let Ast::Assertion(a) = node {
            let word = !matches!(
                a.kind,
                AssertionKind::StartLine
                    | AssertionKind::EndLine
                    | AssertionKind::StartText
                    | AssertionKind::EndText
            );
            if word {
                self.0.push(a.span);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).expect("valid")
    }

    fn twin(pattern: &str) -> Option<String> {
        ascii_boundaries(pattern, &parsed(pattern))
    }

    #[test]
    fn boundaries_become_ascii_and_nothing_else_changes() {
        assert_eq!(
            twin(r"(?i)\bfast\b|\Bx\b{start}[b]").as_deref(),
            Some(r"(?i)(?-u:\b)fast(?-u:\b)|(?-u:\B)x(?-u:\b{start})[b]")
        );
        assert_eq!(twin(r"^\w+$"), None);
        assert_eq!(twin(r"^\s*(?:to|through)\b"), None);
        assert!(twin(r"(?m)^\s*(?:to|through)\b").is_some());
        assert_eq!(twin(r"(?i)fast"), None);
    }

    #[test]
    fn literals_inside_a_match_prefilter_the_search() {
        let todo = WordRegex::new(r#"(?m)(?:^|[^\w#/"'-])(TODO|FIXME|XXX)(?:$|[^\w/"'(-])"#);
        let long = "nothing to do here. ".repeat(60);
        assert!(!todo.may_match(&long));
        assert!(todo.required.get().is_some_and(Option::is_some));
        assert_eq!(todo.find_iter(&format!("{long} TODO")).count(), 1);
        assert_eq!(todo.find_iter("a (TODO) b").count(), 1);
        assert_eq!(todo.find_iter("no markers").count(), 0);
        assert_eq!(todo.replace_all("x TODO y", "_"), "x_y");
        // Literals the regex finds by itself, short ones and optional ones are left to it.
        for own in [r"\bFR-\d+", r"(?:^|\s)(T\d+)", r"x?(?:ab)?\d"] {
            assert!(required_literals(&parsed(own)).is_none(), "{own}");
        }
        // Case-insensitive words become their case variants.
        let fail = WordRegex::new(r"(?i)(?:^|\s)(fail)\b");
        assert!(fail.is_match("Gate: FAIL"));
        assert!(!fail.is_match("Gate: pass"));
    }

    #[test]
    fn the_twin_is_used_only_where_it_agrees() {
        let re = WordRegex::new(r"(?i)\bfail\b");
        // Symbols outside ASCII are non-word characters for both.
        let text = "Gate ✅ — FAIL → fix";
        assert_eq!(re.on(text).as_str(), r"(?i)(?-u:\b)fail(?-u:\b)");
        assert_eq!(re.find(text).map(|m| m.as_str()), Some("FAIL"));
        // A non-ASCII letter next to the word: only the Unicode boundary sees it.
        let text = "éfail";
        assert_eq!(re.on(text).as_str(), re.as_str());
        assert!(!re.is_match(text));
        assert!(has_non_ascii_word_char("検証 fail"));
        assert!(!has_non_ascii_word_char("├── src/ — ✓"));
        let long = format!("{}─── x ✅{}", "a".repeat(70), "b".repeat(40));
        assert!(!has_non_ascii_word_char(&long));
        assert!(has_non_ascii_word_char(&format!("{long}é")));
    }
}
