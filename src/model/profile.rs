//! The physician profile (`content/profile.md`), rendered as the home page.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::model::document::Document;
use crate::model::fields::Fields;
use crate::model::values::Sp;

/// The physician.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Shared fields and the biography body.
    pub doc: Document,
    /// Full name, without prefix or credentials.
    pub name: Sp<String>,
    /// "Dr."
    pub honorific_prefix: Option<String>,
    /// ["MD", "FACC"]
    pub credentials: Vec<String>,
    /// Specialties.
    pub specialties: Vec<String>,
    /// National Provider Identifier.
    pub npi: Option<Sp<String>>,
    /// Headshot, a path under `assets/`.
    pub headshot: Option<Sp<String>>,
    /// Alt text of the headshot.
    pub headshot_alt: Option<Sp<String>>,
    /// Accepting new patients.
    pub accepting_new_patients: Option<bool>,
    /// Offers telehealth.
    pub telehealth: Option<bool>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Insurance plans accepted.
    pub insurance: Vec<String>,
    /// Online booking link.
    pub booking_url: Option<Sp<String>>,
    /// Hospital affiliations.
    pub hospital_affiliations: Vec<String>,
    /// Education and training.
    pub education: Vec<Education>,
    /// Board certifications.
    pub board_certifications: Vec<BoardCertification>,
    /// Professional memberships.
    pub memberships: Vec<String>,
    /// Awards.
    pub awards: Vec<String>,
    /// Social profiles by network (`linkedin`, `x`, `doximity`, …).
    pub social: BTreeMap<String, String>,
}

/// A degree or training programme.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Education {
    /// medical_school | residency | fellowship | internship | undergraduate.
    pub kind: String,
    /// Institution name.
    pub institution: String,
    /// Year completed.
    pub year: Option<i64>,
}

/// A board certification.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BoardCertification {
    /// Certifying board.
    pub board: String,
    /// Specialty certified in.
    pub specialty: Option<String>,
    /// Year certified.
    pub year: Option<i64>,
}

/// Education kinds, in the order a CV lists them.
pub const EDUCATION_KINDS: [&str; 5] = ["undergraduate", "medical_school", "internship", "residency", "fellowship"];

/// Reads the profile's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<Profile> {
    let name = f.req_str("name");
    let honorific_prefix = f.str("honorific_prefix").map(|s| s.value);
    let credentials = strings(f.str_list("credentials"));
    let specialties = strings(f.str_list("specialties"));
    let npi = f.str("npi");
    let headshot = f.str("headshot");
    let headshot_alt = f.str("headshot_alt");
    let accepting_new_patients = f.bool("accepting_new_patients");
    let telehealth = f.bool("telehealth");
    let languages = strings(f.str_list("languages"));
    let insurance = strings(f.str_list("insurance"));
    let booking_url = f.str("booking_url");
    let hospital_affiliations = strings(f.str_list("hospital_affiliations"));
    let education = f.table_list("education").into_iter().filter_map(read_education).collect();
    let board_certifications = f.table_list("board_certifications").into_iter().filter_map(read_board).collect();
    let memberships = strings(f.str_list("memberships"));
    let awards = strings(f.str_list("awards"));
    let social = f.table("social").map(read_social).unwrap_or_default();
    if let Some(url) = &booking_url {
        check_absolute_url(f, "booking_url", url);
    }
    Some(Profile {
        doc,
        name: name?,
        honorific_prefix,
        credentials,
        specialties,
        npi,
        headshot,
        headshot_alt,
        accepting_new_patients,
        telehealth,
        languages,
        insurance,
        booking_url,
        hospital_affiliations,
        education,
        board_certifications,
        memberships,
        awards,
        social,
    })
}

/// Drops spans from a list of strings.
pub fn strings(list: Vec<Sp<String>>) -> Vec<String> {
    list.into_iter().map(|s| s.value).collect()
}

/// Reports a URL field that is not an absolute http(s) URL.
pub fn check_absolute_url(f: &Fields<'_>, key: &str, value: &Sp<String>) -> bool {
    let ok = url::Url::parse(&value.value).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if !ok {
        f.report(
            Diagnostic::error(
                "frontmatter/type",
                format!("`{key}` must be an absolute http(s) URL: `{}`", value.value),
            )
            .at(f.span(value.span.clone()), "not an absolute URL")
            .help(format!("write the full address, e.g. {key} = \"https://…\"")),
        );
    }
    ok
}

fn read_education(mut e: Fields<'_>) -> Option<Education> {
    let kind = e.choice("kind", &EDUCATION_KINDS);
    let institution = e.req_str("institution");
    let year = e.int("year", 1900..=2100).map(|y| y.value);
    e.finish();
    Some(Education { kind: kind?.value, institution: institution?.value, year })
}

fn read_board(mut b: Fields<'_>) -> Option<BoardCertification> {
    let board = b.req_str("board");
    let specialty = b.str("specialty").map(|s| s.value);
    let year = b.int("year", 1900..=2100).map(|y| y.value);
    b.finish();
    Some(BoardCertification { board: board?.value, specialty, year })
}

/// Social networks are open-ended (sameAs links), so any key is accepted if its value is a URL.
fn read_social(s: Fields<'_>) -> BTreeMap<String, String> {
    let entries = s.open_strings();
    entries
        .into_iter()
        .filter(|(key, url)| check_absolute_url(&s, key, url))
        .map(|(key, url)| (key, url.value))
        .collect()
}
