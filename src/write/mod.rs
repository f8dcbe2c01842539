//! Stage 6, write: outputs go to a staging folder beside the output folder, which replaces the
//! previous output in one step only when every stage succeeded ([`staging`]); a failed or
//! interrupted build leaves the old output untouched. [`location`] guards where that may be.

pub mod headers;
pub mod location;
pub mod page_facts;
pub mod redirects;
pub mod staging;
pub mod verify;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::fsx::FsError;
pub use staging::Staging;

/// Where rendered files go. Implemented by a staging folder (builds) and memory (tests, serve).
pub trait Sink: Sync {
    /// Stores `bytes` at `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError>;

    /// Stores shared bytes; sinks that keep files in memory keep them without copying. Shared files
    /// are content-addressed: within one build, the same path always gets the same bytes.
    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
        self.put(path, bytes)
    }

    /// Reads back a stored file (for verification).
    fn read(&self, path: &str) -> Option<Vec<u8>>;

    /// Every path stored so far, in no particular order.
    fn written(&self) -> Vec<String>;
}

/// Refuses a path that could reach outside the output folder: every path a build writes is
/// relative, `/`-separated and made of plain names. The model already refuses such addresses
/// (aliases, slugs); this is the last line, where a mistake there would write anywhere.
pub fn check_output_path(path: &str) -> Result<(), FsError> {
    let plain = |segment: &str| {
        let mut parts = std::path::Path::new(segment).components();
        matches!((parts.next(), parts.next()), (Some(std::path::Component::Normal(name)), None) if name == segment)
    };
    if !path.is_empty() && !path.contains(['\\', '\0']) && path.split('/').all(plain) {
        return Ok(());
    }
    Err(FsError::new(
        "writing",
        std::path::Path::new(path),
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path leaves the output folder"),
    ))
}

/// Output kept in memory. (Hashed while writing, sorted once at the end: every page of a rebuild
/// lands here, and a sorted map compared long shared path prefixes under the lock.)
#[derive(Default)]
pub struct Memory {
    files: Mutex<rustc_hash::FxHashMap<String, Arc<[u8]>>>,
}

impl Memory {
    /// All files, by path.
    pub fn into_files(self) -> BTreeMap<String, Arc<[u8]>> {
        self.files.into_inner().unwrap_or_default().into_iter().collect()
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        self.put_shared(path, &Arc::from(bytes))
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
        check_output_path(path)?;
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), Arc::clone(bytes));
        }
        Ok(())
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.lock().ok()?.get(path).map(|b| b.to_vec())
    }

    fn written(&self) -> Vec<String> {
        self.files.lock().map(|f| f.keys().cloned().collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_in_the_output_folder() {
        for fine in ["index.html", "articles/afib/index.html", "og/site.1234abcd.png", "a.b/c..d/e."] {
            assert!(check_output_path(fine).is_ok(), "{fine}");
        }
        for escaping in ["", "/etc/passwd", "../notes.txt", "a/../../b", "./a", "a//b", "a/", "a\\..\\b", "a\0b"] {
            assert!(check_output_path(escaping).is_err(), "{escaping:?}");
        }
    }
}
