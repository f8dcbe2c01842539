//! Sharing: the Open Graph / X tags, share cards and schema.org JSON-LD of every page.
//!
//! The example site is built once (shared by the tests that audit it; only its output bytes are
//! kept) and checked page by page: head tags, the cards they point at, and the JSON-LD graph.
//! Small sites cover the rest: the card cache across builds, `[social] cards = false`, patient
//! words kept off cards and share tags, `[structured] pending`, derived descriptions and a page's
//! own share image.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use common::{MINIMAL_BASE_URL, MINIMAL_SITE_TOML, Problems, Run, SiteTest, example_site_dir, html_pages, jpeg, sel};
use serde_json::Value;

const BASE_URL: &str = "https://www.drokafor.example/";

/// Card size (Open Graph's recommended 1.91:1).
const CARD_WIDTH: u32 = 1200;
const CARD_HEIGHT: u32 = 630;
/// The most a card may weigh.
const CARD_MAX_BYTES: usize = 300_000;
/// The longest derived meta description, in characters.
const DESCRIPTION_CHARS: usize = 160;

// ---------------------------------------------------------------------------------------------
// The example site, built once.
// ---------------------------------------------------------------------------------------------

/// Every output file of one build of the example site (the temp folder is gone by then).
fn example_output() -> &'static BTreeMap<String, Vec<u8>> {
    static OUTPUT: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let site = SiteTest::example();
        site.build(&[]).expect(0);
        site.output_files()
    })
}

/// The `key = value` / `key: value` lines of a document's front matter (TOML or YAML), quotes
/// removed. Line-based on purpose: the example keeps every value these tests need on one line.
fn front_matter(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    let delimiter = lines.next().unwrap_or_default().trim();
    assert!(delimiter == "+++" || delimiter == "---", "no front matter: {text:.40}");
    let mut fields = BTreeMap::new();
    for line in lines.take_while(|l| l.trim() != delimiter) {
        let line = line.trim();
        let Some(at) = line.find(['=', ':']) else { continue };
        let key = line[..at].trim();
        if key.is_empty() || key.starts_with('#') || key.starts_with('[') || key.contains(' ') {
            continue;
        }
        let value = line[at + 1..].trim().trim_matches('"').to_string();
        fields.entry(key.to_string()).or_insert(value);
    }
    fields
}

/// The front matter of every document in an example-site content folder, by slug (file stem).
fn example_docs(folder: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = example_site_dir().join("content").join(folder);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let fields = front_matter(&std::fs::read_to_string(&p).expect("reading a content file"));
            let stem = p.file_stem().and_then(|s| s.to_str()).expect("a file stem").to_string();
            (fields.get("slug").cloned().unwrap_or(stem), fields)
        })
        .filter(|(_, f)| f.get("draft").map(String::as_str) != Some("true"))
        .collect()
}

fn example_config() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(example_site_dir().join("site.toml")).expect("site.toml"))
        .expect("site.toml is TOML")
}

// ---------------------------------------------------------------------------------------------
// Pages, head tags and JSON-LD.
// ---------------------------------------------------------------------------------------------

/// What a page is, from where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Home,
    TeamList,
    Member,
    Reviews,
    ArticleList,
    Article,
    TagList,
    Tag,
    Page,
    NotFound,
}

/// The site's pages without the redirect pages of its aliases (the fallback pages `_redirects`
/// names, which a browser leaves at once: they carry no sharing tags on purpose).
fn content_pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, scraper::Html)> {
    let rules = files.get("_redirects").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let fallbacks: BTreeSet<String> = rules
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(|from| {
            let path =
                percent_encoding::percent_decode_str(from.trim_start_matches('/')).decode_utf8_lossy().into_owned();
            if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else if path.rsplit('/').next().is_some_and(|last| last.contains('.')) {
                path
            } else {
                format!("{path}/index.html")
            }
        })
        .collect();
    html_pages(files).into_iter().filter(|(path, _)| !fallbacks.contains(path)).collect()
}

fn kind_of(path: &str) -> Kind {
    if path == "404.html" {
        return Kind::NotFound;
    }
    let dir = path.strip_suffix("index.html").unwrap_or_else(|| panic!("unexpected HTML file {path}"));
    let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => Kind::Home,
        ["team"] => Kind::TeamList,
        ["team", _] => Kind::Member,
        ["reviews"] => Kind::Reviews,
        ["articles"] | ["articles", "page", _] => Kind::ArticleList,
        ["articles", _] => Kind::Article,
        ["tags"] => Kind::TagList,
        ["tags", ..] => Kind::Tag,
        [_] => Kind::Page,
        _ => panic!("unexpected HTML file {path}"),
    }
}

/// The URL path a file is served at: `a/index.html` -> `/a/`, `404.html` -> `/404.html`.
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

/// The slug of `team/<slug>/index.html`, `articles/<slug>/index.html` or `<slug>/index.html`.
fn slug_of(path: &str) -> String {
    let dir = path.strip_suffix("/index.html").unwrap_or(path);
    dir.rsplit('/').next().unwrap_or_default().to_string()
}

/// The share-related tags of a page's `<head>`.
struct Head {
    /// `<meta property=…>` contents by property, in document order.
    properties: BTreeMap<String, Vec<String>>,
    /// `<meta name=…>` contents by name.
    names: BTreeMap<String, Vec<String>>,
    /// `<link rel=canonical>` hrefs.
    canonical: Vec<String>,
    /// `<title>` text.
    title: String,
}

impl Head {
    fn of(html: &scraper::Html) -> Self {
        let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for meta in html.select(&sel("head meta")) {
            let content = meta.value().attr("content").unwrap_or_default().to_string();
            if let Some(property) = meta.value().attr("property") {
                properties.entry(property.to_string()).or_default().push(content.clone());
            }
            if let Some(name) = meta.value().attr("name") {
                names.entry(name.to_string()).or_default().push(content);
            }
        }
        let canonical =
            html.select(&sel("link[rel=canonical]")).filter_map(|l| l.value().attr("href").map(String::from)).collect();
        let title = html.select(&sel("head title")).map(|t| t.text().collect::<String>()).collect();
        Self { properties, names, canonical, title }
    }

    fn all(&self, property: &str) -> &[String] {
        self.properties.get(property).map_or(&[], Vec::as_slice)
    }

    /// The property's content if the page has it exactly once.
    fn one(&self, property: &str) -> Option<&str> {
        match self.all(property) {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }

    fn name(&self, name: &str) -> Option<&str> {
        match self.names.get(name).map(Vec::as_slice) {
            Some([one]) => Some(one.as_str()),
            _ => None,
        }
    }

    /// Every og:, article: and twitter: tag, as (key, content).
    fn share_tags(&self) -> Vec<(&str, &str)> {
        let properties = self.properties.iter().filter(|(k, _)| k.starts_with("og:") || k.starts_with("article:"));
        let names = self.names.iter().filter(|(k, _)| k.starts_with("twitter:"));
        properties.chain(names).flat_map(|(k, vs)| vs.iter().map(move |v| (k.as_str(), v.as_str()))).collect()
    }

    /// The one og:image, as a path relative to the output folder.
    fn image_file(&self, base: &str) -> Option<String> {
        self.one("og:image").and_then(|u| u.strip_prefix(base)).map(String::from)
    }
}

/// Every `<script type="application/ld+json">` of a page, parsed; a script that is not JSON is
/// reported as an error.
fn json_ld(html: &scraper::Html) -> Result<Vec<Value>, String> {
    html.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).map_err(|e| format!("JSON-LD is not JSON ({e}): {text:.200}"))
        })
        .collect()
}

/// The top-level nodes of JSON-LD values (the `@graph` entries, or the value itself).
fn graph_nodes(values: &[Value]) -> Vec<&Value> {
    values
        .iter()
        .flat_map(|v| match v.get("@graph").and_then(Value::as_array) {
            Some(graph) => graph.iter().collect::<Vec<_>>(),
            None => vec![v],
        })
        .collect()
}

/// `@type` of a node as a list (it may be a string or an array).
fn types(node: &Value) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn has_type(node: &Value, wanted: &str) -> bool {
    types(node).contains(&wanted)
}

/// Every object anywhere in `value`, itself included.
fn all_objects(value: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                out.push(v);
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

/// Every (key, string) pair anywhere in `value`, not descending into nodes `skip` accepts.
fn strings<'v>(value: &'v Value, skip: &dyn Fn(&Value) -> bool) -> Vec<(String, &'v str)> {
    fn walk<'v>(key: &str, value: &'v Value, skip: &dyn Fn(&Value) -> bool, out: &mut Vec<(String, &'v str)>) {
        match value {
            Value::String(s) => out.push((key.to_string(), s.as_str())),
            Value::Array(items) => items.iter().for_each(|i| walk(key, i, skip, out)),
            Value::Object(map) if !skip(value) => map.iter().for_each(|(k, v)| walk(k, v, skip, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", value, skip, &mut out);
    out
}

fn str_of<'v>(node: &'v Value, key: &str) -> Option<&'v str> {
    node.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

/// The BreadcrumbList's last item URL (`item` may be a URL or an object with `@id`).
fn last_breadcrumb(list: &Value) -> Option<&str> {
    let last = list.get("itemListElement")?.as_array()?.last()?;
    let item = last.get("item")?;
    item.as_str().or_else(|| item.get("@id").and_then(Value::as_str))
}

/// What follows "share cards: " in the output of `build -v`.
fn cards_line(run: &Run) -> &str {
    run.stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("share cards: "))
        .unwrap_or_else(|| panic!("no `share cards:` line in the -v output; {run}"))
}

/// "N drawn, M from cache" of `build -v`.
fn card_counts(run: &Run) -> (usize, usize) {
    let line = cards_line(run);
    let parse = |text: &str| text.trim().parse::<usize>().unwrap_or_else(|e| panic!("bad count in {line:?}: {e}"));
    let (drawn, cached) = line.split_once(" drawn, ").unwrap_or_else(|| panic!("unexpected line {line:?}"));
    let cached = cached.split(" from cache").next().unwrap_or_else(|| panic!("unexpected line {line:?}"));
    (parse(drawn), parse(cached))
}

/// "drawing took X ms of thread time (Y ms of CPU)" of `build -v`: (X, Y).
fn card_drawing_ms(run: &Run) -> (f64, f64) {
    let line = cards_line(run);
    let number = |after: &str| -> f64 {
        let rest = line.split_once(after).unwrap_or_else(|| panic!("{after:?} not in {line:?}")).1;
        rest.split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number after {after:?} in {line:?}"))
    };
    (number("drawing took "), number(" of thread time ("))
}

/// Each page's og:image contents (all of them, so a page with two shows up as a difference).
fn og_images(site: &SiteTest) -> BTreeMap<String, Vec<String>> {
    html_pages(&site.output_files())
        .iter()
        .map(|(path, html)| (path.clone(), Head::of(html).all("og:image").to_vec()))
        .collect()
}

/// `og/<slug>.<8 hex>.<png|jpg>` split into (slug, extension).
fn card_name(file: &str) -> Option<(&str, &str)> {
    let name = file.strip_prefix("og/")?;
    let (stem, ext) = name.rsplit_once('.')?;
    let (slug, hash) = stem.rsplit_once('.')?;
    let slug_ok = !slug.is_empty()
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    let hash_ok = hash.len() == 8 && hash.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    (slug_ok && hash_ok && (ext == "png" || ext == "jpg")).then_some((slug, ext))
}

// ---------------------------------------------------------------------------------------------
// Small sites.
// ---------------------------------------------------------------------------------------------

/// A physician team member with a photo (so the cards about them are JPEG).
const SAM: &str = r#"+++
name = "Sam Lee"
role = "physician"
credentials = ["MD"]
specialties = ["Family Medicine"]
npi = "1583940279"
photo = "assets/team/sam-lee.jpg"
photo_alt = "Dr. Sam Lee in a white coat"
+++

Dr. Lee sees adults and children.
"#;

/// A staff member without a photo (their card is a text-only PNG).
const PAT: &str = r#"+++
name = "Pat Kim"
role = "staff"
job_title = "Office Manager"
+++

Pat runs the front office.
"#;

fn article(title: &str, author: &str) -> String {
    format!(
        r#"+++
title = "{title}"
description = "A short guide for patients."
date = 2026-03-01
updated = 2026-04-01
author = "{author}"
tags = ["visits"]

[medical_review]
reviewer = "profile"
last_reviewed = 2026-04-01

[[references]]
title = "Preventive care"
url = "https://www.healthcare.gov/preventive-care-adults/"
+++

Most visits take about half an hour. Bring a list of your medicines.
"#
    )
}

const INSURANCE: &str = r#"+++
title = "Insurance"
description = "The plans we accept."
+++

We accept most plans.
"#;

/// The minimal site plus a physician, a staff member, two articles and a page.
fn small_site() -> SiteTest {
    SiteTest::new()
        .minimal()
        .file("content/team/sam-lee.md", SAM)
        .bytes("assets/team/sam-lee.jpg", &jpeg(90, 110))
        .file("content/team/pat-kim.md", PAT)
        .file("content/articles/first-visit.md", &article("Your first visit", "sam-lee"))
        .file("content/articles/flu-season.md", &article("Getting ready for flu season", "profile"))
        .file("content/pages/insurance.md", INSURANCE)
}

// ---------------------------------------------------------------------------------------------
// 1. Head tags on every page of the example site.
// ---------------------------------------------------------------------------------------------

#[test]
fn every_example_page_has_complete_open_graph_and_twitter_tags() {
    let files = example_output();
    let pages = content_pages(files);
    let articles = example_docs("articles");
    let mut problems = Problems::default();
    let mut site_names = BTreeSet::new();
    problems.check(pages.len() > 20, || format!("only {} pages", pages.len()));

    for (path, html) in &pages {
        let kind = kind_of(path);
        let head = Head::of(html);
        let url = format!("{BASE_URL}{}", url_of(path).trim_start_matches('/'));
        let non_empty = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());

        for property in ["og:title", "og:description", "og:site_name", "og:image:alt"] {
            let all = head.all(property);
            problems.check(all.len() == 1 && !all[0].trim().is_empty(), || {
                format!("{path}: {property} is {all:?}, want one non-empty")
            });
        }
        site_names.extend(head.one("og:site_name").map(String::from));
        let og_type = match kind {
            Kind::Home | Kind::Member => "profile",
            Kind::Article => "article",
            _ => "website",
        };
        problems.check(head.one("og:type") == Some(og_type), || {
            format!("{path}: og:type is {:?}, want [{og_type:?}]", head.all("og:type"))
        });
        problems.check(head.one("og:url") == Some(url.as_str()), || {
            format!("{path}: og:url is {:?}, want [{url:?}]", head.all("og:url"))
        });
        problems.check(head.canonical == [url.clone()], || {
            format!("{path}: canonical is {:?}, want [{url:?}] (= og:url)", head.canonical)
        });
        problems.check(head.one("og:locale") == Some("en_US"), || {
            format!("{path}: og:locale is {:?}, want [\"en_US\"]", head.all("og:locale"))
        });

        // Exactly one image, absolute on base_url; a card is 1200x630.
        let images = head.all("og:image");
        problems.check(images.len() == 1, || {
            format!("{path}: {} og:image tags {images:?}, want exactly one", images.len())
        });
        if let Some(image) = head.one("og:image") {
            problems.check(image.starts_with(BASE_URL), || {
                format!("{path}: og:image {image} is not absolute on {BASE_URL}")
            });
            if image.starts_with(&format!("{BASE_URL}og/")) {
                let size = (head.one("og:image:width"), head.one("og:image:height"));
                problems.check(size == (Some("1200"), Some("630")), || {
                    format!("{path}: card {image} declares width/height {size:?}, want 1200x630")
                });
            }
            problems.check(head.name("twitter:image") == Some(image), || {
                format!("{path}: twitter:image {:?} differs from og:image {image}", head.names.get("twitter:image"))
            });
        }

        // X (Twitter).
        problems.check(head.name("twitter:card") == Some("summary_large_image"), || {
            format!("{path}: twitter:card is {:?}, want summary_large_image", head.names.get("twitter:card"))
        });
        for name in ["twitter:title", "twitter:description"] {
            problems.check(non_empty(head.name(name)), || {
                format!("{path}: {name} is {:?}, want one non-empty", head.names.get(name))
            });
        }
        problems.check(non_empty(head.name("description")), || {
            format!("{path}: meta description is {:?}, want one non-empty", head.names.get("description"))
        });

        // Articles: published, modified and author.
        if kind == Kind::Article {
            let slug = slug_of(path);
            let Some(fields) = articles.get(&slug) else {
                problems.push(format!("{path}: no content/articles/{slug}.md"));
                continue;
            };
            let date = fields.get("date").map(String::as_str).unwrap_or("<none>");
            let modified = fields.get("updated").map_or(date, String::as_str);
            for (property, day) in [("article:published_time", date), ("article:modified_time", modified)] {
                let got = head.one(property);
                problems.check(got.is_some_and(|t| t.starts_with(day) && t.parse::<jiff::Timestamp>().is_ok()), || {
                    format!("{path}: {property} is {:?}, want one RFC 3339 time on {day}", head.all(property))
                });
            }
            let author = match fields.get("author").map(String::as_str) {
                None | Some("profile") => BASE_URL.to_string(),
                Some(slug) => format!("{BASE_URL}team/{slug}/"),
            };
            problems.check(head.one("article:author") == Some(author.as_str()), || {
                format!("{path}: article:author is {:?}, want [{author:?}]", head.all("article:author"))
            });
        } else {
            let times: Vec<_> = head.share_tags().into_iter().filter(|(k, _)| k.starts_with("article:")).collect();
            problems.check(times.is_empty(), || format!("{path}: article tags on a non-article page: {times:?}"));
        }

        // Every URL in the share tags is absolute on base_url.
        for (key, value) in head.share_tags() {
            if key.ends_with("url") || key == "og:image" || key == "twitter:image" || key == "article:author" {
                problems.check(value.starts_with(BASE_URL), || {
                    format!("{path}: {key} {value} is not absolute on {BASE_URL}")
                });
            }
        }
    }
    problems.check(site_names.len() == 1, || format!("og:site_name differs between pages: {site_names:?}"));
    problems.assert_none("Open Graph / X tags of the example site");
}

// ---------------------------------------------------------------------------------------------
// 2. The cards those tags point at.
// ---------------------------------------------------------------------------------------------

#[test]
fn example_share_cards_are_small_1200x630_images_named_by_hash() {
    let files = example_output();
    let pages = content_pages(files);
    let mut problems = Problems::default();
    let mut checked = BTreeSet::new();

    for (path, html) in &pages {
        let kind = kind_of(path);
        let head = Head::of(html);
        let Some(file) = head.image_file(BASE_URL) else {
            problems.push(format!("{path}: no single og:image on {BASE_URL}: {:?}", head.all("og:image")));
            continue;
        };
        let Some((card_slug, ext)) = card_name(&file) else {
            problems.push(format!("{path}: og:image {file} is not named og/<slug>.<8 hex>.(png|jpg)"));
            continue;
        };
        // Which card the page gets: its own for pages about a clinician, the generic one else.
        let want_slug = match kind {
            Kind::Home => "home".to_string(),
            Kind::Member => format!("team-{}", slug_of(path)),
            Kind::Article | Kind::Page => slug_of(path),
            Kind::Reviews | Kind::TeamList | Kind::ArticleList | Kind::TagList | Kind::Tag | Kind::NotFound => {
                "site".to_string()
            }
        };
        problems.check(card_slug == want_slug, || format!("{path}: card {file}, want og/{want_slug}.<hash>"));
        // The example's clinicians all have photos: their cards are JPEG; the generic one is PNG.
        let want_ext = if want_slug == "site" { "png" } else { "jpg" };
        problems.check(ext == want_ext, || format!("{path}: card {file} should be .{want_ext}"));
        if !checked.insert(file.clone()) {
            continue;
        }
        let Some(bytes) = files.get(&file) else {
            problems.push(format!("{path}: og:image {file} is not in the output"));
            continue;
        };
        problems
            .check(bytes.len() < CARD_MAX_BYTES, || format!("{file}: {} bytes, want < {CARD_MAX_BYTES}", bytes.len()));
        let format = image::guess_format(bytes);
        let want_format = if ext == "png" { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
        problems.check(format.as_ref().ok() == Some(&want_format), || format!("{file}: content is {format:?}"));
        match image::load_from_memory(bytes) {
            Ok(img) => problems.check((img.width(), img.height()) == (CARD_WIDTH, CARD_HEIGHT), || {
                format!("{file}: {}x{}, want {CARD_WIDTH}x{CARD_HEIGHT}", img.width(), img.height())
            }),
            Err(e) => problems.push(format!("{file}: does not decode: {e}")),
        }
    }
    problems.check(checked.iter().any(|f| f.starts_with("og/site.")), || "no page uses the generic card".into());
    problems.check(checked.len() > 15, || format!("only {} distinct cards", checked.len()));
    problems.assert_none("share cards of the example site");
}

/// A card about a clinician without a photo is a PNG; one with a photo is a JPEG.
#[test]
fn cards_are_jpeg_with_a_headshot_and_png_without() {
    let site = small_site();
    site.build(&[]).expect(0);
    let images = og_images(&site);
    let mut problems = Problems::default();
    for (path, want) in [
        ("index.html", "jpg"),
        ("team/sam-lee/index.html", "jpg"),
        ("team/pat-kim/index.html", "png"),
        ("articles/first-visit/index.html", "jpg"),
        ("reviews/index.html", "png"),
    ] {
        let url = images.get(path).and_then(|i| i.first()).cloned().unwrap_or_default();
        let file = url.strip_prefix(MINIMAL_BASE_URL).unwrap_or_default().to_string();
        problems.check(card_name(&file).is_some_and(|(_, ext)| ext == want), || {
            format!("{path}: card {url}, want .{want}")
        });
        if site.output_exists(&file) {
            let bytes = site.output_bytes(&file);
            let format = image::guess_format(&bytes).ok();
            let want_format = if want == "png" { image::ImageFormat::Png } else { image::ImageFormat::Jpeg };
            problems.check(format == Some(want_format), || format!("{file}: content is {format:?}"));
            problems.check(bytes.len() < CARD_MAX_BYTES, || format!("{file}: {} bytes", bytes.len()));
        } else {
            problems.push(format!("{path}: {file} is not in the output"));
        }
    }
    problems.assert_none("card formats");
}

// ---------------------------------------------------------------------------------------------
// 3. The card cache, and cards turned off.
// ---------------------------------------------------------------------------------------------

#[test]
fn unchanged_cards_come_from_the_cache_and_a_title_change_redraws_one() {
    let site = small_site();
    let first = site.build(&["-v"]).expect(0);
    let (drawn, cached) = card_counts(&first);
    assert!(drawn > 3 && cached == 0, "a first build draws every card: {drawn} drawn, {cached} from cache; {first}");
    assert!(site.path().join(".whitecoat/cache/cards").is_dir(), "no card cache in SITE/.whitecoat/cache/cards");
    let before = og_images(&site);

    let (thread, cpu) = card_drawing_ms(&first);
    assert!(thread > 0.0 && cpu > 0.0, "drawing time of the first build: {first}");

    let second = site.build(&["-v"]).expect(0);
    assert_eq!(card_counts(&second), (0, drawn), "a rebuild of unchanged content draws nothing; {second}");
    // Cards read from the cache are not drawing time (ms per card drawn divides by cards drawn).
    assert_eq!(card_drawing_ms(&second), (0.0, 0.0), "{second}");
    assert_eq!(og_images(&site), before, "an unchanged rebuild changed og:image URLs");

    site.write("content/articles/first-visit.md", article("Your very first visit", "sam-lee").as_bytes());
    let third = site.build(&["-v"]).expect(0);
    assert_eq!(card_counts(&third).0, 1, "one title changed, so exactly one card is drawn; {third}");
    let after = og_images(&site);
    let changed = "articles/first-visit/index.html";
    let mut problems = Problems::default();
    for (path, urls) in &before {
        if path == changed {
            let new = after.get(path).cloned().unwrap_or_default();
            problems.check(new.len() == 1 && new != *urls, || {
                format!("{path}: og:image {urls:?} -> {new:?}, want a new one")
            });
            if let Some(url) = new.first() {
                let file = url.strip_prefix(MINIMAL_BASE_URL).unwrap_or_default();
                problems.check(card_name(file).is_some_and(|(slug, _)| slug == "first-visit"), || {
                    format!("{path}: new card {url} is not og/first-visit.<hash>")
                });
                problems.check(site.output_exists(file), || format!("{path}: {file} is not in the output"));
            }
        } else {
            problems.check(after.get(path) == Some(urls), || {
                format!("{path}: og:image changed from {urls:?} to {:?}", after.get(path))
            });
        }
    }
    problems.assert_none("og:image after changing one article's title");
}

#[test]
fn with_cards_off_every_page_gets_the_generic_card() {
    let site = small_site().file("site.toml", &format!("{MINIMAL_SITE_TOML}\n[social]\ncards = false\n"));
    let run = site.build(&["-v"]).expect(0);
    let (drawn, cached) = card_counts(&run);
    assert!(
        drawn <= 1 && drawn + cached == 1,
        "cards off: only the generic card ({drawn} drawn, {cached} cached); {run}"
    );
    let images = og_images(&site);
    let mut problems = Problems::default();
    problems.check(images.len() >= 10, || format!("only {} pages", images.len()));
    let generic: BTreeSet<&Vec<String>> = images.values().collect();
    for (path, urls) in &images {
        let file = urls.first().and_then(|u| u.strip_prefix(MINIMAL_BASE_URL)).unwrap_or_default();
        problems.check(urls.len() == 1 && file.starts_with("og/site.") && file.ends_with(".png"), || {
            format!("{path}: og:image {urls:?}, want exactly the generic og/site.<hash>.png")
        });
    }
    problems.check(generic.len() == 1, || format!("pages use different images: {generic:?}"));
    let cards: Vec<String> = site.output_files().into_keys().filter(|p| p.starts_with("og/")).collect();
    problems.check(cards.len() == 1, || format!("cards written with cards off: {cards:?}"));
    problems.assert_none("[social] cards = false");
}

// ---------------------------------------------------------------------------------------------
// 4. Patient words stay off cards, share tags and page metadata.
// ---------------------------------------------------------------------------------------------

const REVIEW_PHRASE: &str = "Zebrafish marmalade kindness";
const REVIEW_AUTHOR: &str = "Q.Z.";
const REVIEW_SLUG: &str = "zebrafish-visit";

fn planted_review() -> String {
    format!(
        r#"+++
author = "{REVIEW_AUTHOR}"
rating = 4
date = 2026-09-10
source = "direct"
about = "sam-lee"
relationship = "patient"
incentive = "none"

[authorization]
id = "AUTH-2026-0999"
signed_on = 2026-09-01
expires_on = 2028-09-01
channels = ["website"]
permitted_identifiers = ["initials"]
+++

{REVIEW_PHRASE} is how I would describe the whole visit. Everyone explained each step to me.
"#
    )
}

#[test]
fn patient_words_never_reach_cards_share_tags_or_page_metadata() {
    let site = small_site();
    site.build(&["-v"]).expect(0);
    let without = og_images(&site);

    site.write(&format!("content/reviews/{REVIEW_SLUG}.md"), planted_review().as_bytes());
    let run = site.build(&["-v"]).expect(0);
    let mut problems = Problems::default();
    // Card names carry a hash of everything drawn on them: a review changes no card.
    let (drawn, _) = card_counts(&run);
    problems.check(drawn == 0, || format!("adding a review drew {drawn} card(s); {run}"));
    problems.check(og_images(&site) == without, || {
        format!("adding a review changed og:image URLs:\n{without:#?}\n->\n{:#?}", og_images(&site))
    });

    let files = site.output_files();
    let pages = html_pages(&files);
    let reviews = pages.iter().find(|(p, _)| p == "reviews/index.html").map(|(_, h)| h).expect("reviews page");
    let body: String = reviews.select(&sel("body")).flat_map(|b| b.text()).collect();
    assert!(body.contains(REVIEW_PHRASE), "fixture check: the review is not shown on the reviews page");
    let reviews_image = Head::of(reviews).image_file(MINIMAL_BASE_URL).unwrap_or_default();
    problems.check(reviews_image.starts_with("og/site.") && reviews_image.ends_with(".png"), || {
        format!("the reviews page's og:image is {reviews_image:?}, want the generic og/site.<hash>.png")
    });
    let leaks = |text: &str| text.contains(REVIEW_PHRASE) || text.contains(REVIEW_AUTHOR);

    for (path, html) in &pages {
        let head = Head::of(html);
        for (key, value) in head.share_tags() {
            problems.check(!leaks(value), || format!("{path}: {key} carries the review: {value:?}"));
        }
        for (name, values) in &head.names {
            for value in values {
                problems.check(!leaks(value), || format!("{path}: meta {name} carries the review: {value:?}"));
            }
        }
        problems.check(!leaks(&head.title), || format!("{path}: <title> carries the review: {:?}", head.title));
        match json_ld(html) {
            Ok(values) => {
                for value in &values {
                    // Review items may carry the author's initials and rating; nothing else may.
                    for (key, text) in strings(value, &|v| has_type(v, "Review")) {
                        problems.check(!leaks(text), || format!("{path}: JSON-LD {key} carries the review: {text:?}"));
                    }
                    for review in all_objects(value).into_iter().filter(|v| has_type(v, "Review")) {
                        for (key, text) in strings(review, &|_| false) {
                            problems.check(!text.contains(REVIEW_PHRASE), || {
                                format!("{path}: JSON-LD Review {key} carries the review text: {text:?}")
                            });
                        }
                    }
                }
            }
            Err(e) => problems.push(format!("{path}: {e}")),
        }
    }
    for file in files.keys().filter(|p| p.starts_with("og/")) {
        problems.check(!file.contains(REVIEW_SLUG) && !file.contains("zebrafish"), || {
            format!("card {file} is named after the review")
        });
    }
    problems.assert_none("patient words in share metadata");
}

// ---------------------------------------------------------------------------------------------
// 5. JSON-LD.
// ---------------------------------------------------------------------------------------------

#[test]
fn example_json_ld_has_the_right_types_and_properties_on_every_page_kind() {
    let files = example_output();
    let pages = content_pages(files);
    let config = example_config();
    let team = example_docs("team");
    let articles = example_docs("articles");
    let mut problems = Problems::default();
    let mut kinds_seen = BTreeSet::new();
    let mut review_items = 0;

    for (path, html) in &pages {
        let kind = kind_of(path);
        let url = format!("{BASE_URL}{}", url_of(path).trim_start_matches('/'));
        let raw = String::from_utf8_lossy(&files[path]);
        problems.check(!raw.contains("usNPI"), || format!("{path}: usNPI without [structured] pending"));
        let values = match json_ld(html) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{path}: {e}"));
                continue;
            }
        };
        let nodes = graph_nodes(&values);
        let of_type = |t: &str| nodes.iter().copied().filter(|n| has_type(n, t)).collect::<Vec<_>>();
        kinds_seen.insert(format!("{kind:?}"));

        for value in &values {
            for object in all_objects(value) {
                problems.check(object.get("aggregateRating").is_none() && !has_type(object, "AggregateRating"), || {
                    format!("{path}: an aggregateRating in {object}")
                });
            }
            // Site URLs in the graph are absolute on base_url (sameAs and citations point away).
            for (key, text) in strings(value, &|_| false) {
                if matches!(key.as_str(), "@id" | "url" | "item" | "image") {
                    problems.check(text.starts_with(BASE_URL), || {
                        format!("{path}: JSON-LD {key} {text} is not on {BASE_URL}")
                    });
                }
            }
        }

        // Breadcrumbs on every page but the home page (and the 404 page, which is no place in
        // the site's hierarchy). Pages 2+ of listings are checked by
        // `paginated_listings_end_their_breadcrumbs_at_their_own_url` (a known product bug).
        let paginated = path.contains("/page/");
        if !matches!(kind, Kind::Home | Kind::NotFound) && !paginated {
            let lists = of_type("BreadcrumbList");
            let last = lists.first().and_then(|l| last_breadcrumb(l));
            problems.check(lists.len() == 1 && last == Some(url.as_str()), || {
                format!("{path}: BreadcrumbList last item {last:?} ({} lists), want {url:?}", lists.len())
            });
        }

        match kind {
            Kind::Home => {
                problems.check(of_type("ProfilePage").len() == 1, || format!("{path}: no ProfilePage"));
                let physicians = of_type("Physician");
                problems.check(physicians.len() == 1, || format!("{path}: {} Physician nodes", physicians.len()));
                for p in physicians {
                    problems.check(
                        str_of(p, "name").is_some() && str_of(p, "url") == Some(BASE_URL) && str_of(p, "@id").is_some(),
                        || format!("{path}: Physician lacks name, url = {BASE_URL} or @id: {p}"),
                    );
                }
                let locations = config
                    .get("practice")
                    .and_then(|p| p.get("locations"))
                    .and_then(toml::Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let clinics = of_type("MedicalClinic");
                let practice_name = config["practice"]["name"].as_str().unwrap_or_default();
                problems.check(clinics.iter().any(|c| str_of(c, "name") == Some(practice_name)), || {
                    format!("{path}: no MedicalClinic named {practice_name:?}")
                });
                problems.check(clinics.len() == locations.len() + 1, || {
                    format!(
                        "{path}: {} MedicalClinic nodes, want the practice and {} locations",
                        clinics.len(),
                        locations.len()
                    )
                });
                for location in &locations {
                    let street = location.get("street").and_then(toml::Value::as_str).unwrap_or_default();
                    let Some(clinic) = clinics.iter().find(|c| {
                        c.get("address").and_then(|a| a.get("streetAddress")).and_then(Value::as_str) == Some(street)
                    }) else {
                        problems.push(format!("{path}: no MedicalClinic with streetAddress {street:?}"));
                        continue;
                    };
                    let address = &clinic["address"];
                    problems.check(
                        has_type(address, "PostalAddress")
                            && str_of(address, "addressLocality") == location.get("city").and_then(toml::Value::as_str)
                            && str_of(address, "postalCode")
                                == location.get("postal_code").and_then(toml::Value::as_str),
                        || format!("{path}: address of {street:?} is not a full PostalAddress: {address}"),
                    );
                    let hours = clinic.get("openingHoursSpecification").and_then(Value::as_array);
                    let want = location.get("hours").and_then(toml::Value::as_array).map_or(0, Vec::len);
                    problems.check(hours.is_some_and(|h| h.len() == want && want > 0), || {
                        format!("{path}: {street:?} has openingHoursSpecification {hours:?}, want {want} entries")
                    });
                    for spec in hours.into_iter().flatten() {
                        let days = spec
                            .get("dayOfWeek")
                            .is_some_and(|d| d.as_str().is_some() || d.as_array().is_some_and(|a| !a.is_empty()));
                        problems
                            .check(days && str_of(spec, "opens").is_some() && str_of(spec, "closes").is_some(), || {
                                format!("{path}: opening hours without dayOfWeek/opens/closes: {spec}")
                            });
                    }
                }
            }
            Kind::Member => {
                let slug = slug_of(path);
                let fields = team.get(&slug).cloned().unwrap_or_default();
                let role = fields.get("role").map(String::as_str).unwrap_or_default();
                let want_type = if role == "physician" { "Physician" } else { "Person" };
                let node = nodes.iter().find(|n| has_type(n, want_type) && str_of(n, "url") == Some(url.as_str()));
                match node {
                    None => problems.push(format!("{path}: no {want_type} node with url {url} (role {role})")),
                    Some(node) => {
                        problems.check(str_of(node, "name").is_some(), || format!("{path}: {want_type} without name"));
                        if want_type == "Person" {
                            let job = fields.get("job_title").map(String::as_str);
                            problems.check(job.is_some() && str_of(node, "jobTitle") == job, || {
                                format!("{path}: Person jobTitle {:?}, want {job:?}", node.get("jobTitle"))
                            });
                        }
                    }
                }
                if role != "physician" {
                    problems
                        .check(of_type("Physician").is_empty(), || format!("{path}: a {role} marked up as Physician"));
                }
            }
            Kind::Article => {
                let slug = slug_of(path);
                let fields = articles.get(&slug).cloned().unwrap_or_default();
                let pages = of_type("MedicalWebPage");
                let Some(page) = pages.first().filter(|_| pages.len() == 1) else {
                    problems.push(format!("{path}: {} MedicalWebPage nodes, want 1", pages.len()));
                    continue;
                };
                let reviewer = fields.get("reviewer").map(String::as_str);
                let reviewer_id = match reviewer {
                    Some("profile") => Some(format!("{BASE_URL}#physician")),
                    Some(slug) => Some(format!("{BASE_URL}team/{slug}/#person")),
                    None => None,
                };
                let reviewed_by = page.get("reviewedBy");
                let reviewed_by_id = reviewed_by.and_then(|r| r.get("@id")).and_then(Value::as_str);
                problems.check(reviewer_id.is_some() && reviewed_by_id == reviewer_id.as_deref(), || {
                    format!("{path}: reviewedBy {reviewed_by:?}, want @id {reviewer_id:?}")
                });
                let last_reviewed = fields.get("last_reviewed").map(String::as_str);
                problems.check(last_reviewed.is_some() && str_of(page, "lastReviewed") == last_reviewed, || {
                    format!("{path}: lastReviewed {:?}, want {last_reviewed:?}", page.get("lastReviewed"))
                });
                let date = fields.get("date").map(String::as_str);
                problems.check(date.is_some() && str_of(page, "datePublished") == date, || {
                    format!("{path}: datePublished {:?}, want {date:?}", page.get("datePublished"))
                });
                problems.check(str_of(page, "url") == Some(url.as_str()), || {
                    format!("{path}: MedicalWebPage url {:?}", page.get("url"))
                });
            }
            Kind::Reviews => {
                let reviews: Vec<&Value> =
                    values.iter().flat_map(all_objects).filter(|n| has_type(n, "Review")).collect();
                review_items += reviews.len();
                for review in reviews {
                    let rating = review.get("reviewRating").and_then(|r| r.get("ratingValue")).and_then(Value::as_f64);
                    problems.check(rating.is_some_and(|r| (1.0..=5.0).contains(&r)), || {
                        format!("{path}: Review ratingValue {rating:?}, want 1–5: {review}")
                    });
                    let item = review.get("itemReviewed");
                    problems.check(item.is_some_and(|i| i.get("@id").is_some() || i.get("name").is_some()), || {
                        format!("{path}: Review without itemReviewed: {review}")
                    });
                }
            }
            _ => {}
        }
    }
    problems.check(review_items > 0, || "the reviews page has no Review items".into());
    problems.check(kinds_seen.len() == 10, || format!("page kinds seen: {kinds_seen:?}"));
    problems.assert_none("JSON-LD of the example site");
}

#[test]
fn pending_structured_data_marks_the_physician_with_their_npi() {
    const NPI: &str = "1472583693";
    let profile =
        common::MINIMAL_PROFILE.replace("name = \"Jane Doe\"", &format!("name = \"Jane Doe\"\nnpi = \"{NPI}\""));
    let site = small_site().file("content/profile.md", &profile);

    // Without `pending`: plain Physician, and no usNPI anywhere.
    site.build(&[]).expect(0);
    for (path, bytes) in site.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("usNPI"), "{path} has usNPI without [structured] pending");
    }
    let home = json_ld(&site.page("index.html")).expect("home JSON-LD");
    assert!(graph_nodes(&home).iter().any(|n| has_type(n, "Physician")), "no Physician on the home page: {home:?}");

    site.write("site.toml", format!("{MINIMAL_SITE_TOML}\n[structured]\npending = true\n").as_bytes());
    site.build(&[]).expect(0);
    let home = json_ld(&site.page("index.html")).expect("home JSON-LD");
    let nodes = graph_nodes(&home);
    let physician = nodes
        .iter()
        .find(|n| has_type(n, "IndividualPhysician"))
        .unwrap_or_else(|| panic!("no IndividualPhysician with [structured] pending = true: {home:?}"));
    assert_eq!(physician.get("usNPI").and_then(Value::as_str), Some(NPI), "usNPI of {physician}");
}

// ---------------------------------------------------------------------------------------------
// 6. Descriptions and a page's own share image.
// ---------------------------------------------------------------------------------------------

/// A page body that opens with markup of every kind, then runs far past 160 characters.
const MARKUP_BODY: &str = "## Before you come\n\nPlease **bring** your *insurance card*, a `list` of [medicines](/insurance/) and <abbr title=\"identification\">ID</abbr> &amp; forms. Arrive ten minutes early so we can check you in. We will also ask about allergies, past operations, family history and anything else that may matter for your care today.\n";
const MARKUP_PLAIN: &str = "Please bring your insurance card, a list of medicines and ID & forms.";

/// Checks a derived description: present, equal across tags, plain, short and starting as wanted.
fn check_derived(problems: &mut Problems, path: &str, html: &scraper::Html, starts: &str) {
    let head = Head::of(html);
    let description = head.name("description").unwrap_or_default().to_string();
    problems.check(!description.trim().is_empty(), || format!("{path}: no derived meta description"));
    let chars = description.chars().count();
    problems
        .check(chars <= DESCRIPTION_CHARS, || format!("{path}: description has {chars} characters: {description:?}"));
    // `&amp;` in the source is the text "&"; an entity left in the text would be markup.
    let markup = ['<', '>', '*', '`', '[', ']', '#'];
    let entity = description.contains("&amp;") || description.contains("&lt;") || description.contains("&#");
    problems.check(!description.contains(markup) && !entity, || {
        format!("{path}: description carries markup: {description:?}")
    });
    problems.check(description.starts_with(starts), || {
        format!("{path}: description {description:?}, want it to start {starts:?}")
    });
    for (what, value) in
        [("og:description", head.one("og:description")), ("twitter:description", head.name("twitter:description"))]
    {
        problems.check(value == Some(description.as_str()), || {
            format!("{path}: {what} {value:?} differs from the meta description")
        });
    }
}

#[test]
fn a_page_without_description_gets_its_first_sentences() {
    let site = small_site()
        .file("content/pages/before-you-come.md", &format!("+++\ntitle = \"Before you come\"\n+++\n\n{MARKUP_BODY}"))
        .file(
            "content/articles/no-description.md",
            &article("Washing your hands", "profile")
                .replace("description = \"A short guide for patients.\"\n", "")
                .replace("Most visits take", "Soap and water work. Most visits take"),
        );
    site.build(&[]).expect(0);
    let mut problems = Problems::default();
    check_derived(&mut problems, "before-you-come/index.html", &site.page("before-you-come/index.html"), MARKUP_PLAIN);
    check_derived(
        &mut problems,
        "articles/no-description/index.html",
        &site.page("articles/no-description/index.html"),
        "Soap and water work. Most visits take about half an hour.",
    );
    problems.assert_none("derived descriptions");
}

#[test]
fn a_derived_description_of_text_without_spaces_is_at_most_160_characters() {
    let cjk = "心房颤动是最常见的心律失常之一".repeat(20);
    let word = "Supercalifragilistic".repeat(12);
    let site = small_site()
        .file("content/pages/cjk.md", &format!("+++\ntitle = \"心房颤动\"\n+++\n\n{cjk}\n"))
        .file("content/pages/long-word.md", &format!("+++\ntitle = \"Long word\"\n+++\n\n{word} ends here.\n"));
    site.build(&[]).expect(0);
    let mut problems = Problems::default();
    check_derived(&mut problems, "cjk/index.html", &site.page("cjk/index.html"), "心房颤动");
    check_derived(&mut problems, "long-word/index.html", &site.page("long-word/index.html"), "Supercalifragilistic");
    problems.assert_none("derived descriptions without spaces");
}

#[test]
fn a_page_image_replaces_the_card_with_a_1200x630_crop() {
    let site = small_site()
        .bytes("assets/cover.jpg", &jpeg(1600, 1000))
        .bytes("assets/small.jpg", &jpeg(600, 500))
        .file(
            "content/pages/cover.md",
            "+++\ntitle = \"Our office\"\ndescription = \"The office.\"\nimage = \"assets/cover.jpg\"\nimage_alt = \"The waiting room\"\n+++\n\nWelcome.\n",
        )
        .file(
            "content/articles/with-image.md",
            &article("Knee pain", "sam-lee")
                .replace("tags = [", "image = \"assets/small.jpg\"\nimage_alt = \"A knee\"\ntags = ["),
        );
    site.build(&[]).expect(0);
    let mut problems = Problems::default();
    for (path, alt, size) in [
        ("cover/index.html", "The waiting room", (1200, 630)),
        // A smaller source is cropped to the same shape, never upscaled.
        ("articles/with-image/index.html", "A knee", (600, 315)),
    ] {
        let html = site.page(path);
        let head = Head::of(&html);
        let images = head.all("og:image");
        let Some(file) = head.image_file(MINIMAL_BASE_URL) else {
            problems.push(format!("{path}: og:image {images:?}, want exactly one on {MINIMAL_BASE_URL}"));
            continue;
        };
        problems.check(file.starts_with("assets/") && !file.starts_with("og/"), || {
            format!("{path}: og:image {file}, want the processed page image under assets/, not a card")
        });
        problems.check(head.one("og:image:alt") == Some(alt), || {
            format!("{path}: og:image:alt {:?}", head.all("og:image:alt"))
        });
        let declared = (head.one("og:image:width"), head.one("og:image:height"));
        let want = (size.0.to_string(), size.1.to_string());
        problems.check(declared == (Some(want.0.as_str()), Some(want.1.as_str())), || {
            format!("{path}: declared size {declared:?}, want {size:?}")
        });
        if site.output_exists(&file) {
            match image::load_from_memory(&site.output_bytes(&file)) {
                Ok(img) => problems.check((img.width(), img.height()) == size, || {
                    format!("{path}: {file} is {}x{}, want {size:?}", img.width(), img.height())
                }),
                Err(e) => problems.push(format!("{file}: does not decode: {e}")),
            }
        } else {
            problems.push(format!("{path}: {file} is not in the output"));
        }
        problems.check(head.name("twitter:image") == head.one("og:image"), || format!("{path}: twitter:image differs"));
        let slug = slug_of(path);
        let cards: Vec<String> =
            site.output_files().into_keys().filter(|p| p.starts_with(&format!("og/{slug}."))).collect();
        problems.check(cards.is_empty(), || format!("{path}: a card was still written: {cards:?}"));
    }
    // The article's JSON-LD image is the same image.
    let article = json_ld(&site.page("articles/with-image/index.html")).expect("article JSON-LD");
    let og = Head::of(&site.page("articles/with-image/index.html")).one("og:image").map(String::from);
    let page = graph_nodes(&article).into_iter().find(|n| has_type(n, "MedicalWebPage")).cloned();
    problems.check(page.as_ref().and_then(|p| str_of(p, "image")).map(String::from) == og, || {
        format!("the article's MedicalWebPage image {:?} is not its og:image {og:?}", page.map(|p| p["image"].clone()))
    });
    problems.assert_none("page image overrides");
}

#[test]
fn a_page_image_without_alt_text_still_has_an_og_image_alt() {
    let site = small_site()
        .bytes("assets/cover.jpg", &jpeg(1600, 1000))
        .file("content/pages/cover.md", "+++\ntitle = \"Our office\"\nimage = \"assets/cover.jpg\"\n+++\n\nWelcome.\n");
    site.build(&[]).expect(0);
    let head = Head::of(&site.page("cover/index.html"));
    let alt = head.one("og:image:alt").unwrap_or_default();
    assert!(!alt.trim().is_empty(), "og:image:alt is {:?}", head.all("og:image:alt"));
    let twitter = head.name("twitter:image:alt").unwrap_or_default();
    assert!(!twitter.trim().is_empty(), "twitter:image:alt is {twitter:?}");
}

#[test]
fn paginated_listings_end_their_breadcrumbs_at_their_own_url() {
    let site = small_site().file("site.toml", &format!("{MINIMAL_SITE_TOML}\n[articles]\nper_page = 1\n"));
    site.build(&[]).expect(0);
    let mut problems = Problems::default();
    for path in ["articles/page/2/index.html", "tags/visits/page/2/index.html"] {
        let url = format!("{MINIMAL_BASE_URL}{}", url_of(path).trim_start_matches('/'));
        let values = json_ld(&site.page(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let lists: Vec<&Value> = graph_nodes(&values).into_iter().filter(|n| has_type(n, "BreadcrumbList")).collect();
        let last = lists.first().and_then(|l| last_breadcrumb(l));
        problems.check(lists.len() == 1 && last == Some(url.as_str()), || {
            format!("{path}: BreadcrumbList last item {last:?} ({} lists), want {url:?}", lists.len())
        });
    }
    problems.assert_none("breadcrumbs of paginated listings");
}
