//! `--format github`: GitHub Actions workflow commands, one per finding, which the runner
//! turns into annotations on the pull request:
//! `::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
//! Info findings become `::notice`. Property values escape `%`, CR, LF, `:` and `,`; the
//! message escapes `%`, CR and LF (GitHub's toolkit rules), so a message can never end the
//! command early or forge another one.

use std::fmt::Write;

use crate::engine::Finding;
use crate::severity::Severity;

pub fn lines(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.path),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            property(f.code),
            data(&format!("{} ({})\n{}", f.message, f.name, f.help)),
        )
        .unwrap_or_else(|e| unreachable!("writing to a String cannot fail: {e}"));
    }
    out
}

/// Escape a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
