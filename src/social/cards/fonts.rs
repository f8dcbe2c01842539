//! The theme's card fonts: loaded once from bytes, shared by resvg (through a `fontdb` database)
//! and by the title fitter (through `skrifa`, which measures glyph advances).
//!
//! Font choice is the same on both sides: the primary family (the family of the first font
//! given) at the closest weight, and for characters it lacks, the face with the closest weight
//! that has the character (then upright before italic, then the order the fonts were given).
//! usvg's own fallback ignores weight, so the renderer installs [`CardFonts::fallback_selector`].

use std::sync::Arc;

use bytes::Bytes;
use resvg::usvg::{self, fontdb};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::CardError;

/// One face of a loaded font file (a collection may hold several).
struct Face {
    id: fontdb::ID,
    data: Bytes,
    index: u32,
    family: String,
    family_rank: usize,
    weight: u16,
    italic: bool,
}

impl Face {
    fn font(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.data, self.index).ok()
    }

    fn has_char(&self, c: char) -> bool {
        self.font().is_some_and(|f| f.charmap().map(c).is_some())
    }
}

struct Inner {
    db: Arc<fontdb::Database>,
    faces: Vec<Face>,
    families: Vec<String>,
    digest: [u8; 32],
}

/// The fonts a card is drawn with, loaded once and cheap to clone (everything is behind an `Arc`).
///
/// Holds a `fontdb::Database` for resvg (filled with `load_font_data`-style binary sources, never
/// system fonts) and the same bytes for measuring with `skrifa`. The family of the first font given
/// is the primary family: the card template must set its text in that family; the others are
/// fallbacks (e.g. CJK).
#[derive(Clone)]
pub struct CardFonts {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFonts")
            .field("families", &self.inner.families)
            .field("faces", &self.inner.faces.len())
            .finish()
    }
}

impl CardFonts {
    /// Loads fonts from their file bytes (TTF, OTF or collections), primary family first.
    ///
    /// Fails if a file is not a font that both fontdb and skrifa can read, or if none is given.
    pub fn from_bytes(fonts: Vec<Bytes>) -> Result<Self, CardError> {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&(fonts.len() as u64).to_le_bytes());
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        let mut families: Vec<String> = Vec::new();
        for (file, data) in fonts.into_iter().enumerate() {
            hasher.update(&(data.len() as u64).to_le_bytes());
            if let Err(e) = FontRef::from_index(&data, 0) {
                return Err(CardError::Font { file, reason: e.to_string() });
            }
            let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(data.clone())));
            if ids.is_empty() {
                return Err(CardError::Font { file, reason: "not a TrueType/OpenType font or collection".to_string() });
            }
            for id in ids {
                let Some(info) = db.face(id) else { continue };
                match FontRef::from_index(&data, info.index) {
                    Ok(font) => digest_tables(&mut hasher, info.index, &font),
                    Err(e) => return Err(CardError::Font { file, reason: e.to_string() }),
                }
                let family = info
                    .families
                    .iter()
                    .find(|f| f.1 == fontdb::Language::English_UnitedStates)
                    .or_else(|| info.families.first())
                    .map(|f| f.0.clone())
                    .unwrap_or_default();
                let family_rank = match families.iter().position(|f| *f == family) {
                    Some(rank) => rank,
                    None => {
                        families.push(family.clone());
                        families.len() - 1
                    }
                };
                faces.push(Face {
                    id,
                    data: data.clone(),
                    index: info.index,
                    family,
                    family_rank,
                    weight: info.weight.0,
                    italic: info.style != fontdb::Style::Normal,
                });
            }
        }
        let Some(primary) = families.first().cloned() else {
            return Err(CardError::NoFonts);
        };
        // Generic families (and usvg's last-resort serif) resolve to the primary family.
        db.set_serif_family(primary.clone());
        db.set_sans_serif_family(primary.clone());
        db.set_monospace_family(primary.clone());
        db.set_cursive_family(primary.clone());
        db.set_fantasy_family(primary);
        Ok(Self { inner: Arc::new(Inner { db: Arc::new(db), faces, families, digest: *hasher.finalize().as_bytes() }) })
    }

    /// A digest of the fonts (in the order given), for cache keys: BLAKE3 over each face's table
    /// directory, whose per-table checksums change with any change to the font.
    pub fn digest(&self) -> [u8; 32] {
        self.inner.digest
    }

    /// The family names of the loaded fonts, primary first, as the SVG must spell them.
    pub fn families(&self) -> &[String] {
        &self.inner.families
    }

    /// The primary family (the family of the first font given).
    pub fn primary_family(&self) -> &str {
        self.inner.families.first().map_or("", String::as_str)
    }

    /// The characters of `text` that no loaded font has a glyph for (each once, in order), which
    /// would render as empty boxes; whitespace and control characters are not counted.
    pub fn uncovered_chars(&self, text: &str) -> Vec<char> {
        let measurer = self.measurer();
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || is_invisible(c) || out.contains(&c) {
                continue;
            }
            if !measurer.faces.iter().flatten().any(|f| f.charmap.map(c).is_some()) {
                out.push(c);
            }
        }
        out
    }

    /// The shared database resvg renders with.
    pub(super) fn database(&self) -> Arc<fontdb::Database> {
        self.inner.db.clone()
    }

    /// A usvg fallback selector that prefers the weight of the text being drawn (usvg's default
    /// may pick a regular face for bold text), choosing as the measurer does.
    pub(super) fn fallback_selector(&self) -> usvg::FallbackSelectionFn<'static> {
        let inner = self.inner.clone();
        Box::new(move |c, used, db| {
            let base = db.face(*used.first()?)?;
            let weight = base.weight.0;
            let italic = base.style != fontdb::Style::Normal;
            let index = best_face(&inner.faces, weight, italic, |i, face| {
                !used.contains(&inner.faces[i].id) && face.has_char(c)
            })?;
            Some(inner.faces[index].id)
        })
    }

    /// A measurer holding parsed `skrifa` handles for every face.
    pub(super) fn measurer(&self) -> Measurer<'_> {
        let faces = self
            .inner
            .faces
            .iter()
            .map(|face| {
                let font = face.font()?;
                let metrics = font.metrics(Size::unscaled(), LocationRef::default());
                let upem = f32::from(metrics.units_per_em);
                if upem <= 0.0 {
                    return None;
                }
                Some(MeasureFace {
                    charmap: font.charmap(),
                    glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                    upem,
                    cap_height: metrics.cap_height.map(|h| h / upem),
                })
            })
            .collect();
        Measurer { fonts: &self.inner, faces }
    }
}

/// Feeds a face's table directory (tag, checksum and length of every table) to `hasher`. Reading
/// the directory instead of the whole file keeps a build whose cards all come from the cache from
/// paging in megabytes of font data.
fn digest_tables(hasher: &mut blake3::Hasher, index: u32, font: &FontRef<'_>) {
    hasher.update(&index.to_le_bytes());
    for record in font.table_directory.table_records() {
        hasher.update(&record.tag().to_be_bytes());
        hasher.update(&record.checksum().to_le_bytes());
        hasher.update(&record.length().to_le_bytes());
    }
}

/// The best face among those `accept` admits: closest weight, then upright/italic as asked,
/// then the order the families were given.
fn best_face(faces: &[Face], weight: u16, italic: bool, mut accept: impl FnMut(usize, &Face) -> bool) -> Option<usize> {
    faces
        .iter()
        .enumerate()
        .filter(|(i, face)| accept(*i, face))
        .min_by_key(|(i, face)| {
            (
                face.weight.abs_diff(weight),
                // At equal distance, heavier for bold requests and lighter for light ones.
                (face.weight < weight) == (weight >= 400),
                face.italic != italic,
                face.family_rank,
                *i,
            )
        })
        .map(|(i, _)| i)
}

struct MeasureFace<'a> {
    charmap: Charmap<'a>,
    glyphs: GlyphMetrics<'a>,
    upem: f32,
    cap_height: Option<f32>,
}

/// Measures text in em units (multiply by the font size for pixels), choosing faces as the
/// renderer does. Kerning is ignored; with these fonts it only ever narrows text.
pub(super) struct Measurer<'a> {
    fonts: &'a Inner,
    faces: Vec<Option<MeasureFace<'a>>>,
}

impl Measurer<'_> {
    /// The face the primary family uses at `weight`.
    fn primary(&self, weight: u16) -> Option<usize> {
        best_face(&self.fonts.faces, weight, false, |_, face| face.family_rank == 0)
    }

    fn has(&self, index: usize, c: char) -> bool {
        self.faces.get(index).and_then(Option::as_ref).is_some_and(|f| f.charmap.map(c).is_some())
    }

    /// The face that draws `c` in text of `weight` set in the primary family.
    fn face_for(&self, c: char, weight: u16) -> Option<usize> {
        let primary = self.primary(weight)?;
        if self.has(primary, c) {
            return Some(primary);
        }
        best_face(&self.fonts.faces, weight, false, |i, _| i != primary && self.has(i, c)).or(Some(primary))
    }

    /// The family that draws `c` in text of `weight` (the primary family when nothing has it).
    pub(super) fn family_for(&self, c: char, weight: u16) -> Option<&str> {
        let index = self.face_for(c, weight)?;
        self.fonts.faces.get(index).map(|f| f.family.as_str())
    }

    /// Whether `family` (as returned by [`Self::family_for`]) has a glyph for `c`.
    pub(super) fn family_has(&self, family: &str, c: char) -> bool {
        self.fonts.faces.iter().enumerate().any(|(i, f)| f.family == family && self.has(i, c))
    }

    /// The advance of `c` in em.
    pub(super) fn advance(&self, c: char, weight: u16) -> f32 {
        if is_invisible(c) {
            return 0.0;
        }
        let Some(face) = self.face_for(c, weight).and_then(|i| self.faces.get(i)).and_then(Option::as_ref) else {
            return 0.5;
        };
        // An unmapped character draws the .notdef glyph (id 0).
        let glyph = face.charmap.map(c).unwrap_or_default();
        face.glyphs.advance_width(glyph).unwrap_or(0.0) / face.upem
    }

    /// The width of `text` in em, with `spacing` em added after every character.
    pub(super) fn width(&self, text: &str, weight: u16, spacing: f32) -> f32 {
        text.chars().map(|c| self.advance(c, weight) + spacing).sum()
    }

    /// Cap height of the primary face at `weight`, in em.
    pub(super) fn cap_height(&self, weight: u16) -> f32 {
        self.primary(weight)
            .and_then(|i| self.faces.get(i))
            .and_then(Option::as_ref)
            .and_then(|f| f.cap_height)
            .filter(|h| *h > 0.0 && *h < 2.0)
            .unwrap_or(0.72)
    }

    /// The primary family's name.
    pub(super) fn primary_family(&self) -> &str {
        self.fonts.families.first().map_or("", String::as_str)
    }
}

/// Format characters that draw nothing and take no room (joiners, variation selectors, soft
/// hyphen, byte-order mark).
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

#[cfg(test)]
impl CardFonts {
    /// The fontdb id of the face of `family` at exactly `weight`.
    pub(super) fn face_id(&self, family: &str, weight: u16) -> Option<fontdb::ID> {
        self.inner.faces.iter().find(|f| f.family == family && f.weight == weight).map(|f| f.id)
    }
}
