//! The output folder, replaced in one step. While the build runs, the whole new output is staged
//! in a folder beside the old one: changed files are written, unchanged files are hard links to the
//! old ones (no bytes copied, modification times kept). `commit` then swaps the two folders with
//! one atomic rename and removes the old tree, so after an interruption at any moment the output
//! is exactly the previous build or exactly the new one; the next build removes what an
//! interrupted one left beside it.
//!
//! The output's [`MARKER`] lists every file whitecoat wrote. Files someone else put into the output
//! are carried into each new build, never removed. Symlinks in the old output are never followed,
//! read through or carried over: a link there (planted or not) can neither redirect a write nor
//! publish a file from elsewhere; removing it removes no data.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fsx::{self, FsError};
use crate::write::Sink;
use crate::write::location::{MARKER, resolve};

/// The first line of the marker file.
const MARKER_HEADER: &str = "whitecoat output: the files below were written by whitecoat, which removes only these";

/// A build's output, staged beside the output folder until [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    previous: Previous,
    /// Every path of the new output, and whether its bytes were written (else linked unchanged).
    written: Mutex<BTreeMap<String, bool>>,
    committed: bool,
}

/// What the previous output holds.
#[derive(Default)]
struct Previous {
    /// Its regular files (found without following symlinks).
    files: HashSet<String>,
    /// The files whitecoat wrote there: from the marker, or every file of an output built before
    /// markers existed (`None`).
    ours: Option<HashSet<String>>,
}

impl Previous {
    fn read(target: &Path) -> Result<Self, FsError> {
        let mut previous = Previous::default();
        if !target.is_dir() {
            return Ok(previous);
        }
        for entry in walkdir::WalkDir::new(target).min_depth(1) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(target).to_path_buf();
                FsError::new("listing", &path, e.into())
            })?;
            let relative = fsx::slash_path(entry.path().strip_prefix(target).unwrap_or(entry.path()));
            if entry.file_type().is_file() {
                previous.files.insert(relative);
            }
        }
        previous.ours = match std::fs::read_to_string(target.join(MARKER)) {
            Ok(text) => Some(text.lines().skip(1).map(str::to_string).collect()),
            Err(_) => None,
        };
        Ok(previous)
    }

    fn is_ours(&self, path: &str) -> bool {
        path == MARKER || self.ours.as_ref().is_none_or(|ours| ours.contains(path))
    }
}

impl Staging {
    /// Prepares to replace the output folder `target`, first removing what interrupted builds
    /// left beside it (and restoring the output if one was interrupted mid-swap).
    pub fn new(target: &Path) -> Result<Self, FsError> {
        let target = resolve(target)?;
        let parent = target.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        fsx::create_dir_all(&parent)?;
        recover(&target)?;
        let staging = sibling(&target, "staging", std::process::id());
        fsx::remove_dir_all(&staging)?;
        std::fs::create_dir(&staging).map_err(|e| FsError::new("creating folder", &staging, e))?;
        let previous = Previous::read(&target)?;
        Ok(Self { target, staging, previous, written: Mutex::new(BTreeMap::new()), committed: false })
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Makes the staged output the output, in one atomic step.
    pub fn commit(mut self) -> Result<(), FsError> {
        let written = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned(&self.staging))?);
        self.carry_over(&written)?;
        let mut marker = String::from(MARKER_HEADER);
        for path in written.keys() {
            marker.push('\n');
            marker.push_str(path);
        }
        marker.push('\n');
        fsx::write(&self.staging.join(MARKER), marker.as_bytes())?;
        swap(&self.staging, &self.target)?;
        self.committed = true;
        // The old tree is now where the staging folder was; a failure to remove it is cleaned up
        // by the next build.
        let _ = remove_tree(&self.staging);
        Ok(())
    }

    /// Links files someone else put into the old output into the new one.
    fn carry_over(&self, written: &BTreeMap<String, bool>) -> Result<(), FsError> {
        for path in &self.previous.files {
            if self.previous.is_ours(path) {
                continue;
            }
            let from = self.target.join(path);
            let to = self.staging.join(path);
            if written.contains_key(path) {
                return Err(FsError::new(
                    "replacing",
                    &from,
                    io::Error::other(format!(
                        "{path} was not written by whitecoat, and this build writes a file of that name; move it into static/ or delete it"
                    )),
                ));
            }
            if let Some(parent) = to.parent() {
                fsx::create_dir_all(parent)?;
            }
            link_or_copy(&from, &to)?;
        }
        Ok(())
    }
}

/// `.NAME.KIND-PID` beside `target`.
fn sibling(target: &Path, kind: &str, pid: u32) -> PathBuf {
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{kind}-{pid}"))
}

/// Removes the staging and old folders interrupted builds left beside `target` (a build that is
/// still running keeps its own), and puts the old output back if a build stopped between the two
/// renames of the fallback swap.
fn recover(target: &Path) -> Result<(), FsError> {
    let Some(parent) = target.parent() else { return Ok(()) };
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<(PathBuf, &'static str)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for kind in ["staging", "old"] {
            let Some(pid) = file_name.strip_prefix(&format!(".{name}.{kind}-")) else { continue };
            let Ok(pid) = pid.parse::<u32>() else { continue };
            if pid == std::process::id() || !process_alive(pid) {
                leftovers.push((entry.path(), kind));
            }
        }
    }
    leftovers.sort();
    for (path, kind) in leftovers {
        if kind == "old" && !target.exists() {
            fsx::rename(&path, target)?;
        } else {
            remove_tree(&path)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    use rustix::process::{Pid, test_kill_process};
    // A process of another user answers "not permitted": it is alive too.
    i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .is_some_and(|pid| !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH)))
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a portable liveness test, leftovers are only removed by a build of the same pid.
    true
}

/// Makes `staging` the folder at `target` in one step: an atomic exchange where the platform has
/// one (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`); elsewhere the old
/// output is renamed aside first, and the next build puts it back if the second rename never ran.
/// Afterwards `staging` holds the old output.
fn swap(staging: &Path, target: &Path) -> Result<(), FsError> {
    if std::fs::symlink_metadata(target).is_err() {
        fsx::rename(staging, target)?;
        return fsx::create_dir_all(staging);
    }
    match exchange(staging, target) {
        Ok(()) => Ok(()),
        Err(_) => {
            let old = sibling(target, "old", std::process::id());
            fsx::rename(target, &old)?;
            if let Err(e) = fsx::rename(staging, target) {
                let _ = fsx::rename(&old, target);
                return Err(e);
            }
            fsx::rename(&old, staging)
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos", target_os = "ios"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos", target_os = "ios")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes a folder tree, files in parallel (an old output can hold tens of thousands).
fn remove_tree(root: &Path) -> Result<(), FsError> {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(root).is_err() {
        return Ok(());
    }
    let entries: Vec<walkdir::DirEntry> =
        walkdir::WalkDir::new(root).min_depth(1).into_iter().filter_map(Result::ok).collect();
    entries.par_iter().filter(|e| !e.file_type().is_dir()).for_each(|e| {
        let _ = std::fs::remove_file(e.path());
    });
    fsx::remove_dir_all(root)
}

/// A hard link of `from` at `to`, or a copy where the file system has no hard links.
fn link_or_copy(from: &Path, to: &Path) -> Result<(), FsError> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(_) => fsx::copy(from, to),
    }
}

fn poisoned(path: &Path) -> FsError {
    FsError::new("writing", path, io::Error::other("a writer thread panicked"))
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A failed build leaves the output untouched: its staged files go.
        if !self.committed {
            let _ = remove_tree(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        let full = self.staging.join(path);
        if let Some(parent) = full.parent() {
            fsx::create_dir_all(parent)?;
        }
        let old = self.target.join(path);
        let unchanged = self.previous.files.contains(path)
            && self.previous.is_ours(path)
            && std::fs::read(&old).is_ok_and(|b| b == bytes)
            && std::fs::hard_link(&old, &full).is_ok();
        if !unchanged {
            fsx::write(&full, bytes)?;
        }
        if let Ok(mut written) = self.written.lock() {
            written.insert(path.to_string(), !unchanged);
        }
        Ok(())
    }

    fn put_shared(&self, path: &str, bytes: &std::sync::Arc<[u8]>) -> Result<(), FsError> {
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
        self.written.lock().ok()?.get(path)?;
        std::fs::read(self.staging.join(path)).ok()
    }

    fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.keys().cloned().collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (fsx::slash_path(e.path().strip_prefix(dir).unwrap()), std::fs::read(e.path()).unwrap()))
            .collect()
    }

    fn build(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::new(out).unwrap();
        for (path, text) in files {
            staging.put(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public")
            .collect()
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("old.html", "old")]);

        let failed = Staging::new(&out).unwrap();
        failed.put("new.html", b"new").unwrap();
        drop(failed);
        assert!(out.join("old.html").exists(), "a dropped staging leaves the output alone");
        assert!(leftovers(dir.path()).is_empty(), "no staging left behind");

        build(&out, &[("a/b.html", "new")]);
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/b.html")).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());

        // Unchanged files keep their inode and modification time; changed ones are new.
        let before = std::fs::metadata(out.join("a/b.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = Staging::new(&out).unwrap();
        again.put("a/b.html", b"new").unwrap();
        again.put("c.html", b"added").unwrap();
        assert_eq!(again.read("a/b.html").as_deref(), Some(&b"new"[..]));
        again.commit().unwrap();
        assert_eq!(std::fs::metadata(out.join("a/b.html")).unwrap().modified().unwrap(), before);
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "added");
        assert!(leftovers(dir.path()).is_empty(), "no staging left behind");
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert_eq!(marker.lines().skip(1).collect::<Vec<_>>(), ["a/b.html", "c.html"]);
    }

    #[test]
    fn a_shared_file_is_written_once_per_build() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        let card: std::sync::Arc<[u8]> = std::sync::Arc::from(&b"card"[..]);
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

    #[test]
    fn files_whitecoat_did_not_write_are_carried_into_every_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")]);
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages").unwrap();
        std::fs::write(out.join("CNAME"), "www.example.com").unwrap();
        build(&out, &[("index.html", "2")]);
        assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "www.example.com");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "2");

        // A new build that writes a file of the same name is refused, and changes nothing.
        let staging = Staging::new(&out).unwrap();
        staging.put("CNAME", b"other").unwrap();
        let error = staging.commit().unwrap_err().to_string();
        assert!(error.contains("CNAME was not written by whitecoat"), "{error}");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "www.example.com");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_in_the_output_never_redirects_writes() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("index.html"), "outside").unwrap();
        let out = dir.path().join("public");
        build(&out, &[("articles/index.html", "1"), ("index.html", "1")]);
        // The output's own folder and a file in it replaced by links to elsewhere.
        std::fs::remove_dir_all(out.join("articles")).unwrap();
        std::os::unix::fs::symlink(outside.path(), out.join("articles")).unwrap();
        std::fs::remove_file(out.join("index.html")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("index.html"), out.join("index.html")).unwrap();
        build(&out, &[("articles/index.html", "2"), ("index.html", "2")]);
        assert_eq!(std::fs::read_to_string(outside.path().join("index.html")).unwrap(), "outside");
        assert_eq!(tree(outside.path()).len(), 1, "nothing written outside");
        assert!(!std::fs::symlink_metadata(out.join("articles")).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(out.join("articles/index.html")).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "2");
    }

    #[test]
    fn an_interrupted_build_leaves_old_or_new_and_the_next_build_cleans_up() {
        // Simulates a crash (no Drop, no cleanup) after each step of a build and its commit.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "old"), ("gone.html", "old"), ("same.html", "same")]);
        let old = tree(&out);
        let new_files = [("index.html", "new"), ("added/x.html", "new"), ("same.html", "same")];
        let mut new = None;
        for crash_after in 0..=4 {
            let staging = Staging::new(&out).unwrap();
            for (path, text) in new_files.iter().take(crash_after.min(3)) {
                staging.put(path, text.as_bytes()).unwrap();
            }
            if crash_after == 4 {
                // Crash right after the swap, before the old tree is removed.
                let written = std::mem::take(&mut *staging.written.lock().unwrap());
                staging.carry_over(&written).unwrap();
                fsx::write(&staging.staging.join(MARKER), b"").unwrap();
                swap(&staging.staging, &out).unwrap();
                std::mem::forget(staging);
                let now = tree(&out);
                new = Some(now.clone());
                assert_ne!(now, old);
            } else {
                std::mem::forget(staging);
                assert_eq!(tree(&out), old, "crash after {crash_after} puts");
            }
            assert!(!leftovers(dir.path()).is_empty(), "a crash leaves its staging");
            // The next build (here: one that fails) removes the leftovers.
            drop(Staging::new(&out).unwrap());
            assert!(leftovers(dir.path()).is_empty(), "cleaned up after crash {crash_after}");
            if crash_after == 4 {
                assert_eq!(Some(tree(&out)), new);
            }
        }
    }

    #[test]
    fn an_output_left_aside_by_an_interrupted_fallback_swap_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "old")]);
        // The fallback swap renamed the output aside and stopped (a pid that cannot be running).
        let aside = sibling(&out, "old", u32::MAX - 1);
        std::fs::rename(&out, &aside).unwrap();
        drop(Staging::new(&out).unwrap());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty());
    }
}
