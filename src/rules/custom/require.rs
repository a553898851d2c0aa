//! `kind: require`: the pattern must occur in each matching section (reported at the
//! section's heading) or in the file (reported at its first line); with `scope: column`,
//! every cell of the column must match (reported at the cell).

use crate::word_regex::WordRegex;

use super::region::Scope;
use super::{Finding, Region};
use crate::rules::text::file_start;

pub(super) fn check(finding: &mut Finding, pattern: &WordRegex, region: &Region) {
    let doc = finding.doc;
    for (heading, area) in region.areas(doc) {
        let section = heading.map_or("", |h| finding.heading(h)).to_string();
        let pieces = region.pieces(doc, &area);
        if region.scope == Scope::Column {
            for cell in pieces.iter().filter(|c| !pattern.is_match(c.text(doc))) {
                let value = doc.text[cell.span.clone()].to_string();
                finding.emit(
                    cell.span.clone(),
                    &[("match", &value), ("section", &section)],
                );
            }
        } else if !pieces.iter().any(|p| pattern.is_match(p.text(doc))) {
            let anchor = heading.map_or_else(|| file_start(doc), |h| doc.headings[h].span.clone());
            finding.emit(anchor, &[("section", &section), ("match", "")]);
        }
    }
}
