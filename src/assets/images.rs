//! Images under `assets/`: planned before rendering (URL and size known from the header alone),
//! processed after it: decoded, turned upright by EXIF orientation, cropped and resized, and
//! re-encoded, which drops EXIF, GPS and XMP. Never copied raw.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::Arc;

use fast_image_resize::{ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::theme::ImageSize;

/// Bumped when processing changes, so hashed names change with it.
const PIPELINE_VERSION: &[u8] = b"whitecoat-images-1";
/// Bumped when the WebP variants change (their names only, so the JPEG and PNG names stay).
const VARIANTS_VERSION: &[u8] = b"whitecoat-webp-1";
/// JPEG quality for photos.
const JPEG_QUALITY: u8 = 85;

/// What an image is re-encoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Photos.
    Jpeg,
    /// Graphics, and anything with transparency.
    Png,
}

/// An image the build will produce.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedImage {
    /// Site-relative source path (`assets/headshot.jpg`).
    pub source: String,
    /// Output path relative to the output root (`assets/headshot-headshot.1a2b3c4d.jpg`).
    pub output: String,
    /// Output width.
    pub width: u32,
    /// Output height.
    pub height: u32,
    /// Whether to crop to exactly width x height (both sides given by the theme).
    pub crop: bool,
    /// Output format.
    pub format: OutputFormat,
    /// Responsive WebP variants, narrowest first (empty for logos and share images).
    pub variants: Vec<super::responsive::Variant>,
}

impl PlannedImage {
    /// Site-relative URL.
    pub fn url(&self) -> String {
        format!("/{}", self.output)
    }
}

/// Why an image cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// No such file under `assets/`.
    #[error("{0} does not exist")]
    Missing(String),
    /// The file is not an image whitecoat can read.
    #[error("{0} is not a readable image ({1})")]
    Unreadable(String, String),
    /// The image is larger than `[limits]` allows.
    #[error("{0} is {1}x{2} pixels, more than [limits] allows ({3})")]
    TooLarge(String, u32, u32, String),
}

/// How large a source image may be (`[limits] image_pixels` and `image_side`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimits {
    /// Most pixels (width x height).
    pub pixels: u64,
    /// Most pixels per side.
    pub side: u32,
}

impl SizeLimits {
    /// The limits of a site's configuration.
    pub fn of(limits: &crate::config::Limits) -> Self {
        Self { pixels: limits.image_pixels, side: limits.image_side }
    }

    /// Refuses sizes over the limits (checked from the header, before anything is decoded), and
    /// images with no pixels at all.
    fn check(&self, source: &str, w: u32, h: u32) -> Result<(), ImageError> {
        if w == 0 || h == 0 {
            return Err(ImageError::Unreadable(source.to_string(), format!("its header says it is {w}x{h} pixels")));
        }
        let too_large = |what: String| Err(ImageError::TooLarge(source.to_string(), w, h, what));
        if w > self.side || h > self.side {
            return too_large(format!("at most {} pixels per side", self.side));
        }
        if u64::from(w) * u64::from(h) > self.pixels {
            return too_large(format!("at most {} megapixels", self.pixels as f64 / 1e6));
        }
        Ok(())
    }

    /// The decoder's own limits, so no file can make it allocate more than an image this size.
    fn decoder_limits(&self) -> image::Limits {
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(self.side);
        limits.max_image_height = Some(self.side);
        // RGBA at 16 bits per channel, plus room for the decoder's own buffers.
        limits.max_alloc = Some(self.pixels.saturating_mul(8).saturating_add(64 << 20));
        limits
    }
}

impl Default for SizeLimits {
    fn default() -> Self {
        Self::of(&crate::config::Limits::default())
    }
}

/// Normalises a reference from content (`assets/x.jpg`, `/assets/x.jpg`, `x.jpg`) to `assets/x.jpg`.
pub fn normalize_source(reference: &str) -> String {
    let trimmed = reference.trim_start_matches("./").trim_start_matches('/');
    if trimmed.starts_with("assets/") { trimmed.to_string() } else { format!("assets/{trimmed}") }
}

/// Plans the output of `source` at `size` for `role`, reading only the image header.
pub fn plan(
    assets: &BTreeMap<String, Arc<[u8]>>,
    source: &str,
    role: &str,
    size: ImageSize,
    limits: SizeLimits,
) -> Result<PlannedImage, ImageError> {
    let bytes = assets.get(source).ok_or_else(|| ImageError::Missing(source.to_string()))?;
    let unreadable = |e: image::ImageError| ImageError::Unreadable(source.to_string(), e.to_string());
    let reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| ImageError::Unreadable(source.to_string(), e.to_string()))?;
    let input_format = reader.format();
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (mut w, mut h) = decoder.dimensions();
    limits.check(source, w, h)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    if swaps_sides(orientation) {
        std::mem::swap(&mut w, &mut h);
    }
    let has_alpha = decoder.color_type().has_alpha();
    let format =
        if input_format == Some(ImageFormat::Jpeg) || !has_alpha { OutputFormat::Jpeg } else { OutputFormat::Png };
    let (width, height, crop) = target_size(w, h, size);
    let mut hasher = blake3::Hasher::new();
    hasher.update(PIPELINE_VERSION);
    hasher.update(bytes);
    hasher.update(format!("{role}:{width}x{height}:{crop}:{format:?}").as_bytes());
    let hash = hasher.finalize().to_hex();
    let stem = std::path::Path::new(source).file_stem().and_then(|s| s.to_str()).unwrap_or("image");
    let stem = crate::model::slug::slugify(stem);
    let ext = match format {
        OutputFormat::Jpeg => "jpg",
        OutputFormat::Png => "png",
    };
    let output = format!("assets/{stem}-{role}.{}.{ext}", &hash[..8]);
    let variants = if super::responsive::ROLES.contains(&role) {
        super::responsive::sizes(width, height)
            .into_iter()
            .map(|(w, h)| {
                let mut hasher = blake3::Hasher::new();
                hasher.update(VARIANTS_VERSION);
                hasher.update(hash.as_bytes());
                hasher.update(format!("{w}x{h}").as_bytes());
                let hash = hasher.finalize().to_hex();
                let output = format!("assets/{stem}-{role}-{w}w.{}.webp", &hash[..8]);
                super::responsive::Variant { output, width: w, height: h }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(PlannedImage { source: source.to_string(), output, width, height, crop, format, variants })
}

fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// The output size for a source of `w` x `h`: never upscaled, aspect kept unless cropping.
fn target_size(w: u32, h: u32, size: ImageSize) -> (u32, u32, bool) {
    let scale = |num: u32, den: u32, of: u32| {
        ((u64::from(of) * u64::from(num) + u64::from(den) / 2) / u64::from(den).max(1)).max(1) as u32
    };
    match (size.width, size.height) {
        (Some(tw), Some(th)) => {
            // Shrink the box uniformly if the source is smaller than it.
            let factor = (f64::from(w) / f64::from(tw)).min(f64::from(h) / f64::from(th)).min(1.0);
            let bw = ((f64::from(tw) * factor).round() as u32).max(1);
            let bh = ((f64::from(th) * factor).round() as u32).max(1);
            (bw, bh, true)
        }
        (Some(tw), None) if tw < w => (tw, scale(tw, w, h), false),
        (None, Some(th)) if th < h => (scale(th, h, w), th, false),
        _ => (w, h, false),
    }
}

/// Decodes an asset and turns it upright by its EXIF orientation.
fn decode_upright(
    assets: &BTreeMap<String, Arc<[u8]>>,
    source: &str,
    limits: SizeLimits,
) -> Result<DynamicImage, ImageError> {
    let bytes = assets.get(source).ok_or_else(|| ImageError::Missing(source.to_string()))?;
    let unreadable = |e: image::ImageError| ImageError::Unreadable(source.to_string(), e.to_string());
    let mut reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| ImageError::Unreadable(source.to_string(), e.to_string()))?;
    reader.limits(limits.decoder_limits());
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    limits.check(source, w, h)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// A square, upright RGBA crop of an asset (faces kept in frame), for share cards.
pub fn square(
    assets: &BTreeMap<String, Arc<[u8]>>,
    source: &str,
    side: u32,
    limits: SizeLimits,
) -> Result<image::RgbaImage, ImageError> {
    let image = DynamicImage::ImageRgba8(decode_upright(assets, source, limits)?.to_rgba8());
    let side = side.min(image.width()).min(image.height()).max(1);
    let planned = PlannedImage {
        source: source.to_string(),
        output: String::new(),
        width: side,
        height: side,
        crop: true,
        format: OutputFormat::Png,
        variants: Vec::new(),
    };
    let resized = resize(&image, &planned).map_err(|e| ImageError::Unreadable(source.to_string(), e))?;
    Ok(resized.to_rgba8())
}

/// Decodes, orients, resizes and re-encodes a planned image: every file of it from one decode, the
/// JPEG or PNG first, then its WebP variants.
pub fn process_all(
    assets: &BTreeMap<String, Arc<[u8]>>,
    planned: &PlannedImage,
    limits: SizeLimits,
) -> Result<Vec<(String, Vec<u8>)>, ImageError> {
    let source = &planned.source;
    let unreadable = |e: image::ImageError| ImageError::Unreadable(source.clone(), e.to_string());
    let image = decode_upright(assets, source, limits)?;
    let image = match planned.format {
        OutputFormat::Jpeg => DynamicImage::ImageRgb8(image.to_rgb8()),
        OutputFormat::Png => DynamicImage::ImageRgba8(image.to_rgba8()),
    };
    let mut files = Vec::with_capacity(1 + planned.variants.len());
    for variant in &planned.variants {
        let sized =
            PlannedImage { width: variant.width, height: variant.height, variants: Vec::new(), ..planned.clone() };
        let resized = resize(&image, &sized).map_err(|e| ImageError::Unreadable(source.clone(), e))?;
        files.push((variant.output.clone(), super::responsive::webp(&resized)));
    }
    let resized = resize(&image, planned).map_err(|e| ImageError::Unreadable(source.clone(), e))?;
    let mut out = Vec::new();
    let result = match planned.format {
        OutputFormat::Jpeg => resized.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
        OutputFormat::Png => resized.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            FilterType::Adaptive,
        )),
    };
    result.map_err(unreadable)?;
    files.insert(0, (planned.output.clone(), out));
    Ok(files)
}

fn resize(image: &DynamicImage, planned: &PlannedImage) -> Result<DynamicImage, String> {
    let (w, h) = (image.width(), image.height());
    if (w, h) == (planned.width, planned.height) {
        return Ok(image.clone());
    }
    let mut options = ResizeOptions::new();
    if planned.crop {
        // Cover: crop the source to the target aspect, keeping faces (upper part) in frame.
        let target_aspect = f64::from(planned.width) / f64::from(planned.height);
        let (cw, ch) = if f64::from(w) / f64::from(h) > target_aspect {
            (f64::from(h) * target_aspect, f64::from(h))
        } else {
            (f64::from(w), f64::from(w) / target_aspect)
        };
        let left = (f64::from(w) - cw) / 2.0;
        let top = (f64::from(h) - ch) * 0.3;
        options = options.crop(left, top, cw, ch);
    }
    let mut dst = DynamicImage::new(planned.width, planned.height, image.color());
    Resizer::new().resize(image, &mut dst, &options).map_err(|e| e.to_string())?;
    Ok(dst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_sizes_never_upscale() {
        let both = ImageSize { width: Some(400), height: Some(500) };
        assert_eq!(target_size(1200, 1500, both), (400, 500, true));
        assert_eq!(target_size(200, 1000, both), (200, 250, true));
        let width = ImageSize { width: Some(600), height: None };
        assert_eq!(target_size(1200, 900, width), (600, 450, false));
        assert_eq!(target_size(300, 900, width), (300, 900, false));
        let height = ImageSize { width: None, height: Some(96) };
        assert_eq!(target_size(400, 120, height), (320, 96, false));
    }

    #[test]
    fn normalizes_references() {
        assert_eq!(normalize_source("assets/a.jpg"), "assets/a.jpg");
        assert_eq!(normalize_source("/assets/a.jpg"), "assets/a.jpg");
        assert_eq!(normalize_source("team/b.jpg"), "assets/team/b.jpg");
    }

    fn jpeg(w: u32, h: u32) -> Arc<[u8]> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }));
        let mut out = Vec::new();
        img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90)).unwrap();
        Arc::from(out)
    }

    #[test]
    fn plans_and_processes_to_the_planned_size() {
        let assets = BTreeMap::from([("assets/p.jpg".to_string(), jpeg(300, 200))]);
        let size = ImageSize { width: Some(100), height: Some(100) };
        let planned = plan(&assets, "assets/p.jpg", "team", size, SizeLimits::default()).unwrap();
        assert_eq!((planned.width, planned.height, planned.format), (100, 100, OutputFormat::Jpeg));
        assert!(planned.output.starts_with("assets/p-team.") && planned.output.ends_with(".jpg"));
        let files = process_all(&assets, &planned, SizeLimits::default()).unwrap();
        assert_eq!(files[0].0, planned.output);
        let out = image::load_from_memory(&files[0].1).unwrap();
        assert_eq!((out.width(), out.height()), (100, 100));
    }

    #[test]
    fn an_image_of_zero_pixels_is_unreadable_not_a_crash() {
        // A WebP header claiming a 0-pixel side, found by fuzzing.
        let webp: &[u8] = b"RIFF\xba\x03\0\0WEBPVP8L\xad\x03\0\0/\xff\xff\xff\x0f";
        let assets = BTreeMap::from([("assets/x.webp".to_string(), Arc::from(webp))]);
        let size = ImageSize { width: Some(480), height: Some(600) };
        let result = plan(&assets, "assets/x.webp", "x", size, SizeLimits::default());
        assert!(matches!(result, Err(ImageError::Unreadable(..))), "{result:?}");
    }

    #[test]
    fn missing_and_unreadable_images_are_errors() {
        let assets = BTreeMap::from([("assets/bad.jpg".to_string(), Arc::from(&b"not an image"[..]))]);
        let size = ImageSize { width: Some(10), height: None };
        assert!(matches!(
            plan(&assets, "assets/none.jpg", "x", size, SizeLimits::default()),
            Err(ImageError::Missing(_))
        ));
        assert!(matches!(
            plan(&assets, "assets/bad.jpg", "x", size, SizeLimits::default()),
            Err(ImageError::Unreadable(..))
        ));
    }
}
