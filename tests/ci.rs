//! `planlint ci` on real repositories: plan sets changed since the merge-base with the base,
//! `--all`, the branch from CI variables on a detached HEAD, and shallow clones whose base or
//! history is missing (exit 2 with a message saying how to fetch).

mod common;

use common::repo::{
    at, git_in, lint_concise, lint_json, planlint, speckit_plan, Repo, DEFECT, DEFECT_LINE,
    UNRESOLVED_ASSUMPTION,
};

const OLD_PLAN: &str = "specs/001-login/plan.md";
const NEW_PLAN: &str = "specs/002-logout/plan.md";

/// `main` holds plan set 001 with a defect; branch `002-logout` adds plan set 002.
fn branch_repo(extra: &str) -> Repo {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    repo.commit_on_branch(
        "002-logout",
        &[Repo::plan_set("002-logout", "002-logout", extra)],
    );
    repo
}

fn ci(
    repo_dir: &std::path::Path,
    args: &[&str],
    vars: &[(&str, &str)],
) -> (i32, Vec<(String, usize, String)>, String) {
    let mut cmd = planlint(repo_dir);
    cmd.arg("ci").args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    lint_json(&mut cmd)
}

#[test]
fn lints_the_plan_sets_changed_since_the_merge_base() {
    let repo = branch_repo("");
    assert_eq!(ci(&repo.dir, &["--base", "main"], &[]).1, []);
    // Without --base the default branch (here the local main) is the base.
    assert_eq!(ci(&repo.dir, &[], &[]).1, []);
    repo.commit(&[(NEW_PLAN, &speckit_plan("002-logout", DEFECT))], "defect");
    let (code, findings, _) = ci(&repo.dir, &["--base", "main"], &[]);
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
    // Main moving on after the branch left it changes nothing.
    repo.git(&["switch", "-q", "main"]);
    repo.commit(
        &[("specs/001-login/spec.md", "# Spec\n\nMore.\n")],
        "main moves",
    );
    repo.git(&["switch", "-q", "002-logout"]);
    let (_, findings, _) = ci(&repo.dir, &["--base", "main"], &[]);
    assert_eq!(findings, [at(NEW_PLAN, DEFECT_LINE, "S004")]);
}

#[test]
fn all_lints_every_plan_set_at_head() {
    let repo = branch_repo("");
    let (code, findings, _) = ci(&repo.dir, &["--all"], &[]);
    assert_eq!(
        (code, findings),
        (1, vec![at(OLD_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn reads_the_commit_not_the_work_tree() {
    let repo = branch_repo("");
    repo.write(NEW_PLAN, &speckit_plan("002-logout", DEFECT));
    assert_eq!(
        ci(&repo.dir, &["--base", "main"], &[]),
        (0, vec![], String::new())
    );
}

#[test]
fn detached_head_takes_the_branch_from_ci_variables() {
    let repo = branch_repo("");
    repo.git(&["checkout", "-q", "--detach"]);
    let (code, findings, stderr) = ci(&repo.dir, &["--base", "main"], &[]);
    assert_eq!((code, findings), (0, vec![]));
    assert!(stderr.contains("HEAD is detached"), "{stderr}");
    let (code, findings, _) = ci(
        &repo.dir,
        &["--base", "main"],
        &[("GITHUB_HEAD_REF", "logout-page")],
    );
    assert_eq!((code, findings), (1, vec![at(NEW_PLAN, 3, "B001")]));
    // GITHUB_HEAD_REF wins over the later variables; BRANCH_NAME is the last resort.
    let vars = [
        ("GITHUB_HEAD_REF", "002-logout"),
        ("CI_COMMIT_REF_NAME", "x"),
        ("BRANCH_NAME", "y"),
    ];
    assert_eq!(ci(&repo.dir, &["--base", "main"], &vars).1, []);
    let (_, findings, _) = ci(
        &repo.dir,
        &["--base", "main"],
        &[("BRANCH_NAME", "002-logout-v2")],
    );
    assert_eq!(findings, [at(NEW_PLAN, 3, "B002")]);
}

#[test]
fn target_branch_variable_names_the_base() {
    let repo = branch_repo(DEFECT);
    let (code, _, stderr) = ci(&repo.dir, &[], &[("GITHUB_BASE_REF", "main")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the base `origin/main` is not in this repository"),
        "{stderr}"
    );
    repo.git(&["update-ref", "refs/remotes/origin/main", "main"]);
    let (code, findings, _) = ci(
        &repo.dir,
        &[],
        &[("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")],
    );
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")])
    );
}

#[test]
fn no_base_at_all_is_an_error() {
    let repo = branch_repo("");
    repo.git(&["branch", "-q", "-D", "main"]);
    let (code, _, stderr) = ci(&repo.dir, &[], &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no base to compare with") && stderr.contains("--all"),
        "{stderr}"
    );
}

#[test]
fn shallow_clone_with_the_base_missing_says_how_to_fetch() {
    let origin = branch_repo(DEFECT);
    for n in 0..3 {
        origin.git(&["switch", "-q", "main"]);
        origin.commit(&[("README.md", &format!("{n}\n"))], "main moves");
    }
    let url = format!("file://{}", origin.dir.display());
    let clone = origin.sibling("clone");
    git_in(
        origin.dir.parent().unwrap(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "002-logout",
            &url,
            clone.to_str().unwrap(),
        ],
    );

    let (code, _, stderr) = ci(&clone, &["--base", "origin/main"], &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the base `origin/main` is not in this repository"),
        "{stderr}"
    );
    assert!(stderr.contains("shallow"), "{stderr}");

    git_in(
        &clone,
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let (code, _, stderr) = ci(&clone, &["--base", "origin/main"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("meet in history"), "{stderr}");

    git_in(
        &clone,
        &[
            "fetch",
            "-q",
            "--unshallow",
            "origin",
            "+refs/heads/*:refs/remotes/origin/*",
        ],
    );
    let (code, findings, stderr) = ci(&clone, &["--base", "origin/main"], &[]);
    assert_eq!(
        (code, findings),
        (1, vec![at(NEW_PLAN, DEFECT_LINE, "S004")]),
        "{stderr}"
    );
}

/// A001's findings as `path:line: severity[A001]`, with the exit code.
fn a001(repo_dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>) {
    lint_concise(planlint(repo_dir).args(args).args(["--select", "A001"]))
}

#[test]
fn unresolved_assumption_is_an_error_in_ci_unless_configured() {
    let repo = Repo::new();
    repo.commit(
        &[
            ("planlint.yaml", "profile: functional\n"),
            (OLD_PLAN, UNRESOLVED_ASSUMPTION),
        ],
        "plan",
    );
    let at_line = format!("{OLD_PLAN}:7");
    assert_eq!(
        a001(&repo.dir, &["ci", "--all"]),
        (1, vec![format!("{at_line}: error[A001]")])
    );
    // While you work it is a warning.
    assert_eq!(
        a001(&repo.dir, &["check"]),
        (0, vec![format!("{at_line}: warning[A001]")])
    );
    // A severity the config sets wins in CI too: in `rules:`…
    repo.commit(
        &[(
            "planlint.yaml",
            "profile: functional\nrules:\n  A001: warning\n",
        )],
        "config",
    );
    assert_eq!(
        a001(&repo.dir, &["ci", "--all"]),
        (0, vec![format!("{at_line}: warning[A001]")])
    );
    // …and in `overrides:`, for the files it names.
    repo.commit(
        &[(
            "planlint.yaml",
            "profile: functional\noverrides:\n  - files: ['specs/001-login/**']\n    rules: {unresolved-assumption: info}\n",
        )],
        "config",
    );
    assert_eq!(
        a001(&repo.dir, &["ci", "--all"]),
        (0, vec![format!("{at_line}: info[A001]")])
    );
}
