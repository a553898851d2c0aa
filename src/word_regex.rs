//! Regexes with word boundaries that stay on the fast engine over real plans.
//!
//! The regex crate's lazy DFA handles a Unicode `\b` only while the text is ASCII: at the
//! first non-ASCII byte (an em dash, a box-drawing tree, a ✅) it gives up and the search
//! falls back to an NFA engine many times slower. Most plans hold such symbols but no
//! non-ASCII *word* character, and on such a text a Unicode `\b` and an ASCII `\b` are the
//! same assertion (every non-ASCII character is a non-word character either way), and a
//! class such as `\w` matches no more of the text than its ASCII part. So a pattern has an
//! ASCII twin — boundaries made ASCII (`(?-u:\b)`), word classes cut to ASCII — and a search
//! picks the twin when the text allows: the same matches, found by the DFA, from a regex
//! that compiles in a fraction of the time. A text the twin cannot serve is searched with the
//! pattern as written only when it holds a literal every match needs (see `Gate`): the
//! Unicode form is compiled and run for the few texts that may match.

use std::borrow::Cow;
use std::cell::{RefCell, RefMut};
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::GroupInfo;
use regex_automata::util::iter::Searcher;
use regex_automata::{Input, PatternID};
use regex_syntax::hir::literal::{Extractor, Literal, Seq};
use regex_syntax::hir::{Hir, HirKind, Look};
use thread_local::ThreadLocal;

/// A regex and, when it has Unicode word boundaries, its ASCII-boundary twin. The pattern is
/// analysed on first use and each variant compiled when first searched with (most texts only
/// ever need the twin), so loading a pack costs no regex work beyond its syntax check.
#[derive(Debug)]
pub struct WordRegex {
    source: String,
    /// The parsed pattern (kept from the syntax check, or parsed on first need), for the
    /// analysis.
    hir: OnceLock<Option<Hir>>,
    /// The literals every match starts with (regex-syntax's prefix analysis, unoptimised),
    /// which the screens below and [`Screen`] all read.
    prefixes: OnceLock<Option<Seq>>,
    unicode: OnceLock<Compiled>,
    /// The ASCII twin, when it differs from the source.
    ascii: OnceLock<Option<Twin>>,
    /// Literals one of which every match contains, when the regex cannot find them itself.
    required: OnceLock<Option<Required>>,
    /// What a text the twin cannot serve must hold to be searched (see [`Gate`]).
    gate: OnceLock<Option<Gate>>,
    /// For a pattern anchored at the start of the text, the bytes a match can start with.
    first_bytes: OnceLock<Option<FirstBytes>>,
    /// This pattern anchored at the start of the text, for [`WordRegex::captures_at_start`].
    at_start: OnceLock<Option<Box<WordRegex>>>,
}

/// A match in a text: where it is and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Match<'t> {
    fn new(text: &'t str, range: std::ops::Range<usize>) -> Match<'t> {
        Match {
            text,
            start: range.start,
            end: range.end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of a match, by number (0 is the whole match) or name. Copied out of the
/// thread's capture slots (see `Scratch`): a capture search allocates nothing for a pattern
/// of up to `INLINE_GROUPS` groups.
#[derive(Debug, Clone)]
pub struct Captures<'r, 't> {
    text: &'t str,
    info: &'r GroupInfo,
    groups: Groups,
}

/// How many groups (the whole match included) a [`Captures`] holds without allocating.
const INLINE_GROUPS: usize = 8;

/// The span of each group of a match, `None` for a group that took no part.
#[derive(Debug, Clone)]
enum Groups {
    Inline([Option<(usize, usize)>; INLINE_GROUPS]),
    Heap(Box<[Option<(usize, usize)>]>),
}

impl<'r, 't> Captures<'r, 't> {
    /// The groups of the match held in `found` (of a regex of one pattern, as all here are).
    fn of(
        text: &'t str,
        info: &'r GroupInfo,
        found: &regex_automata::util::captures::Captures,
    ) -> Captures<'r, 't> {
        let len = found.group_len();
        let span = |i: usize| found.get_group(i).map(|s| (s.start, s.end));
        let groups = if len <= INLINE_GROUPS {
            Groups::Inline(std::array::from_fn(
                |i| if i < len { span(i) } else { None },
            ))
        } else {
            Groups::Heap((0..len).map(span).collect())
        };
        Captures { text, info, groups }
    }

    pub fn get(&self, index: usize) -> Option<Match<'t>> {
        let span = match &self.groups {
            Groups::Inline(spans) => spans.get(index)?,
            Groups::Heap(spans) => spans.get(index)?,
        };
        let (start, end) = (*span)?;
        Some(Match::new(self.text, start..end))
    }

    pub fn name(&self, name: &str) -> Option<Match<'t>> {
        // A scan of the few group names: `GroupInfo::to_index` hashes the name with SipHash,
        // which cost a corpus run 0.7 % of its instructions.
        let index = self
            .info
            .pattern_names(PatternID::ZERO)
            .position(|group| group == Some(name))?;
        self.get(index)
    }
}

/// The text of a group that took part in the match (panics for one that did not, like the
/// regex crate's `Captures`).
impl std::ops::Index<usize> for Captures<'_, '_> {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        match self.get(index) {
            Some(group) => group.as_str(),
            None => panic!("group {index} did not take part in the match"),
        }
    }
}

/// Which bytes a match may start with (see [`first_bytes`]).
#[derive(Debug)]
struct FirstBytes([bool; 256]);

#[derive(Debug)]
struct Required {
    literals: AhoCorasick,
    /// No match spans a line break (see [`is_line_local`]): only the lines holding one of
    /// the literals need searching.
    line_local: bool,
}

#[derive(Debug)]
struct Twin {
    hir: Hir,
    /// For a pattern anchored at the start of the text, how much of a text its matches
    /// depend on; `None` for other patterns.
    anchored: Option<Reach>,
    /// `None` when the twin does not compile (the pattern as written is used then).
    regex: OnceLock<Option<Compiled>>,
}

/// A compiled regex with a search cache for each thread that searches it. The regex crate's
/// own cache pool serves the first thread to search a regex from a slot of its own, and any
/// other thread through a lock, twice a search: searches here (the most common kind on
/// cells, items and lines) use these caches instead.
#[derive(Debug)]
pub struct Compiled {
    regex: Regex,
    scratch: ThreadLocal<RefCell<Scratch>>,
}

/// A thread's working space for one regex: its search cache and the slots a capture search
/// fills (reused, so capture searches allocate nothing).
#[derive(Debug)]
struct Scratch {
    cache: Cache,
    groups: regex_automata::util::captures::Captures,
}

impl Compiled {
    pub fn new(regex: Regex) -> Compiled {
        Compiled {
            regex,
            scratch: ThreadLocal::new(),
        }
    }

    /// This thread's scratch, unless an iteration over this regex's matches holds it (a loop
    /// over the matches of a regex that searches with the same regex again).
    fn scratch(&self) -> Option<RefMut<'_, Scratch>> {
        self.scratch
            .get_or(|| {
                RefCell::new(Scratch {
                    cache: self.regex.create_cache(),
                    groups: self.regex.create_captures(),
                })
            })
            .try_borrow_mut()
            .ok()
    }

    /// Run a one-shot search with this thread's cache (or, while an iteration holds it, a
    /// new one).
    pub fn with_cache<R>(&self, search: impl FnOnce(&Regex, &mut Cache) -> R) -> R {
        match self.scratch() {
            Some(mut scratch) => search(&self.regex, &mut scratch.cache),
            None => search(&self.regex, &mut self.regex.create_cache()),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.with_cache(|re, cache| re.is_match_with(cache, &Input::new(text)))
    }

    fn captures<'r, 't>(&'r self, text: &'t str) -> Option<Captures<'r, 't>> {
        let input = Input::new(text);
        let info = self.regex.group_info();
        match self.scratch() {
            Some(mut scratch) => {
                let Scratch { cache, groups } = &mut *scratch;
                self.regex.search_captures_with(cache, &input, groups);
                groups.is_match().then(|| Captures::of(text, info, groups))
            }
            None => {
                let mut groups = self.regex.create_captures();
                self.regex.captures(input, &mut groups);
                groups.is_match().then(|| Captures::of(text, info, &groups))
            }
        }
    }

    /// The spans of the matches in `text`.
    fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + use<'r, 't> {
        let mut searcher = Searcher::new(Input::new(text));
        let mut scratch = self.scratch();
        let mut pooled = scratch.is_none().then(|| self.regex.find_iter(text));
        std::iter::from_fn(move || match &mut scratch {
            Some(scratch) => searcher
                .advance(|input| Ok(self.regex.search_with(&mut scratch.cache, input)))
                .map(|m| m.range()),
            None => pooled.as_mut()?.next().map(|m| m.range()),
        })
    }

    /// The groups of the matches in `text`.
    fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'r, 't>> + use<'r, 't> {
        let mut searcher = Searcher::new(Input::new(text));
        let mut scratch = self.scratch();
        let mut pooled = scratch.is_none().then(|| self.regex.captures_iter(text));
        let info = self.regex.group_info();
        std::iter::from_fn(move || match &mut scratch {
            Some(scratch) => {
                let Scratch { cache, groups } = &mut **scratch;
                // As the regex crate's own iteration does: the slots hold the match found, or
                // none once the text is exhausted.
                let _ = searcher.advance(|input| {
                    self.regex.search_captures_with(cache, input, groups);
                    Ok(groups.get_match())
                });
                groups.is_match().then(|| Captures::of(text, info, groups))
            }
            None => (pooled.as_mut()?.next()).map(|groups| Captures::of(text, info, &groups)),
        })
    }
}

impl std::ops::Deref for Compiled {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        &self.regex
    }
}

/// How far into a text a pattern anchored at its start, and its twin, can look: every match
/// ends within the first `max_chars` characters (when bounded) and, for a pattern that never
/// spans a line break (see [`is_line_local`]), within the first line; an assertion at its end
/// looks at one character more. The two find the same matches on a text when that start of
/// it holds no non-ASCII word character, whatever follows.
#[derive(Debug)]
struct Reach {
    max_chars: Option<usize>,
    line_local: bool,
}

/// The longest text, or start of a text, checked for non-ASCII word characters before an
/// anchored pattern's twin is used on it (see [`ascii_twin`]).
const ANCHORED_TWIN_MAX_LEN: usize = 256;

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
            prefixes: OnceLock::new(),
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
            required: OnceLock::new(),
            gate: OnceLock::new(),
            first_bytes: OnceLock::new(),
            at_start: OnceLock::new(),
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

    fn prefixes(&self) -> Option<&Seq> {
        self.prefixes
            .get_or_init(|| self.hir().map(|hir| Extractor::new().extract(hir)))
            .as_ref()
    }

    /// Whether `text` may hold a match: false only for a text that an anchored pattern's first
    /// byte rules out, for a long text lacking every literal a match needs, or, for a pattern
    /// that never spans lines, holding them only on lines without a match.
    fn may_match(&self, text: &str) -> bool {
        // Anchored patterns (`^T\d+`, `(?i)^(?:rationale|why)$`) are asked of every list item
        // and cell: most fail at the first byte, before the text is scanned for the twin.
        let first = self
            .first_bytes
            .get_or_init(|| first_bytes(self.hir()?, || self.prefixes()));
        if let Some(first) = first {
            if !text
                .as_bytes()
                .first()
                .is_some_and(|&b| first.0[b as usize])
            {
                return false;
            }
        }
        if text.len() < PREFILTER_MIN_LEN {
            return true;
        }
        let required = self.required.get_or_init(|| {
            let hir = self.hir()?;
            Some(Required {
                literals: required_literals(hir, self.prefixes()?)?,
                line_local: is_line_local(hir),
            })
        });
        let Some(required) = required else {
            return true;
        };
        if !required.line_local {
            return required.literals.is_match(text);
        }
        let mut searched_to = 0;
        required.literals.find_iter(text).any(|found| {
            if found.start() < searched_to {
                return false;
            }
            let bytes = text.as_bytes();
            let start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |at| at + 1);
            searched_to = memchr::memchr(b'\n', &bytes[found.end()..])
                .map_or(text.len(), |at| found.end() + at);
            let line = &text[start..searched_to];
            self.regex_for(line).is_some_and(|re| re.is_match(line))
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex to search `text` with, or `None` when `text` can hold no match. The twin
    /// when it serves the text; otherwise the pattern as written, except that, for a pattern
    /// with a twin, a text the twin cannot serve (a letter outside ASCII; for an anchored
    /// pattern, a long text whose start does not decide its matches) is searched only when it
    /// holds what every match needs (see [`Gate`]): the Unicode form is slow to compile and
    /// to run, only plans with such letters need it, and most of their texts cannot match.
    fn regex_for(&self, text: &str) -> Option<&Compiled> {
        if let Some(twin) = self.twin_on(text) {
            return Some(twin);
        }
        let gated = matches!(self.ascii.get(), Some(Some(_)));
        let gate = || {
            let gate = self.gate.get_or_init(|| Gate::new(self.hir()?));
            gate.as_ref().is_none_or(|gate| gate.may_match(text))
        };
        (!gated || gate()).then(|| self.unicode())
    }

    /// The pattern as written, compiled.
    fn unicode(&self) -> &Compiled {
        self.unicode
            .get_or_init(|| Compiled::new(compile(self.hir())))
    }

    /// The twin, when there is one and it finds the same matches on `text` as the pattern.
    fn twin_on(&self, text: &str) -> Option<&Compiled> {
        let twin = self.ascii.get_or_init(|| {
            let hir = self.hir()?;
            let twin = ascii_twin(hir)?;
            let anchored = hir.properties().look_set_prefix().contains(Look::Start);
            Some(Twin {
                anchored: anchored.then(|| Reach {
                    max_chars: max_chars(hir).zip(max_chars(&twin)).map(|(a, b)| a.max(b)),
                    line_local: is_line_local(hir),
                }),
                hir: twin,
                regex: OnceLock::new(),
            })
        });
        let usable = twin.as_ref().filter(|twin| {
            let decisive = match &twin.anchored {
                Some(reach) => reach.decisive_start(text),
                None => Some(text),
            };
            decisive.is_some_and(|start| !has_non_ascii_word_char(start))
        });
        usable.and_then(|twin| {
            twin.regex
                .get_or_init(|| build_twin(&twin.hir).map(Compiled::new))
                .as_ref()
        })
    }

    /// [`WordRegex::regex_for`] a text that passes [`WordRegex::may_match`].
    fn searcher(&self, text: &str) -> Option<&Compiled> {
        self.may_match(text).then(|| self.regex_for(text))?
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.searcher(text).is_some_and(|re| re.is_match(text))
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        let found = (self.searcher(text)?)
            .with_cache(|re, cache| re.search_with(cache, &Input::new(text)))?;
        Some(Match::new(text, found.range()))
    }

    pub fn find_iter<'r, 't: 'r>(&'r self, text: &'t str) -> impl Iterator<Item = Match<'t>> + 'r {
        (self.searcher(text).into_iter())
            .flat_map(move |re| re.find_iter(text).map(move |found| Match::new(text, found)))
    }

    pub fn captures<'r, 't>(&'r self, text: &'t str) -> Option<Captures<'r, 't>> {
        self.searcher(text)?.captures(text)
    }

    pub fn captures_iter<'r, 't: 'r>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'r, 't>> + 'r {
        (self.searcher(text).into_iter()).flat_map(move |re| re.captures_iter(text))
    }

    /// `text` without the matches.
    pub fn remove_all<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut kept = String::new();
        let mut last = 0;
        for found in self.find_iter(text) {
            kept.push_str(&text[last..found.start()]);
            last = found.end();
        }
        if last == 0 {
            return Cow::Borrowed(text);
        }
        kept.push_str(&text[last..]);
        Cow::Owned(kept)
    }

    /// The groups of the match `text` starts with, if it starts with one. Asked of this pattern
    /// anchored at the start, which rules most texts out by their first byte (see `may_match`)
    /// instead of searching them whole; of the pattern as written when the anchored one does not
    /// parse.
    pub fn captures_at_start<'r, 't>(&'r self, text: &'t str) -> Option<Captures<'r, 't>> {
        match self.anchored_at_start() {
            Some(anchored) => anchored.captures(text),
            None => (self.captures(text)).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)),
        }
    }

    /// The match `text` starts with, if it starts with one (see [`WordRegex::captures_at_start`]).
    pub fn find_at_start<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        match self.anchored_at_start() {
            Some(anchored) => anchored.find(text),
            None => self.find(text).filter(|m| m.start() == 0),
        }
    }

    /// This pattern anchored at the start of the text (`\A` before it), built on first use.
    fn anchored_at_start(&self) -> Option<&WordRegex> {
        let anchored = self.at_start.get_or_init(|| {
            let hir = Hir::concat(vec![Hir::look(Look::Start), self.hir()?.clone()]);
            Self::derived(&hir).map(Box::new)
        });
        anchored.as_deref()
    }

    /// A pattern derived from this one's parse, as a `WordRegex` of its own: printed, since a
    /// `WordRegex` keeps its source, and parsed back. Printing nests groups deeper than the
    /// source, so a derived pattern over the parser's nesting limit is `None`, and the caller
    /// searches with the pattern as written.
    fn derived(hir: &Hir) -> Option<WordRegex> {
        let printed = hir.to_string();
        let parsed = regex_syntax::Parser::new().parse(&printed).ok()?;
        Some(WordRegex::parsed(&printed, parsed))
    }

    /// This pattern cut short after the first part of group `group`, for a pattern that the
    /// group ends as "the rest of the line": `…(?P<group>X.*)$`, with a greedy `.*` and at
    /// most end anchors after it. On a text without line breaks, `.*` and the anchors accept
    /// whatever follows X, so the cut pattern `…(?P<group>X)` matches where this one does,
    /// with the group starting at the same place (the same paths, tried in the same order,
    /// succeed); a capture search of it stops after X instead of running the slow capture
    /// engine over the whole line. `None` for any other shape.
    pub fn rest_of_line_head(&self, group: &str) -> Option<WordRegex> {
        Self::derived(&rest_of_line_head(self.hir()?, group)?)
    }
}

/// Literals one of which every match of a pattern holds, searched for whatever their ASCII
/// case: a text without any has no match, and is not searched with the Unicode form (see
/// [`WordRegex::regex_for`]). The literals are taken from the pattern with each
/// case-insensitive ASCII letter (`(?i)k`: `[Kk\u{212A}]`) made the lowercase letter, or a
/// case-insensitive pattern of fifty words would have thousands; so besides them the gate
/// opens for the two characters outside ASCII that such a letter matches (KELVIN SIGN and
/// LATIN SMALL LETTER LONG S). Literals the pattern holds case-sensitively are looked for
/// without case too (`TODO` opens on `todo`): a looser gate, never a wrong one.
#[derive(Debug)]
struct Gate(AhoCorasick);

impl Gate {
    fn new(hir: &Hir) -> Option<Gate> {
        let folded = rewrite(hir, &mut |part| {
            let HirKind::Class(class) = part.kind() else {
                return None;
            };
            Some(Hir::literal([case_insensitive_letter(class)?]))
        });
        let seq = required(&folded)?;
        let literals = seq.literals().filter(|_| seq.min_literal_len() > Some(0))?;
        let literals = (literals.iter().map(Literal::as_bytes))
            .chain(["\u{212A}".as_bytes(), "\u{17F}".as_bytes()]);
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(literals)
            .ok()
            .map(Gate)
    }

    fn may_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// The lowercase ASCII letter whose case-insensitive class `class` is: `[Ff]`, `[Kk\u{212A}]`,
/// `[Ss\u{17F}]` (or without those two characters, which `(?-u)` leaves out). `None` for any
/// other class, which the gate's literal analysis then reads as it is.
fn case_insensitive_letter(class: &regex_syntax::hir::Class) -> Option<u8> {
    use regex_syntax::hir::Class;
    // A letter in both cases and, for `k` and `s`, the character outside ASCII that folds to it.
    const MOST: usize = 3;
    let chars: Vec<char> = match class {
        Class::Unicode(class) => (class.iter())
            .flat_map(|r| r.start()..=r.end())
            .take(MOST + 1)
            .collect(),
        Class::Bytes(class) => (class.iter())
            .flat_map(|r| r.start()..=r.end())
            .map(char::from)
            .take(MOST + 1)
            .collect(),
    };
    let letter = *chars.iter().find(|c| c.is_ascii_lowercase())?;
    let outside_ascii: &[char] = match letter {
        'k' => &['\u{212A}'],
        's' => &['\u{17F}'],
        _ => &[],
    };
    let folds = chars.len() <= MOST
        && chars.contains(&letter.to_ascii_uppercase())
        && (chars.iter()).all(|c| c.eq_ignore_ascii_case(&letter) || outside_ascii.contains(c));
    folds.then_some(letter as u8)
}

/// Which of many patterns can match a text, read in one pass instead of one per pattern. Every
/// match of a regex starts with one of the literals of its prefix analysis (regex-syntax's
/// `Extractor`, unoptimised; when they are finitely many), so a pattern none of whose
/// literals occurs in a text has no match there. Patterns without such literals (or with
/// one-byte ones, which would stop the pass everywhere) are always candidates.
#[derive(Debug)]
pub struct Screen {
    patterns: usize,
    searcher: Option<AhoCorasick>,
    /// Each literal of the searcher with the pattern it belongs to.
    literals: Vec<(Vec<u8>, usize)>,
    unscreened: Vec<usize>,
    /// The patterns with a literal holding a space (see [`Screen::blanked`]).
    spaced: Vec<usize>,
}

impl Screen {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a WordRegex>) -> Screen {
        let mut screen = Screen {
            patterns: 0,
            searcher: None,
            literals: Vec::new(),
            unscreened: Vec::new(),
            spaced: Vec::new(),
        };
        for (i, pattern) in patterns.into_iter().enumerate() {
            screen.patterns += 1;
            let literals = pattern
                .prefixes()
                .and_then(|seq| searchable_literals(seq, 2));
            match literals {
                Some(literals) => screen
                    .literals
                    .extend(literals.iter().map(|l| (l.as_bytes().to_vec(), i))),
                None => screen.unscreened.push(i),
            }
        }
        // Leftmost, so that no literal starting earlier hides behind one ending earlier.
        screen.searcher = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(screen.literals.iter().map(|(l, _)| l))
            .ok();
        screen.spaced = (screen.literals.iter())
            .filter(|(literal, _)| literal.contains(&b' '))
            .map(|&(_, i)| i)
            .collect();
        if screen.searcher.is_none() {
            // Only a literal set over the searcher's size limit gets here: screen nothing.
            let screened = screen.literals.drain(..).map(|(_, i)| i);
            screen.unscreened.extend(screened);
        }
        screen
    }

    /// [`Screen::candidates`] of a copy of a text with parts blanked to spaces (a document's
    /// prose), from those of the text (`found`), without reading the copy: a literal without
    /// a space occurs in the copy only where it occurs in the text. More patterns may be
    /// candidates than a pass over the copy finds (those whose literals occur only in the
    /// blanked parts), never fewer.
    pub fn blanked(&self, found: &[bool]) -> Vec<bool> {
        let mut may = found.to_vec();
        for &i in &self.spaced {
            may[i] = true;
        }
        may
    }

    /// For each pattern, in order, whether it may match `text`.
    pub fn candidates(&self, text: &str) -> Vec<bool> {
        let mut may = vec![false; self.patterns];
        for &i in &self.unscreened {
            may[i] = true;
        }
        let Some(searcher) = &self.searcher else {
            return may;
        };
        // Every position where some literal starts: the leftmost hit from each position on,
        // then every literal tried there (two may start at the same place).
        let mut from = 0;
        while let Some(hit) = searcher.find(aho_corasick::Input::new(text).span(from..text.len())) {
            let rest = &text.as_bytes()[hit.start()..];
            for (literal, i) in &self.literals {
                may[*i] |= rest.starts_with(literal);
            }
            from = hit.start() + 1;
        }
        may
    }
}

/// See [`WordRegex::rest_of_line_head`].
fn rest_of_line_head(hir: &Hir, group: &str) -> Option<Hir> {
    use regex_syntax::hir::{Capture, Dot};
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let anchors = parts
        .iter()
        .rev()
        .take_while(|h| matches!(h.kind(), HirKind::Look(Look::End | Look::EndLF)))
        .count();
    let (last, before) = parts[..parts.len() - anchors].split_last()?;
    let HirKind::Capture(capture) = last.kind() else {
        return None;
    };
    let inner = match capture.sub.kind() {
        HirKind::Concat(inner) => inner.as_slice(),
        _ => std::slice::from_ref(&*capture.sub),
    };
    let (tail, first) = inner.split_last()?;
    let HirKind::Repetition(rep) = tail.kind() else {
        return None;
    };
    let any = [Dot::AnyCharExceptLF, Dot::AnyChar].map(Hir::dot);
    if capture.name.as_deref() != Some(group)
        || (rep.min, rep.max, rep.greedy) != (0, None, true)
        || !any.contains(&*rep.sub)
    {
        return None;
    }
    let mut head = before.to_vec();
    head.push(Hir::capture(Capture {
        sub: Box::new(Hir::concat(first.to_vec())),
        ..capture.clone()
    }));
    Some(Hir::concat(head))
}

impl Reach {
    /// The start of `text` that decides the matches (see [`Reach`]), when it is at most
    /// [`ANCHORED_TWIN_MAX_LEN`] bytes long: callers run anchored patterns on every suffix of
    /// a text, so no more than that is read before each search.
    fn decisive_start<'t>(&self, text: &'t str) -> Option<&'t str> {
        if text.len() <= ANCHORED_TWIN_MAX_LEN {
            return Some(text);
        }
        let head = &text.as_bytes()[..=ANCHORED_TWIN_MAX_LEN];
        let mut end = usize::MAX;
        if self.line_local {
            if let Some(at) = memchr::memchr(b'\n', head) {
                end = at + 1;
            }
        }
        if let Some(chars) = self.max_chars {
            // The characters a match can span and the one after them.
            let ascii = ascii_prefix_len(head);
            let within = if chars < ascii {
                Some(chars + 1)
            } else {
                text.char_indices()
                    .map(|(at, _)| at)
                    .take_while(|&at| at <= ANCHORED_TWIN_MAX_LEN)
                    .nth(chars + 1)
            };
            if let Some(within) = within {
                end = end.min(within);
            }
        }
        (end <= ANCHORED_TWIN_MAX_LEN).then(|| &text[..end])
    }
}

/// The most characters a match of `hir` can span; `None` when unbounded.
fn max_chars(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        // A literal of bytes that are not UTF-8 (`(?-u:\xFF)`) spans at most one character
        // per byte.
        HirKind::Literal(lit) => {
            Some(std::str::from_utf8(&lit.0).map_or(lit.0.len(), |s| s.chars().count()))
        }
        HirKind::Class(_) => Some(1),
        HirKind::Repetition(rep) => max_chars(&rep.sub)?.checked_mul(rep.max? as usize),
        HirKind::Capture(cap) => max_chars(&cap.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(0usize, |sum, h| sum.checked_add(max_chars(h)?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(0usize, |most, h| Some(most.max(max_chars(h)?))),
    }
}

/// The twin's regex, or `None` when it does not build (over the size limit).
///
/// How a twin is built: the regex crate looks for literals its matches start with and skips
/// ahead to them; for a pattern whose matches start with letters in either case (`(?i)\b(?:
/// fast|quick|…)`, `\[(?i:deferred|removed)\]`) it extracts every mix of case of every word,
/// and builds a prefilter from hundreds of literals that rarely skips far in prose, where such
/// words are common, and slows the search of every short text (cells, items, headings,
/// lines). Most of such a twin's compile time goes there (L001's vague words: 0.75 ms with
/// it, 0.2 ms without), so a twin with a letter in either case among the first three
/// characters of its matches has none: the lazy DFA reads prose as fast without it, and a
/// twin's word boundaries are ASCII, so its DFA does not give up at bytes outside ASCII. (The
/// Unicode forms keep theirs: their DFA gives up at the first such byte next to a Unicode
/// word boundary, and the prefilter is what keeps them fast then.)
fn build_twin(twin: &Hir) -> Option<Regex> {
    let config = regex_automata::meta::Config::new().auto_prefilter(!either_case_within(twin, 3));
    Regex::builder().configure(config).build_from_hir(twin).ok()
}

/// Whether a match of `hir` may hold a letter in either case among its first `chars`
/// characters (`(?i)fast`, `\[(?i:deferred)\]`).
fn either_case_within(hir: &Hir, chars: usize) -> bool {
    if chars == 0 {
        return false;
    }
    // The fewest characters a part spans: a UTF-8 character is at most four bytes.
    let min_chars = |hir: &Hir| match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).map_or(1, |s| s.chars().count()),
        _ => hir
            .properties()
            .minimum_len()
            .map_or(0, |bytes| bytes.div_ceil(4)),
    };
    match hir.kind() {
        HirKind::Class(class) => case_insensitive_letter(class).is_some(),
        HirKind::Capture(cap) => either_case_within(&cap.sub, chars),
        HirKind::Repetition(rep) => either_case_within(&rep.sub, chars),
        HirKind::Concat(subs) => {
            let mut left = chars;
            for sub in subs {
                if left == 0 {
                    break;
                }
                if either_case_within(sub, left) {
                    return true;
                }
                left = left.saturating_sub(min_chars(sub));
            }
            false
        }
        HirKind::Alternation(subs) => subs.iter().any(|sub| either_case_within(sub, chars)),
        _ => false,
    }
}

/// The regex of a parsed pattern, built from the parse (the regex crate would parse the
/// pattern again); one that does not build, such as one over the size limit, matches nothing.
fn compile(hir: Option<&Hir>) -> Regex {
    hir.and_then(|hir| Regex::builder().build_from_hir(hir).ok())
        .unwrap_or_else(|| Regex::new(r"[^\s\S]").expect("a valid regex"))
}

/// Whether `text` holds a word character outside ASCII (where the two `\b` differ). Runs of
/// ASCII are skipped a block at a time, and a symbol repeated in a run (the `─` of a tree
/// drawing) is classified once.
fn has_non_ascii_word_char(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut last_symbol = None;
    while at < bytes.len() {
        at += ascii_prefix_len(&bytes[at..]);
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

/// How many bytes at the start of `bytes` are ASCII. Every search asks this of its whole
/// text, so blocks of 32 bytes are tested as four words at once.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let word =
        |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().expect("an 8-byte slice")) & HIGH_BITS;
    let mut blocks = bytes.chunks_exact(32);
    let mut at = 0;
    for block in blocks.by_ref() {
        let high = [
            word(&block[..8]),
            word(&block[8..16]),
            word(&block[16..24]),
            word(&block[24..]),
        ];
        // Little-endian: a word's lowest set bit is in its first non-ASCII byte.
        if let Some((i, h)) = high.iter().enumerate().find(|(_, &h)| h != 0) {
            return at + i * 8 + (h.trailing_zeros() / 8) as usize;
        }
        at += 32;
    }
    at + blocks
        .remainder()
        .iter()
        .take_while(|b| b.is_ascii())
        .count()
}

/// For a pattern every match of which starts at the start of the text (`\A`, or `^` without
/// the `m` flag), the bytes it can start with: the first bytes of its prefix literals, when
/// they are finitely many and none is empty (a match of the empty string starts with no
/// byte). An inexact prefix literal is still how its matches begin. The prefixes are only
/// extracted for such a pattern: most patterns are not anchored, and extracting them is not
/// free (a case-insensitive pattern's are every mix of case of its words).
fn first_bytes<'s>(hir: &Hir, prefixes: impl FnOnce() -> Option<&'s Seq>) -> Option<FirstBytes> {
    if !hir.properties().look_set_prefix().contains(Look::Start) {
        return None;
    }
    let mut first = [false; 256];
    for literal in prefixes()?.literals()? {
        first[*literal.as_bytes().first()? as usize] = true;
    }
    Some(FirstBytes(first))
}

/// Whether no match of `hir` can hold a line break, and every assertion in it sees the same at
/// the edges of a line taken alone as within the whole text (line anchors and word
/// boundaries do: a line break is not a word character; `\A` and `\z` do not). Then the
/// matches in a text are the matches in its lines.
fn is_line_local(hir: &Hir) -> bool {
    use regex_syntax::hir::Class;
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(lit) => !lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => !class
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => !class
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Look(look) => !matches!(
            look,
            Look::Start | Look::End | Look::StartCRLF | Look::EndCRLF
        ),
        HirKind::Repetition(rep) => is_line_local(&rep.sub),
        HirKind::Capture(cap) => is_line_local(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(is_line_local),
    }
}

/// A searcher for literals one of which every match of `pattern` contains, when the regex's
/// own prefilter has nothing to go on: the regex crate looks for literals a match *starts*
/// with, so `(?m)(?:^|[^\w#])(TODO|FIXME)` (which starts with a character class) is run over
/// the whole text even where neither word appears. Only literals of three bytes or more are
/// worth a pass of their own.
fn required_literals(hir: &Hir, prefixes: &Seq) -> Option<AhoCorasick> {
    const MIN_LEN: usize = 3;
    if searchable_literals(prefixes, MIN_LEN).is_some() {
        return None; // the regex prefilters on these itself
    }
    let seq = required(hir)?;
    let literals = searchable_literals(&seq, MIN_LEN)?;
    AhoCorasick::new(literals.iter().map(|l| l.as_bytes())).ok()
}

/// The literals of `seq` when it is worth searching for them: finitely many, at most 64, and
/// each at least `min_len` bytes long (shorter ones would stop a search almost everywhere).
pub fn searchable_literals(seq: &Seq, min_len: usize) -> Option<&[Literal]> {
    const MAX_COUNT: usize = 64;
    seq.literals().filter(|literals| {
        literals.len() <= MAX_COUNT && seq.min_literal_len().is_some_and(|n| n >= min_len)
    })
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

/// The twin of a pattern (parsed: `hir`) for texts without a non-ASCII word character: each
/// Unicode word-boundary assertion made ASCII, and each class whose only non-ASCII members
/// are word characters (`\w`, `\p{L}`, the `K`/`k`/KELVIN SIGN of a case-insensitive `k`)
/// cut down to its ASCII part. On such a text both accept the same characters at every
/// position, so they find the same matches; the twin's DFA stays small and quick to build,
/// and the lazy DFA does not give up at the first `─`. `None` when nothing would change.
/// A pattern anchored at the start of the text gets its twin on short texts (a cell, a
/// heading, a branch name), and on the longer ones whose start that decides its matches is
/// short (see [`Reach`]): an anchored search reads only as far as its match, while checking
/// the whole text first would read all of it, and callers run anchored patterns on every
/// suffix of a text (`&text[pos..]`).
fn ascii_twin(hir: &Hir) -> Option<Hir> {
    // Built from the rewritten HIR (not printed and parsed again), the twin numbers its
    // groups as the pattern does, even after a group the HIR drops (`(x){0}`).
    let mut changed = false;
    let twin = ascii_part(hir, &mut changed);
    changed.then_some(twin)
}

fn ascii_part(hir: &Hir, changed: &mut bool) -> Hir {
    use regex_syntax::hir::Class;
    rewrite(hir, &mut |hir| match hir.kind() {
        HirKind::Look(look) => {
            let ascii = match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => *other,
            };
            *changed |= ascii != *look;
            Some(Hir::look(ascii))
        }
        HirKind::Class(Class::Unicode(class)) => {
            let ascii = ascii_class(class)?;
            *changed = true;
            Some(Hir::class(Class::Unicode(ascii)))
        }
        _ => None,
    })
}

/// `hir` with each part for which `replace` has a replacement replaced, the rest rebuilt
/// around them.
pub fn rewrite(hir: &Hir, replace: &mut impl FnMut(&Hir) -> Option<Hir>) -> Hir {
    use regex_syntax::hir::{Capture, Repetition};
    if let Some(replaced) = replace(hir) {
        return replaced;
    }
    let mut parts = |subs: &[Hir]| subs.iter().map(|h| rewrite(h, replace)).collect();
    match hir.kind() {
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(rewrite(&rep.sub, replace)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(rewrite(&cap.sub, replace)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(parts(subs)),
        HirKind::Alternation(subs) => Hir::alternation(parts(subs)),
        _ => hir.clone(),
    }
}

/// A class that accepts the same characters as `class` on a text without non-ASCII word
/// characters, with fewer ranges outside ASCII (which is what makes a Unicode class slow to
/// compile): outside ASCII only its non-word members matter, so the non-ASCII word
/// characters may be dropped (`\w` becomes `[0-9A-Z_a-z]`) or added (`[^\w#’-]` becomes
/// "ASCII non-word characters but `#`, `-`, and anything outside ASCII but `’`"). `None` when
/// neither is smaller.
fn ascii_class(class: &regex_syntax::hir::ClassUnicode) -> Option<regex_syntax::hir::ClassUnicode> {
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    static SETS: OnceLock<(ClassUnicode, ClassUnicode)> = OnceLock::new();
    let (ascii, non_ascii_word) = SETS.get_or_init(|| {
        let ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]);
        let mut word = ClassUnicode::empty();
        if let Ok(HirKind::Class(regex_syntax::hir::Class::Unicode(w))) =
            regex_syntax::Parser::new()
                .parse(r"\w")
                .map(|h| h.kind().clone())
        {
            word = w;
        }
        word.difference(&ascii);
        (ascii, word)
    });
    let mut inside = class.clone();
    inside.intersect(ascii);
    let mut outside = class.clone();
    outside.difference(ascii);
    if outside.ranges().is_empty() {
        return None;
    }
    // Only word characters outside ASCII (the `K` of a case-insensitive `k`): the ASCII part
    // is the whole twin. Most classes are of this kind, so it is checked range by range
    // before any set operation over the hundreds of ranges of `\w`.
    let words = non_ascii_word.ranges();
    let is_word_range = |r: &ClassUnicodeRange| {
        let i = words.partition_point(|w| w.end() < r.start());
        words
            .get(i)
            .is_some_and(|w| w.start() <= r.start() && r.end() <= w.end())
    };
    if outside.ranges().iter().all(is_word_range) {
        return Some(inside);
    }
    let mut without_words = outside.clone();
    without_words.difference(non_ascii_word);
    let mut with_words = outside.clone();
    with_words.union(non_ascii_word);
    let smaller = [without_words, with_words]
        .into_iter()
        .min_by_key(|c| c.ranges().len())
        .filter(|c| c.ranges().len() < outside.ranges().len())?;
    inside.union(&smaller);
    Some(inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).expect("valid")
    }

    fn twin(pattern: &str) -> Option<String> {
        ascii_twin(&parsed(pattern)).map(|twin| twin.to_string())
    }

    #[test]
    fn ascii_prefix_is_measured_across_blocks() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            for at in (0..len).chain([len]) {
                let mut text = "a".repeat(len);
                if at < len {
                    text.replace_range(at..at + 1, "é");
                }
                assert_eq!(ascii_prefix_len(text.as_bytes()), at, "{len} {at}");
            }
        }
        assert!(has_non_ascii_word_char(&format!("{}─é", "x".repeat(40))));
        assert!(!has_non_ascii_word_char(&format!(
            "{}─ → —",
            "x".repeat(40)
        )));
    }

    #[test]
    fn boundaries_and_word_classes_become_ascii() {
        // `(?i)s` also matches `ſ` and `\w` thousands of letters: none of them in the text.
        assert_eq!(
            twin(r"(?i)\bfast\b").as_deref(),
            Some(r"(?:(?-u:\b)[Ff][Aa][Ss][Tt](?-u:\b))")
        );
        assert_eq!(
            twin(r"\w+-\p{L}").as_deref(),
            Some(r"(?:[0-9A-Z_a-z]+\-[A-Za-z])")
        );
        // Outside ASCII, the non-word members are what counts: a class of all of them but
        // a few becomes "anything outside ASCII but those"; spaces stay as they are.
        let symbols = twin(r"[^\w’-]").unwrap();
        assert!(symbols.chars().count() < 40, "{symbols}");
        let symbols = regex::Regex::new(&symbols).unwrap();
        assert!(symbols.is_match("─") && symbols.is_match("#"));
        assert!(!symbols.is_match("’") && !symbols.is_match("-") && !symbols.is_match("a"));
        assert_eq!(twin(r"x\s+y"), None);
        assert!(twin(r"(?m)^\s*(?:to|through)\b").is_some());
        assert_eq!(twin(r"fast"), None);
        // After a group the HIR drops, the twin's groups keep their numbers.
        let dropped = WordRegex::new(r"(x){0}\b(a)");
        let found = dropped.captures("b a").unwrap();
        assert!(searched_with_twin(&dropped, "b a"));
        assert_eq!(
            (found.get(1), found.get(2).map(|m| m.range())),
            (None, Some(2..3))
        );
    }

    /// Every string of the built-in packs that parses as a regex (patterns, and names, which
    /// are literal regexes) with its twin, compiled.
    fn pack_regexes() -> &'static [(String, Regex, Regex)] {
        fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
                serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        static ALL: OnceLock<Vec<(String, Regex, Regex)>> = OnceLock::new();
        ALL.get_or_init(|| {
            let mut found = Vec::new();
            for (_, text) in crate::pack::BUILTIN {
                let value: serde_json::Value = serde_saphyr::from_str(text).expect("pack YAML");
                strings(&value, &mut found);
            }
            found.sort();
            found.dedup();
            found
                .into_iter()
                .filter_map(|p| {
                    let hir = regex_syntax::Parser::new().parse(&p).ok()?;
                    let twin = build_twin(&ascii_twin(&hir)?).expect("the twin builds");
                    Some((p.clone(), Regex::new(&p).ok()?, twin))
                })
                .collect()
        })
    }

    fn assert_same_matches(text: &str) {
        assert!(!has_non_ascii_word_char(text));
        for (pattern, unicode, ascii) in pack_regexes() {
            assert_eq!(
                spans(unicode, text),
                spans(ascii, text),
                "{pattern} on {text:?}"
            );
        }
    }

    #[test]
    fn twins_of_every_pack_pattern_agree_on_the_fixtures() {
        assert!(pack_regexes().len() > 50, "{}", pack_regexes().len());
        let mut folders =
            vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let mut checked = 0;
        while let Some(dir) = folders.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    if !has_non_ascii_word_char(&text) {
                        assert_same_matches(&text);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn twins_of_every_pack_pattern_agree_on_plan_like_text(
            tokens in proptest::collection::vec(proptest::sample::select(&[
                "fail", "FAIL", "Pass", "TODO", "FR-001", "T012", "US2", "[P]", "NEEDS CLARIFICATION",
                "fast", "k", "s", "K", "_", "x1", "0", "2025-01-01", " ", " ", "\n", "\n\n", "- ", "- [ ] ",
                "## ", "| ", " |", "**", "`", "[", "]", "(", ")", ":", ".", "/", "src/a.rs", "#",
                "─", "→", "✅", "❌", "—", "\u{a0}", "“", "…", "⚠", "\t",
            ][..]), 0..40),
        ) {
            assert_same_matches(&tokens.concat());
        }

        /// On a text with letters outside ASCII, which the twin cannot serve, a pattern finds
        /// what the pattern as written finds: the gate before the Unicode form rules out only
        /// texts without a match.
        #[test]
        fn every_pack_pattern_agrees_with_its_unicode_form_on_text_with_letters_outside_ascii(
            mut words in proptest::collection::vec(proptest::sample::select(&[
                "fail", "FAIL", "Pass", "OK", "TODO", "TBD", "FR-001", "T012", "US2", "[P]",
                "NEEDS CLARIFICATION", "fast", "Quickly", "deferred", "Phase 2", "principle", "III",
                "P-1", "to", "through", "k", "s", "_", "0", "- [ ]", "##", "|", "**", "`", "[", "]",
                "(", ")", ":", ".", "/", "—", "✅",
            ][..]), 0..24),
            letters in proptest::collection::vec((proptest::sample::select(&[
                "é", "検証", "\u{212a}", "ſ", "o\u{212a}", "ſtatus", "naïve", "１２３",
            ][..]), 0..24usize), 1..3),
            separator in proptest::sample::select(&[" ", "", "\n", " | "][..]),
        ) {
            for (letter, at) in letters {
                words.insert(at % (words.len() + 1), letter);
            }
            let text = words.join(separator);
            for (pattern, unicode, _) in pack_regexes() {
                let searched = pack_word_regexes().get(pattern.as_str()).expect("built");
                let found = word_spans(searched, unicode.captures_len(), &text);
                assert_eq!(found, spans(unicode, &text), "{pattern} on {text:?}");
            }
        }

        /// An anchored pattern searches a long text with its twin when the start of the text
        /// its matches depend on holds no letter outside ASCII, whatever comes after.
        #[test]
        fn anchored_patterns_agree_on_long_texts_with_letters_outside_ascii_later(
            head in proptest::collection::vec(proptest::sample::select(&[
                "removed", "Deferred", "~~", "CHK012", "**CHK3", "FR-001", "FR-A-2b", "T012",
                "Note: ", "| ", " ", "\n", "- ", "[", "—", "k",
            ][..]), 0..4),
            letter in proptest::sample::select(&["é", "検証", "١", "３", "\u{212a}", "ſ"][..]),
            tail in proptest::collection::vec(proptest::sample::select(&[
                "é", "x", " ", "\n", ":", "|", "—",
            ][..]), 0..10),
        ) {
            let tail = format!("{letter}{}", tail.concat());
            let text = format!("{}{}{}", head.concat(), tail, " lorem".repeat(50));
            for (pattern, unicode, _) in pack_regexes() {
                let searched = pack_word_regexes().get(pattern.as_str()).expect("built");
                let found = searched.regex_for(&text).map_or_else(Vec::new, |re| spans(re, &text));
                assert_eq!(found, spans(unicode, &text), "{pattern} on {text:?}");
            }
        }
    }

    /// Every match of `re` on `text` with its groups (a search without groups is faster).
    fn spans(re: &Regex, text: &str) -> Vec<Vec<Option<std::ops::Range<usize>>>> {
        if re.captures_len() == 1 {
            return re.find_iter(text).map(|m| vec![Some(m.range())]).collect();
        }
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
            .collect()
    }

    /// [`spans`] as a [`WordRegex`] finds them (`groups`: how many its pattern has).
    fn word_spans(
        re: &WordRegex,
        groups: usize,
        text: &str,
    ) -> Vec<Vec<Option<std::ops::Range<usize>>>> {
        if groups == 1 {
            return re.find_iter(text).map(|m| vec![Some(m.range())]).collect();
        }
        re.captures_iter(text)
            .map(|c| (0..groups).map(|i| c.get(i).map(|m| m.range())).collect())
            .collect()
    }

    /// [`pack_regexes`] as [`WordRegex`]es, by pattern.
    fn pack_word_regexes() -> &'static std::collections::HashMap<&'static str, WordRegex> {
        static ALL: OnceLock<std::collections::HashMap<&'static str, WordRegex>> = OnceLock::new();
        ALL.get_or_init(|| {
            pack_regexes()
                .iter()
                .map(|(p, _, _)| (p.as_str(), WordRegex::new(p)))
                .collect()
        })
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
        assert_eq!(todo.remove_all("x TODO y"), "xy");
        assert!(matches!(todo.remove_all("no markers"), Cow::Borrowed(_)));
        // Literals the regex finds by itself, short ones and optional ones are left to it.
        for own in [r"\bFR-\d+", r"(?:^|\s)(T\d+)", r"x?(?:ab)?\d"] {
            let hir = parsed(own);
            let prefixes = Extractor::new().extract(&hir);
            assert!(required_literals(&hir, &prefixes).is_none(), "{own}");
        }
        // A pattern that never spans a line is tried only on the lines holding its literal.
        let field = WordRegex::new(r"(?m)^[ \t]*\*\*[^*\n]+\*\*:[ \t]*\[ \][ \t]*$");
        let checklist = "- [ ] a step of the plan\n".repeat(60);
        assert!(!field.may_match(&checklist));
        assert!(field
            .required
            .get()
            .is_some_and(|r| r.as_ref().unwrap().line_local));
        let filled = format!("{checklist}**Owner**: [ ]\n{checklist}");
        assert!(field.may_match(&filled) && field.is_match(&filled));
        assert_eq!(field.find_iter(&filled).count(), 1);
        for local in [r"(?m)^a\b[^\n]*$", r"[ \t]x", r"(?-u:\b)y"] {
            assert!(is_line_local(&parsed(local)), "{local}");
        }
        for spanning in [r"a\s+b", r"[^x]y", r"\Ax", r"x$", "a\nb", r"(?R)^x"] {
            assert!(!is_line_local(&parsed(spanning)), "{spanning}");
        }
        // Case-insensitive words become their case variants.
        let fail = WordRegex::new(r"(?i)(?:^|\s)(fail)\b");
        assert!(fail.is_match("Gate: FAIL"));
        assert!(!fail.is_match("Gate: pass"));
    }

    #[test]
    fn twins_with_letters_in_either_case_at_the_start_have_no_prefilter() {
        let either = |p: &str| either_case_within(&parsed(p), 3);
        for p in [
            r"(?i)\b(?:fast|quick)\b",
            r"\d|(?i)\b(?:zero|one)\b",
            r"(?m)^\s*(?i:todo)\b",
            r"\b[Ff]ail\b",
            r"\[(?i:deferred|removed)\]",
        ] {
            assert!(either(p), "{p}");
        }
        for p in [
            r"\bFR-\d+\b",
            r"\bFR-(?i:x)\b",
            r"\[\w+\]",
            r"\[DATE\](?i:x)",
        ] {
            assert!(!either(p), "{p}");
        }
    }

    #[test]
    fn anchored_patterns_are_screened_by_their_first_byte() {
        let screened = |p: &str| {
            let hir = parsed(p);
            let prefixes = Extractor::new().extract(&hir);
            first_bytes(&hir, || Some(&prefixes)).is_some()
        };
        for anchored in [
            r"^~*T(?P<num>\d{1,6})\b",
            r"(?i)^(?:rationale|why)$",
            r"\Ax",
        ] {
            assert!(screened(anchored), "{anchored}");
        }
        // Unanchored, anchored per line, on one branch only, or matching the empty text.
        for open in [r"T\d+", r"(?m)^T\d+", r"^a|b", r"^a?", r"^\W*phase"] {
            assert!(!screened(open), "{open}");
        }
        let task = WordRegex::new(r"^~*T(?P<num>\d{1,6})\b");
        for (text, matches) in [
            ("T012 x", true),
            ("~~T3~~", true),
            ("- T012", false),
            ("", false),
        ] {
            assert_eq!(task.may_match(text), matches, "{text:?}");
            assert_eq!(task.is_match(text), matches, "{text:?}");
        }
        let label = WordRegex::new(r"(?i)^(?:kelvin|why)$");
        // `k` folds to the Kelvin sign, whose first byte is not ASCII.
        assert!(label.is_match("\u{212a}elvin") && label.is_match("WHY"));
        assert!(!label.may_match("Rationale"));
    }

    #[test]
    fn a_match_at_the_start_is_found_by_the_anchored_pattern_and_screened() {
        let id = WordRegex::new(r"\b(?P<kind>FR|SC)-(?P<num>\d+)\b|é-\d");
        for (text, at_start) in [
            ("FR-001: Export", Some("FR-001")),
            ("SC-2 and FR-3", Some("SC-2")),
            ("é-4 x", Some("é-4")),
            ("Covers FR-001", None),
            ("FR-x then FR-2", None),
            ("", None),
        ] {
            let caps = id.captures_at_start(text);
            assert_eq!(caps.as_ref().map(|c| &c[0]), at_start, "{text:?}");
            assert_eq!(
                id.find_at_start(text).map(|m| m.as_str()),
                at_start,
                "{text:?}"
            );
            let first = id.find(text).filter(|m| m.start() == 0);
            assert_eq!(first.map(|m| m.as_str()), at_start, "{text:?}");
        }
        assert_eq!(
            &id.captures_at_start("FR-12 x")
                .unwrap()
                .name("num")
                .unwrap()
                .as_str(),
            &"12"
        );
        let lead = id.anchored_at_start().expect("parses");
        assert!(!lead.may_match("Covers FR-001"));
    }

    #[test]
    fn a_screen_never_rules_out_a_pattern_that_matches() {
        let patterns: Vec<WordRegex> = [
            r"\[link\]",
            r"(?i)\byes/no\b",
            r"abcd",
            r"bc",
            r"\[(?:DATE|D)\]",
            r"(?m)^\s*x",
            r"a\w",
        ]
        .into_iter()
        .map(WordRegex::new)
        .collect();
        let screen = Screen::new(&patterns);
        assert_eq!(screen.unscreened, [5, 6]);
        for text in [
            "",
            "nothing here",
            "see [link] and Yes/No",
            "abcd",
            "[D] or [DATE]",
            "xabcdx [DATE]",
            "  x\nabc",
        ] {
            let may = screen.candidates(text);
            for (i, p) in patterns.iter().enumerate() {
                assert!(may[i] || !p.is_match(text), "{} on {text:?}", p.as_str());
            }
        }
        assert_eq!(
            screen.candidates("plain words"),
            [false, false, false, false, false, true, true]
        );
        assert_eq!(
            screen.candidates("xabcd [D]"),
            [false, false, true, true, true, true, true]
        );
    }

    #[test]
    fn searches_nested_in_an_iteration_over_the_same_regex_find_the_same() {
        // The iteration holds this thread's cache and slots; the searches inside it take
        // the regex crate's pool or a cache of their own, and find what they find alone.
        let re = WordRegex::new(r"(?P<kind>FR|SC)-(?P<num>\d+)");
        let text = "FR-1 and SC-22, then FR-333";
        let alone: Vec<(String, String)> = re
            .captures_iter(text)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        let mut nested = Vec::new();
        for outer in re.captures_iter(text) {
            let whole = outer.get(0).expect("group 0").as_str();
            assert!(re.is_match(whole));
            assert_eq!(re.find(whole).map(|m| m.as_str()), Some(whole));
            assert_eq!(re.find_iter(text).count(), 3);
            let inner = re.captures(whole).expect("a match");
            assert_eq!(
                inner.name("num").map(|m| m.as_str()),
                outer.name("num").map(|m| m.as_str())
            );
            nested.push((outer[1].to_string(), outer[2].to_string()));
        }
        assert_eq!(nested, alone);
        assert_eq!(
            alone,
            [("FR", "1"), ("SC", "22"), ("FR", "333")].map(|(k, n)| (k.to_string(), n.to_string()))
        );
    }

    #[test]
    fn captures_of_many_groups_are_kept_whole() {
        // More groups than a `Captures` holds inline.
        let re = WordRegex::new(r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(?P<last>j)?");
        let caps = re.captures("abcdefghij").expect("a match");
        assert_eq!(&caps[9], "i");
        assert_eq!(caps.name("last").map(|m| m.as_str()), Some("j"));
        let caps = re.captures("abcdefghi").expect("a match");
        assert!(caps.name("last").is_none());
        assert!(caps.get(11).is_none());
    }

    /// Whether `re` searches `text` with its ASCII twin.
    fn searched_with_twin(re: &WordRegex, text: &str) -> bool {
        let Some(used) = re.regex_for(text) else {
            return false;
        };
        let twin = re.ascii.get().and_then(Option::as_ref);
        twin.and_then(|twin| twin.regex.get()?.as_ref())
            .is_some_and(|twin| std::ptr::eq(used, twin))
    }

    #[test]
    fn texts_the_twin_cannot_serve_are_searched_only_when_they_may_match() {
        let re = WordRegex::new(r"(?i)\b(?:fail|ok)\b");
        // Letters outside ASCII and none of the words: no search, no Unicode form.
        assert!(!re.is_match("検証 済み"));
        assert_eq!(re.find_iter("検証 済み\n次へ").count(), 0);
        assert!(re.unicode.get().is_none());
        // One of the words, in any case: the Unicode form searches.
        assert_eq!(re.find("検証 FaIl").map(|m| m.as_str()), Some("FaIl"));
        assert!(re.unicode.get().is_some());
        assert!(!re.is_match("検証 failé"));
        // A case-insensitive `k` matches the KELVIN SIGN, which the gate lets through.
        assert_eq!(
            re.find("検証 O\u{212a}").map(|m| m.as_str()),
            Some("O\u{212a}")
        );
        let hir = parsed(r"(?i)k(?-i:X)[Ss][a-c]");
        let Some(HirKind::Concat(parts)) = Some(hir.kind()) else {
            panic!("a concatenation");
        };
        let letters: Vec<_> = (parts.iter())
            .map(|part| match part.kind() {
                HirKind::Class(class) => case_insensitive_letter(class),
                _ => None,
            })
            .collect();
        assert_eq!(letters, [Some(b'k'), None, Some(b's'), None]);
    }

    #[test]
    fn the_twin_is_used_only_where_it_agrees() {
        let re = WordRegex::new(r"(?i)\bfail\b");
        // Symbols outside ASCII are non-word characters for both.
        let text = "Gate ✅ — FAIL → fix";
        assert!(searched_with_twin(&re, text));
        assert_eq!(re.find(text).map(|m| m.as_str()), Some("FAIL"));
        // A non-ASCII letter next to the word: only the Unicode boundary sees it.
        let text = "éfail";
        assert!(!searched_with_twin(&re, text));
        assert!(!re.is_match(text));
        assert!(has_non_ascii_word_char("検証 fail"));
        assert!(!has_non_ascii_word_char("├── src/ — ✓"));
        // An anchored pattern uses its twin on short texts only.
        let anchored = WordRegex::new(r"^\W*phase\b");
        assert!(searched_with_twin(&anchored, "## Phase 1"));
        let long = format!("## Phase 1 {}", "x".repeat(ANCHORED_TWIN_MAX_LEN));
        assert!(!searched_with_twin(&anchored, &long));
        let long = format!("{}─── x ✅{}", "a".repeat(70), "b".repeat(40));
        assert!(!has_non_ascii_word_char(&long));
        assert!(has_non_ascii_word_char(&format!("{long}é")));
    }

    #[test]
    fn rest_of_line_head_finds_the_group_where_the_pattern_does() {
        let head = |p: &str| rest_of_line_head(&parsed(p), "rest").map(|h| h.to_string());
        for refused in [
            r"^a (?P<rest>\S.*?)$", // lazy: the group would end early without the anchor
            r"^a (?P<rest>\S.+)$",
            r"^a (?P<rest>\S.*) b$",
            r"^a (?P<other>\S.*)$",
            r"^a (?P<rest>\S[a-z]*)$",
            r"(?R)^a (?P<rest>\S.*)$", // CRLF mode: `.` stops at `\r` too
        ] {
            assert_eq!(head(refused), None, "{refused}");
        }
        let task_line = r"^\s*[-*+] \[[ xX]\] T\d{3,}(?: \[P\])?(?: \[US\d+\])? +(?P<rest>\S.*)$";
        for accepted in [
            task_line,
            r"(?m)^x(?P<rest>.*)",
            r"(?s)^x (?P<rest>(?:ab|a).*)\z",
        ] {
            let full = regex::Regex::new(accepted).unwrap();
            let cut = regex::Regex::new(&head(accepted).expect(accepted)).unwrap();
            for line in [
                "- [ ] T001 [P] [US1] Create the model in src/x.py",
                "- [ ] T001 [US1]  [P] Create",
                "  * [x] T0123   Done it",
                "- [ ] T001 [P]",
                "- [ ] T01 Create",
                "x",
                "xyz ab",
                "x abab",
                "x ac",
                "x b",
            ] {
                let rest =
                    |re: &regex::Regex| re.captures(line).map(|c| c.name("rest").unwrap().start());
                assert_eq!(rest(&full), rest(&cut), "{accepted} on {line}");
            }
        }
    }
}
