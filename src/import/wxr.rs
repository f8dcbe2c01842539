//! Reading a WordPress export (WXR: RSS 2.0 with `wp:`, `content:` and `excerpt:` elements) into
//! plain items, with quick-xml. Pure: the caller reads the file.

/// One `<item>` of the export: a post, page, attachment, menu item or custom post type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// `wp:post_id`.
    pub id: String,
    /// `title`.
    pub title: String,
    /// `link`: the old permalink.
    pub link: String,
    /// `wp:post_name`: the slug, percent-encoded when it is not ASCII.
    pub slug: String,
    /// `wp:post_type`: post, page, attachment, nav_menu_item, or a plugin's type.
    pub post_type: String,
    /// `wp:status`: publish, draft, pending, private, trash, inherit, future.
    pub status: String,
    /// `wp:post_date` (`YYYY-MM-DD HH:MM:SS`, the site's local time).
    pub date: String,
    /// `content:encoded`: the HTML body.
    pub content: String,
    /// `excerpt:encoded`.
    pub excerpt: String,
    /// `wp:attachment_url`, for attachments.
    pub attachment_url: String,
    /// An attachment's alt text (the `_wp_attachment_image_alt` post meta).
    pub image_alt: String,
    /// Categories and tags (`<category domain="category|post_tag">`), their display names.
    pub terms: Vec<String>,
}

/// The export: the site's address and its items, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Export {
    /// `wp:base_site_url` or the channel's `link`.
    pub site_url: String,
    /// Every item.
    pub items: Vec<Item>,
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable WordPress export (byte {position}): {message}")]
pub struct WxrError {
    /// Byte offset of the problem.
    pub position: u64,
    /// What the XML parser said.
    pub message: String,
}

/// Parses a WXR document.
pub fn parse(xml: &str) -> Result<Export, WxrError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut export = Export::default();
    let mut item: Option<Item> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut term_domain = String::new();
    let mut meta_key = String::new();
    let error =
        |reader: &quick_xml::Reader<&[u8]>, message: String| WxrError { position: reader.buffer_position(), message };
    loop {
        let event = reader.read_event().map_err(|e| error(&reader, e.to_string()))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                if name == "item" {
                    item = Some(Item::default());
                }
                if name == "category" {
                    term_domain = start
                        .try_get_attribute("domain")
                        .ok()
                        .flatten()
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                        .unwrap_or_default();
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => {
                let decoded = t.decode().map_err(|e| error(&reader, e.to_string()))?;
                let unescaped = quick_xml::escape::unescape(&decoded).map_err(|e| error(&reader, e.to_string()))?;
                text.push_str(&unescaped);
            }
            Event::GeneralRef(r) => {
                // Entities between text runs (`&amp;`, `&#233;`).
                let name = r.decode().map_err(|e| error(&reader, e.to_string()))?;
                let entity = format!("&{name};");
                text.push_str(&quick_xml::escape::unescape(&entity).unwrap_or(entity.clone().into()));
            }
            Event::CData(c) => text.push_str(&String::from_utf8_lossy(&c.into_inner())),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = std::mem::take(&mut text);
                match (item.as_mut(), name.as_str()) {
                    (Some(_), "item") => export.items.extend(item.take()),
                    (Some(i), field) => match field {
                        "title" => i.title = value.trim().to_string(),
                        "link" => i.link = value.trim().to_string(),
                        "wp:post_id" => i.id = value.trim().to_string(),
                        "wp:post_name" => i.slug = value.trim().to_string(),
                        "wp:post_type" => i.post_type = value.trim().to_string(),
                        "wp:status" => i.status = value.trim().to_string(),
                        "wp:post_date" => i.date = value.trim().to_string(),
                        "content:encoded" => i.content = value,
                        "excerpt:encoded" => i.excerpt = value.trim().to_string(),
                        "wp:attachment_url" => i.attachment_url = value.trim().to_string(),
                        "wp:meta_key" => meta_key = value.trim().to_string(),
                        "wp:meta_value" if meta_key == "_wp_attachment_image_alt" => {
                            i.image_alt = value.split_whitespace().collect::<Vec<_>>().join(" ")
                        }
                        "category" if matches!(term_domain.as_str(), "category" | "post_tag") => {
                            let term = value.trim();
                            // "Uncategorized" is WordPress's default, not a topic anyone chose.
                            if !term.is_empty()
                                && !term.eq_ignore_ascii_case("uncategorized")
                                && !i.terms.iter().any(|t| t == term)
                            {
                                i.terms.push(term.to_string());
                            }
                        }
                        _ => {}
                    },
                    (None, "wp:base_site_url") => export.site_url = value.trim().to_string(),
                    (None, "link") if export.site_url.is_empty() && path.last().is_some_and(|p| p == "channel") => {
                        export.site_url = value.trim().to_string()
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if path.iter().any(|p| p == "rss") || !xml.contains("<rss") {
        return Err(WxrError { position: 0, message: "no <rss> document with <item>s found".into() });
    }
    Ok(export)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_cdata_and_terms() {
        let xml = r#"<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>https://old.example</link><wp:base_site_url>https://old.example</wp:base_site_url>
<item><title>Caf&#233; &amp; heart</title><link>https://old.example/2023/04/cafe/</link><wp:post_id>7</wp:post_id><wp:post_name><![CDATA[caf%c3%a9]]></wp:post_name><wp:post_type><![CDATA[post]]></wp:post_type><wp:status><![CDATA[publish]]></wp:status>
<content:encoded><![CDATA[<p>Hello</p>]]></content:encoded><category domain="category" nicename="heart"><![CDATA[Heart Health]]></category><category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category><category domain="post_tag" nicename="diet"><![CDATA[Diet]]></category></item>
<item><title>a</title><wp:post_type>attachment</wp:post_type><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2023/04/a.jpg</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[The front  desk]]></wp:meta_value></wp:postmeta></item></channel></rss>"#;
        let export = parse(xml).unwrap();
        assert_eq!(export.site_url, "https://old.example");
        let item = &export.items[0];
        assert_eq!(item.title, "Café & heart");
        assert_eq!(item.slug, "caf%c3%a9");
        assert_eq!(item.content, "<p>Hello</p>");
        assert_eq!(item.terms, ["Heart Health", "Diet"]);
        assert_eq!(export.items[1].image_alt, "The front desk");
        assert!(parse("<html></html>").is_err());
    }
}
