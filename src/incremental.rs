//! Rebuilds for `serve`: a session keeps the loaded site, caches of every expensive per-document
//! step (parsing, checks, rendered pages, page scans, images) and the last good build in memory.
//! An edit re-reads only the files that changed; documents whose file did not change reuse their
//! parse and check results, and pages whose inputs did not change (by fingerprint) reuse their
//! HTML, so a rebuild renders only the edited page and the listings, tags and feeds that show it.
//! A failed rebuild keeps serving the last good output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::assets::ImageCache;
use crate::check::CheckCache;
use crate::load::{self, SiteFiles};
use crate::model::ParseCache;
use crate::pipeline::{self, BuildError, BuildOptions, BuildReport};
use crate::render::PageCache;
use crate::write::verify::ScanCache;

/// The files of a build, by output path (`articles/afib/index.html`).
pub type Output = BTreeMap<String, Arc<[u8]>>;

/// Everything a session reuses between builds.
#[derive(Default)]
pub struct Caches {
    /// Parsed documents.
    pub parse: ParseCache,
    /// Per-document check findings.
    pub check: CheckCache,
    /// Rendered pages by fingerprint.
    pub pages: PageCache,
    /// Links and tags of rendered pages.
    pub scans: ScanCache,
    /// Processed images.
    pub images: ImageCache,
}

/// A build session over one site.
pub struct Session {
    options: BuildOptions,
    files: Option<SiteFiles>,
    caches: Caches,
    output: Arc<Output>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: BuildOptions) -> Self {
        Self { options, files: None, caches: Caches::default(), output: Arc::new(Output::new()) }
    }

    /// Rebuilds after `changed` files changed (site-relative paths; `.` or nothing means anything
    /// may have changed); on success the new output replaces the old, on failure the old stays.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildReport, BuildError> {
        let everything = changed.is_empty() || changed.iter().any(|p| p.as_os_str() == ".");
        let files = match &self.files {
            Some(previous) if !everything => load::reload(previous, changed)?,
            _ => load::load(&self.options.site)?,
        };
        let (report, memory) = pipeline::build_files_to_memory(&self.options, files.clone(), Some(&self.caches))?;
        self.files = Some(files);
        self.output = Arc::new(memory.into_files());
        Ok(report)
    }

    /// The last good output.
    pub fn output(&self) -> Arc<Output> {
        Arc::clone(&self.output)
    }

    /// The options the session builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }
}
