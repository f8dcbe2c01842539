//! State medical-board advertising rules that a build can check, switched on by
//! `[compliance.practice] states` (the states of licensure and of the practice's patients).
//! Sources: `shared/research/legal-requirements.md` §8.
//! - `state/testimonials` (NY): advertising that uses testimonials is professional misconduct,
//!   N.Y. Educ. Law §6530(27)(a)(iii);
//! - `state/testimonial-disclosure` (TX): a testimonial needs a disclaimer about the credentials
//!   of the person giving it and disclosure of any compensation, 22 TAC §164.3(b)(3);
//! - `state/before-after` (CA): before-and-after images must say that results may not occur for
//!   all patients, Cal. Bus. & Prof. Code §651(b)(3);
//! - `state/credentials` (NY, IL): a "Dr." must show the licence type next to the name, N.Y. Gen.
//!   Bus. Law §350-b, 225 ILCS 60/26(4).

use crate::assets::ImageReference;
use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::document::Document;
use crate::model::values::Sp;

/// A clinician as shown: document, name, honorific prefix and credentials.
type Shown<'a> = (&'a Document, &'a Sp<String>, &'a Option<String>, &'a [String]);

/// The state rules for the site's states.
pub fn check(site: &Site, references: &[ImageReference<'_>]) -> Vec<Diagnostic> {
    let states = &site.config.compliance.practice.states;
    let has = |code: &str| states.iter().any(|s| s == code);
    let mut findings = Vec::new();
    if has("NY") {
        for review in &site.reviews {
            findings.push(
                Diagnostic::error("state/testimonials", "New York: advertising that uses a patient testimonial is professional misconduct")
                    .at(top_of(&review.doc), "a published testimonial")
                    .help("N.Y. Educ. Law §6530(27)(a)(iii): keep testimonials off the site of a practice licensed in New York (mark the review draft = true), or remove NY from [compliance.practice] states if it does not apply"),
            );
        }
    }
    if has("TX") && !site.reviews.is_empty() && !site.config.disclaimers.contains_key("review") {
        findings.push(
            Diagnostic::error("state/testimonial-disclosure", "Texas: testimonials need a disclaimer about who gives them and any compensation")
                .help("22 TAC §164.3(b)(3): add [disclaimers] review = \"Reviews are written by patients, who are not medical professionals. No reviewer was paid or rewarded unless stated with the review.\""),
        );
    }
    if has("CA") {
        findings.extend(before_after(references));
    }
    if let Some(code) = ["NY", "IL"].into_iter().find(|c| has(c)) {
        let law = if code == "NY" { "N.Y. Gen. Bus. Law §350-b" } else { "225 ILCS 60/26(4)" };
        let mut people: Vec<Shown<'_>> =
            vec![(&site.profile.doc, &site.profile.name, &site.profile.honorific_prefix, &site.profile.credentials)];
        people.extend(site.team.iter().map(|t| (&t.doc, &t.name, &t.honorific_prefix, t.credentials.as_slice())));
        for (doc, name, prefix, credentials) in people {
            let doctor = prefix.as_deref().is_some_and(|p| p.trim_end_matches('.').eq_ignore_ascii_case("dr"));
            if doctor && credentials.is_empty() {
                findings.push(
                    Diagnostic::error("state/credentials", format!("{code}: \"Dr. {}\" is shown without the licence type", name.value))
                        .at(Span::new(&doc.file, name.span.clone()), "no credentials")
                        .help(format!("{law}: add credentials = [\"MD\"] (or DO, DPM, DDS, PhD…) so the degree appears next to the name")),
                );
            }
        }
    }
    findings
}

/// Before-and-after images (by file name or alt text) in documents that never say results vary.
fn before_after(references: &[ImageReference<'_>]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for r in references {
        let described = format!("{} {}", r.reference, r.alt.as_deref().unwrap_or("")).to_lowercase();
        let shows = described.contains("before") && described.contains("after");
        if shows && !states_results_vary(r.doc.body_text()) {
            findings.push(
                Diagnostic::error("state/before-after", "California: a before-and-after image without a statement that results vary")
                    .at(Span::new(&r.doc.file, r.span.clone()), "before and after")
                    .help("Cal. Bus. & Prof. Code §651(b)(3): next to the image, name the procedure and say that results may not occur for all patients"),
            );
        }
    }
    findings
}

/// Whether the text says results are not the same for everyone.
fn states_results_vary(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "results vary",
        "results may vary",
        "individual results",
        "not occur for all",
        "not typical",
        "results are not guaranteed",
    ]
    .iter()
    .any(|p| text.contains(p))
}

fn top_of(doc: &Document) -> Span {
    Span::new(&doc.file, 0..doc.file.text.find('\n').unwrap_or(0))
}
