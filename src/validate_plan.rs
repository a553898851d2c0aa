//! `planlint validate-plan [CHECKLIST…]`: a drop-in for DeepAgentsSpec's
//! `scripts/validate_plan.sh`, printing and appending to `harness/AI-Agent-progress.txt` the
//! same records, byte for byte, with the same exit status.
//!
//! What the script does, and so what this does:
//! - The repository root is the git work tree's root, else the current folder.
//! - With no argument, the checklists are the regular files under `<root>/plans` whose full
//!   path matches `*/features/*/checklists/PlanQualityGate.md` (as `find -path`: `*` crosses
//!   `/`, hidden folders are searched, symlinks are not followed), sorted bytewise.
//! - A relative argument is relative to the repository root (not the current folder).
//! - A checklist fails when a line (code blocks included: the script greps) matches
//!   `^[[:space:]]*-[[:space:]]*\[ \]`; each is listed as `  - line N: <line without its
//!   leading whitespace>` (a CR of a CRLF file stays, as in the script).
//! - `PASSED` and `FAILED` records go to stdout; "not found" records and the "no plan
//!   checklist files found" line go to stderr; all go to the log.
//! - Exit 0 when every checklist passes, 1 otherwise or when none is found.
//!
//! Where it departs from the script, deliberately: an unreadable checklist fails (the script's
//! grep error made it pass) with `  - checklist file not readable`; when the log cannot be
//! appended to (no `harness/` folder), the record is still printed, the reason goes to stderr
//! and the run stops with exit 1 (the script's `tee` failure stops it under `set -e`, also
//! with 1). `SOURCE_DATE_EPOCH` fixes the clock for reproducible logs.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the records are appended, relative to the repository root.
pub const PROGRESS_FILE: &str = "harness/AI-Agent-progress.txt";
/// The checklists found when no argument is given, matched against the whole path.
const CHECKLIST_PATH: &str = "*/features/*/checklists/PlanQualityGate.md";

/// Which stream a record is printed on.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// Run the check over `args` (checklist paths as given) from `cwd`; returns the exit status.
pub fn run(args: &[OsString], cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let root = crate::git::work_tree_root(cwd)
        .unwrap_or_else(|| cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf()));
    let log = root.join(PROGRESS_FILE);
    let mut out = Records {
        log: &log,
        stdout,
        stderr,
    };

    let files: Vec<OsString> = if args.is_empty() {
        find_checklists(&root)
    } else {
        args.to_vec()
    };
    if files.is_empty() {
        let record = format!(
            "[{}] plan quality check: FAILED (no plan checklist files found)\n",
            timestamp()
        );
        let _ = out.emit(Stream::Err, record.as_bytes());
        return 1;
    }

    let root_prefix = [root.as_os_str().as_encoded_bytes(), b"/"].concat();
    let mut status = 0;
    for arg in files {
        // As the script: `file="$REPO_ROOT/$file"` for relative paths, no normalisation.
        let file = if arg.as_encoded_bytes().starts_with(b"/") {
            arg
        } else {
            let mut joined = root.as_os_str().to_os_string();
            joined.push("/");
            joined.push(&arg);
            joined
        };
        let shown = file.as_encoded_bytes();
        let rel = shown.strip_prefix(&root_prefix[..]).unwrap_or(shown);
        let path = Path::new(&file);
        let (passed, stream, record) = if !path.is_file() {
            (
                false,
                Stream::Err,
                failed(shown, &[b"checklist file not found".to_vec()]),
            )
        } else {
            match std::fs::read(path) {
                Err(_) => (
                    false,
                    Stream::Err,
                    failed(rel, &[b"checklist file not readable".to_vec()]),
                ),
                Ok(bytes) => match unchecked_lines(&bytes) {
                    issues if issues.is_empty() => (true, Stream::Out, passed_record(rel)),
                    issues => (false, Stream::Out, failed(rel, &issues)),
                },
            }
        };
        if !passed {
            status = 1;
        }
        if out.emit(stream, &record).is_err() {
            return 1;
        }
    }
    status
}

/// A PASSED record.
fn passed_record(target: &[u8]) -> Vec<u8> {
    let mut r = format!("[{}] plan quality check: PASSED\ntarget: ", timestamp()).into_bytes();
    r.extend_from_slice(target);
    r.push(b'\n');
    r
}

/// A FAILED record listing its incomplete items.
fn failed(target: &[u8], items: &[Vec<u8>]) -> Vec<u8> {
    let mut r = format!("[{}] plan quality check: FAILED\ntarget: ", timestamp()).into_bytes();
    r.extend_from_slice(target);
    r.extend_from_slice(b"\nincomplete items:\n");
    for item in items {
        r.extend_from_slice(b"  - ");
        r.extend_from_slice(item);
        r.push(b'\n');
    }
    r
}

/// `line N: <text>` for every line that is an unchecked box, as the script's
/// `grep -nE '^[[:space:]]*-[[:space:]]*\[ \]'` and its leading-whitespace trim produce.
fn unchecked_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let text = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c');
    text.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| {
            let rest = &line[line.iter().take_while(|b| space(b)).count()..];
            let Some(rest) = rest.strip_prefix(b"-") else {
                return false;
            };
            rest[rest.iter().take_while(|b| space(b)).count()..].starts_with(b"[ ]")
        })
        .map(|(n, line)| {
            let trimmed = &line[line.iter().take_while(|b| space(b)).count()..];
            [format!("line {}: ", n + 1).as_bytes(), trimmed].concat()
        })
        .collect()
}

/// The checklists under `<root>/plans` whose whole path matches [`CHECKLIST_PATH`], sorted
/// bytewise.
fn find_checklists(root: &Path) -> Vec<OsString> {
    let matcher = globset::Glob::new(CHECKLIST_PATH)
        .map(|g| g.compile_matcher())
        .unwrap_or_else(|e| unreachable!("static glob: {e}"));
    let mut found = Vec::new();
    let mut pending = vec![root.join("plans")];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && matcher.is_match(&path) {
                found.push(path.into_os_string());
            }
        }
    }
    found.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    found
}

/// Prints records and appends them to the progress log.
struct Records<'a> {
    log: &'a Path,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
}

impl Records<'_> {
    /// Print a record and append it to the log; `Err` when the log cannot be written (the
    /// reason has been reported).
    fn emit(&mut self, stream: Stream, record: &[u8]) -> Result<(), ()> {
        let printed = match stream {
            Stream::Out => self
                .stdout
                .write_all(record)
                .and_then(|_| self.stdout.flush()),
            Stream::Err => self.stderr.write_all(record),
        };
        let logged = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(self.log)
            .and_then(|mut f| f.write_all(record));
        if let Err(e) = logged {
            let _ = writeln!(
                self.stderr,
                "planlint: cannot append to {}: {e}",
                self.log.display()
            );
            return Err(());
        }
        printed.map_err(|_| ())
    }
}

/// `YYYY-MM-DD HH:MMZ` in UTC, as `date -u +"%Y-%m-%d %H:%MZ"`; `SOURCE_DATE_EPOCH` (seconds)
/// replaces the clock.
fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let days = secs.div_euclid(86_400);
    let minute_of_day = secs.rem_euclid(86_400) / 60;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}Z",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn unchecked_lines_as_grep_finds_them() {
        let text = b"# C\n- [x] done\n  - [ ] nested\n-[ ] tight\n\t- \t[ ] tab\n- [ ]\r\n* [ ] star\n```\n- [ ] in code\n```\n- [ ] last";
        let got: Vec<String> = unchecked_lines(text)
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                "line 3: - [ ] nested",
                "line 4: -[ ] tight",
                "line 5: - \t[ ] tab",
                "line 6: - [ ]\r",
                "line 9: - [ ] in code",
                "line 11: - [ ] last",
            ]
        );
    }
}
