//! `--format gitlab`: GitLab Code Quality JSON (a Code Climate subset): an array of issues
//! with `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
//! `location.lines.begin`. Fingerprints come from [`super::fingerprints`]: they do not
//! change when lines are inserted above a finding, so GitLab's merge-request widget shows
//! only findings that are really new or really fixed.

use serde_json::json;

use crate::engine::Finding;
use crate::severity::Severity;

/// A plan set's findings as items of the top-level array.
pub fn items(findings: &[Finding]) -> String {
    let fingerprints = super::fingerprints(findings);
    let issues = findings.iter().zip(fingerprints).map(|(f, fingerprint)| {
        let severity = match f.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        };
        json!({
            "type": "issue",
            "engine_name": "planlint",
            "check_name": f.code,
            "description": format!("{}: {} ({})", f.code, f.message, f.name),
            "content": { "body": f.help },
            "categories": ["Style"],
            "severity": severity,
            "fingerprint": fingerprint,
            "location": {
                "path": f.path,
                "lines": { "begin": f.line, "end": f.end_line }
            }
        })
    });
    super::json_items(issues, "")
}
