//! The kinds of file a plan set holds, recognised by name and place in the plan's folder.

use schemars::JsonSchema;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    Plan,
    Spec,
    Tasks,
    Research,
    DataModel,
    Quickstart,
    Checklist,
    Decisions,
    /// `plan_output.json`.
    PlanOutput,
    /// Anything under `contracts/`.
    Contract,
    /// Another Markdown file of the set (read for ID definitions only).
    Other,
}

impl ArtifactKind {
    /// The kind of a file given its path relative to the plan's folder.
    pub fn classify(rel: &Path) -> Option<ArtifactKind> {
        let name = rel.file_name()?.to_str()?;
        let parent = rel
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|p| p.to_str());
        let kind = match (parent, name) {
            (Some("contracts"), _) => ArtifactKind::Contract,
            (Some("checklists"), n) if n.ends_with(".md") => ArtifactKind::Checklist,
            (None, "plan.md" | "impl-plan.md") => ArtifactKind::Plan,
            (None, "spec.md") => ArtifactKind::Spec,
            (None, "tasks.md") => ArtifactKind::Tasks,
            (None, "research.md") => ArtifactKind::Research,
            (None, "data-model.md") => ArtifactKind::DataModel,
            (None, "quickstart.md") => ArtifactKind::Quickstart,
            (None, "plan_output.json") => ArtifactKind::PlanOutput,
            (None, n) if n == "decisions.md" || n.ends_with(".decisions.md") => {
                ArtifactKind::Decisions
            }
            (_, n) if n.ends_with(".md") => ArtifactKind::Other,
            _ => return None,
        };
        Some(kind)
    }

    /// Whether planlint reads the file's content (contracts are only checked for existence).
    pub fn is_read(self) -> bool {
        !matches!(self, ArtifactKind::Contract)
    }

    /// Whether this is one of the set's own Markdown artifacts that template rules (placeholders,
    /// TODO markers, suppressions) apply to.
    pub fn is_linted_markdown(self) -> bool {
        !matches!(
            self,
            ArtifactKind::PlanOutput | ArtifactKind::Contract | ArtifactKind::Other
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_companions() {
        let k = |p: &str| ArtifactKind::classify(Path::new(p));
        assert_eq!(k("plan.md"), Some(ArtifactKind::Plan));
        assert_eq!(k("impl-plan.md"), Some(ArtifactKind::Plan));
        assert_eq!(
            k("checklists/PlanQualityGate.md"),
            Some(ArtifactKind::Checklist)
        );
        assert_eq!(k("contracts/api.yaml"), Some(ArtifactKind::Contract));
        assert_eq!(k("plan.decisions.md"), Some(ArtifactKind::Decisions));
        assert_eq!(k("notes/plan.md"), Some(ArtifactKind::Other));
        assert_eq!(k("diagram.png"), None);
    }
}
