//! Coverage between spec.md and tasks.md (T007–T009, T011): the tasks of tasks.md with their
//! IDs, phases and story labels; the requirements and user stories spec.md defines; the
//! requirement IDs a text cites, ranges expanded. The vocabulary (ID shapes, phase names,
//! label forms) is the pack's `coverage` section.

mod phantom_completion;
mod requirement_without_task;
mod story_without_task;
mod task_format;

pub use phantom_completion::PhantomCompletion;
pub use requirement_without_task::RequirementWithoutTask;
pub use story_without_task::StoryWithoutTask;
pub use task_format::TaskFormat;

use foldhash::{HashSet, HashSetExt};
use std::borrow::Cow;
use std::cmp::Ordering;

use crate::artifact::ArtifactKind;
use crate::document::{Document, Span};
use crate::pack::Coverage;
use crate::rule::Context;
use crate::word_regex::Captures;

/// A task ID: its number and the suffix of an inserted task (`T033a`, `T020i1`, `T001.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskId {
    pub text: String,
    pub num: u64,
    pub suffix: String,
}

impl Ord for TaskId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.num
            .cmp(&other.num)
            .then_with(|| caseless_cmp(&self.suffix, &other.suffix))
    }
}

/// `a.to_lowercase().cmp(&b.to_lowercase())`, without allocating when both are ASCII (task
/// suffixes are: `a`, `i1`, `.1`); T009's order check compares task IDs by the thousand.
fn caseless_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let lower = |c: u8| c.to_ascii_lowercase();
        return a.bytes().map(lower).cmp(b.bytes().map(lower));
    }
    a.to_lowercase().cmp(&b.to_lowercase())
}

impl PartialOrd for TaskId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A story label on a task line (`[US1]`, `[US1/US2]`, `[US-all]`).
#[derive(Debug, Clone)]
pub struct StoryLabel {
    pub span: Span,
    /// The stories it names, uppercase (`1`, `2B`); empty for `[US-all]`-like labels.
    pub stories: Vec<String>,
}

/// One task of tasks.md.
#[derive(Debug, Clone)]
pub struct Task {
    pub id: TaskId,
    /// The item's first line, as written.
    pub line: Span,
    /// The item without its nested lists (wrapped lines included).
    pub own: Span,
    /// `Some(done)` for checkbox items; `None` in a file that writes tasks without checkboxes.
    pub checked: Option<bool>,
    /// Struck through (`~~T005 …~~`): cancelled.
    pub struck: bool,
    /// The name of the enclosing phase (`Setup (Shared Infrastructure)`), if any.
    pub phase: Option<String>,
    pub labels: Vec<StoryLabel>,
}

/// The tasks of a tasks.md, in document order.
///
/// Checkbox items led by a task ID are tasks; other items mentioning IDs (`- T026 blocks
/// T027`) are references. A file with no checkbox task at all writes its tasks as plain items
/// (`- **T001**: …`): then the items led by an ID inside phase sections are its tasks.
pub fn tasks(doc: &Document, cov: &Coverage) -> Vec<Task> {
    let phases = phases(doc, cov);
    let led: Vec<(usize, TaskId)> = doc
        .list_items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| task_id(&item.text, cov).map(|id| (i, id)))
        .collect();
    let with_checkbox = led
        .iter()
        .any(|(i, _)| doc.list_items[*i].checked.is_some());
    led.into_iter()
        .filter_map(|(i, id)| {
            let item = &doc.list_items[i];
            // The last heading before the item is the innermost one whose section holds it.
            let heading = doc
                .headings
                .partition_point(|h| h.span.start <= item.span.start);
            let phase = heading.checked_sub(1).and_then(|h| phases[h].clone());
            let is_task = if with_checkbox {
                item.checked.is_some()
            } else {
                phase.is_some() && item.depth == 0
            };
            is_task.then(|| {
                let own = doc.item_own_span(i);
                Task {
                    labels: story_labels(doc, &own, cov),
                    line: doc
                        .lines
                        .line_range(&doc.text, doc.line_of(item.span.start)),
                    own,
                    id,
                    checked: item.checked,
                    struck: item.text.starts_with('~'),
                    phase,
                }
            })
        })
        .collect()
}

/// For each heading, the name of the phase whose section it lies in (itself or an enclosing
/// heading), in one pass with a stack of open headings.
fn phases(doc: &Document, cov: &Coverage) -> Vec<Option<String>> {
    let mut open: Vec<(u8, Option<String>)> = Vec::new();
    doc.headings
        .iter()
        .map(|h| {
            while open.last().is_some_and(|(level, _)| *level >= h.level) {
                open.pop();
            }
            let own = cov
                .phase_heading
                .captures(&h.text)
                .and_then(|c| c.name("name"))
                .map(|n| n.as_str().trim().to_string());
            let phase = own.or_else(|| open.last().and_then(|(_, p)| p.clone()));
            open.push((h.level, phase.clone()));
            phase
        })
        .collect()
}

/// The task ID leading an item's text, if any.
fn task_id(text: &str, cov: &Coverage) -> Option<TaskId> {
    let caps = cov.task_id.captures(text)?;
    let num = caps.name("num")?.as_str().parse().ok()?;
    Some(TaskId {
        text: caps.get(0)?.as_str().trim_start_matches('~').to_string(),
        num,
        suffix: caps.name("suffix").map_or("", |s| s.as_str()).to_string(),
    })
}

fn story_labels(doc: &Document, own: &Span, cov: &Coverage) -> Vec<StoryLabel> {
    let prose = &doc.prose[own.clone()];
    cov.story_label
        .captures_iter(prose)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let body = caps.name("body")?.as_str();
            Some(StoryLabel {
                span: own.start + whole.start()..own.start + whole.end(),
                stories: cov
                    .story_ref
                    .captures_iter(body)
                    .filter_map(|c| c.name("story").map(|s| s.as_str().to_uppercase()))
                    .collect(),
            })
        })
        .collect()
}

/// A requirement spec.md defines (a list item, table row or heading led by its ID).
#[derive(Debug, Clone)]
pub struct Requirement {
    pub id: String,
    pub kind: String,
    /// The ID before its number (`FR-`, `FR-TAT-`), so ranges stay within one series.
    pub prefix: String,
    pub num: u64,
    pub span: Span,
    /// False when marked deferred or removed.
    pub active: bool,
}

/// One ID match in a text: the ID, its series and number (slices of the text: tasks.md cites
/// thousands of IDs, and most only need looking up).
struct IdMatch<'t> {
    span: Span,
    id: &'t str,
    kind: &'t str,
    prefix: &'t str,
    num: Option<u64>,
}

fn id_matches<'t>(text: &'t str, cov: &'t Coverage) -> impl Iterator<Item = IdMatch<'t>> + 't {
    (cov.requirement_id.captures_iter(text)).filter_map(|caps| id_match(text, &caps))
}

fn id_match<'t>(text: &'t str, caps: &Captures<'_, 't>) -> Option<IdMatch<'t>> {
    let whole = caps.get(0)?;
    let num = caps.name("num");
    Some(IdMatch {
        span: whole.range(),
        id: whole.as_str(),
        kind: caps.name("kind").map_or("", |k| k.as_str()),
        prefix: &text[whole.start()..num.map_or(whole.start(), |n| n.start())],
        num: num.and_then(|n| n.as_str().parse().ok()),
    })
}

/// The requirements defined in spec.md, first definition of each ID, in document order.
pub fn requirements(doc: &Document, cov: &Coverage) -> Vec<Requirement> {
    // (where the definition's text starts, that text as parsed)
    let mut leads: Vec<(Span, Cow<str>)> = Vec::new();
    for (i, item) in doc.list_items.iter().enumerate() {
        leads.push((doc.item_own_span(i), Cow::Borrowed(&item.text)));
    }
    for table in &doc.tables {
        for row in &table.rows {
            let text = row
                .cells
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" | ");
            leads.push((row.span.clone(), Cow::Owned(text)));
        }
    }
    for h in &doc.headings {
        leads.push((h.span.clone(), Cow::Borrowed(&h.text)));
    }
    leads.sort_by_key(|(span, _)| span.start);

    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (span, text) in leads {
        let text = text.trim_start_matches('~').trim_start();
        // Only a text that starts with an ID defines one.
        let Some(first) =
            (cov.requirement_id.captures_at_start(text)).and_then(|caps| id_match(text, &caps))
        else {
            continue;
        };
        if !seen.insert(first.id.to_string()) {
            continue;
        }
        let Some(num) = first.num else {
            continue;
        };
        let raw = &doc.text[span.clone()];
        let at = raw.find(first.id).map_or(span.start, |o| span.start + o);
        out.push(Requirement {
            active: !cov.requirement_inactive.is_match(&text[first.span.end..]),
            span: at..at + first.id.len(),
            id: first.id.to_string(),
            kind: first.kind.to_string(),
            prefix: first.prefix.to_string(),
            num,
        });
    }
    out
}

/// The IDs of `defined` that `text` cites: directly, in a range (`FR-001 through FR-005`,
/// `FR-001–FR-005`, `FR-001..006`) or in a list sharing one prefix (`FR-011/012/013`).
pub fn cited<'a>(
    text: &'a str,
    cov: &'a Coverage,
    defined: &'a [Requirement],
) -> HashSet<Cow<'a, str>> {
    let matches: Vec<IdMatch> = id_matches(text, cov).collect();
    let mut out: HashSet<Cow<str>> = matches.iter().map(|m| Cow::Borrowed(m.id)).collect();
    let cover_range = |prefix: &str, lo: u64, hi: u64, out: &mut HashSet<Cow<'a, str>>| {
        out.extend(
            defined
                .iter()
                .filter(|r| r.prefix == prefix && (lo..=hi).contains(&r.num))
                .map(|r| Cow::Borrowed(r.id.as_str())),
        );
    };
    for (k, m) in matches.iter().enumerate() {
        let Some(mut last) = m.num else {
            continue;
        };
        if let Some(next) = matches.get(k + 1) {
            let between = &text[m.span.end..next.span.start];
            if let (true, Some(hi)) = (
                m.prefix == next.prefix && cov.range_connector.is_match(between),
                next.num,
            ) {
                cover_range(m.prefix, last, hi, &mut out);
            }
        }
        let mut pos = m.span.end;
        while let Some(caps) = cov.id_continuation.captures(&text[pos..]) {
            let (Some(sep), Some(num), Some(whole)) =
                (caps.name("sep"), caps.name("num"), caps.get(0))
            else {
                break;
            };
            let Ok(n) = num.as_str().parse::<u64>() else {
                break;
            };
            if cov.range_connector.is_match(sep.as_str()) {
                cover_range(m.prefix, last, n, &mut out);
            } else {
                let sub = caps.name("sub").map_or("", |s| s.as_str());
                out.insert(Cow::Owned(format!("{}{}{sub}", m.prefix, num.as_str())));
            }
            last = n;
            pos += whole.end();
        }
    }
    out
}

/// A user story spec.md defines.
#[derive(Debug, Clone)]
pub struct Story {
    /// Its number as labels write it, uppercase (`2`, `2A`).
    pub number: String,
    pub heading: usize,
    pub active: bool,
}

pub fn stories(doc: &Document, cov: &Coverage) -> Vec<Story> {
    let mut seen = HashSet::new();
    doc.headings
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let text = cov.story_inactive.remove_all(&h.text);
            let number = cov
                .story_heading
                .captures(text.trim())?
                .name("story")?
                .as_str()
                .to_uppercase();
            seen.insert(number.clone()).then(|| Story {
                active: !cov.story_inactive.is_match(&h.text),
                number,
                heading: i,
            })
        })
        .collect()
}

/// The spec and tasks documents of the set with the pack's coverage vocabulary, when all exist.
pub struct SpecAndTasks<'a> {
    pub cov: &'a Coverage,
    pub spec_file: usize,
    pub spec: &'a Document,
    pub tasks_file: usize,
    pub tasks: &'a Document,
}

pub fn spec_and_tasks<'a>(cx: &'a Context) -> Option<SpecAndTasks<'a>> {
    let cov = cx.pack.coverage.as_ref()?;
    let (spec_file, spec) = markdown(cx, ArtifactKind::Spec)?;
    let (tasks_file, tasks) = markdown(cx, ArtifactKind::Tasks)?;
    Some(SpecAndTasks {
        cov,
        spec_file,
        spec,
        tasks_file,
        tasks,
    })
}

/// The set's Markdown file of a kind.
pub fn markdown<'a>(cx: &'a Context, kind: ArtifactKind) -> Option<(usize, &'a Document)> {
    let (i, f) = cx.set.file_of(kind)?;
    f.doc().map(|d| (i, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cov() -> Coverage {
        crate::pack::builtin()
            .iter()
            .find(|p| p.profile == "speckit")
            .and_then(|p| p.coverage.clone())
            .expect("speckit pack has a coverage section")
    }

    #[test]
    fn task_ids_order_inserted_tasks_after_their_base() {
        let c = cov();
        let id = |s: &str| task_id(s, &c).expect(s);
        assert!(id("T033 x") < id("T033a x"));
        assert!(id("T033a x") < id("T034 x"));
        assert!(id("T020h1 x") < id("T020i1 x"));
        assert_eq!(id("T100 [P] x").text, "T100");
        assert!(task_id("Then do x", &c).is_none());
    }

    #[test]
    fn tasks_phases_and_labels() {
        let text = "# Tasks\n\n## Phase 1: Setup (Shared)\n\n- [ ] T001 Create x\n- [x] T002 [P] [US1] y\n\n## Phase 3: User Story 1 - New Project Setup\n\n### Tests\n\n- [X] **T003** [US1/US2B] z\n  wrapped line\n  - sub bullet\n\n## Dependencies\n\n- T001 blocks T002\n";
        let doc = Document::parse(text.to_string());
        let tasks = tasks(&doc, &cov());
        let ids: Vec<_> = tasks.iter().map(|t| t.id.text.as_str()).collect();
        assert_eq!(ids, ["T001", "T002", "T003"]);
        assert_eq!(tasks[0].phase.as_deref(), Some("Setup (Shared)"));
        assert_eq!(
            tasks[2].phase.as_deref(),
            Some("User Story 1 - New Project Setup")
        );
        assert_eq!(tasks[1].labels[0].stories, ["1"]);
        assert_eq!(tasks[2].labels[0].stories, ["1", "2B"]);
        assert!(doc.text[tasks[2].own.clone()].ends_with("wrapped line"));
    }

    #[test]
    fn requirements_and_ranges() {
        let c = cov();
        let spec = "## Requirements\n\n- **FR-001**: A\n- **FR-002**: B\n- **FR-003** (Deferred to v2): C\n- **FR-TAT-004**: D\n\n| ID | Text |\n|---|---|\n| SC-001 | E |\n";
        let doc = Document::parse(spec.to_string());
        let reqs = requirements(&doc, &c);
        let ids: Vec<_> = reqs.iter().map(|r| (r.id.as_str(), r.active)).collect();
        assert_eq!(
            ids,
            [
                ("FR-001", true),
                ("FR-002", true),
                ("FR-003", false),
                ("FR-TAT-004", true),
                ("SC-001", true)
            ]
        );
        let got = cited("Covers FR-001 through FR-003; see FR-TAT-004", &c, &reqs);
        for id in ["FR-001", "FR-002", "FR-003", "FR-TAT-004"] {
            assert!(got.contains(id), "{id}");
        }
        assert!(!cited("FR-001 and FR-003", &c, &reqs).contains("FR-002"));
        assert!(cited("FR-001–FR-003", &c, &reqs).contains("FR-002"));
        assert!(cited("FR-001..003", &c, &reqs).contains("FR-002"));
        let listed = cited("(FR-001/002, 003)", &c, &reqs);
        assert!(listed.contains("FR-002") && listed.contains("FR-003"));
        assert!(!cited("FR-001, 2 files", &c, &reqs).contains("FR-002"));
    }
}
