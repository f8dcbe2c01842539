//! Post-render verification of the staged output, before it replaces the previous site:
//! internal links and asset references resolve (`output/link`), every page carries its sharing
//! tags (`output/og`), no JSON-LD rates the practice itself (`structured/self-rating`), and output
//! images carry no metadata (`output/metadata`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use lol_html::{HtmlRewriter, Settings, element, text};
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::write::Sink;
use crate::write::headers::SecurityPolicy;
use crate::write::page_facts::{self, PageFacts, RequiredNotice};

/// A host no real site uses, to resolve site-relative links with the `url` crate.
const LOCAL_HOST: &str = "whitecoat.invalid";
/// The root of the site on [`LOCAL_HOST`], parsed once (links are resolved against it on every page).
static LOCAL_BASE: std::sync::LazyLock<url::Url> =
    std::sync::LazyLock::new(|| url::Url::parse(&format!("https://{LOCAL_HOST}/")).expect("a constant, valid URL"));
/// The sharing tags every page must have.
const REQUIRED_TAGS: [&str; 5] = ["og:title", "og:description", "og:image", "og:url", "twitter:card"];
/// schema.org types that are the practice's own entities.
const OWN_ENTITY_TYPES: [&str; 6] =
    ["Physician", "IndividualPhysician", "PhysiciansOffice", "MedicalClinic", "MedicalOrganization", "MedicalBusiness"];

/// What one page contains that verification looks at.
#[derive(Debug, Default)]
pub struct PageScan {
    /// Internal link targets, resolved against the page (`(shown, file path)`).
    targets: Vec<(Arc<str>, Arc<str>)>,
    /// Required sharing tags the page lacks.
    missing_tags: Vec<&'static str>,
    /// Problems in the page's JSON-LD: the rated entity's type, or why a block is not JSON.
    structured: Vec<Structured>,
    /// Notices linked, third parties used, what its security policy must allow.
    facts: PageFacts,
    /// The page holds markup a streaming parser cannot read without guessing (a browser may run
    /// what the scan took for text), so nothing above can be vouched for.
    ambiguous: bool,
}

/// A JSON-LD problem found while scanning a page.
#[derive(Debug, Clone, PartialEq)]
enum Structured {
    SelfRating(String),
    Invalid(String),
}

/// What verification needs to know of one written file.
#[derive(Debug)]
enum Scanned {
    Page(PageScan),
    /// An image, and whether it still carries metadata.
    Image(bool),
}

/// Scans of earlier builds, reused for a page whose bytes are the very same (shared) allocation,
/// and the link check of the last build, reused for unchanged pages while the site has the same files.
#[derive(Default)]
pub struct ScanCache {
    entries: Mutex<HashMap<String, CachedScan>>,
    links: Mutex<LinkCheck>,
}

/// The link check of one build: a digest of its files, and each page's scan (by the scan's
/// address, held alive here) with the targets it lacked.
#[derive(Default)]
struct LinkCheck {
    files: u64,
    missing: rustc_hash::FxHashMap<usize, (Arc<Scanned>, Vec<String>)>,
}

struct CachedScan {
    bytes: Arc<[u8]>,
    context: u64,
    scanned: Arc<Scanned>,
}

/// What a page is scanned against: the site's address and the notices every page must link.
#[derive(Debug, Clone)]
pub struct ScanContext {
    /// The base URL (links on its host are internal).
    pub base_url: url::Url,
    /// The notices the practice's facts require, in rule order.
    pub notices: Vec<RequiredNotice>,
    /// Vendors the practice allows, with the reason (`[compliance.trackers] allow`).
    pub allowed: BTreeMap<String, String>,
    /// Redirect pages (output paths) written for aliases: a browser leaves them at once and
    /// search engines skip them (noindex), so they carry no sharing tags and need not link the
    /// notices; their link to the target is still checked.
    pub redirects: BTreeSet<String>,
}

impl ScanContext {
    /// A context with nothing but the base URL.
    pub fn new(base_url: &url::Url) -> Self {
        Self { base_url: base_url.clone(), notices: Vec::new(), allowed: BTreeMap::new(), redirects: BTreeSet::new() }
    }

    /// A digest of the context, so cached scans are reused only under the same one.
    fn digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.base_url.as_str().hash(&mut hasher);
        self.notices.hash(&mut hasher);
        self.redirects.hash(&mut hasher);
        hasher.finish()
    }
}

/// What verification found, and the security policy the pages need.
#[derive(Debug, Default)]
pub struct Verified {
    /// Findings.
    pub findings: Vec<Diagnostic>,
    /// The Content-Security-Policy and other headers for `_headers`.
    pub policy: SecurityPolicy,
}

/// A sink that scans every HTML page as it is written (in the rendering thread, while the page is
/// still in memory) and passes everything on to the real output.
pub struct Scanning<'a> {
    inner: &'a dyn Sink,
    context: ScanContext,
    digest: u64,
    cache: Option<&'a ScanCache>,
    /// Scans by path (sorted when verifying, so findings come out in a stable order).
    scans: Mutex<rustc_hash::FxHashMap<String, Arc<Scanned>>>,
}

impl<'a> Scanning<'a> {
    /// Wraps `inner`; pages are scanned against `context`.
    pub fn new(inner: &'a dyn Sink, context: ScanContext, cache: Option<&'a ScanCache>) -> Self {
        let digest = context.digest();
        Self { inner, context, digest, cache, scans: Mutex::default() }
    }

    /// Verifies everything written through this sink; pages under the `exempt` top-level folders
    /// (the browser editor) do not shape the policy.
    pub fn verify(self, exempt: &[&str]) -> Verified {
        let mut scans: Vec<(String, Arc<Scanned>)> = self.scans.into_inner().unwrap_or_default().into_iter().collect();
        scans.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut findings = verify(self.inner, &scans, self.cache.map(|c| &c.links));
        let pages: Vec<(&String, &PageFacts)> = scans
            .iter()
            .filter_map(|(path, s)| match s.as_ref() {
                Scanned::Page(page) => Some((path, &page.facts)),
                Scanned::Image(_) => None,
            })
            .collect();
        let content: Vec<(&String, &PageFacts)> =
            pages.iter().filter(|(path, _)| !self.context.redirects.contains(*path)).copied().collect();
        findings.extend(page_facts::findings(&content, &self.context.notices, &self.context.allowed));
        let in_exempt = |path: &str| exempt.iter().any(|f| path.strip_prefix(f).is_some_and(|r| r.starts_with('/')));
        let policy = SecurityPolicy::from_pages(pages.iter().filter(|(path, _)| !in_exempt(path)).map(|(_, f)| *f));
        Verified { findings, policy }
    }

    fn record(&self, path: &str, scanned: Arc<Scanned>) {
        if let Ok(mut scans) = self.scans.lock() {
            scans.insert(path.to_string(), scanned);
        }
    }
}

impl Sink for Scanning<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), crate::fsx::FsError> {
        if let Some(scanned) = scan_file(path, bytes, &self.context) {
            self.record(path, Arc::new(scanned));
        }
        self.inner.put(path, bytes)
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), crate::fsx::FsError> {
        let cached = self.cache.and_then(|c| {
            let entries = c.entries.lock().ok()?;
            let cached = entries.get(path)?;
            (Arc::ptr_eq(&cached.bytes, bytes) && cached.context == self.digest).then(|| Arc::clone(&cached.scanned))
        });
        // Shared files are content-addressed (see `Sink::put_shared`): one scan per path is enough.
        if cached.is_none() && self.scans.lock().is_ok_and(|s| s.contains_key(path)) {
            return self.inner.put_shared(path, bytes);
        }
        let scanned = cached.or_else(|| {
            let scanned = Arc::new(scan_file(path, bytes, &self.context)?);
            if let Some(mut entries) = self.cache.and_then(|c| c.entries.lock().ok()) {
                let entry =
                    CachedScan { bytes: Arc::clone(bytes), context: self.digest, scanned: Arc::clone(&scanned) };
                entries.insert(path.to_string(), entry);
            }
            Some(scanned)
        });
        if let Some(scanned) = scanned {
            self.record(path, scanned);
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

/// Each page's link targets that are not among the output's files. With `memo`, a page whose scan
/// is the same as in the last build, in a site with the same files, reuses that build's answer: an
/// edit to one article then checks the links of the few pages it changed, not of every page.
fn missing_targets(
    written: Vec<String>,
    scanned: &[(String, Arc<Scanned>)],
    memo: Option<&Mutex<LinkCheck>>,
) -> Vec<(String, Vec<String>)> {
    let mut previous = memo.and_then(|m| m.lock().ok()).map(|mut m| std::mem::take(&mut *m)).unwrap_or_default();
    let digest = files_digest(&written);
    if previous.files != digest {
        previous.missing.clear();
    }
    let files: rustc_hash::FxHashSet<&str> = written.iter().map(String::as_str).collect();
    let mut check = LinkCheck { files: digest, missing: Default::default() };
    check.missing.reserve(scanned.len());
    let mut result = Vec::new();
    for (path, scanned) in scanned {
        let Scanned::Page(scan) = scanned.as_ref() else { continue };
        let key = Arc::as_ptr(scanned) as usize;
        let missing = match previous.missing.remove(&key) {
            Some((_, missing)) => missing,
            None => {
                let unique: BTreeSet<&str> = scan
                    .targets
                    .iter()
                    .filter(|(_, file)| !files.contains(&**file))
                    .map(|(shown, _)| &**shown)
                    .collect();
                unique.into_iter().map(str::to_string).collect()
            }
        };
        if !missing.is_empty() {
            result.push((path.clone(), missing.clone()));
        }
        if memo.is_some() {
            check.missing.insert(key, (Arc::clone(scanned), missing));
        }
    }
    if let Some(mut memo) = memo.and_then(|m| m.lock().ok()) {
        *memo = check;
    }
    result
}

/// A digest of a set of paths, whatever their order (sinks collect them from several threads).
fn files_digest(paths: &[String]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    let hasher = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
    let sum = paths.iter().fold(0u64, |sum, path| sum.wrapping_add(hasher.hash_one(path)));
    sum ^ paths.len() as u64
}

/// Verifies the output given the scans of its HTML pages.
fn verify(output: &dyn Sink, scanned: &[(String, Arc<Scanned>)], memo: Option<&Mutex<LinkCheck>>) -> Vec<Diagnostic> {
    let scans: Vec<(&String, &PageScan)> = scanned
        .iter()
        .filter_map(|(path, s)| match s.as_ref() {
            Scanned::Page(page) => Some((path, page)),
            Scanned::Image(_) => None,
        })
        .collect();
    let mut findings = Vec::new();

    // One finding per missing target, naming the pages that link to it.
    let missing = missing_targets(output.written(), scanned, memo);
    let mut broken: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (page, targets) in &missing {
        for target in targets {
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
        for tag in &scan.missing_tags {
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
        for problem in &scan.structured {
            findings.push(match problem {
                Structured::SelfRating(kind) => Diagnostic::error(
                    "structured/self-rating",
                    format!("/{page} rates the practice's own {kind} in its JSON-LD"),
                )
                .help("remove aggregateRating / review from the practice's own entities: Google ignores self-serving reviews and the rating is a claim"),
                Structured::Invalid(error) => {
                    Diagnostic::error("structured/self-rating", format!("/{page} has JSON-LD that is not valid JSON: {error}"))
                        .help("fix the template that writes this <script type=\"application/ld+json\">")
                }
            });
        }
    }

    for (page, _) in scans.iter().filter(|(_, scan)| scan.ambiguous) {
        findings.push(
            Diagnostic::error("output/ambiguous-html", format!("/{page} has markup whose meaning depends on the elements around it, so whitecoat cannot verify what a browser would run"))
                .help("keep raw-text elements (<script>, <style>, <xmp>, <textarea>, <title>) and <template> out of <select>, <table> and SVG/MathML in the theme's templates"),
        );
    }

    let mut with_metadata: Vec<&String> =
        scanned.iter().filter(|(_, s)| matches!(s.as_ref(), Scanned::Image(true))).map(|(p, _)| p).collect();
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

/// Scans a written file: pages for links, tags and JSON-LD; images for metadata.
fn scan_file(path: &str, bytes: &[u8], context: &ScanContext) -> Option<Scanned> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".html") {
        Some(Scanned::Page(scan(path, bytes, context)))
    } else if [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| lower.ends_with(e)) {
        Some(Scanned::Image(crate::check::images::has_metadata(bytes)))
    } else {
        None
    }
}

fn several(pages: &[&String]) -> String {
    let mut sorted = pages.to_vec();
    sorted.sort();
    match sorted.len() {
        1 => format!("/{}", sorted[0]),
        n => format!("{n} pages (first /{})", sorted[0]),
    }
}

/// Records the notice link being read if its text names the notice (a link reading "Privacy"
/// to the Notice of Privacy Practices counts; an icon or "click here" does not).
fn finish_notice_anchor(
    anchor: &std::cell::RefCell<Option<(usize, String)>>,
    facts: &std::cell::RefCell<PageFacts>,
    context: &ScanContext,
) {
    if let Some((i, text)) = anchor.borrow_mut().take()
        && page_facts::names_notice(&text, &context.notices[i])
    {
        facts.borrow_mut().notice_links |= 1 << i;
    }
}

/// Records what an element that loads something (`script`, `iframe`, `img`, `source`, `video`,
/// `audio`, `link`, `form`) needs from the security policy, and the third party it loads from.
fn third_party(el: &lol_html::html_content::Element, tag: &str, facts: &mut PageFacts, base_url: &url::Url) {
    if tag == "form" {
        facts.has_form = true;
    }
    let rel = el.get_attribute("rel");
    let attribute = match tag {
        "link" => "href",
        "form" => "action",
        _ => "src",
    };
    let (Some(directive), Some(value)) = (page_facts::directive(tag, rel.as_deref()), el.get_attribute(attribute))
    else {
        return;
    };
    // Resolved from the site's root: only the host matters here, and a protocol-relative address
    // (`//cdn.example/x.js`) loads from another host as surely as one with a scheme.
    if let Ok(url) = LOCAL_BASE.join(value.trim())
        && matches!(url.scheme(), "http" | "https")
        && url.host_str() != Some(LOCAL_HOST)
        && url.host_str() != base_url.host_str()
    {
        page_facts::external(facts, tag, directive, &url);
    }
}

/// Which required notice `href` (on the page at `page_url`) links to, if any.
fn notice_index(href: &str, page_url: Option<&url::Url>, context: &ScanContext) -> Option<usize> {
    let href = href.trim();
    let position = |resolved: Option<url::Url>| {
        context
            .notices
            .iter()
            .position(|n| href == n.url || resolved.as_ref().is_some_and(|r| r.path() == n.url || r.as_str() == n.url))
    };
    if !page_independent(href) {
        return position(page_url.and_then(|p| p.join(href).ok()));
    }
    // The same navigation and footer links recur on every page: each is resolved once per thread.
    NOTICE_LINKS.with_borrow_mut(|(notices, memo)| {
        if *notices != context.notices || memo.len() > NOTICE_LINKS_MAX {
            memo.clear();
            notices.clone_from(&context.notices);
        }
        if let Some(index) = memo.get(href) {
            return *index;
        }
        let index = position(LOCAL_BASE.join(href).ok());
        memo.insert(href.to_string(), index);
        index
    })
}

/// The elements [`scan`] reads: those with a link or a source, inline styles, meta tags and forms
/// (attribute names and tags match ignoring case, as in HTML).
const SCANNED_ELEMENTS: &str = "[href], [src], [srcset], [style], meta, form";

/// Collects links (resolved to the files they need), meta tags, JSON-LD and the page's facts
/// (notices linked, third parties, security policy needs) from the page at `page`.
fn scan(page: &str, html: &[u8], context: &ScanContext) -> PageScan {
    use std::cell::RefCell;
    let base_url = &context.base_url;
    let mut scan = PageScan::default();
    let mut links = Vec::new();
    let mut tags = BTreeSet::new();
    let mut jsonld = Vec::new();
    let mut current = String::new();
    let facts = RefCell::new(PageFacts::default());
    let page_url = LOCAL_BASE.join(page).ok();
    // The anchor being read for notice link text: (notice index, text so far).
    let anchor: RefCell<Option<(usize, String)>> = RefCell::new(None);
    let script = RefCell::new(String::new());
    let style = RefCell::new(String::new());
    {
        // One handler rather than six, each matched against every element; and only for the
        // elements it acts on, rather than every element (a fifth of the scan's time went to
        // calling it for the rest).
        let settings = Settings::new()
            .append_element_content_handler(element!(SCANNED_ELEMENTS, |el| {
                let tag = el.tag_name();
                let href = el.get_attribute("href");
                let src = el.get_attribute("src");
                if tag == "meta" {
                    let name = el.get_attribute("property").or_else(|| el.get_attribute("name"));
                    if let (Some(name), Some(content)) = (name, el.get_attribute("content"))
                        && !content.trim().is_empty()
                    {
                        tags.insert(name);
                    }
                }
                let loads = match tag.as_str() {
                    "script" | "iframe" | "img" | "source" | "video" | "audio" => src.is_some(),
                    "link" => href.is_some(),
                    "form" => true,
                    _ => false,
                };
                if loads {
                    third_party(el, &tag, &mut facts.borrow_mut(), base_url);
                }
                if el.has_attribute("style") {
                    facts.borrow_mut().style_attribute = true;
                }
                if tag == "a"
                    && let Some(href) = &href
                    && !context.notices.is_empty()
                {
                    // Anchors do not nest, so a new anchor closes the one being read.
                    finish_notice_anchor(&anchor, &facts, context);
                    if let Some(index) = notice_index(href, page_url.as_ref(), context) {
                        *anchor.borrow_mut() = Some((index, String::new()));
                    }
                }
                links.extend(href);
                links.extend(src);
                if let Some(srcset) = el.get_attribute("srcset") {
                    links.extend(srcset.split(',').filter_map(|c| c.split_whitespace().next().map(str::to_string)));
                }
                Ok(())
            }))
            .append_element_content_handler(text!("script[type='application/ld+json']", |t| {
                current.push_str(t.as_str());
                if t.last_in_text_node() {
                    jsonld.push(std::mem::take(&mut current));
                }
                Ok(())
            }))
            .append_element_content_handler(text!("script:not([src]):not([type='application/ld+json'])", |t| {
                script.borrow_mut().push_str(t.as_str());
                if t.last_in_text_node() {
                    let code = std::mem::take(&mut *script.borrow_mut());
                    page_facts::inline_script(&mut facts.borrow_mut(), &code);
                }
                Ok(())
            }))
            .append_element_content_handler(text!("style", |t| {
                style.borrow_mut().push_str(t.as_str());
                if t.last_in_text_node() {
                    let css = std::mem::take(&mut *style.borrow_mut());
                    facts.borrow_mut().style_hashes.insert(page_facts::csp_hash(&css));
                }
                Ok(())
            }))
            .append_element_content_handler(text!("a[href]", |t| {
                if let Some((_, text)) = anchor.borrow_mut().as_mut() {
                    text.push_str(t.as_str());
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // Strict (lol_html's default): markup whose parse depends on the tree around it
        // (`<select><xmp><script>`) stops the scan rather than being guessed at, and the page
        // fails verification. A rewriter that stopped must not be used again.
        scan.ambiguous = rewriter.write(html).and_then(|()| rewriter.end()).is_err();
    }
    finish_notice_anchor(&anchor, &facts, context);
    scan.targets = resolve_links(page, &links, base_url);
    if !context.redirects.contains(page) {
        scan.missing_tags = REQUIRED_TAGS.iter().copied().filter(|t| !tags.contains(*t)).collect();
    }
    scan.structured = jsonld.iter().filter_map(|block| structured_problem(block)).collect();
    scan.facts = facts.into_inner();
    scan
}

/// What is wrong with one JSON-LD block, if anything. Only a block that has a rating or review
/// key is built into a tree to look for the rated entity; every other block is only validated,
/// which allocates nothing (a site's pages each carry a block, and most rate nothing).
fn structured_problem(block: &str) -> Option<Structured> {
    let may_rate = block.contains("\"aggregateRating\"") || block.contains("\"review\"");
    let parsed = if may_rate {
        serde_json::from_str::<Value>(block).map(|value| self_rating(&value))
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(block).map(|_| None)
    };
    match parsed {
        Ok(rated) => rated.map(Structured::SelfRating),
        Err(e) => Some(Structured::Invalid(e.to_string())),
    }
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

/// What this thread remembers of the links it resolved (see [`resolve_links`]).
#[derive(Default)]
struct Resolved {
    /// The base URL the links were resolved against.
    base: String,
    /// Links that resolve the same from every page, and the file each needs: navigation, tag,
    /// listing and asset links recur on thousands of pages, and parsing each again was a
    /// twentieth of a large build.
    memo: rustc_hash::FxHashMap<Arc<str>, Option<Arc<str>>>,
    /// Every link and file this thread handed out. Each page's targets are held until the build
    /// ends, and the same few dozen strings recur on every page: owned copies of them were a
    /// sixth of a 10,000-article build's peak memory (261 MB, now 218).
    strings: rustc_hash::FxHashSet<Arc<str>>,
}

impl Resolved {
    /// The one shared copy of `text`.
    fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.strings.insert(Arc::clone(&shared));
        shared
    }
}

thread_local! {
    /// The links this thread resolved.
    static RESOLVED: std::cell::RefCell<Resolved> = std::cell::RefCell::default();
}

/// Which notice each page-independent link leads to, and the notices that was against.
type NoticeLinks = (Vec<RequiredNotice>, rustc_hash::FxHashMap<String, Option<usize>>);

thread_local! {
    /// The notice links this thread resolved.
    static NOTICE_LINKS: std::cell::RefCell<NoticeLinks> = std::cell::RefCell::default();
}

/// Notice answers remembered per thread before the memo starts over: enough for the links every
/// page shares, few enough that links to each article do not pile up.
const NOTICE_LINKS_MAX: usize = 4096;

/// Remembered links and strings per thread before the memo starts over (a bound for long
/// `serve` sessions).
const RESOLVED_MAX: usize = 100_000;

/// Resolves a page's links to the output files they need (`(shown, file)`, each once); external
/// links are left out.
fn resolve_links(page: &str, links: &[String], base_url: &url::Url) -> Vec<(Arc<str>, Arc<str>)> {
    let Ok(local) = LOCAL_BASE.join(page) else { return Vec::new() };
    let mut seen = rustc_hash::FxHashSet::default();
    RESOLVED.with_borrow_mut(|resolved| {
        if resolved.base != base_url.as_str() || resolved.memo.len() + resolved.strings.len() > RESOLVED_MAX {
            *resolved = Resolved { base: base_url.to_string(), ..Resolved::default() };
        }
        links
            .iter()
            .filter(|link| seen.insert(link.as_str()))
            .filter_map(|link| {
                if !page_independent(link) {
                    let file = resolve_link(&local, link, base_url)?;
                    return Some((resolved.intern(link), resolved.intern(&file)));
                }
                if let Some((shown, file)) = resolved.memo.get_key_value(link.as_str()) {
                    return Some((Arc::clone(shown), Arc::clone(file.as_ref()?)));
                }
                let shown = resolved.intern(link);
                let file = resolve_link(&local, link, base_url).map(|file| resolved.intern(&file));
                resolved.memo.insert(Arc::clone(&shown), file.clone());
                Some((shown, file?))
            })
            .collect()
    })
}

/// Whether `link` resolves to the same file from every page: root-relative, or with an HTTP scheme.
fn page_independent(link: &str) -> bool {
    link.starts_with('/') || link.starts_with("https://") || link.starts_with("http://")
}

/// The output file `link` needs, resolved against the page at `local`; `None` for external links.
fn resolve_link(local: &url::Url, link: &str, base_url: &url::Url) -> Option<String> {
    let resolved = local.join(link).ok()?;
    let path = if resolved.host_str() == Some(LOCAL_HOST) {
        resolved.path().to_string()
    } else if resolved.origin() == base_url.origin() && resolved.path().starts_with(base_url.path()) {
        format!("/{}", &resolved.path()[base_url.path().len()..])
    } else {
        return None;
    };
    let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
    let file = decoded.trim_start_matches('/');
    Some(if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn finds_only_broken_internal_links() {
        let files: HashSet<&str> =
            ["index.html", "articles/a/index.html", "style.css", "assets/x.jpg"].into_iter().collect();
        let base = url::Url::parse("https://dr.example/").unwrap();
        let html = br##"<a href="/articles/a/">ok</a><a href="/articles/a/#top">ok</a><a href="../../">ok</a>
            <a href="/missing/">bad</a><link href="/style.css"><img src="/assets/x.jpg" srcset="/assets/x.jpg 1x, /assets/y.jpg 2x">
            <a href="https://other.example/nope/">external</a><a href="https://dr.example/gone/">absolute bad</a>
            <a href="mailto:a@b.example">mail</a><a href="tel:+15550100">tel</a><a href="#main">skip</a>"##;
        let targets = scan("articles/a/index.html", html, &ScanContext::new(&base)).targets;
        let broken: BTreeSet<&str> =
            targets.iter().filter(|(_, f)| !files.contains(&**f)).map(|(shown, _)| &**shown).collect();
        assert_eq!(broken.into_iter().collect::<Vec<_>>(), ["/assets/y.jpg", "/missing/", "https://dr.example/gone/"]);
    }

    #[test]
    fn remembered_links_follow_the_base_url_and_the_page() {
        let dr = url::Url::parse("https://dr.example/").unwrap();
        let other = url::Url::parse("https://other.example/").unwrap();
        let links = || vec!["https://dr.example/a/".to_string(), "/b/".to_string(), "c/".to_string()];
        let files = |page: &str, base: &url::Url| -> Vec<String> {
            resolve_links(page, &links(), base).into_iter().map(|(_, file)| file.to_string()).collect()
        };
        assert_eq!(files("x/index.html", &dr), ["a/index.html", "b/index.html", "x/c/index.html"]);
        assert_eq!(files("x/index.html", &other), ["b/index.html", "x/c/index.html"], "now an external link");
        assert_eq!(files("y/index.html", &dr), ["a/index.html", "b/index.html", "y/c/index.html"]);
    }

    #[test]
    fn links_that_recur_on_every_page_are_held_once() {
        let base = url::Url::parse("https://dr.example/").unwrap();
        let html = br#"<a href="/articles/">all</a><a href="../">up</a><a href="/articles/">again</a>"#;
        let first = scan("articles/a/index.html", html, &ScanContext::new(&base)).targets;
        let second = scan("articles/b/index.html", html, &ScanContext::new(&base)).targets;
        assert_eq!(first.len(), 2, "each link once per page: {first:?}");
        assert_eq!(first, second);
        for ((shown_a, file_a), (shown_b, file_b)) in first.iter().zip(&second) {
            assert!(Arc::ptr_eq(shown_a, shown_b) && Arc::ptr_eq(file_a, file_b), "{shown_a} copied");
        }
        // `/articles/` and `../` need the same file: one copy of it.
        assert!(Arc::ptr_eq(&first[0].1, &first[1].1), "{first:?}");
    }

    #[test]
    fn link_check_reuses_answers_only_for_the_same_page_and_files() {
        let context = ScanContext::new(&url::Url::parse("https://dr.example/").unwrap());
        let page = |html: &str| Arc::new(Scanned::Page(scan("index.html", html.as_bytes(), &context)));
        let files = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let memo = Mutex::new(LinkCheck::default());
        let home = page(r#"<a href="/a/">a</a><a href="/b/">b</a>"#);
        let scanned = vec![("index.html".to_string(), Arc::clone(&home))];

        let first = missing_targets(files(&["a/index.html", "index.html"]), &scanned, Some(&memo));
        assert_eq!(first, [("index.html".to_string(), vec!["/b/".to_string()])]);
        // Same page, same files: the remembered answer.
        let again = missing_targets(files(&["a/index.html", "index.html"]), &scanned, Some(&memo));
        assert_eq!(again, first);
        // Same page, but a target disappeared: checked afresh.
        let fewer = missing_targets(files(&["index.html"]), &scanned, Some(&memo));
        assert_eq!(fewer, [("index.html".to_string(), vec!["/a/".to_string(), "/b/".to_string()])]);
        // Same files, changed page: checked afresh.
        let edited = vec![("index.html".to_string(), page(r#"<a href="/c/">c</a>"#))];
        let changed = missing_targets(files(&["index.html"]), &edited, Some(&memo));
        assert_eq!(changed, [("index.html".to_string(), vec!["/c/".to_string()])]);
    }

    #[test]
    fn collects_meta_tags_and_jsonld() {
        let html = br#"<head><meta property="og:title" content="T"><meta name="twitter:card" content="summary">
            <meta property="og:image" content=""><script type="application/ld+json">{"@type":"Physician","aggregateRating":{}}</script>
            <script type="application/ld+json">{oops</script></head>"#;
        let s = scan("index.html", html, &ScanContext::new(&url::Url::parse("https://dr.example/").unwrap()));
        assert_eq!(s.missing_tags, ["og:description", "og:image", "og:url"], "empty content does not count");
        assert_eq!(s.structured[0], Structured::SelfRating("Physician".into()));
        assert!(matches!(s.structured[1], Structured::Invalid(_)));
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

    #[test]
    fn notice_links_count_only_with_text_naming_the_notice() {
        let mut context = ScanContext::new(&url::Url::parse("https://dr.example/").unwrap());
        context.notices = vec![
            RequiredNotice { rule: "notices/privacy", url: "/privacy/".into(), title: "Notice of Privacy Practices" },
            RequiredNotice {
                rule: "notices/good-faith-estimate",
                url: "https://records.example.org/gfe.pdf".into(),
                title: "Good Faith Estimate",
            },
        ];
        let links = |html: &str, page: &str| scan(page, html.as_bytes(), &context).facts.notice_links;
        assert_eq!(links(r#"<a href="/privacy/">Notice of <b>Privacy</b> Practices</a>"#, "index.html"), 0b01);
        assert_eq!(links(r#"<a href="../privacy/">Privacy</a>"#, "about/index.html"), 0b01, "relative link");
        assert_eq!(links(r#"<a href="/privacy/">click here</a>"#, "index.html"), 0, "text must name it");
        assert_eq!(
            links(r#"<a href="/privacy/"></a><a href="/x/">Privacy</a>"#, "index.html"),
            0,
            "text of another link"
        );
        assert_eq!(
            links(
                r#"<a href="https://records.example.org/gfe.pdf">Your right to a Good Faith Estimate</a>"#,
                "index.html"
            ),
            0b10
        );
    }

    #[test]
    fn protocol_relative_and_upper_case_loads_are_third_parties() {
        let html = br#"<SCRIPT SRC="//cdn.example.net/x.js"></SCRIPT><img src="\\img.example.org/p.png">
            <link rel="stylesheet" href="//dr.example/own.css"><img src="/local.png"><img src="pic.png">"#;
        let facts =
            scan("a/index.html", html, &ScanContext::new(&url::Url::parse("https://dr.example/").unwrap())).facts;
        let origins: Vec<(&str, &str)> = facts.origins.iter().map(|(d, o)| (*d, o.as_str())).collect();
        assert_eq!(
            origins,
            [("img-src", "https://img.example.org"), ("script-src", "https://cdn.example.net")],
            "the site's own host and relative addresses are 'self'"
        );
    }

    /// The scan reads only the elements `SCANNED_ELEMENTS` selects: each kind it acts on, written
    /// in capitals, is still read.
    #[test]
    fn every_element_the_scan_acts_on_is_read_in_any_case() {
        let mut context = ScanContext::new(&url::Url::parse("https://dr.example/").unwrap());
        context.notices = vec![RequiredNotice {
            rule: "notices/privacy",
            url: "/privacy/".into(),
            title: "Notice of Privacy Practices",
        }];
        let html = br#"<META PROPERTY="og:title" CONTENT="Home"><META NAME="description" CONTENT="A practice">
            <P STYLE="color:red">x</P><FORM></FORM><A HREF="/privacy/">Privacy</A>
            <IMG SRCSET="/a.png 1x, /b.png 2x"><IFRAME SRC="https://video.example.com/e"></IFRAME>
            <LINK REL="stylesheet" HREF="https://fonts.example.net/f.css"><AREA HREF="/map/">"#;
        let scanned = scan("index.html", html, &context);
        let facts = &scanned.facts;
        assert!(facts.style_attribute, "STYLE attribute");
        assert!(facts.has_form, "FORM without an action");
        assert_eq!(facts.notice_links, 1, "A HREF to the notice");
        let origins: Vec<&str> = facts.origins.iter().map(|(_, o)| o.as_str()).collect();
        assert_eq!(origins, ["https://video.example.com", "https://fonts.example.net"], "IFRAME SRC, LINK HREF");
        let targets: Vec<&str> = scanned.targets.iter().map(|(_, file)| &**file).collect();
        for file in ["a.png", "b.png", "privacy/index.html", "map/index.html"] {
            assert!(targets.contains(&file), "{file} not among {targets:?}");
        }
        assert!(!scanned.missing_tags.contains(&"og:title"), "META PROPERTY: {:?}", scanned.missing_tags);
    }

    #[test]
    fn third_parties_and_policy_needs_are_recorded() {
        let html = br#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
            <script>!function(f,b,e,v,n,t,s){}; fbq('init', '1');</script>
            <iframe src="https://www.youtube.com/embed/x"></iframe><style>p{color:red}</style>
            <form action="https://forms.example.net/submit"></form><img src="/local.png">"#;
        let facts =
            scan("contact/index.html", html, &ScanContext::new(&url::Url::parse("https://dr.example/").unwrap())).facts;
        let vendors: Vec<&str> = facts.third_parties.iter().map(|t| t.category.as_str()).collect();
        assert!(vendors.contains(&"youtube") && vendors.contains(&"form"), "{vendors:?}");
        assert!(facts.third_parties.iter().any(|t| t.how == "inline script" && t.vendor.contains("Meta")));
        assert!(facts.third_parties.iter().any(|t| t.how == "script"));
        assert!(facts.has_form && facts.script_hashes.len() == 1);
        assert_eq!(facts.style_hashes.len(), 1);
        assert!(facts.origins.contains(&("script-src", "https://www.googletagmanager.com".to_string())));
        assert!(!facts.origins.iter().any(|(_, o)| o.contains("dr.example")), "own origin is 'self'");
    }
}
