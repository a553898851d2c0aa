//! planlint writes nothing but what `init`, `install-hooks` and `validate-plan` document
//! (SPEC §10). Every other command the built binary lists in `--help` (and the subcommands
//! of those that have some, like `hook`) runs in a real git repository with staged, unstaged
//! and untracked changes; the bytes of every file in the work tree and in `.git` (the index
//! included), and an empty HOME, must be identical afterwards.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The commands that document writing files.
const WRITERS: [&str; 3] = ["init", "install-hooks", "validate-plan"];

/// Arguments worth running a command with (and stdin); other commands run bare. Every
/// command also runs with `--help`.
fn variants(command: &[String], head: &str) -> Vec<(Vec<String>, String)> {
    let plain = |args: &str| (args.to_string(), String::new());
    let list: Vec<(String, String)> = match command.join(" ").as_str() {
        "check" => [
            "human", "concise", "json", "sarif", "github", "junit", "gitlab",
        ]
        .iter()
        .map(|f| plain(&format!("--format {f} --statistics")))
        .chain([
            plain("specs/001-x/spec.md"),
            (
                "- --stdin-filename specs/001-x/plan.md".into(),
                "# Piped\n\nTODO\n".into(),
            ),
        ])
        .collect(),
        "rules" => vec![plain(""), plain("--format json")],
        "explain" => vec![plain("S008"), plain("todo-marker")],
        // git's pre-push protocol: `<local ref> <local sha> <remote ref> <remote sha>`.
        "hook pre-push" => vec![
            (
                "origin file:///nowhere".into(),
                format!(
                    "refs/heads/001-x {head} refs/heads/001-x {}\n",
                    "0".repeat(40)
                ),
            ),
            plain(""),
        ],
        "hook pre-commit" => vec![plain(""), plain("specs/001-x/plan.md")],
        "ci" => vec![plain(""), plain("--base main")],
        _ => vec![plain("")],
    };
    list.into_iter()
        .map(|(args, stdin)| {
            let mut full = command.to_vec();
            full.extend(args.split_whitespace().map(String::from));
            (full, stdin)
        })
        .collect()
}

/// The subcommands `planlint <prefix> --help` lists, recursing into those with their own.
fn commands(repo: &Path, prefix: &[String]) -> Vec<Vec<String>> {
    let out = common::planlint(repo)
        .args(prefix)
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let listed: Vec<String> = help
        .lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    let mut all = Vec::new();
    for name in listed {
        let mut command = prefix.to_vec();
        command.push(name);
        let nested = commands(repo, &command);
        if nested.is_empty() {
            all.push(command);
        } else {
            all.extend(nested);
        }
    }
    all
}

/// Every file under `dir` (symlinks as their target path) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                files.insert(rel, b"<dir>".to_vec());
                stack.push(path);
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(rel, target.into_os_string().into_encoded_bytes());
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A repository with a commit on `main`, one on branch `001-x` (returned: what a push
/// sends), a staged change, an unstaged change and an untracked file.
fn repository(root: &Path) -> String {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    git(root, &["init", "-q", "-b", "main"]);
    write(
        "specs/001-x/plan.md",
        "# Implementation Plan: [FEATURE]\n\n## Summary\n\nTODO decide\n",
    );
    write(
        "specs/001-x/spec.md",
        "# Spec\r\n\r\n[NEEDS CLARIFICATION: x]\r\n",
    );
    write("specs/001-x/tasks.md", "# Tasks\n\n- [ ] T001 do it\n");
    write("planlint.yaml", "rules:\n  S008: error\n");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "plans"]);
    git(root, &["checkout", "-q", "-b", "001-x"]);
    write(
        "specs/001-x/plan.md",
        "# Plan\n\n## Summary\n\nCommitted TODO\n",
    );
    git(root, &["commit", "-q", "-am", "branch work"]);
    let head = git(root, &["rev-parse", "HEAD"]);
    write(
        "specs/001-x/plan.md",
        "# Plan\n\n## Summary\n\nStaged TODO\n",
    );
    git(root, &["add", "specs/001-x/plan.md"]);
    write(
        "specs/001-x/plan.md",
        "# Plan\n\n## Summary\n\nUnstaged FIXME\n",
    );
    write("specs/002-y/plan.md", "# Untracked plan\n\nTBD\n");
    head
}

#[test]
fn commands_other_than_the_documented_writers_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let head = repository(&root);
    let before = snapshot(&root);
    assert!(before.contains_key(Path::new(".git/index")));

    let commands = commands(&root, &[]);
    for expected in [["check"].as_slice(), &["rules"], &["explain"], &["schema"]] {
        assert!(
            commands.iter().any(|c| c == expected),
            "`planlint --help` no longer lists {expected:?}: {commands:?}"
        );
    }
    let mut ran = Vec::new();
    for command in &commands {
        let mut runs = if WRITERS.contains(&command[0].as_str()) {
            Vec::new()
        } else {
            variants(command, &head)
        };
        let mut help = command.clone();
        help.push("--help".into());
        runs.push((help, String::new()));
        if command[0] == "init" {
            // Documented to print instead of writing.
            runs.push((vec!["init".into(), "--stdout".into()], String::new()));
        }
        for (args, stdin) in runs {
            let mut child = common::planlint(&root)
                .args(&args)
                .env("HOME", &home)
                .env("XDG_CONFIG_HOME", home.join(".config"))
                .env("XDG_CACHE_HOME", home.join(".cache"))
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
            let out = child.wait_with_output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "planlint {args:?} ended with {:?}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            let after = snapshot(&root);
            let changed: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            assert!(changed.is_empty(), "planlint {args:?} changed {changed:?}");
            assert!(
                snapshot(&home).is_empty(),
                "planlint {args:?} wrote into HOME"
            );
            ran.push(format!(
                "{} ({})",
                args.join(" "),
                out.status.code().unwrap_or(-1)
            ));
        }
    }
    eprintln!("ran without writing: {}", ran.join(" | "));

    // The snapshot sees a write: `init --force`, a documented writer, replaces planlint.yaml.
    let out = common::run(&root, &["init", "--force"]);
    assert!(out.status.success(), "{out:?}");
    assert_ne!(snapshot(&root), before, "init --force changed nothing");
}
