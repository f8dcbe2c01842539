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
