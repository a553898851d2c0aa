//! `--format junit`: JUnit XML for CI test reports. One `<testcase>` per plan set (named by
//! its plan file, classname `planlint.<profile>`), passing when the set has no finding and
//! holding one `<failure>` per finding otherwise (type = the rule code, message = the
//! finding's message, body = position, severity and help). No timings, so the same input
//! gives the same file.

use std::io::Write;

use super::SetReport;

pub fn write(sets: &[SetReport], out: &mut dyn Write) -> std::io::Result<()> {
    let tests = sets.len();
    let failed_sets = sets.iter().filter(|s| !s.findings.is_empty()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="planlint" tests="{tests}" failures="{failed_sets}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="planlint" tests="{tests}" failures="{failed_sets}" errors="0" skipped="0">"#
    )?;
    for set in sets {
        let head = format!(
            r#"    <testcase name="{}" classname="planlint.{}" file="{}""#,
            escape(set.plan),
            escape(set.profile),
            escape(set.plan)
        );
        if set.findings.is_empty() {
            writeln!(out, "{head}/>")?;
            continue;
        }
        writeln!(out, "{head}>")?;
        for f in set.findings {
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}:{}:{}: {}[{}] {}&#10;help: {}</failure>"#,
                escape(f.code),
                escape(&f.message),
                escape(&f.path),
                f.line,
                f.column,
                f.severity,
                escape(f.code),
                escape(&f.message),
                escape(&f.help),
            )?;
        }
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
