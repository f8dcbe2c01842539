//! Theme stylesheets minified at build time with lightningcss: comments and whitespace go,
//! colours and numbers take their shortest form, and adjacent rules with the same selector or
//! declarations merge. The browsers patients still use are the targets (`TARGETS`): without
//! them lightningcss prints its newest syntax (`@media (width>=40em)`, which Safari before 16.4
//! ignores, so a phone from 2022 would get the desktop layout). A stylesheet lightningcss cannot
//! parse is published as written rather than failing the build.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};

/// The oldest browsers the output must work in (major << 16 | minor << 8): iOS and macOS Safari
/// 12, and the Chromium and Firefox releases of 2020. Newer syntax is written in forms these
/// read; what cannot be (relative colours, `:has()`) is left as the theme wrote it, behind its
/// own fallbacks.
const TARGETS: Browsers = Browsers {
    android: Some(80 << 16),
    chrome: Some(80 << 16),
    edge: Some(80 << 16),
    firefox: Some(78 << 16),
    ie: None,
    ios_saf: Some(12 << 16),
    opera: Some(67 << 16),
    safari: Some(12 << 16),
    samsung: Some(12 << 16),
};

/// `css` minified, or `None` if it does not parse (it is then published unchanged).
pub fn minify(name: &str, css: &str) -> Option<String> {
    let options = ParserOptions { filename: name.to_string(), ..ParserOptions::default() };
    let mut sheet = StyleSheet::parse(css, options).ok()?;
    let targets = Targets::from(TARGETS);
    sheet.minify(MinifyOptions { targets, ..MinifyOptions::default() }).ok()?;
    let printed = sheet.to_css(PrinterOptions { minify: true, targets, ..PrinterOptions::default() }).ok()?;
    Some(printed.code)
}

/// The bytes to publish for the stylesheet `name`: minified, memoised by content for the life of
/// the process (the theme's CSS rarely changes between `serve` rebuilds).
pub fn published(name: &str, bytes: &[u8]) -> Arc<[u8]> {
    static MEMO: OnceLock<Mutex<HashMap<blake3::Hash, Arc<[u8]>>>> = OnceLock::new();
    let key = blake3::hash(bytes);
    let memo = MEMO.get_or_init(Mutex::default);
    if let Some(hit) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let out: Arc<[u8]> = match std::str::from_utf8(bytes).ok().and_then(|css| minify(name, css)) {
        Some(min) => Arc::from(min.into_bytes()),
        None => Arc::from(bytes),
    };
    if let Ok(mut m) = memo.lock() {
        m.insert(key, Arc::clone(&out));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_without_changing_meaning() {
        let css = "/* a comment */\n.card {\n  color: #ffffff;\n  margin: 0px 0px;\n}\n\n@media (min-width: 40em) {\n  .card { padding: 1rem; }\n}\n";
        let min = minify("t.css", css).unwrap();
        assert!(!min.contains("comment") && !min.contains('\n'), "{min}");
        assert!(min.contains(".card{") && min.contains("#fff"), "{min}");
        // Range syntax (`width>=40em`) is ignored by Safari before 16.4: the old form stays.
        assert!(min.contains("@media (min-width:40em)") || min.contains("@media (min-width: 40em)"), "{min}");
    }

    #[test]
    fn the_clinic_theme_keeps_media_queries_old_phones_read() {
        let css = include_str!("../../themes/clinic/static/style.css");
        let min = minify("style.css", css).expect("the clinic theme parses");
        // Neither range syntax nor `not (feature)`, which Safari before 16.4 reads as never matching.
        assert!(!min.contains("(width") && !min.contains("width>") && !min.contains("width<"), "range media query");
        assert!(!min.contains("@media not ("), "a media query older browsers drop");
        assert!(min.contains("min-width:") || min.contains("max-width:"));
        assert!(min.len() < css.len() * 4 / 5, "{} of {}", min.len(), css.len());
    }

    #[test]
    fn modern_syntax_is_kept_not_lowered() {
        let css = ":root { --ink: oklch(from var(--brand) min(l, 0.48) c h); }\na:focus-visible { outline: 2px solid var(--ink); }\n.x:has(> img) { display: grid; }\n";
        let min = minify("t.css", css).unwrap();
        assert!(
            ["min(l, 0.48)", "min(l,.48)", "min(l, .48)"]
                .iter()
                .any(|m| min.contains(&format!("oklch(from var(--brand) {m} c h)"))),
            "{min}"
        );
        assert!(min.contains(":focus-visible") && min.contains(":has(>img)"), "{min}");
    }

    #[test]
    fn is_deterministic_and_falls_back_on_what_it_cannot_parse() {
        let css = ".a { color: red } .b { color: red }";
        assert_eq!(minify("t.css", css), minify("t.css", css));
        let broken = b".a { color: red ";
        assert!(!published("b.css", broken).is_empty());
        assert_eq!(&*published("b.css", b"\xff\xfe"), b"\xff\xfe");
    }
}
