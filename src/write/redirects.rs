//! Redirects from documents' `aliases` (old addresses, kept when a site moves to whitecoat): a
//! `_redirects` file with a `301` rule per alias, which Netlify and Cloudflare Pages apply, and,
//! for hosts that read no redirect rules (GitHub Pages, S3), a small HTML page at each old
//! address that sends the browser on (meta refresh), names the new address as canonical, keeps
//! itself out of search results and shows a link for anyone whose browser does not follow.
//!
//! The aliases were validated by the model (site paths, no collisions, no real page shadowed);
//! [`write()`] checks again against every file the build wrote, which the model cannot know (tag
//! pages, pagination, assets).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Span};
use crate::fsx::FsError;
use crate::model::Site;
use crate::model::document::{Document, Kind, alias_file};
use crate::model::values::Sp;
use crate::render::feed::absolute;
use crate::write::Sink;

/// The redirect rules file Netlify and Cloudflare Pages read.
pub const RULES_FILE: &str = "_redirects";

/// One old address and the document it now leads to.
#[derive(Debug, Clone)]
pub struct Redirect<'a> {
    /// The alias as written in the front matter (for its span).
    pub alias: &'a Sp<String>,
    /// The document it redirects to.
    pub doc: &'a Document,
    /// The page written at the old address (`old/index.html`).
    pub file: String,
    /// The target's site-relative URL.
    pub target: String,
    /// What the fallback page's link reads.
    pub title: String,
}

/// Every alias of the site's documents, ordered by the file it writes (deterministic output).
pub fn plan(site: &Site) -> Vec<Redirect<'_>> {
    let mut redirects: BTreeMap<String, Redirect<'_>> = BTreeMap::new();
    for document in site.documents() {
        let doc = document.doc();
        let title = match doc.kind {
            Kind::Profile => doc.title_or(&site.profile.name),
            Kind::Review => "Patient reviews".to_string(),
            _ => doc.title_or(&doc.slug),
        };
        for alias in &doc.aliases {
            let file = alias_file(&alias.value);
            // A collision was reported by the model (which then built no site): first one wins.
            redirects.entry(file.clone()).or_insert_with(|| Redirect {
                alias,
                doc,
                file,
                target: doc.url(),
                title: title.clone(),
            });
        }
    }
    redirects.into_values().collect()
}

/// The output paths of the fallback pages, for verification's exemptions.
pub fn fallback_files(redirects: &[Redirect<'_>]) -> BTreeSet<String> {
    redirects.iter().map(|r| r.file.clone()).collect()
}

/// The `_redirects` rules: `FROM TO 301`, one per alias, under the base URL's path (a site in a
/// subfolder), with the paths percent-encoded as the hosts expect.
pub fn rules(redirects: &[Redirect<'_>], base_url: &url::Url) -> String {
    let mut out = String::from("# Written by whitecoat from the documents' `aliases`.\n");
    for redirect in redirects {
        let from = site_path(base_url, &redirect.alias.value);
        let to = site_path(base_url, &redirect.target);
        out.push_str(&format!("{from} {to} 301\n"));
    }
    out
}

/// `path` under the base URL's path, encoded as a URL path (and fragment) is.
fn site_path(base_url: &url::Url, path: &str) -> String {
    match base_url.join(path.trim_start_matches('/')) {
        Ok(url) => {
            let fragment = url.fragment().map(|f| format!("#{f}")).unwrap_or_default();
            format!("{}{fragment}", url.path())
        }
        Err(_) => path.to_string(),
    }
}

/// The page written at an old address for hosts without redirect rules.
pub fn fallback_page(target: &str, title: &str, language: &str) -> String {
    let href = htmlize::escape_attribute(target);
    let title = htmlize::escape_text(title);
    let language = htmlize::escape_attribute(language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Moved: {title}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{href}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<main>\n\
         <h1>This page has moved</h1>\n<p>It is now at <a href=\"{href}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}

/// Writes the fallback pages and `_redirects` into `output`, after every other file: an alias
/// whose page the build already wrote (a tag page, a static file) is reported at the alias and
/// nothing is written for it. (`static/_redirects` cannot clash: files named `_…` are not loaded.)
pub fn write(site: &Site, redirects: &[Redirect<'_>], output: &dyn Sink) -> Result<Vec<Diagnostic>, FsError> {
    if redirects.is_empty() {
        return Ok(Vec::new());
    }
    let written: BTreeSet<String> = output.written().into_iter().collect();
    let mut findings = Vec::new();
    let mut kept = Vec::new();
    for redirect in redirects {
        if written.contains(&redirect.file) {
            findings.push(
                Diagnostic::error(
                    "frontmatter/alias",
                    format!(
                        "the alias `{}` is the address of /{}, which the build writes",
                        redirect.alias.value, redirect.file
                    ),
                )
                .at(Span::new(&redirect.doc.file, redirect.alias.span.clone()), "shadows a real page or file")
                .help("a redirect there would hide that page: remove this alias"),
            );
            continue;
        }
        let target = absolute(&site.config.base_url, &redirect.target);
        output.put(&redirect.file, fallback_page(&target, &redirect.title, &site.config.language).as_bytes())?;
        kept.push(redirect.clone());
    }
    output.put(RULES_FILE, rules(&kept, &site.config.base_url).as_bytes())?;
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_the_base_path_and_encode() {
        let base = url::Url::parse("https://dr.example/clinic/").unwrap();
        assert_eq!(site_path(&base, "/old-page/"), "/clinic/old-page/");
        assert_eq!(site_path(&base, "/café.html"), "/clinic/caf%C3%A9.html");
        assert_eq!(site_path(&base, "/reviews/#review-r1"), "/clinic/reviews/#review-r1");
    }

    #[test]
    fn fallback_page_escapes_and_refreshes() {
        let html = fallback_page("https://dr.example/a/?x=1&y=\"2\"", "Heart <care>", "en");
        assert!(html.contains("content=\"0; url=https://dr.example/a/?x=1&amp;y=&quot;2&quot;\""), "{html}");
        assert!(html.contains("<link rel=\"canonical\" href=\"https://dr.example/a/?x=1&amp;y=&quot;2&quot;\">"));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(html.contains(">Heart &lt;care&gt;</a>"));
    }
}
