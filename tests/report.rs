//! `whitecoat report`: the compliance officer's page. A fixture site with something in every
//! section (a missing notice, a tracker, an authorization about to expire, an article overdue for
//! re-review, a suppression, a phone number in a review) is reported as JSON and HTML (snapshots);
//! no identifier appears unmasked; `--out` replaces only its own earlier reports.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest};
use serde_json::Value;

const REVIEW: &str = "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"AUTH-2026-014\"\nsigned_on = 2025-01-05\nexpires_on = 2027-01-10\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nThe front desk called me back at 555-867-5309 the same day.\n";
const ARTICLE: &str = "+++\ntitle = \"Statins, explained\"\ndescription = \"What statins do.\"\nallow = [{ rule = \"article/references\", reason = \"an overview citing the practice's own handout\" }]\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2024-09-01\n+++\n\n## What they do\n\nStatins lower LDL cholesterol.\n";

/// The fixture: every section of the report has something in it.
fn troubled_site() -> SiteTest {
    let config = format!(
        "{}\n[compliance.trackers]\nallow = [{{ vendor = \"Hotjar\", reason = \"BAA signed 2026-02-01\" }}]\n",
        MINIMAL_SITE_TOML.replace("privacy = \"https://records.example-health.org/npp.pdf\"\n", "")
    );
    let base_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic/templates/base.html");
    let base = std::fs::read_to_string(base_path).expect("the built-in base template");
    let pixel = "<script async src=\"https://connect.facebook.net/en_US/fbevents.js\"></script>\n</head>";
    SiteTest::new()
        .minimal()
        .file("site.toml", &config)
        .file("templates/base.html", &base.replacen("</head>", pixel, 1))
        .file("content/reviews/review-0001.md", REVIEW)
        .file("content/articles/statins.md", ARTICLE)
}

fn json_report(site: &SiteTest) -> Value {
    let run = site.run(&["report", ".", "--format", "json"]).expect(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}); {run}"))
}

#[test]
fn report_json_has_every_section() {
    let report = json_report(&troubled_site());
    assert_eq!(report["passes"], false);
    assert_eq!(report["date"], common::TODAY);
    let privacy = report["notices"].as_array().and_then(|n| n.iter().find(|n| n["rule"] == "notices/privacy"));
    let privacy = privacy.expect("the privacy row");
    assert_eq!(privacy["required"], true);
    assert!(privacy["url"].is_null() && privacy["findings"] == 1, "{privacy}");
    assert!(report["trackers"].to_string().contains("Facebook"), "{}", report["trackers"]);
    assert_eq!(report["trackers_allowed"][0]["vendor"], "Hotjar");
    assert_eq!(report["authorizations"][0]["id"], "AUTH-2026-014");
    assert_eq!(report["authorizations"][0]["status"], "expires soon");
    assert_eq!(report["authorizations"][0]["days_left"], 49);
    assert_eq!(report["articles_due"][0]["title"], "Statins, explained");
    assert_eq!(report["articles_due"][0]["overdue"], true);
    assert_eq!(report["suppressions"][0]["rule"], "article/references");
    let rules = report["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), whitecoat::check::rules::RULES.len(), "every rule is listed");
    let phone = rules.iter().find(|r| r["id"] == "phi/phone").expect("phi/phone");
    assert_eq!(phone["errors"], 1);
    insta::assert_snapshot!(serde_json::to_string_pretty(&report).expect("JSON"));
}

#[test]
fn report_html_is_one_self_contained_page() {
    let site = troubled_site();
    let run = site.run(&["report", ".", "--out", "report.html"]).expect(0);
    assert!(run.stderr.contains("does not pass"), "{run}");
    let html = site.read("report.html");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    for external in ["<script", "<link", "src=\"http", "@import"] {
        assert!(!html.contains(external), "{external} in a self-contained page");
    }
    for section in [
        "Required notices",
        "Findings",
        "Third parties",
        "authorizations",
        "medical re-review",
        "Suppressions",
        "Rules run",
    ] {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("AUTH-2026-014") && html.contains("Missing"), "{html}");
    insta::assert_snapshot!(html);
}

#[test]
fn report_never_contains_an_unmasked_identifier() {
    let site = troubled_site();
    let json = site.run(&["report", ".", "--format", "json"]).expect(0).stdout;
    let html = site.run(&["report", "."]).expect(0).stdout;
    for text in [&json, &html] {
        assert!(!text.contains("867-5309") && !text.contains("8675309"), "the phone number leaked");
        assert!(text.contains("***"), "the finding shows the identifier masked");
    }
}

#[test]
fn report_out_replaces_only_its_own_reports() {
    let site = troubled_site().file("notes.html", "<p>my notes</p>");
    let run = site.run(&["report", ".", "--out", "notes.html"]).expect(2);
    assert!(run.stderr.contains("not a whitecoat report"), "{run}");
    assert_eq!(site.read("notes.html"), "<p>my notes</p>");

    site.run(&["report", ".", "--out", "r.json", "--format", "json"]).expect(0);
    site.run(&["report", ".", "--out", "r.json", "--format", "json"]).expect(0);
    site.run(&["report", ".", "--out", "r.html"]).expect(0);
    let first = site.read("r.html");
    site.run(&["report", ".", "--out", "r.html"]).expect(0);
    assert_eq!(site.read("r.html"), first, "deterministic");
}

#[test]
fn report_hash_follows_the_content() {
    let site = SiteTest::new().minimal();
    let before = json_report(&site)["content_hash"].as_str().map(str::to_string);
    assert_eq!(json_report(&site)["content_hash"].as_str().map(str::to_string), before);
    site.write("content/pages/about.md", b"+++\ntitle = \"About\"\ndescription = \"Us.\"\n+++\n\nHello.\n");
    assert_ne!(json_report(&site)["content_hash"].as_str().map(str::to_string), before);
}

#[test]
fn report_hash_does_not_depend_on_where_the_site_folder_is() {
    let first = SiteTest::new().minimal();
    let second = SiteTest::new().minimal();
    assert_ne!(first.path(), second.path());
    assert_eq!(json_report(&first)["content_hash"], json_report(&second)["content_hash"]);
    // Found by walking up from a subfolder, too.
    let run = common::whitecoat(&["report", "--format", "json"], &first.path().join("content"), &[]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    assert_eq!(json["content_hash"], json_report(&first)["content_hash"], "{run}");
}
