use std::path::{Component, Path, PathBuf};

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
