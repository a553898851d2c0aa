//! Rule packs: the YAML files in `rules/` (embedded at build time) that hold each plan style's
//! vocabulary — how to detect it, its required sections and header fields, placeholder
//! patterns, companions and default rule severities. Rust code holds the rule logic only.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::artifact::ArtifactKind;
use crate::document::Document;
use crate::severity::{RuleSetting, Severity};
use crate::yaml::{Pattern, YamlError};

/// The built-in packs, in detection order.
pub const BUILTIN: [(&str, &str); 5] = [
    ("spec-mesh", include_str!("../rules/spec-mesh.yaml")),
    ("functional", include_str!("../rules/functional.yaml")),
    ("speckit", include_str!("../rules/speckit.yaml")),
    ("technical", include_str!("../rules/technical.yaml")),
    ("generic", include_str!("../rules/generic.yaml")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pack {
    pub profile: String,
    /// A pack whose placeholders, markers, companions, requirements and severities this one
    /// inherits (its own entries added on top).
    pub extends: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub detect: Detect,
    /// Required sections and header fields per artifact (plan, spec, tasks, …).
    #[serde(default)]
    pub artifacts: BTreeMap<ArtifactKind, ArtifactRules>,
    /// Unfilled template text (S003).
    #[serde(default)]
    pub placeholders: Vec<Placeholder>,
    /// TODO-style markers (S008).
    pub todo: Option<Todo>,
    /// The NEEDS CLARIFICATION marker (S004).
    pub clarification: Option<Clarification>,
    /// Companions the plan set must have (S007).
    #[serde(default)]
    pub companions: Vec<Companion>,
    /// Branch naming (B001) and how a plan names its branch (B002).
    #[serde(default)]
    pub branch: BranchNaming,
    /// Rule code → default severity in this profile; rules not listed are off.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Detect {
    /// The plan is of this style when any of these conditions holds.
    #[serde(default)]
    pub any: Vec<DetectWhen>,
}

/// One detection condition: every part given must hold.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectWhen {
    /// The plan file's name (e.g. `impl-plan.md`).
    pub plan_file: Option<String>,
    /// Headings that must all be present (matched like S001: case-insensitive, numbering and
    /// markers ignored).
    #[serde(default)]
    pub headings: Vec<String>,
    /// A regex that some heading key must match.
    pub heading_pattern: Option<Pattern>,
    /// A header field that must be present.
    pub field: Option<String>,
    /// A regex over the plan's text.
    pub pattern: Option<Pattern>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArtifactRules {
    #[serde(default)]
    pub sections: Vec<SectionRequirement>,
    #[serde(default)]
    pub fields: Vec<FieldRequirement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionRequirement {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl SectionRequirement {
    /// The heading keys that satisfy this requirement.
    pub fn keys(&self) -> Vec<String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| crate::document::heading_key(n))
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldRequirement {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The form the value must have (S006).
    pub pattern: Option<Pattern>,
    /// How the expected form is described to the user, e.g. "YYYY-MM-DD".
    pub format: Option<String>,
    /// When false the field may be absent, but its value is still checked.
    #[serde(default = "yes")]
    pub required: bool,
}

impl FieldRequirement {
    pub fn names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .collect()
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Placeholder {
    pub pattern: Pattern,
    /// Where to look: `prose` (default: prose and header field values), `fields` (values of
    /// the header fields, before the first `##` heading), `comments`, `code` (code blocks only) or `anywhere`.
    #[serde(default)]
    pub scope: Scope,
    /// Only inside sections whose heading key (lowercase, numbering stripped) matches.
    pub within: Option<Pattern>,
    /// What the placeholder is, for the message.
    pub what: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Prose,
    Fields,
    Comments,
    Code,
    Anywhere,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Todo {
    /// The marker; when the pattern has a capture group, the group is the marker.
    pub pattern: Pattern,
    /// Matched at the marker: text that talks about markers ("TODO comments", "TODO in
    /// Python") rather than being one.
    pub mention: Option<Pattern>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Clarification {
    pub pattern: Pattern,
    /// spec.md may keep this many markers before S004 warns (clarification is still open
    /// while the spec is drafted); plans may keep none.
    #[serde(default)]
    pub spec_allowance: usize,
    /// A line matching this mentions the marker (resolved, addressed, "for each …") rather
    /// than holding one.
    pub mention: Option<Pattern>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Companion {
    /// Path relative to the plan's folder.
    pub path: String,
    /// Severity of S007 for this companion, when it differs from the rule's.
    pub severity: Option<Severity>,
}

/// The `branch:` section of a pack. Each part a pack leaves out is inherited from the pack it
/// extends.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BranchNaming {
    /// B001: the branch must match one of these (`branch.patterns` in planlint.yaml replaces
    /// them). No patterns: the profile has no naming convention.
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// B002: the plan header fields that name the plan's branch.
    #[serde(default)]
    pub fields: Vec<String>,
    /// B002: a feature key at the start of a branch segment or folder name (`001` in
    /// `001-login`, `PROJ-12` in `PROJ-12_login`), in the named group `key`. Plan sets whose
    /// key differs from the branch's belong to other features and are not compared.
    pub key: Option<Pattern>,
}

impl Pack {
    /// Parse and validate a pack (rule codes checked against the registry).
    pub fn parse(name: &str, text: &str) -> Result<Pack, YamlError> {
        let pack: Pack = crate::yaml::from_str(name, text)?;
        for code in pack.rules.keys() {
            if crate::rules::find(code).is_none() {
                let span = text
                    .find(&format!("{code}:"))
                    .map(|o| miette::SourceSpan::new(o.into(), code.len()));
                let src = std::sync::Arc::new(miette::NamedSource::new(name, text.to_string()));
                let mut err = YamlError::at(&src, span, format!("unknown rule code `{code}`"));
                if let Some(s) = crate::suggest::closest(code, crate::rules::codes()) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
        }
        Ok(pack)
    }

    /// Whether this pack's detection conditions match a plan.
    pub fn detects(&self, plan_file: &str, doc: &Document) -> bool {
        self.detect.any.iter().any(|w| {
            w.plan_file.as_ref().is_none_or(|f| f == plan_file)
                && w.headings.iter().all(|h| {
                    let key = crate::document::heading_key(h);
                    doc.headings.iter().any(|d| d.key == key)
                })
                && w.heading_pattern
                    .as_ref()
                    .is_none_or(|p| doc.headings.iter().any(|h| p.is_match(&h.key)))
                && w.field.as_ref().is_none_or(|f| doc.field(&[f]).is_some())
                && w.pattern.as_ref().is_none_or(|p| p.is_match(&doc.text))
        })
    }

    /// The pack's default for a rule (`None`: off in this profile).
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.rules.get(code).and_then(|s| s.severity())
    }

    pub fn artifact(&self, kind: ArtifactKind) -> Option<&ArtifactRules> {
        self.artifacts.get(&kind)
    }

    /// Take over what `base` defines and this pack does not override.
    fn inherit(&mut self, base: &Pack) {
        let mut placeholders = base.placeholders.clone();
        placeholders.append(&mut self.placeholders);
        self.placeholders = placeholders;
        if self.todo.is_none() {
            self.todo = base.todo.clone();
        }
        if self.clarification.is_none() {
            self.clarification = base.clarification.clone();
        }
        let mut companions = base.companions.clone();
        companions.retain(|c| !self.companions.iter().any(|o| o.path == c.path));
        companions.append(&mut self.companions);
        self.companions = companions;
        if self.branch.patterns.is_empty() {
            self.branch.patterns = base.branch.patterns.clone();
        }
        if self.branch.fields.is_empty() {
            self.branch.fields = base.branch.fields.clone();
        }
        if self.branch.key.is_none() {
            self.branch.key = base.branch.key.clone();
        }
        for (kind, rules) in &base.artifacts {
            self.artifacts.entry(*kind).or_insert_with(|| rules.clone());
        }
        for (code, setting) in &base.rules {
            self.rules.entry(code.clone()).or_insert(*setting);
        }
    }
}

/// Resolve `extends` among `packs` and the built-ins: every pack ends up self-contained.
/// A pack may extend one defined before it in `packs`, or a built-in.
pub fn resolve_extends(packs: Vec<(Pack, PackOrigin)>) -> Result<Vec<Pack>, YamlError> {
    let mut done: Vec<Pack> = Vec::new();
    for (mut pack, origin) in packs {
        if let Some(base_name) = pack.extends.clone() {
            let base = done
                .iter()
                .find(|p| p.profile == base_name)
                .or_else(|| builtin().iter().find(|p| p.profile == base_name));
            match base {
                Some(base) => pack.inherit(base),
                None => return Err(origin.error(&base_name)),
            }
        }
        done.push(pack);
    }
    Ok(done)
}

/// Where a pack came from, to point at its `extends:` when the base is unknown.
pub struct PackOrigin {
    pub name: String,
    pub text: String,
}

impl PackOrigin {
    fn error(&self, base: &str) -> YamlError {
        let src = std::sync::Arc::new(miette::NamedSource::new(&self.name, self.text.clone()));
        let span = self
            .text
            .find("extends:")
            .map(|o| miette::SourceSpan::new(o.into(), self.text[o..].find('\n').unwrap_or(8)));
        YamlError::at(&src, span, format!("`extends: {base}` names no known pack"))
            .with_help("extend a built-in profile (spec-mesh, functional, speckit, technical, generic) or a pack listed before this one")
    }
}

/// The built-in packs, parsed once.
pub fn builtin() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        let mut parsed: Vec<Pack> = BUILTIN
            .iter()
            .map(|(name, text)| {
                Pack::parse(&format!("rules/{name}.yaml"), text)
                    .unwrap_or_else(|e| panic!("built-in pack {name} is invalid: {e:?}"))
            })
            .collect();
        // Built-ins extend only `generic`, which extends nothing.
        let generic = parsed
            .iter()
            .find(|p| p.profile == "generic")
            .cloned()
            .expect("generic pack");
        for pack in &mut parsed {
            if pack.extends.as_deref() == Some("generic") {
                pack.inherit(&generic);
            }
        }
        parsed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_parse_and_name_their_profiles() {
        let names: Vec<_> = builtin().iter().map(|p| p.profile.as_str()).collect();
        assert_eq!(
            names,
            ["spec-mesh", "functional", "speckit", "technical", "generic"]
        );
    }

    #[test]
    fn bad_regex_points_at_its_line() {
        let text = "profile: x\ntodo:\n  pattern: '(unclosed'\n";
        let err = Pack::parse("x.yaml", text).unwrap_err();
        assert!(err.message.contains("invalid regex"), "{}", err.message);
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }

    #[test]
    fn unknown_key_and_code_are_errors() {
        let err = Pack::parse("x.yaml", "profile: x\nplaceholder: []\n").unwrap_err();
        assert_eq!(err.line_column().map(|p| p.0), Some(2));
        assert_eq!(err.help.as_deref(), Some("did you mean `placeholders`?"));
        let err = Pack::parse("x.yaml", "profile: x\nrules:\n  S01: error\n").unwrap_err();
        assert_eq!(err.line_column().map(|p| p.0), Some(3));
    }
}
