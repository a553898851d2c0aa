//! Custom rules: the teams' own checks, written in YAML (`custom-rules:` in planlint.yaml or
//! in a user pack) instead of Rust. Five kinds — `forbid` and `require` (a regex within a
//! scope), `section` (a required heading), `metadata` (a required header field and its form)
//! and `columns` (a table's required columns) — each in its own file. A compiled rule is a
//! [`Rule`] like the built-ins, with leaked `'static` metadata registered in
//! [`crate::rules`] so that config, suppressions, `--select` and `explain` know its code.

mod columns;
mod entry;
mod forbid;
mod metadata;
mod region;
mod require;
mod section;

pub use entry::{CustomRuleEntry, Kind, Origin};
pub use region::{Region, Scope};

use crate::yaml::Pattern;

use crate::artifact::ArtifactKind;
use crate::document::Document;
use crate::rule::{Context, Emitter, HasMeta, Rule, RuleMeta};

/// A custom rule ready to run.
#[derive(Debug)]
pub struct CustomRule {
    pub meta: &'static RuleMeta,
    /// The artifacts it reads.
    pub files: Vec<ArtifactKind>,
    /// The message template (see `PLACEHOLDERS`).
    pub message: String,
    /// The help template (same placeholders).
    pub help: String,
    /// Where the team documents the rule.
    pub url: Option<String>,
    pub check: Check,
}

/// What a custom rule checks, per kind.
#[derive(Debug)]
pub enum Check {
    Forbid {
        pattern: Pattern,
        region: Region,
    },
    Require {
        pattern: Pattern,
        region: Region,
    },
    Section {
        headings: Vec<String>,
    },
    Metadata {
        names: Vec<String>,
        pattern: Option<Pattern>,
        format: Option<String>,
    },
    Columns {
        section: Pattern,
        columns: Vec<String>,
    },
}

impl HasMeta for CustomRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl Rule for CustomRule {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (file, set_file, doc) in cx.set.docs() {
            if !self.files.contains(&set_file.kind) {
                continue;
            }
            let mut finding = Finding {
                rule: self,
                out,
                file,
                doc,
            };
            match &self.check {
                Check::Forbid { pattern, region } => forbid::check(&mut finding, pattern, region),
                Check::Require { pattern, region } => require::check(&mut finding, pattern, region),
                Check::Section { headings } => section::check(&mut finding, headings),
                Check::Metadata {
                    names,
                    pattern,
                    format,
                } => metadata::check(&mut finding, names, pattern.as_deref(), format.as_deref()),
                Check::Columns { section, columns } => {
                    columns::check(&mut finding, section, columns)
                }
            }
        }
    }
}

/// The placeholders messages and help may use; those a finding has no value for become empty.
const PLACEHOLDERS: [&str; 6] = ["match", "section", "field", "value", "format", "missing"];

/// What each kind's check needs to report: the document and the rule's message template.
struct Finding<'a, 'o> {
    rule: &'a CustomRule,
    out: &'a mut Emitter<'o>,
    file: usize,
    doc: &'a Document,
}

impl Finding<'_, '_> {
    /// Report at `span`, the `{name}` placeholders of message and help filled from `values`.
    fn emit(&mut self, span: crate::document::Span, values: &[(&str, &str)]) {
        let fill = |template: &str| {
            PLACEHOLDERS
                .iter()
                .fold(template.to_string(), |text, name| {
                    let value = values
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or("", |(_, v)| *v);
                    text.replace(&format!("{{{name}}}"), value)
                })
        };
        let help = fill(&self.rule.help);
        self.out
            .emit(self.file, span, fill(&self.rule.message))
            .help(help);
    }

    /// A section's heading as written, for `{section}`.
    fn heading(&self, index: usize) -> &str {
        &self.doc.headings[index].text
    }
}

/// Compile a `custom-rules:` list and register its rules. A code or name used twice in one
/// list is an error at the second use.
pub fn compile_all(
    entries: Vec<CustomRuleEntry>,
    origin: &Origin,
) -> Result<Vec<std::sync::Arc<CustomRule>>, crate::yaml::YamlError> {
    let mut rules: Vec<std::sync::Arc<CustomRule>> = Vec::new();
    for entry in entries {
        let clash = rules.iter().find_map(|r| {
            if r.meta.code == entry.code.value {
                Some(("code", &entry.code))
            } else if r.meta.name == entry.name.value {
                Some(("name", &entry.name))
            } else {
                None
            }
        });
        if let Some((what, at)) = clash {
            return Err(crate::yaml::YamlError::at(
                &origin.src,
                crate::yaml::span_of(origin.text, &at.referenced),
                format!("the {what} `{}` is used by another custom rule", at.value),
            ));
        }
        let rule = std::sync::Arc::new(entry.compile(origin)?);
        crate::rules::register_custom(rule.clone());
        rules.push(rule);
    }
    Ok(rules)
}

/// The documentation URL a registered custom rule gives.
pub fn url_of(code: &str) -> Option<String> {
    crate::rules::custom_rule(code).and_then(|r| r.url.clone())
}
