//! A `custom-rules:` entry as written in planlint.yaml or a pack, and its validation into a
//! [`CustomRule`].
//!
//! The entry is one flat struct with a `kind:` field rather than a serde-tagged enum on purpose:
//! serde buffers the fields of internally tagged (and untagged) enums, and serde-saphyr then
//! reports every error inside an entry — a bad regex, a misspelt key, a wrong type — at the
//! entry's first line. Read flat, each error points at its own key; which fields each kind
//! takes is checked here, against [`Kind::fields`], and the JSON Schema states the same table.

use std::sync::Arc;

use miette::NamedSource;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::region::{Region, Scope};
use super::{Check, CustomRule};
use crate::artifact::ArtifactKind;
use crate::rule::{Family, RuleMeta};
use crate::severity::Severity;
use crate::yaml::{Pattern, YamlError};

/// One custom rule: a code and name of your own, what it checks (`kind` and the fields that
/// kind takes), and what its findings say.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(transform = kind_fields_schema)]
pub struct CustomRuleEntry {
    /// Your code for the rule, e.g. `ACME001`: two or more capital letters, then letters,
    /// digits, `-` or `_`, ending in a digit (one letter and digits is planlint's own form).
    #[schemars(with = "String", regex(pattern = r"^[A-Z]{2,}[A-Z0-9_-]*[0-9]$"))]
    pub code: Spanned<String>,
    /// The rule's name in kebab-case, e.g. `no-internal-hosts`; usable wherever a code is.
    #[schemars(with = "String", regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))]
    pub name: Spanned<String>,
    /// What the rule checks.
    #[schemars(with = "Kind")]
    pub kind: Spanned<Kind>,
    /// The finding's message. `{match}` is replaced by the offending text, `{section}` by the
    /// section's heading, `{field}` / `{value}` by the header field and its value, `{missing}`
    /// by the missing columns.
    pub message: String,
    /// How to fix a finding, shown under it.
    pub help: Option<String>,
    /// Longer documentation, shown by `planlint explain CODE`.
    pub description: Option<String>,
    /// A page documenting the rule (SARIF `helpUri`).
    pub url: Option<String>,
    /// Severity when neither `rules:` nor an override says otherwise (default `error`).
    pub severity: Option<Severity>,
    /// The artifacts the rule reads (default: the plan file only).
    #[serde(default)]
    pub files: Vec<ArtifactKind>,
    /// forbid / require / metadata: the regular expression. For metadata, the form the
    /// field's value must have.
    #[schemars(with = "Option<Pattern>")]
    pub pattern: Option<Spanned<Pattern>>,
    /// forbid / require: where the pattern is looked for (default `prose`).
    #[schemars(with = "Option<Scope>")]
    pub scope: Option<Spanned<Scope>>,
    /// forbid / require: only inside sections whose heading matches this regex (tried on the
    /// heading as written and on its normalised form: lowercase, numbering removed).
    /// columns: the section holding the table.
    #[schemars(with = "Option<Pattern>")]
    pub section: Option<Spanned<Pattern>>,
    /// forbid / require with `scope: column`: the column's header (case-insensitive).
    #[schemars(with = "Option<String>")]
    pub column: Option<Spanned<String>>,
    /// section: the required heading (matched like built-in required sections:
    /// case-insensitive, numbering and trailing markers ignored).
    #[schemars(with = "Option<String>")]
    pub heading: Option<Spanned<String>>,
    /// metadata: the required header field (`**Name**: value`).
    #[schemars(with = "Option<String>")]
    pub field: Option<Spanned<String>>,
    /// section / metadata: other accepted spellings of the heading or field.
    #[schemars(with = "Option<Vec<String>>")]
    pub aliases: Option<Spanned<Vec<String>>>,
    /// metadata: how the expected form is described in the message, e.g. "a ticket key".
    #[schemars(with = "Option<String>")]
    pub format: Option<Spanned<String>>,
    /// columns: the columns the section's table must have (case-insensitive).
    #[schemars(with = "Option<Vec<String>>")]
    pub columns: Option<Spanned<Vec<String>>>,
}

/// What a custom rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Report every match of `pattern` within `scope` (and `section`).
    Forbid,
    /// Report where `pattern` does not occur: in each matching `section` (or the file), or in
    /// each cell of `column`.
    Require,
    /// The heading `heading` must exist.
    Section,
    /// The header field `field` must exist, be non-empty and match `pattern`.
    Metadata,
    /// The table under `section` must have `columns`.
    Columns,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Forbid,
        Kind::Require,
        Kind::Section,
        Kind::Metadata,
        Kind::Columns,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Forbid => "forbid",
            Kind::Require => "require",
            Kind::Section => "section",
            Kind::Metadata => "metadata",
            Kind::Columns => "columns",
        }
    }

    /// The help a rule of this kind gives when its entry has none.
    fn default_help(self) -> &'static str {
        match self {
            Kind::Forbid => {
                "remove or reword `{match}`: a custom rule of this repository forbids it"
            }
            Kind::Require => "add the text this custom rule requires (see `planlint explain`)",
            Kind::Section => "add the section `{section}`",
            Kind::Metadata => "give the header field `{field}` a value of the expected form",
            Kind::Columns => "add the columns {missing} to the table",
        }
    }

    /// The kind-specific fields it requires and those it accepts besides them.
    fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Forbid | Kind::Require => (&["pattern"], &["scope", "section", "column"]),
            Kind::Section => (&["heading"], &["aliases"]),
            Kind::Metadata => (&["field"], &["aliases", "pattern", "format"]),
            Kind::Columns => (&["section", "columns"], &[]),
        }
    }
}

/// The JSON Schema states [`Kind::fields`]: per kind, which fields are required and which
/// are not allowed.
fn kind_fields_schema(schema: &mut schemars::Schema) {
    const SPECIFIC: [&str; 9] = [
        "pattern", "scope", "section", "column", "heading", "field", "aliases", "format", "columns",
    ];
    let rules: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .map(|kind| {
            let (required, optional) = kind.fields();
            let forbidden: serde_json::Map<String, serde_json::Value> = SPECIFIC
                .iter()
                .filter(|f| !required.contains(f) && !optional.contains(f))
                .map(|f| (f.to_string(), serde_json::Value::Bool(false)))
                .collect();
            serde_json::json!({
                "if": { "properties": { "kind": { "const": kind.as_str() } }, "required": ["kind"] },
                "then": { "required": required, "properties": forbidden }
            })
        })
        .collect();
    schema.insert("allOf".into(), rules.into());
}

/// Where an entry came from, for errors and for `planlint explain`.
pub struct Origin<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub src: Arc<NamedSource<String>>,
}

impl<'a> Origin<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let src = Arc::new(NamedSource::new(name, text.to_string()).with_language("yaml"));
        Origin { name, text, src }
    }

    fn error<T>(&self, at: &Spanned<T>, message: String) -> YamlError {
        YamlError::at(
            &self.src,
            crate::yaml::span_of(self.text, &at.referenced),
            message,
        )
    }
}

impl CustomRuleEntry {
    /// Check the entry and build the rule, its metadata leaked for the life of the process
    /// (a config holds a handful of rules, loaded once per run).
    pub fn compile(self, origin: &Origin) -> Result<CustomRule, YamlError> {
        self.check_identity(origin)?;
        self.check_fields(origin)?;
        let kind = self.kind.value;
        let names = |first: &String| {
            let mut names = vec![first.clone()];
            names.extend(self.aliases.iter().flat_map(|a| a.value.iter().cloned()));
            names
        };
        let check = match kind {
            Kind::Forbid | Kind::Require => {
                let pattern = self.needs(&self.pattern, "pattern", origin)?.clone();
                let region = Region {
                    scope: self.scope.as_ref().map_or(Scope::Prose, |s| s.value),
                    section: self.section.as_ref().map(|s| s.value.clone()),
                    column: self.column.as_ref().map(|c| c.value.clone()),
                };
                if kind == Kind::Forbid {
                    Check::Forbid { pattern, region }
                } else {
                    Check::Require { pattern, region }
                }
            }
            Kind::Section => Check::Section {
                headings: names(self.needs(&self.heading, "heading", origin)?),
            },
            Kind::Metadata => Check::Metadata {
                names: names(self.needs(&self.field, "field", origin)?),
                pattern: self.pattern.as_ref().map(|p| p.value.clone()),
                format: self.format.as_ref().map(|f| f.value.clone()),
            },
            Kind::Columns => Check::Columns {
                section: self.needs(&self.section, "section", origin)?.clone(),
                columns: self.needs(&self.columns, "columns", origin)?.clone(),
            },
        };
        let files = if self.files.is_empty() {
            vec![ArtifactKind::Plan]
        } else {
            self.files.clone()
        };
        Ok(CustomRule {
            meta: self.leak_meta(origin),
            files,
            url: self.url.clone(),
            help: self
                .help
                .clone()
                .unwrap_or_else(|| kind.default_help().to_string()),
            message: self.message,
            check,
        })
    }

    /// A field the kind requires.
    fn needs<'e, T>(
        &self,
        field: &'e Option<Spanned<T>>,
        name: &str,
        origin: &Origin,
    ) -> Result<&'e T, YamlError> {
        field.as_ref().map(|f| &f.value).ok_or_else(|| {
            origin
                .error(
                    &self.kind,
                    format!(
                        "a rule of kind `{}` needs `{name}`",
                        self.kind.value.as_str()
                    ),
                )
                .with_help(describe_fields(self.kind.value))
        })
    }

    fn check_identity(&self, origin: &Origin) -> Result<(), YamlError> {
        let code = &self.code.value;
        let well_formed = code.len() >= 3
            && code.chars().take(2).all(|c| c.is_ascii_uppercase())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && code.ends_with(|c: char| c.is_ascii_digit());
        if !well_formed {
            return Err(origin
                .error(&self.code, format!("`{code}` is not a custom rule code"))
                .with_help("use two or more capital letters, then letters or digits, ending in a digit: e.g. ACME001 (one letter and digits is planlint's own form)"));
        }
        let name = &self.name.value;
        let kebab = name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('-')
            && !name.contains("--")
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !kebab {
            return Err(origin
                .error(
                    &self.name,
                    format!("`{name}` is not a kebab-case rule name"),
                )
                .with_help("use lowercase words joined by `-`, e.g. no-internal-hosts"));
        }
        for (what, at) in [("code", &self.code), ("name", &self.name)] {
            let taken = crate::rules::builtin()
                .iter()
                .any(|r| r.code.eq_ignore_ascii_case(&at.value) || r.name == at.value)
                || Family::ALL.iter().any(|f| f.name() == at.value);
            if taken {
                return Err(
                    origin.error(at, format!("the {what} `{}` is planlint's own", at.value))
                );
            }
        }
        Ok(())
    }

    /// No field the kind does not take; `column` exactly when `scope: column`.
    fn check_fields(&self, origin: &Origin) -> Result<(), YamlError> {
        let kind = self.kind.value;
        let (required, optional) = kind.fields();
        for (field, loc) in self.specific_fields() {
            if !required.contains(&field) && !optional.contains(&field) {
                return Err(YamlError::at(
                    &origin.src,
                    crate::yaml::span_of(origin.text, loc),
                    format!(
                        "`{field}` does not apply to a rule of kind `{}`",
                        kind.as_str()
                    ),
                )
                .with_help(describe_fields(kind)));
            }
        }
        let column_scope = self
            .scope
            .as_ref()
            .is_some_and(|s| s.value == Scope::Column);
        match (&self.scope, &self.column) {
            (Some(scope), None) if column_scope => {
                return Err(origin.error(scope, "`scope: column` needs `column: <header>`".into()));
            }
            (_, Some(column)) if !column_scope => {
                return Err(
                    origin.error(column, "`column` applies only with `scope: column`".into())
                );
            }
            _ => {}
        }
        if let Some(columns) = self.columns.as_ref().filter(|c| c.value.is_empty()) {
            return Err(origin.error(columns, "`columns` lists no column".into()));
        }
        Ok(())
    }

    /// The kind-specific fields present, with where each value is.
    fn specific_fields(&self) -> Vec<(&'static str, &serde_saphyr::Location)> {
        [
            ("pattern", self.pattern.as_ref().map(|s| &s.referenced)),
            ("scope", self.scope.as_ref().map(|s| &s.referenced)),
            ("section", self.section.as_ref().map(|s| &s.referenced)),
            ("column", self.column.as_ref().map(|s| &s.referenced)),
            ("heading", self.heading.as_ref().map(|s| &s.referenced)),
            ("field", self.field.as_ref().map(|s| &s.referenced)),
            ("aliases", self.aliases.as_ref().map(|s| &s.referenced)),
            ("format", self.format.as_ref().map(|s| &s.referenced)),
            ("columns", self.columns.as_ref().map(|s| &s.referenced)),
        ]
        .into_iter()
        .filter_map(|(name, loc)| loc.map(|l| (name, l)))
        .collect()
    }

    /// The rule's metadata, with documentation for `planlint explain` built from the entry.
    fn leak_meta(&self, origin: &Origin) -> &'static RuleMeta {
        let line = self.code.referenced.line();
        let mut doc = String::from("## What it checks\n");
        doc.push_str(&self.what_it_checks());
        doc.push_str("\n\n");
        if let Some(description) = &self.description {
            doc.push_str(description.trim());
            doc.push_str("\n\n");
        }
        doc.push_str(&format!(
            "## Where it is defined\nA custom rule of kind `{}` in `{}` (line {line}); it reads {}.\n\n## Example\nA finding says: {}\n",
            self.kind.value.as_str(),
            origin.name,
            self.files_text(),
            self.message,
        ));
        let help = self
            .help
            .clone()
            .unwrap_or_else(|| self.kind.value.default_help().to_string());
        Box::leak(Box::new(RuleMeta {
            code: leak(self.code.value.clone()),
            name: leak(self.name.value.clone()),
            family: Family::Custom,
            default: self.severity.unwrap_or(Severity::Error),
            help: leak(help),
            doc: leak(doc),
        }))
    }

    fn what_it_checks(&self) -> String {
        let pattern = self.pattern.as_ref().map_or("", |p| p.value.as_str());
        let within = |s: &Option<Spanned<Pattern>>| {
            s.as_ref()
                .map(|s| format!(" in sections whose heading matches `{}`", s.value.as_str()))
                .unwrap_or_default()
        };
        let scope = match (&self.scope, &self.column) {
            (_, Some(column)) => format!("the `{}` column of tables", column.value),
            (Some(scope), None) => scope.value.describe().to_string(),
            (None, None) => Scope::Prose.describe().to_string(),
        };
        let first =
            |f: &Option<Spanned<String>>| f.as_ref().map_or(String::new(), |f| f.value.clone());
        match self.kind.value {
            Kind::Forbid => format!(
                "`{pattern}` must not occur in {scope}{}.",
                within(&self.section)
            ),
            Kind::Require if self.column.is_some() => {
                format!(
                    "every cell of {scope} must match `{pattern}`{}.",
                    within(&self.section)
                )
            }
            Kind::Require => match &self.section {
                Some(_) => format!(
                    "each section{} must contain `{pattern}` in {scope}.",
                    within(&self.section)
                ),
                None => format!("the file must contain `{pattern}` in {scope}."),
            },
            Kind::Section => format!("the file must have a `{}` section.", first(&self.heading)),
            Kind::Metadata if self.pattern.is_some() => format!(
                "the header field `{}` must be present and match `{pattern}`.",
                first(&self.field)
            ),
            Kind::Metadata => format!(
                "the header field `{}` must be present and not empty.",
                first(&self.field)
            ),
            Kind::Columns => format!(
                "the first table{} must have the columns {}.",
                within(&self.section),
                self.columns
                    .as_ref()
                    .map_or(String::new(), |c| c.value.join(", "))
            ),
        }
    }

    fn files_text(&self) -> String {
        if self.files.is_empty() {
            return "the plan file".into();
        }
        let names: Vec<String> = self
            .files
            .iter()
            .map(|k| format!("{k:?}").to_lowercase())
            .collect();
        names.join(", ")
    }
}

/// The fields a kind takes, for help texts.
fn describe_fields(kind: Kind) -> String {
    let (required, optional) = kind.fields();
    let mut help = format!("kind `{}` takes {}", kind.as_str(), required.join(", "));
    if !optional.is_empty() {
        help.push_str(&format!(" and optionally {}", optional.join(", ")));
    }
    help
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
