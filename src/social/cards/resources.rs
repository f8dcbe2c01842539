//! What a card template's `<image href>` may load: files of the theme and the site's `assets/`,
//! already in memory, and `data:` URLs, each up to [`MAX_RESOURCE_BYTES`]. usvg's default reads
//! any path from disk (`href="/dev/zero"` read forever); this resolver never touches the disk.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use resvg::usvg::{self, ImageHrefResolver, ImageKind};

/// Largest image a card template may embed.
pub const MAX_RESOURCE_BYTES: usize = 10 << 20;

/// The files a card template may refer to, by path (`images/pattern.png` in the theme,
/// `assets/logo.png` in the site), and the references it was refused.
#[derive(Default)]
pub struct CardResources {
    /// Shared with the loaded files, not copied: most are never referenced.
    files: BTreeMap<String, bytes::Bytes>,
    refused: Mutex<Vec<String>>,
}

impl CardResources {
    /// Resources from theme files and site assets (later ones win on the same path).
    pub fn new(files: impl IntoIterator<Item = (String, bytes::Bytes)>) -> Self {
        Self { files: files.into_iter().collect(), refused: Mutex::new(Vec::new()) }
    }

    /// The first reference refused so far, if any.
    pub fn refused(&self) -> Option<String> {
        self.refused.lock().ok()?.first().cloned()
    }

    /// A resolver for usvg that looks references up in these files.
    pub fn resolver(self: &Arc<Self>) -> ImageHrefResolver<'static> {
        let strings = Arc::clone(self);
        let default_data = ImageHrefResolver::default_data_resolver();
        ImageHrefResolver {
            resolve_data: Box::new(move |mime: &str, data: Arc<Vec<u8>>, options: &usvg::Options| {
                (data.len() <= MAX_RESOURCE_BYTES).then(|| default_data(mime, data, options)).flatten()
            }),
            resolve_string: Box::new(move |href: &str, _: &usvg::Options| strings.resolve(href)),
        }
    }

    fn resolve(&self, href: &str) -> Option<ImageKind> {
        let path = href.trim_start_matches("./");
        let Some(data) = self.files.get(path).filter(|d| d.len() <= MAX_RESOURCE_BYTES) else {
            if let Ok(mut refused) = self.refused.lock() {
                refused.push(href.to_string());
            }
            return None;
        };
        let data = Arc::new(data.to_vec());
        match image::guess_format(&data).ok()? {
            image::ImageFormat::Png => Some(ImageKind::PNG(data)),
            image::ImageFormat::Jpeg => Some(ImageKind::JPEG(data)),
            image::ImageFormat::Gif => Some(ImageKind::GIF(data)),
            image::ImageFormat::WebP => Some(ImageKind::WEBP(data)),
            _ => None,
        }
    }
}
