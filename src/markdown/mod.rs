//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough, smart punctuation and
//! heading anchors; fenced code highlighted by [`highlight`].

pub mod highlight;
pub mod safety;
pub mod shortcodes;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

pub use safety::HtmlPolicy;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    /// Highlight fenced code.
    pub highlight: bool,
    /// Code blocks larger than this (bytes) are not highlighted: highlighting costs time and
    /// memory in proportion to the code, and a 200,000-line block took 21 s and 1.6 GB.
    pub highlight_limit: usize,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// Raw HTML passes through this sanitizing policy; `None` for patient content, where raw HTML
    /// is shown as text and heading attribute syntax is not recognised.
    pub html: Option<&'a HtmlPolicy>,
    /// Expands [`shortcodes`] with what they refer to; never in patient content (`html: None`).
    pub shortcodes: Option<&'a shortcodes::Context<'a>>,
    /// Maps a link's address to the one to publish (`x.md` → `/articles/x/`).
    pub links: Option<LinkMap<'a>>,
    /// Writes the markup of a processed image (`<picture>` with its sizes) for `![alt](src "title")`;
    /// images it returns `None` for are written as `<img>` with the `image_url` address.
    pub images: Option<ImageMap<'a>>,
}

/// Maps an image (`src`, alt text, title) to the HTML to publish in its place.
#[derive(Clone, Copy)]
pub struct ImageMap<'a>(pub &'a (dyn Fn(&str, &str, &str) -> Option<String> + Sync));

impl std::fmt::Debug for ImageMap<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ImageMap")
    }
}

/// Maps link addresses to published ones; `None` keeps the address as written.
#[derive(Clone, Copy)]
pub struct LinkMap<'a>(pub &'a (dyn Fn(&str) -> Option<String> + Sync));

impl std::fmt::Debug for LinkMap<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkMap")
    }
}

/// A heading, for tables of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// An image the Markdown refers to, with where the reference is (byte range in the Markdown).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// The `src` as written.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Byte range in the Markdown text.
    pub range: Range<usize>,
}

/// The result of rendering.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Whether a code block was highlighted (the page then needs the syntax stylesheet).
    pub has_code: bool,
}

/// Element ids reserved for page landmarks.
const RESERVED_IDS: [&str; 3] = ["main", "content", "top"];

/// How many characters of plain text to keep for summaries.
const PLAIN_START_CHARS: usize = 600;

/// Renders `text`; `image_url` maps an image `src` to its published URL (processed assets).
/// Nothing in the result can run script: links and images keep only safe schemes (see
/// [`safety`]), heading attributes keep only `#id` and `.class`, and raw HTML is sanitized.
pub fn render(text: &str, options: MarkdownOptions<'_>, image_url: &dyn Fn(&str) -> Option<String>) -> Rendered {
    match options.shortcodes.filter(|_| options.html.is_some() && text.contains("{{<")) {
        Some(context) => with_shortcodes(text, options, image_url, context),
        None => render_markdown(text, options, image_url),
    }
}

/// Marks where an expanded shortcode goes while the Markdown around it renders (U+FFFC, the
/// object replacement character, which Markdown leaves alone).
const SHORTCODE_MARK: char = '\u{FFFC}';

/// Renders `text` with each valid shortcode replaced by its markup; an invalid one renders as
/// nothing (the check stage reports it and stops the build).
fn with_shortcodes(
    text: &str,
    options: MarkdownOptions<'_>,
    image_url: &dyn Fn(&str) -> Option<String>,
    context: &shortcodes::Context<'_>,
) -> Rendered {
    // Content's own U+FFFC would pass for a mark and move a shortcode's markup into whatever
    // holds it (an attribute). U+FFFD has the same UTF-8 length, so every offset stays.
    let unmarked = text.replace(SHORTCODE_MARK, "\u{FFFD}");
    let text = unmarked.as_str();
    let (calls, _) = shortcodes::find(text);
    let mut marked = String::with_capacity(text.len());
    let mut last = 0;
    for (i, call) in calls.iter().enumerate() {
        // `find` returns calls in order and apart; one that is not is left as text.
        if call.range.start < last {
            continue;
        }
        marked.push_str(&text[last..call.range.start]);
        marked.push_str(&format!("\n\n{SHORTCODE_MARK}{i}{SHORTCODE_MARK}\n\n"));
        last = call.range.end;
    }
    marked.push_str(&text[last..]);
    let mut rendered = render_markdown(&marked, options, image_url);
    let inner = MarkdownOptions { shortcodes: None, ..options };
    let inner_code = std::cell::Cell::new(false);
    for (i, call) in calls.iter().enumerate() {
        let embed = shortcodes::resolve(call, text, context).ok();
        let html = embed.map_or_else(String::new, |embed| {
            shortcodes::html(&embed, context.language, &|body| {
                let inner = render_markdown(&text[body], inner, image_url);
                inner_code.set(inner_code.get() || inner.has_code);
                inner.html
            })
        });
        let mark = format!("{SHORTCODE_MARK}{i}{SHORTCODE_MARK}");
        let paragraph = format!("<p>{mark}</p>\n");
        rendered.html = if rendered.html.contains(&paragraph) {
            rendered.html.replacen(&paragraph, &html, 1)
        } else {
            rendered.html.replacen(&mark, &html, 1)
        };
    }
    rendered.has_code |= inner_code.get();
    rendered
}

fn render_markdown(text: &str, options: MarkdownOptions<'_>, image_url: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut parser_options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    if options.html.is_some() {
        parser_options |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    if options.smart_punctuation {
        parser_options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let events: Vec<Event<'_>> = Parser::new_ext(text, parser_options).collect();
    let mut out = Vec::with_capacity(events.len());
    let mut headings = Vec::new();
    // Ids the themes use for landmarks are taken, so a heading "Main" cannot steal the skip link.
    let mut ids: HashMap<String, usize> = RESERVED_IDS.iter().map(|id| (id.to_string(), 1)).collect();
    let mut tables = 0;
    let mut has_code = false;
    let mut guard =
        Guard { html: options.html.is_some(), image_url, links: options.links, dropped: Vec::new(), raw_html: false };
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs: _ }) => {
                // Collect the heading's inline events to derive its text and id.
                let mut inner = Vec::new();
                for e in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let text = plain_text(&inner);
                let id = id
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| unique_id(&crate::model::slug::slugify(&text), &mut ids));
                headings.push(Heading { level: level_number(level), id: id.clone(), text });
                // `{key=value}` attributes are never rendered: only the id and classes survive.
                out.push(Event::Start(Tag::Heading { level, id: Some(CowStr::from(id)), classes, attrs: Vec::new() }));
                out.extend(inner.into_iter().filter_map(|e| guard.pass(e)));
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let body: std::sync::Arc<str> = if options.highlight && code.len() <= options.highlight_limit {
                    has_code = true;
                    highlight::highlight(&code, &language)
                } else {
                    escape_html(&code).into()
                };
                let class = if language.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"language-{}\"", escape_html(&language))
                };
                // Focusable so that a keyboard can scroll a block wider than the screen (WCAG 2.1.1).
                out.push(Event::Html(
                    format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n").into(),
                ));
            }
            // A table wider than the screen scrolls inside a named, focusable region, so a keyboard
            // can scroll it (WCAG 2.1.1) and a screen reader says what the stop is; the table itself
            // keeps its table semantics (a scrolling `display: block` table loses them).
            Event::Start(Tag::Table(alignments)) => {
                tables += 1;
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {tables}\">\n"
                    )
                    .into(),
                ));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) if options.images.is_some() => {
                let mut inner = Vec::new();
                let mut depth = 0;
                for e in iter.by_ref() {
                    match e {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        _ => {}
                    }
                    inner.push(e);
                }
                let markup = options
                    .images
                    .filter(|_| safety::refused_scheme(&dest_url).is_none())
                    .and_then(|map| (map.0)(&dest_url, &plain_text(&inner), &title));
                match markup {
                    Some(html) => out.push(Event::InlineHtml(html.into())),
                    None => {
                        out.extend(guard.pass(Event::Start(Tag::Image { link_type, dest_url, title, id })));
                        out.extend(inner.into_iter().filter_map(|e| guard.pass(e)));
                        out.extend(guard.pass(Event::End(TagEnd::Image)));
                    }
                }
            }
            other => out.extend(guard.pass(other)),
        }
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    if let Some(policy) = options.html.filter(|_| guard.raw_html) {
        html_out = policy.clean(&html_out);
    }
    Rendered { html: html_out, headings, has_code }
}

/// Filters events on their way to HTML: links and images with refused schemes lose their
/// address (the text stays), image sources are mapped to published assets, and raw HTML is
/// shown as text or remembered for sanitizing.
struct Guard<'f> {
    html: bool,
    image_url: &'f dyn Fn(&str) -> Option<String>,
    links: Option<LinkMap<'f>>,
    /// For each open link: whether its address was refused (and so its tags are dropped).
    dropped: Vec<bool>,
    /// Whether raw HTML passed through (the whole body is then sanitized).
    raw_html: bool,
}

impl Guard<'_> {
    fn pass<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let refused = safety::refused_scheme(&dest_url).is_some();
                self.dropped.push(refused);
                if refused {
                    return None;
                }
                let dest = self.links.and_then(|map| (map.0)(&dest_url)).map_or(dest_url, CowStr::from);
                Some(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }))
            }
            Event::End(TagEnd::Link) => (!self.dropped.pop().unwrap_or(false)).then_some(event),
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if safety::refused_scheme(&dest_url).is_some() {
                    self.dropped.push(true);
                    return None;
                }
                self.dropped.push(false);
                let dest = (self.image_url)(&dest_url).map_or(dest_url, CowStr::from);
                Some(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }))
            }
            // The alt text of a dropped image is shown as text.
            Event::End(TagEnd::Image) => (!self.dropped.pop().unwrap_or(false)).then_some(event),
            Event::Html(h) | Event::InlineHtml(h) if !self.html => Some(Event::Text(h)),
            Event::Html(_) | Event::InlineHtml(_) => {
                self.raw_html = true;
                Some(event)
            }
            other => Some(other),
        }
    }
}

/// The text of the first paragraphs without markup (for summaries and derived descriptions);
/// stops parsing once it has enough.
pub fn plain_start(text: &str) -> String {
    let mut out = String::new();
    let mut in_paragraph = false;
    for event in
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_SMART_PUNCTUATION)
    {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if out.len() >= PLAIN_START_CHARS {
                    break;
                }
                out.push(' ');
            }
            Event::Text(t) | Event::Code(t) if in_paragraph => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lists the images referenced by `text` with their byte ranges, for checks and asset planning.
pub fn images(text: &str) -> Vec<ImageRef> {
    // Most documents have no image; skip parsing them (this runs over every document each build).
    if !text.contains("![") {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let mut alt = Vec::new();
            for (e, _) in parser.by_ref() {
                if matches!(e, Event::End(TagEnd::Image)) {
                    break;
                }
                alt.push(e);
            }
            found.push(ImageRef { src: dest_url.to_string(), alt: plain_text(&alt), range });
        }
    }
    found
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

fn unique_id(base: &str, seen: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let count = seen.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 { base.to_string() } else { format!("{base}-{}", *count - 1) }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // pulldown-cmark's escaper is the maintained one we already depend on.
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static POLICY: HtmlPolicy = HtmlPolicy { embed_hosts: Vec::new() };
    const ALL: MarkdownOptions<'static> = MarkdownOptions {
        links: None,
        highlight: true,
        highlight_limit: 1000,
        smart_punctuation: true,
        html: Some(&POLICY),
        shortcodes: None,
        images: None,
    };
    const PATIENT: MarkdownOptions<'static> = MarkdownOptions { html: None, ..ALL };

    fn md(text: &str) -> Rendered {
        render(text, ALL, &|_| None)
    }

    /// Regression (fuzz crash): shortcodes inside a callout made overlapping calls, and the
    /// renderer sliced the text backwards and panicked.
    #[test]
    fn a_shortcode_inside_a_callout_renders_without_a_panic() {
        let context = shortcodes::Context { booking_url: None, locations: &[], static_dir: None, language: "en" };
        let options = MarkdownOptions { shortcodes: Some(&context), ..ALL };
        let text = "Intro.\n\n{{< callout kind=\"emergency\" title=\"Chest pain\" >}}\nCall 911.\n\n{{< booking >}}\n\n{{< video src=\"/v/a.mp4\" title=\"A\" >}}\n\n{{< /callout >}}\n\n{{< map >}}\n";
        let r = render(text, options, &|_| None);
        assert!(r.html.contains("Call 911."), "{}", r.html);
        assert!(!r.html.contains('\u{FFFC}'), "every mark replaced: {}", r.html);
    }

    /// Regression: a mark written in content (here in an attribute) took the callout's markup.
    #[test]
    fn content_that_spells_a_shortcode_mark_cannot_move_a_shortcode() {
        let context = shortcodes::Context { booking_url: None, locations: &[], static_dir: None, language: "en" };
        let options = MarkdownOptions { shortcodes: Some(&context), ..ALL };
        let text = "<span title=\"\u{FFFC}0\u{FFFC}\">x</span>\n\n{{< callout kind=\"note\" title=\"T\" >}}\nInside.\n{{< /callout >}}\n";
        let r = render(text, options, &|_| None);
        let span = r.html.split("<span").nth(1).and_then(|s| s.split("</span>").next()).unwrap_or_default();
        assert!(!span.contains("Inside."), "the callout landed in the span: {}", r.html);
        assert!(r.html.contains("Inside."), "{}", r.html);
        assert!(!r.html.contains('\u{FFFC}'), "{}", r.html);
    }

    #[test]
    fn renders_tables_footnotes_strikethrough_and_smart_quotes() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\nSee this[^1] and ~~that~~ \"now\".\n\n[^1]: A note.\n");
        assert!(
            r.html.contains(
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\">\n<table>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
        assert!(r.html.contains("<del>that</del>"), "{}", r.html);
        assert!(r.html.contains("“now”"), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = md("# What is AFib?\n\n## Symptoms\n\n## Symptoms\n\n## Custom {#mine}\n\n## Main\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["what-is-afib", "symptoms", "symptoms-1", "mine", "main-1"]);
        assert!(r.html.contains("<h2 id=\"symptoms-1\">Symptoms</h2>"), "{}", r.html);
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let r = md("```python\nprint(\"x\")\n```\n");
        assert!(r.html.contains("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">"), "{}", r.html);
        assert!(r.html.contains("hl-"), "{}", r.html);
    }

    #[test]
    fn code_over_the_highlight_limit_is_plain_escaped_code() {
        let code = "print(\"<x>\")\n".repeat(100);
        let r = md(&format!("```python\n{code}```\n"));
        assert!(!r.html.contains("hl-"), "not highlighted");
        assert!(
            r.html.contains("print(&quot;&lt;x&gt;&quot;)") || r.html.contains("print(\"&lt;x&gt;\")"),
            "{}",
            &r.html[..200]
        );
    }

    #[test]
    fn raw_html_is_text_when_not_allowed() {
        let r = render("Hi <script>alert(1)</script>\n\n<div>x</div>\n", PATIENT, &|_| None);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<div>"), "{}", r.html);
    }

    #[test]
    fn image_sources_are_rewritten_and_listed() {
        let text = "Intro\n\n![Echo probe](assets/echo.jpg)\n";
        let r = render(text, ALL, &|src| (src == "assets/echo.jpg").then(|| "/assets/echo.abc.jpg".to_string()));
        assert!(r.html.contains("src=\"/assets/echo.abc.jpg\""), "{}", r.html);
        let refs = images(text);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].alt, "Echo probe");
        assert_eq!(&text[refs[0].range.clone()], "![Echo probe](assets/echo.jpg)");
    }

    #[test]
    fn plain_start_is_text_of_first_paragraphs() {
        assert_eq!(
            plain_start("# Title\n\nFirst *para*\nwraps.\n\nSecond `code`.\n"),
            "First para wraps. Second code."
        );
    }

    #[test]
    fn links_and_images_with_refused_schemes_lose_their_address() {
        let text = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) \
                    <javascript:alert(2)> [d][ref] ![e](data:image/png;base64,AAAA) [ok](https://heart.org)\n\n\
                    [ref]: vbscript:msgbox(1)\n";
        for options in [ALL, PATIENT] {
            let html = render(text, options, &|_| None).html;
            // Only the https link keeps an address; the others are text (an autolink shows its URL).
            assert_eq!(html.matches("href=").count(), 1, "{html}");
            assert!(!html.contains("<img") && !html.contains("vbscript"), "{html}");
            assert!(html.contains("<a href=\"https://heart.org\">ok</a>"), "{html}");
            assert!(html.contains(">a ") || html.contains("a b"), "link text stays: {html}");
            assert!(html.contains('e'), "alt text stays: {html}");
        }
    }

    #[test]
    fn heading_attributes_keep_only_id_and_class_and_none_in_patient_content() {
        let text = "## Title {#mine .note onmouseover=alert(1) style=color:red}\n";
        let html = render(text, ALL, &|_| None).html;
        assert_eq!(html.trim(), "<h2 id=\"mine\" class=\"note\">Title</h2>");
        let html = render(text, PATIENT, &|_| None).html;
        assert!(html.contains("{#mine .note onmouseover=alert(1)"), "shown as text: {html}");
        assert!(!html.contains(" onmouseover=\"") && !html.contains("class=\"note\""), "{html}");
    }

    #[test]
    fn scrolling_tables_and_code_are_focusable_even_after_sanitizing() {
        // Raw HTML sends the whole body through the sanitizer, which must keep these attributes.
        let text = "<span>raw</span>\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n\n```\nx\n```\n";
        for options in [ALL, PATIENT] {
            let html = render(text, options, &|_| None).html;
            assert!(html.contains("aria-label=\"Table 1\"") && html.contains("aria-label=\"Table 2\""), "{html}");
            assert_eq!(html.matches("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"").count(), 2, "{html}");
            assert!(html.contains("<pre class=\"code\" tabindex=\"0\">"), "{html}");
        }
    }

    #[test]
    fn raw_html_is_sanitized_in_other_content() {
        let text = "Hi <span onclick=\"x()\">there</span>\n\n<div style=\"x\"><script>alert(1)</script>\n<a href=\"javascript:alert(1)\">x</a></div>\n\n```js\nlet a = \"<b>\";\n```\n";
        let html = render(text, ALL, &|_| None).html;
        for bad in ["onclick", "<script", "javascript", "style="] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<span>there</span>"), "{html}");
        assert!(html.contains("class=\"hl-"), "highlighting survives: {html}");
    }
}
