//! Safe by default: nothing from content runs in a reader's browser, `--out` never destroys files
//! whitecoat did not write, output is always one whole build, symlinks never leak files, caches
//! cannot poison a build, and hostile input gets a bounded, named error. One regression test per
//! failure seen, named after it.

mod common;

use common::{MINIMAL_PROFILE, MINIMAL_SITE_TOML, SiteTest, html_pages, jpeg};
use whitecoat::markdown::safety::refused_scheme;

/// Every way content has been seen to smuggle script into a page: Markdown links, images,
/// autolinks and reference definitions with refused schemes (in any case, with entities and
/// whitespace), heading attributes, and raw HTML (handlers, scripts, SVG, forms, iframes).
const ATTACKS: &str = r#"
[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d]( javascript:alert(1) )
<javascript:alert(1)> [e][ref] ![f](javascript:alert(1)) ![g](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
[h](vbscript:msgbox(1)) [i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

## Symptoms {#sym .x onmouseover=alert(1) style=color:red autofocus onfocus=alert(1)}

<img src="x" onerror="alert(1)"> <a href="&#x6A;avascript:alert(1)">j</a> <a href="java&#x09;script:alert(1)">k</a>
<svg onload="alert(1)"><script>alert(1)</script></svg>
<details open ontoggle="alert(1)"><summary>s</summary></details>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">Go</button></form>
<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>
<iframe src="https://evil.example/"></iframe>
<math><a xlink:href="javascript:alert(1)">m</a></math>
<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">
<style>body{background:url("javascript:alert(1)")}</style><link rel="stylesheet" href="javascript:alert(1)">
<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>
<video poster="javascript:alert(1)"><source src="javascript:alert(1)"></video>

[ref]: javascript:alert(1)
"#;

/// Attributes that hold an address a browser may load or navigate to.
const URL_ATTRIBUTES: [&str; 9] =
    ["href", "src", "action", "formaction", "poster", "data", "xlink:href", "cite", "background"];

/// Asserts that no page of `site`'s output carries script from content: no event handler
/// attribute, no script but JSON-LD, no address with a refused scheme, no foreign iframe.
#[track_caller]
fn assert_no_script_in_output(site: &SiteTest) {
    let mut problems = Vec::new();
    for (path, page) in html_pages(&site.output_files()) {
        for element in page.tree.nodes().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            if name == "script" && element.value().attr("type") != Some("application/ld+json") {
                problems.push(format!("{path}: a <script> element"));
            }
            if matches!(name, "object" | "embed" | "base")
                || (name == "meta" && element.value().attr("http-equiv").is_some())
            {
                problems.push(format!("{path}: a <{name}> element"));
            }
            // The theme's own <style> (brand colours) is fine; the content's is not.
            if name == "style" && element.text().any(|t| t.contains("javascript")) {
                problems.push(format!("{path}: a <style> from content"));
            }
            if name == "iframe"
                && !element.value().attr("src").is_some_and(|s| s.starts_with("https://www.youtube-nocookie.com/"))
            {
                problems.push(format!("{path}: an iframe {:?}", element.value().attr("src")));
            }
            for (attribute, value) in element.value().attrs() {
                if attribute.starts_with("on") || attribute == "srcdoc" {
                    problems.push(format!("{path}: <{name} {attribute}=\"{value}\">"));
                }
                if let Some(scheme) = refused_scheme(value).filter(|_| URL_ATTRIBUTES.contains(&attribute)) {
                    problems.push(format!("{path}: <{name} {attribute}> with a {scheme}: address"));
                }
                if attribute == "style" && value.contains("javascript") {
                    problems.push(format!("{path}: <{name} style=\"{value}\">"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "script from content reached the output:\n{}", problems.join("\n"));
}

#[test]
fn no_script_from_markdown_in_any_content_kind_even_with_the_findings_turned_off() {
    let review = format!(
        "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\", \"photo\"]\n+++\n\nGreat care.\n{ATTACKS}"
    );
    let article = format!("+++\ntitle = \"Heart health\"\n+++\n\nIntro.\n{ATTACKS}");
    let page = format!("+++\ntitle = \"Contact\"\nmenu = true\n+++\n\nCall us.\n{ATTACKS}");
    let member = format!("+++\nname = \"Grace Whitaker\"\nrole = \"nurse\"\n+++\n\nGrace.\n{ATTACKS}");
    let config = format!(
        "{MINIMAL_SITE_TOML}\n[compliance.rules]\n\"markup/url-scheme\" = \"off\"\n\"markup/html\" = \"off\"\n\"markup/heading-attribute\" = \"off\"\n\"image/alt\" = \"off\"\n\"output/link\" = \"off\"\n\"phi/url\" = \"off\"\n"
    );
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", &config)
        .file("content/profile.md", &format!("{MINIMAL_PROFILE}\n{ATTACKS}"))
        .file("content/reviews/m-r.md", &review)
        .file("content/articles/heart-health.md", &article)
        .file("content/pages/contact.md", &page)
        .file("content/team/grace-whitaker.md", &member)
        .bytes("assets/x", &jpeg(8, 8));
    site.build(&[]).expect(0);
    assert_no_script_in_output(&site);
    // The text of neutralised links stays readable.
    let article = site.output("articles/heart-health/index.html");
    assert!(article.contains(">a b c d"), "link text is kept");
    assert!(article.contains("<h2 id=\"sym\" class=\"x\">Symptoms</h2>"), "id and class survive: {article}");
}

#[test]
fn javascript_link_in_a_review_fails_build_and_check() {
    let review = "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nGreat care! [x](javascript:alert(1))\n";
    let site = SiteTest::new().minimal().file("content/reviews/m-r.md", review);
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("error[markup/url-scheme]"), "{run}");
    assert!(run.stderr.contains("content/reviews/m-r.md:12:17"), "{run}");
    site.build(&[]).expect(1);
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn values_in_json_ld_meta_tags_and_attributes_stay_escaped() {
    let hostile = r#"</script><script>alert(1)</script>" onmouseover="alert(1)"#;
    let profile = format!(
        "+++\nname = \"Jane Doe\"\nheadshot = \"assets/headshot.jpg\"\nheadshot_alt = '{hostile}'\ndescription = '{hostile}'\nspecialties = ['{hostile}']\n+++\n\nBio.\n"
    );
    let review = "+++\nauthor = \"<!--<script>\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"first_name\"]\n+++\n\nGreat care.\n";
    let site = SiteTest::new()
        .minimal()
        .file("content/profile.md", &profile)
        .file("content/pages/about.md", &format!("+++\ntitle = '{hostile}'\n+++\n\nAbout.\n"))
        .file("content/reviews/m-r.md", review);
    site.build(&[]).expect(0);
    assert_no_script_in_output(&site);
    for (path, page) in html_pages(&site.output_files()) {
        let scripts = page.select(&common::sel("script")).count();
        let json_ld = page.select(&common::sel("script[type='application/ld+json']")).count();
        assert_eq!(scripts, json_ld, "{path}: only JSON-LD scripts");
        for script in page.select(&common::sel("script[type='application/ld+json']")) {
            let text: String = script.text().collect();
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD is not JSON: {e}"));
        }
    }
}

#[test]
fn review_author_with_an_html_comment_opener_builds_and_keeps_json_ld_whole() {
    // `<!--<script>` inside a script element used to swallow the rest of the page, so the JSON-LD
    // check failed the whole build without naming the review.
    let review = "+++\nauthor = \"<!--<script>\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"first_name\"]\n+++\n\nGreat care.\n";
    let site = SiteTest::new().minimal().file("content/reviews/m-r.md", review);
    site.build(&[]).expect(0);
    let reviews = site.output("reviews/index.html");
    assert!(!reviews.contains("<!--<script>"), "escaped inside JSON-LD");
    assert!(reviews.contains("&lt;!--&lt;script&gt;"), "shown as text on the page");
}
