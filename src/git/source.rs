//! [`Listing`]: the files of the index or of a commit, sorted as git sorts them, and what
//! differs between two listings; [`TreeSource`]: a [`FileSource`] over a listing whose files
//! are read from the object database in memory. The hooks and `ci` lint exactly what is
//! committed or pushed this way; the work tree is never read.
//!
//! Only regular and executable files exist for the source: symlinks, submodules and
//! sparse-index folders are absent, so a plan set can never read outside the repository.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};

use gix::bstr::{BStr, BString, ByteSlice};
use gix::index::entry::{Flags, Mode};
use gix::object::tree::EntryKind;
use gix::ObjectId;

use crate::vfs::{DirEntry, FileSource};

/// One entry of a listing.
#[derive(Debug, Clone)]
struct Entry {
    /// Repository-relative, `/`-separated bytes.
    path: BString,
    id: ObjectId,
    mode: Mode,
}

impl Entry {
    fn is_file(&self) -> bool {
        self.mode == Mode::FILE || self.mode == Mode::FILE_EXECUTABLE
    }
}

/// The entries of an index or a tree (stage 0 only), sorted by path bytes.
#[derive(Debug, Default)]
pub struct Listing {
    entries: Vec<Entry>,
}

impl Listing {
    /// The entries of an index. `git add -N` (intent to add) entries carry no content yet and
    /// are left out, as `git diff --cached` does; so are the stages of a conflict.
    pub fn from_index(state: &gix::index::State) -> Listing {
        let mut entries: Vec<Entry> = state
            .entries()
            .iter()
            .filter(|e| e.stage_raw() == 0 && !e.flags.contains(Flags::INTENT_TO_ADD))
            .map(|e| Entry {
                path: e.path(state).to_owned(),
                id: e.id,
                mode: e.mode,
            })
            .collect();
        if !entries.windows(2).all(|w| w[0].path <= w[1].path) {
            entries.sort_by(|a, b| a.path.cmp(&b.path));
        }
        Listing { entries }
    }

    /// The listing of a tree, reusing `index` wherever its cache-tree (git's `TREE` index
    /// extension) says a folder's entries form exactly the tree being listed: those trees are
    /// never read. Against HEAD's tree with nothing staged, no object is read at all; with one
    /// plan set staged, only the trees on its path.
    pub fn from_tree_via_cache(
        repo: &gix::Repository,
        tree: ObjectId,
        cache: Option<&gix::index::extension::Tree>,
        index: &Listing,
    ) -> Result<Listing, gix::Error> {
        let mut entries = Vec::new();
        collect_tree(
            repo,
            tree,
            &mut BString::default(),
            cache,
            index,
            &mut entries,
        )?;
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Listing { entries })
    }

    /// The paths that differ between `self` (older) and `newer`: added, removed, or with
    /// another blob or mode.
    pub fn changed_paths(&self, newer: &Listing) -> Vec<PathBuf> {
        let (old, new) = (&self.entries, &newer.entries);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < old.len() || j < new.len() {
            let order = match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) => a.path.cmp(&b.path),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    out.push(to_path(old[i].path.as_ref()));
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(to_path(new[j].path.as_ref()));
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    if old[i].id != new[j].id || old[i].mode != new[j].mode {
                        out.push(to_path(new[j].path.as_ref()));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// Every file's path.
    pub fn files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.entries
            .iter()
            .filter(|e| e.is_file())
            .map(|e| to_path(e.path.as_ref()))
    }

    fn find(&self, path: &[u8]) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.path.as_slice().cmp(path))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The entries whose path starts with `prefix` (a folder path ending in `/`, or empty).
    fn under(&self, prefix: &[u8]) -> &[Entry] {
        let start = self.entries.partition_point(|e| e.path.as_slice() < prefix);
        let rest = &self.entries[start..];
        let len = rest.partition_point(|e| e.path.starts_with(prefix));
        &rest[..len]
    }
}

fn collect_tree(
    repo: &gix::Repository,
    tree: ObjectId,
    prefix: &mut BString,
    cache: Option<&gix::index::extension::Tree>,
    index: &Listing,
    out: &mut Vec<Entry>,
) -> Result<(), gix::Error> {
    if cache.is_some_and(|c| c.num_entries.is_some() && c.id == tree) {
        out.extend_from_slice(index.under(prefix));
        return Ok(());
    }
    if tree.is_empty_tree() {
        return Ok(());
    }
    let object = repo.find_tree(tree)?;
    for entry in object.decode()?.entries {
        let len = prefix.len();
        prefix.extend_from_slice(entry.filename);
        let mode = match entry.mode.kind() {
            EntryKind::Tree => None,
            EntryKind::Blob => Some(Mode::FILE),
            EntryKind::BlobExecutable => Some(Mode::FILE_EXECUTABLE),
            EntryKind::Link => Some(Mode::SYMLINK),
            EntryKind::Commit => Some(Mode::COMMIT),
        };
        match mode {
            Some(mode) => out.push(Entry {
                path: prefix.clone(),
                id: entry.oid.to_owned(),
                mode,
            }),
            None => {
                prefix.push(b'/');
                let child = cache.and_then(|c| {
                    c.children
                        .iter()
                        .find(|t| t.name.as_slice() == entry.filename.as_bytes())
                });
                collect_tree(repo, entry.oid.to_owned(), prefix, child, index, out)?;
            }
        }
        prefix.truncate(len);
    }
    Ok(())
}

/// A repository-relative path from git's bytes.
fn to_path(path: &BStr) -> PathBuf {
    // Only Windows can fail here (paths that are not UTF-8).
    gix::path::from_bstr(path)
        .map(|p| p.into_owned())
        .unwrap_or_else(|_| PathBuf::from(path.to_str_lossy().into_owned()))
}

/// Git's bytes for a repository-relative path (`/`-separated on every platform).
fn to_git(path: &Path) -> BString {
    match gix::path::into_bstr(path) {
        Ok(bytes) => gix::path::to_unix_separators_on_windows(bytes).into_owned(),
        Err(_) => BString::from(path.to_string_lossy().replace('\\', "/")),
    }
}

/// The files of a listing, read from the repository's object database.
pub struct TreeSource {
    root: PathBuf,
    git_dir: PathBuf,
    listing: Listing,
}

impl TreeSource {
    /// `root`: the work tree the paths are shown relative to; `git_dir`: where the objects are.
    pub fn new(root: PathBuf, git_dir: PathBuf, listing: Listing) -> TreeSource {
        TreeSource {
            root,
            git_dir,
            listing,
        }
    }

    pub fn listing(&self) -> &Listing {
        &self.listing
    }
}

thread_local! {
    /// gix repositories are not `Sync` (without gix's `parallel` feature): each worker thread
    /// opens its own handle on first use (about 0.2 ms) and keeps it for the run.
    static REPOSITORY: RefCell<Option<(PathBuf, gix::Repository)>> = const { RefCell::new(None) };
}

fn read_blob(git_dir: &Path, id: ObjectId) -> io::Result<Vec<u8>> {
    REPOSITORY.with(|cell| {
        let mut slot = cell.borrow_mut();
        let repo = match slot.take() {
            Some((dir, repo)) if dir == git_dir => repo,
            _ => {
                gix::open_opts(git_dir, gix::open::Options::isolated()).map_err(io::Error::other)?
            }
        };
        let data = repo
            .find_blob(id)
            .map(|blob| blob.data.clone())
            .map_err(io::Error::other);
        *slot = Some((git_dir.to_path_buf(), repo));
        data
    })
}

impl FileSource for TreeSource {
    fn root(&self) -> &Path {
        &self.root
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.listing.find(&to_git(path)) {
            Some(entry) if entry.is_file() => read_blob(&self.git_dir, entry.id),
            _ => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "not in the commit or the index",
            )),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        let git = to_git(path);
        if git.is_empty() {
            return true;
        }
        if self.listing.find(&git).is_some_and(Entry::is_file) {
            return true;
        }
        let mut prefix = git;
        prefix.push(b'/');
        self.listing.under(&prefix).iter().any(Entry::is_file)
    }

    fn list_dir(&self, dir: &Path) -> Vec<DirEntry> {
        let mut prefix = to_git(dir);
        if !prefix.is_empty() {
            prefix.push(b'/');
        }
        let mut entries = self.listing.under(&prefix);
        let mut out = Vec::new();
        while let Some(first) = entries.first() {
            let rest = &first.path[prefix.len()..];
            match rest.find_byte(b'/') {
                None => {
                    if first.is_file() {
                        out.push(DirEntry {
                            path: dir.join(to_path(rest.as_bstr())),
                            is_dir: false,
                        });
                    }
                    entries = &entries[1..];
                }
                Some(slash) => {
                    // A folder: list it once, then skip everything under it.
                    let sub = &first.path[..prefix.len() + slash + 1];
                    let len = entries.partition_point(|e| e.path.starts_with(sub));
                    if entries[..len].iter().any(Entry::is_file) {
                        out.push(DirEntry {
                            path: dir.join(to_path(rest[..slash].as_bstr())),
                            is_dir: true,
                        });
                    }
                    entries = &entries[len..];
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(paths: &[&str]) -> Listing {
        let mut entries: Vec<Entry> = paths
            .iter()
            .map(|p| Entry {
                path: BString::from(*p),
                id: ObjectId::null(gix::hash::Kind::Sha1),
                mode: Mode::FILE,
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Listing { entries }
    }

    fn source(paths: &[&str]) -> TreeSource {
        TreeSource::new(
            PathBuf::from("/r"),
            PathBuf::from("/r/.git"),
            listing(paths),
        )
    }

    #[test]
    fn list_dir_gives_files_and_folders_once() {
        let s = source(&[
            "a.md",
            "specs/001-x/plan.md",
            "specs/001-x/contracts/api.yaml",
            "specs/001-x/contracts/b/c.md",
            "specs/001-x.md",
            "specs/002/plan.md",
        ]);
        let names: Vec<_> = s
            .list_dir(Path::new("specs"))
            .into_iter()
            .map(|e| (e.path, e.is_dir))
            .collect();
        assert_eq!(
            names,
            [
                (PathBuf::from("specs/001-x"), true),
                (PathBuf::from("specs/001-x.md"), false),
                (PathBuf::from("specs/002"), true)
            ]
        );
        let root: Vec<_> = s
            .list_dir(Path::new(""))
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(root, [PathBuf::from("a.md"), PathBuf::from("specs")]);
        assert!(s.exists(Path::new("specs/001-x/contracts")));
        assert!(s.exists(Path::new("specs/001-x/plan.md")));
        assert!(!s.exists(Path::new("specs/001")));
        assert!(!s.exists(Path::new("specs/001-x/spec.md")));
    }

    #[test]
    fn changed_paths_merges_sorted_listings() {
        let old = listing(&["a", "b", "d"]);
        let mut new = listing(&["b", "c", "d"]);
        new.entries[2].id = ObjectId::empty_blob(gix::hash::Kind::Sha1);
        let changed = old.changed_paths(&new);
        assert_eq!(
            changed,
            [PathBuf::from("a"), PathBuf::from("c"), PathBuf::from("d")]
        );
    }
}
