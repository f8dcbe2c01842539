//! Safe by default: nothing from content runs in a reader's browser, `--out` never destroys files
//! whitecoat did not write, output is always one whole build, symlinks never leak files, caches
//! cannot poison a build, and hostile input gets a bounded, named error. One regression test per
//! failure seen, named after it.

mod common;

use common::{MINIMAL_PROFILE, MINIMAL_SITE_TOML, SiteTest, html_pages, jpeg};
use whitecoat::markdown::safety::refused_scheme;

/// Every way content has been seen to smuggle script into a page: Markdown links, images,
/// autolinks and reference definitions with refused schemes (in any case, with entities and
/// whitespace), heading attributes, and raw HTML (handlers, scripts, SVG, forms, iframes).
const ATTACKS: &str = r#"
[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d]( javascript:alert(1) )
<javascript:alert(1)> [e][ref] ![f](javascript:alert(1)) ![g](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
[h](vbscript:msgbox(1)) [i](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

## Symptoms {#sym .x onmouseover=alert(1) style=color:red autofocus onfocus=alert(1)}

<img src="x" onerror="alert(1)"> <a href="&#x6A;avascript:alert(1)">j</a> <a href="java&#x09;script:alert(1)">k</a>
<svg onload="alert(1)"><script>alert(1)</script></svg>
<details open ontoggle="alert(1)"><summary>s</summary></details>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">Go</button></form>
<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>
<iframe src="https://evil.example/"></iframe>
<math><a xlink:href="javascript:alert(1)">m</a></math>
<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">
<style>body{background:url("javascript:alert(1)")}</style><link rel="stylesheet" href="javascript:alert(1)">
<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>
<video poster="javascript:alert(1)"><source src="javascript:alert(1)"></video>

[ref]: javascript:alert(1)
"#;

/// Attributes that hold an address a browser may load or navigate to.
const URL_ATTRIBUTES: [&str; 9] =
    ["href", "src", "action", "formaction", "poster", "data", "xlink:href", "cite", "background"];

/// Asserts that no page of `site`'s output carries script from content: no event handler
/// attribute, no script but JSON-LD, no address with a refused scheme, no foreign iframe.
#[track_caller]
fn assert_no_script_in_output(site: &SiteTest) {
    let mut problems = Vec::new();
    for (path, page) in html_pages(&site.output_files()) {
        for element in page.tree.nodes().filter_map(scraper::ElementRef::wrap) {
            let name = element.value().name();
            if name == "script" && element.value().attr("type") != Some("application/ld+json") {
                problems.push(format!("{path}: a <script> element"));
            }
            if matches!(name, "object" | "embed" | "base")
                || (name == "meta" && element.value().attr("http-equiv").is_some())
            {
                problems.push(format!("{path}: a <{name}> element"));
            }
            // The theme's own <style> (brand colours) is fine; the content's is not.
            if name == "style" && element.text().any(|t| t.contains("javascript")) {
                problems.push(format!("{path}: a <style> from content"));
            }
            if name == "iframe"
                && !element.value().attr("src").is_some_and(|s| s.starts_with("https://www.youtube-nocookie.com/"))
            {
                problems.push(format!("{path}: an iframe {:?}", element.value().attr("src")));
            }
            for (attribute, value) in element.value().attrs() {
                if attribute.starts_with("on") || attribute == "srcdoc" {
                    problems.push(format!("{path}: <{name} {attribute}=\"{value}\">"));
                }
                if let Some(scheme) = refused_scheme(value).filter(|_| URL_ATTRIBUTES.contains(&attribute)) {
                    problems.push(format!("{path}: <{name} {attribute}> with a {scheme}: address"));
                }
                if attribute == "style" && value.contains("javascript") {
                    problems.push(format!("{path}: <{name} style=\"{value}\">"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "script from content reached the output:\n{}", problems.join("\n"));
}

#[test]
fn no_script_from_markdown_in_any_content_kind_even_with_the_findings_turned_off() {
    let review = format!(
        "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\", \"photo\"]\n+++\n\nGreat care.\n{ATTACKS}"
    );
    let article = format!("+++\ntitle = \"Heart health\"\n+++\n\nIntro.\n{ATTACKS}");
    let page = format!("+++\ntitle = \"Contact\"\nmenu = true\n+++\n\nCall us.\n{ATTACKS}");
    let member = format!("+++\nname = \"Grace Whitaker\"\nrole = \"nurse\"\n+++\n\nGrace.\n{ATTACKS}");
    let config = format!(
        "{MINIMAL_SITE_TOML}\n[compliance.rules]\n\"markup/url-scheme\" = \"off\"\n\"markup/html\" = \"off\"\n\"markup/heading-attribute\" = \"off\"\n\"image/alt\" = \"off\"\n\"output/link\" = \"off\"\n\"phi/url\" = \"off\"\n[compliance.public]\ndomains = [\"evil.example\"]\n"
    );
    // (`phi/url` cannot be turned off in a review, where raw HTML is shown as text: the attack
    // host is declared a public source instead, so the review is built and its output checked.)
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", &config)
        .file("content/profile.md", &format!("{MINIMAL_PROFILE}\n{ATTACKS}"))
        .file("content/reviews/m-r.md", &review)
        .file("content/articles/heart-health.md", &article)
        .file("content/pages/contact.md", &page)
        .file("content/team/grace-whitaker.md", &member)
        .bytes("assets/x", &jpeg(8, 8));
    site.build(&[]).expect(0);
    assert_no_script_in_output(&site);
    // The text of neutralised links stays readable.
    let article = site.output("articles/heart-health/index.html");
    assert!(article.contains(">a b c d"), "link text is kept");
    assert!(article.contains("<h2 id=\"sym\" class=\"x\">Symptoms</h2>"), "id and class survive: {article}");
}

#[test]
fn javascript_link_in_a_review_fails_build_and_check() {
    let review = "+++\nauthor = \"M.R.\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"initials\"]\n+++\n\nGreat care! [x](javascript:alert(1))\n";
    let site = SiteTest::new().minimal().file("content/reviews/m-r.md", review);
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("error[markup/url-scheme]"), "{run}");
    assert!(run.stderr.contains("content/reviews/m-r.md:12:17"), "{run}");
    site.build(&[]).expect(1);
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn values_in_json_ld_meta_tags_and_attributes_stay_escaped() {
    let hostile = r#"</script><script>alert(1)</script>" onmouseover="alert(1)"#;
    let profile = format!(
        "+++\nname = \"Jane Doe\"\nheadshot = \"assets/headshot.jpg\"\nheadshot_alt = '{hostile}'\ndescription = '{hostile}'\nspecialties = ['{hostile}']\n+++\n\nBio.\n"
    );
    let review = "+++\nauthor = \"<!--<script>\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"first_name\"]\n+++\n\nGreat care.\n";
    let site = SiteTest::new()
        .minimal()
        .file("content/profile.md", &profile)
        .file("content/pages/about.md", &format!("+++\ntitle = '{hostile}'\n+++\n\nAbout.\n"))
        .file("content/reviews/m-r.md", review);
    site.build(&[]).expect(0);
    assert_no_script_in_output(&site);
    for (path, page) in html_pages(&site.output_files()) {
        let scripts = page.select(&common::sel("script")).count();
        let json_ld = page.select(&common::sel("script[type='application/ld+json']")).count();
        assert_eq!(scripts, json_ld, "{path}: only JSON-LD scripts");
        for script in page.select(&common::sel("script[type='application/ld+json']")) {
            let text: String = script.text().collect();
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD is not JSON: {e}"));
        }
    }
}

#[test]
fn review_author_with_an_html_comment_opener_builds_and_keeps_json_ld_whole() {
    // `<!--<script>` inside a script element used to swallow the rest of the page, so the JSON-LD
    // check failed the whole build without naming the review.
    let review = "+++\nauthor = \"<!--<script>\"\nrating = 5\n[authorization]\nid = \"A-1\"\nsigned_on = 2026-01-05\nexpires_on = 2028-06-30\nchannels = [\"website\"]\npermitted_identifiers = [\"first_name\"]\n+++\n\nGreat care.\n";
    let site = SiteTest::new().minimal().file("content/reviews/m-r.md", review);
    site.build(&[]).expect(0);
    let reviews = site.output("reviews/index.html");
    assert!(!reviews.contains("<!--<script>"), "escaped inside JSON-LD");
    assert!(reviews.contains("&lt;!--&lt;script&gt;"), "shown as text on the page");
}

/// Markup a streaming parser cannot read without knowing the tree around it.
const AMBIGUOUS: &str = "<select><template><style></style></template></select>";

#[test]
fn raw_html_a_streaming_parser_cannot_read_is_a_finding_not_a_crash() {
    let site = SiteTest::new().minimal().file(
        "content/articles/a.md",
        &format!("+++\ntitle = \"A\"\n+++\n\n<details ontoggle=a>D</details>\n{AMBIGUOUS}\n\nText after it.\n"),
    );
    for args in [&["check", "."][..], &["build", "."][..]] {
        let run = site.run(args);
        assert!(run.code == 0 || run.code == 1, "{run}");
        assert!(!run.stderr.contains("panicked"), "{run}");
    }
    assert_no_script_in_output(&site);
}

#[test]
fn an_embed_next_to_ambiguous_markup_is_dropped_not_guessed_at() {
    let site = SiteTest::new().minimal().file(
        "content/articles/a.md",
        &format!("+++\ntitle = \"A\"\n+++\n\n<iframe src=\"https://evil.example/x\"></iframe>\n{AMBIGUOUS}\n\nText.\n"),
    );
    site.build(&[]).expect(0);
    assert!(!site.output("articles/a/index.html").contains("evil.example"), "the iframe is gone");
    assert!(site.output("articles/a/index.html").contains("Text."));
}

// ---------------------------------------------------------------------------------------------
// --out never destroys files whitecoat did not write
// ---------------------------------------------------------------------------------------------

/// Asserts that every file of `before` is still in `site` with the same bytes.
#[track_caller]
fn assert_site_intact(site: &SiteTest, before: &std::collections::BTreeMap<String, Vec<u8>>) {
    let now = common::tree_files(site.path());
    for (path, bytes) in before {
        assert_eq!(now.get(path), Some(bytes), "{path} was changed or deleted");
    }
}

#[test]
fn out_dot_inside_the_site_is_refused_and_deletes_nothing() {
    let site = SiteTest::new().minimal().file("content/articles/a.md", "+++\ntitle = \"A\"\n+++\n\nText.\n");
    let before = common::tree_files(site.path());
    for out in [".", "./", "content/..", "static/x", "content", "assets/public", "templates", "themes/out", ".."] {
        let run = site.build(&["--out", out]).expect(2);
        assert!(run.stderr.contains("refusing to build into"), "--out {out}: {run}");
        assert_site_intact(&site, &before);
    }
    let run = site.build(&["--out", "static/x"]);
    assert!(run.stderr.contains("inside the site's static/ folder"), "{run}");
    assert!(!site.exists("static/x"), "nothing created inside static/");
}

#[test]
fn out_pointing_at_a_folder_with_other_files_is_refused() {
    let site = SiteTest::new().minimal();
    let elsewhere = tempfile::tempdir().expect("a temp dir");
    std::fs::write(elsewhere.path().join("thesis.docx"), "years of work").expect("writing");
    let out = elsewhere.path().to_string_lossy().into_owned();
    let run = site.build(&["--out", &out]).expect(2);
    assert!(run.stderr.contains("holds files whitecoat did not write (such as thesis.docx)"), "{run}");
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("thesis.docx")).expect("still there"), "years of work");

    // An empty folder is fine, and from then on it is whitecoat's (it carries the marker).
    let empty = tempfile::tempdir().expect("a temp dir");
    let out = empty.path().join("site");
    let out = out.to_string_lossy().into_owned();
    site.build(&["--out", &out]).expect(0);
    site.build(&["--out", &out]).expect(0);
    assert!(empty.path().join("site").join(whitecoat::write::location::MARKER).is_file());
}

/// A folder of someone's files outside the site, with a link to it planted at `name` beside the
/// output (a site folder is often a git checkout, and git stores links as they are).
#[cfg(unix)]
fn plant_link_beside_output(site: &SiteTest, name: &str) -> tempfile::TempDir {
    let victim = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(victim.path().join("sub")).expect("creating");
    std::fs::write(victim.path().join("thesis.txt"), "years of work").expect("writing");
    std::fs::write(victim.path().join("sub/notes.txt"), "more").expect("writing");
    std::os::unix::fs::symlink(victim.path(), site.path().join(name)).expect("linking");
    victim
}

#[cfg(unix)]
#[track_caller]
fn assert_victim_intact(victim: &tempfile::TempDir) {
    assert_eq!(common::tree_files(victim.path()).len(), 2, "{:?}", common::tree_files(victim.path()));
    assert_eq!(std::fs::read_to_string(victim.path().join("thesis.txt")).expect("still there"), "years of work");
    assert_eq!(std::fs::read_to_string(victim.path().join("sub/notes.txt")).expect("still there"), "more");
}

#[cfg(unix)]
#[test]
fn a_link_planted_as_the_kept_previous_build_is_removed_not_followed() {
    let site = SiteTest::new().minimal();
    let victim = plant_link_beside_output(&site, ".public.previous");
    site.run(&["check", "."]).expect(0);
    site.build(&[]).expect(0);
    assert_victim_intact(&victim);
    let output = std::fs::symlink_metadata(site.out()).expect("the output");
    assert!(output.is_dir() && !output.file_type().is_symlink(), "the output is a real folder");
    assert!(site.output_exists("index.html"));
    // Rebuilding reuses real kept builds only.
    site.build(&[]).expect(0);
    site.build(&[]).expect(0);
    assert_victim_intact(&victim);
}

#[cfg(unix)]
#[test]
fn links_planted_as_interrupted_builds_are_removed_not_followed() {
    let site = SiteTest::new().minimal();
    // Names an interrupted build would leave (pids above Linux's largest, so never running).
    let staging = plant_link_beside_output(&site, ".public.staging-4194305");
    let old = plant_link_beside_output(&site, ".public.old-4194306");
    site.build(&[]).expect(0);
    site.build(&[]).expect(0);
    assert_victim_intact(&staging);
    assert_victim_intact(&old);
    assert!(std::fs::symlink_metadata(site.out()).is_ok_and(|m| m.is_dir()), "the output is a real folder");
    assert!(std::fs::symlink_metadata(site.path().join(".public.staging-4194305")).is_err(), "the link is gone");
}

// ---------------------------------------------------------------------------------------------
// The output is one whole build, old or new, whatever happens while it is replaced
// ---------------------------------------------------------------------------------------------

/// A site with `n` articles, each saying `version`, and cards off (so builds are quick).
fn versioned_site(site: &SiteTest, n: usize, version: &str) {
    let config = format!("{MINIMAL_SITE_TOML}\n[social]\ncards = false\n");
    site.write("site.toml", config.as_bytes());
    let folder = site.path().join("content/articles");
    let _ = std::fs::remove_dir_all(&folder);
    for i in 0..n {
        let text = format!("+++\ntitle = \"Article {i}\"\n+++\n\nThis is {version} of article {i}.\n");
        site.write(&format!("content/articles/a-{i}-{version}.md"), text.as_bytes());
    }
}

/// What interrupted builds left beside the output (the build kept for reuse is not a leftover).
fn leftovers_beside(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".public.") && n != ".public.previous")
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn kill_9_at_random_moments_leaves_exactly_the_old_or_the_new_build() {
    let site = SiteTest::new().minimal();
    let references = tempfile::tempdir().expect("a temp dir");
    let mut trees = Vec::new();
    let mut durations = Vec::new();
    for (i, version) in ["one", "two"].iter().enumerate() {
        versioned_site(&site, 40 + 20 * i, version);
        let out = references.path().join(version);
        let started = std::time::Instant::now();
        site.build(&["--out", &out.to_string_lossy()]).expect(0);
        durations.push(started.elapsed());
        trees.push(common::tree_files(&out));
    }
    assert_ne!(trees[0], trees[1]);
    versioned_site(&site, 40, "one");
    site.build(&[]).expect(0);
    assert_eq!(site.output_files(), trees[0]);

    // A fixed pseudo-random sequence of kill moments spread over a whole build.
    let longest = durations.iter().max().copied().unwrap_or_default().as_micros() as u64 + 1;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut outcomes = [0usize; 2];
    for round in 0..16 {
        let version = if round % 2 == 0 { "two" } else { "one" };
        versioned_site(&site, if version == "one" { 40 } else { 60 }, version);
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let delay = std::time::Duration::from_micros((seed >> 33) % (longest + longest / 4));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_whitecoat"))
            .args(["build", &site.path().to_string_lossy()])
            .env("WHITECOAT_TODAY", common::TODAY)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starting a build");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = site.output_files();
        match trees.iter().position(|t| *t == now) {
            Some(which) => outcomes[which] += 1,
            None => panic!("round {round}, killed after {delay:?}: the output is neither build"),
        }
    }
    eprintln!("killed builds left the old build {} times and the new one {} times", outcomes[0], outcomes[1]);
    // A build that completes removes what the killed ones left beside the output.
    site.build(&[]).expect(0);
    assert_eq!(leftovers_beside(site.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn symlinked_static_folder_outside_the_site_is_refused_naming_the_link() {
    let outside = tempfile::tempdir().expect("a temp dir");
    std::fs::write(outside.path().join("server.key"), "PRIVATE KEY").expect("writing");
    let site = SiteTest::new().minimal();
    std::os::unix::fs::symlink(outside.path(), site.path().join("static")).expect("linking");
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("static is a symbolic link to"), "{run}");
    assert!(run.stderr.contains("outside the site folder"), "{run}");
    assert!(!site.out().exists());
    let run = site.run(&["check", "."]).expect(2);
    assert!(run.stderr.contains("static is a symbolic link"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// Caches cannot poison a build
// ---------------------------------------------------------------------------------------------

#[test]
fn zero_byte_cached_share_cards_from_a_full_disk_are_redrawn_not_published() {
    let site = SiteTest::new().minimal().file("content/articles/a.md", "+++\ntitle = \"Heart health\"\n+++\n\nText.\n");
    site.build(&[]).expect(0);
    let first = site.output_files();
    let cache = site.path().join(".whitecoat/cache/cards");
    let entries: Vec<_> = std::fs::read_dir(&cache).expect("a card cache").filter_map(Result::ok).collect();
    assert!(!entries.is_empty());
    for (i, entry) in entries.iter().enumerate() {
        // What a full disk or a killed build leaves: empty files and files cut short.
        let bytes = std::fs::read(entry.path()).expect("reading");
        std::fs::write(entry.path(), &bytes[..if i % 2 == 0 { 0 } else { bytes.len() / 2 }]).expect("truncating");
    }
    site.build(&[]).expect(0);
    let second = site.output_files();
    assert_eq!(first, second, "the redrawn cards are the cards");
    let cards: Vec<_> = second.iter().filter(|(p, _)| p.starts_with("og/")).collect();
    assert!(!cards.is_empty());
    for (path, bytes) in cards {
        let image = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{path} does not decode: {e}"));
        assert_eq!((image.width(), image.height()), (1200, 630), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bounded work on hostile input: a named error, never a crash
// ---------------------------------------------------------------------------------------------

/// An article whose YAML front matter nests `n` mappings deep.
fn deep_yaml_article(n: usize) -> String {
    let nested: String = (1..=n).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    format!("---\ntitle: Deep\nextra:\n{nested}{}b: 1\n---\n\nText.\n", " ".repeat(n + 1))
}

#[test]
fn yaml_front_matter_nested_thousands_of_levels_deep_is_an_error_not_a_stack_overflow() {
    let site = SiteTest::new().minimal().file("content/articles/deep.md", &deep_yaml_article(5000));
    for args in [&["check", "."][..], &["build", "."][..]] {
        let run = site.run(args).expect(1);
        assert!(run.stderr.contains("error[frontmatter/syntax]"), "{run}");
        assert!(run.stderr.contains("nested more than 32 levels deep"), "{run}");
        assert!(run.stderr.contains("content/articles/deep.md:"), "{run}");
    }
    // TOML: the same limit and the same message.
    let toml = format!("+++\ntitle = \"Deep\"\n[extra]\na = {}{}\n+++\n\nText.\n", "[".repeat(5000), "]".repeat(5000));
    let site = SiteTest::new().minimal().file("content/articles/deep.md", &toml);
    let run = site.run(&["check", "."]).expect(1);
    assert!(run.stderr.contains("nested more than 32 levels deep"), "{run}");
    assert!(run.stderr.contains("not shown"), "a 10,000-character line is not printed: {run}");
    assert!(run.stderr.len() < 2000, "{run}");
}

#[test]
fn a_template_that_doubles_a_string_in_a_loop_is_stopped_and_named() {
    // This template used to take 15 GB of memory.
    let bomb =
        "{% set_global s = \"0123456789\" %}{% for i in range(end=60) %}{% set_global s = s ~ s %}{% endfor %}{{ s }}";
    let site = SiteTest::new()
        .minimal()
        .file("templates/page.html", bomb)
        .file("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n\nAbout us.\n");
    let started = std::time::Instant::now();
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("error[template/render]"), "{run}");
    assert!(run.stderr.contains("templates/page.html"), "names the template: {run}");
    assert!(run.stderr.contains("/about/"), "names the page: {run}");
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    assert!(!site.out().exists(), "nothing was written");
}

#[test]
fn a_page_larger_than_the_page_limit_is_an_error_naming_the_template() {
    let loop_template = "{% for i in range(end=100000) %}<p>{{ i }}</p>{% endfor %}";
    let site = SiteTest::new()
        .minimal()
        .file("site.toml", &format!("{MINIMAL_SITE_TOML}\n[limits]\npage_bytes = 200000\n"))
        .file("templates/page.html", loop_template)
        .file("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n\nAbout us.\n");
    let run = site.build(&[]).expect(2);
    // Tera buffers a loop's output, so either the page writer or the allocation guard stops it.
    assert!(run.stderr.contains("200000 bytes ([limits] page_bytes)"), "{run}");
    assert!(run.stderr.contains("templates/page.html (page /about/)"), "{run}");
    assert!(!site.out().exists(), "nothing was written");
}

#[test]
fn a_code_block_of_200000_lines_is_shown_plain_with_a_warning_not_highlighted_for_minutes() {
    let code = "let value = compute(42); // a line of code\n".repeat(200_000);
    let site = SiteTest::new()
        .minimal()
        .file("content/articles/big.md", &format!("+++\ntitle = \"Big\"\n+++\n\nIntro.\n\n```rust\n{code}```\n"));
    let started = std::time::Instant::now();
    let run = site.build(&[]).expect(0);
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    assert!(run.stderr.contains("warning[markup/highlight-limit]"), "{run}");
    assert!(run.stderr.contains("content/articles/big.md:7:1"), "{run}");
    let page = site.output("articles/big/index.html");
    assert!(page.contains("let value = compute(42);"), "the code is shown");
    assert!(!page.contains("class=\"hl-"), "not highlighted");
}

/// A PNG of `width` x `height` as far as its header says, with pixel data for 1 x 1.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::new(1, 1).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
    // IHDR: 8-byte signature, 4-byte length, "IHDR", width, height, …, CRC over type and data.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn an_image_of_1_by_59_million_pixels_is_refused_from_its_header_naming_the_file() {
    let profile = MINIMAL_PROFILE.replace("assets/headshot.jpg", "assets/strip.png");
    let site = SiteTest::new()
        .minimal()
        .file("content/profile.md", &profile)
        .bytes("assets/strip.png", &png_claiming(1, 59_000_000));
    let started = std::time::Instant::now();
    let run = site.build(&[]).expect(1);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    assert!(run.stderr.contains("assets/strip.png is 1x59000000 pixels"), "{run}");
    assert!(run.stderr.contains("at most 20000 pixels per side"), "{run}");
    assert!(run.stderr.contains("[limits]"), "{run}");
    assert!(run.stderr.contains("content/profile.md:3:"), "at the reference: {run}");
    // The limits are the site's to raise (here: lower).
    let site = site
        .file("site.toml", &format!("{MINIMAL_SITE_TOML}\n[limits]\nimage_side = 64\n"))
        .file("content/profile.md", MINIMAL_PROFILE);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("assets/headshot.jpg is 96x120 pixels"), "{run}");
}

#[test]
fn a_truncated_png_is_an_error_that_names_the_file() {
    let mut png = Vec::new();
    image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 7]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    png.truncate(png.len() / 2);
    let profile = MINIMAL_PROFILE.replace("assets/headshot.jpg", "assets/cut.png");
    let site = SiteTest::new().minimal().file("content/profile.md", &profile).bytes("assets/cut.png", &png);
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("assets/cut.png is not a readable image"), "names the file: {run}");
    assert!(run.stderr.contains("content/profile.md:3:12"), "where it is used: {run}");
    assert!(!site.out().exists());
}
