//! Stage 4, render: every page through the theme's templates, plus the feed, sitemap and robots.txt.
//! Pages are rendered in parallel and handed to the output as they are done, so the whole site's
//! HTML is never held in memory at once; list pages get metadata-only views.

pub mod budget;
pub mod convert;
pub mod disclaimer;
pub mod feed;
mod fingerprint;
pub mod hours;
pub mod jsonld;
mod pages;
pub mod picture;
mod share;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::assets::ImagePlan;
use crate::diagnostics::Diagnostic;
use crate::fsx::FsError;
use crate::markdown::{self, MarkdownOptions};
use crate::model::Site;
use crate::model::article::Article;
use crate::model::document::Document;
use crate::model::page::Page;
use crate::model::team::TeamMember;
use crate::social;
use crate::theme::Theme;
use crate::write::Sink;
use feed::SitemapEntry;
pub use fingerprint::PageCache;
pub use templates::Templates;
use views::*;

/// What rendering needs besides the content.
pub struct RenderInput<'a> {
    /// The typed site.
    pub site: &'a Site,
    /// The resolved theme.
    pub theme: &'a Theme,
    /// Planned images (URLs and sizes).
    pub images: &'a ImagePlan,
    /// Base URL (config, or `--base-url`).
    pub base_url: &'a url::Url,
    /// The site's `assets/` files (headshots for share cards).
    pub assets: &'a BTreeMap<String, std::sync::Arc<[u8]>>,
    /// Where share cards are cached between builds.
    pub card_cache: Option<std::path::PathBuf>,
    /// Pages of the previous build, for rebuilds (`serve`).
    pub pages: Option<&'a PageCache>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Template or disclaimer problems, as diagnostics.
    #[error("rendering failed")]
    Diagnostics(Vec<Diagnostic>),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// How many pages and share cards were produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderStats {
    /// HTML pages.
    pub pages: usize,
    /// Share cards drawn in this build.
    pub cards_drawn: usize,
    /// Share cards taken from the cache.
    pub cards_reused: usize,
    /// Time spent drawing share cards (summed over threads).
    pub cards_time: crate::social::DrawingTime,
}

/// One page to render.
enum Job<'a> {
    Home,
    TeamList,
    Member(&'a TeamMember),
    Reviews,
    ArticleList { number: usize, total: usize, items: &'a [usize] },
    Article(usize, &'a Article),
    TagList,
    Tag { slug: &'a str, number: usize, total: usize, items: &'a [usize] },
    Page(&'a Page),
    NotFound,
}

/// Site-wide views shared by all jobs (built once, borrowed by every page).
struct Shared<'a> {
    input: &'a RenderInput<'a>,
    templates: Templates,
    people: BTreeMap<String, PersonView>,
    summaries: Vec<Arc<ArticleSummary>>,
    /// Hash of each summary (fingerprints of the pages that list it).
    summary_hashes: Vec<u64>,
    tags: BTreeMap<String, (TagView, Vec<usize>)>,
    markdown: MarkdownOptions<'a>,
    cards: Option<share::Cards>,
}

/// Renders every page into `sink` through the theme's compiled `templates`.
pub fn render(input: &RenderInput<'_>, mut templates: Templates, sink: &dyn Sink) -> Result<RenderStats, RenderError> {
    let site = input.site;
    let people = convert::people(site, input.images);
    let site_view = site_view(input, &people);
    let mut globals = Context::new();
    globals.insert("site", &site_view);
    templates.set_globals(globals);
    let tags = convert::tags(site);
    // Summaries show the article's tags (with counts) and its author.
    let context = fingerprint::hash_of(&(&tags, &people));
    let (summaries, summary_hashes) =
        fingerprint::summaries(&site.articles, context, input.pages, |a| convert::article_summary(a, &tags, &people));
    let shortcodes = markdown::shortcodes::Context::of(site, None);
    let markdown = MarkdownOptions {
        highlight: site.config.markdown.highlight,
        highlight_limit: site.config.limits.highlight_bytes,
        smart_punctuation: site.config.markdown.smart_punctuation,
        html: Some(&site.config.markdown.html),
        shortcodes: Some(&shortcodes),
        links: None,
        images: None,
    };
    let cards = prepare_cards(input, &people)?;
    let shared = Shared { input, templates, people, summaries, summary_hashes, tags, markdown, cards };

    let per_page = site.config.articles.per_page;
    let all: Vec<usize> = (0..site.articles.len()).collect();
    let mut jobs = vec![Job::Home, Job::TeamList, Job::Reviews, Job::TagList, Job::NotFound];
    jobs.extend(site.team.iter().map(Job::Member));
    jobs.extend(site.pages.iter().map(Job::Page));
    jobs.extend(site.articles.iter().enumerate().map(|(i, a)| Job::Article(i, a)));
    push_paginated(&mut jobs, &all, per_page, |number, total, items| Job::ArticleList { number, total, items });
    for (slug, (_, items)) in &shared.tags {
        push_paginated(&mut jobs, items, per_page, |number, total, items| Job::Tag { slug, number, total, items });
    }

    let inputs = input.pages.map(|_| shared.inputs(&site_view));
    let results: Vec<Result<Option<SitemapEntry>, RenderError>> = jobs
        .par_iter()
        .map(|job| match (input.pages, &inputs) {
            (Some(cache), Some(inputs)) => {
                let (key, fingerprint) = shared.fingerprint(job, inputs);
                if let Some(page) = cache.get(&key, fingerprint) {
                    return Ok(page.replay(sink)?);
                }
                let recorder = fingerprint::Recorder::new(sink);
                let entry = shared.render_job(job, &recorder)?;
                recorder.store(cache, key, fingerprint, entry.clone());
                Ok(entry)
            }
            _ => shared.render_job(job, sink),
        })
        .collect();
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(entry) => entries.extend(entry),
            Err(RenderError::Diagnostics(d)) => diagnostics.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !diagnostics.is_empty() {
        // The same template error repeats on every page that uses the template; show it once.
        diagnostics.dedup_by(|a, b| a.message == b.message);
        return Err(RenderError::Diagnostics(diagnostics));
    }
    entries.sort();
    let pages = jobs.len();
    shared.write_feeds(&entries, sink)?;
    let (cards_drawn, cards_reused) = shared.cards.as_ref().map_or((0, 0), share::Cards::counts);
    let cards_time = shared.cards.as_ref().map(share::Cards::drawing_time).unwrap_or_default();
    Ok(RenderStats { pages, cards_drawn, cards_reused, cards_time })
}

/// Share cards: a card per clinician page when `[social] cards` is on, else only the generic
/// card every page falls back to. A theme without a card template gets no cards (and the build
/// then needs page images, or `output/og` fails).
fn prepare_cards(
    input: &RenderInput<'_>,
    people: &BTreeMap<String, PersonView>,
) -> Result<Option<share::Cards>, RenderError> {
    if !input.theme.files.contains_key("cards/card.svg") {
        return Ok(None);
    }
    let set =
        crate::social::share::CardSet::new(input.theme, &input.site.config, input.card_cache.clone(), input.assets)
            .map_err(|d| RenderError::Diagnostics(vec![*d]))?;
    let site = input.site;
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    if let Some(headshot) = &site.profile.headshot {
        sources.insert("profile".into(), crate::assets::images::normalize_source(headshot));
    }
    for member in &site.team {
        if let Some(photo) = &member.photo {
            sources.insert(member.doc.slug.clone(), crate::assets::images::normalize_source(photo));
        }
    }
    let per_page = site.config.social.cards;
    let limits = input.images.limits;
    share::Cards::new(set, per_page, people, &sources, input.assets, limits, people.get("profile")).map(Some)
}

fn push_paginated<'a>(
    jobs: &mut Vec<Job<'a>>,
    items: &'a [usize],
    per_page: usize,
    make: impl Fn(usize, usize, &'a [usize]) -> Job<'a>,
) {
    let total = items.len().div_ceil(per_page).max(1);
    if items.is_empty() {
        jobs.push(make(1, 1, items));
        return;
    }
    for (index, chunk) in items.chunks(per_page).enumerate() {
        jobs.push(make(index + 1, total, chunk));
    }
}

fn site_view<'a>(input: &'a RenderInput<'a>, people: &BTreeMap<String, PersonView>) -> serde_json::Value {
    let site = input.site;
    let mut menu: Vec<MenuItem> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| MenuItem { title: p.doc.title_or(&p.doc.slug), url: format!("/{}/", p.doc.slug) })
        .collect();
    menu.dedup_by(|a, b| a.url == b.url);
    let logo = site.config.brand.logo.as_ref().and_then(|l| input.images.view(l, "logo", &site.config.practice.name));
    let view = SiteView {
        title: &site.config.title,
        base_url: input.base_url.as_str(),
        language: &site.config.language,
        practice: views::PracticeView::of(&site.config.practice, &site.config.language),
        brand: BrandView { primary: &site.config.brand.primary, accent: &site.config.brand.accent, logo },
        menu,
        feed_url: "/articles/atom.xml",
        physician: people.get("profile").map(|p| p.display_name.clone()).unwrap_or_default(),
        booking_url: site.profile.booking_url.as_ref().map(|b| b.value.as_str()),
        notices: crate::model::notice::notices(site),
        extra: &site.config.extra,
    };
    let mut value = serde_json::to_value(&view).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert("syntax_css".into(), "/syntax.css".into());
    }
    value
}

impl Shared<'_> {
    fn site(&self) -> &Site {
        self.input.site
    }

    fn render_job(&self, job: &Job<'_>, sink: &dyn Sink) -> Result<Option<SitemapEntry>, RenderError> {
        let site = self.site();
        let mut ctx = Context::new();
        let pages::PageParts { template, kind, meta, lastmod, jsonld, image, article } =
            self.page_parts(job, &mut ctx, sink)?;
        let path = output_path(&meta.url);
        let in_sitemap = !meta.noindex && meta.kind != "404";
        let entry = in_sitemap.then(|| SitemapEntry { url: meta.url.clone(), lastmod });
        // A page carries its kind's disclaimer; the home page also the reviews' when it shows reviews.
        let mut kinds = vec![kind];
        if matches!(job, Job::Home) && !site.reviews.is_empty() {
            kinds.push("review");
        }
        let mut disclaimers: Vec<(&str, &String)> = kinds
            .iter()
            .filter_map(|k| disclaimer::key_for(&site.config.disclaimers, k))
            .map(|key| (key, &site.config.disclaimers[key]))
            .collect();
        disclaimers.dedup_by_key(|(key, _)| *key);
        let disclaimer_html: String = disclaimers.iter().map(|(key, text)| disclaimer::html(key, text)).collect();
        ctx.insert_value("disclaimer", Value::safe_string(&disclaimer_html));
        let social =
            social::head_tags(&site.config.title, &site.config.language, &meta, image.as_ref(), article.as_ref());
        ctx.insert_value("social", Value::safe_string(&social));
        ctx.insert_value("jsonld", Value::safe_string(&jsonld::script(jsonld)));
        ctx.insert("page", &meta);
        let page_bytes = site.config.limits.page_bytes;
        let mut html = self
            .templates
            .render(template, &ctx, &meta.url, page_bytes)
            .map_err(|d| RenderError::Diagnostics(vec![*d]))?;
        for (key, text) in disclaimers {
            if !disclaimer::ensure(&mut html, key, text) {
                let origin = self.input.theme.templates.get(template).map_or(template, |t| t.origin.as_str());
                return Err(RenderError::Diagnostics(vec![
                    Diagnostic::error(
                        "output/disclaimer",
                        format!("{} has no <main> or <body>, so its disclaimer cannot be placed", meta.url),
                    )
                    .help(format!("add {{{{ disclaimer }}}} inside <main> in {origin}")),
                ]));
            }
        }
        sink.put(&path, html.as_bytes())?;
        Ok(entry)
    }

    fn markdown(&self, doc: &Document) -> markdown::Rendered {
        self.markdown_with(doc, self.markdown)
    }

    /// `doc`'s body rendered with `base` options, its images and links resolved as the build
    /// publishes them.
    fn markdown_with(&self, doc: &Document, base: MarkdownOptions<'_>) -> markdown::Rendered {
        let images = self.input.images;
        let content_image = |src: &str, alt: &str| {
            (!crate::assets::is_external(src)).then(|| images.view_in(&doc.file.path, src, "content", alt)).flatten()
        };
        let image_url = |src: &str| content_image(src, "").map(|v| v.url);
        let picture = |src: &str, alt: &str, title: &str| {
            content_image(src, alt).map(|view| picture::html(&view, alt, title, picture::CONTENT_SIZES))
        };
        let table = self.site().links();
        let link_url = |dest: &str| table.target(&doc.file.path, dest);
        let options = MarkdownOptions {
            links: Some(markdown::LinkMap(&link_url)),
            images: Some(markdown::ImageMap(&picture)),
            ..base
        };
        markdown::render(doc.body_text(), options, &image_url)
    }

    /// The first `limit` reviews, and whether any of them shows highlighted code.
    fn reviews(&self, limit: usize) -> (Vec<ReviewView>, bool) {
        let options = MarkdownOptions { html: None, ..self.markdown };
        let mut has_code = false;
        let views = self
            .site()
            .reviews
            .iter()
            .take(limit)
            .map(|r| {
                // A review's photo (which its authorization must permit) is published like any
                // content image; its raw HTML stays text.
                let rendered = self.markdown_with(&r.doc, options);
                has_code |= rendered.has_code;
                convert::review_view(r, rendered.html, &self.people)
            })
            .collect();
        (views, has_code)
    }

    fn meta(
        &self,
        kind: &'static str,
        doc: &Document,
        title: String,
        url: &str,
        rendered: markdown::Rendered,
    ) -> PageMeta {
        let description = match &doc.description {
            Some(d) if !d.value.trim().is_empty() => d.value.clone(),
            _ => derive_description(doc.body_text(), &self.site().config.title),
        };
        PageMeta {
            kind,
            title,
            description,
            url: url.to_string(),
            permalink: feed::absolute(self.input.base_url, url),
            noindex: doc.noindex,
            content: rendered.html,
            toc: rendered.headings,
            has_code: rendered.has_code,
            extra: doc.extra.clone(),
        }
    }

    fn generated(&self, kind: &'static str, title: &str, description: String, url: &str) -> PageMeta {
        PageMeta {
            kind,
            title: title.to_string(),
            description,
            url: url.to_string(),
            permalink: feed::absolute(self.input.base_url, url),
            noindex: false,
            content: String::new(),
            toc: Vec::new(),
            has_code: false,
            extra: serde_json::Value::Null,
        }
    }

    fn write_feeds(&self, entries: &[SitemapEntry], sink: &dyn Sink) -> Result<(), RenderError> {
        let site = self.site();
        let base = self.input.base_url;
        let limit = site.config.articles.feed_limit;
        let items: Vec<(&ArticleSummary, String)> = site
            .articles
            .iter()
            .zip(&self.summaries)
            .take(limit)
            .map(|(a, s)| {
                (s.as_ref(), a.doc.updated.as_ref().or(a.doc.date.as_ref()).map(|d| d.rfc3339()).unwrap_or_default())
            })
            .collect();
        let author = self.people.get("profile").map_or(site.config.title.as_str(), |p| p.display_name.as_str());
        // Both list the whole site: a rebuild makes them again only when what they list changed.
        let file = |path: &str, inputs: u64, make: &dyn Fn() -> String| -> Result<(), RenderError> {
            let bytes = match self.input.pages {
                Some(cache) => cache.file(path, inputs, make),
                None => Arc::from(make().into_bytes()),
            };
            Ok(sink.put_shared(path, &bytes)?)
        };
        let title = &site.config.title;
        let atom_inputs = fingerprint::hash_of(&(title, base.as_str(), author, &items));
        file("articles/atom.xml", atom_inputs, &|| feed::atom(title, base, author, &items))?;
        file("sitemap.xml", fingerprint::hash_of(&(base.as_str(), entries)), &|| feed::sitemap(base, entries))?;
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", feed::absolute(base, "/sitemap.xml"));
        sink.put("robots.txt", robots.as_bytes())?;
        Ok(())
    }
}

/// The longest derived description, in characters (search engines cut around 160).
const DESCRIPTION_CHARS: usize = 160;

/// A description from the first sentences of the body; the site title if the body has no text.
pub fn derive_description(body: &str, fallback: &str) -> String {
    let text = markdown::plain_start(body);
    if text.is_empty() {
        return fallback.to_string();
    }
    // Whole sentences that fit, else a cut at a word boundary.
    let mut out = String::new();
    for sentence in text.split_inclusive(". ") {
        if out.chars().count() + sentence.chars().count() > DESCRIPTION_CHARS {
            break;
        }
        out.push_str(sentence);
    }
    let out = out.trim().to_string();
    if out.is_empty() { convert::truncate_words(&text, DESCRIPTION_CHARS) } else { out }
}

fn latest_date(doc: &Document) -> Option<String> {
    doc.updated.as_ref().or(doc.date.as_ref()).map(|d| d.iso())
}

/// `/articles/` for page 1, `/articles/page/2/` after.
fn pager_url(base: &str, number: usize) -> String {
    if number == 1 { base.to_string() } else { format!("{base}page/{number}/") }
}

/// How many page numbers the pager shows on each side of the current one.
const PAGER_WINDOW: usize = 2;

/// The pager of page `current` of `total`: the first and last pages and a window around the
/// current one. Listing every page would put a thousand links on each page of a large archive,
/// which no reader can use and which makes the listings grow with the square of the site.
fn paginator(base: &str, current: usize, total: usize) -> Paginator {
    let window = current.saturating_sub(PAGER_WINDOW)..=current + PAGER_WINDOW;
    let mut pages = Vec::new();
    let mut last_shown = 0;
    for number in (1..=total).filter(|n| *n == 1 || *n == total || window.contains(n)) {
        pages.push(PagerLink {
            number,
            url: pager_url(base, number),
            current: number == current,
            gap_before: number > last_shown + 1,
        });
        last_shown = number;
    }
    Paginator {
        current,
        total,
        first: pager_url(base, 1),
        last: pager_url(base, total),
        previous: (current > 1).then(|| pager_url(base, current - 1)),
        next: (current < total).then(|| pager_url(base, current + 1)),
        pages,
    }
}

/// The file a URL is served from: `/a/` -> `a/index.html`, `/404.html` -> `404.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_pretty() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/articles/afib/"), "articles/afib/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn paginator_links() {
        let p = paginator("/articles/", 2, 3);
        assert_eq!(p.previous.as_deref(), Some("/articles/"));
        assert_eq!(p.next.as_deref(), Some("/articles/page/3/"));
        assert_eq!(p.pages.len(), 3);
        assert!(p.pages.iter().all(|l| !l.gap_before));
    }

    #[test]
    fn paginator_shows_a_window_with_gaps() {
        let shown =
            |p: &Paginator| -> Vec<(usize, bool)> { p.pages.iter().map(|l| (l.number, l.gap_before)).collect() };
        let middle = paginator("/articles/", 50, 100);
        assert_eq!(
            shown(&middle),
            [(1, false), (48, true), (49, false), (50, false), (51, false), (52, false), (100, true)]
        );
        assert_eq!(middle.last, "/articles/page/100/");
        assert!(middle.pages.iter().filter(|l| l.current).map(|l| l.number).eq([50]));
        let start = paginator("/tags/gout/", 1, 9);
        assert_eq!(shown(&start), [(1, false), (2, false), (3, false), (9, true)]);
        assert_eq!(start.first, "/tags/gout/");
        let near_end = paginator("/articles/", 7, 9);
        assert_eq!(shown(&near_end), [(1, false), (5, true), (6, false), (7, false), (8, false), (9, false)]);
        assert_eq!(paginator("/articles/", 1, 1).pages.len(), 1);
    }

    #[test]
    fn descriptions_are_whole_sentences() {
        let body = "# Heading\n\nAtrial fibrillation is common. It raises stroke risk. ".to_string()
            + &"More words here. ".repeat(20);
        let d = derive_description(&body, "fallback");
        assert!(d.starts_with("Atrial fibrillation is common. It raises stroke risk."), "{d}");
        assert!(d.chars().count() <= DESCRIPTION_CHARS);
        assert_eq!(derive_description("", "fallback"), "fallback");
    }
}
