//! README.md stays true: every ```yaml block in it is a planlint.yaml that the built
//! binary accepts (```yaml pack blocks are written beside it as the pack they describe,
//! ```yaml ci blocks are CI snippets and skipped).

mod common;

use std::path::Path;

/// (info string, body) of every fenced block.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), String::new())),
            (Some(_), Some("")) => out.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn every_config_example_in_the_docs_loads() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let all = blocks(&doc);
    let packs: Vec<&String> = all
        .iter()
        .filter(|(i, _)| i == "yaml pack")
        .map(|(_, b)| b)
        .collect();
    let configs: Vec<&String> = all
        .iter()
        .filter(|(i, _)| i == "yaml")
        .map(|(_, b)| b)
        .collect();
    assert!(
        configs.len() >= 10,
        "found only {} config examples",
        configs.len()
    );
    assert_eq!(packs.len(), 1);
    for config in configs {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("planlint")).unwrap();
        std::fs::write(dir.path().join("planlint/team-pack.yaml"), packs[0]).unwrap();
        // The file the `constitution:` example names.
        std::fs::create_dir_all(dir.path().join("docs/governance")).unwrap();
        std::fs::write(dir.path().join("docs/governance/charter.md"), "# Charter\n").unwrap();
        std::fs::write(dir.path().join("planlint.yaml"), config).unwrap();
        let out = common::run(dir.path(), &["rules", "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "this example does not load:\n{config}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
