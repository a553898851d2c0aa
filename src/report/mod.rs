//! Output formats. Human and concise output is rendered per plan set (in parallel, on the
//! worker that linted it) and printed in order; machine formats serialise all findings at the
//! end with planlint's own serialisers (line and column as well as byte offsets).

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

pub use human::HumanRenderer;

use std::io::Write;

use crate::engine::{Finding, SetResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, IDEs).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML: one test case per plan set.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// One linted plan set as the machine formats see it (clean sets included, for JUnit).
pub struct SetReport<'a> {
    /// The plan file, as shown (relative to the current folder).
    pub plan: &'a str,
    pub profile: &'a str,
    pub findings: &'a [Finding],
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

/// Write the machine formats' document for every plan set of the run.
pub fn write_machine(
    format: Format,
    sets: &[SetReport],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let findings: Vec<&Finding> = sets.iter().flat_map(|s| s.findings).collect();
    match format {
        Format::Json => json::write(&findings, out),
        Format::Sarif => sarif::write(&findings, out),
        Format::Github => github::write(&findings, out),
        Format::Junit => junit::write(sets, out),
        Format::Gitlab => gitlab::write(&findings, out),
        Format::Human | Format::Concise => Ok(()),
    }
}

/// A stable identity for a finding that survives line shifts: a SHA-1 over the rule, the
/// file, the message and the flagged text (whitespace collapsed), plus the finding's rank
/// among identical ones. Line and column are left out on purpose. Shared by GitLab's
/// `fingerprint` and SARIF's `partialFingerprints`.
pub fn fingerprints(findings: &[&Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    findings
        .iter()
        .map(|f| {
            let excerpt = f.excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
            let identity = format!("{}\0{}\0{}\0{}", f.code, f.path, f.message, excerpt);
            let rank = seen.entry(identity.clone()).or_default();
            *rank += 1;
            let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
            hasher.update(format!("planlint/v1\0{identity}\0{rank}").as_bytes());
            hasher
                .try_finalize()
                .map(|id| id.to_hex().to_string())
                .unwrap_or_default()
        })
        .collect()
}
