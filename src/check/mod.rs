//! Stage 3, check: the compliance rules over the typed site and its text — PHI identifiers,
//! testimonial authorizations and FTC disclosures, claims wording, medical review, images — then
//! the site's policy (severity overrides, suppressions). Nothing is written before this passes.

pub mod a11y;
pub mod articles;
pub mod claims;
pub mod images;
pub mod links;
pub mod markup;
pub mod notices;
pub mod phi;
pub mod placeholders;
pub mod policy;
pub mod privacy;
pub mod replies;
pub mod reviews;
pub mod rules;
pub mod shortcodes;
pub mod states;
pub mod testimonials;
pub mod text;
pub mod trackers;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::assets::ImageReference;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::model::fields::did_you_mean;
use crate::model::values::Sp;
use crate::model::{Site, SiteDocument};
use crate::source::SourceFile;
use policy::Suppressed;

/// What the check stage found.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    /// Findings after the policy, in no particular order (the pipeline sorts all findings once).
    pub findings: Vec<Diagnostic>,
    /// Suppressed findings, per document and rule.
    pub suppressed: Vec<Suppressed>,
    /// Reviews to leave out of the site (revoked or expired authorization).
    pub excluded_reviews: Vec<String>,
}

/// Per-document findings of earlier checks, reused while a document's file and everything it is
/// checked against (configuration, clinicians) are unchanged.
#[derive(Default)]
pub struct CheckCache {
    /// By the address of the document's file (held alive by the entry): a parse reused from the
    /// last build is the very same file.
    entries: Mutex<rustc_hash::FxHashMap<usize, CachedFindings>>,
    /// The claim patterns of the last check.
    claims: Mutex<Option<CompiledClaims>>,
}

/// Claim patterns and the site phrases and specialties they were built with.
struct CompiledClaims {
    phrases: BTreeMap<String, Vec<String>>,
    specialties: Vec<String>,
    claims: Arc<claims::Claims>,
}

impl CheckCache {
    /// The claim patterns for the site's extra phrases and specialties, compiled again only when
    /// those change.
    fn claims(&self, extra: &BTreeMap<String, Vec<String>>, specialties: &[String]) -> Arc<claims::Claims> {
        let build = || Arc::new(claims::Claims::for_site(extra, specialties));
        let Ok(mut last) = self.claims.lock() else { return build() };
        match last.as_ref() {
            Some(compiled) if compiled.phrases == *extra && compiled.specialties == specialties => {
                Arc::clone(&compiled.claims)
            }
            _ => {
                let claims = build();
                *last = Some(CompiledClaims {
                    phrases: extra.clone(),
                    specialties: specialties.to_vec(),
                    claims: Arc::clone(&claims),
                });
                claims
            }
        }
    }
}

/// The specialties of the site's clinicians, which pick the specialty claim lists.
fn specialties(site: &Site) -> Vec<String> {
    let mut all: Vec<String> = site.profile.specialties.iter().map(|s| s.to_string()).collect();
    all.extend(site.team.iter().flat_map(|m| m.specialties.iter().map(|s| s.to_string())));
    all.sort();
    all.dedup();
    all
}

struct CachedFindings {
    /// Keeps the file, and so the address that keys the entry, alive.
    #[allow(dead_code)]
    file: Arc<SourceFile>,
    context: u64,
    findings: Arc<Vec<Diagnostic>>,
}

/// Runs every content rule over the site; `today` dates authorizations and medical reviews.
pub fn run(
    site: &Site,
    references: &[ImageReference<'_>],
    assets: &BTreeMap<String, Arc<[u8]>>,
    today: jiff::civil::Date,
    cache: Option<&CheckCache>,
) -> CheckOutcome {
    let compliance = &site.config.compliance;
    let specialties = specialties(site);
    let (claims, scanner) = rayon::join(
        || match cache {
            Some(cache) => cache.claims(&compliance.claims, &specialties),
            None => Arc::new(claims::Claims::for_site(&compliance.claims, &specialties)),
        },
        || privacy::Privacy::new(site),
    );
    let html_policy = &site.config.markdown.html;
    let highlight_limit = site.config.markdown.highlight.then_some(site.config.limits.highlight_bytes);
    let context = context_hash(site, today);
    let docs: Vec<SiteDocument> = site.documents().collect();
    let limit = articles::staleness_limit(today, compliance.review_max_age_months);
    let check_uncached = |checked: &SiteDocument| -> Vec<Diagnostic> {
        let doc = checked.doc();
        let fields = privacy::fields(*checked);
        let fields: Vec<(&'static str, &Sp<String>)> = fields.iter().map(|(name, value)| (*name, value)).collect();
        let segments = text::document_segments(doc, &fields);
        let shown = match checked {
            SiteDocument::Review(review) => Some(review.author.value.as_str()),
            _ => None,
        };
        let mut findings = scanner.check(doc, &segments, &claims, &privacy::permitted(*checked), shown);
        findings.extend(markup::check(doc, &segments, html_policy, highlight_limit));
        findings.extend(shortcodes::check(site, doc));
        findings.extend(placeholders::check(doc, &segments));
        findings.extend(reviews::gating(doc, &segments));
        findings.extend(a11y::check(doc));
        if let SiteDocument::Review(review) = checked
            && let Some(response) = &review.response
        {
            findings
                .extend(scanner.reply_check(site, Some(&review.author.value)).check(&doc.file, response.span.clone()));
        }
        if let SiteDocument::Article(article) = checked {
            findings.extend(articles::check(site, article, limit, compliance.review_max_age_months));
        }
        findings
    };
    let previous = cache.and_then(|c| c.entries.lock().ok()).map(|mut e| std::mem::take(&mut *e)).unwrap_or_default();
    let check_all = || -> Vec<(&SiteDocument, Arc<Vec<Diagnostic>>)> {
        docs.par_iter()
            .map(|checked| {
                let key = Arc::as_ptr(&checked.doc().file) as usize;
                let findings = match previous.get(&key) {
                    Some(cached) if cached.context == context => Arc::clone(&cached.findings),
                    _ => Arc::new(check_uncached(checked)),
                };
                (checked, findings)
            })
            .collect()
    };
    // Testimonials are read for outcomes after the documents: compile that pattern meanwhile, if
    // one of them may describe an outcome.
    let (checked, _) = rayon::join(check_all, || {
        for review in site.reviews.iter().filter(|r| r.expected_results.is_none()) {
            claims.prepare_outcomes(review.doc.body_text());
        }
    });
    drop(previous);
    let mut findings: Vec<Diagnostic> = checked.iter().flat_map(|(_, found)| found.iter().cloned()).collect();
    if let Some(mut entries) = cache.and_then(|c| c.entries.lock().ok()) {
        *entries = checked
            .into_iter()
            .map(|(checked, findings)| {
                let file = Arc::clone(&checked.doc().file);
                (Arc::as_ptr(&file) as usize, CachedFindings { file, context, findings })
            })
            .collect();
    }
    let (testimonial, excluded_reviews) = testimonials::check(site, today, &claims);
    findings.extend(testimonial);
    findings.extend(images::check(references, assets));
    findings.extend(states::check(site, references));
    findings.extend(reviews::suppression(site));
    findings.extend(notices::check(site));
    findings.extend(unknown_suppressions(site));
    // What no policy waives passes around it (see `rules::waivable`).
    let reviews: std::collections::HashSet<&std::path::Path> =
        site.reviews.iter().chain(&site.withheld_reviews).map(|r| r.doc.file.path.as_path()).collect();
    let (fixed, findings): (Vec<Diagnostic>, Vec<Diagnostic>) = findings.into_iter().partition(|d| {
        let in_review = d.span.as_ref().is_some_and(|s| reviews.contains(s.file.path.as_path()));
        d.severity == Severity::Error && !rules::waivable(d.rule, in_review)
    });
    let findings = policy::apply_overrides(findings, &compliance.rules);
    // The pipeline sorts these together with the model's findings.
    let (mut findings, suppressed) = policy::apply_suppressions(findings, site);
    findings.extend(fixed);
    CheckOutcome { findings, suppressed, excluded_reviews }
}

/// A hash of everything per-document checks depend on besides the document itself: the
/// configuration, the clinicians (public names, who may review an article) and the date.
fn context_hash(site: &Site, today: jiff::civil::Date) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(&site.config).unwrap_or_default().hash(&mut hasher);
    today.hash(&mut hasher);
    site.profile.name.value.hash(&mut hasher);
    site.profile.npi.as_ref().map(|n| n.value.clone()).hash(&mut hasher);
    for member in &site.team {
        member.doc.slug.hash(&mut hasher);
        member.role.hash(&mut hasher);
        member.name.value.hash(&mut hasher);
        member.npi.as_ref().map(|n| n.value.clone()).hash(&mut hasher);
    }
    hasher.finish()
}

/// `allow` entries that name no rule are errors (a typo would silently suppress nothing), and so
/// are those that name a rule no one may waive there (see `rules::waivable`).
fn unknown_suppressions(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for doc in site.documents().map(|d| d.doc()) {
        let in_review = doc.kind == crate::model::document::Kind::Review;
        for allow in &doc.allow {
            let known = rules::find(&allow.rule).is_some();
            if known && !rules::waivable(&allow.rule, in_review) {
                let help = if allow.rule.starts_with("authorization/") {
                    "record the signed authorization in [authorization], or delete the review: publishing a testimonial without a valid HIPAA marketing authorization is not excused by a reason (45 CFR 164.508(a)(3))"
                } else {
                    "remove the identifier, or record that the patient permitted it: permitted_identifiers in [authorization] (initials, first_name, full_name, photo, procedure, age, city)"
                };
                findings.push(
                    Diagnostic::error(
                        "frontmatter/type",
                        format!("`{}` cannot be suppressed in a review", allow.rule.value),
                    )
                    .at(Span::new(&doc.file, allow.rule.span.clone()), "not waivable")
                    .help(help),
                );
            } else if !known {
                let help = match did_you_mean(&allow.rule, rules::RULES.iter().map(|r| r.id)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "rule ids are listed in the README's rule table".to_string(),
                };
                findings.push(
                    Diagnostic::error("frontmatter/type", format!("`{}` is not a rule id", allow.rule.value))
                        .at(Span::new(&doc.file, allow.rule.span.clone()), "unknown rule")
                        .help(help),
                );
            }
        }
    }
    findings
}

/// Severity for content of a kind: patient content and the profile get the strict level.
pub fn context_severity(strict: bool) -> Severity {
    if strict { Severity::Error } else { Severity::Warning }
}

/// Every pattern the compliance checks declare (for the test that keeps `lazy_regex::forms`
/// current).
#[cfg(test)]
pub(crate) fn declared_patterns() -> Vec<String> {
    let mut patterns = phi::declared();
    patterns.extend(reviews::declared());
    patterns.extend(notices::declared());
    patterns.extend(replies::declared());
    patterns.extend(crate::model::placeholder::declared());
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_patterns_are_compiled_again_only_when_the_site_phrases_change() {
        let cache = CheckCache::default();
        let none = BTreeMap::new();
        let first = cache.claims(&none, &[]);
        assert!(Arc::ptr_eq(&first, &cache.claims(&none, &[])), "same phrases: the same patterns");
        let extra = BTreeMap::from([("superiority".to_string(), vec!["finest in town".to_string()])]);
        let changed = cache.claims(&extra, &[]);
        assert!(!Arc::ptr_eq(&first, &changed));
        assert_eq!(changed.scan("The finest in town.").len(), 1, "the new phrase is searched for");
        let dermatology = cache.claims(&extra, &["Dermatology".to_string()]);
        assert!(!Arc::ptr_eq(&changed, &dermatology), "new specialties: new patterns");
        assert_eq!(
            dermatology.scan("Our scarless technique.").len(),
            1,
            "{:?}",
            dermatology.scan("Our scarless technique.")
        );
    }
}
