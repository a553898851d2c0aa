use std::path::{Component, Path, PathBuf};

use super::doc_tree::companions_listed;
use crate::artifact::ArtifactKind;
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// A companion file that the profile requires (spec.md for spec-kit plans, listed in the
    /// pack under `companions`) is missing from the plan's folder, or a relative link in the
    /// plan to one of its companions (spec.md, tasks.md, research.md, data-model.md,
    /// quickstart.md, contracts/, checklists/…) points at nothing. Links to other documents or
    /// source files are references, not companions, and are not checked here.
    ///
    /// ## Why
    /// A plan that cites a spec, research notes or contracts nobody can open cannot be
    /// reviewed against them.
    ///
    /// ## Example
    /// Failing (no `research.md` beside the plan):
    /// ```markdown
    /// See [research](research.md) for the options considered.
    /// ```
    /// Passing: the same line with `research.md` present.
    pub struct MissingCompanion {
        code: "S007",
        name: "missing-companion",
        family: Structure,
        severity: Error,
        help: "create the file, or correct the link",
    }
}

impl Rule for MissingCompanion {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let Some(doc) = cx.set.plan_doc() else {
            return;
        };
        let plan = cx.set.plan;
        for companion in &cx.pack.companions {
            if !cx.set.has(cx.source, Path::new(&companion.path)) {
                out.emit(
                    plan,
                    file_start(doc),
                    format!("companion `{}` is missing", companion.path),
                )
                .severity(companion.severity);
            }
        }
        if let Some(tree) = &cx.pack.documentation_tree {
            let plan_name = cx.set.plan_file().rel.to_string_lossy();
            let mut skipped: Vec<std::path::PathBuf> = Vec::new();
            for entry in companions_listed(doc, &tree.section, &plan_name) {
                // Entries the tree says come later (tasks.md, "N/A" contracts/) and what they
                // hold are not expected yet.
                let later = tree
                    .later
                    .as_ref()
                    .is_some_and(|l| l.is_match(&entry.comment));
                if later || skipped.iter().any(|d| entry.path.starts_with(d)) {
                    skipped.push(entry.path.clone());
                    continue;
                }
                if entry.path.as_os_str() == plan_name.as_ref()
                    || cx.set.has(cx.source, &entry.path)
                {
                    continue;
                }
                let what = if entry.is_dir { "folder" } else { "file" };
                out.emit(
                    plan,
                    entry.span.clone(),
                    format!(
                        "the Project Structure lists the {what} `{}`, which does not exist",
                        entry.path.display()
                    ),
                );
            }
        }
        for link in &doc.links {
            let Some(target) = local_target(&link.dest) else {
                continue;
            };
            // Only links into the plan's own folder name companions; links elsewhere in the
            // repository are ordinary references.
            let Some(path) = normalise(&cx.set.dir.join(&target)) else {
                continue;
            };
            if !path.starts_with(&cx.set.dir) || !names_companion(&target) {
                continue;
            }
            if !cx.source.exists(&path) {
                out.emit(
                    plan,
                    link.span.clone(),
                    format!("linked file `{}` does not exist", target.display()),
                );
            }
        }
    }
}

/// The file a relative link points at, without anchor or query; `None` for URLs, anchors,
/// absolute paths and e-mail links.
fn local_target(dest: &str) -> Option<PathBuf> {
    let dest = dest.split(['#', '?']).next()?.trim();
    let has_scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if dest.is_empty() || has_scheme || dest.starts_with('/') || dest.starts_with('<') {
        return None;
    }
    Some(PathBuf::from(dest.replace("%20", " ")))
}

/// Whether a link target names one of the plan set's own artifacts (spec.md, research.md,
/// contracts/…), as opposed to an ordinary document or source file.
fn names_companion(target: &Path) -> bool {
    let target = target.components().as_path();
    target == Path::new("contracts")
        || !matches!(
            ArtifactKind::classify(target),
            None | Some(ArtifactKind::Other)
        )
}

/// Resolve `.` and `..`; `None` when the path climbs above the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_file_links_are_checked() {
        assert_eq!(local_target("spec.md#top"), Some(PathBuf::from("spec.md")));
        assert_eq!(local_target("https://x.org/a.md"), None);
        assert_eq!(local_target("#anchor"), None);
        assert_eq!(local_target("mailto:a@b"), None);
        assert_eq!(normalise(Path::new("a/../../b")), None);
        assert_eq!(
            normalise(Path::new("a/./b/../c")),
            Some(PathBuf::from("a/c"))
        );
    }
}
