//! A WordPress body (HTML with Gutenberg block comments and shortcodes) to Markdown: block
//! comments go, `[caption]` keeps its image and caption, `[gallery ids=…]` becomes its images,
//! other shortcodes are dropped (their enclosed text kept) and named in the summary, an image
//! without alt text gets its attachment's (or its caption, or a placeholder `check` reports),
//! uploads are pointed at their copies under `assets/`, and htmd writes the Markdown. Pure.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// The alt text an image gets when neither the export nor a caption describes it: a placeholder,
/// so `check` asks a person to describe the image before the page is published.
pub const ALT_PLACEHOLDER: &str = "TODO: describe this image";

/// A media library item of the export, as the bodies use it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attachment {
    /// The full-size upload URL.
    pub url: String,
    /// What describes the image (its alt text, else its caption, else a title that is not just
    /// the file name); empty when nothing does.
    pub alt: String,
}

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
static IMG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<img\b[^>]*>").expect("a valid pattern"));
static ALT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?s)\s\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))"#).expect("a valid pattern"));
static SRC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bsrc\s*=\s*["']?([^"'\s>]+)"#).expect("a valid pattern"));
static WP_IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bwp-image-(\d+)\b").expect("a valid pattern"));
static SIZE_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-\d+x\d+(\.[A-Za-z0-9]+)$").expect("a valid pattern"));
static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("a valid pattern"));
static IDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"ids\s*=\s*["']?([0-9, ]+)"#).expect("a valid pattern"));
/// Any other shortcode tag, opening or closing (`[contact-form-7 id="1"]`, `[/su_box]`).
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(/?)([A-Za-z][A-Za-z0-9_-]*)(?:\s[^\]]*)?/?\]").expect("a valid pattern"));
/// An upload URL, with WordPress's resized-copy suffix (`-300x200`) captured.
static UPLOAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"https?://[^"'\s()<>]*/wp-content/uploads/([^"'\s()<>?#]+?)(-\d+x\d+)?(\.[A-Za-z0-9]+)\b"#)
        .expect("a valid pattern")
});

/// `tag` (an `<img>`) with alt text: its own if it has some, else its attachment's (by its
/// `wp-image-ID` class or its URL), else `fallback`, else [`ALT_PLACEHOLDER`].
fn with_alt(tag: &str, attachments: &BTreeMap<String, Attachment>, fallback: Option<&str>) -> String {
    let own = ALT.captures(tag).and_then(|c| c.get(1).or(c.get(2)).or(c.get(3))).map(|m| m.as_str().trim());
    if own.is_some_and(|a| !a.is_empty()) {
        return tag.to_string();
    }
    let by_id = WP_IMAGE.captures(tag).and_then(|c| attachments.get(&c[1]));
    let by_url = || {
        let src = SRC.captures(tag)?.get(1)?.as_str().to_string();
        let full = SIZE_SUFFIX.replace(&src, "$1");
        attachments.values().find(|a| a.url == full)
    };
    let alt = by_id
        .or_else(by_url)
        .map(|a| a.alt.as_str())
        .filter(|a| !a.is_empty())
        .or(fallback.filter(|f| !f.is_empty()))
        .unwrap_or(ALT_PLACEHOLDER);
    let without = ALT.replace(tag, "");
    format!("<img alt=\"{}\"{}", htmlize::escape_attribute(alt), &without["<img".len()..])
}

/// Text without its tags and with its whitespace collapsed (a caption, for alt text).
pub fn plain_text(html: &str) -> String {
    let text = TAGS.replace_all(html, " ");
    htmlize::unescape(text.as_ref()).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Converts `html`; `attachments` are the export's media by id (for galleries and alt text), and
/// an upload at `…/wp-content/uploads/2023/04/x.jpg` becomes `assets/{assets_dir}/2023/04/x.jpg`.
pub fn convert(html: &str, attachments: &BTreeMap<String, Attachment>, assets_dir: &str) -> Converted {
    let mut dropped = Vec::new();
    let html = BLOCK_COMMENT.replace_all(html, "");
    // A caption's text follows its image as a paragraph of its own.
    let html = CAPTION.replace_all(&html, |c: &regex::Captures<'_>| {
        let inner = &c[1];
        let image = IMG_TAG.find(inner).map_or("", |m| m.as_str());
        let caption = IMG_TAG.replace(inner, "");
        let caption_text = plain_text(&caption);
        let image = IMG.replace(image, |i: &regex::Captures<'_>| with_alt(&i[0], attachments, Some(&caption_text)));
        format!("<p>{image}</p><p><em>{}</em></p>", caption.trim())
    });
    let html = GALLERY.replace_all(&html, |c: &regex::Captures<'_>| {
        let images: Vec<String> = IDS
            .captures(&c[1])
            .map(|ids| {
                ids[1]
                    .split(',')
                    .filter_map(|id| attachments.get(id.trim()).map(|a| (id.trim(), a)))
                    .map(|(id, a)| format!("<p><img class=\"wp-image-{id}\" src=\"{}\"></p>", a.url))
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
    // Every other image without alt text: its attachment's, else the placeholder.
    let html = IMG.replace_all(&html, |i: &regex::Captures<'_>| with_alt(&i[0], attachments, None));
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
        let url = |name: &str| format!("https://old.example/wp-content/uploads/2023/04/{name}");
        attachments.insert("12".to_string(), Attachment { url: url("a.jpg"), alt: "The front desk".into() });
        attachments.insert("13".to_string(), Attachment { url: url("c.jpg"), alt: String::new() });
        attachments.insert("14".to_string(), Attachment { url: url("d.jpg"), alt: "Exam room".into() });
        let html = r#"<!-- wp:paragraph --><p>Hello <strong>there</strong>.</p><!-- /wp:paragraph -->
[caption id="x" align="alignnone" width="300"]<img src="https://old.example/wp-content/uploads/2023/04/b-300x200.jpg" alt="Office"> The office[/caption]
[gallery ids="12,99,13"][contact-form-7 id="5" title="Contact"][su_box title="Note"]Boxed[/su_box]
[caption id="y"]<img src="https://old.example/wp-content/uploads/2023/04/e.jpg" alt=""> Dr. Rivera &amp; staff[/caption]
<img src="https://old.example/wp-content/uploads/2023/04/d-1024x768.jpg"><img class="wp-image-99" src="/x.png" alt=''>"#;
        let c = convert(html, &attachments, "wordpress");
        assert!(c.markdown.contains("Hello **there**."), "{}", c.markdown);
        assert!(c.markdown.contains("![Office](assets/wordpress/2023/04/b.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("*The office*"), "{}", c.markdown);
        assert!(c.markdown.contains("![The front desk](assets/wordpress/2023/04/a.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("![TODO: describe this image](assets/wordpress/2023/04/c.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("![Dr. Rivera & staff](assets/wordpress/2023/04/e.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("![Exam room](assets/wordpress/2023/04/d.jpg)"), "{}", c.markdown);
        assert!(c.markdown.contains("![TODO: describe this image](/x.png)"), "{}", c.markdown);
        assert!(c.markdown.contains("Boxed") && !c.markdown.contains("wp:"), "{}", c.markdown);
        assert_eq!(c.dropped, ["contact-form-7", "su_box"]);
        assert_eq!(c.uploads, ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"].map(url));
    }
}
