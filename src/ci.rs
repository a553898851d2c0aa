//! `planlint ci [--base REF] [--all]`: lint the plan sets changed since the merge-base of HEAD
//! and a base branch, at HEAD's committed content, with the branch CI names
//! ([`crate::git::BRANCH_ENV`], then HEAD). Works on a detached HEAD; a base missing from a
//! shallow clone is an error that says how to fetch it (exit 2), never a silent pass.

use gix::ObjectId;

use crate::git::{self, GitError};
use crate::run::{Job, LintArgs, Session};

pub fn run(base: Option<&str>, all: bool, args: &LintArgs) -> miette::Result<u8> {
    let cwd = crate::hook::current_dir()?;
    let repo = git::open(&cwd)?;
    let head = head_commit(&repo)?;
    let listing = git::commit_listing(&repo, head)?;
    let changed = if all {
        None
    } else {
        let base = merge_base_with(&repo, head, base)?;
        Some(git::commit_listing(&repo, base)?.changed_paths(&listing))
    };
    let source = git::source(&repo, listing)?;
    let mut session = Session::start(args, Some(&source))?;
    session.gate();
    let plans = match changed {
        Some(changed) => crate::discover::plans_for_files(&source, &changed, session.config()),
        None => crate::discover::plans_among(source.listing().files(), session.config()),
    };
    session.lint(Job {
        source: &source,
        plans,
        branch: git::branch_or_note(&repo)?,
        committing: false,
        branch_only: false,
        tracked: Some(source.listing()),
    });
    session.finish()
}

fn head_commit(repo: &gix::Repository) -> Result<ObjectId, GitError> {
    match repo.head_id() {
        Ok(id) => Ok(id.detach()),
        Err(_) => Err(
            GitError::new("HEAD has no commit yet: there is nothing to compare")
                .help("commit first, or lint the work tree with `planlint check`"),
        ),
    }
}

/// The base named by `--base`, else by the CI's target-branch variable, else the default
/// branch; then its merge-base with HEAD.
fn merge_base_with(
    repo: &gix::Repository,
    head: ObjectId,
    base: Option<&str>,
) -> Result<ObjectId, GitError> {
    let shallow = git::is_shallow(repo);
    let fetch_help = |name: &str| {
        if shallow {
            format!("this clone is shallow: fetch the base and enough history to reach it (`git fetch --unshallow origin`, or `fetch-depth: 0` with actions/checkout; GitLab: GIT_DEPTH: 0), then `--base {name}`")
        } else {
            "fetch it first (`git fetch origin`), or name another base with `--base`; `planlint ci --all` lints every plan set".to_string()
        }
    };
    let (name, base_id) = match base.map(str::to_string).or_else(ci_target_branch) {
        Some(name) => {
            let id = git::resolve_commit(repo, &name).ok_or_else(|| {
                GitError::new(format!("the base `{name}` is not in this repository"))
                    .help(fetch_help(&name))
            })?;
            (name, id)
        }
        None => git::default_branch(repo, "origin", None).ok_or_else(|| {
            GitError::new("no base to compare with: no --base, and no origin/HEAD, main or master")
                .help("name the base with `--base REF`, or lint every plan set with `--all`")
        })?,
    };
    git::merge_base(repo, base_id, head).ok_or_else(|| {
        if shallow {
            GitError::new(format!("HEAD and the base `{name}` meet in history this shallow clone does not have"))
                .help(fetch_help(&name))
        } else {
            GitError::new(format!("HEAD and the base `{name}` share no history"))
                .help("name a base on the same history with `--base`, or lint every plan set with `--all`")
        }
    })
}

/// `origin/<target branch>` of a pull or merge request, from the CI's variables.
fn ci_target_branch() -> Option<String> {
    ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .map(|b| format!("origin/{}", b.trim()))
}
