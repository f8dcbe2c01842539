//! Stage 2, model: parse every document's front matter into typed content (profile, team, reviews,
//! articles, pages), resolve the references between them, and report every problem found.

pub mod article;
pub mod document;
pub mod fields;
pub mod notice;
pub mod npi;
pub mod page;
pub mod placeholder;
pub mod profile;
pub mod review;
pub mod slug;
pub mod team;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Span};
use crate::load::frontmatter::{self, Format, SplitError};
use crate::load::frontmatter_hints;
use crate::load::{RawDocument, SiteFiles, tree};
use article::Article;
use document::{Document, Kind};
use fields::{Fields, Sink, did_you_mean};
use page::Page;
use profile::Profile;
use review::Review;
use team::TeamMember;
use values::Sp;

/// The typed, validated content of a site. Immutable after this stage.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// `site.toml` itself, for findings about configuration values.
    pub config_file: std::sync::Arc<crate::source::SourceFile>,
    /// The physician.
    pub profile: Profile,
    /// Team members, by weight then name.
    pub team: Vec<TeamMember>,
    /// Reviews, newest first.
    pub reviews: Vec<Review>,
    /// Reviews left out of the site as drafts (for the FTC check that lower-rated reviews are not
    /// held back); empty when drafts are built.
    pub withheld_reviews: Vec<Review>,
    /// Articles, newest first. Shared with the parse cache, so a rebuild reuses unchanged articles
    /// (and what was derived from them) without copying.
    pub articles: Vec<std::sync::Arc<Article>>,
    /// Pages, by weight then title.
    pub pages: Vec<Page>,
    /// Where each content file is published, built on first use (links between documents).
    links: std::sync::OnceLock<crate::check::links::Links>,
}

/// One parsed document of any kind.
#[derive(Debug, Clone)]
pub enum Parsed {
    Profile(Box<Profile>),
    Team(Box<TeamMember>),
    Review(Box<Review>),
    Article(std::sync::Arc<Article>),
    Page(Box<Page>),
}

impl Parsed {
    fn doc(&self) -> &Document {
        match self {
            Parsed::Profile(p) => &p.doc,
            Parsed::Team(t) => &t.doc,
            Parsed::Review(r) => &r.doc,
            Parsed::Article(a) => &a.doc,
            Parsed::Page(p) => &p.doc,
        }
    }
}

/// Options of the model stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Keep documents marked `draft = true`.
    pub drafts: bool,
}

/// Builds the typed site; returns `None` for the site if any error was found.
pub fn build(
    files: &SiteFiles,
    config: Config,
    options: ModelOptions,
    cache: Option<&ParseCache>,
) -> (Option<Site>, Vec<Diagnostic>) {
    let results: Vec<(Option<Parsed>, Vec<Diagnostic>)> = files
        .documents
        .par_iter()
        .map(|raw| match cache {
            Some(cache) => cache.parse(raw),
            None => parse_document(raw),
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut profile = None;
    let (mut team, mut reviews, mut articles, mut pages) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut withheld_reviews = Vec::new();
    // Team members whose front matter failed: still on the site as far as references go, so one
    // mistake in a team file is one finding, not one more per article that names the person.
    let mut failed_team = BTreeMap::new();
    for (raw, (parsed, mut diags)) in files.documents.iter().zip(results) {
        if parsed.is_none() && raw.kind == Kind::Team {
            failed_team.insert(fallback_slug(raw), raw.file.path.clone());
        }
        let excluded = parsed.as_ref().is_some_and(|p| p.doc().draft && !options.drafts);
        if excluded {
            // A draft left out of the site is still being written: its placeholders wait.
            diags.retain(|d| d.rule != "content/placeholder");
        }
        diagnostics.extend(diags);
        let Some(parsed) = parsed else { continue };
        if excluded {
            if let Parsed::Review(r) = parsed {
                withheld_reviews.push(*r);
            }
            continue;
        }
        match parsed {
            Parsed::Profile(p) => profile = Some(*p),
            Parsed::Team(t) => team.push(*t),
            Parsed::Review(r) => reviews.push(*r),
            Parsed::Article(a) => articles.push(a),
            Parsed::Page(p) => pages.push(*p),
        }
    }
    let Some(profile) = profile else {
        if !files.documents.iter().any(|d| d.kind == Kind::Profile) {
            diagnostics.push(
                Diagnostic::error("frontmatter/required", "the site has no physician profile (content/profile.md)")
                    .help(
                        "create content/profile.md with at least name = \"…\"; `whitecoat init` writes a complete one",
                    ),
            );
        }
        return (None, diagnostics);
    };
    team.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.value.cmp(&b.name.value)));
    reviews.sort_by(|a, b| newest_first(&a.doc, &b.doc));
    articles.sort_by(|a, b| newest_first(&a.doc, &b.doc));
    pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.doc.title_or("").cmp(&b.doc.title_or(""))));

    let config_file = std::sync::Arc::clone(&files.config);
    withheld_reviews.sort_by(|a, b| a.doc.slug.cmp(&b.doc.slug));
    let site = Site {
        config,
        config_file,
        profile,
        team,
        reviews,
        withheld_reviews,
        articles,
        pages,
        links: Default::default(),
    };
    check_slugs(&site, &mut diagnostics);
    check_aliases(&site, &files.statics, &mut diagnostics);
    check_clinicians(&site, &failed_team, &mut diagnostics);
    check_npis(&site, &mut diagnostics);
    (if blocks(&diagnostics) { None } else { Some(site) }, diagnostics)
}

/// Whether findings stop the model: errors do, except placeholders, which read as absent values
/// so the rest of the site is still checked (and previewed; the check stage fails the build).
fn blocks(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == crate::diagnostics::Severity::Error && d.rule != "content/placeholder")
}

/// Parse results of earlier builds, reused for documents whose file has not been reloaded.
#[derive(Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, CachedParse>>,
}

struct CachedParse {
    file: std::sync::Arc<crate::source::SourceFile>,
    parsed: Option<Parsed>,
    diagnostics: Vec<Diagnostic>,
}

impl ParseCache {
    /// Parses `raw`, or returns the earlier result if its file is the same one (holding the `Arc`
    /// means a pointer match can only be the same file, never a new one at a reused address).
    fn parse(&self, raw: &RawDocument) -> (Option<Parsed>, Vec<Diagnostic>) {
        let hit = self.entries.lock().ok().and_then(|entries| {
            let cached = entries.get(&raw.file.path)?;
            std::sync::Arc::ptr_eq(&cached.file, &raw.file).then(|| (cached.parsed.clone(), cached.diagnostics.clone()))
        });
        if let Some(hit) = hit {
            return hit;
        }
        let (parsed, diagnostics) = parse_document(raw);
        if let Ok(mut entries) = self.entries.lock() {
            let entry = CachedParse {
                file: std::sync::Arc::clone(&raw.file),
                parsed: parsed.clone(),
                diagnostics: diagnostics.clone(),
            };
            entries.insert(raw.file.path.clone(), entry);
        }
        (parsed, diagnostics)
    }
}

/// Newest date first; undated last; ties by slug, so the order never depends on file order.
fn newest_first(a: &Document, b: &Document) -> std::cmp::Ordering {
    let date = |d: &Document| d.date.as_ref().map(|d| d.value);
    date(b).cmp(&date(a)).then_with(|| a.slug.cmp(&b.slug))
}

fn parse_document(raw: &RawDocument) -> (Option<Parsed>, Vec<Diagnostic>) {
    let file = &raw.file;
    let split = match frontmatter::split(&file.text) {
        Ok(split) => split,
        Err(SplitError::Missing) => {
            let diagnostic = Diagnostic::error("frontmatter/syntax", "this document has no front matter")
                .at(
                    Span::new(file, 0..file.text.find('\n').unwrap_or(file.text.len())),
                    "expected `+++` or `---` on the first line",
                )
                .help("start the file with front matter between `+++` lines (TOML), e.g.\n+++\ntitle = \"…\"\n+++");
            return (None, vec![diagnostic]);
        }
        Err(SplitError::Unclosed(opening, format)) => {
            let delimiter = if format == Format::Toml { "+++" } else { "---" };
            let diagnostic = Diagnostic::error("frontmatter/syntax", "the front matter is never closed")
                .at(Span::new(file, opening), "opened here")
                .help(format!("add a line with only `{delimiter}` after the last front matter line"));
            return (None, vec![diagnostic]);
        }
    };
    let parsed = match split.format {
        Format::Toml => tree::parse_toml(&file.text[split.front.clone()], split.front.start),
        Format::Yaml => tree::parse_yaml(file, split.front.clone()),
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let hint = match split.format {
                Format::Toml => frontmatter_hints::toml_error(&file.text, split.front.clone(), e.span.start),
                Format::Yaml => frontmatter_hints::yaml_tab(&file.text, split.front.clone()),
            };
            if let Some(hint) = hint {
                let diagnostic = Diagnostic::error("frontmatter/syntax", hint.message)
                    .at(Span::new(file, hint.span), hint.label)
                    .help(hint.help);
                return (None, vec![diagnostic]);
            }
            let syntax = if split.format == Format::Toml { "TOML" } else { "YAML" };
            let help = if e.message.contains("date") || e.message.contains("day") || e.message.contains("month") {
                "write dates as YYYY-MM-DD with a day that exists in that month (e.g. 2026-02-28)"
            } else if split.format == Format::Toml {
                "TOML front matter is `key = value` lines; text goes in double quotes: title = \"…\""
            } else {
                "YAML front matter is `key: value` lines; quote text that contains `: ` or starts with a symbol"
            };
            let message = format!("the front matter is not valid {syntax}: {}", e.message);
            let diagnostic =
                Diagnostic::error("frontmatter/syntax", message).at(Span::new(file, e.span), "here").help(help);
            return (None, vec![diagnostic]);
        }
    };
    let sink = Sink::default();
    let what = format!("{} front matter", raw.kind.name());
    let mut f = Fields::new(file, &root, split.opening.clone(), what, &sink).yaml(split.format == Format::Yaml);
    let title_required = matches!(raw.kind, Kind::Article | Kind::Page);
    let doc = document::read_common(&mut f, raw.kind, &raw.stem, split.body.clone(), title_required);
    let parsed = match raw.kind {
        Kind::Profile => profile::read(&mut f, doc).map(|p| Parsed::Profile(Box::new(p))),
        Kind::Team => team::read(&mut f, doc).map(|t| Parsed::Team(Box::new(t))),
        Kind::Review => review::read(&mut f, doc).map(|r| Parsed::Review(Box::new(r))),
        Kind::Article => article::read(&mut f, doc).map(|a| Parsed::Article(std::sync::Arc::new(a))),
        Kind::Page => page::read(&mut f, doc).map(|p| Parsed::Page(Box::new(p))),
    };
    f.finish();
    let diagnostics = sink.into_inner();
    (if blocks(&diagnostics) { None } else { parsed }, diagnostics)
}

/// Paths the site itself generates; a page slug must not take one.
const RESERVED_SLUGS: [&str; 9] = ["team", "reviews", "articles", "tags", "assets", "og", "404", "static", "whitecoat"];

fn check_slugs(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let groups: [(&str, Vec<&Document>); 4] = [
        ("team", site.team.iter().map(|t| &t.doc).collect()),
        ("reviews", site.reviews.iter().map(|r| &r.doc).collect()),
        ("articles", site.articles.iter().map(|a| &a.doc).collect()),
        ("pages", site.pages.iter().map(|p| &p.doc).collect()),
    ];
    for (folder, docs) in groups {
        let mut seen: BTreeMap<&str, &Document> = BTreeMap::new();
        for doc in docs {
            if let Some(first) = seen.insert(&doc.slug, doc) {
                // Point at the document whose `slug` override causes the clash, when one does.
                let (doc, first) =
                    if doc.slug_span.is_none() && first.slug_span.is_some() { (first, doc) } else { (doc, first) };
                diagnostics.push(
                    Diagnostic::error(
                        "frontmatter/type",
                        format!("two documents in content/{folder}/ have the slug `{}`", doc.slug),
                    )
                    .at(
                        Span::new(&doc.file, doc.slug_span.clone().unwrap_or(0..0)),
                        format!("same slug as {}", first.file.path.display()),
                    )
                    .help("rename one of the files or give it a different `slug`"),
                );
            }
            if folder == "pages" && RESERVED_SLUGS.contains(&doc.slug.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        "frontmatter/type",
                        format!("the page slug `{}` is taken by a page whitecoat generates", doc.slug),
                    )
                    .at(Span::new(&doc.file, doc.slug_span.clone().unwrap_or(0..0)), "reserved slug")
                    .help("rename the file or set another `slug`"),
                );
            }
        }
    }
}

/// Aliases that two documents claim, or that are the address of a document, a generated section
/// or a static file, at the alias in the front matter. (Generated pages the model cannot name,
/// such as tag pages, are caught again when the redirects are written.)
fn check_aliases(
    site: &Site,
    statics: &std::collections::BTreeMap<String, std::path::PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for document in site.documents() {
        let doc = document.doc();
        if doc.kind != Kind::Review {
            pages.insert(crate::render::output_path(&doc.url()), doc.file.path.display().to_string());
        }
    }
    for section in RESERVED_SLUGS {
        pages.insert(format!("{section}/index.html"), "a page whitecoat generates".into());
    }
    for file in statics.keys() {
        pages.insert(file.clone(), format!("static/{file}"));
    }
    let mut claimed: BTreeMap<String, &Document> = BTreeMap::new();
    for document in site.documents() {
        let doc = document.doc();
        for alias in &doc.aliases {
            let file = document::alias_file(&alias.value);
            let span = Span::new(&doc.file, alias.span.clone());
            if let Some(owner) = pages.get(&file) {
                let owner = if *owner == doc.file.path.display().to_string() {
                    "this document".to_string()
                } else {
                    owner.clone()
                };
                diagnostics.push(
                    Diagnostic::error(
                        "frontmatter/alias",
                        format!("the alias `{}` is the address of {owner}", alias.value),
                    )
                    .at(span, "shadows a real page or file")
                    .help("a redirect there would hide that page: remove this alias, or move the page"),
                );
            } else if let Some(first) = claimed.get(&file) {
                diagnostics.push(
                    Diagnostic::error(
                        "frontmatter/alias",
                        format!("the alias `{}` is also an alias of {}", alias.value, first.file.path.display()),
                    )
                    .at(span, "claimed twice")
                    .help("an old address can redirect to one page only: keep it on one of the two documents"),
                );
            } else {
                claimed.insert(file, doc);
            }
        }
    }
}

/// The slugs `author`, `about` and `reviewer` may use: `profile`, the physician's own slug, team members.
pub fn clinician_slugs(site: &Site) -> BTreeSet<String> {
    let mut slugs: BTreeSet<String> = site.team.iter().map(|t| t.doc.slug.clone()).collect();
    slugs.insert("profile".into());
    slugs.insert(slug::slugify(&site.profile.name));
    slugs
}

/// The slug a document that failed to parse would have had: its valid `slug` override when the
/// front matter can still be read, else the one from its file name.
fn fallback_slug(raw: &RawDocument) -> String {
    let text = &raw.file.text;
    let overridden = frontmatter::split(text).ok().and_then(|split| {
        let root = match split.format {
            Format::Toml => tree::parse_toml(&text[split.front.clone()], split.front.start).ok()?,
            Format::Yaml => tree::parse_yaml(&raw.file, split.front).ok()?,
        };
        let tree::Value::Table(entries) = root.value else { return None };
        entries.into_iter().find(|e| e.key == "slug").and_then(|e| match e.node.value {
            tree::Value::Str(s) if slug::is_valid(&s) => Some(s),
            _ => None,
        })
    });
    overridden.unwrap_or_else(|| slug::slugify(&raw.stem))
}

/// Reports `author`, `about` and `reviewer` values that name no clinician. A name that belongs to
/// a team file whose front matter failed (`failed`, slug to file) is not reported again: the
/// finding in that file is the cause, and its help line counts the references waiting on it.
fn check_clinicians(site: &Site, failed: &BTreeMap<String, std::path::PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let known = clinician_slugs(site);
    let mut waiting: BTreeMap<&std::path::Path, Vec<String>> = BTreeMap::new();
    let mut found = Vec::new();
    let mut check = |doc: &Document, field: &str, value: &Sp<String>| {
        if known.contains(value.value.as_str()) {
            return;
        }
        if let Some(path) = failed.get(value.value.as_str()) {
            let line = doc.file.line_col(value.span.start).line;
            waiting.entry(path.as_path()).or_default().push(format!("{}:{line}", doc.file.path.display()));
            return;
        }
        let help = match did_you_mean(&value.value, known.iter().map(String::as_str)) {
            Some(s) => {
                format!("did you mean `{s}`? `{field}` takes the slug of the profile (`profile`) or of a team member")
            }
            None => format!("`{field}` takes one of: {}", known.iter().cloned().collect::<Vec<_>>().join(", ")),
        };
        found.push(
            Diagnostic::error(
                "frontmatter/clinician",
                format!("`{field}` names `{}`, who is not on this site", value.value),
            )
            .at(Span::new(&doc.file, value.span.clone()), "no profile or team member has this slug")
            .help(help),
        );
    };
    for article in &site.articles {
        if let Some(author) = &article.author {
            check(&article.doc, "author", author);
        }
        if let Some(reviewer) = article.medical_review.as_ref().and_then(|m| m.reviewer.as_ref()) {
            check(&article.doc, "reviewer", reviewer);
        }
    }
    for review in &site.reviews {
        if let Some(about) = &review.about {
            check(&review.doc, "about", about);
        }
    }
    diagnostics.extend(found);
    for (path, mut places) in waiting {
        places.sort();
        // The first error of the failed file names the cause; it also says what waits on it.
        let cause = diagnostics.iter_mut().find(|d| {
            d.severity == crate::diagnostics::Severity::Error && d.span.as_ref().is_some_and(|s| s.file.path == path)
        });
        if let Some(cause) = cause {
            let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
            let more = if places.len() > 3 { format!(" and {} more", places.len() - 3) } else { String::new() };
            let note = format!(
                "until this is fixed, this person is left off the site; {} reference{} to them wait{} on it ({}{more})",
                places.len(),
                if places.len() == 1 { "" } else { "s" },
                if places.len() == 1 { "s" } else { "" },
                shown.join(", "),
            );
            cause.help = Some(match cause.help.take() {
                Some(help) => format!("{help}\n{note}").into(),
                None => note.into(),
            });
        }
    }
}

fn check_npis(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let people =
        std::iter::once((&site.profile.doc, &site.profile.npi)).chain(site.team.iter().map(|t| (&t.doc, &t.npi)));
    for (doc, npi) in people {
        if let Some(npi) = npi
            && !npi::is_valid(&npi.value)
        {
            diagnostics.push(
                Diagnostic::error("frontmatter/npi", format!("`{}` is not a valid NPI", npi.value))
                    .at(Span::new(&doc.file, npi.span.clone()), "wrong length or check digit")
                    .help("an NPI is 10 digits with a Luhn check digit; copy it from the NPPES registry (npiregistry.cms.hhs.gov)"),
            );
        }
    }
}

impl Site {
    /// Where each content file and page is published, for links between documents.
    pub fn links(&self) -> &crate::check::links::Links {
        self.links.get_or_init(|| crate::check::links::Links::of(self))
    }

    /// Every document of the site by kind, in a stable order: profile, team, reviews, articles, pages.
    pub fn documents(&self) -> impl Iterator<Item = SiteDocument<'_>> {
        std::iter::once(SiteDocument::Profile(&self.profile))
            .chain(self.team.iter().map(SiteDocument::Member))
            .chain(self.reviews.iter().map(SiteDocument::Review))
            .chain(self.articles.iter().map(|a| SiteDocument::Article(a)))
            .chain(self.pages.iter().map(SiteDocument::Page))
    }

    /// Finds a clinician by slug: the profile or a team member.
    pub fn clinician(&self, slug: &str) -> Option<Clinician<'_>> {
        if slug == "profile" || slug == slug::slugify(&self.profile.name) {
            return Some(Clinician::Profile(&self.profile));
        }
        self.team.iter().find(|t| t.doc.slug == slug).map(Clinician::Team)
    }
}

/// One document of the site, by kind.
#[derive(Debug, Clone, Copy)]
pub enum SiteDocument<'a> {
    /// The physician profile.
    Profile(&'a Profile),
    /// A team member.
    Member(&'a TeamMember),
    /// A patient review.
    Review(&'a Review),
    /// An article.
    Article(&'a Article),
    /// A plain page.
    Page(&'a Page),
}

impl<'a> SiteDocument<'a> {
    /// The shared document (file, body, common front matter).
    pub fn doc(&self) -> &'a Document {
        match self {
            Self::Profile(p) => &p.doc,
            Self::Member(m) => &m.doc,
            Self::Review(r) => &r.doc,
            Self::Article(a) => &a.doc,
            Self::Page(p) => &p.doc,
        }
    }
}

/// A clinician reference resolved to the profile or a team member.
#[derive(Debug, Clone, Copy)]
pub enum Clinician<'a> {
    /// The physician of the profile.
    Profile(&'a Profile),
    /// A team member.
    Team(&'a TeamMember),
}
