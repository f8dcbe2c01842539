//! `whitecoat serve`: traversal and symlinks never leave the output, the served site is the build,
//! an edit reloads open pages, a broken edit keeps the last good build and shows an overlay, and
//! a port in use is a clear error.
//!
//! Servers listen on 127.0.0.1 with port 0; requests are written by hand over a `TcpStream`, so
//! paths reach the server exactly as written (no client normalises `..` away). Every wait is
//! bounded by a deadline.

#![cfg(feature = "serve")]

mod common;

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{MINIMAL_SITE_TOML, Problems, SiteTest, TODAY};
use whitecoat::pipeline::BuildOptions;
use whitecoat::serve::{self, ServeOptions, Server, http};

/// How long a rebuild may take to reach an open page (generous: CI runs debug builds on 2 cores).
const RELOAD_WITHIN: Duration = Duration::from_secs(30);

const ARTICLE: &str = "content/articles/afib.md";
const ARTICLE_URL: &str = "/articles/afib/";
const ARTICLE_TEXT: &str = r#"+++
title = "Living with atrial fibrillation"
description = "What atrial fibrillation is and how it is treated."
date = 2026-10-01
+++

Atrial fibrillation is an irregular heartbeat. Original wording.
"#;

const PROFILE: &str = r#"+++
name = "Jane Doe"
headshot = "assets/headshot.jpg"
headshot_alt = "Dr. Jane Doe"
+++

Dr. Doe is a family physician.
"#;

/// A small site that builds quickly: the minimal site, a headshot (pages need a share image)
/// and one article.
fn small_site() -> SiteTest {
    SiteTest::new()
        .minimal()
        .file("content/profile.md", PROFILE)
        .bytes("assets/headshot.jpg", &headshot())
        .file(ARTICLE, ARTICLE_TEXT)
}

fn headshot() -> Vec<u8> {
    let image = image::RgbImage::from_fn(480, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85))
        .expect("encoding a JPEG");
    out
}

fn start(site: &Path) -> Server {
    start_with(site, serve::listen::Limits::default())
}

fn start_with(site: &Path, limits: serve::listen::Limits) -> Server {
    let today = TODAY.parse().expect("TODAY is a date");
    let build = BuildOptions { site: site.to_path_buf(), today: Some(today), ..BuildOptions::default() };
    serve::start(ServeOptions { build, port: 0, bind: IpAddr::from([127, 0, 0, 1]), open: false, limits })
        .expect("starting the server")
}

/// An HTTP response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` exactly as written.
fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"))
}

/// Sends a raw HTTP/1.1 request and reads one response: the head, then `Content-Length` bytes
/// (or everything until the server closes).
fn request(addr: SocketAddr, raw: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connecting");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("setting a timeout");
    stream.write_all(raw.as_bytes()).expect("sending the request");
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    let split = loop {
        if let Some(split) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break split;
        }
        let n = stream.read(&mut buffer).expect("reading the response head");
        assert!(n > 0, "the connection closed before a complete response head");
        bytes.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status =
        lines.next().and_then(|line| line.split(' ').nth(1)).and_then(|code| code.parse().ok()).expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    let mut reply = Reply { status, headers, body: bytes[split + 4..].to_vec() };
    match reply.header("content-length").and_then(|n| n.parse::<usize>().ok()) {
        Some(length) => {
            while reply.body.len() < length {
                let n = stream.read(&mut buffer).expect("reading the response body");
                assert!(n > 0, "the connection closed before the whole body");
                reply.body.extend_from_slice(&buffer[..n]);
            }
        }
        None => {
            stream.read_to_end(&mut reply.body).expect("reading the response body");
        }
    }
    if reply.header("transfer-encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked")) {
        reply.body = dechunk(&reply.body);
    }
    reply
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
    out
}

/// A page as the build wrote it: the served copy without the injected live-reload script.
fn strip_script(html: &str) -> String {
    let open = format!("<script id=\"{}\">", http::SCRIPT_ID);
    let start = html.find(&open).expect("the live-reload script is injected");
    let end = start + html[start..].find("</script>").expect("the script ends") + "</script>".len();
    assert!(!html[end..].contains(&open), "the script is injected once");
    format!("{}{}", &html[..start], &html[end..])
}

type Socket = tungstenite::WebSocket<TcpStream>;

fn connect(addr: SocketAddr) -> Socket {
    let stream = TcpStream::connect(addr).expect("connecting the WebSocket");
    let (socket, _) =
        tungstenite::client::client(format!("ws://{addr}{}", http::WS_PATH), stream).expect("WebSocket handshake");
    // Short reads, so every wait below can check its deadline.
    socket.get_ref().set_read_timeout(Some(Duration::from_millis(200))).expect("setting a timeout");
    socket
}

/// The next JSON message that satisfies `wanted`, or a panic naming `what` after `within`.
fn wait_for(
    socket: &mut Socket,
    within: Duration,
    what: &str,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        match socket.read() {
            Ok(tungstenite::Message::Text(text)) => {
                let message: serde_json::Value = serde_json::from_str(&text).expect("messages are JSON");
                if wanted(&message) {
                    return message;
                }
                seen.push(message);
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(e) => panic!("WebSocket failed while waiting for {what}: {e}"),
        }
    }
    panic!("no {what} within {within:?}; got {seen:?}");
}

fn hello(socket: &mut Socket) -> serde_json::Value {
    wait_for(socket, Duration::from_secs(10), "hello", |m| m["type"] == "hello")
}

#[test]
fn slow_clients_are_closed_and_open_connections_are_bounded() {
    use std::io::{Read, Write};
    let limits = serve::listen::Limits { header_timeout: Duration::from_millis(500), connections: 4 };
    let site = small_site();
    let server = start_with(site.path(), limits);
    let addr = server.addr();

    // Slowloris: half a request head, then nothing. The server closes the connection.
    let mut slow = std::net::TcpStream::connect(addr).expect("connecting");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").expect("writing");
    slow.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let started = Instant::now();
    let mut buffer = [0u8; 512];
    let read = slow.read(&mut buffer);
    assert!(started.elapsed() < Duration::from_secs(5), "a slow client was kept for {:?}", started.elapsed());
    let answer = String::from_utf8_lossy(&buffer);
    assert!(matches!(read, Ok(0)) || answer.starts_with("HTTP/1.1 408"), "{read:?}: {answer}");

    // Idle connections fill the slots; once they time out, requests are answered again.
    let idle: Vec<_> = (0..4).map(|_| std::net::TcpStream::connect(addr).expect("connecting")).collect();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    assert_eq!(get(addr, ARTICLE_URL).status, 200);
    assert!(started.elapsed() >= Duration::from_millis(200), "served before a slot was free: {:?}", started.elapsed());
    drop(idle);
    assert_eq!(get(addr, ARTICLE_URL).status, 200);
}

#[test]
fn front_matter_nested_thousands_of_levels_deep_does_not_take_serve_down() {
    let site = small_site();
    let server = start(site.path());
    let mut socket = connect(server.addr());
    hello(&mut socket);
    let nested: String = (1..=5000).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    let deep = format!("---\ntitle: Deep\nextra:\n{nested}{}b: 1\n---\n\nText.\n", " ".repeat(5001));
    site.write("content/articles/deep.md", deep.as_bytes());
    // The watcher may see the file half-written first (its front matter not yet closed).
    let deep_error = |m: &serde_json::Value| {
        m["type"] == "error" && m["text"].as_str().is_some_and(|t| t.contains("32 levels deep"))
    };
    wait_for(&mut socket, RELOAD_WITHIN, "the nesting error", deep_error);
    assert_eq!(get(server.addr(), ARTICLE_URL).status, 200, "still serving the last good build");
}

#[test]
#[cfg(unix)]
fn serve_starts_with_a_symlink_to_the_root_and_reports_it_until_it_is_removed() {
    // `static/root -> /` used to stop serve from starting (the watcher walked the whole disk),
    // and a symlinked folder published what it pointed at.
    let site = small_site().file("static/ok.txt", "fine");
    std::os::unix::fs::symlink("/", site.path().join("static/root")).expect("linking /");
    let server = start(site.path());
    let error = server.error().expect("the link fails the build");
    assert!(error.contains("static/root is a symbolic link to /"), "{error}");
    assert!(server.output().is_empty(), "nothing is served from a site with a link out of it");
    let mut socket = connect(server.addr());
    hello(&mut socket);

    std::fs::remove_file(site.path().join("static/root")).expect("removing the link");
    wait_for(&mut socket, RELOAD_WITHIN, "reload", |m| m["type"] == "reload");
    assert!(server.error().is_none());
    let ok = get(server.addr(), "/ok.txt");
    assert_eq!((ok.status, ok.text().as_str()), (200, "fine"));
}

#[test]
#[cfg(unix)]
fn traversal_and_symlinks_never_leave_the_output() {
    const SITE_SECRET: &str = "SITE-SECRET-c41f09";
    const OUTSIDE_SECRET: &str = "OUTSIDE-SECRET-77ab2e";
    let outside = tempfile::tempdir().expect("a temp dir");
    std::fs::write(outside.path().join("secret.txt"), OUTSIDE_SECRET).expect("writing the secret");
    let site = small_site()
        .file("site.toml", &format!("{MINIMAL_SITE_TOML}# {SITE_SECRET}\n"))
        .file("content/secret.txt", SITE_SECRET)
        .file("static/ok.txt", "fine");
    let server = start(site.path());
    // Links out of the site are refused by the build (see the test above); planted after the
    // build, they are not served either.
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("static/leak.txt"))
        .expect("linking a file");
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/leakdir")).expect("linking a folder");
    let addr = server.addr();

    // The server does serve files: refusals below are not a dead server.
    let ok = get(addr, "/ok.txt");
    assert_eq!((ok.status, ok.text().as_str()), (200, "fine"));
    assert!(!server.output().keys().any(|k| k.contains("leak")), "symlinks were copied: {:?}", server.output().keys());

    let mut problems = Problems::default();
    for path in [
        "/../site.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/%252e%252e/site.toml",
        "/%25252e%25252e/site.toml",
        "/..%2fsite.toml",
        "/%2e%2e%2fsite.toml",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/articles/..%2f..%2fsite.toml",
        "/static/..%5c..%5csite.toml",
        "/..%5csite.toml",
        "/..\\site.toml",
        "/./site.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/C:%5cWindows%5cwin.ini",
        "/%5c%5chost%5cshare",
        "/%00",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/site.toml",
        "/site.toml",
        "/content/secret.txt",
        "/secret.txt",
        "/leak.txt",
        "/static/leak.txt",
        "/leakdir/secret.txt",
        "/leakdir/",
    ] {
        let reply = get(addr, path);
        let text = reply.text();
        problems.check(matches!(reply.status, 403 | 404), || format!("{path}: status {}", reply.status));
        for secret in [SITE_SECRET, OUTSIDE_SECRET, "root:x:0:0", "[fonts]"] {
            problems.check(!text.contains(secret), || format!("{path}: the body contains {secret}"));
        }
    }
    problems.assert_none("traversal");
}

#[test]
fn the_served_site_is_the_clean_build() {
    let site = SiteTest::example();
    site.build(&[]).expect(0);
    let mut built = site.output_files();
    // The marker that says which files a build wrote is for the output folder only.
    built.remove(whitecoat::write::location::MARKER);
    let server = start(site.path());
    let served = server.output();
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>(),
        "served files differ from the build"
    );

    let mut problems = Problems::default();
    for (path, bytes) in &built {
        let url: String = path
            .split('/')
            .map(|segment| {
                percent_encoding::utf8_percent_encode(segment, percent_encoding::NON_ALPHANUMERIC).to_string()
            })
            .collect::<Vec<_>>()
            .join("/");
        let reply = get(server.addr(), &format!("/{url}"));
        problems.check(reply.status == 200, || format!("{path}: status {}", reply.status));
        let content_type = reply.header("content-type").unwrap_or_default().to_string();
        if path.ends_with(".html") {
            problems.check(content_type == "text/html; charset=utf-8", || format!("{path}: {content_type}"));
            let stored = String::from_utf8_lossy(&served[path]);
            problems.check(!stored.contains(http::SCRIPT_ID), || format!("{path}: the script got into the output"));
            problems.check(strip_script(&reply.text()).as_bytes() == bytes.as_slice(), || {
                format!("{path}: the served page differs from the built one")
            });
        } else {
            problems.check(reply.body == *bytes, || format!("{path}: served bytes differ from the build"));
            problems.check(!reply.text().contains(http::SCRIPT_ID), || format!("{path}: script injected"));
        }
    }
    problems.assert_none("served vs built");
}

#[test]
fn an_edit_reloads_open_pages() {
    let site = small_site();
    let server = start(site.path());
    let before = get(server.addr(), ARTICLE_URL);
    assert_eq!(before.status, 200);
    assert!(before.text().contains("Original wording."));

    let mut socket = connect(server.addr());
    let generation = hello(&mut socket)["generation"].as_u64().expect("a generation");
    let edited = Instant::now();
    site.write(ARTICLE, ARTICLE_TEXT.replace("Original wording.", "Edited wording.").as_bytes());
    let reload = wait_for(&mut socket, RELOAD_WITHIN, "reload", |m| m["type"] == "reload");
    eprintln!("reload message {} ms after the edit", edited.elapsed().as_millis());
    assert!(reload["generation"].as_u64() > Some(generation), "{reload}");

    let after = get(server.addr(), ARTICLE_URL);
    assert_eq!(after.status, 200);
    assert!(after.text().contains("Edited wording."), "{}", after.text());
    assert!(!after.text().contains("Original wording."));
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_shows_an_overlay() {
    let site = small_site();
    let server = start(site.path());
    let mut socket = connect(server.addr());
    hello(&mut socket);
    let overlay = format!("<div id=\"{}\"", http::OVERLAY_ID);

    site.write(ARTICLE, ARTICLE_TEXT.replace("date = ", "titel = \"<b>x</b>\"\ndate = ").as_bytes());
    let error = wait_for(&mut socket, RELOAD_WITHIN, "error", |m| m["type"] == "error");
    let text = error["text"].as_str().unwrap_or_default();
    assert!(text.contains(ARTICLE), "the error names the file: {text}");
    assert!(server.error().is_some());

    let page = get(server.addr(), ARTICLE_URL);
    assert_eq!(page.status, 200, "the last good build is still served");
    let html = page.text();
    assert!(html.contains("Original wording."));
    assert!(html.contains(&overlay), "no overlay in {html}");
    assert!(
        html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("\"<b>x</b>\""),
        "the overlay escapes the file's text"
    );
    // A page opened now learns about the failure as soon as it connects.
    let mut late = connect(server.addr());
    assert!(hello(&mut late)["error"].as_str().is_some_and(|e| e.contains(ARTICLE)));

    site.write(ARTICLE, ARTICLE_TEXT.replace("Original wording.", "Fixed wording.").as_bytes());
    wait_for(&mut socket, RELOAD_WITHIN, "reload", |m| m["type"] == "reload");
    let page = get(server.addr(), ARTICLE_URL).text();
    assert!(page.contains("Fixed wording."));
    assert!(!page.contains(&overlay), "the overlay is gone once the file is fixed");
    assert!(server.error().is_none());
    assert!(hello(&mut connect(server.addr()))["error"].is_null());
}

#[test]
fn editor_temp_files_and_the_output_folder_do_not_rebuild() {
    let site = small_site();
    let server = start(site.path());
    let mut socket = connect(server.addr());
    hello(&mut socket);
    site.write("content/articles/.afib.md.swp", b"swap");
    site.write("content/articles/afib.md~", b"backup");
    site.write("content/articles/4913", b"");
    site.write("public/index.html", b"stale output");
    site.write(".git/index", b"git");
    // Well past the debounce and a small site's rebuild: nothing may arrive.
    let quiet_until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < quiet_until {
        match socket.read() {
            Ok(tungstenite::Message::Text(text)) => panic!("a rebuild for ignored files: {text}"),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(e) => panic!("WebSocket failed: {e}"),
        }
    }
    // A real edit still gets through.
    site.write(ARTICLE, ARTICLE_TEXT.replace("Original wording.", "Real edit.").as_bytes());
    wait_for(&mut socket, RELOAD_WITHIN, "reload", |m| m["type"] == "reload");
    let served = get(server.addr(), ARTICLE_URL).text();
    assert!(served.contains("Real edit."));
    assert!(get(server.addr(), "/").text() != "stale output");
}

#[test]
fn http_details() {
    let site = small_site().file("static/notes.txt", "plain");
    let server = start(site.path());
    let addr = server.addr();

    let redirect = get(addr, "/articles/afib?x=1");
    assert_eq!((redirect.status, redirect.header("location")), (308, Some("/articles/afib/?x=1")));

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    let not_found_page = String::from_utf8_lossy(&server.output()["404.html"]).into_owned();
    assert_eq!(strip_script(&missing.text()), not_found_page, "404 serves the site's 404.html");

    let text = get(addr, "/notes.txt");
    assert_eq!(text.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(text.text(), "plain", "only HTML gets the script");
    assert_eq!(get(addr, "/").header("cache-control"), Some("no-store"));

    let post =
        request(addr, &format!("POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    assert_eq!(post.status, 405);

    // DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing.
    let rebound = request(addr, "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(rebound.status, 403);
    let localhost =
        request(addr, &format!("GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n", addr.port()));
    assert_eq!(localhost.status, 200);

    // Another site's script cannot listen to the diagnostics.
    let upgrade = |origin: &str| {
        request(
            addr,
            &format!(
                "GET {} HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
                 Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                http::WS_PATH
            ),
        )
    };
    assert_eq!(upgrade("http://evil.example").status, 403);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = SiteTest::new().minimal();
    let taken = TcpListener::bind("127.0.0.1:0").expect("binding a port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whitecoat"))
        .args(["serve", &site.path().to_string_lossy(), "--port", &port])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running whitecoat serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for whitecoat") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("whitecoat serve did not exit on a port in use");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("reading stderr");
    }
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port} is already in use")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
    drop(taken);
}
