//! Rebuilds reuse earlier work (parses, checks, pages, scans, images); whatever sequence of edits
//! a session sees, its output must equal a clean build of the same files.

mod common;

use std::path::{Path, PathBuf};

use common::SiteTest;
use whitecoat::incremental::Session;
use whitecoat::pipeline::{BuildOptions, build_to_memory};

fn options(site: &Path) -> BuildOptions {
    BuildOptions { site: site.to_path_buf(), today: "2026-11-22".parse().ok(), ..BuildOptions::default() }
}

/// Rebuilds the session after `changed`, builds the same site from scratch, and compares.
fn assert_same_as_clean(session: &mut Session, site: &Path, changed: &[&str], step: &str) {
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    session.rebuild(&changed).unwrap_or_else(|e| panic!("{step}: rebuild failed: {e} {:?}", e.diagnostics()));
    let (_, clean) = build_to_memory(&options(site)).unwrap_or_else(|e| panic!("{step}: clean build failed: {e}"));
    let clean = clean.into_files();
    let served = session.output();
    let served_paths: Vec<_> = served.keys().collect();
    let clean_paths: Vec<_> = clean.keys().collect();
    assert_eq!(served_paths, clean_paths, "{step}: the rebuilt file set differs from a clean build");
    for (path, bytes) in clean.iter() {
        assert!(served[path] == *bytes, "{step}: {path} differs from a clean build");
    }
}

fn article(title: &str, tags: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndescription = \"About {title}.\"\ndate = 2026-03-01\ntags = [{tags}]\nauthor = \"profile\"\n\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-03-01\n\n[[references]]\ntitle = \"Guideline\"\nurl = \"https://www.heart.org/\"\n+++\n\n{body}\n"
    )
}

#[test]
fn any_sequence_of_edits_equals_a_clean_build() {
    let mut site = SiteTest::new().minimal();
    for i in 0..12 {
        site = site.file(
            &format!("content/articles/a{i:02}.md"),
            &article(&format!("Article {i}"), "\"heart\", \"prevention\"", "Regular exercise helps."),
        );
    }
    let root = site.path().to_path_buf();
    let mut session = Session::new(options(&root));
    assert_same_as_clean(&mut session, &root, &[], "first build");

    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/articles/a03.md", &article("A New Title", "\"heart\"", "Changed text."));
    assert_same_as_clean(&mut session, &root, &["content/articles/a03.md"], "edit title, body and tags");

    write("content/articles/zz-new.md", &article("Brand New", "\"sleep\"", "New topic."));
    assert_same_as_clean(&mut session, &root, &["content/articles/zz-new.md"], "add an article with a new tag");

    std::fs::remove_file(root.join("content/articles/a07.md")).unwrap();
    assert_same_as_clean(&mut session, &root, &["content/articles/a07.md"], "delete an article");

    write("content/pages/contact.md", "+++\ntitle = \"Contact\"\nmenu = true\n+++\n\nCall us.\n");
    assert_same_as_clean(&mut session, &root, &["content/pages/contact.md"], "add a menu page");

    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write("site.toml", &config.replace("title = ", "title = \"Renamed\"\n#"));
    assert_same_as_clean(&mut session, &root, &["site.toml"], "change site.toml");

    write(
        "templates/page.html",
        "{% extends \"builtin/page.html\" %}\n{% block content %}<p>Custom</p>{{ page.content | safe }}{% endblock content %}\n",
    );
    assert_same_as_clean(&mut session, &root, &["templates/page.html"], "override a template");

    write("content/articles/a01.md", &article("Article 1", "\"heart\"", "Edited once more."));
    assert_same_as_clean(&mut session, &root, &["content/articles/a01.md"], "edit after a full reload");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_output() {
    let site = SiteTest::new().minimal().file("content/articles/a.md", &article("A", "\"heart\"", "Text."));
    let root = site.path().to_path_buf();
    let mut session = Session::new(options(&root));
    session.rebuild(&[]).expect("first build");
    let before = session.output();
    std::fs::write(root.join("content/articles/a.md"), "+++\ntitel = \"A\"\n+++\n").unwrap();
    assert!(session.rebuild(&[PathBuf::from("content/articles/a.md")]).is_err());
    assert!(std::sync::Arc::ptr_eq(&before, &session.output()), "the last good output is kept");
    std::fs::write(root.join("content/articles/a.md"), article("A fixed", "\"heart\"", "Text.")).unwrap();
    assert_same_as_clean(&mut session, &root, &["content/articles/a.md"], "fixed");
}

#[test]
fn findings_follow_a_change_to_what_documents_are_checked_against() {
    let member = |role: &str| {
        format!(
            "+++\nname = \"Sam Reyes\"\nrole = \"{role}\"\nnpi = \"1234567893\"\njob_title = \"Reviewer\"\n+++\n\nSam reviews articles.\n"
        )
    };
    let reviewed =
        article("Reviewed", "\"heart\"", "Text.").replace("reviewer = \"profile\"", "reviewer = \"sam-reyes\"");
    let site = SiteTest::new()
        .minimal()
        .file("content/team/sam-reyes.md", &member("physician_assistant"))
        .file("content/articles/a.md", &reviewed);
    let root = site.path().to_path_buf();
    let mut session = Session::new(options(&root));
    let messages = |report: &whitecoat::pipeline::BuildReport| -> Vec<String> {
        report.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message)).collect()
    };
    let first = messages(&session.rebuild(&[]).expect("first build"));
    assert!(!first.iter().any(|m| m.contains("not a clinician")), "{first:?}");

    // Only the reviewer's role changes; the article's cached findings must not survive it.
    std::fs::write(root.join("content/team/sam-reyes.md"), member("staff")).unwrap();
    let rebuilt = messages(&session.rebuild(&[PathBuf::from("content/team/sam-reyes.md")]).expect("rebuild"));
    let (clean, _) = build_to_memory(&options(&root)).expect("clean build");
    assert_eq!(rebuilt, messages(&clean), "a rebuild's findings equal a clean build's");
    assert!(rebuilt.iter().any(|m| m.contains("not a clinician")), "{rebuilt:?}");
}

#[test]
fn a_link_to_a_content_file_follows_its_slug_in_rebuilds() {
    let site = SiteTest::new()
        .minimal()
        .file("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n\nSee [our hours](contact.md).\n")
        .file("content/pages/contact.md", "+++\ntitle = \"Contact\"\n+++\n\nHours.\n");
    let root = site.path().to_path_buf();
    let mut session = Session::new(options(&root));
    assert_same_as_clean(&mut session, &root, &[], "first build");
    // Only the linked file changes; the page that links to it must follow its new address.
    site.write("content/pages/contact.md", b"+++\ntitle = \"Contact\"\nslug = \"contact-us\"\n+++\n\nHours.\n");
    assert_same_as_clean(&mut session, &root, &["content/pages/contact.md"], "slug of the linked page changed");
    let about = String::from_utf8_lossy(&session.output()["about/index.html"]).into_owned();
    assert!(about.contains("href=\"/contact-us/\""), "{about}");
}
