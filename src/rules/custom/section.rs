//! `kind: section`: a heading the file must have, matched like the packs' required sections
//! (case-insensitive, numbering and trailing markers ignored); reported at the first line.

use super::Finding;
use crate::rules::text::file_start;

pub(super) fn check(finding: &mut Finding, headings: &[String]) {
    let keys: Vec<String> = headings
        .iter()
        .map(|h| crate::document::heading_key(h))
        .collect();
    if finding.doc.find_heading(&keys).is_none() {
        let section = headings.first().map_or("", String::as_str);
        finding.emit(file_start(finding.doc), &[("section", section)]);
    }
}
