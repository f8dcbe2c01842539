//! Sharing: the head tags every page carries — canonical link, Open Graph and X (Twitter) cards —
//! and the share image each page points at: a generated card ([`cards`], [`share`]) unless the
//! page sets its own.

pub mod cards;
pub mod share;

pub use share::DrawingTime;

use crate::markdown::escape_html;
use crate::render::views::PageMeta;

/// The one image a page shares, absolute and with its size.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Alt text.
    pub alt: String,
    /// MIME type.
    pub mime: &'static str,
}

/// Article metadata for `article:*` tags.
#[derive(Debug, Clone, Default)]
pub struct ArticleTimes {
    /// RFC 3339 publication time.
    pub published: Option<String>,
    /// RFC 3339 last modification.
    pub modified: Option<String>,
    /// Absolute URL of the author's page.
    pub author: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// `og:type` for a page kind.
pub fn og_type(kind: &str) -> &'static str {
    match kind {
        "profile" | "team" => "profile",
        "article" => "article",
        _ => "website",
    }
}

/// The `<head>` tags for sharing and canonical URLs.
pub fn head_tags(
    site_name: &str,
    language: &str,
    page: &PageMeta,
    image: Option<&ShareImage>,
    article: Option<&ArticleTimes>,
) -> String {
    let mut out = String::with_capacity(1024);
    let mut property = |name: &str, content: &str| {
        out.push_str(&format!("<meta property=\"{name}\" content=\"{}\">\n", escape_html(content)));
    };
    property("og:title", &page.title);
    property("og:description", &page.description);
    property("og:type", og_type(page.kind));
    property("og:url", &page.permalink);
    property("og:site_name", site_name);
    property("og:locale", &og_locale(language));
    if let Some(image) = image {
        property("og:image", &image.url);
        property("og:image:type", image.mime);
        property("og:image:width", &image.width.to_string());
        property("og:image:height", &image.height.to_string());
        property("og:image:alt", &image.alt);
    }
    if let Some(article) = article {
        if let Some(published) = &article.published {
            property("article:published_time", published);
        }
        if let Some(modified) = &article.modified {
            property("article:modified_time", modified);
        }
        if let Some(author) = &article.author {
            property("article:author", author);
        }
        for tag in &article.tags {
            property("article:tag", tag);
        }
    }
    let mut name = |name: &str, content: &str| {
        out.push_str(&format!("<meta name=\"{name}\" content=\"{}\">\n", escape_html(content)));
    };
    name("twitter:card", if image.is_some() { "summary_large_image" } else { "summary" });
    name("twitter:title", &page.title);
    name("twitter:description", &page.description);
    if let Some(image) = image {
        name("twitter:image", &image.url);
        name("twitter:image:alt", &image.alt);
    }
    out.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", escape_html(&page.permalink)));
    out
}

/// `en` -> `en_US`, `es-MX` -> `es_MX` (Open Graph wants language_TERRITORY).
pub fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_lowercase();
    match parts.next() {
        Some(region) => format!("{lang}_{}", region.to_uppercase()),
        None => match lang.as_str() {
            "en" => "en_US".into(),
            "es" => "es_ES".into(),
            "fr" => "fr_FR".into(),
            "de" => "de_DE".into(),
            "pt" => "pt_BR".into(),
            "zh" => "zh_CN".into(),
            other => format!("{other}_{}", other.to_uppercase()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> PageMeta {
        PageMeta {
            kind: "article",
            title: "AFib & you".into(),
            description: "What \"AFib\" means.".into(),
            url: "/articles/afib/".into(),
            permalink: "https://dr.example/articles/afib/".into(),
            noindex: false,
            content: String::new(),
            toc: Vec::new(),
            has_code: false,
            extra: serde_json::Value::Null,
        }
    }

    #[test]
    fn tags_are_escaped_and_complete() {
        let image = ShareImage {
            url: "https://dr.example/og/afib.1234abcd.png".into(),
            width: 1200,
            height: 630,
            alt: "Card".into(),
            mime: "image/png",
        };
        let times = ArticleTimes { published: Some("2026-01-02T00:00:00Z".into()), ..ArticleTimes::default() };
        let html = head_tags("Site", "en", &meta(), Some(&image), Some(&times));
        assert!(html.contains("<meta property=\"og:title\" content=\"AFib &amp; you\">"), "{html}");
        assert!(html.contains("content=\"What &quot;AFib&quot; means.\""), "{html}");
        assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        assert!(html.contains("article:published_time"));
        assert_eq!(html.matches("og:image\"").count(), 1);
        assert!(html.contains("<link rel=\"canonical\" href=\"https://dr.example/articles/afib/\">"));
    }

    #[test]
    fn locales() {
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("es-mx"), "es_MX");
    }
}
