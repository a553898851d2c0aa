//! Where a custom `forbid` / `require` pattern is looked for: a scope (prose, tables, one
//! column, code blocks, headings, anywhere), optionally narrowed to sections whose heading
//! matches a regex. Every piece keeps its byte span, so findings point at the exact text.

use crate::word_regex::WordRegex;
use crate::yaml::Pattern;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::document::{Document, Span};

/// Which text of a Markdown file a pattern is matched against.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Text outside code blocks, inline code, HTML comments and link targets (tables included).
    #[default]
    Prose,
    /// Each body cell of every table (header rows excluded).
    Tables,
    /// Each body cell of the column named by `column`.
    Column,
    /// The bodies of fenced and indented code blocks.
    Code,
    /// Heading text (without the `#` markers).
    Headings,
    /// The raw file, code and comments included.
    Anywhere,
}

impl Scope {
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Prose => "prose (text outside code and comments)",
            Scope::Tables => "table cells",
            Scope::Column => "a table column",
            Scope::Code => "code blocks",
            Scope::Headings => "headings",
            Scope::Anywhere => "the raw file",
        }
    }
}

/// A scope narrowed to sections.
#[derive(Debug, Clone)]
pub struct Region {
    pub scope: Scope,
    /// Only inside sections whose heading (as written, or its normalised key) matches.
    pub section: Option<Pattern>,
    /// The column header for [`Scope::Column`].
    pub column: Option<String>,
}

/// A stretch of a document to search: `span` indexes `Document::text`; for prose the
/// searched text is `Document::prose`, which has the same offsets with code blanked out.
pub struct Piece {
    pub span: Span,
    prose: bool,
}

impl Piece {
    pub fn text<'d>(&self, doc: &'d Document) -> &'d str {
        let source = if self.prose { &doc.prose } else { &doc.text };
        &source[self.span.clone()]
    }

    /// Non-empty matches of `re`, as spans of the document.
    pub fn matches<'p>(
        &'p self,
        doc: &'p Document,
        re: &'p WordRegex,
    ) -> impl Iterator<Item = Span> + 'p {
        re.find_iter(self.text(doc))
            .filter(|m| !m.is_empty())
            .map(|m| self.span.start + m.start()..self.span.start + m.end())
    }
}

/// Headings whose text or key matches `re`.
pub fn matching_sections<'d>(
    doc: &'d Document,
    re: &'d WordRegex,
) -> impl Iterator<Item = usize> + 'd {
    doc.headings
        .iter()
        .enumerate()
        .filter(|(_, h)| re.is_match(&h.text) || re.is_match(&h.key))
        .map(|(i, _)| i)
}

impl Region {
    /// The spans the region covers before the scope applies: the bodies of matching sections,
    /// or the whole file. Each comes with the heading it belongs to.
    pub fn areas(&self, doc: &Document) -> Vec<(Option<usize>, Span)> {
        match &self.section {
            Some(re) => matching_sections(doc, re)
                .map(|i| (Some(i), doc.section_body(i)))
                .collect(),
            None => vec![(None, 0..doc.text.len())],
        }
    }

    /// The pieces of `area` the scope selects.
    pub fn pieces(&self, doc: &Document, area: &Span) -> Vec<Piece> {
        let text = |span: Span| Piece { span, prose: false };
        match self.scope {
            Scope::Prose => vec![Piece {
                span: area.clone(),
                prose: true,
            }],
            Scope::Anywhere => vec![text(area.clone())],
            Scope::Code => doc
                .code_blocks
                .iter()
                .filter(|b| area.start <= b.span.start && b.span.end <= area.end)
                .map(|b| text(b.body.clone()))
                .collect(),
            Scope::Headings => doc
                .headings
                .iter()
                .filter(|h| area.start <= h.span.start && h.span.end <= area.end)
                .map(|h| text(heading_text(doc, &h.span)))
                .collect(),
            Scope::Tables => doc
                .tables_in(area)
                .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
                .map(|c| text(c.span.clone()))
                .collect(),
            Scope::Column => {
                let Some(name) = self.column.as_deref() else {
                    return Vec::new();
                };
                doc.tables_in(area)
                    .filter_map(|t| t.column(&[name]).map(|i| (t, i)))
                    .flat_map(|(t, i)| t.rows.iter().filter_map(move |r| r.cells.get(i)))
                    .map(|c| text(c.span.clone()))
                    .collect()
            }
        }
    }
}

/// A heading line without its `#` markers, closing hashes and line ending.
fn heading_text(doc: &Document, span: &Span) -> Span {
    let line = &doc.text[span.clone()];
    let after_hashes = line.trim_start_matches('#');
    let start = span.start + (line.len() - after_hashes.trim_start().len());
    // Setext headings span two lines: keep the first.
    let body = after_hashes
        .trim_start()
        .lines()
        .next()
        .unwrap_or("")
        .trim_end();
    // A closing `#` sequence counts only after a space (`## C#` keeps its `#`).
    let unclosed = body.trim_end_matches('#');
    let body = if unclosed.len() < body.len() && (unclosed.is_empty() || unclosed.ends_with(' ')) {
        unclosed.trim_end()
    } else {
        body
    };
    start..start + body.len()
}
