//! `kind: columns`: the first table of each section whose heading matches must have the
//! listed columns (case-insensitive, emphasis and a trailing `?`/`:` ignored). Reported at the
//! table's header row, or at the heading when the section has no table.

use crate::word_regex::WordRegex;

use super::region::matching_sections;
use super::Finding;

pub(super) fn check(finding: &mut Finding, section: &WordRegex, columns: &[String]) {
    let doc = finding.doc;
    for heading in matching_sections(doc, section) {
        let name = finding.heading(heading).to_string();
        let table = doc.tables_in(&doc.section_body(heading)).next();
        let missing: Vec<&str> = columns
            .iter()
            .map(String::as_str)
            .filter(|c| table.is_none_or(|t| t.column(&[c]).is_none()))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let anchor = table.map_or_else(
            || doc.headings[heading].span.clone(),
            |t| t.header.span.clone(),
        );
        finding.emit(
            anchor,
            &[("section", &name), ("missing", &missing.join(", "))],
        );
    }
}
