//! The git hooks. `hook pre-commit` lints the staged content (the index, in memory) of the
//! plan sets a commit touches; `hook pre-push` lints each pushed branch at its pushed commit;
//! `hook branch` checks the current branch's name alone. Nothing is read from the work tree,
//! so unstaged edits never change the verdict. A hook with nothing to lint prints nothing.

use std::io::{BufRead, IsTerminal};
use std::path::{Component, Path, PathBuf};

use gix::ObjectId;

use crate::git::{self, GitError};
use crate::run::{Job, LintArgs, Session};

/// `planlint hook pre-commit [FILES…]`.
pub fn pre_commit(files: &[PathBuf], args: &LintArgs) -> miette::Result<u8> {
    let cwd = current_dir()?;
    let repo = git::open(&cwd)?;
    let root = git::work_dir(&repo)?;
    let (index, changed) = if files.is_empty() {
        git::staged(&repo)?
    } else {
        // The pre-commit framework names the staged files itself (relative to the root).
        let named = files
            .iter()
            .filter_map(|f| relative_to_root(&cwd, &root, f))
            .collect();
        (git::index_listing(&repo)?, named)
    };
    if changed.is_empty() {
        return Ok(0);
    }
    let source = git::source(&repo, index)?;
    let mut session = Session::start(args, Some(&source))?;
    session.silent_when_empty();
    let plans = crate::discover::plans_for_files(&source, &changed, session.config());
    if !plans.is_empty() {
        session.lint(Job {
            source: &source,
            plans,
            branch: git::branch_or_note(&repo)?,
            committing: true,
            branch_only: false,
            tracked: Some(source.listing()),
        });
    }
    session.finish()
}

/// `planlint hook branch`: the branch rules alone, for the profiles of the plans in the index.
pub fn branch(args: &LintArgs) -> miette::Result<u8> {
    let cwd = current_dir()?;
    let repo = git::open(&cwd)?;
    let Some(branch) = git::branch_or_note(&repo)? else {
        return Ok(0);
    };
    let source = git::source(&repo, git::index_listing(&repo)?)?;
    let mut session = Session::start(args, Some(&source))?;
    let plans = crate::discover::plans_among(source.listing().files(), session.config());
    session.lint(Job {
        source: &source,
        plans,
        branch: Some(branch),
        committing: false,
        branch_only: true,
        tracked: Some(source.listing()),
    });
    session.finish()
}

/// One ref being pushed.
#[derive(Debug, PartialEq, Eq)]
struct Push {
    /// `refs/heads/x`, `HEAD`, `(delete)` …
    local_ref: String,
    /// The pushed commit; `None` for a deletion.
    local: Option<ObjectId>,
    /// The ref on the remote (`refs/heads/x`); `None` when the pre-commit framework does not
    /// say.
    remote_ref: Option<String>,
    /// What the remote has now; `None` for a new branch.
    remote: Option<ObjectId>,
}

impl Push {
    fn is_tag(&self) -> bool {
        let tag = |r: &str| r.starts_with("refs/tags/");
        tag(&self.local_ref) || self.remote_ref.as_deref().is_some_and(tag)
    }

    /// The branch name the B rules check: the name the branch has on the remote.
    fn branch(&self) -> Option<&str> {
        let name = self.remote_ref.as_deref().unwrap_or(&self.local_ref);
        name.strip_prefix("refs/heads/")
    }
}

/// `planlint hook pre-push [REMOTE] [URL]`.
pub fn pre_push(remote: Option<&str>, args: &LintArgs) -> miette::Result<u8> {
    let cwd = current_dir()?;
    let repo = git::open(&cwd)?;
    let remote = remote
        .map(str::to_string)
        .or_else(|| std::env::var("PRE_COMMIT_REMOTE_NAME").ok())
        .unwrap_or_else(|| "origin".to_string());
    let pushes = match pushes_from_pre_commit_env(&repo)? {
        Some(push) => vec![push],
        None => pushes_from_stdin()?,
    };
    let mut session = Session::start(args, None)?;
    session.silent_when_empty();
    session.gate();
    for push in &pushes {
        let Some(tip) = push.local else {
            continue; // a deletion: nothing to lint
        };
        if push.is_tag() {
            continue;
        }
        let branch = match push.branch() {
            Some(b) => Some(b.to_string()),
            None if push.remote_ref.is_none() => git::branch_or_note(&repo)?,
            None => continue, // notes and other non-branch refs
        };
        // An update (fast-forward or forced) is measured from where the remote and the pushed
        // commit meet; a new branch, or a remote commit we do not have, from the default
        // branch; with no default branch, every plan set is linted.
        let known_remote = push.remote.filter(|id| git::has_commit(&repo, *id));
        let base = match known_remote {
            Some(remote_tip) => git::merge_base(&repo, remote_tip, tip),
            None => git::default_branch(&repo, &remote, Some(&push.local_ref))
                .and_then(|(_, default)| git::merge_base(&repo, default, tip)),
        };
        let pushed = git::commit_listing(&repo, tip)?;
        let changed = match base {
            Some(base) => Some(git::commit_listing(&repo, base)?.changed_paths(&pushed)),
            None => None,
        };
        let source = git::source(&repo, pushed)?;
        let plans = match changed {
            Some(changed) => crate::discover::plans_for_files(&source, &changed, session.config()),
            None => crate::discover::plans_among(source.listing().files(), session.config()),
        };
        if plans.is_empty() {
            continue;
        }
        session.lint(Job {
            source: &source,
            plans,
            branch,
            committing: true,
            branch_only: false,
            tracked: Some(source.listing()),
        });
    }
    session.finish()
}

/// The ref the pre-commit framework's pre-push stage describes in its environment
/// (`PRE_COMMIT_FROM_REF`, `PRE_COMMIT_TO_REF`, `PRE_COMMIT_LOCAL_BRANCH`,
/// `PRE_COMMIT_REMOTE_BRANCH`); `None` when not run by the framework. The framework leaves the
/// refs out when the whole branch is new.
fn pushes_from_pre_commit_env(repo: &gix::Repository) -> Result<Option<Push>, GitError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (to, local_ref) = (var("PRE_COMMIT_TO_REF"), var("PRE_COMMIT_LOCAL_BRANCH"));
    let Some(tip) = to.clone().or_else(|| local_ref.clone()) else {
        return Ok(None);
    };
    let resolve = |rev: &str| {
        git::resolve_commit(repo, rev).ok_or_else(|| {
            GitError::new(format!(
                "the pre-commit framework names `{rev}`, which is not a commit of this repository"
            ))
        })
    };
    let local = resolve(&tip)?;
    let remote = match var("PRE_COMMIT_FROM_REF") {
        Some(from) => Some(resolve(&from)?),
        None => None,
    };
    Ok(Some(Push {
        local_ref: local_ref.unwrap_or_else(|| "HEAD".to_string()),
        local: Some(local),
        remote_ref: var("PRE_COMMIT_REMOTE_BRANCH"),
        remote,
    }))
}

/// git's pre-push input: `<local ref> <local sha> <remote ref> <remote sha>` per line.
fn pushes_from_stdin() -> Result<Vec<Push>, GitError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(
            GitError::new("`planlint hook pre-push` reads the refs being pushed on stdin").help(
                "git runs it from .git/hooks/pre-push (`planlint install-hooks` writes that hook)",
            ),
        );
    }
    let mut pushes = Vec::new();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| GitError::new(format!("cannot read stdin: {e}")))?;
        if !line.trim().is_empty() {
            pushes.push(parse_push_line(&line)?);
        }
    }
    Ok(pushes)
}

fn parse_push_line(line: &str) -> Result<Push, GitError> {
    let bad = || {
        GitError::new(format!("unexpected pre-push line `{line}`"))
            .help("git passes `<local ref> <local sha> <remote ref> <remote sha>` lines")
    };
    let parts: Vec<&str> = line.split_whitespace().collect();
    let [local_ref, local, remote_ref, remote] = parts[..] else {
        return Err(bad());
    };
    let sha = |s: &str| -> Result<Option<ObjectId>, GitError> {
        let id = ObjectId::from_hex(s.as_bytes()).map_err(|_| bad())?;
        Ok((!id.is_null()).then_some(id))
    };
    Ok(Push {
        local_ref: local_ref.to_string(),
        local: sha(local)?,
        remote_ref: Some(remote_ref.to_string()),
        remote: sha(remote)?,
    })
}

/// The current folder, canonical (the root gix reports is canonical too).
pub fn current_dir() -> Result<PathBuf, GitError> {
    let cwd = std::env::current_dir()
        .map_err(|e| GitError::new(format!("cannot read the current folder: {e}")))?;
    Ok(cwd.canonicalize().unwrap_or(cwd))
}

/// A file named on the command line as a path relative to the repository root (`None` when
/// it lies outside). The file may be gone from disk (a staged deletion), so the path is
/// normalised lexically rather than canonicalised.
fn relative_to_root(cwd: &Path, root: &Path, file: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in cwd.join(file).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.strip_prefix(root).ok().map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_lines() {
        let zero = "0".repeat(40);
        let sha = "1".repeat(40);
        let p =
            parse_push_line(&format!("refs/heads/001-x {sha} refs/heads/001-x {zero}")).unwrap();
        assert_eq!(p.branch(), Some("001-x"));
        assert!(p.local.is_some() && p.remote.is_none());
        let del = parse_push_line(&format!("(delete) {zero} refs/heads/old {sha}")).unwrap();
        assert!(del.local.is_none());
        let tag = parse_push_line(&format!("refs/tags/v1 {sha} refs/tags/v1 {zero}")).unwrap();
        assert!(tag.is_tag());
        assert!(parse_push_line("refs/heads/x abc").is_err());
        assert!(parse_push_line(&format!("refs/heads/x nothex refs/heads/x {zero}")).is_err());
    }

    #[test]
    fn files_relative_to_the_root() {
        let root = Path::new("/r");
        assert_eq!(
            relative_to_root(Path::new("/r/specs"), root, Path::new("../a.md")),
            Some(PathBuf::from("a.md"))
        );
        assert_eq!(
            relative_to_root(root, root, Path::new("specs/x y/plan.md")),
            Some(PathBuf::from("specs/x y/plan.md"))
        );
        assert_eq!(
            relative_to_root(root, root, Path::new("../outside.md")),
            None
        );
    }
}
