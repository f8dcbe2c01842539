//! What content may put into a page. Link and image addresses keep only safe schemes, and raw HTML
//! goes through an allow-list (ammonia). Rendering uses this to neutralise; the check stage uses
//! [`HtmlPolicy::inspect_html`] and [`refused_scheme`] to report the same things at the source.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// URL schemes a link, image or form in content may use; relative and fragment URLs have none.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Hosts whose `<iframe>` embeds always survive: video players that set no tracking cookies.
pub const BUILT_IN_EMBED_HOSTS: [&str; 3] = ["www.youtube-nocookie.com", "youtube-nocookie.com", "player.vimeo.com"];

/// Elements removed together with everything inside them.
const REMOVED_WITH_CONTENT: [&str; 6] = ["script", "style", "template", "noscript", "object", "embed"];

/// Elements raw HTML in content may use (everything pulldown-cmark and syntect emit, plus the
/// markup physicians paste: figures, media, details, tables, forms).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "map",
    "mark",
    "meter",
    "nav",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes allowed on every element (plus `aria-*` and `data-*`).
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "hidden", "id", "lang", "role", "tabindex", "title", "translate"];

/// Attributes allowed per element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "rel", "target", "type", "download"]),
    ("area", &["alt", "coords", "href", "rel", "shape", "target"]),
    ("audio", &["controls", "loop", "muted", "preload", "src"]),
    ("blockquote", &["cite"]),
    ("button", &["disabled", "name", "type", "value"]),
    ("col", &["span", "width"]),
    ("colgroup", &["span", "width"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open", "name"]),
    ("fieldset", &["disabled", "name"]),
    ("form", &["action", "method", "name", "autocomplete", "enctype", "accept-charset", "novalidate", "target"]),
    ("iframe", &["src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "name"]),
    ("img", &["alt", "decoding", "height", "loading", "sizes", "src", "srcset", "width", "usemap"]),
    (
        "input",
        &[
            "accept",
            "autocomplete",
            "checked",
            "disabled",
            "max",
            "maxlength",
            "min",
            "minlength",
            "multiple",
            "name",
            "pattern",
            "placeholder",
            "readonly",
            "required",
            "size",
            "step",
            "type",
            "value",
        ],
    ),
    ("ins", &["cite", "datetime"]),
    ("label", &["for"]),
    ("li", &["value"]),
    ("map", &["name"]),
    ("meter", &["high", "low", "max", "min", "optimum", "value"]),
    ("ol", &["reversed", "start", "type"]),
    ("optgroup", &["disabled", "label"]),
    ("option", &["disabled", "label", "selected", "value"]),
    ("output", &["for", "name"]),
    ("progress", &["max", "value"]),
    ("q", &["cite"]),
    ("select", &["autocomplete", "disabled", "multiple", "name", "required", "size"]),
    ("source", &["media", "sizes", "src", "srcset", "type", "width", "height"]),
    ("td", &["colspan", "headers", "rowspan", "align"]),
    (
        "textarea",
        &["cols", "disabled", "maxlength", "minlength", "name", "placeholder", "readonly", "required", "rows"],
    ),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope", "align"]),
    ("time", &["datetime"]),
    ("track", &["default", "kind", "label", "src", "srclang"]),
    ("video", &["controls", "height", "loop", "muted", "playsinline", "poster", "preload", "src", "width"]),
];

/// Attributes whose value is a URL (checked for its scheme).
const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "action", "cite", "poster", "srcset"];

/// Why an address is refused: its scheme, lower-cased (`javascript`, `data`, …). `None` when the
/// address is safe: `http(s)`, `mailto`, `tel`, relative or a fragment. The address is read the
/// way a browser reads it (WHATWG URL parsing: case, surrounding whitespace and control
/// characters, tabs and newlines inside are all ignored); entities must already be decoded.
pub fn refused_scheme(address: &str) -> Option<String> {
    match url::Url::parse(address) {
        Ok(url) if SAFE_SCHEMES.contains(&url.scheme()) => None,
        Ok(url) => Some(url.scheme().to_string()),
        // Relative addresses have no scheme; anything else that fails to parse is not followed by
        // a browser either.
        Err(_) => None,
    }
}

/// The help line for a refused scheme.
pub fn scheme_help(scheme: &str) -> &'static str {
    match scheme {
        "data" => {
            "put the file under assets/ and link to it (images there are resized and stripped of metadata); data: addresses are not published"
        }
        _ => "links may use http, https, mailto and tel addresses, or point at a page of the site",
    }
}

/// Something the sanitizer removes from raw HTML, with its byte range in the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Where, in bytes of the inspected fragment.
    pub range: Range<usize>,
    /// What.
    pub what: Removal,
}

/// What raw HTML loses to the sanitizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// A URL attribute with a refused scheme (the attribute goes).
    Scheme {
        /// The attribute.
        attribute: String,
        /// The scheme.
        scheme: String,
    },
    /// An element that is not allowed (with its content for `script`, `style` and the like).
    Element(String),
    /// An event handler attribute (`onclick`, `onerror`, …).
    Handler(String),
    /// Another attribute that is not allowed on its element (`style`, `formaction`, …).
    Attribute {
        /// The element.
        element: String,
        /// The attribute.
        attribute: String,
    },
    /// An `<iframe>` from a host that is not on the embed list (or with no `https` address).
    Embed(String),
}

impl Removal {
    /// One line for a finding.
    pub fn message(&self) -> String {
        match self {
            Removal::Scheme { attribute, scheme } => format!("a `{scheme}:` address in `{attribute}`"),
            Removal::Element(tag) if REMOVED_WITH_CONTENT.contains(&tag.as_str()) => {
                format!("`<{tag}>` is removed, with its content")
            }
            Removal::Element(tag) => format!("`<{tag}>` is not allowed in content and is removed (its text is kept)"),
            Removal::Handler(name) => format!("the event handler `{name}` is removed"),
            Removal::Attribute { element, attribute } => {
                format!("the attribute `{attribute}` is not allowed on `<{element}>` and is removed")
            }
            Removal::Embed(host) if host.is_empty() => "an `<iframe>` without an https address is removed".to_string(),
            Removal::Embed(host) => format!("an `<iframe>` from `{host}` is removed"),
        }
    }
}

/// The site's sanitizing policy: the built-in allow-list plus the site's embed hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct HtmlPolicy {
    /// Extra hosts whose `<iframe>` embeds are kept (`[markdown] embed_hosts`).
    pub embed_hosts: Vec<String>,
}

impl HtmlPolicy {
    /// Whether an `<iframe src>` may stay.
    pub fn embed_allowed(&self, src: &str) -> Result<(), String> {
        let Ok(url) = url::Url::parse(src.trim()) else { return Err(String::new()) };
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        if url.scheme() != "https" {
            return Err(host);
        }
        if BUILT_IN_EMBED_HOSTS.contains(&host.as_str())
            || self.embed_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host))
        {
            Ok(())
        } else {
            Err(host)
        }
    }

    /// Sanitizes a rendered HTML body: disallowed iframes go, then ammonia applies the allow-list.
    pub fn clean(&self, html: &str) -> String {
        // Tag names are case-insensitive: `<iFrame>` is an iframe too (found by fuzzing).
        let has_iframe = html.as_bytes().windows(7).any(|w| w.eq_ignore_ascii_case(b"<iframe"));
        if !has_iframe {
            return BUILDER.clean(html).to_string();
        }
        match self.drop_embeds(html) {
            Some(html) => BUILDER.clean(&html).to_string(),
            // Markup the embed filter cannot read without guessing: no embed is kept.
            None => WITHOUT_EMBEDS.clean(html).to_string(),
        }
    }

    /// Removes `<iframe>`s whose source is not an allowed host (ammonia filters attributes, not
    /// whole elements by attribute value); `None` if the fragment holds markup whose parse depends
    /// on the tree around it (lol_html's strict mode), where an iframe could be missed.
    fn drop_embeds(&self, html: &str) -> Option<String> {
        use lol_html::{RewriteStrSettings, element, rewrite_str};
        let settings = RewriteStrSettings::new().append_element_content_handler(element!("iframe", |el| {
            let src = el.get_attribute("src").map(|s| decode(&s)).unwrap_or_default();
            if self.embed_allowed(&src).is_err() {
                el.remove();
            }
            Ok(())
        }));
        rewrite_str(html, settings).ok()
    }

    /// What sanitizing a raw HTML fragment removes, with where each thing is in the fragment.
    pub fn inspect_html(&self, fragment: &str) -> Vec<Removed> {
        use lol_html::{HtmlRewriter, Settings, element};
        let found = std::cell::RefCell::new(Vec::new());
        let push = |range: Range<usize>, what: Removal| found.borrow_mut().push(Removed { range, what });
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                let tag = el.tag_name();
                let at = el.source_location().bytes();
                if !TAGS.contains(&tag.as_str()) {
                    push(at.clone(), Removal::Element(tag.clone()));
                } else if tag == "iframe" {
                    let src = el.get_attribute("src").map(|s| decode(&s)).unwrap_or_default();
                    if let Err(host) = self.embed_allowed(&src) {
                        push(at.clone(), Removal::Embed(host));
                    }
                }
                for attribute in el.attributes() {
                    let name = attribute.name();
                    let range = attribute.name_source_location().map_or(at.clone(), |l| l.bytes());
                    let value = decode(&attribute.value());
                    if name.starts_with("on") {
                        push(range, Removal::Handler(name));
                    } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                        let scheme = if name == "srcset" {
                            value.split(',').find_map(|c| refused_scheme(c.split_whitespace().next().unwrap_or("")))
                        } else {
                            refused_scheme(&value)
                        };
                        if let Some(scheme) = scheme {
                            let range = attribute.value_source_location().map_or(range, |l| l.bytes());
                            push(range, Removal::Scheme { attribute: name, scheme });
                        }
                    } else if TAGS.contains(&tag.as_str()) && !attribute_allowed(&tag, &name) {
                        push(range, Removal::Attribute { element: tag.clone(), attribute: name });
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        // Handlers never fail. Markup lol_html cannot parse without guessing stops the report
        // there (what the sanitizer removes is still removed); a stopped rewriter must not be
        // ended (it panics).
        if rewriter.write(fragment.as_bytes()).is_ok() {
            let _ = rewriter.end();
        } else {
            drop(rewriter);
        }
        found.into_inner()
    }
}

fn attribute_allowed(tag: &str, name: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&name)
        || name.starts_with("aria-")
        || name.starts_with("data-")
        || TAG_ATTRIBUTES.iter().any(|(t, names)| *t == tag && names.contains(&name))
}

/// Decodes HTML entities in an attribute value as a browser would.
fn decode(value: &str) -> String {
    htmlize::unescape_attribute(value).into_owned()
}

/// The allow-list, built once.
static BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(allow_list);

/// The allow-list without iframes, for fragments whose embeds cannot be told apart safely.
static WITHOUT_EMBEDS: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = allow_list();
    builder.rm_tags(["iframe"]);
    builder
});

fn allow_list() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(["aria-", "data-"].into_iter().collect())
        .tag_attributes(TAG_ATTRIBUTES.iter().map(|(tag, names)| (*tag, names.iter().copied().collect())).collect())
        .url_schemes(SAFE_SCHEMES.iter().copied().collect::<HashSet<_>>())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        // ammonia checks the schemes of single-URL attributes; a srcset lists several.
        .attribute_filter(|_, attribute, value| {
            let refused = attribute == "srcset"
                && value.split(',').any(|c| refused_scheme(c.split_whitespace().next().unwrap_or("")).is_some());
            (!refused).then(|| value.into())
        });
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for refused in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png;base64,iVBORw0KGgo=",
            "file:///etc/passwd",
        ] {
            assert!(refused_scheme(refused).is_some(), "{refused:?} passed");
        }
        assert_eq!(refused_scheme("JAVASCRIPT:x").as_deref(), Some("javascript"));
        for safe in [
            "https://www.heart.org/",
            "http://example.com",
            "mailto:office@example.com",
            "tel:+15550102000",
            "/articles/",
            "../pages/contact.md",
            "heart-failure.md",
            "#symptoms",
            "?q=1",
            "//cdn.example.com/x.png",
        ] {
            assert_eq!(refused_scheme(safe), None, "{safe:?} refused");
        }
    }

    #[test]
    fn inspect_reports_what_clean_removes() {
        let policy = HtmlPolicy::default();
        let html = "<div onclick=\"x()\" style=\"color:red\"><a href=\"&#106;avascript:alert(1)\">x</a>\
                    <script>alert(1)</script><iframe src=\"https://evil.example/\"></iframe>\
                    <iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe></div>";
        let found: Vec<Removal> = policy.inspect_html(html).into_iter().map(|r| r.what).collect();
        assert!(found.contains(&Removal::Handler("onclick".into())), "{found:?}");
        assert!(found.contains(&Removal::Attribute { element: "div".into(), attribute: "style".into() }), "{found:?}");
        assert!(
            found.contains(&Removal::Scheme { attribute: "href".into(), scheme: "javascript".into() }),
            "{found:?}"
        );
        assert!(found.contains(&Removal::Element("script".into())), "{found:?}");
        assert!(found.contains(&Removal::Embed("evil.example".into())), "{found:?}");
        assert_eq!(found.len(), 5, "{found:?}");

        let clean = policy.clean(html);
        assert!(!clean.contains("onclick") && !clean.contains("style="), "{clean}");
        assert!(!clean.contains("javascript") && !clean.contains("<script"), "{clean}");
        assert!(!clean.contains("evil.example"), "{clean}");
        assert!(clean.contains("youtube-nocookie.com/embed/x"), "{clean}");
    }

    #[test]
    fn ranges_point_at_the_attribute() {
        let html = "<p>a</p><img src=x onerror=alert(1)>";
        let found = HtmlPolicy::default().inspect_html(html);
        assert_eq!(found.len(), 1);
        assert_eq!(&html[found[0].range.clone()], "onerror");
    }

    #[test]
    fn iframes_in_any_case_are_filtered() {
        for html in ["<iframE src=\"https://evil.example/\"></iframE>", "<IFRAME src=\"https://evil.example/\">"] {
            assert!(!HtmlPolicy::default().clean(html).contains("evil"), "{html}");
        }
    }

    #[test]
    fn site_embed_hosts_are_kept() {
        let policy = HtmlPolicy { embed_hosts: vec!["www.google.com".into()] };
        let html = "<iframe src=\"https://www.google.com/maps/embed?pb=1\"></iframe>";
        assert!(policy.inspect_html(html).is_empty());
        assert!(policy.clean(html).contains("google.com/maps"));
        assert!(!HtmlPolicy::default().clean(html).contains("google.com"));
    }
}
