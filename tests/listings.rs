//! Paginated listings (`/articles/page/N/`, `/tags/<slug>/page/N/`): every page exists and its pager
//! links a small window of pages, not every page of the archive.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest, sel};

/// The numbers the pager of `page` links to, in order, and how many ellipses it shows.
fn pager(site: &SiteTest, page: &str) -> (Vec<String>, usize) {
    let html = site.page(page);
    let numbers = html
        .select(&sel(".pager-pages a"))
        .map(|a| a.text().collect::<String>().trim_start_matches("Page ").trim().to_string())
        .collect();
    (numbers, html.select(&sel(".pager-gap")).count())
}

#[test]
fn long_listings_link_a_window_of_pages() {
    let mut site =
        SiteTest::new().minimal().file("site.toml", &format!("{MINIMAL_SITE_TOML}\n[articles]\nper_page = 1\n"));
    for n in 1..=12 {
        let text = format!(
            "+++\ntitle = \"Heart health, part {n}\"\ndate = 2026-01-{n:02}\ntags = [\"Heart\"]\n+++\n\nPart {n} of the series.\n"
        );
        site = site.file(&format!("content/articles/part-{n:02}.md"), &text);
    }
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");
    for n in 2..=12 {
        assert!(site.output_exists(&format!("articles/page/{n}/index.html")), "page {n} missing");
    }

    // Page 6 of 12: first, 4..8, last, with a gap on each side.
    let (numbers, gaps) = pager(&site, "articles/page/6/index.html");
    assert_eq!(numbers, ["1", "4", "5", "6", "7", "8", "12"]);
    assert_eq!(gaps, 2);
    let current: Vec<String> = site
        .page("articles/page/6/index.html")
        .select(&sel(".pager-pages a[aria-current=page]"))
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(current, ["/articles/page/6/"]);

    // The first page of a tag: 1..3, then the last.
    let (numbers, gaps) = pager(&site, "tags/heart/index.html");
    assert_eq!(numbers, ["1", "2", "3", "12"]);
    assert_eq!(gaps, 1);
}
