//! Markdown: `markdown::render` as patient content (`html: None`) and as other content (a site
//! policy), `plain_start` and `images`, then the compliance text scanners over the same text:
//! `check::text::body_segments`, the PHI scanner (patient and not), claims, the raw HTML
//! inspector and the URL scheme check on each segment.
//!
//! Input: a Markdown body (bytes read as UTF-8, invalid sequences replaced).
//!
//! Panics are findings; so are these broken properties:
//! - the rendered HTML of either mode carries script: a `<script`, an `on…` attribute, a URL
//!   attribute whose address (decoded as a browser decodes it) has a refused scheme
//!   (`markdown::safety::refused_scheme`), a `srcdoc`, or an element that loads or runs something
//!   (`object`, `embed`, `base`, `meta`, `link`, `style`, a foreign `iframe`);
//! - patient HTML has an element or attribute that pulldown-cmark and the highlighter never write
//!   (raw HTML got through as markup);
//! - a scanner's match is not a range of whole characters of the text it scanned, or maps back
//!   (`Segment::file_range`) outside the input.

#![no_main]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use whitecoat::check::claims::Claims;
use whitecoat::check::phi::{self, Public, Scanner};
use whitecoat::check::text::{self, Origin};
use whitecoat::config::Limits;
use whitecoat::diagnostics::{Diagnostic, Span, human};
use whitecoat::markdown::safety::{BUILT_IN_EMBED_HOSTS, refused_scheme};
use whitecoat::markdown::{self, HtmlPolicy, MarkdownOptions};
use whitecoat::source::SourceFile;

/// A site policy with one extra embed host, as `[markdown] embed_hosts` gives.
static POLICY: LazyLock<HtmlPolicy> = LazyLock::new(|| HtmlPolicy { embed_hosts: vec!["www.google.com".into()] });

/// Built-in claim lists plus a site phrase per category (as `[compliance.claims]` adds them).
static CLAIMS: LazyLock<Claims> = LazyLock::new(|| {
    let extra: BTreeMap<String, Vec<String>> = [
        ("guarantee", "results assured"),
        ("cure", "fixes for good"),
        ("superiority", "finest in town"),
        ("risk", "totally harmless"),
        ("board", "board-qualified"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
    .collect();
    Claims::new(&extra)
});

/// The example site's public details, as the check stage builds them.
static PUBLIC: LazyLock<Public> = LazyLock::new(|| {
    let s = |items: &[&str]| items.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    Public::new(
        &s(&["+1 555 010 2000", "+1 555 010 2001", "+1 555 010 2009"]),
        &s(&["office@drokafor.example", "billing@drokafor.example"]),
        &s(&["Amara Okafor", "Grace Whitaker", "Okafor Heart & Vascular"]),
        &s(&["100 Harbor Way, Suite 200, Springfield, IL 62701", "2450 Prairie Crossing Drive"]),
        &s(&["62704"]),
        &s(&["https://www.drokafor.example/", "booking.drokafor.example"]),
    )
    .with_identifiers(&s(&["1472583693", "IL-036.123456"]))
});

/// Elements and attributes pulldown-cmark (tables, footnotes, strikethrough, heading ids) and the
/// highlighter write by themselves.
const MARKDOWN_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
/// (`tabindex`, `role` and `aria-label` are whitecoat's own: scrolling code blocks and tables are
/// focusable, named regions.)
const MARKDOWN_ATTRIBUTES: &[&str] =
    &["alt", "aria-label", "class", "href", "id", "role", "src", "start", "style", "tabindex", "title"];

/// Attributes that hold an address a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "poster", "data", "xlink:href", "cite", "background", "ping", "longdesc"];

/// Everything in `html` that could run script (and, for patient content, any markup that did not
/// come from Markdown itself).
fn unsafe_markup(html: &str, patient: bool) -> Vec<String> {
    let problems = RefCell::new(Vec::new());
    let problem = |p: String| problems.borrow_mut().push(p);
    if html.to_ascii_lowercase().contains("<script") {
        problem("`<script` in the output".into());
    }
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let tag = el.tag_name();
        if matches!(tag.as_str(), "script" | "object" | "embed" | "base" | "meta" | "link" | "style" | "frame") {
            problem(format!("a <{tag}> element"));
        }
        if patient && !MARKDOWN_TAGS.contains(&tag.as_str()) {
            problem(format!("a <{tag}> element in patient content"));
        }
        if tag == "iframe" {
            let src = el.get_attribute("src").map(|s| htmlize::unescape_attribute(&s).into_owned());
            let host = src
                .as_deref()
                .and_then(|s| s.trim().strip_prefix("https://"))
                .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase());
            let allowed = host.is_some_and(|h| BUILT_IN_EMBED_HOSTS.contains(&h.as_str()) || h == "www.google.com");
            if !allowed {
                problem(format!("an <iframe src={src:?}>"));
            }
        }
        for attribute in el.attributes() {
            let name = attribute.name();
            let value = htmlize::unescape_attribute(attribute.value()).into_owned();
            if name.starts_with("on") || name == "srcdoc" || name == "formaction" {
                problem(format!("<{tag} {name}={value:?}>"));
            }
            if URL_ATTRIBUTES.contains(&name.as_str())
                && let Some(scheme) = refused_scheme(&value)
            {
                problem(format!("<{tag} {name}={value:?}>: a {scheme}: address"));
            }
            if name == "srcset"
                && let Some(scheme) =
                    value.split(',').find_map(|c| refused_scheme(c.split_whitespace().next().unwrap_or("")))
            {
                problem(format!("<{tag} srcset={value:?}>: a {scheme}: address"));
            }
            if name == "style" && !(tag == "td" || tag == "th") {
                problem(format!("<{tag} style={value:?}>"));
            }
            if patient && !MARKDOWN_ATTRIBUTES.contains(&name.as_str()) {
                problem(format!("<{tag} {name}={value:?}> in patient content"));
            }
        }
        Ok(())
    }));
    if let Err(e) = rewrite_str(html, settings) {
        problem(format!("lol_html could not read the output: {e}"));
    }
    problems.into_inner()
}

/// A scanner match must be whole characters of the scanned text and map back into the input;
/// reporting it must work (codespan slices the file with the mapped range).
fn check_match(segment: &text::Segment, range: std::ops::Range<usize>, file: &Arc<SourceFile>, what: &str) {
    assert!(
        range.start <= range.end && segment.text.get(range.clone()).is_some(),
        "{what} match {range:?} is not a range of whole characters of its {}-byte segment",
        segment.text.len()
    );
    let in_file = segment.file_range(range.clone());
    assert!(
        in_file.start <= in_file.end && in_file.end <= file.text.len(),
        "{what} match {range:?} maps to {in_file:?}, outside the {}-byte input",
        file.text.len()
    );
    let diagnostic = Diagnostic::warning("fuzz/match", what.to_string()).at(Span::new(file, in_file), "here");
    let _ = human::render(&[diagnostic], false);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = Arc::new(SourceFile::new("content/articles/fuzzed.md", text));
    let text = file.text.as_str();

    // Images under assets/ are published under a hashed name; everything else keeps its address.
    let image_url = |src: &str| src.starts_with("assets/").then(|| format!("/{src}.0123abcd.jpg"));
    // `[limits] highlight_bytes` at its default, as a site without `[limits]` renders.
    let highlight_limit = Limits::default().highlight_bytes;
    let patient = MarkdownOptions {
        highlight: true,
        highlight_limit,
        smart_punctuation: true,
        html: None,
        shortcodes: None,
        links: None,
        images: None,
    };
    // Shortcodes expand in other content: their markup must be as safe as the Markdown's.
    let offices = [whitecoat::config::Location {
        name: "Main office".into(),
        street: "1 Main St".into(),
        city: "Springfield".into(),
        booking_url: Some("https://www.zocdoc.com/practice/1".into()),
        ..Default::default()
    }];
    let context = markdown::shortcodes::Context {
        booking_url: Some("https://book.example.com/"),
        locations: &offices,
        static_dir: None,
        language: "en",
    };
    let other = MarkdownOptions { html: Some(&*POLICY), shortcodes: Some(&context), ..patient };
    for (options, is_patient) in [(patient, true), (other, false)] {
        let rendered = markdown::render(text, options, &image_url);
        let problems = unsafe_markup(&rendered.html, is_patient);
        assert!(
            problems.is_empty(),
            "{} HTML carries markup it must not:\n{}\n--- html ---\n{}",
            if is_patient { "patient" } else { "non-patient" },
            problems.join("\n"),
            rendered.html
        );
        for heading in &rendered.headings {
            assert!((1..=6).contains(&heading.level) && !heading.id.is_empty(), "{heading:?}");
        }
    }
    let _ = markdown::plain_start(text);
    for image in markdown::images(text) {
        assert!(text.get(image.range.clone()).is_some(), "image reference range {:?} out of the text", image.range);
    }

    let scanner = Scanner::new();
    for segment in text::body_segments(text, 0) {
        for patient in [true, false] {
            for m in scanner.scan(&segment.text, patient, &PUBLIC) {
                check_match(&segment, m.range.clone(), &file, m.family.rule());
                let _ = phi::mask(m.family, m.text(&segment.text));
            }
        }
        for claim in CLAIMS.scan(&segment.text) {
            check_match(&segment, claim.range.clone(), &file, claim.rule);
        }
        match segment.origin {
            Origin::Html => {
                for removed in POLICY.inspect_html(&segment.text) {
                    check_match(&segment, removed.range.clone(), &file, "markup/html");
                    let _ = removed.what.message();
                }
            }
            Origin::LinkUrl => {
                let _ = refused_scheme(&segment.text);
            }
            _ => {}
        }
        let whole = segment.file_range(0..segment.text.len());
        assert!(whole.end <= text.len(), "segment {:?} maps to {whole:?}", segment.origin);
    }
});
