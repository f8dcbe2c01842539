//! `whitecoat serve`: builds the site into memory (never into `public/`), serves it on
//! 127.0.0.1, rebuilds when a file changes and reloads open pages over a WebSocket. A failed
//! rebuild keeps serving the last good build and shows the diagnostics over the page.
//!
//! Threads: the caller's (start, then wait for Ctrl-C), a small tokio runtime for HTTP and
//! WebSockets, the debouncer's, and one rebuild thread that owns the [`Session`]; they share a
//! `Snapshot` of the last good output behind a lock.

pub mod http;
pub mod listen;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::incremental::{Output, Session};
use crate::pipeline::BuildOptions;

/// What `whitecoat serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to build (its `out` is ignored: `serve` never writes output).
    pub build: BuildOptions,
    /// Port to listen on (0: any free port).
    pub port: u16,
    /// Address to listen on; 127.0.0.1 keeps the preview on this machine.
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Bounds on what clients can hold.
    pub limits: listen::Limits,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Another program listens on the address.
    #[error("{addr} is already in use; stop the other server or pick another port with --port {suggestion}")]
    PortInUse {
        /// The address asked for.
        addr: SocketAddr,
        /// A port to try instead.
        suggestion: u16,
    },
    /// Listening failed for another reason (a privileged port, an address not on this machine).
    #[error("cannot listen on {addr}: {source}{hint}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
        /// What to do about it, if there is a usual fix.
        hint: &'static str,
    },
    /// The folder is not a site.
    #[error("{} has no site.toml; serve a site folder, or create one with `whitecoat init`", .0.display())]
    NotASite(PathBuf),
    /// The site folder could not be watched.
    #[error("cannot watch {} for changes: {source}", path.display())]
    Watch {
        /// The site folder.
        path: PathBuf,
        /// What the watcher said.
        source: notify_debouncer_full::notify::Error,
    },
    /// The async runtime or a thread could not start.
    #[error("cannot start the server: {0}")]
    Runtime(#[source] std::io::Error),
}

/// The state every request reads: the last good output, the error of the last build if it
/// failed, and the generation of the last good build.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) output: Arc<Output>,
    pub(crate) error: Option<String>,
    pub(crate) generation: u64,
}

/// What the HTTP side and the rebuild thread share.
pub(crate) struct Shared {
    snapshot: RwLock<Snapshot>,
    pub(crate) hub: reload::Hub,
    /// With a loopback bind, only requests for a loopback host are answered (DNS rebinding).
    loopback_only: bool,
}

impl Shared {
    fn new(loopback_only: bool) -> Self {
        // Generations start at the clock, so a page left open across a server restart sees a
        // different generation on reconnecting and reloads.
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_millis() as u64);
        let snapshot = Snapshot { output: Arc::new(Output::new()), error: None, generation: seed };
        Self { snapshot: RwLock::new(snapshot), hub: reload::Hub::new(), loopback_only }
    }

    /// A copy of the current state (cheap: the output is shared).
    pub(crate) fn snapshot(&self) -> Snapshot {
        self.snapshot.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Swaps in a good build; returns its generation.
    pub(crate) fn replace(&self, output: Arc<Output>, error: Option<String>) -> u64 {
        let mut snapshot = self.snapshot.write().unwrap_or_else(PoisonError::into_inner);
        snapshot.output = output;
        snapshot.error = error;
        snapshot.generation += 1;
        snapshot.generation
    }

    /// Records a failed build (the output stays); returns the current generation.
    pub(crate) fn fail(&self, error: String) -> u64 {
        let mut snapshot = self.snapshot.write().unwrap_or_else(PoisonError::into_inner);
        snapshot.error = Some(error);
        snapshot.generation
    }

    pub(crate) fn host_allowed(&self, headers: &axum::http::HeaderMap) -> bool {
        !self.loopback_only || http::loopback_host(headers)
    }
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    runtime: Option<tokio::runtime::Runtime>,
    rebuilds: Option<(mpsc::Sender<watch::Signal>, JoinHandle<()>)>,
}

impl Server {
    /// The address it listens on (with the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open in a browser.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            // Listening everywhere includes this machine; a browser cannot open 0.0.0.0.
            ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
            ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// The output being served (the last good build, without the injected script).
    pub fn output(&self) -> Arc<Output> {
        self.shared.snapshot().output
    }

    /// The diagnostics of the last build if it failed.
    pub fn error(&self) -> Option<String> {
        self.shared.snapshot().error
    }

    /// Stops watching and serving.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some((sender, thread)) = self.rebuilds.take() {
            let _ = sender.send(watch::Signal::Stop);
            let _ = thread.join();
        }
        if let Some(runtime) = self.runtime.take() {
            // Open WebSockets never finish by themselves; don't wait for them.
            runtime.shutdown_timeout(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Builds, starts watching and starts serving; returns once requests are being answered.
pub fn start(options: ServeOptions) -> Result<Server, ServeError> {
    let site = &options.build.site;
    if !site.join("site.toml").is_file() {
        return Err(ServeError::NotASite(site.clone()));
    }
    let root = site.canonicalize().map_err(|e| ServeError::Watch { path: site.clone(), source: e.into() })?;
    let listener = bind(SocketAddr::new(options.bind, options.port))?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;

    let shared = Arc::new(Shared::new(options.bind.is_loopback()));
    let (sender, receiver) = mpsc::channel();
    // Watch before the first build, so an edit made while it runs is not lost.
    let watcher = watch::Watcher::start(&root, output_folder(&root, &options.build), sender.clone())
        .map_err(|source| ServeError::Watch { path: site.clone(), source })?;
    let preview = BuildOptions { out: None, preview: true, ..options.build.clone() };
    let mut builder = watch::Builder::new(Session::new(preview));
    builder.build(&[], &shared);

    let thread_shared = Arc::clone(&shared);
    let thread = std::thread::Builder::new()
        .name("whitecoat-rebuild".into())
        .spawn(move || watch::run(watcher, builder, receiver, &thread_shared))
        .map_err(ServeError::Runtime)?;
    let mut server = Server { addr, shared: Arc::clone(&shared), runtime: None, rebuilds: Some((sender, thread)) };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("whitecoat-http")
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    listener.set_nonblocking(true).map_err(ServeError::Runtime)?;
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?
    };
    let app = http::router(shared);
    runtime.spawn(listen::serve(listener, app, options.limits));
    server.runtime = Some(runtime);
    Ok(server)
}

/// `whitecoat serve`: starts, prints the address, opens a browser if asked, runs until Ctrl-C.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let open = options.open;
    let bind = options.bind;
    let server = start(options)?;
    let url = server.url();
    eprintln!("serving at {url} (press Ctrl-C to stop)");
    if !bind.is_loopback() {
        eprintln!("warning: listening on {bind}: other machines on your network can see this preview");
    }
    if open {
        open_browser(&url);
    }
    let waited = match server.runtime.as_ref() {
        Some(runtime) => runtime.block_on(tokio::signal::ctrl_c()),
        None => Ok(()),
    };
    if let Err(error) = waited {
        // Without a Ctrl-C handler the default one still ends the process; keep serving.
        eprintln!("warning: cannot listen for Ctrl-C ({error})");
        loop {
            std::thread::park();
        }
    }
    server.shutdown();
    Ok(())
}

/// Binds with std so "address in use" becomes a clear error before anything is built.
fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => {
            let suggestion = if addr.port() == u16::MAX { 1111 } else { addr.port() + 1 };
            ServeError::PortInUse { addr, suggestion }
        }
        std::io::ErrorKind::PermissionDenied => {
            ServeError::Bind { addr, source, hint: "; ports below 1024 need privileges: pick another with --port 1111" }
        }
        std::io::ErrorKind::AddrNotAvailable => {
            ServeError::Bind { addr, source, hint: "; --bind takes an address of this machine, such as 127.0.0.1" }
        }
        _ => ServeError::Bind { addr, source, hint: "" },
    })
}

/// The output folder relative to the site, so the watcher ignores it (a `whitecoat build` run
/// while serving must not trigger rebuilds).
fn output_folder(root: &Path, options: &BuildOptions) -> Option<PathBuf> {
    let out = match &options.out {
        Some(out) => std::path::absolute(out).ok()?,
        None => return Some(PathBuf::from("public")),
    };
    let out = out.canonicalize().unwrap_or(out);
    out.strip_prefix(root).ok().map(Path::to_path_buf)
}

/// Opens `url` with the desktop's opener; a missing opener only costs the convenience.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_in_use_names_the_flag() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let error = bind(addr).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with(&format!("{addr} is already in use")), "{message}");
        assert!(message.contains(&format!("--port {}", addr.port() + 1)), "{message}");
    }

    #[test]
    fn the_default_output_is_ignored_and_an_outside_one_is_not() {
        let root = Path::new("/site");
        assert_eq!(output_folder(root, &BuildOptions::default()), Some(PathBuf::from("public")));
        let outside = BuildOptions { out: Some(PathBuf::from("/elsewhere/out")), ..BuildOptions::default() };
        assert_eq!(output_folder(root, &outside), None);
    }
}
