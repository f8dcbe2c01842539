//! The rule catalogue: every rule id whitecoat reports, its default severity and how to fix it.
//! Ids are stable: CI configurations and suppressions refer to them.

use crate::diagnostics::Severity;

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, `area/name`.
    pub id: &'static str,
    /// Default severity (some rules are errors in patient content and warnings elsewhere; this
    /// is the severity in patient content).
    pub default: Severity,
    /// What it checks, one line.
    pub checks: &'static str,
    /// How to fix a finding, one line.
    pub fix: &'static str,
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

macro_rules! rules {
    ($($id:literal, $sev:ident, $checks:literal, $fix:literal;)*) => {
        /// Every rule, in catalogue order.
        pub const RULES: &[Rule] = &[$(Rule { id: $id, default: $sev, checks: $checks, fix: $fix }),*];
    };
}

rules! {
    "frontmatter/syntax", E, "front matter that is not valid TOML or YAML, or is missing", "fix the syntax at the position shown";
    "frontmatter/unknown-key", E, "a front matter or site.toml key whitecoat does not know", "fix the typo (a suggestion is shown) or move free-form data under `extra`";
    "frontmatter/type", E, "a value of the wrong type or outside its allowed values", "write the value in the form the message shows";
    "frontmatter/required", E, "a required field that is missing or empty", "add the field";
    "frontmatter/clinician", E, "an `author`, `about` or `reviewer` that names no profile or team member", "use `profile` or a team member's file name (slug)";
    "frontmatter/alias", E, "an `aliases` entry that is not a site path, is another document's alias, or is the address of a real page or file", "write the old address as a path (`/old-page/`) that no page or file of the site uses";
    "frontmatter/npi", E, "an NPI with the wrong length or check digit", "copy the NPI from the NPPES registry";
    "content/placeholder", E, "placeholder text left by a scaffold or a writer (TODO, TBD, lorem ipsum, YYYY-MM-DD, [PRACTICE TO COMPLETE …]) in front matter or text", "write the real value: only a person can supply it";
    "image/missing", E, "an image reference to a file that is missing or unreadable", "put the image under assets/ or fix the path";
    "phi/name", E, "a patient's or relative's name (kinship cue + name)", "remove the name or use initials";
    "phi/address", E, "a street address, or a place smaller than a state (city, town, county, neighbourhood)", "remove it (a state is fine); the practice's own address belongs in site.toml, and a city the patient allowed goes in permitted_identifiers";
    "phi/zip", E, "a ZIP code", "remove it";
    "phi/date", E, "a date tied to a person (visit, birth, admission)", "remove the day; month or year alone is fine";
    "phi/age", E, "an age of 90 or over", "say \"over 90\" instead";
    "phi/phone", E, "a telephone number", "remove it; if it is a public practice number add it to [compliance.public] phones";
    "phi/fax", E, "a fax number", "remove it; if it is the practice's fax add it to [practice] fax or [compliance.public] phones";
    "phi/email", E, "an email address", "remove it; if it is public add it to [compliance.public] emails";
    "phi/ssn", E, "a Social Security number", "remove it";
    "phi/mrn", E, "a medical record number", "remove it";
    "phi/plan", E, "a health plan beneficiary or member number", "remove it";
    "phi/account", E, "an account or billing number", "remove it";
    "phi/license", E, "a certificate or license number", "remove it";
    "phi/vehicle", E, "a vehicle identifier (VIN or plate)", "remove it";
    "phi/device", E, "a device identifier or serial number", "remove it";
    "phi/url", E, "a web address that can identify a person", "remove it, or use a public source's address";
    "phi/ip", E, "an IP address", "remove it";
    "phi/number", W, "another long identifying number", "remove it, or suppress with a reason if it is not about a person";
    "authorization/missing", E, "a review without a recorded HIPAA marketing authorization", "add [authorization] with id, signed_on, expires_on and permitted_identifiers";
    "authorization/expired", E, "an expired authorization (the review is left out of the site); expiring within 60 days is a warning", "renew the authorization or delete the review";
    "authorization/revoked", E, "a revoked authorization (the review is left out of the site)", "delete the review";
    "authorization/scope", E, "a review that shows an identifier its authorization does not permit", "shorten the name to what is permitted, or record a wider authorization";
    "ftc/expected-results", E, "a review describing an outcome without the generally expected results", "add expected_results = \"…\" (16 CFR 255.2(b))";
    "ftc/material-connection", E, "an incentive or insider relationship without a disclosure, or an author who matches a team member", "add incentive_disclosure = \"…\" (16 CFR 255.5, 465.5)";
    "claims/guarantee", E, "a guarantee of results", "describe what patients can generally expect instead";
    "claims/cure", E, "a claim to cure", "say what treatment can do (control, relieve, manage)";
    "claims/superiority", E, "an unsubstantiated claim of superiority (\"best\", \"#1\", \"leading\")", "state the award or fact that substantiates it";
    "claims/risk", E, "a claim that minimises risk (\"painless\", \"no side effects\")", "describe risks and recovery honestly";
    "claims/board", E, "\"board eligible\" or \"board qualified\"", "list only actual board certifications";
    "reviews/response", E, "a reply to a review that confirms the reviewer is a patient, or names a person, date, condition or treatment", "reply generically: thank them, say privacy law prevents discussing anyone's care, and invite a call";
    "reviews/gating", E, "asking only satisfied patients for reviews (\"if you had a 5-star experience\")", "invite every patient alike to leave a review";
    "reviews/suppression", W, "an authorized review rated below every published one held back as a draft without a neutral reason", "publish it, or set withheld_reason";
    "notices/privacy", E, "a covered entity's site without its Notice of Privacy Practices (header sentence, effective date, contact), linked from every page (45 CFR 164.520(c)(3)(i))", "whitecoat new notice privacy, completed with counsel";
    "notices/nondiscrimination", E, "an HHS-funded practice's site without its Section 1557 nondiscrimination notice, linked from every page (45 CFR 92.10)", "whitecoat new notice nondiscrimination";
    "notices/language-assistance", E, "an HHS-funded practice's site without its notice of language assistance with taglines in at least 15 languages (45 CFR 92.11)", "whitecoat new notice language-assistance, with HHS's translated taglines";
    "notices/good-faith-estimate", E, "a site for self-pay patients without the Good Faith Estimate notice, linked from every page (45 CFR 149.610)", "whitecoat new notice good-faith-estimate";
    "notices/surprise-billing", E, "a facility-based practice's site without the balance-billing disclosure, linked from every page (45 CFR 149.430)", "whitecoat new notice surprise-billing";
    "state/testimonials", E, "New York: a published patient testimonial (N.Y. Educ. Law §6530(27)(a)(iii))", "keep testimonials off the site (draft = true), or remove NY from [compliance.practice] states";
    "state/testimonial-disclosure", E, "Texas: testimonials without a disclaimer about who gives them and any compensation (22 TAC §164.3(b)(3))", "add [disclaimers] review naming that reviewers are patients and whether they were compensated";
    "state/before-after", E, "California: a before-and-after image without a statement that results vary (B&P §651(b)(3))", "name the procedure and say results may not occur for all patients next to the image";
    "state/credentials", E, "New York, Illinois: \"Dr.\" shown without the licence type (GBL §350-b, 225 ILCS 60/26(4))", "list the degree in credentials (MD, DO, DDS…)";
    "article/medical-review", W, "an article without medical review metadata, or reviewed by a non-clinician", "add [medical_review] reviewer (a clinician) and last_reviewed";
    "article/review-stale", W, "an article whose medical review is older than review_max_age_months", "have a clinician review it and update last_reviewed";
    "article/references", W, "an article without references", "add [[references]] with title and url";
    "image/alt", W, "an image without alt text", "describe the image in its alt text";
    "image/location", E, "an input image with GPS or other identifying EXIF data (the output is always stripped)", "strip the metadata from the source file (e.g. exiftool -all= file.jpg)";
    "markup/url-scheme", E, "a link, image or form address whose scheme could run code or embed unchecked content (javascript:, vbscript:, data:, …)", "link to a page of the site or an http(s), mailto or tel address; put files under assets/";
    "markup/html", W, "raw HTML the sanitizer removes: scripts, event handlers, styles, iframes from hosts not on the embed list", "remove it from the Markdown, or add a reviewed embed host to [markdown] embed_hosts";
    "markup/shortcode", E, "a shortcode that is unknown, badly written or points at nothing: a booking button without a booking link, a video without a title, captions or a transcript, a file missing from static/, an unclosed callout", "the message names the fix; the README's Embeds section lists each shortcode and its arguments";
    "markup/highlight-limit", W, "a code block larger than [limits] highlight_bytes (shown without highlighting)", "shorten it, or raise highlight_bytes under [limits]";
    "markup/heading-attribute", W, "a heading attribute other than {#id} and {.class} (never rendered)", "remove it";
    "output/disclaimer", E, "a rendered page that lacks its configured disclaimer and cannot take one", "add {{ disclaimer }} inside <main> in the template";
    "output/og", E, "a rendered page missing og:title, og:description, og:image, og:url or twitter:card", "keep {{ social }} in the template's <head>";
    "output/link", E, "an internal link or asset reference that resolves to nothing", "fix the link or add the page";
    "output/ambiguous-html", E, "a rendered page with markup whose parse depends on the elements around it (`<select><xmp><script>`), which the output scan cannot verify", "keep <script>, <style>, <xmp>, <textarea>, <title> and <template> out of <select>, <table> and SVG/MathML in templates";
    "output/metadata", E, "an output image that still carries EXIF/XMP metadata", "report a bug: whitecoat re-encodes every image";
    "a11y/heading-order", W, "a heading level skipped in content, or a level-1 heading (the page title is the h1) (WCAG 1.3.1)", "go down one level at a time, starting at ##";
    "a11y/link-text", W, "link text that says nothing out of context (\"click here\", \"read more\") or no text at all (WCAG 2.4.4)", "name the destination in the link";
    "a11y/image-text", W, "an image of text (flyer, infographic, price list) without its text next to it (WCAG 1.1.1, 1.4.5)", "put the text on the page after it, e.g. in <details>";
    "a11y/video-captions", W, "a video or video embed without captions or a transcript (WCAG 1.2.2)", "turn captions on, or link a transcript next to it";
    "a11y/brand-contrast", W, "a brand colour with less than 4.5:1 contrast against white, with what the theme shows instead (WCAG 1.4.3)", "choose a darker brand colour";
    "privacy/tracker", E, "third-party tracking or session replay (Meta Pixel, Google Analytics, Hotjar, …) on a page where patients book, write in a form or read about a condition (error; warning elsewhere)", "remove it, or list the vendor under [compliance.trackers] allow with the BAA that covers it";
    "privacy/embed", E, "an embed that tracks viewers: YouTube from www.youtube.com (error), Vimeo without dnt=1, maps and chat widgets (warnings)", "embed YouTube from youtube-nocookie.com; prefer a static map with a link";
    "privacy/form", W, "a form that sends what visitors type to a third party", "post to a service that signed a business associate agreement";
    "structured/self-rating", E, "AggregateRating or review markup on the practice's own entity", "remove it: Google ignores self-serving reviews";
    "template/syntax", E, "a template that does not parse", "fix the template at the line shown";
    "template/render", E, "a template that fails while rendering (e.g. an undefined variable)", "fix the template at the line shown";
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Rules whose severity can be configured (not parse-level rules, which would make the build
/// render content it could not read, nor the authorization rules, see [`waivable`]).
pub fn configurable(id: &str) -> bool {
    !(id.starts_with("frontmatter/")
        || id.starts_with("template/")
        || id == "image/missing"
        || matches!(id, "authorization/missing" | "authorization/scope"))
}

/// Whether a finding of rule `id` may be waived, by a document's `allow` or by `[compliance.rules]`.
/// Never a review published without the patient's HIPAA marketing authorization, or beyond what it
/// covers: that breaks 45 CFR 164.508(a)(3) whatever the reason given (an expired or revoked one
/// may be: the review is left out of the site either way). Never a patient's identifier in a
/// review (`in_review`): what may be shown is what the patient authorized, recorded in the
/// authorization's `permitted_identifiers`, not what a site's editor decides.
pub fn waivable(id: &str, in_review: bool) -> bool {
    !(matches!(id, "authorization/missing" | "authorization/scope")
        || (in_review && id.starts_with("phi/") && id != "phi/number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(RULES.iter().all(|r| { r.id.split_once('/').is_some_and(|(a, n)| !a.is_empty() && !n.is_empty()) }));
    }
}
