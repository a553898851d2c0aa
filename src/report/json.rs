//! `--format json`: one array of findings, each with path, code, name, severity, message,
//! help, line, column, end_line, end_column, offset, length and profile.

use crate::engine::Finding;

/// A plan set's findings as items of the top-level array.
pub fn items(findings: &[Finding]) -> String {
    super::json_items(findings.iter(), "")
}
