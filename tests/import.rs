//! `whitecoat import wordpress` on a realistic export (tests/fixtures/wordpress/): posts, a page,
//! a testimonial, attachments, a draft, a trashed post and a menu item; Gutenberg block comments,
//! `[caption]`, `[gallery]`, a dropped `[contact-form-7]`, a non-ASCII slug. Asserts on the files
//! written, their front matter and bodies, the copied images, the summary, a second import, and
//! that the imported site builds once its facts are filled in.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Run, SiteTest, jpeg, sel, tree_files, whitecoat};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress").join(path)
}

/// A folder with a fresh `whitecoat init` site in `site/`.
fn init_site() -> (SiteTest, PathBuf) {
    let parent = SiteTest::new();
    let site = parent.path().join("site");
    whitecoat(&["init", site.to_str().expect("UTF-8")], parent.path(), &[parent.path()]).expect(0);
    (parent, site)
}

/// `whitecoat import wordpress EXPORT --site SITE --uploads UPLOADS`, run from `parent`.
fn import(parent: &SiteTest, site: &Path) -> Run {
    let export = fixture("export.xml");
    let uploads = fixture("uploads");
    whitecoat(
        &[
            "import",
            "wordpress",
            export.to_str().expect("UTF-8"),
            "--site",
            site.to_str().expect("UTF-8"),
            "--uploads",
            uploads.to_str().expect("UTF-8"),
        ],
        parent.path(),
        &[parent.path()],
    )
}

fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// A document's TOML front matter and its body.
fn document(site: &Path, path: &str) -> (toml::Table, String) {
    let text = read(site, path);
    let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{path} has no TOML front matter:\n{text}"));
    let (front, body) = rest.split_once("\n+++\n").unwrap_or_else(|| panic!("{path}: unclosed front matter"));
    let table = toml::from_str(front).unwrap_or_else(|e| panic!("{path}: front matter is not TOML: {e}\n{front}"));
    (table, body.trim().to_string())
}

fn string<'a>(table: &'a toml::Table, key: &str) -> &'a str {
    table.get(key).and_then(toml::Value::as_str).unwrap_or_else(|| panic!("no string `{key}` in {table:#?}"))
}

fn strings(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| panic!("no array `{key}` in {table:#?}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

fn date(table: &toml::Table, key: &str) -> String {
    match table.get(key) {
        Some(toml::Value::Datetime(d)) => d.to_string(),
        other => panic!("`{key}` is not a TOML date: {other:?}"),
    }
}

fn table<'a>(table: &'a toml::Table, key: &str) -> &'a toml::Table {
    table.get(key).and_then(toml::Value::as_table).unwrap_or_else(|| panic!("no table [{key}] in {table:#?}"))
}

/// The content files below `content/`, by path.
fn content(site: &Path) -> BTreeMap<String, Vec<u8>> {
    tree_files(&site.join("content"))
}

#[test]
fn import_writes_articles_pages_and_reviews_with_their_facts() {
    let (parent, site) = init_site();
    let before = content(&site);
    let run = import(&parent, &site).expect(0);

    // The files written, and nothing else changed in content/.
    let after = content(&site);
    let new: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(
        new,
        [
            "articles/cafe-und-herz.md",
            "articles/managing-high-blood-pressure.md",
            "pages/insurance-we-accept.md",
            "reviews/review-0001.md"
        ],
        "{run}"
    );
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }

    // The summary: what was written, copied, missing, skipped and dropped.
    for line in [
        "imported 2 articles: content/articles/managing-high-blood-pressure.md, content/articles/cafe-und-herz.md\n",
        "imported 1 pages: content/pages/insurance-we-accept.md\n",
        "imported 1 reviews: content/reviews/review-0001.md\n",
        "copied 1 images into assets/wordpress/\n",
        "not found (1; pass --uploads with the old site's wp-content/uploads folder): 2023/05/IMG_2041.jpg\n",
        "skipped 2 attachments (their files are copied when a post shows them): Office photo, IMG_2041\n",
        "skipped 1 draft items (never published): Flu season tips (draft)\n",
        "skipped 1 trash items (never published): Old announcement\n",
        "skipped 1 menu items (pages with menu = true make the menu): Home\n",
        "dropped the [contact-form-7] shortcode (no whitecoat equivalent) in content/articles/managing-high-blood-pressure.md\n",
        "the 1 imported testimonials are reviews without a patient authorization: `check` fails",
    ] {
        assert!(run.stdout.contains(line), "the summary lacks {line:?}; {run}");
    }
    // Then what check finds: the facts only a person can supply.
    assert!(run.stdout.contains("check: ") && run.stdout.contains("errors"), "{run}");
    for finding in [
        "`reviewer` is still the placeholder `TODO`",
        "`last_reviewed` is still the placeholder `YYYY-MM-DD`",
        "content/reviews/review-0001.md",
        "`signed_on` is still the placeholder",
        "placeholder text `TODO` is still in the page",
        "assets/wordpress/2023/05/IMG_2041.jpg does not exist",
    ] {
        assert!(run.stderr.contains(finding), "check does not report {finding:?}; {run}");
    }

    // A post: title, description from the excerpt, date, categories and tags as tags, the old
    // permalink as an alias, and the medical review as placeholders.
    let (front, body) = document(&site, "content/articles/managing-high-blood-pressure.md");
    assert_eq!(string(&front, "title"), "Managing High Blood Pressure at Home");
    assert_eq!(string(&front, "description"), "How to measure your blood pressure at home and what the numbers mean.");
    assert_eq!(date(&front, "date"), "2023-04-18");
    assert_eq!(strings(&front, "tags"), ["Heart Health", "Blood Pressure"]);
    assert_eq!(strings(&front, "aliases"), ["/2023/04/managing-high-blood-pressure/"]);
    assert_eq!(string(&front, "author"), "profile");
    assert!(front.get("draft").is_none(), "published posts are not drafts: {front:#?}");
    let review = table(&front, "medical_review");
    assert_eq!(string(review, "reviewer"), "TODO");
    assert_eq!(string(review, "last_reviewed"), "YYYY-MM-DD");
    // The body: Markdown, no block comments or shortcodes, the caption's image and text kept,
    // the resized copy replaced by the full-size upload under assets/.
    assert!(!body.contains("<!--") && !body.contains("wp:") && !body.contains("<p>"), "{body}");
    assert!(!body.contains("[contact-form-7") && !body.contains("[caption"), "{body}");
    assert!(body.contains("Measuring your **blood pressure** at home"), "{body}");
    assert!(body.contains("## How to measure"), "{body}");
    assert!(body.contains("Sit quietly for five minutes first."), "{body}");
    assert!(
        body.contains("![Our waiting room](assets/wordpress/2023/04/office.jpg)\n\n*Our office in Springfield*"),
        "{body}"
    );
    assert!(!body.contains("300x200"), "{body}");

    // A non-ASCII slug: the file name folded to ASCII, the title and the old address kept.
    let (front, body) = document(&site, "content/articles/cafe-und-herz.md");
    assert_eq!(string(&front, "title"), "Café, Kaffee und Herz: Koffein und Blutdruck");
    assert_eq!(strings(&front, "aliases"), ["/2023/05/café-und-herz/"]);
    assert_eq!(strings(&front, "tags"), Vec::<String>::new(), "Uncategorized is not a tag");
    assert!(front.get("description").is_none(), "no excerpt, no description: {front:#?}");
    assert!(body.starts_with("Eine Tasse Kaffee am Morgen ist für die meisten Menschen unbedenklich."), "{body}");
    // The gallery as its images: alt text from the attachment's alt, or a placeholder when the
    // export has nothing but a file name.
    assert!(
        body.contains("![The waiting room of our Springfield office](assets/wordpress/2023/04/office.jpg)"),
        "{body}"
    );
    assert!(body.contains("![TODO: describe this image](assets/wordpress/2023/05/IMG_2041.jpg)"), "{body}");

    // A page: at the same address as before, so no alias.
    let (front, body) = document(&site, "content/pages/insurance-we-accept.md");
    assert_eq!(string(&front, "title"), "Insurance We Accept");
    assert!(front.get("aliases").is_none(), "{front:#?}");
    assert_eq!(body, "We accept most major plans, including Medicare.");

    // A testimonial: a review whose authorization facts are all placeholders, never named after
    // the patient (the testimonial's title), and no alias.
    let (front, body) = document(&site, "content/reviews/review-0001.md");
    assert_eq!(string(&front, "author"), "TODO");
    assert_eq!(date(&front, "date"), "2022-11-03");
    let authorization = table(&front, "authorization");
    assert_eq!(string(authorization, "id"), "TODO");
    assert_eq!(string(authorization, "signed_on"), "YYYY-MM-DD");
    assert_eq!(string(authorization, "expires_on"), "YYYY-MM-DD");
    assert!(front.get("aliases").is_none(), "{front:#?}");
    assert_eq!(body, "The staff were kind and the doctor explained everything clearly.");
    for (path, bytes) in &after {
        assert!(!String::from_utf8_lossy(bytes).contains("Margaret"), "the patient's name is in {path}");
    }
    assert!(!run.stdout.contains("Margaret") && !run.stderr.contains("Margaret"), "{run}");

    // Drafts and trash are not written anywhere.
    for text in ["Unfinished.", "Gone."] {
        assert!(!after.values().any(|b| String::from_utf8_lossy(b).contains(text)), "{text} was imported");
    }

    // The upload the bodies use, copied byte for byte (the full size, not the resized copy).
    let copied = std::fs::read(site.join("assets/wordpress/2023/04/office.jpg")).expect("the copied upload");
    assert_eq!(copied, std::fs::read(fixture("uploads/2023/04/office.jpg")).expect("the fixture upload"));
    let assets: Vec<String> = tree_files(&site.join("assets/wordpress")).into_keys().collect();
    assert_eq!(assets, ["2023/04/office.jpg"]);
}

#[test]
fn a_second_import_adds_nothing_and_overwrites_nothing() {
    let (parent, site) = init_site();
    import(&parent, &site).expect(0);
    // The practice starts filling in what the import left.
    let path = site.join("content/articles/managing-high-blood-pressure.md");
    let edited = read(&site, "content/articles/managing-high-blood-pressure.md").replace("\"TODO\"", "\"profile\"");
    std::fs::write(&path, &edited).expect("editing");
    let before = content(&site);
    let assets = tree_files(&site.join("assets"));

    let run = import(&parent, &site).expect(0);
    assert_eq!(content(&site), before, "a second import changed content/; {run}");
    assert_eq!(tree_files(&site.join("assets")), assets, "a second import changed assets/; {run}");
    assert!(!run.stdout.lines().any(|l| l.starts_with("imported ")), "{run}");
    let skipped = run
        .stdout
        .lines()
        .find(|l| l.starts_with("skipped 4 items already on the site"))
        .unwrap_or_else(|| panic!("no line for the items already on the site; {run}"));
    for item in [
        "Managing High Blood Pressure at Home (/2023/04/managing-high-blood-pressure/ is content/articles/managing-high-blood-pressure.md)",
        "Café, Kaffee und Herz: Koffein und Blutdruck (/2023/05/café-und-herz/ is content/articles/cafe-und-herz.md)",
        "Insurance We Accept (/insurance-we-accept/ is content/pages/insurance-we-accept.md)",
        "testimonial #401 (the same text is content/reviews/review-0001.md)",
    ] {
        assert!(skipped.contains(item), "{item:?} not in {skipped:?}");
    }
    assert!(!run.stdout.contains("Margaret"), "{run}");
}

#[test]
fn a_taken_file_name_gets_a_numbered_one_and_is_left_alone() {
    let (parent, site) = init_site();
    // The site's own article, at a different address than the old post: not the same document.
    let mine = "+++\ntitle = \"Our blood pressure clinic\"\ndate = 2026-01-05\ntags = []\n\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-01-05\n+++\n\nOurs.\n";
    std::fs::write(site.join("content/articles/managing-high-blood-pressure.md"), mine).expect("writing");
    let run = import(&parent, &site).expect(0);
    assert_eq!(read(&site, "content/articles/managing-high-blood-pressure.md"), mine);
    assert!(
        run.stdout.contains(
            "content/articles/managing-high-blood-pressure.md exists, so this one is content/articles/managing-high-blood-pressure-2.md"
        ),
        "{run}"
    );
    let (front, _) = document(&site, "content/articles/managing-high-blood-pressure-2.md");
    assert_eq!(string(&front, "title"), "Managing High Blood Pressure at Home");
    assert_eq!(strings(&front, "aliases"), ["/2023/04/managing-high-blood-pressure/"]);
}

/// Fills in what only the practice can supply: the placeholders `init` and the import leave.
fn fill_in(site: &Path) {
    let notes = regex::Regex::new(r"\[(?:PRACTICE|COUNSEL) TO [A-Z ]+:[^\]]*\]").expect("pattern");
    let mut authorization = 0;
    for entry in walkdir::WalkDir::new(site.join("content")).sort_by_file_name() {
        let entry = entry.expect("walking content/");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("reading");
        let mut filled = text
            .replace("![TODO: describe this image]", "![Dr. Rivera with a patient in the exam room]")
            .replace("reviewer = \"TODO\"", "reviewer = \"profile\"")
            .replace("author = \"TODO\"", "author = \"M.T.\"")
            .replace("signed_on = \"YYYY-MM-DD\"", "signed_on = 2026-01-20")
            .replace("expires_on = \"YYYY-MM-DD\"", "expires_on = 2028-01-20")
            .replace("\"YYYY-MM-DD\"", "2026-03-01")
            .replace("TODO: ", "");
        if filled.contains("id = \"TODO\"") {
            authorization += 1;
            filled = filled.replace("id = \"TODO\"", &format!("id = \"AUTH-2026-{authorization:03}\""));
        }
        let filled = notes.replace_all(&filled, "the office manager");
        std::fs::write(entry.path(), filled.as_bytes()).expect("writing");
    }
}

#[test]
fn the_imported_site_builds_once_its_facts_and_authorizations_are_filled_in() {
    let (parent, site) = init_site();
    import(&parent, &site).expect(0);
    let site_arg = site.to_str().expect("UTF-8");
    let build = |args: &[&str]| {
        let mut all = vec!["build", site_arg];
        all.extend_from_slice(args);
        whitecoat(&all, parent.path(), &[parent.path()])
    };
    let run = build(&[]).expect(1);
    assert!(
        run.stderr.contains("content/reviews/review-0001.md"),
        "the review's authorization blocks the build; {run}"
    );

    fill_in(&site);
    // The upload the export had no file for, supplied by the practice.
    std::fs::create_dir_all(site.join("assets/wordpress/2023/05")).expect("creating a folder");
    std::fs::write(site.join("assets/wordpress/2023/05/IMG_2041.jpg"), jpeg(640, 480)).expect("writing");
    let run = build(&[]).expect(0);
    assert!(!run.stderr.contains("error["), "{run}");

    let out =
        |path: &str| std::fs::read_to_string(site.join("public").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let page = |path: &str| scraper::Html::parse_document(&out(path));
    // The articles at their new addresses, the images with their alt text.
    let article = page("articles/cafe-und-herz/index.html");
    let alts: Vec<&str> = article.select(&sel("main img")).filter_map(|i| i.value().attr("alt")).collect();
    assert!(alts.contains(&"The waiting room of our Springfield office"), "{alts:?}");
    assert!(alts.contains(&"Dr. Rivera with a patient in the exam room"), "{alts:?}");
    let h1: String =
        page("articles/managing-high-blood-pressure/index.html").select(&sel("h1")).flat_map(|h| h.text()).collect();
    assert_eq!(h1.trim(), "Managing High Blood Pressure at Home");
    assert!(out("insurance-we-accept/index.html").contains("We accept most major plans, including Medicare."));
    assert!(out("reviews/index.html").contains("The staff were kind and the doctor explained everything clearly."));

    // The old addresses redirect: a 301 rule each, and a fallback page at each.
    let rules = out("_redirects");
    for rule in [
        "/2023/04/managing-high-blood-pressure/ /articles/managing-high-blood-pressure/ 301\n",
        "/2023/05/caf%C3%A9-und-herz/ /articles/cafe-und-herz/ 301\n",
    ] {
        assert!(rules.contains(rule), "_redirects lacks {rule:?}:\n{rules}");
    }
    assert_eq!(rules.lines().filter(|l| !l.starts_with('#')).count(), 2, "{rules}");
    let fallback = page("2023/05/café-und-herz/index.html");
    let refresh = fallback.select(&sel("meta[http-equiv=refresh]")).next().and_then(|m| m.value().attr("content"));
    assert!(
        refresh.is_some_and(|r| r.starts_with("0; url=http") && r.ends_with("/articles/cafe-und-herz/")),
        "{refresh:?}"
    );
}

#[test]
fn import_refuses_a_folder_that_is_not_a_site_and_a_file_that_is_not_an_export() {
    let parent = SiteTest::new();
    let export = fixture("export.xml");
    let run = whitecoat(
        &["import", "wordpress", export.to_str().expect("UTF-8"), "--site", "."],
        parent.path(),
        &[parent.path()],
    )
    .expect(2);
    assert!(run.stderr.contains("has no site.toml; run `whitecoat init` first or pass --site"), "{run}");

    let (parent, site) = init_site();
    let before = content(&site);
    let not_wxr = parent.path().join("notes.xml");
    std::fs::write(&not_wxr, "<html><body>Not an export</body></html>").expect("writing");
    let run = whitecoat(
        &["import", "wordpress", not_wxr.to_str().expect("UTF-8"), "--site", site.to_str().expect("UTF-8")],
        parent.path(),
        &[parent.path()],
    )
    .expect(2);
    assert!(run.stderr.contains("not a readable WordPress export"), "{run}");
    assert_eq!(content(&site), before, "nothing is written from a file that is not an export");
}
