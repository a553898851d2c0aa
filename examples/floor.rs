//! The parse floor for the benchmark: walk a tree honouring `.gitignore`, read every Markdown
//! file and parse it with pulldown-cmark (the options planlint uses), on all cores. planlint
//! cannot be faster than this; `bench/run.sh` compares the two.
//!
//! Usage: `cargo run --release --example floor -- PATH`

use rayon::prelude::*;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let files: Vec<std::path::PathBuf> = ignore::WalkBuilder::new(&root)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let (bytes, events) = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let events = pulldown_cmark::Parser::new_ext(&text, opts)
                .into_offset_iter()
                .count();
            (text.len(), events)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {bytes} bytes, {events} events", files.len());
}
