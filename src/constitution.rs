//! The project constitution (`.specify/memory/constitution.md` and friends): found for a plan
//! set through its [`FileSource`], read and parsed once however many plan sets and threads
//! ask for it, then shared. Plan sets are linted in path order, so the plans of one project
//! come together: the run keeps the constitutions used most recently, not every one it met
//! (a run over many projects does not grow with their number). Which principles it holds is the constitution rules'
//! business (their vocabulary is in the pack); this module only finds and loads the file.

use std::any::{Any, TypeId};
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
    /// What the rules read out of the document (its principles, by pack), kept with it.
    derived: Mutex<HashMap<(TypeId, String), Arc<dyn Any + Send + Sync>>>,
}

impl Constitution {
    /// What `derive` reads out of the document for `key` (say, which pack), computed
    /// once however many plan sets ask.
    pub fn derived<T: Any + Send + Sync>(
        &self,
        key: &str,
        derive: impl FnOnce(&Document) -> T,
    ) -> Arc<T> {
        let id = (TypeId::of::<T>(), key.to_string());
        let known = |map: &HashMap<_, Arc<dyn Any + Send + Sync>>| {
            map.get(&id).cloned().and_then(|v| v.downcast::<T>().ok())
        };
        if let Some(v) = known(&self.derived.lock().unwrap_or_else(|e| e.into_inner())) {
            return v;
        }
        // Derived outside the lock: two threads may both derive it; the first one kept wins.
        let value = Arc::new(derive(&self.doc));
        let mut map = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = known(&map) {
            return v;
        }
        map.insert(id, value.clone());
        value
    }
}

type Slot = Arc<OnceLock<Option<Arc<Constitution>>>>;

/// Constitutions kept loaded: far more projects than plan sets linted at once.
const KEPT: usize = 16;

/// Every constitution a run has looked up, loaded at most once each.
#[derive(Debug, Default)]
pub struct Constitutions {
    /// `constitution:` from planlint.yaml, relative to the source root: used for every plan
    /// set instead of the default locations.
    configured: Option<PathBuf>,
    loaded: Mutex<Loaded>,
}

/// The constitutions loaded (or being loaded), with when each was last asked for.
#[derive(Debug, Default)]
struct Loaded {
    slots: HashMap<PathBuf, (Slot, u64)>,
    clock: u64,
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
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            loaded.clock += 1;
            let now = loaded.clock;
            if !loaded.slots.contains_key(path) && loaded.slots.len() >= KEPT {
                let oldest = loaded
                    .slots
                    .iter()
                    .min_by_key(|(_, (_, used))| *used)
                    .map(|(p, _)| p.clone());
                if let Some(oldest) = oldest {
                    loaded.slots.remove(&oldest);
                }
            }
            let (slot, used) = loaded.slots.entry(path.to_path_buf()).or_default();
            *used = now;
            slot.clone()
        };
        slot.get_or_init(|| {
            let bytes = source.read(path).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some(Arc::new(Constitution {
                path: path.to_path_buf(),
                doc: Document::parse(text),
                derived: Mutex::default(),
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

    #[test]
    fn only_the_most_recently_used_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let name = ["constitution.md".to_string()];
        for k in 0..=KEPT {
            std::fs::create_dir_all(root.join(format!("p{k}/specs"))).unwrap();
            std::fs::write(root.join(format!("p{k}/constitution.md")), "# C\n").unwrap();
        }
        let source = WorkTree::new(root.to_path_buf());
        let store = Constitutions::new(None);
        let find = |k: usize| {
            store
                .find(&source, Path::new(&format!("p{k}/specs")), &name)
                .unwrap()
        };
        let first = find(0);
        for k in 1..KEPT {
            find(k);
        }
        assert!(Arc::ptr_eq(&first, &find(0)), "still kept");
        find(KEPT); // evicts p1, the least recently used
        assert!(Arc::ptr_eq(&first, &find(0)));
        let slots = &store.loaded.lock().unwrap().slots;
        assert_eq!(slots.len(), KEPT);
        assert!(!slots.contains_key(Path::new("p1/constitution.md")));
    }
}
