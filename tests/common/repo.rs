//! Real git repositories in temporary folders, set up with the git CLI (planlint itself never
//! runs git). The environment is hermetic: no user or system git config, fixed identities,
//! and none of the CI branch variables.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Variables that would make a test depend on the machine running it.
pub const SCRUBBED: [&str; 11] = [
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
    "BRANCH_NAME",
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "NO_COLOR",
    "PLANLINT",
];

/// A clean speckit plan naming `branch` in its header; `extra` is appended as a paragraph.
pub fn speckit_plan(branch: &str, extra: &str) -> String {
    format!(
        "# Implementation Plan: Login\n\n\
         **Branch**: `{branch}` | **Date**: 2025-10-06 | **Spec**: [spec.md](./spec.md)\n\n\
         ## Summary\n\nUsers log in with a password.\n\n\
         ## Technical Context\n\nRust 1.80, one binary.\n\n\
         ## Constitution Check\n\nAll gates pass.\n\n\
         ## Project Structure\n\nOne crate.\n{extra}"
    )
}

/// A defect the speckit profile reports as an error (S004), on the line it is appended at.
pub const DEFECT: &str = "\nNEEDS CLARIFICATION: which password hash?\n";

/// The line of [`DEFECT`] in `speckit_plan(_, DEFECT)`.
pub const DEFECT_LINE: usize = 21;

/// A plan whose Assumption Register holds one unconfirmed assumption, on line 7 (A001 under
/// the functional profile).
pub const UNRESOLVED_ASSUMPTION: &str = "# Plan\n\n## Assumption Register\n\n\
    | # | Assumption | Resolved? |\n|---|---|---|\n\
    | A-1 | Names need not be unique | Ask stakeholder |\n";

pub struct Repo {
    _tmp: tempfile::TempDir,
    /// The work tree.
    pub dir: PathBuf,
}

impl Repo {
    /// `git init` with `main` as the unborn branch.
    pub fn new() -> Repo {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("repo");
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo { _tmp: tmp, dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A repository whose `main` has one commit: the plan set `specs/<name>/` naming branch
    /// `name`, with `extra` appended to its plan.
    pub fn with_plan_set(name: &str, extra: &str) -> Repo {
        let repo = Repo::new();
        repo.commit_sets(&[Repo::plan_set(name, name, extra)], "plan");
        repo
    }

    /// A repository whose `main` has one commit without plans.
    pub fn with_readme() -> Repo {
        let repo = Repo::new();
        repo.commit(&[("README.md", "x\n")], "init");
        repo
    }

    /// Another folder inside the same temporary directory (for remotes, clones, worktrees).
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.dir.parent().unwrap().join(name)
    }

    /// A git command in `cwd` with the hermetic environment.
    pub fn git_command(cwd: &Path) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(cwd).stdin(Stdio::null());
        for var in SCRUBBED {
            cmd.env_remove(var);
        }
        cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_TERMINAL_PROMPT", "0");
        cmd
    }

    /// Run git in the work tree; panics with git's output when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(&self.dir, args)
    }

    /// Run git in the work tree and return its output whatever the exit status.
    pub fn git_output(&self, args: &[&str]) -> Output {
        Repo::git_command(&self.dir)
            .args(args)
            .output()
            .expect("git runs")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Write files and commit them all.
    pub fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
        for (rel, text) in files {
            self.write(rel, text);
        }
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", message]);
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A speckit plan set (plan.md, spec.md) under `specs/<folder>/`.
    pub fn plan_set(folder: &str, branch: &str, extra: &str) -> Vec<(String, String)> {
        vec![
            (
                format!("specs/{folder}/plan.md"),
                speckit_plan(branch, extra),
            ),
            (
                format!("specs/{folder}/spec.md"),
                "# Feature Specification\n".to_string(),
            ),
        ]
    }

    /// Write plan sets to the work tree and stage everything.
    pub fn stage_sets(&self, sets: &[Vec<(String, String)>]) {
        for (rel, text) in sets.iter().flatten() {
            self.write(rel, text);
        }
        self.git(&["add", "-A"]);
    }

    /// Switch to a new branch and commit plan sets on it; returns the tip.
    pub fn commit_on_branch(&self, branch: &str, sets: &[Vec<(String, String)>]) -> String {
        self.git(&["switch", "-q", "-c", branch]);
        self.commit_sets(sets, "plans")
    }

    pub fn commit_sets(&self, sets: &[Vec<(String, String)>], message: &str) -> String {
        let files: Vec<(&str, &str)> = sets
            .iter()
            .flatten()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        self.commit(&files, message)
    }
}

pub fn git_in(cwd: &Path, args: &[&str]) -> String {
    let out = Repo::git_command(cwd)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// planlint in `cwd` with the hermetic environment.
pub fn planlint(cwd: &Path) -> Command {
    let mut cmd = super::planlint(cwd);
    for var in SCRUBBED {
        cmd.env_remove(var);
    }
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Run planlint with JSON output: exit code, findings `(path, line, code)`, stderr.
pub fn lint_json(cmd: &mut Command) -> (i32, Vec<(String, usize, String)>, String) {
    let out = cmd
        .args(["--format", "json"])
        .output()
        .expect("planlint runs");
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let findings = if out.stdout.is_empty() {
        Vec::new()
    } else {
        super::findings(&out.stdout)
    };
    (code, findings, stderr)
}

/// Run planlint with concise output: exit code and `path:line: severity[CODE]` per finding
/// (for assertions about severities).
pub fn lint_concise(cmd: &mut Command) -> (i32, Vec<String>) {
    let out = cmd
        .args(["--format", "concise"])
        .output()
        .expect("planlint runs");
    let findings = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            // `path:line:column: severity[CODE] message`
            let (place, rest) = l.split_once(": ")?;
            let (path_line, _column) = place.rsplit_once(':')?;
            let (severity, _message) = rest.split_once(' ')?;
            Some(format!("{path_line}: {severity}"))
        })
        .collect();
    (out.status.code().unwrap_or(-1), findings)
}

/// `(path, line, code)` for assertions.
pub fn at(path: &str, line: usize, code: &str) -> (String, usize, String) {
    (path.to_string(), line, code.to_string())
}
