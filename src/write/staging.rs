//! The output folder, replaced in one step. While the build runs, the whole new output is staged
//! in a folder beside the output, and `commit` swaps the two folders with one atomic rename: after
//! an interruption at any moment the output is exactly the previous build or exactly the new one.
//!
//! Staging costs what it must and no more. The build before the current one is kept beside the
//! output as `.NAME.previous` and becomes the next staging folder, so a rebuild only writes the
//! files that differ from it. A file the current output already holds byte for byte is hard-linked
//! from there (its modification time stays). Nothing is deleted wholesale, and an unchanged site
//! rebuilds without writing. The next build reuses or removes what an interrupted one left.
//!
//! The output's [`MARKER`] lists every file whitecoat wrote. Files someone else put into the output
//! are carried into each new build, never removed. Symlinks are never followed, read through or
//! carried over, and the reused folder is cleared of them first. Files there are replaced by
//! rename, never rewritten in place, because they may be hard links to the live output. A link
//! (planted or not) can neither redirect a write nor publish a file from elsewhere.

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
    /// What the current output holds.
    live: Live,
    /// Regular files the staging folder already held when the build started (an earlier build's).
    base: HashSet<String>,
    /// Every path of the new output, and whether its bytes were written (else already in place).
    written: Mutex<BTreeMap<String, bool>>,
    /// Shared files some page has begun to put (see [`Sink::put_shared`]).
    shared: Mutex<HashSet<String>>,
    committed: bool,
}

/// What the current output holds.
#[derive(Default)]
struct Live {
    /// Its regular files (found without following symlinks).
    files: HashSet<String>,
    /// The files whitecoat wrote there: from the marker, or every file of an output built before
    /// markers existed (`None`).
    ours: Option<HashSet<String>>,
}

impl Live {
    fn read(target: &Path) -> Result<Self, FsError> {
        let mut live = Live::default();
        if !target.is_dir() {
            return Ok(live);
        }
        live.files = regular_files(target)?;
        live.ours = match std::fs::read_to_string(target.join(MARKER)) {
            Ok(text) => Some(text.lines().skip(1).map(str::to_string).collect()),
            Err(_) => None,
        };
        Ok(live)
    }

    fn is_ours(&self, path: &str) -> bool {
        path == MARKER || self.ours.as_ref().is_none_or(|ours| ours.contains(path))
    }
}

/// The regular files below `root` as `/`-separated relative paths, found without following links.
fn regular_files(root: &Path) -> Result<HashSet<String>, FsError> {
    let mut files = HashSet::new();
    for entry in walkdir::WalkDir::new(root).follow_root_links(false).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            FsError::new("listing", &path, e.into())
        })?;
        if entry.file_type().is_file() {
            files.insert(fsx::slash_path(entry.path().strip_prefix(root).unwrap_or(entry.path())));
        }
    }
    Ok(files)
}

impl Staging {
    /// Prepares to replace the output folder `target`: takes over the build kept from last time
    /// (or a new empty folder) as the staging folder, after putting right whatever interrupted
    /// builds left beside the output.
    pub fn new(target: &Path) -> Result<Self, FsError> {
        let target = resolve(target)?;
        let parent = target.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        fsx::create_dir_all(&parent)?;
        recover(&target)?;
        let staging = sibling(&target, "staging", std::process::id());
        remove_tree(&staging)?;
        // Only a real folder is taken over: a link planted as `.NAME.previous` (a site folder is
        // often a git checkout, and git stores links) would have the build clear out the folder
        // it points to. The link itself is removed.
        let previous = sibling_previous(&target);
        if std::fs::symlink_metadata(&previous).is_ok_and(|m| !m.is_dir()) {
            remove_tree(&previous)?;
        }
        let reused = std::fs::rename(&previous, &staging).is_ok();
        // Two walks of up to tens of thousands of entries: side by side.
        let (base, live) =
            rayon::join(|| if reused { clean_base(&staging) } else { Ok(HashSet::new()) }, || Live::read(&target));
        let base = match base {
            Ok(files) if reused => files,
            _ => {
                remove_tree(&staging)?;
                fresh(&staging)?
            }
        };
        Ok(Self {
            target,
            staging,
            live: live?,
            base,
            written: Mutex::new(BTreeMap::new()),
            shared: Mutex::default(),
            committed: false,
        })
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Makes the staged output the output, in one atomic step; the replaced output is kept as
    /// the next build's starting point.
    pub fn commit(mut self) -> Result<(), FsError> {
        let written = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned(&self.staging))?);
        self.remove_extras(&written);
        self.carry_over(&written)?;
        let mut marker = String::from(MARKER_HEADER);
        for path in written.keys() {
            marker.push('\n');
            marker.push_str(path);
        }
        marker.push('\n');
        replace(&self.staging.join(MARKER), marker.as_bytes())?;
        let replaced = swap(&self.staging, &self.target)?;
        self.committed = true;
        if replaced {
            keep_as_previous(&self.staging, &self.target);
        }
        Ok(())
    }

    /// Removes what the reused folder holds that this build does not write, then empty folders.
    fn remove_extras(&self, written: &BTreeMap<String, bool>) {
        let mut removed = false;
        for path in self.base.iter().filter(|p| !written.contains_key(*p) && p.as_str() != MARKER) {
            removed |= std::fs::remove_file(self.staging.join(path)).is_ok();
        }
        // Only removing extras can leave a folder empty.
        if !removed {
            return;
        }
        let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(&self.staging)
            .follow_root_links(false)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in dirs {
            // Only empty folders go; one that still holds files stays.
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// Links files someone else put into the current output into the new one.
    fn carry_over(&self, written: &BTreeMap<String, bool>) -> Result<(), FsError> {
        for path in &self.live.files {
            if self.live.is_ours(path) {
                continue;
            }
            let from = self.target.join(path);
            if written.contains_key(path) {
                return Err(FsError::new(
                    "replacing",
                    &from,
                    io::Error::other(format!(
                        "{path} was not written by whitecoat, and this build writes a file of that name; move it into static/ or delete it"
                    )),
                ));
            }
            let to = self.staging.join(path);
            make_room(&self.staging, path)?;
            let _ = std::fs::remove_file(&to);
            link_or_copy(&from, &to)?;
        }
        Ok(())
    }

    /// Whether the file at `path` of the current output holds exactly `bytes` and is ours.
    fn live_has(&self, path: &str, bytes: &[u8]) -> bool {
        self.live.files.contains(path)
            && self.live.is_ours(path)
            && std::fs::read(self.target.join(path)).is_ok_and(|old| old == bytes)
    }
}

/// Creates the empty staging folder of a build with nothing to reuse.
fn fresh(staging: &Path) -> Result<HashSet<String>, FsError> {
    std::fs::create_dir(staging).map_err(|e| FsError::new("creating folder", staging, e))?;
    Ok(HashSet::new())
}

/// Prepares a kept build for reuse: everything but folders and regular files (symlinks above all)
/// is removed. Returns its regular files.
fn clean_base(root: &Path) -> Result<HashSet<String>, FsError> {
    let mut files = HashSet::new();
    for entry in walkdir::WalkDir::new(root).follow_root_links(false).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            FsError::new("listing", &path, e.into())
        })?;
        let kind = entry.file_type();
        if kind.is_file() {
            files.insert(fsx::slash_path(entry.path().strip_prefix(root).unwrap_or(entry.path())));
        } else if !kind.is_dir() {
            std::fs::remove_file(entry.path()).map_err(|e| FsError::new("removing", entry.path(), e))?;
        }
    }
    Ok(files)
}

/// Makes sure the folders on the way to `path` below `root` exist, removing files that stand where
/// a folder must be (a page that became a folder of pages).
fn make_room(root: &Path, path: &str) -> Result<(), FsError> {
    let full = root.join(path);
    let Some(parent) = full.parent() else { return Ok(()) };
    if parent.is_dir() {
        return Ok(());
    }
    let mut at = root.to_path_buf();
    for component in Path::new(path).parent().into_iter().flat_map(Path::components) {
        at.push(component);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&at).map_err(|e| FsError::new("removing", &at, e))?;
        }
    }
    fsx::create_dir_all(parent)
}

/// Puts `bytes` at `path` through a new file renamed into place: the old file may be a hard link
/// to the live output, which must not change.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        remove_tree(path)?;
    }
    if std::fs::symlink_metadata(path).is_err() {
        return fsx::write(path, bytes);
    }
    let temporary = temporary_beside(path);
    fsx::write(&temporary, bytes)?;
    fsx::rename(&temporary, path)
}

/// Links `from` into place at `path`, replacing what is there.
fn link_into_place(from: &Path, path: &Path) -> Result<(), FsError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        remove_tree(path)?;
    }
    if std::fs::symlink_metadata(path).is_err() {
        return link_or_copy(from, path);
    }
    let temporary = temporary_beside(path);
    let _ = std::fs::remove_file(&temporary);
    link_or_copy(from, &temporary)?;
    fsx::rename(&temporary, path)
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.whitecoat-new"))
}

/// `.NAME.KIND-PID` beside `target`.
fn sibling(target: &Path, kind: &str, pid: u32) -> PathBuf {
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{kind}-{pid}"))
}

/// `.NAME.previous` beside `target`: the build before the current one, the next staging folder.
fn sibling_previous(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.previous"))
}

/// Keeps `folder` as the next build's starting point, or removes it if one is kept already.
fn keep_as_previous(folder: &Path, target: &Path) {
    if std::fs::rename(folder, sibling_previous(target)).is_err() {
        let _ = remove_tree(folder);
    }
}

/// Puts right what interrupted builds left beside `target` (a build that is still running keeps
/// its own): the output renamed aside by the fallback swap goes back, one staging folder is kept
/// for reuse and the rest are removed.
fn recover(target: &Path) -> Result<(), FsError> {
    let Some(parent) = target.parent() else { return Ok(()) };
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let mut leftovers: Vec<(PathBuf, &'static str)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for kind in ["old", "staging"] {
            let Some(pid) = file_name.strip_prefix(&format!(".{name}.{kind}-")) else { continue };
            let Ok(pid) = pid.parse::<u32>() else { continue };
            if pid == std::process::id() || !process_alive(pid) {
                leftovers.push((entry.path(), kind));
            }
        }
    }
    // Outputs set aside first, so one can be put back before anything else is decided.
    leftovers.sort_by_key(|(path, kind)| (*kind != "old", path.clone()));
    for (path, kind) in leftovers {
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
            // Not something a build left: a link or file planted under a build's name.
            remove_tree(&path)?;
        } else if kind == "old" && std::fs::symlink_metadata(target).is_err() {
            fsx::rename(&path, target)?;
        } else if std::fs::symlink_metadata(sibling_previous(target)).is_err() {
            fsx::rename(&path, &sibling_previous(target))?;
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
    // Without a portable liveness test, leftovers are only taken over by a build of the same pid.
    true
}

/// Makes `staging` the folder at `target` in one step: an atomic exchange where the platform has
/// one (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`); elsewhere the old
/// output is renamed aside first, and the next build puts it back if the second rename never ran.
/// Returns whether an output was replaced (it is then at `staging`).
fn swap(staging: &Path, target: &Path) -> Result<bool, FsError> {
    if std::fs::symlink_metadata(target).is_err() {
        fsx::rename(staging, target)?;
        return Ok(false);
    }
    match exchange(staging, target) {
        Ok(()) => Ok(true),
        Err(_) => {
            let old = sibling(target, "old", std::process::id());
            fsx::rename(target, &old)?;
            if let Err(e) = fsx::rename(staging, target) {
                let _ = fsx::rename(&old, target);
                return Err(e);
            }
            fsx::rename(&old, staging)?;
            Ok(true)
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
    match std::fs::symlink_metadata(root) {
        Err(_) => return Ok(()),
        // A link (or a file) named like a folder of ours goes, never what it points to.
        Ok(meta) if !meta.is_dir() => {
            return std::fs::remove_file(root).map_err(|e| FsError::new("removing", root, e));
        }
        Ok(_) => {}
    }
    let entries: Vec<walkdir::DirEntry> =
        walkdir::WalkDir::new(root).follow_root_links(false).min_depth(1).into_iter().filter_map(Result::ok).collect();
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
        // A failed build leaves the output untouched; what it staged is still a good start for
        // the next build.
        if !self.committed {
            keep_as_previous(&self.staging, &self.target);
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), FsError> {
        crate::write::check_output_path(path)?;
        let full = self.staging.join(path);
        // Whether the staging folder may already hold something at `path` (a fresh one cannot).
        let known = self.base.contains(path);
        let written = if known && std::fs::read(&full).is_ok_and(|old| old == bytes) {
            false
        } else {
            make_room(&self.staging, path)?;
            let live = self.live_has(path, bytes);
            match (live, known || !self.base.is_empty()) {
                (true, true) => link_into_place(&self.target.join(path), &full)?,
                (true, false) => link_or_copy(&self.target.join(path), &full)?,
                (false, true) => replace(&full, bytes)?,
                (false, false) => fsx::write(&full, bytes)?,
            }
            !live
        };
        if let Ok(mut paths) = self.written.lock() {
            paths.insert(path.to_string(), written);
        }
        Ok(())
    }

    fn put_shared(&self, path: &str, bytes: &std::sync::Arc<[u8]>) -> Result<(), FsError> {
        // Shared files (the generic share card, processed images) are put once by every page that
        // uses them, and their paths carry a hash of their content: a path already written in this
        // build already holds these bytes. Rewriting it would truncate and rewrite one file
        // thousands of times, which on a disk mounted with `discard` costs more than the render.
        // The path is claimed before it is written: pages rendered at the same time put the same
        // file at once, and two writers of one temporary file made the second rename fail
        // ("renaming og/.site….png.whitecoat-new: No such file or directory").
        let first = self.shared.lock().map_or(true, |mut claimed| claimed.insert(path.to_string()));
        if !first {
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

    /// What is beside the output other than the output and the build kept for reuse.
    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public" && n != ".public.previous")
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
    fn a_shared_file_put_by_many_threads_at_once_is_written_once() {
        // Regression: a rebuild of a 10-article site failed with "renaming
        // og/.site.1271d2aa.png.whitecoat-new: No such file or directory" when two pages put the
        // generic share card at the same moment.
        let dir = tempfile::tempdir().unwrap();
        for round in 0..6 {
            let staging = Staging::new(&dir.path().join("public")).unwrap();
            let card: std::sync::Arc<[u8]> = std::sync::Arc::from(vec![round as u8; 1_000_000]);
            std::thread::scope(|scope| {
                for _ in 0..32 {
                    scope.spawn(|| staging.put_shared("og/site.1234abcd.png", &card).unwrap());
                }
            });
            assert_eq!(staging.written(), ["og/site.1234abcd.png"]);
            staging.commit().unwrap();
            assert_eq!(std::fs::read(dir.path().join("public/og/site.1234abcd.png")).unwrap(), &card[..]);
        }
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
                // Crash right after the swap, before the old tree is kept for reuse.
                let written = std::mem::take(&mut *staging.written.lock().unwrap());
                staging.remove_extras(&written);
                staging.carry_over(&written).unwrap();
                replace(&staging.staging.join(MARKER), b"").unwrap();
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
    fn a_rebuild_starts_from_the_kept_build_and_writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [("index.html", "home"), ("a/index.html", "a"), ("b/index.html", "b")];
        build(&out, &files);
        build(&out, &files);
        assert!(dir.path().join(".public.previous").is_dir(), "the replaced build is kept");
        // Now the kept build holds the same files: nothing is written or linked.
        let staging = Staging::new(&out).unwrap();
        assert_eq!(staging.base.len(), 4, "{:?}", staging.base);
        for (path, text) in files {
            staging.put(path, text.as_bytes()).unwrap();
        }
        staging.put("b/index.html", b"changed").unwrap();
        let written = staging.written.lock().unwrap().clone();
        assert_eq!(written.values().filter(|w| **w).count(), 1, "{written:?}");
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "changed");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a");
        // A page that became a folder and a folder that became a page.
        build(&out, &[("index.html/x", "1"), ("a", "2")]);
        build(&out, &[("index.html", "3"), ("a/index.html", "4")]);
        assert_eq!(tree(&out).into_keys().collect::<Vec<_>>(), [MARKER, "a/index.html", "index.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_planted_in_the_kept_build_are_removed_before_it_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a/index.html", "1")]);
        build(&out, &[("a/index.html", "2")]);
        let kept = dir.path().join(".public.previous");
        std::fs::remove_dir_all(kept.join("a")).unwrap();
        std::os::unix::fs::symlink(outside.path(), kept.join("a")).unwrap();
        build(&out, &[("a/index.html", "3")]);
        assert_eq!(tree(outside.path()).len(), 0, "nothing written through the link");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "3");
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
