//! Output formats. Human and concise output is rendered per plan set (in parallel, on the
//! worker that linted it) and printed in order; machine formats serialise all findings at the
//! end with planlint's own serialisers (line and column as well as byte offsets).

mod human;
mod json;

pub use human::HumanRenderer;

use std::io::Write;

use crate::engine::{Finding, SetResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
}

/// Renders one plan set's findings as it is finished (text formats only).
pub enum SetRenderer {
    Human(HumanRenderer),
    Concise,
    /// Machine formats render everything at the end.
    Deferred,
}

impl SetRenderer {
    pub fn render(&self, result: &SetResult) -> String {
        match self {
            SetRenderer::Human(h) => h.render(result),
            SetRenderer::Concise => result.findings.iter().map(concise_line).collect(),
            SetRenderer::Deferred => String::new(),
        }
    }
}

/// `path:line:col: severity[CODE] message`
pub fn concise_line(f: &Finding) -> String {
    format!(
        "{}:{}:{}: {}[{}] {}\n",
        f.path, f.line, f.column, f.severity, f.code, f.message
    )
}

/// Write the machine formats' document for all findings.
pub fn write_machine(
    format: Format,
    findings: &[&Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(findings, out),
        Format::Human | Format::Concise => Ok(()),
    }
}
