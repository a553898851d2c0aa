//! planlint.yaml and pack files from fuzzer bytes: parsed, errors rendered, a loaded config
//! used to lint a small plan.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| planlint::harness::config(data));
