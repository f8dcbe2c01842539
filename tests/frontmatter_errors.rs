//! One minimal invalid fixture per front-matter problem, each with a snapshot of the full rendered
//! diagnostic (file:line:col of the *file*, the snippet, the caret, the help line), plus a site
//! with problems in several files that must all be reported in one run.

mod common;

use common::SiteTest;

/// The minimal site plus one content file.
fn site_with(path: &str, text: &str) -> SiteTest {
    SiteTest::new().minimal().file(path, text)
}

/// Builds, expects exit `code` and no output folder, and returns stderr.
#[track_caller]
fn failing_build(site: &SiteTest, code: i32) -> String {
    let run = site.build(&[]).expect(code);
    assert!(!site.out().exists(), "a failed build wrote output; {run}");
    assert!(run.stderr.contains("error: build failed"), "{run}");
    run.stderr
}

/// The `--> path:line:col` locations in rendered diagnostics.
fn locations(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect()
}

#[test]
fn toml_syntax_error() {
    let site = site_with(
        "content/articles/x.md",
        "+++\ntitle = \"Heart Health\"\ndescription = Heart health basics\n+++\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/syntax]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:15"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn yaml_syntax_error() {
    let site = site_with(
        "content/articles/x.md",
        "---\ntitle: Heart Health\ndescription: Heart health basics\ntags: a: b\n---\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/syntax]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/articles/x.md:4:8"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_front_matter() {
    let site = site_with("content/articles/x.md", "# Heart Health\n\nJust Markdown.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:1:1"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unclosed_front_matter() {
    let site = site_with(
        "content/articles/x.md",
        "+++\ntitle = \"Heart Health\"\n\nBody that was meant to follow the front matter.\n",
    );
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:1:1"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_with_did_you_mean() {
    let site = site_with(
        "content/articles/x.md",
        "+++\ndescription = \"About the heart.\"\ntitel = \"Heart Health\"\n+++\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    // The key is on line 3 of the file (line 2 of the front matter).
    assert!(stderr.contains("--> content/articles/x.md:3:1\n"), "{stderr}");
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn yaml_unknown_key_points_at_the_file_line() {
    let site = site_with(
        "content/articles/x.md",
        "---\ntitle: Heart Health\ndescription: About the heart.\ndaet: 2026-01-05\n---\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:4:1"], "{stderr}");
    assert!(stderr.contains("did you mean `date`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn yaml_type_error_points_at_the_file_line() {
    let site = site_with(
        "content/team/sam-lee.md",
        "---\nname: Sam Lee\nrole: staff\njob_title: Front desk\nweight: heavy\n---\n\nSam runs the front desk.\n",
    );
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/team/sam-lee.md:5:9"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// The help line of a type error in YAML front matter shows TOML syntax (`weight = …`), and its
/// example value is the lower bound of the range (`-10000`), which nobody would write.
#[test]
fn yaml_type_error_help_uses_yaml_syntax() {
    let site = site_with(
        "content/team/sam-lee.md",
        "---\nname: Sam Lee\nrole: staff\njob_title: Front desk\nweight: heavy\n---\n\nSam runs the front desk.\n",
    );
    let stderr = failing_build(&site, 1);
    let help = stderr.lines().find(|l| l.contains("= help:")).unwrap_or_default();
    assert!(help.contains("weight: "), "{help}");
    assert!(!help.contains("weight = "), "{help}");
    assert!(!help.contains("-10000"), "{help}");
}

#[test]
fn wrong_type() {
    let site =
        site_with("content/reviews/jd.md", "+++\nauthor = \"J.D.\"\nrating = \"five\"\n+++\n\nVery kind staff.\n");
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/type]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/reviews/jd.md:3:10"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn out_of_range_rating() {
    let site = site_with("content/reviews/jd.md", "+++\nauthor = \"J.D.\"\nrating = 6\n+++\n\nVery kind staff.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/reviews/jd.md:3:10"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn invalid_date() {
    let site =
        site_with("content/articles/x.md", "+++\ntitle = \"Heart Health\"\ndate = \"2026-02-30\"\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/type]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:8"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn yaml_invalid_date() {
    let site = site_with("content/articles/x.md", "---\ntitle: Heart Health\ndate: 2026-02-30\n---\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:7"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// A bare TOML date (how dates are normally written, and how `whitecoat new` writes them) that
/// does not exist is rejected by the TOML parser, and the finding then says to put text in
/// double quotes, which is no fix for a date.
#[test]
fn bare_toml_invalid_date_gets_date_help() {
    let site = site_with("content/articles/x.md", "+++\ntitle = \"Heart Health\"\ndate = 2026-02-30\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:8"], "{stderr}");
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
    assert!(!stderr.contains("double quotes"), "{stderr}");
}

#[test]
fn missing_required_field() {
    let site = site_with(
        "content/articles/x.md",
        "+++\ndescription = \"About the heart.\"\ndate = 2026-01-05\n+++\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/required]"), "{stderr}");
    assert!(stderr.contains("`title`"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn dangling_clinician() {
    let site =
        site_with("content/articles/x.md", "+++\ntitle = \"Heart Health\"\nauthor = \"dr-nobody\"\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/clinician]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:10"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn dangling_clinician_close_to_a_real_one() {
    // The profile's name is Jane Doe, so her slug is `jane-doe`.
    let site = site_with(
        "content/articles/x.md",
        "+++\ntitle = \"Heart Health\"\n\n[medical_review]\nreviewer = \"jane-do\"\nlast_reviewed = 2026-01-05\n+++\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:5:12"], "{stderr}");
    assert!(stderr.contains("did you mean `jane-doe`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_npi_check_digit() {
    let site = SiteTest::new().minimal().file(
        "content/profile.md",
        "+++\nname = \"Jane Doe\"\ncredentials = [\"MD\"]\nnpi = \"1234567890\"\n+++\n\nDr. Doe is a family physician.\n",
    );
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/npi]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/profile.md:4:7"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn invalid_slug_override() {
    let site =
        site_with("content/articles/x.md", "+++\ntitle = \"Heart Health\"\nslug = \"Heart Health\"\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:8"], "{stderr}");
    assert!(stderr.contains("slug = \"heart-health\""), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn duplicate_slugs() {
    // Both file names give the slug `heart-health`.
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-health.md", "+++\ntitle = \"Heart Health\"\n+++\n\nBody.\n")
        .file("content/articles/heart_health.md", "+++\ntitle = \"Heart Health, again\"\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("heart-health"), "{stderr}");
    assert!(stderr.contains("content/articles/heart-health.md"), "{stderr}");
    assert!(stderr.contains("content/articles/heart_health.md"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// When the clash comes from a `slug` override, the finding should point at that `slug` value,
/// not at the first character of the file.
#[test]
fn duplicate_slug_override_points_at_the_slug() {
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/heart-health.md", "+++\ntitle = \"Heart Health\"\n+++\n\nBody.\n")
        .file("content/articles/cardio.md", "+++\ntitle = \"Cardio\"\nslug = \"heart-health\"\n+++\n\nBody.\n");
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/articles/cardio.md:3:8"], "{stderr}");
}

#[test]
fn unknown_key_in_site_toml() {
    let site = SiteTest::new()
        .minimal()
        .file(
            "site.toml",
            "title = \"Test Clinic\"\nbase_url = \"https://test.example\"\nthem = \"clinic\"\n\n[practice]\nname = \"Test Practice\"\n",
        );
    let stderr = failing_build(&site, 2);
    assert_eq!(locations(&stderr), ["site.toml:3:1"], "{stderr}");
    assert!(stderr.contains("did you mean `theme`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

/// Diagnostics are shown in file order everywhere else; in site.toml a nested table's findings
/// come before the top level's, whatever their lines.
#[test]
fn site_toml_findings_are_in_file_order() {
    let site = SiteTest::new().minimal().file(
        "site.toml",
        "title = \"Test Clinic\"\nbase_url = \"https://test.example\"\nthem = \"clinic\"\n\n[practice]\nnam = \"Test Practice\"\n",
    );
    let stderr = failing_build(&site, 2);
    assert_eq!(locations(&stderr), ["site.toml:3:1", "site.toml:6:1"], "{stderr}");
}

#[test]
fn suppression_without_a_reason() {
    let site = site_with(
        "content/articles/x.md",
        "+++\ntitle = \"Heart Health\"\nallow = [{ rule = \"phi/phone\" }]\n+++\n\nBody.\n",
    );
    let stderr = failing_build(&site, 1);
    assert!(stderr.contains("error[frontmatter/required]"), "{stderr}");
    assert_eq!(locations(&stderr), ["content/articles/x.md:3:19"], "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_role() {
    let site = site_with(
        "content/team/sam-lee.md",
        "+++\nname = \"Sam Lee\"\nrole = \"nurse_practicioner\"\n+++\n\nSam is a nurse practitioner.\n",
    );
    let stderr = failing_build(&site, 1);
    assert_eq!(locations(&stderr), ["content/team/sam-lee.md:3:8"], "{stderr}");
    assert!(stderr.contains("did you mean `nurse_practitioner`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = SiteTest::new()
        .minimal()
        // Two problems in one file.
        .file("content/articles/a.md", "+++\ntitle = \"A\"\ntitel = \"typo\"\ndate = \"2026-13-01\"\n+++\n\nBody.\n")
        // A syntax error does not hide the other files.
        .file("content/articles/b.md", "+++\ntitle = \"B\nauthor = \"profile\"\n+++\n\nBody.\n")
        // A cross-document problem is found next to per-file ones.
        .file("content/articles/c.md", "+++\ntitle = \"C\"\nauthor = \"dr-nobody\"\n+++\n\nBody.\n")
        .file("content/reviews/r.md", "+++\nauthor = \"R.S.\"\nrating = 0\n+++\n\nGreat.\n")
        .file("content/team/sam.md", "---\nname: Sam Lee\nrole: docter\n---\n\nBio.\n");
    let stderr = failing_build(&site, 1);
    let found = locations(&stderr);
    for expected in [
        "content/articles/a.md:3:1",
        "content/articles/a.md:4:8",
        "content/articles/b.md:2:11",
        "content/articles/c.md:3:10",
        "content/reviews/r.md:3:10",
        "content/team/sam.md:3:7",
    ] {
        assert!(found.contains(&expected), "{expected} not reported; found {found:?}\n{stderr}");
    }
    assert_eq!(found.len(), 6, "{stderr}");
    assert!(stderr.contains("(6 errors, 0 warnings)"), "{stderr}");
    insta::assert_snapshot!(stderr);
}
