//! Themes: the built-in `clinic` theme embedded in the binary, site-local themes under
//! `themes/<name>/` (which may `extends` another), and site overrides under `templates/`.
//! Lookup order for any file: site `templates/`, the site theme, the themes it extends, built-in.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use include_dir::{Dir, include_dir};

use crate::load::SiteFiles;

/// The built-in themes, compiled into the binary so an installed `whitecoat` works anywhere.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// A file of a theme with where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Where it came from: `templates/x.html`, `themes/acme/templates/x.html`, or `<built-in clinic>/templates/x.html`.
    pub origin: String,
    /// Its bytes: borrowed from the binary for built-in files (fonts are megabytes, and most
    /// builds never read them), shared with the loaded site files otherwise.
    pub bytes: Bytes,
}

/// A theme resolved through all its layers.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The configured theme name.
    pub name: String,
    /// Templates by name (relative to `templates/`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// Static files (relative to `static/`), copied to the output root.
    pub statics: BTreeMap<String, ThemeFile>,
    /// Other theme files (cards, fonts), relative to the theme root.
    pub files: BTreeMap<String, ThemeFile>,
    /// Image sizes the theme asks for, by role.
    pub images: BTreeMap<String, ImageSize>,
    /// The OKLCH lightness the theme caps brand colours at for text (`[brand]
    /// ink_max_lightness`), so `a11y/brand-contrast` can say what the theme shows instead.
    pub ink_max_lightness: Option<f32>,
}

/// A size a theme asks for; with both sides the image is cover-cropped, with one it is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSize {
    /// Target width.
    pub width: Option<u32>,
    /// Target height.
    pub height: Option<u32>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeToml {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    extends: Option<String>,
    #[serde(default)]
    images: BTreeMap<String, ImageSize>,
    #[serde(default)]
    brand: BrandToml,
}

/// `[brand]` of theme.toml: how the theme treats brand colours.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandToml {
    ink_max_lightness: Option<f32>,
}

/// Why a theme could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// No site-local or built-in theme has the name.
    #[error(
        "theme `{0}` not found: there is no themes/{0}/ in the site and no built-in theme of that name (built-in: {1})"
    )]
    NotFound(String, String),
    /// A theme.toml is invalid.
    #[error("{origin}: {message}")]
    BadThemeToml {
        /// Which theme.toml.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// Themes extend each other in a loop.
    #[error("themes extend each other in a loop: {0}")]
    Cycle(String),
}

/// Names of the built-in themes.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.dirs().filter_map(|d| d.path().to_str()).collect()
}

/// Every file of the built-in themes, by path (for the tests that precompute from them).
#[cfg(test)]
pub(crate) fn every_builtin_file() -> Vec<(&'static str, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(&'static str, &'static [u8])>) {
        out.extend(dir.files().filter_map(|f| Some((f.path().to_str()?, f.contents()))));
        dir.dirs().for_each(|d| walk(d, out));
    }
    let mut files = Vec::new();
    walk(&BUILTIN, &mut files);
    files.sort();
    files
}

/// One layer of files with its label.
struct Layer {
    label: String,
    files: BTreeMap<String, Bytes>,
}

/// Resolves the theme `name` for the site.
pub fn resolve(site: &SiteFiles, name: &str) -> Result<Theme, ThemeError> {
    // Walk the extends chain from the named theme down to the built-in base.
    let mut chain: Vec<Layer> = Vec::new();
    let mut visited: Vec<String> = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(current) = next.take() {
        if visited.contains(&current) {
            return Err(ThemeError::Cycle(format!("{} -> {current}", visited.join(" -> "))));
        }
        visited.push(current.clone());
        let layer = if let Some(files) = site.themes.get(&current) {
            let files =
                files.iter().map(|(path, bytes)| (path.clone(), Bytes::from_owner(Arc::clone(bytes)))).collect();
            Layer { label: format!("themes/{current}/"), files }
        } else if let Some(files) = builtin_files(&current) {
            Layer { label: format!("<built-in {current}>/"), files }
        } else {
            return Err(ThemeError::NotFound(current, builtin_names().join(", ")));
        };
        let toml = parse_theme_toml(&layer)?;
        next = toml.extends;
        chain.push(layer);
    }
    // The built-in theme is always the last fallback, so a partial theme still renders every page.
    if !chain.iter().any(|l| l.label.starts_with("<built-in clinic>"))
        && let Some(files) = builtin_files("clinic")
    {
        chain.push(Layer { label: "<built-in clinic>/".into(), files });
    }
    let mut theme = Theme {
        name: name.to_string(),
        templates: BTreeMap::new(),
        statics: BTreeMap::new(),
        files: BTreeMap::new(),
        images: BTreeMap::new(),
        ink_max_lightness: None,
    };
    // Lowest layer first, so higher layers override.
    for layer in chain.iter().rev() {
        let toml = parse_theme_toml(layer)?;
        theme.images.extend(toml.images);
        theme.ink_max_lightness = toml.brand.ink_max_lightness.or(theme.ink_max_lightness);
        for (path, bytes) in &layer.files {
            let file = ThemeFile { origin: format!("{}{path}", layer.label), bytes: bytes.clone() };
            if let Some(rest) = path.strip_prefix("templates/") {
                theme.templates.insert(rest.to_string(), file);
            } else if let Some(rest) = path.strip_prefix("static/") {
                theme.statics.insert(rest.to_string(), file);
            } else {
                theme.files.insert(path.clone(), file);
            }
        }
    }
    // The built-in templates stay reachable as `builtin/<name>`, so an override of `base.html`
    // can `{% extends "builtin/base.html" %}` instead of copying it.
    if let Some(files) = builtin_files("clinic") {
        for (path, bytes) in files {
            if let Some(rest) = path.strip_prefix("templates/") {
                let file = ThemeFile { origin: format!("<built-in clinic>/{path}"), bytes };
                theme.templates.insert(format!("builtin/{rest}"), file);
            }
        }
    }
    for (path, bytes) in &site.templates {
        theme.templates.insert(
            path.clone(),
            ThemeFile { origin: format!("templates/{path}"), bytes: Bytes::from_owner(Arc::clone(bytes)) },
        );
    }
    Ok(theme)
}

fn builtin_files(name: &str) -> Option<BTreeMap<String, Bytes>> {
    let dir = BUILTIN.get_dir(name)?;
    let mut files = BTreeMap::new();
    collect(dir, dir.path(), &mut files);
    Some(files)
}

fn collect(dir: &Dir<'static>, root: &std::path::Path, out: &mut BTreeMap<String, Bytes>) {
    for file in dir.files() {
        if let Ok(relative) = file.path().strip_prefix(root) {
            let key = crate::fsx::slash_path(relative);
            out.insert(key, Bytes::from_static(file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect(sub, root, out);
    }
}

fn parse_theme_toml(layer: &Layer) -> Result<ThemeToml, ThemeError> {
    let Some(bytes) = layer.files.get("theme.toml") else {
        return Ok(ThemeToml::default());
    };
    let origin = format!("{}theme.toml", layer.label);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ThemeError::BadThemeToml { origin: origin.clone(), message: "not UTF-8".into() })?;
    toml::from_str(text).map_err(|e| ThemeError::BadThemeToml { origin, message: e.to_string() })
}

impl ThemeFile {
    /// The file as text (templates and SVG are UTF-8).
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}
