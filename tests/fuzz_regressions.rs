//! Replays every input the fuzzers ever crashed on (`fuzz/regressions/<target>/`) through
//! the same harness code the cargo-fuzz targets run (src/harness.rs), with every pack.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use planlint::harness::{config, plan_set, Packs};

/// Run `harness` on each file of `fuzz/regressions/<target>`; fail naming every input that
/// panics.
fn replay(target: &str, harness: impl Fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    assert!(
        dir.parent().is_some_and(Path::is_dir),
        "{} missing",
        dir.display()
    );
    // A target that never crashed has no folder (git keeps no empty ones).
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    let failed: Vec<String> = inputs
        .iter()
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| harness(&bytes))).is_err()
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "regression inputs failing: {failed:#?}");
}

#[test]
fn plan_set_regressions() {
    replay("plan_set", |data| plan_set(data, Packs::Every));
}

#[test]
fn config_regressions() {
    replay("config", config);
}
