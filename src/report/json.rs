//! `--format json`: one array of findings, each with path, code, name, severity, message,
//! help, line, column, end_line, end_column, offset, length and profile.

use std::io::Write;

use crate::engine::Finding;

pub fn write(findings: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, findings)?;
    writeln!(out)
}
