//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and IDE viewers. One run; the
//! driver lists every rule planlint knows (built-in and custom) with its summary, full
//! documentation (`help.markdown`, as `planlint explain` prints it), default level and
//! family; each result names its rule by id and index, its region (1-based lines, columns in
//! Unicode code points), the flagged text as a snippet and a line-independent fingerprint.
//!
//! `helpUri`: planlint has no hosted documentation site. Built-in rules point at their entry
//! in the README of the package's `repository` (Cargo.toml), as
//! `<repository>/blob/main/README.md#<code>-<name>` (the anchor GitHub derives from a heading
//! `CODE name`), and only when the package names a repository: planlint does not invent a
//! URL. Custom rules use their own `url:`.

use serde_json::{json, Value};

use crate::engine::Finding;
use crate::rule::RuleMeta;
use crate::severity::Severity;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// How deep the results array sits in the log (`runs[0].results`): the indentation of its `]`.
const RESULTS_INDENT: &str = "      ";

/// The log around the results: the tool, its rules, the column kind.
pub(super) fn frame() -> super::JsonArray {
    let rules = crate::rules::all();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "planlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": information_uri(),
                    "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>()
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": []
        }]
    });
    if information_uri().is_none() {
        if let Some(driver) = log["runs"][0]["tool"]["driver"].as_object_mut() {
            driver.remove("informationUri");
        }
    }
    let text = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| unreachable!("JSON values serialise: {e}"));
    super::JsonArray::around(&text, "results")
}

/// A plan set's findings as SARIF results.
pub fn items(findings: &[Finding]) -> String {
    let rules = crate::rules::all();
    let fingerprints = super::fingerprints(findings);
    let results = findings.iter().zip(fingerprints).map(|(f, fingerprint)| {
        let mut result = json!({
            "ruleId": f.code,
            "level": level(f.severity),
            "message": { "text": f.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" },
                    "region": {
                        "startLine": f.line,
                        "startColumn": f.column,
                        "endLine": f.end_line,
                        "endColumn": f.end_column,
                        "snippet": { "text": f.excerpt }
                    }
                }
            }],
            "partialFingerprints": { "planlint/v1": fingerprint },
            "properties": { "profile": f.profile, "help": f.help }
        });
        if let Ok(i) = rules.binary_search_by_key(&f.code, |r| r.code) {
            result["ruleIndex"] = json!(i);
        }
        result
    });
    super::json_items(results, RESULTS_INDENT)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A `reportingDescriptor` for one rule.
fn descriptor(rule: &RuleMeta) -> Value {
    let mut d = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.summary() },
        "help": {
            "text": rule.help,
            "markdown": format!("# {} ({})\n\n{}\n\n## How to fix\n{}", rule.code, rule.name, rule.explanation().trim_end(), rule.help)
        },
        "defaultConfiguration": { "level": level(rule.default) },
        "properties": { "family": rule.family.name(), "tags": [rule.family.name()] }
    });
    if let Some(url) = help_uri(rule) {
        d["helpUri"] = json!(url);
    }
    d
}

/// The package's repository, when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    Some(env!("CARGO_PKG_REPOSITORY")).filter(|r| !r.is_empty())
}

/// Where a rule is documented: a custom rule's `url:`, or the README anchor of a built-in.
pub fn help_uri(rule: &RuleMeta) -> Option<String> {
    if rule.family == crate::rule::Family::Custom {
        return crate::rules::custom::url_of(rule.code);
    }
    let repository = information_uri()?.trim_end_matches('/');
    Some(format!(
        "{repository}/blob/main/README.md#{}-{}",
        rule.code.to_lowercase(),
        rule.name
    ))
}

/// A relative path as a URI reference: `/` kept, everything outside RFC 3986's unreserved
/// characters percent-encoded (spaces, `#`, non-ASCII names).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_indented_for_where_the_frame_puts_them() {
        assert_eq!(frame().indent, RESULTS_INDENT);
    }

    #[test]
    fn uris_encode_spaces_and_unicode() {
        assert_eq!(uri("specs/my plan/plan.md"), "specs/my%20plan/plan.md");
        assert_eq!(uri("é.md"), "%C3%A9.md");
    }
}
