//! Shortcodes (`{{< booking >}}`, `{{< video >}}`, `{{< callout >}}`, `{{< map >}}`): what they
//! render in a built page, and the `markup/shortcode` finding at the source for each mistake.

mod common;

use common::{MINIMAL_PROFILE, MINIMAL_SITE_TOML, SiteTest, sel};

const ARTICLE: &str = "content/articles/echo.md";

fn article(body: &str) -> String {
    format!(
        "+++\ntitle = \"Your echocardiogram\"\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-06-01\n\
         [[references]]\ntitle = \"Echocardiogram\"\nurl = \"https://www.heart.org/en/health-topics/heart-attack\"\n\
         publisher = \"American Heart Association\"\nyear = 2024\n+++\n\n{body}\n"
    )
}

/// A site with two offices (the second books through Zocdoc) and a booking link on the profile.
fn site(body: &str) -> SiteTest {
    let config = format!(
        "{MINIMAL_SITE_TOML}\n[[practice.locations]]\nname = \"Main office\"\nstreet = \"100 Harbor Way\"\ncity = \"Springfield\"\nregion = \"IL\"\npostal_code = \"62701\"\n\n\
         [[practice.locations]]\nname = \"Westside clinic\"\nstreet = \"2450 Prairie Drive\"\ncity = \"Springfield\"\nregion = \"IL\"\npostal_code = \"62704\"\nbooking_url = \"https://www.zocdoc.com/practice/westside-1\"\n"
    );
    let profile = MINIMAL_PROFILE.replacen("+++\n\n", "booking_url = \"https://book.test.example/new\"\n+++\n\n", 1);
    SiteTest::new()
        .minimal()
        .file("site.toml", &config)
        .file("content/profile.md", &profile)
        .file(ARTICLE, &article(body))
}

/// The `markup/shortcode` findings of `check --format json`: (line, column, message).
fn findings(site: &SiteTest) -> Vec<(u64, u64, String)> {
    let run = site.run(&["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "markup/shortcode")
        .map(|f| {
            assert_eq!(f["path"], ARTICLE, "{f}");
            assert_eq!(f["severity"], "error", "{f}");
            (
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_shortcode_renders_in_an_article() {
    let body = "Before.\n\n{{< booking >}}\n\n{{< booking location=\"Westside clinic\" label=\"Book at Westside\" >}}\n\n\
                {{< video youtube=\"https://youtu.be/dQw4w9WgXcQ\" title=\"What an echo shows\" transcript=\"/articles/\" >}}\n\n\
                {{< video src=\"/videos/echo.mp4\" captions=\"/videos/echo.vtt\" title=\"The echo room\" >}}\n\n\
                {{< callout kind=\"emergency\" >}}\nChest pain that spreads to the arm is **an emergency**.\n{{< /callout >}}\n\n\
                {{< map location=\"Westside clinic\" >}}\n\nAfter.\n";
    let site = site(body).bytes("static/videos/echo.mp4", b"mp4").bytes("static/videos/echo.vtt", b"WEBVTT\n");
    let run = site.build(&[]).expect(0);
    let page = site.page("articles/echo/index.html");
    let buttons: Vec<(String, String)> = page
        .select(&sel("p.booking a"))
        .map(|a| (a.value().attr("href").unwrap_or("").to_string(), a.text().collect()))
        .collect();
    assert_eq!(
        buttons,
        [
            ("https://book.test.example/new".to_string(), "Book an appointment".to_string()),
            ("https://www.zocdoc.com/practice/westside-1".to_string(), "Book at Westside".to_string())
        ],
        "{run}"
    );
    let services: Vec<String> = page.select(&sel(".booking-service")).map(|s| s.text().collect()).collect();
    assert!(services[1].contains("Zocdoc") && services[0].contains("book.test.example"), "{services:?}");
    let iframe = page.select(&sel("figure.video iframe")).next().expect("the YouTube frame");
    assert_eq!(
        iframe.value().attr("src"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?cc_load_policy=1&rel=0")
    );
    assert_eq!(iframe.value().attr("title"), Some("What an echo shows"));
    let track = page.select(&sel("figure.video video track")).next().expect("the caption track");
    assert_eq!((track.value().attr("kind"), track.value().attr("src")), (Some("captions"), Some("/videos/echo.vtt")));
    assert!(site.output_exists("videos/echo.mp4"));
    let callout = page.select(&sel(".callout-emergency")).next().expect("the callout");
    let text: String = callout.text().collect();
    assert!(text.contains("call 911") && text.contains("an emergency"), "{text}");
    assert_eq!(callout.select(&sel("strong")).count(), 2, "the title and the Markdown inside: {}", callout.html());
    let map = page.select(&sel("figure.map")).next().expect("the map");
    assert!(map.text().collect::<String>().contains("2450 Prairie Drive"), "{}", map.html());
    assert!(map.html().contains("openstreetmap.org/search?query=2450+Prairie+Drive"), "{}", map.html());
    let html = site.output("articles/echo/index.html");
    assert!(!html.contains("{{<") && !html.contains('\u{FFFC}'), "{html}");
    // The policy lets the privacy-friendly YouTube frame in, and nothing else.
    let headers = site.output("_headers");
    assert!(headers.contains("frame-src https://www.youtube-nocookie.com"), "{headers}");
}

#[test]
fn shortcodes_in_code_and_in_reviews_stay_text() {
    let body = "```\n{{< map >}}\n```\n";
    let site = site(body).file(
        "content/reviews/auth-1.md",
        "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"AUTH-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nKind staff.\n\n{{< booking >}}\n",
    );
    site.build(&[]).expect(0);
    assert!(site.output("articles/echo/index.html").contains("{{&lt; map &gt;}}"));
    let reviews = site.output("reviews/index.html");
    assert!(reviews.contains("{{&lt; booking &gt;}}") && !reviews.contains("class=\"booking\""), "{reviews}");
}

#[test]
fn each_mistake_is_one_finding_at_its_place() {
    let cases = [
        ("{{< vidoe title=\"x\" >}}", "`vidoe` is not a shortcode"),
        ("{{< map colour=\"red\" >}}", "`map` takes no `colour` argument"),
        ("{{< map location=\"North\" >}}", "no office is named \"North\""),
        ("{{< video youtube=\"dQw4w9WgXcQ\" title=\"Echo\" >}}", "a video needs captions or a transcript (WCAG 1.2.2)"),
        (
            "{{< video src=\"/videos/missing.mp4\" captions=\"/videos/missing.vtt\" title=\"Echo\" >}}",
            "static/videos/missing.mp4 does not exist",
        ),
        ("{{< callout kind=\"danger\" >}}\nx\n{{< /callout >}}", "`danger` is not a callout kind"),
        ("{{< callout >}}\nnever closed", "this callout is never closed"),
        ("See {{< booking >}} now.", "a shortcode must be on a line of its own"),
    ];
    for (shortcode, message) in cases {
        let site = site(&format!("Intro.\n\n{shortcode}\n"));
        let found = findings(&site);
        // The body starts on line 13 of the article ("Intro."); the shortcode is its third line.
        assert_eq!(found.len(), 1, "{shortcode}: {found:?}");
        assert_eq!(found[0].2, message, "{shortcode}");
        assert_eq!(found[0].0, 15, "{shortcode}: {found:?}");
        site.build(&[]).expect(1);
    }
}

#[test]
fn a_booking_button_without_any_booking_link_is_a_finding() {
    let site = SiteTest::new().minimal().file(ARTICLE, &article("{{< booking >}}"));
    let found = findings(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "there is no booking link to point this button at");
}
