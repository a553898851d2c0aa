//! The documentation tree of a spec-kit plan's Project Structure: the ```text block under
//! `### Documentation (this feature)` drawing the feature folder (`├── research.md  # Phase 0
//! output`), read into the companion paths it lists, relative to the plan's folder. Both the
//! box-drawing (`├──`, `└──`, `│`) and the ASCII (`|--`, `` `-- ``, `+--`) forms are read.

use std::path::PathBuf;

use crate::document::{CodeBlock, Document, Span};

/// One entry of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// Relative to the plan's folder; a trailing `/` in the tree makes it a folder.
    pub path: PathBuf,
    pub is_dir: bool,
    /// The `# …` comment after the name, if any.
    pub comment: String,
    /// The entry's line in the plan.
    pub span: Span,
}

/// The entries of the documentation trees under headings matching `section`, relative to the
/// plan's folder (`plan_file` is the plan's name, used to find that folder in the tree).
pub fn companions_listed(
    doc: &Document,
    section: &crate::word_regex::WordRegex,
    plan_file: &str,
) -> Vec<TreeEntry> {
    let mut out = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if !section.is_match(&h.key) {
            continue;
        }
        let body = doc.section_body(i);
        for block in doc
            .code_blocks
            .iter()
            .filter(|c| c.span.start >= body.start && c.span.end <= body.end)
        {
            out.extend(read_tree(doc, block, plan_file));
        }
    }
    out
}

fn read_tree(doc: &Document, block: &CodeBlock, plan_file: &str) -> Vec<TreeEntry> {
    // (column of the name, folder name) of the folders enclosing the current line.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut entries: Vec<(Vec<String>, bool, String, Span)> = Vec::new();
    let mut offset = block.body.start;
    for line in doc.text[block.body.clone()].split_inclusive('\n') {
        let span = offset..offset + line.trim_end().len();
        offset += line.len();
        let Some((column, names, comment)) = entry(line) else {
            // The unfilled template's tree (`specs/[###-feature]/`) lists nothing real; S003
            // reports its placeholders.
            if entries.is_empty() && line.trim().contains(['[', '{', '<']) {
                return Vec::new();
            }
            continue;
        };
        while open.last().is_some_and(|(c, _)| *c >= column) {
            open.pop();
        }
        for name in names {
            let is_dir = name.ends_with('/');
            let mut parts: Vec<String> = open.iter().map(|(_, n)| n.clone()).collect();
            parts.extend(name.trim_end_matches('/').split('/').map(str::to_string));
            if is_dir {
                open.push((column, name.trim_end_matches('/').to_string()));
            }
            entries.push((parts, is_dir, comment.clone(), span.clone()));
        }
    }
    // The tree's root is the plan's folder, unless the plan sits deeper in it
    // (`specs/` ⏎ `└── 001-x/` ⏎ `    ├── plan.md`).
    let base: Vec<String> = entries
        .iter()
        .find(|(parts, is_dir, _, _)| !is_dir && parts.last().is_some_and(|n| n == plan_file))
        .map(|(parts, _, _, _)| parts[..parts.len() - 1].to_vec())
        .unwrap_or_default();
    entries
        .into_iter()
        .filter(|(parts, _, _, _)| parts.len() > base.len() && parts.starts_with(&base))
        .map(|(parts, is_dir, comment, span)| TreeEntry {
            path: parts[base.len()..].iter().collect(),
            is_dir,
            comment,
            span,
        })
        .collect()
}

/// A tree line's name column, names and comment; `None` for the root line, blank lines and
/// continuation lines (`│`). A line may list several names (`├── plan.md, research.md`) or a
/// brace group (`checklists/{requirements,wix}.md`); the comment is what follows the names,
/// with or without `#`. Template names (`[###-feature]/`, `<id>.md`) and ellipses are left out.
fn entry(line: &str) -> Option<(usize, Vec<String>, String)> {
    let (drawing, mut rest) = split_drawing(line)?;
    let mut names = Vec::new();
    loop {
        let (token, after) = next_token(rest);
        let (token, glued_comment) = match token.find('#') {
            Some(i) => (&token[..i], true),
            None => (token, false),
        };
        let more = token.ends_with(',') && !glued_comment;
        names.extend(expand_braces(token.trim_end_matches(',')));
        rest = if glued_comment {
            &rest[rest.find('#').unwrap_or(0)..]
        } else {
            after.trim_start()
        };
        if !more {
            break;
        }
    }
    names.retain(|n| {
        !n.is_empty() && !n.contains(['[', '{', '<', '*', '…']) && !n.starts_with("..")
    });
    let comment = rest.trim().trim_start_matches('#').trim().to_string();
    (!names.is_empty()).then(|| (drawing.chars().count(), names, comment))
}

/// The first whitespace-separated token (spaces inside `{…}` do not end it) and the rest.
fn next_token(s: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => return (&s[..i], &s[i..]),
            _ => {}
        }
    }
    (s, "")
}

/// `a/{b,c}.md` → `a/b.md`, `a/c.md`; names without a brace group are returned as they are.
fn expand_braces(name: &str) -> Vec<String> {
    let (Some(open), Some(close)) = (name.find('{'), name.find('}')) else {
        return vec![name.to_string()];
    };
    if close < open {
        return vec![name.to_string()];
    }
    name[open + 1..close]
        .split(',')
        .map(|alt| format!("{}{}{}", &name[..open], alt.trim(), &name[close + 1..]))
        .collect()
}

/// Split a line into its tree drawing (which must end in a branch: `├── `, `|-- `) and the
/// rest.
fn split_drawing(line: &str) -> Option<(&str, &str)> {
    const DRAWING: &[char] = &[
        '│', '├', '└', '─', '|', '`', '+', '\\', '-', ' ', '\t', '\u{a0}',
    ];
    let end = line
        .char_indices()
        .find(|(_, c)| !DRAWING.contains(c))
        .map_or(line.len(), |(i, _)| i);
    let drawing = &line[..end];
    let branch = drawing.contains("──") || drawing.contains("--");
    (branch && end < line.len()).then(|| (drawing, line[end..].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_box_and_ascii_trees() {
        let text = "### Documentation (this feature)\n\n```text\nspecs/001-x/\n├── plan.md              # This file\n├── research.md          # Phase 0 output\n├── contracts/           # Phase 1\n│   └── api.yaml\n├── checklists/\n│   └── PlanQualityGate.md\n└── tasks.md             # Phase 2 output (NOT created by /plan)\n```\n";
        let doc = Document::parse(text.to_string());
        let re = crate::word_regex::WordRegex::new("^documentation$");
        let got: Vec<_> = companions_listed(&doc, &re, "plan.md")
            .into_iter()
            .map(|e| (e.path.display().to_string(), e.is_dir))
            .collect();
        assert_eq!(
            got,
            [
                ("plan.md".into(), false),
                ("research.md".into(), false),
                ("contracts".into(), true),
                ("contracts/api.yaml".into(), false),
                ("checklists".into(), true),
                ("checklists/PlanQualityGate.md".into(), false),
                ("tasks.md".into(), false),
            ]
        );
        let ascii = "## Documentation\n```\nspecs/\n`-- 056-x/\n    |-- plan.md, spec.md   This file\n    |-- c.md# glued comment\n    |-- d/{e,f g}.md\n    `-- [later].md\n```\n";
        let doc = Document::parse(ascii.to_string());
        let got: Vec<_> = companions_listed(&doc, &re, "plan.md")
            .into_iter()
            .map(|e| e.path.display().to_string())
            .collect();
        assert_eq!(got, ["plan.md", "spec.md", "c.md", "d/e.md", "d/f g.md"]);
        let template = "## Documentation\n```\nspecs/[###-feature]/\n├── research.md\n```\n";
        let doc = Document::parse(template.to_string());
        assert!(companions_listed(&doc, &re, "plan.md").is_empty());
    }
}
