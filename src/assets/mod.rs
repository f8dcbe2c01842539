//! Stage 5, assets: processed images (planned before rendering so pages know their URLs and sizes,
//! produced after it), the syntax-highlighting stylesheet, theme and site static files (the
//! theme's CSS minified, [`css`]).

pub mod css;
pub mod images;
pub mod paths;
pub mod responsive;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::document::{Document, Kind};
use crate::model::values::Sp;
use crate::render::views::{ImageSource, ImageView};
use crate::theme::{ImageSize, Theme};
use crate::write::Sink;
use images::{ImageError, PlannedImage};

/// Every image the build produces, by (source, role).
#[derive(Debug, Default)]
pub struct ImagePlan {
    images: BTreeMap<(String, String), PlannedImage>,
    /// The size limits every image was planned and is decoded within.
    pub limits: images::SizeLimits,
}

impl ImagePlan {
    /// The processed image for a content reference, as a view for templates.
    pub fn view(&self, reference: &str, role: &str, alt: &str) -> Option<ImageView> {
        let planned = self.images.get(&(images::normalize_source(reference), role.to_string()))?;
        let sources = if planned.variants.is_empty() {
            Vec::new()
        } else {
            vec![ImageSource { mime: "image/webp", srcset: responsive::srcset(&planned.variants) }]
        };
        Some(ImageView {
            url: planned.url(),
            width: planned.width,
            height: planned.height,
            alt: alt.to_string(),
            sources,
        })
    }

    /// The processed image for a reference written in the document at `doc_path` (site-relative),
    /// which may also be relative to that document (`../../assets/x.jpg`).
    pub fn view_in(&self, doc_path: &std::path::Path, reference: &str, role: &str, alt: &str) -> Option<ImageView> {
        let source =
            paths::resolve(doc_path, reference, |s| self.images.contains_key(&(s.to_string(), role.to_string())));
        self.view(&source, role, alt)
    }

    /// All planned images.
    pub fn all(&self) -> impl Iterator<Item = &PlannedImage> {
        self.images.values()
    }
}

/// Image roles the built-in theme sizes when a theme does not say.
fn size_for(theme: &Theme, role: &str) -> ImageSize {
    theme.images.get(role).copied().unwrap_or(match role {
        "headshot" => ImageSize { width: Some(480), height: Some(600) },
        "team" => ImageSize { width: Some(360), height: Some(450) },
        "logo" => ImageSize { width: None, height: Some(96) },
        "share" => ImageSize { width: Some(1200), height: Some(630) },
        _ => ImageSize { width: Some(1200), height: None },
    })
}

/// Whether a Markdown image source points outside the site (left alone).
pub fn is_external(src: &str) -> bool {
    // Any address with a scheme (http, data, javascript, …) is not a file of the site; refused
    // schemes are reported by `markup/url-scheme`, once.
    src.starts_with("//") || url::Url::parse(src).is_ok()
}

/// An image a document refers to: which document, where, what, in which role, with which alt text.
#[derive(Debug, Clone)]
pub struct ImageReference<'s> {
    /// The document.
    pub doc: &'s Document,
    /// Byte range of the reference in the document's file.
    pub span: std::ops::Range<usize>,
    /// The path as written.
    pub reference: String,
    /// `headshot`, `team`, `share` or `content`.
    pub role: &'static str,
    /// Alt text, if any was given.
    pub alt: Option<String>,
}

/// Every image the content refers to, in document order.
pub fn references(site: &Site) -> Vec<ImageReference<'_>> {
    let mut found = Vec::new();
    fn field<'s>(
        found: &mut Vec<ImageReference<'s>>,
        doc: &'s Document,
        reference: &Option<Sp<String>>,
        role: &'static str,
        alt: Option<&Sp<String>>,
    ) {
        if let Some(r) = reference {
            found.push(ImageReference {
                doc,
                span: r.span.clone(),
                reference: r.value.clone(),
                role,
                alt: alt.map(|a| a.value.clone()),
            });
        }
    }
    field(&mut found, &site.profile.doc, &site.profile.headshot, "headshot", site.profile.headshot_alt.as_ref());
    for member in &site.team {
        field(&mut found, &member.doc, &member.photo, "team", member.photo_alt.as_ref());
    }
    let docs = std::iter::once(&site.profile.doc)
        .chain(site.team.iter().map(|t| &t.doc))
        .chain(site.articles.iter().map(|a| &a.doc))
        .chain(site.pages.iter().map(|p| &p.doc))
        .chain(site.reviews.iter().map(|r| &r.doc));
    for doc in docs {
        if let Some(image) = &doc.image {
            let alt = doc.image_alt.clone();
            found.push(ImageReference {
                doc,
                span: image.span.clone(),
                reference: image.value.clone(),
                role: "share",
                alt,
            });
        }
        for image in doc.body_images() {
            if !is_external(&image.src) {
                let span = doc.body.start + image.range.start..doc.body.start + image.range.end;
                let alt = Some(image.alt.clone()).filter(|a| !a.trim().is_empty());
                found.push(ImageReference { doc, span, reference: image.src.clone(), role: "content", alt });
            }
        }
    }
    found
}

impl ImageReference<'_> {
    /// The source file under `assets/` this reference names (see [`paths::resolve`]): images in
    /// Markdown may also be written relative to their document; front matter paths are relative
    /// to the site or `assets/`, as documented.
    pub fn source(&self, exists: impl Fn(&str) -> bool) -> String {
        if self.role == "content" {
            paths::resolve(&self.doc.file.path, &self.reference, exists)
        } else {
            images::normalize_source(&self.reference)
        }
    }
}

/// Plans every image the content references; missing or unreadable ones are errors at the reference.
pub fn plan(site: &Site, theme: &Theme, assets: &BTreeMap<String, Arc<[u8]>>) -> (ImagePlan, Vec<Diagnostic>) {
    // A review's own `image` is never shown (the reviews page shares the generic card), so a
    // patient's photo given there is not published.
    let requests: Vec<_> =
        references(site).into_iter().filter(|r| !(r.role == "share" && r.doc.kind == Kind::Review)).collect();
    let limits = images::SizeLimits::of(&site.config.limits);
    let mut plan = ImagePlan { limits, ..ImagePlan::default() };
    let mut diagnostics = Vec::new();
    if let Some(logo) = &site.config.brand.logo {
        match images::plan(assets, &images::normalize_source(logo), "logo", size_for(theme, "logo"), limits) {
            Ok(p) => {
                plan.images.insert((p.source.clone(), "logo".into()), p);
            }
            Err(e) => {
                let mut finding = Diagnostic::error("image/missing", format!("the brand logo cannot be used: {e}"))
                    .help("put the logo under assets/ and set [brand] logo = \"assets/logo.png\" in site.toml");
                if let Some(span) = &site.config.brand.logo_span {
                    finding = finding.at(Span::new(&site.config_file, span.clone()), "the logo");
                }
                diagnostics.push(finding);
            }
        }
    }
    let results: Vec<_> = requests
        .par_iter()
        .map(|r| {
            let source = r.source(|s| assets.contains_key(s));
            (r, images::plan(assets, &source, r.role, size_for(theme, r.role), limits))
        })
        .collect();
    for (r, result) in results {
        match result {
            Ok(p) => {
                plan.images.insert((p.source.clone(), r.role.to_string()), p);
            }
            Err(e) => diagnostics.push(image_diagnostic(r.doc, r.span.clone(), &r.reference, &e, Some(assets))),
        }
    }
    (plan, diagnostics)
}

/// A finding for an image that failed while being processed, at the first content that uses it.
pub fn image_failure(site: &Site, error: &ImageError) -> Diagnostic {
    let source = match error {
        ImageError::Missing(s) | ImageError::Unreadable(s, _) | ImageError::TooLarge(s, ..) => s.as_str(),
    };
    let found = references(site).into_iter().find(|r| r.source(|s| s == source) == source);
    match found {
        Some(r) => image_diagnostic(r.doc, r.span.clone(), &r.reference, error, None),
        None => Diagnostic::error("image/missing", format!("{error}")).help("re-export the image as JPEG or PNG"),
    }
}

fn image_diagnostic(
    doc: &Document,
    span: std::ops::Range<usize>,
    reference: &str,
    error: &ImageError,
    assets: Option<&BTreeMap<String, Arc<[u8]>>>,
) -> Diagnostic {
    let source = match error {
        ImageError::Missing(s) | ImageError::Unreadable(s, _) | ImageError::TooLarge(s, ..) => s.as_str(),
    };
    let near = match error {
        ImageError::TooLarge(..) => None,
        _ => assets
            .and_then(|a| paths::near_miss(source, a.keys().map(String::as_str)))
            .or_else(|| paths::is_heic(source).then(|| paths::NearMiss::Heic(source.to_string()))),
    };
    let at = Span::new(&doc.file, span);
    match near {
        Some(paths::NearMiss::Heic(file)) => {
            return Diagnostic::error(
                "image/missing",
                format!("image `{reference}`: {file} is a HEIC photo, which web pages cannot show"),
            )
            .at(at, "a HEIC photo")
            .help(paths::HEIC_HELP);
        }
        Some(paths::NearMiss::Case(file)) => {
            let name = file.rsplit('/').next().unwrap_or(&file);
            // The reference as written, with the file's own capitals over the part they share.
            let shared =
                reference.bytes().rev().zip(file.bytes().rev()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count();
            let fixed = match (reference.get(..reference.len() - shared), file.get(file.len() - shared..)) {
                (Some(head), Some(tail)) => format!("{head}{tail}"),
                _ => file.clone(),
            };
            return Diagnostic::error("image/missing", format!("image `{reference}`: {source} does not exist"))
                .at(at, "no file with exactly this name")
                .help(format!(
                    "did you mean `{name}`? Capital letters count in file names on a web server: write `{fixed}`"
                ));
        }
        None => {}
    }
    if reference.contains("..") && paths::relative_to(&doc.file.path, reference).is_none() {
        return Diagnostic::error("image/missing", format!("image `{reference}` leads outside the site folder"))
            .at(at, "outside the site")
            .help("images must be inside the site: put it under assets/ and write ![description](assets/name.jpg)");
    }
    let help = match error {
        ImageError::Missing(path) => {
            format!("put the image at {path} in the site folder, or fix the path (images live under assets/)")
        }
        ImageError::Unreadable(..) => "re-export the image as JPEG or PNG".to_string(),
        ImageError::TooLarge(..) => {
            "resize the image (a website needs at most a few thousand pixels per side), or raise image_pixels / image_side under [limits] in site.toml".to_string()
        }
    };
    Diagnostic::error("image/missing", format!("image `{reference}`: {error}")).at(at, "referenced here").help(help)
}

/// Processed images of earlier builds by output path (names carry a hash of the source and the
/// processing, so an entry never goes stale).
#[derive(Default)]
pub struct ImageCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, Arc<[u8]>>>,
}

/// Produces every planned image in parallel into `sink`; returns how many.
pub fn produce_images(
    plan: &ImagePlan,
    assets: &BTreeMap<String, Arc<[u8]>>,
    sink: &dyn Sink,
    cache: Option<&ImageCache>,
) -> Result<usize, AssetError> {
    let planned: Vec<&PlannedImage> = plan.all().collect();
    let counts: Vec<usize> = planned
        .par_iter()
        .map(|p| {
            let outputs = std::iter::once(&p.output).chain(p.variants.iter().map(|v| &v.output));
            let cached: Option<Vec<(String, Arc<[u8]>)>> = cache.and_then(|c| {
                let entries = c.entries.lock().ok()?;
                outputs.map(|o| Some((o.clone(), entries.get(o)?.clone()))).collect()
            });
            let files = match cached {
                Some(files) => files,
                None => {
                    let files: Vec<(String, Arc<[u8]>)> = images::process_all(assets, p, plan.limits)
                        .map_err(AssetError::Image)?
                        .into_iter()
                        .map(|(path, bytes)| (path, Arc::from(bytes)))
                        .collect();
                    if let Some(mut entries) = cache.and_then(|c| c.entries.lock().ok()) {
                        for (path, bytes) in &files {
                            entries.insert(path.clone(), Arc::clone(bytes));
                        }
                    }
                    files
                }
            };
            for (path, bytes) in &files {
                sink.put_shared(path, bytes).map_err(AssetError::Io)?;
            }
            Ok(files.len())
        })
        .collect::<Result<_, AssetError>>()?;
    Ok(counts.iter().sum())
}

/// Writes the syntax stylesheet, the theme's static files and the site's `static/` folder.
/// Site files win over theme files of the same name.
pub fn produce_static(
    theme: &Theme,
    statics: &BTreeMap<String, std::path::PathBuf>,
    sink: &dyn Sink,
) -> Result<usize, AssetError> {
    // Written even on sites without code: a theme of the site's own may link it from every page.
    sink.put_shared("syntax.css", &syntax_css()).map_err(AssetError::Io)?;
    let mut count = 1;
    for (path, file) in theme_files(theme, statics) {
        // The theme's stylesheets are minified; the site's own `static/` files are published as written.
        if path.ends_with(".css") {
            sink.put_shared(path, &css::published(path, &file.bytes)).map_err(AssetError::Io)?;
        } else {
            sink.put(path, &file.bytes).map_err(AssetError::Io)?;
        }
        count += 1;
    }
    for (path, source) in statics {
        let bytes = crate::fsx::read(source).map_err(AssetError::Io)?;
        sink.put(path, &bytes).map_err(AssetError::Io)?;
        count += 1;
    }
    Ok(count)
}

/// Minifies the stylesheets [`produce_static`] publishes ahead of time (they are memoised): they
/// depend on the theme alone, so a build prepares them while the content is checked.
pub fn prepare_styles(theme: &Theme, statics: &BTreeMap<String, std::path::PathBuf>) {
    syntax_css();
    for (path, file) in theme_files(theme, statics).filter(|(path, _)| path.ends_with(".css")) {
        css::published(path, &file.bytes);
    }
}

/// The stylesheet for highlighted code, minified.
fn syntax_css() -> Arc<[u8]> {
    css::syntax()
}

/// The theme's static files the site does not replace with its own.
fn theme_files<'a>(
    theme: &'a Theme,
    statics: &'a BTreeMap<String, std::path::PathBuf>,
) -> impl Iterator<Item = (&'a String, &'a crate::theme::ThemeFile)> {
    theme.statics.iter().filter(|(path, _)| !statics.contains_key(*path))
}

/// A failure while producing assets.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// An image failed to process.
    #[error(transparent)]
    Image(ImageError),
    /// Writing failed.
    #[error(transparent)]
    Io(crate::fsx::FsError),
}
