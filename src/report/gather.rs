//! Collecting what the report shows: the model, a full build into memory (so rendered-page rules
//! such as trackers and notice links count), and the practice's facts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::notices;
use crate::check::rules::RULES;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Site, notice};
use crate::pipeline::{self, BuildError, BuildOptions};

/// Everything the report shows.
#[derive(Debug, Serialize)]
pub struct Report {
    /// `whitecoat <version>`.
    pub generator: String,
    /// The site's title.
    pub site: String,
    /// Its base URL.
    pub base_url: String,
    /// The day the site was judged on (authorizations, medical reviews).
    pub date: String,
    /// BLAKE3 of every input file (path and bytes, sorted): the build this report describes.
    pub content_hash: String,
    /// How many input files that covers.
    pub input_files: usize,
    /// Whether the site would build: no error finding.
    pub passes: bool,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// The notice rules, whether the practice's facts switch them on, and what the site has.
    pub notices: Vec<NoticeRow>,
    /// Every rule of the catalogue with its severity here and what it found.
    pub rules: Vec<RuleRow>,
    /// Every finding, located, without identifiers.
    pub findings: Vec<Finding>,
    /// Third-party trackers and embeds found on the pages (`privacy/*` findings).
    pub trackers: Vec<Finding>,
    /// Third parties the practice allows, with its reasons.
    pub trackers_allowed: Vec<Allowed>,
    /// Authorizations that have expired, are revoked or expire within the horizon.
    pub authorizations: Vec<AuthorizationRow>,
    /// Articles whose medical review is overdue or falls due within the horizon.
    pub articles_due: Vec<ArticleRow>,
    /// Suppressions in force.
    pub suppressions: Vec<SuppressionRow>,
}

/// One notice rule.
#[derive(Debug, Serialize)]
pub struct NoticeRow {
    /// Rule id.
    pub rule: &'static str,
    /// The notice's name.
    pub title: &'static str,
    /// Whether the practice's facts require it.
    pub required: bool,
    /// The fact that decides it.
    pub why: String,
    /// Where the site has it (a page URL or a configured address).
    pub url: Option<String>,
    /// Findings of its rule.
    pub findings: usize,
}

/// One rule of the catalogue.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    /// Rule id.
    pub id: &'static str,
    /// What it checks.
    pub checks: &'static str,
    /// Its severity on this site: `error`, `warning` or `off`.
    pub severity: String,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Findings suppressed with a reason.
    pub suppressed: usize,
}

/// A finding, as the report shows it.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// File, relative to the site.
    pub path: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// The message (never the matched text).
    pub message: String,
    /// The identifier masked (`(***) ***-**67`), when the finding is about one.
    pub masked: Option<String>,
}

/// A vendor allowed by `[compliance.trackers]`.
#[derive(Debug, Serialize)]
pub struct Allowed {
    /// Vendor.
    pub vendor: String,
    /// Why.
    pub reason: String,
}

/// A review's authorization that needs attention.
#[derive(Debug, Serialize)]
pub struct AuthorizationRow {
    /// The review's file.
    pub review: String,
    /// The authorization's id in the practice's records.
    pub id: Option<String>,
    /// Expiry date.
    pub expires_on: Option<String>,
    /// Days from the report's date to the expiry (negative: expired).
    pub days_left: Option<i64>,
    /// `revoked`, `expired`, or `expires soon`.
    pub status: &'static str,
}

/// An article due for medical re-review.
#[derive(Debug, Serialize)]
pub struct ArticleRow {
    /// The article's file.
    pub article: String,
    /// Its title.
    pub title: String,
    /// Who reviewed it last.
    pub reviewer: Option<String>,
    /// When.
    pub last_reviewed: Option<String>,
    /// When it falls due (never reviewed: now).
    pub due: String,
    /// Whether that is already past.
    pub overdue: bool,
}

/// A suppression in force.
#[derive(Debug, Serialize)]
pub struct SuppressionRow {
    /// Rule id.
    pub rule: String,
    /// Document.
    pub path: String,
    /// The reason given.
    pub reason: String,
    /// Findings it suppressed.
    pub count: usize,
}

/// Reads, checks and renders the site in memory, and gathers the report.
pub fn gather(options: &BuildOptions) -> Result<Report, BuildError> {
    let files = crate::load::load(&options.site)?;
    let (content_hash, input_files) = content_hash(&files);
    // Drafts are left out: the report describes what would be published.
    let site = pipeline::model_only(&BuildOptions { drafts: false, ..options.clone() })?;
    let today = pipeline::today(options);
    let inspected = pipeline::inspect(options)?;
    let (diagnostics, suppressed) = (inspected.diagnostics, inspected.suppressed);
    let findings: Vec<Finding> = diagnostics.iter().map(finding).collect();
    let (errors, warnings) = crate::diagnostics::count(&diagnostics);
    let compliance = &site.config.compliance;
    Ok(Report {
        generator: format!("whitecoat {}", env!("CARGO_PKG_VERSION")),
        site: site.config.title.clone(),
        base_url: site.config.base_url.to_string(),
        date: today.to_string(),
        content_hash,
        input_files,
        passes: errors == 0,
        errors,
        warnings,
        notices: notice_rows(&site, &diagnostics),
        rules: rule_rows(&site, &diagnostics, &suppressed),
        trackers: diagnostics.iter().filter(|d| d.rule.starts_with("privacy/")).map(finding).collect(),
        findings,
        trackers_allowed: compliance
            .trackers_allowed
            .iter()
            .map(|(vendor, reason)| Allowed { vendor: vendor.clone(), reason: reason.clone() })
            .collect(),
        authorizations: authorizations(&site, today),
        articles_due: articles_due(&site, today),
        suppressions: suppressed
            .iter()
            .map(|s| SuppressionRow {
                rule: s.rule.clone(),
                path: crate::fsx::slash_path(&s.path),
                reason: s.reason.clone(),
                count: s.count,
            })
            .collect(),
    })
}

/// BLAKE3 over every input file's path and bytes, in path order.
fn content_hash(files: &crate::load::SiteFiles) -> (String, usize) {
    let mut inputs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    inputs.insert("site.toml".into(), files.config.text.as_bytes().to_vec());
    for doc in files.documents.iter() {
        // Relative to the site folder: the same site reports the same hash wherever it is.
        let path = doc.file.path.strip_prefix(&files.root).unwrap_or(&doc.file.path);
        inputs.insert(crate::fsx::slash_path(path), doc.file.text.as_bytes().to_vec());
    }
    for (path, bytes) in &files.assets {
        inputs.insert(path.clone(), bytes.to_vec());
    }
    for (path, bytes) in &files.templates {
        inputs.insert(format!("templates/{path}"), bytes.to_vec());
    }
    for (theme, theme_files) in &files.themes {
        for (path, bytes) in theme_files {
            inputs.insert(format!("themes/{theme}/{path}"), bytes.to_vec());
        }
    }
    for (path, source) in &files.statics {
        inputs.insert(format!("static/{path}"), std::fs::read(source).unwrap_or_default());
    }
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in &inputs {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    (hasher.finalize().to_hex().to_string(), inputs.len())
}

fn finding(d: &Diagnostic) -> Finding {
    let location = d.span.as_ref().map(|s| (crate::fsx::slash_path(&s.file.path), s.start().line));
    Finding {
        rule: d.rule.to_string(),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        path: location.as_ref().map(|(p, _)| p.clone()),
        line: location.map(|(_, l)| l),
        message: d.message.clone(),
        masked: d.masked.clone(),
    }
}

fn notice_rows(site: &Site, diagnostics: &[Diagnostic]) -> Vec<NoticeRow> {
    let present = notice::notices(site);
    notices::applicable(&site.config.compliance.practice)
        .into_iter()
        .map(|rule| NoticeRow {
            rule: rule.rule,
            title: notice::link_text(rule.kind),
            required: rule.on,
            why: rule.why,
            url: present.iter().find(|n| n.kind == rule.kind).map(|n| n.url.clone()),
            findings: diagnostics.iter().filter(|d| d.rule == rule.rule).count(),
        })
        .collect()
}

fn rule_rows(site: &Site, diagnostics: &[Diagnostic], suppressed: &[crate::check::policy::Suppressed]) -> Vec<RuleRow> {
    let overrides = &site.config.compliance.rules;
    RULES
        .iter()
        .map(|rule| {
            let of =
                |severity: Severity| diagnostics.iter().filter(|d| d.rule == rule.id && d.severity == severity).count();
            let default = match rule.default {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            RuleRow {
                id: rule.id,
                checks: rule.checks,
                severity: overrides.get(rule.id).cloned().unwrap_or_else(|| default.to_string()),
                errors: of(Severity::Error),
                warnings: of(Severity::Warning),
                suppressed: suppressed.iter().filter(|s| s.rule == rule.id).map(|s| s.count).sum(),
            }
        })
        .collect()
}

/// The review's file name as the report shows it: masked if it names a person (`phi/name`).
fn review_path(review: &crate::model::review::Review) -> String {
    let path = crate::fsx::slash_path(&review.doc.file.path);
    if crate::check::phi::slug_names_a_person(&review.doc.slug, &[&review.author.value]) {
        path.replace(&review.doc.slug, &crate::check::phi::mask(crate::check::phi::Family::Name, &review.doc.slug))
    } else {
        path
    }
}

fn authorizations(site: &Site, today: jiff::civil::Date) -> Vec<AuthorizationRow> {
    let mut rows: Vec<AuthorizationRow> = site
        .reviews
        .iter()
        .filter_map(|review| {
            let auth = review.authorization.as_ref()?;
            let expires = auth.expires_on.as_ref().map(|e| e.value.day);
            let days_left =
                expires.and_then(|e| today.until((jiff::Unit::Day, e)).ok()).map(|span| i64::from(span.get_days()));
            let status = if auth.revoked {
                "revoked"
            } else {
                match days_left {
                    Some(d) if d < 0 => "expired",
                    Some(d) if d <= super::HORIZON_DAYS => "expires soon",
                    _ => return None,
                }
            };
            Some(AuthorizationRow {
                review: review_path(review),
                id: auth.id.as_ref().map(|i| i.value.clone()),
                expires_on: expires.map(|e| e.to_string()),
                days_left,
                status,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.days_left.cmp(&b.days_left).then_with(|| a.review.cmp(&b.review)));
    rows
}

fn articles_due(site: &Site, today: jiff::civil::Date) -> Vec<ArticleRow> {
    let months = site.config.compliance.review_max_age_months;
    let horizon = today.saturating_add(jiff::Span::new().days(super::HORIZON_DAYS));
    let mut rows: Vec<ArticleRow> = site
        .articles
        .iter()
        .filter_map(|article| {
            let review = article.medical_review.as_ref();
            let last = review.and_then(|r| r.last_reviewed.as_ref()).map(|d| d.value.day);
            let due = last.map_or(today, |d| d.saturating_add(jiff::Span::new().months(months)));
            (due <= horizon).then(|| ArticleRow {
                article: crate::fsx::slash_path(&article.doc.file.path),
                title: article.doc.title_or(""),
                reviewer: review.and_then(|r| r.reviewer.as_ref()).map(|r| r.value.clone()),
                last_reviewed: last.map(|d| d.to_string()),
                due: due.to_string(),
                overdue: due < today,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.article.cmp(&b.article)));
    rows
}
