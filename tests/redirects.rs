//! Redirects from `aliases`: the `_redirects` rules, the HTML fallback page at each old address,
//! and the refusals (not a site path, claimed twice, shadowing a real page) at the alias's line.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest, sel};

fn article(aliases: &str) -> String {
    format!(
        "+++\ntitle = \"Heart failure basics\"\ndate = 2026-03-01\ntags = [\"Heart\"]\naliases = {aliases}\n+++\n\nWhat heart failure is.\n"
    )
}

fn page(aliases: &str) -> String {
    format!("+++\ntitle = \"Contact\"\naliases = {aliases}\n+++\n\nCall us.\n")
}

#[test]
fn aliases_write_redirect_rules_and_fallback_pages() {
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-failure-basics.md", &article(r#"["/2019/04/heart-failure/", "/hf.html"]"#))
        .file("content/pages/contact.md", &page(r#"["/contact-us", "/kontakt-café/"]"#));
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");

    // One 301 per alias, ordered by path, percent-encoded.
    assert_eq!(
        site.output("_redirects"),
        "# Written by whitecoat from the documents' `aliases`.\n\
         /2019/04/heart-failure/ /articles/heart-failure-basics/ 301\n\
         /contact-us /contact/ 301\n\
         /hf.html /articles/heart-failure-basics/ 301\n\
         /kontakt-caf%C3%A9/ /contact/ 301\n"
    );

    for (file, target, title) in [
        (
            "2019/04/heart-failure/index.html",
            "https://test.example/articles/heart-failure-basics/",
            "Heart failure basics",
        ),
        ("hf.html", "https://test.example/articles/heart-failure-basics/", "Heart failure basics"),
        ("contact-us/index.html", "https://test.example/contact/", "Contact"),
        ("kontakt-café/index.html", "https://test.example/contact/", "Contact"),
    ] {
        let html = site.page(file);
        let attr = |css: &str, name: &str| {
            html.select(&sel(css)).next().and_then(|e| e.value().attr(name).map(str::to_string)).unwrap_or_default()
        };
        assert_eq!(attr("meta[http-equiv=refresh]", "content"), format!("0; url={target}"), "{file}");
        assert_eq!(attr("link[rel=canonical]", "href"), target, "{file}");
        assert_eq!(attr("meta[name=robots]", "content"), "noindex", "{file}");
        assert_eq!(attr("html", "lang"), "en", "{file}");
        let link = html.select(&sel("main a")).next().expect("a visible link");
        assert_eq!(link.value().attr("href"), Some(target), "{file}");
        assert_eq!(link.text().collect::<String>(), title, "{file}");
    }

    // Old addresses are not pages of the site: not in the sitemap.
    let sitemap = site.output("sitemap.xml");
    assert!(!sitemap.contains("heart-failure/</loc>") && !sitemap.contains("hf.html"), "{sitemap}");

    // Deterministic: a second build writes the same bytes.
    let first = site.output_files();
    site.build(&[]).expect(0);
    assert_eq!(first, site.output_files());
}

#[test]
fn profile_and_team_aliases_redirect_too() {
    let site = SiteTest::new()
        .minimal()
        .file(
            "content/profile.md",
            "+++\nname = \"Jane Doe\"\nheadshot = \"assets/headshot.jpg\"\nheadshot_alt = \"Dr. Jane Doe, smiling\"\naliases = [\"/about-dr-doe/\"]\n+++\n\nDr. Doe is a family physician.\n",
        )
        .file(
            "content/team/sam-lee.md",
            "+++\nname = \"Sam Lee\"\nrole = \"staff\"\naliases = [\"/staff/sam/\"]\n+++\n\nSam runs the front desk.\n",
        );
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");
    let rules = site.output("_redirects");
    assert!(rules.contains("/about-dr-doe/ / 301\n"), "{rules}");
    assert!(rules.contains("/staff/sam/ /team/sam-lee/ 301\n"), "{rules}");
    assert!(site.output("staff/sam/index.html").contains("url=https://test.example/team/sam-lee/"));
}

#[test]
fn a_site_without_aliases_writes_no_redirects() {
    let site = SiteTest::new().minimal();
    site.build(&[]).expect(0);
    assert!(!site.output_exists("_redirects"));
}

#[test]
fn aliases_that_are_not_site_paths_are_refused_at_their_line() {
    let site = SiteTest::new().minimal().file(
        "content/articles/heart-failure-basics.md",
        &article(r#"["https://old.example/hf/", "hf/", "/a/../../etc/", "/search?q=x"]"#),
    );
    let run = site.build(&[]).expect(1);
    let errors = run.stderr.matches("error[frontmatter/alias]").count();
    assert_eq!(errors, 4, "{run}");
    assert!(run.stderr.contains("content/articles/heart-failure-basics.md:5:"), "{run}");
    assert!(run.stderr.contains("the alias `https://old.example/hf/` is a full address"), "{run}");
    assert!(run.stderr.contains(r#"aliases = ["/hf/"]"#), "{run}");
    assert!(run.stderr.contains("the alias `/a/../../etc/` has `.`, `..` or an empty segment"), "{run}");
    assert!(!site.output_exists("index.html"), "nothing is written");
}

#[test]
fn percent_encoded_dot_dot_aliases_are_refused_and_write_nothing_outside_the_output() {
    let site = SiteTest::new().minimal();
    std::fs::write(site.path().join("notes.txt"), "the office manager's notes").expect("writing");
    let site = site.file(
        "content/articles/heart-failure-basics.md",
        &article(r#"["/%2e%2e/notes.txt", "/x/..%2f..%2fnotes.txt", "/%2E%2E/site.toml", "/a%5c..%5cb/", "/%00/"]"#),
    );
    let run = site.build(&[]).expect(1);
    assert_eq!(run.stderr.matches("error[frontmatter/alias]").count(), 5, "{run}");
    assert!(run.stderr.contains("is percent-encoded into"), "{run}");
    let check = site.run(&["check", "."]).expect(1);
    assert_eq!(check.stderr.matches("error[frontmatter/alias]").count(), 5, "{check}");
    assert_eq!(site.read("notes.txt"), "the office manager's notes");
    assert!(site.read("site.toml").contains("base_url"), "site.toml untouched");
    assert!(!site.output_exists("index.html"), "nothing is written");
}

#[test]
fn percent_encoded_aliases_that_stay_plain_paths_still_work() {
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-failure-basics.md", &article(r#"["/caf%C3%A9-hours/", "/old%20page/"]"#));
    site.build(&[]).expect(0);
    assert!(site.output_exists("café-hours/index.html"));
    assert!(site.output_exists("old page/index.html"));
}

#[test]
fn an_alias_claimed_twice_is_an_error_at_the_second() {
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-failure-basics.md", &article(r#"["/old/"]"#))
        .file("content/pages/contact.md", &page(r#"["/old"]"#));
    let run = site.build(&[]).expect(1);
    assert_eq!(run.stderr.matches("error[frontmatter/alias]").count(), 1, "{run}");
    assert!(
        run.stderr.contains("the alias `/old` is also an alias of content/articles/heart-failure-basics.md"),
        "{run}"
    );
    assert!(run.stderr.contains("content/pages/contact.md:3:"), "{run}");
}

#[test]
fn aliases_that_shadow_real_pages_or_files_are_errors() {
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-failure-basics.md", &article(r#"["/contact/", "/articles/"]"#))
        .file("content/pages/contact.md", &page(r#"["/articles/heart-failure-basics/"]"#))
        .file("static/favicon.ico", "icon")
        .file("content/pages/about.md", "+++\ntitle = \"About\"\naliases = [\"/favicon.ico\"]\n+++\n\nAbout us.\n");
    let run = site.build(&[]).expect(1);
    assert_eq!(run.stderr.matches("error[frontmatter/alias]").count(), 4, "{run}");
    assert!(run.stderr.contains("the alias `/contact/` is the address of content/pages/contact.md"), "{run}");
    assert!(run.stderr.contains("the alias `/articles/` is the address of a page whitecoat generates"), "{run}");
    assert!(run.stderr.contains("the alias `/favicon.ico` is the address of static/favicon.ico"), "{run}");

    // A page only the build knows (a tag page) is caught when the redirects are written.
    let site =
        SiteTest::new().minimal().file("content/articles/heart-failure-basics.md", &article(r#"["/tags/heart/"]"#));
    let run = site.build(&[]).expect(1);
    assert!(
        run.stderr
            .contains("the alias `/tags/heart/` is the address of /tags/heart/index.html, which the build writes"),
        "{run}"
    );
    assert!(run.stderr.contains("content/articles/heart-failure-basics.md:5:"), "{run}");
}

#[test]
fn check_reports_bad_aliases_without_building() {
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", MINIMAL_SITE_TOML)
        .file("content/pages/contact.md", &page(r#"["contact-us"]"#));
    let run = site.run(&["check"]).expect(1);
    assert!(run.stderr.contains("error[frontmatter/alias]: the alias `contact-us` does not start with `/`"), "{run}");
}
