//! Where a build may write. The output folder is replaced as a whole, so it must never be the site,
//! contain it, or sit inside one of the folders a build reads; and a folder that already holds
//! files is only used if whitecoat wrote it (its [`MARKER`] lists what it wrote).

use std::path::{Component, Path, PathBuf};

use crate::fsx::FsError;

/// The file in an output folder that marks it as whitecoat's and lists every file it wrote there.
pub const MARKER: &str = ".whitecoat-output";

/// The site folders a build reads; an output inside one would feed itself or destroy sources.
const INPUT_FOLDERS: [&str; 5] = ["content", "assets", "static", "templates", "themes"];

/// Why a folder cannot be the output.
#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    /// The output is the site folder.
    #[error(
        "refusing to build into {0}: it is the site folder itself, and the build replaces its output folder as a whole (site.toml, content/ and assets/ would be lost); build into a folder of its own, e.g. --out public"
    )]
    IsSite(PathBuf),
    /// The output contains the site folder.
    #[error(
        "refusing to build into {out}: it contains the site folder {site}, which the build would replace; build into a folder of its own, e.g. --out {site}/public"
    )]
    ContainsSite {
        /// The output folder.
        out: PathBuf,
        /// The site folder.
        site: PathBuf,
    },
    /// The output is inside a folder the build reads.
    #[error(
        "refusing to build into {out}: it is inside the site's {folder}/ folder, which the build reads (every build would copy or scan its own output); build outside it, e.g. --out public"
    )]
    InsideInput {
        /// The output folder.
        out: PathBuf,
        /// The input folder (`static`, `content`, …).
        folder: &'static str,
    },
    /// The output holds files whitecoat did not write.
    #[error(
        "refusing to build into {out}: it holds files whitecoat did not write (such as {example}), and the build replaces its output folder as a whole; choose an empty or new folder, or move those files into static/ (copied into every build)"
    )]
    Foreign {
        /// The output folder.
        out: PathBuf,
        /// One of the files, relative to the output.
        example: String,
    },
    /// The output path is a file.
    #[error("refusing to build into {0}: it is a file, not a folder")]
    NotAFolder(PathBuf),
    /// The folders could not be inspected.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// Checks that `out` may be the output folder of the site at `site`.
pub fn check(site: &Path, out: &Path) -> Result<(), LocationError> {
    let site = resolve(site)?;
    let resolved = resolve(out)?;
    if resolved == site {
        return Err(LocationError::IsSite(out.to_path_buf()));
    }
    if site.starts_with(&resolved) {
        return Err(LocationError::ContainsSite { out: out.to_path_buf(), site: site.clone() });
    }
    if let Some(folder) = INPUT_FOLDERS.iter().find(|f| resolved.starts_with(site.join(f))) {
        return Err(LocationError::InsideInput { out: out.to_path_buf(), folder });
    }
    match std::fs::symlink_metadata(&resolved) {
        Ok(meta) if !meta.is_dir() => Err(LocationError::NotAFolder(out.to_path_buf())),
        Ok(_) => match foreign_file(&resolved)? {
            Some(example) => Err(LocationError::Foreign { out: out.to_path_buf(), example }),
            None => Ok(()),
        },
        Err(_) => Ok(()),
    }
}

/// A file of a non-empty folder that shows whitecoat did not write it, if there is one: any file
/// when the folder has neither the marker nor the signature of an older whitecoat build.
fn foreign_file(dir: &Path) -> Result<Option<String>, FsError> {
    if dir.join(MARKER).is_file() || built_before_markers(dir) {
        return Ok(None);
    }
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| FsError::new("listing", dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    Ok(entries.into_iter().next())
}

/// Output of a whitecoat release from before the marker: its pages carry disclaimers in
/// `<aside … data-disclaimer=…>`, which no other generator writes.
fn built_before_markers(dir: &Path) -> bool {
    ["index.html", "404.html"].iter().any(|page| {
        std::fs::read(dir.join(page))
            .is_ok_and(|html| html.windows(b"data-disclaimer=".len()).any(|w| w == b"data-disclaimer="))
    })
}

/// The absolute, symlink-free form of `path`, which need not exist: its longest existing
/// ancestor is canonicalized and the rest is appended, `..` and `.` resolved lexically.
pub fn resolve(path: &Path) -> Result<PathBuf, FsError> {
    let absolute = std::path::absolute(path).map_err(|e| FsError::new("resolving", path, e))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(canonical) => {
                let mut resolved = canonical;
                for component in rest.iter().rev() {
                    match component {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(_) => match (existing.parent(), existing.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        for folder in INPUT_FOLDERS {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
        }
        dir
    }

    #[test]
    fn the_site_its_parents_and_its_input_folders_are_refused() {
        let dir = site();
        let root = dir.path();
        assert!(matches!(check(root, root), Err(LocationError::IsSite(_))));
        assert!(matches!(check(root, &root.join("content/..")), Err(LocationError::IsSite(_))));
        assert!(matches!(check(root, root.parent().unwrap()), Err(LocationError::ContainsSite { .. })));
        for folder in INPUT_FOLDERS {
            assert!(matches!(check(root, &root.join(folder)), Err(LocationError::InsideInput { .. })), "{folder}");
            assert!(
                matches!(check(root, &root.join(folder).join("x/y")), Err(LocationError::InsideInput { .. })),
                "{folder}"
            );
        }
        check(root, &root.join("public")).unwrap();
        check(root, &root.join("public/nested")).unwrap();
    }

    #[test]
    fn a_folder_with_files_whitecoat_did_not_write_is_refused() {
        let dir = site();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        check(dir.path(), &out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        match check(dir.path(), &out) {
            Err(LocationError::Foreign { example, .. }) => assert_eq!(example, "notes.txt"),
            other => panic!("{other:?}"),
        }
        std::fs::write(out.join(MARKER), "").unwrap();
        check(dir.path(), &out).unwrap();
        std::fs::write(dir.path().join("file"), "").unwrap();
        assert!(matches!(check(dir.path(), &dir.path().join("file")), Err(LocationError::NotAFolder(_))));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_the_site_is_the_site() {
        let dir = site();
        let link = tempfile::tempdir().unwrap();
        let alias = link.path().join("alias");
        std::os::unix::fs::symlink(dir.path(), &alias).unwrap();
        assert!(matches!(check(dir.path(), &alias), Err(LocationError::IsSite(_))));
        assert!(matches!(check(dir.path(), &alias.join("static/x")), Err(LocationError::InsideInput { .. })));
    }
}
