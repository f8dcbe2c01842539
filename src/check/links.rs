//! Links between documents, in the Markdown source: `[x](heart-failure-basics.md)`,
//! `../pages/contact.md` and `other.md#section` name a content file and are published as that
//! document's URL (see [`Links::target`], used by the render stage); a link to a content file or a
//! page of the site that does not exist is `output/link` at the link in the Markdown, with the
//! nearest existing address as the suggestion. Links this stage cannot judge (files under
//! `static/`, feeds, tag pages) are left to the check of the built output.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::document::Document;
use crate::model::fields::did_you_mean;

/// Where each content file and page of a site is published.
#[derive(Debug, Clone, Default, Hash)]
pub struct Links {
    /// Site-relative content file (`content/articles/x.md`) to its URL.
    by_file: BTreeMap<String, String>,
    /// File name (`x.md`) to the content files with that name.
    by_name: BTreeMap<String, Vec<String>>,
    /// Every URL a document or a generated section is published at.
    urls: BTreeSet<String>,
}

/// Folders of the output whose pages come from the model: a path below them that no document or
/// section has is certainly missing.
const SECTIONS: [&str; 5] = ["/", "/team/", "/articles/", "/reviews/", "/tags/"];

impl Links {
    /// The link table of `site`.
    pub fn of(site: &Site) -> Self {
        let mut links = Links::default();
        for doc in site.documents().map(|d| d.doc()) {
            let path = crate::fsx::slash_path(&doc.file.path);
            let url = doc.url();
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            links.by_name.entry(name).or_default().push(path.clone());
            links.by_file.insert(path, url.clone());
            links.urls.insert(url.split('#').next().unwrap_or(&url).to_string());
            for alias in &doc.aliases {
                links.urls.insert(alias.value.clone());
            }
        }
        links.urls.extend(SECTIONS.iter().map(|s| s.to_string()));
        links
    }

    /// The URL (with its `#fragment`) a link to a content file (`x.md`, `../pages/contact.md`,
    /// `articles/x.md#risks`) in the document at `doc_path` stands for; `None` when `dest` is not
    /// a link to a `.md` file, or names no document.
    pub fn target(&self, doc_path: &std::path::Path, dest: &str) -> Option<String> {
        let (path, fragment) = split_fragment(dest);
        if !path.to_lowercase().ends_with(".md") || crate::assets::is_external(path) {
            return None;
        }
        let file = self.file(doc_path, path)?;
        let url = self.by_file.get(&file)?;
        Some(match fragment {
            Some(f) => format!("{}#{f}", url.split('#').next().unwrap_or(url)),
            None => url.clone(),
        })
    }

    /// The content file a `.md` link names: relative to the document, to `content/` or to the
    /// site, or else the one file of the site with that name.
    fn file(&self, doc_path: &std::path::Path, path: &str) -> Option<String> {
        let path = percent_decode(path);
        let relative = crate::assets::paths::relative_to(doc_path, &path);
        let candidates = [
            relative,
            Some(format!("content/{}", path.trim_start_matches('/'))),
            Some(path.trim_start_matches('/').to_string()),
        ];
        if let Some(found) = candidates.into_iter().flatten().find(|c| self.by_file.contains_key(c)) {
            return Some(found);
        }
        let name = path.rsplit('/').next().unwrap_or(&path);
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([only]) => Some(only.clone()),
            _ => None,
        }
    }

    /// The nearest existing URL to `wanted`, for suggestions.
    fn nearest_url(&self, wanted: &str) -> Option<&str> {
        let pages = self.urls.iter().filter(|u| u.as_str() != "/").map(String::as_str);
        did_you_mean(wanted, pages).or_else(|| {
            let wanted_slug = wanted.trim_matches('/').rsplit('/').next().unwrap_or(wanted);
            self.urls
                .iter()
                .map(|u| (strsim::jaro_winkler(wanted_slug, u.trim_matches('/').rsplit('/').next().unwrap_or(u)), u))
                .filter(|(score, _)| *score > 0.75)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, u)| u.as_str())
        })
    }

    /// The nearest content file to a `.md` link that names none.
    fn nearest_file(&self, path: &str) -> Option<(&str, &str)> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let names = self.by_name.keys().map(String::as_str);
        let best = did_you_mean(name, names)?;
        let file = self.by_name.get(best)?.first()?;
        Some((best, self.by_file.get(file)?.as_str()))
    }

    /// Whether a site path (`/contact/`) that is not a content file link certainly names nothing:
    /// it is below a folder whose pages all come from documents and sections, and none is there.
    fn page_missing(&self, path: &str) -> bool {
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        // Files (`/npp.pdf`, `/articles/atom.xml`) and tag pages are for the output check.
        if last.contains('.') || path.starts_with("/tags/") || path.starts_with("/articles/page/") {
            return false;
        }
        let page = if path.ends_with('/') { path.to_string() } else { format!("{path}/") };
        if self.urls.contains(&page) {
            return false;
        }
        let depth = page.trim_matches('/').split('/').count();
        // `/team/x/`, `/articles/x/` and `/reviews/…` are documents; `/x/` is a page unless a
        // static folder provides it, which the output check judges.
        let in_section = ["/team/", "/articles/"].iter().any(|s| page.starts_with(s)) && depth == 2;
        in_section || (depth == 1 && !self.urls.iter().any(|u| u.starts_with(&page)))
    }
}

/// Checks every internal link of every document against `links`.
pub fn check(site: &Site, links: &Links, statics: &BTreeMap<String, std::path::PathBuf>) -> Vec<Diagnostic> {
    let docs: Vec<&Document> = site.documents().map(|d| d.doc()).collect();
    docs.par_iter().flat_map_iter(|doc| check_document(doc, links, statics)).collect()
}

fn check_document(doc: &Document, links: &Links, statics: &BTreeMap<String, std::path::PathBuf>) -> Vec<Diagnostic> {
    let body = doc.body_text();
    if !body.contains("](") && !body.contains("]:") {
        return Vec::new();
    }
    let mut findings = Vec::new();
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).into_offset_iter();
    for (event, range) in parser {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let dest = dest_url.trim();
        if dest.is_empty() || dest.starts_with('#') || crate::assets::is_external(dest) {
            continue;
        }
        // Point at the address inside `[text](address)` when it is written there.
        let written = &body[range.clone()];
        let span = match written.rfind(dest) {
            Some(at) => doc.body.start + range.start + at..doc.body.start + range.start + at + dest.len(),
            None => doc.body.start + range.start..doc.body.start + range.end,
        };
        let (path, _) = split_fragment(dest);
        let path = path.split('?').next().unwrap_or(path);
        if path.to_lowercase().ends_with(".md") {
            if links.target(&doc.file.path, dest).is_none() {
                let help = match links.nearest_file(path) {
                    Some((name, url)) => format!(
                        "did you mean `{name}` (published at {url})? A link to a content file names it relative to this file, e.g. [text](../pages/contact.md)"
                    ),
                    None => "link to a content file by its path from this file (e.g. [text](../pages/contact.md)) or to a page by its address (e.g. [text](/contact/))".to_string(),
                };
                findings.push(
                    Diagnostic::error("output/link", format!("the link `{dest}` names no content file of this site"))
                        .at(Span::new(&doc.file, span), "no such file")
                        .help(help),
                );
            }
            continue;
        }
        let page_url = doc.url();
        let Some(site_path) = resolve_path(&page_url, path) else { continue };
        if in_static(statics, &site_path) || page_found(&site_path, links, statics) {
            continue;
        }
        let help = match links.nearest_url(&site_path) {
            Some(url) => format!("did you mean {url}? Fix the address, or add the page"),
            None => "fix the address, or add the page".to_string(),
        };
        findings.push(
            Diagnostic::error(
                "output/link",
                format!("the link `{dest}` leads to {site_path}, which this site does not have"),
            )
            .at(Span::new(&doc.file, span), "no such page")
            .help(help),
        );
    }
    findings
}

/// `[compliance.notices]` addresses on this site that lead to nothing: every page's footer links
/// them, so the output check would fail the build on every page, far from the line to fix.
pub fn notice_paths(
    site: &Site,
    config: &std::sync::Arc<crate::source::SourceFile>,
    links: &Links,
    statics: &BTreeMap<String, std::path::PathBuf>,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (kind, url) in &site.config.compliance.notice_urls {
        if !url.starts_with('/') {
            continue;
        }
        let (path, _) = split_fragment(url);
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        let is_file = path.trim_end_matches('/').rsplit('/').next().is_some_and(|last| last.contains('.'));
        let found = if is_file { in_static(statics, &path) } else { page_found(&path, links, statics) };
        if found {
            continue;
        }
        let quoted = format!("\"{url}\"");
        let span = config.text.find(&quoted).map_or(0..0, |at| at + 1..at + 1 + url.len());
        let help = if is_file {
            format!("put the file at static{path}, or give the notice's full https:// address")
        } else {
            "give the address of a page of this site (a page with notice = \"…\" is linked by itself), or the notice's full https:// address".to_string()
        };
        findings.push(
            Diagnostic::error(
                "output/link",
                format!("the {kind} notice's address `{url}` leads to nothing on this site"),
            )
            .at(Span::new(config, span), "no such file or page")
            .help(help),
        );
    }
    findings
}

/// Whether the site path names a file under `static/`.
fn in_static(statics: &BTreeMap<String, std::path::PathBuf>, path: &str) -> bool {
    statics.contains_key(path.trim_start_matches('/'))
}

/// Whether a page is published at the site path: a page of the content, or an `index.html` under
/// `static/`.
fn page_found(path: &str, links: &Links, statics: &BTreeMap<String, std::path::PathBuf>) -> bool {
    in_static(statics, &format!("{}/index.html", path.trim_end_matches('/'))) || !links.page_missing(path)
}

/// `path` as a site path, resolved against the URL of the page it is on (as a browser does).
fn resolve_path(page_url: &str, path: &str) -> Option<String> {
    let base = url::Url::parse("https://site.invalid/").ok()?.join(page_url).ok()?;
    let resolved = base.join(path).ok()?;
    (resolved.host_str() == Some("site.invalid")).then(|| resolved.path().to_string())
}

/// `dest` split at its `#`.
fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    }
}

/// `%20` and other escapes in a link to a file, decoded (editors escape spaces in file names).
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links {
        let mut links = Links::default();
        for (file, url) in [
            ("content/articles/heart-failure-basics.md", "/articles/heart-failure-basics/"),
            ("content/pages/contact.md", "/contact/"),
            ("content/profile.md", "/"),
        ] {
            links.by_file.insert(file.into(), url.into());
            links.by_name.entry(file.rsplit('/').next().unwrap().into()).or_default().push(file.into());
            links.urls.insert(url.into());
        }
        links.urls.extend(SECTIONS.iter().map(|s| s.to_string()));
        links
    }

    #[test]
    fn content_file_links_become_urls() {
        let links = links();
        let article = std::path::Path::new("content/articles/afib.md");
        assert_eq!(
            links.target(article, "heart-failure-basics.md").as_deref(),
            Some("/articles/heart-failure-basics/")
        );
        assert_eq!(links.target(article, "../pages/contact.md").as_deref(), Some("/contact/"));
        assert_eq!(links.target(article, "contact.md#hours").as_deref(), Some("/contact/#hours"));
        assert_eq!(links.target(article, "../profile.md").as_deref(), Some("/"));
        assert_eq!(links.target(article, "pages/contact.md").as_deref(), Some("/contact/"));
        assert_eq!(links.target(article, "/contact/"), None);
        assert_eq!(links.target(article, "heart-failure-basic.md"), None);
    }

    #[test]
    fn missing_pages_and_suggestions() {
        let links = links();
        assert!(links.page_missing("/contacts/"));
        assert!(links.page_missing("/articles/heart-failure/"));
        assert!(!links.page_missing("/contact/"));
        assert!(!links.page_missing("/contact"));
        assert!(!links.page_missing("/npp.pdf"));
        assert!(!links.page_missing("/tags/heart/"));
        assert_eq!(links.nearest_url("/contacts/"), Some("/contact/"));
        assert_eq!(links.nearest_url("/articles/heart-failure/"), Some("/articles/heart-failure-basics/"));
        assert_eq!(
            resolve_path("/articles/afib/", "../heart-failure-basics/").as_deref(),
            Some("/articles/heart-failure-basics/")
        );
        assert_eq!(resolve_path("/articles/afib/", "https://other.example/"), None);
    }
}
