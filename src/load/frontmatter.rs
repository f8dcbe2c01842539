//! Splitting a document into front matter and Markdown body, keeping byte offsets into the file.

use std::ops::Range;

/// Which syntax the front matter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// Where the parts of a document are, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The front matter syntax.
    pub format: Format,
    /// The opening delimiter line (for findings about the front matter as a whole).
    pub opening: Range<usize>,
    /// The front matter text between the delimiters.
    pub front: Range<usize>,
    /// The Markdown body after the closing delimiter.
    pub body: Range<usize>,
}

/// Why a document could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++` or `---`.
    Missing,
    /// The opening delimiter has no closing partner; carries the opening line's range.
    Unclosed(Range<usize>, Format),
}

/// Splits `text` into front matter and body. A UTF-8 byte-order mark is skipped.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_with_offsets(text, start);
    let Some((open_start, open_end, first)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    let (format, delimiter) = match first.trim_end() {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => return Err(SplitError::Missing),
    };
    let opening = open_start..open_start + first.trim_end().len();
    for (line_start, line_end, line) in lines {
        if line.trim_end() == delimiter {
            return Ok(Split { format, opening, front: open_end..line_start, body: line_end..text.len() });
        }
    }
    Err(SplitError::Unclosed(opening, format))
}

/// Yields (start, end including the line break, line text without the break).
fn lines_with_offsets(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let start = pos;
        pos += advance;
        Some((start, pos, line.trim_end_matches('\r')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_front_matter_with_offsets() {
        let text = "+++\ntitle = \"A\"\n+++\n# Body\n";
        let split = split(text).unwrap();
        assert_eq!(split.format, Format::Toml);
        assert_eq!(&text[split.front.clone()], "title = \"A\"\n");
        assert_eq!(&text[split.body.clone()], "# Body\n");
        assert_eq!(&text[split.opening], "+++");
    }

    #[test]
    fn splits_yaml_with_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(split.format, Format::Yaml);
        assert_eq!(&text[split.front], "title: A\r\n");
        assert_eq!(&text[split.body], "body");
    }

    #[test]
    fn empty_front_matter_and_empty_body() {
        let split = split("+++\n+++").unwrap();
        assert!(split.front.is_empty());
        assert!(split.body.is_empty());
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("# Just markdown\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unclosed(0..3, Format::Toml)));
        // A YAML delimiter does not close TOML front matter.
        assert!(matches!(split("+++\na = 1\n---\n"), Err(SplitError::Unclosed(..))));
    }
}
