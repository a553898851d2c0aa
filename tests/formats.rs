//! The machine formats, parsed back and checked against the JSON output of the same run:
//! SARIF 2.1.0 structure and rule metadata, the GitHub workflow-command grammar and its
//! escaping, JUnit XML (one test case per plan set), GitLab Code Quality with fingerprints
//! that are unique and survive both a rerun and lines inserted above the findings.

mod common;

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

const CONFIG: &str = "custom-rules:
  - code: ACME001
    name: no-internal-hosts
    kind: forbid
    pattern: '\\binternal\\.acme\\.test\\b'
    message: 'internal host `{match}`, see: ops, runbook'
  - code: ACME002
    name: mention-owner
    kind: require
    pattern: 'Owner'
    message: 'nobody owns this 100%'
    severity: info
";

const PLAN: &str = "# Plan: Export

## Summary
Reads internal.acme.test nightly.
TODO: pick a schedule.
Reads internal.acme.test again.
Reads internal.acme.test again.
";

/// A repository-like folder: a plan set in a folder whose name needs escaping, and a clean one.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("specs/a, b: c");
    let clean = dir.path().join("specs/clean");
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::create_dir_all(&clean).unwrap();
    std::fs::write(odd.join("plan.md"), PLAN).unwrap();
    std::fs::write(clean.join("plan.md"), "# Plan: Clean\n\nOwner: Dana.\n").unwrap();
    std::fs::write(dir.path().join("planlint.yaml"), CONFIG).unwrap();
    dir
}

fn output(dir: &Path, format: &str) -> String {
    let out = common::run(dir, &["check", "--format", format, "."]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_findings(dir: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&output(dir, "json"))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn sarif_is_2_1_0_with_every_rule_and_matching_results() {
    let dir = workspace();
    let log: Value = serde_json::from_str(&output(dir.path(), "sarif")).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "planlint");
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let rules = driver["rules"].as_array().unwrap();
    let listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let known: Value =
        serde_json::from_slice(&common::run(dir.path(), &["rules", "--format", "json"]).stdout)
            .unwrap();
    let known: Vec<&str> = known
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed, known,
        "every rule, built-in and custom, in code order"
    );
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(!rule["name"].as_str().unwrap().is_empty(), "{id}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{id}"
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{id}");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it checks"),
            "{id}"
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{id}");
        // helpUri only where planlint knows a real address (see report/sarif.rs).
        if let Some(uri) = rule.get("helpUri") {
            assert!(uri.as_str().unwrap().starts_with("http"), "{id}");
        }
    }

    let results = run["results"].as_array().unwrap();
    let json = json_findings(dir.path());
    assert_eq!(results.len(), json.len());
    for (r, f) in results.iter().zip(&json) {
        assert_eq!(r["ruleId"], f["code"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], f["code"],
            "ruleIndex points at the rule"
        );
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], f["message"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "specs/a%2C%20b%3A%20c/plan.md"
        );
        let region = &loc["region"];
        for (sarif, ours) in [
            ("startLine", "line"),
            ("startColumn", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(region[sarif], f[ours], "{sarif}");
        }
        assert!(
            r["partialFingerprints"]["planlint/v1"]
                .as_str()
                .unwrap()
                .len()
                == 40
        );
    }
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
        "internal.acme.test"
    );
}

/// Undo the workflow-command escaping of a property value or message.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_lines_follow_the_workflow_command_grammar() {
    let dir = workspace();
    let text = output(dir.path(), "github");
    let json = json_findings(dir.path());
    let grammar = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,:\r\n]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:\r\n]+)::([^\r\n]*)$",
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), json.len(), "one command per finding:\n{text}");
    for (line, f) in lines.iter().zip(&json) {
        let c = grammar
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let level = match f["severity"].as_str().unwrap() {
            "info" => "notice",
            other => other,
        };
        assert_eq!(&c[1], level);
        assert_eq!(unescape(&c[2]), f["path"].as_str().unwrap());
        assert_eq!(&c[2], "specs/a%2C b%3A c/plan.md");
        for (i, key) in [
            (3, "line"),
            (4, "column"),
            (5, "end_line"),
            (6, "end_column"),
        ] {
            assert_eq!(
                c[i].parse::<u64>().unwrap(),
                f[key].as_u64().unwrap(),
                "{key}"
            );
        }
        assert_eq!(&c[7], f["code"].as_str().unwrap());
        let message = unescape(&c[8]);
        assert!(
            message.starts_with(f["message"].as_str().unwrap()),
            "{message}"
        );
        assert!(message.contains('\n'), "help follows on its own line");
    }
    assert!(
        text.contains("nobody owns this 100%25"),
        "% escaped in messages"
    );
    assert!(
        text.contains("see: ops, runbook"),
        "`:` and `,` are not escaped in messages"
    );
}

#[test]
fn junit_has_one_testcase_per_plan_set_and_a_failure_per_finding() {
    let dir = workspace();
    let text = output(dir.path(), "junit");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = root
        .children()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(names, ["specs/a, b: c/plan.md", "specs/clean/plan.md"]);
    assert_eq!(cases[0].attribute("classname"), Some("planlint.generic"));
    let failures: Vec<_> = cases[0]
        .children()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    let json = json_findings(dir.path());
    assert_eq!(failures.len(), json.len());
    for (failure, f) in failures.iter().zip(&json) {
        assert_eq!(failure.attribute("type"), f["code"].as_str());
        assert_eq!(failure.attribute("message"), f["message"].as_str());
        let body = failure.text().unwrap();
        assert!(
            body.starts_with(&format!("specs/a, b: c/plan.md:{}:", f["line"])),
            "{body}"
        );
        assert!(body.contains("\nhelp: "), "{body}");
    }
    assert_eq!(
        cases[1].children().filter(|n| n.is_element()).count(),
        0,
        "a clean set passes"
    );
}

fn gitlab(dir: &Path) -> Vec<Value> {
    serde_json::from_str::<Value>(&output(dir, "gitlab"))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn fingerprints(issues: &[Value]) -> Vec<String> {
    issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn gitlab_fingerprints_are_unique_stable_and_survive_line_shifts() {
    let dir = workspace();
    let issues = gitlab(dir.path());
    let json = json_findings(dir.path());
    assert_eq!(issues.len(), json.len());
    for (issue, f) in issues.iter().zip(&json) {
        assert_eq!(issue["check_name"], f["code"]);
        assert!(issue["description"]
            .as_str()
            .unwrap()
            .contains(f["message"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], f["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], f["line"]);
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
    }
    let first = fingerprints(&issues);
    let unique: HashSet<&String> = first.iter().collect();
    assert_eq!(
        unique.len(),
        first.len(),
        "two identical findings on different lines differ"
    );
    assert_eq!(
        fingerprints(&gitlab(dir.path())),
        first,
        "a rerun gives the same fingerprints"
    );

    let plan = dir.path().join("specs/a, b: c/plan.md");
    let shifted = PLAN.replacen("## Summary\n", "## Summary\n\nA new paragraph.\n\n", 1);
    std::fs::write(&plan, shifted).unwrap();
    let moved = gitlab(dir.path());
    let lines = |v: &[Value]| {
        v.iter()
            .map(|i| i["location"]["lines"]["begin"].as_u64())
            .collect::<Vec<_>>()
    };
    assert_ne!(lines(&moved), lines(&issues), "the findings did move");
    let mut before = first.clone();
    let mut after = fingerprints(&moved);
    before.sort();
    after.sort();
    assert_eq!(after, before, "lines inserted above change no fingerprint");

    std::fs::write(&plan, PLAN.replace("TODO: pick a schedule.\n", "")).unwrap();
    let fixed = fingerprints(&gitlab(dir.path()));
    assert_eq!(fixed.len(), first.len() - 1);
    assert!(
        fixed.iter().all(|f| first.contains(f)),
        "fixing one finding leaves the others' identities"
    );
}
