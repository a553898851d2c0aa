//! `planlint install-hooks [--force]`: writes the scripts of `hooks/` (pointed at the binary
//! that installs them, falling back to `planlint` on PATH) as the repository's pre-commit and
//! pre-push hooks, in the folder git runs hooks from: `core.hooksPath` when set (relative to the
//! work tree), else the common git folder's `hooks/`, which every worktree shares. A hook
//! planlint did not write is left alone unless `--force`, which first moves it aside as
//! `<hook>.planlint-backup`.

use std::path::{Path, PathBuf};

use crate::git::{self, GitError};

/// The scripts, as shipped in `hooks/` for copying by hand.
const HOOKS: [(&str, &str); 2] = [
    ("pre-commit", include_str!("../../hooks/pre-commit")),
    ("pre-push", include_str!("../../hooks/pre-push")),
];

/// The line every planlint hook script carries; a hook without it is someone else's.
const MARKER: &str = "# planlint-hook:";

/// In the scripts, the binary to run unless `PLANLINT` is set.
const DEFAULT_BINARY: &str = "${PLANLINT:-planlint}";

pub fn install_hooks(force: bool) -> miette::Result<u8> {
    let cwd = crate::hook::current_dir()?;
    let repo = git::open(&cwd)?;
    let dir = hooks_dir(&repo)?;
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| shell_quote(&p.to_string_lossy()));

    // Decide for both hooks before writing either, so a refusal leaves nothing half done.
    let foreign: Vec<PathBuf> = HOOKS
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists() && !is_planlint_hook(path))
        .collect();
    if !foreign.is_empty() && !force {
        let names: Vec<String> = foreign
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(GitError::new(format!("{} exists and was not written by planlint", names.join(" and ")))
            .help("`planlint install-hooks --force` replaces it and keeps the old hook as <hook>.planlint-backup; or call `planlint hook pre-commit` / `planlint hook pre-push` from your hook")
            .into());
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| GitError::new(format!("cannot create `{}`: {e}", dir.display())))?;
    for (name, script) in HOOKS {
        let path = dir.join(name);
        if foreign.contains(&path) {
            let backup = backup_path(&path);
            std::fs::rename(&path, &backup).map_err(|e| {
                GitError::new(format!("cannot move `{}` aside: {e}", path.display()))
            })?;
            println!("moved the existing {name} hook to {}", shown(&cwd, &backup));
        }
        let script = match &binary {
            Some(b) => script.replacen(DEFAULT_BINARY, &format!("${{PLANLINT:-{b}}}"), 1),
            None => script.to_string(),
        };
        write_executable(&path, &script)
            .map_err(|e| GitError::new(format!("cannot write `{}`: {e}", path.display())))?;
        println!("installed {}", shown(&cwd, &path));
    }
    Ok(0)
}

/// Where git runs hooks from.
fn hooks_dir(repo: &gix::Repository) -> Result<PathBuf, GitError> {
    let configured = repo
        .config_snapshot()
        .trusted_path("core.hooksPath")
        .map_err(|e| GitError::new(format!("cannot read core.hooksPath: {e}")))?;
    Ok(match configured {
        Some(path) if path.is_absolute() => path,
        // git runs hooks from the work tree's root, and resolves a relative hooksPath there.
        Some(path) => git::work_dir(repo)?.join(path),
        None => repo.common_dir().join("hooks"),
    })
}

/// A path as shown to the user: relative to the current folder when inside it.
fn shown(cwd: &Path, path: &Path) -> String {
    crate::discover::relative_to(cwd, path)
        .display()
        .to_string()
}

fn is_planlint_hook(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.lines().any(|l| l.starts_with(MARKER)))
}

/// `<hook>.planlint-backup`, numbered when a backup is already there.
fn backup_path(path: &Path) -> PathBuf {
    let base = format!("{}.planlint-backup", path.display());
    (0..)
        .map(|n| {
            PathBuf::from(if n == 0 {
                base.clone()
            } else {
                format!("{base}.{n}")
            })
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| PathBuf::from(base))
}

/// `'text'` for sh, with embedded quotes escaped.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn write_executable(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_carry_the_marker_and_the_replaceable_binary() {
        for (name, script) in HOOKS {
            assert!(script.lines().any(|l| l.starts_with(MARKER)), "{name}");
            assert!(script.contains(DEFAULT_BINARY), "{name}");
        }
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
