use crate::declare_rule;
use crate::planset::Content;
use crate::rule::{Context, Emitter, Rule};

declare_rule! {
    /// ## What it checks
    /// A file of the plan set that cannot be linted: it is not valid UTF-8, holds NUL bytes,
    /// cannot be read, or is larger than 64 MiB. The other files of the set are still checked.
    /// The finding points at the first NUL byte or the first byte outside UTF-8, whichever
    /// comes first (the file is shown up to it); a file that cannot be read or is too large,
    /// at its start.
    ///
    /// ## Why
    /// A plan that planlint cannot read is a plan nobody has checked.
    ///
    /// ## Example
    /// Failing: a `spec.md` saved as Latin-1 with `café` in it.
    ///
    /// Passing: the same file saved as UTF-8.
    pub struct UnreadableFile {
        code: "X003",
        name: "unreadable-file",
        family: Planlint,
        severity: Error,
        help: "save the file as UTF-8 text (or exclude it in planlint.yaml)",
    }
}

impl Rule for UnreadableFile {
    fn check(&self, cx: &Context, out: &mut Emitter) {
        for (i, file) in cx.set.files.iter().enumerate() {
            if let Content::Unreadable(unreadable) = &file.content {
                // At the byte to blame, when there is one (see `SetFile::shown_text`).
                let at = unreadable.culprit.as_ref().map_or(0, |c| c.offset);
                let message = format!("`{}` {}", file.rel.display(), unreadable.why);
                out.emit(i, at..at, message);
            }
        }
    }
}
