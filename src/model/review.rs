//! Patient reviews and testimonials (`content/reviews/*.md`).

use crate::model::document::Document;
use crate::model::fields::Fields;
use crate::model::profile::{check_absolute_url, strings};
use crate::model::values::{Date, Sp};

/// A patient review.
#[derive(Debug, Clone)]
pub struct Review {
    /// Shared fields and the review text body.
    pub doc: Document,
    /// Display name: initials, or first name and last initial.
    pub author: Sp<String>,
    /// 1 to 5 stars.
    pub rating: Sp<i64>,
    /// Where it was collected (direct, google, healthgrades, …).
    pub source: Option<String>,
    /// Link to the original review.
    pub source_url: Option<Sp<String>>,
    /// Slug of the clinician reviewed.
    pub about: Option<Sp<String>>,
    /// patient | family_of_patient | employee | relative_of_staff.
    pub relationship: Sp<String>,
    /// none | discount | gift | other.
    pub incentive: Sp<String>,
    /// How the incentive is disclosed to readers.
    pub incentive_disclosure: Option<Sp<String>>,
    /// The generally expected outcome, shown next to an outcome testimonial.
    pub expected_results: Option<Sp<String>>,
    /// The signed marketing authorization on record.
    pub authorization: Option<Authorization>,
    /// The practice's public reply, shown under the review.
    pub response: Option<Sp<String>>,
    /// Why a review is kept off the site (a neutral reason the FTC allows), for a draft.
    pub withheld_reason: Option<Sp<String>>,
}

/// Reasons a review may be kept off the site without misrepresenting the rest (16 CFR 465.7(b)):
/// content criteria applied to every review alike, whatever its rating.
pub const WITHHELD_REASONS: [&str; 9] = [
    "defamatory",
    "harassing",
    "obscene",
    "discriminatory",
    "confidential",
    "off_topic",
    "false",
    "privacy",
    "no_authorization",
];

/// The record of a patient's HIPAA marketing authorization (45 CFR 164.508).
#[derive(Debug, Clone)]
pub struct Authorization {
    /// Where the table starts, for findings about the record as a whole.
    pub span: std::ops::Range<usize>,
    /// The form's id in the practice's records.
    pub id: Option<Sp<String>>,
    /// Date signed.
    pub signed_on: Option<Sp<Date>>,
    /// Expiry date.
    pub expires_on: Option<Sp<Date>>,
    /// Where the review may be published (website, social); `None` if the record does not say.
    pub channels: Option<Vec<String>>,
    /// What identifies the patient and is permitted (initials, first_name, full_name, photo, …).
    pub permitted_identifiers: Vec<Sp<String>>,
    /// Revoked by the patient.
    pub revoked: bool,
}

/// Relationships of a reviewer to the practice.
pub const RELATIONSHIPS: [&str; 4] = ["patient", "family_of_patient", "employee", "relative_of_staff"];
/// Incentives a reviewer may have received.
pub const INCENTIVES: [&str; 4] = ["none", "discount", "gift", "other"];
/// Identifiers an authorization may permit.
pub const IDENTIFIERS: [&str; 7] = ["initials", "first_name", "full_name", "photo", "procedure", "age", "city"];

/// Reads a review's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<Review> {
    let author = f.req_str("author");
    let rating_present = f.allow("rating").is_some();
    let rating = f.int("rating", 1..=5);
    if !rating_present {
        f.report(
            crate::diagnostics::Diagnostic::error(
                "frontmatter/required",
                "review front matter is missing the required field `rating`",
            )
            .at(f.span(author.as_ref().map_or(0..0, |a| a.span.clone())), "`rating` is required")
            .help("add rating = 5 (a whole number from 1 to 5)"),
        );
    }
    let source = f.str("source").map(|s| s.value);
    let source_url = f.str("source_url");
    if let Some(url) = &source_url {
        check_absolute_url(f, "source_url", url);
    }
    let about = f.str("about");
    let relationship = f.choice("relationship", &RELATIONSHIPS).unwrap_or_else(|| Sp::new("patient".into(), 0..0));
    let incentive = f.choice("incentive", &INCENTIVES).unwrap_or_else(|| Sp::new("none".into(), 0..0));
    let incentive_disclosure = f.str("incentive_disclosure");
    let expected_results = f.str("expected_results");
    let authorization = f.table("authorization").map(read_authorization);
    let response = f.str("response");
    let withheld_reason = f.choice("withheld_reason", &WITHHELD_REASONS);
    Some(Review {
        doc,
        author: author?,
        rating: rating?,
        source,
        source_url,
        about,
        relationship,
        incentive,
        incentive_disclosure,
        expected_results,
        authorization,
        response,
        withheld_reason,
    })
}

fn read_authorization(mut a: Fields<'_>) -> Authorization {
    let span = a.anchor();
    let id = a.str("id");
    let signed_on = a.date("signed_on");
    let expires_on = a.date("expires_on");
    // Recorded or not: `channels = []` authorizes no channel, a missing list leaves the form's scope.
    let recorded = a.has("channels");
    let channels = Some(strings(a.str_list("channels"))).filter(|_| recorded);
    let permitted_identifiers = a.str_list("permitted_identifiers");
    for identifier in &permitted_identifiers {
        if !IDENTIFIERS.contains(&identifier.value.as_str()) {
            a.report(
                crate::diagnostics::Diagnostic::error(
                    "frontmatter/type",
                    format!("`{}` is not a known identifier", identifier.value),
                )
                .at(a.span(identifier.span.clone()), "unknown identifier")
                .help(format!("permitted_identifiers takes: {}", IDENTIFIERS.join(", "))),
            );
        }
    }
    let revoked = a.bool("revoked").unwrap_or(false);
    a.finish();
    Authorization { span, id, signed_on, expires_on, channels, permitted_identifiers, revoked }
}
