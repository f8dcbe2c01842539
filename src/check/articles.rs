//! Medical review rules for articles (`article/*`): who reviewed it, how long ago, and sources.

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Span};
use crate::model::article::Article;
use crate::model::{Clinician, Site};

/// The oldest review date that is not stale on `today`.
pub fn staleness_limit(today: Date, max_age_months: i64) -> Date {
    today.saturating_sub(jiff::Span::new().months(max_age_months))
}

/// Checks an article's medical review metadata and references; reviews before `limit` (see
/// [`staleness_limit`]) are stale.
pub fn check(site: &Site, article: &Article, limit: Date, max_age_months: i64) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let file = &article.doc.file;
    let top = Span::new(file, 0..file.text.find('\n').unwrap_or(0));
    match &article.medical_review {
        None => findings.push(
            Diagnostic::warning("article/medical-review", "this article has no medical review record")
                .at(top.clone(), "no [medical_review]")
                .help("add [medical_review] with reviewer = \"<clinician slug>\" and last_reviewed = YYYY-MM-DD"),
        ),
        Some(review) => {
            let whole = Span::new(file, review.span.clone());
            match &review.reviewer {
                None => findings.push(
                    Diagnostic::warning("article/medical-review", "the medical review names no reviewer")
                        .at(whole.clone(), "no reviewer")
                        .help("add reviewer = \"<clinician slug>\""),
                ),
                Some(reviewer) => {
                    if let Some(Clinician::Team(member)) = site.clinician(reviewer)
                        && !member.is_clinician()
                    {
                        findings.push(
                            Diagnostic::warning(
                                "article/medical-review",
                                format!("{} is not a clinician who can medically review an article", member.name.value),
                            )
                            .at(Span::new(file, reviewer.span.clone()), format!("role is {}", member.role))
                            .help("choose a physician, nurse practitioner or physician assistant as reviewer"),
                        );
                    }
                }
            }
            match &review.last_reviewed {
                None => findings.push(
                    Diagnostic::warning("article/medical-review", "the medical review has no date")
                        .at(whole, "no last_reviewed")
                        .help("add last_reviewed = YYYY-MM-DD (never the build date)"),
                ),
                Some(date) => {
                    if date.day < limit {
                        findings.push(
                            Diagnostic::warning(
                                "article/review-stale",
                                format!(
                                    "the last medical review ({}) is more than {max_age_months} months old",
                                    date.iso()
                                ),
                            )
                            .at(Span::new(file, date.span.clone()), "stale")
                            .help("have a clinician review the article and update last_reviewed"),
                        );
                    }
                }
            }
        }
    }
    if article.references.is_empty() {
        findings.push(
            Diagnostic::warning("article/references", "this article cites no references")
                .at(top, "no [[references]]")
                .help("add [[references]] blocks with title, url, publisher and year"),
        );
    }
    findings
}
