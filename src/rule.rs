//! What a rule is: its metadata (code, name, family, default severity, documentation) and the
//! `check` it runs over a whole plan set, emitting raw findings through an [`Emitter`].

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use crate::constitution::{Constitution, Constitutions};
use crate::document::Span;
use crate::pack::Pack;
use crate::planset::PlanSet;
use crate::rules::constitution::{Gate, Vocab};
use crate::rules::coverage::Task;
use crate::rules::ids::{IdIndex, IdKey};
use crate::severity::Severity;
use crate::vfs::FileSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Structure,
    Traceability,
    Constitution,
    Branch,
    Forbidden,
    WorkStreams,
    Assumptions,
    Quality,
    Paths,
    Language,
    Planlint,
    Custom,
}

impl Family {
    pub const ALL: [Family; 12] = [
        Family::Structure,
        Family::Traceability,
        Family::Constitution,
        Family::Branch,
        Family::Forbidden,
        Family::WorkStreams,
        Family::Assumptions,
        Family::Quality,
        Family::Paths,
        Family::Language,
        Family::Planlint,
        Family::Custom,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Structure => "structure",
            Family::Traceability => "traceability",
            Family::Constitution => "constitution",
            Family::Branch => "branch",
            Family::Forbidden => "forbidden",
            Family::WorkStreams => "work-streams",
            Family::Assumptions => "assumptions",
            Family::Quality => "quality",
            Family::Paths => "paths",
            Family::Language => "language",
            Family::Planlint => "planlint",
            Family::Custom => "custom",
        }
    }
}

/// Everything known about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    /// The catalogue default; each profile's pack sets the severity actually used.
    pub default: Severity,
    /// How to fix a finding, shown under it.
    pub help: &'static str,
    /// The rule's doc comment: what it checks, why, a failing and a passing example.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The first sentence of the documentation.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    }

    /// The documentation with the one-space indent of doc comments removed.
    pub fn explanation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What a rule sees: the plan set, its profile's pack and the repository around it.
pub struct Context<'a> {
    pub set: &'a PlanSet,
    pub pack: &'a Pack,
    pub source: &'a dyn FileSource,
    /// The branch being linted (current, committed or pushed), when known.
    pub branch: Option<&'a str>,
    /// The IDs the repository's test files cite, when `tests:` globs are configured (T010).
    pub tests: Option<&'a HashSet<IdKey>>,
    /// The run's constitutions, loaded on first use.
    pub constitutions: &'a Constitutions,
    /// The set's IDs, indexed once for every rule that reads them.
    ids: OnceLock<IdIndex<'a>>,
    /// The tasks of tasks.md, read once for every rule that reads them.
    tasks: OnceLock<Vec<Task>>,
    /// The gates of the plan's constitution check, read once for every rule that judges them.
    gates: OnceLock<Vec<Gate>>,
    constitution: OnceLock<Option<Arc<Constitution>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        set: &'a PlanSet,
        pack: &'a Pack,
        source: &'a dyn FileSource,
        branch: Option<&'a str>,
        constitutions: &'a Constitutions,
    ) -> Self {
        Context {
            set,
            pack,
            source,
            branch,
            tests: None,
            constitutions,
            ids: OnceLock::new(),
            tasks: OnceLock::new(),
            gates: OnceLock::new(),
            constitution: OnceLock::new(),
        }
    }

    /// The constitution governing this plan set, if the repository has one.
    pub fn constitution(&self) -> Option<Arc<Constitution>> {
        self.constitution
            .get_or_init(|| {
                let files = self
                    .pack
                    .constitution
                    .as_ref()
                    .map_or(&[][..], |c| &c.files[..]);
                self.constitutions.find(self.source, &self.set.dir, files)
            })
            .clone()
    }

    /// Every ID occurrence of the set, by the pack's ID kinds (built on first use).
    pub fn ids(&self) -> &IdIndex<'a> {
        self.ids
            .get_or_init(|| IdIndex::build(self.set, &self.pack.ids))
    }

    /// The tasks of the set's tasks.md, by the pack's coverage vocabulary (read on first use;
    /// none without either).
    pub fn tasks(&self) -> &[Task] {
        self.tasks.get_or_init(|| {
            let cov = self.pack.coverage.as_ref();
            let doc = self
                .set
                .file_of(crate::artifact::ArtifactKind::Tasks)
                .and_then(|(_, f)| f.doc());
            match (cov, doc) {
                (Some(cov), Some(doc)) => crate::rules::coverage::tasks(doc, cov),
                _ => Vec::new(),
            }
        })
    }

    /// Every gate of the plan's constitution check, by the pack's constitution vocabulary
    /// (read on first use; none without either).
    pub fn gates(&self) -> &[Gate] {
        self.gates
            .get_or_init(|| match (Vocab::of(self.pack), self.set.plan_doc()) {
                (Some(v), Some(doc)) => crate::rules::constitution::gates(doc, &v),
                _ => Vec::new(),
            })
    }
}

/// A finding before severity resolution and position mapping.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub rule: &'static RuleMeta,
    /// Index into the plan set's files.
    pub file: usize,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// A severity the pack sets for this particular finding (e.g. S007 for spec.md).
    pub severity: Option<Severity>,
}

pub struct Emitter<'a> {
    rule: &'static RuleMeta,
    out: &'a mut Vec<RawFinding>,
}

impl<'a> Emitter<'a> {
    pub fn new(rule: &'static RuleMeta, out: &'a mut Vec<RawFinding>) -> Self {
        Emitter { rule, out }
    }

    /// Report `message` at `span` of file `file`; returns the finding to add help or severity.
    pub fn emit(&mut self, file: usize, span: Span, message: impl Into<String>) -> &mut RawFinding {
        self.out.push(RawFinding {
            rule: self.rule,
            file,
            span,
            message: message.into(),
            help: None,
            severity: None,
        });
        self.out.last_mut().expect("just pushed")
    }
}

impl RawFinding {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&mut self, severity: Option<Severity>) -> &mut Self {
        self.severity = severity;
        self
    }
}

pub trait HasMeta {
    fn meta(&self) -> &'static RuleMeta;
}

pub trait Rule: HasMeta + Send + Sync {
    fn check(&self, cx: &Context, out: &mut Emitter);
}

/// Declares a rule struct whose doc comment becomes `planlint explain CODE`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            family: $family:ident,
            severity: $sev:ident,
            help: $help:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $rname,
                family: $crate::rule::Family::$family,
                default: $crate::severity::Severity::$sev,
                help: $help,
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::rule::HasMeta for $name {
            fn meta(&self) -> &'static $crate::rule::RuleMeta {
                &Self::META
            }
        }
    };
}
