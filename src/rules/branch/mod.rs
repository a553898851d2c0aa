//! B — branch and identity: the plan against the branch being linted (`Context::branch`,
//! filled from the CI variables or HEAD).

mod task_id_mismatch;

pub use task_id_mismatch::TaskIdMismatch;
