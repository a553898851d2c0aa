//! Converts the built-in rule packs (`rules/*.yaml`) to JSON for the binary: every run reads
//! all five, and reading them as JSON takes about a fifth of the time reading the YAML does
//! (`pack::builtin`; a test checks both read the same).

use std::path::Path;

/// The packs of `pack::BUILTIN`.
const PACKS: [&str; 5] = ["spec-mesh", "functional", "speckit", "technical", "generic"];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in PACKS {
        let source = format!("rules/{name}.yaml");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        // The options planlint reads packs with (`yaml::from_str`).
        let options = serde_saphyr::options! { strict_booleans: true };
        let value: serde_json::Value = serde_saphyr::from_str_with_options(&text, options)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let json = Path::new(&out).join(format!("{name}.json"));
        std::fs::write(&json, value.to_string())
            .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    }
}
