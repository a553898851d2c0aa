//! The command line end to end: exit codes, config errors, output formats, stdin, ordering.

mod common;

use std::path::Path;

use common::run;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CLEAN: &str = "# Plan\n\nWe move the billing jobs to the new scheduler.\n";
const WARNS: &str = "# Plan\n\nRollout date: TBD\n";
const ERRS: &str = "# Implementation Plan: [FEATURE]\n\nText.\n";

#[test]
fn exit_codes_follow_fail_on() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", CLEAN);
    assert_eq!(run(tmp.path(), &["check"]).status.code(), Some(0));
    write(tmp.path(), "b/plan.md", WARNS);
    assert_eq!(run(tmp.path(), &["check"]).status.code(), Some(0));
    assert_eq!(
        run(tmp.path(), &["check", "--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );
    write(tmp.path(), "c/plan.md", ERRS);
    assert_eq!(run(tmp.path(), &["check"]).status.code(), Some(1));
    assert_eq!(
        run(tmp.path(), &["check", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    // `check` is the default command.
    assert_eq!(run(tmp.path(), &[]).status.code(), Some(1));
}

#[test]
fn an_override_turns_on_a_rule_that_is_off_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", ERRS);
    write(tmp.path(), "b/plan.md", ERRS);
    write(
        tmp.path(),
        "planlint.yaml",
        "rules:\n  S003: off\noverrides:\n  - files: ['b/**']\n    rules: {S003: error}\n",
    );
    let out = run(tmp.path(), &["check", "--format", "json"]);
    let flagged: Vec<String> = common::findings(&out.stdout)
        .into_iter()
        .filter(|(_, _, code)| code == "S003")
        .map(|(path, _, _)| path)
        .collect();
    assert_eq!(flagged, ["b/plan.md"]);
}

#[test]
fn config_errors_exit_2_and_show_the_yaml_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", CLEAN);
    write(
        tmp.path(),
        "planlint.yaml",
        "plans: ['**/plan.md']\nexlude: []\n",
    );
    let out = run(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown field `exlude`"), "{err}");
    assert!(err.contains("planlint.yaml:2:1"), "{err}");
    assert!(err.contains("did you mean `exclude`?"), "{err}");

    write(
        tmp.path(),
        "planlint.yaml",
        "rules:\n  S003: error\n  S0999: off\n",
    );
    let out = run(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown rule `S0999`") && err.contains("planlint.yaml:3:3"),
        "{err}"
    );

    write(tmp.path(), "planlint.yaml", "exclude: ['a/[b']\n");
    assert_eq!(run(tmp.path(), &["check"]).status.code(), Some(2));

    std::fs::write(tmp.path().join("planlint.yaml"), b"rules: {S003: \xff}\n").unwrap();
    let out = run(tmp.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Config and pack files must be regular files: a device would be read without end.
#[cfg(unix)]
#[test]
fn config_and_pack_files_must_be_regular_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", CLEAN);
    write(
        tmp.path(),
        "planlint.yaml",
        "plans: ['**/plan.md']\nextends: [/dev/zero]\n",
    );
    let out = run(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read pack `/dev/zero`: it is not a regular file")
            && err.contains("planlint.yaml:2:"),
        "{err}"
    );

    let out = run(tmp.path(), &["check", "--config", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read config file `/dev/zero`: it is not a regular file"),
        "{err}"
    );
}

#[test]
fn config_settings_apply() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", ERRS);
    write(tmp.path(), "vendor/plan.md", ERRS);
    write(
        tmp.path(),
        ".planlint.yaml",
        "exclude: ['vendor/**']\nrules:\n  template-placeholder: warning\n",
    );
    let out = run(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let found = common::findings(&out.stdout);
    assert_eq!(found, [("a/plan.md".to_string(), 1, "S003".to_string())]);
    // --isolated ignores the config: both plans, at error severity.
    let out = run(tmp.path(), &["check", "--isolated", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::findings(&out.stdout).len(), 2);
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", CLEAN);
    let out = run(tmp.path(), &["check", "--select", "S0003"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `S003`?"));
    assert_eq!(
        run(tmp.path(), &["check", "missing-dir"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(tmp.path(), &["check", "--profile", "nope"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(tmp.path(), &["check", "--bogus-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(run(tmp.path(), &["check", "-"]).status.code(), Some(2));
}

#[test]
fn json_has_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a/plan.md",
        "# Implementation Plan: [FEATURE]\r\n\r\nçé TBD\r\n",
    );
    let out = run(tmp.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "path",
            "code",
            "name",
            "severity",
            "message",
            "help",
            "line",
            "column",
            "end_line",
            "end_column",
            "offset",
            "length",
            "profile"
        ]
    );
    assert_eq!(first["code"], "S003");
    assert_eq!(first["column"], 24);
    assert_eq!(first["end_column"], 33);
    assert_eq!(first["offset"], 23);
    assert_eq!(first["length"], 9);
    assert_eq!(first["profile"], "generic");
    // Columns count characters, after CRLF line ends.
    assert_eq!(v[1]["code"], "S008");
    assert_eq!(
        (v[1]["line"].as_u64(), v[1]["column"].as_u64()),
        (Some(3), Some(4))
    );
}

#[test]
fn human_and_concise_output() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a/plan.md", ERRS);
    let out = run(tmp.path(), &["check", "--color", "never"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("S003(template-placeholder)"), "{text}");
    assert!(text.contains("a/plan.md:1:24"), "{text}");
    assert!(text.contains("planlint explain S003"), "{text}");
    assert!(
        text.contains("Found 1 error, 0 warnings and 0 info in 1 plan set (1 file)"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no escapes without colour");
    let quiet = run(tmp.path(), &["check", "-q", "--color", "never"]);
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("Found"));
    let out = run(
        tmp.path(),
        &["check", "--format", "concise", "--statistics"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("a/plan.md:1:24: error[S003] unfilled template placeholder `[FEATURE]`"),
        "{text}"
    );
    assert!(
        text.contains("     1  S003  template-placeholder"),
        "{text}"
    );
    let narrated = common::planlint(tmp.path())
        .args(["check", "--color", "never"])
        .env("NO_GRAPHICS", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&narrated.stdout).contains("diagnostic code: S003"));
}

#[test]
fn order_is_stable_across_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(
            tmp.path(),
            &format!("p{i:02}/plan.md"),
            "# [FEATURE]\n\nTBD\n\nTODO later\n",
        );
        write(
            tmp.path(),
            &format!("p{i:02}/tasks.md"),
            "# Tasks [FEATURE]\n",
        );
    }
    let one = run(tmp.path(), &["check", "--format", "concise", "-j", "1"]);
    let two = run(tmp.path(), &["check", "--format", "concise", "-j", "2"]);
    assert_eq!(one.stdout, two.stdout);
    let text = String::from_utf8_lossy(&one.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 160);
    assert!(lines[0].starts_with("p00/plan.md:1:") && lines[3].starts_with("p00/tasks.md:1:"));
}

#[test]
fn one_plan_sets_rules_side_by_side_find_what_they_find_one_by_one() {
    // One plan set and more workers than sets: its rules run in parallel.
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/core/s003-raw-template");
    common::copy_dir(&fixture, &tmp.path().join("specs/001-raw"));
    // Structure, quality, vague terms and ID rules besides the placeholders.
    write(
        tmp.path(),
        "specs/001-raw/spec.md",
        "# Spec\n\n## Requirements\n\n- **FR-001**: The export must be fast.\n- **FR-002**: See FR-009.\n",
    );
    let json = |jobs: &str| {
        run(
            tmp.path(),
            &["check", "--isolated", "--format", "json", "-j", jobs],
        )
    };
    let (serial, parallel) = (json("1"), json("2"));
    assert_eq!(
        String::from_utf8_lossy(&serial.stdout),
        String::from_utf8_lossy(&parallel.stdout)
    );
    let codes: std::collections::BTreeSet<String> = common::findings(&serial.stdout)
        .into_iter()
        .map(|(_, _, code)| code)
        .collect();
    assert!(codes.len() >= 4, "{codes:?}");
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "specs/001-x/plan.md", CLEAN);
    let mut child = common::planlint(tmp.path())
        .args([
            "check",
            "--format",
            "concise",
            "-",
            "--stdin-filename",
            "specs/001-x/plan.md",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ERRS.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("specs/001-x/plan.md:1:24: error[S003]"),
        "{text}"
    );
}

#[test]
fn rules_and_explain() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run(cwd, &["rules"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for code in ["S001", "S008", "X001", "X002", "X003"] {
        assert!(text.contains(code), "{code} missing from `rules`");
    }
    let out = run(cwd, &["explain", "template-placeholder"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# S003 (template-placeholder)"), "{text}");
    assert!(text.contains("Failing") && text.contains("Passing"));
    let out = run(cwd, &["explain", "S03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean"));
}

#[test]
fn files_are_named_relative_to_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "repo/specs/001-x/plan.md", ERRS);
    write(tmp.path(), "repo/specs/001-x/spec.md", "# Spec\n");
    std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
    let out = run(
        &tmp.path().join("elsewhere"),
        &["check", "--format", "concise", "../repo"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("../repo/specs/001-x/plan.md:1:24"),
        "{text}"
    );
    // Naming a companion lints its plan set once.
    let out = run(
        &tmp.path().join("repo"),
        &[
            "check",
            "--format",
            "concise",
            "specs/001-x/spec.md",
            "specs/001-x/plan.md",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn readme_documents_every_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let out = run(root, &["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in rules.as_array().unwrap() {
        let row = format!(
            "| {} | {} |",
            r["code"].as_str().unwrap(),
            r["name"].as_str().unwrap()
        );
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}
