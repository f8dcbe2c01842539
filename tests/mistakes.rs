//! The mistakes a non-programmer makes (issue 14, items 1–7): each gives exactly one finding, at
//! the file:line:col where it was made, that says what was typed, why it is wrong and what to write
//! instead. One snapshot of the rendered diagnostic per mistake; regression tests are named after
//! the bug they pin.

mod common;

use common::SiteTest;

/// The minimal site plus one content file.
fn site_with(path: &str, text: &str) -> SiteTest {
    SiteTest::new().minimal().file(path, text)
}

/// Builds, expects exit 1, exactly one finding, and returns stderr.
#[track_caller]
fn one_error(site: &SiteTest) -> String {
    let run = site.build(&[]).expect(1);
    let findings = run.stderr.lines().filter(|l| l.starts_with("error[") || l.starts_with("warning[")).count();
    assert_eq!(findings, 1, "expected exactly one finding; {run}");
    run.stderr
}

/// The `--> path:line:col` locations in rendered diagnostics.
fn locations(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect()
}

/// An article with `front` as its TOML front matter lines.
fn article(front: &str) -> String {
    format!("+++\ntitle = \"Heart Health\"\n{front}\n+++\n\nBody.\n")
}

// 1. One root cause, one finding.

/// A team member named by articles and reviews, with `role` as given.
fn team_site(role: &str) -> SiteTest {
    let mut site = SiteTest::new().minimal().file(
        "content/team/rafael-moreno.md",
        &format!("+++\nname = \"Rafael Moreno\"\nrole = \"{role}\"\nnpi = \"1583940279\"\n+++\n\nBio.\n"),
    );
    for (i, field) in ["author", "author", "author"].iter().enumerate() {
        site = site.file(
            &format!("content/articles/a{i}.md"),
            &format!("+++\ntitle = \"Article {i}\"\n{field} = \"rafael-moreno\"\n+++\n\nBody.\n"),
        );
    }
    site
}

#[test]
fn role_in_capitals_gives_one_finding_not_one_per_reference() {
    let site = team_site("Physician");
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/team/rafael-moreno.md:3:8"], "{stderr}");
    assert!(!stderr.contains("who is not on this site"), "{stderr}");
    assert!(stderr.contains("3 references to them wait on it"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_team_file_with_broken_toml_still_registers_its_slug() {
    let site = team_site("physician");
    site.write("content/team/rafael-moreno.md", b"+++\nname = Rafael Moreno\nrole = \"physician\"\n+++\n\nBio.\n");
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/team/rafael-moreno.md:2:8"], "{stderr}");
}

#[test]
fn a_name_no_file_has_is_still_reported() {
    let site = team_site("Physician")
        .file("content/articles/other.md", "+++\ntitle = \"Other\"\nauthor = \"nobody-here\"\n+++\n\nBody.\n");
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("`author` names `nobody-here`, who is not on this site"), "{run}");
    assert!(!run.stderr.contains("names `rafael-moreno`"), "{run}");
}

// 2. TOML as Word writes it.

#[test]
fn curly_quotes_from_word() {
    let site = site_with("content/articles/x.md", "+++\ntitle = “Heart Health”\n+++\n\nBody.\n");
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/articles/x.md:2:9"], "{stderr}");
    assert!(stderr.contains("title = \"Heart Health\""), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn single_curly_quotes() {
    let site = site_with("content/articles/x.md", "+++\ntitle = ‘Heart Health’\n+++\n\nBody.\n");
    let stderr = one_error(&site);
    assert!(stderr.contains("use straight quotes: title = \"Heart Health\""), "{stderr}");
}

#[test]
fn draft_no() {
    let stderr = one_error(&site_with("content/articles/x.md", &article("draft = no")));
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:9"], "{stderr}");
    assert!(stderr.contains("write draft = false"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn draft_yes_and_true_in_capitals() {
    for (typed, fix) in [("yes", "true"), ("True", "true"), ("FALSE", "false"), ("\"no\"", "false")] {
        let stderr = one_error(&site_with("content/articles/x.md", &article(&format!("draft = {typed}"))));
        assert!(stderr.contains(&format!("write draft = {fix}")), "{typed}: {stderr}");
    }
}

#[test]
fn us_date() {
    let stderr = one_error(&site_with("content/articles/x.md", &article("date = 12/05/2026")));
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:8"], "{stderr}");
    assert!(stderr.contains("write date = 2026-12-05"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn other_date_forms() {
    for (typed, fix) in [
        ("25/12/2026", "2026-12-25"),
        ("\"12/05/2026\"", "2026-12-05"),
        ("05.12.2026", "2026-12-05"),
        ("December 5, 2026", "2026-12-05"),
        ("\"5 Dec 2026\"", "2026-12-05"),
        ("2026/12/05", "2026-12-05"),
    ] {
        let stderr = one_error(&site_with("content/articles/x.md", &article(&format!("date = {typed}"))));
        assert!(stderr.contains(&format!("write date = {fix}")), "{typed}: {stderr}");
    }
}

#[test]
fn rating_with_stars() {
    let review = "+++\nauthor = \"J.D.\"\nrating = 5 stars\n+++\n\nKind staff.\n";
    let stderr = one_error(&site_with("content/reviews/kind.md", review));
    assert_eq!(locations(&stderr), ["content/reviews/kind.md:3:10"], "{stderr}");
    assert!(stderr.contains("write rating = 5"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn text_without_quotes() {
    let stderr = one_error(&site_with("content/articles/x.md", &article("description = Heart health basics")));
    assert!(stderr.contains("write description = \"Heart health basics\""), "{stderr}");
}

// 3. YAML tabs.

#[test]
fn yaml_tab_in_indentation() {
    let text =
        "---\ntitle: Heart Health\nmedical_review:\n\treviewer: profile\n\tlast_reviewed: 2026-01-05\n---\n\nBody.\n";
    let stderr = one_error(&site_with("content/articles/x.md", text));
    assert_eq!(locations(&stderr), ["content/articles/x.md:4:1"], "{stderr}");
    assert!(stderr.contains("tabs are not allowed for indentation in YAML; use spaces"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

// 6. Findings that do not depend on the preview URL; quiet output; repeated warnings summed up.

/// The finding lines (`error[rule]: message`) of a run, sorted.
fn finding_lines(stderr: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        stderr.lines().filter(|l| l.starts_with("error[") || l.starts_with("warning[")).map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn base_url_changed_a_booking_link_into_phi_url() {
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", &common::MINIMAL_SITE_TOML.replace("https://test.example", "https://www.test-clinic.example"))
        .file(
            "content/pages/contact.md",
            "+++\ntitle = \"Contact\"\n+++\n\n[Book a visit](https://booking.test-clinic.example/jane-doe?visit=new).\n",
        );
    let plain = site.build(&[]).expect(0);
    let preview = site.build(&["--base-url", "https://deploy-preview-12--test-clinic.netlify.app/"]).expect(0);
    assert_eq!(finding_lines(&plain.stderr), finding_lines(&preview.stderr), "{plain}\n{preview}");
    assert!(!preview.stderr.contains("phi/url"), "{preview}");
    // The pages are still built for the preview address.
    assert!(site.output("index.html").contains("https://deploy-preview-12--test-clinic.netlify.app/"));
}

/// A site with `n` articles that each raise the same warnings (no references, no medical review).
fn many_warnings(n: usize) -> SiteTest {
    let mut site = SiteTest::new().minimal();
    for i in 0..n {
        site = site
            .file(&format!("content/articles/a{i:02}.md"), &format!("+++\ntitle = \"Article {i}\"\n+++\n\nBody.\n"));
    }
    site
}

#[test]
fn repeated_warnings_of_one_rule_get_one_summary_line() {
    let site = many_warnings(14);
    let run = site.run(&["check", "."]).expect(0);
    let references = run.stderr.matches("warning[article/references]").count();
    assert_eq!(references, 10, "{run}");
    assert!(
        run.stderr.contains(
            "warning: … and 4 more `article/references` warnings in 4 files (`whitecoat check --format json` lists every one)"
        ),
        "{run}"
    );
    assert!(run.stderr.contains("checked .: 0 errors, 28 warnings"), "{run}");
    // Machine formats stay complete.
    let json = site.run(&["check", ".", "--format", "json"]).expect(0);
    assert_eq!(json.stdout.matches("\"article/references\"").count(), 14, "{json}");
}

#[test]
fn quiet_prints_only_errors_and_a_summary() {
    let site =
        many_warnings(2).file("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n\n![Our office](office.jpg)\n");
    let run = site.build(&["--quiet"]).expect(1);
    assert!(!run.stderr.contains("warning["), "{run}");
    insta::assert_snapshot!(run.stderr);
    let passing = many_warnings(2);
    let run = passing.build(&["--quiet"]).expect(0);
    assert_eq!(run.stderr.lines().count(), 1, "{run}");
    assert!(run.stderr.starts_with("built ") && run.stderr.contains("(0 errors, 4 warnings)"), "{run}");
}

// 7. Commands run from a subfolder of the site.

#[test]
fn build_from_a_subfolder_finds_the_site() {
    let site = SiteTest::new().minimal().file("content/articles/x.md", &article("date = 2026-01-05"));
    let run = common::whitecoat(&["build"], &site.path().join("content/articles"), &[site.path()]).expect(0);
    assert!(site.output_exists("articles/x/index.html"), "{run}");
    assert!(!site.path().join("content/articles/public").exists(), "{run}");
    let run = common::whitecoat(&["check"], &site.path().join("content"), &[site.path()]).expect(0);
    assert!(run.stderr.contains("checked ..: "), "{run}");
}

#[test]
fn build_outside_any_site_still_says_there_is_no_site_toml() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::whitecoat(&["build"], dir.path(), &[dir.path()]).expect(2);
    assert!(run.stderr.contains("has no site.toml"), "{run}");
}

// 4. Images.

#[test]
fn image_relative_to_the_article_was_reported_missing() {
    let site = site_with(
        "content/pages/x.md",
        "+++\ntitle = \"Heart Health\"\n+++\n\n![Dr. Doe in the clinic](../../assets/headshot.jpg)\n\n![Again](./../../assets/headshot.jpg)\n",
    );
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("image/missing"), "{run}");
    let page = site.output("x/index.html");
    let srcs: Vec<String> = site
        .page("x/index.html")
        .select(&common::sel("main img"))
        .filter_map(|i| i.value().attr("src").map(str::to_string))
        .collect();
    assert_eq!(srcs.len(), 2, "{page}");
    for src in srcs {
        assert!(!src.contains(".."), "{src}");
        let file = src.trim_start_matches("https://test.example/").trim_start_matches('/');
        assert!(site.output_exists(file), "{src} was not written");
    }
}

#[test]
fn image_name_in_other_capitals() {
    let site = site_with(
        "content/pages/x.md",
        "+++\ntitle = \"Heart Health\"\n+++\n\n![Grace Whitaker, RN](assets/team/grace-whitaker.jpg)\n",
    )
    .bytes("assets/team/Grace-Whitaker.JPG", &common::jpeg(40, 50));
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/pages/x.md:5:1"], "{stderr}");
    assert!(stderr.contains("did you mean `Grace-Whitaker.JPG`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn heic_photo_from_an_iphone() {
    let site = site_with("content/pages/x.md", "+++\ntitle = \"Heart Health\"\n+++\n\n![Our office](IMG_4032.HEIC)\n")
        .bytes("assets/IMG_4032.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic");
    let stderr = one_error(&site);
    assert!(stderr.contains("convert it to JPEG"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn jpg_named_when_only_the_heic_was_copied() {
    let site = site_with("content/pages/x.md", "+++\ntitle = \"Heart Health\"\n+++\n\n![Our office](office.jpg)\n")
        .bytes("assets/office.heic", b"\0\0\0\x18ftypheic");
    let stderr = one_error(&site);
    assert!(stderr.contains("assets/office.heic is a HEIC photo"), "{stderr}");
}

#[test]
fn image_path_out_of_the_site_is_refused() {
    let site = site_with("content/pages/x.md", "+++\ntitle = \"Heart Health\"\n+++\n\n![Logo](../../../outside.jpg)\n");
    let stderr = one_error(&site);
    assert!(stderr.contains("leads outside the site folder"), "{stderr}");
}

// 5. Links between documents.

/// A site with two articles and a contact page, the first article linking with `links`.
fn linking_site(links: &str) -> SiteTest {
    SiteTest::new()
        .minimal()
        .file("content/pages/contact.md", "+++\ntitle = \"Contact\"\n+++\n\n## Hours\n\nMonday to Friday.\n")
        .file("content/pages/about.md", &format!("+++\ntitle = \"About\"\n+++\n\n{links}\n"))
        .file("content/pages/heart-failure-basics.md", "+++\ntitle = \"Heart failure basics\"\n+++\n\nWhat it is.\n")
        .bytes("static/forms/intake.pdf", b"%PDF-1.4\n")
}

#[test]
fn md_link_became_a_broken_link_in_the_built_html() {
    let site = linking_site(
        "See [the basics](heart-failure-basics.md), [our hours](contact.md#hours), [again](../pages/contact.md), [the home page](../profile.md) and [the intake form](/forms/intake.pdf).",
    );
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("output/link"), "{run}");
    let hrefs: Vec<String> = site
        .page("about/index.html")
        .select(&common::sel("main a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for expected in ["/heart-failure-basics/", "/contact/#hours", "/contact/", "/", "/forms/intake.pdf"] {
        assert!(hrefs.iter().any(|h| h == expected), "no link to {expected}: {hrefs:?}");
    }
    assert!(!hrefs.iter().any(|h| h.ends_with(".md")), "{hrefs:?}");
}

#[test]
fn broken_md_link_is_reported_at_the_markdown_source() {
    let site = linking_site("Read [the basics](heart-failure-basic.md) first.");
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/pages/about.md:5:19"], "{stderr}");
    assert!(
        stderr.contains("did you mean `heart-failure-basics.md` (published at /heart-failure-basics/)?"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn broken_page_link_suggests_the_nearest_address() {
    let site = linking_site("Questions? [Contact us](/contacts/).");
    let stderr = one_error(&site);
    assert_eq!(locations(&stderr), ["content/pages/about.md:5:25"], "{stderr}");
    assert!(stderr.contains("did you mean /contact/?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn check_reports_broken_links_too() {
    let site = linking_site("Read [the basics](heart-failure-basic.md) first.");
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("--> content/pages/about.md:5:19"), "{run}");
}

#[test]
fn the_same_mistakes_in_yaml_front_matter() {
    for (line, fix) in [
        ("draft: no", "write draft: false"),
        ("date: 12/05/2026", "write date: 2026-12-05"),
        ("weight: \"10\"", "write weight: 10"),
    ] {
        let text = format!("---\ntitle: Hours\n{line}\n---\n\nBody.\n");
        let stderr = one_error(&site_with("content/pages/hours.md", &text));
        assert_eq!(locations(&stderr).len(), 1, "{stderr}");
        assert!(stderr.contains(fix), "{line}: {stderr}");
    }
}
