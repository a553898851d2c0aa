//! Helpers for integration tests: run the built binary with a clean environment.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The built `planlint` binary, with the CI branch variables removed so tests are hermetic.
pub fn planlint(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planlint"));
    cmd.current_dir(cwd).stdin(Stdio::null());
    for var in [
        "GITHUB_HEAD_REF",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
        "CI_COMMIT_REF_NAME",
        "BRANCH_NAME",
        "NO_COLOR",
        "NO_GRAPHICS",
        "GIT_DIR",
        "GIT_INDEX_FILE",
        "GIT_WORK_TREE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

pub fn run(cwd: &Path, args: &[&str]) -> Output {
    planlint(cwd).args(args).output().expect("planlint runs")
}

/// Copy a directory tree (files only; no symlinks in fixtures).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `(path, line, code)` of every finding in `--format json` output.
pub fn findings(stdout: &[u8]) -> Vec<(String, usize, String)> {
    let v: serde_json::Value = serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(stdout)));
    v.as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
pub mod repo;
