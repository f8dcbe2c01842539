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
    LazyRegex::new(r"(?i)\b(?:(?:only|just)\s+(?:our\s+)?(?:happy|satisfied|delighted)\s+(?:patients|customers|clients)|if\s+you\s+(?:had|have|enjoyed|loved)\s+an?\s+(?:(?:great|positive|good|excellent|wonderful|5|five)[- ]?(?:star\s+)?)+(?:experience|visit|stay)|(?:leave|give|write|post)\s+us\s+an?\s+(?:5|five)[- ]star\s+review|(?:5|five)[- ]star\s+reviews?\s+only|if\s+you(?:'re|\s+are|\s+were)\s+(?:happy|satisfied|pleased)[^.!?]{0,60}\b(?:review|rate)\s+us|(?:unhappy|not\s+satisfied|dissatisfied|had\s+a\s+bad\s+experience)[^.!?]{0,60}\b(?:call|email|contact|tell)\s+us\s+(?:first|instead|directly|privately)(?:\s+(?:before|rather\s+than)[^.!?]{0,40}review)?)\b".to_string())
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
