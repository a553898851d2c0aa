//! Where plan files come from: the work tree, the git index, or a commit.
//!
//! Discovery and rules read files only through [`FileSource`], so the same lint runs on the
//! work tree (`planlint check`), on staged blobs (`hook pre-commit`) and on pushed commits
//! (`hook pre-push`, `ci`) without touching the disk for the latter two.

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A read-only view of a repository's files. Paths are relative to [`FileSource::root`]
/// (the work-tree files also accept absolute paths under the root).
pub trait FileSource: Sync {
    /// The directory all relative paths are resolved against (the repository root, or the
    /// current directory when there is no repository).
    fn root(&self) -> &Path;
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether a file or directory exists at `path`.
    fn exists(&self, path: &Path) -> bool;
    /// The entries directly inside `dir` (files and directories), sorted by name.
    fn list_dir(&self, dir: &Path) -> Vec<DirEntry>;
    /// The bytes of a file [`FileSource::list_dir`] has listed: a source that confines paths
    /// has checked the folder when listing it and need not check each file's path again.
    fn read_listed(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read(path)
    }
}

/// One entry of [`FileSource::list_dir`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The files on disk under a root directory. Relative paths that resolve outside the root
/// (through a symlink anywhere along them, or `..`) are treated as absent, so nothing a plan
/// names can lead beyond the repository. Absolute paths come from planlint's own
/// configuration (a `constitution:` outside the repository), never from plan text, and are
/// read where they are.
pub struct WorkTree {
    root: PathBuf,
    canonical_root: PathBuf,
    /// Relative paths resolved so far (→ real path and whether it is a folder; `None` when
    /// absent or outside): rules look up many paths under the same few folders, and plans
    /// of one project name the same files and top folders over and over. Cleared when it
    /// reaches [`RESOLVED_CACHE_LIMIT`], so its size does not grow with the repository.
    /// Keyed by the path's bytes: hashing a `Path` walks its components (a path spelled
    /// another way is only a second entry).
    resolved: Mutex<foldhash::HashMap<OsString, Option<(PathBuf, bool)>>>,
    /// Folders listed so far (real path → their entries). A path is looked up in its folder's
    /// listing rather than with an `lstat` of its own: rules ask of one folder many names
    /// (every companion of a plan; `src`, `docs`, `.specify` in the plan's folder and each
    /// folder above it, for every plan set below them), nearly all absent, and one listing
    /// answers them all. Cleared when [`LISTED_ENTRIES_LIMIT`] entries are held.
    listings: Mutex<Listings>,
}

const RESOLVED_CACHE_LIMIT: usize = 4096;
const LISTED_ENTRIES_LIMIT: usize = 65_536;

#[derive(Default)]
struct Listings {
    /// Keyed by the real path's bytes (see `resolved`).
    folders: foldhash::HashMap<OsString, std::sync::Arc<Listing>>,
    entries: usize,
}

/// One folder's entries: name → kind. `None` when the folder could not be listed.
type Listing = Option<foldhash::HashMap<OsString, EntryKind>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Folder,
    Symlink,
}

impl WorkTree {
    pub fn new(root: PathBuf) -> Self {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        WorkTree {
            root,
            canonical_root,
            resolved: Mutex::default(),
            listings: Mutex::default(),
        }
    }

    /// The real location of `path`, when it exists and (for a relative path) stays inside
    /// the root. Every component is checked, not only the last: a symlinked folder
    /// (`.specify -> /elsewhere`) or `../..` in a path taken from a plan must not lead out.
    /// Paths are resolved once (each component looked up in its folder's listing, symlinks
    /// canonicalised) and cached.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        self.resolve(path).map(|(real, _)| real)
    }

    /// [`WorkTree::inside`], with whether the path is a folder.
    fn resolve(&self, path: &Path) -> Option<(PathBuf, bool)> {
        if path.is_absolute() {
            let real = path.canonicalize().ok()?;
            let is_dir = real.is_dir();
            return Some((real, is_dir));
        }
        // A poisoned lock only means another thread panicked; the map is still sound.
        let lock = || self.resolved.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(path.as_os_str()) {
            return known.clone();
        }
        let found = self.resolve_relative(path);
        let mut resolved = lock();
        if resolved.len() >= RESOLVED_CACHE_LIMIT {
            resolved.clear();
        }
        resolved.insert(path.as_os_str().to_owned(), found.clone());
        found
    }

    fn resolve_relative(&self, path: &Path) -> Option<(PathBuf, bool)> {
        let parent = path.parent().unwrap_or(Path::new(""));
        match path.components().next_back() {
            None | Some(Component::CurDir) => Some((self.canonical_root.clone(), true)),
            Some(Component::Normal(name)) => {
                let mut real = self.folder(parent)?;
                let kind = self.entry(&real, name)?;
                real.push(name);
                if kind == EntryKind::Symlink {
                    let real = real.canonicalize().ok()?;
                    let is_dir = real.is_dir();
                    real.starts_with(&self.canonical_root)
                        .then_some((real, is_dir))
                } else {
                    Some((real, kind == EntryKind::Folder))
                }
            }
            Some(Component::ParentDir) => {
                let real = self.folder(parent)?;
                (real != self.canonical_root)
                    .then(|| real.parent().map(|p| (p.to_path_buf(), true)))
                    .flatten()
            }
            Some(Component::RootDir | Component::Prefix(_)) => None,
        }
    }

    /// What `name` is in the real folder `folder`, if it is there.
    fn entry(&self, folder: &Path, name: &std::ffi::OsStr) -> Option<EntryKind> {
        let listing = self.listing(folder);
        let listed = listing.as_ref().as_ref().and_then(|l| l.get(name).copied());
        // A name missing from the listing is absent on a case-sensitive file system; on
        // others (macOS, Windows) `SPEC.md` names `spec.md`, and an unlistable folder may
        // still be searchable: the file system is asked then.
        if listed.is_some() || (listing.is_some() && cfg!(target_os = "linux")) {
            return listed;
        }
        let meta = std::fs::symlink_metadata(folder.join(name)).ok()?;
        Some(if meta.file_type().is_symlink() {
            EntryKind::Symlink
        } else if meta.is_dir() {
            EntryKind::Folder
        } else {
            EntryKind::File
        })
    }

    /// The entries of the real folder `folder`, listed once.
    fn listing(&self, folder: &Path) -> std::sync::Arc<Listing> {
        // A poisoned lock only means another thread panicked; the map is still sound.
        let lock = || self.listings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().folders.get(folder.as_os_str()) {
            return known.clone();
        }
        let listing: Listing = std::fs::read_dir(folder).ok().map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let kind = e.file_type().ok()?;
                    let kind = if kind.is_symlink() {
                        EntryKind::Symlink
                    } else if kind.is_dir() {
                        EntryKind::Folder
                    } else {
                        EntryKind::File
                    };
                    Some((e.file_name(), kind))
                })
                .collect()
        });
        let listing = std::sync::Arc::new(listing);
        let size = listing.as_ref().as_ref().map_or(1, |l| l.len().max(1));
        let mut listings = lock();
        if listings.entries + size > LISTED_ENTRIES_LIMIT {
            listings.folders.clear();
            listings.entries = 0;
        }
        listings.entries += size;
        listings
            .folders
            .insert(folder.as_os_str().to_owned(), listing.clone());
        listing
    }

    /// The real location of a folder inside the root.
    fn folder(&self, dir: &Path) -> Option<PathBuf> {
        if dir.as_os_str().is_empty() {
            return Some(self.canonical_root.clone());
        }
        self.resolve(dir)
            .and_then(|(real, is_dir)| is_dir.then_some(real))
    }
}

impl FileSource for WorkTree {
    fn root(&self) -> &Path {
        &self.root
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let full = self.inside(path).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "not found, or a symlink leading outside the repository",
            )
        })?;
        std::fs::read(full)
    }

    fn exists(&self, path: &Path) -> bool {
        self.inside(path).is_some()
    }

    fn list_dir(&self, dir: &Path) -> Vec<DirEntry> {
        let Some(real) = self.inside(dir) else {
            return Vec::new();
        };
        let listing = self.listing(&real);
        let Some(entries) = listing.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<DirEntry> = entries
            .iter()
            .filter_map(|(name, kind)| {
                let path = dir.join(name);
                // The entry's type comes with the listing; only symlinks need a look at their
                // target (and are dropped when it lies outside the root).
                let is_dir = match kind {
                    EntryKind::Symlink => self.resolve(&path)?.1,
                    kind => *kind == EntryKind::Folder,
                };
                Some(DirEntry { is_dir, path })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn read_listed(&self, path: &Path) -> io::Result<Vec<u8>> {
        // The folder was resolved inside the root when listed, and its entries are plain
        // files and folders or symlinks whose targets were checked then.
        std::fs::read(self.root.join(path))
    }
}

/// Another source with one file's content replaced (`planlint check - --stdin-filename`).
pub struct Overlay<'a> {
    pub inner: &'a dyn FileSource,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl FileSource for Overlay<'_> {
    fn root(&self) -> &Path {
        self.inner.root()
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if path == self.path {
            Ok(self.bytes.clone())
        } else {
            self.inner.read(path)
        }
    }

    fn exists(&self, path: &Path) -> bool {
        path == self.path || self.inner.exists(path)
    }

    fn list_dir(&self, dir: &Path) -> Vec<DirEntry> {
        let mut entries = self.inner.list_dir(dir);
        if self.path.parent() == Some(dir) && !entries.iter().any(|e| e.path == self.path) {
            entries.push(DirEntry {
                path: self.path.clone(),
                is_dir: false,
            });
            entries.sort_by(|a, b| a.path.cmp(&b.path));
        }
        entries
    }
}

/// Files held in memory, keyed by path relative to the root: the fuzz harness's plan sets
/// and tests that need no disk. Folders exist where some file lies below them.
#[derive(Debug, Default)]
pub struct MemorySource {
    root: PathBuf,
    files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
}

impl MemorySource {
    pub fn new(root: PathBuf) -> Self {
        MemorySource {
            root,
            files: Default::default(),
        }
    }

    /// Add or replace the file at `path` (relative to the root).
    pub fn insert(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

impl FileSource for MemorySource {
    fn root(&self) -> &Path {
        &self.root
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(self.relative(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not found"))
    }

    fn exists(&self, path: &Path) -> bool {
        let path = self.relative(path);
        self.files.keys().any(|f| f.starts_with(path))
    }

    fn list_dir(&self, dir: &Path) -> Vec<DirEntry> {
        let dir = self.relative(dir);
        let mut out: Vec<DirEntry> = Vec::new();
        for file in self.files.keys() {
            let Ok(below) = file.strip_prefix(dir) else {
                continue;
            };
            let mut parts = below.components();
            let Some(first) = parts.next() else {
                continue;
            };
            let entry = DirEntry {
                path: dir.join(first),
                is_dir: parts.next().is_some(),
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn work_tree_never_leads_outside_its_root() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let (repo, outside) = (tmp.path().join("repo"), tmp.path().join("outside"));
        std::fs::create_dir_all(repo.join("specs")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.md"), "secret").unwrap();
        std::fs::write(repo.join("specs/plan.md"), "# Plan").unwrap();
        symlink(&outside, repo.join("specs/linked")).unwrap();
        symlink(outside.join("secret.md"), repo.join("specs/secret.md")).unwrap();
        symlink(repo.join("specs/plan.md"), repo.join("specs/alias.md")).unwrap();
        let tree = WorkTree::new(repo.clone());
        for escaping in [
            "specs/linked",
            "specs/linked/secret.md",
            "specs/secret.md",
            "specs/../../outside/secret.md",
        ] {
            assert!(
                tree.read(Path::new(escaping)).is_err(),
                "{escaping} was read"
            );
            assert!(!tree.exists(Path::new(escaping)), "{escaping} exists");
        }
        assert_eq!(tree.read(Path::new("specs/alias.md")).unwrap(), b"# Plan");
        // A configured file outside the repository is named by its absolute path.
        assert_eq!(tree.read(&outside.join("secret.md")).unwrap(), b"secret");
        assert!(tree.exists(Path::new("specs/../specs/plan.md")));
        let listed: Vec<_> = tree
            .list_dir(Path::new("specs"))
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(
            listed,
            [
                PathBuf::from("specs/alias.md"),
                PathBuf::from("specs/plan.md")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn lookups_from_listings_agree_with_the_file_system() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join("specs/a/src")).unwrap();
        std::fs::write(repo.join("specs/a/plan.md"), "# Plan").unwrap();
        symlink(repo.join("specs/a/src"), repo.join("specs/a/code")).unwrap();
        symlink(tmp.path(), repo.join("specs/a/up")).unwrap();
        let tree = WorkTree::new(repo.clone());
        // `Plan.md` is `plan.md` on a case-insensitive file system only.
        let case_insensitive = repo.join("specs/a/Plan.md").exists();
        for (name, want) in [
            ("plan.md", true),
            ("src", true),
            ("code", true),
            ("up", false),
            ("spec.md", false),
            ("Plan.md", case_insensitive),
            ("src/x.py", false),
        ] {
            let path = Path::new("specs/a").join(name);
            assert_eq!(tree.exists(&path), want, "{name}");
        }
        let folders: Vec<_> = tree
            .list_dir(Path::new("specs/a"))
            .into_iter()
            .filter(|e| e.is_dir)
            .map(|e| e.path)
            .collect();
        assert_eq!(
            folders,
            [Path::new("specs/a/code"), Path::new("specs/a/src")]
        );
        assert_eq!(tree.read(Path::new("specs/a/plan.md")).unwrap(), b"# Plan");
    }

    #[test]
    fn memory_source_lists_files_and_implied_folders() {
        let mut src = MemorySource::new(PathBuf::from("/repo"));
        src.insert("specs/a/plan.md", b"# P".to_vec());
        src.insert("specs/a/checklists/req.md", b"- [ ] x".to_vec());
        let listed: Vec<(String, bool)> = src
            .list_dir(Path::new("specs/a"))
            .into_iter()
            .map(|e| (e.path.display().to_string(), e.is_dir))
            .collect();
        assert_eq!(
            listed,
            [
                ("specs/a/checklists".to_string(), true),
                ("specs/a/plan.md".to_string(), false)
            ]
        );
        assert!(src.exists(Path::new("specs/a/checklists")));
        assert!(src.exists(Path::new("/repo/specs/a/plan.md")));
        assert!(!src.exists(Path::new("specs/b")));
        assert_eq!(src.read(Path::new("specs/a/plan.md")).unwrap(), b"# P");
        assert!(src.read(Path::new("specs/a")).is_err());
    }
}
