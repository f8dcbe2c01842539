//! A WordPress body (HTML with Gutenberg block comments and shortcodes) to Markdown: block
//! comments go, `[caption]` keeps its image and caption, `[gallery ids=…]` becomes its images,
//! other shortcodes are dropped (their enclosed text kept) and named in the summary, uploads are
//! pointed at their copies under `assets/`, and htmd writes the Markdown. Pure.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// What converting one body did besides converting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// Shortcodes removed, by name.
    pub dropped: Vec<String>,
    /// Upload URLs the body uses (full size), to copy into `assets/`.
    pub uploads: Vec<String>,
}

static BLOCK_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*/?wp:[^>]*?-->").expect("a valid pattern"));
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\[caption[^\]]*\](.*?)\[/caption\]").expect("a valid pattern"));
static IMG_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?").expect("a valid pattern"));
static GALLERY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[gallery([^\]]*)\]").expect("a valid pattern"));
static IDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"ids\s*=\s*["']?([0-9, ]+)"#).expect("a valid pattern"));
/// Any other shortcode tag, opening or closing (`[contact-form-7 id="1"]`, `[/su_box]`).
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(/?)([A-Za-z][A-Za-z0-9_-]*)(?:\s[^\]]*)?/?\]").expect("a valid pattern"));
/// An upload URL, with WordPress's resized-copy suffix (`-300x200`) captured.
static UPLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"https?://[^"'\s()<>]*/wp-content/uploads/([^"'\s()<>?#]+?)(-\d+x\d+)?(\.[A-Za-z0-9]+)\b"#)
        .expect("a valid pattern")
});

/// Converts `html`; `attachments` maps attachment ids to their URLs (for galleries), and an
/// upload at `…/wp-content/uploads/2023/04/x.jpg` becomes `assets/{assets_dir}/2023/04/x.jpg`.
pub fn convert(html: &str, attachments: &BTreeMap<String, String>, assets_dir: &str) -> Converted {
    let mut dropped = Vec::new();
    let html = BLOCK_COMMENT.replace_all(html, "");
    // A caption's text follows its image as a paragraph of its own.
    let html = CAPTION.replace_all(&html, |c: &regex::Captures<'_>| {
        let inner = &c[1];
        let image = IMG_TAG.find(inner).map_or("", |m| m.as_str());
        let caption = IMG_TAG.replace(inner, "");
        format!("<p>{image}</p><p><em>{}</em></p>", caption.trim())
    });
    let html = GALLERY.replace_all(&html, |c: &regex::Captures<'_>| {
        let images: Vec<String> = IDS
            .captures(&c[1])
            .map(|ids| {
                ids[1]
                    .split(',')
                    .filter_map(|id| attachments.get(id.trim()))
                    .map(|url| format!("<p><img src=\"{url}\" alt=\"\"></p>"))
                    .collect()
            })
            .unwrap_or_default();
        if images.is_empty() {
            dropped.push("gallery".to_string());
        }
        images.concat()
    });
    let html = SHORTCODE.replace_all(&html, |c: &regex::Captures<'_>| {
        // Only words WordPress registers as shortcodes look like this; `[1]` or `[sic]` in text are
        // left alone by the pattern (a letter first, and `sic` is never closed with `[/sic]`…).
        if c[1].is_empty() {
            dropped.push(c[2].to_string());
        }
        String::new()
    });
    let mut uploads = Vec::new();
    let html = UPLOAD.replace_all(&html, |c: &regex::Captures<'_>| {
        // The full-size original, not the resized copy WordPress linked.
        let relative = format!("{}{}", &c[1], &c[3]);
        let full = c[0].replacen(&format!("{}{}", c.get(2).map_or("", |m| m.as_str()), &c[3]), &c[3], 1);
        uploads.push(full);
        format!("assets/{assets_dir}/{relative}")
    });
    let converter = htmd::HtmlToMarkdown::builder().skip_tags(vec!["script", "style", "iframe", "form"]).build();
    // htmd reads with html5ever, which accepts any input; an error would only be an I/O one.
    let markdown = converter.convert(&html).unwrap_or_default();
    dropped.sort();
    dropped.dedup();
    uploads.sort();
    uploads.dedup();
    Converted { markdown: markdown.trim().to_string() + "\n", dropped, uploads }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_captions_galleries_and_shortcodes() {
        let mut attachments = BTreeMap::new();
        attachments.insert("12".to_string(), "https://old.example/wp-content/uploads/2023/04/a.jpg".to_string());
        let html = r#"<!-- wp:paragraph --><p>Hello <strong>there</strong>.</p><!-- /wp:paragraph -->
[caption id="x" align="alignnone" width="300"]<img src="https://old.example/wp-content/uploads/2023/04/b-300x200.jpg" alt="Office"> The office[/caption]
[gallery ids="12,99"][contact-form-7 id="5" title="Contact"][su_box title="Note"]Boxed[/su_box]"#;
        let c = convert(html, &attachments, "wordpress");
        assert!(c.markdown.contains("Hello **there**."), "{}", c.markdown);
        assert!(c.markdown.contains("![Office](assets/wordpress/2023/04/b.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("*The office*"), "{}", c.markdown);
        assert!(c.markdown.contains("](assets/wordpress/2023/04/a.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("Boxed") && !c.markdown.contains("wp:"), "{}", c.markdown);
        assert_eq!(c.dropped, ["contact-form-7", "su_box"]);
        assert_eq!(
            c.uploads,
            [
                "https://old.example/wp-content/uploads/2023/04/a.jpg",
                "https://old.example/wp-content/uploads/2023/04/b.jpg"
            ]
        );
    }
}
