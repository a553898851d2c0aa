//! `planlint hook pre-push` on real repositories: every ref line on stdin, new branches
//! measured from the default branch, updates and force pushes from where the remote and the
//! pushed commit meet, deletions and tags skipped, content read from the pushed commit, and
//! the pre-commit framework's PRE_COMMIT_* variables.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::repo::{
    at, lint_concise, planlint, speckit_plan, Repo, DEFECT, DEFECT_LINE, UNRESOLVED_ASSUMPTION,
};

const ZERO: &str = "0000000000000000000000000000000000000000";
const OLD_PLAN: &str = "specs/001-login/plan.md";
const NEW_PLAN: &str = "specs/002-logout/plan.md";

/// `main` (pushed to `origin`) holds plan set 001 with a defect nobody is touching now.
fn pushed_repo() -> Repo {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    let remote = repo.sibling("remote.git");
    common::repo::git_in(
        repo.dir.parent().unwrap(),
        &["init", "-q", "--bare", remote.to_str().unwrap()],
    );
    repo.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    repo
}

/// Commit plan set 002 on a new branch; returns the tip.
fn new_branch(repo: &Repo, branch: &str, extra: &str) -> String {
    repo.commit_on_branch(branch, &[Repo::plan_set("002-logout", "002-logout", extra)])
}

fn pre_push(repo: &Repo, stdin: &str) -> (i32, Vec<(String, usize, String)>, String) {
    let mut child = planlint(&repo.dir)
        .args([
            "hook",
            "pre-push",
            "origin",
            "file:///remote.git",
            "--format",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let findings = if out.stdout.is_empty() {
        vec![]
    } else {
        common::findings(&out.stdout)
    };
    (
        out.status.code().unwrap_or(-1),
        findings,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn line(local_ref: &str, local: &str, remote_ref: &str, remote: &str) -> String {
    format!("{local_ref} {local} {remote_ref} {remote}\n")
}

#[test]
fn new_branch_is_measured_from_the_default_branch() {
    let repo = pushed_repo();
    let tip = new_branch(&repo, "002-logout", "");
    let input = line("refs/heads/002-logout", &tip, "refs/heads/002-logout", ZERO);
    let (code, findings, stderr) = pre_push(&repo, &input);
    assert_eq!((code, findings), (0, vec![]), "{stderr}");

    let tip = repo.commit(&[(NEW_PLAN, &speckit_plan("002-logout", DEFECT))], "defect");
    let input = line("refs/heads/002-logout", &tip, "refs/heads/002-logout", ZERO);
    let (code, findings, _) = pre_push(&repo, &input);
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn new_branch_without_a_default_branch_lints_every_plan_set() {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    repo.git(&["branch", "-m", "trunk"]);
    let tip = new_branch(&repo, "002-logout", "");
    let input = line("refs/heads/002-logout", &tip, "refs/heads/002-logout", ZERO);
    let (code, findings, _) = pre_push(&repo, &input);
    assert_eq!(
        (code, findings),
        (1, vec![at(OLD_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn first_push_of_the_default_branch_lints_every_plan_set() {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    let tip = repo.head();
    let input = line("refs/heads/main", &tip, "refs/heads/main", ZERO);
    let (code, findings, _) = pre_push(&repo, &input);
    // B004: plan changes pushed straight to the protected main (branch findings come after
    // the plan sets).
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [at(OLD_PLAN, DEFECT_LINE, "S004"), at(OLD_PLAN, 3, "B004")]
    );
}

#[test]
fn update_push_lints_what_changed_since_the_remote_commit() {
    let repo = pushed_repo();
    let first = new_branch(&repo, "002-logout", "");
    repo.git(&["push", "-q", "--no-verify", "origin", "002-logout"]);
    let readme = repo.commit(&[("README.md", "readme\n")], "no plan change");
    let (code, findings, _) = pre_push(
        &repo,
        &line(
            "refs/heads/002-logout",
            &readme,
            "refs/heads/002-logout",
            &first,
        ),
    );
    assert_eq!((code, findings), (0, vec![]));

    let tip = repo.commit(&[(NEW_PLAN, &speckit_plan("002-logout", DEFECT))], "defect");
    let (code, findings, _) = pre_push(
        &repo,
        &line(
            "refs/heads/002-logout",
            &tip,
            "refs/heads/002-logout",
            &first,
        ),
    );
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn force_push_is_measured_from_the_merge_base() {
    let repo = pushed_repo();
    let pushed = new_branch(&repo, "002-logout", "");
    repo.git(&["push", "-q", "--no-verify", "origin", "002-logout"]);
    // Rewrite the pushed commit: the remote tip is no ancestor of the new one.
    repo.write(NEW_PLAN, &speckit_plan("002-logout", DEFECT));
    repo.git(&[
        "commit",
        "-q",
        "-a",
        "--amend",
        "--no-verify",
        "-m",
        "rewritten",
    ]);
    let tip = repo.head();
    let (code, findings, _) = pre_push(
        &repo,
        &line(
            "refs/heads/002-logout",
            &tip,
            "refs/heads/002-logout",
            &pushed,
        ),
    );
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
    // A remote commit we never fetched: measured from the default branch instead.
    let unknown = "1234567890123456789012345678901234567890";
    let (code, findings, _) = pre_push(
        &repo,
        &line(
            "refs/heads/002-logout",
            &tip,
            "refs/heads/002-logout",
            unknown,
        ),
    );
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn deletions_and_tags_are_skipped() {
    let repo = pushed_repo();
    let tip = new_branch(&repo, "002-logout", DEFECT);
    repo.git(&["tag", "v1"]);
    let input = line("(delete)", ZERO, "refs/heads/002-logout", &tip)
        + &line("refs/tags/v1", &tip, "refs/tags/v1", ZERO);
    let out = planlint(&repo.dir)
        .args(["hook", "pre-push", "origin", "url"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(input.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn every_ref_line_counts_with_its_own_branch_name() {
    let repo = pushed_repo();
    let clean = new_branch(&repo, "002-logout", "");
    repo.git(&["switch", "-q", "main"]);
    let audit = "specs/003-audit/plan.md";
    let defect = repo.commit_on_branch(
        "003-audit",
        &[Repo::plan_set("003-audit", "003-audit", DEFECT)],
    );
    let input = line(
        "refs/heads/002-logout",
        &clean,
        "refs/heads/002-logout",
        ZERO,
    ) + &line(
        "refs/heads/003-audit",
        &defect,
        "refs/heads/003-audit",
        ZERO,
    );
    let (code, findings, _) = pre_push(&repo, &input);
    assert_eq!((code, findings), (1, vec![at(audit, DEFECT_LINE, "S004")]));

    // The branch name is the remote ref's: `git push origin HEAD:refs/heads/Audit`.
    let input = line("HEAD", &defect, "refs/heads/Audit", ZERO);
    let (_, findings, _) = pre_push(&repo, &input);
    assert_eq!(
        findings,
        [at(audit, DEFECT_LINE, "S004"), at(audit, 3, "B001")]
    );
}

#[test]
fn the_pushed_commit_counts_not_the_work_tree() {
    let repo = pushed_repo();
    let tip = new_branch(&repo, "002-logout", "");
    repo.write(NEW_PLAN, &speckit_plan("002-logout", DEFECT));
    let (code, findings, _) = pre_push(
        &repo,
        &line("refs/heads/002-logout", &tip, "refs/heads/002-logout", ZERO),
    );
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn pre_commit_framework_variables() {
    let repo = pushed_repo();
    let base = repo.head();
    let tip = new_branch(&repo, "002-logout", DEFECT);
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = planlint(&repo.dir);
        cmd.args(["hook", "pre-push"]);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        common::repo::lint_json(&mut cmd)
    };
    let (code, findings, stderr) = run(&[
        ("PRE_COMMIT_FROM_REF", &base),
        ("PRE_COMMIT_TO_REF", &tip),
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/002-logout"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/Logout"),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        findings,
        [at(NEW_PLAN, DEFECT_LINE, "S004"), at(NEW_PLAN, 3, "B001")]
    );
    // A whole new history: the framework names only the branches.
    let (code, findings, _) = run(&[
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/002-logout"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/002-logout"),
    ]);
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn malformed_input_is_a_usage_error() {
    let repo = pushed_repo();
    let (code, _, stderr) = pre_push(&repo, "refs/heads/x not-a-sha\n");
    assert_eq!(code, 2);
    assert!(stderr.contains("unexpected pre-push line"), "{stderr}");
}

#[test]
fn unresolved_assumption_is_an_error_when_pushed() {
    let repo = Repo::new();
    repo.commit(&[("planlint.yaml", "profile: functional\n")], "config");
    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo.commit(&[(OLD_PLAN, UNRESOLVED_ASSUMPTION)], "plan");
    let at_line = format!("{OLD_PLAN}:7");
    let pushed = lint_concise(
        planlint(&repo.dir)
            .args(["hook", "pre-push", "--select", "A001"])
            .env("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/001-login")
            .env("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/001-login"),
    );
    assert_eq!(pushed, (1, vec![format!("{at_line}: error[A001]")]));
    // The pre-commit hook, like `check`, leaves it a warning.
    repo.write(OLD_PLAN, &format!("{UNRESOLVED_ASSUMPTION}\nMore.\n"));
    repo.git(&["add", OLD_PLAN]);
    let committed =
        lint_concise(planlint(&repo.dir).args(["hook", "pre-commit", "--select", "A001"]));
    assert_eq!(committed, (0, vec![format!("{at_line}: warning[A001]")]));
}
