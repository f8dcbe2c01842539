//! Stage 1, load: walk the site folder and read everything the build needs into memory. This is the
//! only stage that reads the site from disk.

pub mod frontmatter;
pub mod frontmatter_hints;
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
    /// Files whose names are not UTF-8 (they cannot become URLs, and two such names can map to
    /// the same output file).
    #[error("{}", not_utf8_message(.0))]
    NamesNotUtf8(Vec<PathBuf>),
    /// Symbolic links that lead out of the site folder.
    #[error("{}", symlinks_message(.0))]
    SymlinksOutside(Vec<SymlinkOutside>),
    /// An I/O failure.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// A symbolic link in the site whose target is outside the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymlinkOutside {
    /// The link, relative to the site.
    pub link: PathBuf,
    /// Where it points.
    pub target: PathBuf,
}

fn not_utf8_message(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("{} has a name that is not UTF-8 text; rename it (names become web addresses)", p.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn symlinks_message(links: &[SymlinkOutside]) -> String {
    let mut message = String::new();
    for (i, l) in links.iter().enumerate() {
        if i > 0 {
            message.push('\n');
        }
        message.push_str(&format!(
            "{} is a symbolic link to {}, outside the site folder; whitecoat never reads or publishes files from outside the site: copy what you need into the site and remove the link",
            l.link.display(),
            l.target.display()
        ));
    }
    message
}

/// The nearest folder from `start` upward that holds `site.toml`, as `git` finds its repository:
/// `start` itself, or `start/..`, `start/../..`, … (relative when `start` is); `None` if no folder
/// up to the root has one.
pub fn find_site(start: &Path) -> Option<PathBuf> {
    let absolute = start.canonicalize().ok()?;
    for (up, dir) in absolute.ancestors().enumerate() {
        if dir.join("site.toml").is_file() {
            let mut found = if up > 0 && start == Path::new(".") { PathBuf::new() } else { start.to_path_buf() };
            found.extend(std::iter::repeat_n("..", up));
            return Some(found);
        }
    }
    None
}

/// Reads the site at `root`.
pub fn load(root: &Path) -> Result<SiteFiles, LoadError> {
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        return Err(LoadError::NotASite(root.to_path_buf()));
    }
    let walk = Walk::new(root)?;
    walk.check_link(&config_path);
    let config = Arc::new(read_source(root, &config_path)?);
    let mut documents = load_documents(&walk)?;
    // Walk order already is path order; sorting makes it a guarantee `reload`'s binary search can rely on.
    documents.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let assets = read_tree(&walk, &root.join("assets"))?.into_iter().map(|(k, v)| (format!("assets/{k}"), v)).collect();
    let statics = walk.list(&root.join("static"))?.into_iter().collect();
    let templates = read_tree(&walk, &root.join("templates"))?;
    let mut themes = BTreeMap::new();
    let themes_dir = root.join("themes");
    if themes_dir.is_dir() {
        walk.check_link(&themes_dir);
        for entry in std::fs::read_dir(&themes_dir).map_err(|e| FsError::new("listing", &themes_dir, e))? {
            let entry = entry.map_err(|e| FsError::new("listing", &themes_dir, e))?;
            if entry.path().is_dir() {
                let name = entry.file_name().to_string_lossy().into_owned();
                themes.insert(name, read_tree(&walk, &entry.path())?);
            }
        }
    }
    walk.finish()?;
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

fn load_documents(walk: &Walk) -> Result<Vec<RawDocument>, LoadError> {
    let content = walk.root.join("content");
    let mut found = Vec::new();
    for (relative, path) in walk.list(&content)? {
        if relative.ends_with(".md") {
            found.push((kind_of(&relative)?, path));
        }
    }
    // Links out of the site were left out of the listing: no file behind one is read.
    found.into_par_iter().map(|(kind, path)| read_document(&walk.root, kind, &path)).collect()
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
    let walk = Walk::new(&previous.root)?;
    for relative in changed {
        // The file, or a folder on the way to it, may have become a link out of the site.
        let mut path = previous.root.clone();
        for component in relative.components() {
            path.push(component);
            walk.check_link(&path);
        }
    }
    walk.finish()?;
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

/// Walks the site's folders. Symbolic links are followed only while they stay inside the site
/// folder: one that leads out of it is collected (and fails the load in [`Walk::finish`]) and
/// never followed, so no file from elsewhere is read, published or watched.
struct Walk {
    root: PathBuf,
    /// The site folder with symlinks resolved.
    canonical: PathBuf,
    outside: std::sync::Mutex<Vec<SymlinkOutside>>,
    /// Files whose names are not UTF-8.
    not_utf8: std::sync::Mutex<Vec<PathBuf>>,
}

impl Walk {
    fn new(root: &Path) -> Result<Self, FsError> {
        let canonical = root.canonicalize().map_err(|e| FsError::new("reading", root, e))?;
        Ok(Self { root: root.to_path_buf(), canonical, outside: Default::default(), not_utf8: Default::default() })
    }

    /// Whether `path` stays inside the site; a symlink that leaves it is recorded.
    fn check_link(&self, path: &Path) -> bool {
        if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
        let target = path.canonicalize().unwrap_or_else(|_| std::fs::read_link(path).unwrap_or_default());
        if target.starts_with(&self.canonical) {
            return true;
        }
        // Named where the link itself is (not through a folder link that leads to it), so a link
        // reached two ways is one finding.
        let located = match (path.parent().and_then(|p| p.canonicalize().ok()), path.file_name()) {
            (Some(parent), Some(name)) => parent.join(name),
            _ => path.to_path_buf(),
        };
        let link = located
            .strip_prefix(&self.canonical)
            .or_else(|_| path.strip_prefix(&self.root))
            .unwrap_or(path)
            .to_path_buf();
        if let Ok(mut outside) = self.outside.lock()
            && !outside.iter().any(|o| o.link == link)
        {
            outside.push(SymlinkOutside { link, target });
        }
        false
    }

    /// Fails if a symlink out of the site or a name that is not UTF-8 was found.
    fn finish(&self) -> Result<(), LoadError> {
        let mut not_utf8 = self.not_utf8.lock().map(|n| n.clone()).unwrap_or_default();
        if !not_utf8.is_empty() {
            not_utf8.sort();
            return Err(LoadError::NamesNotUtf8(not_utf8));
        }
        let mut outside = self.outside.lock().map(|o| o.clone()).unwrap_or_default();
        outside.sort_by(|a, b| a.link.cmp(&b.link));
        if outside.is_empty() { Ok(()) } else { Err(LoadError::SymlinksOutside(outside)) }
    }

    /// Lists files below `dir` (sorted, `/`-separated relative paths), skipping names that start
    /// with `_` or `.`; a missing folder is empty.
    fn list(&self, dir: &Path) -> Result<Vec<(String, PathBuf)>, FsError> {
        if !self.check_link(dir) || !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        // `.well-known/` is the one hidden folder a site publishes (security.txt, domain verification).
        let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
            let hidden = e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| (n.starts_with('_') || n.starts_with('.')) && n != ".well-known");
            !hidden && (!e.path_is_symlink() || self.check_link(e.path()))
        });
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                FsError::new("listing", &path, e.into())
            })?;
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                if relative.to_str().is_none() {
                    if let Ok(mut names) = self.not_utf8.lock() {
                        names.push(entry.path().strip_prefix(&self.root).unwrap_or(entry.path()).to_path_buf());
                    }
                    continue;
                }
                let relative = fsx::slash_path(relative);
                files.push((relative, entry.into_path()));
            }
        }
        Ok(files)
    }
}

fn read_tree(walk: &Walk, dir: &Path) -> Result<BTreeMap<String, Arc<[u8]>>, LoadError> {
    let files = walk.list(dir)?;
    Ok(files
        .into_par_iter()
        .map(|(relative, path)| Ok((relative, Arc::from(fsx::read(&path)?))))
        .collect::<Result<_, FsError>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_refused_and_never_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("key.pem"), "PRIVATE").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::write(root.join("site.toml"), "").unwrap();
        for dir in ["static/inner", "assets", "content"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("assets/logo.png"), "png").unwrap();
        // Inside the site: followed.
        std::os::unix::fs::symlink(root.join("assets"), root.join("static/inner/assets-alias")).unwrap();
        let files = load(root).unwrap();
        assert!(files.statics.contains_key("inner/assets-alias/logo.png"), "{:?}", files.statics);

        std::os::unix::fs::symlink(outside.path(), root.join("static/ssl")).unwrap();
        std::os::unix::fs::symlink("/", root.join("static/inner/root")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("key.pem"), root.join("assets/key.png")).unwrap();
        match load(root) {
            Err(LoadError::SymlinksOutside(links)) => {
                let names: Vec<String> = links.iter().map(|l| l.link.display().to_string()).collect();
                assert_eq!(names, ["assets/key.png", "static/inner/root", "static/ssl"]);
                assert_eq!(links[2].target, outside.path().canonicalize().unwrap());
            }
            other => panic!("{other:?}"),
        }
        let message = load(root).unwrap_err().to_string();
        assert!(message.contains("static/ssl is a symbolic link to"), "{message}");

        // A whole `static/` folder that is a link out of the site.
        std::fs::remove_dir_all(root.join("static")).unwrap();
        std::fs::remove_file(root.join("assets/key.png")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static")).unwrap();
        assert!(matches!(load(root), Err(LoadError::SymlinksOutside(l)) if l[0].link == Path::new("static")));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_refused_not_merged() {
        use std::os::unix::ffi::OsStrExt;
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("site.toml"), "").unwrap();
        std::fs::create_dir(site.path().join("static")).unwrap();
        // Both used to become `a\u{fffd}.txt`, and one was silently dropped.
        for name in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
            std::fs::write(site.path().join("static").join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        match load(site.path()) {
            Err(LoadError::NamesNotUtf8(paths)) => assert_eq!(paths.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(load(site.path()).unwrap_err().to_string().contains("is not UTF-8 text; rename it"));
    }

    #[test]
    fn finds_the_site_from_a_subfolder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        assert_eq!(find_site(&dir.path().join("content/articles")), None);
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert_eq!(find_site(dir.path()), Some(dir.path().to_path_buf()));
        assert_eq!(find_site(&dir.path().join("content/articles")), Some(dir.path().join("content/articles/../..")));
    }

    #[test]
    fn lists_sorted_and_skips_hidden_and_underscored() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", "_draft.md", ".hidden.md", "sub/c.md", "_skip/d.md", ".well-known/security.txt"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let walk = Walk::new(dir.path()).unwrap();
        let names: Vec<_> = walk.list(dir.path()).unwrap().into_iter().map(|(r, _)| r).collect();
        assert_eq!(names, [".well-known/security.txt", "a.md", "b.md", "sub/c.md"]);
    }
}
