//! Rebuilds for `serve`: a session keeps the last good build in memory and rebuilds when files
//! change. A failed rebuild keeps serving the last good output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::pipeline::{self, BuildError, BuildOptions, BuildReport};

/// The files of a build, by output path (`articles/afib/index.html`).
pub type Output = BTreeMap<String, Vec<u8>>;

/// A build session over one site.
pub struct Session {
    options: BuildOptions,
    output: Arc<Output>,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new(options: BuildOptions) -> Self {
        Self { options, output: Arc::new(Output::new()) }
    }

    /// Rebuilds after `changed` files changed (site-relative or absolute paths); on success the
    /// new output replaces the old, on failure the old output stays.
    pub fn rebuild(&mut self, _changed: &[PathBuf]) -> Result<BuildReport, BuildError> {
        let (report, memory) = pipeline::build_to_memory(&self.options)?;
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
