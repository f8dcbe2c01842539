//! Share cards: the 1200x630 `og:image` drawn for every page that sets no image of its own.
//!
//! The theme ships the layout as a Tera-templated SVG (`cards/card.svg`) and the fonts it is set
//! in (`fonts/`). Titles are wrapped and fitted here from measured glyph advances, the template is
//! rendered, and resvg rasterises the SVG with the theme's fonts only (never system fonts, so every
//! machine draws the same card). A headshot is composited afterwards from its already decoded
//! pixels, clipped to a circle. Cards are PNG (fast compression) without a photo and JPEG q85 with
//! one, and always under [`MAX_CARD_BYTES`].
//!
//! The template receives the variables listed at the top of `themes/clinic/cards/card.svg` and
//! one filter, `card_text`, which every piece of text should go through (see [`CardRenderer`]).

mod fit;
mod fonts;
pub mod resources;

/// `title` with each of the clinician's credentials held to the word before it by no-break
/// spaces ("Rafael Moreno,\u{a0}MD"), so a wrapped title never leaves "MD" alone on a line, and
/// dashes held to the word before them.
fn glue_credentials(title: &str, credentials: &str) -> String {
    // A dash stays at the end of the line it follows, never starts one.
    let mut glued = title.replace(" — ", "\u{a0}— ").replace(" – ", "\u{a0}– ");
    for credential in credentials.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        glued = glued.replace(&format!(", {credential}"), &format!(",\u{a0}{credential}"));
    }
    glued
}

/// Whether `title` already names the clinician `name` (with or without an honorific).
fn names_person(title: &str, name: &str) -> bool {
    let bare = name.trim().trim_start_matches("Dr.").trim_start_matches("Dr ").trim();
    !bare.is_empty() && fit::clean_text(title).to_lowercase().contains(&bare.to_lowercase())
}

#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::sync::Arc;

use image::{ExtendedColorType, ImageEncoder, RgbaImage};
use resvg::tiny_skia;
use resvg::usvg;
use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

pub use self::fit::{FittedTitle, LINE_HEIGHT, TITLE_WEIGHT, fit_text, fit_title};
pub use self::fonts::CardFonts;

/// Bumped whenever the renderer's output can change for the same template, fonts and input
/// (layout constants, encoders, resvg upgrades); part of every cache key.
pub const RENDERER_VERSION: u32 = 3;

/// Card width in px (the size Facebook, LinkedIn and X recommend).
pub const CARD_WIDTH: u32 = 1200;

/// Card height in px.
pub const CARD_HEIGHT: u32 = 630;

/// Upper bound on the encoded size: some messengers (WhatsApp) show no preview above ~300 KB.
pub const MAX_CARD_BYTES: usize = 300_000;

/// JPEG quality for cards with a photo.
pub const JPEG_QUALITY: u8 = 85;

/// Diameter of the headshot circle in px: callers get the best result passing a headshot of this
/// size (any square size works; it is scaled).
pub const PHOTO_SIZE: u32 = 300;

/// The template's name inside the renderer (its suffix turns on SVG escaping).
const TEMPLATE_NAME: &str = "card.svg";

/// Layout shared by the renderer and the template (the template gets these as variables).
mod layout {
    /// Nothing important closer than this to the card's edges.
    pub const MARGIN: f32 = 80.0;
    /// Top of the box the title is centred in.
    pub const TITLE_TOP: f32 = 150.0;
    /// Bottom of the box the title is centred in (the white band starts at 470).
    pub const TITLE_BOTTOM: f32 = 440.0;
    /// Space between the title and the headshot.
    pub const TITLE_PHOTO_GAP: f32 = 48.0;
    /// Top of the headshot circle's box.
    pub const PHOTO_Y: f32 = 85.0;
    /// Title sizes: start, smallest, lines.
    pub const TITLE_START: f32 = 64.0;
    pub const TITLE_MIN: f32 = 40.0;
    pub const TITLE_LINES: usize = 3;
    /// The practice name on a generic card: start, smallest, lines.
    pub const GENERIC_START: f32 = 76.0;
    pub const GENERIC_MIN: f32 = 44.0;
    pub const GENERIC_LINES: usize = 3;
}

/// Errors from loading fonts, compiling the template and drawing cards.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// A font file could not be read.
    #[error("font file #{file} could not be loaded: {reason}")]
    Font {
        /// Position of the file in the list given to [`CardFonts::from_bytes`].
        file: usize,
        /// What the font parser said.
        reason: String,
    },
    /// No fonts were given.
    #[error("no fonts were given for share cards; the theme's fonts/ folder must hold at least one TTF or OTF")]
    NoFonts,
    /// The card template failed to compile or render.
    #[error("card template{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template {
        /// 1-based line in the template, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
    /// The rendered template is not SVG that usvg can read.
    #[error("the card template produced invalid SVG: {0}")]
    Svg(String),
    /// A brand colour is not `#rrggbb`.
    #[error("card colour `{field}` is {value:?}; expected #rrggbb")]
    Colour {
        /// The input field (`primary` or `accent`).
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// The headshot has no pixels.
    #[error("the headshot image is empty ({width}x{height})")]
    Headshot {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// The card could not be encoded.
    #[error("encoding the card failed: {0}")]
    Encode(String),
    /// Even the smallest encoding is over [`MAX_CARD_BYTES`].
    #[error("the card is {bytes} bytes even as JPEG; the limit is {MAX_CARD_BYTES}")]
    TooLarge {
        /// Size of the smallest encoding tried.
        bytes: usize,
    },
}

/// Everything a card shows. Text is plain (it is escaped for SVG here); empty fields are omitted
/// by the template.
#[derive(Clone, Default)]
pub struct CardInput {
    /// The page title (ignored on a generic card).
    pub title: String,
    /// The clinician's name as displayed, e.g. "Dr. José Núñez".
    pub name: String,
    /// Post-nominal credentials, e.g. "MD, FACC".
    pub credentials: String,
    /// Primary specialty, e.g. "Cardiology".
    pub specialty: String,
    /// The practice's name.
    pub practice: String,
    /// Brand colour, `#rrggbb` (the card background).
    pub primary: String,
    /// Accent colour, `#rrggbb` (rules and highlights).
    pub accent: String,
    /// The clinician's consented headshot, already square-cropped by the caller (e.g. 400x400;
    /// [`PHOTO_SIZE`] is drawn 1:1). `None`: no photo, PNG output.
    pub headshot: Option<Arc<RgbaImage>>,
    /// The practice-wide generic card (reviews page, pages without a clinician): no title, the
    /// practice name large. Never carries patient words.
    pub generic: bool,
}

impl std::fmt::Debug for CardInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardInput")
            .field("title", &self.title)
            .field("name", &self.name)
            .field("credentials", &self.credentials)
            .field("specialty", &self.specialty)
            .field("practice", &self.practice)
            .field("primary", &self.primary)
            .field("accent", &self.accent)
            .field("headshot", &self.headshot.as_ref().map(|h| h.dimensions()))
            .field("generic", &self.generic)
            .finish()
    }
}

/// The encoding of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardFormat {
    /// PNG, fast compression (cards without a photo).
    Png,
    /// JPEG (cards with a photo).
    Jpeg,
}

impl CardFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }

    /// The MIME type, for `og:image:type`.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }
}

/// An encoded share card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Its encoding.
    pub format: CardFormat,
    /// Width in px ([`CARD_WIDTH`]).
    pub width: u32,
    /// Height in px ([`CARD_HEIGHT`]).
    pub height: u32,
}

/// The compiled card template with its fonts. `Send + Sync`: one renderer serves all threads.
///
/// Besides the variables, the template gets the filter
/// `card_text(weight=400, size=, max_width=, letter_spacing=0)`: it escapes text for SVG, wraps
/// runs the primary family lacks (CJK) in `<tspan font-family="…">` so they are drawn in the
/// fallback font, and, when `size` and `max_width` are given, cuts the text to that width with
/// "…". Its output is markup: apply it last, inside `<text>`/`<tspan>` only.
pub struct CardRenderer {
    tera: Tera,
    template: String,
    fonts: CardFonts,
    options: usvg::Options<'static>,
    resources: Arc<resources::CardResources>,
}

impl std::fmt::Debug for CardRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardRenderer").field("fonts", &self.fonts).finish_non_exhaustive()
    }
}

impl CardRenderer {
    /// Compiles `template_svg` (Tera syntax; errors carry the template line) for `fonts`.
    pub fn new(template_svg: &str, fonts: CardFonts) -> Result<Self, CardError> {
        let mut tera = Tera::new();
        tera.autoescape_on([".svg"]);
        let filter_fonts = fonts.clone();
        tera.register_filter("card_text", move |text: String, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let weight = kwargs.get::<u16>("weight")?.unwrap_or(400).clamp(1, 1000);
            let size = kwargs.get::<f32>("size")?;
            let max_width = kwargs.get::<f32>("max_width")?;
            let spacing = kwargs.get::<f32>("letter_spacing")?.unwrap_or(0.0);
            let text = match (size, max_width) {
                (Some(size), Some(width)) => fit::ellipsize_line(&filter_fonts, &text, weight, size, width, spacing),
                _ => fit::clean_text(&text),
            };
            Ok(Value::safe_string(&font_runs(&filter_fonts, &text, weight)))
        });
        tera.add_raw_template(TEMPLATE_NAME, template_svg).map_err(|e| template_error(&e))?;

        let mut options = usvg::Options {
            font_family: fonts.primary_family().to_string(),
            fontdb: fonts.database(),
            ..usvg::Options::default()
        };
        options.font_resolver.select_fallback = fonts.fallback_selector();
        let resources = Arc::new(resources::CardResources::default());
        options.image_href_resolver = resources.resolver();
        Ok(Self { tera, template: template_svg.to_string(), fonts, options, resources })
    }

    /// Lets the template's `<image href>` load these files (and nothing else from disk).
    pub fn with_resources(mut self, resources: resources::CardResources) -> Self {
        self.resources = Arc::new(resources);
        self.options.image_href_resolver = self.resources.resolver();
        self
    }

    /// The fonts cards are set in.
    pub fn fonts(&self) -> &CardFonts {
        &self.fonts
    }

    /// The rendered SVG text for `input`: title fitted into lines, everything escaped.
    pub fn render_svg(&self, input: &CardInput) -> Result<String, CardError> {
        let context = self.context(input)?;
        self.tera.render(TEMPLATE_NAME, &context).map_err(|e| template_error(&e))
    }

    /// Draws the card: 1200x630, PNG (fast compression) without a photo, JPEG q85 with one, under
    /// [`MAX_CARD_BYTES`] (a PNG over the limit becomes a JPEG, and a JPEG over it is re-encoded
    /// at lower qualities before [`CardError::TooLarge`]). The same input always gives the same
    /// bytes.
    pub fn render(&self, input: &CardInput) -> Result<Card, CardError> {
        let svg = self.render_svg(input)?;
        let tree = usvg::Tree::from_str(&svg, &self.options).map_err(|e| CardError::Svg(e.to_string()))?;
        if let Some(href) = self.resources.refused() {
            return Err(CardError::Svg(format!(
                "<image href=\"{href}\"> is not a file of the theme or of assets/ (a card may embed only those, up to {} MB each, or data: URLs)",
                resources::MAX_RESOURCE_BYTES >> 20
            )));
        }
        let mut scratch = Scratch::take()?;
        scratch.canvas.fill(tiny_skia::Color::WHITE);
        let size = tree.size();
        let transform =
            tiny_skia::Transform::from_scale(CARD_WIDTH as f32 / size.width(), CARD_HEIGHT as f32 / size.height());
        resvg::render(&tree, transform, &mut scratch.canvas.as_mut());
        if let Some(headshot) = &input.headshot {
            let (x, y, d) = photo_box();
            draw_headshot(&mut scratch.canvas, headshot, x, y, d)?;
        }
        let card = encode(&mut scratch, input.headshot.is_some());
        scratch.give_back();
        card
    }

    /// Hex BLAKE3 of everything that affects the card: [`RENDERER_VERSION`], the template text,
    /// the fonts' digest, every input field, and the headshot's size and pixels.
    pub fn cache_key(&self, input: &CardInput) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"whitecoat share card\0");
        hasher.update(&RENDERER_VERSION.to_le_bytes());
        let mut field = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(self.template.as_bytes());
        field(&self.fonts.digest());
        for text in [
            &input.title,
            &input.name,
            &input.credentials,
            &input.specialty,
            &input.practice,
            &input.primary,
            &input.accent,
        ] {
            field(text.as_bytes());
        }
        field(&[u8::from(input.generic)]);
        match &input.headshot {
            None => field(b"no photo"),
            Some(image) => {
                let (w, h) = image.dimensions();
                field(&w.to_le_bytes());
                field(&h.to_le_bytes());
                field(blake3::hash(image.as_raw()).as_bytes());
            }
        }
        hasher.finalize().to_hex().to_string()
    }

    /// The template variables for `input` (listed in `themes/clinic/cards/card.svg`).
    fn context(&self, input: &CardInput) -> Result<Context, CardError> {
        let primary = parse_colour("primary", &input.primary)?;
        let accent = parse_colour("accent", &input.accent)?;
        let has_photo = input.headshot.is_some();
        let (photo_x, photo_y, photo_size) = photo_box();
        let title_x = layout::MARGIN;
        let title_width = if has_photo {
            photo_x - layout::TITLE_PHOTO_GAP - title_x
        } else {
            CARD_WIDTH as f32 - 2.0 * layout::MARGIN
        };
        let fitted = if input.generic {
            fit_title(
                &self.fonts,
                &input.practice,
                title_width,
                layout::GENERIC_LINES,
                layout::GENERIC_START,
                layout::GENERIC_MIN,
            )
        } else {
            fit_title(
                &self.fonts,
                &glue_credentials(&input.title, &input.credentials),
                title_width,
                layout::TITLE_LINES,
                layout::TITLE_START,
                layout::TITLE_MIN,
            )
        };
        // Centre the block (cap height of the first line to the last baseline) in its box.
        let cap = self.fonts.measurer().cap_height(TITLE_WEIGHT) * fitted.font_size;
        let lines = fitted.lines.len().max(1) as f32;
        let block = cap + (lines - 1.0) * fitted.line_height;
        let title_y = layout::TITLE_TOP + (layout::TITLE_BOTTOM - layout::TITLE_TOP - block) / 2.0 + cap;

        let mut context = Context::new();
        context.insert("width", &CARD_WIDTH);
        context.insert("height", &CARD_HEIGHT);
        context.insert("title_lines", &fitted.lines);
        context.insert("title_size", &round1(fitted.font_size));
        context.insert("title_line_height", &round1(fitted.line_height));
        context.insert("title_y", &round1(title_y));
        context.insert("title_x", &round1(title_x));
        context.insert("title_width", &round1(title_width));
        // The footer names the clinician only when the title does not already.
        let name = if names_person(&input.title, &input.name) { String::new() } else { fit::clean_text(&input.name) };
        context.insert("name", &name);
        context.insert("credentials", &fit::clean_text(&input.credentials));
        context.insert("specialty", &fit::clean_text(&input.specialty));
        context.insert("practice", &fit::clean_text(&input.practice));
        context.insert("primary", &hex(primary));
        context.insert("accent", &hex(accent));
        context.insert("on_primary", on_colour(primary));
        context.insert("on_accent", on_colour(accent));
        context.insert("has_photo", &has_photo);
        context.insert("photo_x", &round1(photo_x));
        context.insert("photo_y", &round1(photo_y));
        context.insert("photo_size", &round1(photo_size));
        context.insert("generic", &input.generic);
        Ok(context)
    }
}

/// (x, y, diameter) of the headshot circle's box.
fn photo_box() -> (f32, f32, f32) {
    let size = PHOTO_SIZE as f32;
    (CARD_WIDTH as f32 - layout::MARGIN - size, layout::PHOTO_Y, size)
}

fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// Turns a Tera error into a [`CardError::Template`] with the template line.
fn template_error(error: &tera::Error) -> CardError {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            CardError::Template { line: Some(report.span().start_line), message: report.message().to_string() }
        }
        _ => CardError::Template { line: None, message: error.to_string() },
    }
}

/// Escapes `text` for SVG character data and wraps the runs the primary family cannot draw in a
/// `<tspan>` naming the family that can (so resvg never has to guess a fallback).
fn font_runs(fonts: &CardFonts, text: &str, weight: u16) -> String {
    let measurer = fonts.measurer();
    let primary = measurer.primary_family().to_string();
    let mut out = String::with_capacity(text.len() + 16);
    let mut current = primary.clone();
    for c in text.chars() {
        let family = if measurer.family_has(&current, c) {
            current.clone()
        } else {
            measurer.family_for(c, weight).unwrap_or(&primary).to_string()
        };
        if family != current {
            if current != primary {
                out.push_str("</tspan>");
            }
            if family != primary {
                out.push_str("<tspan font-family=\"'");
                escape_into(&mut out, &family);
                out.push_str("'\">");
            }
            current = family;
        }
        let mut buf = [0u8; 4];
        escape_into(&mut out, c.encode_utf8(&mut buf));
    }
    if current != primary {
        out.push_str("</tspan>");
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Parses `#rrggbb` (any case).
fn parse_colour(field: &'static str, value: &str) -> Result<[u8; 3], CardError> {
    let bad = || CardError::Colour { field, value: value.to_string() };
    let digits = value.trim().strip_prefix('#').ok_or_else(bad)?;
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut rgb = [0u8; 3];
    for (i, channel) in rgb.iter_mut().enumerate() {
        *channel = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(rgb)
}

fn hex(rgb: [u8; 3]) -> String {
    let mut out = String::from("#");
    for c in rgb {
        let _ = write!(out, "{c:02x}");
    }
    out
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f32 {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// The text colour (white or near-black) with the higher contrast on `background`.
fn on_colour(background: [u8; 3]) -> &'static str {
    let l = luminance(background);
    let dark = luminance([0x11, 0x18, 0x27]);
    let on_white = 1.05 / (l + 0.05);
    let on_dark = (l + 0.05) / (dark + 0.05);
    if on_white >= on_dark { "#ffffff" } else { "#111827" }
}

/// Draws `headshot` scaled into the circle inscribed in the `size` square at (`x`, `y`),
/// centre-cropping a non-square image.
fn draw_headshot(
    pixmap: &mut tiny_skia::Pixmap,
    headshot: &RgbaImage,
    x: f32,
    y: f32,
    size: f32,
) -> Result<(), CardError> {
    let (width, height) = headshot.dimensions();
    let empty = || CardError::Headshot { width, height };
    let mut source = tiny_skia::Pixmap::new(width, height).ok_or_else(empty)?;
    for (dst, px) in source.pixels_mut().iter_mut().zip(headshot.pixels()) {
        let [r, g, b, a] = px.0;
        *dst = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
    }
    let scale = size / width.min(height) as f32;
    let tx = x + (size - width as f32 * scale) / 2.0;
    let ty = y + (size - height as f32 * scale) / 2.0;
    let quality =
        if (scale - 1.0).abs() < 1e-3 { tiny_skia::FilterQuality::Nearest } else { tiny_skia::FilterQuality::Bicubic };
    let shader = tiny_skia::Pattern::new(
        source.as_ref(),
        tiny_skia::SpreadMode::Pad,
        quality,
        1.0,
        tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, tx, ty),
    );
    let radius = size / 2.0;
    let circle = tiny_skia::PathBuilder::from_circle(x + radius, y + radius, radius)
        .ok_or_else(|| CardError::Encode("headshot circle is empty".to_string()))?;
    let paint = tiny_skia::Paint { shader, anti_alias: true, ..tiny_skia::Paint::default() };
    pixmap.fill_path(&circle, &paint, tiny_skia::FillRule::Winding, tiny_skia::Transform::identity(), None);
    Ok(())
}

/// A card-sized canvas and RGB buffer, kept by each rendering thread between cards: a fresh
/// 3 MB canvas per card cost more in page faults and zeroing than drawing the card did (the
/// allocator hands freed memory back to the OS within a millisecond).
struct Scratch {
    canvas: tiny_skia::Pixmap,
    rgb: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Box<Scratch>>> = const { std::cell::Cell::new(None) };
}

impl Scratch {
    /// This thread's buffers, or new ones.
    fn take() -> Result<Box<Scratch>, CardError> {
        if let Some(scratch) = SCRATCH.take() {
            return Ok(scratch);
        }
        let canvas = tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT)
            .ok_or_else(|| CardError::Encode("cannot allocate the card".to_string()))?;
        Ok(Box::new(Scratch { canvas, rgb: Vec::with_capacity((CARD_WIDTH * CARD_HEIGHT * 3) as usize) }))
    }

    /// Keeps the buffers for this thread's next card.
    fn give_back(self: Box<Self>) {
        SCRATCH.set(Some(self));
    }
}

/// Encodes the (opaque) card as RGB: PNG fast without a photo, JPEG q85 with one, falling back
/// to lower JPEG qualities if the size limit demands it.
fn encode(scratch: &mut Scratch, photo: bool) -> Result<Card, CardError> {
    let rgb = &mut scratch.rgb;
    rgb.clear();
    for px in scratch.canvas.pixels() {
        let c = px.demultiply();
        rgb.extend_from_slice(&[c.red(), c.green(), c.blue()]);
    }
    let card = |bytes: Vec<u8>, format| Card { bytes, format, width: CARD_WIDTH, height: CARD_HEIGHT };
    if !photo {
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new_with_quality(
            &mut bytes,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(rgb, CARD_WIDTH, CARD_HEIGHT, ExtendedColorType::Rgb8)
        .map_err(|e| CardError::Encode(e.to_string()))?;
        if bytes.len() < MAX_CARD_BYTES {
            return Ok(card(bytes, CardFormat::Png));
        }
    }
    let mut smallest = usize::MAX;
    for quality in [JPEG_QUALITY, 75, 65, 50] {
        let mut bytes = Vec::new();
        // jpeg-encoder (AVX2 where the CPU has it): the image crate's encoder took three
        // quarters of a photo card's time.
        jpeg_encoder::Encoder::new(&mut bytes, quality)
            .encode(rgb, CARD_WIDTH as u16, CARD_HEIGHT as u16, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| CardError::Encode(e.to_string()))?;
        if bytes.len() < MAX_CARD_BYTES {
            return Ok(card(bytes, CardFormat::Jpeg));
        }
        smallest = smallest.min(bytes.len());
    }
    Err(CardError::TooLarge { bytes: smallest })
}
