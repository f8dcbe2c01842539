//! The Atom feed of articles and the XML sitemap.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::render::views::ArticleSummary;

/// Builds the Atom feed for `articles` (newest first, already limited).
pub fn atom(title: &str, base_url: &url::Url, author: &str, articles: &[(&ArticleSummary, String)]) -> String {
    let parse = |iso: &str| FixedDateTime::parse_from_rfc3339(iso).ok();
    let entries: Vec<Entry> = articles
        .iter()
        .map(|(summary, updated_rfc3339)| {
            let url = absolute(base_url, &summary.url);
            let mut entry = Entry::default();
            entry.set_id(url.clone());
            entry.set_title(Text::plain(summary.title.clone()));
            if let Some(date) = parse(updated_rfc3339) {
                entry.set_updated(date);
            }
            if let Some(date) = parse(&format!("{}T00:00:00Z", summary.date_iso)) {
                entry.set_published(Some(date));
            }
            entry.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }]);
            entry.set_summary(Some(Text::plain(summary.summary.clone())));
            let name = summary.author.as_ref().map_or(author, |a| a.display_name.as_str());
            entry.set_authors(vec![Person { name: name.to_string(), ..Person::default() }]);
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(title.to_string()));
    feed.set_id(absolute(base_url, "/articles/"));
    feed.set_links(vec![
        Link {
            href: absolute(base_url, "/articles/atom.xml"),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Link::default()
        },
        Link {
            href: absolute(base_url, "/articles/"),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        },
    ]);
    feed.set_authors(vec![Person { name: author.to_string(), ..Person::default() }]);
    // The feed's date is its newest entry's, so identical input gives an identical feed.
    if let Some(newest) = entries.iter().map(|e| *e.updated()).max() {
        feed.set_updated(newest);
    }
    feed.set_entries(entries);
    feed.to_string()
}

/// An absolute URL for a site-relative path.
pub fn absolute(base_url: &url::Url, path: &str) -> String {
    base_url.join(path.trim_start_matches('/')).map_or_else(|_| path.to_string(), String::from)
}

/// A sitemap entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitemapEntry {
    /// Site-relative URL.
    pub url: String,
    /// `YYYY-MM-DD`, if known.
    pub lastmod: Option<String>,
}

/// Builds `sitemap.xml`.
pub fn sitemap(base_url: &url::Url, entries: &[SitemapEntry]) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |writer: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let urlset =
            BytesStart::new("urlset").with_attributes([("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")]);
        writer.write_event(Event::Start(urlset))?;
        for entry in entries {
            writer.write_event(Event::Start(BytesStart::new("url")))?;
            element(writer, "loc", &absolute(base_url, &entry.url))?;
            if let Some(lastmod) = &entry.lastmod {
                element(writer, "lastmod", lastmod)?;
            }
            writer.write_event(Event::End(BytesEnd::new("url")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("urlset")))
    };
    // Writing into a Vec cannot fail.
    let _ = write(&mut writer);
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

fn element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Text(BytesText::new(text)))?;
    writer.write_event(Event::End(BytesEnd::new(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_escapes_and_is_absolute() {
        let base = url::Url::parse("https://x.example/").unwrap();
        let xml = sitemap(&base, &[SitemapEntry { url: "/a&b/".into(), lastmod: Some("2026-01-02".into()) }]);
        assert!(xml.contains("<loc>https://x.example/a&amp;b/</loc>"), "{xml}");
        assert!(xml.contains("<lastmod>2026-01-02</lastmod>"), "{xml}");
    }
}
