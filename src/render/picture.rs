//! The markup of a processed image in a Markdown body: a `<picture>` whose `<source>`s offer the
//! image's WebP widths and whose `<img>` is the JPEG or PNG fallback with its width and height,
//! so the browser reserves the space before the file arrives. Theme templates write the same
//! markup with `partials/picture.html`.

use crate::markdown::escape_html;
use crate::render::views::ImageView;

/// `sizes` for an image in an article or page body: the column is at most about 42rem wide.
pub const CONTENT_SIZES: &str = "(min-width: 46rem) 42rem, 100vw";

/// `<picture>…<img …></picture>` for `image`, with `alt` and an optional `title`; lazily loaded,
/// since a body image is rarely the first thing on screen.
pub fn html(image: &ImageView, alt: &str, title: &str, sizes: &str) -> String {
    let mut out = String::from("<picture>");
    for source in &image.sources {
        out.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{}\">",
            source.mime,
            escape_html(&source.srcset),
            escape_html(sizes)
        ));
    }
    out.push_str(&format!(
        "<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        escape_html(&image.url),
        image.width,
        image.height,
        escape_html(alt)
    ));
    if !title.is_empty() {
        out.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    out.push_str(" loading=\"lazy\" decoding=\"async\"></picture>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::ImageSource;

    #[test]
    fn picture_with_sources_and_a_sized_fallback() {
        let image = ImageView {
            url: "/assets/x-content.1.jpg".into(),
            width: 1200,
            height: 800,
            alt: String::new(),
            sources: vec![ImageSource {
                mime: "image/webp",
                srcset: "/assets/x-content-600w.2.webp 600w, /assets/x-content-1200w.3.webp 1200w".into(),
            }],
        };
        assert_eq!(
            html(&image, "An \"echo\" room", "", CONTENT_SIZES),
            "<picture><source type=\"image/webp\" srcset=\"/assets/x-content-600w.2.webp 600w, /assets/x-content-1200w.3.webp 1200w\" sizes=\"(min-width: 46rem) 42rem, 100vw\"><img src=\"/assets/x-content.1.jpg\" width=\"1200\" height=\"800\" alt=\"An &quot;echo&quot; room\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }
}
