//! The notices the law asks a practice's website to post, switched on by the practice's facts
//! (`[compliance.practice]`); sources in `shared/research/legal-requirements.md` §1, §2, §4:
//! - `notices/privacy`: the HIPAA Notice of Privacy Practices, for a covered entity (45 CFR
//!   164.520(c)(3)(i)), with its required header sentence, an effective date and a contact;
//! - `notices/nondiscrimination`: the Section 1557 notice (45 CFR 92.10), for a recipient of HHS
//!   funds (Medicare Part B counts): the protected bases, free aids and language help, how to ask
//!   and how to complain to OCR; the coordinator and grievance procedure at 15+ employees;
//! - `notices/language-assistance`: the notice of availability of language assistance (45 CFR
//!   92.11), with taglines in at least 15 languages, each in an element with its own `lang`;
//! - `notices/good-faith-estimate`: the Good Faith Estimate notice for self-pay patients
//!   (45 CFR 149.610);
//! - `notices/surprise-billing`: the balance-billing disclosure, for care at facilities
//!   (45 CFR 149.430).
//!
//! This stage checks that each notice exists and holds its required elements; the write stage
//! checks that every page links to it (the site-wide footer). whitecoat checks and scaffolds; it
//! does not make a notice legally sufficient.

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;

use crate::config::PracticeFacts;
use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::page::Page;
use crate::model::values::Date;

/// The header sentence the Notice of Privacy Practices must carry (45 CFR 164.520(b)(1)(i)).
pub const NPP_HEADER: &str = "THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND DISCLOSED AND HOW YOU CAN GET ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY.";

/// The 2024 HIPAA amendments' deadline for updated notices (42 CFR Part 2 changes).
const NPP_UPDATE_DEADLINE: (i16, i8, i8) = (2026, 2, 16);

/// Taglines Section 1557 asks for: the 15 languages most spoken by people with limited English.
pub const TAGLINES_REQUIRED: usize = 15;

/// One notice rule and whether the practice's facts switch it on, with the fact that does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applies {
    /// The rule id.
    pub rule: &'static str,
    /// The notice kind it is about.
    pub kind: &'static str,
    /// Whether it is on.
    pub on: bool,
    /// Why, in a few words naming the fact.
    pub why: String,
    /// The `[compliance.practice]` key that decides it.
    pub fact: &'static str,
}

/// Which notice rules the practice's facts switch on, and why.
pub fn applicable(facts: &PracticeFacts) -> Vec<Applies> {
    let funds = if facts.federal_funds.is_empty() {
        "no federal_funds".to_string()
    } else {
        format!("federal_funds = {:?}", facts.federal_funds)
    };
    vec![
        Applies {
            rule: "notices/privacy",
            kind: "privacy",
            on: facts.hipaa_covered_entity,
            why: format!("hipaa_covered_entity = {}", facts.hipaa_covered_entity),
            fact: "hipaa_covered_entity",
        },
        Applies {
            rule: "notices/nondiscrimination",
            kind: "nondiscrimination",
            on: !facts.federal_funds.is_empty(),
            why: funds.clone(),
            fact: "federal_funds",
        },
        Applies {
            rule: "notices/language-assistance",
            kind: "language_assistance",
            on: !facts.federal_funds.is_empty(),
            why: funds,
            fact: "federal_funds",
        },
        Applies {
            rule: "notices/good-faith-estimate",
            kind: "good_faith_estimate",
            on: facts.self_pay,
            why: format!("self_pay = {}", facts.self_pay),
            fact: "self_pay",
        },
        Applies {
            rule: "notices/surprise-billing",
            kind: "surprise_billing",
            on: facts.furnishes_at_facility,
            why: format!("furnishes_at_facility = {}", facts.furnishes_at_facility),
            fact: "furnishes_at_facility",
        },
    ]
}

/// Every notice rule that is on: the notice exists (a page or a configured URL) and its page
/// holds what the regulation asks for.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let facts = &site.config.compliance.practice;
    let mut findings = Vec::new();
    for rule in applicable(facts).into_iter().filter(|r| r.on) {
        let page = site.pages.iter().find(|p| p.notice.as_ref().is_some_and(|n| n.value == rule.kind));
        let external = site.config.compliance.notice_urls.contains_key(rule.kind);
        match page {
            Some(page) => findings.extend(contents(rule.rule, page, facts)),
            None if external => {}
            None => findings.push(missing(site, &rule)),
        }
    }
    findings
}

fn missing(site: &Site, rule: &Applies) -> Diagnostic {
    let (what, law) = match rule.kind {
        "privacy" => (
            "Notice of Privacy Practices",
            "a covered entity must post its notice prominently on its website (45 CFR 164.520(c)(3)(i))",
        ),
        "nondiscrimination" => (
            "nondiscrimination notice",
            "recipients of HHS funds, Medicare Part B included, must post it (45 CFR 92.10)",
        ),
        "language_assistance" => (
            "notice of language assistance with taglines",
            "recipients of HHS funds must post it in English and at least 15 other languages (45 CFR 92.11)",
        ),
        "good_faith_estimate" => (
            "Good Faith Estimate notice",
            "practices that see self-pay or uninsured patients must display it on their website (45 CFR 149.610)",
        ),
        _ => (
            "surprise billing (balance-billing) disclosure",
            "providers who furnish care at facilities must post it on their website (45 CFR 149.430)",
        ),
    };
    let kind = rule.kind.replace('_', "-");
    let d = Diagnostic::error(rule.rule, format!("the site has no {what} ({})", rule.why)).help(format!(
        "{law}: run `whitecoat new notice {kind}` and complete it with the practice's counsel, or give its address in [compliance.notices] {}",
        rule.kind
    ));
    match facts_anchor(site, rule.fact) {
        Some(anchor) => d.at(anchor, "this fact makes the notice required"),
        None => {
            let text = &site.config_file.text;
            let first = text.find('\n').unwrap_or(text.len());
            d.at(
                Span::new(&site.config_file, 0..first),
                "no [compliance.practice] in this file: the default facts apply",
            )
        }
    }
}

/// Where the fact deciding a rule is written in site.toml (its key, else the table's header),
/// for findings about what it switches on; the defaults have no line of their own.
fn facts_anchor(site: &Site, fact: &str) -> Option<Span> {
    let text = &site.config_file.text;
    let table = text.find("[compliance.practice]");
    let line_of = |at: usize| at..text[at..].find(['\n', '#']).map_or(text.len(), |n| at + n);
    let key = table.and_then(|t| {
        let rest = &text[t..];
        let end = rest[1..].find("\n[").map_or(rest.len(), |n| n + 1);
        rest[..end].find(&format!("\n{fact}")).map(|n| t + n + 1)
    });
    let at = key.or(table).or_else(|| text.find("[compliance]"))?;
    let range = line_of(at);
    Some(Span::new(&site.config_file, range.start..range.start + text[range].trim_end().len()))
}

/// Text of a page for phrase checks: title and body, lower-cased, markup and spacing folded.
fn plain(page: &Page) -> String {
    let text = format!("{} {}", page.doc.title_or(""), page.doc.body_text());
    text.chars()
        .map(|c| if c.is_alphanumeric() || "$.:/@-".contains(c) { c.to_ascii_lowercase() } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case words only, single-spaced: compares sentences whatever their case, punctuation or
/// line breaks (and Markdown emphasis around them).
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A phone number, TTY/711 or email address: a contact a reader can use.
static CONTACT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(
        r"(?i)(?:\(?\b[2-9][0-9]{2}\)?[\s.\-]?[0-9]{3}[\s.\-]?[0-9]{4}\b|\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b)"
            .to_string(),
    )
});
/// An effective date written in the text ("Effective date: March 1, 2026", "effective 2026-03-01").
static EFFECTIVE: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?i)\beffective(?:\s+date)?\s*(?:is|:|on|as\s+of)?\s*(?:[A-Z][a-z]+\.?\s+[0-9]{1,2},?\s+[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})".to_string())
});
/// A `lang` attribute of a tagline.
static LANG: LazyLock<LazyRegex> =
    LazyLock::new(|| LazyRegex::new(r#"(?i)\blang\s*=\s*["']?([a-z]{2,3}(?:-[a-z0-9]{2,8})*)"#.to_string()));

fn contents(rule: &'static str, page: &Page, facts: &PracticeFacts) -> Vec<Diagnostic> {
    let text = plain(page);
    let body = page.doc.body_text();
    let span = Span::new(&page.doc.file, page.notice.as_ref().map_or(0..0, |n| n.span.clone()));
    let mut findings = Vec::new();
    let mut lacks = |what: &str, help: &str| {
        findings.push(
            Diagnostic::error(rule, format!("the notice lacks {what}"))
                .at(span.clone(), "this notice")
                .help(help.to_string()),
        );
    };
    let has = |phrase: &str| text.contains(&phrase.to_lowercase());
    match rule {
        "notices/privacy" => {
            if !words(body).contains(&words(NPP_HEADER)) {
                lacks(
                    "the required header sentence",
                    &format!("add, verbatim near the top: \"{NPP_HEADER}\" (45 CFR 164.520(b)(1)(i))"),
                );
            }
            let effective = page.effective.as_ref().map(|e| e.value);
            if effective.is_none() && !page.effective_written && !EFFECTIVE.is_match(body) {
                lacks("an effective date", "add effective = YYYY-MM-DD to the front matter (and say it in the text)");
            }
            if !CONTACT.is_match(body) {
                lacks(
                    "a privacy contact",
                    "give the privacy officer's phone number or email address, for questions and complaints",
                );
            }
            let deadline = Date::parse(&format!(
                "{:04}-{:02}-{:02}",
                NPP_UPDATE_DEADLINE.0, NPP_UPDATE_DEADLINE.1, NPP_UPDATE_DEADLINE.2
            ));
            if let (Some(effective), Some(deadline)) = (effective, deadline)
                && effective.day < deadline.day
                && let Some(e) = &page.effective
            {
                findings.push(
                    Diagnostic::warning(rule, format!("the notice took effect on {}, before the 2024 amendments' deadline of 2026-02-16", e.value.iso()))
                        .at(Span::new(&page.doc.file, e.span.clone()), "effective date")
                        .help("have counsel update it for the 2024 HIPAA and 42 CFR Part 2 amendments, then set the new effective date"),
                );
            }
        }
        "notices/nondiscrimination" => {
            let bases = ["race", "color", "national origin", "sex", "age", "disability"];
            let absent: Vec<&str> = bases.iter().copied().filter(|b| !has(b)).collect();
            if !absent.is_empty() {
                lacks(
                    &format!("the protected bases {}", absent.join(", ")),
                    "say that the practice does not discriminate on the basis of race, color, national origin, sex, age or disability (45 CFR 92.10)",
                );
            }
            if !has("free") {
                lacks(
                    "that aids, services and language assistance are free",
                    "say that auxiliary aids and services and language assistance are available free of charge, and how to ask for them",
                );
            }
            if !CONTACT.is_match(body) || !(has("tty") || has("711")) {
                lacks(
                    "a phone number with TTY or 711",
                    "give the number to call for aids and language help, with TTY or 711",
                );
            }
            if !(has("ocrportal.hhs.gov") || has("1-800-368-1019") || has("office for civil rights")) {
                lacks(
                    "how to complain to the Office for Civil Rights",
                    "add: HHS Office for Civil Rights, ocrportal.hhs.gov, 1-800-368-1019 (TDD 1-800-537-7697)",
                );
            }
            if facts.employees.is_some_and(|n| n >= 15) && !(has("coordinator") && has("grievance")) {
                lacks(
                    "the Section 1557 coordinator and grievance procedure",
                    "with 15 or more employees, name the coordinator and link the grievance procedure (45 CFR 92.7, 92.8)",
                );
            }
        }
        "notices/language-assistance" => {
            let mut languages: Vec<String> = LANG
                .captures_iter(body)
                .filter_map(|c| c.get(1).map(|m| m.as_str().to_ascii_lowercase()))
                .filter(|l| !l.starts_with("en"))
                .collect();
            languages.sort();
            languages.dedup();
            if languages.is_empty() {
                lacks(
                    "taglines in other languages",
                    "add each tagline in an element with its own lang, e.g. <p lang=\"es\">ATENCIÓN: si habla español, …</p>, using HHS's translated taglines",
                );
            } else if languages.len() < TAGLINES_REQUIRED {
                findings.push(
                    Diagnostic::warning(rule, format!("the notice has taglines in {} languages; Section 1557 asks for at least {TAGLINES_REQUIRED}", languages.len()))
                        .at(span.clone(), "this notice")
                        .help("add taglines for the 15 languages most spoken by people with limited English in the practice's states (HHS publishes them per state), each with its own lang"),
                );
            }
        }
        "notices/good-faith-estimate" => {
            for (phrase, help) in [
                ("good faith estimate", "name the \"Good Faith Estimate\""),
                ("$400", "say a patient can dispute a bill $400 or more above the estimate"),
                ("cms.gov/nosurprises", "give www.cms.gov/nosurprises"),
                ("1-800-985-3059", "give the No Surprises Help Desk, 1-800-985-3059"),
            ] {
                if !has(phrase) {
                    lacks(&format!("\"{phrase}\""), &format!("{help} (CMS's standard notice; 45 CFR 149.610)"));
                }
            }
        }
        _ => {
            if !(has("surprise") || has("balance bill")) || !(has("1-800-985-3059") || has("cms.gov/nosurprises")) {
                lacks(
                    "the balance-billing protections and who to contact",
                    "use CMS's model notice \"Your Rights and Protections Against Surprise Medical Bills\", with 1-800-985-3059 and www.cms.gov/nosurprises and the state's agency (45 CFR 149.430)",
                );
            }
        }
    }
    findings
}

/// The patterns this check declares (for the test that keeps `lazy_regex::forms` current).
#[cfg(test)]
pub(crate) fn declared() -> Vec<String> {
    [&CONTACT, &EFFECTIVE, &LANG].iter().map(|p| p.pattern().to_string()).collect()
}
