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

/// The output folder, written safely: while the build runs, every file that differs from the
/// previous output goes to a staging folder beside it, and files that are byte-for-byte the same
/// are not written at all. Only `commit` touches the output folder: it moves the changed files in
/// and removes files the new build no longer has. A build that fails before `commit` leaves the
/// previous output exactly as it was. (Writing only what changed matters: on real disks creating
/// and deleting thousands of files costs far more than rendering them.)
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    /// Every path of the new output, and whether it was staged (changed) or is unchanged.
    written: Mutex<BTreeMap<String, bool>>,
}

impl Staging {
    /// Prepares to write the output folder `target`.
    pub fn new(target: &Path) -> Result<Self, FsError> {
        let target = absolute(target);
        let parent = target.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        fsx::create_dir_all(&parent)?;
        let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        fsx::remove_dir_all(&staging)?;
        fsx::create_dir_all(&staging)?;
        Ok(Self { target, staging, written: Mutex::new(BTreeMap::new()) })
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Makes the new output the output: moves changed files in, removes files no longer built.
    pub fn commit(self) -> Result<(), FsError> {
        let written = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned(&self.staging))?);
        if !self.target.exists() {
            // A first build: the staging folder becomes the output in one step.
            return fsx::rename(&self.staging, &self.target);
        }
        for (path, staged) in &written {
            if *staged {
                let to = self.target.join(path);
                if let Some(parent) = to.parent() {
                    fsx::create_dir_all(parent)?;
                }
                fsx::rename(&self.staging.join(path), &to)?;
            }
        }
        remove_stale(&self.target, &written)
    }
}

fn poisoned(path: &Path) -> FsError {
    FsError::new("writing", path, std::io::Error::other("a writer thread panicked"))
}

/// Removes files under `root` that are not in `keep`, then folders left empty.
fn remove_stale(root: &Path, keep: &BTreeMap<String, bool>) -> Result<(), FsError> {
    use rayon::prelude::*;
    let entries: Vec<walkdir::DirEntry> =
        walkdir::WalkDir::new(root).min_depth(1).into_iter().filter_map(Result::ok).collect();
    let stale: Vec<&walkdir::DirEntry> = entries
        .iter()
        .filter(|e| !e.file_type().is_dir())
        .filter(|e| {
            let relative = e.path().strip_prefix(root).unwrap_or(e.path());
            let key = fsx::slash_path(relative);
            !keep.contains_key(&key)
        })
        .collect();
    stale.par_iter().try_for_each(|e| match std::fs::remove_file(e.path()) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(FsError::new("removing", e.path(), err)),
        _ => Ok(()),
    })?;
    // Deepest folders first; a folder that still has files is simply not removed.
    let mut dirs: Vec<&Path> = entries.iter().filter(|e| e.file_type().is_dir()).map(|e| e.path()).collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        let _ = std::fs::remove_dir(dir);
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Whatever was not moved into the output (everything, for a failed build) goes.
        let _ = fsx::remove_dir_all(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        let unchanged = std::fs::read(self.target.join(path)).is_ok_and(|old| old == bytes);
        if !unchanged {
            let full = self.staging.join(path);
            if let Some(parent) = full.parent() {
                fsx::create_dir_all(parent)?;
            }
            fsx::write(&full, bytes)?;
        }
        if let Ok(mut written) = self.written.lock() {
            written.insert(path.to_string(), !unchanged);
        }
        Ok(())
    }

    fn put_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), FsError> {
        // Shared files (the generic share card, processed images) are put once by every page that
        // uses them, and their paths carry a hash of their content: a path already written in this
        // build already holds these bytes. Rewriting it would truncate and rewrite one file
        // thousands of times, which on a disk mounted with `discard` costs more than the render.
        if self.written.lock().is_ok_and(|w| w.contains_key(path)) {
            return Ok(());
        }
        self.put(path, bytes)
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let staged = self.written.lock().ok()?.get(path).copied()?;
        std::fs::read(if staged { self.staging.join(path) } else { self.target.join(path) }).ok()
    }

    fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.keys().cloned().collect()).unwrap_or_default()
    }
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

        // Unchanged files are not rewritten (their modification time stays), changed ones are.
        let before = std::fs::metadata(out.join("a/b.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = Staging::new(&out).unwrap();
        again.put("a/b.html", b"new").unwrap();
        again.put("c.html", b"added").unwrap();
        assert_eq!(again.read("a/b.html").as_deref(), Some(&b"new"[..]));
        again.commit().unwrap();
        assert_eq!(std::fs::metadata(out.join("a/b.html")).unwrap().modified().unwrap(), before);
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "added");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no staging left behind");
    }

    #[test]
    fn a_shared_file_is_written_once_per_build() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        let card: Arc<[u8]> = Arc::from(&b"card"[..]);
        staging.put_shared("og/site.1234abcd.png", &card).unwrap();
        let staged = staging.path().join("og/site.1234abcd.png");
        let first = std::fs::metadata(&staged).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        for _ in 0..3 {
            staging.put_shared("og/site.1234abcd.png", &card).unwrap();
        }
        assert_eq!(std::fs::metadata(&staged).unwrap().modified().unwrap(), first, "rewritten");
        assert_eq!(staging.written(), ["og/site.1234abcd.png"]);
        staging.commit().unwrap();
        assert_eq!(std::fs::read(dir.path().join("public/og/site.1234abcd.png")).unwrap(), b"card");
    }
}
