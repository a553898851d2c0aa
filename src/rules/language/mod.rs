//! L — language: wording that makes a requirement untestable (L001).

mod vague_term;

pub use vague_term::VagueTerm;
