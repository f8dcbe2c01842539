//! Educational articles (`content/articles/*.md`).

use crate::model::document::Document;
use crate::model::fields::Fields;
use crate::model::profile::check_absolute_url;
use crate::model::values::{Date, Sp};

/// An article.
#[derive(Debug)]
pub struct Article {
    /// Shared fields and the body.
    pub doc: Document,
    /// Tags, as written (display form).
    pub tags: Vec<Sp<String>>,
    /// Clinician slug of the author.
    pub author: Option<Sp<String>>,
    /// Medical review metadata.
    pub medical_review: Option<MedicalReview>,
    /// Sources cited.
    pub references: Vec<Reference>,
    /// The body's plain-text opening, worked out once per parse (see [`Article::plain_start`]).
    plain_start: std::sync::OnceLock<String>,
    /// Words in the body, counted once per parse (see [`Article::words`]).
    words: std::sync::OnceLock<usize>,
    /// The tags' slugs, worked out once per parse (see [`Article::tag_slugs`]).
    tag_slugs: std::sync::OnceLock<Vec<String>>,
}

// What listings show of an article's body is derived from the whole body, so it is computed once
// per parsed article, when first asked for, and reused by every later build that reuses the parse.
impl Article {
    /// The opening of the body as plain text (listings show it when there is no `description`).
    pub fn plain_start(&self) -> &str {
        self.plain_start.get_or_init(|| crate::markdown::plain_start(self.doc.body_text()))
    }

    /// Words in the body (for the reading time).
    pub fn words(&self) -> usize {
        *self.words.get_or_init(|| self.doc.body_text().split_whitespace().count())
    }

    /// The slug of each tag, in the order of `tags`: every build groups all articles by tag, and
    /// `serve` would otherwise slugify every tag of the site again on each edit.
    pub fn tag_slugs(&self) -> &[String] {
        self.tag_slugs.get_or_init(|| self.tags.iter().map(|t| crate::model::slug::slugify(t)).collect())
    }
}

/// Who reviewed an article medically, and when.
#[derive(Debug, Clone)]
pub struct MedicalReview {
    /// The table's first line, for findings about the record as a whole.
    pub span: std::ops::Range<usize>,
    /// Clinician slug of the reviewer.
    pub reviewer: Option<Sp<String>>,
    /// Date of the last medical review.
    pub last_reviewed: Option<Sp<Date>>,
}

/// A cited source.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reference {
    /// Title of the source.
    pub title: String,
    /// Link.
    pub url: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Year of publication.
    pub year: Option<i64>,
}

/// Reads an article's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<Article> {
    let tags = f.str_list("tags");
    let author = f.str("author");
    let medical_review = f.table("medical_review").map(|mut m| {
        let review =
            MedicalReview { span: m.anchor(), reviewer: m.str("reviewer"), last_reviewed: m.date("last_reviewed") };
        m.finish();
        review
    });
    let references = f.table_list("references").into_iter().filter_map(read_reference).collect();
    Some(Article {
        doc,
        tags,
        author,
        medical_review,
        references,
        plain_start: std::sync::OnceLock::new(),
        words: std::sync::OnceLock::new(),
        tag_slugs: std::sync::OnceLock::new(),
    })
}

fn read_reference(mut r: Fields<'_>) -> Option<Reference> {
    let title = r.req_str("title");
    let url = r.str("url");
    if let Some(url) = &url {
        check_absolute_url(&r, "url", url);
    }
    let publisher = r.str("publisher").map(|s| s.value);
    let year = r.int("year", 1500..=2200).map(|y| y.value);
    r.finish();
    Some(Reference { title: title?.value, url: url.map(|u| u.value), publisher, year })
}
