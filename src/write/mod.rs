//! Stage 6, write: outputs go to a staging folder beside the output folder, which replaces the
//! previous output only when every stage succeeded; a failed build leaves the old output untouched.

pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::fsx::{self, FsError};

/// Where rendered files go. Implemented by a staging folder (builds) and memory (tests, serve).
pub trait Sink: Sync {
    /// Stores `bytes` at `path` (relative, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError>;

    /// Stores shared bytes; sinks that keep files in memory keep them without copying.
    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
        self.put(path, bytes)
    }

    /// Reads back a stored file (for verification).
    fn read(&self, path: &str) -> Option<Vec<u8>>;

    /// Every path stored so far, sorted.
    fn written(&self) -> Vec<String>;
}

/// A temporary sibling of the output folder that is swapped in at the end.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    written: Mutex<Vec<String>>,
}

impl Staging {
    /// Creates an empty staging folder beside `target`.
    pub fn new(target: &Path) -> Result<Self, FsError> {
        let target = absolute(target);
        let parent = target.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        fsx::create_dir_all(&parent)?;
        let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fsx::remove_dir_all(&staging)?;
        fsx::create_dir_all(&staging)?;
        Ok(Self { target, staging, written: Mutex::new(Vec::new()) })
    }

    /// The staging folder (for verification before the swap).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(self) -> Result<(), FsError> {
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let had_previous = self.target.exists();
        if had_previous {
            fsx::rename(&self.target, &old)?;
        }
        if let Err(e) = fsx::rename(&self.staging, &self.target) {
            // Put the previous output back so a failed swap changes nothing.
            if had_previous {
                let _ = fsx::rename(&old, &self.target);
            }
            return Err(e);
        }
        remove_tree(&old)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Uncommitted (failed) builds leave nothing behind.
        let _ = fsx::remove_dir_all(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            fsx::create_dir_all(parent)?;
        }
        fsx::write(&full, bytes)?;
        if let Ok(mut written) = self.written.lock() {
            written.push(path.to_string());
        }
        Ok(())
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.staging.join(path)).ok()
    }

    fn written(&self) -> Vec<String> {
        let mut paths = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        paths.sort();
        paths
    }
}

/// Output kept in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Arc<[u8]>>>,
}

impl Memory {
    /// All files, by path.
    pub fn into_files(self) -> BTreeMap<String, Arc<[u8]>> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        self.put_shared(path, &Arc::from(bytes))
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
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

/// Removes a folder tree, deleting its files in parallel: on slow disks file deletion, not CPU,
/// is what removing a previous site of thousands of pages costs.
fn remove_tree(root: &Path) -> Result<(), FsError> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().try_for_each(|f| match std::fs::remove_file(f) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(FsError::new("removing", f, e)),
        _ => Ok(()),
    })?;
    fsx::remove_dir_all(root)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        let failed = Staging::new(&out).unwrap();
        failed.put("new.html", b"new").unwrap();
        drop(failed);
        assert!(out.join("old.html").exists(), "a dropped staging leaves the output alone");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no staging left behind");

        let ok = Staging::new(&out).unwrap();
        ok.put("a/b.html", b"new").unwrap();
        assert_eq!(ok.written(), ["a/b.html"]);
        ok.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
