//! Repository access through gix (never a `git` subprocess): the repository root and the
//! branch being linted.

use std::path::{Path, PathBuf};

/// Environment variables CI systems use for the branch under test, in order of preference.
pub const BRANCH_ENV: [&str; 4] = [
    "GITHUB_HEAD_REF",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
    "BRANCH_NAME",
];

/// The work-tree root of the repository holding `path`, found by looking for `.git` upwards.
pub fn work_tree_root(path: &Path) -> Option<PathBuf> {
    let path = path.canonicalize().ok()?;
    path.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// What HEAD is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    Branch(String),
    /// A repository without commits; the branch it will create.
    Unborn(String),
    Detached,
}

/// HEAD of the repository at `root`.
pub fn head(root: &Path) -> Result<Head, String> {
    let repo = gix::open(root).map_err(|e| format!("cannot open the repository: {e}"))?;
    let head = repo.head().map_err(|e| format!("cannot read HEAD: {e}"))?;
    Ok(match head.kind {
        gix::head::Kind::Symbolic(r) => Head::Branch(r.name.shorten().to_string()),
        gix::head::Kind::Unborn(name) => Head::Unborn(name.shorten().to_string()),
        gix::head::Kind::Detached { .. } => Head::Detached,
    })
}

/// The branch to lint against: the CI variables first, then HEAD (an unborn branch counts,
/// a detached HEAD gives none).
pub fn current_branch(root: Option<&Path>) -> Option<String> {
    for var in BRANCH_ENV {
        if let Ok(v) = std::env::var(var) {
            if !v.trim().is_empty() {
                return Some(v.trim().to_string());
            }
        }
    }
    match head(root?).ok()? {
        Head::Branch(b) | Head::Unborn(b) => Some(b),
        Head::Detached => None,
    }
}
