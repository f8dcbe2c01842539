//! The content rules of [`super`]: one pass over a document's Markdown.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Span};
use crate::model::document::Document;
use crate::source::SourceFile;

/// Link texts that say nothing about where the link goes (compared lower-case, trimmed of
/// punctuation). From WCAG 2.4.4's failure F84 and the usual suspects in practice sites.
const VAGUE_LINKS: &[&str] = &[
    "click here",
    "click",
    "here",
    "click this",
    "this",
    "this link",
    "link",
    "this page",
    "page",
    "read more",
    "read more here",
    "more",
    "learn more",
    "learn more here",
    "more info",
    "more information",
    "info",
    "details",
    "see more",
    "continue",
    "continue reading",
    "go",
    "go here",
    "website",
    "download",
];

/// Words in an image's file name or alt text that say it is text set in a picture.
const TEXT_IMAGE_WORDS: &[&str] = &[
    "flyer",
    "flier",
    "infographic",
    "poster",
    "brochure",
    "handout",
    "leaflet",
    "pamphlet",
    "menu",
    "price list",
    "price-list",
    "pricelist",
    "fee schedule",
    "fee-schedule",
    "schedule",
    "timetable",
    "chart",
    "table",
    "screenshot",
    "screen shot",
    "checklist",
    "form",
    "letter",
    "announcement",
    "notice",
    "instructions",
    "quote",
];

/// What next to an image counts as its text version.
const LONG_DESCRIPTION: &[&str] =
    &["<details", "<figcaption", "text version", "transcript", "description", "in text", "text of this", "text of the"];

/// What next to a video counts as captions or a transcript.
const CAPTIONS: &[&str] =
    &["kind=\"captions\"", "kind='captions'", "kind=captions", "kind=\"subtitles\"", "transcript"];

/// How far after an image or video its text version may start (bytes of Markdown).
const NEARBY: usize = 800;

/// The content accessibility findings of one document.
pub fn check(doc: &Document) -> Vec<Diagnostic> {
    check_markdown(&doc.file, doc.body.clone())
}

/// The findings in the Markdown at `body` of `file`.
fn check_markdown(file: &Arc<SourceFile>, body: Range<usize>) -> Vec<Diagnostic> {
    let markdown = &file.text[body.clone()];
    let offset = body.start;
    let span = |range: Range<usize>| Span::new(file, offset + range.start..offset + range.end);
    let mut findings = Vec::new();
    let mut previous_level = 1;
    let mut link: Option<(Range<usize>, String, bool)> = None;
    let mut image_alt: Option<String> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level_number(level);
                if let Some(finding) = heading(level, previous_level) {
                    findings.push(finding.at(span(heading_marker(markdown, range)), "this heading"));
                }
                previous_level = level;
            }
            Event::Start(Tag::Link { .. }) => link = Some((range, String::new(), false)),
            Event::End(TagEnd::Link) => {
                if let Some((range, text, has_image)) = link.take()
                    && let Some(finding) = link_text(&text, has_image)
                {
                    findings.push(finding.at(span(range), "this link"));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some((_, _, has_image)) = link.as_mut() {
                    *has_image = true;
                }
                image_alt = Some(String::new());
                if let Some(finding) = image_of_text(&dest_url, markdown, range.clone()) {
                    findings.push(finding.at(span(range), "this image"));
                }
            }
            Event::End(TagEnd::Image) => {
                // An image's alt text is the text of the link around it.
                if let (Some(alt), Some((_, text, _))) = (image_alt.take(), link.as_mut()) {
                    text.push_str(&alt);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(alt) = image_alt.as_mut() {
                    alt.push_str(&text);
                } else if let Some((_, link_text, _)) = link.as_mut() {
                    link_text.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(finding) = video(&html, markdown, range.clone()) {
                    findings.push(finding.at(span(range), "this video"));
                }
            }
            _ => {}
        }
    }
    findings
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The `##` of an ATX heading (or the whole first line of a setext one).
fn heading_marker(markdown: &str, range: Range<usize>) -> Range<usize> {
    let source = &markdown[range.clone()];
    let hashes = source.len() - source.trim_start_matches('#').len();
    let end = if hashes > 0 { hashes } else { source.find('\n').unwrap_or(source.len()) };
    range.start..range.start + end
}

fn heading(level: u8, previous: u8) -> Option<Diagnostic> {
    let marks = |n: u8| "#".repeat(usize::from(n));
    if level == 1 {
        return Some(
            Diagnostic::warning(
                "a11y/heading-order",
                "a level-1 heading in the content: the page title is already the page's h1",
            )
            .help("start the content's sections at ## (level 2); screen readers list headings as the page's outline"),
        );
    }
    (level > previous + 1).then(|| {
        Diagnostic::warning(
            "a11y/heading-order",
            format!("heading level skipped: {} after {}", marks(level), marks(previous)),
        )
        .help(format!(
            "use {} here (one level below the heading it belongs to); pick sizes in the theme, not by skipping levels",
            marks(previous + 1)
        ))
    })
}

fn link_text(text: &str, has_image: bool) -> Option<Diagnostic> {
    let normal = text.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    if normal.is_empty() {
        let what = if has_image { "an image link whose image has no alt text" } else { "a link with no text" };
        return Some(
            Diagnostic::warning("a11y/link-text", format!("{what}: screen readers announce only its address"))
                .help("give the link text saying where it goes (for an image link, the image's alt text)"),
        );
    }
    VAGUE_LINKS.contains(&normal.as_str()).then(|| {
        Diagnostic::warning("a11y/link-text", format!("link text \"{}\" does not say where the link goes", text.trim()))
            .help("name the destination in the link itself, e.g. [read our guide to blood pressure](…) instead of [click here](…); screen-reader users often list the links of a page out of context")
    })
}

fn image_of_text(src: &str, markdown: &str, range: Range<usize>) -> Option<Diagnostic> {
    let name = src.rsplit('/').next().unwrap_or(src).to_lowercase().replace(['_', '.'], "-");
    let source = markdown[range.clone()].to_lowercase();
    let alt = source.get(2..source.find("](").unwrap_or(2)).unwrap_or("");
    let word = TEXT_IMAGE_WORDS.iter().find(|w| {
        let dashed = w.replace(' ', "-");
        name.split('-').any(|part| part == **w) || name.contains(&dashed) && dashed.contains('-') || has_word(alt, w)
    })?;
    let after = &markdown[range.end..(range.end + NEARBY).min(markdown.len())];
    let after = after.get(..after.len()).unwrap_or("").to_lowercase();
    if LONG_DESCRIPTION.iter().any(|d| after.contains(d)) {
        return None;
    }
    Some(
        Diagnostic::warning("a11y/image-text", format!("an image of text (a {word}, by its name or alt text) without a text version"))
            .help("put its text on the page right after it (a list or table, or inside <details><summary>Text of this {word}</summary>…</details>); text in a picture cannot be zoomed, translated or read aloud"),
    )
}

/// `word` as a whole word (or phrase) of `text`.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

fn video(html: &str, markdown: &str, range: Range<usize>) -> Option<Diagnostic> {
    let lower = html.to_lowercase();
    let (is_video, how) = if lower.contains("<video") {
        (true, "turn on captions with <track kind=\"captions\" src=\"….vtt\" srclang=\"en\" label=\"English\">")
    } else if lower.contains("<iframe") && (lower.contains("youtube") || lower.contains("vimeo")) {
        let captioned = lower.contains("cc_load_policy=1") || lower.contains("texttrack=");
        (
            !captioned,
            "check the video's captions are accurate and turn them on in the address (YouTube: cc_load_policy=1; Vimeo: texttrack=en)",
        )
    } else {
        (false, "")
    };
    if !is_video {
        return None;
    }
    let near = &markdown[range.start..(range.end + NEARBY).min(markdown.len())];
    if CAPTIONS.iter().any(|c| near.to_lowercase().contains(c)) {
        return None;
    }
    Some(Diagnostic::warning("a11y/video-captions", "a video without captions or a transcript").help(format!(
        "{how}, or link a transcript next to it; deaf and hard-of-hearing patients need them (WCAG 1.2.2)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(markdown: &str) -> Vec<String> {
        let file = std::sync::Arc::new(crate::source::SourceFile::new("a.md", markdown.to_string()));
        check_markdown(&file, 0..markdown.len()).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn headings_go_down_one_level_at_a_time() {
        assert!(rules("## A\n\n### B\n\n## C\n\n### D\n\n#### E\n").is_empty());
        assert_eq!(rules("## A\n\n#### B\n"), ["heading level skipped: #### after ##"]);
        assert_eq!(rules("### A\n"), ["heading level skipped: ### after #"]);
        assert_eq!(rules("# Title again\n").len(), 1);
        assert_eq!(rules("A\n-\n\nB\n=\n").len(), 1, "setext level 1");
    }

    #[test]
    fn vague_and_empty_links() {
        assert_eq!(rules("For details [click here](/a/).").len(), 1);
        assert_eq!(rules("[Read more…](/a/)").len(), 1);
        assert_eq!(rules("[![](/logo.png)](/)").len(), 1, "image link without alt");
        assert!(rules("[![Our clinic](/logo.png)](/)").is_empty());
        assert!(rules("Read [our guide to blood pressure](/a/) and [here is why we care](/b/).").is_empty());
    }

    #[test]
    fn images_of_text_need_a_text_version_next_to_them() {
        assert_eq!(rules("![Flu clinic flyer](/assets/flu-clinic-flyer.png)\n").len(), 1);
        assert_eq!(rules("![Our fees](/assets/fee_schedule.jpg)\n").len(), 1);
        let with_text = "![Flu clinic flyer](/assets/flu-flyer.png)\n\n<details><summary>Text of this flyer</summary>\n\nFlu shots every Saturday.\n</details>\n";
        assert!(rules(with_text).is_empty());
        assert!(rules("![Dr. Rivera with a patient](/assets/formal-portrait.jpg)\n").is_empty(), "not by substring");
    }

    #[test]
    fn videos_need_captions_or_a_transcript() {
        let embed = "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Tour\"></iframe>\n";
        assert_eq!(rules(embed).len(), 1);
        assert!(rules(&embed.replace("abc", "abc?cc_load_policy=1")).is_empty());
        assert!(rules(&format!("{embed}\n[Transcript of the tour](/tour-transcript/)\n")).is_empty());
        assert_eq!(rules("<video src=\"/a.mp4\" controls></video>\n").len(), 1);
        assert!(rules("<video src=\"/a.mp4\" controls><track kind=\"captions\" src=\"/a.vtt\"></video>\n").is_empty());
    }
}
