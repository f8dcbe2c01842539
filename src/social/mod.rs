//! Sharing: the head tags every page carries (canonical link, Open Graph, X cards).

use crate::markdown::escape_html;
use crate::model::Site;
use crate::render::views::PageMeta;

/// The `<head>` tags for sharing and canonical URLs.
pub fn head_tags(site: &Site, _base_url: &url::Url, page: &PageMeta) -> String {
    let mut out = String::new();
    let mut meta = |property: &str, content: &str| {
        out.push_str(&format!("<meta property=\"{property}\" content=\"{}\">\n", escape_html(content)));
    };
    meta("og:title", &page.title);
    meta("og:description", &page.description);
    meta(
        "og:type",
        match page.kind {
            "profile" | "team" => "profile",
            "article" => "article",
            _ => "website",
        },
    );
    meta("og:url", &page.permalink);
    meta("og:site_name", &site.config.title);
    meta("og:locale", &site.config.language.replace('-', "_"));
    out.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", escape_html(&page.permalink)));
    out
}
