//! Repository access through gix (never a `git` subprocess): opening the repository the way
//! git sets it up for hooks (`GIT_DIR`, `GIT_INDEX_FILE` … are honoured, so a hook run by
//! `git commit -a` sees git's temporary index), HEAD and the branch being linted, commits and
//! merge-bases, listings of the index or a commit ([`Listing`]) and file sources over them
//! ([`TreeSource`]), and hook installation ([`install`]).

pub mod install;
mod source;

use std::path::{Path, PathBuf};

use gix::ObjectId;

pub use source::{Listing, TreeSource};

/// Environment variables CI systems use for the branch under test, in order of preference.
pub const BRANCH_ENV: [&str; 4] = [
    "GITHUB_HEAD_REF",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
    "BRANCH_NAME",
];

/// A repository problem that ends the run with exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(planlint::git))]
pub struct GitError {
    pub message: String,
    #[help]
    pub help: Option<String>,
}

impl GitError {
    pub fn new(message: impl Into<String>) -> Self {
        GitError {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// `context: error` as a [`GitError`].
fn failed(context: &str, error: impl std::fmt::Display) -> GitError {
    GitError::new(format!("{context}: {error}"))
}

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
    head_of(&repo).map_err(|e| e.message)
}

/// HEAD of an open repository.
pub fn head_of(repo: &gix::Repository) -> Result<Head, GitError> {
    let head = repo.head().map_err(|e| failed("cannot read HEAD", e))?;
    Ok(match head.kind {
        gix::head::Kind::Symbolic(r) => Head::Branch(r.name.shorten().to_string()),
        gix::head::Kind::Unborn(name) => Head::Unborn(name.shorten().to_string()),
        gix::head::Kind::Detached { .. } => Head::Detached,
    })
}

/// The branch named by the CI variables ([`BRANCH_ENV`]), if any.
pub fn branch_from_env() -> Option<String> {
    BRANCH_ENV.iter().find_map(|var| {
        let v = std::env::var(var).ok()?;
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    })
}

/// The branch to lint against: the CI variables first, then HEAD (an unborn branch counts,
/// a detached HEAD gives none).
pub fn current_branch(root: Option<&Path>) -> Option<String> {
    if let Some(b) = branch_from_env() {
        return Some(b);
    }
    match head(root?).ok()? {
        Head::Branch(b) | Head::Unborn(b) => Some(b),
        Head::Detached => None,
    }
}

/// [`current_branch`] for an open repository, with a note on stderr when there is none.
pub fn branch_or_note(repo: &gix::Repository) -> Result<Option<String>, GitError> {
    if let Some(b) = branch_from_env() {
        return Ok(Some(b));
    }
    Ok(match head_of(repo)? {
        Head::Branch(b) | Head::Unborn(b) => Some(b),
        Head::Detached => {
            eprintln!(
                "planlint: HEAD is detached and no CI branch variable ({}) is set: the branch rules are skipped",
                BRANCH_ENV.join(", ")
            );
            None
        }
    })
}

/// The repository around `cwd`, opened as git sets it up for hooks (environment honoured).
pub fn open(cwd: &Path) -> Result<gix::Repository, GitError> {
    gix::ThreadSafeRepository::discover_with_environment_overrides(cwd)
        .map(gix::Repository::from)
        .map_err(|e| {
            GitError::new(format!("`{}` is not inside a git repository", cwd.display()))
                .help(format!("the git commands of planlint need a repository ({e}); `planlint check` lints folders without one"))
        })
}

/// The work tree of a repository (the root shown paths are relative to).
pub fn work_dir(repo: &gix::Repository) -> Result<PathBuf, GitError> {
    let dir = repo
        .workdir()
        .ok_or_else(|| GitError::new("the repository is bare: there is no work tree to lint"))?;
    Ok(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()))
}

/// The index git would commit (`GIT_INDEX_FILE` when set) and the paths staged in it: those
/// that differ from HEAD's tree (all of them on an unborn branch).
pub fn staged(repo: &gix::Repository) -> Result<(Listing, Vec<PathBuf>), GitError> {
    let index = repo
        .index_or_empty()
        .map_err(|e| failed("cannot read the index", e))?;
    let listing = Listing::from_index(&index);
    let head_tree = repo
        .head_tree_id_or_empty()
        .map_err(|e| failed("cannot read HEAD's tree", e))?;
    let head = Listing::from_tree_via_cache(repo, head_tree.detach(), index.tree(), &listing)
        .map_err(|e| failed("cannot read HEAD's tree", e))?;
    let changed = head.changed_paths(&listing);
    Ok((listing, changed))
}

/// The listing of the index git would commit (`GIT_INDEX_FILE` when set).
pub fn index_listing(repo: &gix::Repository) -> Result<Listing, GitError> {
    let index = repo
        .index_or_empty()
        .map_err(|e| failed("cannot read the index", e))?;
    Ok(Listing::from_index(&index))
}

/// The listing of a commit's tree.
pub fn commit_listing(repo: &gix::Repository, commit: ObjectId) -> Result<Listing, GitError> {
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree_id().map(|t| t.detach()))
        .map_err(|e| failed(&format!("cannot read commit {commit}"), e))?;
    tree_listing(repo, tree)
}

fn tree_listing(repo: &gix::Repository, tree: ObjectId) -> Result<Listing, GitError> {
    let index = repo
        .index_from_tree(&tree)
        .map_err(|e| failed(&format!("cannot read tree {tree}"), e))?;
    Ok(Listing::from_index(&index))
}

/// A file source over a listing of this repository.
pub fn source(repo: &gix::Repository, listing: Listing) -> Result<TreeSource, GitError> {
    Ok(TreeSource::new(
        work_dir(repo)?,
        repo.git_dir().to_path_buf(),
        listing,
    ))
}

/// Whether the commit is in the object database.
pub fn has_commit(repo: &gix::Repository, id: ObjectId) -> bool {
    repo.find_commit(id).is_ok()
}

/// The commit a revision (`origin/main`, `HEAD~3`, a sha) names.
pub fn resolve_commit(repo: &gix::Repository, rev: &str) -> Option<ObjectId> {
    let id = repo.rev_parse_single(rev).ok()?;
    let commit = id.object().ok()?.peel_to_commit().ok()?;
    Some(commit.id)
}

/// The best common ancestor of two commits, `None` when they share no history (or the
/// history is cut by a shallow clone).
pub fn merge_base(repo: &gix::Repository, one: ObjectId, two: ObjectId) -> Option<ObjectId> {
    repo.merge_base(one, two)
        .ok()
        .flatten()
        .map(|id| id.detach())
}

/// The tip of the default branch: `<remote>/HEAD`, else `<remote>/main`, `<remote>/master`,
/// else the local `main` or `master` unless that is `except` (the branch being pushed for the
/// first time is no base for itself). Returns the name used, for messages.
pub fn default_branch(
    repo: &gix::Repository,
    remote: &str,
    except: Option<&str>,
) -> Option<(String, ObjectId)> {
    let candidates = [
        format!("refs/remotes/{remote}/HEAD"),
        format!("refs/remotes/{remote}/main"),
        format!("refs/remotes/{remote}/master"),
        "refs/heads/main".to_string(),
        "refs/heads/master".to_string(),
    ];
    candidates.into_iter().find_map(|name| {
        if except == Some(name.as_str()) {
            return None;
        }
        let mut reference = repo.try_find_reference(name.as_str()).ok()??;
        let id = reference.peel_to_commit().ok()?.id;
        let shown = name
            .strip_prefix("refs/remotes/")
            .or_else(|| name.strip_prefix("refs/heads/"))
            .unwrap_or(&name)
            .to_string();
        Some((shown, id))
    })
}

/// Whether the repository is a shallow clone (its history is cut).
pub fn is_shallow(repo: &gix::Repository) -> bool {
    repo.is_shallow().unwrap_or(false)
}
