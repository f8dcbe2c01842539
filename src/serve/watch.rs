//! Watching the site and rebuilding: file events are debounced (notify-debouncer-full), filtered
//! (output, hidden folders, editor temp files), sorted into [`Change`] kinds, and handed to the
//! [`Session`]; the result is printed and published to open pages.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use super::Shared;
use super::reload::Message;
use crate::diagnostics::{self, Diagnostic, human};
use crate::incremental::Session;

/// How long the debouncer waits for a burst of events (an editor's save, a `git checkout`) to
/// settle. Short, because a rebuild is cheap and the author is watching the browser; a burst that
/// outlasts it only costs one more (incremental) rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// The "path" that stands for every file of the site, when the OS lost track of events.
const WHOLE_SITE: &str = ".";

/// What the rebuild thread receives.
pub(crate) enum Signal {
    /// Debounced file events.
    Events(DebounceEventResult),
    /// The server is stopping.
    Stop,
}

/// What kind of site file changed, which decides what has to be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A document under `content/`.
    Content,
    /// A template: the site's `templates/` or a theme under `themes/`.
    Template,
    /// `site.toml`.
    Config,
    /// An image under `assets/`.
    Asset,
    /// A file under `static/`, copied verbatim.
    Static,
}

/// The kind of a site-relative path, or `None` if it cannot affect the build.
pub fn classify(relative: &Path) -> Option<Change> {
    let mut components = relative.components();
    let first = match components.next()? {
        Component::Normal(name) => name.to_str()?,
        _ => return None,
    };
    let nested = components.next().is_some();
    match first {
        "site.toml" if !nested => Some(Change::Config),
        "content" => Some(Change::Content),
        "templates" | "themes" => Some(Change::Template),
        "assets" => Some(Change::Asset),
        "static" => Some(Change::Static),
        _ => None,
    }
}

/// Whether a site-relative path is never worth a rebuild: the output folder, anything hidden
/// (`.git/`, `.whitecoat/`, build staging folders; the loader skips hidden names too) and editor
/// temp and backup files (vim's `.x.swp` and `4913`, emacs's `.#x` and `#x#`, `x~`, `x.tmp`).
pub fn ignored(relative: &Path, output: Option<&Path>) -> bool {
    if output.is_some_and(|out| relative.starts_with(out)) {
        return true;
    }
    let hidden = relative.components().any(|c| match c {
        Component::Normal(name) => name.to_str().is_none_or(|n| n.starts_with('.')),
        _ => true,
    });
    let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    hidden
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// The watcher: the site folder itself (not recursively, so `public/` and `.git/` cost no
/// watches) plus every top-level folder that is not ignored, recursively.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    output: Option<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (canonical), sending debounced events to `sender`.
    pub(crate) fn start(
        root: &Path,
        output: Option<PathBuf>,
        sender: Sender<Signal>,
    ) -> Result<Self, notify_debouncer_full::notify::Error> {
        // Symlinks are never followed: one to `/` would have the watcher walk the whole disk
        // (the build refuses links that leave the site; see `load`).
        let config = notify_debouncer_full::notify::Config::default().with_follow_symlinks(false);
        let debouncer = new_debouncer_opt(
            DEBOUNCE,
            None,
            move |result| {
                let _ = sender.send(Signal::Events(result));
            },
            RecommendedCache::new(),
            config,
        )?;
        let mut watcher = Self { debouncer, root: root.to_path_buf(), output };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let entries = std::fs::read_dir(root).map_err(notify_debouncer_full::notify::Error::io)?;
        for entry in entries.flatten() {
            watcher.watch_top_level(&entry.path())?;
        }
        Ok(watcher)
    }

    /// Watches a top-level folder recursively, unless it is ignored.
    fn watch_top_level(&mut self, path: &Path) -> Result<(), notify_debouncer_full::notify::Error> {
        let Some(relative) = self.relative(path) else { return Ok(()) };
        let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        if is_dir && relative.components().count() == 1 && !ignored(&relative, self.output.as_deref()) {
            self.debouncer.watch(path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        path.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// The relevant site-relative paths in a batch of events (and watches new top-level
    /// folders, such as a `templates/` created while serving).
    fn relevant(&mut self, result: DebounceEventResult) -> BTreeSet<PathBuf> {
        let mut changed = BTreeSet::new();
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching for changes: {error}");
                }
                return changed;
            }
        };
        for event in events {
            if event.need_rescan() {
                // The OS dropped events: anything may have changed, so the whole folder did.
                changed.insert(PathBuf::from(WHOLE_SITE));
                continue;
            }
            // Reads (open, close without writing) are not changes.
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            // A folder created or renamed into place at the top needs a watch of its own.
            let created = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)));
            for path in &event.paths {
                let Some(relative) = self.relative(path) else { continue };
                if created
                    && relative.components().count() == 1
                    && let Err(error) = self.watch_top_level(path)
                {
                    eprintln!("warning: cannot watch {}: {error}", relative.display());
                }
                if !ignored(&relative, self.output.as_deref()) && classify(&relative).is_some() {
                    changed.insert(relative);
                }
            }
        }
        changed
    }
}

/// Builds and reports: prints what changed and how long it took (or the diagnostics), swaps in
/// the new output, and tells open pages to reload or show the overlay.
pub(crate) struct Builder {
    session: Session,
    /// Identity of the warnings already printed, so an unrelated edit does not repeat them.
    printed_warnings: u64,
}

impl Builder {
    pub(crate) fn new(session: Session) -> Self {
        Self { session, printed_warnings: 0 }
    }

    /// Builds after `changed` (empty: the first build) and publishes the result.
    pub(crate) fn build(&mut self, changed: &[PathBuf], shared: &Shared) {
        let started = Instant::now();
        let result = self.session.rebuild(changed);
        let elapsed = started.elapsed();
        let what = describe(changed);
        match result {
            Ok(report) => {
                // The browser first: printing thousands of warnings takes longer than the rebuild.
                let generation = shared.replace(self.session.output(), None);
                shared.hub.publish(Message::Reload { generation });
                self.print_warnings(&report.diagnostics);
                let ms = elapsed.as_millis();
                match &what {
                    Some(what) => eprintln!("changed {what} → rebuilt in {ms} ms"),
                    None => eprintln!("built {} pages and {} assets in {ms} ms", report.pages, report.assets),
                }
            }
            Err(error) => {
                let found = error.diagnostics();
                let whose = what.map(|w| format!(" after {w} changed")).unwrap_or_default();
                let browser = if found.is_empty() {
                    eprintln!("error: {error}");
                    format!("error: {error}\n")
                } else {
                    eprint!("{}", human::render(found, color()));
                    let (errors, warnings) = diagnostics::count(found);
                    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
                    eprintln!(
                        "error: the site did not build{whose} ({}, {})",
                        count(errors, "error"),
                        count(warnings, "warning")
                    );
                    human::render(found, false)
                };
                eprintln!("still serving the last good build");
                // The warnings of the next good build are worth seeing again after a failure.
                self.printed_warnings = 0;
                let generation = shared.fail(browser.clone());
                shared.hub.publish(Message::Error { generation, text: browser });
            }
        }
    }

    fn print_warnings(&mut self, warnings: &[Diagnostic]) {
        let identity = identity(warnings);
        if identity != self.printed_warnings {
            if !warnings.is_empty() {
                eprint!("{}", human::render(warnings, color()));
            }
            self.printed_warnings = identity;
        }
    }
}

/// A hash of what a list of findings says and where (never 0, which means "nothing printed").
/// Cheaper than rendering them, which matters on sites with thousands of warnings.
fn identity(findings: &[Diagnostic]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    for d in findings {
        (d.rule, d.severity, &d.message, &d.label, &d.help).hash(&mut hasher);
        if let Some(span) = &d.span {
            (&span.file.path, &span.range, span.start().line).hash(&mut hasher);
        }
    }
    hasher.finish().max(1)
}

/// `content/a.md`, `content/a.md and content/b.md`, `content/a.md, content/b.md and 3 more`.
fn describe(changed: &[PathBuf]) -> Option<String> {
    let names: Vec<String> = changed
        .iter()
        .map(|p| match p.to_str() {
            Some(WHOLE_SITE) => "the site folder (the OS dropped events)".to_string(),
            _ => crate::fsx::slash_path(p),
        })
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [a, b] => Some(format!("{a} and {b}")),
        [a, b, rest @ ..] => Some(format!("{a}, {b} and {} more", rest.len())),
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The rebuild thread: waits for events, merges bursts, rebuilds, until told to stop.
pub(crate) fn run(mut watcher: Watcher, mut builder: Builder, receiver: Receiver<Signal>, shared: &Shared) {
    while let Ok(Signal::Events(first)) = receiver.recv() {
        let mut changed = watcher.relevant(first);
        // Events that queued up during the last rebuild belong to the same edit: one rebuild.
        loop {
            match receiver.try_recv() {
                Ok(Signal::Events(more)) => changed.extend(watcher.relevant(more)),
                Ok(Signal::Stop) => return,
                Err(_) => break,
            }
        }
        if !changed.is_empty() {
            builder.build(&changed.into_iter().collect::<Vec<_>>(), shared);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changes_by_folder() {
        let kind = |p: &str| classify(Path::new(p));
        assert_eq!(kind("content/articles/afib.md"), Some(Change::Content));
        assert_eq!(kind("templates/article.html"), Some(Change::Template));
        assert_eq!(kind("themes/clinic/templates/base.html"), Some(Change::Template));
        assert_eq!(kind("site.toml"), Some(Change::Config));
        assert_eq!(kind("assets/headshot.jpg"), Some(Change::Asset));
        assert_eq!(kind("static/favicon.png"), Some(Change::Static));
        assert_eq!(kind("README.md"), None);
        assert_eq!(kind("notes/site.toml"), None);
    }

    #[test]
    fn ignores_output_hidden_and_editor_files() {
        let out = Path::new("public");
        for path in [
            "public/index.html",
            ".git/index",
            ".whitecoat/cache",
            ".public.staging-1/index.html",
            "content/articles/.afib.md.swp",
            "content/articles/.#afib.md",
            "content/articles/#afib.md#",
            "content/articles/afib.md~",
            "content/articles/4913",
            "content/articles/afib.md.tmp",
        ] {
            assert!(ignored(Path::new(path), Some(out)), "{path}");
        }
        for path in ["content/articles/afib.md", "site.toml", "static/publications.pdf"] {
            assert!(!ignored(Path::new(path), Some(out)), "{path}");
        }
    }

    #[test]
    fn describes_what_changed() {
        let paths = |names: &[&str]| names.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(describe(&[]), None);
        assert_eq!(describe(&paths(&["a.md"])).as_deref(), Some("a.md"));
        assert_eq!(describe(&paths(&["a", "b", "c", "d"])).as_deref(), Some("a, b and 2 more"));
    }
}
