//! Plan sets: a plan file and its companions (same folder and one level below), loaded once
//! through a [`FileSource`]. Unreadable files are kept with their reason so X003 can name them
//! while the rest of the set is still checked.

use std::path::{Path, PathBuf};

use crate::artifact::ArtifactKind;
use crate::document::Document;
use crate::vfs::FileSource;

/// Files larger than this are reported (X003) instead of parsed.
pub const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;

#[derive(Debug)]
pub enum Content {
    Markdown(Box<Document>),
    /// A non-Markdown file planlint reads (`plan_output.json`).
    Text(String),
    /// A file checked for existence only.
    NotRead,
    Unreadable(Unreadable),
}

/// Why a file cannot be linted (X003), and where, when one byte of it is to blame.
#[derive(Debug)]
pub struct Unreadable {
    /// Completes "`file` …": "is not valid UTF-8 (…)".
    pub why: String,
    pub culprit: Option<Culprit>,
}

/// The byte that makes a file unreadable: the first NUL or the first byte outside UTF-8,
/// whichever comes first.
#[derive(Debug)]
pub struct Culprit {
    /// The file up to that byte, then U+FFFD in its place: enough to place and show it, and
    /// nothing of a binary file's content after it reaches a terminal. ASCII control
    /// characters before it (an escape sequence) are shown as `?`.
    pub text: String,
    pub offset: usize,
}

impl Content {
    fn unreadable(why: String) -> Content {
        Content::Unreadable(Unreadable { why, culprit: None })
    }

    /// Unreadable because of the byte at `offset`; `text`: the file's text from its start,
    /// at least up to that byte.
    fn unreadable_at(why: String, mut text: String, offset: usize) -> Content {
        text.truncate(offset);
        // Control characters become `?` (one byte, one column, so positions hold): what comes
        // before the byte is shown, and in a binary file it may hold terminal escapes.
        if text
            .bytes()
            .any(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            text = text
                .chars()
                .map(|c| match c {
                    '\t' | '\n' | '\r' => c,
                    c if c.is_ascii_control() => '?',
                    c => c,
                })
                .collect();
        }
        text.push(char::REPLACEMENT_CHARACTER);
        Content::Unreadable(Unreadable {
            why,
            culprit: Some(Culprit { text, offset }),
        })
    }
}

#[derive(Debug)]
pub struct SetFile {
    /// Path relative to the source root.
    pub path: PathBuf,
    /// Path relative to the plan's folder.
    pub rel: PathBuf,
    pub kind: ArtifactKind,
    pub content: Content,
}

impl SetFile {
    pub fn doc(&self) -> Option<&Document> {
        match &self.content {
            Content::Markdown(d) => Some(d),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Markdown(d) => Some(&d.text),
            Content::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The text findings are placed and shown in: [`SetFile::text`], or for an unreadable
    /// file the file up to the byte to blame ([`Culprit::text`]). Rules read [`SetFile::text`].
    pub fn shown_text(&self) -> &str {
        match &self.content {
            Content::Unreadable(Unreadable {
                culprit: Some(c), ..
            }) => &c.text,
            _ => self.text().unwrap_or(""),
        }
    }
}

#[derive(Debug)]
pub struct PlanSet {
    /// The plan's folder, relative to the source root.
    pub dir: PathBuf,
    /// Index of the plan file in `files`.
    pub plan: usize,
    /// Every file of the set, sorted by path.
    pub files: Vec<SetFile>,
}

impl PlanSet {
    /// Load the plan set whose plan file is `plan` (relative to the source root).
    pub fn load(source: &dyn FileSource, plan: &Path, is_plan: &dyn Fn(&Path) -> bool) -> PlanSet {
        let dir = plan.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut files = vec![read_file(
            source,
            &dir,
            plan.to_path_buf(),
            ArtifactKind::Plan,
            false,
        )];
        for entry in source.list_dir(&dir) {
            if entry.is_dir {
                let inner = source.list_dir(&entry.path);
                if inner.iter().any(|e| !e.is_dir && is_plan(&e.path)) {
                    continue; // a nested plan set of its own
                }
                for e in inner.into_iter().filter(|e| !e.is_dir) {
                    push_companion(source, &dir, e.path, &mut files);
                }
            } else if entry.path != plan {
                push_companion(source, &dir, entry.path, &mut files);
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let plan = files.iter().position(|f| f.path == plan).unwrap_or(0);
        PlanSet { dir, plan, files }
    }

    /// A set holding only the plan file: what run-level findings (the branch rules) are
    /// reported against.
    pub fn plan_only(source: &dyn FileSource, plan: &Path) -> PlanSet {
        let dir = plan.parent().map(Path::to_path_buf).unwrap_or_default();
        let files = vec![read_file(
            source,
            &dir,
            plan.to_path_buf(),
            ArtifactKind::Plan,
            false,
        )];
        PlanSet {
            dir,
            plan: 0,
            files,
        }
    }

    pub fn plan_file(&self) -> &SetFile {
        &self.files[self.plan]
    }

    pub fn plan_doc(&self) -> Option<&Document> {
        self.plan_file().doc()
    }

    /// Whether the "plan" is an agent command file (spec-kit's `templates/commands/plan.md`,
    /// a Claude command): those open with front matter holding a `description:`, which plans
    /// never have. They describe how to write a plan and are not linted as one.
    pub fn is_command_file(&self) -> bool {
        self.plan_doc()
            .is_some_and(|d| d.has_front_matter_key("description"))
    }

    /// The Markdown files of the set with their index.
    pub fn docs(&self) -> impl Iterator<Item = (usize, &SetFile, &Document)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.doc().map(|d| (i, f, d)))
    }

    /// The first file of a kind.
    pub fn file_of(&self, kind: ArtifactKind) -> Option<(usize, &SetFile)> {
        self.files.iter().enumerate().find(|(_, f)| f.kind == kind)
    }

    /// Whether a file exists at `rel` (relative to the plan's folder), among the loaded files
    /// or in the source (for paths deeper than companions are loaded from).
    pub fn has(&self, source: &dyn FileSource, rel: &Path) -> bool {
        let rel = rel.components().as_path();
        self.files.iter().any(|f| f.rel == rel) || source.exists(&self.dir.join(rel))
    }
}

fn push_companion(source: &dyn FileSource, dir: &Path, path: PathBuf, files: &mut Vec<SetFile>) {
    let rel = path.strip_prefix(dir).unwrap_or(&path);
    if let Some(kind) = ArtifactKind::classify(rel) {
        // A second plan file in the same folder (plan.md beside impl-plan.md) is a companion
        // read for its IDs, not a second plan.
        let kind = if kind == ArtifactKind::Plan {
            ArtifactKind::Other
        } else {
            kind
        };
        files.push(read_file(source, dir, path, kind, true));
    }
}

/// Read one file of the set (`listed`: found by [`FileSource::list_dir`]).
fn read_file(
    source: &dyn FileSource,
    dir: &Path,
    path: PathBuf,
    kind: ArtifactKind,
    listed: bool,
) -> SetFile {
    let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
    let bytes = || {
        if listed {
            source.read_listed(&path)
        } else {
            source.read(&path)
        }
    };
    let content = if !kind.is_read() {
        Content::NotRead
    } else {
        match bytes() {
            Err(e) => Content::unreadable(format!("cannot be read: {e}")),
            Ok(bytes) if bytes.len() > MAX_FILE_SIZE => Content::unreadable(format!(
                "is {} MiB, over the {} MiB limit",
                bytes.len() >> 20,
                MAX_FILE_SIZE >> 20
            )),
            Ok(bytes) => {
                let (valid, invalid_at) = match String::from_utf8(bytes) {
                    Ok(text) => (text, None),
                    Err(e) => {
                        let at = e.utf8_error().valid_up_to();
                        let mut bytes = e.into_bytes();
                        bytes.truncate(at);
                        // The bytes before the first invalid one are UTF-8.
                        (String::from_utf8(bytes).unwrap_or_default(), Some(at))
                    }
                };
                // A NUL before the first invalid byte is to blame first: the file is binary.
                // The memchr crate's search: std's `contains` reads a byte at a time here.
                match (memchr::memchr(0, valid.as_bytes()), invalid_at) {
                    (Some(at), _) => Content::unreadable_at(
                        format!("contains NUL bytes (binary file; the first at offset {at})"),
                        valid,
                        at,
                    ),
                    (None, Some(at)) => Content::unreadable_at(
                        format!("is not valid UTF-8 (first invalid byte at offset {at})"),
                        valid,
                        at,
                    ),
                    (None, None) if kind == ArtifactKind::PlanOutput => Content::Text(valid),
                    (None, None) => Content::Markdown(Box::new(Document::parse(valid))),
                }
            }
        }
    };
    SetFile {
        path,
        rel,
        kind,
        content,
    }
}
