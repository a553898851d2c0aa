//! Pack sections for the tables and sections of a functional plan (seed 000): the FR → AC →
//! test traceability chain, the Work Streams table, the Assumption Register, Open Questions,
//! Security Considerations, Schema Changes, `plan_output.json` and the Task key. Every name a
//! rule looks for — section headings, column headers, accepted values, ID kinds — is here, so
//! another template with the same structure needs only a pack.

use serde::Deserialize;

use crate::yaml::Pattern;

/// A section heading and the column of its table that a rule reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TableColumn {
    /// The section's heading (matched like S001).
    pub section: String,
    /// Accepted headers of the column (case-insensitive; emphasis and a trailing `?` or `:`
    /// ignored).
    pub column: Vec<String>,
}

/// FR → AC → Test Mandate → contracts (T003–T006).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Traceability {
    /// The ID kind of requirements (`FR`).
    pub requirement: String,
    /// The ID kind of acceptance criteria (`AC`); an AC names the requirements it verifies
    /// in its heading, `### AC-1: title (FR-1)`, else in its body.
    pub acceptance: String,
    /// Words an acceptance criterion must contain (T006), each bold or capitalised.
    #[serde(default)]
    pub scenario_keywords: Vec<String>,
    /// The table listing the tests for each AC (T004); rows whose AC cell names no AC (`—`)
    /// are extra tests.
    pub test_mandate: Option<TableColumn>,
    /// Tables pairing requirements with acceptance criteria (T005).
    #[serde(default)]
    pub contracts: Vec<Contract>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Contract {
    pub section: String,
    pub requirement_column: Vec<String>,
    pub acceptance_column: Vec<String>,
}

/// The Work Streams table (W001–W005).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Streams {
    pub section: String,
    /// The ID kind of streams (`WS`).
    pub kind: String,
    /// The ID kind each requirement must be assigned by exactly one stream (`FR`).
    pub requirement: String,
    pub stream_column: Vec<String>,
    pub requirements_column: Vec<String>,
    pub depends_column: Vec<String>,
    pub parallel_column: Vec<String>,
    /// The stream every other one must depend on when present (`WS-0`).
    pub first_stream: Option<String>,
    /// The section whose presence requires the first stream (`Dev Environment`).
    pub first_stream_section: Option<String>,
}

/// Assumption Register (A001): the resolution column and the values that count as resolved.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Register {
    pub section: String,
    pub column: Vec<String>,
    pub resolved: Pattern,
}

/// Open Questions (A002): unchecked items in this section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OpenQuestions {
    pub section: String,
}

/// Security Considerations (A003): the Applies? column and its accepted answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Security {
    pub section: String,
    pub column: Vec<String>,
    pub answers: Pattern,
}

/// Schema Changes (A004): migration phases and the ordering a contract change needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SchemaChanges {
    pub section: String,
    pub column: Vec<String>,
    /// Accepted phases (case-insensitive).
    pub phases: Vec<String>,
    /// The phase that needs a deploy ordering (`contract`).
    pub ordered_phase: String,
    /// The heading or bold label that gives the ordering (`Deploy Ordering`).
    pub ordering: String,
}

/// `plan_output.json` (T012): where its streams and requirements are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlanOutput {
    /// Top-level key of the stream list.
    pub streams: String,
    /// Keys inside one stream.
    pub stream_id: String,
    pub stream_requirements: String,
    pub stream_depends: String,
    pub stream_parallel: String,
    /// Top-level key of the requirement list, and the ID key inside one requirement.
    pub requirements: String,
    pub requirement_id: String,
}

/// The Task header field against the branch (B003).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TaskKey {
    /// The header field holding the task key (`Task`).
    pub field: String,
    /// Reads the key from a branch name: capture group 1 (`JIRAPRJ-123` of
    /// `JIRAPRJ-123_name_of_the_branch`). A branch it does not match has no key, and B003 is
    /// silent (B001 judges the branch's form).
    pub branch_key: Pattern,
    /// Branches on which no task is being worked (B003 is silent there).
    pub protected: Vec<String>,
}
