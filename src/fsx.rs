//! Filesystem wrappers: every call names the path it touched, so an I/O error always says which file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// An I/O failure on a named path.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}: {source}")]
pub struct FsError {
    /// What we were doing ("reading", "writing", …).
    pub action: &'static str,
    /// The path involved.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

impl FsError {
    /// Wraps an `io::Error` with the action and path it concerns.
    pub fn new(action: &'static str, path: &Path, source: io::Error) -> Self {
        Self { action, path: path.to_path_buf(), source }
    }
}

/// A relative path as `/`-separated text (output paths, site-relative names), whatever the OS.
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' { text.into_owned() } else { text.replace(std::path::MAIN_SEPARATOR, "/") }
}

/// Reads a UTF-8 file.
pub fn read_to_string(path: &Path) -> Result<String, FsError> {
    fs::read_to_string(path).map_err(|e| FsError::new("reading", path, e))
}

/// Reads a file's bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, FsError> {
    fs::read(path).map_err(|e| FsError::new("reading", path, e))
}

/// Writes bytes to a file, replacing it.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    fs::write(path, bytes).map_err(|e| FsError::new("writing", path, e))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), FsError> {
    fs::create_dir_all(path).map_err(|e| FsError::new("creating folder", path, e))
}

/// Removes a directory tree; a missing directory is not an error.
pub fn remove_dir_all(path: &Path) -> Result<(), FsError> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(FsError::new("removing", path, e)),
        _ => Ok(()),
    }
}

/// Renames a file or directory.
pub fn rename(from: &Path, to: &Path) -> Result<(), FsError> {
    fs::rename(from, to).map_err(|e| FsError::new("renaming", from, e))
}

/// Copies a file.
pub fn copy(from: &Path, to: &Path) -> Result<(), FsError> {
    fs::copy(from, to).map(|_| ()).map_err(|e| FsError::new("copying", from, e))
}

/// Writes a file only if it does not exist yet (used by scaffolding, which must never overwrite).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| FsError::new("creating", path, e))?;
    file.write_all(bytes).map_err(|e| FsError::new("writing", path, e))
}
