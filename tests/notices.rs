//! What the law asks of the whole site: the `notices/*` rules (each notice the practice's facts
//! require exists, holds its required elements, and every page links to it), the `privacy/*`
//! rules over the rendered pages (trackers, embeds, forms to third parties), `_headers`, and
//! `check`'s account of which notice rules are on and why. Listed in `tests/rules.rs`'s catalogue.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest};
use serde_json::Value;

/// The minimal site's config without its externally hosted notices, with `extra` appended.
fn config_without_notices(extra: &str) -> String {
    let start = MINIMAL_SITE_TOML.find("# The notices").expect("fixture: the notices comment");
    let end = MINIMAL_SITE_TOML.find("[practice]").expect("fixture: [practice]");
    format!("{}{}{extra}", &MINIMAL_SITE_TOML[..start], &MINIMAL_SITE_TOML[end..])
}

/// A site with no notices, under `facts` (a `[compliance.practice]` table, or nothing for the
/// defaults: a covered entity seeing self-pay patients).
fn bare_site(facts: &str) -> SiteTest {
    SiteTest::new().minimal().file("site.toml", &config_without_notices(facts))
}

/// The findings of `whitecoat check --format json`, and the exit code.
fn check(site: &SiteTest) -> (i32, Vec<Value>, String) {
    let run = site.run(&["check", ".", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "check failed to run; {run}");
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}); {run}"));
    (run.code, json["findings"].as_array().cloned().unwrap_or_default(), run.to_string())
}

/// The messages of `rule`'s findings.
fn messages<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a str> {
    findings.iter().filter(|f| f["rule"] == rule).filter_map(|f| f["message"].as_str()).collect()
}

const NPP: &str = "content/pages/notice-of-privacy-practices.md";
const NPP_HEADER: &str = "THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND DISCLOSED AND HOW YOU CAN GET ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY.";

/// A Notice of Privacy Practices with `front` keys and `body`.
fn npp(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"Notice of Privacy Practices\"\nnotice = \"privacy\"\n{front}+++\n\n{body}\n")
}

/// A complete one: header sentence (wrapped and in bold, as counsel writes it), effective date,
/// contact.
fn complete_npp() -> String {
    let header = NPP_HEADER.replacen(" MAY ", "\nMAY ", 1);
    npp("effective = 2026-03-01\n", &format!("**{header}**\n\nQuestions: our privacy officer, 555-010-2000."))
}

const GFE: &str = "content/pages/good-faith-estimate.md";
const GFE_TEXT: &str = "+++\ntitle = \"Good Faith Estimate\"\nnotice = \"good_faith_estimate\"\n+++\n\nYou have the right to receive a Good Faith Estimate. If you receive a bill that is at least $400 more than your Good Faith Estimate, you can dispute the bill. Visit www.cms.gov/nosurprises or call 1-800-985-3059.\n";

// ---------------------------------------------------------------------------------------------
// notices/privacy
// ---------------------------------------------------------------------------------------------

#[test]
fn notices_privacy_missing_names_the_fact_the_law_and_the_command() {
    let site = bare_site("");
    let (code, findings, all) = check(&site);
    assert_eq!(code, 1, "{all}");
    let found: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "notices/privacy").collect();
    assert_eq!(found.len(), 1, "one finding; {all}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["path"], "site.toml", "{all}");
    let help = found[0]["help"].as_str().unwrap_or_default();
    for needle in ["164.520", "whitecoat new notice privacy", "[compliance.notices]"] {
        assert!(help.contains(needle), "{needle}: {all}");
    }
    // Not a covered entity: nothing to post.
    let site = bare_site("\n[compliance.practice]\nhipaa_covered_entity = false\n").file(GFE, GFE_TEXT);
    let (code, findings, all) = check(&site);
    assert!(messages(&findings, "notices/privacy").is_empty(), "{all}");
    assert_eq!(code, 0, "{all}");
}

#[test]
fn notices_privacy_the_finding_points_at_the_fact_that_requires_it() {
    let site =
        bare_site("\n[compliance.practice]\nemployees = 3\nhipaa_covered_entity = true  # we bill electronically\n")
            .file(GFE, GFE_TEXT);
    let (_, findings, all) = check(&site);
    let f = findings.iter().find(|f| f["rule"] == "notices/privacy").unwrap_or_else(|| panic!("{all}"));
    let text = site.read("site.toml");
    let line = text.lines().position(|l| l.starts_with("hipaa_covered_entity")).expect("fixture") + 1;
    assert_eq!(f["line"], line, "{all}");
}

#[test]
fn notices_privacy_a_complete_notice_passes_and_each_missing_element_is_named() {
    let site = bare_site("").file(NPP, &complete_npp()).file(GFE, GFE_TEXT);
    let (code, findings, all) = check(&site);
    assert!(findings.is_empty(), "{all}");
    assert_eq!(code, 0);

    let site = bare_site("").file(NPP, &npp("", "We protect your information.")).file(GFE, GFE_TEXT);
    let (_, findings, all) = check(&site);
    let found = messages(&findings, "notices/privacy");
    assert_eq!(found.len(), 3, "{all}");
    for what in ["header sentence", "effective date", "privacy contact"] {
        assert!(found.iter().any(|m| m.contains(what)), "{what}: {all}");
    }
    // An effective date in the text counts as much as one in the front matter.
    let body = format!("{NPP_HEADER}\n\nEffective date: March 1, 2026. Contact privacy@clinic.example.");
    let site = bare_site("").file(NPP, &npp("", &body)).file(GFE, GFE_TEXT);
    let (_, findings, all) = check(&site);
    assert!(messages(&findings, "notices/privacy").is_empty(), "{all}");
}

#[test]
fn notices_privacy_a_placeholder_effective_date_is_one_finding_not_two() {
    let body = format!("{NPP_HEADER}\n\nContact privacy@clinic.example.");
    let site = bare_site("").file(NPP, &npp("effective = \"YYYY-MM-DD\"\n", &body)).file(GFE, GFE_TEXT);
    let (_, findings, all) = check(&site);
    assert!(messages(&findings, "notices/privacy").is_empty(), "{all}");
    assert_eq!(messages(&findings, "content/placeholder").len(), 1, "{all}");
}

#[test]
fn notices_privacy_before_the_2026_amendments_deadline_warns() {
    let old = complete_npp().replace("2026-03-01", "2019-07-01");
    let site = bare_site("").file(NPP, &old).file(GFE, GFE_TEXT);
    let (code, findings, all) = check(&site);
    let found: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "notices/privacy").collect();
    assert_eq!(found.len(), 1, "{all}");
    assert_eq!(found[0]["severity"], "warning", "{all}");
    assert_eq!(code, 0, "{all}");
}

#[test]
fn notices_privacy_every_page_links_it_or_the_build_fails() {
    // The built-in theme's footer links every notice.
    let site = bare_site("").file(NPP, &complete_npp()).file(GFE, GFE_TEXT);
    site.build(&[]).expect(0);
    let home = site.output("index.html");
    assert!(home.contains("href=\"/notice-of-privacy-practices/\">Notice of Privacy Practices</a>"), "{home}");
    assert!(site.output("notice-of-privacy-practices/index.html").contains("PLEASE REVIEW IT CAREFULLY"));

    // An agency's base template that drops the footer: every page lacks the links.
    let base = builtin_base();
    let start = base.find("{% if site.notices %}").expect("fixture: the theme's notices group");
    let end = base[start..].find("{% endif %}").expect("fixture") + start + "{% endif %}".len();
    let stripped = format!("{}{}", &base[..start], &base[end..]);
    let site = bare_site("").file(NPP, &complete_npp()).file(GFE, GFE_TEXT).file("templates/base.html", &stripped);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[notices/privacy]"), "{run}");
    assert!(run.stderr.contains("do not link to the Notice of Privacy Practices"), "{run}");
    assert!(!site.out().exists(), "a failed build wrote output");

    // Linked with text that does not name it ("Legal"): still a finding.
    let renamed = base.replace("{{ notice.title }}", "Legal");
    let site = bare_site("").file(NPP, &complete_npp()).file(GFE, GFE_TEXT).file("templates/base.html", &renamed);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[notices/privacy]"), "{run}");
}

#[test]
fn notices_privacy_hosted_elsewhere_is_linked_by_its_address() {
    let config =
        config_without_notices("\n[compliance.notices]\nprivacy = \"https://www.examplehealth.org/npp.pdf\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config).file(GFE, GFE_TEXT);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(site.output("index.html").contains("href=\"https://www.examplehealth.org/npp.pdf\""));

    // A PDF among the site's static files, by its path.
    let config = config_without_notices("\n[compliance.notices]\nprivacy = \"/legal/npp.pdf\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config).file(GFE, GFE_TEXT);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[output/link]") && run.stderr.contains("/legal/npp.pdf"), "not there yet; {run}");
    assert_eq!(run.stderr.matches("error[output/link]").count(), 1, "one message for one mistake; {run}");
    // `check` finds it too, at its line of site.toml (it was found only by the build's output
    // check, on every page's footer link).
    let (code, findings, all) = check(&site);
    assert_eq!(code, 1, "{all}");
    let found: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "output/link").collect();
    assert_eq!(found.len(), 1, "{all}");
    assert_eq!(found[0]["path"], "site.toml", "{all}");
    let line = config.lines().position(|l| l.contains("/legal/npp.pdf")).map(|i| i as u64 + 1);
    assert_eq!(found[0]["line"].as_u64(), line, "{all}");
    site.write("static/legal/npp.pdf", b"%PDF-1.4\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run}");

    let config = config_without_notices("\n[compliance.notices]\nprivacy = \"npp.pdf\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config).file(GFE, GFE_TEXT);
    let run = site.run(&["check", ".", "--format", "json"]).expect(2);
    assert!(run.stdout.contains("neither an http(s) URL nor a path on this site"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// notices/nondiscrimination, notices/language-assistance (Section 1557)
// ---------------------------------------------------------------------------------------------

const MEDICARE: &str = "\n[compliance.practice]\nfederal_funds = [\"medicare_b\"]\n";
const NONDISCRIMINATION: &str = "content/pages/nondiscrimination.md";
const NONDISCRIMINATION_TEXT: &str = "+++\ntitle = \"Nondiscrimination Notice\"\nnotice = \"nondiscrimination\"\n+++\n\nWe do not discriminate on the basis of race, color, national origin, age, disability or sex. Aids and services and language assistance are free of charge: call 555-010-2000 (TTY: 711). You can complain to the HHS Office for Civil Rights at ocrportal.hhs.gov or 1-800-368-1019.\n";
const LANGUAGES: &str = "content/pages/language-assistance.md";

/// A language assistance notice with taglines in the first `n` languages of the HHS list.
fn language_notice(n: usize) -> String {
    let taglines = include_str!("../data/notices/taglines.tsv");
    let rows: Vec<String> = taglines
        .lines()
        .filter(|l| !l.starts_with('#'))
        .take(n)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            format!("<p lang=\"{}\">{}</p>", f[0], f[3].replace("{phone}", "555-010-2000"))
        })
        .collect();
    format!(
        "+++\ntitle = \"Language Assistance\"\nnotice = \"language_assistance\"\n+++\n\nFree language help: 555-010-2000.\n\n{}\n",
        rows.join("\n\n")
    )
}

/// A site with NPP and GFE under `facts`.
fn covered(facts: &str) -> SiteTest {
    bare_site(facts).file(NPP, &complete_npp()).file(GFE, GFE_TEXT)
}

#[test]
fn notices_nondiscrimination_follows_federal_funds() {
    let (code, findings, all) = check(&covered(""));
    assert!(messages(&findings, "notices/nondiscrimination").is_empty(), "no federal funds; {all}");
    assert_eq!(code, 0, "{all}");

    let (_, findings, all) = check(&covered(MEDICARE).file(LANGUAGES, &language_notice(15)));
    let found = messages(&findings, "notices/nondiscrimination");
    assert_eq!(found.len(), 1, "{all}");
    assert!(found[0].contains("no nondiscrimination notice") && found[0].contains("medicare_b"), "{all}");

    let site = covered(MEDICARE).file(LANGUAGES, &language_notice(15)).file(NONDISCRIMINATION, NONDISCRIMINATION_TEXT);
    let (code, findings, all) = check(&site);
    assert!(findings.is_empty(), "{all}");
    assert_eq!(code, 0);
}

#[test]
fn notices_nondiscrimination_names_what_the_notice_lacks() {
    let thin = NONDISCRIMINATION_TEXT
        .replace("national origin, ", "")
        .replace("the HHS Office for Civil Rights at ocrportal.hhs.gov or 1-800-368-1019", "us");
    let site = covered(MEDICARE).file(LANGUAGES, &language_notice(15)).file(NONDISCRIMINATION, &thin);
    let (_, findings, all) = check(&site);
    let found = messages(&findings, "notices/nondiscrimination");
    assert_eq!(found.len(), 2, "{all}");
    assert!(found.iter().any(|m| m.contains("national origin")), "{all}");
    assert!(found.iter().any(|m| m.contains("Office for Civil Rights")), "{all}");

    // With 15 employees, the coordinator and grievance procedure too.
    let facts = format!("{MEDICARE}employees = 15\n");
    let site = covered(&facts).file(LANGUAGES, &language_notice(15)).file(NONDISCRIMINATION, NONDISCRIMINATION_TEXT);
    let (_, findings, all) = check(&site);
    let found = messages(&findings, "notices/nondiscrimination");
    assert!(found.len() == 1 && found[0].contains("coordinator"), "{all}");
}

#[test]
fn notices_language_assistance_needs_taglines_each_with_its_lang() {
    let base = || covered(MEDICARE).file(NONDISCRIMINATION, NONDISCRIMINATION_TEXT);
    let (_, findings, all) = check(&base());
    assert_eq!(messages(&findings, "notices/language-assistance").len(), 1, "missing; {all}");

    let (_, findings, all) = check(&base().file(LANGUAGES, &language_notice(0)));
    let found = messages(&findings, "notices/language-assistance");
    assert!(found.len() == 1 && found[0].contains("taglines"), "{all}");

    let (code, findings, all) = check(&base().file(LANGUAGES, &language_notice(6)));
    let found: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "notices/language-assistance").collect();
    assert_eq!(found.len(), 1, "{all}");
    assert_eq!(found[0]["severity"], "warning", "{all}");
    assert!(found[0]["message"].as_str().unwrap_or("").contains("6 languages"), "{all}");
    assert_eq!(code, 0, "a warning; {all}");

    let (code, findings, all) = check(&base().file(LANGUAGES, &language_notice(15)));
    assert!(findings.is_empty(), "{all}");
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------------------------
// notices/good-faith-estimate, notices/surprise-billing
// ---------------------------------------------------------------------------------------------

#[test]
fn notices_good_faith_estimate_for_self_pay_patients() {
    let site = bare_site("").file(NPP, &complete_npp());
    let (_, findings, all) = check(&site);
    assert_eq!(messages(&findings, "notices/good-faith-estimate").len(), 1, "{all}");

    let thin = GFE_TEXT.replace("$400", "a lot").replace("1-800-985-3059", "us");
    let (_, findings, all) = check(&site.file(GFE, &thin));
    let found = messages(&findings, "notices/good-faith-estimate");
    assert_eq!(found.len(), 2, "{all}");
    assert!(found.iter().any(|m| m.contains("$400")), "{all}");

    let site = bare_site("\n[compliance.practice]\nself_pay = false\n").file(NPP, &complete_npp());
    let (code, findings, all) = check(&site);
    assert!(findings.is_empty(), "no self-pay patients; {all}");
    assert_eq!(code, 0);
}

#[test]
fn notices_surprise_billing_when_care_is_furnished_at_facilities() {
    let facts = "\n[compliance.practice]\nfurnishes_at_facility = true\n";
    let (_, findings, all) = check(&covered(facts));
    assert_eq!(messages(&findings, "notices/surprise-billing").len(), 1, "{all}");

    let page = "+++\ntitle = \"Surprise Billing Protections\"\nnotice = \"surprise_billing\"\n+++\n\nYou are protected from surprise billing (balance billing). Call the No Surprises Help Desk at 1-800-985-3059.\n";
    let (code, findings, all) = check(&covered(facts).file("content/pages/surprise-billing.md", page));
    assert!(findings.is_empty(), "{all}");
    assert_eq!(code, 0);
}

#[test]
fn check_prints_which_notice_rules_are_on_and_why() {
    let site = covered(MEDICARE);
    let run = site.run(&["check", "."]);
    for line in [
        "on   notices/privacy              hipaa_covered_entity = true",
        "on   notices/nondiscrimination    federal_funds = [\"medicare_b\"]",
        "off  notices/surprise-billing     furnishes_at_facility = false",
    ] {
        assert!(run.stderr.contains(line), "{line}: {run}");
    }
}

#[test]
fn new_notice_scaffolds_a_page_that_fails_until_completed() {
    let site = bare_site("").file(GFE, GFE_TEXT);
    let run = site.run(&["new", "notice", "privacy", "--site", "."]).expect(0);
    assert!(run.stdout.contains("notice-of-privacy-practices.md"), "{run}");
    let text = site.read(NPP);
    assert!(text.contains(NPP_HEADER.split(' ').take(4).collect::<Vec<_>>().join(" ").as_str()), "{text}");
    assert!(text.contains("Test Practice"), "the practice's name from site.toml: {text}");
    let (code, findings, all) = check(&site);
    assert_eq!(code, 1, "{all}");
    assert!(!messages(&findings, "content/placeholder").is_empty(), "{all}");
    assert!(messages(&findings, "notices/privacy").is_empty(), "the scaffold has every element: {all}");

    let run = site.run(&["new", "notice", "cookies", "--site", "."]).expect(2);
    assert!(run.stderr.contains("good-faith-estimate"), "lists the kinds: {run}");
}

// ---------------------------------------------------------------------------------------------
// privacy/tracker, privacy/embed, privacy/form (over the rendered pages) and _headers
// ---------------------------------------------------------------------------------------------

/// The built-in theme's base template.
fn builtin_base() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/templates/base.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

const META_PIXEL: &str = "<script>\n!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window, document,'script','https://connect.facebook.net/en_US/fbevents.js');\nfbq('init', '1234567890');\nfbq('track', 'PageView');\n</script>\n";
const CONTACT: &str = "content/pages/contact.md";
const CONTACT_TEXT: &str = "+++\ntitle = \"Contact\"\ndescription = \"Call or visit.\"\n+++\n\nCall us.\n";

/// The minimal site (with its notices) whose base template has `snippet` before `</head>`.
fn with_head(snippet: &str) -> SiteTest {
    let base = builtin_base().replacen("</head>", &format!("{snippet}</head>"), 1);
    SiteTest::new().minimal().file(CONTACT, CONTACT_TEXT).file("templates/base.html", &base)
}

#[test]
fn privacy_tracker_a_meta_pixel_in_the_template_fails_on_the_contact_page() {
    let site = with_head(META_PIXEL);
    let run = site.build(&[]).expect(1);
    let error = run.stderr.lines().find(|l| l.starts_with("error[privacy/tracker]")).unwrap_or_else(|| panic!("{run}"));
    assert!(error.contains("/contact/") && error.contains("Meta"), "{error}; {run}");
    // Pages where patients do not act are warnings, in one finding naming how many.
    assert!(run.stderr.contains("warning[privacy/tracker]"), "{run}");
    assert!(!site.out().exists());

    // A vendor allowed with a reason (a BAA) passes.
    let config = format!(
        "{MINIMAL_SITE_TOML}\n[compliance.trackers]\nallow = [{{ vendor = \"Meta Pixel\", reason = \"BAA signed 2026-01-10\" }}]\n"
    );
    let vendor = error.split("]: ").nth(1).and_then(|s| s.split(" (").next()).unwrap_or_default().to_string();
    let site = with_head(META_PIXEL).file("site.toml", &config.replace("Meta Pixel", &vendor));
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("privacy/tracker"), "{run}");
}

#[test]
fn privacy_tracker_hosts_and_self_hosted_snippets_are_recognised() {
    for snippet in [
        "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABC123\"></script>\n",
        "<script src=\"https://static.hotjar.com/c/hotjar-1.js?sv=6\"></script>\n",
        "<script>(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};t=l.createElement(r);t.async=1;t.src=\"https://www.clarity.ms/tag/\"+i;})(window, document, \"clarity\", \"script\", \"abc\");</script>\n",
        "<img height=\"1\" width=\"1\" alt=\"\" src=\"https://px.ads.linkedin.com/collect/?pid=1&fmt=gif\">\n",
    ] {
        let run = with_head(snippet).build(&[]).expect(1);
        assert!(run.stderr.contains("error[privacy/tracker]"), "{snippet}: {run}");
    }
    // The practice's own script is not a tracker.
    let site = with_head("<script src=\"/menu.js\"></script>\n").file("static/menu.js", "document.title;");
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("privacy/"), "{run}");
}

#[test]
fn privacy_embed_youtube_only_through_the_privacy_enhanced_host() {
    let page = |src: &str| {
        format!(
            "+++\ntitle = \"Video\"\ndescription = \"A video.\"\n+++\n\n<iframe src=\"{src}\" title=\"About us\"></iframe>\n"
        )
    };
    let site =
        SiteTest::new().minimal().file("content/pages/video.md", &page("https://www.youtube-nocookie.com/embed/abc"));
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("privacy/embed"), "{run}");
    assert!(site.output("_headers").contains("frame-src https://www.youtube-nocookie.com"), "the CSP allows it");

    // A template embedding from www.youtube.com.
    let site = with_head("").file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<iframe src=\"https://www.youtube.com/embed/abc\" title=\"Tour\"></iframe>{{ page.content | safe }}{% endblock %}",
    );
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[privacy/embed]") && run.stderr.contains("youtube-nocookie"), "{run}");

    // A map embedded in content (allowed host) is a warning about the data flow.
    let config = format!("{MINIMAL_SITE_TOML}\n[markdown]\nembed_hosts = [\"www.google.com\"]\n");
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", &config)
        .file("content/pages/directions.md", &page("https://www.google.com/maps/embed?pb=1"));
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains("warning[privacy/embed]"), "{run}");
}

#[test]
fn privacy_form_posting_to_a_third_party_warns() {
    let site = with_head("").file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.content | safe }}<form action=\"https://forms.example-vendor.com/submit\" method=\"post\"><label>Message <textarea name=\"m\"></textarea></label><button>Send</button></form>{% endblock %}",
    );
    let run = site.build(&[]).expect(0);
    assert!(run.stderr.contains("warning[privacy/form]") && run.stderr.contains("forms.example-vendor.com"), "{run}");
    assert!(site.output("_headers").contains("form-action 'self' https://forms.example-vendor.com"));
}

#[test]
fn headers_file_has_a_policy_computed_from_the_pages() {
    let site = SiteTest::new().minimal();
    site.build(&[]).expect(0);
    let headers = site.output("_headers");
    assert!(headers.starts_with('#') && headers.contains("\n/*\n"), "{headers}");
    for header in [
        "Content-Security-Policy: default-src 'self'; script-src 'self';",
        "Referrer-Policy: strict-origin-when-cross-origin",
        "Permissions-Policy: camera=()",
        "X-Content-Type-Options: nosniff",
    ] {
        assert!(headers.contains(header), "{header}: {headers}");
    }
    assert!(!headers.contains("unsafe-inline"), "{headers}");
    let home = site.output("index.html");
    assert!(home.contains("<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">"), "{home}");
}
