use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule};
use crate::rules::branch::{branch_key, feature_key, recorded_branch, same_branch};
use crate::rules::text::file_start;

declare_rule! {
    /// ## What it checks
    /// The plan's `**Branch**:` field (backticks and brackets stripped), or the feature folder
    /// holding it (`specs/<branch>/`, `{PLANS_DIR}/{KEY}/{branch}/`), disagrees with the branch
    /// being committed, pushed or checked.
    ///
    /// Only the plan sets of the branch's own feature are compared: those whose Branch field
    /// names the branch, or whose field or folder carries the branch's feature key (the number
    /// in `001-login`, the timestamp, or a Jira-style key such as `PROJ-12`). A feature branch
    /// may touch other features' plans, and `planlint check` lints every plan set, so plan sets
    /// of other features are left alone. Names are compared ignoring case and leading
    /// `prefix/` segments (`spec/013-x` is `013-x`). The folder is compared by feature key
    /// only: spec-kit finds a feature's folder by the branch's number, so `008-merge` serves the
    /// branch `008-merge-backend`, while `010-x` cannot serve `001-x`. On a protected branch
    /// (main, master, develop) nothing is compared.
    ///
    /// ## Why
    /// A plan copied from another feature, or a branch renamed after planning, leaves the plan
    /// pointing at the wrong branch; spec-kit's scripts then open the wrong feature folder.
    ///
    /// ## Example
    /// Failing, on the branch `057-get-input-example`:
    /// ```markdown
    /// **Branch**: `122-get-input-example` | **Date**: 2025-10-06
    /// ```
    /// Passing:
    /// ```markdown
    /// **Branch**: `057-get-input-example` | **Date**: 2025-10-06
    /// ```
    pub struct BranchMismatch {
        code: "B002",
        name: "branch-mismatch",
        family: Branch,
        severity: Warning,
        help: "make the plan's Branch field and folder name the branch, or switch to the plan's branch",
    }
}

impl Rule for BranchMismatch {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        let (Some(branch), Some(doc)) = (cx.branch, cx.set.plan_doc()) else {
            return;
        };
        let naming = &cx.pack.branch;
        let recorded = doc
            .field(&naming.fields)
            .and_then(|f| recorded_branch(&f.value).map(|name| (f, name)));
        let folder = cx.set.dir.file_name().and_then(|n| n.to_str());
        let key_of_branch = |name: &str| naming.key.as_ref().and_then(|k| branch_key(name, k));
        let wanted_key = key_of_branch(branch);
        let folder_key = folder.and_then(|f| naming.key.as_ref().and_then(|k| feature_key(f, k)));
        let same_feature = |key: Option<String>| wanted_key.is_some() && key == wanted_key;

        let ours = recorded.is_some_and(|(_, name)| {
            same_branch(name, branch) || same_feature(key_of_branch(name))
        }) || same_feature(folder_key.clone())
            || folder.is_some_and(|f| same_branch(f, branch));
        if !ours {
            return; // another feature's plan set
        }
        let plan = cx.set.plan;
        if let Some((field, name)) = recorded {
            if !same_branch(name, branch) {
                out.emit(
                    plan,
                    field.value_span.clone(),
                    format!("the plan records branch `{name}`, but the branch is `{branch}`"),
                )
                .help(format!(
                    "set the `{}` field to `{branch}`, or switch to the plan's branch",
                    field.name
                ));
            }
        }
        if let (Some(wanted), Some(found), Some(folder)) = (&wanted_key, &folder_key, folder) {
            if wanted != found {
                out.emit(
                    plan,
                    file_start(doc),
                    format!("the plan's folder `{folder}` belongs to another feature than the branch `{branch}`"),
                )
                .help("rename the folder after the branch: spec-kit finds a feature's folder by the branch's number");
            }
        }
    }
}
