//! The text of a document that reaches the page, as segments with a map back to byte offsets of
//! the file: body text, headings, image alt text, link URLs, HTML comments, code, front matter
//! strings, the slug and the file name. Scanners run on segments; findings map back to the file.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::document::Document;
use crate::model::values::Sp;

/// Where a segment's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Paragraphs, headings, lists and tables of the body.
    Body,
    /// An image's alt text.
    Alt,
    /// A link's URL.
    LinkUrl,
    /// Raw HTML, including comments (published even when invisible).
    Html,
    /// A code block.
    Code,
    /// A front matter string field.
    Field(&'static str),
    /// The slug (from the file name or front matter).
    Slug,
}

/// A piece of a segment's text that came from one place in the file.
#[derive(Debug, Clone)]
struct Piece {
    text_start: usize,
    file_start: usize,
    len: usize,
    /// Whether the text is byte-for-byte the file's (else every offset maps to the whole of
    /// `file_start..file_start + file_len`).
    exact: bool,
    file_len: usize,
}

/// Text to scan, with where each part of it is in the file.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Where it comes from.
    pub origin: Origin,
    pieces: Vec<Piece>,
}

impl Segment {
    fn new(origin: Origin) -> Self {
        Self { text: String::new(), origin, pieces: Vec::new() }
    }

    fn push(&mut self, text: &str, file_start: usize, exact: bool) {
        self.pieces.push(Piece {
            text_start: self.text.len(),
            file_start,
            len: text.len(),
            exact,
            file_len: text.len(),
        });
        self.text.push_str(text);
    }

    /// Text that is not in the file verbatim (e.g. a slug from the file name): any finding in it
    /// points at `file_range`.
    fn push_elsewhere(&mut self, text: &str, file_range: Range<usize>) {
        self.pieces.push(Piece {
            text_start: self.text.len(),
            file_start: file_range.start,
            len: text.len(),
            exact: false,
            file_len: file_range.len(),
        });
        self.text.push_str(text);
    }

    /// Separator text that is not in the file (a space for a line break, a newline between blocks).
    fn gap(&mut self, text: &str) {
        if !self.text.is_empty() && !self.text.ends_with(text) {
            self.text.push_str(text);
        }
    }

    /// Maps a byte range of the segment's text to a byte range of the file.
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        let map = |offset: usize, end: bool| {
            let index = self.pieces.partition_point(|p| p.text_start + p.len < offset + usize::from(!end));
            let Some(piece) = self.pieces.get(index).or(self.pieces.last()) else {
                return 0;
            };
            if piece.exact {
                piece.file_start + offset.saturating_sub(piece.text_start).min(piece.len)
            } else if end {
                piece.file_start + piece.file_len
            } else {
                piece.file_start
            }
        };
        let start = map(range.start, false);
        start..map(range.end, true).max(start)
    }
}

/// The segments of a document's Markdown body; `body` is the body's byte range in the file.
pub fn body_segments(markdown: &str, body_offset: usize) -> Vec<Segment> {
    let mut body = Segment::new(Origin::Body);
    let mut extra = Vec::new();
    let mut alt: Option<Segment> = None;
    let mut code: Option<Segment> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut parser = Parser::new_ext(markdown, options).into_offset_iter();
    for (event, range) in parser.by_ref() {
        let source = &markdown[range.clone()];
        match event {
            Event::Text(text) | Event::Code(text) => {
                // Most text events are their source verbatim; search only when they are not.
                let (start, exact) = if source.starts_with(text.as_ref()) {
                    (range.start, true)
                } else {
                    match source.find(text.as_ref()) {
                        Some(i) => (range.start + i, true),
                        None => (range.start, false),
                    }
                };
                let target = code.as_mut().or(alt.as_mut()).unwrap_or(&mut body);
                target.push(&text, body_offset + start, exact);
            }
            Event::SoftBreak | Event::HardBreak => alt.as_mut().unwrap_or(&mut body).gap(" "),
            Event::Start(Tag::Image { dest_url, link_type, .. }) => {
                if !by_reference(link_type) {
                    extra.push(url_segment(&dest_url, source, range.start + body_offset));
                }
                alt = Some(Segment::new(Origin::Alt));
            }
            Event::End(TagEnd::Image) => extra.extend(alt.take()),
            Event::Start(Tag::Link { dest_url, link_type, .. }) if !by_reference(link_type) => {
                extra.push(url_segment(&dest_url, source, range.start + body_offset))
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(Segment::new(Origin::Code)),
            Event::End(TagEnd::CodeBlock) => extra.extend(code.take()),
            Event::Html(html) | Event::InlineHtml(html) => {
                let mut segment = Segment::new(Origin::Html);
                let exact = source.starts_with(html.as_ref());
                segment.push(&html, body_offset + range.start, exact);
                extra.push(segment);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => body.gap("\n"),
            _ => {}
        }
    }
    // Reference definitions are where the addresses of `[text][label]` links are written, and
    // they are scanned even when nothing uses them (sorted: the map has no order).
    let mut definitions: Vec<Segment> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| url_segment(&def.dest, &markdown[def.span.clone()], def.span.start + body_offset))
        .collect();
    definitions.sort_by_key(|s| s.file_range(0..0).start);
    let mut segments = vec![body];
    segments.extend(extra);
    segments.extend(definitions);
    segments.retain(|s| !s.text.is_empty());
    segments
}

/// Links whose address is in a reference definition rather than where the link is.
fn by_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
    )
}

fn url_segment(url: &str, source: &str, source_start: usize) -> Segment {
    let mut segment = Segment::new(Origin::LinkUrl);
    match source.rfind(url) {
        Some(i) => segment.push(url, source_start + i, true),
        // Written with entities or escapes: the whole destination as written.
        None => match destination_in(source) {
            Some(at) => segment.push_elsewhere(url, source_start + at.start..source_start + at.end),
            None => segment.push(url, source_start, false),
        },
    }
    segment
}

/// Where an inline link's destination is written in its source (`[text](destination "title")`).
fn destination_in(source: &str) -> Option<Range<usize>> {
    let after = source.rfind("](")? + 2;
    let start = after + (source[after..].len() - source[after..].trim_start().len());
    let rest = &source[start..];
    let len = if rest.starts_with('<') {
        rest.find('>')? + 1
    } else {
        let closing = rest.len() - usize::from(rest.ends_with(')'));
        rest.find(char::is_whitespace).unwrap_or(closing).min(closing)
    };
    (len > 0).then_some(start..start + len)
}

/// A segment for a front matter string; exact when the value appears verbatim in its span.
pub fn field_segment(name: &'static str, value: &Sp<String>, file_text: &str) -> Segment {
    let mut segment = Segment::new(Origin::Field(name));
    let source = file_text.get(value.span.clone()).unwrap_or("");
    match source.find(value.value.as_str()) {
        Some(i) => segment.push(&value.value, value.span.start + i, true),
        None => segment.push(&value.value, value.span.start, false),
    }
    segment
}

/// All segments of a document: its string fields, slug, file name and body.
pub fn document_segments(doc: &Document, fields: &[(&'static str, &Sp<String>)]) -> Vec<Segment> {
    let mut segments: Vec<Segment> =
        fields.iter().map(|(name, value)| field_segment(name, value, &doc.file.text)).collect();
    // A slug set in front matter is scanned there; one from the file name points at the top line.
    match &doc.slug_span {
        Some(span) => {
            let value = Sp::new(doc.slug.clone(), span.clone());
            let mut slug = field_segment("slug", &value, &doc.file.text);
            slug.origin = Origin::Field("slug");
            segments.push(slug);
        }
        None => {
            let mut slug = Segment::new(Origin::Slug);
            let top = doc.file.text.find(['\r', '\n']).unwrap_or(doc.file.text.len());
            slug.push_elsewhere(&doc.slug, 0..top);
            segments.push(slug);
        }
    }
    segments.extend(body_segments(doc.body_text(), doc.body.start));
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_maps_back_to_file_offsets() {
        let file = "+++\n+++\nIntro with **bold Robert** and\nmore text.\n\n![my son Tim](a.jpg)\n";
        let body_start = 8;
        let segments = body_segments(&file[body_start..], body_start);
        let body = &segments[0];
        assert_eq!(body.text, "Intro with bold Robert and more text.\n");
        let at = body.text.find("Robert").unwrap();
        let range = body.file_range(at..at + 6);
        assert_eq!(&file[range], "Robert");
        let alt = segments.iter().find(|s| s.origin == Origin::Alt).unwrap();
        assert_eq!(alt.text, "my son Tim");
        let range = alt.file_range(7..10);
        assert_eq!(&file[range], "Tim");
        let url = segments.iter().find(|s| s.origin == Origin::LinkUrl).unwrap();
        assert_eq!(&file[url.file_range(0..url.text.len())], "a.jpg");
    }

    #[test]
    fn comments_and_code_are_segments() {
        let md = "Text\n\n<!-- call 555-201-3344 -->\n\n```\nid 12345678\n```\n";
        let segments = body_segments(md, 0);
        let html = segments.iter().find(|s| s.origin == Origin::Html).unwrap();
        let at = html.text.find("555").unwrap();
        assert_eq!(&md[html.file_range(at..at + 12)], "555-201-3344");
        let code = segments.iter().find(|s| s.origin == Origin::Code).unwrap();
        let at = code.text.find("12345678").unwrap();
        assert_eq!(&md[code.file_range(at..at + 8)], "12345678");
    }

    #[test]
    fn reference_definitions_are_url_segments_where_they_are_written() {
        let md =
            "See [the guide][g] and [x].\n\n[g]: https://a.example/guide\n[unused]: javascript:alert(1)\n[x]: /x/\n";
        let urls: Vec<(String, &str)> = body_segments(md, 0)
            .iter()
            .filter(|s| s.origin == Origin::LinkUrl)
            .map(|s| (s.text.clone(), &md[s.file_range(0..s.text.len())]))
            .collect();
        assert_eq!(
            urls,
            [
                ("https://a.example/guide".to_string(), "https://a.example/guide"),
                ("javascript:alert(1)".to_string(), "javascript:alert(1)"),
                ("/x/".to_string(), "/x/"),
            ]
        );
    }

    #[test]
    fn escaped_text_maps_to_its_event_start() {
        let md = "a &amp; b\n";
        let segments = body_segments(md, 0);
        assert!(segments[0].text.contains('&'));
        let r = segments[0].file_range(0..1);
        assert!(r.start < md.len());
    }
}
