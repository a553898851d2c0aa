//! Where plan files come from: the work tree, the git index, or a commit.
//!
//! Discovery and rules read files only through [`FileSource`], so the same lint runs on the
//! work tree (`planlint check`), on staged blobs (`hook pre-commit`) and on pushed commits
//! (`hook pre-push`, `ci`) without touching the disk for the latter two.

use std::io;
use std::path::{Path, PathBuf};

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
}

/// One entry of [`FileSource::list_dir`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The files on disk under a root directory. Symlinks that resolve outside the root are
/// treated as absent, so a plan set can never read beyond the repository.
pub struct WorkTree {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl WorkTree {
    pub fn new(root: PathBuf) -> Self {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        WorkTree {
            root,
            canonical_root,
        }
    }

    /// The real location of `path`, when it stays inside the root.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        let full = self.root.join(path);
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if meta.file_type().is_symlink() {
            let target = full.canonicalize().ok()?;
            target.starts_with(&self.canonical_root).then_some(target)
        } else {
            Some(full)
        }
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
        self.inside(path).is_some_and(|p| p.exists())
    }

    fn list_dir(&self, dir: &Path) -> Vec<DirEntry> {
        let Ok(entries) = std::fs::read_dir(self.root.join(dir)) else {
            return Vec::new();
        };
        let mut out: Vec<DirEntry> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let path = dir.join(e.file_name());
                // The entry's type comes with the listing; only symlinks need a look at their
                // target (and are dropped when it lies outside the root).
                let kind = e.file_type().ok()?;
                let is_dir = if kind.is_symlink() {
                    self.inside(&path)?.is_dir()
                } else {
                    kind.is_dir()
                };
                Some(DirEntry { is_dir, path })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
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
