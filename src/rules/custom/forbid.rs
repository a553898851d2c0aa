//! `kind: forbid`: every match of the pattern within the region is a finding, at the match.

use crate::word_regex::WordRegex;

use super::{Finding, Region};

pub(super) fn check(finding: &mut Finding, pattern: &WordRegex, region: &Region) {
    let doc = finding.doc;
    for (heading, area) in region.areas(doc) {
        let section = heading.map_or("", |h| finding.heading(h)).to_string();
        for piece in region.pieces(doc, &area) {
            for span in piece.matches(doc, pattern) {
                let matched = doc.text[span.clone()].to_string();
                finding.emit(span, &[("match", &matched), ("section", &section)]);
            }
        }
    }
}
