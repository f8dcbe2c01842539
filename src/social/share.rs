//! Share cards for a build: one renderer per build, a cache in `.whitecoat/cache/cards/` keyed by
//! a hash of everything that goes into a card (an unchanged card is never redrawn), and file names
//! that carry that hash (`og/<slug>.<hash8>.png`), because networks cache images by URL.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cards::{CardError, CardFonts, CardFormat, CardInput, CardRenderer};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Span};
use crate::source::SourceFile;
use crate::theme::Theme;

/// The card template's path in a theme.
const TEMPLATE: &str = "cards/card.svg";

/// A card ready to write.
#[derive(Debug, Clone)]
pub struct MadeCard {
    /// Output path (`og/<slug>.<hash8>.png`).
    pub path: String,
    /// Encoded image.
    pub bytes: Arc<[u8]>,
    /// PNG or JPEG.
    pub format: CardFormat,
}

/// The share cards of one build.
pub struct CardSet {
    renderer: CardRenderer,
    template_origin: String,
    template_text: String,
    cache: Option<PathBuf>,
    practice: String,
    primary: String,
    accent: String,
    drawn: AtomicUsize,
    reused: AtomicUsize,
    /// Time spent drawing cards (and caching them), in microseconds summed over threads.
    drawing: std::sync::atomic::AtomicU64,
    /// The drawing threads' CPU time in that, in microseconds: without the time they waited.
    drawing_cpu: std::sync::atomic::AtomicU64,
}

impl CardSet {
    /// Loads the theme's card template and fonts; `cache` is the card cache folder, if any. The
    /// template may embed files of the theme and of `assets`.
    pub fn new(
        theme: &Theme,
        config: &Config,
        cache: Option<PathBuf>,
        assets: &std::collections::BTreeMap<String, Arc<[u8]>>,
    ) -> Result<Self, Box<Diagnostic>> {
        let file = theme.files.get(TEMPLATE).ok_or_else(|| {
            Box::new(
                Diagnostic::error("template/syntax", format!("the theme has no {TEMPLATE} for share cards"))
                    .help("add cards/card.svg to the theme, or set [social] cards = false"),
            )
        })?;
        let template_text = file.text().unwrap_or_default().to_string();
        // Fonts in path order: the first one sets the primary family.
        let fonts: Vec<bytes::Bytes> = theme
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("fonts/") && (path.ends_with(".ttf") || path.ends_with(".otf")))
            .map(|(_, f)| f.bytes.clone())
            .collect();
        let origin = file.origin.clone();
        let fonts = CardFonts::from_bytes(fonts).map_err(|e| Box::new(card_diagnostic(&origin, &template_text, &e)))?;
        let resources =
            super::cards::resources::CardResources::new(
                theme.files.iter().map(|(path, file)| (path.clone(), file.bytes.clone())).chain(
                    assets.iter().map(|(path, bytes)| (path.clone(), bytes::Bytes::from_owner(Arc::clone(bytes)))),
                ),
            );
        let renderer = CardRenderer::new(&template_text, fonts)
            .map_err(|e| Box::new(card_diagnostic(&origin, &template_text, &e)))?
            .with_resources(resources);
        Ok(Self {
            renderer,
            template_origin: origin,
            template_text,
            cache,
            practice: config.practice.name.clone(),
            primary: config.brand.primary.clone(),
            accent: config.brand.accent.clone(),
            drawn: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            drawing: std::sync::atomic::AtomicU64::new(0),
            drawing_cpu: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// A card input with the practice's name and colours filled in.
    pub fn input(&self) -> CardInput {
        CardInput {
            practice: self.practice.clone(),
            primary: self.primary.clone(),
            accent: self.accent.clone(),
            ..CardInput::default()
        }
    }

    /// The card for `input`, from the cache or freshly drawn, named after `slug`.
    pub fn make(&self, slug: &str, input: &CardInput) -> Result<MadeCard, Box<Diagnostic>> {
        let key = self.renderer.cache_key(input);
        let name = |format: CardFormat| format!("og/{slug}.{}.{}", &key[..8], format.extension());
        if let Some(cache) = &self.cache {
            for format in [CardFormat::Png, CardFormat::Jpeg] {
                if let Some(bytes) = read_entry(&cache.join(format!("{key}.{}", format.extension()))) {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                    return Ok(MadeCard { path: name(format), bytes: Arc::from(bytes), format });
                }
            }
        }
        // Only drawing is timed: the cost of a card. Cards read from the cache (on a large site,
        // most of them: articles of the same title share a card) would otherwise be counted as
        // drawing time too.
        let (started, cpu) = (std::time::Instant::now(), thread_cpu());
        let card = self
            .renderer
            .render(input)
            .map_err(|e| Box::new(card_diagnostic(&self.template_origin, &self.template_text, &e)))?;
        self.drawn.fetch_add(1, Ordering::Relaxed);
        if let Some(cache) = &self.cache {
            // The cache only saves time: a failure to write it must not fail the build.
            let _ = write_entry(cache, &format!("{key}.{}", card.format.extension()), &card.bytes);
        }
        let elapsed = started.elapsed();
        let cpu = cpu.zip(thread_cpu()).map_or(elapsed, |(before, after)| after.saturating_sub(before));
        self.drawing.fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
        self.drawing_cpu.fetch_add(cpu.as_micros() as u64, Ordering::Relaxed);
        Ok(MadeCard { path: name(card.format), bytes: Arc::from(card.bytes), format: card.format })
    }

    /// Cards drawn and cards taken from the cache so far.
    pub fn counts(&self) -> (usize, usize) {
        (self.drawn.load(Ordering::Relaxed), self.reused.load(Ordering::Relaxed))
    }

    /// Time spent drawing cards so far, summed over threads, and the CPU time in it.
    pub fn drawing_time(&self) -> DrawingTime {
        let micros =
            |counter: &std::sync::atomic::AtomicU64| std::time::Duration::from_micros(counter.load(Ordering::Relaxed));
        DrawingTime { thread: micros(&self.drawing), cpu: micros(&self.drawing_cpu) }
    }
}

/// Time spent drawing share cards, summed over threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct DrawingTime {
    /// From start to end of each drawing, as the drawing thread saw it.
    pub thread: std::time::Duration,
    /// The drawing threads' CPU time (without time they waited for the disk or a core; the
    /// thread time where the platform does not report it).
    pub cpu: std::time::Duration,
}

/// The CPU time of the calling thread, where the platform reports it (Unix; elsewhere drawing's
/// CPU time is its thread time).
#[cfg(unix)]
fn thread_cpu() -> Option<std::time::Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Some(std::time::Duration::new(u64::try_from(t.tv_sec).ok()?, u32::try_from(t.tv_nsec).ok()?))
}

#[cfg(not(unix))]
fn thread_cpu() -> Option<std::time::Duration> {
    None
}

/// A cache entry is the card followed by the BLAKE3 hash of the card: an entry cut short (a full
/// disk, a killed build) or damaged no longer matches its hash and is drawn again.
const CHECKSUM_LEN: usize = 32;

/// Writes a cache entry atomically (a temporary file renamed over the entry): readers see the
/// whole entry or none.
fn write_entry(cache: &std::path::Path, name: &str, card: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(cache)?;
    let mut file = tempfile::NamedTempFile::new_in(cache)?;
    file.write_all(card)?;
    file.write_all(blake3::hash(card).as_bytes())?;
    file.persist(cache.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// The card in a cache entry, if the entry is whole (its checksum matches) and is an image of
/// the card's size.
fn read_entry(path: &std::path::Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let split = bytes.len().checked_sub(CHECKSUM_LEN)?;
    if blake3::hash(&bytes[..split]).as_bytes() != &bytes[split..] {
        return None;
    }
    bytes.truncate(split);
    let size =
        image::ImageReader::new(std::io::Cursor::new(&bytes)).with_guessed_format().ok()?.into_dimensions().ok()?;
    (size == (super::cards::CARD_WIDTH, super::cards::CARD_HEIGHT)).then_some(bytes)
}

fn card_diagnostic(origin: &str, text: &str, error: &CardError) -> Diagnostic {
    let diagnostic = Diagnostic::error("template/render", format!("share card: {error}"))
        .help("fix the card template, or set [social] cards = false to build without cards");
    match error {
        CardError::Template { line: Some(line), .. } => {
            let file = Arc::new(SourceFile::new(origin, text.to_string()));
            let start = file.offset_of(*line, 1);
            let end = file.text[start..].find('\n').map_or(file.text.len(), |n| start + n);
            Diagnostic { span: Some(Span::new(&file, start..end)), label: "here".into(), ..diagnostic }
        }
        _ => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(super::super::cards::CARD_WIDTH, super::super::cards::CARD_HEIGHT)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn cache_entries_cut_short_or_damaged_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let card = card();
        write_entry(dir.path(), "k.png", &card).unwrap();
        let path = dir.path().join("k.png");
        assert_eq!(read_entry(&path).as_deref(), Some(&card[..]));
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 1, CHECKSUM_LEN, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert_eq!(read_entry(&path), None, "an entry cut to {cut} bytes");
        }
        let mut damaged = whole.clone();
        damaged[100] ^= 0xff;
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(read_entry(&path), None, "a damaged entry");
        // A whole entry that is not a card-sized image (a checksum does not make it a card).
        let other = b"not an image".to_vec();
        write_entry(dir.path(), "k.png", &other).unwrap();
        assert_eq!(read_entry(&path), None);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary files left");
    }
}
