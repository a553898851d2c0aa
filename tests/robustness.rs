//! SPEC §10's hostile inputs, linted by the built binary: empty, BOM, CRLF, tabs, non-UTF-8,
//! NUL bytes, a 50 MB plan, a 10,000-row table, 5,000-deep lists and block quotes, a 10 MB
//! line with many findings, symlink loops and symlinks out of the repository. Each run must
//! end (within a generous bound, so a hang fails instead of stalling CI) with exit 0 or 1,
//! and every finding's line and column must match a recount of the file at its offset. Big
//! inputs are generated here, not checked in. Elapsed times are printed (`--nocapture`) for
//! the record; linear time is measured by the benchmarks, not asserted here.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Far above what any input here needs in a debug build on a busy 2-core machine.
const BOUND: Duration = Duration::from_secs(600);

/// A finding as `--format json` reports it.
#[derive(Debug)]
struct Found {
    path: String,
    code: String,
    line: usize,
    column: usize,
    offset: usize,
}

/// A temporary repository folder holding `specs/001-x/` and whatever the test adds, linted
/// with every rule on under every profile.
struct Repo {
    tmp: tempfile::TempDir,
    profiles: Vec<String>,
}

impl Repo {
    /// With a config turning every rule planlint lists on, whatever its profile says.
    fn new() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("repo/specs/001-x")).unwrap();
        let listed = common::run(tmp.path(), &["rules", "--format", "json", "--isolated"]);
        let rules: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
        let rules = rules.as_array().unwrap();
        let mut config = String::from("rules:\n");
        for rule in rules {
            config.push_str(&format!("  {}: {}\n", rule["code"], rule["default"]));
        }
        std::fs::write(tmp.path().join("every-rule.yaml"), config).unwrap();
        let profiles = rules[0]["profiles"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        Repo { tmp, profiles }
    }

    fn root(&self) -> std::path::PathBuf {
        self.tmp.path().join("repo")
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Lint the repository under each profile; return each profile's findings.
    fn lint(&self, what: &str) -> Vec<(String, Vec<Found>)> {
        self.profiles
            .iter()
            .map(|p| {
                let found = self.lint_with(&format!("{what}, {p}"), &["--profile", p]);
                (p.clone(), found)
            })
            .collect()
    }

    /// Lint the repository with `--format json`; assert the run ends in time with exit 0 or
    /// 1 and every position matches its file; return the findings.
    fn lint_with(&self, what: &str, extra: &[&str]) -> Vec<Found> {
        let started = Instant::now();
        let mut child = common::planlint(&self.root())
            .args(["check", "--format", "json", "--config"])
            .arg(self.tmp.path().join("every-rule.yaml"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("planlint starts");
        // Read stdout on a thread so a large report cannot block the child.
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            stdout.read_to_end(&mut out).map(|_| out)
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > BOUND {
                child.kill().unwrap();
                panic!("{what}: planlint still running after {BOUND:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = reader.join().unwrap().unwrap();
        let mut err = String::new();
        let mut stderr = child.stderr.take().unwrap();
        stderr.read_to_string(&mut err).unwrap();
        let elapsed = started.elapsed().as_secs_f64();
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "{what}: exit {status:?}, stderr: {err}"
        );
        let found = parse(&out);
        let codes: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
        eprintln!(
            "{what}: {elapsed:.2} s (debug build), {} findings {codes:?}",
            found.len()
        );
        self.check_positions(what, &found);
        found
    }

    /// Every finding's line and column recounted, character by character, from the file's
    /// bytes at its offset (one pass per file, findings in offset order, so thousands of
    /// findings on a 50 MB file stay cheap).
    fn check_positions(&self, what: &str, found: &[Found]) {
        let mut by_file: BTreeMap<&str, Vec<&Found>> = BTreeMap::new();
        for f in found {
            by_file.entry(&f.path).or_default().push(f);
        }
        for (path, mut findings) in by_file {
            let bytes = std::fs::read(self.root().join(path)).unwrap();
            // An unreadable file (X003) is reported at its first byte outside UTF-8 or NUL:
            // its text up to there is the file's own.
            let valid = match std::str::from_utf8(&bytes) {
                Ok(t) => t,
                Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap(),
            };
            let text = valid.split('\0').next().unwrap_or_default();
            findings.sort_by_key(|f| f.offset);
            let (mut at, mut line, mut column) = (0, 1, 1);
            for f in findings {
                for (i, ch) in text[at..f.offset].char_indices() {
                    match ch {
                        '\n' => (line, column) = (line + 1, 1),
                        // A BOM opening the file takes no column.
                        '\u{feff}' if at + i == 0 => {}
                        _ => column += 1,
                    }
                }
                at = f.offset;
                assert_eq!((f.line, f.column), (line, column), "{what}: {f:?}");
            }
        }
    }
}

fn parse(stdout: &[u8]) -> Vec<Found> {
    let v: serde_json::Value = serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(stdout)));
    v.as_array()
        .expect("an array")
        .iter()
        .map(|f| Found {
            path: f["path"].as_str().unwrap().to_string(),
            code: f["code"].as_str().unwrap().to_string(),
            line: f["line"].as_u64().unwrap() as usize,
            column: f["column"].as_u64().unwrap() as usize,
            offset: f["offset"].as_u64().unwrap() as usize,
        })
        .collect()
}

/// `(line, column)` of the findings with `code`.
fn at(found: &[Found], code: &str) -> Vec<(usize, usize)> {
    found
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.line, f.column))
        .collect()
}

const PLAN: &str = "specs/001-x/plan.md";

#[test]
fn empty_plan() {
    let repo = Repo::new();
    repo.write(PLAN, b"");
    for (_, found) in repo.lint("empty plan") {
        for f in found {
            assert_eq!((f.line, f.column), (1, 1), "{f:?}");
        }
    }
}

#[test]
fn bom_crlf_and_tabs() {
    let repo = Repo::new();
    repo.write(
        PLAN,
        "\u{feff}# Plan\r\n\r\n## Summary\r\n\r\nÉtat:\tTODO décider [NEEDS CLARIFICATION: x]\r\n\t\r\n"
            .as_bytes(),
    );
    for (profile, found) in repo.lint("BOM, CRLF and tabs") {
        // The BOM takes no column, the tab one, É one.
        assert_eq!(at(&found, "S008"), [(5, 7)], "{profile}");
        assert_eq!(at(&found, "S004"), [(5, 21)], "{profile}");
    }
}

#[test]
fn non_utf8_and_nul_bytes_are_reported_not_parsed() {
    let repo = Repo::new();
    repo.write(PLAN, b"# Plan\n\nCaf\xe9 au lait\n");
    repo.write("specs/001-x/spec.md", b"# Spec\n\0\0binary\n");
    for (profile, found) in repo.lint("non-UTF-8 plan, NUL bytes in spec.md") {
        let x003: Vec<&str> = found
            .iter()
            .filter(|f| f.code == "X003")
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(x003, [PLAN, "specs/001-x/spec.md"], "{profile}");
        // At the first byte to blame: `\xe9` of `Caf\xe9`, the first NUL.
        assert_eq!(at(&found, "X003"), [(3, 4), (2, 1)], "{profile}");
    }
}

#[test]
fn a_binary_file_is_blamed_at_its_first_nul_and_its_escapes_stay_off_the_terminal() {
    let repo = Repo::new();
    repo.write(PLAN, b"# Plan\n");
    // A NUL, then a byte outside UTF-8: the NUL is to blame. The escape before it is shown.
    repo.write("specs/001-x/spec.md", b"# Spec\n\x1b[31mred\0\xff\x1b[0m\n");
    for (profile, found) in repo.lint("NUL before an invalid byte") {
        assert_eq!(at(&found, "X003"), [(2, 9)], "{profile}");
    }
    let out = common::run(
        &repo.root(),
        &["check", "--isolated", "--color", "never", "specs"],
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("contains NUL bytes"), "{shown}");
    assert!(shown.contains("?[31mred\u{fffd}"), "{shown}");
    assert!(
        !shown.contains('\x1b'),
        "an escape reached the output: {shown:?}"
    );
}

/// A realistic section (heading, prose, a table, a task list, a code block), repeated.
fn section(n: usize) -> String {
    format!(
        "## Phase {n}: Würfel\n\nThe system keeps *every* record — naïve café 🙂 for step {n}.\n\n\
         | ID | Task | Owner |\n|---|---|---|\n| FR-{n:03} | write `mod_{n}.rs` | ann |\n\n\
         - [ ] T{n:04} implement step {n}\n  - nested detail\n\n```rust\nfn step_{n}() {{}}\n```\n\n"
    )
}

#[test]
fn fifty_megabyte_plan() {
    let repo = Repo::new();
    let mut text = String::from("# Implementation Plan\n\n");
    let mut n = 0;
    while text.len() < 50_000_000 {
        text.push_str(&section(n));
        n += 1;
    }
    let lines_before = text.matches('\n').count();
    text.push_str("Closing note: TODO confirm the rollout.\n");
    repo.write(PLAN, text.as_bytes());
    for (profile, found) in repo.lint("50 MB plan") {
        assert_eq!(at(&found, "S008"), [(lines_before + 1, 15)], "{profile}");
    }
}

#[test]
fn ten_thousand_row_table() {
    let repo = Repo::new();
    let mut text = String::from("# Plan\n\n## Tasks\n\n| ID | Task | Status |\n|---|---|---|\n");
    let mut marked = String::new();
    for i in 0..10_000 {
        let status = if i == 9_998 { "TODO" } else { "done ✓" };
        let row = format!("| T{i:05} | tâche {i} | {status} |\n");
        if i == 9_998 {
            marked = row.clone();
        }
        text.push_str(&row);
    }
    repo.write(PLAN, text.as_bytes());
    // Row 9,998 sits below 6 lines of heading and table header.
    let column = marked[..marked.find("TODO").unwrap()].chars().count() + 1;
    for (profile, found) in repo.lint("10,000-row table") {
        assert_eq!(at(&found, "S008"), [(6 + 9_998 + 1, column)], "{profile}");
    }
}

#[test]
fn five_thousand_deep_nesting() {
    let repo = Repo::new();
    let depth = 5_000;
    let text = format!(
        "# Plan\n\n## Lists\n\n{}TODO deep in a list\n\n## Quotes\n\n{}TODO deep in a quote\n\n\
         ## After\n\nTODO after the nesting\n",
        "- ".repeat(depth),
        "> ".repeat(depth),
    );
    repo.write(PLAN, text.as_bytes());
    for (profile, found) in repo.lint("5,000-deep lists and block quotes") {
        let expected = [(5, 2 * depth + 1), (9, 2 * depth + 1), (13, 1)];
        assert_eq!(at(&found, "S008"), expected, "{profile}");
    }
}

#[test]
fn ten_megabyte_line_with_many_findings() {
    let repo = Repo::new();
    // Every 1,000 characters (1,499 bytes) a marker: about 6,700 findings on one line.
    let filler = "été ".repeat(249);
    let unit = format!("{filler}TODO ");
    let mut line = String::new();
    let mut expected = Vec::new();
    let mut column = 1;
    while line.len() < 10_000_000 {
        line.push_str(&unit);
        expected.push((3, column + filler.chars().count()));
        column += unit.chars().count();
    }
    repo.write(PLAN, format!("# Plan\n\n{line}\n").as_bytes());
    for (profile, found) in repo.lint("10 MB line") {
        assert_eq!(at(&found, "S008"), expected, "{profile}");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    let root = repo.root();
    repo.write(PLAN, b"# Plan\n\nTODO here\n");
    // A folder linking to its parent, two links to each other, a link to itself.
    symlink(root.join("specs"), root.join("specs/001-x/loop")).unwrap();
    symlink(root.join("specs/001-x/b.md"), root.join("specs/001-x/a.md")).unwrap();
    symlink(root.join("specs/001-x/a.md"), root.join("specs/001-x/b.md")).unwrap();
    symlink(
        root.join("specs/001-x/spec.md"),
        root.join("specs/001-x/spec.md"),
    )
    .unwrap();
    for (profile, found) in repo.lint("symlink loops") {
        assert_eq!(at(&found, "S008"), [(3, 1)], "{profile}");
    }
    // Naming a looping link on the command line ends too.
    let out = common::run(&root, &["check", "--isolated", "specs/001-x/a.md"]);
    assert!(matches!(out.status.code(), Some(0..=2)), "{out:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_repository_are_not_followed() {
    use std::os::unix::fs::symlink;
    let repo = Repo::new();
    let root = repo.root();
    let outside = repo.tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("002-y")).unwrap();
    let secret = b"# Outside\n\nTODO secret outside the repository\n";
    std::fs::write(outside.join("spec.md"), secret).unwrap();
    std::fs::write(outside.join("002-y/plan.md"), secret).unwrap();
    repo.write(PLAN, b"# Plan\n\nSee [spec](spec.md).\n");
    // A companion, a companion folder and a whole plan folder leading outside.
    symlink(outside.join("spec.md"), root.join("specs/001-x/spec.md")).unwrap();
    symlink(&outside, root.join("specs/001-x/checklists")).unwrap();
    symlink(outside.join("002-y"), root.join("specs/002-y")).unwrap();
    for (profile, found) in repo.lint("symlinks out of the repository") {
        assert!(
            found.iter().all(|f| f.path == PLAN),
            "{profile}: a file outside the repository was linted: {found:?}"
        );
    }
}
