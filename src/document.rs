//! The document model: one Markdown file parsed once with pulldown-cmark into the pieces rules
//! look at (headings, tables, list items, code, comments, links, header fields), each with the
//! byte span it came from.
//!
//! Offsets always index [`Document::text`], the file exactly as read. A leading BOM and a YAML
//! front-matter block at offset 0 are cut off before parsing and the parser's offsets shifted
//! back, because pulldown-cmark recognises metadata blocks anywhere in a file and a `---` rule
//! followed by text would otherwise swallow plan content.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::lines::LineIndex;

pub type Span = Range<usize>;

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading line(s).
    pub span: Span,
    /// The heading's inline text as written (emphasis markers dropped).
    pub text: String,
    /// `text` normalised for matching: lowercase, numbering (`3.1`, `IV.`) and trailing
    /// parenthesised markers such as `*(mandatory)*` removed.
    pub key: String,
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// The cell's content, padding trimmed (may be empty: `start == end`).
    pub span: Span,
    /// Inline text of the cell, inline code included without backticks.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub header: Row,
    pub rows: Vec<Row>,
}

impl Table {
    /// Index of the first header cell whose text matches one of `names` (case-insensitive,
    /// emphasis and a trailing `?` or `:` ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.cells.iter().position(|c| {
            let t = normalise_label(&c.text);
            names.iter().any(|n| t.eq_ignore_ascii_case(n))
        })
    }

    /// The header cells as labels: lowercase, emphasis and a trailing `?`/`:` dropped.
    pub fn header_labels(&self) -> Vec<String> {
        self.header
            .cells
            .iter()
            .map(|c| normalise_label(&c.text))
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct ListItem {
    /// The whole item, nested content included.
    pub span: Span,
    /// `Some(checked)` for task-list items.
    pub checked: Option<bool>,
    /// Nesting depth, 0 for a top-level item.
    pub depth: usize,
    /// Inline text of the item's own first block (nested lists excluded).
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub span: Span,
    /// The info string of a fenced block (empty for indented blocks and bare fences).
    pub info: String,
    pub fenced: bool,
    /// The code itself, fences excluded.
    pub body: Span,
}

impl CodeBlock {
    /// The language: the first word of the info string, lowercase.
    pub fn language(&self) -> String {
        self.info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

#[derive(Debug, Clone)]
pub struct InlineCode {
    /// Backticks included.
    pub span: Span,
    /// The code as pulldown-cmark reads it (see [`Document::code_of`]).
    code: CodeText,
}

/// Where an inline code's text is: in the file, as almost always, or rewritten by the parser
/// (line breaks inside the backticks become spaces), when it is kept apart. A plan holds
/// inline code by the hundred: this saves a copy of each.
#[derive(Debug, Clone)]
enum CodeText {
    Source(Span),
    Rewritten(Box<str>),
}

#[derive(Debug, Clone)]
pub struct HtmlComment {
    /// `<!--` to `-->` (to the end of the HTML block when unterminated).
    pub span: Span,
    /// The text between the delimiters, trimmed.
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub span: Span,
    pub dest: String,
}

/// A header line field: `**Name**: value`, `**Name:** value`, or `Name: value` before the first
/// level-2 heading. Several bold fields may share a line, separated by `|`.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    /// The value trimmed, with wrapping backticks and emphasis removed.
    pub value: String,
    pub span: Span,
    /// The raw value, trimmed (empty at the end of the field when there is no value).
    pub value_span: Span,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The file as read, BOM included.
    pub text: String,
    pub lines: LineIndex,
    /// `text` with code blocks, inline code, HTML comments, link destinations and front matter
    /// replaced by spaces (line breaks kept), so prose regexes give offsets into `text`.
    pub prose: String,
    pub front_matter: Option<Span>,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    pub list_items: Vec<ListItem>,
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<InlineCode>,
    pub comments: Vec<HtmlComment>,
    pub links: Vec<Link>,
    /// The fields before the first level-2 heading (see [`Document::header_fields`]).
    header_fields: Vec<Field>,
    /// The fields after it, read on first use: most files are only asked for their header.
    body_fields: OnceLock<Vec<Field>>,
    /// Where the header ends: the first level-2 heading (or the end of the text).
    header_end: usize,
    /// Paragraphs (text blocks outside tables and headings; in loose lists, the paragraphs of
    /// items too), in document order.
    pub paragraphs: Vec<Span>,
    /// Code blocks, HTML comments and front matter, sorted and merged.
    opaque: Vec<Span>,
    /// Where each heading's section ends.
    section_ends: Vec<usize>,
}

const BOM: &str = "\u{feff}";

impl Document {
    pub fn parse(text: String) -> Document {
        let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let front_matter = front_matter_span(&text, bom);
        let body_start = front_matter.as_ref().map_or(bom, |fm| fm.end);
        let parts = {
            let mut builder = Builder::new(&text, body_start);
            let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
            for (event, range) in Parser::new_ext(&text[body_start..], opts).into_offset_iter() {
                let range = range.start + body_start..range.end + body_start;
                builder.event(event, range);
            }
            builder.finish(front_matter)
        };
        Document { text, ..parts }
    }

    /// The code of an inline code span, without its backticks and the one space that may pad
    /// them.
    pub fn code_of<'d>(&'d self, code: &'d InlineCode) -> &'d str {
        match &code.code {
            CodeText::Source(span) => &self.text[span.clone()],
            CodeText::Rewritten(code) => code,
        }
    }

    /// 0-based line of an offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }

    /// The text of a 0-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.lines.line_range(&self.text, line)]
    }

    /// From a heading to the next heading of the same or a higher level.
    pub fn section_span(&self, heading: usize) -> Span {
        self.headings[heading].span.start..self.section_ends[heading]
    }

    /// A section without its heading line.
    pub fn section_body(&self, heading: usize) -> Span {
        self.headings[heading].span.end..self.section_span(heading).end
    }

    /// The first heading whose key equals one of `keys` (keys are lowercase).
    pub fn find_heading<S: AsRef<str>>(&self, keys: &[S]) -> Option<usize> {
        self.headings
            .iter()
            .position(|h| keys.iter().any(|k| h.key == k.as_ref()))
    }

    /// The headings whose sections hold `offset`, innermost first.
    pub fn headings_around(&self, offset: usize) -> impl Iterator<Item = &Heading> {
        let before = self.headings.partition_point(|h| h.span.start <= offset);
        (0..before)
            .rev()
            .filter(move |&i| self.section_span(i).contains(&offset))
            .map(|i| &self.headings[i])
    }

    /// Tables lying inside `span`.
    pub fn tables_in(&self, span: &Span) -> impl Iterator<Item = &Table> {
        let span = span.clone();
        self.tables
            .iter()
            .filter(move |t| t.span.start >= span.start && t.span.end <= span.end)
    }

    /// List items lying inside `span`.
    pub fn items_in(&self, span: &Span) -> impl Iterator<Item = &ListItem> {
        let span = span.clone();
        self.list_items
            .iter()
            .filter(move |i| i.span.start >= span.start && i.span.end <= span.end)
    }

    /// A list item without its nested lists: from its marker to the first nested item (or
    /// its end), so wrapped continuation lines are included and sub-bullets are not.
    pub fn item_own_span(&self, index: usize) -> Span {
        let item = &self.list_items[index];
        let nested = self.list_items[index + 1..]
            .iter()
            .take_while(|n| n.span.start < item.span.end)
            .find(|n| n.depth > item.depth)
            .map_or(item.span.end, |n| n.span.start);
        item.span.start..trim_end_ws(&self.text, item.span.start..nested)
    }

    /// The first field named like one of `names` (case-insensitive; a parenthesised qualifier
    /// such as `**Branch (historical M1 reference)**` is ignored).
    pub fn field<S: AsRef<str>>(&self, names: &[S]) -> Option<&Field> {
        let named = |f: &&Field| {
            let name = match f.name.find('(') {
                Some(i) if i > 0 && f.name.ends_with(')') => f.name[..i].trim_end(),
                _ => f.name.as_str(),
            };
            names.iter().any(|n| name.eq_ignore_ascii_case(n.as_ref()))
        };
        (self.header_fields.iter().find(named)).or_else(|| self.body_fields().iter().find(named))
    }

    /// Every field (`**Name**: value` lines anywhere, `Name: value` lines in the header), in
    /// document order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        let body = std::iter::once_with(|| self.body_fields()).flatten();
        self.header_fields.iter().chain(body)
    }

    /// The fields of the header: those before the first level-2 heading.
    pub fn header_fields(&self) -> impl Iterator<Item = &Field> {
        self.header_fields.iter()
    }

    fn body_fields(&self) -> &[Field] {
        self.body_fields.get_or_init(|| {
            let body = body_lines(&self.text, &self.lines, self.header_end)..self.text.len();
            parse_fields(&self.text, &self.lines, body, self.header_end, &self.opaque)
        })
    }

    /// Whether the front matter has a top-level `key:`.
    pub fn has_front_matter_key(&self, key: &str) -> bool {
        front_matter_has_key(&self.text, key)
    }

    /// Whether `offset` is inside an inline code span (backticks included).
    pub fn in_inline_code(&self, offset: usize) -> bool {
        let i = self.inline_code.partition_point(|c| c.span.end <= offset);
        self.inline_code
            .get(i)
            .is_some_and(|c| c.span.start <= offset)
    }

    /// Whether the character at `offset` is rendered text — prose or inline code — rather than
    /// a code block, an HTML comment, a link destination or the front matter.
    pub fn shows(&self, offset: usize) -> bool {
        let masked = self.prose.as_bytes().get(offset) == Some(&b' ')
            && self.text.as_bytes().get(offset) != Some(&b' ');
        !masked || self.in_inline_code(offset)
    }

    /// The first heading whose key equals `name`'s key (`name` as written in a pack).
    pub fn section(&self, name: &str) -> Option<usize> {
        self.find_heading(&[heading_key(name)])
    }

    /// Whether `offset` is inside a code block, an HTML comment or the front matter.
    pub fn is_opaque(&self, offset: usize) -> bool {
        let i = self.opaque.partition_point(|s| s.end <= offset);
        self.opaque.get(i).is_some_and(|s| s.start <= offset)
    }
}

/// The end of `span` with trailing whitespace dropped.
fn trim_end_ws(text: &str, span: Span) -> usize {
    span.start + text[span].trim_end().len()
}

/// Lowercase a label and drop emphasis, a trailing `?`/`:` and surrounding space.
pub fn normalise_label(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '*' || c == '_')
        .trim_end_matches(['?', ':'])
        .trim()
        .to_lowercase()
}

/// The heading key: lowercase text without numbering, leading symbols, or trailing
/// parenthesised markers and colons.
pub fn heading_key(text: &str) -> String {
    let mut s = text.trim();
    // Leading emoji, bullets and numbering: "3.1 ", "3. ", "IV. ", "1) ".
    s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    let numbering = s
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ')')
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = numbering {
        let numbered = s[..end].contains(['.', ')']);
        if numbered
            && s[..end].starts_with(|c: char| c.is_ascii_digit())
            && s[end..].starts_with(' ')
        {
            s = s[end..].trim_start();
        }
    }
    if let Some(rest) = strip_roman_numeral(s) {
        s = rest;
    }
    s = s.trim();
    loop {
        let t = s.trim_end().trim_end_matches(['*', '_', ':']).trim_end();
        match t.ends_with(')').then(|| t.rfind('(')).flatten() {
            Some(open) if open > 0 => s = &t[..open],
            _ => return lowercase(t),
        }
    }
}

/// `s` in lowercase; headings are nearly always ASCII, which needs no case tables.
fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

fn strip_roman_numeral(s: &str) -> Option<&str> {
    let end = s
        .bytes()
        .take(7)
        .take_while(|b| b"IVXLC".contains(b))
        .count();
    (end > 0 && end <= 6 && s.as_bytes()[end..].starts_with(b". "))
        .then(|| s[end + 2..].trim_start())
}

/// Whether `text` opens with a front-matter block holding `key:` (without parsing the rest).
fn front_matter_has_key(text: &str, key: &str) -> bool {
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    front_matter_span(text, bom).is_some_and(|fm| {
        text[fm].lines().any(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    })
}

/// A YAML block at the very start (after any BOM) fenced by `---` lines.
fn front_matter_span(text: &str, start: usize) -> Option<Span> {
    let rest = &text[start..];
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_end + 1;
    while pos < rest.len() {
        let end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i + 1);
        let line = rest[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some(start..start + end);
        }
        pos = end;
    }
    None
}

struct OpenItem {
    index: usize,
    /// Still collecting the item's own text (no nested block list seen yet).
    collecting: bool,
}

struct Builder<'t> {
    text: &'t str,
    body_start: usize,
    headings: Vec<Heading>,
    tables: Vec<Table>,
    list_items: Vec<ListItem>,
    code_blocks: Vec<CodeBlock>,
    inline_code: Vec<InlineCode>,
    html_regions: Vec<Span>,
    links: Vec<Link>,
    /// Link start offsets and the end of the last event seen inside each open link.
    link_stack: Vec<(usize, Option<usize>)>,
    masked: Vec<Span>,
    heading: Option<Heading>,
    in_table_head: bool,
    cell: Option<Cell>,
    items: Vec<OpenItem>,
    code: Option<CodeBlock>,
    paragraphs: Vec<Span>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, body_start: usize) -> Self {
        Builder {
            text,
            body_start,
            headings: Vec::new(),
            tables: Vec::new(),
            list_items: Vec::new(),
            code_blocks: Vec::new(),
            inline_code: Vec::new(),
            html_regions: Vec::new(),
            links: Vec::new(),
            link_stack: Vec::new(),
            masked: Vec::new(),
            heading: None,
            in_table_head: false,
            cell: None,
            items: Vec::new(),
            code: None,
            paragraphs: Vec::new(),
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(h) = self.heading.as_mut() {
            h.text.push_str(s);
        } else if let Some(c) = self.cell.as_mut() {
            c.text.push_str(s);
        } else if let Some(open) = self.items.last() {
            if open.collecting {
                self.list_items[open.index].text.push_str(s);
            }
        }
    }

    /// Where `s`, a piece of an event, lies in the text, when it is a slice of it rather than
    /// text the parser built.
    fn source_span(&self, s: &str) -> Option<Span> {
        let start = (s.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        let span = start..start + s.len();
        self.text
            .get(span.clone())
            .is_some_and(|t| std::ptr::eq(t, s))
            .then_some(span)
    }

    fn note_link_child(&mut self, range: &Span) {
        if let Some((_, last)) = self.link_stack.last_mut() {
            *last = Some(last.map_or(range.end, |l: usize| l.max(range.end)));
        }
    }

    fn event(&mut self, event: Event<'_>, range: Span) {
        if !matches!(
            event,
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)
        ) {
            self.note_link_child(&range);
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some(Heading {
                    level: level as u8,
                    text: text_buffer(&range),
                    span: trim_line_end(self.text, range),
                    key: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = self.heading.take() {
                    trim_in_place(&mut h.text);
                    h.key = heading_key(&h.text);
                    self.headings.push(h);
                }
            }
            Event::Start(Tag::Paragraph) => self.paragraphs.push(trim_line_end(self.text, range)),
            Event::Start(Tag::Table(_)) => self.tables.push(Table {
                span: range,
                header: Row {
                    span: 0..0,
                    cells: Vec::new(),
                },
                rows: Vec::new(),
            }),
            Event::Start(Tag::TableHead) => {
                self.in_table_head = true;
                if let Some(t) = self.tables.last_mut() {
                    t.header.span = line_span(self.text, range.start);
                }
            }
            Event::End(TagEnd::TableHead) => self.in_table_head = false,
            Event::Start(Tag::TableRow) => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Row {
                        span: trim_line_end(self.text, range),
                        cells: Vec::new(),
                    });
                }
            }
            Event::Start(Tag::TableCell) => {
                self.cell = Some(Cell {
                    text: text_buffer(&range),
                    span: trim_span(self.text, range),
                })
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(mut cell), Some(table)) = (self.cell.take(), self.tables.last_mut()) {
                    trim_in_place(&mut cell.text);
                    let row = if self.in_table_head {
                        &mut table.header
                    } else {
                        match table.rows.last_mut() {
                            Some(r) => r,
                            None => return,
                        }
                    };
                    row.cells.push(cell);
                }
            }
            Event::Start(Tag::List(_)) => {
                if let Some(open) = self.items.last_mut() {
                    open.collecting = false;
                }
            }
            Event::Start(Tag::Item) => {
                let depth = self.items.len();
                self.list_items.push(ListItem {
                    text: text_buffer(&range),
                    span: trim_line_end(self.text, range),
                    checked: None,
                    depth,
                });
                self.items.push(OpenItem {
                    index: self.list_items.len() - 1,
                    collecting: true,
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(open) = self.items.pop() {
                    let item = &mut self.list_items[open.index];
                    trim_in_place(&mut item.text);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(open) = self.items.last() {
                    self.list_items[open.index].checked = Some(checked);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                // `usize::MAX..0` means "no body text seen yet" (see `End(CodeBlock)`).
                self.code = Some(CodeBlock {
                    span: range,
                    info,
                    fenced,
                    body: Span {
                        start: usize::MAX,
                        end: 0,
                    },
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut c) = self.code.take() {
                    if c.body.start > c.body.end {
                        // An empty block: its body is where the fence line ends.
                        let at = line_span(self.text, c.span.start).end;
                        c.body = at..at;
                    }
                    self.masked.push(c.span.clone());
                    self.code_blocks.push(c);
                }
            }
            Event::Text(t) => {
                if let Some(c) = self.code.as_mut() {
                    c.body.start = c.body.start.min(range.start);
                    c.body.end = c.body.end.max(range.end);
                } else {
                    self.push_text(&t);
                }
            }
            Event::Code(code) => {
                self.push_text(&code);
                self.masked.push(range.clone());
                let code = match self.source_span(&code) {
                    Some(span) => CodeText::Source(span),
                    None => CodeText::Rewritten(code.to_string().into_boxed_str()),
                };
                self.inline_code.push(InlineCode { span: range, code });
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" "),
            Event::Html(_) | Event::InlineHtml(_) => self.html_regions.push(range),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links.push(Link {
                    span: range.clone(),
                    dest: dest_url.into_string(),
                });
                self.link_stack.push((range.start, None));
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, last_child)) = self.link_stack.pop() {
                    // `[text](dest)`: everything after the last child is the destination.
                    let link_end = self
                        .links
                        .iter()
                        .rev()
                        .find(|l| l.span.start == start)
                        .map_or(start, |l| l.span.end);
                    self.masked.push(last_child.unwrap_or(start)..link_end);
                    self.note_link_child(&(start..link_end));
                }
            }
            _ => {}
        }
    }

    /// The document without its text (the caller moves the text in).
    fn finish(mut self, front_matter: Option<Span>) -> Document {
        let comments = comments_in(self.text, &self.html_regions);
        self.masked.extend(comments.iter().map(|c| c.span.clone()));
        if let Some(fm) = &front_matter {
            self.masked.push(fm.clone());
        }
        let prose = mask(self.text, &self.masked);
        let mut opaque: Vec<Span> = self
            .code_blocks
            .iter()
            .map(|c| c.span.clone())
            .chain(comments.iter().map(|c| c.span.clone()))
            .chain(front_matter.clone())
            .collect();
        opaque.sort_by_key(|s| s.start);
        let mut merged: Vec<Span> = Vec::with_capacity(opaque.len());
        for s in opaque {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        let section_ends = section_ends(&self.headings, self.text.len());
        let lines = LineIndex::new(self.text);
        let header_end =
            (self.headings.iter().find(|h| h.level >= 2)).map_or(self.text.len(), |h| h.span.start);
        let body = body_lines(self.text, &lines, header_end);
        let header = self.body_start.min(body)..body;
        let header_fields = parse_fields(self.text, &lines, header, header_end, &merged);
        Document {
            lines,
            prose,
            front_matter,
            headings: self.headings,
            tables: self.tables,
            list_items: self.list_items,
            code_blocks: self.code_blocks,
            inline_code: self.inline_code,
            comments,
            links: self.links,
            header_fields,
            body_fields: OnceLock::new(),
            header_end,
            paragraphs: self.paragraphs,
            opaque: merged,
            section_ends,
            text: String::new(),
        }
    }
}

/// An empty string for the inline text of a block written at `range`: the text is rarely
/// longer than its source, so one allocation usually holds it (capped, since an item's range
/// includes its nested lists).
fn text_buffer(range: &Span) -> String {
    String::with_capacity(range.len().min(256))
}

/// For each heading, the start of the next heading of the same or a higher level (or `len`).
fn section_ends(headings: &[Heading], len: usize) -> Vec<usize> {
    let mut ends = vec![len; headings.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while let Some(&j) = open.last() {
            if headings[j].level < h.level {
                break;
            }
            ends[j] = h.span.start;
            open.pop();
        }
        open.push(i);
    }
    ends
}

/// The full line around `offset`, without its line ending.
fn line_span(text: &str, offset: usize) -> Span {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    trim_line_end(text, start..end)
}

fn trim_line_end(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    span.start..span.start + s.trim_end_matches(['\n', '\r']).len()
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let start = span.start + lead;
    start..start + s.trim().len()
}

fn comments_in(text: &str, regions: &[Span]) -> Vec<HtmlComment> {
    let mut out: Vec<HtmlComment> = Vec::new();
    for region in regions {
        let mut pos = region.start;
        // Most regions are tags (`<br>`, `<details>`): looking for `<` first is cheaper than
        // setting up a substring search for each.
        let bytes = &text.as_bytes()[..region.end];
        while let Some(i) = memchr::memchr_iter(b'<', &bytes[pos..])
            .find(|&i| bytes[pos + i..].starts_with(b"<!--"))
        {
            let start = pos + i;
            if out.last().is_some_and(|c| c.span.end > start) {
                pos = start + 4;
                continue;
            }
            let body_start = start + 4;
            let (body_end, end) = match text[body_start..].find("-->") {
                Some(j) => (body_start + j, body_start + j + 3),
                None => (region.end, region.end),
            };
            out.push(HtmlComment {
                span: start..end,
                body: text[body_start..body_end.max(body_start)]
                    .trim()
                    .to_string(),
            });
            pos = end.min(region.end).max(body_start);
        }
    }
    out
}

fn push_spaces(s: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        s.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// `text` with the given spans blanked: every non-newline byte becomes a space, so the result
/// stays valid UTF-8 and keeps every offset.
fn mask(text: &str, spans: &[Span]) -> String {
    let mut sorted: Vec<Span> = spans
        .iter()
        .map(|s| s.start.min(text.len())..s.end.min(text.len()))
        .filter(|s| !s.is_empty())
        .collect();
    sorted.sort_unstable_by_key(|s| s.start);
    // Built from slices of the text and spaces, so it needs no UTF-8 check afterwards.
    let mut prose = String::with_capacity(text.len());
    let mut kept = 0;
    for span in sorted {
        let start = span.start.max(kept);
        if start >= span.end {
            continue;
        }
        prose.push_str(&text[kept..start]);
        // Code blocks are long: blank the runs between line breaks rather than test each byte.
        let blanked = &text.as_bytes()[start..span.end];
        let mut from = 0;
        while from < blanked.len() {
            let rest = &blanked[from..];
            // Most blanked spans are inline code, a few bytes on one line: a loop finds their
            // end sooner than a call to the vectorised search.
            let line_end = if rest.len() <= 32 {
                rest.iter().position(|&b| b == b'\n' || b == b'\r')
            } else {
                memchr::memchr2(b'\n', b'\r', rest)
            };
            let end = line_end.map_or(blanked.len(), |i| from + i);
            push_spaces(&mut prose, end - from);
            if let Some(&line_break) = blanked.get(end) {
                prose.push(char::from(line_break));
            }
            from = end + 1;
        }
        kept = span.end;
    }
    prose.push_str(&text[kept..]);
    prose
}

/// Where the lines after the header start: at the start of the line the header ends on (a
/// heading in a list or quote starts inside its line).
fn body_lines(text: &str, lines: &LineIndex, header_end: usize) -> usize {
    if header_end >= text.len() {
        return text.len();
    }
    lines.line_range(text, lines.line_of(header_end)).start
}

/// The fields on the lines starting in `within` (whole lines: it starts at a line start); plain
/// `Name: value` fields only before `header_end`.
fn parse_fields(
    text: &str,
    lines: &LineIndex,
    within: Span,
    header_end: usize,
    opaque: &[Span],
) -> Vec<Field> {
    let opaque = |offset: usize| {
        let i = opaque.partition_point(|s| s.end <= offset);
        opaque.get(i).is_some_and(|s| s.start <= offset)
    };
    let mut fields = Vec::new();
    // Every field line holds a colon: visit only those lines, once each.
    let mut next_line = lines.line_of(within.start);
    for colon in memchr::memchr_iter(b':', &text.as_bytes()[within.clone()]) {
        let line = lines.line_of(within.start + colon);
        if line < next_line {
            continue;
        }
        next_line = line + 1;
        let range = lines.line_range(text, line);
        if opaque(range.start) {
            continue;
        }
        let line_text = &text[range.clone()];
        let before = fields.len();
        let bold = find_bold_marker(line_text).is_some();
        let prev = (line > 0 && bold).then(|| &text[lines.line_range(text, line - 1)]);
        match prev.and_then(|p| wrapped_name(p, line_text)) {
            Some((name, value_start)) => {
                // `| **Last` ⏎ `Updated**: 2026-01-29 | **Spec**: …`
                let rest = &line_text[value_start..];
                let end = next_bold_field(rest).map_or(line_text.len(), |i| value_start + i);
                let raw = line_text[value_start..end].trim_end().trim_end_matches('|');
                push_field(
                    &mut fields,
                    &name,
                    line_text,
                    range.start,
                    0,
                    value_start,
                    raw,
                );
                bold_fields(&line_text[end..], range.start + end, &mut fields);
            }
            None if bold => bold_fields(line_text, range.start, &mut fields),
            None => {}
        }
        if fields.len() > before {
            continue_wrapped_value(text, lines, line, &mut fields);
        }
        if fields.len() == before && range.start < header_end {
            if let Some(f) = plain_field(line_text, range.start) {
                fields.push(f);
            }
        }
    }
    fields
}

/// `**Name**: value` and `**Name:** value`, possibly several on a line separated by `|`.
fn bold_fields(line: &str, base: usize, out: &mut Vec<Field>) {
    // A field's value runs to the next field's name: each is pushed once the next is found.
    let mut pending: Option<(usize, usize, &str)> = None; // (start, value start, name)
    let mut push = |field: (usize, usize, &str), end: usize| {
        let (start, value_start, name) = field;
        let mut raw = &line[value_start..end];
        // A following field may be cut by a line wrap (`| **Last` / `Updated**: …`).
        if let Some(cut) = next_bold_field(raw) {
            raw = &raw[..cut];
        }
        raw = raw.trim_end().trim_end_matches('|');
        push_field(out, name, line, base, start, value_start, raw);
    };
    let mut pos = 0;
    while let Some(i) = find_bold_marker(&line[pos..]) {
        let start = pos + i;
        let Some(j) = find_bold_marker(&line[start + 2..]) else {
            break;
        };
        let inner_end = start + 2 + j;
        let inner = &line[start + 2..inner_end];
        let after = &line[inner_end + 2..];
        let prefix = line[..start].trim();
        let prefix_ok =
            prefix.is_empty() || matches!(prefix, "-" | "*" | "+" | ">") || prefix.ends_with('|');
        let (name, value_start) = if let Some(n) = inner.strip_suffix(':') {
            (n, inner_end + 2)
        } else if let Some(colon) = colon_after_name(after) {
            (inner, inner_end + 2 + colon + 1)
        } else {
            pos = inner_end + 2;
            continue;
        };
        let name = name.trim();
        if prefix_ok && is_field_name(name) {
            if let Some(field) = pending.replace((start, value_start, name)) {
                push(field, start);
            }
        }
        pos = inner_end + 2;
    }
    if let Some(field) = pending {
        push(field, line.len());
    }
}

/// Trim a string without copying it (cells, items and headings are trimmed by the thousand).
fn trim_in_place(s: &mut String) {
    // Most need nothing trimmed: whitespace is at most a space in ASCII, and starts with a
    // byte outside ASCII otherwise.
    let kept = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b.is_ascii());
    if kept(s.as_bytes().first()) && kept(s.as_bytes().last()) {
        return;
    }
    s.truncate(s.trim_end().len());
    let lead = s.len() - s.trim_start().len();
    s.drain(..lead);
}

/// Where `| **` (the next of several fields on a line) starts in `s`.
fn next_bold_field(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'|', bytes).find(|&i| bytes[i + 1..].starts_with(b" **"))
}

/// Where the first `**` in `s` starts.
fn find_bold_marker(s: &str) -> Option<usize> {
    find_pair(s, b'*', b'*')
}

/// Where the ASCII bytes `first` and `second` first stand side by side in `s` (a `str::find`
/// would build a substring searcher per call, on every line and heading of every file).
fn find_pair(s: &str, first: u8, second: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(first, bytes).find(|&i| bytes.get(i + 1) == Some(&second))
}

/// Where the last `first` `second` pair in `s` starts.
fn rfind_pair(s: &str, first: u8, second: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memrchr_iter(second, bytes)
        .find_map(|i| (i > 0 && bytes[i - 1] == first).then(|| i - 1))
}

/// A line's last field with no value takes the next line as its value when the header was
/// wrapped (`**Spec**:` ⏎ `[spec.md](spec.md)`).
fn continue_wrapped_value(text: &str, lines: &LineIndex, line: usize, fields: &mut [Field]) {
    let Some(last) = fields.last_mut() else {
        return;
    };
    if !last.value.is_empty() || line + 1 >= lines.line_count() {
        return;
    }
    let next = lines.line_range(text, line + 1);
    let raw = &text[next.clone()];
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.starts_with(['*', '#', '-', '|', '>', '<']) {
        return;
    }
    let value = trimmed[..next_bold_field(trimmed).unwrap_or(trimmed.len())].trim_end();
    let value = value.trim_end_matches('|').trim_end();
    let start = next.start + (raw.len() - raw.trim_start().len());
    let mut tmp = Vec::new();
    push_field(&mut tmp, &last.name, raw, start, 0, 0, value);
    if let Some(f) = tmp.pop() {
        last.value = f.value;
        last.value_span = f.value_span;
        last.span.end = last.value_span.end;
    }
}

/// A bold field name wrapped over two lines: the previous line ends with `**Last` (at its
/// start or after a `|`) and this one starts with `Updated**:`. The joined name and where the
/// value starts in this line.
fn wrapped_name(prev: &str, line: &str) -> Option<(String, usize)> {
    let prev = prev.trim_end();
    let open = rfind_pair(prev, b'*', b'*')?;
    let head = &prev[open + 2..];
    let before = prev[..open].trim_end();
    if head.is_empty() || head.contains('*') || !(before.is_empty() || before.ends_with('|')) {
        return None;
    }
    let close = find_bold_marker(line)?;
    let tail = &line[..close];
    let name = format!("{} {}", head.trim(), tail.trim());
    if tail.trim().is_empty() || !is_field_name(&name) {
        return None;
    }
    let after = &line[close + 2..];
    let colon = after.find(':').filter(|&i| after[..i].trim().is_empty())?;
    Some((name, close + 2 + colon + 1))
}

/// Where the colon ending a bold field name sits in the text after the closing `**`: right
/// there, or after a parenthesised qualifier (`**Branch** (current milestone): …`).
fn colon_after_name(after: &str) -> Option<usize> {
    let trimmed = after.trim_start();
    let lead = after.len() - trimmed.len();
    if trimmed.starts_with(':') {
        return Some(lead);
    }
    let close = trimmed.strip_prefix('(')?.find(')')? + 1;
    let rest = &trimmed[close + 1..];
    rest.trim_start()
        .starts_with(':')
        .then(|| lead + close + 1 + (rest.len() - rest.trim_start().len()))
}

/// `Name: value` before the first level-2 heading (spec-mesh's header block).
fn plain_field(line: &str, base: usize) -> Option<Field> {
    let colon = find_pair(line, b':', b' ')?;
    let name = &line[..colon];
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !is_field_name(name) {
        return None;
    }
    let mut fields = Vec::new();
    push_field(
        &mut fields,
        name,
        line,
        base,
        0,
        colon + 1,
        &line[colon + 1..],
    );
    fields.pop()
}

fn is_field_name(name: &str) -> bool {
    // One pass: this is asked of every bold run on every line.
    let mut letter = false;
    for (count, c) in name.chars().enumerate() {
        if count == 40 {
            return false;
        }
        if c.is_alphabetic() {
            letter = true;
        } else if !(c.is_alphanumeric() || " ()/'&.-_".contains(c)) {
            return false;
        }
    }
    letter
}

fn push_field(
    out: &mut Vec<Field>,
    name: &str,
    line: &str,
    base: usize,
    start: usize,
    value_start: usize,
    raw: &str,
) {
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let value_abs = base + value_start + lead;
    let value = trimmed
        .trim_matches('`')
        .trim_matches(|c| c == '*' || c == '_')
        .trim_matches('`')
        .trim()
        .to_string();
    let end = value_start + lead + trimmed.len();
    debug_assert!(end <= line.len());
    out.push(Field {
        name: name.to_string(),
        value,
        span: base + start..base + end.max(value_start),
        value_span: value_abs..value_abs + trimmed.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_reads_as_the_parser_does() {
        let text = "Run `cargo test`, `` a`b `` and `two\nlines`.\n\n| `x` |\n|---|\n";
        let doc = Document::parse(text.to_string());
        let codes: Vec<&str> = doc.inline_code.iter().map(|c| doc.code_of(c)).collect();
        assert_eq!(codes, ["cargo test", "a`b", "two lines", "x"]);
        // Copied only where the parser rewrote the code.
        let copied: Vec<bool> = doc
            .inline_code
            .iter()
            .map(|c| matches!(c.code, CodeText::Rewritten(_)))
            .collect();
        assert_eq!(copied, [false, false, true, false]);
    }

    #[test]
    fn heading_keys_drop_numbering_and_markers() {
        assert_eq!(heading_key("3. Technical Approach"), "technical approach");
        assert_eq!(heading_key("3.1 High-Level Design"), "high-level design");
        assert_eq!(
            heading_key("User Scenarios *(mandatory)*"),
            "user scenarios"
        );
        assert_eq!(heading_key("IV. Test-First"), "test-first");
        assert_eq!(
            heading_key("Execution Flow (/plan command scope)"),
            "execution flow"
        );
        assert_eq!(heading_key("✅ Summary:"), "summary");
        assert_eq!(heading_key("2025 Roadmap"), "2025 roadmap");
    }

    #[test]
    fn sections_end_at_the_next_heading_of_their_level() {
        let text = "# A\n## B\n### C\n## D\n# E\n";
        let doc = Document::parse(text.to_string());
        let ends: Vec<_> = (0..5).map(|i| doc.section_span(i).end).collect();
        assert_eq!(
            ends,
            [
                text.find("# E").unwrap(),
                text.find("## D").unwrap(),
                text.find("## D").unwrap(),
                text.find("# E").unwrap(),
                text.len()
            ]
        );
        let around: Vec<_> = doc
            .headings_around(text.find("### C").unwrap() + 4)
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(around, ["C", "B", "A"]);
    }

    #[test]
    fn spans_point_into_the_original_text_after_a_bom() {
        let doc = Document::parse("\u{feff}# Title\n\n## Summary\n".to_string());
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(&doc.text[doc.headings[1].span.clone()], "## Summary");
    }

    #[test]
    fn front_matter_keys() {
        let doc = Document::parse("---\ndescription: x\nhandoffs:\n  - a\n---\n# T\n".into());
        assert!(doc.has_front_matter_key("description"));
        assert!(!doc.has_front_matter_key("a"));
        assert!(
            !Document::parse("# T\ndescription: x\n".into()).has_front_matter_key("description")
        );
    }

    #[test]
    fn front_matter_only_at_the_start() {
        let doc = Document::parse("---\na: 1\n---\n# T\n\n---\nText\n---\n".to_string());
        assert_eq!(doc.front_matter, Some(0..13));
        assert!(doc.prose.contains("Text"));
    }

    #[test]
    fn fields_several_per_line() {
        let text =
            "# Plan\n\n**Branch**: `001-x` | **Date**: 2025-01-02 | **Spec**: [link](spec.md)\n";
        let doc = Document::parse(text.to_string());
        let names: Vec<_> = doc.fields().map(|f| (&*f.name, &*f.value)).collect();
        assert_eq!(
            names,
            [
                ("Branch", "001-x"),
                ("Date", "2025-01-02"),
                ("Spec", "[link](spec.md)")
            ]
        );
        let date = &doc.fields().nth(1).unwrap();
        assert_eq!(&text[date.value_span.clone()], "2025-01-02");
    }

    #[test]
    fn wrapped_header_values() {
        let text = "# P\n**Branch**: `x` | **Spec**:\n[spec.md](./spec.md)\n**Date**:\n\n## A\n";
        let doc = Document::parse(text.to_string());
        let spec = doc.field(&["Spec"]).unwrap();
        assert_eq!(spec.value, "[spec.md](./spec.md)");
        assert_eq!(&text[spec.value_span.clone()], "[spec.md](./spec.md)");
        assert_eq!(doc.field(&["Date"]).unwrap().value, "");
    }

    #[test]
    fn field_name_wrapped_over_two_lines() {
        let text = "# P\n\n**Branch**: `001-x` | **Last\nUpdated**: 2026-03-02 | **Spec**:\n[spec.md](./spec.md)\n\n## A\n";
        let doc = Document::parse(text.to_string());
        let names: Vec<_> = doc.fields().map(|f| (&*f.name, &*f.value)).collect();
        assert_eq!(
            names,
            [
                ("Branch", "001-x"),
                ("Last Updated", "2026-03-02"),
                ("Spec", "[spec.md](./spec.md)")
            ]
        );
        let updated = &doc.fields().nth(1).unwrap();
        assert_eq!(&text[updated.value_span.clone()], "2026-03-02");
    }

    #[test]
    fn qualified_field_names() {
        let text = "# P\n**Branch** (current milestone): `feat/x`\n**Date (UTC)**: 2025-01-01\n";
        let doc = Document::parse(text.to_string());
        assert_eq!(
            doc.field(&["branch"]).map(|f| f.value.as_str()),
            Some("feat/x")
        );
        assert_eq!(
            doc.field(&["Date"]).map(|f| f.value.as_str()),
            Some("2025-01-01")
        );
    }

    #[test]
    fn bold_colon_inside_and_plain_preamble_fields() {
        let text =
            "# P\n\nPlan ID: PLAN-AUTH-001\n**Task:** ABC-1\n\n## One\n\nNote: not a field\n";
        let doc = Document::parse(text.to_string());
        let names: Vec<_> = doc.fields().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Plan ID", "Task"]);
    }

    #[test]
    fn body_fields_follow_the_header_fields() {
        let text = "# P\n**Branch**: `x`\nOwner: me\n\n- ## Scope\n**Decision**: keep\nNote: prose\n\n## Later\n**Rationale**:\nit is simpler\n";
        let doc = Document::parse(text.to_string());
        let header: Vec<_> = doc.header_fields().map(|f| f.name.as_str()).collect();
        assert_eq!(header, ["Branch", "Owner"]);
        let all: Vec<_> = doc.fields().map(|f| (&*f.name, &*f.value)).collect();
        assert_eq!(
            all,
            [
                ("Branch", "x"),
                ("Owner", "me"),
                ("Decision", "keep"),
                ("Rationale", "it is simpler")
            ]
        );
        assert_eq!(doc.field(&["rationale"]).unwrap().value, "it is simpler");
        assert!(doc.field(&["Note"]).is_none());
    }

    #[test]
    fn tables_lists_code_and_comments() {
        let text = "## S\n\n| A | B |\n|---|---|\n| `x` | y |\n\n- [ ] open\n- [x] done\n  - nested\n\n```python\nprint(1)\n```\n\n<!-- note -->\n";
        let doc = Document::parse(text.to_string());
        let t = &doc.tables[0];
        assert_eq!(t.header.cells[1].text, "B");
        assert_eq!(t.rows[0].cells[0].text, "x");
        assert_eq!(&text[t.rows[0].cells[0].span.clone()], "`x`");
        let checks: Vec<_> = doc.list_items.iter().map(|i| i.checked).collect();
        assert_eq!(checks, [Some(false), Some(true), None]);
        assert_eq!(doc.list_items[1].text, "done");
        assert_eq!(doc.code_blocks[0].language(), "python");
        assert_eq!(&text[doc.code_blocks[0].body.clone()], "print(1)\n");
        assert_eq!(doc.comments[0].body, "note");
        assert!(!doc.prose.contains("print"));
        assert!(!doc.prose.contains("note"));
        assert_eq!(doc.prose.len(), text.len());
    }

    #[test]
    fn link_destinations_are_masked() {
        let text = "See [the spec](specs/001/spec.md) now.";
        let doc = Document::parse(text.to_string());
        assert!(doc.prose.contains("the spec"));
        assert!(!doc.prose.contains("specs/001"));
        assert_eq!(doc.links[0].dest, "specs/001/spec.md");
    }
}
