//! Front matter: `load::frontmatter::split`, then `load::tree::parse_toml` / `parse_yaml`, then the
//! whole model and check stages over an in-memory site in which the input is one document.
//!
//! Input: one selector byte, then the document (bytes read as UTF-8, invalid sequences replaced).
//! The selector picks the document's kind: `p` profile, `t` team, `r` review, `a` article, `g`
//! page; any other byte picks by its value modulo 5. The seeds in `fuzz/seeds/frontmatter/` start
//! with the selector of the folder they come from.
//!
//! Beside the input, the site has a fixed `site.toml`, profile and two team members (those of the
//! example site, so its articles and reviews resolve their clinicians), read through the same
//! parse and check caches `whitecoat serve` uses.
//!
//! Panics are findings; so are broken invariants of the public API: split ranges that are not
//! ordered, in bounds and on character boundaries, and tree or error spans outside the file.

#![no_main]

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use whitecoat::check::{self, CheckCache};
use whitecoat::config::{self, Config};
use whitecoat::diagnostics::{self, human, machine};
use whitecoat::load::frontmatter::{self, Format};
use whitecoat::load::tree::{self, Node, Value};
use whitecoat::load::{RawDocument, SiteFiles};
use whitecoat::model::document::Kind;
use whitecoat::model::fields::Sink;
use whitecoat::model::{self, ModelOptions, ParseCache};
use whitecoat::source::SourceFile;

/// The example site's configuration (public phones, emails, names and addresses, rule overrides).
const SITE_TOML: &str = include_str!("../../example-site/site.toml");

fn source(path: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(path, text.to_string()))
}

fn raw(kind: Kind, stem: &str, file: Arc<SourceFile>) -> RawDocument {
    RawDocument { kind, stem: stem.to_string(), file }
}

struct Fixed {
    config_file: Arc<SourceFile>,
    config: Config,
    profile: RawDocument,
    team: Vec<RawDocument>,
}

static FIXED: LazyLock<Fixed> = LazyLock::new(|| {
    let config_file = source("site.toml", SITE_TOML);
    let sink = Sink::default();
    let config = config::parse(&config_file, &sink)
        .unwrap_or_else(|| panic!("fuzz harness: the example site.toml does not parse: {:?}", sink.into_inner()));
    let profile = raw(
        Kind::Profile,
        "profile",
        source("content/profile.md", include_str!("../../example-site/content/profile.md")),
    );
    let team = vec![
        raw(
            Kind::Team,
            "hannah-lindqvist",
            source(
                "content/team/hannah-lindqvist.md",
                include_str!("../../example-site/content/team/hannah-lindqvist.md"),
            ),
        ),
        raw(
            Kind::Team,
            "rafael-moreno",
            source("content/team/rafael-moreno.md", include_str!("../../example-site/content/team/rafael-moreno.md")),
        ),
    ];
    Fixed { config_file, config, profile, team }
});

/// The caches `serve` keeps between builds; the fixed documents hit them, the input never does.
static PARSE_CACHE: LazyLock<ParseCache> = LazyLock::new(ParseCache::default);
static CHECK_CACHE: LazyLock<CheckCache> = LazyLock::new(CheckCache::default);

fn kind_of(selector: u8) -> Kind {
    const KINDS: [Kind; 5] = [Kind::Profile, Kind::Team, Kind::Review, Kind::Article, Kind::Page];
    match selector {
        b'p' => Kind::Profile,
        b't' => Kind::Team,
        b'r' => Kind::Review,
        b'a' => Kind::Article,
        b'g' => Kind::Page,
        other => KINDS[usize::from(other) % KINDS.len()],
    }
}

fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::Profile => "",
        Kind::Team => "team/",
        Kind::Review => "reviews/",
        Kind::Article => "articles/",
        Kind::Page => "pages/",
    }
}

#[track_caller]
fn assert_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && text.get(range.clone()).is_some(),
        "{what} {range:?} is not a range of whole characters of the {}-byte file",
        text.len()
    );
}

fn assert_spans(text: &str, node: &Node) {
    assert_range(text, &node.span, "a tree node's span");
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| assert_spans(text, n)),
        Value::Table(entries) => {
            for entry in entries {
                assert_range(text, &entry.key_span, "a tree key's span");
                assert_spans(text, &entry.node);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let kind = kind_of(selector);
    let text = String::from_utf8_lossy(rest).into_owned();
    let path = if kind == Kind::Profile {
        "content/profile.md".to_string()
    } else {
        format!("content/{}fuzzed.md", folder(kind))
    };
    let file = Arc::new(SourceFile::new(path.as_str(), text));
    let text = file.text.as_str();

    // The load stage's own entry points, with the invariants the model relies on.
    if let Ok(split) = frontmatter::split(text) {
        assert_range(text, &split.opening, "split.opening");
        assert_range(text, &split.front, "split.front");
        assert_range(text, &split.body, "split.body");
        assert!(split.opening.end <= split.front.start, "{split:?}");
        assert!(split.front.end <= split.body.start && split.body.end == text.len(), "{split:?}");
        let parsed = match split.format {
            Format::Toml => tree::parse_toml(&text[split.front.clone()], split.front.start),
            Format::Yaml => tree::parse_yaml(&file, split.front.clone()),
        };
        match parsed {
            Ok(root) => assert_spans(text, &root),
            Err(e) => assert_range(text, &e.span, "a parse error's span"),
        }
    }

    // The model and check stages over a site with the input as one of its documents.
    let fixed = &*FIXED;
    let document = raw(kind, if kind == Kind::Profile { "profile" } else { "fuzzed" }, Arc::clone(&file));
    let mut documents = Vec::with_capacity(4);
    if kind == Kind::Profile {
        documents.push(document);
    } else {
        documents.push(fixed.profile.clone());
        documents.push(document);
    }
    documents.extend(fixed.team.iter().cloned());
    documents.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let files = SiteFiles {
        root: PathBuf::from("/nonexistent-fuzz-site"),
        config: Arc::clone(&fixed.config_file),
        documents: Arc::new(documents),
        assets: BTreeMap::new(),
        statics: BTreeMap::new(),
        templates: BTreeMap::new(),
        themes: BTreeMap::new(),
    };
    let mut suppressed = Vec::new();
    let (site, mut found) =
        model::build(&files, fixed.config.clone(), ModelOptions { drafts: true }, Some(&PARSE_CACHE));
    if let Some(site) = site {
        let references = whitecoat::assets::references(&site);
        let today = jiff::civil::date(2026, 12, 1);
        let outcome = check::run(&site, &references, &files.assets, today, Some(&CHECK_CACHE));
        found.extend(outcome.findings);
        suppressed = outcome.suppressed;
    }
    for diagnostic in &found {
        if let Some(span) = &diagnostic.span {
            let _ = (span.start(), span.end(), span.text());
        }
    }
    // Reporting is where a bad span would show: render every format.
    diagnostics::sort(&mut found);
    let _ = human::render(&found, false);
    let _ = machine::json(&found, &suppressed);
    let _ = machine::sarif(&found, files.root.as_path());
    let _ = machine::github(&found, files.root.as_path());
});
