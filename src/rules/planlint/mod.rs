//! X — planlint's own rules: suppressions that do nothing or name unknown rules, and files
//! that cannot be read.

mod unknown_code;
mod unreadable_file;
mod unused_suppression;

pub use unknown_code::UnknownCode;
pub use unreadable_file::UnreadableFile;
pub use unused_suppression::UnusedSuppression;
