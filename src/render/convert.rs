//! Builds view models from the typed content: people, article summaries, tags, reviews.

use std::collections::BTreeMap;

use crate::assets::ImagePlan;
use crate::model::article::Article;
use crate::model::profile::Profile;
use crate::model::review::Review;
use crate::model::team::TeamMember;
use crate::model::{Clinician, Site, slug};
use crate::render::views::*;

/// Words per minute for reading-time estimates.
const WORDS_PER_MINUTE: usize = 220;
/// Longest summary shown in listings, in characters.
const SUMMARY_CHARS: usize = 240;

/// "Dr. Amara Okafor, MD, FACC".
pub fn display_name(prefix: Option<&str>, name: &str, credentials: &[String]) -> String {
    let mut out = String::new();
    if let Some(prefix) = prefix {
        out.push_str(prefix);
        out.push(' ');
    }
    out.push_str(name);
    for credential in credentials {
        out.push_str(", ");
        out.push_str(credential);
    }
    out
}

/// The profile's physician as a person.
pub fn profile_person(profile: &Profile, images: &ImagePlan) -> PersonView {
    let alt = profile
        .headshot_alt
        .as_ref()
        .map_or_else(|| format!("Portrait of {}", profile.name.value), |a| a.value.clone());
    PersonView {
        slug: "profile".into(),
        url: "/".into(),
        name: profile.name.value.clone(),
        display_name: display_name(profile.honorific_prefix.as_deref(), &profile.name, &profile.credentials),
        honorific_prefix: profile.honorific_prefix.clone(),
        credentials: profile.credentials.clone(),
        role: "physician".into(),
        title: profile.specialties.first().cloned().unwrap_or_else(|| "Physician".into()),
        specialties: profile.specialties.clone(),
        languages: profile.languages.clone(),
        photo: profile.headshot.as_ref().and_then(|h| images.view(h, "headshot", &alt)),
        is_clinician: true,
    }
}

/// A team member as a person.
pub fn member_person(member: &TeamMember, images: &ImagePlan) -> PersonView {
    let alt =
        member.photo_alt.as_ref().map_or_else(|| format!("Portrait of {}", member.name.value), |a| a.value.clone());
    PersonView {
        slug: member.doc.slug.clone(),
        url: format!("/team/{}/", member.doc.slug),
        name: member.name.value.clone(),
        display_name: display_name(member.honorific_prefix.as_deref(), &member.name, &member.credentials),
        honorific_prefix: member.honorific_prefix.clone(),
        credentials: member.credentials.clone(),
        role: member.role.clone(),
        title: member.job_title.clone().unwrap_or_else(|| role_label(&member.role).to_string()),
        specialties: member.specialties.clone(),
        languages: member.languages.clone(),
        photo: member.photo.as_ref().and_then(|p| images.view(p, "team", &alt)),
        is_clinician: member.is_clinician(),
    }
}

/// Human label of a team role.
pub fn role_label(role: &str) -> &'static str {
    match role {
        "physician" => "Physician",
        "nurse_practitioner" => "Nurse Practitioner",
        "physician_assistant" => "Physician Assistant",
        "nurse" => "Nurse",
        _ => "Staff",
    }
}

/// Everyone who can be referenced, by slug (`profile` and the physician's own slug included).
pub fn people(site: &Site, images: &ImagePlan) -> BTreeMap<String, PersonView> {
    let mut map = BTreeMap::new();
    let me = profile_person(&site.profile, images);
    map.insert(slug::slugify(&site.profile.name), me.clone());
    map.insert("profile".to_string(), me);
    for member in &site.team {
        map.insert(member.doc.slug.clone(), member_person(member, images));
    }
    map
}

/// The profile's view for the home page.
pub fn profile_view<'a>(profile: &'a Profile, person: PersonView) -> ProfileView<'a> {
    ProfileView {
        person,
        npi: profile.npi.as_ref().map(|n| n.value.as_str()),
        accepting_new_patients: profile.accepting_new_patients,
        telehealth: profile.telehealth,
        insurance: &profile.insurance,
        booking_url: profile.booking_url.as_ref().map(|b| b.value.as_str()),
        hospital_affiliations: &profile.hospital_affiliations,
        education: profile
            .education
            .iter()
            .map(|e| EducationView {
                kind: &e.kind,
                label: match e.kind.as_str() {
                    "medical_school" => "Medical school",
                    "residency" => "Residency",
                    "fellowship" => "Fellowship",
                    "internship" => "Internship",
                    _ => "Undergraduate",
                },
                institution: &e.institution,
                year: e.year,
            })
            .collect(),
        board_certifications: &profile.board_certifications,
        memberships: &profile.memberships,
        awards: &profile.awards,
        social: profile
            .social
            .iter()
            .map(|(network, url)| SocialLink { network, label: network_label(network), url })
            .collect(),
    }
}

fn network_label(network: &str) -> String {
    match network {
        "linkedin" => "LinkedIn".into(),
        "x" | "twitter" => "X".into(),
        "doximity" => "Doximity".into(),
        "youtube" => "YouTube".into(),
        "facebook" => "Facebook".into(),
        "instagram" => "Instagram".into(),
        "healthgrades" => "Healthgrades".into(),
        other => {
            let mut chars = other.chars();
            chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// All tags with their article indices (into `site.articles`), sorted by slug.
pub fn tags(site: &Site) -> BTreeMap<String, (TagView, Vec<usize>)> {
    // Grouped under borrowed slugs: a site has tens of thousands of tag uses but few tags.
    let mut grouped: BTreeMap<&str, (&str, Vec<usize>)> = BTreeMap::new();
    for (index, article) in site.articles.iter().enumerate() {
        for (tag, slug) in article.tags.iter().zip(article.tag_slugs()) {
            let (name, articles) = grouped.entry(slug.as_str()).or_insert_with(|| (tag.value.as_str(), Vec::new()));
            // A spelling written for people ("Heart attack") wins over one written as a slug.
            if *name == slug.as_str() && tag.value != *slug {
                *name = tag.value.as_str();
            }
            if articles.last() != Some(&index) {
                articles.push(index);
            }
        }
    }
    grouped
        .into_iter()
        .map(|(slug, (name, articles))| {
            let view = TagView {
                name: tag_name(name, slug),
                url: format!("/tags/{slug}/"),
                slug: slug.to_string(),
                count: articles.len(),
            };
            (slug.to_string(), (view, articles))
        })
        .collect()
}

/// How a tag reads on a page: as written, unless it was only ever written as its slug
/// ("heart-attack"), which reads as words ("Heart attack").
fn tag_name(name: &str, slug: &str) -> String {
    if name != slug {
        return name.to_string();
    }
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// An article's listing metadata.
pub fn article_summary(
    article: &Article,
    tags: &BTreeMap<String, (TagView, Vec<usize>)>,
    people: &BTreeMap<String, PersonView>,
) -> ArticleSummary {
    let doc = &article.doc;
    let summary = match &doc.description {
        Some(d) => d.value.clone(),
        None => truncate_words(article.plain_start(), SUMMARY_CHARS),
    };
    let words = article.words();
    ArticleSummary {
        title: doc.title_or(&doc.slug),
        url: format!("/articles/{}/", doc.slug),
        summary,
        date: doc.date.as_ref().map(|d| d.human()).unwrap_or_default(),
        date_iso: doc.date.as_ref().map(|d| d.iso()).unwrap_or_default(),
        updated: doc.updated.as_ref().map(|d| d.human()),
        updated_iso: doc.updated.as_ref().map(|d| d.iso()),
        tags: article.tag_slugs().iter().filter_map(|slug| tags.get(slug).map(|(view, _)| view.clone())).collect(),
        author: article.author.as_ref().and_then(|a| people.get(&a.value).cloned()),
        reading_minutes: words.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

/// Cuts `text` at a word boundary to at most `max` characters, adding an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    // Leave room for the ellipsis; text without spaces (CJK, one long word) is cut mid-word.
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// A review for the reviews page; `content` is its rendered text.
pub fn review_view(review: &Review, content: String, people: &BTreeMap<String, PersonView>) -> ReviewView {
    let id = format!("review-{}", review.doc.slug);
    ReviewView {
        url: format!("/reviews/#{id}"),
        id,
        author: review.author.value.clone(),
        rating: review.rating.value,
        date: review.doc.date.as_ref().map(|d| d.human()),
        date_iso: review.doc.date.as_ref().map(|d| d.iso()),
        source: review.source.clone(),
        source_label: review.source.as_deref().map(source_label),
        source_url: review.source_url.as_ref().map(|s| s.value.clone()),
        about: review.about.as_ref().and_then(|a| people.get(&a.value).cloned()),
        content,
        expected_results: review.expected_results.as_ref().map(|e| e.value.clone()),
        incentive_disclosure: review.incentive_disclosure.as_ref().map(|e| e.value.clone()),
        relationship: match review.relationship.value.as_str() {
            "family_of_patient" => Some("Family member of a patient"),
            "employee" => Some("Employee of the practice"),
            "relative_of_staff" => Some("Relative of a staff member"),
            _ => None,
        },
        response: review.response.as_ref().map(|r| r.value.clone()),
    }
}

/// Display name of a review source.
pub fn source_label(source: &str) -> String {
    match source {
        "direct" => "Directly to the practice".into(),
        "google" => "Google".into(),
        "healthgrades" => "Healthgrades".into(),
        "webmd" => "WebMD".into(),
        "ratemds" => "RateMDs".into(),
        "vitals" => "Vitals".into(),
        "zocdoc" => "Zocdoc".into(),
        "yelp" => "Yelp".into(),
        "facebook" => "Facebook".into(),
        other => network_label(other),
    }
}

/// The person a clinician reference points to.
pub fn clinician_person(site: &Site, slug: &str, people: &BTreeMap<String, PersonView>) -> Option<PersonView> {
    match site.clinician(slug)? {
        Clinician::Profile(_) => people.get("profile").cloned(),
        Clinician::Team(member) => people.get(&member.doc.slug).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_join_prefix_and_credentials() {
        assert_eq!(
            display_name(Some("Dr."), "Amara Okafor", &["MD".into(), "FACC".into()]),
            "Dr. Amara Okafor, MD, FACC"
        );
        assert_eq!(display_name(None, "Sam Lee", &[]), "Sam Lee");
    }

    #[test]
    fn tags_written_as_slugs_read_as_words() {
        assert_eq!(tag_name("heart-attack", "heart-attack"), "Heart attack");
        assert_eq!(tag_name("Atrial fibrillation", "atrial-fibrillation"), "Atrial fibrillation");
        assert_eq!(tag_name("ECG", "ecg"), "ECG");
        assert_eq!(tag_name("élan", "élan"), "Élan");
    }

    #[test]
    fn truncates_at_word_boundaries() {
        assert_eq!(truncate_words("short text", 50), "short text");
        assert_eq!(truncate_words("one two three four", 12), "one two…");
        let cjk = "心房颤动是最常见的心律失常之一".repeat(20);
        assert_eq!(truncate_words(&cjk, 160).chars().count(), 160);
    }
}
