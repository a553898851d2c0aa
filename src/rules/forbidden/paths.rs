//! Telling a repository file path from the slash- and dot-words of prose: `and/or`,
//! `read/write`, `I/O`, `Given/When/Then`, `FR-1/AC-1`, dates, ratios, versions, `e.g.`,
//! product names such as `Next.js`, host names, URLs, e-mail addresses, slash commands
//! (`/schema`), HTTP routes (`GET /widgets/:id`) and the plan set's own artifact names are
//! not paths.

use crate::pack::content::Paths;

/// HTTP methods: a word after one is a route, not a path.
pub const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Whether `token` (a whitespace-free word, surrounding punctuation trimmed) is a path.
///
/// A path is: a name with a known file extension (`foo.rs`, `config/database.yaml`);
/// anything starting with `./`, `../` or `~/`; a lowercase folder path ending
/// in `/` (`services/x/`); or a lowercase path under a well-known source folder (`src/x`).
/// Rooted words (`/schema`, `/auth/reset`) are slash commands or routes unless they end in a
/// file name.
pub fn is_path(token: &str, vocab: &Paths) -> bool {
    if token.contains("://") || token.starts_with("www.") || token.contains('@') {
        return false;
    }
    let t = token.split(['?', '#']).next().unwrap_or("");
    let t = strip_line_number(t);
    if t.is_empty() || t.contains("//") || t.contains(['{', '}', '<', '>', '$', '%', '=']) {
        return false;
    }
    let rooted = t.starts_with('/');
    let marked = t.starts_with("./") || t.starts_with("../") || t.starts_with("~/");
    let parts: Vec<&str> = t
        .split('/')
        .filter(|p| !p.is_empty() && !matches!(*p, "." | ".." | "~"))
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if !parts.iter().all(|p| is_segment(p)) {
        return false;
    }
    let is_artifact = vocab.artifacts.iter().any(|a| a == last);
    if parts.len() == 1 && is_artifact {
        return false;
    }
    let has_extension = has_file_extension(last, vocab);
    if !t.contains('/') {
        return has_extension && !is_product_name(last);
    }
    if rooted {
        return has_extension;
    }
    if marked {
        return true;
    }
    if has_extension {
        return !is_host(parts[0], vocab);
    }
    let lowercase = parts.iter().all(|p| {
        p.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-*".contains(c))
    });
    // `w/` is "with", not a folder.
    let words = parts.iter().any(|p| p.len() >= 2);
    lowercase && words && (t.ends_with('/') || vocab.directories.iter().any(|d| d == parts[0]))
}

fn strip_line_number(t: &str) -> &str {
    // `src/a.py:42` and `src/a.py:42:7`
    let mut t = t;
    for _ in 0..2 {
        if let Some((head, tail)) = t.rsplit_once(':') {
            if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
                t = head;
            }
        }
    }
    t
}

fn is_segment(p: &str) -> bool {
    p.chars()
        .all(|c| c.is_alphanumeric() || "_.-*+".contains(c))
}

/// `name.ext` (or a dotfile `.ext`) with an extension from the pack's list; `1.5` and
/// `v2.2.0` have none.
fn has_file_extension(name: &str, vocab: &Paths) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    // `.py` names a file type, `1.5` a number; `System.Threading.Lock` a type (extensions
    // are compared as written: lowercase).
    let numeric = stem.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    !numeric && vocab.extensions.iter().any(|e| e == ext)
}

/// `Next.js`, `Node.js`, `Vue.js`: products, not files.
fn is_product_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".js") && name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `accounts.example.com`: a host name leading a URL written without its scheme.
fn is_host(first: &str, vocab: &Paths) -> bool {
    first.contains('.') && !has_file_extension(first, vocab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Paths {
        let pack = crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "functional")
            .and_then(|p| p.forbidden.clone())
            .expect("functional pack has forbidden content");
        pack.paths
    }

    #[test]
    fn paths() {
        let v = vocab();
        for p in [
            "src/widgets/service.py",
            "app/orders/handlers.py",
            "config/database.yaml",
            "foo.rs",
            "./x/y.ts",
            "../lib/a",
            "services/x/",
            "src/widgets",
            "package.json",
            "src/a.py:42",
            "/etc/app/config.yaml",
        ] {
            assert!(is_path(p, &v), "{p} is a path");
        }
    }

    #[test]
    fn not_paths() {
        let v = vocab();
        for p in [
            "and/or",
            "read/write",
            "I/O",
            "Given/When/Then",
            "FR-1/AC-1",
            "10/02/2026",
            "44/44",
            "0/1/2",
            "N/A",
            "e.g.",
            "i.e.",
            "etc.",
            "3.11",
            "v2.2.0",
            "Next.js",
            "/schema",
            "/implement",
            "/widgets/:id",
            "/auth/reset-requests",
            "https://x.org/a.py",
            "accounts.example.com/reset",
            "ada@example.org",
            "@carbon/react",
            "spec.md",
            "./spec.md",
            "plan_output.json",
            "create/delete",
            "Secrets/credentials",
            "categories/tags",
            "stdout/stderr",
            "gRPC/API",
            "{PROJECT_DIR}/plan.md",
            "cy.session()",
            "example.com",
            ".py",
            "System.Threading.Lock",
            "w/",
            "tools/services",
            "web/mobile",
        ] {
            assert!(!is_path(p, &v), "{p} is not a path");
        }
    }
}
