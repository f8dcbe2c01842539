//! Lighter pages: the syntax stylesheet is linked only from pages with highlighted code, the
//! theme's CSS is minified at build time, and processed images are served as responsive
//! `<picture>`s with WebP variants, each `<img>` with its width and height.

mod common;

use common::{SiteTest, sel};

fn links_syntax_css(site: &SiteTest, page: &str) -> bool {
    site.page(page).select(&sel("link[rel=stylesheet]")).any(|l| l.value().attr("href") == Some("/syntax.css"))
}

#[test]
fn syntax_css_is_linked_only_from_pages_with_code() {
    let site = SiteTest::new()
        .minimal()
        .file(
            "content/pages/code.md",
            "+++\ntitle = \"Code\"\ndescription = \"A page with code.\"\n+++\n\nRun this:\n\n```sh\necho hello\n```\n",
        )
        .file(
            "content/pages/plain.md",
            "+++\ntitle = \"Plain\"\ndescription = \"A page without code.\"\n+++\n\nNo code here.\n",
        );
    site.build(&[]).expect(0);
    assert!(links_syntax_css(&site, "code/index.html"), "the page with code links syntax.css");
    assert!(!links_syntax_css(&site, "plain/index.html"), "a page without code does not");
    assert!(!links_syntax_css(&site, "index.html"), "the home page has no code");
    // Still written: a theme of the site's own may link it from every page.
    assert!(site.output("syntax.css").contains(".hl-"));
}

#[test]
fn a_theme_override_that_always_links_syntax_css_still_works() {
    let site = SiteTest::new().minimal().file(
        "templates/page.html",
        "{% extends \"builtin/page.html\" %}{% block head %}<link rel=\"stylesheet\" href=\"{{ site.syntax_css }}\">{% endblock head %}",
    );
    let site =
        site.file("content/pages/plain.md", "+++\ntitle = \"Plain\"\ndescription = \"No code.\"\n+++\n\nText.\n");
    site.build(&[]).expect(0);
    assert!(links_syntax_css(&site, "plain/index.html"));
    assert!(site.output_exists("syntax.css"));
}

#[test]
fn the_theme_css_is_minified_and_keeps_its_rules() {
    let site = SiteTest::new().minimal();
    site.build(&[]).expect(0);
    let css = site.output("style.css");
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/clinic/static/style.css"))
        .expect("the theme's stylesheet");
    assert!(css.len() * 100 < source.len() * 80, "minified: {} of {} bytes", css.len(), source.len());
    assert!(!css.contains("/*") && css.lines().count() <= 2, "no comments or line breaks");
    // Rules the pages and the contrast checks depend on are still there, in their shortest form.
    for rule in [
        ".skip-link",
        "@media (prefers-color-scheme:dark)",
        "--primary-ink:oklch(from var(--brand-primary) min(l, .48) c h)",
        "@supports (color:oklch(from red l c h))",
        ":focus-visible",
        ".card:has(.card-link:hover)",
    ] {
        assert!(css.contains(rule), "style.css lost `{rule}`");
    }
    // The same input gives the same bytes.
    let again = SiteTest::new().minimal();
    again.build(&[]).expect(0);
    assert_eq!(again.output("style.css"), css);
    assert!(!site.output("syntax.css").contains("\n\n"));
}

#[test]
fn a_site_stylesheet_is_published_as_written() {
    let own = "/* ours */\n.x {\n  color: red;\n}\n";
    let site = SiteTest::new().minimal().file("static/extra.css", own);
    site.build(&[]).expect(0);
    assert_eq!(site.output("extra.css"), own);
}
