//! W — work streams: the plan's Work Streams table read into a dependency graph (streams are
//! rows; `Depends On` gives the edges, `Parallel With` the claimed parallelism, `Requirements`
//! the FRs each stream delivers). Names of the section, the columns and the ID kinds come from
//! the pack's `streams:` section.

mod dependency_cycle;
mod dev_env_first;
mod fr_stream_coverage;
mod parallel_contradiction;
mod unknown_stream;

pub use dependency_cycle::DependencyCycle;
pub use dev_env_first::DevEnvFirst;
pub use fr_stream_coverage::FrStreamCoverage;
pub use parallel_contradiction::ParallelContradiction;
pub use unknown_stream::UnknownStream;

use crate::document::{Document, Span};
use crate::pack::Streams;
use crate::rule::Context;
use crate::rules::ids::{IdIndex, IdKey, Mention};
use crate::rules::tables;

/// A stream named in a Depends On or Parallel With cell.
#[derive(Debug, Clone)]
pub struct StreamRef {
    pub key: IdKey,
    pub text: String,
    pub span: Span,
}

/// One row of the Work Streams table.
pub struct Stream<'i> {
    pub key: IdKey,
    pub id: String,
    /// The stream's ID in its first cell (where findings about the row point).
    pub span: Span,
    /// The requirement references of its Requirements cell.
    pub requirements: Vec<&'i Mention>,
    pub depends: Vec<StreamRef>,
    pub parallel: Vec<StreamRef>,
}

/// The Work Streams table of the plan.
pub struct StreamTable<'i> {
    pub vocab: &'i Streams,
    pub file: usize,
    pub doc: &'i Document,
    pub streams: Vec<Stream<'i>>,
    /// The Depends On and Parallel With cells: stream references there are W001's to report,
    /// not T001's.
    pub link_cells: Vec<Span>,
    pub has_requirements: bool,
}

impl<'i> StreamTable<'i> {
    /// The plan's stream table, when the pack describes one and the plan has it.
    pub fn of(cx: &'i Context, index: &'i IdIndex) -> Option<StreamTable<'i>> {
        let vocab = cx.pack.streams.as_ref()?;
        let doc = cx.set.plan_doc()?;
        let file = cx.set.plan;
        let stream_kind = index.kind(&vocab.kind)?;
        let requirement_kind = index.kind(&vocab.requirement);
        let (table, stream_col) = tables::with_column(doc, &vocab.section, &vocab.stream_column)
            .into_iter()
            .next()?;
        let requirements_col = tables::column(table, &vocab.requirements_column);
        let depends_col = tables::column(table, &vocab.depends_column);
        let parallel_col = tables::column(table, &vocab.parallel_column);
        let cell = |row: &crate::document::Row, col: Option<usize>| {
            col.and_then(|c| row.cells.get(c)).map(|c| c.span.clone())
        };
        let refs = |span: &Option<Span>| -> Vec<StreamRef> {
            let Some(span) = span else {
                return Vec::new();
            };
            index
                .of_kind_within(stream_kind, file, span)
                .flat_map(|m| {
                    let written = if m.last.is_some() {
                        index.members(m)
                    } else {
                        vec![m.first.key.clone()]
                    };
                    written.into_iter().map(move |key| StreamRef {
                        text: if key == m.first.key {
                            m.first.text.clone()
                        } else {
                            key.to_string()
                        },
                        key,
                        span: m.span(),
                    })
                })
                .collect()
        };
        let mut streams = Vec::new();
        let mut link_cells = Vec::new();
        for row in &table.rows {
            let Some(id_cell) = row.cells.get(stream_col) else {
                continue;
            };
            let Some(def) = index
                .of_kind_within(stream_kind, file, &id_cell.span)
                .next()
            else {
                continue;
            };
            let depends = cell(row, depends_col);
            let parallel = cell(row, parallel_col);
            let requirements = match (requirement_kind, cell(row, requirements_col)) {
                (Some(kind), Some(span)) => index.of_kind_within(kind, file, &span).collect(),
                _ => Vec::new(),
            };
            streams.push(Stream {
                key: def.first.key.clone(),
                id: def.first.text.clone(),
                span: def.first.span.clone(),
                requirements,
                depends: refs(&depends),
                parallel: refs(&parallel),
            });
            link_cells.extend(depends.into_iter().chain(parallel));
        }
        Some(StreamTable {
            vocab,
            file,
            doc,
            streams,
            link_cells,
            has_requirements: requirements_col.is_some() && requirement_kind.is_some(),
        })
    }

    /// The row index of the stream with `key`.
    pub fn find(&self, key: &IdKey) -> Option<usize> {
        self.streams.iter().position(|s| s.key == *key)
    }

    /// Direct dependencies of each stream, as row indices (unknown streams left out).
    pub fn edges(&self) -> Vec<Vec<usize>> {
        self.streams
            .iter()
            .map(|s| s.depends.iter().filter_map(|d| self.find(&d.key)).collect())
            .collect()
    }

    /// Whether stream `from` depends on stream `to`, directly or through others.
    pub fn reaches(&self, edges: &[Vec<usize>], from: usize, to: usize) -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = edges[from].clone();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(&edges[n]);
            }
        }
        false
    }
}
