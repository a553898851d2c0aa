//! Every case under `fixtures/<group>/<case>/` is a plan set with an `expect.txt` listing the
//! findings planlint must report, one `file:line CODE` per line (`#` lines are comments; an
//! empty list means the case must be clean). Each case is copied to a temporary folder outside
//! any repository and linted by the built binary; `branch.txt`, when present, names the branch
//! (through `BRANCH_NAME`). Extra or missing findings fail the test with the whole difference.
//! A case expecting a code the binary does not know yet (a rule family still being built) is
//! skipped and named in the output, never passed. A case folder may hold a planlint.yaml
//! (found by config discovery, as the case is linted from its own folder).

mod common;

use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for group in std::fs::read_dir(&root).unwrap().flatten() {
        if !group.path().is_dir() {
            continue;
        }
        for case in std::fs::read_dir(group.path()).unwrap().flatten() {
            if case.path().join("expect.txt").is_file() {
                out.push(case.path());
            }
        }
    }
    out.sort();
    out
}

fn expected(case: &Path) -> Vec<(String, usize, String)> {
    let text = std::fs::read_to_string(case.join("expect.txt")).unwrap();
    let mut out: Vec<_> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (loc, code) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("bad expect line `{l}`"));
            let (file, line) = loc
                .rsplit_once(':')
                .unwrap_or_else(|| panic!("bad expect line `{l}`"));
            (file.to_string(), line.parse().unwrap(), code.to_string())
        })
        .collect();
    out.sort();
    out
}

fn actual(case: &Path) -> Vec<(String, usize, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("case");
    common::copy_dir(case, &dir);
    std::fs::remove_file(dir.join("expect.txt")).unwrap();
    let mut cmd = common::planlint(&dir);
    cmd.args(["check", "--format", "json", "."]);
    if let Ok(branch) = std::fs::read_to_string(case.join("branch.txt")) {
        std::fs::remove_file(dir.join("branch.txt")).unwrap();
        cmd.env("BRANCH_NAME", branch.trim());
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}: exit {:?}\n{}",
        case.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = common::findings(&out.stdout);
    found.sort();
    found
}

fn is_builtin_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

fn known_codes() -> Vec<String> {
    let out = common::run(Path::new("."), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fixtures_report_exactly_what_they_expect() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(!all.is_empty(), "no fixtures found");
    let known = known_codes();
    for case in &all {
        let want = expected(case);
        // Only planlint's own codes (one letter, three digits) can be "not built yet"; a
        // custom rule's code comes from the case's planlint.yaml.
        let unbuilt = |c: &String| is_builtin_code(c) && !known.contains(c);
        if let Some((_, _, code)) = want.iter().find(|(_, _, c)| unbuilt(c)) {
            eprintln!("SKIPPED {} (rule {code} not built yet)", case.display());
            continue;
        }
        let got = actual(case);
        if want != got {
            let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
            failures.push(format!(
                "{}\n  missing: {missing:?}\n  unexpected: {extra:?}",
                case.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(case)
                    .display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
