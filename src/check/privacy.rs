//! Per-document text rules: HIPAA identifiers (`phi/*`) and claims wording (`claims/*`) over every
//! segment of text that reaches the page. Reviews are patient content (errors, no exemptions);
//! elsewhere PHI findings are warnings and the practice's public details are exempt.

use crate::check::claims::Claims;
use crate::check::phi::{self, Family, Public, Scanner};
use crate::check::text::{Origin, Segment};
use crate::check::{context_severity, rules};
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::model::document::{Document, Kind};
use crate::model::values::Sp;
use crate::model::{Site, SiteDocument};

/// The scanner and the site's public details, built once per check.
pub struct Privacy {
    scanner: Scanner,
    public: Public,
}

impl Privacy {
    /// Collects the practice's public details from the configuration and the clinicians.
    pub fn new(site: &Site) -> Self {
        let config = &site.config;
        let practice = &config.practice;
        let mut phones: Vec<String> = [&practice.phone, &practice.fax].into_iter().flatten().cloned().collect();
        let mut addresses = Vec::new();
        let mut postal_codes = Vec::new();
        for location in &practice.locations {
            phones.extend([&location.phone, &location.fax].into_iter().flatten().cloned());
            addresses.push(location.street.clone());
            postal_codes.push(location.postal_code.clone());
        }
        phones.extend(config.compliance.public_phones.iter().cloned());
        let emails: Vec<String> =
            practice.email.iter().cloned().chain(config.compliance.public_emails.iter().cloned()).collect();
        let mut names: Vec<String> = config.compliance.public_names.clone();
        names.push(site.profile.name.value.clone());
        names.extend(site.team.iter().map(|t| t.name.value.clone()));
        let hosts: Vec<String> =
            config.base_url.host_str().map(|h| h.trim_start_matches("www.").to_string()).into_iter().collect();
        Self {
            scanner: Scanner::new(),
            public: Public::new(&phones, &emails, &names, &addresses, &postal_codes, &hosts)
                .with_cities(&practice.locations.iter().map(|l| l.city.clone()).collect::<Vec<_>>())
                .with_references(&config.compliance.public_domains),
        }
    }

    /// The reply check with this site's public details and suggested rewrite.
    pub fn reply_check<'a>(&'a self, site: &Site, author: Option<&'a str>) -> crate::check::replies::ReplyCheck<'a> {
        let practice = &site.config.practice;
        let name = if practice.name.is_empty() { &site.config.title } else { &practice.name };
        let rewrite = crate::check::replies::safe_reply(name, practice.phone.as_deref());
        crate::check::replies::ReplyCheck { scanner: &self.scanner, public: &self.public, author, rewrite }
    }

    /// Scans one document's text (its [`crate::check::text::document_segments`]).
    /// `permitted`: families the patient's authorization allows (a review that permits `city`
    /// may name a town); `shown`: the name a review is shown under.
    pub fn check(
        &self,
        doc: &Document,
        segments: &[Segment],
        claims: &Claims,
        permitted: &[Family],
        shown: Option<&str>,
    ) -> Vec<Diagnostic> {
        let patient = doc.kind == Kind::Review;
        let strict_claims = matches!(doc.kind, Kind::Review | Kind::Profile);
        let mut findings = Vec::new();
        for segment in segments {
            // A review's file name becomes its anchor and JSON-LD id on the published page.
            if patient && segment.origin == Origin::Slug && self.public.slug_names_a_person(&segment.text, shown) {
                findings.push(
                    Diagnostic::error("phi/name", "the file name of a patient review is a person's name")
                        .at(Span::new(&doc.file, segment.file_range(0..segment.text.len())), "named after a person")
                        .help("rename the file (for example review-0007.md, or after the authorization id): a review's file name becomes its anchor and JSON-LD id on the published page")
                        .masked(phi::mask(Family::Name, &segment.text)),
                );
                continue;
            }
            let mut found = self.scanner.scan(&segment.text, patient, &self.public);
            // A file a review links or shows (a photo) keeps its name on the published site:
            // "gonzalez-maria.jpg" names the patient. (Elsewhere, files named after people are
            // mostly the practice's own staff photos.)
            if patient
                && segment.origin == Origin::LinkUrl
                && !found.iter().any(|f| f.family == Family::Name)
                && let Some(stem) = file_stem(&segment.text)
                && self.public.slug_names_a_person(&segment.text[stem.clone()], shown)
            {
                found.push(phi::PhiMatch { family: Family::Name, range: stem });
            }
            for found in found {
                if !permitted.contains(&found.family) {
                    findings.push(phi_finding(doc, segment, &found, patient));
                }
            }
            if !matches!(segment.origin, Origin::LinkUrl | Origin::Code | Origin::Slug) {
                for claim in claims.scan(&segment.text) {
                    let range = segment.file_range(claim.range.clone());
                    let rule = rules::find(claim.rule).map_or("", |r| r.checks);
                    findings.push(
                        Diagnostic::error(claim.rule, format!("{} in {}", rule, where_in(doc)))
                            .at(Span::new(&doc.file, range), "claim")
                            .help(rules::find(claim.rule).map_or("", |r| r.fix))
                            .with_severity(context_severity(strict_claims)),
                    );
                }
            }
        }
        findings
    }
}

/// The byte range of the file name (without its extension) a local link or image address ends in
/// (`assets/maria-gonzalez.jpg` -> `maria-gonzalez`); none for web addresses and folders.
fn file_stem(url: &str) -> Option<std::ops::Range<usize>> {
    if url.contains("://") || url.starts_with("//") || url.starts_with("mailto:") || url.starts_with("tel:") {
        return None;
    }
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let start = url[..path_end].rfind('/').map_or(0, |i| i + 1);
    let end = url[start..path_end].rfind('.').map_or(path_end, |i| start + i);
    (end > start).then_some(start..end)
}

fn phi_finding(doc: &Document, segment: &Segment, found: &phi::PhiMatch, patient: bool) -> Diagnostic {
    let family = found.family;
    let matched = &segment.text[found.range.clone()];
    let rule = rules::find(family.rule());
    let place = match segment.origin {
        Origin::Slug => format!("the file name of {}", where_in(doc)),
        Origin::Alt => format!("image alt text in {}", where_in(doc)),
        Origin::LinkUrl => format!("a link in {}", where_in(doc)),
        Origin::Html => format!("HTML (comments are published too) in {}", where_in(doc)),
        Origin::Field(name) => format!("`{name}` of {}", where_in(doc)),
        Origin::Body | Origin::Code => where_in(doc),
    };
    let severity = if family == Family::Number { Severity::Warning } else { context_severity(patient) };
    let mut help = rule.map_or("remove it", |r| r.fix).to_string();
    if !patient && family != Family::Number {
        help.push_str(&format!(
            "; or, if it is not about a patient, allow = [{{ rule = \"{}\", reason = \"…\" }}]",
            family.rule()
        ));
    }
    Diagnostic::error(family.rule(), format!("{} {} in {place}", article_for(family.label()), family.label()))
        .at(
            Span::new(&doc.file, segment.file_range(found.range.clone())),
            format!("HIPAA Safe Harbor identifier ({})", family.label()),
        )
        .help(help)
        .masked(phi::mask(family, matched))
        .with_severity(severity)
}

fn article_for(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// "a patient review", "an article", … for messages.
fn where_in(doc: &Document) -> String {
    match doc.kind {
        Kind::Review => "a patient review",
        Kind::Article => "an article",
        Kind::Profile => "the profile",
        Kind::Team => "a team member's page",
        Kind::Page => "a page",
    }
    .to_string()
}

/// The identifier families a document may show: what a review's authorization permits, and the
/// addresses and dates a legal notice must give (HHS's Office for Civil Rights, the effective date).
pub fn permitted(document: SiteDocument<'_>) -> Vec<Family> {
    if let SiteDocument::Page(page) = document
        && page.notice.is_some()
    {
        return vec![Family::Address, Family::Place, Family::Zip, Family::Date];
    }
    let SiteDocument::Review(review) = document else { return Vec::new() };
    let permits = |what: &str| {
        review.authorization.as_ref().is_some_and(|a| a.permitted_identifiers.iter().any(|p| p.value == what))
    };
    if permits("city") { vec![Family::Place] } else { Vec::new() }
}

/// Named front matter strings of one document.
pub type TextFields = Vec<(&'static str, Sp<String>)>;

/// The front matter strings of `document` that reach a page (and so can carry PHI or a claim):
/// titles, descriptions, alt text, tags, disclosures, specialties, job titles, awards…
pub fn fields(document: SiteDocument<'_>) -> TextFields {
    let doc = document.doc();
    let mut fields = Vec::new();
    fields.extend(doc.title.clone().map(|t| ("title", t)));
    fields.extend(doc.description.clone().map(|t| ("description", t)));
    match document {
        SiteDocument::Profile(profile) => {
            fields.extend(profile.headshot_alt.clone().map(|t| ("headshot_alt", t)));
            for (name, list) in [
                ("specialties", &profile.specialties),
                ("hospital_affiliations", &profile.hospital_affiliations),
                ("memberships", &profile.memberships),
                ("awards", &profile.awards),
                ("insurance", &profile.insurance),
            ] {
                fields.extend(list.iter().map(|value| (name, locate(doc, value))));
            }
        }
        SiteDocument::Member(member) => {
            fields.extend(member.photo_alt.clone().map(|t| ("photo_alt", t)));
            fields.extend(member.job_title.iter().map(|value| ("job_title", locate(doc, value))));
            fields.extend(member.specialties.iter().map(|value| ("specialties", locate(doc, value))));
        }
        SiteDocument::Review(review) => {
            fields.extend(review.expected_results.clone().map(|t| ("expected_results", t)));
            fields.extend(review.incentive_disclosure.clone().map(|t| ("incentive_disclosure", t)));
        }
        SiteDocument::Article(article) => fields.extend(article.tags.iter().map(|t| ("tags", t.clone()))),
        SiteDocument::Page(_) => {}
    }
    fields
}

/// A front matter value whose span was not kept: found in the front matter text (or, failing
/// that, the top of the file).
fn locate(doc: &Document, value: &str) -> Sp<String> {
    let front = &doc.file.text[..doc.body.start.min(doc.file.text.len())];
    let span = front.find(value).map_or(0..0, |at| at..at + value.len());
    Sp::new(value.to_string(), span)
}
