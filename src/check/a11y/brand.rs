//! `a11y/brand-contrast`: a brand colour too light (or too dark, in dark mode) to read as text.
//! Brand colours are the practice's to choose; a theme that clamps them so text stays legible
//! declares the clamp in `theme.toml` (`[brand] ink_max_lightness`), and the finding says what
//! the theme shows instead, so nothing is silently changed.

use palette::color_difference::Wcag21RelativeContrast;
use palette::{IntoColor, Oklch, Srgb};

use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;

/// WCAG 1.4.3: body text needs 4.5:1 against its background.
pub const TEXT_CONTRAST: f32 = 4.5;

/// Findings for the site's brand colours against the theme's white page.
pub fn check(site: &Site, ink_max_lightness: Option<f32>) -> Vec<Diagnostic> {
    let brand = &site.config.brand;
    [("primary", &brand.primary), ("accent", &brand.accent)]
        .into_iter()
        .filter_map(|(name, hex)| {
            let colour = parse(hex)?;
            let ratio = contrast_on_white(colour);
            if ratio >= TEXT_CONTRAST {
                return None;
            }
            let message = format!("brand {name} {hex} has {ratio:.1}:1 contrast against white; text needs {TEXT_CONTRAST}:1 (WCAG 1.4.3)");
            let help = match ink_max_lightness {
                Some(max) => {
                    let ink = clamp_lightness(colour, max);
                    format!(
                        "the theme shows text and buttons in {} instead ({:.1}:1, the same hue at OKLCH lightness {max}) and keeps {hex} for decoration; to have the brand exactly as written, choose a darker {name} such as {}",
                        hex_of(ink),
                        contrast_on_white(ink),
                        hex_of(ink)
                    )
                }
                None => format!(
                    "this theme uses the colour as it is, so text in it is hard to read; choose a darker {name} (at least {TEXT_CONTRAST}:1 against white)"
                ),
            };
            let mut finding = Diagnostic::warning("a11y/brand-contrast", message).help(help);
            if let Some(span) = value_span(site, name, hex) {
                finding = finding.at(span, "this colour");
            }
            Some(finding)
        })
        .collect()
}

fn parse(hex: &str) -> Option<Srgb<f32>> {
    hex.parse::<Srgb<u8>>().ok().map(|c| c.into_format())
}

/// WCAG contrast ratio of `colour` against white.
pub fn contrast_on_white(colour: Srgb<f32>) -> f32 {
    colour.relative_contrast(Srgb::new(1.0, 1.0, 1.0))
}

/// The colour at OKLCH lightness at most `max`, same chroma and hue (CSS
/// `oklch(from c min(l, max) c h)`), clipped to sRGB as browsers display it.
pub fn clamp_lightness(colour: Srgb<f32>, max: f32) -> Srgb<f32> {
    let mut oklch: Oklch<f32> = colour.into_linear().into_color();
    oklch.l = oklch.l.min(max);
    let linear: palette::LinSrgb<f32> = oklch.into_color();
    let srgb: Srgb<f32> = Srgb::from_linear(linear);
    Srgb::new(srgb.red.clamp(0.0, 1.0), srgb.green.clamp(0.0, 1.0), srgb.blue.clamp(0.0, 1.0))
}

fn hex_of(colour: Srgb<f32>) -> String {
    let c: Srgb<u8> = colour.into_format();
    format!("#{:02x}{:02x}{:02x}", c.red, c.green, c.blue)
}

/// Where the colour is written in site.toml.
fn value_span(site: &Site, name: &str, hex: &str) -> Option<Span> {
    let text = &site.config_file.text;
    let table = text.find("[brand]")?;
    let key = text[table..].find(&format!("\n{name}")).map(|n| table + n + 1)?;
    let line_end = text[key..].find('\n').map_or(text.len(), |n| key + n);
    let at = text[key..line_end].find(hex).map(|n| key + n)?;
    Some(Span::new(&site.config_file, at - 1..at + hex.len() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let ratio = |hex: &str| contrast_on_white(parse(hex).unwrap());
        assert!((ratio("#000000") - 21.0).abs() < 0.01);
        assert!((ratio("#767676") - 4.54).abs() < 0.02, "the lightest grey that passes");
        assert!(ratio("#f1c232") < 2.0);
    }

    #[test]
    fn clamping_darkens_light_colours_enough_and_leaves_dark_ones() {
        let gold = parse("#f1c232").unwrap();
        let ink = clamp_lightness(gold, 0.48);
        assert!(contrast_on_white(ink) >= TEXT_CONTRAST, "{}", hex_of(ink));
        let navy = parse("#0b5394").unwrap();
        assert_eq!(hex_of(clamp_lightness(navy, 0.48)), "#0b5394");
    }
}
