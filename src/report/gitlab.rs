//! `--format gitlab`: GitLab Code Quality JSON (a Code Climate subset): an array of issues
//! with `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
//! `location.lines.begin`. Fingerprints come from [`super::fingerprints`]: they do not
//! change when lines are inserted above a finding, so GitLab's merge-request widget shows
//! only findings that are really new or really fixed.

use std::io::Write;

use serde_json::json;

use crate::engine::Finding;
use crate::severity::Severity;

pub fn write(findings: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let fingerprints = super::fingerprints(findings);
    let issues: Vec<serde_json::Value> = findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| {
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
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
