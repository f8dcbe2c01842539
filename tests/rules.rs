//! The compliance rules, one by one: for every rule id of the catalogue (except `template/*` and
//! `frontmatter/*`, tested in their own files) a minimal site where it fires — checked through
//! `whitecoat check --format json` for its id, severity, path, line and column, computed from the
//! fixture text — and a clean counterpart where it does not. Post-render rules (`output/*`,
//! `structured/*`) are checked through `whitecoat build`. Then the site's policy: severity
//! overrides, `fail_on`, `--deny-warnings`, suppressions, unknown rule ids, and a failed build
//! leaving the previous output untouched.

mod common;

use std::collections::BTreeSet;

use common::{MINIMAL_PROFILE, MINIMAL_SITE_TOML, SiteTest, TODAY, jpeg, tree_files};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const REVIEW: &str = "content/reviews/m-r.md";
const ARTICLE: &str = "content/articles/heart-health.md";
const PROFILE: &str = "content/profile.md";
const NURSE: &str = "content/team/grace-whitaker.md";

/// A complete authorization that permits initials and is valid long after [`TODAY`].
const AUTH: &str = "[authorization]\nid = \"AUTH-2026-001\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n";

/// A review by "M.R." with `front` (top-level keys) before its authorization, and `body`.
fn review(front: &str, body: &str) -> String {
    format!("+++\nauthor = \"M.R.\"\nrating = 5\n{front}{AUTH}+++\n\n{body}\n")
}

/// A review with the given `[authorization]` table (or none when empty).
fn review_with_auth(front: &str, auth: &str, body: &str) -> String {
    format!("+++\nauthor = \"M.R.\"\nrating = 5\n{front}{auth}+++\n\n{body}\n")
}

const GOOD_MEDICAL_REVIEW: &str = "[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-06-01\n";
const GOOD_REFERENCES: &str = "[[references]]\ntitle = \"High blood pressure\"\nurl = \"https://www.heart.org/en/health-topics/high-blood-pressure\"\npublisher = \"American Heart Association\"\nyear = 2024\n";

/// An article that passes every article rule, with `body`.
fn article(body: &str) -> String {
    article_with("", GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, body)
}

/// An article with the given top-level keys, `[medical_review]` and `[[references]]` tables.
fn article_with(front: &str, medical_review: &str, references: &str, body: &str) -> String {
    format!("+++\ntitle = \"Heart health basics\"\n{front}{medical_review}{references}+++\n\n{body}\n")
}

/// The profile of the minimal site with `body` after the biography.
fn profile(body: &str) -> String {
    format!("{MINIMAL_PROFILE}\n{body}\n")
}

/// A nurse on the team (not a clinician who can medically review an article).
fn nurse() -> String {
    "+++\nname = \"Grace Whitaker\"\nrole = \"nurse\"\njob_title = \"Practice nurse\"\n+++\n\nGrace runs our anticoagulation clinic.\n".to_string()
}

/// The minimal site with `extra` appended to site.toml (it ends inside `[practice]`).
fn site_with_config(extra: &str) -> SiteTest {
    SiteTest::new().minimal().file("site.toml", &format!("{MINIMAL_SITE_TOML}{extra}"))
}

// ---------------------------------------------------------------------------------------------
// Running `check --format json` and locating findings
// ---------------------------------------------------------------------------------------------

/// The result of `whitecoat check . --format json`.
struct Checked {
    code: i32,
    json: Value,
    all: String,
}

impl Checked {
    fn findings(&self) -> &[Value] {
        self.json["findings"].as_array().map_or(&[], Vec::as_slice)
    }

    /// The findings of `rule`.
    fn of(&self, rule: &str) -> Vec<&Value> {
        self.findings().iter().filter(|f| f["rule"] == rule).collect()
    }

    /// The rule ids found in `path`.
    fn rules_in(&self, path: &str) -> Vec<&str> {
        self.findings().iter().filter(|f| f["path"] == path).filter_map(|f| f["rule"].as_str()).collect()
    }

    #[track_caller]
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code; {}", self.all);
        self
    }

    /// Asserts that nothing at all was found (and the check passed).
    #[track_caller]
    fn expect_clean(&self) {
        assert!(self.findings().is_empty(), "expected no findings; {}", self.all);
        assert_eq!(self.code, 0, "{}", self.all);
    }

    /// Asserts that `rule` did not fire.
    #[track_caller]
    fn expect_none(&self, rule: &str) {
        assert!(self.of(rule).is_empty(), "{rule} fired; {}", self.all);
    }
}

/// Runs `whitecoat check . --format json ARGS…` in the site folder.
fn check(site: &SiteTest, args: &[&str]) -> Checked {
    let mut all = vec!["check", ".", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let text = run.to_string();
    assert!(run.code == 0 || run.code == 1, "check failed to run; {text}");
    let json = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}); {text}"));
    Checked { code: run.code, json, all: text }
}

/// Runs the human `whitecoat check .` and returns the run.
fn check_human(site: &SiteTest, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "."];
    all.extend_from_slice(args);
    site.run(&all)
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

/// Where `marker` first occurs in `text`: (line, column, end_line, end_column).
#[track_caller]
fn span_of(text: &str, marker: &str) -> (u64, u64, u64, u64) {
    let start = text.find(marker).unwrap_or_else(|| panic!("fixture error: {marker:?} is not in the fixture"));
    let (line, column) = line_col(text, start);
    let (end_line, end_column) = line_col(text, start + marker.len());
    (line, column, end_line, end_column)
}

/// Asserts that `rule` fired exactly once, as `severity`, in `path`, exactly over the first
/// occurrence of `marker` in `text` (the file's contents).
#[track_caller]
fn assert_finding(c: &Checked, rule: &str, severity: &str, path: &str, text: &str, marker: &str) {
    let found = c.of(rule);
    assert_eq!(found.len(), 1, "expected exactly one {rule} finding; {}", c.all);
    let f = found[0];
    assert_eq!(f["severity"], severity, "severity of {rule}; {}", c.all);
    assert_eq!(f["path"], path, "path of {rule}; {}", c.all);
    let (line, column, end_line, end_column) = span_of(text, marker);
    let got = (f["line"].as_u64(), f["column"].as_u64(), f["end_line"].as_u64(), f["end_column"].as_u64());
    assert_eq!(
        got,
        (Some(line), Some(column), Some(end_line), Some(end_column)),
        "{rule} should cover {marker:?} at {line}:{column}-{end_line}:{end_column}; {}",
        c.all
    );
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "{rule} has no message; {}", c.all);
    assert!(f["help"].as_str().is_some_and(|h| !h.is_empty()), "{rule} has no help; {}", c.all);
}

// ---------------------------------------------------------------------------------------------
// Every rule is covered
// ---------------------------------------------------------------------------------------------

/// The rules this file has tests for; must be every rule of the catalogue but `template/*` and
/// `frontmatter/*`.
const COVERED: &[&str] = &[
    "phi/name",
    "phi/address",
    "phi/zip",
    "phi/date",
    "phi/age",
    "phi/phone",
    "phi/fax",
    "phi/email",
    "phi/ssn",
    "phi/mrn",
    "phi/plan",
    "phi/account",
    "phi/license",
    "phi/vehicle",
    "phi/device",
    "phi/url",
    "phi/ip",
    "phi/number",
    "authorization/missing",
    "authorization/expired",
    "authorization/revoked",
    "authorization/scope",
    "ftc/expected-results",
    "ftc/material-connection",
    "claims/guarantee",
    "claims/cure",
    "claims/superiority",
    "claims/risk",
    "claims/board",
    "reviews/response",
    "reviews/gating",
    "reviews/suppression",
    "state/testimonials",
    "state/testimonial-disclosure",
    "state/before-after",
    "state/credentials",
    "article/medical-review",
    "article/review-stale",
    "article/references",
    "image/alt",
    "image/location",
    "image/missing",
    "content/placeholder",
    "markup/url-scheme",
    "markup/html",
    "markup/heading-attribute",
    "markup/highlight-limit",
    // markup/shortcode is tested in tests/embeds.rs.
    "markup/shortcode",
    // a11y/* are tested in tests/accessibility.rs; notices/* and privacy/* in tests/notices.rs.
    "a11y/heading-order",
    "a11y/link-text",
    "a11y/image-text",
    "a11y/video-captions",
    "a11y/brand-contrast",
    "notices/privacy",
    "notices/nondiscrimination",
    "notices/language-assistance",
    "notices/good-faith-estimate",
    "notices/surprise-billing",
    "privacy/tracker",
    "privacy/embed",
    "privacy/form",
    "output/disclaimer",
    "output/og",
    "output/link",
    "output/ambiguous-html",
    "output/metadata",
    "structured/self-rating",
];

#[test]
fn every_rule_of_the_catalogue_has_tests_here() {
    let catalogue: BTreeSet<&str> = whitecoat::check::rules::RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !id.starts_with("template/") && !id.starts_with("frontmatter/"))
        .collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(COVERED.len(), covered.len(), "COVERED lists a rule twice");
    let missing: Vec<_> = catalogue.difference(&covered).collect();
    let unknown: Vec<_> = covered.difference(&catalogue).collect();
    assert!(missing.is_empty(), "rules without tests in tests/rules.rs: {missing:?}");
    assert!(unknown.is_empty(), "tests/rules.rs covers rules the catalogue does not have: {unknown:?}");
}

// ---------------------------------------------------------------------------------------------
// phi/*: in a review (patient content) every family is an error, phi/number a warning
// ---------------------------------------------------------------------------------------------

/// Plants `sentence` in a review and expects exactly one PHI finding, of `rule`, over `marker`;
/// then checks that `clean` (the same sentence without the identifier) raises nothing at all.
#[track_caller]
fn phi_in_review(rule: &str, severity: &str, sentence: &str, marker: &str, clean: &str) {
    let text = review("", sentence);
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    let phi: Vec<&str> = c.rules_in(REVIEW).into_iter().filter(|r| r.starts_with("phi/")).collect();
    assert_eq!(phi, [rule], "expected exactly one PHI finding, {rule}; {}", c.all);
    assert_finding(&c, rule, severity, REVIEW, &text, marker);
    c.expect_code(if severity == "error" { 1 } else { 0 });

    let site = SiteTest::new().minimal().file(REVIEW, &review("", clean));
    check(&site, &[]).expect_clean();
}

macro_rules! phi_review_tests {
    ($($name:ident: $rule:literal, $severity:literal, $sentence:literal, $marker:literal, $clean:literal;)*) => {
        $(
            #[test]
            fn $name() {
                phi_in_review($rule, $severity, $sentence, $marker, $clean);
            }
        )*
    };
}

phi_review_tests! {
    phi_name_in_review: "phi/name", "error",
        "My husband Robert drove me to every appointment.", "Robert",
        "My husband drove me to every appointment.";
    phi_address_in_review: "phi/address", "error",
        "Send the card to 123 Maple Street when you can.", "123 Maple Street",
        "Send the card to my home when you can.";
    phi_zip_in_review: "phi/zip", "error",
        "I drive in from rural PA 18512 every week.", "18512",
        "I drive in from out of town every week.";
    phi_date_in_review: "phi/date", "error",
        "I had my surgery on 3/14/2024 and felt better quickly.", "3/14/2024",
        "I had my surgery last year and felt better quickly.";
    phi_age_in_review: "phi/age", "error",
        "My 92-year-old mother still walks every day.", "92-year-old",
        "My mother still walks every day.";
    phi_phone_in_review: "phi/phone", "error",
        "She gave me her cell, 555-201-3344, and called back the same day.", "555-201-3344",
        "She gave me her cell and called back the same day.";
    phi_fax_in_review: "phi/fax", "error",
        "Please fax my records to 570-555-0199 by Friday.", "570-555-0199",
        "Please send my records to my cardiologist by Friday.";
    phi_email_in_review: "phi/email", "error",
        "Write to me at maria.rossi@example.com for details.", "maria.rossi@example.com",
        "Ask the front desk if you want details.";
    phi_ssn_in_review: "phi/ssn", "error",
        "My SSN is 219-09-9999 and I gave it to the front desk.", "219-09-9999",
        "I gave my insurance card to the front desk.";
    phi_mrn_in_review: "phi/mrn", "error",
        "My MRN: 00482913 was on the wristband.", "00482913",
        "My name was on the wristband.";
    phi_plan_in_review: "phi/plan", "error",
        "Member ID: XJH123456789 is on my card.", "XJH123456789",
        "My insurance card was all they needed.";
    phi_account_in_review: "phi/account", "error",
        "The billing office said my account number is 4471-99213.", "4471-99213",
        "The billing office answered every question.";
    phi_license_in_review: "phi/license", "error",
        "My driver's license D1234567 was photocopied.", "D1234567",
        "They only needed a photo ID at check-in.";
    phi_vehicle_in_review: "phi/vehicle", "error",
        "My car's VIN 1M8GDM9AXKP042788 was in the accident report.", "1M8GDM9AXKP042788",
        "The accident report was sent over quickly.";
    phi_device_in_review: "phi/device", "error",
        "My pacemaker serial number is PJN123456 per the card.", "PJN123456",
        "My pacemaker check took ten minutes.";
    phi_url_in_review: "phi/url", "error",
        "Find my story at https://mariasblog.com/heart-journey today.", "https://mariasblog.com/heart-journey",
        "I tell my story to anyone who asks.";
    phi_ip_in_review: "phi/ip", "error",
        "The portal logged my login from 73.162.44.201 last night.", "73.162.44.201",
        "The portal showed my results the same night.";
    phi_number_in_review: "phi/number", "warning",
        "My claim went through under 88412937 after a month.", "88412937",
        "My claim went through after a month.";
}

// ---------------------------------------------------------------------------------------------
// phi/*: outside patient content they are warnings, and the practice's public details are exempt
// ---------------------------------------------------------------------------------------------

/// Plants `sentence` in an article and expects one PHI warning of `rule` over `marker`.
#[track_caller]
fn phi_in_article(rule: &str, sentence: &str, marker: &str) {
    let text = article(sentence);
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    let phi: Vec<&str> = c.rules_in(ARTICLE).into_iter().filter(|r| r.starts_with("phi/")).collect();
    assert_eq!(phi, [rule], "expected exactly one PHI finding, {rule}; {}", c.all);
    assert_finding(&c, rule, "warning", ARTICLE, &text, marker);
    // A warning does not fail the check by default.
    c.expect_code(0);
    let help = c.of(rule)[0]["help"].as_str().unwrap_or_default().to_string();
    assert!(help.contains(&format!("allow = [{{ rule = \"{rule}\"")), "the help should show the suppression: {help}");
}

#[test]
fn phi_phone_in_article_is_a_warning() {
    phi_in_article("phi/phone", "Call my daughter at (570) 555-0204 if I miss the visit.", "(570) 555-0204");
}

#[test]
fn phi_email_in_article_is_a_warning() {
    phi_in_article("phi/email", "The patient emailed from jsmith42@yahoo.com last week.", "jsmith42@yahoo.com");
}

#[test]
fn phi_ssn_in_article_is_a_warning() {
    phi_in_article("phi/ssn", "Social security number: 219099999", "219099999");
}

#[test]
fn phi_name_in_article_is_a_warning() {
    phi_in_article("phi/name", "We treated patient John Smith for a heart attack.", "John Smith");
}

#[test]
fn phi_in_a_page_and_the_profile_is_a_warning() {
    let page = "+++\ntitle = \"Contact\"\n+++\n\nThe patient emailed from jsmith42@yahoo.com last week.\n";
    let bio = profile("Her first patient, Mrs. Alvarez, still visits.");
    let site = SiteTest::new().minimal().file("content/pages/contact.md", page).file(PROFILE, &bio);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/email", "warning", "content/pages/contact.md", page, "jsmith42@yahoo.com");
    assert_finding(&c, "phi/name", "warning", PROFILE, &bio, "Alvarez");
    c.expect_code(0);
}

/// The practice's public phone in site.toml: not PHI in an article, PHI in a review.
const PRACTICE_PHONE: &str = "phone = \"+1 217 555 0142\"\n";

#[test]
fn practice_public_phone_in_an_article_is_not_a_finding() {
    let site = site_with_config(PRACTICE_PHONE)
        .file(ARTICLE, &article("Call our office at (217) 555-0142 to book a blood pressure check."));
    check(&site, &[]).expect_clean();

    // Another number in the same article is still found.
    let text = article("Call our office at (217) 555-0142, or my daughter at (570) 555-0204.");
    let site = site_with_config(PRACTICE_PHONE).file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "warning", ARTICLE, &text, "(570) 555-0204");
}

#[test]
fn practice_public_phone_in_a_review_is_a_finding() {
    let text = review("", "I called (217) 555-0142 and they fit me in the same day.");
    let site = site_with_config(PRACTICE_PHONE).file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "(217) 555-0142");
    c.expect_code(1);
}

#[test]
fn compliance_public_names_and_emails_are_exempt_outside_reviews() {
    let config = "\n[compliance.public]\nemails = [\"billing@partnerlab.example\"]\nnames = [\"Priya Natarajan\"]\n";
    let body = "Our lab partner Priya Natarajan answers billing@partnerlab.example within a day.";
    let site = site_with_config(config).file(ARTICLE, &article(body));
    check(&site, &[]).expect_clean();
}

#[test]
fn phi_in_review_front_matter_fields_and_alt_text_is_found() {
    // Fields that reach the page are scanned too, and findings point into the front matter.
    let text = review_with_auth(
        "expected_results = \"Most patients call 555-201-3344 afterwards.\"\n",
        &AUTH.replace("[\"initials\"]", "[\"initials\", \"photo\"]"),
        "The staff explained everything. ![My husband Robert at the clinic](clinic.jpg)",
    );
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/clinic.jpg", &jpeg(40, 30));
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "555-201-3344");
    assert_finding(&c, "phi/name", "error", REVIEW, &text, "Robert");
}

#[test]
fn a_patient_named_in_an_image_file_name_is_found() {
    let auth = AUTH.replace("[\"initials\"]", "[\"initials\", \"photo\"]");
    let text = review_with_auth("", &auth, "Me at my last visit: ![A smiling patient](gonzalez-maria.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/gonzalez-maria.jpg", &jpeg(40, 30));
    let c = check(&site, &[]);
    assert_finding(&c, "phi/name", "error", REVIEW, &text, "gonzalez-maria");
    // The name the review is shown under, and the practice's own people, are not the finding.
    let text = review_with_auth("", &auth, "With Dr. Doe: ![Me and the doctor](m-r-with-jane-doe.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/m-r-with-jane-doe.jpg", &jpeg(40, 30));
    check(&site, &[]).expect_clean();
}

#[test]
fn phi_in_a_review_title_html_comment_and_link_url_points_into_the_file() {
    let text = format!(
        "+++\nauthor = \"M.R.\"\nrating = 5\ntitle = \"Call 555-201-3344\"\n{AUTH}+++\n\nThe staff were kind.\n\n<!-- her email maria.rossi@example.com -->\n\nSee [my blog](https://mariasblog.com/heart-journey) for more.\n"
    );
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "555-201-3344");
    assert_finding(&c, "phi/email", "error", REVIEW, &text, "maria.rossi@example.com");
    assert_finding(&c, "phi/url", "error", REVIEW, &text, "https://mariasblog.com/heart-journey");
    assert!(c.of("phi/email")[0]["message"].as_str().unwrap_or("").contains("HTML"), "{}", c.all);
}

#[test]
fn phi_columns_are_characters_and_crlf_files_keep_their_lines() {
    // Non-ASCII before the identifier: columns count characters, not bytes.
    let text = review("", "Zoë’s café friend — she gave me her cell, 555-201-3344, right away.").replace('\n', "\r\n");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    let f = c.of("phi/phone");
    assert_eq!(f.len(), 1, "{}", c.all);
    let line_text = text.split("\r\n").find(|l| l.contains("555-201-3344")).expect("the line");
    let column = line_text[..line_text.find("555").expect("the number")].chars().count() as u64 + 1;
    let line = text.split("\r\n").position(|l| l.contains("555-201-3344")).expect("the line") as u64 + 1;
    assert_eq!((f[0]["line"].as_u64(), f[0]["column"].as_u64()), (Some(line), Some(column)), "{}", c.all);
    assert_eq!(f[0]["end_column"].as_u64(), Some(column + 12), "{}", c.all);
}

#[test]
fn phi_in_a_review_file_name_points_at_the_top_of_the_file() {
    let path = "content/reviews/call-555-201-3344.md";
    let text = review("", "The staff were kind.");
    let site = SiteTest::new().minimal().file(path, &text);
    let c = check(&site, &[]);
    // The identifier is in `path`; the span should be the first line, like other whole-file
    // findings (authorization/missing, article/references), not "+++\nauthor = \"M.R" — the
    // first 17 bytes of the file, as long as the slug.
    assert_finding(&c, "phi/phone", "error", path, &text, "+++");
}

#[test]
fn phi_in_a_review_slug_field_points_at_the_slug() {
    let text = review("slug = \"call-555-201-3344\"\n", "The staff were kind.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "555-201-3344");
}

// ---------------------------------------------------------------------------------------------
// authorization/*
// ---------------------------------------------------------------------------------------------

#[test]
fn authorization_missing() {
    let text = review_with_auth("", "", "The staff explained everything and the wait was short.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    // Reported at the top of the file (there is no [authorization] to point at).
    assert_finding(&c, "authorization/missing", "error", REVIEW, &text, "+++");
    c.expect_code(1);

    let site = SiteTest::new().minimal().file(REVIEW, &review("", "The staff explained everything."));
    check(&site, &[]).expect_clean();
}

#[test]
fn authorization_missing_expiry() {
    let auth =
        "[authorization]\nid = \"AUTH-2026-001\"\nsigned_on = 2026-01-05\npermitted_identifiers = [\"initials\"]\n";
    let text = review_with_auth("", auth, "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_eq!(c.of("authorization/missing").len(), 1, "{}", c.all);
    assert_eq!(c.of("authorization/missing")[0]["severity"], "error");
    c.expect_code(1);
}

fn auth_expiring(expires_on: &str) -> String {
    format!(
        "[authorization]\nid = \"AUTH-2024-007\"\nsigned_on = 2024-01-05\nexpires_on = {expires_on}\npermitted_identifiers = [\"initials\"]\n"
    )
}

#[test]
fn authorization_expired() {
    assert_eq!(TODAY, "2026-11-22", "the dates below are relative to the pinned WHITECOAT_TODAY");
    let text = review_with_auth("", &auth_expiring("2026-01-31"), "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/expired", "error", REVIEW, &text, "2026-01-31");
    c.expect_code(1);
    assert!(c.of("authorization/expired")[0]["message"].as_str().unwrap_or("").contains("left out of the site"));

    // Expiring tomorrow is still valid (and warns).
    let site = SiteTest::new().minimal().file(REVIEW, &review_with_auth("", &auth_expiring("2026-11-23"), "Fine."));
    let c = check(&site, &[]);
    assert_eq!(c.of("authorization/expired").len(), 1, "{}", c.all);
    assert_eq!(c.of("authorization/expired")[0]["severity"], "warning", "{}", c.all);
}

#[test]
fn authorization_expiring_within_60_days_warns() {
    // 2027-01-21 is 60 days after 2026-11-22.
    let text = review_with_auth("", &auth_expiring("2027-01-21"), "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/expired", "warning", REVIEW, &text, "2027-01-21");
    c.expect_code(0);
    assert!(c.of("authorization/expired")[0]["message"].as_str().unwrap_or("").contains("60 days"), "{}", c.all);

    // 61 days ahead: nothing to say.
    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, &review_with_auth("", &auth_expiring("2027-01-22"), "The staff explained everything."));
    check(&site, &[]).expect_clean();
}

#[test]
fn authorization_expiring_soon_stays_on_the_site() {
    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, &review_with_auth("", &auth_expiring("2026-12-15"), "The nurse called me back within the hour."));
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains("warning[authorization/expired]"), "{run}");
    assert!(site.output("reviews/index.html").contains("The nurse called me back within the hour."), "{run}");
}

#[test]
fn authorization_revoked() {
    let auth = "[authorization]\nid = \"AUTH-2025-003\"\nsigned_on = 2025-02-01\nexpires_on = 2028-02-01\npermitted_identifiers = [\"initials\"]\nrevoked = true\n";
    let text = review_with_auth("", auth, "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/revoked", "error", REVIEW, &text, "[authorization]");
    c.expect_code(1);

    let auth = auth.replace("revoked = true", "revoked = false");
    let site = SiteTest::new().minimal().file(REVIEW, &review_with_auth("", &auth, "Fine care."));
    check(&site, &[]).expect_clean();
}

/// A site with one valid review and one whose authorization is expired or revoked; the rule is
/// configured down to a warning so the build goes through.
fn site_with_excluded_review(rule: &str, auth: &str) -> SiteTest {
    let config = format!("\n[compliance.rules]\n\"{rule}\" = \"warning\"\n");
    let auth = auth.replace("[\"initials\"]", "[\"initials\", \"photo\"]");
    site_with_config(&config)
        .file("content/reviews/a-b.md", &review("", "KEPT-REVIEW: the front desk was kind."))
        .file(REVIEW, &review_with_auth("", &auth, "EXCLUDED-REVIEW: the doctor listened. ![Me on a walk](walk.jpg)"))
        .bytes("assets/walk.jpg", &jpeg(300, 200))
}

#[track_caller]
fn assert_review_left_out(site: &SiteTest, rule: &str) {
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains(&format!("warning[{rule}]")), "the build should still report it; {run}");
    let reviews = site.output("reviews/index.html");
    assert!(reviews.contains("KEPT-REVIEW"), "the valid review is missing from /reviews/");
    let files = site.output_files();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("EXCLUDED-REVIEW"), "{path} contains the review whose authorization is gone");
    }
    // Nor its photo: the only images published are the headshot's (the site without the review
    // publishes the same image files).
    let images = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files.keys().filter(|p| p.starts_with("assets/")).cloned().collect()
    };
    let plain =
        SiteTest::new().minimal().file("content/reviews/a-b.md", &review("", "KEPT-REVIEW: the front desk was kind."));
    plain.build(&[]).expect(0);
    assert_eq!(images(&files), images(&plain.output_files()), "the excluded review's photo was published");
}

#[test]
fn expired_review_is_left_out_of_the_build_even_as_a_warning() {
    let site = site_with_excluded_review("authorization/expired", &auth_expiring("2025-12-31"));
    assert_review_left_out(&site, "authorization/expired");
}

#[test]
fn revoked_review_is_left_out_of_the_build_even_as_a_warning() {
    let auth = "[authorization]\nid = \"AUTH-2025-003\"\nsigned_on = 2025-02-01\nexpires_on = 2028-02-01\npermitted_identifiers = [\"initials\"]\nrevoked = true\n";
    let site = site_with_excluded_review("authorization/revoked", auth);
    assert_review_left_out(&site, "authorization/revoked");
}

#[test]
fn authorization_scope_full_name_when_only_initials_are_permitted() {
    let text = format!("+++\nauthor = \"Maria Rossi\"\nrating = 5\n{AUTH}+++\n\nThe staff explained everything.\n");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/scope", "error", REVIEW, &text, "\"Maria Rossi\"");
    c.expect_code(1);

    // The same author when the authorization permits a full name.
    let wide = AUTH.replace("[\"initials\"]", "[\"full_name\"]");
    let text = format!("+++\nauthor = \"Maria Rossi\"\nrating = 5\n{wide}+++\n\nThe staff explained everything.\n");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    check(&site, &[]).expect_clean();
}

#[test]
fn authorization_scope_channel_other_than_the_website() {
    let auth = AUTH.replace("[\"website\"]", "[\"social\"]");
    let text = review_with_auth("", &auth, "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/scope", "error", REVIEW, &text, "[authorization]");
}

#[test]
fn authorization_scope_photo_not_permitted() {
    let text = review("", "Me after the walk: ![A park path](walk.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/walk.jpg", &jpeg(64, 48));
    let c = check(&site, &[]);
    assert_finding(&c, "authorization/scope", "error", REVIEW, &text, "[authorization]");
    assert!(c.of("authorization/scope")[0]["message"].as_str().unwrap_or("").contains("photo"), "{}", c.all);

    let auth = AUTH.replace("[\"initials\"]", "[\"initials\", \"photo\"]");
    let text = review_with_auth("", &auth, "Me after the walk: ![A park path](walk.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/walk.jpg", &jpeg(64, 48));
    check(&site, &[]).expect_clean();
}

/// Regression: a photo in a review's text passed `check` and then failed the build (`output/link`):
/// the reviews page left its address as written instead of publishing the processed image.
#[test]
fn a_review_photo_its_authorization_permits_is_published() {
    let auth = AUTH.replace("[\"initials\"]", "[\"initials\", \"photo\"]");
    let text = review_with_auth("", &auth, "Me after the walk: ![A park path](walk.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/walk.jpg", &jpeg(64, 48));
    check(&site, &[]).expect_clean();
    site.build(&[]).expect(0);
    let page = site.page("reviews/index.html");
    let img = page.select(&common::sel("img[alt='A park path']")).next().expect("the photo is on the page");
    let src = img.value().attr("src").unwrap_or_default().trim_start_matches('/').to_string();
    assert!(src.starts_with("assets/walk") && site.output_exists(&src), "{src}");
}

#[test]
fn yaml_review_findings_point_into_the_yaml() {
    let text = "---\nauthor: Maria Rossi\nrating: 5\ntitle: \"Call 555-201-3344 now\"\nincentive: gift\nauthorization:\n  id: AUTH-2026-001\n  signed_on: 2026-01-05\n  expires_on: 2028-06-30\n  permitted_identifiers: [initials]\n---\n\nThe staff were kind.\n";
    let site = SiteTest::new().minimal().file(REVIEW, text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, text, "555-201-3344");
    assert_finding(&c, "ftc/material-connection", "error", REVIEW, text, "gift");
    assert_finding(&c, "authorization/scope", "error", REVIEW, text, "Maria Rossi");
}

// ---------------------------------------------------------------------------------------------
// ftc/*
// ---------------------------------------------------------------------------------------------

#[test]
fn ftc_expected_results() {
    let text = review("", "I was back to running in 3 weeks after my ablation.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "ftc/expected-results", "error", REVIEW, &text, "I was back to running in 3 weeks");
    c.expect_code(1);

    let front = "expected_results = \"Most patients return to light exercise within four to six weeks.\"\n";
    let site =
        SiteTest::new().minimal().file(REVIEW, &review(front, "I was back to running in 3 weeks after my ablation."));
    check(&site, &[]).expect_clean();
}

#[test]
fn ftc_expected_results_that_say_nothing_are_no_disclosure() {
    for nothing in ["", " ", "N/A", "tbd", "Results may vary."] {
        let front = format!("expected_results = \"{nothing}\"\n");
        let text = review(&front, "I was back to running in 3 weeks after my ablation.");
        let site = SiteTest::new().minimal().file(REVIEW, &text);
        let c = check(&site, &[]);
        assert_finding(&c, "ftc/expected-results", "error", REVIEW, &text, &format!("\"{nothing}\""));
    }
    // A placeholder is one mistake, reported once.
    let text = review("expected_results = \"TBD\"\n", "I was back to running in 3 weeks after my ablation.");
    let c = check(&SiteTest::new().minimal().file(REVIEW, &text), &[]);
    assert_eq!(c.of("content/placeholder").len(), 1, "{}", c.all);
    c.expect_none("ftc/expected-results");
    let front = "incentive = \"gift\"\nincentive_disclosure = \"n/a\"\n";
    let site = SiteTest::new().minimal().file(REVIEW, &review(front, "The staff explained everything."));
    assert_eq!(check(&site, &[]).of("ftc/material-connection").len(), 1);
}

#[test]
fn ftc_material_connection_incentive_without_disclosure() {
    let text = review("incentive = \"gift\"\n", "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "ftc/material-connection", "error", REVIEW, &text, "\"gift\"");
    c.expect_code(1);

    let front = "incentive = \"gift\"\nincentive_disclosure = \"The reviewer received a coffee mug after posting.\"\n";
    let site = SiteTest::new().minimal().file(REVIEW, &review(front, "The staff explained everything."));
    check(&site, &[]).expect_clean();
}

#[test]
fn ftc_material_connection_insider_relationship() {
    let text = review("relationship = \"relative_of_staff\"\n", "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "ftc/material-connection", "error", REVIEW, &text, "\"relative_of_staff\"");
    c.expect_code(1);

    let front = "relationship = \"relative_of_staff\"\nincentive_disclosure = \"The reviewer's sister works at our front desk.\"\n";
    let site = SiteTest::new().minimal().file(REVIEW, &review(front, "The staff explained everything."));
    check(&site, &[]).expect_clean();

    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, &review("relationship = \"family_of_patient\"\n", "The staff explained everything."));
    check(&site, &[]).expect_clean();
}

#[test]
fn ftc_material_connection_author_matches_a_team_member() {
    let auth = AUTH.replace("[\"initials\"]", "[\"first_name\"]");
    let text = format!("+++\nauthor = \"Grace W.\"\nrating = 5\n{auth}+++\n\nThe staff explained everything.\n");
    let site = SiteTest::new().minimal().file(NURSE, &nurse()).file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "ftc/material-connection", "error", REVIEW, &text, "\"Grace W.\"");
    assert!(c.of("ftc/material-connection")[0]["message"].as_str().unwrap_or("").contains("Grace Whitaker"));
    c.expect_code(1);

    let text = format!("+++\nauthor = \"Maria R.\"\nrating = 5\n{auth}+++\n\nThe staff explained everything.\n");
    let site = SiteTest::new().minimal().file(NURSE, &nurse()).file(REVIEW, &text);
    check(&site, &[]).expect_clean();
}

// ---------------------------------------------------------------------------------------------
// claims/*: warning in an article, error in a review and in the profile; negation-aware
// ---------------------------------------------------------------------------------------------

/// Puts `sentence` in an article, a review and the profile and expects `rule` over `marker` in
/// each (warning, error, error); then puts `negated` in all three and expects no claim at all.
#[track_caller]
fn claim_everywhere(rule: &str, sentence: &str, marker: &str, negated: &str) {
    let art = article(sentence);
    let rev = review("", sentence);
    let bio = profile(sentence);
    let site = SiteTest::new().minimal().file(ARTICLE, &art).file(REVIEW, &rev).file(PROFILE, &bio);
    let c = check(&site, &[]);
    let found = c.of(rule);
    assert_eq!(found.len(), 3, "expected {rule} in the article, the review and the profile; {}", c.all);
    for (path, text, severity) in [(ARTICLE, &art, "warning"), (REVIEW, &rev, "error"), (PROFILE, &bio, "error")] {
        let f = found.iter().find(|f| f["path"] == path).unwrap_or_else(|| panic!("no {rule} in {path}; {}", c.all));
        assert_eq!(f["severity"], severity, "{rule} in {path}; {}", c.all);
        let (line, column, end_line, end_column) = span_of(text, marker);
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64(), f["end_line"].as_u64(), f["end_column"].as_u64()),
            (Some(line), Some(column), Some(end_line), Some(end_column)),
            "{rule} in {path} should cover {marker:?}; {}",
            c.all
        );
    }
    c.expect_code(1);

    // Only the article: a warning does not fail the check.
    let site = SiteTest::new().minimal().file(ARTICLE, &art);
    let c = check(&site, &[]);
    assert_finding(&c, rule, "warning", ARTICLE, &art, marker);
    c.expect_code(0);

    let site = SiteTest::new()
        .minimal()
        .file(ARTICLE, &article(negated))
        .file(REVIEW, &review("", negated))
        .file(PROFILE, &profile(negated));
    check(&site, &[]).expect_clean();
}

#[test]
fn claims_guarantee() {
    claim_everywhere(
        "claims/guarantee",
        "We guarantee results for every patient.",
        "guarantee",
        "We cannot guarantee any particular result.",
    );
}

#[test]
fn claims_cure() {
    claim_everywhere(
        "claims/cure",
        "This treatment cures atrial fibrillation.",
        "cures",
        "There is no cure for atrial fibrillation, but treatment helps.",
    );
}

#[test]
fn claims_superiority() {
    claim_everywhere(
        "claims/superiority",
        "Dr. Doe is the best cardiologist in the state.",
        "best cardiologist",
        "Dr. Doe is not the best cardiologist for every patient. Heart disease is the leading cause of death.",
    );
}

#[test]
fn claims_risk() {
    claim_everywhere(
        "claims/risk",
        "The procedure is painless.",
        "painless",
        "The procedure is not painless for everyone. Ask about side effects before you start.",
    );
}

#[test]
fn claims_board() {
    claim_everywhere(
        "claims/board",
        "Dr. Doe is board eligible in cardiology.",
        "board eligible",
        "Dr. Doe is not board eligible in surgery; she is board-certified in family medicine.",
    );
}

#[test]
fn claims_negated_by_common_phrasings_do_not_fire() {
    let text = article(
        "Nobody is the best cardiologist for every patient. We are hardly the best doctors for everyone. We do not claim to be the best cardiologist in town.",
    );
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    check(&site, &[]).expect_clean();
}

#[test]
fn claims_site_phrases_extend_the_lists() {
    let config = "\n[compliance.claims]\nsuperiority = [\"finest in town\"]\n";
    let text = article("Our clinic is the finest in town.");
    let site = site_with_config(config).file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "claims/superiority", "warning", ARTICLE, &text, "finest in town");
}

// ---------------------------------------------------------------------------------------------
// article/*
// ---------------------------------------------------------------------------------------------

#[test]
fn article_medical_review_missing() {
    let text = article_with("", "", GOOD_REFERENCES, "Blood pressure basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/medical-review", "warning", ARTICLE, &text, "+++");
    c.expect_code(0);

    let site = SiteTest::new().minimal().file(ARTICLE, &article("Blood pressure basics."));
    check(&site, &[]).expect_clean();
}

#[test]
fn article_medical_review_without_a_date() {
    let text = article_with("", "[medical_review]\nreviewer = \"profile\"\n", GOOD_REFERENCES, "Basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/medical-review", "warning", ARTICLE, &text, "[medical_review]");
}

#[test]
fn article_medical_review_by_a_nurse() {
    let review = "[medical_review]\nreviewer = \"grace-whitaker\"\nlast_reviewed = 2026-06-01\n";
    let text = article_with("", review, GOOD_REFERENCES, "Blood pressure basics.");
    let site = SiteTest::new().minimal().file(NURSE, &nurse()).file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/medical-review", "warning", ARTICLE, &text, "\"grace-whitaker\"");
    assert!(c.of("article/medical-review")[0]["message"].as_str().unwrap_or("").contains("Grace Whitaker"));
}

#[test]
fn article_medical_review_by_staff() {
    let staff =
        "+++\nname = \"Tom Baker\"\nrole = \"staff\"\njob_title = \"Office manager\"\n+++\n\nTom runs the office.\n";
    let review = "[medical_review]\nreviewer = \"tom-baker\"\nlast_reviewed = 2026-06-01\n";
    let text = article_with("", review, GOOD_REFERENCES, "Blood pressure basics.");
    let site = SiteTest::new().minimal().file("content/team/tom-baker.md", staff).file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/medical-review", "warning", ARTICLE, &text, "\"tom-baker\"");

    // A physician assistant on the team is a clinician.
    let pa =
        "+++\nname = \"Tom Baker\"\nrole = \"physician_assistant\"\nnpi = \"1234567893\"\n+++\n\nTom sees patients.\n";
    let site = SiteTest::new().minimal().file("content/team/tom-baker.md", pa).file(ARTICLE, &text);
    check(&site, &[]).expect_clean();
}

#[test]
fn article_review_stale() {
    // More than 24 months before 2026-11-22.
    let review = "[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2024-10-31\n";
    let text = article_with("", review, GOOD_REFERENCES, "Blood pressure basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/review-stale", "warning", ARTICLE, &text, "2024-10-31");
    c.expect_code(0);

    // Within 24 months.
    let fresh = article_with("", &review.replace("2024-10-31", "2024-12-01"), GOOD_REFERENCES, "Basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &fresh);
    check(&site, &[]).expect_clean();

    // review_max_age_months makes it stale.
    let site = site_with_config("\n[compliance]\nreview_max_age_months = 12\n").file(ARTICLE, &fresh);
    let c = check(&site, &[]);
    assert_finding(&c, "article/review-stale", "warning", ARTICLE, &fresh, "2024-12-01");
}

#[test]
fn article_references() {
    let text = article_with("", GOOD_MEDICAL_REVIEW, "", "Blood pressure basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "article/references", "warning", ARTICLE, &text, "+++");
    c.expect_code(0);

    let site = SiteTest::new().minimal().file(ARTICLE, &article("Blood pressure basics."));
    check(&site, &[]).expect_clean();
}

// ---------------------------------------------------------------------------------------------
// image/*
// ---------------------------------------------------------------------------------------------

/// A JPEG with a GPS position in its EXIF (checked readable, or the test would prove nothing).
fn gps_jpeg() -> Vec<u8> {
    let plain = jpeg(64, 48);
    let bytes = common::with_exif(&plain, &common::exif_app1(1, true));
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&bytes))
        .expect("fixture check: the hand-built EXIF must be readable");
    assert!(exif.fields().any(|f| f.tag == exif::Tag::GPSLatitude), "fixture check: a GPS latitude");
    bytes
}

// ---------------------------------------------------------------------------------------------
// markup/*: nothing in content can run script
// ---------------------------------------------------------------------------------------------

#[test]
fn markup_url_scheme_javascript_link_in_a_review_is_an_error_at_the_address() {
    let text = review("", "Great care! [click](javascript:alert(1))");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "markup/url-scheme", "error", REVIEW, &text, "javascript:alert(1)");
    c.expect_code(1);
}

#[test]
fn markup_url_scheme_is_found_in_every_form_an_address_takes() {
    // Case, entities, an autolink, a reference definition nothing uses, an image, raw HTML with
    // an entity-encoded scheme, a form action, a data: image: one finding each, where written.
    let cases = [
        ("[a](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
        ("[a](&#106;avascript:alert(1))", "&#106;avascript:alert(1)"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),
        ("See [the guide][g].\n\n[g]: vbscript:msgbox(1)", "vbscript:msgbox(1)"),
        ("[unused]: javascript:alert(1)", "javascript:alert(1)"),
        ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "data:image/svg+xml;base64,PHN2Zz4="),
        ("<a href=\"&#x6A;avascript:alert(1)\">x</a>", "&#x6A;avascript:alert(1)"),
        ("<form action=\"javascript:alert(1)\"><button>Send</button></form>", "javascript:alert(1)"),
        ("<iframe src=\" java\tscript:alert(1)\"></iframe>", " java\tscript:alert(1)"),
    ];
    for (body, marker) in cases {
        let text = article(body);
        let site = SiteTest::new().minimal().file(ARTICLE, &text);
        let c = check(&site, &[]);
        assert_finding(&c, "markup/url-scheme", "error", ARTICLE, &text, marker);
        c.expect_code(1);
    }
}

#[test]
fn markup_url_scheme_allows_site_and_web_addresses() {
    let body = "[a](https://www.heart.org/) [b](/articles/) [c](#top) [d](mailto:office@test.example) \
                [e](tel:+15550102000) [f](other.md) <https://www.cdc.gov/>";
    let site = SiteTest::new().minimal().file(ARTICLE, &article(body));
    check(&site, &[]).expect_none("markup/url-scheme");
}

#[test]
fn markup_html_event_handlers_and_scripts_in_an_article_are_warned_where_written() {
    let text = article("<img src=\"ecg.jpg\" alt=\"ECG\" onerror=\"alert(1)\">");
    let site = SiteTest::new().minimal().file(ARTICLE, &text).bytes("assets/ecg.jpg", &jpeg(64, 48));
    let c = check(&site, &[]);
    assert_finding(&c, "markup/html", "warning", ARTICLE, &text, "onerror");
    c.expect_code(0);

    let text = article("Intro.\n\n<script>alert(1)</script>\n");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "markup/html", "warning", ARTICLE, &text, "<script>");
    assert!(c.of("markup/html")[0]["message"].as_str().unwrap_or("").contains("script"), "{}", c.all);

    let text = article("<iframe src=\"https://tracker.example/embed\"></iframe>");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "markup/html", "warning", ARTICLE, &text, "<iframe src=\"https://tracker.example/embed\">");

    let body = "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video\"></iframe>\n\n\
                <figure class=\"wide\"><figcaption>Caption</figcaption></figure>";
    let site = SiteTest::new().minimal().file(ARTICLE, &article(body));
    check(&site, &[]).expect_none("markup/html");
}

#[test]
fn markup_html_embed_hosts_from_site_toml_are_kept() {
    let body = "<iframe src=\"https://www.google.com/maps/embed?pb=1\" title=\"Map\"></iframe>";
    let site = site_with_config("\n[markdown]\nembed_hosts = [\"www.google.com\"]\n").file(ARTICLE, &article(body));
    check(&site, &[]).expect_none("markup/html");
}

#[test]
fn markup_heading_attribute() {
    let text = article("## Symptoms {#signs .note onmouseover=alert(1)}\n\nText.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "markup/heading-attribute", "warning", ARTICLE, &text, "onmouseover");
    let site = SiteTest::new().minimal().file(ARTICLE, &article("## Symptoms {#signs .note}\n\nText."));
    check(&site, &[]).expect_none("markup/heading-attribute");
}

#[test]
fn content_placeholder() {
    let text = article("Our hours are TBD until the new office opens.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "content/placeholder", "error", ARTICLE, &text, "TBD");
    insta::assert_snapshot!(check_human(&site, &[]).stderr);
    c.expect_code(1);
    let text = article("Lorem ipsum dolor sit amet.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    assert_finding(&check(&site, &[]), "content/placeholder", "error", ARTICLE, &text, "Lorem ipsum");
    // A placeholder date in front matter is one finding, not a type error too.
    let text = article_with("date = \"YYYY-MM-DD\"\n", GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, "Text.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "content/placeholder", "error", ARTICLE, &text, "\"YYYY-MM-DD\"");
    c.expect_none("frontmatter/type");
    // Ordinary words are not placeholders.
    let site = SiteTest::new().minimal().file(ARTICLE, &article("Make a todo list before your visit."));
    check(&site, &[]).expect_none("content/placeholder");
}

// ---------------------------------------------------------------------------------------------
// reviews/*: replies, gating and suppression (16 CFR 465, 45 CFR 164.502)
// ---------------------------------------------------------------------------------------------

#[test]
fn reviews_response_that_confirms_the_visit_fails_and_a_generic_one_passes() {
    let text = review(
        "response = \"Sorry your visit was rushed, Maria; call us about your biopsy results.\"\n",
        "Kind staff.",
    );
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    let found = c.of("reviews/response");
    assert!(found.len() >= 2, "{}", c.all);
    c.expect_code(1);
    let snapshot = check_human(&site, &[]);
    insta::assert_snapshot!(snapshot.stderr);

    let safe =
        review("response = \"Thank you for your kind words; our whole team appreciates them.\"\n", "Kind staff.");
    let site = SiteTest::new().minimal().file(REVIEW, &safe);
    check(&site, &[]).expect_clean();
    site.build(&[]).expect(0);
    assert!(site.output("reviews/index.html").contains("our whole team appreciates them"), "the reply is published");
}

#[test]
fn reviews_gating() {
    let text =
        "+++\ntitle = \"Leave a review\"\n+++\n\nIf you had a 5-star experience, please leave us a review on Google!\n";
    let site = SiteTest::new().minimal().file("content/pages/reviews-please.md", text);
    let c = check(&site, &[]);
    assert_finding(
        &c,
        "reviews/gating",
        "error",
        "content/pages/reviews-please.md",
        text,
        "If you had a 5-star experience",
    );
    insta::assert_snapshot!(check_human(&site, &[]).stderr);
    let fair =
        "+++\ntitle = \"Leave a review\"\n+++\n\nWe welcome every patient's feedback: leave a review on Google.\n";
    let site = SiteTest::new().minimal().file("content/pages/reviews-please.md", fair);
    check(&site, &[]).expect_none("reviews/gating");
}

#[test]
fn reviews_suppression_of_a_low_rated_authorized_review() {
    let published = review("", "Wonderful.");
    let low = format!("+++\nauthor = \"K.L.\"\nrating = 2\ndraft = true\n{AUTH}+++\n\nThe wait was long.\n");
    let site = SiteTest::new().minimal().file(REVIEW, &published).file("content/reviews/k-l.md", &low);
    let c = check(&site, &[]);
    assert_finding(&c, "reviews/suppression", "warning", "content/reviews/k-l.md", &low, "2");
    insta::assert_snapshot!(check_human(&site, &[]).stderr);
    let neutral = low.replace("draft = true\n", "draft = true\nwithheld_reason = \"privacy\"\n");
    let site = SiteTest::new().minimal().file(REVIEW, &published).file("content/reviews/k-l.md", &neutral);
    check(&site, &[]).expect_none("reviews/suppression");
}

#[test]
fn the_reviews_page_never_shows_an_aggregate_rating() {
    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, &review("", "Wonderful."))
        .file("content/reviews/k-l.md", &format!("+++\nauthor = \"K.L.\"\nrating = 4\n{AUTH}+++\n\nGood.\n"));
    site.build(&[]).expect(0);
    for (path, bytes) in tree_files(&site.out()).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("aggregateRating") && !text.contains("AggregateRating"), "{path}");
        assert!(!text.contains("4.5"), "{path}: an average of the published reviews");
    }
}

// ---------------------------------------------------------------------------------------------
// state/*: rules of the states in [compliance.practice] states
// ---------------------------------------------------------------------------------------------

#[test]
fn state_testimonials_new_york() {
    let text = review("", "Kind and thorough.");
    let site = site_with_config("\n[compliance.practice]\nstates = [\"NY\"]\n").file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "state/testimonials", "error", REVIEW, &text, "+++");
    insta::assert_snapshot!(check_human(&site, &[]).stderr);
    // The shorthand `[compliance] states` means the same; other states have no such rule.
    let site = site_with_config("\n[compliance]\nstates = [\"NY\"]\n").file(REVIEW, &text);
    assert_eq!(check(&site, &[]).of("state/testimonials").len(), 1);
    let site = site_with_config("\n[compliance.practice]\nstates = [\"PA\"]\n").file(REVIEW, &text);
    check(&site, &[]).expect_clean();
}

#[test]
fn state_codes_are_checked() {
    let site = site_with_config("\n[compliance.practice]\nstates = [\"New York\", \"XX\"]\n");
    let run = site.run(&["check", "."]).expect(2);
    assert!(run.stderr.contains("`New York` is not a US state code"), "{run}");
    assert!(run.stderr.contains("write the two-letter code: \"NY\""), "{run}");
    assert!(run.stderr.contains("`XX` is not a US state code"), "{run}");
}

#[test]
fn state_testimonial_disclosure_texas() {
    let site = site_with_config("\n[compliance.practice]\nstates = [\"TX\"]\n").file(REVIEW, &review("", "Kind."));
    let c = check(&site, &[]);
    assert_eq!(c.of("state/testimonial-disclosure").len(), 1, "{}", c.all);
    c.expect_code(1);
    let config = "\n[compliance.practice]\nstates = [\"TX\"]\n[disclaimers]\nreview = \"Reviews are written by patients, who are not medical professionals; none was paid.\"\n";
    let site = site_with_config(config).file(REVIEW, &review("", "Kind."));
    check(&site, &[]).expect_none("state/testimonial-disclosure");
}

#[test]
fn state_before_after_california() {
    let text = article("Results of a blepharoplasty: ![Before and after eyelid surgery](lids.jpg)");
    let config = "\n[compliance.practice]\nstates = [\"CA\"]\n";
    let site = site_with_config(config).file(ARTICLE, &text).bytes("assets/lids.jpg", &jpeg(64, 32));
    let c = check(&site, &[]);
    assert_finding(&c, "state/before-after", "error", ARTICLE, &text, "![Before and after eyelid surgery](lids.jpg)");
    insta::assert_snapshot!(check_human(&site, &[]).stderr);
    let text = article("Blepharoplasty: ![Before and after eyelid surgery](lids.jpg) Individual results vary.");
    let site = site_with_config(config).file(ARTICLE, &text).bytes("assets/lids.jpg", &jpeg(64, 32));
    check(&site, &[]).expect_none("state/before-after");
}

#[test]
fn state_credentials_new_york_and_illinois() {
    let profile = "+++\nname = \"Jane Doe\"\nhonorific_prefix = \"Dr.\"\nheadshot = \"assets/headshot.jpg\"\nheadshot_alt = \"Dr. Jane Doe\"\n+++\n\nBio.\n";
    let site = site_with_config("\n[compliance.practice]\nstates = [\"IL\"]\n").file(PROFILE, profile);
    let c = check(&site, &[]);
    assert_finding(&c, "state/credentials", "error", PROFILE, profile, "\"Jane Doe\"");
    let with_degree = profile.replace("honorific_prefix", "credentials = [\"MD\"]\nhonorific_prefix");
    let site = site_with_config("\n[compliance.practice]\nstates = [\"IL\"]\n").file(PROFILE, &with_degree);
    check(&site, &[]).expect_none("state/credentials");
}

#[test]
fn markup_highlight_limit() {
    let code = "let x = 1;\n".repeat(200);
    let text = article(&format!("Intro.\n\n```rust\n{code}```\n"));
    let site = site_with_config("\n[limits]\nhighlight_bytes = 1000\n").file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "markup/highlight-limit", "warning", ARTICLE, &text, "```rust");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    check(&site, &[]).expect_none("markup/highlight-limit");
}

#[test]
fn image_alt() {
    let text = article("An ECG strip: ![](ecg.jpg)");
    let site = SiteTest::new().minimal().file(ARTICLE, &text).bytes("assets/ecg.jpg", &jpeg(64, 48));
    let c = check(&site, &[]);
    assert_finding(&c, "image/alt", "warning", ARTICLE, &text, "![](ecg.jpg)");
    c.expect_code(0);

    let site = SiteTest::new()
        .minimal()
        .file(ARTICLE, &article("An ECG strip: ![A normal ECG strip](ecg.jpg)"))
        .bytes("assets/ecg.jpg", &jpeg(64, 48));
    check(&site, &[]).expect_clean();
}

#[test]
fn image_alt_for_a_team_photo_field() {
    let member = "+++\nname = \"Grace Whitaker\"\nrole = \"nurse\"\nphoto = \"assets/grace.jpg\"\n+++\n\nGrace runs our clinic.\n";
    let site = SiteTest::new().minimal().file(NURSE, member).bytes("assets/grace.jpg", &jpeg(64, 80));
    let c = check(&site, &[]);
    assert_finding(&c, "image/alt", "warning", NURSE, member, "\"assets/grace.jpg\"");
    assert!(c.of("image/alt")[0]["help"].as_str().unwrap_or("").contains("photo_alt"), "{}", c.all);
}

#[test]
fn image_location_in_a_team_photo_is_an_error() {
    let member = "+++\nname = \"Grace Whitaker\"\nrole = \"nurse\"\nphoto = \"assets/grace.jpg\"\nphoto_alt = \"Grace Whitaker, RN\"\n+++\n\nGrace runs our clinic.\n";
    let site = SiteTest::new().minimal().file(NURSE, member).bytes("assets/grace.jpg", &gps_jpeg());
    let c = check(&site, &[]);
    assert_finding(&c, "image/location", "error", NURSE, member, "\"assets/grace.jpg\"");
    assert!(c.of("image/location")[0]["message"].as_str().unwrap_or("").contains("GPS"), "{}", c.all);
    c.expect_code(1);

    let site = SiteTest::new().minimal().file(NURSE, member).bytes("assets/grace.jpg", &jpeg(64, 80));
    check(&site, &[]).expect_clean();
}

#[test]
fn image_location_in_an_article_is_a_warning() {
    let text = article("Our new waiting room: ![The waiting room](room.jpg)");
    let site = SiteTest::new().minimal().file(ARTICLE, &text).bytes("assets/room.jpg", &gps_jpeg());
    let c = check(&site, &[]);
    assert_finding(&c, "image/location", "warning", ARTICLE, &text, "![The waiting room](room.jpg)");
    c.expect_code(0);
}

#[test]
fn image_location_in_a_review_is_an_error() {
    let auth = AUTH.replace("[\"initials\"]", "[\"initials\", \"photo\"]");
    let text = review_with_auth("", &auth, "Me after the walk: ![A park path](walk.jpg)");
    let site = SiteTest::new().minimal().file(REVIEW, &text).bytes("assets/walk.jpg", &gps_jpeg());
    let c = check(&site, &[]);
    assert_finding(&c, "image/location", "error", REVIEW, &text, "![A park path](walk.jpg)");
}

#[test]
fn image_missing() {
    let text = article("An ECG strip: ![A normal ECG strip](missing-ecg.jpg)");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "image/missing", "error", ARTICLE, &text, "![A normal ECG strip](missing-ecg.jpg)");
    assert!(c.of("image/missing")[0]["message"].as_str().unwrap_or("").contains("assets/missing-ecg.jpg"));
    c.expect_code(1);

    let site = SiteTest::new().minimal().file(ARTICLE, &text).bytes("assets/missing-ecg.jpg", &jpeg(64, 48));
    check(&site, &[]).expect_clean();
}

// ---------------------------------------------------------------------------------------------
// output/* and structured/*: found after rendering, so through `build`
// ---------------------------------------------------------------------------------------------

const PAGE: &str = "content/pages/about.md";
const PAGE_TEXT: &str =
    "+++\ntitle = \"About the practice\"\ndescription = \"Who we are.\"\n+++\n\nWe are a family practice.\n";

/// Builds, expects exit 1 and no output, and returns stderr.
#[track_caller]
fn failing_build(site: &SiteTest) -> String {
    let run = site.build(&[]).expect(1);
    assert!(!site.out().exists(), "a failed build wrote output; {run}");
    assert!(run.stderr.contains("error: build failed"), "{run}");
    run.stderr
}

#[test]
fn output_disclaimer_when_a_page_has_neither_main_nor_body() {
    let site = site_with_config("\n[disclaimers]\npage = \"Not medical advice.\"\n")
        .file(PAGE, PAGE_TEXT)
        .file("templates/page.html", "<p>{{ page.title }}</p>\n");
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[output/disclaimer]"), "{stderr}");
    assert!(stderr.contains("/about/"), "the finding should name the page: {stderr}");
    assert!(stderr.contains("templates/page.html"), "the help should name the template: {stderr}");
}

#[test]
fn output_ambiguous_html_in_a_template_fails_the_build_unpublished() {
    let template = "{% extends \"builtin/page.html\" %}{% block content %}<select><xmp><script>alert(1)</script></xmp></select>{{ super() }}{% endblock content %}";
    let site = SiteTest::new().minimal().file(PAGE, PAGE_TEXT).file("templates/page.html", template);
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[output/ambiguous-html]: /about/index.html has markup"), "{stderr}");
    assert!(!site.output_exists("about/index.html"), "nothing is published");
    // The same page without the ambiguous markup builds.
    let site = SiteTest::new().minimal().file(PAGE, PAGE_TEXT);
    site.build(&[]).expect(0);
}

/// Practice facts under which no notice is required: these tests' bare templates have no footer
/// to link notices from, and they are about disclaimers.
const BARE_TEMPLATE_FACTS: &str = "\n[compliance.practice]\nhipaa_covered_entity = false\nself_pay = false\n";

#[test]
fn output_disclaimer_is_injected_into_main_when_the_template_omits_it() {
    let template = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>{{ page.title }}</title>\n{{ social }}\n</head>\n<body>\n<main>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</main>\n</body>\n</html>\n";
    let site = site_with_config(&format!("\n[disclaimers]\npage = \"Not medical advice.\"\n{BARE_TEMPLATE_FACTS}"))
        .file(PAGE, PAGE_TEXT)
        .file("templates/page.html", template);
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("output/disclaimer"), "{run}");
    let html = site.output("about/index.html");
    let main = html.split("<main>").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or_default();
    assert!(main.contains("data-disclaimer=\"page\""), "the disclaimer is not inside <main>:\n{html}");
    assert!(main.contains("Not medical advice."), "{html}");
}

#[test]
fn output_disclaimer_is_injected_before_body_when_there_is_no_main() {
    let template = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>{{ page.title }}</title>\n{{ social }}\n</head>\n<body>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</body>\n</html>\n";
    let site = site_with_config(&format!("\n[disclaimers]\npage = \"Not medical advice.\"\n{BARE_TEMPLATE_FACTS}"))
        .file(PAGE, PAGE_TEXT)
        .file("templates/page.html", template);
    site.build(&[]).expect(0);
    let html = site.output("about/index.html");
    let body = html.split("<body>").nth(1).unwrap_or_default();
    assert!(body.contains("data-disclaimer=\"page\"") && body.contains("Not medical advice."), "{html}");
    assert!(body.trim_end().ends_with("</aside></body>\n</html>"), "not placed just before </body>:\n{html}");
}

/// "A theme can never silently drop a disclaimer": the check for an existing disclaimer looks
/// for its `data-disclaimer="page"` marker anywhere in the page, so raw HTML in the content
/// carrying that attribute makes a template that omits {{ disclaimer }} publish no disclaimer.
#[test]
fn output_disclaimer_is_not_fooled_by_a_marker_in_the_content() {
    let template = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>{{ page.title }}</title>\n{{ social }}\n</head>\n<body>\n<main>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n</main>\n</body>\n</html>\n";
    let site = site_with_config(&format!("\n[disclaimers]\npage = \"Not medical advice.\"\n{BARE_TEMPLATE_FACTS}"))
        .file(
            PAGE,
            &PAGE_TEXT.replace(
                "We are a family practice.",
                "<div data-disclaimer=\"page\"></div>\n\nWe are a family practice.",
            ),
        )
        .file("templates/page.html", template);
    let run = site.build(&[]);
    if run.code == 0 {
        let html = site.output("about/index.html");
        assert!(html.contains("Not medical advice."), "the page was published without its disclaimer:\n{html}");
    } else {
        assert!(run.stderr.contains("output/disclaimer"), "{run}");
    }
}

/// The built-in theme's base template.
fn builtin_base() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/templates/base.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

#[test]
fn output_og_when_base_template_drops_social() {
    let base = builtin_base();
    assert!(base.contains("{{ social }}"), "fixture check: the built-in base.html has {{{{ social }}}}");
    let site = SiteTest::new().minimal().file("templates/base.html", &base.replace("{{ social }}", ""));
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[output/og]"), "{stderr}");
    for tag in ["og:title", "og:image", "twitter:card"] {
        assert!(stderr.contains(tag), "{tag} is not named: {stderr}");
    }

    // The unmodified copy as an override builds.
    let site = SiteTest::new().minimal().file("templates/base.html", &base);
    site.build(&[]).expect(0);
}

#[test]
fn output_link_to_a_page_that_does_not_exist() {
    let site = SiteTest::new()
        .minimal()
        .file(PAGE, &PAGE_TEXT.replace("We are a family practice.", "See [our services](/nowhere/)."));
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[output/link]"), "{stderr}");
    assert!(stderr.contains("`/nowhere/`"), "{stderr}");
    // Reported where the link is written, not against the built page.
    assert!(stderr.contains("--> content/pages/about.md:"), "the linking file should be named: {stderr}");

    let site = SiteTest::new()
        .minimal()
        .file(PAGE, &PAGE_TEXT.replace("We are a family practice.", "See [our articles](/articles/)."));
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("output/link"), "{run}");
}

#[test]
fn output_metadata_for_a_jpeg_with_exif_under_static() {
    let site = SiteTest::new().minimal().bytes("static/office.jpg", &gps_jpeg());
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[output/metadata]"), "{stderr}");
    assert!(stderr.contains("/office.jpg"), "{stderr}");

    let site = SiteTest::new().minimal().bytes("static/office.jpg", &jpeg(64, 48));
    site.build(&[]).expect(0);
    assert!(site.output_exists("office.jpg"));
}

#[test]
fn output_metadata_never_fires_for_assets_which_are_re_encoded() {
    // The same GPS photo under assets/ (referenced by an article) is stripped on output.
    let site = SiteTest::new()
        .minimal()
        .file(ARTICLE, &article("Our new waiting room: ![The waiting room](room.jpg)"))
        .bytes("assets/room.jpg", &gps_jpeg());
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("output/metadata"), "{run}");
    assert!(run.stderr.contains("warning[image/location]"), "{run}");
}

#[test]
fn structured_self_rating() {
    let rating =
        r#"{"@type":"Physician","aggregateRating":{"@type":"AggregateRating","ratingValue":5,"ratingCount":3}}"#;
    let template = format!(
        "{{% extends \"builtin/page.html\" %}}\n{{% block head %}}<script type=\"application/ld+json\">{rating}</script>{{% endblock head %}}\n"
    );
    let site = SiteTest::new().minimal().file(PAGE, PAGE_TEXT).file("templates/page.html", &template);
    let stderr = failing_build(&site);
    assert!(stderr.contains("error[structured/self-rating]"), "{stderr}");
    assert!(stderr.contains("Physician"), "{stderr}");

    let fine = r#"{"@type":"Physician","name":"Jane Doe"}"#;
    let template = template.replace(rating, fine);
    let site = SiteTest::new().minimal().file(PAGE, PAGE_TEXT).file("templates/page.html", &template);
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("structured/self-rating"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// Policy: severity overrides, fail_on, --deny-warnings
// ---------------------------------------------------------------------------------------------

const SUPERIORITY: &str = "Dr. Doe is the best cardiologist in the state.";

#[test]
fn severity_override_makes_an_article_claim_an_error() {
    let text = article(SUPERIORITY);
    let site = site_with_config("\n[compliance.rules]\n\"claims/superiority\" = \"error\"\n").file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "claims/superiority", "error", ARTICLE, &text, "best cardiologist");
    c.expect_code(1);
    assert_eq!(c.json["errors"], 1, "{}", c.all);
    assert_eq!(c.json["warnings"], 0, "{}", c.all);

    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[claims/superiority]"), "{run}");
}

#[test]
fn severity_override_off_removes_the_finding() {
    let site = site_with_config("\n[compliance.rules]\n\"claims/superiority\" = \"off\"\n")
        .file(ARTICLE, &article(SUPERIORITY));
    let c = check(&site, &[]);
    c.expect_none("claims/superiority");
    c.expect_clean();
}

#[test]
fn severity_override_can_lower_a_review_error_but_not_a_patient_identifier() {
    let text = review("incentive = \"gift\"\n", "She gave me her cell, 555-201-3344, and called back the same day.");
    let config = "\n[compliance.rules]\n\"phi/phone\" = \"warning\"\n\"ftc/material-connection\" = \"warning\"\n";
    let site = site_with_config(config).file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "ftc/material-connection", "warning", REVIEW, &text, "\"gift\"");
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "555-201-3344");
    c.expect_code(1);
}

#[test]
fn severity_override_applies_to_post_render_rules() {
    let site = site_with_config("\n[compliance.rules]\n\"output/link\" = \"warning\"\n")
        .file(PAGE, &PAGE_TEXT.replace("We are a family practice.", "See [our services](/nowhere/)."));
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains("warning[output/link]"), "{run}");
}

#[test]
fn fail_on_warning_makes_warnings_fail() {
    let text = article(SUPERIORITY);
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    check(&site, &[]).expect_code(0);

    let site = site_with_config("\n[compliance]\nfail_on = \"warning\"\n").file(ARTICLE, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "claims/superiority", "warning", ARTICLE, &text, "best cardiologist");
    c.expect_code(1);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("warning[claims/superiority]"), "{run}");
    assert!(!site.out().exists(), "{run}");

    // Without warnings the site still builds under fail_on = "warning".
    let site = site_with_config("\n[compliance]\nfail_on = \"warning\"\n").file(ARTICLE, &article("Basics."));
    site.build(&[]).expect(0);
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let text = article(SUPERIORITY);
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &["--deny-warnings"]);
    assert_finding(&c, "claims/superiority", "warning", ARTICLE, &text, "best cardiologist");
    c.expect_code(1);
    check_human(&site, &["--deny-warnings"]).expect(1);

    let site = SiteTest::new().minimal().file(ARTICLE, &article("Basics."));
    check(&site, &["--deny-warnings"]).expect_clean();
}

// ---------------------------------------------------------------------------------------------
// Suppressions
// ---------------------------------------------------------------------------------------------

#[test]
fn suppression_with_a_reason_suppresses_and_is_listed() {
    let front = "allow = [{ rule = \"phi/phone\", reason = \"the hospital's public switchboard\" }]\n";
    let text = article_with(front, GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, "Call the hospital at (570) 555-0204.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    c.expect_clean();
    assert_eq!(c.json["suppressed"], 1, "{}", c.all);

    let run = check_human(&site, &[]).expect(0);
    assert!(run.stderr.contains("suppressed"), "{run}");
    let listed = run.stderr.lines().any(|l| {
        l.contains("phi/phone")
            && l.contains("content/articles/heart-health.md")
            && l.contains("the hospital's public switchboard")
    });
    assert!(listed, "the suppression is not listed with its rule, file and reason; {run}");

    // Without the allow, the finding is there.
    let site = SiteTest::new().minimal().file(ARTICLE, &article("Call the hospital at (570) 555-0204."));
    check(&site, &[]).of("phi/phone").first().expect("phi/phone without the suppression");
}

#[test]
fn suppression_only_covers_its_own_rule_and_document() {
    let front = "allow = [{ rule = \"phi/phone\", reason = \"the hospital's public switchboard\" }]\n";
    let text = article_with(
        front,
        GOOD_MEDICAL_REVIEW,
        GOOD_REFERENCES,
        "Write to jsmith42@yahoo.com or call (570) 555-0204.",
    );
    let other = article("Call my daughter at (570) 555-0204.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text).file("content/articles/other.md", &other);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/email", "warning", ARTICLE, &text, "jsmith42@yahoo.com");
    assert_finding(&c, "phi/phone", "warning", "content/articles/other.md", &other, "(570) 555-0204");
    assert_eq!(c.json["suppressed"], 1, "{}", c.all);
}

#[test]
fn suppression_without_a_reason_is_an_error() {
    let front = "allow = [{ rule = \"phi/phone\" }]\n";
    let text = article_with(front, GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, "Call the hospital at (570) 555-0204.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    c.expect_code(1);
    let errors: Vec<&Value> = c.findings().iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{}", c.all);
    assert_eq!(errors[0]["path"], ARTICLE, "{}", c.all);
    assert!(errors[0]["message"].as_str().unwrap_or("").contains("reason"), "{}", c.all);
    let (line, _, _, _) = span_of(&text, "allow = ");
    assert_eq!(errors[0]["line"].as_u64(), Some(line), "{}", c.all);

    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("a suppression needs a reason"), "{run}");
}

#[test]
fn suppression_with_an_empty_reason_is_an_error() {
    let front = "allow = [{ rule = \"phi/phone\", reason = \"  \" }]\n";
    let text = article_with(front, GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, "Call the hospital at (570) 555-0204.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    c.expect_code(1);
    assert!(c.findings().iter().any(|f| f["severity"] == "error"), "{}", c.all);
}

#[test]
fn authorization_cannot_be_waived_by_allow_or_compliance_rules() {
    let front = "allow = [{ rule = \"authorization/missing\", reason = \"the patient agreed on the phone\" }]\n";
    let text = review_with_auth(front, "", "Great care.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    c.expect_code(1);
    assert_eq!(c.of("authorization/missing").len(), 1, "still reported; {}", c.all);
    assert_eq!(c.json["suppressed"], 0, "{}", c.all);
    let refused: Vec<&Value> = c.of("frontmatter/type");
    assert_eq!(refused.len(), 1, "{}", c.all);
    assert!(refused[0]["message"].as_str().unwrap_or("").contains("cannot be suppressed in a review"), "{}", c.all);
    let (line, column, _, _) = span_of(&text, "\"authorization/missing\"");
    assert_eq!((refused[0]["line"].as_u64(), refused[0]["column"].as_u64()), (Some(line), Some(column)), "{}", c.all);
    site.build(&[]).expect(1);
    assert!(!site.output_exists("reviews/index.html"), "nothing is published");

    let site = site_with_config("\n[compliance.rules]\n\"authorization/missing\" = \"off\"\n")
        .file(REVIEW, &review_with_auth("", "", "Great care."));
    let run = check_human(&site, &[]);
    assert_ne!(run.code, 0, "{run}");
    assert!(run.stderr.contains("`authorization/missing` cannot be reconfigured"), "{run}");
    assert!(run.stderr.contains("45 CFR 164.508"), "{run}");
}

#[test]
fn identifiers_in_a_review_cannot_be_suppressed_or_turned_off() {
    let front = "allow = [{ rule = \"phi/phone\", reason = \"she asked us to include it\" }]\n";
    let text = review(front, "Call me at 570-555-0204 to hear more.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/phone", "error", REVIEW, &text, "570-555-0204");
    assert!(
        c.of("frontmatter/type")
            .iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains("`phi/phone` cannot be suppressed")),
        "{}",
        c.all
    );

    // Turned off site-wide, identifiers still fail in reviews; elsewhere the practice decides.
    let site = site_with_config("\n[compliance.rules]\n\"phi/phone\" = \"off\"\n")
        .file(REVIEW, &review("", "Call me at 570-555-0204 to hear more."))
        .file(ARTICLE, &article("Call the hospital at (570) 555-0199."));
    let c = check(&site, &[]);
    c.expect_code(1);
    assert_eq!(c.of("phi/phone").len(), 1, "{}", c.all);
    assert_eq!(c.of("phi/phone")[0]["path"], REVIEW, "{}", c.all);
}

#[test]
fn an_authorization_dated_after_today_or_after_its_expiry_is_not_a_signature() {
    for signed in ["2026-12-01", "2028-07-01"] {
        let auth = AUTH.replace("2026-01-05", signed);
        let text = review_with_auth("", &auth, "The staff explained everything.");
        let site = SiteTest::new().minimal().file(REVIEW, &text);
        let c = check(&site, &[]);
        assert_finding(&c, "authorization/missing", "error", REVIEW, &text, signed);
    }
}

#[test]
fn an_authorization_with_an_empty_channel_list_does_not_cover_the_website() {
    let auth = AUTH.replace("[\"website\"]", "[]");
    let text = review_with_auth("", &auth, "The staff explained everything.");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    assert_finding(&check(&site, &[]), "authorization/scope", "error", REVIEW, &text, "[authorization]");
    // Channels not recorded at all: the form's own scope stands.
    let auth = AUTH.replace("channels = [\"website\"]\n", "");
    let site = SiteTest::new().minimal().file(REVIEW, &review_with_auth("", &auth, "The staff explained everything."));
    check(&site, &[]).expect_clean();
}

#[test]
fn unknown_rule_in_allow_is_an_error_with_a_suggestion() {
    let front = "allow = [{ rule = \"phi/phnoe\", reason = \"the hospital's public switchboard\" }]\n";
    let text = article_with(front, GOOD_MEDICAL_REVIEW, GOOD_REFERENCES, "Blood pressure basics.");
    let site = SiteTest::new().minimal().file(ARTICLE, &text);
    let c = check(&site, &[]);
    c.expect_code(1);
    let errors: Vec<&Value> = c.findings().iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{}", c.all);
    let f = errors[0];
    assert!(f["rule"].as_str().unwrap_or("").starts_with("frontmatter/"), "{}", c.all);
    assert_eq!(f["path"], ARTICLE);
    let (line, column, _, _) = span_of(&text, "\"phi/phnoe\"");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(line), Some(column)), "{}", c.all);
    assert!(f["help"].as_str().unwrap_or("").contains("did you mean `phi/phone`?"), "{}", c.all);
}

#[test]
fn unknown_rule_in_compliance_rules_is_an_error_with_a_suggestion() {
    let config = format!("{MINIMAL_SITE_TOML}\n[compliance.rules]\n\"claims/superiorty\" = \"error\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config);
    // A site.toml problem is a configuration failure (exit 2) for check and build alike.
    let run = check_human(&site, &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("`claims/superiorty` is not a rule id"), "{run}");
    assert!(run.stderr.contains("did you mean `claims/superiority`?"), "{run}");
    let (line, column, _, _) = span_of(&config, "\"claims/superiorty\"");
    assert!(run.stderr.contains(&format!("site.toml:{line}:{column}")), "{run}");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(!site.out().exists());
}

#[test]
fn template_and_frontmatter_rules_cannot_be_reconfigured() {
    let config = format!("{MINIMAL_SITE_TOML}\n[compliance.rules]\n\"image/missing\" = \"off\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config);
    let run = check_human(&site, &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("`image/missing` cannot be reconfigured"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// A failed build leaves the previous output untouched
// ---------------------------------------------------------------------------------------------

#[test]
fn build_with_an_error_finding_leaves_previous_output_byte_identical() {
    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, &review("", "The staff explained everything and the wait was short."))
        .file(ARTICLE, &article("Blood pressure basics."));
    site.build(&[]).expect(0);
    let before = tree_files(&site.out());
    assert!(before.contains_key("index.html") && before.contains_key("reviews/index.html"));

    // An identifier in the review: an error finding.
    site.write(REVIEW, review("", "She gave me her cell, 555-201-3344, and called back.").as_bytes());
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[phi/phone]"), "{run}");
    assert!(run.stderr.contains("previous output was left untouched"), "{run}");
    let after = tree_files(&site.out());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the set of files changed");
    for (path, bytes) in &before {
        assert!(after.get(path) == Some(bytes), "{path} changed after a failed build");
    }
    // No staging folder is left beside the output.
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .expect("listing the site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || (n.starts_with(".public") && n != "public"))
        .collect();
    assert!(leftovers.is_empty(), "a failed build left {leftovers:?}");

    // And a post-render error (output/link) does not touch it either.
    site.write(REVIEW, review("", "The staff explained everything.").as_bytes());
    site.write(PAGE, PAGE_TEXT.replace("We are a family practice.", "See [x](/nowhere/).").as_bytes());
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[output/link]"), "{run}");
    let after = tree_files(&site.out());
    assert!(after == before, "the output changed after a failed verification");
}

/// Profile and team fields that are shown on pages (specialties, job titles, awards) are checked
/// too, at the value in the front matter.
#[test]
fn claims_in_profile_and_team_fields() {
    let profile = "+++\nname = \"Jane Doe\"\nspecialties = [\"Cardiology\", \"World-class heart care\"]\n+++\n\nBio.\n";
    let member =
        "+++\nname = \"Sam Lee\"\nrole = \"staff\"\njob_title = \"Leading expert in scheduling\"\n+++\n\nBio.\n";
    let site = SiteTest::new().minimal().file(PROFILE, profile);
    assert_finding(&check(&site, &[]), "claims/superiority", "error", PROFILE, profile, "World-class");
    let site = SiteTest::new().minimal().file("content/team/sam-lee.md", member);
    let team = "content/team/sam-lee.md";
    assert_finding(&check(&site, &[]), "claims/superiority", "warning", team, member, "Leading expert");
}

// ---------------------------------------------------------------------------------------------
// The review identifiers an office manager let through before the name and place lists
// ---------------------------------------------------------------------------------------------

#[test]
fn phi_name_a_signed_review_with_initials_only_permission_fails() {
    let text = review("", "The whole team got me walking again. — Jennifer Dawson");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/name", "error", REVIEW, &text, "Jennifer Dawson");
    c.expect_code(1);
}

#[test]
fn phi_address_a_city_sign_off_fails_unless_the_authorization_permits_the_city() {
    let text = review("", "The allergy shots finally work. J.D., Springfield IL");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    let c = check(&site, &[]);
    assert_finding(&c, "phi/address", "error", REVIEW, &text, "Springfield");
    assert!(
        c.of("phi/address")[0]["message"].as_str().unwrap_or("").contains("place smaller than a state"),
        "{}",
        c.all
    );

    let permits_city = AUTH.replace("[\"initials\"]", "[\"initials\", \"city\"]");
    let text = review_with_auth("", &permits_city, "The allergy shots finally work. J.D., Springfield IL");
    let site = SiteTest::new().minimal().file(REVIEW, &text);
    check(&site, &[]).expect_none("phi/address");
}

#[test]
fn phi_url_public_sources_in_a_review_are_not_identifiers_and_sites_can_add_their_own() {
    let body =
        "The nurse pointed me to cdc.gov/flu and https://www.heart.org/en/health-topics, and to mysupport.org/groups.";
    let site = SiteTest::new().minimal().file(REVIEW, &review("", body));
    let c = check(&site, &[]);
    assert_eq!(c.of("phi/url").len(), 1, "only the unknown site; {}", c.all);
    let site =
        site_with_config("\n[compliance.public]\ndomains = [\"mysupport.org\"]\n").file(REVIEW, &review("", body));
    check(&site, &[]).expect_none("phi/url");
}
