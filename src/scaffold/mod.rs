//! Scaffolding: `whitecoat init` (a complete starter site) and `whitecoat new` (one document with
//! the right front matter for its kind). Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::cli::NewKind;
use crate::fsx::{self, FsError};
use crate::model::placeholder;
use crate::model::slug::slugify;

pub mod notices;

/// The starter site written by `init`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// The notices `init` writes: what the starter's `[compliance.practice]` facts require (a covered
/// entity taking Medicare and self-pay patients) and an accessibility statement.
const STARTER_NOTICES: [&str; 5] =
    ["privacy", "nondiscrimination", "language_assistance", "good_faith_estimate", "accessibility"];

/// Why scaffolding refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `init` into a folder that has files.
    #[error("{0} is not empty; choose a new folder: whitecoat init my-site")]
    NotEmpty(PathBuf),
    /// `new` would overwrite a file.
    #[error("{0} already exists; choose another title or edit that file")]
    Exists(PathBuf),
    /// `new` outside a site.
    #[error("{0} has no site.toml; run `whitecoat new` inside a site or pass --site")]
    NotASite(PathBuf),
    /// The title gives no usable file name.
    #[error("\"{0}\" gives an empty file name; use a title with letters or digits")]
    EmptySlug(String),
    /// A kind that needs a title got none.
    #[error("`whitecoat new {0}` needs a title: whitecoat new {0} \"…\"")]
    NoTitle(&'static str),
    /// A review was given a title (it would name the file, and the page's anchors, after the patient).
    #[error(
        "a review takes no title: its file name and anchors would carry the patient's name; run `whitecoat new review` (named review-0001.md, …) or `whitecoat new review --authorization AUTH-ID`"
    )]
    ReviewTitle,
    /// `new notice` without a known notice kind.
    #[error("`whitecoat new notice` needs one of: {kinds}; got `{0}`", kinds = notices::kinds_for_help())]
    NoticeKind(String),
    /// An I/O failure.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// Writes the starter site into `dir`; returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| FsError::new("listing", dir, e))?.next().is_some() {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    write_dir(&STARTER, dir, &mut written)?;
    // The notices the starter's practice facts call for, plus the accessibility statement.
    let contact = notices::Contact::of_site(dir);
    for kind in STARTER_NOTICES {
        let path = dir.join("content/pages").join(format!("{}.md", notices::file_stem(kind)));
        fsx::write_new(&path, notices::page(kind, &contact).as_bytes())?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

fn write_dir(source: &Dir<'static>, target: &Path, written: &mut Vec<PathBuf>) -> Result<(), ScaffoldError> {
    for file in source.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            fsx::create_dir_all(parent)?;
        }
        fsx::write_new(&path, &with_version(file.contents()))?;
        written.push(path);
    }
    for sub in source.dirs() {
        write_dir(sub, target, written)?;
    }
    Ok(())
}

/// The deploy files the starter writes (`.github/workflows/site.yml`, `netlify.toml`) pin the
/// whitecoat release that wrote them: `__WHITECOAT_VERSION__` becomes this version.
fn with_version(contents: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    const TOKEN: &str = "__WHITECOAT_VERSION__";
    match std::str::from_utf8(contents) {
        Ok(text) if text.contains(TOKEN) => text.replace(TOKEN, env!("CARGO_PKG_VERSION")).into_bytes().into(),
        _ => contents.into(),
    }
}

/// What `whitecoat new` is asked to create.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// The kind.
    pub kind: NewKind,
    /// The title (a team member's name); reviews take none.
    pub title: Option<&'a str>,
    /// A review's authorization id, which names its file.
    pub authorization: Option<&'a str>,
}

/// Creates a document in the site; returns its path.
pub fn new(site: &Path, request: &NewDocument<'_>, today: jiff::civil::Date) -> Result<PathBuf, ScaffoldError> {
    if !site.join("site.toml").is_file() {
        return Err(ScaffoldError::NotASite(site.to_path_buf()));
    }
    let folder = match request.kind {
        NewKind::Article => "articles",
        NewKind::Review => "reviews",
        NewKind::Team => "team",
        NewKind::Page | NewKind::Notice => "pages",
    };
    let dir = site.join("content").join(folder);
    let (slug, title) = match (request.kind, request.title) {
        (NewKind::Notice, word) => {
            let word = word.unwrap_or_default();
            let kind = notices::kind(word).ok_or_else(|| ScaffoldError::NoticeKind(word.to_string()))?;
            (notices::file_stem(kind), kind.to_string())
        }
        (NewKind::Review, Some(_)) => return Err(ScaffoldError::ReviewTitle),
        (NewKind::Review, None) => (review_slug(&dir, request.authorization)?, String::new()),
        (_, Some(title)) => (slugify(title), title.to_string()),
        (kind, None) => return Err(ScaffoldError::NoTitle(kind_name(kind))),
    };
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title));
    }
    fsx::create_dir_all(&dir)?;
    let path = dir.join(format!("{slug}.md"));
    let text = match request.kind {
        NewKind::Notice => notices::page(&title, &notices::Contact::of_site(site)),
        kind => front_matter(kind, &title, request.authorization, today),
    };
    match fsx::write_new(&path, text.as_bytes()) {
        Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => Err(ScaffoldError::Exists(path)),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(path),
    }
}

fn kind_name(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Article => "article",
        NewKind::Review => "review",
        NewKind::Team => "team",
        NewKind::Page => "page",
        NewKind::Notice => "notice",
    }
}

/// A review's file name: its authorization id, or the next free `review-NNNN`.
fn review_slug(dir: &Path, authorization: Option<&str>) -> Result<String, ScaffoldError> {
    if let Some(id) = authorization {
        return Ok(slugify(id));
    }
    let taken = |n: usize| dir.join(format!("review-{n:04}.md")).exists();
    Ok(format!("review-{:04}", (1..).find(|n| !taken(*n)).unwrap_or(1)))
}

/// TOML string literal for a title (quotes and backslashes escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn front_matter(kind: NewKind, title: &str, authorization: Option<&str>, today: jiff::civil::Date) -> String {
    let t = quoted(title);
    let (todo, date) = (placeholder::VALUE, placeholder::DATE);
    match kind {
        NewKind::Article => format!(
            "+++\ntitle = {t}\ndescription = \"\"  # one or two sentences, under 160 characters\ndate = {today}\ntags = []\nauthor = \"profile\"\ndraft = true  # remove when ready to publish\n\n# Filled in by the clinician who checks the article for accuracy; `check` fails until then.\n[medical_review]\nreviewer = \"{todo}\"  # `profile` or a team member's file name\nlast_reviewed = \"{date}\"\n\n# Cite your sources, one block each:\n# [[references]]\n# title = \"…\"\n# url = \"https://…\"\n# publisher = \"…\"\n# year = {}\n+++\n\n{todo}: write the article here.\n",
            today.year()
        ),
        NewKind::Review => {
            let id = authorization.map_or_else(|| quoted(todo), quoted);
            format!(
                "+++\n# A patient review. Copy every fact from the patient's signed marketing authorization;\n# `whitecoat check` fails until no TODO or YYYY-MM-DD is left. Never name the patient in this\n# file's name.\nauthor = \"{todo}\"  # as the authorization permits: initials (\"J.D.\") or first name and last initial\n# rating = 5  # 1 to 5, as the patient gave it\ndate = \"{date}\"  # when the patient wrote it\nsource = \"direct\"\nabout = \"profile\"\nrelationship = \"patient\"\nincentive = \"none\"\ndraft = true\n\n[authorization]\nid = {id}\nsigned_on = \"{date}\"\nexpires_on = \"{date}\"  # the expiry written on the form\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\n{todo}: the review text, exactly as the patient approved it.\n"
            )
        }
        NewKind::Team => format!(
            "+++\nname = {t}\ncredentials = []\nrole = \"staff\"  # physician | nurse_practitioner | physician_assistant | nurse | staff\njob_title = \"\"\nlanguages = [\"English\"]\nweight = 10\n+++\n\n{todo}: a short bio.\n"
        ),
        NewKind::Page | NewKind::Notice => {
            format!("+++\ntitle = {t}\ndescription = \"\"\nweight = 10\nmenu = false\n+++\n\n{todo}: the page text.\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_titles_safely() {
        for title in ["Say \"hi\"", "It's a back\\slash", "Heart & Vascular: What's New?"] {
            let table: toml::Table = toml::from_str(&format!("t = {}", quoted(title))).unwrap();
            assert_eq!(table["t"].as_str(), Some(title));
        }
    }
}
