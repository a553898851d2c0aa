//! A plan set from fuzzer bytes (plan.md, spec.md, tasks.md, plan_output.json, branch, …
//! split at 0x1e), linted with every rule under a pack the input picks, rendered in every
//! format, every finding's position checked.
#![no_main]

use planlint::harness::{plan_set, Packs};

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_set(data, Packs::ChosenByInput));
