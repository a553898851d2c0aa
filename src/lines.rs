//! Byte offset → 1-based line and column (columns counted in characters).
//!
//! Offsets are into the file exactly as read (a leading BOM included), so spans can be handed
//! to miette and to machine formats unchanged. A CR before an LF belongs to the line ending,
//! not to the line.

/// Line starts of one file, built once per file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // Plans average over 40 bytes a line: one allocation holds most files' line starts.
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a trailing newline does not open an extra line).
    pub fn line_count(&self) -> usize {
        match self.starts.last() {
            Some(&last) if last == self.len && self.starts.len() > 1 => self.starts.len() - 1,
            _ => self.starts.len(),
        }
    }

    /// 0-based line number holding `offset` (offsets past the end clamp to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(self.len, |&n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// The 1-based position of `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut column = text[start..offset].chars().count() + 1;
        // Editors do not show a BOM, so it takes no column.
        if line == 0 && offset >= 3 && text.starts_with('\u{feff}') {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    /// Like [`LineIndex::position`], counting on from a position already known at `from` (at or
    /// before `offset`) when both are on the same line, so mapping many sorted offsets on one
    /// long line stays linear.
    pub fn position_from(&self, text: &str, from: (usize, Position), offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let (prev, pos) = from;
        // Counting on from before a BOM would count it as a column; position() leaves it out.
        let past_bom = !text.starts_with('\u{feff}') || prev >= '\u{feff}'.len_utf8();
        if past_bom
            && prev <= offset
            && self.line_of(prev) == self.line_of(offset)
            && pos.line == self.line_of(offset) + 1
        {
            return Position {
                line: pos.line,
                column: pos.column + text[prev..offset].chars().count(),
            };
        }
        self.position(text, offset)
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_skip_cr() {
        let text = "ab\r\nçé x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 4), Position { line: 2, column: 1 });
        // 'x' sits after two 2-byte characters and a space.
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(idx.line_range(text, 0), 0..2);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.position(text, text.len()).line, 3);
    }

    #[test]
    fn counting_on_matches_counting_from_the_line_start() {
        let text = "ab\nçé x yz\n";
        let idx = LineIndex::new(text);
        let first = text.find('x').unwrap();
        let p = idx.position(text, first);
        for offset in first..text.len() {
            assert_eq!(
                idx.position_from(text, (first, p), offset),
                idx.position(text, offset)
            );
        }
        assert_eq!(
            idx.position_from(text, (first, p), 0),
            idx.position(text, 0)
        );
    }

    #[test]
    fn counting_on_from_before_a_bom_skips_it() {
        let text = "\u{feff}# T";
        let idx = LineIndex::new(text);
        let start = idx.position(text, 0);
        assert_eq!(idx.position_from(text, (0, start), 3).column, 1);
        assert_eq!(idx.position_from(text, (0, start), 5).column, 3);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }

    #[test]
    fn bom_takes_no_column() {
        let text = "\u{feff}# T";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).column, 1);
        assert_eq!(idx.position(text, 5).column, 3);
    }
}
