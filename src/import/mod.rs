//! `whitecoat import wordpress`: a WordPress export (WXR) into an existing site. Posts become
//! articles, pages pages, testimonials reviews; old permalinks become `aliases`; categories and
//! tags become `tags`; uploads the bodies use are copied into `assets/wordpress/`. Facts only a
//! person can supply (an article's medical reviewer, a review's authorization) start as the
//! placeholders `whitecoat new` writes, so `check` lists them. Nothing is ever overwritten.

pub mod html;
pub mod wxr;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fsx::{self, FsError};
use crate::model::document::alias_file;
use crate::model::placeholder;
use crate::model::slug::slugify;

/// The folder under `assets/` imported uploads go to.
pub const ASSETS_DIR: &str = "wordpress";

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The WXR file (Tools > Export in WordPress).
    pub export: PathBuf,
    /// The site to import into (has `site.toml`).
    pub site: PathBuf,
    /// The `wp-content/uploads` folder copied from the old server.
    pub uploads: Option<PathBuf>,
}

/// Why an import could not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The site folder has no `site.toml`.
    #[error("{0} has no site.toml; run `whitecoat init` first or pass --site")]
    NotASite(PathBuf),
    /// The export is not WXR.
    #[error("{path}: {source}")]
    Export {
        /// The export file.
        path: PathBuf,
        /// What was wrong.
        source: wxr::WxrError,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// What an import did, for its summary.
#[derive(Debug, Default)]
pub struct Imported {
    /// Files written, by kind (`articles`, `pages`, `reviews`), site-relative.
    pub written: BTreeMap<&'static str, Vec<String>>,
    /// Files that took another name because the natural one existed (`wanted`, `written`).
    pub renamed: Vec<(String, String)>,
    /// Items not imported, by reason, with their titles.
    pub skipped: BTreeMap<String, Vec<String>>,
    /// Shortcodes dropped, with the files they were in.
    pub dropped: BTreeMap<String, Vec<String>>,
    /// Uploads copied into `assets/`.
    pub copied: Vec<String>,
    /// Uploads the bodies use that were not found (no `--uploads`, or not in it).
    pub missing: Vec<String>,
}

impl Imported {
    /// The summary printed after an import.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (kind, files) in &self.written {
            out.push_str(&format!("imported {} {kind}: {}\n", files.len(), files.join(", ")));
        }
        for (wanted, written) in &self.renamed {
            out.push_str(&format!("  {wanted} exists, so this one is {written}\n"));
        }
        out.push_str(&format!("copied {} images into assets/{ASSETS_DIR}/\n", self.copied.len()));
        if !self.missing.is_empty() {
            out.push_str(&format!(
                "  not found ({}; pass --uploads with the old site's wp-content/uploads folder): {}\n",
                self.missing.len(),
                self.missing.join(", ")
            ));
        }
        for (reason, titles) in &self.skipped {
            out.push_str(&format!("skipped {} {reason}: {}\n", titles.len(), titles.join(", ")));
        }
        for (name, files) in &self.dropped {
            out.push_str(&format!(
                "dropped the [{name}] shortcode (no whitecoat equivalent) in {}\n",
                files.join(", ")
            ));
        }
        if let Some(reviews) = self.written.get("reviews") {
            out.push_str(&format!(
                "the {} imported testimonials are reviews without a patient authorization: `check` fails until each has its signed authorization's id and dates (or is deleted)\n",
                reviews.len()
            ));
        }
        out
    }
}

/// Imports the export into the site.
pub fn wordpress(options: &ImportOptions) -> Result<Imported, ImportError> {
    if !options.site.join("site.toml").is_file() {
        return Err(ImportError::NotASite(options.site.clone()));
    }
    let text = fsx::read_to_string(&options.export)?;
    let export = wxr::parse(&text).map_err(|source| ImportError::Export { path: options.export.clone(), source })?;
    let attachments: BTreeMap<String, html::Attachment> = export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment" && !i.attachment_url.is_empty())
        .map(|i| (i.id.clone(), html::Attachment { url: i.attachment_url.clone(), alt: attachment_alt(i) }))
        .collect();
    let mut on_site = OnSite::read(&options.site);
    let mut imported = Imported::default();
    let mut uploads = Vec::new();
    for item in &export.items {
        let kind = match (item.post_type.as_str(), item.status.as_str()) {
            ("attachment", _) => Err("attachments (their files are copied when a post shows them)".to_string()),
            ("nav_menu_item", _) => Err("menu items (pages with menu = true make the menu)".to_string()),
            ("post" | "page", "publish") => Ok(item.post_type.as_str()),
            (t, "publish") if t.contains("testimonial") => Ok("testimonial"),
            ("post" | "page", status) => Err(format!("{status} items (never published)")),
            (t, status) if t.contains("testimonial") => Err(format!("{status} items (never published)")),
            (t, _) => Err(format!("`{t}` items (a plugin's type whitecoat has no kind for)")),
        };
        let kind = match kind {
            Ok(kind) => kind,
            Err(reason) => {
                imported.skipped.entry(reason).or_default().push(shown_title(item));
                continue;
            }
        };
        let converted = html::convert(&item.content, &attachments, ASSETS_DIR);
        // Already on the site (imported before, or a page of the site at the old address): an
        // import run twice, or into a site that has the page, adds nothing.
        let old = (kind != "testimonial").then(|| old_path(&item.link)).flatten();
        let here = match &old {
            Some(old) => on_site.addresses.get(&alias_file(old)).map(|file| format!("{old} is {file}")),
            None if kind == "testimonial" => {
                on_site.reviews.get(&same_text(&converted.markdown)).map(|f| format!("the same text is {f}"))
            }
            None => None,
        };
        if let Some(here) = here {
            let reason = "items already on the site (imported before, or the site has a page at the old address)";
            imported.skipped.entry(reason.to_string()).or_default().push(format!("{} ({here})", shown_title(item)));
            continue;
        }
        let (folder, stem) = match kind {
            "post" => ("articles", item_slug(item)),
            "page" => ("pages", item_slug(item)),
            _ => ("reviews", next_review(&options.site.join("content/reviews"))),
        };
        let (path, relative) = free_path(&options.site, folder, &stem, &mut imported);
        let url = match folder {
            "articles" => format!("/articles/{}/", file_stem(&path)),
            "pages" => format!("/{}/", file_stem(&path)),
            _ => String::new(),
        };
        let alias = old.filter(|a| *a != url);
        let document = match folder {
            "articles" => article(item, alias.as_deref(), &converted.markdown),
            "pages" => page(item, alias.as_deref(), &converted.markdown),
            _ => review(item, &converted.markdown),
        };
        fsx::create_dir_all(path.parent().unwrap_or(&options.site))?;
        fsx::write_new(&path, document.as_bytes())?;
        for address in alias.iter().chain((folder != "reviews").then_some(&url)) {
            on_site.addresses.insert(alias_file(address), relative.clone());
        }
        if folder == "reviews" {
            on_site.reviews.insert(same_text(&converted.markdown), relative.clone());
        }
        for name in &converted.dropped {
            imported.dropped.entry(name.clone()).or_default().push(relative.clone());
        }
        imported.written.entry(folder).or_default().push(relative);
        uploads.extend(converted.uploads);
    }
    uploads.sort();
    uploads.dedup();
    for url in uploads {
        copy_upload(&url, options, &mut imported)?;
    }
    Ok(imported)
}

/// How the summary names an item: its title, but a testimonial by its number (its title is often
/// the patient's name, which the import never writes anywhere).
fn shown_title(item: &wxr::Item) -> String {
    if item.post_type.contains("testimonial") {
        format!("testimonial #{}", item.id)
    } else if item.title.is_empty() {
        format!("#{}", item.id)
    } else {
        item.title.clone()
    }
}

/// What describes an attachment's image: its alt text, else its caption, else its title unless
/// that is only the file's name (WordPress titles an upload after its file: `IMG_2041`).
fn attachment_alt(item: &wxr::Item) -> String {
    let caption = html::plain_text(&item.excerpt);
    let stem = item.attachment_url.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("");
    let words = |s: &str| s.to_lowercase().replace(['-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let camera =
        regex::Regex::new(r"(?i)^(img|dsc|dscn|dcim|pxl|photo|image|screenshot)[ _-]?\d").expect("a valid pattern");
    let title = (!item.title.is_empty() && words(&item.title) != words(stem) && !camera.is_match(&item.title))
        .then(|| item.title.clone());
    [item.image_alt.clone(), caption].into_iter().find(|a| !a.is_empty()).or(title).unwrap_or_default()
}

/// What the site already has: the output file of every address a document takes (its own URL
/// and its aliases), and the text of every review, each with its file.
#[derive(Debug, Default)]
struct OnSite {
    addresses: BTreeMap<String, String>,
    reviews: BTreeMap<String, String>,
}

impl OnSite {
    /// Reads `content/` lightly: file names, and `slug` and `aliases` of TOML front matter (a
    /// file the import did not write may be YAML; its own address is still known from its name).
    fn read(site: &Path) -> Self {
        let mut on_site = Self::default();
        for (folder, url) in [("articles", "/articles/"), ("pages", "/"), ("team", "/team/"), ("reviews", "")] {
            let Ok(entries) = std::fs::read_dir(site.join("content").join(folder)) else { continue };
            let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let relative = format!("content/{folder}/{}", path.file_name().unwrap_or_default().to_string_lossy());
                let split = crate::load::frontmatter::split(&text).ok();
                let body = split.as_ref().map_or(text.as_str(), |s| &text[s.body.clone()]);
                if folder == "reviews" {
                    on_site.reviews.insert(same_text(body), relative);
                    continue;
                }
                let front: toml::Table = split
                    .filter(|s| s.format == crate::load::frontmatter::Format::Toml)
                    .and_then(|s| toml::from_str(&text[s.front]).ok())
                    .unwrap_or_default();
                let slug = front.get("slug").and_then(|s| s.as_str()).map_or_else(|| file_stem(&path), str::to_string);
                on_site.addresses.insert(alias_file(&format!("{url}{slug}/")), relative.clone());
                for alias in front.get("aliases").and_then(|a| a.as_array()).into_iter().flatten() {
                    if let Some(alias) = alias.as_str() {
                        on_site.addresses.insert(alias_file(alias), relative.clone());
                    }
                }
            }
        }
        on_site
    }
}

/// A body's words, for recognizing a testimonial imported before.
fn same_text(markdown: &str) -> String {
    markdown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A slug from the item's `post_name` (percent-decoded: WordPress stores non-ASCII slugs encoded)
/// or its title, folded to ASCII.
fn item_slug(item: &wxr::Item) -> String {
    let decoded = percent_encoding::percent_decode_str(&item.slug).decode_utf8_lossy();
    let slug = slugify(&decoded);
    let slug = if slug.is_empty() { slugify(&item.title) } else { slug };
    if slug.is_empty() { format!("wordpress-{}", slugify(&item.id)) } else { slug }
}

/// The next free `review-NNNN` (reviews are never named after the patient).
fn next_review(dir: &Path) -> String {
    let taken = |n: usize| dir.join(format!("review-{n:04}.md")).exists();
    format!("review-{:04}", (1..).find(|n| !taken(*n)).unwrap_or(1))
}

/// `content/FOLDER/STEM.md`, or `STEM-2.md`, … when that exists (noted in the summary).
fn free_path(site: &Path, folder: &str, stem: &str, imported: &mut Imported) -> (PathBuf, String) {
    let dir = site.join("content").join(folder);
    let wanted = format!("content/{folder}/{stem}.md");
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{stem}.md") } else { format!("{stem}-{n}.md") };
        let path = dir.join(&name);
        if !path.exists() {
            let relative = format!("content/{folder}/{name}");
            if n > 1 {
                imported.renamed.push((wanted, relative.clone()));
            }
            return (path, relative);
        }
        n += 1;
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The path of an old permalink, if it is one a redirect can keep (not the home page, not `?p=`).
fn old_path(link: &str) -> Option<String> {
    let url = url::Url::parse(link).ok()?;
    let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy().into_owned();
    (path != "/" && url.query().is_none() && crate::model::document::alias_problem(&path).is_none()).then_some(path)
}

/// TOML string literal.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn date(item: &wxr::Item) -> Option<String> {
    let day = item.date.get(..10)?;
    day.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

/// The excerpt as plain text, for `description`.
fn description(item: &wxr::Item) -> Option<String> {
    let text = htmd::convert(&item.excerpt).ok()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn aliases_line(alias: Option<&str>) -> String {
    alias.map_or_else(String::new, |a| format!("aliases = [{}]  # the old address, redirected here\n", quoted(a)))
}

fn article(item: &wxr::Item, alias: Option<&str>, body: &str) -> String {
    let (todo, placeholder_date) = (placeholder::VALUE, placeholder::DATE);
    let tags: Vec<String> = item.terms.iter().map(|t| quoted(t)).collect();
    let mut out = format!("+++\ntitle = {}\n", quoted(&item.title));
    if let Some(d) = description(item) {
        out.push_str(&format!("description = {}\n", quoted(&d)));
    }
    if let Some(d) = date(item) {
        out.push_str(&format!("date = {d}\n"));
    }
    out.push_str(&format!("tags = [{}]\nauthor = \"profile\"\n", tags.join(", ")));
    out.push_str(&aliases_line(alias));
    out.push_str(&format!(
        "\n# Filled in by the clinician who checks the article for accuracy; `check` fails until then.\n[medical_review]\nreviewer = \"{todo}\"  # `profile` or a team member's file name\nlast_reviewed = \"{placeholder_date}\"\n+++\n\n{body}"
    ));
    out
}

fn page(item: &wxr::Item, alias: Option<&str>, body: &str) -> String {
    let mut out = format!("+++\ntitle = {}\n", quoted(&item.title));
    if let Some(d) = description(item) {
        out.push_str(&format!("description = {}\n", quoted(&d)));
    }
    out.push_str(&aliases_line(alias));
    out.push_str(&format!("+++\n\n{body}"));
    out
}

/// A testimonial as a review: the text kept, every authorization fact a placeholder, the
/// testimonial's title (often the patient's name) left out.
fn review(item: &wxr::Item, body: &str) -> String {
    let (todo, placeholder_date) = (placeholder::VALUE, placeholder::DATE);
    let written = date(item).map_or_else(|| format!("\"{placeholder_date}\""), |d| d.to_string());
    format!(
        "+++\n# Imported from a WordPress testimonial. Publishing it needs the patient's signed marketing\n# authorization: copy its facts here; `whitecoat check` fails until no TODO or YYYY-MM-DD is left.\nauthor = \"{todo}\"  # as the authorization permits: initials (\"J.D.\") or first name and last initial\nrating = 5  # as the patient gave it; remove if they gave none\ndate = {written}\nsource = \"direct\"\nabout = \"profile\"\nrelationship = \"patient\"\nincentive = \"none\"\n\n[authorization]\nid = \"{todo}\"\nsigned_on = \"{placeholder_date}\"\nexpires_on = \"{placeholder_date}\"  # the expiry written on the form\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\n{body}"
    )
}

/// Copies one upload from `--uploads` into `assets/wordpress/`, never over an existing file.
fn copy_upload(url: &str, options: &ImportOptions, imported: &mut Imported) -> Result<(), ImportError> {
    let Some((_, relative)) = url.split_once("/wp-content/uploads/") else { return Ok(()) };
    let relative = percent_encoding::percent_decode_str(relative).decode_utf8_lossy().into_owned();
    // Only plain relative paths: an export must not make the import read or write outside its folders.
    if relative.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        imported.missing.push(relative);
        return Ok(());
    }
    let source = options.uploads.as_ref().map(|dir| dir.join(&relative));
    let Some(source) = source.filter(|s| s.is_file()) else {
        imported.missing.push(relative);
        return Ok(());
    };
    let target = options.site.join("assets").join(ASSETS_DIR).join(&relative);
    if !target.exists() {
        fsx::create_dir_all(target.parent().unwrap_or(&options.site))?;
        fsx::write_new(&target, &fsx::read(&source)?)?;
    }
    imported.copied.push(format!("assets/{ASSETS_DIR}/{relative}"));
    Ok(())
}
