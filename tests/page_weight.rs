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

/// Every `<img>` of the site's own on every page has a width and a height; returns how many `<picture>`s there were.
fn assert_sized_images(site: &SiteTest) -> usize {
    let mut pictures = 0;
    for (path, html) in common::html_pages(&site.output_files()) {
        // An image on another site is left as written: its size is not known without fetching it.
        for img in html.select(&sel("img")).filter(|i| i.value().attr("src").is_some_and(|s| s.starts_with('/'))) {
            let attr = |name| img.value().attr(name).and_then(|v| v.parse::<u32>().ok());
            assert!(
                attr("width").is_some() && attr("height").is_some(),
                "{path}: {:?} has no width and height",
                img.value()
            );
        }
        pictures += html.select(&sel("picture")).count();
    }
    pictures
}

/// Each `<source srcset>` entry of `picture` exists as a WebP of the width it claims, with the
/// fallback's aspect ratio; returns the widths.
fn assert_webp_sources(site: &SiteTest, picture: scraper::ElementRef<'_>) -> Vec<u32> {
    let img = picture.select(&sel("img")).next().expect("an <img> in the <picture>");
    let w: u32 = img.value().attr("width").unwrap().parse().unwrap();
    let h: u32 = img.value().attr("height").unwrap().parse().unwrap();
    let fallback = image::load_from_memory(&site.output_bytes(img.value().attr("src").unwrap())).unwrap();
    assert_eq!((fallback.width(), fallback.height()), (w, h), "the <img> says the fallback's own size");
    let source = picture.select(&sel("source")).next().expect("a <source>");
    assert_eq!(source.value().attr("type"), Some("image/webp"));
    assert!(source.value().attr("sizes").is_some_and(|s| !s.is_empty()), "a sizes attribute");
    let mut widths = Vec::new();
    for entry in source.value().attr("srcset").unwrap().split(", ") {
        let (url, width) = entry.split_once(' ').unwrap();
        let width: u32 = width.trim_end_matches('w').parse().unwrap();
        let bytes = site.output_bytes(url);
        assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::WebP, "{url}");
        let webp = image::load_from_memory(&bytes).unwrap();
        assert_eq!(webp.width(), width, "{url}");
        let expected_h = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w);
        assert_eq!(u64::from(webp.height()), expected_h, "{url}: same aspect as the fallback");
        widths.push(width);
    }
    widths
}

#[test]
fn photos_are_responsive_pictures_with_webp_variants() {
    let site = SiteTest::new()
        .minimal()
        .bytes("assets/headshot.jpg", &common::jpeg(1200, 1500))
        .bytes("assets/clinic.jpg", &common::jpeg(1600, 1000))
        .bytes("assets/team/ann.jpg", &common::jpeg(720, 900))
        .file(
            "content/team/ann-lee.md",
            "+++\nname = \"Ann Lee\"\nrole = \"staff\"\njob_title = \"Practice Manager\"\nphoto = \"assets/team/ann.jpg\"\nphoto_alt = \"Ann Lee at the front desk\"\n+++\n\nAnn runs the office.\n",
        )
        .file(
            "content/pages/visit.md",
            "+++\ntitle = \"Visit\"\ndescription = \"Our office.\"\n+++\n\n![The waiting room, with chairs by a window](assets/clinic.jpg \"Our waiting room\")\n\n![Elsewhere](https://images.example/x.jpg)\n",
        );
    site.build(&[]).expect(0);

    // The home page's headshot: 480x600 in three widths.
    let home = site.page("index.html");
    let hero = home.select(&sel(".hero-photo picture")).next().expect("the headshot is a <picture>");
    assert_eq!(assert_webp_sources(&site, hero), [240, 360, 480]);
    let img = hero.select(&sel("img")).next().unwrap();
    assert_eq!(img.value().attr("fetchpriority"), Some("high"));
    assert!(img.value().attr("src").unwrap().ends_with(".jpg"), "a JPEG fallback");

    // A team photo, on the team page and on the member's own page.
    let team = site.page("team/index.html");
    let card = team
        .select(&sel(".person-card picture"))
        .find(|p| p.select(&sel("img")).any(|i| i.value().attr("alt") == Some("Ann Lee at the front desk")))
        .expect("Ann's card has a <picture>");
    assert_eq!(assert_webp_sources(&site, card), [180, 270, 360]);
    let member = site.page("team/ann-lee/index.html");
    assert!(member.select(&sel(".member-photo picture source[type='image/webp']")).next().is_some());

    // An image in Markdown: 1200 wide (the theme's content width), with its alt and title.
    let visit = site.page("visit/index.html");
    let picture = visit.select(&sel(".prose picture, main picture")).next().expect("the body image is a <picture>");
    assert_eq!(assert_webp_sources(&site, picture), [600, 900, 1200]);
    let img = picture.select(&sel("img")).next().unwrap();
    assert_eq!(img.value().attr("alt"), Some("The waiting room, with chairs by a window"));
    assert_eq!(img.value().attr("title"), Some("Our waiting room"));
    assert_eq!(img.value().attr("loading"), Some("lazy"));
    // An external image is left as it was written: no <picture>, nothing to size.
    assert!(visit.select(&sel("img")).any(|i| i.value().attr("src") == Some("https://images.example/x.jpg")));

    assert!(assert_sized_images(&site) >= 4);
}

#[test]
fn responsive_images_are_deterministic_and_reused_by_a_second_build() {
    let make = || SiteTest::new().minimal().bytes("assets/headshot.jpg", &common::jpeg(600, 750));
    let (a, b) = (make(), make());
    a.build(&[]).expect(0);
    b.build(&[]).expect(0);
    let webp = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        files.iter().filter(|(p, _)| p.ends_with(".webp")).map(|(p, b)| (p.clone(), b.clone())).collect()
    };
    let first = webp(&a.output_files());
    assert_eq!(first.len(), 3);
    assert_eq!(first, webp(&b.output_files()), "the same photo gives the same files");
    a.build(&[]).expect(0);
    assert_eq!(first, webp(&a.output_files()));
}
