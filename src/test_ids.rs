//! The IDs the repository's test files cite (T010): read once per run from the files matching
//! the `tests:` globs. Tests name acceptance criteria in many spellings — `AC-3` in a
//! docstring, `test_ac_3_happy_path`, `AC3` — so each is read as a prefix and a number.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use globset::GlobSet;
use regex::Regex;

use crate::rules::ids::IdKey;

/// Every ID-like token of the test files under `root` matching `globs`.
pub fn collect(root: &Path, globs: &GlobSet) -> HashSet<IdKey> {
    let mut ids = HashSet::new();
    let walker = ignore::WalkBuilder::new(root).follow_links(false).build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if !globs.is_match(rel) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(entry.path()) {
            cited(&String::from_utf8_lossy(&bytes), &mut ids);
        }
    }
    ids
}

/// Every ID-like token of the files among `files` (a commit's or the index's, read through
/// `source`) matching `globs`: the git commands read tests from what is committed, like plans.
pub fn collect_in(
    source: &dyn crate::vfs::FileSource,
    files: impl Iterator<Item = std::path::PathBuf>,
    globs: &GlobSet,
) -> HashSet<IdKey> {
    let mut ids = HashSet::new();
    for file in files.filter(|f| globs.is_match(f)) {
        if let Ok(bytes) = source.read(&file) {
            cited(&String::from_utf8_lossy(&bytes), &mut ids);
        }
    }
    ids
}

/// Add the IDs cited in `text`: letters, an optional `-` or `_`, digits, an optional letter,
/// between non-alphanumeric characters (`_` separates, as in `test_ac_3`).
fn cited(text: &str, out: &mut HashSet<IdKey>) {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    let re = TOKEN.get_or_init(|| {
        Regex::new(r"(?:^|[^A-Za-z0-9])([A-Za-z]{1,5})[-_]?(\d{1,6})([a-z]?)(?:[^A-Za-z0-9]|$)")
            .expect("valid regex")
    });
    let mut at = 0;
    while let Some(c) = re.captures_at(text, at) {
        let whole = c.get(0).expect("match");
        let id = format!("{}-{}{}", c[1].to_ascii_uppercase(), &c[2], &c[3]);
        out.insert(IdKey::parse(&id));
        // The closing separator may open the next token.
        at = c.get(3).map_or(whole.end(), |m| m.end());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_spellings() {
        let mut ids = HashSet::new();
        cited(
            "def test_ac_3_happy(): # AC-4, covers FR-001\nAC5 ac6a",
            &mut ids,
        );
        for id in ["AC-3", "AC-4", "FR-1", "AC-5", "AC-6a"] {
            assert!(ids.contains(&IdKey::parse(id)), "{id} not found in {ids:?}");
        }
        assert!(!ids.contains(&IdKey::parse("AC-7")));
    }
}
