//! Post-render verification of the staged output, before it replaces the previous site:
//! internal links and asset references resolve (`output/link`), every page carries its sharing
//! tags (`output/og`), no JSON-LD rates the practice itself (`structured/self-rating`), and output
//! images carry no metadata (`output/metadata`).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use lol_html::{HtmlRewriter, Settings, element, text};
use rayon::prelude::*;
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::write::Sink;

/// A host no real site uses, to resolve site-relative links with the `url` crate.
const LOCAL_BASE: &str = "https://whitecoat.invalid/";
/// The sharing tags every page must have.
const REQUIRED_TAGS: [&str; 5] = ["og:title", "og:description", "og:image", "og:url", "twitter:card"];
/// schema.org types that are the practice's own entities.
const OWN_ENTITY_TYPES: [&str; 6] =
    ["Physician", "IndividualPhysician", "PhysiciansOffice", "MedicalClinic", "MedicalOrganization", "MedicalBusiness"];

/// What one page contains that verification looks at.
#[derive(Debug, Default)]
struct PageScan {
    links: Vec<String>,
    tags: BTreeSet<String>,
    jsonld: Vec<String>,
}

/// Verifies the staged output; `written` lists every file the build wrote.
pub fn verify(output: &dyn Sink, base_url: &url::Url) -> Vec<Diagnostic> {
    let written = output.written();
    let files: HashSet<&str> = written.iter().map(String::as_str).collect();
    let pages: Vec<&String> = written.iter().filter(|p| p.ends_with(".html")).collect();
    let scans: Vec<(&String, PageScan)> =
        pages.par_iter().map(|page| (*page, scan(&output.read(page).unwrap_or_default()))).collect();
    let mut findings = Vec::new();

    // One finding per missing target, naming the pages that link to it.
    let mut broken: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (page, scan) in &scans {
        for target in broken_links(page, &scan.links, &files, base_url) {
            broken.entry(target).or_default().push(page);
        }
    }
    for (target, pages) in broken {
        findings.push(
            Diagnostic::error(
                "output/link",
                format!("`{target}` is linked from {} but the site does not have it", several(&pages)),
            )
            .help("fix the link in the content or template, or add the missing page or file"),
        );
    }

    let mut missing: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for (page, scan) in &scans {
        for tag in REQUIRED_TAGS.iter().filter(|t| !scan.tags.contains(**t)) {
            missing.entry(tag).or_default().push(page);
        }
    }
    for (tag, pages) in missing {
        findings.push(
            Diagnostic::error("output/og", format!("{} has no `{tag}` tag", several(&pages)))
                .help("keep {{ social }} inside <head> in the theme's base template"),
        );
    }

    for (page, scan) in &scans {
        for block in &scan.jsonld {
            match serde_json::from_str::<Value>(block) {
                Ok(value) => {
                    if let Some(kind) = self_rating(&value) {
                        findings.push(
                            Diagnostic::error("structured/self-rating", format!("/{page} rates the practice's own {kind} in its JSON-LD"))
                                .help("remove aggregateRating / review from the practice's own entities: Google ignores self-serving reviews and the rating is a claim"),
                        );
                    }
                }
                Err(e) => findings.push(
                    Diagnostic::error(
                        "structured/self-rating",
                        format!("/{page} has JSON-LD that is not valid JSON: {e}"),
                    )
                    .help("fix the template that writes this <script type=\"application/ld+json\">"),
                ),
            }
        }
    }

    let images: Vec<&String> = written.iter().filter(|p| p.ends_with(".jpg") || p.ends_with(".png")).collect();
    let mut with_metadata: Vec<&String> = images
        .par_iter()
        .filter(|p| crate::check::images::has_metadata(&output.read(p).unwrap_or_default()))
        .copied()
        .collect();
    with_metadata.sort();
    for image in with_metadata {
        findings.push(
            Diagnostic::error("output/metadata", format!("/{image} still carries EXIF or XMP metadata")).help(
                "images under static/ are copied as they are: strip them (exiftool -all= FILE) or move them to assets/",
            ),
        );
    }
    findings
}

fn several(pages: &[&String]) -> String {
    let mut sorted = pages.to_vec();
    sorted.sort();
    match sorted.len() {
        1 => format!("/{}", sorted[0]),
        n => format!("{n} pages (first /{})", sorted[0]),
    }
}

/// Collects links, meta tags and JSON-LD from a page.
fn scan(html: &[u8]) -> PageScan {
    let mut scan = PageScan::default();
    let mut links = Vec::new();
    let mut tags = BTreeSet::new();
    let mut jsonld = Vec::new();
    let mut current = String::new();
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[href], [src], [srcset]", |el| {
                links.extend(el.get_attribute("href"));
                links.extend(el.get_attribute("src"));
                if let Some(srcset) = el.get_attribute("srcset") {
                    links.extend(srcset.split(',').filter_map(|c| c.split_whitespace().next().map(str::to_string)));
                }
                Ok(())
            }))
            .append_element_content_handler(element!("meta", |el| {
                let name = el.get_attribute("property").or_else(|| el.get_attribute("name"));
                if let (Some(name), Some(content)) = (name, el.get_attribute("content"))
                    && !content.trim().is_empty()
                {
                    tags.insert(name);
                }
                Ok(())
            }))
            .append_element_content_handler(text!("script[type='application/ld+json']", |t| {
                current.push_str(t.as_str());
                if t.last_in_text_node() {
                    jsonld.push(std::mem::take(&mut current));
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // Our own output is valid UTF-8 HTML; a parse failure would only lose checks.
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    scan.links = links;
    scan.tags = tags;
    scan.jsonld = jsonld;
    scan
}

/// The type of a practice entity that carries a rating or reviews, if any node does.
fn self_rating(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => items.iter().find_map(self_rating),
        Value::Object(map) => {
            let types: Vec<&str> = match map.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let own = types.iter().find(|t| OWN_ENTITY_TYPES.contains(t));
            if let Some(kind) = own
                && (map.contains_key("aggregateRating") || map.contains_key("review"))
            {
                return Some(kind.to_string());
            }
            map.values().find_map(self_rating)
        }
        _ => None,
    }
}

/// The internal link targets (from the page at `page`) that resolve to no written file.
fn broken_links(page: &str, links: &[String], files: &HashSet<&str>, base_url: &url::Url) -> BTreeSet<String> {
    let Ok(local) = url::Url::parse(LOCAL_BASE).and_then(|b| b.join(page)) else { return BTreeSet::new() };
    links
        .iter()
        .filter(|target| {
            let Ok(resolved) = local.join(target) else { return false };
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
        .cloned()
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
        let links = scan(html).links;
        let broken = broken_links("articles/a/index.html", &links, &files, &base);
        assert_eq!(broken.into_iter().collect::<Vec<_>>(), ["/assets/y.jpg", "/missing/", "https://dr.example/gone/"]);
    }

    #[test]
    fn collects_meta_tags_and_jsonld() {
        let html = br#"<head><meta property="og:title" content="T"><meta name="twitter:card" content="summary">
            <meta property="og:image" content=""><script type="application/ld+json">{"@type":"Physician"}</script></head>"#;
        let s = scan(html);
        assert!(s.tags.contains("og:title") && s.tags.contains("twitter:card"));
        assert!(!s.tags.contains("og:image"), "empty content does not count");
        assert_eq!(s.jsonld, [r#"{"@type":"Physician"}"#]);
    }

    #[test]
    fn finds_self_ratings_anywhere_in_the_graph() {
        let bad: Value =
            serde_json::from_str(r#"{"@graph":[{"@type":"MedicalClinic","aggregateRating":{"ratingValue":5}}]}"#)
                .unwrap();
        assert_eq!(self_rating(&bad).as_deref(), Some("MedicalClinic"));
        let ok: Value = serde_json::from_str(
            r#"{"@graph":[{"@type":"WebPage","review":[{"@type":"Review"}]},{"@type":"Physician"}]}"#,
        )
        .unwrap();
        assert_eq!(self_rating(&ok), None);
    }
}
