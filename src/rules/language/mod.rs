//! L — language: wording that makes a requirement untestable (L001) and spelling against
//! the profile's word list (L002, `spelling:`).

mod american_spelling;
mod vague_term;

pub use american_spelling::AmericanSpelling;
pub use vague_term::VagueTerm;
