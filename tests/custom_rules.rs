//! Custom rules and rule settings end to end: config errors exit 2 and point at the YAML
//! line; severities come from the rule, `rules:`, overrides and the command line; custom
//! rules are selectable, ignorable and explainable by code and name like built-ins.

mod common;

use std::path::Path;

use serde_json::Value;

const PLAN: &str = "# Plan: Export\n\n## Summary\nReads internal.acme.test nightly.\n";

const RULE: &str = "custom-rules:
  - code: ACME001
    name: no-internal-hosts
    kind: forbid
    pattern: '\\binternal\\.acme\\.test\\b'
    message: 'internal host `{match}`'
    severity: warning
";

/// A folder with plan.md and planlint.yaml.
fn case(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.md"), PLAN).unwrap();
    std::fs::write(dir.path().join("planlint.yaml"), config).unwrap();
    dir
}

fn json(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json", "."];
    args.extend_from_slice(extra);
    let out = common::run(dir, &args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn codes_and_severities(findings: &[Value]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// Exit code 2 and the stderr, which must name the line of the problem.
fn config_error(config: &str) -> String {
    let dir = case(config);
    let out = common::run(dir.path(), &["check", "--color", "never", "."]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn finding_carries_the_exact_span_and_the_rules_severity() {
    let dir = case(RULE);
    let findings = json(dir.path(), &[]);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f["code"], "ACME001");
    assert_eq!(f["name"], "no-internal-hosts");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["message"], "internal host `internal.acme.test`");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(7))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(4), Some(25))
    );
    assert_eq!(
        f["length"].as_u64(),
        Some("internal.acme.test".len() as u64)
    );
    // A warning does not fail the default --fail-on error; it fails --fail-on warning.
    assert_eq!(
        common::run(dir.path(), &["check", "."]).status.code(),
        Some(0)
    );
    let strict = common::run(dir.path(), &["check", "--fail-on", "warning", "."]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn rules_key_and_overrides_change_severity_by_code_or_name() {
    let dir = case(&format!("{RULE}rules:\n  no-internal-hosts: error\n"));
    assert_eq!(
        codes_and_severities(&json(dir.path(), &[])),
        [("ACME001".into(), "error".into())]
    );

    let dir = case(&format!(
        "{RULE}rules:\n  ACME001: error\noverrides:\n  - files: ['*.md']\n    rules:\n      no-internal-hosts: info\n"
    ));
    assert_eq!(
        codes_and_severities(&json(dir.path(), &[])),
        [("ACME001".into(), "info".into())]
    );

    let dir = case(&format!(
        "{RULE}overrides:\n  - files: ['other/**']\n    rules:\n      ACME001: off\n"
    ));
    assert_eq!(
        json(dir.path(), &[]).len(),
        1,
        "an override for other files changes nothing"
    );
}

#[test]
fn overrides_change_builtin_severities_per_file() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("plan.md"),
            "# Plan\n\nTODO: finish.\n",
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("planlint.yaml"),
        "overrides:\n  - files: ['b/**']\n    rules:\n      todo-marker: error\n",
    )
    .unwrap();
    let findings = json(dir.path(), &[]);
    let got: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a/plan.md".into(), "warning".into()),
            ("b/plan.md".into(), "error".into())
        ]
    );
}

#[test]
fn select_and_ignore_by_code_name_family_and_prefix() {
    let dir = case(RULE);
    std::fs::write(dir.path().join("plan.md"), format!("{PLAN}TODO: more.\n")).unwrap();
    let codes = |extra: &[&str]| -> Vec<String> {
        json(dir.path(), extra)
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(&[]), ["ACME001", "S008"]);
    assert_eq!(codes(&["--select", "ACME001"]), ["ACME001"]);
    assert_eq!(codes(&["--select", "no-internal-hosts"]), ["ACME001"]);
    assert_eq!(codes(&["--select", "custom"]), ["ACME001"]);
    assert_eq!(codes(&["--select", "ACME"]), ["ACME001"]);
    assert_eq!(codes(&["--ignore", "custom"]), ["S008"]);
    assert_eq!(
        codes(&["--ignore", "no-internal-hosts,structure"]),
        Vec::<String>::new()
    );
}

#[test]
fn explain_and_rules_know_custom_rules() {
    let dir = case(RULE);
    let out = common::run(dir.path(), &["explain", "no-internal-hosts"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# ACME001 (no-internal-hosts)"), "{text}");
    assert!(text.contains("must not occur in prose"), "{text}");
    assert!(text.contains("planlint.yaml` (line 2)"), "{text}");

    let out = common::run(dir.path(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let acme = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "ACME001")
        .expect("listed");
    assert_eq!(acme["family"], "custom");
    assert_eq!(acme["profiles"]["generic"], "warning");

    let isolated = common::run(dir.path(), &["explain", "--isolated", "ACME001"]);
    assert_eq!(isolated.status.code(), Some(2));
}

#[test]
fn invalid_regex_exits_2_and_shows_its_yaml_line() {
    let err = config_error(
        "custom-rules:\n  - code: ACME001\n    name: bad\n    kind: forbid\n    message: m\n    pattern: '(unclosed'\n",
    );
    assert!(err.contains("invalid regex `(unclosed`"), "{err}");
    assert!(err.contains("planlint.yaml:6:"), "{err}");
    assert!(
        err.contains("pattern: '(unclosed'"),
        "the YAML line is shown: {err}"
    );
}

#[test]
fn kind_field_mismatches_point_at_the_field() {
    let err = config_error(
        "custom-rules:\n  - code: ACME001\n    name: x\n    kind: section\n    message: m\n    heading: H\n    pattern: 'a'\n",
    );
    assert!(
        err.contains("`pattern` does not apply to a rule of kind `section`"),
        "{err}"
    );
    assert!(err.contains("planlint.yaml:7:"), "{err}");

    let err = config_error("custom-rules:\n  - code: ACME001\n    name: x\n    kind: columns\n    message: m\n    section: 'Risks'\n");
    assert!(
        err.contains("a rule of kind `columns` needs `columns`"),
        "{err}"
    );
    assert!(err.contains("planlint.yaml:4:"), "{err}");

    let err = config_error(
        "custom-rules:\n  - code: ACME001\n    name: x\n    kind: forbidd\n    message: m\n",
    );
    assert!(err.contains("planlint.yaml:4:"), "{err}");

    let err = config_error("custom-rules:\n  - code: ACME001\n    name: x\n    kind: forbid\n    message: m\n    patern: a\n");
    assert!(err.contains("did you mean `pattern`?"), "{err}");
    assert!(err.contains("planlint.yaml:6:"), "{err}");

    let err = config_error(
        "custom-rules:\n  - code: ACME001\n    name: x\n    kind: require\n    message: m\n    pattern: a\n    scope: column\n",
    );
    assert!(
        err.contains("`scope: column` needs `column: <header>`"),
        "{err}"
    );
}

#[test]
fn codes_and_names_must_be_new_and_well_formed() {
    let entry = |code: &str, name: &str| {
        format!("  - code: {code}\n    name: {name}\n    kind: section\n    heading: H\n    message: m\n")
    };
    let err = config_error(&format!("custom-rules:\n{}", entry("S001", "mine")));
    assert!(err.contains("not a custom rule code"), "{err}");
    let err = config_error(&format!(
        "custom-rules:\n{}",
        entry("ACME001", "missing-section")
    ));
    assert!(
        err.contains("the name `missing-section` is planlint's own"),
        "{err}"
    );
    let err = config_error(&format!(
        "custom-rules:\n{}{}",
        entry("ACME001", "one"),
        entry("ACME001", "two")
    ));
    assert!(
        err.contains("the code `ACME001` is used by another custom rule"),
        "{err}"
    );
    assert!(err.contains("planlint.yaml:7:"), "{err}");
    let err = config_error(&format!("custom-rules:\n{}", entry("ACME001", "Not_Kebab")));
    assert!(err.contains("not a kebab-case rule name"), "{err}");
}

#[test]
fn pack_errors_point_into_the_pack() {
    let dir = case("extends: [./team.yaml]\n");
    std::fs::write(
        dir.path().join("team.yaml"),
        "profile: team\nextends: generic\ncustom-rules:\n  - code: TEAM001\n    name: t\n    kind: forbid\n    message: m\n    pattern: '[z-a]'\n",
    )
    .unwrap();
    let out = common::run(dir.path(), &["check", "--color", "never", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("team.yaml:8:"), "{err}");
}

#[test]
fn a_packs_custom_rules_run_only_in_its_profile() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/custom/pack");
    let out = common::run(&pack, &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let team = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "TEAM001")
        .expect("listed");
    assert_eq!(team["profiles"]["team"], "warning");
    assert_eq!(team["profiles"]["generic"], "off");
    let owner = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "TEAM002")
        .expect("listed");
    assert_eq!(
        owner["profiles"]["team"], "off",
        "switched off by name in planlint.yaml"
    );
}

#[test]
fn a_code_defined_by_config_and_pack_is_an_error_at_the_configs_entry() {
    let dir = case(&format!("extends: [./team.yaml]\n{RULE}"));
    std::fs::write(
        dir.path().join("team.yaml"),
        "profile: team\nextends: generic\ncustom-rules:\n  - code: ACME001\n    name: other-name\n    kind: section\n    heading: H\n    message: m\n",
    )
    .unwrap();
    let out = common::run(dir.path(), &["check", "--color", "never", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("custom rule `ACME001` (no-internal-hosts) is also defined by the `team`"),
        "{err}"
    );
    assert!(err.contains("planlint.yaml:3:"), "{err}");
}
