//! Scaffolding: `whitecoat init` (a complete starter site) and `whitecoat new` (one document with
//! the right front matter for its kind). Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::cli::NewKind;
use crate::fsx::{self, FsError};
use crate::model::slug::slugify;

/// The starter site written by `init`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

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
    written.sort();
    Ok(written)
}

fn write_dir(source: &Dir<'static>, target: &Path, written: &mut Vec<PathBuf>) -> Result<(), ScaffoldError> {
    for file in source.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            fsx::create_dir_all(parent)?;
        }
        fsx::write_new(&path, file.contents())?;
        written.push(path);
    }
    for sub in source.dirs() {
        write_dir(sub, target, written)?;
    }
    Ok(())
}

/// Creates a document of `kind` titled `title` in the site; returns its path.
pub fn new(site: &Path, kind: NewKind, title: &str, today: jiff::civil::Date) -> Result<PathBuf, ScaffoldError> {
    if !site.join("site.toml").is_file() {
        return Err(ScaffoldError::NotASite(site.to_path_buf()));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title.to_string()));
    }
    let folder = match kind {
        NewKind::Article => "articles",
        NewKind::Review => "reviews",
        NewKind::Team => "team",
        NewKind::Page => "pages",
    };
    let dir = site.join("content").join(folder);
    fsx::create_dir_all(&dir)?;
    let path = dir.join(format!("{slug}.md"));
    let text = front_matter(kind, title, today);
    match fsx::write_new(&path, text.as_bytes()) {
        Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => Err(ScaffoldError::Exists(path)),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(path),
    }
}

/// TOML string literal for a title (quotes and backslashes escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn front_matter(kind: NewKind, title: &str, today: jiff::civil::Date) -> String {
    let t = quoted(title);
    match kind {
        NewKind::Article => format!(
            "+++\ntitle = {t}\ndescription = \"\"  # one or two sentences, under 160 characters\ndate = {today}\ntags = []\nauthor = \"profile\"\ndraft = true  # remove when ready to publish\n\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = {today}\n\n# Cite your sources, one block each:\n# [[references]]\n# title = \"…\"\n# url = \"https://…\"\n# publisher = \"…\"\n# year = {}\n+++\n\nWrite the article here.\n",
            today.year()
        ),
        NewKind::Review => format!(
            "+++\n# A patient review. It stays a draft until the patient's signed marketing authorization is recorded below.\nauthor = {t}  # initials, or first name and last initial\nrating = 5\ndate = {today}\nsource = \"direct\"\nabout = \"profile\"\nrelationship = \"patient\"\nincentive = \"none\"\ndraft = true\n\n[authorization]\nid = \"\"\nsigned_on = {today}\nexpires_on = {}\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nThe review text, exactly as the patient approved it.\n",
            today.saturating_add(jiff::Span::new().years(2))
        ),
        NewKind::Team => format!(
            "+++\nname = {t}\ncredentials = []\nrole = \"staff\"  # physician | nurse_practitioner | physician_assistant | nurse | staff\njob_title = \"\"\nlanguages = [\"English\"]\nweight = 10\n+++\n\nA short bio.\n"
        ),
        NewKind::Page => {
            format!("+++\ntitle = {t}\ndescription = \"\"\nweight = 10\nmenu = false\n+++\n\nPage text.\n")
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
