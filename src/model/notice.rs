//! The notices the law asks a practice's site to post, by kind: what each is called in a link,
//! and the page or address that holds it (a page with `notice = "…"`, or a URL in
//! `[compliance.notices]` for a notice hosted elsewhere, such as a hospital system's PDF).

use crate::model::Site;

/// The notice kinds a page can be (`notice = "…"` in its front matter).
pub const KINDS: [&str; 6] =
    ["privacy", "nondiscrimination", "language_assistance", "good_faith_estimate", "surprise_billing", "accessibility"];

/// The link text a notice is known by: what a patient (and OCR's auditor) looks for.
pub fn link_text(kind: &str) -> &'static str {
    match kind {
        "privacy" => "Notice of Privacy Practices",
        "nondiscrimination" => "Nondiscrimination Notice",
        "language_assistance" => "Language Assistance",
        "good_faith_estimate" => "Good Faith Estimate",
        "surprise_billing" => "Surprise Billing Protections",
        _ => "Accessibility",
    }
}

/// One notice of the site and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// Its kind.
    pub kind: &'static str,
    /// Its link text.
    pub title: &'static str,
    /// Site-relative URL of its page, or the configured absolute URL.
    pub url: String,
}

/// The site's notices in [`KINDS`] order: pages first, then configured URLs.
pub fn notices(site: &Site) -> Vec<Notice> {
    KINDS
        .iter()
        .filter_map(|kind| {
            let page = site.pages.iter().find(|p| p.notice.as_ref().is_some_and(|n| n.value == *kind));
            let url = match page {
                Some(page) => format!("/{}/", page.doc.slug),
                None => site.config.compliance.notice_urls.get(*kind)?.clone(),
            };
            Some(Notice { kind, title: link_text(kind), url })
        })
        .collect()
}
