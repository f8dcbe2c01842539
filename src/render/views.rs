//! View models: what templates receive. These structs are the theme contract, documented in
//! `themes/README.md`; change them only together with that file.

use serde::Serialize;

/// A processed image, ready for `<img>`.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct ImageView {
    /// Site-relative URL (`/assets/headshot.1a2b3c4d.jpg`).
    pub url: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Alt text.
    pub alt: String,
    /// Other encodings of the image at several widths, for `<picture><source>` (WebP for
    /// headshots, team photos and article images; empty for logos).
    pub sources: Vec<ImageSource>,
}

/// One `<source>` of a `<picture>`: a format and its widths.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct ImageSource {
    /// MIME type (`image/webp`), for `type`.
    #[serde(rename = "type")]
    pub mime: &'static str,
    /// `srcset` (`/assets/a-240w.1a2b3c4d.webp 240w, …`); give it a `sizes`.
    pub srcset: String,
}

/// The practice's public details, with each office's opening hours ready to show.
#[derive(Debug, Serialize)]
pub struct PracticeView<'a> {
    /// Practice name.
    pub name: &'a str,
    /// Main phone.
    pub phone: Option<&'a str>,
    /// Fax.
    pub fax: Option<&'a str>,
    /// Public email.
    pub email: Option<&'a str>,
    /// Offices.
    pub locations: Vec<LocationView<'a>>,
}

impl<'a> PracticeView<'a> {
    /// The view of `practice` for a site in `language`.
    pub fn of(practice: &'a crate::config::Practice, language: &str) -> Self {
        Self {
            name: &practice.name,
            phone: practice.phone.as_deref(),
            fax: practice.fax.as_deref(),
            email: practice.email.as_deref(),
            locations: practice
                .locations
                .iter()
                .map(|location| LocationView {
                    location,
                    opening_hours: location
                        .hours
                        .iter()
                        .filter_map(|line| crate::render::hours::display(line, language))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// An office as site.toml gives it, plus `opening_hours` as people read them.
#[derive(Debug, Serialize)]
pub struct LocationView<'a> {
    /// The office as configured (name, street, hours in schema.org form, …).
    #[serde(flatten)]
    pub location: &'a crate::config::Location,
    /// Its hours, one line per entry ("Mon–Thu", "8:00 a.m.–5:00 p.m.").
    pub opening_hours: Vec<crate::render::hours::HoursLine>,
}

/// Site-wide data, the same on every page (`site`).
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Base URL with trailing slash.
    pub base_url: &'a str,
    /// Language tag.
    pub language: &'a str,
    /// The practice's public details and locations.
    pub practice: PracticeView<'a>,
    /// Brand colours.
    pub brand: BrandView<'a>,
    /// Main navigation.
    pub menu: Vec<MenuItem>,
    /// Atom feed URL (site-relative).
    pub feed_url: &'static str,
    /// The physician's display name ("Dr. Amara Okafor, MD, FACC").
    pub physician: String,
    /// Booking link, if the profile has one.
    pub booking_url: Option<&'a str>,
    /// The legal notices, for the footer's "Notices" group (link text and URL).
    pub notices: Vec<crate::model::notice::Notice>,
    /// Free-form `[extra]` from site.toml.
    pub extra: &'a serde_json::Value,
}

/// Brand colours and the processed logo.
#[derive(Debug, Serialize)]
pub struct BrandView<'a> {
    /// Primary colour.
    pub primary: &'a str,
    /// Accent colour.
    pub accent: &'a str,
    /// The logo, if configured.
    pub logo: Option<ImageView>,
}

/// A navigation entry.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    /// Label.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
}

/// What every page has (`page`).
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// Page kind: profile, team, team_list, review_list, article, article_list, tag, tag_list, page, 404.
    pub kind: &'static str,
    /// Title for `<title>` and `<h1>`.
    pub title: String,
    /// Meta description (never empty).
    pub description: String,
    /// Site-relative URL (`/articles/afib/`).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Keep out of search engines.
    pub noindex: bool,
    /// Rendered Markdown body (use `| safe`); empty for generated pages.
    pub content: String,
    /// Headings of the body, for a table of contents.
    pub toc: Vec<crate::markdown::Heading>,
    /// Whether the page shows highlighted code, so it links `site.syntax_css`.
    pub has_code: bool,
    /// Free-form `extra` from front matter.
    pub extra: serde_json::Value,
}

/// A clinician or staff member, as shown in bylines, cards and the team page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PersonView {
    /// Slug (`profile` for the physician of the profile).
    pub slug: String,
    /// Site-relative URL of their page (`/` for the profile).
    pub url: String,
    /// Name without prefix or credentials.
    pub name: String,
    /// "Dr. Amara Okafor, MD, FACC".
    pub display_name: String,
    /// "Dr."
    pub honorific_prefix: Option<String>,
    /// Credentials.
    pub credentials: Vec<String>,
    /// Role (`physician`, … `staff`); `physician` for the profile.
    pub role: String,
    /// Human label for the role or the job title ("Nurse Practitioner", "Practice Manager").
    pub title: String,
    /// Specialties.
    pub specialties: Vec<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Photo or headshot.
    pub photo: Option<ImageView>,
    /// Licensed clinician (can author and review articles).
    pub is_clinician: bool,
}

/// The physician profile on the home page (`profile`).
#[derive(Debug, Serialize)]
pub struct ProfileView<'a> {
    /// The physician as a person.
    pub person: PersonView,
    /// NPI.
    pub npi: Option<&'a str>,
    /// Accepting new patients (absent: not said).
    pub accepting_new_patients: Option<bool>,
    /// Offers telehealth.
    pub telehealth: Option<bool>,
    /// Insurance plans accepted.
    pub insurance: &'a [String],
    /// Booking link.
    pub booking_url: Option<&'a str>,
    /// Hospital affiliations.
    pub hospital_affiliations: &'a [String],
    /// Education, with a readable `label` per kind.
    pub education: Vec<EducationView<'a>>,
    /// Board certifications.
    pub board_certifications: &'a [crate::model::profile::BoardCertification],
    /// Memberships.
    pub memberships: &'a [String],
    /// Awards.
    pub awards: &'a [String],
    /// Social links.
    pub social: Vec<SocialLink<'a>>,
}

/// One education entry.
#[derive(Debug, Serialize)]
pub struct EducationView<'a> {
    /// Kind key (`medical_school`).
    pub kind: &'a str,
    /// "Medical school".
    pub label: &'static str,
    /// Institution.
    pub institution: &'a str,
    /// Year.
    pub year: Option<i64>,
}

/// A social profile link.
#[derive(Debug, Serialize)]
pub struct SocialLink<'a> {
    /// Network key (`linkedin`).
    pub network: &'a str,
    /// "LinkedIn".
    pub label: String,
    /// URL.
    pub url: &'a str,
}

/// A tag with its page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TagView {
    /// As written ("Atrial fibrillation").
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Site-relative URL.
    pub url: String,
    /// How many articles carry it.
    pub count: usize,
}

/// An article in a listing: metadata only, never the body.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ArticleSummary {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// Description (or the start of the text).
    pub summary: String,
    /// "March 4, 2026".
    pub date: String,
    /// "2026-03-04".
    pub date_iso: String,
    /// Last update, human form.
    pub updated: Option<String>,
    /// Last update, ISO form.
    pub updated_iso: Option<String>,
    /// Tags.
    pub tags: Vec<TagView>,
    /// Author.
    pub author: Option<PersonView>,
    /// Estimated minutes to read.
    pub reading_minutes: usize,
}

/// An article page (`article`).
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    /// Listing metadata.
    #[serde(flatten)]
    pub summary: &'a ArticleSummary,
    /// Medical reviewer.
    pub reviewer: Option<PersonView>,
    /// "Medically reviewed on" date, human form.
    pub last_reviewed: Option<String>,
    /// ISO form.
    pub last_reviewed_iso: Option<String>,
    /// References.
    pub references: &'a [crate::model::article::Reference],
}

/// A review on the reviews page.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    /// Anchor id (`review-<slug>`).
    pub id: String,
    /// Site-relative URL of its anchor.
    pub url: String,
    /// Display name.
    pub author: String,
    /// 1–5.
    pub rating: i64,
    /// Human date.
    pub date: Option<String>,
    /// ISO date.
    pub date_iso: Option<String>,
    /// Where it was collected (key: `google`, `healthgrades`, …).
    pub source: Option<String>,
    /// Display name of the source ("Google", "Healthgrades", "Directly to the practice").
    pub source_label: Option<String>,
    /// Link to the original.
    pub source_url: Option<String>,
    /// The clinician reviewed.
    pub about: Option<PersonView>,
    /// Review text as HTML (raw HTML from the source is never rendered).
    pub content: String,
    /// The generally expected outcome (FTC), shown next to the review.
    pub expected_results: Option<String>,
    /// Incentive disclosure, shown next to the review.
    pub incentive_disclosure: Option<String>,
    /// "Family member of a patient", for non-patient reviewers.
    pub relationship: Option<&'static str>,
    /// The practice's public reply.
    pub response: Option<String>,
}

/// Pagination links.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// URL of the first page.
    pub first: String,
    /// URL of the last page.
    pub last: String,
    /// URL of the previous page.
    pub previous: Option<String>,
    /// URL of the next page.
    pub next: Option<String>,
    /// The pages to link: the first, the last, and two on each side of the current one.
    pub pages: Vec<PagerLink>,
}

/// One numbered page link.
#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// 1-based number.
    pub number: usize,
    /// URL.
    pub url: String,
    /// Is the current page.
    pub current: bool,
    /// Pages were skipped between the previous link and this one (show an ellipsis).
    pub gap_before: bool,
}
