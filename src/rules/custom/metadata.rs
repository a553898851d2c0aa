//! `kind: metadata`: a header field the file must have (`**Name**: value`, or `Name: value`
//! before the first `##`), not empty, and of the given form. Reported at the first line when
//! absent, at the field when empty, at the value when it has the wrong form.

use crate::word_regex::WordRegex;

use super::Finding;
use crate::rules::text::file_start;

pub(super) fn check(
    finding: &mut Finding,
    names: &[String],
    pattern: Option<&WordRegex>,
    format: Option<&str>,
) {
    let doc = finding.doc;
    let Some(field) = doc.field(names) else {
        let name = names.first().map_or("", String::as_str);
        finding.emit(file_start(doc), &[("field", name), ("value", "")]);
        return;
    };
    let wrong_form = pattern.is_some_and(|p| !p.is_match(&field.value));
    if field.value.is_empty() {
        finding.emit(field.span.clone(), &[("field", &field.name), ("value", "")]);
    } else if wrong_form {
        let expected = format.or(pattern.map(WordRegex::as_str)).unwrap_or("");
        finding.emit(
            field.value_span.clone(),
            &[
                ("field", &field.name),
                ("value", &field.value),
                ("format", expected),
            ],
        );
    }
}
