//! YAML loading for packs and config through serde-saphyr, with errors that point into the
//! file (miette source span, line and column) instead of a bare message.

use std::borrow::Cow;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_saphyr::{MessageFormatter, UserMessageFormatter};
use thiserror::Error;

use crate::word_regex::WordRegex;

/// A problem in a YAML file: syntax, an unknown key, a bad value, an invalid regex or an
/// unknown rule code. Rendered by miette with the offending YAML line.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub src: Arc<NamedSource<String>>,
    pub span: Option<SourceSpan>,
    pub help: Option<String>,
}

impl Diagnostic for YamlError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("planlint::config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), span),
        )))
    }
}

impl YamlError {
    pub fn at(src: &Arc<NamedSource<String>>, span: Option<SourceSpan>, message: String) -> Self {
        YamlError {
            message,
            src: src.clone(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and column of the error, for tests and plain-text messages.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let span = self.span?;
        let text = self.src.inner();
        let idx = crate::lines::LineIndex::new(text);
        let p = idx.position(text, span.offset());
        Some((p.line, p.column))
    }
}

/// A source position taken from serde-saphyr, as a byte span into the YAML text.
pub fn span_of(text: &str, loc: &serde_saphyr::Location) -> Option<SourceSpan> {
    if let Some(offset) = loc.span().byte_offset() {
        let len = loc.span().byte_len().unwrap_or(0).max(1) as usize;
        let offset = (offset as usize).min(text.len());
        return Some(SourceSpan::new(offset.into(), len.min(text.len() - offset)));
    }
    let (line, column) = (loc.line() as usize, loc.column() as usize);
    if line == 0 {
        return None;
    }
    let idx = crate::lines::LineIndex::new(text);
    let start = idx.line_start(line - 1);
    let offset = text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i);
    Some(SourceSpan::new(offset.into(), 1))
}

/// Deserialise `text` (named `name` in errors) with planlint's YAML options.
pub fn from_str<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let src = Arc::new(NamedSource::new(name, text.to_string()).with_language("yaml"));
        let span = e.location().and_then(|l| span_of(text, &l));
        let message = e.without_snippet().render_with_formatter(&Messages);
        let message = message.lines().next().unwrap_or("invalid YAML").trim();
        // The position is shown by the label; drop serde-saphyr's " at line N, column M".
        let message = match message.rfind(" at line ") {
            Some(i) if span.is_some() => &message[..i],
            _ => message,
        }
        .to_string();
        let help = unknown_name_help(e.without_snippet());
        let mut err = YamlError::at(&src, span, message);
        err.help = help;
        err
    })
}

/// serde-saphyr's messages for people (its `UserMessageFormatter`), in the terms of the file
/// where its own would name Rust's: a key that takes one name (a severity, a rule kind, a
/// scope) is a Rust enum, so a list there was "externally tagged enum expected scalar or
/// mapping" and a misspelt name an "unknown variant"; a scalar where a list or a mapping goes
/// was "expected sequence start" or "expected mapping start".
struct Messages;

impl MessageFormatter for Messages {
    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> Cow<'a, str> {
        use serde_saphyr::Error;
        match err {
            Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. } => {
                Cow::Borrowed("expected a single value here, not a list")
            }
            Error::Unexpected {
                expected: "sequence start",
                ..
            } => Cow::Borrowed("expected a list here"),
            Error::Unexpected {
                expected: "mapping start",
                ..
            } => Cow::Borrowed("expected a mapping here (`key: value` entries)"),
            // The people's formatter says "reference to unknown value", which hides that an
            // alias (`*name`) is meant.
            Error::UnknownAnchor { .. } => Cow::Borrowed("alias refers to an unknown anchor"),
            Error::SerdeUnknownVariant {
                variant, expected, ..
            } => Cow::Owned(format!(
                "unknown value `{variant}`, expected one of {}",
                expected.join(", ")
            )),
            _ => UserMessageFormatter.format_message(err),
        }
    }
}

/// For an unknown key or value, the closest expected name.
fn unknown_name_help(err: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::Error;
    let (name, expected) = match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => (field, expected),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (variant, expected),
        _ => return None,
    };
    let best = crate::suggest::closest(name, expected.iter().copied())?;
    Some(format!("did you mean `{best}`?"))
}

/// A regular expression from YAML. Its syntax is checked when the YAML is read, so a bad
/// pattern is reported at its line and never reaches the linter; it is compiled on first use,
/// so a run compiles only the patterns it needs (compiling every pack's regexes up front costs
/// over 10 ms, most of a git hook's budget). Clones share the compiled regex.
#[derive(Debug, Clone)]
pub struct Pattern(Arc<WordRegex>);

impl Pattern {
    /// The pattern, or why it is not a valid regex.
    pub fn new(source: &str) -> Result<Pattern, String> {
        let hir = regex_syntax::Parser::new()
            .parse(source)
            .map_err(|e| first_line(&e.to_string()))?;
        Ok(Pattern(Arc::new(WordRegex::parsed(source, hir))))
    }

    /// [`Pattern::new`], unchecked inside [`trusting_patterns`].
    fn read(source: &str) -> Result<Pattern, String> {
        if TRUSTED.get() {
            Ok(Pattern(Arc::new(WordRegex::new(source))))
        } else {
            Pattern::new(source)
        }
    }
}

thread_local! {
    /// Set while the built-in packs are read (see [`trusting_patterns`]).
    static TRUSTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `read` with pattern syntax checks deferred to first use: for the built-in packs, whose
/// every pattern the test suite checks (`pack::tests`), checking them all on each start would
/// cost a git hook about a fifth of its time.
pub fn trusting_patterns<T>(read: impl FnOnce() -> T) -> T {
    TRUSTED.set(true);
    let out = read();
    TRUSTED.set(false);
    out
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pattern::read(&s).map_err(|e| serde::de::Error::custom(format!("invalid regex `{s}`: {e}")))
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or(s)
        .to_string()
}

impl schemars::JsonSchema for Pattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Regex".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "regex",
            "description": "A regular expression (Rust `regex` syntax), checked when the file is read."
        })
    }
}

impl std::ops::Deref for Pattern {
    type Target = WordRegex;
    fn deref(&self) -> &WordRegex {
        &self.0
    }
}

/// A list of words or phrases made into one case-insensitive, whole-word regex, so packs list
/// vocabulary plainly (`- user-friendly`) instead of writing regexes.
/// Spaces in a phrase match any run of whitespace (phrases wrap across lines in Markdown).
#[derive(Debug, Clone)]
pub struct WordList {
    pub words: Vec<String>,
    pub regex: Pattern,
}

impl<'de> Deserialize<'de> for WordList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let words = Vec::<String>::deserialize(d)?;
        if let Some(blank) = words.iter().position(|w| w.trim().is_empty()) {
            return Err(serde::de::Error::custom(format!(
                "entry {} of the word list is empty",
                blank + 1
            )));
        }
        let alternatives: Vec<String> = words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let pattern = format!(r"(?i)\b(?:{})\b", alternatives.join("|"));
        Pattern::read(&pattern)
            .map(|regex| WordList { words, regex })
            .map_err(|e| serde::de::Error::custom(format!("word list does not compile: {e}")))
    }
}

impl std::ops::Deref for WordList {
    type Target = WordRegex;
    fn deref(&self) -> &WordRegex {
        &self.regex
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::severity::RuleSetting;
    use std::collections::BTreeMap;

    fn error(text: &str) -> YamlError {
        from_str::<BTreeMap<String, RuleSetting>>("planlint.yaml", text).expect_err("an error")
    }

    #[test]
    fn a_list_where_one_name_goes_is_called_a_list() {
        let e = error("S003: [warning]\n");
        assert_eq!(e.message, "expected a single value here, not a list");
        assert_eq!(e.line_column(), Some((1, 7)));
    }

    #[test]
    fn a_value_where_a_list_or_a_mapping_goes_says_which() {
        let list = from_str::<BTreeMap<String, Vec<String>>>("a.yaml", "exclude: foo\n");
        assert_eq!(list.expect_err("an error").message, "expected a list here");
        let e = error("- S003\n");
        assert_eq!(e.message, "expected a mapping here (`key: value` entries)");
    }

    #[test]
    fn an_alias_without_its_anchor_is_called_one() {
        let e = error("S003: *severity\n");
        assert_eq!(e.message, "alias refers to an unknown anchor");
    }

    #[test]
    fn an_unknown_name_gets_the_closest_known_one() {
        let e = error("S003: eror\n");
        assert_eq!(
            e.message,
            "unknown value `eror`, expected one of error, warning, info, off"
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `error`?"));
        // Nothing close: no guess.
        assert_eq!(error("S003: loud\n").help, None);
    }
}
