//! `planlint.yaml`: finding it, reading it (every error points into the YAML), and turning it
//! into what a run needs — the packs in detection order, plan and exclude globs, profiles per
//! glob and rule settings.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};
use miette::{NamedSource, SourceSpan};
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::engine::{Override, Selection};
use crate::pack::{Pack, PackOrigin};
use crate::rules::custom::{CustomRuleEntry, Origin};
use crate::severity::RuleSetting;
use crate::yaml::{Pattern, YamlError};

pub const CONFIG_NAMES: [&str; 2] = ["planlint.yaml", ".planlint.yaml"];
pub const DEFAULT_PLANS: [&str; 2] = ["**/plan.md", "**/impl-plan.md"];

/// The file as written. Its doc comments become the JSON Schema's descriptions
/// (`planlint schema`): every field needs a `JsonSchema` type (`Spanned<T>` fields say which
/// with `#[schemars(with = ...)]`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "planlint configuration (planlint.yaml)")]
pub struct ConfigFile {
    /// Built-in profile names (spec-mesh, functional, speckit, technical, generic) or paths to
    /// pack files (relative to this file), in detection order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub extends: Vec<Spanned<String>>,
    /// Globs selecting plan files, relative to the repository root (default `**/plan.md`,
    /// `**/impl-plan.md`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub plans: Vec<Spanned<String>>,
    /// Globs of paths never linted.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// Globs of the repository's test files (relative to its root): turns on T010, which
    /// looks for each acceptance criterion's (or requirement's) ID in them.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tests: Vec<Spanned<String>>,
    /// The profile for plans matching a glob (the longest matching glob wins), or one profile
    /// name for every plan.
    #[serde(default)]
    pub profile: ProfileMap,
    /// Rule code or name → error | warning | info | off.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleSetting>")]
    pub rules: HashMap<Spanned<String>, RuleSetting>,
    /// Rule settings for some files only: each entry's `rules` apply to the files matching
    /// its `files` globs (relative to the repository root); a later entry wins.
    #[serde(default)]
    pub overrides: Vec<OverrideEntry>,
    /// Your own rules, written in YAML: forbid, require, section, metadata, columns.
    #[serde(default)]
    pub custom_rules: Vec<CustomRuleEntry>,
    /// The constitution file, relative to this file's folder (default: the first of
    /// `.specify/memory/constitution.md`, `memory/constitution.md`, `docs/constitution.md`
    /// found in a plan set's folder or the nearest folder above it).
    #[schemars(with = "Option<String>")]
    pub constitution: Option<Spanned<String>>,
    /// More quality-gate checklists (globs relative to each plan's folder) whose unchecked
    /// items fail Q001, on top of the profile's plan quality checklist.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub checklists: Vec<Spanned<String>>,
    /// Branch naming (B001) and protected branches (B001, B002, B004).
    #[serde(default)]
    pub branch: BranchFile,
}

/// One `overrides:` entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideEntry {
    /// Globs of files (plans and companions) relative to the repository root, e.g.
    /// `specs/legacy/**` or `**/tasks.md`.
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    /// Rule code or name → error | warning | info | off, for those files.
    #[schemars(with = "BTreeMap<String, RuleSetting>")]
    pub rules: HashMap<Spanned<String>, RuleSetting>,
}

/// `branch:` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BranchFile {
    /// Regexes the branch must match (one is enough) for B001; they replace the profiles'
    /// patterns.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub patterns: Vec<Pattern>,
    /// Names or globs (`release/*`) of protected branches, exempt from B001 and B002 and
    /// subject to B004 (default main, master, develop).
    #[schemars(with = "Option<Vec<String>>")]
    pub protected: Option<Vec<Spanned<String>>>,
}

/// Protected branches when the config names none.
pub const DEFAULT_PROTECTED: [&str; 3] = ["main", "master", "develop"];

/// The branch settings a run uses.
pub struct BranchConfig {
    /// Configured B001 patterns (empty: each profile's own).
    pub patterns: Vec<Pattern>,
    protected: GlobSet,
}

impl BranchConfig {
    /// Whether `branch` is protected: exempt from B001 and B002, subject to B004.
    pub fn is_protected(&self, branch: &str) -> bool {
        self.protected.is_match(branch)
    }
}

/// `profile: speckit` or `profile: {"specs/**": speckit, "docs/plans/**": functional}`.
#[derive(Debug, Default)]
pub struct ProfileMap(pub Vec<(Spanned<String>, Spanned<String>)>);

impl JsonSchema for ProfileMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ProfileMap".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let profile = serde_json::json!({
            "type": "string",
            "examples": ["spec-mesh", "functional", "speckit", "technical", "generic"]
        });
        schemars::json_schema!({
            "description": "One profile name for every plan, or a map from glob to profile name.",
            "anyOf": [
                profile,
                { "type": "object", "additionalProperties": profile }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for ProfileMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ProfileMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a profile name, or a map from glob to profile name")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ProfileMap, E> {
                let loc = serde_saphyr::Location::UNKNOWN;
                Ok(ProfileMap(vec![(
                    Spanned::new("**".to_string(), loc, loc),
                    Spanned::new(v.to_string(), loc, loc),
                )]))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProfileMap, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(ProfileMap(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// The configuration a run uses.
pub struct Config {
    /// Where the config file was found (`None`: defaults).
    pub path: Option<PathBuf>,
    /// Packs in detection order; the last is always `generic`.
    pub packs: Vec<Pack>,
    pub plans: GlobSet,
    pub exclude: GlobSet,
    /// `tests:` globs, when configured.
    pub tests: Option<GlobSet>,
    profiles: Vec<(String, GlobMatcher, usize)>,
    pub selection: Selection,
    /// The configured constitution file (absolute).
    pub constitution: Option<PathBuf>,
    pub branch: BranchConfig,
}

impl Config {
    /// The built-in defaults.
    pub fn defaults() -> Config {
        Config::from_file(ConfigFile::default(), None, "", Path::new("."))
            .unwrap_or_else(|e| unreachable!("defaults are valid: {e:?}"))
    }

    /// Read and validate the config at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = read_yaml_file(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Ok(Config::parse(path, &text)?)
    }

    /// Validate config `text` as if read from `path` (pack paths resolve beside it).
    pub fn parse(path: &Path, text: &str) -> Result<Config, YamlError> {
        let name = path.display().to_string();
        let file: ConfigFile = crate::yaml::from_str(&name, text)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Config::from_file(file, Some(path), text, dir)
    }

    fn from_file(
        file: ConfigFile,
        path: Option<&Path>,
        text: &str,
        dir: &Path,
    ) -> Result<Config, YamlError> {
        let name = path.map(|p| p.display().to_string()).unwrap_or_default();
        let src = Arc::new(NamedSource::new(&name, text.to_string()).with_language("yaml"));
        let at = |loc: &serde_saphyr::Location| crate::yaml::span_of(text, loc);

        let mut packs = load_packs(&file.extends, dir, &src, text)?;
        for glob in &file.checklists {
            compile_glob(&glob.value, at(&glob.referenced), &src)?;
        }
        if !file.checklists.is_empty() {
            let extra: Vec<String> = file.checklists.iter().map(|g| g.value.clone()).collect();
            for pack in &mut packs {
                let rules = pack.checklists.get_or_insert_with(Default::default);
                rules.add_gates(&extra);
            }
        }
        let constitution = match &file.constitution {
            None => None,
            Some(c) => Some(dir.join(&c.value).canonicalize().map_err(|e| {
                YamlError::at(
                    &src,
                    at(&c.referenced),
                    format!("constitution `{}` cannot be read: {e}", c.value),
                )
                .with_help("the path is relative to the folder holding this configuration file")
            })?),
        };
        let plans = if file.plans.is_empty() {
            globset(DEFAULT_PLANS.iter().map(|g| (g.to_string(), None)), &src)?
        } else {
            globset(
                file.plans
                    .iter()
                    .map(|g| (g.value.clone(), at(&g.referenced))),
                &src,
            )?
        };
        let exclude = globset(
            file.exclude
                .iter()
                .map(|g| (g.value.clone(), at(&g.referenced))),
            &src,
        )?;
        let tests = if file.tests.is_empty() {
            None
        } else {
            Some(globset(
                file.tests
                    .iter()
                    .map(|g| (g.value.clone(), at(&g.referenced))),
                &src,
            )?)
        };

        let mut profiles = Vec::new();
        for (glob, profile) in &file.profile.0 {
            if !packs.iter().any(|p| p.profile == profile.value) {
                let names: Vec<&str> = packs.iter().map(|p| p.profile.as_str()).collect();
                let mut err = YamlError::at(
                    &src,
                    at(&profile.referenced),
                    format!("unknown profile `{}`", profile.value),
                )
                .with_help(format!("known profiles: {}", names.join(", ")));
                if let Some(s) = crate::suggest::closest(&profile.value, names.iter().copied()) {
                    err = err.with_help(format!("did you mean `{s}`?"));
                }
                return Err(err);
            }
            let matcher = compile_glob(&glob.value, at(&glob.referenced), &src)?.compile_matcher();
            profiles.push((profile.value.clone(), matcher, glob.value.len()));
        }

        let packs = add_custom_rules(packs, file.custom_rules, &Origin::new(&name, text))?;
        let rules = rule_settings(&file.rules, &src, text)?;
        let overrides = file
            .overrides
            .iter()
            .map(|o| {
                let globs = o.files.iter().map(|g| (g.value.clone(), at(&g.referenced)));
                Ok(Override {
                    files: globset(globs, &src)?,
                    rules: rule_settings(&o.rules, &src, text)?,
                })
            })
            .collect::<Result<Vec<_>, YamlError>>()?;

        let protected = match &file.branch.protected {
            None => globset(
                DEFAULT_PROTECTED.iter().map(|b| (b.to_string(), None)),
                &src,
            )?,
            Some(list) => globset(
                list.iter().map(|g| (g.value.clone(), at(&g.referenced))),
                &src,
            )?,
        };

        Ok(Config {
            path: path.map(Path::to_path_buf),
            packs,
            plans,
            exclude,
            tests,
            profiles,
            selection: Selection {
                rules,
                overrides,
                ..Selection::default()
            },
            constitution,
            branch: BranchConfig {
                patterns: file.branch.patterns,
                protected,
            },
        })
    }

    /// The pack for a plan: the configured profile for its path (`forced` wins), else the first
    /// pack whose detection matches, else `generic`.
    pub fn pack_for(
        &self,
        forced: Option<&str>,
        rel_path: &Path,
        doc: Option<&crate::document::Document>,
    ) -> &Pack {
        let by_name = |name: &str| self.packs.iter().find(|p| p.profile == name);
        if let Some(p) = forced.and_then(by_name) {
            return p;
        }
        if let Some((name, _, _)) = self
            .profiles
            .iter()
            .filter(|(_, m, _)| m.is_match(rel_path))
            .max_by_key(|(_, _, len)| *len)
        {
            if let Some(p) = by_name(name) {
                return p;
            }
        }
        let file_name = rel_path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        doc.and_then(|d| self.packs.iter().find(|p| p.detects(file_name, d)))
            .or_else(|| by_name("generic"))
            .unwrap_or_else(|| self.packs.last().expect("generic is always present"))
    }

    /// The configured constitution relative to a source root (absolute when outside it).
    pub fn constitution_for(&self, root: &Path) -> Option<PathBuf> {
        let path = self.constitution.as_ref()?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Some(path.strip_prefix(&root).unwrap_or(path).to_path_buf())
    }

    pub fn profile_names(&self) -> Vec<&str> {
        self.packs.iter().map(|p| p.profile.as_str()).collect()
    }
}

/// `rules:` (top level or in an override): each key a known rule's code or name.
fn rule_settings(
    map: &HashMap<Spanned<String>, RuleSetting>,
    src: &Arc<NamedSource<String>>,
    text: &str,
) -> Result<HashMap<&'static str, RuleSetting>, YamlError> {
    let mut rules = HashMap::new();
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
    for (key, setting) in entries {
        let Some(rule) = crate::rules::find(&key.value) else {
            let mut err = YamlError::at(
                src,
                crate::yaml::span_of(text, &key.referenced),
                format!("unknown rule `{}`", key.value),
            )
            .with_help("`planlint rules` lists every code and name");
            if let Some(s) = crate::suggest::closest(&key.value, crate::rules::codes()) {
                err = err.with_help(format!("did you mean `{s}`?"));
            }
            return Err(err);
        };
        rules.insert(rule.code, *setting);
    }
    Ok(rules)
}

/// Compile the config's `custom-rules` and add them to every pack (after the packs' own).
fn add_custom_rules(
    mut packs: Vec<Pack>,
    entries: Vec<CustomRuleEntry>,
    origin: &Origin,
) -> Result<Vec<Pack>, YamlError> {
    for entry in &entries {
        let in_pack = packs.iter().find(|p| {
            p.custom
                .iter()
                .any(|c| c.meta.code == entry.code.value || c.meta.name == entry.name.value)
        });
        if let Some(pack) = in_pack {
            return Err(YamlError::at(
                &origin.src,
                crate::yaml::span_of(origin.text, &entry.code.referenced),
                format!(
                    "custom rule `{}` ({}) is also defined by the `{}` pack",
                    entry.code.value, entry.name.value, pack.profile
                ),
            ));
        }
    }
    let rules = crate::rules::custom::compile_all(entries, origin)?;
    for pack in &mut packs {
        pack.custom.extend(rules.iter().cloned());
    }
    Ok(packs)
}

/// The packs named by `extends` (built-in names or pack files), `generic` always last.
fn load_packs(
    extends: &[Spanned<String>],
    dir: &Path,
    src: &Arc<NamedSource<String>>,
    text: &str,
) -> Result<Vec<Pack>, YamlError> {
    if extends.is_empty() {
        return Ok(crate::pack::builtin().to_vec());
    }
    let mut user = Vec::new();
    let mut chosen: Vec<Pack> = Vec::new();
    for entry in extends {
        let name = entry.value.as_str();
        if let Some(b) = crate::pack::builtin().iter().find(|p| p.profile == name) {
            chosen.push(b.clone());
            continue;
        }
        let looks_like_path =
            name.contains('/') || name.ends_with(".yaml") || name.ends_with(".yml");
        if !looks_like_path {
            let names: Vec<&str> = crate::pack::builtin()
                .iter()
                .map(|p| p.profile.as_str())
                .collect();
            let mut err = YamlError::at(
                src,
                crate::yaml::span_of(text, &entry.referenced),
                format!("`{name}` is neither a built-in profile nor a pack file"),
            )
            .with_help(format!(
                "built-in profiles: {}; pack files end in .yaml",
                names.join(", ")
            ));
            if let Some(s) = crate::suggest::closest(name, names.iter().copied()) {
                err = err.with_help(format!("did you mean `{s}`?"));
            }
            return Err(err);
        }
        let path = dir.join(name);
        let pack_text = read_yaml_file(&path).map_err(|e| {
            YamlError::at(
                src,
                crate::yaml::span_of(text, &entry.referenced),
                format!("cannot read pack `{}`: {e}", path.display()),
            )
            .with_help("a pack file is a YAML file; its path is relative to this configuration file's folder")
        })?;
        let pack_name = path.display().to_string();
        let pack = Pack::parse(&pack_name, &pack_text)?;
        user.push((
            pack,
            PackOrigin {
                name: pack_name,
                text: pack_text,
            },
        ));
    }
    let mut packs = crate::pack::resolve_extends(user)?;
    // A user pack named like a built-in replaces it.
    chosen.retain(|b| !packs.iter().any(|p| p.profile == b.profile));
    packs.extend(chosen);
    if !packs.iter().any(|p| p.profile == "generic") {
        let generic = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "generic");
        packs.extend(generic.cloned());
    }
    // generic matches nothing by detection, so it must come last.
    packs.sort_by_key(|p| p.profile == "generic" && p.detect.any.is_empty());
    Ok(packs)
}

/// The most a config or pack file may hold. Hand-written ones are a few kilobytes; the cap
/// keeps a path to something endless (`/dev/zero`, a pipe) from being read without bound.
pub const MAX_YAML_BYTES: u64 = 1 << 20;

/// Read a config or pack file the user named: a regular file (after following symlinks) of
/// at most [`MAX_YAML_BYTES`], in UTF-8. The error says why, for the caller to place.
fn read_yaml_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".to_string());
    }
    if !meta.is_file() {
        return Err("it is not a regular file (a device, pipe or socket)".to_string());
    }
    let too_big = || format!("it is larger than {} MiB", MAX_YAML_BYTES >> 20);
    if meta.len() > MAX_YAML_BYTES {
        return Err(too_big());
    }
    // Read one byte past the cap: the file may grow between the check and the read.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_YAML_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_YAML_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".to_string())
}

fn compile_glob(
    glob: &str,
    span: Option<SourceSpan>,
    src: &Arc<NamedSource<String>>,
) -> Result<Glob, YamlError> {
    crate::pack::gates::path_glob(glob)
        .map_err(|e| YamlError::at(src, span, format!("invalid glob `{glob}`: {}", e.kind())))
}

fn globset(
    globs: impl Iterator<Item = (String, Option<SourceSpan>)>,
    src: &Arc<NamedSource<String>>,
) -> Result<GlobSet, YamlError> {
    let mut builder = GlobSetBuilder::new();
    for (glob, span) in globs {
        builder.add(compile_glob(&glob, span, src)?);
    }
    builder
        .build()
        .map_err(|e| YamlError::at(src, None, format!("invalid globs: {e}")))
}

/// The config file for a run started in `start`: the nearest `planlint.yaml` or
/// `.planlint.yaml` in `start` or its ancestors, stopping at the repository root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("cannot read config file `{path}`: {error}")]
    #[diagnostic(code(planlint::config))]
    Io { path: PathBuf, error: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] YamlError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, YamlError> {
        let file: ConfigFile = crate::yaml::from_str("planlint.yaml", text)?;
        Config::from_file(file, Some(Path::new("planlint.yaml")), text, Path::new("."))
    }

    fn err_line(text: &str) -> (usize, String) {
        let e = parse(text).err().expect("an error");
        (e.line_column().map_or(0, |p| p.0), e.message.clone())
    }

    #[test]
    fn unknown_key_code_profile_and_glob_point_at_their_line() {
        assert_eq!(err_line("plans: ['**/plan.md']\nexlude: []\n").0, 2);
        let (line, msg) = err_line("rules:\n  S003: off\n  S0999: error\n");
        assert_eq!((line, msg.as_str()), (3, "unknown rule `S0999`"));
        let (line, msg) = err_line("profile:\n  'specs/**': speckitt\n");
        assert_eq!((line, msg.as_str()), (2, "unknown profile `speckitt`"));
        assert_eq!(err_line("exclude: ['a/[b']\n").0, 1);
        assert_eq!(err_line("rules:\n  S003: loud\n").0, 2);
    }

    #[test]
    fn rules_by_name_and_profile_shorthand() {
        let c = parse("profile: functional\nrules:\n  todo-marker: off\n").unwrap();
        assert_eq!(c.selection.rules.get("S008"), Some(&RuleSetting::Off));
        let pack = c.pack_for(None, Path::new("x/plan.md"), None);
        assert_eq!(pack.profile, "functional");
    }

    /// `extends: [<path>]` fails at the entry (line 2) with a message holding `why`.
    fn assert_unreadable_pack(path: &Path, why: &str) {
        let text = format!("extends:\n  - {}\n", path.display());
        let (line, msg) = err_line(&text);
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains(why), "{msg}");
    }

    #[cfg(unix)]
    #[test]
    fn extends_refuses_devices() {
        assert_unreadable_pack(Path::new("/dev/zero"), "not a regular file");
    }

    #[test]
    fn extends_refuses_folders_and_oversized_files() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("pack.yaml");
        std::fs::create_dir(&folder).unwrap();
        assert_unreadable_pack(&folder, "a folder, not a file");
        let big = tmp.path().join("big.yaml");
        let line = "# padding\n".repeat((MAX_YAML_BYTES as usize) / 10 + 1);
        std::fs::write(&big, format!("profile: big\n{line}")).unwrap();
        assert_unreadable_pack(&big, "larger than 1 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn extends_follows_symlinks_to_regular_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let link = tmp.path().join("zero.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_unreadable_pack(&link, "not a regular file");
    }

    #[test]
    fn longest_glob_wins() {
        let c = parse("profile:\n  'docs/**': technical\n  'docs/specs/**': speckit\n").unwrap();
        let p = c.pack_for(None, Path::new("docs/specs/a/plan.md"), None);
        assert_eq!(p.profile, "speckit");
    }
}
