//! `--format junit`: JUnit XML for CI test reports. One `<testcase>` per plan set (named by
//! its plan file, classname `planlint.<profile>`), passing when the set has no finding and
//! holding one `<failure>` per finding otherwise (type = the rule code, message = the
//! finding's message, body = position, severity and help). No timings, so the same input
//! gives the same file.

use std::io::Write;

use crate::engine::Finding;

/// A plan set's test case, held until the end (the header counts them).
pub struct Case {
    pub plan: String,
    pub profile: String,
    /// The rendered `<failure>` elements.
    pub failures: String,
}

/// A plan set's findings as `<failure>` elements.
pub fn failures(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}[{}] {}&#10;help: {}</failure>\n",
                escape(f.code),
                escape(&f.message),
                escape(&f.path),
                f.line,
                f.column,
                f.severity,
                escape(f.code),
                escape(&f.message),
                escape(&f.help),
            )
        })
        .collect()
}

pub fn write(cases: &[Case], out: &mut dyn Write) -> std::io::Result<()> {
    let tests = cases.len();
    let failed_sets = cases.iter().filter(|c| !c.failures.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="planlint" tests="{tests}" failures="{failed_sets}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="planlint" tests="{tests}" failures="{failed_sets}" errors="0" skipped="0">"#
    )?;
    for case in cases {
        let head = format!(
            r#"    <testcase name="{}" classname="planlint.{}" file="{}""#,
            escape(&case.plan),
            escape(&case.profile),
            escape(&case.plan)
        );
        if case.failures.is_empty() {
            writeln!(out, "{head}/>")?;
            continue;
        }
        writeln!(out, "{head}>")?;
        out.write_all(case.failures.as_bytes())?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")?;
    Ok(())
}

/// Escape text for an XML attribute or element, dropping characters XML 1.0 cannot hold.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }
}
