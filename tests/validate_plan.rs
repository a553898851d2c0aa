//! `planlint validate-plan` against the script it replaces. The script is rebuilt from its
//! behaviour as quoted in the corpus survey (§8: DeepAgentsSpec's `scripts/validate_plan.sh`)
//! and both run in the same temporary git repository with a fixed clock (a `date` shim for
//! the script, `SOURCE_DATE_EPOCH` for planlint). Stdout, stderr, the progress log and the
//! exit status must be identical byte for byte; the only stderr lines set aside are `find`'s
//! own complaints about a missing `plans/` folder, which are not records.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SCRIPT: &str = r#"#!/usr/bin/env bash
set -euo pipefail

timestamp() {
  date -u +"%Y-%m-%d %H:%MZ"
}

REPO_ROOT="$(git rev-parse --show-toplevel)"
PROGRESS_FILE="$REPO_ROOT/harness/AI-Agent-progress.txt"

PLAN_CHECKLIST_FILES=()
if [ "$#" -gt 0 ]; then
  for arg in "$@"; do PLAN_CHECKLIST_FILES+=("$arg"); done
else
  while IFS= read -r path; do
    PLAN_CHECKLIST_FILES+=("$path")
  done < <(find "$REPO_ROOT/plans" -type f -path "*/features/*/checklists/PlanQualityGate.md" | sort || true)
fi

if [ "${#PLAN_CHECKLIST_FILES[@]}" -eq 0 ]; then
  msg="[$(timestamp)] plan quality check: FAILED (no plan checklist files found)"
  echo "$msg" | tee -a "$PROGRESS_FILE" >&2
  exit 1
fi

overall_status=0
for file in "${PLAN_CHECKLIST_FILES[@]}"; do
  if [[ "$file" != /* ]]; then
    file="$REPO_ROOT/$file"
  fi
  if [ ! -f "$file" ]; then
    {
      echo "[$(timestamp)] plan quality check: FAILED"
      echo "target: $file"
      echo "incomplete items:"
      echo "  - checklist file not found"
    } | tee -a "$PROGRESS_FILE" >&2
    overall_status=1
    continue
  fi
  rel_path="${file#$REPO_ROOT/}"
  issues="$(grep -nE '^[[:space:]]*-[[:space:]]*\[ \]' "$file" || true)"
  if [ -z "$issues" ]; then
    {
      echo "[$(timestamp)] plan quality check: PASSED"
      echo "target: $rel_path"
    } | tee -a "$PROGRESS_FILE"
  else
    overall_status=1
    {
      echo "[$(timestamp)] plan quality check: FAILED"
      echo "target: $rel_path"
      echo "incomplete items:"
      while IFS= read -r line; do
        num="${line%%:*}"
        text="${line#*:}"
        text="${text#"${text%%[![:space:]]*}"}"
        echo "  - line ${num}: ${text}"
      done <<< "$issues"
    } | tee -a "$PROGRESS_FILE"
  fi
done

exit "$overall_status"
"#;

/// 2026-01-01 00:00 UTC.
const EPOCH: &str = "1767225600";
const STAMP: &str = "2026-01-01 00:00Z";

struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    /// Holds the `date` shim.
    bin: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo").canonicalize_or_create();
        let status = Command::new("git")
            .args(["init", "-q"])
            .current_dir(&root)
            .status()
            .unwrap();
        assert!(status.success());
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let shim = bin.join("date");
        std::fs::write(&shim, format!("#!/bin/sh\necho '{STAMP}'\n")).unwrap();
        std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)).unwrap();
        let script = root.join("scripts/validate_plan.sh");
        std::fs::create_dir_all(script.parent().unwrap()).unwrap();
        std::fs::write(&script, SCRIPT).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Repo {
            _tmp: tmp,
            root,
            bin,
        }
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn log(&self) -> Vec<u8> {
        std::fs::read(self.root.join("harness/AI-Agent-progress.txt")).unwrap_or_default()
    }

    fn clear_log(&self) {
        let _ = std::fs::remove_file(self.root.join("harness/AI-Agent-progress.txt"));
    }

    fn script(&self, cwd: &Path, args: &[&str]) -> Output {
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new(self.root.join("scripts/validate_plan.sh"))
            .args(args)
            .current_dir(cwd)
            .env("PATH", path)
            .env("LC_ALL", "C")
            .output()
            .unwrap()
    }

    fn planlint(&self, cwd: &Path, args: &[&str]) -> Output {
        common::planlint(cwd)
            .arg("validate-plan")
            .args(args)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .output()
            .unwrap()
    }

    /// Run both from `cwd` with `args` (each starting from an empty log) and require the same
    /// bytes everywhere; returns planlint's output for further checks.
    fn same(&self, cwd: &Path, args: &[&str]) -> Output {
        self.clear_log();
        let want = self.script(cwd, args);
        let want_log = self.log();
        self.clear_log();
        let got = self.planlint(cwd, args);
        let got_log = self.log();
        let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert_eq!(show(&got.stdout), show(&want.stdout), "stdout for {args:?}");
        assert_eq!(got.stdout, want.stdout, "stdout bytes for {args:?}");
        assert_eq!(
            show(&got.stderr),
            without_find_errors(&want.stderr),
            "stderr for {args:?}"
        );
        assert_eq!(got_log, want_log, "log for {args:?}:\n{}", show(&want_log));
        assert_eq!(got.status.code(), want.status.code(), "exit for {args:?}");
        got
    }
}

trait CreateDir {
    fn canonicalize_or_create(self) -> PathBuf;
}

impl CreateDir for PathBuf {
    fn canonicalize_or_create(self) -> PathBuf {
        std::fs::create_dir_all(&self).unwrap();
        self.canonicalize().unwrap()
    }
}

fn without_find_errors(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("find:"))
        .collect()
}

const PASSING: &str =
    "# Plan Quality Checklist\n\n## A\n\n- [x] spec linked\n- [X] sections filled\n";
const FAILING: &str = "# Plan Quality Checklist\r\n\r\n- [x] done\r\n  - [ ] nested, CRLF\r\n\t-\t[ ] tabs: and a colon\r\n-[ ] tight\r\n```\r\n- [ ] inside a code block (the script greps)\r\n```\r\n* [ ] a star is not a dash\r\n- [ ]";

#[test]
fn no_argument_checks_every_feature_checklist_in_sorted_order() {
    let repo = Repo::new();
    repo.write("harness/.keep", "");
    repo.write(
        "plans/svc/EPIC-1/features/F-B/checklists/PlanQualityGate.md",
        FAILING,
    );
    repo.write(
        "plans/svc/EPIC-1/features/F-A/checklists/PlanQualityGate.md",
        PASSING,
    );
    // `*` in `find -path` crosses folders, and hidden folders are searched.
    repo.write(
        "plans/svc/EPIC-1/features/F-C/deep/checklists/PlanQualityGate.md",
        PASSING,
    );
    repo.write(
        "plans/.hidden/features/F-D/checklists/PlanQualityGate.md",
        PASSING,
    );
    // Not under features/, or not the gate checklist: ignored.
    repo.write("plans/svc/EPIC-1/checklists/PlanQualityGate.md", FAILING);
    repo.write(
        "plans/svc/EPIC-1/features/F-A/checklists/requirements.md",
        FAILING,
    );
    let out = repo.same(&repo.root, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with(&format!(
        "[{STAMP}] plan quality check: PASSED\ntarget: plans/.hidden/"
    )));
    assert!(
        stdout.contains("  - line 4: - [ ] nested, CRLF\r\n"),
        "{stdout}"
    );
    // The same from a subfolder: the root is the repository's.
    repo.same(&repo.root.join("plans/svc"), &[]);
}

#[test]
fn arguments_are_relative_to_the_repository_root() {
    let repo = Repo::new();
    repo.write("harness/.keep", "");
    repo.write(
        "plans/s/E/features/F1/checklists/PlanQualityGate.md",
        PASSING,
    );
    repo.write("other/checklist.md", FAILING);
    let absolute = repo.root.join("other/checklist.md").display().to_string();
    repo.same(
        &repo.root.join("plans"),
        &[
            "plans/s/E/features/F1/checklists/PlanQualityGate.md",
            "./other/checklist.md",
            &absolute,
            "missing/PlanQualityGate.md",
            "/nowhere/PlanQualityGate.md",
        ],
    );
    let out = repo.same(
        &repo.root,
        &["plans/s/E/features/F1/checklists/PlanQualityGate.md"],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn no_checklist_found() {
    let repo = Repo::new();
    repo.write("harness/.keep", "");
    let out = repo.same(&repo.root, &[]); // no plans/ at all
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("[{STAMP}] plan quality check: FAILED (no plan checklist files found)\n")
    );
    repo.write("plans/README.md", "nothing here\n");
    repo.same(&repo.root, &[]);
}

#[test]
fn without_a_harness_folder_both_print_the_record_and_fail() {
    let repo = Repo::new();
    repo.write(
        "plans/s/E/features/F1/checklists/PlanQualityGate.md",
        PASSING,
    );
    let want = repo.script(&repo.root, &[]);
    let got = repo.planlint(&repo.root, &[]);
    assert_eq!(got.stdout, want.stdout);
    assert_eq!(got.status.code(), want.status.code());
    assert_eq!(got.status.code(), Some(1));
    assert!(
        !repo.root.join("harness").exists(),
        "planlint must not create harness/"
    );
    assert!(String::from_utf8_lossy(&got.stderr).contains("cannot append to"));
}
