//! Which file under `assets/` an image reference names, and what to say when none does.
//!
//! A writer may write an image path the way the site documents it (`assets/team/grace.jpg`, or
//! `team/grace.jpg` relative to `assets/`), or the way their Markdown editor writes it: relative to
//! the Markdown file (`../../assets/headshot.jpg` from `content/articles/`). Both resolve; a path
//! that climbs out of the site folder never does. When nothing matches, [`near_miss`] finds the
//! file that was probably meant: the same name in other capitals, or an iPhone HEIC original.

use std::path::Path;

/// The site-relative source (`assets/…`) that `reference`, written in the document at `doc_path`
/// (site-relative), names: the first candidate for which `exists` holds; when none does, the
/// candidate to name in the "missing" message.
pub fn resolve(doc_path: &Path, reference: &str, exists: impl Fn(&str) -> bool) -> String {
    let from_assets = super::images::normalize_source(reference);
    let from_document = relative_to(doc_path, reference);
    if exists(&from_assets) {
        return from_assets;
    }
    match from_document {
        Some(path) if exists(&path) => path,
        // "../x.jpg" is about the document's folder: name the file it leads to.
        Some(path) if reference.starts_with("../") || reference.starts_with("./") => path,
        _ => from_assets,
    }
}

/// `reference` resolved against the folder of `doc_path`, both site-relative; `None` when it
/// climbs out of the site folder or is absolute.
pub fn relative_to(doc_path: &Path, reference: &str) -> Option<String> {
    if reference.starts_with('/') {
        return None;
    }
    let folder = crate::fsx::slash_path(doc_path.parent().unwrap_or(Path::new("")));
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The file a missing `source` most likely meant, and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NearMiss {
    /// A file whose path differs only in capitals.
    Case(String),
    /// The image is (or exists only as) a HEIC/HEIF photo, which browsers cannot show.
    Heic(String),
}

/// Looks for the file `source` probably meant among `files` (site-relative paths).
pub fn near_miss<'a>(source: &str, files: impl Iterator<Item = &'a str> + Clone) -> Option<NearMiss> {
    if is_heic(source) {
        return Some(NearMiss::Heic(source.to_string()));
    }
    let lower = source.to_lowercase();
    if let Some(file) = files.clone().find(|f| f.to_lowercase() == lower) {
        return Some(NearMiss::Case(file.to_string()));
    }
    // `photo.jpg` when only `photo.HEIC` was copied from the phone.
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    files
        .into_iter()
        .find(|f| is_heic(f) && f.to_lowercase().rsplit_once('.').is_some_and(|(s, _)| s == stem))
        .map(|f| NearMiss::Heic(f.to_string()))
}

/// Whether a path names a HEIC/HEIF photo (an iPhone's default format).
pub fn is_heic(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".heic") || lower.ends_with(".heif")
}

/// How to turn a HEIC photo into a JPEG, for help lines.
pub const HEIC_HELP: &str = "browsers cannot show HEIC photos (an iPhone's default format): convert it to JPEG and reference the .jpg. On a Mac, open it in Preview and choose File > Export > JPEG; on Windows, open it in Photos and choose Save as > JPG; or run `magick photo.heic photo.jpg`. To have an iPhone take JPEGs: Settings > Camera > Formats > Most Compatible";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_from_assets_and_from_the_markdown_file() {
        let files = ["assets/headshot.jpg", "assets/team/grace.jpg"];
        let exists = |s: &str| files.contains(&s);
        let article = Path::new("content/articles/x.md");
        assert_eq!(resolve(article, "../../assets/headshot.jpg", exists), "assets/headshot.jpg");
        assert_eq!(resolve(article, "assets/headshot.jpg", exists), "assets/headshot.jpg");
        assert_eq!(resolve(article, "team/grace.jpg", exists), "assets/team/grace.jpg");
        assert_eq!(resolve(article, "/assets/headshot.jpg", exists), "assets/headshot.jpg");
        assert_eq!(resolve(article, "../../assets/nope.jpg", exists), "assets/nope.jpg");
        // Out of the site folder: never a candidate.
        assert_eq!(relative_to(article, "../../../etc/passwd"), None);
        assert_eq!(resolve(article, "../../../assets/headshot.jpg", exists), "assets/../../../assets/headshot.jpg");
    }

    #[test]
    fn near_misses() {
        let files = ["assets/team/Grace-Whitaker.JPG", "assets/office.HEIC"];
        assert_eq!(
            near_miss("assets/team/grace-whitaker.jpg", files.iter().copied()),
            Some(NearMiss::Case("assets/team/Grace-Whitaker.JPG".into()))
        );
        assert_eq!(
            near_miss("assets/office.jpg", files.iter().copied()),
            Some(NearMiss::Heic("assets/office.HEIC".into()))
        );
        assert_eq!(near_miss("assets/x.heif", files.iter().copied()), Some(NearMiss::Heic("assets/x.heif".into())));
        assert_eq!(near_miss("assets/other.jpg", files.iter().copied()), None);
    }
}
