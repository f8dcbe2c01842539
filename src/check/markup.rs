//! Markup rules: what in a document's Markdown could run script in a reader's browser. Rendering
//! always neutralises it (see [`crate::markdown::safety`]); these findings tell the author where,
//! so a hostile review or a pasted embed never passes unnoticed. `markup/url-scheme`: a link,
//! image or form address with a refused scheme; `markup/html`: raw HTML the sanitizer removes;
//! `markup/heading-attribute`: heading attributes other than `#id` and `.class`.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::check::text::{Origin, Segment};
use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::HtmlPolicy;
use crate::markdown::safety::{self, Removal};
use crate::model::document::{Document, Kind};

/// Checks the link addresses, raw HTML and code blocks among `segments`, and the heading
/// attributes of the body; `highlight_limit` is the largest code block highlighted, if any is.
pub fn check(
    doc: &Document,
    segments: &[Segment],
    policy: &HtmlPolicy,
    highlight_limit: Option<usize>,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let patient = doc.kind == Kind::Review;
    for segment in segments {
        match segment.origin {
            Origin::LinkUrl => {
                if let Some(scheme) = safety::refused_scheme(&segment.text) {
                    let span = Span::new(&doc.file, segment.file_range(0..segment.text.len()));
                    findings.push(scheme_finding(&scheme, "link or image", span));
                }
            }
            Origin::Html => {
                for removed in policy.inspect_html(&segment.text) {
                    let span = Span::new(&doc.file, segment.file_range(removed.range.clone()));
                    match removed.what {
                        Removal::Scheme { attribute, scheme } => {
                            findings.push(scheme_finding(&scheme, &format!("`{attribute}` attribute"), span));
                        }
                        // Raw HTML in reviews is shown as text, so nothing of it is removed.
                        _ if patient => {}
                        other => findings.push(
                            Diagnostic::warning("markup/html", format!("{} from {}", other.message(), where_in(doc)))
                                .at(span, "removed when published")
                                .help(html_help(&other)),
                        ),
                    }
                }
            }
            Origin::Code if highlight_limit.is_some_and(|limit| segment.text.len() > limit) => {
                let text = &doc.file.text;
                let mut start = segment.file_range(0..0).start;
                // Point at the opening fence, the line before the code, when there is one.
                let fence = text[..start.saturating_sub(1)].rfind('\n').map_or(0, |i| i + 1);
                if text[fence..start].trim_start().starts_with(['`', '~']) {
                    start = fence;
                }
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                findings.push(
                    Diagnostic::warning(
                        "markup/highlight-limit",
                        format!(
                            "a code block of {} bytes is shown without highlighting (more than [limits] highlight_bytes = {})",
                            segment.text.len(),
                            highlight_limit.unwrap_or_default()
                        ),
                    )
                    .at(Span::new(&doc.file, start..line_end), "this code block")
                    .help("shorten it, link to the file instead, or raise highlight_bytes under [limits] in site.toml"),
                );
            }
            _ => {}
        }
    }
    if !patient {
        findings.extend(heading_attributes(doc));
    }
    findings
}

fn scheme_finding(scheme: &str, what: &str, span: Span) -> Diagnostic {
    Diagnostic::error("markup/url-scheme", format!("a `{scheme}:` address in a {what}"))
        .at(span, "not published: this address could run code or embed unchecked content")
        .help(safety::scheme_help(scheme))
}

fn html_help(removal: &Removal) -> &'static str {
    match removal {
        Removal::Embed(_) => {
            "embed videos from youtube-nocookie.com or player.vimeo.com, or add the host to [markdown] embed_hosts in site.toml if the practice has reviewed what it collects"
        }
        Removal::Handler(_) | Removal::Element(_) => {
            "content cannot run scripts; remove it (theme templates are the place for site-wide code)"
        }
        _ => "remove it from the Markdown; styling belongs in the theme's CSS",
    }
}

fn where_in(doc: &Document) -> &'static str {
    match doc.kind {
        Kind::Review => "a patient review",
        Kind::Article => "an article",
        Kind::Profile => "the profile",
        Kind::Team => "a team member's page",
        Kind::Page => "a page",
    }
}

/// Heading attributes other than `#id` and `.class` (`{onclick=…}`), which are never rendered.
fn heading_attributes(doc: &Document) -> Vec<Diagnostic> {
    let body = doc.body_text();
    // Attribute blocks need both; most documents have neither.
    if !body.contains('{') || !body.contains('=') {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let parser = Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();
    for (event, range) in parser {
        let Event::Start(Tag::Heading { attrs, .. }) = event else { continue };
        let source = &body[range.clone()];
        for (key, _) in attrs {
            let at = source
                .find(key.as_ref())
                .map_or(range.start..range.start, |i| range.start + i..range.start + i + key.len());
            let span = Span::new(&doc.file, doc.body.start + at.start..doc.body.start + at.end);
            findings.push(
                Diagnostic::warning(
                    "markup/heading-attribute",
                    format!("the heading attribute `{key}` is not rendered"),
                )
                .at(span, "dropped")
                .help("only {#id} and {.class} are kept on headings; remove the rest"),
            );
        }
    }
    findings
}
