//! Post-render verification of the staged output: every internal link and asset reference in the
//! rendered HTML resolves to a file the build wrote (`output/link`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// A host no real site uses, to resolve site-relative links with the `url` crate.
const LOCAL_BASE: &str = "https://whitecoat.invalid/";

/// Checks every written HTML file's links against the set of written files.
pub fn verify(root: &Path, written: &[String], base_url: &url::Url) -> Vec<Diagnostic> {
    let files: HashSet<&str> = written.iter().map(String::as_str).collect();
    let pages: Vec<&String> = written.iter().filter(|p| p.ends_with(".html")).collect();
    let broken: Vec<(String, &String)> = pages
        .par_iter()
        .flat_map_iter(|page| {
            let html = std::fs::read(root.join(page.as_str())).unwrap_or_default();
            broken_links(page, &html, &files, base_url).into_iter().map(move |target| (target, *page))
        })
        .collect();
    // One finding per missing target, naming the pages that link to it.
    let mut by_target: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (target, page) in broken {
        by_target.entry(target).or_default().push(page);
    }
    by_target
        .into_iter()
        .map(|(target, mut pages)| {
            pages.sort();
            let from = match pages.len() {
                1 => format!("/{}", pages[0]),
                n => format!("{n} pages (first /{})", pages[0]),
            };
            Diagnostic::error("output/link", format!("`{target}` is linked from {from} but the site does not have it"))
                .help("fix the link in the content or template, or add the missing page or file")
        })
        .collect()
}

/// The internal link targets in `html` (the page at `page`) that resolve to no written file.
fn broken_links(page: &str, html: &[u8], files: &HashSet<&str>, base_url: &url::Url) -> BTreeSet<String> {
    let mut targets: Vec<String> = Vec::new();
    {
        let settings = Settings::new().append_element_content_handler(element!("[href], [src], [srcset]", |el| {
            targets.extend(el.get_attribute("href"));
            targets.extend(el.get_attribute("src"));
            if let Some(srcset) = el.get_attribute("srcset") {
                targets.extend(srcset.split(',').filter_map(|c| c.split_whitespace().next().map(str::to_string)));
            }
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // Our own output is valid UTF-8 HTML; a parse failure would only lose link checks.
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    let Ok(local) = url::Url::parse(LOCAL_BASE).and_then(|b| b.join(page)) else {
        return BTreeSet::new();
    };
    targets
        .into_iter()
        .filter(|target| {
            let Ok(resolved) = local.join(target) else {
                return false;
            };
            let path = if resolved.host_str() == Some("whitecoat.invalid") {
                resolved.path().to_string()
            } else if resolved.origin() == base_url.origin() && resolved.path().starts_with(base_url.path()) {
                format!("/{}", &resolved.path()[base_url.path().len()..])
            } else {
                return false;
            };
            let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
            let file = decoded.trim_start_matches('/');
            let file =
                if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
            !files.contains(file.as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_broken_internal_links() {
        let files: HashSet<&str> =
            ["index.html", "articles/a/index.html", "style.css", "assets/x.jpg"].into_iter().collect();
        let base = url::Url::parse("https://dr.example/").unwrap();
        let html = br##"<a href="/articles/a/">ok</a><a href="/articles/a/#top">ok</a><a href="../../">ok</a>
            <a href="/missing/">bad</a><link href="/style.css"><img src="/assets/x.jpg" srcset="/assets/x.jpg 1x, /assets/y.jpg 2x">
            <a href="https://other.example/nope/">external</a><a href="https://dr.example/gone/">absolute bad</a>
            <a href="mailto:a@b.example">mail</a><a href="tel:+15550100">tel</a><a href="#main">skip</a>"##;
        let broken = broken_links("articles/a/index.html", html, &files, &base);
        assert_eq!(broken.into_iter().collect::<Vec<_>>(), ["/assets/y.jpg", "/missing/", "https://dr.example/gone/"]);
    }
}
