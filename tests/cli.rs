//! The command contract: exit codes (0 ok, 1 failing findings, 2 usage/config/I-O), `init`, `new`,
//! `--help` and `build -v`.

mod common;

use common::{MINIMAL_SITE_TOML, SiteTest, whitecoat};

const BROKEN_ARTICLE: &str = "+++\ntitle = \"Heart Health\"\ntitel = \"typo\"\n+++\n\nBody.\n";

#[test]
fn exit_0_for_a_valid_site() {
    let site = SiteTest::new().minimal();
    let run = site.build(&[]).expect(0);
    assert!(site.output_exists("index.html"), "{run}");
    assert!(run.stderr.contains("built "), "{run}");
    assert!(run.stderr.contains("[SITE]/public"), "{run}");
}

/// The smallest site the README describes: a site.toml and a profile with a name, no images.
#[test]
fn site_without_any_image_builds() {
    let site = SiteTest::new()
        .file("site.toml", MINIMAL_SITE_TOML)
        .file("content/profile.md", "+++\nname = \"Jane Doe\"\n+++\n\nDr. Doe is a family physician.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run}");
    let home = site.output("index.html");
    assert!(home.contains("property=\"og:image\""), "no og:image on the home page");
}

#[test]
fn quiet_build_prints_one_summary_line_when_all_is_well() {
    let site = SiteTest::new().minimal();
    let run = site.build(&["--quiet"]).expect(0);
    assert_eq!(run.stderr.lines().count(), 1, "{run}");
    assert!(run.stderr.starts_with("built "), "{run}");
    assert_eq!(run.stdout, "", "{run}");
}

#[test]
fn exit_1_for_findings() {
    let site = SiteTest::new().minimal().file("content/articles/x.md", BROKEN_ARTICLE);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[frontmatter/unknown-key]"), "{run}");
    assert!(!site.out().exists(), "a failed build wrote output");
}

#[test]
fn exit_2_for_a_folder_without_site_toml() {
    let site = SiteTest::new().file("content/profile.md", "+++\nname = \"Jane Doe\"\n+++\n");
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("has no site.toml"), "{run}");
    assert!(run.stderr.contains("whitecoat init"), "{run}");
    assert!(!site.out().exists());
}

#[test]
fn exit_2_for_a_bad_base_url() {
    let site = SiteTest::new().minimal();
    for bad in ["not a url", "ftp://preview.example/", "/relative/path"] {
        let run = site.build(&["--base-url", bad]).expect(2);
        assert!(run.stderr.contains("--base-url"), "{bad}: {run}");
        assert!(run.stderr.contains("http(s)"), "{bad}: {run}");
        assert!(!site.out().exists(), "{bad}: output written");
    }
}

#[test]
fn exit_2_for_an_unknown_theme() {
    let site = SiteTest::new().minimal().file("site.toml", &format!("theme = \"no-such-theme\"\n{MINIMAL_SITE_TOML}"));
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("no-such-theme"), "{run}");
    assert!(run.stderr.contains("built-in: clinic"), "{run}");
    assert!(!site.out().exists());
}

#[test]
fn check_has_the_same_exit_codes_and_writes_nothing() {
    let ok = SiteTest::new().minimal();
    let run = ok.run(&["check", "."]).expect(0);
    assert!(run.stderr.contains("0 errors"), "{run}");
    assert!(!ok.out().exists(), "check wrote output");

    let findings = SiteTest::new().minimal().file("content/articles/x.md", BROKEN_ARTICLE);
    findings.run(&["check", "."]).expect(1);
    assert!(!findings.out().exists(), "check wrote output");

    SiteTest::new().run(&["check", "."]).expect(2);
}

/// Fills the placeholders `init` and `new` leave, as a person would from the signed forms.
fn fill_placeholders(dir: &std::path::Path) {
    let notes = regex::Regex::new(r"\[(?:PRACTICE|COUNSEL) TO [A-Z ]+:[^\]]*\]").expect("pattern");
    for entry in walkdir::WalkDir::new(dir.join("content")).into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("reading");
        let filled = text
            .replace("reviewer = \"TODO\"", "reviewer = \"profile\"")
            .replace("id = \"TODO\"", "id = \"AUTH-2026-001\"")
            .replace("author = \"TODO\"", "author = \"J.D.\"")
            .replace("signed_on = \"YYYY-MM-DD\"", "signed_on = 2026-01-20")
            .replace("expires_on = \"YYYY-MM-DD\"", "expires_on = 2028-01-20")
            .replace("\"YYYY-MM-DD\"", "2026-01-10")
            .replace("TODO: ", "");
        // What the practice and its counsel complete in the notices.
        let filled = notes.replace_all(&filled, "the office manager");
        std::fs::write(entry.path(), filled.as_bytes()).expect("writing");
    }
}

#[test]
fn init_writes_a_site_whose_compliance_facts_fail_check_until_filled_in() {
    let parent = SiteTest::new();
    let dir = parent.path().join("my-site");
    let dir_arg = dir.to_str().expect("UTF-8");
    let run = whitecoat(&["init", dir_arg], parent.path(), &[parent.path()]).expect(0);
    assert!(run.stdout.contains("whitecoat build"), "{run}");
    for file in ["site.toml", "content/profile.md"] {
        assert!(dir.join(file).is_file(), "init did not write {file}");
    }
    // The starter's review authorization and the article's medical review are the practice's
    // to supply: never invented, they fail check (and build) until a person fills them in.
    let run = whitecoat(&["check", dir_arg, "--format", "json"], parent.path(), &[parent.path()]).expect(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rules: Vec<&str> =
        json["findings"].as_array().expect("findings").iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.iter().all(|r| *r == "content/placeholder"), "only placeholders: {run}");
    let fields: Vec<String> =
        json["findings"].as_array().expect("findings").iter().map(|f| f["message"].to_string()).collect();
    for field in ["signed_on", "expires_on", "last_reviewed", "reviewer", "`id`"] {
        assert!(fields.iter().any(|m| m.contains(field)), "{field} is not reported: {run}");
    }
    whitecoat(&["build", dir_arg], parent.path(), &[parent.path()]).expect(1);
    assert!(!dir.join("public").exists(), "nothing is published with placeholders");

    fill_placeholders(&dir);
    whitecoat(&["check", dir_arg], parent.path(), &[parent.path()]).expect(0);
}

/// `whitecoat init DIR`, fill in the facts, `whitecoat build DIR`: the first thing a new user does.
#[test]
fn init_then_build_succeeds_once_the_facts_are_filled_in() {
    let parent = SiteTest::new();
    let dir = parent.path().join("my-site");
    let dir_arg = dir.to_str().expect("UTF-8");
    whitecoat(&["init", dir_arg], parent.path(), &[parent.path()]).expect(0);
    fill_placeholders(&dir);
    let run = whitecoat(&["build", dir_arg], parent.path(), &[parent.path()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(dir.join("public/index.html").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let site = SiteTest::new().file("notes.txt", "mine");
    let run = site.run(&["init", "."]).expect(2);
    assert!(run.stderr.contains("not empty"), "{run}");
    assert_eq!(site.read("notes.txt"), "mine");
    assert!(!site.exists("site.toml"), "init wrote into a non-empty folder");
}

#[test]
fn new_article_creates_a_draft_that_builds_only_with_drafts() {
    let site = SiteTest::new().minimal();
    let path = "content/articles/heart-health-101.md";
    let run = site.run(&["new", "article", "Heart Health 101", "--site", "."]).expect(0);
    assert!(run.stdout.contains("heart-health-101.md"), "{run}");
    let text = site.read(path);
    assert!(text.starts_with("+++\n"), "{text}");
    assert!(text.contains("title = \"Heart Health 101\""), "{text}");
    assert!(text.contains("draft = true"), "{text}");

    // The draft is valid front matter and stays out of the site.
    let run = site.build(&[]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");
    assert!(!site.output_exists("articles/heart-health-101/index.html"));

    // With --drafts it is checked: the medical review and the text are placeholders until a
    // person writes them, so it is not built yet.
    let run = site.build(&["--drafts"]).expect(1);
    for placeholder in ["`reviewer` is still the placeholder", "`last_reviewed` is still the placeholder", "`TODO`"] {
        assert!(run.stderr.contains(placeholder), "{placeholder}: {run}");
    }
    assert!(!run.stderr.contains("article/medical-review"), "one finding per placeholder: {run}");
    fill_placeholders(site.path());
    let run = site.build(&["--drafts"]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");
    assert!(site.output_exists("articles/heart-health-101/index.html"), "{run}");

    // Never overwritten.
    site.write(path, b"+++\ntitle = \"Mine\"\n+++\n\nMy edits.\n");
    let run = site.run(&["new", "article", "Heart Health 101", "--site", "."]).expect(2);
    assert!(run.stderr.contains("already exists"), "{run}");
    assert_eq!(site.read(path), "+++\ntitle = \"Mine\"\n+++\n\nMy edits.\n");
}

#[test]
fn new_team_and_page_create_valid_documents() {
    // (kind, title, file written, output page)
    let cases = [
        ("team", "Sam Lee", "content/team/sam-lee.md", "team/sam-lee/index.html"),
        ("page", "Office Hours", "content/pages/office-hours.md", "office-hours/index.html"),
    ];
    for (kind, title, path, page) in cases {
        let site = SiteTest::new().minimal();
        site.run(&["new", kind, title, "--site", "."]).expect(0);
        let text = site.read(path);
        assert!(text.starts_with("+++\n"), "{kind}: {text}");
        // The body is a placeholder until written.
        site.build(&[]).expect(1);
        fill_placeholders(site.path());
        let run = site.build(&[]).expect(0);
        assert!(!run.stderr.contains("error["), "{kind}: {run}");
        assert!(site.output_exists(page), "{kind}: {page} missing; {run}");

        let filled = site.read(path);
        let run = site.run(&["new", kind, title, "--site", "."]).expect(2);
        assert!(run.stderr.contains("already exists"), "{kind}: {run}");
        assert_eq!(site.read(path), filled, "{kind}: the file was changed");
    }
}

#[test]
fn new_review_takes_no_patient_name_and_invents_no_facts() {
    let site = SiteTest::new().minimal();
    // The patient's name would become the file name, the page anchor and the JSON-LD id.
    let run = site.run(&["new", "review", "Maria Gonzalez", "--site", "."]).expect(2);
    assert!(run.stderr.contains("a review takes no title"), "{run}");
    assert!(!site.exists("content/reviews/maria-gonzalez.md"));

    site.run(&["new", "review", "--site", "."]).expect(0);
    site.run(&["new", "review", "--site", "."]).expect(0);
    site.run(&["new", "review", "--authorization", "AUTH-2026-014", "--site", "."]).expect(0);
    for file in ["review-0001.md", "review-0002.md", "auth-2026-014.md"] {
        assert!(site.exists(&format!("content/reviews/{file}")), "{file}");
    }
    let text = site.read("content/reviews/auth-2026-014.md");
    assert!(text.contains("id = \"AUTH-2026-014\""), "{text}");
    assert!(!text.contains(&common::TODAY[..4]) || text.contains("YYYY-MM-DD"), "no invented dates: {text}");
    assert!(text.contains("signed_on = \"YYYY-MM-DD\"") && text.contains("expires_on = \"YYYY-MM-DD\""), "{text}");
    assert!(text.contains("draft = true"), "{text}");

    // Published as it is (draft removed), the placeholders fail the build, one message each.
    site.write("content/reviews/auth-2026-014.md", text.replace("draft = true\n", "").as_bytes());
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("`signed_on` is still the placeholder `YYYY-MM-DD`"), "{run}");
    assert!(!run.stderr.contains("authorization/missing"), "no second message for the same fact: {run}");
}

#[test]
fn a_review_file_named_after_a_person_is_a_finding() {
    let review = "+++\nauthor = \"M.G.\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nGreat care.\n";
    let site = SiteTest::new().minimal().file("content/reviews/maria-gonzalez.md", review);
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("error[phi/name]: the file name of a patient review is a person's name"), "{run}");
    let site = SiteTest::new().minimal().file("content/reviews/review-0007.md", review);
    site.run(&["check", "."]).expect(0);
}

#[test]
fn new_outside_a_site_is_a_usage_error() {
    let dir = SiteTest::new();
    let run = dir.run(&["new", "article", "Heart Health", "--site", "."]).expect(2);
    assert!(run.stderr.contains("no site.toml"), "{run}");
    assert!(!dir.exists("content"));
}

#[test]
fn help_mentions_every_command() {
    let dir = SiteTest::new();
    let run = dir.run(&["--help"]).expect(0);
    let mut commands = vec!["build", "check", "init", "new"];
    // `serve` is behind a cargo feature (on by default).
    if cfg!(feature = "serve") {
        commands.push("serve");
    }
    for command in commands {
        assert!(
            run.stdout.lines().any(|l| l.trim_start().starts_with(command)),
            "--help does not list `{command}`:\n{}",
            run.stdout
        );
    }
}

#[test]
fn verbose_build_prints_stage_timings() {
    let site = SiteTest::new().minimal();
    let run = site.build(&["-v"]).expect(0);
    for stage in ["load", "model", "check", "render", "assets", "write"] {
        assert!(
            run.stderr.lines().any(|l| {
                let l = l.trim();
                l.starts_with(stage) && l.ends_with("ms")
            }),
            "no timing line for `{stage}`:\n{}",
            run.stderr
        );
    }
}

#[test]
fn reply_check_refuses_a_reply_that_confirms_care_and_offers_a_safe_one() {
    let site = SiteTest::new().minimal();
    site.write("reply.txt", b"Hi Maria, we're sorry your knee surgery recovery was slow. Our records show you missed your follow-up on March 3.\n");
    let run = site.run(&["reply-check", "reply.txt", "--author", "Maria R.", "--site", "."]).expect(1);
    insta::assert_snapshot!(run.stderr);
    let run = site.run(&["reply-check", "reply.txt", "--format", "json", "--site", "."]).expect(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(json["errors"].as_u64().unwrap_or(0) >= 3, "{run}");
    assert!(json["suggestion"].as_str().unwrap_or("").contains("Test Practice"), "{run}");
    // The suggested reply itself passes.
    let suggestion = json["suggestion"].as_str().unwrap_or("").to_string();
    site.write("safe.txt", suggestion.as_bytes());
    site.run(&["reply-check", "safe.txt", "--site", "."]).expect(0);
}
