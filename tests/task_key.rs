//! B003 end to end with real git repositories: the branch comes from HEAD (no CI variables),
//! and the Task key of the widget plan (WID-42) is compared with the branch's key.

mod common;

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=planlint",
            "-c",
            "user.email=planlint@example.org",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A repository holding the widget plan, on branch `branch` (unborn: no commit yet).
fn repo_on(branch: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/functional/widget-clean/plan.md");
    std::fs::copy(plan, tmp.path().join("plan.md")).unwrap();
    git(tmp.path(), &["init", "-q", "-b", branch]);
    tmp
}

fn codes(dir: &Path) -> Vec<(String, usize, String)> {
    let out = common::run(dir, &["check", "--format", "json", "--select", "B003", "."]);
    common::findings(&out.stdout)
}

#[test]
fn another_tasks_branch_is_reported_at_the_task_line() {
    let repo = repo_on("WID-43_widget_management");
    assert_eq!(
        codes(repo.path()),
        [("plan.md".to_string(), 3, "B003".to_string())]
    );
}

#[test]
fn the_tasks_own_branch_and_a_prefixed_one_pass() {
    assert!(codes(repo_on("WID-42_widget_management").path()).is_empty());
    assert!(codes(repo_on("feature/WID-42_widget_management").path()).is_empty());
}

#[test]
fn protected_branches_detached_heads_and_keyless_branches_are_silent() {
    assert!(codes(repo_on("main").path()).is_empty());
    assert!(codes(repo_on("widget-work").path()).is_empty());
    let repo = repo_on("WID-43_widget_management");
    git(repo.path(), &["add", "plan.md"]);
    git(repo.path(), &["commit", "-q", "-m", "plan"]);
    git(repo.path(), &["checkout", "-q", "--detach"]);
    assert!(codes(repo.path()).is_empty());
}
