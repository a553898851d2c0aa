//! Discovery: from the paths on the command line to the plan files to lint, grouped by the
//! root they are read under. Walks honour `.gitignore` (the `ignore` crate), skip hidden
//! folders, never follow symlinks, and prune excluded folders; a named companion file maps to
//! its plan set; each plan set is listed once however many of its files are named.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::vfs::{FileSource, WorkTree};

/// Plan files under one root.
#[derive(Debug)]
pub struct Target {
    /// Absolute root that plan and companion paths are relative to.
    pub root: PathBuf,
    /// Plan files, relative to `root`, sorted.
    pub plans: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{}` does not exist", .0.display())]
#[diagnostic(
    code(planlint::io),
    help("check the path; planlint lints plan files and the folders holding them")
)]
pub struct MissingPath(pub PathBuf);

/// The plan files for `inputs` (relative to `cwd`, or absolute).
pub fn discover(
    cwd: &Path,
    inputs: &[PathBuf],
    config: &Config,
) -> Result<Vec<Target>, MissingPath> {
    let cwd_root = crate::git::work_tree_root(cwd).unwrap_or_else(|| canonical(cwd));
    let mut targets: Vec<(PathBuf, BTreeSet<PathBuf>)> = Vec::new();
    for input in inputs {
        let full = cwd.join(input);
        if !full.exists() {
            return Err(MissingPath(input.clone()));
        }
        let full = canonical(&full);
        let root = if full.starts_with(&cwd_root) {
            cwd_root.clone()
        } else {
            crate::git::work_tree_root(&full).unwrap_or_else(|| {
                if full.is_dir() {
                    full.clone()
                } else {
                    full.parent().map_or(full.clone(), Path::to_path_buf)
                }
            })
        };
        let plans = if full.is_dir() {
            walk(&root, &full, config)
        } else {
            let rel = full.strip_prefix(&root).unwrap_or(&full);
            plan_for_file(&WorkTree::new(root.clone()), rel, config)
                .into_iter()
                .collect()
        };
        match targets.iter_mut().find(|(r, _)| *r == root) {
            Some((_, set)) => set.extend(plans),
            None => targets.push((root, plans.into_iter().collect())),
        }
    }
    Ok(targets
        .into_iter()
        .map(|(root, plans)| Target {
            root,
            plans: plans.into_iter().collect(),
        })
        .collect())
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Whether `rel` (relative to the root) is a plan file that is not excluded.
pub fn is_plan(config: &Config, rel: &Path) -> bool {
    config.plans.is_match(rel) && !is_excluded(config, rel)
}

/// Whether `rel` or one of its folders matches an `exclude` glob.
pub fn is_excluded(config: &Config, rel: &Path) -> bool {
    rel.ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| config.exclude.is_match(a))
}

/// The plan files under `dir`, found by walking it on all cores (in no particular order: the
/// caller sorts them).
fn walk(root: &Path, dir: &Path, config: &Config) -> Vec<PathBuf> {
    let found = std::sync::Mutex::new(Vec::new());
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .filter_entry({
            let exclude = config.exclude.clone();
            let root = root.to_path_buf();
            move |e| {
                let rel = e.path().strip_prefix(&root).unwrap_or(e.path());
                rel.as_os_str().is_empty() || !exclude.is_match(rel)
            }
        })
        .build_parallel();
    walker.run(|| {
        let found = &found;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if entry.file_type().is_some_and(|t| t.is_file()) {
                if let Ok(rel) = entry.path().strip_prefix(root) {
                    if is_plan(config, rel) {
                        // A poisoned lock only means another walker thread panicked.
                        let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                        found.push(rel.to_path_buf());
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The plan file of the set a file belongs to (`rel`, relative to the source root): itself, or
/// a plan in its folder or the folder above (companions live one level below the plan at
/// most). `None` for excluded files and files of no plan set.
pub fn plan_for_file(source: &dyn FileSource, rel: &Path, config: &Config) -> Option<PathBuf> {
    if is_excluded(config, rel) {
        return None;
    }
    if is_plan(config, rel) && source.exists(rel) {
        return Some(rel.to_path_buf());
    }
    let dir = rel.parent()?;
    [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .find_map(|d| {
            source
                .list_dir(d)
                .into_iter()
                .find(|e| !e.is_dir && is_plan(config, &e.path))
                .map(|e| e.path)
        })
}

/// The plan sets the files (relative to the source root) belong to, each once, sorted. Files
/// in hidden folders are skipped, as folder walks skip them.
pub fn plans_for_files(
    source: &dyn FileSource,
    files: &[PathBuf],
    config: &Config,
) -> Vec<PathBuf> {
    let plans: BTreeSet<PathBuf> = files
        .iter()
        .filter(|f| !is_hidden(f))
        .filter_map(|f| plan_for_file(source, f, config))
        .collect();
    plans.into_iter().collect()
}

/// The plan files among `files` (every file of a commit or the index), as a folder walk
/// would find them: not excluded, not hidden. Sorted.
pub fn plans_among(files: impl Iterator<Item = PathBuf>, config: &Config) -> Vec<PathBuf> {
    let plans: BTreeSet<PathBuf> = files
        .filter(|f| !is_hidden(f) && is_plan(config, f))
        .collect();
    plans.into_iter().collect()
}

/// Whether a path has a hidden component (`.specify/…`): folder walks skip these, and so do
/// the git commands when they map changed files to plan sets.
pub fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
    })
}

/// `path` relative to `base` (both absolute), with `..` where needed.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    let base: Vec<_> = base.components().collect();
    let target: Vec<_> = path.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &target[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = relative_to(Path::new("/work/main"), Path::new("/work/shared/corpus"));
        assert_eq!(r, PathBuf::from("../shared/corpus"));
        assert_eq!(
            relative_to(Path::new("/a"), Path::new("/a")),
            PathBuf::new()
        );
        assert_eq!(
            relative_to(Path::new("/a"), Path::new("/a/b")),
            PathBuf::from("b")
        );
    }
}
