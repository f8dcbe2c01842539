//! How the reviews page represents patients' opinions (16 CFR 465, the Endorsement Guides):
//! - `reviews/suppression`: an authorized review rated lower than every published one is held
//!   back as a draft with no neutral reason (`withheld_reason`), so the page implies it shows all
//!   reviews while leaving out the low ones (465.7(b));
//! - `reviews/gating`: asking only satisfied patients for reviews ("if you had a 5-star
//!   experience", "only happy patients"), which distorts what the reviews show (255.1, Google's
//!   review policy).

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;

use crate::check::text::{Origin, Segment};
use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::document::Document;

/// Review-gating wording.
static GATING: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(concat!(
        r"(?i)\b(?:",
        r"(?:only|just)\s+(?:our\s+)?(?:happy|satisfied|delighted)\s+(?:patients|customers|clients)",
        r"|if\s+you\s+(?:had|have|enjoyed|loved)\s+an?\s+(?:(?:great|positive|good|excellent|wonderful|5|five)[- ]?(?:star\s+|★\s*)?)+(?:experience|visit|stay)",
        r"|if\s+you\s+(?:enjoyed|loved|liked)\s+(?:your|the|our)\s+(?:visit|care|experience|stay|service),?\s+(?:(?:we|we'd|we’d|would|please|kindly|consider|love|appreciate|leaving|leave|write|post|give|us|a|an|google|yelp|quick|short|online)\s+){0,6}review",
        r"|(?:leave|give|write|post)\s+us\s+an?\s+(?:5|five)[- ]star\s+review",
        r"|(?:5|five)[- ]star\s+reviews?\s+only",
        r"|only\s+(?:positive|good|great|glowing|(?:5|five)[- ]star)\s+reviews",
        r"|(?:happy|satisfied|pleased)\s+with\s+(?:your|the|our)\s+(?:visit|care|experience|service|stay)\s*\?\s*(?:please\s+)?(?:leave|write|post|give)\s+us\b",
        r"|(?:happy|satisfied|delighted|pleased)\s+(?:patients|customers|clients)\s*[:,\-–—]\s*(?:please\s+)?(?:leave|write|post|give)\b",
        r"|if\s+you(?:'re|\s+are|\s+were)\s+(?:happy|satisfied|pleased)[^.!?]{0,60}\b(?:review|rate)\s+us",
        r"|(?:unhappy|not\s+happy|not\s+satisfied|unsatisfied|dissatisfied|had\s+a\s+bad\s+experience)\s*[?:,]?[^.!?]{0,60}\b(?:call|email|contact|tell|see|speak\s+(?:to|with))\s+(?:us|(?:the|our)\s+\w+(?:\s+\w+)?)\s+(?:first|instead|directly|privately)(?:\s+(?:before|rather\s+than)[^.!?]{0,40}review)?",
        r")\b"
    )
    .to_string())
});

/// Review-gating wording in a document's text.
pub fn gating(doc: &Document, segments: &[Segment]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for segment in segments.iter().filter(|s| matches!(s.origin, Origin::Body | Origin::Field(_))) {
        for m in GATING.find_iter(&segment.text) {
            findings.push(
                Diagnostic::error("reviews/gating", "asking only satisfied patients for reviews (review gating)")
                    .at(Span::new(&doc.file, segment.file_range(m.range())), "review gating")
                    .help("ask every patient alike (\"We welcome your feedback: leave a review on Google\"); steering unhappy patients away from reviews distorts them (16 CFR 255.1; Google bans it)"),
            );
        }
    }
    findings
}

/// Authorized reviews held back as drafts, rated below every published review, with no reason.
pub fn suppression(site: &Site) -> Vec<Diagnostic> {
    let Some(lowest) = site.reviews.iter().map(|r| r.rating.value).min() else { return Vec::new() };
    site.withheld_reviews
        .iter()
        .filter(|r| r.authorization.is_some() && r.rating.value < lowest && r.withheld_reason.is_none())
        .map(|r| {
            Diagnostic::warning(
                "reviews/suppression",
                format!("a {}-star review is held back while only {lowest}-star and higher reviews are published", r.rating.value),
            )
            .at(Span::new(&r.doc.file, r.rating.span.clone()), "held back")
            .help(format!(
                "publish it (remove draft = true), or give the neutral reason it is withheld: withheld_reason = one of {} (16 CFR 465.7(b): a reviews page must not imply it shows all reviews while suppressing low ones)",
                crate::model::review::WITHHELD_REASONS.join(", ")
            ))
        })
        .collect()
}

/// The patterns this check declares (for the test that keeps `lazy_regex::forms` current).
#[cfg(test)]
pub(crate) fn declared() -> Vec<String> {
    vec![GATING.pattern().to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gating_wording_in_its_everyday_forms() {
        for gating in [
            "If you had a great experience, please leave us a review on Google.",
            "If you had a 5★ experience, review us!",
            "If you enjoyed your visit, we'd love a Google review.",
            "Happy with your visit? Leave us a review on Google!",
            "Satisfied patients: please leave a review.",
            "Unsatisfied patients: please contact us directly.",
            "Not happy? Call the office manager instead.",
            "Only positive reviews please!",
            "We ask only our happy patients to post reviews.",
            "If you're satisfied with our care, please review us on Yelp.",
        ] {
            assert!(GATING.find(gating).is_some(), "{gating}");
        }
        for fine in [
            "We welcome your feedback, good or bad: leave a review on Google.",
            "If you enjoyed your visit, tell a friend.",
            "If you are not happy with your care, please tell us so we can improve.",
            "Patients who had a good experience and those who did not are all invited to review us.",
            "Call us first thing in the morning for same-day appointments.",
        ] {
            assert!(GATING.find(fine).is_none(), "{fine}");
        }
    }
}
