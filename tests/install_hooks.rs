//! `planlint install-hooks` and the installed hooks run by real `git commit` and `git push`:
//! `git commit -a` and `git commit <path>` (git's temporary index), `core.hooksPath`,
//! worktrees, and foreign hooks that are only replaced with `--force` (keeping a backup).

mod common;

use std::path::Path;

use common::repo::{git_in, planlint, speckit_plan, Repo, DEFECT};

const PLAN: &str = "specs/001-login/plan.md";

fn install(cwd: &Path, force: bool) -> std::process::Output {
    let mut cmd = planlint(cwd);
    cmd.arg("install-hooks");
    if force {
        cmd.arg("--force");
    }
    cmd.output().unwrap()
}

/// Run `git commit` (hooks enabled) and return whether it succeeded, with its output.
fn commit(cwd: &Path, args: &[&str]) -> (bool, String) {
    let out = Repo::git_command(cwd)
        .arg("commit")
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn feature_repo() -> Repo {
    let repo = Repo::new();
    repo.commit_sets(&[Repo::plan_set("001-login", "001-login", "")], "plan");
    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo
}

#[test]
fn installed_hook_stops_a_real_commit_with_a_staged_defect() {
    let repo = feature_repo();
    let out = install(&repo.dir, false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hook = repo.dir.join(".git/hooks/pre-commit");
    assert!(std::fs::read_to_string(&hook)
        .unwrap()
        .contains("hook pre-commit"));

    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    repo.git(&["add", PLAN]);
    let (ok, text) = commit(&repo.dir, &["-q", "-m", "defect"]);
    assert!(!ok, "the commit went through:\n{text}");
    assert!(text.contains("S004"), "{text}");

    repo.write(PLAN, &speckit_plan("001-login", "\nMore detail.\n"));
    repo.git(&["add", PLAN]);
    let (ok, text) = commit(&repo.dir, &["-q", "-m", "clean"]);
    assert!(ok, "{text}");
}

#[test]
fn commit_all_and_commit_path_are_linted_through_gits_temporary_index() {
    let repo = feature_repo();
    assert!(install(&repo.dir, false).status.success());
    // Nothing staged, the defect only in the work tree: `git commit -a` stages it into a
    // temporary index (GIT_INDEX_FILE) that the hook must read.
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    let (ok, text) = commit(&repo.dir, &["-q", "-a", "-m", "all"]);
    assert!(!ok && text.contains("S004"), "{text}");
    let (ok, text) = commit(&repo.dir, &["-q", "-m", "path", "--", PLAN]);
    assert!(!ok && text.contains("S004"), "{text}");
    // And the other way round: a staged defect left out of `git commit <other path>`.
    repo.git(&["add", PLAN]);
    repo.write("README.md", "readme\n");
    repo.git(&["add", "README.md"]);
    let (ok, text) = commit(&repo.dir, &["-q", "-m", "readme only", "--", "README.md"]);
    assert!(ok, "{text}");
}

#[test]
fn foreign_hooks_are_kept_unless_forced() {
    let repo = feature_repo();
    let hook = repo.dir.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let out = install(&repo.dir, false);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".git/hooks/pre-commit` exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert!(
        !repo.dir.join(".git/hooks/pre-push").exists(),
        "nothing is half installed"
    );

    assert!(install(&repo.dir, true).status.success());
    let backup = repo.dir.join(".git/hooks/pre-commit.planlint-backup");
    assert_eq!(
        std::fs::read_to_string(backup).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert!(std::fs::read_to_string(&hook)
        .unwrap()
        .contains("planlint-hook"));
    // Re-installing over planlint's own hooks needs no --force.
    assert!(install(&repo.dir, false).status.success());
}

#[test]
fn core_hooks_path_is_honoured() {
    let repo = feature_repo();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let out = install(&repo.dir, false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.dir.join(".githooks/pre-commit").is_file());
    assert!(repo.dir.join(".githooks/pre-push").is_file());
    assert!(!repo.dir.join(".git/hooks/pre-commit").exists());
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    repo.git(&["add", PLAN]);
    let (ok, text) = commit(&repo.dir, &["-q", "-m", "defect"]);
    assert!(!ok && text.contains("S004"), "{text}");
}

#[test]
fn worktrees_share_the_hooks_and_lint_their_own_index() {
    let repo = feature_repo();
    let wt = repo.sibling("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "002-logout",
        wt.to_str().unwrap(),
    ]);
    let out = install(&wt, false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        repo.dir.join(".git/hooks/pre-commit").is_file(),
        "hooks live in the common git dir"
    );

    let plan = "specs/002-logout/plan.md";
    std::fs::create_dir_all(wt.join("specs/002-logout")).unwrap();
    std::fs::write(wt.join(plan), speckit_plan("002-logout", DEFECT)).unwrap();
    std::fs::write(wt.join("specs/002-logout/spec.md"), "# Spec\n").unwrap();
    git_in(&wt, &["add", "-A"]);
    let (code, findings, _) = common::repo::lint_json(planlint(&wt).args(["hook", "pre-commit"]));
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [common::repo::at(plan, common::repo::DEFECT_LINE, "S004")]
    );
    // The main work tree's index is untouched by the worktree's staging.
    let (code, findings, _) =
        common::repo::lint_json(planlint(&repo.dir).args(["hook", "pre-commit"]));
    assert_eq!((code, findings), (0, vec![]));
    let (ok, text) = commit(&wt, &["-q", "-m", "defect"]);
    assert!(!ok && text.contains("S004"), "{text}");
}

#[test]
fn installed_pre_push_hook_stops_a_real_push() {
    let repo = Repo::new();
    repo.commit_sets(&[Repo::plan_set("001-login", "001-login", "")], "plan");
    let remote = repo.sibling("remote.git");
    git_in(
        repo.dir.parent().unwrap(),
        &["init", "-q", "--bare", remote.to_str().unwrap()],
    );
    repo.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    assert!(install(&repo.dir, false).status.success());

    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo.commit(&[(PLAN, &speckit_plan("001-login", DEFECT))], "defect");
    let out = repo.git_output(&["push", "-q", "origin", "001-login"]);
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "the push went through:\n{text}");
    assert!(text.contains("S004"), "{text}");

    repo.commit(&[(PLAN, &speckit_plan("001-login", ""))], "fixed");
    let out = repo.git_output(&["push", "-q", "origin", "001-login"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
