//! The project constitution (`.specify/memory/constitution.md` and friends): found for a plan
//! set through its [`FileSource`], read and parsed once per run however many plan sets and
//! threads ask for it, then shared. Which principles it holds is the constitution rules'
//! business (their vocabulary is in the pack); this module only finds and loads the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::document::Document;
use crate::vfs::FileSource;

/// A constitution file, parsed.
#[derive(Debug)]
pub struct Constitution {
    /// Path relative to the source root.
    pub path: PathBuf,
    pub doc: Document,
}

type Slot = Arc<OnceLock<Option<Arc<Constitution>>>>;

/// Every constitution a run has looked up, loaded at most once each.
#[derive(Debug, Default)]
pub struct Constitutions {
    /// `constitution:` from planlint.yaml, relative to the source root: used for every plan
    /// set instead of the default locations.
    configured: Option<PathBuf>,
    loaded: Mutex<HashMap<PathBuf, Slot>>,
}

impl Constitutions {
    pub fn new(configured: Option<PathBuf>) -> Self {
        Constitutions {
            configured,
            loaded: Mutex::default(),
        }
    }

    /// The constitution governing a plan set in `dir`: the configured file, else the first of
    /// `candidates` (paths such as `.specify/memory/constitution.md`) found in `dir` or the
    /// nearest folder above it, up to the root — so each project of a monorepo (or of a
    /// folder of checked-out repositories) gets its own.
    pub fn find(
        &self,
        source: &dyn FileSource,
        dir: &Path,
        candidates: &[String],
    ) -> Option<Arc<Constitution>> {
        if let Some(path) = &self.configured {
            return self.load(source, path);
        }
        dir.ancestors().find_map(|folder| {
            candidates
                .iter()
                .map(|c| folder.join(c))
                .find(|p| source.exists(p))
                .and_then(|p| self.load(source, &p))
        })
    }

    fn load(&self, source: &dyn FileSource, path: &Path) -> Option<Arc<Constitution>> {
        let slot: Slot = {
            // A poisoned lock only means another thread panicked; the map is still sound.
            let mut map = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(path.to_path_buf()).or_default().clone()
        };
        slot.get_or_init(|| {
            let bytes = source.read(path).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(Arc::new(Constitution {
                path: path.to_path_buf(),
                doc: Document::parse(text),
            }))
        })
        .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::WorkTree;

    #[test]
    fn nearest_default_location_wins_and_is_loaded_once() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a/.specify/memory")).unwrap();
        std::fs::create_dir_all(root.join("a/specs/001-x")).unwrap();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("a/.specify/memory/constitution.md"), "# A\n").unwrap();
        std::fs::write(root.join("docs/constitution.md"), "# Root\n").unwrap();
        let source = WorkTree::new(root.to_path_buf());
        let store = Constitutions::new(None);
        let names = [
            ".specify/memory/constitution.md".to_string(),
            "docs/constitution.md".to_string(),
        ];
        let a = store
            .find(&source, Path::new("a/specs/001-x"), &names)
            .unwrap();
        assert_eq!(a.path, Path::new("a/.specify/memory/constitution.md"));
        let again = store
            .find(&source, Path::new("a/specs/001-x"), &names)
            .unwrap();
        assert!(Arc::ptr_eq(&a, &again));
        let b = store
            .find(&source, Path::new("b/specs/002-y"), &names)
            .unwrap();
        assert_eq!(b.path, Path::new("docs/constitution.md"));

        let configured = Constitutions::new(Some(PathBuf::from("docs/constitution.md")));
        let c = configured
            .find(&source, Path::new("a/specs/001-x"), &names)
            .unwrap();
        assert_eq!(c.path, Path::new("docs/constitution.md"));
    }
}
