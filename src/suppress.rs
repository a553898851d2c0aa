//! Suppression comments (SPEC §8): `<!-- planlint-disable CODE -->` … `<!-- planlint-enable
//! CODE -->`, `planlint-disable-next-line`, `planlint-disable-file`; no code means every rule.
//! Each (comment, code) pair is tracked separately so an unused one can be reported (X001).

use crate::document::{Document, Span};
use crate::rule::RuleMeta;

#[derive(Debug)]
pub struct Suppression {
    /// The comment that wrote it.
    pub comment: Span,
    /// The rule it silences; `None` silences every rule.
    pub rule: Option<&'static RuleMeta>,
    /// The byte range it covers.
    pub covers: Span,
    pub used: bool,
}

/// A code in a suppression comment that names no rule.
#[derive(Debug)]
pub struct UnknownCode {
    pub comment: Span,
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    NextLine,
    File,
}

/// Parse the suppression comments of one document.
pub fn parse(doc: &Document) -> (Vec<Suppression>, Vec<UnknownCode>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    // Open `planlint-disable` ranges: (index into `out`).
    let mut open: Vec<usize> = Vec::new();
    for comment in &doc.comments {
        let Some((directive, codes)) = directive(&comment.body) else {
            continue;
        };
        let mut rules: Vec<Option<&'static RuleMeta>> = Vec::new();
        for code in &codes {
            match crate::rules::find(code) {
                Some(meta) => rules.push(Some(meta)),
                None => unknown.push(UnknownCode {
                    comment: comment.span.clone(),
                    code: (*code).to_string(),
                }),
            }
        }
        if codes.is_empty() {
            rules.push(None);
        }
        let covers = match directive {
            Directive::File => 0..doc.text.len(),
            Directive::NextLine => next_line(doc, comment.span.end),
            Directive::Disable => comment.span.start..doc.text.len(),
            Directive::Enable => {
                for rule in &rules {
                    open.retain(|&i| {
                        let s: &mut Suppression = &mut out[i];
                        let closes = rule.is_none() || same_rule(s.rule, *rule);
                        if closes {
                            s.covers.end = comment.span.start;
                        }
                        !closes
                    });
                }
                continue;
            }
        };
        for rule in rules {
            if directive == Directive::Disable {
                open.push(out.len());
            }
            out.push(Suppression {
                comment: comment.span.clone(),
                rule,
                covers: covers.clone(),
                used: false,
            });
        }
    }
    (out, unknown)
}

fn same_rule(a: Option<&'static RuleMeta>, b: Option<&'static RuleMeta>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.code == b.code,
        _ => false,
    }
}

/// `planlint-<directive> [codes]` → the directive and its codes (split on commas or spaces).
fn directive(body: &str) -> Option<(Directive, Vec<&str>)> {
    let rest = body.trim().strip_prefix("planlint-")?;
    let (word, args) = rest
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((rest, ""));
    let directive = match word {
        "disable" => Directive::Disable,
        "enable" => Directive::Enable,
        "disable-next-line" => Directive::NextLine,
        "disable-file" => Directive::File,
        _ => return None,
    };
    let codes = args
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    Some((directive, codes))
}

/// The first non-blank line after `offset`'s line.
fn next_line(doc: &Document, offset: usize) -> Span {
    let mut line = doc.line_of(offset.saturating_sub(1)) + 1;
    while line < doc.lines.line_count() {
        let range = doc.lines.line_range(&doc.text, line);
        if !doc.text[range.clone()].trim().is_empty() {
            return range.start..range.end.max(range.start + 1);
        }
        line += 1;
    }
    doc.text.len()..doc.text.len()
}

/// Whether a finding of `rule` at `span` is suppressed; marks the suppression used.
pub fn suppresses(list: &mut [Suppression], rule: &RuleMeta, span: &Span) -> bool {
    let mut hit = false;
    for s in list.iter_mut() {
        let applies = s.rule.is_none_or(|r| r.code == rule.code);
        let inside =
            s.covers.contains(&span.start) || (span.start == s.covers.end && s.covers.is_empty());
        if applies && inside {
            s.used = true;
            hit = true;
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(text.to_string())
    }

    #[test]
    fn ranges_next_line_and_file() {
        let d = doc("<!-- planlint-disable S008 -->\nTODO a\n<!-- planlint-enable S008 -->\nTODO b\n\n<!-- planlint-disable-next-line -->\n\nTODO c\n");
        let (list, unknown) = parse(&d);
        assert!(unknown.is_empty());
        assert_eq!(list.len(), 2);
        let a = d.text.find("TODO a").unwrap();
        let b = d.text.find("TODO b").unwrap();
        let c = d.text.find("TODO c").unwrap();
        assert!(list[0].covers.contains(&a) && !list[0].covers.contains(&b));
        assert!(list[1].rule.is_none() && list[1].covers.contains(&c));
    }

    #[test]
    fn names_and_unknown_codes() {
        let d = doc("<!-- planlint-disable-file todo-marker, NOPE1 -->\n");
        let (list, unknown) = parse(&d);
        assert_eq!(list[0].rule.map(|r| r.code), Some("S008"));
        assert_eq!(unknown[0].code, "NOPE1");
    }
}
