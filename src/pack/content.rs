//! Pack sections about what a plan may say: forbidden content (F001–F005: code, file paths,
//! definitions, imports, pattern prescriptions) and spelling (L002).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::yaml::Pattern;

/// What a plan that describes WHAT, not HOW, must not contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Forbidden {
    /// Code-block languages that are not code (F001): diagrams, plain text, scenarios, data.
    pub allowed_languages: Vec<String>,
    /// Of those, the ones whose body is still inspected for code signatures (with blocks that
    /// have no language at all): `text` blocks can hide code.
    #[serde(default)]
    pub inspected_languages: Vec<String>,
    /// Lines that betray code in an unlabelled block (F001), besides definitions and imports.
    #[serde(default)]
    pub code_signatures: Vec<Pattern>,
    /// Class, function and type definitions or signatures (F003).
    #[serde(default)]
    pub definitions: Vec<Pattern>,
    /// Import statements recognisable in running text (F004): `from x import y`, `#include`.
    #[serde(default)]
    pub imports: Vec<Pattern>,
    /// Import statements recognised only as a whole inline code span (`import httpx`), since
    /// "import" is also an English word.
    #[serde(default)]
    pub inline_imports: Vec<Pattern>,
    /// Prescriptions to copy existing code (F005).
    #[serde(default)]
    pub pattern_references: Vec<Pattern>,
    pub paths: Paths,
}

/// How F002 tells a repository path from the many slash- and dot-words of prose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Paths {
    /// File extensions that make a word a file name (`py`, `ts`, `yaml` …), lowercase.
    pub extensions: Vec<String>,
    /// Folder names that make `name/…` a path even without an extension (`src`, `tests` …).
    pub directories: Vec<String>,
    /// File names that are the plan set's own artifacts, not repository paths.
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// Sections where file names are the subject (the seed's Dev Environment table names
    /// `docker-compose.yml` and `.env.example`).
    #[serde(default)]
    pub exempt_sections: Vec<String>,
}

/// A spelling standard: words of the other variety and their replacement (L002).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "SpellingFile")]
pub struct Spelling {
    /// The variety asked for, for messages ("British").
    pub standard: String,
    /// The listed pairs (unwanted → wanted base forms).
    pub words: BTreeMap<String, String>,
    /// Every unwanted form, derived ones included, with its replacement; built on first use
    /// (every run reads every built-in pack, and only L002 on plans of a profile with a
    /// spelling standard asks), and shared by the pack's clones.
    forms: Arc<OnceLock<foldhash::HashMap<String, String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SpellingFile {
    standard: String,
    /// Unwanted spelling → wanted spelling, lowercase base forms. Plurals and verb forms
    /// (`-s`, `-ed`, `-ing`, `-er`, `-al` …) are derived.
    words: BTreeMap<String, String>,
}

impl From<SpellingFile> for Spelling {
    fn from(f: SpellingFile) -> Spelling {
        Spelling {
            standard: f.standard,
            words: f.words,
            forms: Arc::default(),
        }
    }
}

impl Spelling {
    /// Every unwanted form, derived ones included, with its replacement.
    pub fn forms(&self) -> &foldhash::HashMap<String, String> {
        self.forms.get_or_init(|| {
            let mut forms = foldhash::HashMap::default();
            for (unwanted, wanted) in &self.words {
                let (unwanted, wanted) = (unwanted.to_lowercase(), wanted.to_lowercase());
                for suffix in suffixes(&unwanted, &wanted) {
                    forms
                        .entry(inflect(&unwanted, suffix))
                        .or_insert_with(|| inflect(&wanted, suffix));
                }
                forms.insert(unwanted, wanted);
            }
            forms
        })
    }
}

/// The suffixes a base form takes, by its ending. Conservative on purpose: `liter` + `al`
/// would be "literal", so only `-or` nouns take `-al`; `enroll` → `enrolled` is British too,
/// so words whose double `l` the other variety drops take only `-s`.
fn suffixes(unwanted: &str, wanted: &str) -> &'static [&'static str] {
    if unwanted.ends_with("ed") || unwanted.ends_with("ing") {
        &[]
    } else if unwanted.ends_with("ll") && !wanted.ends_with("ll") {
        &["s"]
    } else if unwanted.ends_with("ize") || unwanted.ends_with("yze") {
        &["s", "d", "r", "rs", "ing", "ation", "ations", "able"]
    } else if unwanted.ends_with("or") {
        &[
            "s", "ed", "ing", "al", "ally", "able", "ful", "less", "ite", "ites",
        ]
    } else {
        &["s", "ed", "ing"]
    }
}

/// `base` + `suffix`, dropping a final `e` before a vowel (`organise` → `organising`,
/// `centre` → `centred`).
fn inflect(base: &str, suffix: &str) -> String {
    let vowel = suffix.starts_with(['a', 'e', 'i', 'o', 'u']);
    let stem = if vowel {
        base.strip_suffix('e').unwrap_or(base)
    } else {
        base
    };
    format!("{stem}{suffix}")
}
