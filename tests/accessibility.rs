//! The `a11y/*` rules: each fires on a minimal site where a physician's content (or brand
//! colour) breaks accessibility, at the right file and line, and stays quiet on the corrected
//! version. Listed in `tests/rules.rs`'s catalogue.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest};
use serde_json::Value;

const PAGE: &str = "content/pages/about.md";

/// A page with `body`.
fn page(body: &str) -> String {
    format!("+++\ntitle = \"About the practice\"\ndescription = \"Who we are.\"\n+++\n\n{body}\n")
}

/// `check --format json` findings of `rule`, with the exit code.
fn findings(site: &SiteTest, rule: &str) -> (i32, Vec<Value>, String) {
    let run = site.run(&["check", ".", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "check failed to run; {run}");
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}); {run}"));
    let found = json["findings"].as_array().into_iter().flatten().filter(|f| f["rule"] == rule).cloned().collect();
    (run.code, found, run.to_string())
}

/// Asserts one warning of `rule` on the line of `PAGE` holding `marker`, and that `clean`
/// raises none.
#[track_caller]
fn fires_then_clean(rule: &str, body: &str, marker: &str, clean: &str) {
    let text = page(body);
    let site = SiteTest::new().minimal().file(PAGE, &text);
    let (code, found, all) = findings(&site, rule);
    assert_eq!(found.len(), 1, "{all}");
    assert_eq!(found[0]["severity"], "warning", "{all}");
    assert_eq!(found[0]["path"], PAGE, "{all}");
    let line = text.lines().position(|l| l.contains(marker)).expect("fixture: marker") + 1;
    assert_eq!(found[0]["line"], line, "{all}");
    assert_eq!(code, 0, "warnings do not fail; {all}");

    let site = SiteTest::new().minimal().file(PAGE, &page(clean));
    let (_, found, all) = findings(&site, rule);
    assert!(found.is_empty(), "{all}");
}

#[test]
fn a11y_heading_order() {
    fires_then_clean(
        "a11y/heading-order",
        "## Our care\n\nText.\n\n#### Hours\n\nText.",
        "#### Hours",
        "## Our care\n\nText.\n\n### Hours\n\nText.",
    );
    fires_then_clean("a11y/heading-order", "# About us\n\nText.", "# About us", "## About us\n\nText.");
}

#[test]
fn a11y_link_text() {
    fires_then_clean(
        "a11y/link-text",
        "New patients: to book, [click here](https://booking.example.com/).",
        "click here",
        "New patients: [book your first visit online](https://booking.example.com/).",
    );
    fires_then_clean(
        "a11y/link-text",
        "Our blood pressure guide. [Read more »](/articles/)",
        "Read more",
        "[Read our blood pressure guide](/articles/)",
    );
}

#[test]
fn a11y_image_text() {
    let flyer = "![Flu clinic](/assets/flu-shot-flyer.png)\n\nCome see us.";
    let site = SiteTest::new().minimal().file("assets/flu-shot-flyer.png", "").file(PAGE, &page(flyer));
    let (_, found, all) = findings(&site, "a11y/image-text");
    assert_eq!(found.len(), 1, "{all}");
    assert!(found[0]["message"].as_str().unwrap_or("").contains("flyer"), "{all}");
    let with_text = "![Flu clinic](/assets/flu-shot-flyer.png)\n\n<details><summary>Text of this flyer</summary>\n\nFlu shots on Saturdays, 9 to noon, no appointment needed.\n\n</details>";
    let site = SiteTest::new().minimal().file(PAGE, &page(with_text));
    let (_, found, all) = findings(&site, "a11y/image-text");
    assert!(found.is_empty(), "{all}");
}

#[test]
fn a11y_video_captions() {
    fires_then_clean(
        "a11y/video-captions",
        "A tour of the office:\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Office tour\"></iframe>",
        "<iframe",
        "A tour of the office:\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?cc_load_policy=1\" title=\"Office tour\"></iframe>",
    );
}

#[test]
fn a11y_brand_contrast_says_what_the_theme_shows_instead() {
    let config = format!("{MINIMAL_SITE_TOML}\n[brand]\nprimary = \"#0b5394\"\naccent = \"#f1c232\"\n");
    let site = SiteTest::new().minimal().file("site.toml", &config);
    let (code, found, all) = findings(&site, "a11y/brand-contrast");
    assert_eq!(found.len(), 1, "only the accent; {all}");
    assert_eq!(found[0]["path"], "site.toml", "{all}");
    let line = config.lines().position(|l| l.starts_with("accent")).expect("fixture") + 1;
    assert_eq!(found[0]["line"], line, "{all}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("#f1c232") && message.contains(":1"), "{all}");
    let help = found[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("the theme shows text and buttons in #"), "{all}");
    assert_eq!(code, 0, "{all}");

    let dark = config.replace("#f1c232", "#7a5c00");
    let site = SiteTest::new().minimal().file("site.toml", &dark);
    let (_, found, all) = findings(&site, "a11y/brand-contrast");
    assert!(found.is_empty(), "{all}");
}
