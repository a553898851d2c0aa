//! Human output: miette's graphical reports (code, severity, labelled span with source lines,
//! help), or its narrated form when `NO_GRAPHICS` is set, for screen readers.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
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
        let mut sources: Vec<Option<LinedSource>> = Vec::new();
        sources.resize_with(result.set.files.len(), || None);
        for finding in &result.findings {
            let src = sources[finding.file].get_or_insert_with(|| {
                let text = result.set.files[finding.file].shown_text();
                LinedSource::new(&finding.path, text)
            });
            let report = Report { finding, src };
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

/// A plan file as miette's source code, with its line starts. miette finds a span's lines by
/// reading the text from its start, once per label and per context request: for a long plan
/// with many findings that was most of the rendering time. Here it reads from the first line
/// it shows, and the result is shifted back; lines are counted as miette counts them (`\r\n`,
/// `\n` or a lone `\r` ends one).
struct LinedSource<'t> {
    name: String,
    text: &'t str,
    line_starts: Vec<usize>,
}

impl<'t> LinedSource<'t> {
    fn new(name: &str, text: &'t str) -> LinedSource<'t> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')) {
                line_starts.push(at + 1);
            }
        }
        LinedSource {
            name: name.to_string(),
            text,
            line_starts,
        }
    }
}

impl SourceCode for LinedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Context lines count back from the span's first line, or for an empty span from the
        // line of the byte before it (miette reads an empty span up to that byte).
        let first_read = (span.offset() + span.len())
            .saturating_sub(1)
            .min(span.offset());
        let line = self.line_starts.partition_point(|&s| s <= first_read) - 1;
        let first = line.saturating_sub(context_lines_before);
        let base = self.line_starts[first];
        let from_base = SourceSpan::new((span.offset() - base).into(), span.len());
        let read =
            self.text[base..].read_span(&from_base, context_lines_before, context_lines_after)?;
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            read.data(),
            SourceSpan::new((read.span().offset() + base).into(), read.span().len()),
            read.line() + first,
            read.column(),
            read.line_count() + first,
        );
        Ok(Box::new(contents.with_language("markdown")))
    }
}

struct Report<'a> {
    finding: &'a Finding,
    src: &'a LinedSource<'a>,
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
        Some(self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.finding.offset.into(), self.finding.length);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.finding.name.to_string()),
            span,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span of a text with each kind of line ending reads as miette reads it.
    #[test]
    fn lined_source_reads_spans_as_miette_does() {
        let text = "# Plan\r\n\r\nline two\rlone cr\nlf line\n\n- [ ] T001 task\r\nlast";
        let lined = LinedSource::new("plan.md", text);
        let named = miette::NamedSource::new("plan.md", text.to_string()).with_language("markdown");
        let mut compared = 0;
        for offset in 0..=text.len() {
            for len in [0, 1, 3, 12] {
                for (before, after) in [(0, 0), (1, 1), (2, 3), (9, 0)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let ours = lined.read_span(&span, before, after);
                    let theirs = named.read_span(&span, before, after);
                    let shown = |r: Result<Box<dyn SpanContents<'_> + '_>, MietteError>| {
                        r.map(|c| {
                            (
                                c.data().to_vec(),
                                *c.span(),
                                c.line(),
                                c.column(),
                                c.line_count(),
                                c.name().map(str::to_string),
                                c.language().map(str::to_string),
                            )
                        })
                        .map_err(|e| e.to_string())
                    };
                    assert_eq!(
                        shown(ours),
                        shown(theirs),
                        "{offset}+{len} ({before}, {after})"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 500);
    }
}
