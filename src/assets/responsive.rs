//! Responsive variants of a processed image: the same crop at a few widths, encoded as lossy WebP
//! (libwebp, built from source by the `webp` crate) for `<picture><source srcset>`, while the
//! planned JPEG or PNG stays the `<img>` fallback. Headshots, team photos and article images get
//! them; logos and share images (read by social networks, which want JPEG or PNG) do not.

use image::DynamicImage;

/// Roles whose images are shown at different sizes on different screens.
pub const ROLES: [&str; 3] = ["headshot", "team", "content"];

/// Widths of the variants, as fractions of the planned width (numerator / 4).
const QUARTERS: [u32; 3] = [2, 3, 4];

/// Variants narrower than this are not made (the browser would never pick them).
const MIN_WIDTH: u32 = 160;

/// WebP quality (0-100): at 80 a photo is about a third smaller than the JPEG at 85.
pub const WEBP_QUALITY: f32 = 80.0;

/// One WebP variant of a planned image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Output path relative to the output root (`assets/headshot-headshot-240w.1a2b3c4d.webp`).
    pub output: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The variant sizes of an image planned at `width` x `height`: half, three quarters and the
/// full width, same aspect, none under `MIN_WIDTH` unless it is the full width.
pub fn sizes(width: u32, height: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = QUARTERS
        .iter()
        .map(|q| {
            let w = (width * q).div_ceil(4).max(1);
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width).max(1)).max(1);
            (w, h as u32)
        })
        .filter(|&(w, _)| w >= MIN_WIDTH || w == width)
        .collect();
    out.dedup();
    out
}

/// Lossy WebP of an image (with its alpha channel, if it has one). Deterministic: libwebp's
/// single-threaded encoder gives the same bytes for the same pixels and settings.
pub fn webp(image: &DynamicImage) -> Vec<u8> {
    let (w, h) = (image.width(), image.height());
    if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), w, h).encode(WEBP_QUALITY).to_vec()
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), w, h).encode(WEBP_QUALITY).to_vec()
    }
}

/// `srcset` for a list of variants (`/assets/a-240w.x.webp 240w, …`).
pub fn srcset(variants: &[Variant]) -> String {
    variants.iter().map(|v| format!("/{} {}w", v.output, v.width)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_sizes_keep_the_aspect_and_skip_tiny_ones() {
        assert_eq!(sizes(480, 600), [(240, 300), (360, 450), (480, 600)]);
        assert_eq!(sizes(1200, 800), [(600, 400), (900, 600), (1200, 800)]);
        assert_eq!(sizes(200, 100), [(200, 100)]);
        assert_eq!(sizes(100, 50), [(100, 50)]);
    }

    #[test]
    fn webp_is_lossy_small_and_deterministic() {
        let photo = DynamicImage::ImageRgb8(image::RgbImage::from_fn(240, 300, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        }));
        let a = webp(&photo);
        assert_eq!(a, webp(&photo));
        assert_eq!(&a[..4], b"RIFF");
        assert_eq!(&a[12..16], b"VP8 ", "lossy VP8, not lossless VP8L");
        let decoded = image::load_from_memory(&a).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (240, 300));
    }
}
