//! What every document carries, whatever its kind: title, dates, slug, share image, suppressions.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::fields::Fields;
use crate::model::slug;
use crate::model::values::{Date, Sp};
use crate::source::SourceFile;

/// The five content kinds, by the folder they live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/profile.md`, the home page.
    Profile,
    /// `content/team/*.md`.
    Team,
    /// `content/reviews/*.md`.
    Review,
    /// `content/articles/*.md`.
    Article,
    /// `content/pages/*.md`.
    Page,
}

impl Kind {
    /// The word used in messages and disclaimer keys.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::Team => "team",
            Kind::Review => "review",
            Kind::Article => "article",
            Kind::Page => "page",
        }
    }
}

/// A suppression of one rule for one document, with the reason it is acceptable.
#[derive(Debug, Clone, PartialEq)]
pub struct Allow {
    /// The rule id suppressed.
    pub rule: Sp<String>,
    /// Why (required).
    pub reason: String,
}

/// The fields every kind shares, plus where the document came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file, for spans.
    pub file: Arc<SourceFile>,
    /// Which kind it is.
    pub kind: Kind,
    /// URL slug.
    pub slug: String,
    /// Where `slug` is set in the front matter, when it is (else the slug comes from the file name).
    pub slug_span: Option<std::ops::Range<usize>>,
    /// Title (for kinds where it is optional, derived by the kind).
    pub title: Option<Sp<String>>,
    /// Meta description.
    pub description: Option<Sp<String>>,
    /// Whether it is a draft.
    pub draft: bool,
    /// Publication date.
    pub date: Option<Sp<Date>>,
    /// Last update.
    pub updated: Option<Sp<Date>>,
    /// Share image override (site-relative path under `assets/`).
    pub image: Option<Sp<String>>,
    /// Alt text of the share image override.
    pub image_alt: Option<String>,
    /// Keep out of search engines and the sitemap.
    pub noindex: bool,
    /// Rule suppressions.
    pub allow: Vec<Allow>,
    /// Earlier addresses of this document (site paths, validated), redirected to it.
    pub aliases: Vec<Sp<String>>,
    /// Free-form data for templates.
    pub extra: serde_json::Value,
    /// Byte range of the Markdown body in the file.
    pub body: Range<usize>,
    /// Images the body shows, found once per parse (every build asks, for checks and assets).
    body_images: std::sync::OnceLock<Vec<crate::markdown::ImageRef>>,
}

impl Document {
    /// The Markdown body.
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }

    /// The images the Markdown body shows, in order.
    pub fn body_images(&self) -> &[crate::markdown::ImageRef] {
        self.body_images.get_or_init(|| crate::markdown::images(self.body_text()))
    }

    /// The site-relative URL the document is published at (a review's is its anchor on the
    /// reviews page), the target of its `aliases`.
    pub fn url(&self) -> String {
        match self.kind {
            Kind::Profile => "/".to_string(),
            Kind::Team => format!("/team/{}/", self.slug),
            Kind::Review => format!("/reviews/#review-{}", self.slug),
            Kind::Article => format!("/articles/{}/", self.slug),
            Kind::Page => format!("/{}/", self.slug),
        }
    }

    /// The title, or `fallback` for kinds where it is optional.
    pub fn title_or(&self, fallback: &str) -> String {
        self.title.as_ref().map_or_else(|| fallback.to_string(), |t| t.value.clone())
    }
}

/// Reads the shared fields; `stem` is the file name without extension.
pub fn read_common(f: &mut Fields<'_>, kind: Kind, stem: &str, body: Range<usize>, title_required: bool) -> Document {
    let title = if title_required { f.req_str("title") } else { f.str("title") };
    let description = f.str("description");
    let slug_field = f.str("slug");
    let slug_span = slug_field.as_ref().map(|s| s.span.clone());
    let slug = match slug_field {
        Some(s) if slug::is_valid(&s) => s.value,
        Some(s) => {
            f.report(
                Diagnostic::error(
                    "frontmatter/type",
                    format!("`slug` must be lower-case letters, digits and single hyphens: `{}`", s.value),
                )
                .at(f.span(s.span.clone()), "not a valid slug")
                .help(format!("write slug = \"{}\"", slug::slugify(&s.value))),
            );
            slug::slugify(stem)
        }
        None => slug::slugify(stem),
    };
    let draft = f.bool("draft").unwrap_or(false);
    let date = f.date("date");
    let updated = f.date("updated");
    let image = f.str("image");
    let image_alt = f.str("image_alt").map(|s| s.value);
    let noindex = f.bool("noindex").unwrap_or(false);
    let allow = f.table_list("allow").into_iter().filter_map(read_allow).collect();
    let aliases = read_aliases(f);
    let extra = f.free_form("extra").unwrap_or(serde_json::Value::Null);
    Document {
        file: Arc::clone(f.file()),
        kind,
        slug,
        slug_span,
        title,
        description,
        draft,
        date,
        updated,
        image,
        image_alt,
        noindex,
        allow,
        aliases,
        extra,
        body,
        body_images: std::sync::OnceLock::new(),
    }
}

/// Reads `aliases`, reporting (and dropping) each entry that is not a site path.
fn read_aliases(f: &mut Fields<'_>) -> Vec<Sp<String>> {
    let aliases = f.str_list("aliases");
    aliases
        .into_iter()
        .filter(|alias| match alias_problem(&alias.value) {
            None => true,
            Some((problem, help)) => {
                f.report(
                    Diagnostic::error("frontmatter/alias", format!("the alias `{}` {problem}", alias.value))
                        .at(f.span(alias.span.clone()), "not a path on this site")
                        .help(help),
                );
                false
            }
        })
        .collect()
}

/// What is wrong with an alias, and how to write it, if it is not a path on this site
/// (`/old-page/`, `/old.html`): the redirect must never lead off the site or outside its folder.
pub fn alias_problem(alias: &str) -> Option<(&'static str, String)> {
    let path_only = || {
        url::Url::parse(alias).ok().map_or_else(
            || "write the path only, starting with `/`, e.g. aliases = [\"/old-page/\"]".to_string(),
            |u| format!("write the path only: aliases = [\"{}\"]", u.path()),
        )
    };
    if alias.contains("://") || alias.starts_with("//") {
        return Some(("is a full address, not a path on this site", path_only()));
    }
    if !alias.starts_with('/') {
        return Some(("does not start with `/`", format!("write it from the site's root: aliases = [\"/{alias}\"]")));
    }
    if alias.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '?' | '#' | '"' | '*' | ':')) {
        return Some((
            "contains a space, `\\`, `?`, `#`, `*`, `:` or a quote",
            "an alias is the path of the old address without its query or fragment, e.g. \"/old-page/\"".to_string(),
        ));
    }
    if alias.split('/').any(|segment| segment == ".." || segment == ".") || alias.contains("//") {
        return Some((
            "has `.`, `..` or an empty segment",
            "write the old address as a plain path, e.g. \"/old-page/\"".to_string(),
        ));
    }
    // Hosts decode request paths, and so does `alias_file`: `%2e%2e` is `..` and `%2f` a `/` once
    // decoded, and the decoded path is the file written.
    let decoded = percent_encoding::percent_decode_str(alias).decode_utf8_lossy();
    if decoded != alias
        && (decoded.split('/').any(|segment| segment == ".." || segment == ".")
            || decoded.contains("//")
            || decoded.chars().any(|c| c.is_control() || matches!(c, '\\' | ':' | '\u{FFFD}')))
    {
        return Some((
            "is percent-encoded into `.`, `..`, `\\`, an empty segment or bytes that are not text",
            "write the old address as a plain path, e.g. \"/old-page/\"".to_string(),
        ));
    }
    None
}

/// The output file a host without redirect rules serves for `alias` (`/old/` and `/old` ->
/// `old/index.html`, `/old.html` -> `old.html`), percent-decoded as hosts decode request paths.
/// Two aliases with the same file collide.
pub fn alias_file(alias: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(alias).decode_utf8_lossy();
    let path = decoded.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/index.html")
    }
}

fn read_allow(mut a: Fields<'_>) -> Option<Allow> {
    let rule = a.req_str("rule");
    let reason = a.str("reason");
    if reason.as_ref().is_none_or(|r| r.value.trim().is_empty()) {
        let at = reason.as_ref().map(|r| r.span.clone()).or_else(|| rule.as_ref().map(|r| r.span.clone()));
        if let Some(at) = at {
            a.report(
                Diagnostic::error("frontmatter/required", "a suppression needs a reason")
                    .at(a.span(at), "no reason given")
                    .help("say why this is acceptable: allow = [{ rule = \"phi/phone\", reason = \"the practice's public fax\" }]"),
            );
        }
    }
    a.finish();
    Some(Allow { rule: rule?, reason: reason.map(|r| r.value).unwrap_or_default() })
}
