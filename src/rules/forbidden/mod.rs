//! F — forbidden content: what a functional plan ("WHAT, not HOW") must leave to the
//! engineer: code blocks, repository file paths, class/function definitions, import
//! statements and "follow the pattern in X". Only the plan file is checked; the patterns and
//! word lists are the pack's `forbidden:` section.

mod code_block;
mod code_definition;
mod file_path;
mod import_statement;
mod paths;
mod pattern_reference;

pub use code_block::CodeBlock;
pub use code_definition::CodeDefinition;
pub use file_path::FilePath;
pub use import_statement::ImportStatement;
pub use pattern_reference::PatternReference;

use crate::document::{Document, Span};
use crate::pack::Forbidden;
use crate::rule::Context;
use crate::yaml::Pattern;

/// The plan and the pack's forbidden-content vocabulary.
fn plan<'c>(cx: &'c Context) -> Option<(usize, &'c Document, &'c Forbidden)> {
    Some((cx.set.plan, cx.set.plan_doc()?, cx.pack.forbidden.as_ref()?))
}

/// Matches of any of `patterns` in the rendered text (prose, tables, headings, inline code;
/// not code blocks, comments or link destinations), overlapping matches reported once.
fn shown_matches(doc: &Document, patterns: &[Pattern]) -> Vec<Span> {
    let mut found: Vec<Span> = Vec::new();
    for p in patterns {
        for m in p.find_iter(&doc.text) {
            if doc.shows(m.start()) && !found.iter().any(|f| f.start < m.end() && m.start() < f.end)
            {
                found.push(m.range());
            }
        }
    }
    found.sort_by_key(|s| s.start);
    found
}
