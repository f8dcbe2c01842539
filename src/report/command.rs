//! `whitecoat report` on the command line: gather, render, and write to `--out` (or stdout).

use std::path::{Path, PathBuf};

use crate::cli::ReportFormat;
use crate::pipeline::{BuildError, BuildOptions};

/// Why the report was not written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The site could not be read or built far enough to report on.
    #[error(transparent)]
    Site(#[from] BuildError),
    /// `--out` names a file that is not a report whitecoat wrote.
    #[error("{0} exists and is not a whitecoat report; choose another --out (whitecoat only replaces its own reports)")]
    NotAReport(PathBuf),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] crate::fsx::FsError),
}

/// Writes the report of the site in `options` as `format` to `out` (stdout without it); returns
/// whether the site passes.
pub fn run(options: &BuildOptions, format: ReportFormat, out: Option<&Path>) -> Result<bool, ReportError> {
    let report = super::gather(options)?;
    let text = match format {
        ReportFormat::Html => super::html(&report),
        ReportFormat::Json => super::json(&report),
    };
    match out {
        None => print!("{text}"),
        Some(path) => {
            if path.exists() && !is_report(path) {
                return Err(ReportError::NotAReport(path.to_path_buf()));
            }
            // Written beside the target and renamed: a reader never sees half a report.
            let partial = path.with_extension("whitecoat-partial");
            crate::fsx::write(&partial, text.as_bytes())?;
            crate::fsx::rename(&partial, path)?;
        }
    }
    Ok(report.passes)
}

/// Whether an existing file is a report whitecoat wrote (HTML or JSON), so replacing it loses
/// nothing of anyone else's.
fn is_report(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let head: String = text.chars().take(2000).collect();
    head.contains("content=\"whitecoat ") && head.contains(" report\"")
        || head.trim_start().starts_with('{') && head.contains("\"generator\": \"whitecoat ")
}
