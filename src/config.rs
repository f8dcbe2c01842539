//! `site.toml`: the site configuration, read strictly (unknown keys are errors with a did-you-mean).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::load::tree::{self, Node};
use crate::model::fields::{Fields, Sink};
use crate::model::values::Sp;
use crate::source::SourceFile;

/// The whole site configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending in `/`.
    #[serde(serialize_with = "crate::model::values::serialize_url")]
    pub base_url: url::Url,
    /// BCP 47 language tag.
    pub language: String,
    /// Theme name.
    pub theme: String,
    /// The practice's public details.
    pub practice: Practice,
    /// Brand colours and logo.
    pub brand: Brand,
    /// Disclaimer text per content kind (`article`, `review`, `profile`, `team`, `page`, `default`).
    pub disclaimers: BTreeMap<String, String>,
    /// Compliance settings.
    pub compliance: Compliance,
    /// Markdown options.
    pub markdown: MarkdownOptions,
    /// Article listing options.
    pub articles: ArticleOptions,
    /// Sharing options.
    pub social: Social,
    /// Structured data options.
    pub structured: Structured,
    /// Bounds on the work one input may cause.
    pub limits: Limits,
    /// Free-form data for templates.
    pub extra: serde_json::Value,
}

/// The practice's public contact details: never flagged as PHI.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Practice {
    /// Practice name.
    pub name: String,
    /// Main phone.
    pub phone: Option<String>,
    /// Fax.
    pub fax: Option<String>,
    /// Public email.
    pub email: Option<String>,
    /// Offices.
    pub locations: Vec<Location>,
}

/// One office.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Location {
    /// Display name ("Main office").
    pub name: String,
    /// Street address.
    pub street: String,
    /// City.
    pub city: String,
    /// State / region code.
    pub region: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO country code.
    pub country: String,
    /// Phone.
    pub phone: Option<String>,
    /// Fax.
    pub fax: Option<String>,
    /// Opening hours in schema.org form ("Mo-Fr 08:00-17:00").
    pub hours: Vec<String>,
    /// Offers telehealth visits.
    pub telehealth: bool,
    /// Online booking for this office (the `{{< booking location="…" >}}` shortcode), when it
    /// differs from the profile's `booking_url`.
    pub booking_url: Option<String>,
}

/// Brand colours and logo.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Brand {
    /// Primary colour, `#rrggbb`.
    pub primary: String,
    /// Accent colour, `#rrggbb`.
    pub accent: String,
    /// Site-relative path of the logo under `assets/`.
    pub logo: Option<String>,
    /// Where `logo` is set in site.toml (for findings about it).
    #[serde(skip)]
    pub logo_span: Option<std::ops::Range<usize>>,
}

/// Compliance settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Compliance {
    /// `error` or `warning`: the lowest severity that fails the build.
    pub fail_on: String,
    /// Medical review staleness threshold for articles.
    pub review_max_age_months: i64,
    /// Per-rule severity overrides: `error`, `warning` or `off`.
    pub rules: BTreeMap<String, String>,
    /// Public phones that are never PHI (outside reviews).
    pub public_phones: Vec<String>,
    /// Public emails.
    pub public_emails: Vec<String>,
    /// Public names (staff, partners).
    pub public_names: Vec<String>,
    /// Domains of public sources whose links are never identifiers (`[compliance.public] domains`).
    pub public_domains: Vec<String>,
    /// Extra claim phrases per category (`guarantee`, `cure`, `superiority`, `risk`, `board`).
    pub claims: BTreeMap<String, Vec<String>>,
    /// Facts about the practice that decide which site-wide and state rules apply.
    pub practice: PracticeFacts,
    /// Notices hosted elsewhere, by kind (`[compliance.notices] privacy = "https://…/npp.pdf"`).
    pub notice_urls: BTreeMap<String, String>,
    /// Third-party vendors the practice allows on its pages, with the reason (a signed BAA).
    pub trackers_allowed: BTreeMap<String, String>,
}

/// `[compliance.practice]`: what the practice is, which decides the rules that apply to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PracticeFacts {
    /// A HIPAA covered entity (bills insurers electronically); nearly every practice is.
    pub hipaa_covered_entity: bool,
    /// HHS funds received: `medicare_b`, `medicaid`, `chip`, `hhs_grant`.
    pub federal_funds: Vec<String>,
    /// Number of employees, when given.
    pub employees: Option<i64>,
    /// States of licensure and of the practice's patients (USPS codes), for state rules.
    pub states: Vec<String>,
    /// Furnishes care at a hospital, hospital outpatient department or ambulatory surgical center.
    pub furnishes_at_facility: bool,
    /// Sees self-pay or uninsured patients.
    pub self_pay: bool,
}

impl Default for PracticeFacts {
    fn default() -> Self {
        Self {
            hipaa_covered_entity: true,
            federal_funds: Vec::new(),
            employees: None,
            states: Vec::new(),
            furnishes_at_facility: false,
            self_pay: true,
        }
    }
}

/// The kinds of HHS funding `[compliance.practice] federal_funds` takes.
pub const FEDERAL_FUNDS: [&str; 4] = ["medicare_b", "medicaid", "chip", "hhs_grant"];

/// Markdown options.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MarkdownOptions {
    /// Highlight fenced code with syntect (CSS classes).
    pub highlight: bool,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// How raw HTML in content is sanitized (`embed_hosts`: more hosts whose iframes are kept).
    pub html: crate::markdown::HtmlPolicy,
}

/// Article listing options.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ArticleOptions {
    /// Articles per page on `/articles/` and tag pages.
    pub per_page: usize,
    /// Entries in the Atom feed.
    pub feed_limit: usize,
}

/// Sharing options.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Social {
    /// Generate share card images.
    pub cards: bool,
}

/// Structured data (schema.org JSON-LD) options.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Structured {
    /// Use pending schema.org terms (IndividualPhysician, usNPI, isAcceptingNewPatients, practicesAt).
    pub pending: bool,
}

/// Bounds on the work one input may cause (`[limits]`): generous for real sites, and each with a
/// clear message when a file exceeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Limits {
    /// Most pixels (width x height) of an image under `assets/`.
    pub image_pixels: u64,
    /// Most pixels on either side of an image.
    pub image_side: u32,
    /// Largest code block that is highlighted (bytes); larger ones are shown as plain code.
    pub highlight_bytes: usize,
    /// Largest rendered page (bytes).
    pub page_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { image_pixels: 60_000_000, image_side: 20_000, highlight_bytes: 65_536, page_bytes: 50_000_000 }
    }
}

/// Why the configuration could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file has problems, reported as diagnostics.
    #[error("site.toml has {0} problem(s)")]
    Invalid(usize),
}

const HEX_COLOR: &str = "a colour like \"#0b5394\"";

/// Parses `site.toml`; problems are pushed to `sink`, and `None` is returned if any was an error.
pub fn parse(file: &Arc<SourceFile>, sink: &Sink) -> Option<Config> {
    let root: Node = match tree::parse_toml(&file.text, 0) {
        Ok(node) => node,
        Err(e) => {
            sink.borrow_mut().push(
                Diagnostic::error("frontmatter/syntax", format!("site.toml is not valid TOML: {}", e.message))
                    .at(crate::diagnostics::Span::new(file, e.span), "here")
                    .help("fix the TOML syntax; see the site.toml example in the README"),
            );
            return None;
        }
    };
    let before = sink.borrow().len();
    let anchor = 0..file.text.find('\n').unwrap_or(file.text.len()).max(1).min(file.text.len());
    let mut f = Fields::new(file, &root, anchor, "site.toml", sink);
    let title = f.req_str("title");
    let base_url = f.req_str("base_url").and_then(|u| parse_base_url(&f, u));
    let language = f.str("language").map_or_else(|| "en".to_string(), |s| s.value);
    let theme = f.str("theme").map_or_else(|| "clinic".to_string(), |s| s.value);
    let practice = f.table("practice").map(practice).unwrap_or_default();
    let brand = brand(f.table("brand"));
    let disclaimers = f.table("disclaimers").map(disclaimers).unwrap_or_default();
    let compliance = compliance(f.table("compliance"));
    let default_markdown = MarkdownOptions { highlight: true, smart_punctuation: true, html: Default::default() };
    let markdown = f.table("markdown").map_or(default_markdown, |mut m| {
        let options = MarkdownOptions {
            highlight: m.bool("highlight").unwrap_or(true),
            smart_punctuation: m.bool("smart_punctuation").unwrap_or(true),
            html: crate::markdown::HtmlPolicy { embed_hosts: embed_hosts(&mut m) },
        };
        m.finish();
        options
    });
    let articles = f.table("articles").map_or(ArticleOptions { per_page: 10, feed_limit: 20 }, |mut a| {
        let options = ArticleOptions {
            per_page: a.int("per_page", 1..=1000).map_or(10, |n| n.value as usize),
            feed_limit: a.int("feed_limit", 1..=100_000).map_or(20, |n| n.value as usize),
        };
        a.finish();
        options
    });
    let social = f.table("social").map_or(Social { cards: true }, |mut s| {
        let social = Social { cards: s.bool("cards").unwrap_or(true) };
        s.finish();
        social
    });
    let structured = f.table("structured").map_or(Structured::default(), |mut s| {
        let structured = Structured { pending: s.bool("pending").unwrap_or(false) };
        s.finish();
        structured
    });
    let limits = f.table("limits").map_or(Limits::default(), |mut l| {
        let defaults = Limits::default();
        let limits = Limits {
            image_pixels: l.int("image_pixels", 1..=1_000_000_000).map_or(defaults.image_pixels, |n| n.value as u64),
            image_side: l.int("image_side", 1..=100_000).map_or(defaults.image_side, |n| n.value as u32),
            highlight_bytes: l
                .int("highlight_bytes", 0..=100_000_000)
                .map_or(defaults.highlight_bytes, |n| n.value as usize),
            page_bytes: l.int("page_bytes", 1_000..=1_000_000_000).map_or(defaults.page_bytes, |n| n.value as usize),
        };
        l.finish();
        limits
    });
    let extra = f.free_form("extra").unwrap_or(serde_json::Value::Null);
    f.finish();
    let failed = sink.borrow()[before..].iter().any(|d| d.severity == crate::diagnostics::Severity::Error);
    if failed {
        return None;
    }
    Some(Config {
        title: title?.value,
        base_url: base_url?,
        language,
        theme,
        practice,
        brand,
        disclaimers,
        compliance,
        markdown,
        articles,
        social,
        structured,
        limits,
        extra,
    })
}

/// `[markdown] embed_hosts`: host names only (`www.google.com`), lower-cased.
fn embed_hosts(m: &mut Fields<'_>) -> Vec<String> {
    let mut hosts = Vec::new();
    for host in m.str_list("embed_hosts") {
        let valid = url::Host::parse(&host.value).is_ok_and(|h| matches!(h, url::Host::Domain(_)))
            && !host.value.contains(['/', ':']);
        if valid {
            hosts.push(host.value.to_ascii_lowercase());
        } else {
            m.report(
                Diagnostic::error("frontmatter/type", format!("`{}` is not a host name", host.value))
                    .at(m.span(host.span.clone()), "expected a host name")
                    .help("write only the host of the embed's address, e.g. embed_hosts = [\"www.google.com\"]"),
            );
        }
    }
    hosts
}

fn parse_base_url(f: &Fields<'_>, raw: Sp<String>) -> Option<url::Url> {
    let mut text = raw.value.clone();
    if !text.ends_with('/') {
        text.push('/');
    }
    match url::Url::parse(&text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
        _ => {
            f.report(
                Diagnostic::error(
                    "frontmatter/type",
                    format!("`base_url` is not an absolute http(s) URL: `{}`", raw.value),
                )
                .at(f.span(raw.span.clone()), "not an absolute URL")
                .help("write the address the site is served from, e.g. base_url = \"https://www.example.com\""),
            );
            None
        }
    }
}

/// Parses a `--base-url` override the same way as the config key.
pub fn parse_base_url_flag(text: &str) -> Result<url::Url, String> {
    let with_slash = if text.ends_with('/') { text.to_string() } else { format!("{text}/") };
    match url::Url::parse(&with_slash) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
        _ => Err(format!("`{text}` is not an absolute http(s) URL (e.g. https://preview.example.com)")),
    }
}

fn practice(mut p: Fields<'_>) -> Practice {
    let practice = Practice {
        name: p.req_str("name").map(|s| s.value).unwrap_or_default(),
        phone: p.str("phone").map(|s| s.value),
        fax: p.str("fax").map(|s| s.value),
        email: p.str("email").map(|s| s.value),
        locations: p.table_list("locations").into_iter().map(location).collect(),
    };
    p.finish();
    practice
}

fn location(mut l: Fields<'_>) -> Location {
    let location = Location {
        name: l.str("name").map(|s| s.value).unwrap_or_default(),
        street: l.req_str("street").map(|s| s.value).unwrap_or_default(),
        city: l.req_str("city").map(|s| s.value).unwrap_or_default(),
        region: l.str("region").map(|s| s.value).unwrap_or_default(),
        postal_code: l.str("postal_code").map(|s| s.value).unwrap_or_default(),
        country: l.str("country").map_or_else(|| "US".to_string(), |s| s.value),
        phone: l.str("phone").map(|s| s.value),
        fax: l.str("fax").map(|s| s.value),
        hours: l
            .str_list("hours")
            .into_iter()
            .filter(|h| {
                let ok = crate::render::jsonld::parse_hours(&h.value).is_some();
                if !ok {
                    l.report(
                        Diagnostic::error("frontmatter/type", format!("`{}` is not an opening-hours entry", h.value))
                            .at(l.span(h.span.clone()), "expected days and times")
                            .help("write days (Mo Tu We Th Fr Sa Su, ranges like Mo-Fr, lists like Tu,Th) and 24-hour times: \"Mo-Fr 08:00-17:00\""),
                    );
                }
                ok
            })
            .map(|s| s.value)
            .collect(),
        telehealth: l.bool("telehealth").unwrap_or(false),
        booking_url: l.str("booking_url").filter(|url| crate::model::profile::check_absolute_url(&l, "booking_url", url)).map(|s| s.value),
    };
    l.finish();
    location
}

fn brand(b: Option<Fields<'_>>) -> Brand {
    let mut brand = Brand { primary: "#0b5394".into(), accent: "#1f6f8b".into(), logo: None, logo_span: None };
    let Some(mut b) = b else { return brand };
    for (key, slot) in [("primary", &mut brand.primary), ("accent", &mut brand.accent)] {
        if let Some(colour) = b.str(key) {
            if is_hex_color(&colour) {
                *slot = colour.value;
            } else {
                b.report(
                    Diagnostic::error("frontmatter/type", format!("`brand.{key}` is not a colour: `{}`", colour.value))
                        .at(b.span(colour.span.clone()), "expected #rrggbb")
                        .help(format!("write {HEX_COLOR}")),
                );
            }
        }
    }
    if let Some(logo) = b.str("logo") {
        brand.logo_span = Some(logo.span.clone());
        brand.logo = Some(logo.value);
    }
    b.finish();
    brand
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The content kinds a disclaimer can be configured for.
pub const DISCLAIMER_KINDS: [&str; 6] = ["profile", "team", "review", "article", "page", "default"];

fn disclaimers(mut d: Fields<'_>) -> BTreeMap<String, String> {
    let map =
        DISCLAIMER_KINDS.iter().filter_map(|kind| d.str(kind).map(|text| (kind.to_string(), text.value))).collect();
    d.finish();
    map
}

fn compliance(c: Option<Fields<'_>>) -> Compliance {
    let mut compliance = Compliance {
        fail_on: "error".into(),
        review_max_age_months: 24,
        rules: BTreeMap::new(),
        public_phones: Vec::new(),
        public_emails: Vec::new(),
        public_names: Vec::new(),
        public_domains: Vec::new(),
        claims: BTreeMap::new(),
        practice: PracticeFacts::default(),
        notice_urls: BTreeMap::new(),
        trackers_allowed: BTreeMap::new(),
    };
    let Some(mut c) = c else { return compliance };
    if let Some(fail_on) = c.choice("fail_on", &["error", "warning"]) {
        compliance.fail_on = fail_on.value;
    }
    if let Some(months) = c.int("review_max_age_months", 1..=240) {
        compliance.review_max_age_months = months.value;
    }
    if let Some(node) = c.allow("rules") {
        compliance.rules = rule_overrides(&c, node);
    }
    if let Some(mut public) = c.table("public") {
        let list = |p: &mut Fields<'_>, key| p.str_list(key).into_iter().map(|s| s.value).collect();
        compliance.public_phones = list(&mut public, "phones");
        compliance.public_emails = list(&mut public, "emails");
        compliance.public_names = list(&mut public, "names");
        compliance.public_domains = list(&mut public, "domains");
        public.finish();
    }
    // `[compliance] states` is accepted too: it is where a practice that only has state rules
    // first looks for it.
    let mut states = c.str_list("states");
    if let Some(mut p) = c.table("practice") {
        let defaults = PracticeFacts::default();
        compliance.practice = PracticeFacts {
            hipaa_covered_entity: p.bool("hipaa_covered_entity").unwrap_or(defaults.hipaa_covered_entity),
            federal_funds: p
                .str_list("federal_funds")
                .into_iter()
                .filter(|f| known(&p, "federal_funds", f, &FEDERAL_FUNDS))
                .map(|f| f.value)
                .collect(),
            employees: p.int("employees", 0..=1_000_000).map(|n| n.value),
            states: Vec::new(),
            furnishes_at_facility: p.bool("furnishes_at_facility").unwrap_or(false),
            self_pay: p.bool("self_pay").unwrap_or(defaults.self_pay),
        };
        states.extend(p.str_list("states"));
        p.finish();
    }
    for state in states {
        let code = state.value.trim().to_ascii_uppercase();
        if crate::check::phi::lexicon::state_code(&code).is_some_and(|c| c == code) {
            if !compliance.practice.states.contains(&code) {
                compliance.practice.states.push(code);
            }
        } else {
            let suggestion = crate::check::phi::lexicon::state_code(&state.value)
                .map(|c| format!("write the two-letter code: \"{c}\""))
                .unwrap_or_else(|| "use two-letter USPS codes: [\"NY\", \"TX\"]".to_string());
            c.report(
                Diagnostic::error("frontmatter/type", format!("`{}` is not a US state code", state.value))
                    .at(c.span(state.span.clone()), "not a state")
                    .help(suggestion),
            );
        }
    }
    if let Some(mut notices) = c.table("notices") {
        for kind in crate::model::notice::KINDS {
            if let Some(url) = notices.str(kind) {
                // A notice elsewhere (a health system's PDF), or a file of this site (static/npp.pdf
                // is "/npp.pdf"; the link check makes sure it is there).
                let absolute = url::Url::parse(&url.value).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
                let on_site = url.value.starts_with('/') && !url.value.starts_with("//");
                if absolute || on_site {
                    compliance.notice_urls.insert(kind.to_string(), url.value);
                } else {
                    notices.report(
                        Diagnostic::error("frontmatter/type", format!("`{kind}` is neither an http(s) URL nor a path on this site: `{}`", url.value))
                            .at(notices.span(url.span.clone()), "expected a URL")
                            .help("give the full address of the notice (\"https://www.example-health.org/npp.pdf\") or its path on this site (\"/npp.pdf\" for static/npp.pdf); a notice page of this site is a page with notice = \"…\""),
                    );
                }
            }
        }
        notices.finish();
    }
    if let Some(mut trackers) = c.table("trackers") {
        for mut entry in trackers.table_list("allow") {
            let vendor = entry.req_str("vendor");
            let reason = entry.req_str("reason");
            if let (Some(vendor), Some(reason)) = (vendor, reason)
                && !reason.value.trim().is_empty()
            {
                compliance.trackers_allowed.insert(vendor.value, reason.value);
            }
            entry.finish();
        }
        trackers.finish();
    }
    if let Some(mut claims) = c.table("claims") {
        for category in crate::check::claims::CATEGORIES {
            let phrases: Vec<String> = claims.str_list(category).into_iter().map(|s| s.value).collect();
            if !phrases.is_empty() {
                compliance.claims.insert(category.to_string(), phrases);
            }
        }
        claims.finish();
    }
    c.finish();
    compliance
}

/// Whether `value` is one of `choices`; reports it otherwise.
fn known(f: &Fields<'_>, key: &str, value: &Sp<String>, choices: &[&str]) -> bool {
    if choices.contains(&value.value.as_str()) {
        return true;
    }
    let suggestion = crate::model::fields::did_you_mean(&value.value, choices.iter().copied())
        .map_or_else(|| format!("`{key}` takes: {}", choices.join(", ")), |s| format!("did you mean `{s}`?"));
    f.report(
        Diagnostic::error("frontmatter/type", format!("`{}` is not one of the values of `{key}`", value.value))
            .at(f.span(value.span.clone()), "unknown value")
            .help(suggestion),
    );
    false
}

/// Rule ids are checked against the catalogue by the compliance stage; here only the shape.
fn rule_overrides(c: &Fields<'_>, node: &Node) -> BTreeMap<String, String> {
    use crate::load::tree::Value;
    let mut rules = BTreeMap::new();
    let Value::Table(entries) = &node.value else {
        c.report(
            Diagnostic::error("frontmatter/type", "`compliance.rules` must be a table")
                .at(c.span(node.span.clone()), "expected a table")
                .help("write [compliance.rules] followed by lines like \"claims/superiority\" = \"error\""),
        );
        return rules;
    };
    for entry in entries {
        if crate::check::rules::find(&entry.key).is_none() {
            let suggestion =
                crate::model::fields::did_you_mean(&entry.key, crate::check::rules::RULES.iter().map(|r| r.id));
            c.report(
                Diagnostic::error("frontmatter/unknown-key", format!("`{}` is not a rule id", entry.key))
                    .at(c.span(entry.key_span.clone()), "unknown rule")
                    .help(suggestion.map_or_else(
                        || "rule ids are listed in the README's rule table".to_string(),
                        |s| format!("did you mean `{s}`?"),
                    )),
            );
            continue;
        }
        if !crate::check::rules::configurable(&entry.key) {
            let help = if entry.key.starts_with("authorization/") {
                "a review's HIPAA marketing authorization cannot be waived (45 CFR 164.508(a)(3)): record it in the review's [authorization], or delete the review"
            } else {
                "front matter, template and missing-image errors always stop the build: fix the content instead"
            };
            c.report(
                Diagnostic::error("frontmatter/type", format!("`{}` cannot be reconfigured", entry.key))
                    .at(c.span(entry.key_span.clone()), "not configurable")
                    .help(help),
            );
            continue;
        }
        match &entry.node.value {
            Value::Str(level) if matches!(level.as_str(), "error" | "warning" | "off") => {
                rules.insert(entry.key.clone(), level.clone());
            }
            _ => c.report(
                Diagnostic::error(
                    "frontmatter/type",
                    format!("the severity of `{}` must be \"error\", \"warning\" or \"off\"", entry.key),
                )
                .at(c.span(entry.node.span.clone()), "not a severity")
                .help(format!("write \"{}\" = \"warning\"", entry.key)),
            ),
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let file = Arc::new(SourceFile::new("site.toml", text.to_string()));
        let sink = Sink::default();
        let config = parse(&file, &sink);
        (config, sink.into_inner())
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let (config, diags) = parse_str("title = \"T\"\nbase_url = \"https://x.example\"\n[practice]\nname = \"P\"\n");
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(config.base_url.as_str(), "https://x.example/");
        assert_eq!(config.theme, "clinic");
        assert_eq!(config.articles.per_page, 10);
        assert!(config.markdown.highlight);
    }

    #[test]
    fn typos_are_reported_with_suggestions() {
        let (config, diags) =
            parse_str("title = \"T\"\nbase_url = \"https://x.example\"\n[brand]\nprimry = \"#000000\"\n");
        assert!(config.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "frontmatter/unknown-key");
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `primary`?"));
        assert_eq!(diags[0].span.as_ref().unwrap().start().line, 4);
    }

    #[test]
    fn bad_values_are_all_reported() {
        let (_, diags) = parse_str(
            "title = 3\nbase_url = \"not a url\"\n[brand]\nprimary = \"blue\"\n[compliance.rules]\n\"phi/phone\" = \"loud\"\n",
        );
        let rules: Vec<_> = diags.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["frontmatter/type"; 4]);
    }
}
