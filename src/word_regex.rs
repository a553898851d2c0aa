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

use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer};
use regex_syntax::ast::{self, AssertionKind, Ast, Visitor};

/// A regex and, when it has Unicode word boundaries, its ASCII-boundary twin. Each is
/// compiled when first searched with (most texts only ever need the twin).
#[derive(Debug)]
pub struct WordRegex {
    source: String,
    unicode: OnceLock<Regex>,
    /// The pattern with ASCII boundaries, when it differs from `source`.
    ascii: Option<(String, OnceLock<Regex>)>,
}

impl WordRegex {
    /// The regex for `pattern`, whose syntax the caller has checked (a pattern that does not
    /// compile, such as one over the size limit, matches nothing).
    pub fn new(pattern: &str) -> WordRegex {
        WordRegex {
            source: pattern.to_string(),
            unicode: OnceLock::new(),
            ascii: ascii_boundaries(pattern).map(|p| (p, OnceLock::new())),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex to search `text` with: both give the same matches on it.
    pub fn on(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some((pattern, ascii)) if !has_non_ascii_word_char(text) => {
                ascii.get_or_init(|| compile(pattern))
            }
            _ => self.unicode.get_or_init(|| compile(&self.source)),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.on(text).is_match(text)
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.on(text).find(text)
    }

    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        self.on(text).find_iter(text)
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.on(text).captures(text)
    }

    pub fn captures_iter<'r, 't>(&'r self, text: &'t str) -> CaptureMatches<'r, 't> {
        self.on(text).captures_iter(text)
    }

    pub fn replace_all<'t, R: Replacer>(&self, text: &'t str, rep: R) -> Cow<'t, str> {
        self.on(text).replace_all(text, rep)
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

/// `pattern` with every Unicode word-boundary assertion made ASCII, or `None` when it has none
/// or is anchored at the start of the text. An anchored search reads only as far as its match,
/// so the fallback costs little, while checking the text first would read all of it: callers
/// run anchored patterns on every suffix of a text (`&text[pos..]`).
fn ascii_boundaries(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    if hir
        .properties()
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

    #[test]
    fn boundaries_become_ascii_and_nothing_else_changes() {
        assert_eq!(
            ascii_boundaries(r"(?i)\bfast\b|\Bx\b{start}[b]").as_deref(),
            Some(r"(?i)(?-u:\b)fast(?-u:\b)|(?-u:\B)x(?-u:\b{start})[b]")
        );
        assert_eq!(ascii_boundaries(r"^\w+$"), None);
        assert_eq!(ascii_boundaries(r"^\s*(?:to|through)\b"), None);
        assert!(ascii_boundaries(r"(?m)^\s*(?:to|through)\b").is_some());
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
