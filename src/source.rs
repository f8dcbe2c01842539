//! Source files kept in memory with a line index, so any byte offset maps to the file's line and column.

use std::path::{Path, PathBuf};

/// A text file of the site, as read, with its path relative to the site folder.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site folder (what diagnostics print).
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: String,
    line_starts: Vec<usize>,
    hash: std::sync::OnceLock<u64>,
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wraps text read from `path` (relative to the site folder).
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { path: path.into(), text, line_starts, hash: std::sync::OnceLock::new() }
    }

    /// A hash of the text, computed once (fingerprints of rebuilt pages use it).
    pub fn content_hash(&self) -> u64 {
        *self.hash.get_or_init(|| {
            let digest = blake3::hash(self.text.as_bytes());
            u64::from_le_bytes(digest.as_bytes()[..8].try_into().unwrap_or([0; 8]))
        })
    }

    /// The site-relative path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Byte offsets where each line starts (for codespan).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Maps a byte offset to its 1-based line and character column.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// Maps a 1-based line and character column back to a byte offset (used for YAML markers).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..].char_indices().nth(column.saturating_sub(1)).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_character_columns() {
        let file = SourceFile::new("a.md", "ab\nçé x\n\nlast".to_string());
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // "çé " is 5 bytes but 3 characters.
        assert_eq!(file.line_col(3 + 5), LineCol { line: 2, column: 4 });
        assert_eq!(file.line_col(file.text.len()), LineCol { line: 4, column: 5 });
        assert_eq!(file.line_text(2), "çé x");
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let file = SourceFile::new("a.md", "ab\nçé x\n".to_string());
        let off = file.offset_of(2, 4);
        assert_eq!(&file.text[off..off + 1], "x");
        assert_eq!(file.line_col(off), LineCol { line: 2, column: 4 });
    }
}
