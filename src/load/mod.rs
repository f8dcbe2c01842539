//! Stage 1, load: walk the site folder and read everything the build needs into memory. This is the
//! only stage that reads the site from disk.

pub mod frontmatter;
pub mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::fsx::{self, FsError};
use crate::model::document::Kind;
use crate::source::SourceFile;

/// Everything read from a site folder.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    /// The site folder.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: Arc<SourceFile>,
    /// Content documents, sorted by path; shared, so `serve` keeps its last good files and builds
    /// the next ones without copying ten thousand documents twice.
    pub documents: Arc<Vec<RawDocument>>,
    /// Files under `assets/`, by site-relative path (`assets/headshot.jpg`).
    pub assets: BTreeMap<String, Arc<[u8]>>,
    /// Files under `static/`, by path relative to `static/`.
    pub statics: BTreeMap<String, PathBuf>,
    /// Files under `templates/`, by path relative to it.
    pub templates: BTreeMap<String, Arc<[u8]>>,
    /// Files under `themes/<name>/`, by theme name, then path relative to the theme folder.
    pub themes: BTreeMap<String, BTreeMap<String, Arc<[u8]>>>,
}

/// A content file, not yet parsed.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// Its kind, from its folder.
    pub kind: Kind,
    /// File name without `.md`.
    pub stem: String,
    /// The text.
    pub file: Arc<SourceFile>,
}

/// Why a site could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder has no `site.toml`.
    #[error("{0} has no site.toml; is this a whitecoat site? (create one with `whitecoat init {0}`)")]
    NotASite(PathBuf),
    /// A content file is not UTF-8.
    #[error("{0} is not UTF-8 text; save it as UTF-8")]
    NotUtf8(PathBuf),
    /// A Markdown file is somewhere whitecoat does not know what to do with.
    #[error(
        "{0} is not in a content folder; content goes in content/profile.md, content/team/, content/reviews/, content/articles/ or content/pages/"
    )]
    UnknownContent(PathBuf),
    /// An I/O failure.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// Reads the site at `root`.
pub fn load(root: &Path) -> Result<SiteFiles, LoadError> {
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        return Err(LoadError::NotASite(root.to_path_buf()));
    }
    let config = Arc::new(read_source(root, &config_path)?);
    let mut documents = load_documents(root)?;
    // Walk order already is path order; sorting makes it a guarantee `reload`'s binary search can rely on.
    documents.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let assets = read_tree(&root.join("assets"))?.into_iter().map(|(k, v)| (format!("assets/{k}"), v)).collect();
    let statics = list_tree(&root.join("static"))?.into_iter().collect();
    let templates = read_tree(&root.join("templates"))?;
    let mut themes = BTreeMap::new();
    let themes_dir = root.join("themes");
    if themes_dir.is_dir() {
        for entry in std::fs::read_dir(&themes_dir).map_err(|e| FsError::new("listing", &themes_dir, e))? {
            let entry = entry.map_err(|e| FsError::new("listing", &themes_dir, e))?;
            if entry.path().is_dir() {
                let name = entry.file_name().to_string_lossy().into_owned();
                themes.insert(name, read_tree(&entry.path())?);
            }
        }
    }
    Ok(SiteFiles {
        root: root.to_path_buf(),
        config,
        documents: Arc::new(documents),
        assets,
        statics,
        templates,
        themes,
    })
}

fn read_source(root: &Path, path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = fsx::read(path)?;
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8(relative.clone()))?;
    Ok(SourceFile::new(relative, text))
}

/// The kind of a content file from its path relative to `content/`.
fn kind_of(relative: &str) -> Result<Kind, LoadError> {
    Ok(match relative.split_once('/') {
        None if relative == "profile.md" => Kind::Profile,
        Some(("team", rest)) if !rest.contains('/') => Kind::Team,
        Some(("reviews", rest)) if !rest.contains('/') => Kind::Review,
        Some(("articles", rest)) if !rest.contains('/') => Kind::Article,
        Some(("pages", rest)) if !rest.contains('/') => Kind::Page,
        _ => return Err(LoadError::UnknownContent(Path::new("content").join(relative))),
    })
}

fn read_document(root: &Path, kind: Kind, path: &Path) -> Result<RawDocument, LoadError> {
    let file = read_source(root, path)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(RawDocument { kind, stem, file: Arc::new(file) })
}

fn load_documents(root: &Path) -> Result<Vec<RawDocument>, LoadError> {
    let content = root.join("content");
    let mut found = Vec::new();
    for (relative, path) in list_tree(&content)? {
        if relative.ends_with(".md") {
            found.push((kind_of(&relative)?, path));
        }
    }
    found.into_par_iter().map(|(kind, path)| read_document(root, kind, &path)).collect()
}

/// Reloads after `changed` files changed (site-relative paths). When only Markdown documents under
/// `content/` changed, only those are read again and every other document keeps its `Arc`, which
/// later stages use to reuse their cached work; anything else reloads the whole site.
pub fn reload(previous: &SiteFiles, changed: &[PathBuf]) -> Result<SiteFiles, LoadError> {
    let only_documents = !changed.is_empty()
        && changed.iter().all(|p| {
            p.starts_with("content")
                && p.extension().is_some_and(|e| e == "md")
                && !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(['_', '.']))
        });
    if !only_documents {
        return load(&previous.root);
    }
    let mut files = previous.clone();
    let documents = Arc::make_mut(&mut files.documents);
    for relative in changed {
        // Documents stay sorted by path: replace, insert or remove in place.
        let found = documents.binary_search_by(|d| d.file.path.as_path().cmp(relative));
        let absolute = previous.root.join(relative);
        let reread = if absolute.is_file() {
            let inside = relative.strip_prefix("content").unwrap_or(relative);
            let inside = fsx::slash_path(inside);
            Some(read_document(&previous.root, kind_of(&inside)?, &absolute)?)
        } else {
            None
        };
        match (found, reread) {
            (Ok(at), Some(document)) => documents[at] = document,
            (Ok(at), None) => {
                documents.remove(at);
            }
            (Err(at), Some(document)) => documents.insert(at, document),
            (Err(_), None) => {}
        }
    }
    Ok(files)
}

/// Lists files below `dir` (sorted, `/`-separated relative paths), skipping names that start with
/// `_` or `.`; a missing folder is empty.
fn list_tree(dir: &Path) -> Result<Vec<(String, PathBuf)>, FsError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    // `.well-known/` is the one hidden folder a site publishes (security.txt, domain verification).
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0
            || !e.file_name().to_str().is_some_and(|n| (n.starts_with('_') || n.starts_with('.')) && n != ".well-known")
    });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            FsError::new("listing", &path, e.into())
        })?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let relative = fsx::slash_path(relative);
            files.push((relative, entry.into_path()));
        }
    }
    Ok(files)
}

fn read_tree(dir: &Path) -> Result<BTreeMap<String, Arc<[u8]>>, FsError> {
    list_tree(dir)?.into_par_iter().map(|(relative, path)| Ok((relative, Arc::from(fsx::read(&path)?)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_and_skips_hidden_and_underscored() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", "_draft.md", ".hidden.md", "sub/c.md", "_skip/d.md", ".well-known/security.txt"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let names: Vec<_> = list_tree(dir.path()).unwrap().into_iter().map(|(r, _)| r).collect();
        assert_eq!(names, [".well-known/security.txt", "a.md", "b.md", "sub/c.md"]);
    }
}
