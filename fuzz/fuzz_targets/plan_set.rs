//! A plan set from fuzzer bytes (plan.md, spec.md, tasks.md, plan_output.json, branch, …
//! split at 0x1e), linted with every pack and every rule, rendered in every format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| planlint::harness::plan_set(data));
