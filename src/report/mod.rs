//! Output formats. Every format is rendered per plan set, in parallel on the worker that
//! linted it, and [`Output`] writes the parts in order as they come in, so a run never holds
//! more than the plan sets in flight. The machine formats are planlint's own serialisers (line
//! and column as well as byte offsets).

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

/// Renders one plan set's findings, on the worker that linted it: miette reports for human
/// output, and for the machine formats the set's part of the document (JSON array items,
/// SARIF results, JUnit failures, lines), which [`Output`] puts together in order.
pub enum SetRenderer {
    Human(HumanRenderer),
    Machine(Format),
}

impl SetRenderer {
    pub fn render(&self, result: &SetResult) -> String {
        let findings = &result.findings;
        match self {
            SetRenderer::Human(h) => h.render(result),
            SetRenderer::Machine(format) => match format {
                Format::Human | Format::Concise => findings.iter().map(concise_line).collect(),
                Format::Json => json::items(findings),
                Format::Sarif => sarif::items(findings),
                Format::Github => github::lines(findings),
                Format::Junit => junit::failures(findings),
                Format::Gitlab => gitlab::items(findings),
            },
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

/// The output of a run, written as each plan set's rendered part comes in: text formats as
/// they are, the JSON formats' items inside their array, JUnit's test cases at the end (its
/// header counts them).
pub struct Output<W: Write> {
    format: Format,
    out: W,
    array: Option<JsonArray>,
    /// Items written inside the array so far.
    items: usize,
    cases: Vec<junit::Case>,
}

impl<W: Write> Output<W> {
    pub fn new(format: Format, out: W) -> Self {
        let array = match format {
            Format::Json | Format::Gitlab => Some(JsonArray::top_level()),
            Format::Sarif => Some(sarif::frame()),
            _ => None,
        };
        Output {
            format,
            out,
            array,
            items: 0,
            cases: Vec::new(),
        }
    }

    /// One plan set's rendered findings. `amends`: the index (in the order given) of an
    /// earlier set these findings belong to, for the branch findings that join the set they
    /// are reported against once the whole job is linted.
    pub fn set(
        &mut self,
        plan: &str,
        profile: &str,
        rendered: &str,
        amends: Option<usize>,
    ) -> std::io::Result<()> {
        if self.format == Format::Junit {
            match amends.and_then(|i| self.cases.get_mut(i)) {
                Some(case) => case.failures.push_str(rendered),
                None => self.cases.push(junit::Case {
                    plan: plan.to_string(),
                    profile: profile.to_string(),
                    failures: rendered.to_string(),
                }),
            }
            return Ok(());
        }
        if rendered.is_empty() {
            return Ok(());
        }
        if let Some(array) = &self.array {
            let separator = if self.items == 0 { &array.open } else { "," };
            writeln!(self.out, "{separator}")?;
            self.items += 1;
        }
        self.out.write_all(rendered.as_bytes())
    }

    /// Close the document; the writer is handed back for the statistics and summary.
    pub fn finish(mut self) -> std::io::Result<W> {
        if let Some(array) = &self.array {
            if self.items == 0 {
                write!(self.out, "{}]{}", array.open, array.tail)?;
            } else {
                write!(self.out, "\n{}]{}", array.indent, array.tail)?;
            }
        }
        if self.format == Format::Junit {
            junit::write(&self.cases, &mut self.out)?;
        }
        Ok(self.out)
    }
}

/// A pretty-printed JSON document around one array that is streamed: the text up to and
/// including its `[`, the indentation of its `]`, and the text after it.
struct JsonArray {
    open: String,
    indent: String,
    tail: String,
}

impl JsonArray {
    fn top_level() -> Self {
        JsonArray {
            open: "[".into(),
            indent: String::new(),
            tail: "\n".into(),
        }
    }

    /// The array under `key` of a document pretty-printed with that array empty (it must be
    /// the document's last array).
    fn around(document: &str, key: &str) -> Self {
        let empty = format!("\"{key}\": []");
        let at = document
            .rfind(&empty)
            .unwrap_or_else(|| unreachable!("the frame has an empty `{key}` array"));
        let line_start = document[..at].rfind('\n').map_or(0, |n| n + 1);
        JsonArray {
            open: document[..at + empty.len() - 1].to_string(),
            indent: document[line_start..at].to_string(),
            tail: format!("{}\n", &document[at + empty.len()..]),
        }
    }
}

/// Array items pretty-printed at the depth of an array whose `]` is indented by `indent`,
/// joined by commas (no comma before the first or after the last).
fn json_items<T: serde::Serialize>(items: impl Iterator<Item = T>, indent: &str) -> String {
    let inner = format!("\n{indent}  ");
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        let text = serde_json::to_string_pretty(&item)
            .unwrap_or_else(|e| unreachable!("findings and JSON values serialise: {e}"));
        // JSON strings hold no raw newline, so every newline is between tokens.
        out.push_str(&inner[1..]);
        out.push_str(&text.replace('\n', &inner));
    }
    out
}

/// A stable identity for a finding that survives line shifts: a SHA-1 over the rule, the
/// file, the message and the flagged text (whitespace collapsed), plus the finding's rank
/// among identical ones of its plan set (the set that holds the file, so a file's findings
/// are ranked together). Line and column are left out on purpose. Shared by GitLab's
/// `fingerprint` and SARIF's `partialFingerprints`.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
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
