//! schema.org JSON-LD: Physician for the physician and physician team members, Person (with
//! jobTitle) for other staff, MedicalClinic for the practice and each location, MedicalWebPage for
//! articles (reviewedBy / lastReviewed only from front matter), BreadcrumbList, and Review items on
//! the reviews page — never an AggregateRating on the practice's own entities.

use serde_json::{Map, Value, json};

use crate::config::{Config, Location};
use crate::model::Site;
use crate::model::article::Article;
use crate::model::team::TeamMember;
use crate::render::feed::absolute;
use crate::render::views::{ArticleSummary, PersonView, ReviewView};

/// Stable `@id`s that link the nodes of every page to each other.
pub struct Ids {
    base: url::Url,
}

impl Ids {
    /// Ids under `base`.
    pub fn new(base: &url::Url) -> Self {
        Self { base: base.clone() }
    }

    fn url(&self, path: &str) -> String {
        absolute(&self.base, path)
    }

    /// The physician of the profile.
    pub fn physician(&self) -> String {
        format!("{}#physician", self.url("/"))
    }

    /// The practice.
    pub fn practice(&self) -> String {
        format!("{}#practice", self.url("/"))
    }

    /// A location of the practice.
    pub fn location(&self, index: usize) -> String {
        format!("{}#location-{}", self.url("/"), index + 1)
    }

    /// A team member.
    pub fn member(&self, slug: &str) -> String {
        format!("{}#person", self.url(&format!("/team/{slug}/")))
    }

    /// A person by their view (profile or team member).
    pub fn person(&self, person: &PersonView) -> String {
        if person.slug == "profile" { self.physician() } else { self.member(&person.slug) }
    }
}

/// Wraps nodes into a `<script>` element. `<`, `>` and `&` are written as JSON escapes (they can
/// only occur inside strings), so content can never close the script or open an HTML comment
/// (`<!--<script>` would make the parser swallow the rest of the page).
pub fn script(nodes: Vec<Value>) -> String {
    let value = json!({ "@context": "https://schema.org", "@graph": nodes });
    let text = serde_json::to_string(&value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("<script type=\"application/ld+json\">{text}</script>\n")
}

/// The schema.org MedicalSpecialty for a specialty name, when there is one.
pub fn medical_specialty(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    let table: [(&[&str], &str); 22] = [
        (&["cardio"], "Cardiovascular"),
        (&["dermatol"], "Dermatology"),
        (&["family medicine", "primary care", "internal medicine", "general practice"], "PrimaryCare"),
        (&["pediatric", "paediatric"], "Pediatric"),
        (&["obstetric"], "Obstetric"),
        (&["gynecolog", "gynaecolog"], "Gynecologic"),
        (&["oncolog"], "Oncologic"),
        (&["neurolog"], "Neurologic"),
        (&["psychiatr"], "Psychiatric"),
        (&["endocrin"], "Endocrine"),
        (&["gastroenterolog"], "Gastroenterologic"),
        (&["geriatric"], "Geriatric"),
        (&["hematolog"], "Hematologic"),
        (&["infectious"], "Infectious"),
        (&["nephrolog", "renal"], "Renal"),
        (&["pulmon", "respiratory"], "Pulmonary"),
        (&["rheumatolog"], "Rheumatologic"),
        (&["urolog"], "Urologic"),
        (&["otolaryngolog", "ent "], "Otolaryngologic"),
        (&["surgery", "surgical"], "Surgical"),
        (&["emergency"], "Emergency"),
        (&["anesthes", "anaesthes"], "Anesthesia"),
    ];
    table.iter().find(|(keys, _)| keys.iter().any(|k| name.contains(k))).map(|(_, v)| *v)
}

fn specialties(list: &[String]) -> Value {
    let mut found: Vec<String> =
        list.iter().filter_map(|s| medical_specialty(s)).map(|s| format!("https://schema.org/{s}")).collect();
    found.dedup();
    match found.len() {
        0 => Value::Null,
        1 => Value::String(found.remove(0)),
        _ => json!(found),
    }
}

pub(crate) fn day_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "Mo" => "Monday",
        "Tu" => "Tuesday",
        "We" => "Wednesday",
        "Th" => "Thursday",
        "Fr" => "Friday",
        "Sa" => "Saturday",
        "Su" => "Sunday",
        _ => return None,
    })
}

pub(crate) const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// Parses schema.org opening hours (`Mo-Fr 08:00-17:00`, `Tu,Th 08:00-16:30`) into days and times.
pub fn parse_hours(text: &str) -> Option<(Vec<&'static str>, String, String)> {
    let (days, times) = text.trim().split_once(' ')?;
    let (opens, closes) = times.trim().split_once('-')?;
    let valid_time = |t: &str| jiff::civil::Time::strptime("%H:%M", t).is_ok();
    if !valid_time(opens) || !valid_time(closes) {
        return None;
    }
    let mut out = Vec::new();
    for part in days.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let start = DAYS.iter().position(|d| *d == from)?;
                let end = DAYS.iter().position(|d| *d == to)?;
                if end < start {
                    return None;
                }
                out.extend(DAYS[start..=end].iter().filter_map(|d| day_name(d)));
            }
            None => out.push(day_name(part)?),
        }
    }
    Some((out, opens.to_string(), closes.to_string()))
}

fn address(location: &Location) -> Value {
    json!({
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "addressLocality": location.city,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    })
}

/// Drops null values so the markup has only what is known.
fn clean(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()));
    }
    value
}

/// The practice and its locations (MedicalClinic), on every page that describes the practice.
pub fn practice(config: &Config, ids: &Ids) -> Vec<Value> {
    let practice = &config.practice;
    let mut nodes = vec![clean(json!({
        "@type": "MedicalClinic",
        "@id": ids.practice(),
        "name": practice.name,
        "url": ids.url("/"),
        "telephone": practice.phone,
        "faxNumber": practice.fax,
        "email": practice.email,
        "employee": { "@id": ids.physician() },
        "location": practice.locations.iter().enumerate().map(|(i, _)| json!({ "@id": ids.location(i) })).collect::<Vec<_>>(),
    }))];
    for (index, location) in practice.locations.iter().enumerate() {
        let hours: Vec<Value> = location
            .hours
            .iter()
            .filter_map(|h| parse_hours(h))
            .map(|(days, opens, closes)| {
                json!({ "@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes })
            })
            .collect();
        nodes.push(clean(json!({
            "@type": "MedicalClinic",
            "@id": ids.location(index),
            "name": format!("{} — {}", practice.name, location.name),
            "parentOrganization": { "@id": ids.practice() },
            "telephone": location.phone.as_ref().or(practice.phone.as_ref()),
            "faxNumber": location.fax,
            "address": address(location),
            "openingHoursSpecification": hours,
        })));
    }
    nodes
}

/// The physician of the profile (home page), with the ProfilePage that is about them.
pub fn home(site: &Site, person: &PersonView, ids: &Ids, pending: bool) -> Vec<Value> {
    let profile = &site.profile;
    let mut physician = Map::new();
    physician.insert("@type".into(), json!(if pending { "IndividualPhysician" } else { "Physician" }));
    physician.insert("@id".into(), json!(ids.physician()));
    physician.insert("name".into(), json!(person.display_name));
    physician.insert("url".into(), json!(ids.url("/")));
    if let Some(photo) = &person.photo {
        physician.insert("image".into(), json!(ids.url(&photo.url)));
    }
    physician.insert("medicalSpecialty".into(), specialties(&profile.specialties));
    physician.insert("knowsLanguage".into(), json!(profile.languages));
    physician.insert(
        "hospitalAffiliation".into(),
        json!(
            profile.hospital_affiliations.iter().map(|h| json!({ "@type": "Hospital", "name": h })).collect::<Vec<_>>()
        ),
    );
    physician.insert(
        "hasCertification".into(),
        json!(
            profile
                .board_certifications
                .iter()
                .map(|b| clean(json!({
                    "@type": "Certification",
                    "name": b.specialty.as_ref().map_or_else(|| b.board.clone(), |s| format!("Board certification, {s}")),
                    "issuedBy": { "@type": "Organization", "name": b.board },
                })))
                .collect::<Vec<_>>()
        ),
    );
    physician.insert("sameAs".into(), json!(profile.social.values().collect::<Vec<_>>()));
    physician.insert("parentOrganization".into(), json!({ "@id": ids.practice() }));
    if let Some(location) = site.config.practice.locations.first() {
        physician.insert("address".into(), address(location));
    }
    physician.insert("telephone".into(), json!(site.config.practice.phone));
    if pending {
        physician.insert("usNPI".into(), json!(profile.npi.as_ref().map(|n| n.value.clone())));
        physician.insert("isAcceptingNewPatients".into(), json!(profile.accepting_new_patients));
        physician.insert(
            "practicesAt".into(),
            json!(
                (0..site.config.practice.locations.len())
                    .map(|i| json!({ "@id": ids.location(i) }))
                    .collect::<Vec<_>>()
            ),
        );
    }
    let mut nodes = vec![
        json!({
            "@type": "ProfilePage",
            "@id": format!("{}#page", ids.url("/")),
            "url": ids.url("/"),
            "name": site.config.title,
            "mainEntity": { "@id": ids.physician() },
        }),
        clean(Value::Object(physician)),
    ];
    nodes.extend(practice(&site.config, ids));
    nodes
}

/// A team member's page: Physician for physicians, Person with a jobTitle for everyone else.
pub fn member(member: &TeamMember, person: &PersonView, ids: &Ids, url: &str) -> Vec<Value> {
    let node = if member.role == "physician" {
        clean(json!({
            "@type": "Physician",
            "@id": ids.person(person),
            "name": person.display_name,
            "url": ids.url(url),
            "image": person.photo.as_ref().map(|p| ids.url(&p.url)),
            "medicalSpecialty": specialties(&member.specialties),
            "knowsLanguage": member.languages,
            "parentOrganization": { "@id": ids.practice() },
        }))
    } else {
        clean(json!({
            "@type": "Person",
            "@id": ids.person(person),
            "name": person.name,
            "honorificPrefix": member.honorific_prefix,
            "honorificSuffix": (!member.credentials.is_empty()).then(|| member.credentials.join(", ")),
            "jobTitle": person.title,
            "url": ids.url(url),
            "image": person.photo.as_ref().map(|p| ids.url(&p.url)),
            "knowsLanguage": member.languages,
            "worksFor": { "@id": ids.practice() },
        }))
    };
    vec![
        json!({ "@type": "ProfilePage", "@id": format!("{}#page", ids.url(url)), "url": ids.url(url), "mainEntity": { "@id": ids.person(person) } }),
        node,
    ]
}

/// An article: MedicalWebPage whose reviewedBy / lastReviewed come only from its front matter.
pub fn article(
    article: &Article,
    summary: &ArticleSummary,
    reviewer: Option<&PersonView>,
    ids: &Ids,
    image: Option<&str>,
) -> Vec<Value> {
    let review = article.medical_review.as_ref();
    let page = clean(json!({
        "@type": "MedicalWebPage",
        "@id": ids.url(&summary.url),
        "url": ids.url(&summary.url),
        "name": summary.title,
        "headline": summary.title,
        "description": summary.summary,
        "medicalAudience": { "@type": "Patient" },
        "datePublished": (!summary.date_iso.is_empty()).then(|| summary.date_iso.clone()),
        "dateModified": summary.updated_iso.clone().or_else(|| (!summary.date_iso.is_empty()).then(|| summary.date_iso.clone())),
        "author": summary.author.as_ref().map(|a| json!({ "@id": ids.person(a), "name": a.display_name })),
        "reviewedBy": reviewer.map(|r| json!({ "@id": ids.person(r), "name": r.display_name })),
        "lastReviewed": review.and_then(|m| m.last_reviewed.as_ref()).map(|d| d.iso()),
        "image": image,
        "keywords": summary.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "citation": article.references.iter().map(|r| r.url.clone().unwrap_or_else(|| r.title.clone())).collect::<Vec<_>>(),
        "publisher": { "@id": ids.practice() },
    }));
    vec![page]
}

/// The reviews page: a WebPage with Review items about the clinician each review is about.
/// No AggregateRating anywhere: self-serving ratings are ignored by Google and are a claim.
pub fn reviews(reviews: &[ReviewView], ids: &Ids, physician: &PersonView) -> Vec<Value> {
    let items: Vec<Value> = reviews
        .iter()
        .map(|r| {
            let about = r.about.as_ref().unwrap_or(physician);
            clean(json!({
                "@type": "Review",
                "@id": ids.url(&r.url),
                "itemReviewed": { "@id": ids.person(about), "name": about.display_name },
                "author": { "@type": "Person", "name": r.author },
                "reviewRating": { "@type": "Rating", "ratingValue": r.rating, "bestRating": 5, "worstRating": 1 },
                "datePublished": r.date_iso,
            }))
        })
        .collect();
    vec![json!({ "@type": "WebPage", "@id": ids.url("/reviews/"), "url": ids.url("/reviews/"), "review": items })]
}

/// A breadcrumb trail from the home page to the current page.
pub fn breadcrumbs(trail: &[(&str, &str)], ids: &Ids) -> Value {
    json!({
        "@type": "BreadcrumbList",
        "itemListElement": trail.iter().enumerate().map(|(i, (name, url))| json!({
            "@type": "ListItem", "position": i + 1, "name": name, "item": ids.url(url),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_into_days() {
        let (days, opens, closes) = parse_hours("Mo-Fr 08:00-17:00").unwrap();
        assert_eq!(days, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]);
        assert_eq!((opens.as_str(), closes.as_str()), ("08:00", "17:00"));
        assert_eq!(parse_hours("Tu,Th 08:00-16:30").unwrap().0, ["Tuesday", "Thursday"]);
        assert!(parse_hours("Mon-Fri 8-5").is_none());
        assert!(parse_hours("Fr-Mo 08:00-17:00").is_none());
        assert!(parse_hours("Mo 25:00-17:00").is_none());
    }

    #[test]
    fn specialties_map_to_schema_enumeration() {
        assert_eq!(medical_specialty("Cardiology"), Some("Cardiovascular"));
        assert_eq!(medical_specialty("Internal Medicine"), Some("PrimaryCare"));
        assert_eq!(medical_specialty("Echocardiography"), Some("Cardiovascular"));
        assert_eq!(medical_specialty("Sleep"), None);
    }

    #[test]
    fn scripts_cannot_be_closed_by_content() {
        let text = script(vec![json!({ "name": "</script><b>" })]);
        assert!(!text[..text.len() - 10].contains("</script>"), "{text}");
    }
}
