//! Builds `example-site/` (a copy, so the repository stays untouched) and checks the whole output:
//! every page kind, the feed, the sitemap, robots.txt, the HTML of every page, internal links,
//! `--base-url`, determinism, and that a failed build leaves the previous output alone.
//!
//! What to expect is read from the example site's own files, so the test follows its content.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use common::{Problems, SiteTest, TODAY, example_site_dir, html_pages, sel, tree_files};

const BASE_URL: &str = "https://www.drokafor.example/";
const PREVIEW_URL: &str = "https://preview.example/";

// ---------------------------------------------------------------------------------------------
// What the example site should produce, read from its sources.
// ---------------------------------------------------------------------------------------------

/// The `key = value` / `key: value` lines of a document's front matter, in order, with quotes
/// removed. Line-based on purpose: the example's front matter keeps every value the tests need on
/// one line (`tags` as a one-line array), in TOML and YAML alike.
fn front_matter(text: &str) -> Vec<(String, String)> {
    let mut lines = text.lines();
    let delimiter = lines.next().unwrap_or_default().trim();
    assert!(delimiter == "+++" || delimiter == "---", "no front matter: {text:.40}");
    lines
        .take_while(|l| l.trim() != delimiter)
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("- ");
            let at = line.find(['=', ':'])?;
            let key = line[..at].trim();
            if key.is_empty() || key.starts_with('#') || key.starts_with('[') {
                return None;
            }
            let value = line[at + 1..].trim().trim_matches('"').to_string();
            Some((key.to_string(), value))
        })
        .collect()
}

fn first<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn all<'a>(fields: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    fields.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
}

/// A content document of the example site.
struct Doc {
    slug: String,
    fields: Vec<(String, String)>,
}

fn docs(folder: &str) -> Vec<Doc> {
    let dir = example_site_dir().join("content").join(folder);
    let mut docs: Vec<Doc> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('_') || n.starts_with('.')))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("reading a content file");
            let fields = front_matter(&text);
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("a file stem");
            let slug = first(&fields, "slug").unwrap_or(stem).to_string();
            Doc { slug, fields }
        })
        .filter(|d| first(&d.fields, "draft") != Some("true"))
        .collect();
    docs.sort_by(|a, b| a.slug.cmp(&b.slug));
    docs
}

fn one_line_list(value: &str) -> Vec<String> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|t| t.trim().trim_matches('"').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

struct Expected {
    team: Vec<Doc>,
    reviews: Vec<Doc>,
    articles: Vec<Doc>,
    pages: Vec<Doc>,
    tags: BTreeMap<String, BTreeSet<String>>,
    per_page: usize,
    profile_name: String,
    /// The fallback page each alias writes (`old/index.html`) -> (the alias, its target's URL path).
    redirects: BTreeMap<String, (String, String)>,
}

/// The file an alias's fallback page is written to: `/old/` and `/old` -> `old/index.html`,
/// `/old.html` -> `old.html`.
fn alias_file(alias: &str) -> String {
    let path = alias.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if path.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        path.to_string()
    } else {
        format!("{path}/index.html")
    }
}

/// The aliases of documents (each with its URL path), as fallback file -> (alias, target).
fn redirects_of<'a>(
    docs: impl IntoIterator<Item = (&'a [(String, String)], String)>,
) -> BTreeMap<String, (String, String)> {
    let mut redirects = BTreeMap::new();
    for (fields, target) in docs {
        for alias in one_line_list(first(fields, "aliases").unwrap_or("[]")) {
            let previous = redirects.insert(alias_file(&alias), (alias.clone(), target.clone()));
            assert!(previous.is_none(), "example-site: the alias {alias} is claimed twice");
        }
    }
    redirects
}

impl Expected {
    fn read() -> Self {
        let config: toml::Table =
            toml::from_str(&std::fs::read_to_string(example_site_dir().join("site.toml")).expect("site.toml"))
                .expect("site.toml is TOML");
        let per_page = config
            .get("articles")
            .and_then(|a| a.get("per_page"))
            .and_then(toml::Value::as_integer)
            .map_or(10, |n| n as usize);
        let articles = docs("articles");
        let mut tags: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for article in &articles {
            for tag in one_line_list(first(&article.fields, "tags").unwrap_or("[]")) {
                tags.entry(tag).or_default().insert(article.slug.clone());
            }
        }
        // Reviews whose authorization is revoked or expired are left out of the site.
        let reviews: Vec<Doc> = docs("reviews")
            .into_iter()
            .filter(|r| first(&r.fields, "revoked") != Some("true"))
            .filter(|r| first(&r.fields, "expires_on").is_none_or(|d| d >= TODAY))
            .collect();
        let profile = std::fs::read_to_string(example_site_dir().join("content/profile.md")).expect("profile.md");
        let profile = front_matter(&profile);
        let (team, pages) = (docs("team"), docs("pages"));
        let redirects = redirects_of(
            std::iter::once((profile.as_slice(), "/".to_string()))
                .chain(team.iter().map(|d| (d.fields.as_slice(), format!("/team/{}/", d.slug))))
                .chain(articles.iter().map(|d| (d.fields.as_slice(), format!("/articles/{}/", d.slug))))
                .chain(pages.iter().map(|d| (d.fields.as_slice(), format!("/{}/", d.slug))))
                .chain(reviews.iter().map(|d| (d.fields.as_slice(), format!("/reviews/#review-{}", d.slug)))),
        );
        Self {
            team,
            reviews,
            articles,
            pages,
            tags,
            per_page,
            profile_name: first(&profile, "name").expect("profile name").to_string(),
            redirects,
        }
    }

    fn article_pages(&self) -> usize {
        self.articles.len().div_ceil(self.per_page).max(1)
    }

    /// The display name of a clinician slug (`profile` or a team member).
    fn clinician_name(&self, slug: &str) -> String {
        if slug == "profile" {
            return self.profile_name.clone();
        }
        let member = self.team.iter().find(|t| t.slug == slug).unwrap_or_else(|| panic!("no team member {slug}"));
        first(&member.fields, "name").expect("name").to_string()
    }

    /// Every HTML file the build must write.
    fn html_paths(&self) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = [
            "index.html",
            "404.html",
            "team/index.html",
            "reviews/index.html",
            "articles/index.html",
            "tags/index.html",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        paths.extend(self.team.iter().map(|t| format!("team/{}/index.html", t.slug)));
        paths.extend(self.articles.iter().map(|a| format!("articles/{}/index.html", a.slug)));
        paths.extend((2..=self.article_pages()).map(|n| format!("articles/page/{n}/index.html")));
        for (tag, articles) in &self.tags {
            paths.insert(format!("tags/{tag}/index.html"));
            let pages = articles.len().div_ceil(self.per_page);
            paths.extend((2..=pages).map(|n| format!("tags/{tag}/page/{n}/index.html")));
        }
        paths.extend(self.pages.iter().map(|p| format!("{}/index.html", p.slug)));
        paths
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers over the output.
// ---------------------------------------------------------------------------------------------

/// The URL path a file is served at: `a/index.html` -> `/a/`, `404.html` -> `/404.html`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

/// The file a site-relative URL path is served from, if it looks like one.
fn file_of(url_path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8_lossy().into_owned();
    let file = decoded.trim_start_matches('/');
    if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() }
}

fn text_of(element: scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ids(page: &scraper::Html) -> HashSet<String> {
    page.select(&sel("[id]")).filter_map(|e| e.value().attr("id").map(String::from)).collect()
}

/// One element of an XML document, with its ancestry and text.
#[derive(Debug)]
struct XmlElement {
    /// `feed/entry/link`.
    path: String,
    attributes: BTreeMap<String, String>,
    text: String,
}

/// Parses XML into a flat list of elements; panics if it is not well-formed.
fn parse_xml(xml: &str, what: &str) -> Vec<XmlElement> {
    use quick_xml::events::{BytesStart, Event};
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut elements: Vec<XmlElement> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let element = |e: &BytesStart<'_>, parent: Option<&XmlElement>| {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let attributes = e
            .attributes()
            .map(|a| {
                let a = a.unwrap_or_else(|err| panic!("{what}: bad attribute: {err}"));
                let value = a.unescape_value().unwrap_or_else(|err| panic!("{what}: bad attribute value: {err}"));
                (String::from_utf8_lossy(a.key.as_ref()).into_owned(), value.into_owned())
            })
            .collect();
        XmlElement {
            path: parent.map_or(name.clone(), |p| format!("{}/{name}", p.path)),
            attributes,
            text: String::new(),
        }
    };
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("{what} is not well-formed XML: {e}"));
        match event {
            Event::Start(e) => {
                let new = element(&e, stack.last().map(|&i| &elements[i]));
                elements.push(new);
                stack.push(elements.len() - 1);
            }
            Event::Empty(e) => {
                let new = element(&e, stack.last().map(|&i| &elements[i]));
                elements.push(new);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = stack.last() {
                    elements[i].text.push_str(&t.decode().expect("UTF-8 text"));
                }
            }
            Event::CData(t) => {
                if let Some(&i) = stack.last() {
                    elements[i].text.push_str(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = stack.last() {
                    let name = r.decode().expect("UTF-8 entity");
                    let resolved = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "\u{fffd}",
                    };
                    elements[i].text.push_str(resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed elements");
    assert!(!elements.is_empty(), "{what}: no root element");
    elements
}

fn staging_leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("listing the output's parent")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.staging"))
        .collect()
}

/// The redirect pages of the aliases: every alias has one, which refreshes to its target on
/// `base_url`, names the target as canonical, is kept out of search results and links the
/// target; `_redirects` has a 301 per alias, to the target's path.
fn check_redirects(
    expected: &Expected,
    files: &BTreeMap<String, Vec<u8>>,
    redirect_pages: &[&(String, scraper::Html)],
    base_url: &str,
    problems: &mut Problems,
) {
    let rules = files.get("_redirects").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    problems.check(files.contains_key("_redirects"), || "no _redirects although the example has aliases".into());
    let rule_lines: BTreeSet<&str> = rules.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
    problems.check(rule_lines.len() == expected.redirects.len(), || {
        format!(
            "_redirects has {} rules, want one per alias ({}):\n{rules}",
            rule_lines.len(),
            expected.redirects.len()
        )
    });
    for (file, (alias, target)) in &expected.redirects {
        let rule = format!("{alias} {target} 301");
        problems.check(rule_lines.contains(rule.as_str()), || format!("_redirects lacks `{rule}`:\n{rules}"));
        let Some((_, html)) = redirect_pages.iter().find(|(p, _)| p == file) else {
            problems.push(format!("no redirect page {file} for the alias {alias}"));
            continue;
        };
        let want = format!("{base_url}{}", target.trim_start_matches('/'));
        let attrs = |css: &str, name: &str| -> Vec<String> {
            html.select(&sel(css)).filter_map(|e| e.value().attr(name).map(String::from)).collect()
        };
        let refresh = attrs("meta[http-equiv=refresh]", "content");
        problems.check(refresh == [format!("0; url={want}")], || {
            format!("{file}: meta refresh {refresh:?}, want [\"0; url={want}\"]")
        });
        let canonical = attrs("link[rel=canonical]", "href");
        problems.check(canonical == [want.clone()], || format!("{file}: canonical {canonical:?}, want [{want:?}]"));
        let robots = attrs("meta[name=robots]", "content");
        problems.check(robots == ["noindex"], || format!("{file}: robots {robots:?}, want [\"noindex\"]"));
        let links = attrs("main a", "href");
        problems.check(links == [want.clone()], || format!("{file}: visible links {links:?}, want [{want:?}]"));
        let lang = attrs("html", "lang");
        problems.check(lang == ["en"], || format!("{file}: <html lang> {lang:?}, want [\"en\"]"));
        let titles: Vec<String> = html.select(&sel("head title")).map(text_of).collect();
        problems.check(titles.len() == 1 && !titles[0].is_empty(), || format!("{file}: <title> elements {titles:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------

/// One build of the example site, audited from every side. Problems are collected and reported
/// together, so one run shows everything that is wrong.
#[test]
fn example_site_builds_completely_and_well_formed() {
    let expected = Expected::read();
    let site = SiteTest::example();
    let run = site.build(&[]).expect(0);
    let files = site.output_files();
    let all_html = html_pages(&files);
    let mut problems = Problems::default();

    problems.check(!run.stderr.contains("warning[") && !run.stderr.contains("error["), || {
        format!("the example site should build without findings; stderr:\n{}", run.stderr)
    });

    // The example keeps old addresses (aliases): each gets a redirect page, checked apart.
    problems.check(!expected.redirects.is_empty(), || "example-site should keep an old address (aliases)".into());
    let (redirect_pages, pages): (Vec<_>, Vec<_>) =
        all_html.iter().partition(|(path, _)| expected.redirects.contains_key(path));
    check_redirects(&expected, &files, &redirect_pages, BASE_URL, &mut problems);

    // Every page kind exists, and no HTML page the content does not call for.
    let written: BTreeSet<String> = pages.iter().map(|(p, _)| p.clone()).collect();
    let wanted = expected.html_paths();
    for missing in wanted.difference(&written) {
        problems.push(format!("missing page {missing}"));
    }
    for extra in written.difference(&wanted) {
        problems.push(format!("unexpected page {extra}"));
    }
    problems.check(!files.contains_key(&format!("articles/page/{}/index.html", expected.article_pages() + 1)), || {
        "an article list page past the last one".into()
    });
    for path in ["articles/atom.xml", "sitemap.xml", "robots.txt"] {
        problems.check(files.contains_key(path), || format!("missing {path}"));
    }
    let page = |path: &str| pages.iter().find(|(p, _)| p == path).map(|(_, h)| h);

    // Reviews: one page, an anchor per published review.
    if let Some(reviews) = page("reviews/index.html") {
        let anchors = ids(reviews);
        for review in &expected.reviews {
            problems.check(anchors.contains(&format!("review-{}", review.slug)), || {
                format!("reviews/index.html has no id=\"review-{}\"", review.slug)
            });
        }
    }

    // Article lists: together they link every article once; tag pages link their articles.
    let links_in_main = |html: &scraper::Html| -> BTreeSet<String> {
        html.select(&sel("main a[href]")).filter_map(|a| a.value().attr("href").map(String::from)).collect()
    };
    let mut listed = BTreeSet::new();
    for n in 1..=expected.article_pages() {
        let path = if n == 1 { "articles/index.html".to_string() } else { format!("articles/page/{n}/index.html") };
        if let Some(html) = page(&path) {
            listed.extend(links_in_main(html));
        }
    }
    for article in &expected.articles {
        problems.check(listed.contains(&format!("/articles/{}/", article.slug)), || {
            format!("no article list page links /articles/{}/", article.slug)
        });
    }
    for (tag, articles) in &expected.tags {
        if let Some(html) = page(&format!("tags/{tag}/index.html")) {
            let links = links_in_main(html);
            for slug in articles {
                problems.check(links.contains(&format!("/articles/{slug}/")), || {
                    format!("tags/{tag}/ does not link /articles/{slug}/")
                });
            }
        }
        if let Some(html) = page("tags/index.html") {
            problems.check(links_in_main(html).contains(&format!("/tags/{tag}/")), || {
                format!("tags/index.html does not link /tags/{tag}/")
            });
        }
    }

    // Every page: one <h1>, <html lang>, a <title>, a description, the disclaimer inside <main>,
    // and a canonical link to itself.
    for (path, html) in &pages {
        let h1 = html.select(&sel("h1")).count();
        problems.check(h1 == 1, || format!("{path}: {h1} <h1> elements, want 1"));
        let lang = html.select(&sel("html")).next().and_then(|e| e.value().attr("lang"));
        problems.check(lang == Some("en"), || format!("{path}: <html lang> is {lang:?}, want \"en\""));
        let titles: Vec<String> = html.select(&sel("head title")).map(text_of).collect();
        problems.check(titles.len() == 1 && !titles[0].is_empty(), || {
            format!("{path}: <title> elements {titles:?}, want one non-empty")
        });
        let descriptions: Vec<&str> = html
            .select(&sel("meta[name=description]"))
            .map(|m| m.value().attr("content").unwrap_or_default())
            .collect();
        problems.check(descriptions.len() == 1 && !descriptions[0].trim().is_empty(), || {
            format!("{path}: meta descriptions {descriptions:?}, want one non-empty")
        });
        // A page may carry more than one (the home page also shows reviews), never one twice.
        let disclaimers: Vec<&str> = html
            .select(&sel("main aside[data-disclaimer]"))
            .filter_map(|a| a.value().attr("data-disclaimer"))
            .collect();
        let distinct: BTreeSet<&&str> = disclaimers.iter().collect();
        problems.check(!disclaimers.is_empty() && distinct.len() == disclaimers.len(), || {
            format!("{path}: disclaimers inside <main> are {disclaimers:?}, want each configured one once")
        });
        let canonical: Vec<&str> =
            html.select(&sel("link[rel=canonical]")).filter_map(|l| l.value().attr("href")).collect();
        let want = format!("{}{}", BASE_URL, url_of(path).trim_start_matches('/'));
        problems.check(canonical == [want.as_str()], || format!("{path}: canonical {canonical:?}, want [{want:?}]"));
    }

    // Article pages: the author, the medical review line, the references.
    for article in &expected.articles {
        let path = format!("articles/{}/index.html", article.slug);
        let Some(html) = page(&path) else { continue };
        let Some(main) = html.select(&sel("main")).next() else {
            problems.push(format!("{path}: no <main>"));
            continue;
        };
        let main_text = text_of(main);
        let title = first(&article.fields, "title").unwrap_or_default();
        let h1 = html.select(&sel("h1")).next().map(text_of);
        problems.check(h1.as_deref() == Some(title), || format!("{path}: <h1> is {h1:?}, want {title:?}"));
        if let Some(author) = first(&article.fields, "author") {
            let name = expected.clinician_name(author);
            problems.check(main_text.contains(&name), || format!("{path}: the author {name} is not shown"));
        }
        if let (Some(reviewer), Some(date)) =
            (first(&article.fields, "reviewer"), first(&article.fields, "last_reviewed"))
        {
            let name = expected.clinician_name(reviewer);
            let time = sel(&format!("time[datetime=\"{date}\"]"));
            let shown = main.select(&sel("*")).any(|e| {
                let text = text_of(e);
                text.len() < 300
                    && text.to_lowercase().contains("reviewed")
                    && text.contains(&name)
                    && e.select(&time).next().is_some()
            });
            problems.check(shown, || format!("{path}: no \"reviewed by {name}\" line with <time datetime=\"{date}\">"));
        }
        let references = all(&article.fields, "url");
        problems.check(!references.is_empty(), || format!("{path}: the example article should cite references"));
        for url in references {
            let link = sel(&format!("a[href=\"{url}\"]"));
            problems
                .check(main.select(&link).next().is_some(), || format!("{path}: the reference {url} is not linked"));
        }
    }

    // No dead internal link: every href/src/srcset starting with "/" names a written file, and
    // every #fragment names an id on its page.
    let mut internal_links = 0;
    let page_ids: BTreeMap<&str, HashSet<String>> = pages.iter().map(|(p, h)| (p.as_str(), ids(h))).collect();
    for (path, html) in pages.iter().chain(&redirect_pages) {
        for element in html.select(&sel("[href], [src], [srcset]")) {
            let attrs = element.value();
            let mut targets: Vec<&str> = Vec::new();
            targets.extend(attrs.attr("href"));
            targets.extend(attrs.attr("src"));
            if let Some(srcset) = attrs.attr("srcset") {
                targets.extend(srcset.split(',').filter_map(|c| c.split_whitespace().next()));
            }
            for target in targets {
                let (local, fragment) = match target.split_once('#') {
                    Some((l, f)) => (l, Some(f)),
                    None => (target, None),
                };
                let local = local.split('?').next().unwrap_or_default();
                let file = if local.is_empty() {
                    path.clone()
                } else if let Some(rest) = local.strip_prefix(BASE_URL) {
                    file_of(&format!("/{rest}"))
                } else if local.starts_with('/') && !local.starts_with("//") {
                    file_of(local)
                } else {
                    continue;
                };
                internal_links += 1;
                if !files.contains_key(&file) {
                    problems.push(format!("{path}: dead link {target} (no {file})"));
                    continue;
                }
                if let (Some(fragment), Some(ids)) = (fragment, page_ids.get(file.as_str()))
                    && !fragment.is_empty()
                    && !ids.contains(fragment)
                {
                    problems.push(format!("{path}: link {target}: {file} has no id=\"{fragment}\""));
                }
            }
        }
    }

    problems.check(internal_links > 10 * pages.len(), || {
        format!("only {internal_links} internal links seen in {} pages", pages.len())
    });

    // Atom feed: well-formed, one entry per article (up to the feed limit), absolute links.
    if let Some(bytes) = files.get("articles/atom.xml") {
        let xml = String::from_utf8(bytes.clone()).expect("the feed is UTF-8");
        let elements = parse_xml(&xml, "articles/atom.xml");
        problems
            .check(elements[0].path == "feed", || format!("the feed's root is <{}>, want <feed>", elements[0].path));
        let entries = elements.iter().filter(|e| e.path == "feed/entry").count();
        problems.check(entries == expected.articles.len().min(20), || {
            format!("the feed has {entries} entries, want {}", expected.articles.len().min(20))
        });
        for e in elements.iter().filter(|e| e.path.ends_with("/link")) {
            let href = e.attributes.get("href").map_or("", String::as_str);
            problems.check(href.starts_with(BASE_URL), || format!("feed link {href:?} is not absolute on {BASE_URL}"));
        }
        for e in elements.iter().filter(|e| e.path == "feed/entry/id") {
            problems.check(e.text.starts_with(BASE_URL), || {
                format!("feed entry id {:?} is not absolute on {BASE_URL}", e.text)
            });
        }
        let entry_links: BTreeSet<&str> = elements
            .iter()
            .filter(|e| e.path == "feed/entry/link")
            .filter_map(|e| e.attributes.get("href").map(String::as_str))
            .collect();
        for article in &expected.articles {
            let url = format!("{BASE_URL}articles/{}/", article.slug);
            problems.check(entry_links.contains(url.as_str()), || format!("the feed has no entry linking {url}"));
        }
    }

    // Sitemap: every indexable page once, absolute on base_url, not the 404 page; dated pages
    // carry their date as lastmod.
    if let Some(bytes) = files.get("sitemap.xml") {
        let xml = String::from_utf8(bytes.clone()).expect("the sitemap is UTF-8");
        let elements = parse_xml(&xml, "sitemap.xml");
        let mut lastmods: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut current = None;
        for e in &elements {
            match e.path.as_str() {
                "urlset/url/loc" => {
                    current = Some(e.text.trim().to_string());
                    lastmods.insert(e.text.trim().to_string(), None);
                }
                "urlset/url/lastmod" => {
                    if let Some(loc) = &current {
                        lastmods.insert(loc.clone(), Some(e.text.trim().to_string()));
                    }
                }
                _ => {}
            }
        }
        let want: BTreeSet<String> = pages
            .iter()
            .map(|(p, _)| p)
            .filter(|p| p.as_str() != "404.html")
            .map(|p| format!("{BASE_URL}{}", url_of(p).trim_start_matches('/')))
            .collect();
        let locs: BTreeSet<String> = lastmods.keys().cloned().collect();
        for missing in want.difference(&locs) {
            problems.push(format!("sitemap.xml lacks {missing}"));
        }
        for extra in locs.difference(&want) {
            problems.push(format!("sitemap.xml lists {extra}, which is not an indexable page"));
        }
        for (file, (alias, _)) in &expected.redirects {
            let old = format!("{BASE_URL}{}", url_of(file).trim_start_matches('/'));
            problems.check(!locs.contains(&old), || format!("sitemap.xml lists the old address {alias}"));
        }
        problems.check(lastmods.values().filter(|l| l.is_some()).count() > 0, || "sitemap.xml has no <lastmod>".into());
        for (loc, lastmod) in &lastmods {
            problems.check(loc.starts_with(BASE_URL), || format!("sitemap <loc> {loc} is not absolute on {BASE_URL}"));
            if let Some(lastmod) = lastmod {
                problems.check(jiff::civil::Date::strptime("%Y-%m-%d", lastmod).is_ok(), || {
                    format!("sitemap <lastmod> {lastmod:?} of {loc} is not YYYY-MM-DD")
                });
            }
        }
        for article in &expected.articles {
            let loc = format!("{BASE_URL}articles/{}/", article.slug);
            let date = first(&article.fields, "updated").or(first(&article.fields, "date"));
            let got = lastmods.get(&loc).cloned().flatten();
            problems.check(got.as_deref() == date, || format!("sitemap <lastmod> of {loc} is {got:?}, want {date:?}"));
        }
        problems.check(lastmods.contains_key(BASE_URL), || "sitemap.xml lacks the home page".into());
    }

    // robots.txt points at the sitemap.
    if let Some(bytes) = files.get("robots.txt") {
        let robots = String::from_utf8_lossy(bytes);
        problems.check(robots.lines().any(|l| l.trim() == format!("Sitemap: {BASE_URL}sitemap.xml")), || {
            format!("robots.txt does not point at the sitemap:\n{robots}")
        });
    }

    // Processed images carry no EXIF or XMP (the example's sources do carry EXIF).
    let source = std::fs::read(example_site_dir().join("assets/headshot.jpg")).expect("headshot");
    assert!(
        exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&source)).is_ok(),
        "fixture check: example-site/assets/headshot.jpg should carry EXIF"
    );
    let images: Vec<&String> =
        files.keys().filter(|p| p.starts_with("assets/") && (p.ends_with(".jpg") || p.ends_with(".png"))).collect();
    problems.check(images.iter().any(|p| p.starts_with("assets/headshot") && p.ends_with(".jpg")), || {
        "no processed headshot under assets/".into()
    });
    problems
        .check(images.len() > expected.team.len(), || format!("only {} processed images: {images:?}", images.len()));
    for path in images {
        let bytes = &files[path];
        problems.check(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).is_err(), || {
            format!("{path} still carries EXIF")
        });
        problems
            .check(!bytes.windows(b"http://ns.adobe.com/xap/".len()).any(|w| w == b"http://ns.adobe.com/xap/"), || {
                format!("{path} still carries XMP")
            });
    }

    problems.assert_none("example-site build");
}

#[test]
fn base_url_flag_changes_every_absolute_url() {
    let expected = Expected::read();
    let site = SiteTest::example();
    site.build(&["--base-url", PREVIEW_URL]).expect(0);
    let files = site.output_files();
    let mut problems = Problems::default();
    let all_html = html_pages(&files);
    let (redirect_pages, pages): (Vec<_>, Vec<_>) =
        all_html.iter().partition(|(path, _)| expected.redirects.contains_key(path));
    // Redirect pages send the browser to the target on the preview address.
    check_redirects(&expected, &files, &redirect_pages, PREVIEW_URL, &mut problems);

    let feed = parse_xml(&site.output("articles/atom.xml"), "articles/atom.xml");
    for e in &feed {
        if e.path.ends_with("/link") {
            let href = e.attributes.get("href").map_or("", String::as_str);
            problems.check(href.starts_with(PREVIEW_URL), || format!("feed link {href} does not use --base-url"));
        }
        if e.path.ends_with("/id") {
            problems.check(e.text.starts_with(PREVIEW_URL), || format!("feed id {} does not use --base-url", e.text));
        }
    }
    let sitemap = parse_xml(&site.output("sitemap.xml"), "sitemap.xml");
    let locs: Vec<&XmlElement> = sitemap.iter().filter(|e| e.path == "urlset/url/loc").collect();
    problems.check(!locs.is_empty(), || "the sitemap is empty".into());
    for loc in locs {
        problems
            .check(loc.text.starts_with(PREVIEW_URL), || format!("sitemap <loc> {} does not use --base-url", loc.text));
    }
    problems.check(site.output("robots.txt").contains(&format!("Sitemap: {PREVIEW_URL}sitemap.xml")), || {
        "robots.txt does not use --base-url".into()
    });
    for (path, html) in pages {
        let want = format!("{PREVIEW_URL}{}", url_of(path).trim_start_matches('/'));
        let canonical: Vec<&str> =
            html.select(&sel("link[rel=canonical]")).filter_map(|l| l.value().attr("href")).collect();
        problems.check(canonical == [want.as_str()], || format!("{path}: canonical {canonical:?}, want {want}"));
        for og in html.select(&sel("meta[property='og:url']")) {
            let url = og.value().attr("content").unwrap_or_default();
            problems.check(url == want, || format!("{path}: og:url {url}, want {want}"));
        }
    }
    // The configured base URL must not leak anywhere.
    let configured = BASE_URL.trim_end_matches('/');
    for (path, bytes) in &files {
        if String::from_utf8_lossy(bytes).contains(configured) {
            problems.push(format!("{path} still contains the configured base URL {configured}"));
        }
    }
    problems.assert_none("--base-url build");
}

#[test]
fn identical_input_gives_byte_identical_output() {
    // Two copies in two different folders: the output must not depend on where the site is.
    let first = SiteTest::example();
    let second = SiteTest::example();
    let outs = tempfile::tempdir().expect("a temp dir");
    let (a, b) = (outs.path().join("a"), outs.path().join("b"));
    first.build(&["--out", a.to_str().expect("UTF-8")]).expect(0);
    second.build(&["--out", b.to_str().expect("UTF-8")]).expect(0);
    let (a, b) = (tree_files(&a), tree_files(&b));
    assert!(a.len() > 20, "suspiciously small output: {:?}", a.keys());
    let a_paths: Vec<&String> = a.keys().collect();
    let b_paths: Vec<&String> = b.keys().collect();
    assert_eq!(a_paths, b_paths, "the two builds wrote different files");
    let differing: Vec<&String> = a.iter().filter(|(path, bytes)| b[*path] != **bytes).map(|(path, _)| path).collect();
    assert!(differing.is_empty(), "files differ between identical builds: {differing:?}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = SiteTest::example();
    let outs = tempfile::tempdir().expect("a temp dir");
    let out = outs.path().join("public");
    let out_arg = out.to_str().expect("UTF-8").to_string();
    site.build(&["--out", &out_arg]).expect(0);
    let before = tree_files(&out);
    assert!(before.contains_key("index.html"));

    // Failures at each point of the pipeline: in the model (before anything is staged), in
    // verification (after everything is staged) and in rendering (a template error).
    let failures: [(&str, &str, &str, i32); 3] = [
        (
            "front-matter error",
            "content/articles/broken.md",
            "+++\ntitle = \"Broken\"\ntitel = \"typo\"\n+++\n\nBody.\n",
            1,
        ),
        (
            "dead internal link",
            "content/pages/broken.md",
            "+++\ntitle = \"Broken\"\ndescription = \"A page with a dead link.\"\n+++\n\nSee [this page](/no-such-page/).\n",
            1,
        ),
        (
            "template error",
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title }\n{% endblock content %}\n",
            2,
        ),
    ];
    for (what, path, text, code) in failures {
        site.write(path, text.as_bytes());
        let run = site.build(&["--out", &out_arg]);
        assert_eq!(run.code, code, "{what}: {run}");
        assert!(run.stderr.contains("previous output was left untouched"), "{what}: {run}");
        let after = tree_files(&out);
        let before_paths: Vec<&String> = before.keys().collect();
        let after_paths: Vec<&String> = after.keys().collect();
        assert_eq!(before_paths, after_paths, "{what}: the output's files changed");
        let changed: Vec<&String> = before.iter().filter(|(p, bytes)| after[*p] != **bytes).map(|(p, _)| p).collect();
        assert!(changed.is_empty(), "{what}: files changed: {changed:?}");
        let left = staging_leftovers(outs.path());
        assert!(left.is_empty(), "{what}: staging left behind: {left:?}");
        std::fs::remove_file(site.path().join(path)).expect("removing the broken file");
    }

    // And once fixed, the next build replaces the output and still leaves nothing beside it.
    site.build(&["--out", &out_arg]).expect(0);
    assert_eq!(tree_files(&out), before);
    assert!(staging_leftovers(outs.path()).is_empty());
}
