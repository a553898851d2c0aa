//! Paths named in plan text and where they lead in the repository. Shared by T011 (phantom
//! completions) and P001/P002 (technical plans).
//!
//! A token is a path when it has the shape of one: in inline code, anything with a `/` or a
//! known file extension; in prose, something with a known extension or a trailing `/`, because
//! prose is full of `and/or`, `read/write` and `CI/CD`. Tokens that are templates, globs or
//! placeholders (`specs/{feature}/`, `*.py`, `test_[module].py`) are not one concrete path.
//! `path:line` and `#anchor` suffixes are dropped; a leading `/` or `./` means the repository
//! (or project) root.
//!
//! A path is looked up under the plan's folder and each folder above it up to the repository
//! root, since plans name paths relative to their project, which in a monorepo is not the
//! repository root.

use foldhash::{HashSet, HashSetExt};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::document::{Document, Span};
use crate::pack::PathVocabulary;
use crate::vfs::FileSource;

/// A path named in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPath {
    /// Where the token is written.
    pub span: Span,
    /// The path relative to a project root: no leading `/` or `./`, no `:line`, no anchor.
    pub path: String,
}

impl NamedPath {
    /// The last component, without a trailing `/`.
    pub fn file_name(&self) -> &str {
        self.path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&self.path)
    }

    /// Whether the path has no folder part (`models.py`).
    pub fn is_bare(&self) -> bool {
        !self.path.trim_end_matches('/').contains('/')
    }
}

/// Every path named inside `span` of `doc`: in inline code, in link destinations and in prose.
pub fn paths_in(doc: &Document, span: &Span, vocab: &PathVocabulary) -> Vec<NamedPath> {
    let mut out = Vec::new();
    let first = doc
        .inline_code
        .partition_point(|c| c.span.start < span.start);
    for code in doc.inline_code[first..]
        .iter()
        .take_while(|c| c.span.start < span.end)
        .filter(|c| c.span.end <= span.end)
    {
        let raw = &doc.text[code.span.clone()];
        for (offset, token) in tokens(raw) {
            if let Some(path) = as_path(token, true, vocab) {
                let start = code.span.start + offset;
                out.push(NamedPath {
                    span: start..start + token.len(),
                    path,
                });
            }
        }
    }
    let first = doc.links.partition_point(|l| l.span.start < span.start);
    for link in doc.links[first..]
        .iter()
        .take_while(|l| l.span.start < span.end)
        .filter(|l| l.span.end <= span.end)
    {
        if let Some(path) = as_path(&link.dest, true, vocab) {
            out.push(NamedPath {
                span: link.span.clone(),
                path,
            });
        }
    }
    let prose = &doc.prose[span.clone()];
    for (offset, token) in tokens(prose) {
        let start = span.start + offset;
        if doc.is_opaque(start) {
            continue;
        }
        if let Some(path) = as_path(token, false, vocab) {
            out.push(NamedPath {
                span: start..start + token.len(),
                path,
            });
        }
    }
    out.sort_by_key(|p| p.span.start);
    out
}

/// The tokens that may name a path: whitespace-separated, surrounding punctuation and emphasis
/// trimmed, holding a `/` or a `.` (checked again by [`as_path`]), with their byte offsets.
/// Found from those bytes outward, so text without them is never split into words.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let hit = from + memchr::memchr2(b'/', b'.', &text.as_bytes()[from..])?;
        let start = text[..hit]
            .char_indices()
            .rfind(|&(_, c)| is_separator(c))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let end = text[hit..]
            .char_indices()
            .find(|&(_, c)| is_separator(c))
            .map_or(text.len(), |(at, _)| hit + at);
        from = end;
        let piece = &text.as_bytes()[start..end];
        let lead = piece
            .iter()
            .take_while(|b| matches!(b, b'*' | b'(' | b'['))
            .count();
        let trail = piece[lead..]
            .iter()
            .rev()
            .take_while(|b| matches!(b, b'*' | b'.' | b':' | b'!' | b'?' | b')' | b']'))
            .count();
        if lead + trail < piece.len() {
            return Some((start + lead, &text[start + lead..end - trail]));
        }
    })
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '`' | ',' | ';' | '(' | ')' | '"' | '\'' | '|')
}

/// The path a token names, if it is one. `in_code`: the token comes from inline code or a link,
/// where a `/` alone marks a path.
fn as_path(token: &str, in_code: bool, vocab: &PathVocabulary) -> Option<String> {
    // Cheap shape checks before the pack's regex: a path has a `/` or a `.`.
    if !token.contains(['/', '.'])
        || token.contains("://")
        || token.starts_with(['~', '$', '@', '-'])
        || vocab.not_path.is_match(token)
    {
        return None;
    }
    let mut path = token.trim_start_matches("./");
    path = path.trim_start_matches('/');
    // `path:12`, `path:12-40`, `path#L12`, `path#section`.
    if let Some(hash) = path.find('#') {
        path = &path[..hash];
    }
    if let Some(colon) = path.find(':') {
        let rest = &path[colon + 1..];
        if rest.is_empty()
            || rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ':')
        {
            path = &path[..colon];
        } else {
            return None;
        }
    }
    if path.is_empty()
        || !path
            .chars()
            .all(|c| c.is_alphanumeric() || "_-./+".contains(c))
    {
        return None;
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let numeric = |s: &&str| s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let (name, folders) = segments.split_last()?;
    // `44/44`, `2025/01/02`, `fragcap/0.1.0` (a version), `data-model.md/research.md` (two
    // files, "or").
    if segments.iter().any(|s| s.is_empty())
        || segments.iter().all(numeric)
        || (!folders.is_empty() && name.contains('.') && numeric(name))
        || folders.iter().any(|f| has_extension(f, vocab))
    {
        return None;
    }
    let has_extension = has_extension(name, vocab);
    let folder = path.ends_with('/') && !path.trim_end_matches('/').is_empty();
    let nested = segments.len() > 1;
    let is_path = has_extension || folder || (in_code && nested);
    is_path.then(|| path.to_string())
}

/// Whether a file name ends in one of the pack's extensions (`models.py`; not `e.g`).
fn has_extension(name: &str, vocab: &PathVocabulary) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && vocab.extensions.iter().any(|e| e.eq_ignore_ascii_case(ext))
    })
}

/// Whether a path exists, and if not, whether the plan could be wrong about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Exists,
    /// Absent, though its first folder exists under one of the roots: the path is written
    /// the way this repository is laid out, so its absence means something.
    Missing,
    /// Absent, and so is its first component: it is relative to something this repository
    /// does not hold (another repository, a sub-project), so nothing can be said.
    Unanchored,
}

/// Looks paths up under the plan's folder and each folder above it.
pub struct Resolver<'a> {
    source: &'a dyn FileSource,
    roots: Vec<PathBuf>,
    skip: &'a [String],
    /// File names anywhere in the repository, for bare names; `None` when the repository is too
    /// large to list.
    names: OnceCell<Option<HashSet<String>>>,
    /// For each first path component looked up so far, the roots holding it.
    anchors: std::cell::RefCell<foldhash::HashMap<String, Vec<PathBuf>>>,
}

/// How many entries a bare-name lookup lists before giving up (the name then counts as found).
const NAME_SEARCH_LIMIT: usize = 200_000;

impl<'a> Resolver<'a> {
    pub fn new(source: &'a dyn FileSource, plan_dir: &Path, vocab: &'a PathVocabulary) -> Self {
        let roots = plan_dir.ancestors().map(Path::to_path_buf).collect();
        Resolver {
            source,
            roots,
            skip: &vocab.search_skip,
            names: OnceCell::new(),
            anchors: Default::default(),
        }
    }

    pub fn resolve(&self, path: &str) -> Resolution {
        let trimmed = path.trim_end_matches('/');
        let first = trimmed.split('/').next().unwrap_or(trimmed);
        if first == ".." {
            let exists = self
                .roots
                .iter()
                .any(|r| self.source.exists(&r.join(trimmed)));
            return if exists {
                Resolution::Exists
            } else {
                Resolution::Unanchored
            };
        }
        // A path can only exist under a root that holds its first component; plans name
        // the same few top folders (`src/`, `tests/`) over and over, so that lookup is cached.
        let anchored = self.roots_holding(first);
        if anchored
            .iter()
            .any(|r| first == trimmed || self.source.exists(&r.join(trimmed)))
        {
            Resolution::Exists
        } else if first != trimmed && !anchored.is_empty() {
            Resolution::Missing
        } else {
            Resolution::Unanchored
        }
    }

    /// The roots under which `name` exists.
    fn roots_holding(&self, name: &str) -> std::cell::Ref<'_, [PathBuf]> {
        if !self.anchors.borrow().contains_key(name) {
            let holding = self
                .roots
                .iter()
                .filter(|r| self.source.exists(&r.join(name)))
                .cloned()
                .collect();
            self.anchors.borrow_mut().insert(name.to_string(), holding);
        }
        std::cell::Ref::map(self.anchors.borrow(), |a| a[name].as_slice())
    }

    /// Whether a file or folder of this name exists anywhere in the repository (outside hidden
    /// and skipped folders).
    pub fn name_exists(&self, name: &str) -> bool {
        let names = self.names.get_or_init(|| self.list_names());
        names.as_ref().is_none_or(|n| n.contains(name))
    }

    fn list_names(&self) -> Option<HashSet<String>> {
        let mut names = HashSet::new();
        let mut stack = vec![PathBuf::new()];
        let mut seen = 0usize;
        while let Some(dir) = stack.pop() {
            for entry in self.source.list_dir(&dir) {
                seen += 1;
                if seen > NAME_SEARCH_LIMIT {
                    return None;
                }
                let Some(name) = entry.path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if entry.is_dir {
                    if name.starts_with('.') || self.skip.iter().any(|s| s == name) {
                        continue;
                    }
                    stack.push(entry.path.clone());
                }
                names.insert(name.to_string());
            }
        }
        Some(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> PathVocabulary {
        let pack = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "generic")
            .expect("generic pack");
        pack.paths
            .clone()
            .expect("generic pack has a paths section")
    }

    fn found(text: &str) -> Vec<String> {
        let doc = Document::parse(text.to_string());
        paths_in(&doc, &(0..text.len()), &vocab())
            .into_iter()
            .map(|p| p.path)
            .collect()
    }

    #[test]
    fn tokens_are_the_words_holding_a_slash_or_a_dot() {
        let by_split = |text: &str| -> Vec<(usize, String)> {
            text.split(is_separator)
                .map(|piece| {
                    let at = piece.as_ptr() as usize - text.as_ptr() as usize;
                    let lead = piece.len() - piece.trim_start_matches(['*', '(', '[']).len();
                    let trimmed =
                        piece[lead..].trim_end_matches(['*', '.', ':', '!', '?', ')', ']']);
                    (at + lead, trimmed.to_string())
                })
                .filter(|(_, t)| t.contains(['/', '.']))
                .collect()
        };
        for text in [
            "",
            ".",
            "/",
            "See src/x.py, (tests/y.rs) and **docs/a.md**. Done.",
            "é\u{a0}naïve/x\u{2003}a.b\u{3000}—`c/d`;\"e.f\"'g/'\r\nh.\u{85}../i",
            "...x/y.z...",
        ] {
            let found: Vec<(usize, String)> = tokens(text)
                .filter(|(_, t)| t.contains(['/', '.']))
                .map(|(at, t)| (at, t.to_string()))
                .collect();
            assert_eq!(found, by_split(text), "{text:?}");
        }
    }

    #[test]
    fn paths_in_code_and_prose() {
        assert_eq!(
            found("Create src/Stroke/Core/X.cs and `tests/unit/test_x.py:12` per `specs/001-a/plan.md#L4`."),
            ["src/Stroke/Core/X.cs", "tests/unit/test_x.py", "specs/001-a/plan.md"]
        );
        assert_eq!(
            found("Copy `/templates/prompts/` and ./scripts/run.sh"),
            ["templates/prompts/", "scripts/run.sh"]
        );
        assert_eq!(
            found("Update **models.py** and the `src/pkg` folder"),
            ["models.py", "src/pkg"]
        );
    }

    #[test]
    fn non_paths() {
        assert!(
            found("and/or read/write CI/CD 44/44 e.g. etc. Next step: see https://x.org/a.py")
                .is_empty()
        );
        assert!(found(
            "Run `/doit.checkin` on `specs/{feature}/plan.md` and `tests/test_[module].py`"
        )
        .is_empty());
        assert!(found("`*.py` files, `$HOME/x.py`, `~/x.py`, `@carbon/react`").is_empty());
        assert!(found("Version 3.11 on 2025/01/02").is_empty());
        assert!(found("`fragcap/0.1.0` in data-model.md/research.md").is_empty());
    }
}
