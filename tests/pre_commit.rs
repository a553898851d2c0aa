//! `planlint hook pre-commit` and `hook branch` on real repositories: only staged content
//! counts, companions re-lint their plan set, the branch rules run once with the current
//! branch, and unborn or detached HEADs end in a message, not a panic.

mod common;

use common::repo::{at, lint_json, planlint, speckit_plan, Repo, DEFECT, DEFECT_LINE};

const PLAN: &str = "specs/001-login/plan.md";

/// A repository on branch `001-login` with a clean, committed plan set.
fn feature_repo() -> Repo {
    let repo = Repo::with_plan_set("001-login", "");
    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo
}

fn pre_commit(repo: &Repo) -> (i32, Vec<(String, usize, String)>, String) {
    lint_json(planlint(&repo.dir).args(["hook", "pre-commit"]))
}

#[test]
fn nothing_staged_prints_nothing() {
    let repo = feature_repo();
    // A defect in the work tree that is not staged must not matter either.
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    let out = planlint(&repo.dir)
        .args(["hook", "pre-commit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn intent_to_add_is_not_staged() {
    let repo = feature_repo();
    repo.write(
        "specs/003-audit/plan.md",
        &speckit_plan("003-audit", DEFECT),
    );
    repo.git(&["add", "-N", "specs/003-audit/plan.md"]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn staged_defect_fails() {
    let repo = feature_repo();
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    repo.git(&["add", PLAN]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!(code, 1);
    assert_eq!(findings, [at(PLAN, DEFECT_LINE, "S004")]);
}

#[test]
fn unstaged_edits_never_change_the_verdict() {
    // Staged clean, work tree dirty: passes.
    let repo = feature_repo();
    repo.write(PLAN, &speckit_plan("001-login", "\nMore detail.\n"));
    repo.git(&["add", PLAN]);
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![]));

    // Staged defect, work tree fixed: fails, at the staged line.
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    repo.git(&["add", PLAN]);
    repo.write(PLAN, &speckit_plan("001-login", ""));
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (1, vec![at(PLAN, DEFECT_LINE, "S004")]));
}

#[test]
fn a_staged_companion_relints_its_plan_set() {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo.write(
        "specs/001-login/spec.md",
        "# Feature Specification\n\nMore.\n",
    );
    repo.git(&["add", "-A"]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (1, vec![at(PLAN, DEFECT_LINE, "S004")]));
    // A deleted companion is a change too: S007 for the missing spec.md.
    repo.git(&["rm", "-qf", "specs/001-login/spec.md"]);
    let (_, findings, _) = pre_commit(&repo);
    assert!(findings.contains(&at(PLAN, 1, "S007")), "{findings:?}");
}

#[test]
fn only_touched_plan_sets_are_linted() {
    let repo = Repo::new();
    repo.commit_sets(
        &[
            Repo::plan_set("001-login", "001-login", DEFECT),
            Repo::plan_set("002-logout", "002-logout", ""),
        ],
        "two plans",
    );
    repo.git(&["switch", "-q", "-c", "002-logout"]);
    repo.write(
        "specs/002-logout/plan.md",
        &speckit_plan("002-logout", "\nMore.\n"),
    );
    repo.git(&["add", "-A"]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn staged_file_names_from_the_framework_map_to_plan_sets_and_honour_exclude() {
    let repo = Repo::new();
    repo.commit_sets(
        &[
            Repo::plan_set("001-login", "001-login", DEFECT),
            Repo::plan_set("archive/002-old", "002-old", DEFECT),
        ],
        "plans",
    );
    repo.commit(
        &[("planlint.yaml", "exclude: ['specs/archive/**']\n")],
        "config",
    );
    repo.git(&["switch", "-q", "-c", "001-login"]);
    let (code, findings, _) = lint_json(planlint(&repo.dir).args([
        "hook",
        "pre-commit",
        "specs/001-login/spec.md",
        "specs/archive/002-old/plan.md",
        "README.md",
    ]));
    assert_eq!((code, findings), (1, vec![at(PLAN, DEFECT_LINE, "S004")]));
}

#[test]
fn config_is_read_from_the_index() {
    let repo = feature_repo();
    repo.write(PLAN, &speckit_plan("001-login", DEFECT));
    repo.write("planlint.yaml", "rules:\n  S004: off\n");
    repo.git(&["add", "-A"]);
    // The unstaged config turns S004 back on: the staged one counts.
    repo.write("planlint.yaml", "rules:\n  S004: error\n");
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let repo = Repo::with_readme();
    repo.git(&["switch", "-q", "-c", "003-café-menu"]);
    let plan = "specs/003-café menu/plan.md";
    repo.stage_sets(&[Repo::plan_set("003-café menu", "003-café-menu", DEFECT)]);
    let (code, findings, _) = pre_commit(&repo);
    // S004 at the staged line; B001 (`é` is not in the speckit pattern) after the plan
    // sets, as branch findings are.
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [at(plan, DEFECT_LINE, "S004"), at(plan, 3, "B001")]
    );
}

#[test]
fn branch_findings_join_their_plans_junit_test_case() {
    let repo = Repo::with_readme();
    repo.git(&["switch", "-q", "-c", "Login"]);
    repo.stage_sets(&[
        Repo::plan_set("001-login", "Login", DEFECT),
        Repo::plan_set("002-logout", "Login", ""),
    ]);
    let out = planlint(&repo.dir)
        .args(["hook", "pre-commit", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let cases: Vec<(&str, Vec<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failures = case
                .children()
                .filter(|n| n.has_tag_name("failure"))
                .filter_map(|f| f.attribute("type"))
                .collect();
            (case.attribute("name").unwrap(), failures)
        })
        .collect();
    // B001 (reported against the first plan) comes after that plan's own findings, in its
    // test case: one test case per plan set, however the findings arrive.
    assert_eq!(
        cases,
        [
            (PLAN, vec!["S004", "B001"]),
            ("specs/002-logout/plan.md", vec![]),
        ]
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
}

#[test]
fn bad_branch_names_of_each_style() {
    let spec_mesh =
        "# Plan\n\nPlan ID: PLAN-AUTH-001\nFeature Spec: S-AUTH-001\nBranch: feature/12-login\n";
    let functional = "# Implementation Plan\n\n**Task**: PROJ-12\n**Branch**: `PROJ-12_login`\n";
    let cases = [
        (
            "specs/001-login/plan.md",
            speckit_plan("001-login", ""),
            "login-page",
            "001-login",
        ),
        (
            "specs/001-login/plan.md",
            speckit_plan("001-login", ""),
            "feat/login/001-x",
            "feat/001-login",
        ),
        (
            "plans/auth/plan.md",
            spec_mesh.to_string(),
            "feature-12-login",
            "feature/12-login",
        ),
        (
            "plans/PROJ-12/PROJ-12_login/plan.md",
            functional.to_string(),
            "proj-12-login",
            "PROJ-12_login",
        ),
    ];
    for (path, text, bad, good) in cases {
        let repo = Repo::with_readme();
        repo.write(path, &text);
        repo.git(&["add", "-A"]);
        for (branch, expected) in [(bad, vec![at(path, 0, "B001")]), (good, vec![])] {
            repo.git(&["switch", "-q", "-c", branch]);
            let (_, findings, stderr) =
                lint_json(planlint(&repo.dir).args(["hook", "pre-commit", "--select", "B001"]));
            let lines: Vec<_> = findings.iter().map(|(p, _, c)| at(p, 0, c)).collect();
            assert_eq!(lines, expected, "branch {branch}: {stderr}");
        }
    }
}

#[test]
fn branch_rules_run_once_per_run_against_the_first_plan() {
    let repo = Repo::with_readme();
    repo.git(&["switch", "-q", "-c", "login-page"]);
    repo.stage_sets(&[
        Repo::plan_set("001-a", "001-a", ""),
        Repo::plan_set("002-b", "002-b", ""),
    ]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!(
        (code, findings),
        (1, vec![at("specs/001-a/plan.md", 3, "B001")])
    );
}

#[test]
fn protected_branch_is_exempt_from_b001_and_warned_by_b004() {
    let repo = Repo::with_readme();
    repo.stage_sets(&[Repo::plan_set("001-login", "001-login", "")]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![at(PLAN, 3, "B004")]));
    // `check` commits nothing: no B004.
    let (_, findings, _) = lint_json(planlint(&repo.dir).arg("check"));
    assert_eq!(findings, []);
}

#[test]
fn plan_branch_field_mismatch() {
    let repo = feature_repo();
    repo.write(PLAN, &speckit_plan("010-login", ""));
    repo.git(&["add", "-A"]);
    let (code, findings, _) = pre_commit(&repo);
    assert_eq!((code, findings), (0, vec![at(PLAN, 3, "B002")]));
}

#[test]
fn unborn_repository() {
    let repo = Repo::new();
    repo.git(&["switch", "-q", "-c", "001-login"]);
    repo.stage_sets(&[Repo::plan_set("001-login", "001-login", DEFECT)]);
    let (code, findings, stderr) = pre_commit(&repo);
    assert_eq!(
        (code, findings),
        (1, vec![at(PLAN, DEFECT_LINE, "S004")]),
        "{stderr}"
    );
    let (code, findings, _) = lint_json(planlint(&repo.dir).args(["hook", "branch"]));
    assert_eq!((code, findings), (0, vec![]));
    // ci has nothing to compare in a repository without commits.
    let out = planlint(&repo.dir).arg("ci").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HEAD has no commit yet"));
}

#[test]
fn detached_head_lints_without_branch_rules_and_says_so() {
    let repo = Repo::with_readme();
    repo.git(&["checkout", "-q", "--detach"]);
    repo.stage_sets(&[Repo::plan_set("001-login", "001-login", DEFECT)]);
    let (code, findings, stderr) = pre_commit(&repo);
    assert_eq!((code, findings), (1, vec![at(PLAN, DEFECT_LINE, "S004")]));
    assert!(stderr.contains("HEAD is detached"), "{stderr}");
}

#[test]
fn hook_branch_checks_the_name_alone() {
    let repo = Repo::with_plan_set("001-login", DEFECT);
    repo.git(&["switch", "-q", "-c", "Login_Page"]);
    let (code, findings, _) = lint_json(planlint(&repo.dir).args(["hook", "branch"]));
    assert_eq!((code, findings), (1, vec![at(PLAN, 3, "B001")]));
    repo.git(&["switch", "-q", "-c", "004-login-page"]);
    let (code, findings, _) = lint_json(planlint(&repo.dir).args(["hook", "branch"]));
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn configured_patterns_and_protected_branches() {
    let repo = Repo::with_plan_set("001-login", "");
    repo.commit(
        &[(
            "planlint.yaml",
            "branch:\n  patterns: ['^team/[a-z-]+$']\n  protected: [trunk, 'release/*']\n",
        )],
        "config",
    );
    for (branch, codes) in [
        ("001-login", vec!["B001"]),
        ("team/login", vec![]),
        ("release/1.2", vec![]),
        ("main", vec!["B001"]),
    ] {
        repo.git(&["switch", "-q", "-C", branch]);
        let (_, findings, _) = lint_json(planlint(&repo.dir).args(["hook", "branch"]));
        let got: Vec<_> = findings.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(got, codes, "branch {branch}");
    }
}

#[test]
fn too_long_branch() {
    let repo = Repo::with_plan_set("001-login", "");
    let long = format!("001-{}", "a".repeat(241));
    repo.git(&["switch", "-q", "-c", &long]);
    let (code, findings, _) = lint_json(planlint(&repo.dir).args(["hook", "branch"]));
    assert_eq!((code, findings), (1, vec![at(PLAN, 3, "B005")]));
}

#[test]
fn outside_a_repository_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = planlint(tmp.path())
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
        .args(["hook", "pre-commit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not inside a git repository"));
}
