//! planlint: a deterministic linter for implementation plans and their companion artifacts.
//!
//! The pipeline: [`discover`] finds plan files, [`planset`] loads each plan set through a
//! [`vfs::FileSource`] into [`document`] models, [`config`] picks the profile's [`pack`],
//! [`engine`] runs the [`rules`] (built-in, and custom ones from YAML: [`rules::custom`]) and
//! applies suppressions and overrides, [`report`] renders the findings; [`run`] ties these
//! together for every linting command. The git commands ([`hook`], [`ci`]) read plans from
//! the index or a commit through [`git`] instead of the work tree. [`init`] writes a config
//! for a repository; [`schema`] is the config's JSON Schema; [`alloc`] is the binary's memory
//! allocator and page size.

pub mod alloc;
pub mod artifact;
pub mod ci;
pub mod cli;
pub mod config;
pub mod constitution;
pub mod discover;
pub mod document;
pub mod engine;
pub mod git;
pub mod harness;
pub mod hook;
pub mod init;
pub mod lines;
pub mod ordered;
pub mod pack;
pub mod planset;
pub mod report;
pub mod rule;
pub mod rules;
pub mod run;
pub mod schema;
pub mod severity;
pub mod suggest;
pub mod suppress;
pub mod test_ids;
pub mod validate_plan;
pub mod vfs;
pub mod word_regex;
pub mod yaml;
