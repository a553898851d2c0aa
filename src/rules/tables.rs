//! Helpers for rules that read a column of a table under a named section (Test Mandate,
//! contracts, Work Streams, Assumption Register, Security Considerations, Schema Changes).

use crate::document::{Cell, Document, Row, Table};

/// The tables of the section `section` (heading matched like S001) that have a column headed
/// like one of `names`, with that column's index. Empty when the section is absent.
pub fn with_column<'d>(
    doc: &'d Document,
    section: &str,
    names: &[String],
) -> Vec<(&'d Table, usize)> {
    let Some(h) = doc.section(section) else {
        return Vec::new();
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    doc.tables_in(&doc.section_span(h))
        .filter_map(|t| t.column(&names).map(|c| (t, c)))
        .collect()
}

/// Every body row of those tables with its cell in the column (rows too short have none).
pub fn column_cells<'d>(
    doc: &'d Document,
    section: &str,
    names: &[String],
) -> impl Iterator<Item = (&'d Row, Option<&'d Cell>)> + 'd {
    with_column(doc, section, names)
        .into_iter()
        .flat_map(|(t, c)| t.rows.iter().map(move |r| (r, r.cells.get(c))))
}

/// A cell's value for comparing with vocabulary: the text without emphasis, backticks, marks
/// such as ✅ or a dash standing for "nothing", and a trailing full stop.
pub fn cell_value(cell: &Cell) -> &str {
    cell.text
        .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | ')' | '"' | '?'))
        .trim()
}

/// The column of `table` headed like one of `names`.
pub fn column(table: &Table, names: &[String]) -> Option<usize> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    table.column(&names)
}
