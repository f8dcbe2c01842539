//! Wrapping and fitting card text from measured glyph advances (SVG has no automatic wrapping).
//!
//! Line breaks go at spaces, after hyphens and slashes inside words, and between Chinese and
//! Japanese characters (never before closing punctuation or after opening punctuation); Korean
//! words are kept whole, as Korean separates words with spaces. A word wider than a line is
//! broken between characters, keeping combining marks with their base.

use super::CardFonts;
use super::fonts::{Measurer, is_invisible};

/// The weight the title is set in (the card template must use `font-weight="700"` for it).
pub const TITLE_WEIGHT: u16 = 700;

/// Line height of fitted text, as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.18;

/// How much the font size shrinks per step while fitting, in px.
const SIZE_STEP: f32 = 2.0;

/// Appended to text that had to be cut.
const ELLIPSIS: char = '…';

/// Slack for floating-point comparisons of widths, in em.
const EPSILON: f32 = 1e-4;

/// A title wrapped and sized to fit its box.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FittedTitle {
    /// The lines, in order (empty for an empty title); the last ends with "…" if text was cut.
    pub lines: Vec<String>,
    /// The font size the lines fit at, in px.
    pub font_size: f32,
    /// Distance between baselines, in px.
    pub line_height: f32,
}

/// Wraps `title` (set in the primary family at [`TITLE_WEIGHT`]) into at most `max_lines` lines
/// no wider than `max_width` px, trying `start_size` and shrinking by 2 px steps down to
/// `min_size`; if it still does not fit, the last line at `min_size` is cut and ends with "…".
pub fn fit_title(
    fonts: &CardFonts,
    title: &str,
    max_width: f32,
    max_lines: usize,
    start_size: f32,
    min_size: f32,
) -> FittedTitle {
    fit_text(fonts, title, TITLE_WEIGHT, max_width, max_lines, start_size, min_size)
}

/// [`fit_title`] for text of any weight.
pub fn fit_text(
    fonts: &CardFonts,
    text: &str,
    weight: u16,
    max_width: f32,
    max_lines: usize,
    start_size: f32,
    min_size: f32,
) -> FittedTitle {
    let start_size = if start_size.is_finite() && start_size > 0.0 { start_size } else { 1.0 };
    let min_size = if min_size.is_finite() && min_size > 0.0 { min_size.min(start_size) } else { start_size };
    let max_width = if max_width.is_finite() && max_width > 0.0 { max_width } else { 1.0 };
    let max_lines = max_lines.max(1);
    let text = clean_text(text);
    let measurer = fonts.measurer();
    let pieces = pieces(&measurer, &text, weight);
    let space = measurer.advance(' ', weight);
    let fitted =
        |size: f32, lines: Vec<String>| FittedTitle { lines, font_size: size, line_height: size * LINE_HEIGHT };

    let mut size = start_size;
    loop {
        let lines = wrap(&pieces, space, max_width / size);
        if lines.len() <= max_lines {
            return fitted(size, lines.into_iter().map(|l| l.text).collect());
        }
        if size <= min_size {
            break;
        }
        size = (size - SIZE_STEP).max(min_size);
    }

    // Still too long at the smallest size: keep max_lines - 1 lines and cut the last.
    let max_em = max_width / size;
    let lines = wrap(&pieces, space, max_em);
    let mut out: Vec<String> = Vec::with_capacity(max_lines);
    let mut last_start = (0, 0);
    for line in lines.into_iter().take(max_lines) {
        last_start = line.start;
        out.push(line.text);
    }
    out.pop();
    let budget = max_em - measurer.advance(ELLIPSIS, weight);
    out.push(ellipsized_from(&pieces, last_start, space, budget));
    fitted(size, out)
}

/// Cuts `text` to one line of at most `max_width` px at `size` px (measured with `spacing` px of
/// letter spacing after each character), ending with "…" when cut.
pub(super) fn ellipsize_line(
    fonts: &CardFonts,
    text: &str,
    weight: u16,
    size: f32,
    max_width: f32,
    spacing: f32,
) -> String {
    let text = clean_text(text);
    if !(size.is_finite() && size > 0.0 && max_width.is_finite()) {
        return text;
    }
    let measurer = fonts.measurer();
    let spacing_em = if spacing.is_finite() { spacing / size } else { 0.0 };
    let max_em = max_width / size;
    if measurer.width(&text, weight, spacing_em) <= max_em + EPSILON {
        return text;
    }
    let pieces = pieces_spaced(&measurer, &text, weight, spacing_em);
    let space = measurer.advance(' ', weight) + spacing_em;
    let budget = max_em - measurer.advance(ELLIPSIS, weight) - spacing_em;
    ellipsized_from(&pieces, (0, 0), space, budget)
}

/// Replaces control characters with spaces, collapses runs of whitespace, and trims. A no-break
/// space stays: it holds two words on one line.
pub(super) fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if (c.is_whitespace() && c != '\u{a0}') || c.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// An unbreakable run of text, with the widths of its character clusters (in em).
struct Piece {
    text: String,
    /// (byte end of the cluster in `text`, its width).
    clusters: Vec<(usize, f32)>,
    width: f32,
    space_before: bool,
}

impl Piece {
    fn cluster_text(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.clusters[index - 1].0 };
        &self.text[start..self.clusters[index].0]
    }
}

fn pieces(measurer: &Measurer<'_>, text: &str, weight: u16) -> Vec<Piece> {
    pieces_spaced(measurer, text, weight, 0.0)
}

fn pieces_spaced(measurer: &Measurer<'_>, text: &str, weight: u16, spacing: f32) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (word_index, word) in text.split(' ').filter(|w| !w.is_empty()).enumerate() {
        let mut piece = Piece { text: String::new(), clusters: Vec::new(), width: 0.0, space_before: word_index > 0 };
        let mut prev: Option<char> = None;
        for c in word.chars() {
            if let Some(p) = prev
                && break_between(p, c)
                && !piece.text.is_empty()
            {
                out.push(std::mem::replace(
                    &mut piece,
                    Piece { text: String::new(), clusters: Vec::new(), width: 0.0, space_before: false },
                ));
            }
            let advance = measurer.advance(c, weight) + if is_invisible(c) { 0.0 } else { spacing };
            piece.text.push(c);
            piece.width += advance;
            match piece.clusters.last_mut() {
                Some(last) if extends_cluster(c) => {
                    last.0 = piece.text.len();
                    last.1 += advance;
                }
                _ => piece.clusters.push((piece.text.len(), advance)),
            }
            prev = Some(c);
        }
        if !piece.text.is_empty() {
            out.push(piece);
        }
    }
    out
}

/// A wrapped line and where it starts: (piece index, cluster index within that piece).
struct Line {
    text: String,
    start: (usize, usize),
}

/// Greedy wrapping of `pieces` into lines of at most `max_em`.
fn wrap(pieces: &[Piece], space: f32, max_em: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut current = Line { text: String::new(), start: (0, 0) };
    let mut width = 0.0_f32;
    for (index, piece) in pieces.iter().enumerate() {
        let mut gap = if piece.space_before { space } else { 0.0 };
        if !current.text.is_empty() && width + gap + piece.width > max_em + EPSILON {
            lines.push(std::mem::replace(&mut current, Line { text: String::new(), start: (index, 0) }));
            width = 0.0;
        }
        if current.text.is_empty() {
            current.start = (index, 0);
            gap = 0.0;
        }
        if current.text.is_empty() && piece.width > max_em + EPSILON {
            // A word wider than a line: break it between clusters.
            for (cluster, &(_, w)) in piece.clusters.iter().enumerate() {
                if !current.text.is_empty() && width + w > max_em + EPSILON {
                    lines.push(std::mem::replace(&mut current, Line { text: String::new(), start: (index, cluster) }));
                    width = 0.0;
                }
                current.text.push_str(piece.cluster_text(cluster));
                width += w;
            }
        } else {
            if gap > 0.0 {
                current.text.push(' ');
            }
            current.text.push_str(&piece.text);
            width += gap + piece.width;
        }
    }
    if !current.text.is_empty() {
        lines.push(current);
    }
    lines
}

/// The text from `start` onwards, cut to fit `budget` em, with "…" appended if anything was cut.
fn ellipsized_from(pieces: &[Piece], start: (usize, usize), space: f32, budget: f32) -> String {
    let (first_piece, first_cluster) = start;
    let mut text = String::new();
    let mut width = 0.0_f32;
    let mut cut = false;
    'pieces: for (index, piece) in pieces.iter().enumerate().skip(first_piece) {
        let skip = if index == first_piece { first_cluster } else { 0 };
        let gap = if piece.space_before && !text.is_empty() { space } else { 0.0 };
        let rest: f32 = piece.clusters.iter().skip(skip).map(|c| c.1).sum();
        if width + gap + rest <= budget + EPSILON {
            if gap > 0.0 {
                text.push(' ');
            }
            for cluster in skip..piece.clusters.len() {
                text.push_str(piece.cluster_text(cluster));
            }
            width += gap + rest;
            continue;
        }
        cut = true;
        // Cut inside this word only if the line would otherwise be mostly empty.
        if text.is_empty() || width < budget * 0.6 {
            let mut started = false;
            for cluster in skip..piece.clusters.len() {
                let w = piece.clusters[cluster].1;
                let extra = if started { 0.0 } else { gap };
                if (started || !text.is_empty()) && width + extra + w > budget + EPSILON {
                    break 'pieces;
                }
                if !started && gap > 0.0 {
                    text.push(' ');
                }
                started = true;
                text.push_str(piece.cluster_text(cluster));
                width += extra + w;
            }
        }
        break;
    }
    if !cut {
        return text;
    }
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '/' | '.' | '、' | '，' | '。' | '·' | '(' | '[')
    });
    let mut out = trimmed.to_string();
    out.push(ELLIPSIS);
    out
}

/// Whether `c` belongs to the cluster before it (combining marks, joiners, selectors).
fn extends_cluster(c: char) -> bool {
    is_invisible(c)
        || matches!(c,
            '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{1F3FB}'..='\u{1F3FF}')
}

/// Characters of scripts written without spaces, between which lines may break.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3130}'..='\u{318F}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Hangul: Korean separates words with spaces, so its words are kept whole (CSS `keep-all`).
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7FF}')
}

/// Characters a line must not start with.
fn no_break_before(c: char) -> bool {
    extends_cluster(c)
        || matches!(
            c,
            ',' | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '%'
                | '…'
                | '’'
                | '”'
                | '、'
                | '。'
                | '，'
                | '．'
                | '：'
                | '；'
                | '！'
                | '？'
                | '）'
                | '」'
                | '』'
                | '】'
                | '〕'
                | '〉'
                | '》'
                | '〗'
                | '〙'
                | '〛'
                | 'ー'
                | '々'
                | '〻'
                | 'ゝ'
                | 'ゞ'
                | 'ヽ'
                | 'ヾ'
                | '・'
                | '‥'
                | 'ぁ'
                | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ゎ'
                | 'ァ'
                | 'ィ'
                | 'ゥ'
                | 'ェ'
                | 'ォ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ヮ'
                | 'ヵ'
                | 'ヶ'
                | '］'
                | '｝'
                | '％'
        )
}

/// Characters a line must not end with.
fn no_break_after(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '‘'
            | '“'
            | '（'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
    ) || c == '\u{200D}'
}

/// Whether a line may break between `a` and `b` inside a word.
fn break_between(a: char, b: char) -> bool {
    if no_break_before(b) || no_break_after(a) {
        return false;
    }
    if (is_cjk(a) && !is_hangul(a)) || (is_cjk(b) && !is_hangul(b)) {
        return true;
    }
    matches!(a, '-' | '/' | '–' | '—') && b.is_alphanumeric()
}
