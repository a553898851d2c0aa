//! L — language: wording the profile asks for. L002 checks spelling against the pack's word
//! list (`spelling:`).

mod american_spelling;

pub use american_spelling::AmericanSpelling;
