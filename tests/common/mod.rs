//! Test support shared by the integration tests: [`SiteTest`] writes a site into a temp dir, runs the
//! real `whitecoat` binary on it, and reads back what it wrote.
//!
//! Every run gets `NO_COLOR=1` and `WHITECOAT_TODAY=2026-11-22`, so output is stable, and the temp
//! path is replaced by `[SITE]` in stdout and stderr, so output can be snapshot-tested.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date every run is judged against.
pub const TODAY: &str = "2026-11-22";

/// The base URL of the minimal site.
pub const MINIMAL_BASE_URL: &str = "https://test.example/";

/// `site.toml` of the minimal site: only what is required.
pub const MINIMAL_SITE_TOML: &str = r#"title = "Test Clinic"
base_url = "https://test.example"

# The notices a covered entity with self-pay patients must post (the default facts), hosted
# by the practice's (imaginary) health system.
[compliance.notices]
privacy = "https://records.example-health.org/npp.pdf"
good_faith_estimate = "https://records.example-health.org/gfe.pdf"

[practice]
name = "Test Practice"
"#;

/// `content/profile.md` of the minimal site. The headshot is there because every page needs an
/// `og:image` and, until share cards are generated, the headshot is the only fallback.
pub const MINIMAL_PROFILE: &str = r#"+++
name = "Jane Doe"
headshot = "assets/headshot.jpg"
headshot_alt = "Dr. Jane Doe, smiling"
+++

Dr. Doe is a family physician.
"#;

/// A small JPEG (no metadata) for fixtures.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
        .expect("encoding a JPEG");
    out
}

/// The repository's example site.
pub fn example_site_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

/// A site in a temporary folder, deleted when the value is dropped.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
pub struct Run {
    /// Exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output, with the site path replaced by `[SITE]`.
    pub stdout: String,
    /// Standard error, with the site path replaced by `[SITE]`.
    pub stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}", self.code, self.stdout, self.stderr)
    }
}

impl Run {
    /// Asserts the exit code, showing the whole output if it differs.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(self.code, code, "unexpected exit code; {self}");
        self
    }
}

impl Default for SiteTest {
    fn default() -> Self {
        Self::new()
    }
}

impl SiteTest {
    /// An empty folder.
    pub fn new() -> Self {
        Self { dir: tempfile::Builder::new().prefix("whitecoat-test-").tempdir().expect("creating a temp dir") }
    }

    /// A copy of `example-site/` (without any output a developer may have built into it).
    pub fn example() -> Self {
        let site = Self::new();
        copy_tree(&example_site_dir(), site.path());
        site
    }

    /// Writes the minimal valid site: `site.toml`, `content/profile.md` and its headshot.
    pub fn minimal(self) -> Self {
        self.file("site.toml", MINIMAL_SITE_TOML)
            .file("content/profile.md", MINIMAL_PROFILE)
            .bytes("assets/headshot.jpg", &jpeg(96, 120))
    }

    /// Writes a text file (parents created), replacing it if present.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.write(path, text.as_bytes());
        self
    }

    /// Writes a binary file (parents created), replacing it if present.
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        self.write(path, bytes);
        self
    }

    /// Writes a file in place (for edits between builds).
    pub fn write(&self, path: &str, bytes: &[u8]) {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("creating folders");
        }
        std::fs::write(&full, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", full.display()));
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `whitecoat build SITE ARGS…`.
    pub fn build(&self, args: &[&str]) -> Run {
        let site = self.path().to_string_lossy().into_owned();
        let mut all = vec!["build", site.as_str()];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `whitecoat ARGS…` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        whitecoat(args, self.path(), &[self.path()])
    }

    /// The default output folder, `SITE/public`.
    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Reads a file of the site as text.
    pub fn read(&self, path: &str) -> String {
        read_text(&self.path().join(path))
    }

    /// Whether a file of the site exists.
    pub fn exists(&self, path: &str) -> bool {
        self.path().join(path).exists()
    }

    /// Reads an output file (relative to `public/`) as text.
    pub fn output(&self, path: &str) -> String {
        read_text(&self.out().join(path))
    }

    /// Reads an output file (relative to `public/`) as bytes.
    pub fn output_bytes(&self, path: &str) -> Vec<u8> {
        let full = self.out().join(path.trim_start_matches('/'));
        std::fs::read(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
    }

    /// Whether an output file (relative to `public/`) exists.
    pub fn output_exists(&self, path: &str) -> bool {
        self.out().join(path).is_file()
    }

    /// Every output file by `/`-separated path relative to `public/`.
    pub fn output_files(&self) -> BTreeMap<String, Vec<u8>> {
        tree_files(&self.out())
    }

    /// Parses an output HTML page.
    pub fn page(&self, path: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.output(path))
    }
}

/// Runs the real binary with `args` in `cwd`; each of `redact` is replaced by `[SITE]` in its output.
pub fn whitecoat(args: &[&str], cwd: &Path, redact: &[&Path]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_whitecoat"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("WHITECOAT_TODAY", TODAY)
        .output()
        .expect("running whitecoat");
    let clean = |bytes: &[u8]| {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        for path in redact {
            // The canonical form too (a symlinked temp dir prints differently on some systems).
            let forms = [path.canonicalize().unwrap_or_else(|_| path.to_path_buf()), path.to_path_buf()];
            for form in forms {
                text = text.replace(&*form.to_string_lossy(), "[SITE]");
            }
        }
        text
    };
    Run { code: output.status.code().unwrap_or(-1), stdout: clean(&output.stdout), stderr: clean(&output.stderr) }
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every file below `dir`, by `/`-separated relative path.
pub fn tree_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()));
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("below dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path()).expect("reading an output file");
            files.insert(relative, bytes);
        }
    }
    files
}

/// Copies a site folder, leaving out build output and caches.
pub fn copy_tree(from: &Path, to: &Path) {
    let skip = |name: &str| name == "public" || name == ".whitecoat" || name.starts_with(".public.staging");
    for entry in walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || !e.file_name().to_str().is_some_and(skip))
    {
        let entry = entry.expect("listing the example site");
        let target = to.join(entry.path().strip_prefix(from).expect("below from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("creating a folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}

/// The pages of an output folder: every `.html` file, parsed.
pub fn html_pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, scraper::Html)> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
            (path.clone(), scraper::Html::parse_document(&text))
        })
        .collect()
}

/// A CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

/// Collects problems so a test reports all of them at once instead of the first.
#[derive(Default)]
pub struct Problems(Vec<String>);

impl Problems {
    /// Records `message` unless `ok`.
    pub fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok {
            self.0.push(message());
        }
    }

    /// Records a problem.
    pub fn push(&mut self, message: String) {
        self.0.push(message);
    }

    /// Panics listing every problem, if any.
    #[track_caller]
    pub fn assert_none(self, what: &str) {
        assert!(self.0.is_empty(), "{what}: {} problem(s):\n  - {}", self.0.len(), self.0.join("\n  - "));
    }
}

// EXIF for test images, built by hand: a small big-endian TIFF block with an Orientation tag
// and optionally a GPS IFD, in a JPEG APP1 segment right after SOI.

/// An IFD entry: tag, type, count, and the 4-byte value or offset field (big-endian).
fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
    out.extend_from_slice(&tag.to_be_bytes());
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&value);
}

const SHORT: u16 = 3;
const LONG: u16 = 4;
const ASCII: u16 = 2;
const RATIONAL: u16 = 5;

/// An APP1 EXIF segment with an Orientation tag and, if `gps`, a GPS position.
pub fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    // IFD0 at offset 8.
    let ifd0_entries: u16 = if gps { 2 } else { 1 };
    let gps_ifd = 8 + 2 + 12 * u32::from(ifd0_entries) + 4;
    tiff.extend_from_slice(&ifd0_entries.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut tiff, 0x0112, SHORT, 1, [o[0], o[1], 0, 0]);
    if gps {
        entry(&mut tiff, 0x8825, LONG, 1, gps_ifd.to_be_bytes());
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    if gps {
        // GPS IFD: four entries, then the two RATIONAL[3] values it points at.
        let data = gps_ifd + 2 + 12 * 4 + 4;
        tiff.extend_from_slice(&4u16.to_be_bytes());
        entry(&mut tiff, 0x0001, ASCII, 2, *b"N\0\0\0");
        entry(&mut tiff, 0x0002, RATIONAL, 3, data.to_be_bytes());
        entry(&mut tiff, 0x0003, ASCII, 2, *b"W\0\0\0");
        entry(&mut tiff, 0x0004, RATIONAL, 3, (data + 24).to_be_bytes());
        tiff.extend_from_slice(&0u32.to_be_bytes());
        // 39°47'N 89°39'W (Springfield, IL): degrees, minutes, seconds as n/1.
        for n in [39u32, 47, 0, 89, 39, 0] {
            tiff.extend_from_slice(&n.to_be_bytes());
            tiff.extend_from_slice(&1u32.to_be_bytes());
        }
    }
    let mut app1 = vec![0xFF, 0xE1];
    let length = u16::try_from(2 + 6 + tiff.len()).expect("a small segment");
    app1.extend_from_slice(&length.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    app1
}

/// Inserts an APP1 segment right after the JPEG's SOI marker.
pub fn with_exif(jpeg: &[u8], app1: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8], "not a JPEG");
    [&jpeg[..2], app1, &jpeg[2..]].concat()
}
