//! Page fingerprints for rebuilds: a hash of everything a page's output depends on. A page whose
//! fingerprint matches the one of the previous build reuses that build's files (its HTML and its
//! share card) instead of being rendered again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

// Fingerprints live only in memory for one session, so a fast non-cryptographic hash will do.
use rustc_hash::FxHasher as DefaultHasher;
use std::sync::{Arc, Mutex};

use super::feed::SitemapEntry;
use super::{Job, Shared};
use crate::fsx::FsError;
use crate::model::article::Article;
use crate::render::views::{ArticleSummary, TagView};
use crate::write::Sink;
use rayon::prelude::*;

/// Pages of earlier builds by job, reused when their fingerprint is unchanged, and article
/// summaries, reused for an unchanged article while the site's tags and people are unchanged.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Arc<CachedPage>>>,
    summaries: Mutex<HashMap<usize, CachedSummary>>,
}

/// An article's listing summary and its hash, with what it was made from.
struct CachedSummary {
    /// Holding the article keeps its address (the key) from being reused by another.
    article: Arc<Article>,
    context: u64,
    summary: Arc<ArticleSummary>,
    hash: u64,
}

/// What a page's job produced.
pub(super) struct CachedPage {
    fingerprint: u64,
    files: Vec<(String, Arc<[u8]>)>,
    entry: Option<SitemapEntry>,
}

impl PageCache {
    /// The files of the job `key` if they were made from the same inputs.
    pub(super) fn get(&self, key: &str, fingerprint: u64) -> Option<Arc<CachedPage>> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|c| c.fingerprint == fingerprint).cloned()
    }

    /// A site-wide file (feed, sitemap) made from inputs that hash to `fingerprint`: the last
    /// build's bytes when the inputs are unchanged, else `make`'s.
    pub(super) fn file(&self, path: &str, fingerprint: u64, make: impl FnOnce() -> String) -> Arc<[u8]> {
        if let Some(page) = self.get(path, fingerprint)
            && let Some((_, bytes)) = page.files.first()
        {
            return Arc::clone(bytes);
        }
        let bytes: Arc<[u8]> = Arc::from(make().into_bytes());
        let page = CachedPage { fingerprint, files: vec![(path.to_string(), Arc::clone(&bytes))], entry: None };
        self.insert(path.to_string(), page);
        bytes
    }

    fn insert(&self, key: String, page: CachedPage) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, Arc::new(page));
        }
    }
}

/// Each article's summary and its hash. Every listing needs every summary, so a rebuild would
/// otherwise redo them all; with `cache`, only edited articles (or all, when a tag or a person
/// changed, since summaries show them) are summarised again.
pub(super) fn summaries(
    articles: &[Arc<Article>],
    context: u64,
    cache: Option<&PageCache>,
    make: impl Fn(&Article) -> ArticleSummary + Sync,
) -> (Vec<Arc<ArticleSummary>>, Vec<u64>) {
    let previous = cache.and_then(|c| c.summaries.lock().ok()).map(|mut s| std::mem::take(&mut *s)).unwrap_or_default();
    let made: Vec<(Arc<ArticleSummary>, u64)> = articles
        .par_iter()
        .map(|article| match previous.get(&(Arc::as_ptr(article) as usize)) {
            Some(c) if Arc::ptr_eq(&c.article, article) && c.context == context => (Arc::clone(&c.summary), c.hash),
            _ => {
                let summary = make(article);
                let hash = hash_of(&summary);
                (Arc::new(summary), hash)
            }
        })
        .collect();
    if let Some(mut kept) = cache.and_then(|c| c.summaries.lock().ok()) {
        // Only the current articles stay cached; the rest (edited or deleted) are let go.
        *kept = articles
            .iter()
            .zip(&made)
            .map(|(article, (summary, hash))| {
                let entry =
                    CachedSummary { article: Arc::clone(article), context, summary: Arc::clone(summary), hash: *hash };
                (Arc::as_ptr(article) as usize, entry)
            })
            .collect();
    }
    made.into_iter().unzip()
}

impl CachedPage {
    /// Writes the cached files again and returns the page's sitemap entry.
    pub(super) fn replay(&self, sink: &dyn Sink) -> Result<Option<SitemapEntry>, FsError> {
        for (path, bytes) in &self.files {
            sink.put_shared(path, bytes)?;
        }
        Ok(self.entry.clone())
    }
}

/// A sink that remembers what one job wrote, to cache it.
pub(super) struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, Arc<[u8]>)>>,
}

impl<'a> Recorder<'a> {
    pub(super) fn new(inner: &'a dyn Sink) -> Self {
        Self { inner, files: Mutex::new(Vec::new()) }
    }

    /// Stores what was recorded under `key`.
    pub(super) fn store(self, cache: &PageCache, key: String, fingerprint: u64, entry: Option<SitemapEntry>) {
        let files = self.files.into_inner().unwrap_or_default();
        cache.insert(key, CachedPage { fingerprint, files, entry });
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        self.put_shared(path, &Arc::from(bytes))
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
        if let Ok(mut files) = self.files.lock() {
            files.push((path.to_string(), Arc::clone(bytes)));
        }
        self.inner.put_shared(path, bytes)
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.inner.read(path)
    }

    fn written(&self) -> Vec<String> {
        self.inner.written()
    }
}

/// Hashes of what many pages share, computed once per build.
pub(super) struct Inputs {
    /// Templates, theme files, configuration, site-wide views, people, images.
    pub global: u64,
    /// Every tag with its count (tag pages and listings show them).
    pub tags: u64,
    /// Each article's listing summary, by article index.
    pub summaries: Vec<u64>,
}

/// The hash fingerprints use.
pub(super) fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Shared<'_> {
    /// The per-build inputs of fingerprints.
    pub(super) fn inputs(&self, site_view: &serde_json::Value) -> Inputs {
        let input = self.input;
        let mut hasher = DefaultHasher::default();
        for (name, file) in input.theme.templates.iter().chain(&input.theme.files) {
            name.hash(&mut hasher);
            blake3::hash(&file.bytes).as_bytes().hash(&mut hasher);
        }
        serde_json::to_string(&input.site.config).unwrap_or_default().hash(&mut hasher);
        site_view.to_string().hash(&mut hasher);
        self.people.hash(&mut hasher);
        for image in input.images.all() {
            (&image.output, image.width, image.height).hash(&mut hasher);
        }
        input.base_url.as_str().hash(&mut hasher);
        // Links to content files are published as their documents' URLs.
        input.site.links().hash(&mut hasher);
        let tags: Vec<&TagView> = self.tags.values().map(|(t, _)| t).collect();
        Inputs { global: hasher.finish(), tags: hash_of(&tags), summaries: self.summary_hashes.clone() }
    }

    /// A stable name for a job, and the hash of everything its output depends on.
    pub(super) fn fingerprint(&self, job: &Job<'_>, inputs: &Inputs) -> (String, u64) {
        let site = self.site();
        let mut h = DefaultHasher::default();
        inputs.global.hash(&mut h);
        let doc = |h: &mut DefaultHasher, d: &crate::model::document::Document| {
            (d.file.path.as_path(), d.file.content_hash()).hash(h)
        };
        let key = match job {
            Job::Home => {
                doc(&mut h, &site.profile.doc);
                inputs.summaries.iter().take(3).for_each(|s| s.hash(&mut h));
                site.reviews.iter().for_each(|r| doc(&mut h, &r.doc));
                "home".to_string()
            }
            Job::TeamList => "team".to_string(),
            Job::Member(member) => {
                doc(&mut h, &member.doc);
                for (article, summary) in site.articles.iter().zip(&inputs.summaries) {
                    if article.author.as_ref().is_some_and(|a| a.value == member.doc.slug) {
                        summary.hash(&mut h);
                    }
                }
                format!("team/{}", member.doc.slug)
            }
            Job::Reviews => {
                site.reviews.iter().for_each(|r| doc(&mut h, &r.doc));
                "reviews".to_string()
            }
            Job::ArticleList { number, total, items } => {
                (number, total, inputs.tags).hash(&mut h);
                items.iter().for_each(|&i| inputs.summaries[i].hash(&mut h));
                format!("articles/{number}")
            }
            Job::Article(index, article) => {
                doc(&mut h, &article.doc);
                inputs.summaries[*index].hash(&mut h);
                format!("article/{}", article.doc.slug)
            }
            Job::TagList => {
                inputs.tags.hash(&mut h);
                "tags".to_string()
            }
            Job::Tag { slug, number, total, items } => {
                (slug, number, total, inputs.tags).hash(&mut h);
                items.iter().for_each(|&i| inputs.summaries[i].hash(&mut h));
                format!("tag/{slug}/{number}")
            }
            Job::Page(page) => {
                doc(&mut h, &page.doc);
                format!("page/{}", page.doc.slug)
            }
            Job::NotFound => "404".to_string(),
        };
        (key, h.finish())
    }
}
