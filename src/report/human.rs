//! Human output: miette's graphical reports (code, severity, labelled span with source lines,
//! help), or its narrated form when `NO_GRAPHICS` is set, for screen readers.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource,
    NarratableReportHandler, SourceSpan,
};

use crate::engine::{Finding, SetResult};
use crate::severity::Severity;

pub enum HumanRenderer {
    Graphical(Box<GraphicalReportHandler>),
    Narrated(NarratableReportHandler),
}

impl HumanRenderer {
    /// `color`: whether to emit colours and hyperlinks (decided once, from the terminal,
    /// `--color` and `NO_COLOR`).
    pub fn new(color: bool, narrated: bool) -> Self {
        if narrated {
            return HumanRenderer::Narrated(NarratableReportHandler::new());
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        HumanRenderer::Graphical(Box::new(
            GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(color),
        ))
    }

    pub fn render(&self, result: &SetResult) -> String {
        let mut out = String::new();
        let mut sources: Vec<Option<Arc<NamedSource<String>>>> = vec![None; result.set.files.len()];
        for finding in &result.findings {
            let src = sources[finding.file].get_or_insert_with(|| {
                let text = result.set.files[finding.file]
                    .text()
                    .unwrap_or("")
                    .to_string();
                Arc::new(NamedSource::new(&finding.path, text).with_language("markdown"))
            });
            let report = Report {
                finding,
                src: src.clone(),
            };
            let written = match self {
                HumanRenderer::Graphical(h) => h.render_report(&mut out, &report),
                HumanRenderer::Narrated(h) => h.render_report(&mut out, &report),
            };
            if written.is_err() {
                out.push_str(&crate::report::concise_line(finding));
            }
            out.push('\n');
        }
        out
    }
}

struct Report<'a> {
    finding: &'a Finding,
    src: Arc<NamedSource<String>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            self.finding.code, self.finding.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} (planlint explain {})",
            self.finding.help, self.finding.code
        )))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.finding.offset.into(), self.finding.length);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.finding.name.to_string()),
            span,
        ))))
    }
}
