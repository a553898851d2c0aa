//! `planlint init` on a real git repository whose plans follow their own conventions (a
//! non-default plan file name, a template folder that would fail every check): the written
//! config loads, finds the plans, pins their style, excludes the template, records the
//! branch shapes, and makes `planlint check` pass; an existing config is never replaced
//! without `--force`.

mod common;

use std::path::Path;
use std::process::Command;

fn fixture(case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/functional")
        .join(case)
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(git.success());
    for (case, name) in [
        ("password-reset-clean", "pw-reset"),
        ("invoice-export-clean", "invoice"),
    ] {
        let target = dir.path().join("docs/plans").join(name);
        common::copy_dir(&fixture(case), &target);
        std::fs::remove_file(target.join("expect.txt")).unwrap();
        std::fs::rename(
            target.join("plan.md"),
            target.join("implementation-plan.md"),
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/plan.md"),
        "# Implementation Plan: [FEATURE]\n\n**Branch**: `[###-feature-name]` | **Date**: [DATE]\n",
    )
    .unwrap();
    dir
}

fn check_json(dir: &Path) -> (Option<i32>, Vec<(String, usize, String)>) {
    let out = common::run(dir, &["check", "--format", "json"]);
    (out.status.code(), common::findings(&out.stdout))
}

#[test]
fn init_writes_a_config_that_states_the_repositorys_conventions() {
    let dir = repo();
    let (code, findings) = check_json(dir.path());
    assert_eq!(
        code,
        Some(1),
        "without a config the template is linted and the plans are not"
    );
    assert!(
        findings.iter().all(|(p, _, _)| p == "templates/plan.md"),
        "{findings:?}"
    );

    let out = common::run(dir.path(), &["init"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 plans (2 functional)"), "{stderr}");
    assert!(stderr.contains("all 2 plan sets pass"), "{stderr}");

    let config = std::fs::read_to_string(dir.path().join("planlint.yaml")).unwrap();
    assert!(
        config.contains("  - 'docs/**/implementation-plan.md'"),
        "{config}"
    );
    assert!(config.contains("exclude:\n  - 'templates/**'"), "{config}");
    assert!(config.contains("profile: functional"), "{config}");

    let (code, findings) = check_json(dir.path());
    assert_eq!(
        (code, findings),
        (Some(0), vec![]),
        "check passes with the written config"
    );
    let junit = common::run(dir.path(), &["check", "--format", "junit"]);
    let junit = String::from_utf8_lossy(&junit.stdout);
    assert_eq!(
        junit.matches("<testcase ").count(),
        2,
        "both plans are linted: {junit}"
    );
}

#[test]
fn init_records_branch_shapes_as_the_build_allows() {
    let dir = repo();
    let out = common::run(dir.path(), &["init", "--stdout"]);
    assert_eq!(out.status.code(), Some(0));
    let config = String::from_utf8(out.stdout).unwrap();
    let schema = common::run(dir.path(), &["schema"]);
    let has_branch_key = String::from_utf8_lossy(&schema.stdout).contains("\"branch\":");
    let key_line = if has_branch_key {
        "branch:\n"
    } else {
        "# branch:\n"
    };
    assert!(config.contains(key_line), "{config}");
    let patterns: Vec<regex::Regex> = config
        .lines()
        .filter_map(|l| l.trim_start_matches(['#', ' ']).strip_prefix("- '"))
        .filter_map(|l| l.split("'  #").next())
        .filter(|p| p.starts_with('^'))
        .map(|p| regex::Regex::new(&p.replace("''", "'")).unwrap())
        .collect();
    assert!(!patterns.is_empty(), "{config}");
    // The branches the two plans record in their **Branch** fields.
    for branch in [
        "AUTH-1207_self_service_password_reset",
        "INV-318_invoice_csv_export",
    ] {
        assert!(
            patterns.iter().any(|p| p.is_match(branch)),
            "{branch} not covered:\n{config}"
        );
    }
    assert!(config.contains("(2 of 2 plans)"), "{config}");
}

#[test]
fn init_never_replaces_a_config_without_force() {
    let dir = repo();
    std::fs::write(dir.path().join(".planlint.yaml"), "rules: {}\n").unwrap();
    let out = common::run(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".planlint.yaml")).unwrap(),
        "rules: {}\n"
    );

    let out = common::run(dir.path(), &["init", "--stdout"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".planlint.yaml")).unwrap(),
        "rules: {}\n"
    );

    let out = common::run(dir.path(), &["init", "--force"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join(".planlint.yaml")).unwrap();
    assert!(
        written.contains("profile: functional"),
        "the existing file is the one replaced"
    );
    assert!(!dir.path().join("planlint.yaml").exists());
}
