//! The HTTP side of `serve`: files come only from the in-memory output of the last good build,
//! so no request can reach the filesystem. Paths are still normalised and anything that looks
//! like traversal is refused outright (Zola's CVE-2023-40274 came from trusting a lexical prefix
//! check on a decoded path): refusing early keeps the map lookup honest and makes the intent
//! testable.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::reload::{self, Message};
use super::{Shared, Snapshot};

/// Where pages open their live-reload WebSocket.
pub const WS_PATH: &str = "/__whitecoat/ws";

/// The `id` of the injected `<script>`; tests strip it to compare served pages with a build.
pub const SCRIPT_ID: &str = "whitecoat-reload";

/// The `id` of the error overlay.
pub const OVERLAY_ID: &str = "whitecoat-overlay";

/// How many times a path is percent-decoded while looking for traversal; a path that still
/// changes after that many decodings is refused (nothing legitimate is encoded four times).
const MAX_DECODINGS: usize = 4;

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;\
background:rgba(24,24,27,.96);color:#fafafa;font:15px/1.5 system-ui,sans-serif;text-align:left";
const PRE_STYLE: &str = "margin:16px 0 0;white-space:pre-wrap;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace";
const OVERLAY_TITLE: &str = "whitecoat: the last change did not build. This is the last good build; \
it reloads by itself once the problem is fixed.";

/// The router: the live-reload socket and, for every other path, a file from memory.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().route(WS_PATH, get(websocket)).fallback(file).with_state(shared)
}

async fn websocket(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    if !shared.host_allowed(&parts.headers) || !same_origin(&parts.headers) {
        // Diagnostics can quote patient text; another site's script must not read them.
        return refuse(StatusCode::FORBIDDEN);
    }
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    // Subscribe before reading the state, so a rebuild finishing in between is not missed.
    let receiver = shared.hub.subscribe();
    let snapshot = shared.snapshot();
    let hello = Message::Hello { generation: snapshot.generation, error: snapshot.error.clone() };
    upgrade.on_upgrade(move |socket| reload::forward(socket, receiver, hello))
}

async fn file(State(shared): State<Arc<Shared>>, method: Method, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    if !shared.host_allowed(&headers) {
        return refuse(StatusCode::FORBIDDEN);
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let Some(key) = resolve(uri.path()) else {
        return refuse(StatusCode::FORBIDDEN);
    };
    let snapshot = shared.snapshot();
    if let Some(bytes) = snapshot.output.get(&key) {
        return respond(StatusCode::OK, &key, bytes, &snapshot);
    }
    // `/articles` -> `/articles/`, as static hosts do, so relative links in the page resolve.
    if !uri.path().ends_with('/') && snapshot.output.contains_key(&format!("{key}/index.html")) {
        let location = match uri.query() {
            Some(query) => format!("{}/?{query}", uri.path()),
            None => format!("{}/", uri.path()),
        };
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response();
    }
    not_found(&snapshot)
}

fn not_found(snapshot: &Snapshot) -> Response {
    if let Some(page) = snapshot.output.get("404.html") {
        return respond(StatusCode::NOT_FOUND, "404.html", page, snapshot);
    }
    // Still HTML, so the reload script (and the overlay, while a build is failing) gets in.
    let (status, text) = if snapshot.output.is_empty() {
        (StatusCode::SERVICE_UNAVAILABLE, "The site has not built yet: fix the problems shown in the terminal.")
    } else {
        (StatusCode::NOT_FOUND, "Not found.")
    };
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{text}</title></head>\
         <body><p>{text}</p></body></html>"
    );
    respond(status, "404.html", page.as_bytes(), snapshot)
}

fn refuse(status: StatusCode) -> Response {
    // Plain text and no fallback of any kind: a refused path learns nothing about the site.
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "whitecoat serve refused this request\n")
        .into_response()
}

fn respond(status: StatusCode, key: &str, bytes: &[u8], snapshot: &Snapshot) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        inject(bytes, snapshot.generation, snapshot.error.as_deref())
    } else {
        bytes.to_vec()
    };
    let headers = [
        (header::CONTENT_TYPE, content_type),
        // Every reload must show the newest build, never a cached one.
        (header::CACHE_CONTROL, "no-store".to_string()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
    ];
    (status, headers, Body::from(body)).into_response()
}

/// The output key a request path names, or `None` if the path is refused.
///
/// Refused at any level of percent-decoding (raw, decoded, decoded again…): a `.` or `..`
/// segment, an empty segment (`//etc/passwd`, `/a//b`), a backslash, a colon (drive letters,
/// Windows stream names), NUL or any control character, and text that is not UTF-8. The key is
/// the path decoded once, without its leading `/`; a path ending in `/` names its `index.html`.
pub fn resolve(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let mut level = rest.to_string();
    let mut key = None;
    for _ in 0..MAX_DECODINGS {
        if !acceptable(&level) {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(&level).decode_utf8().ok()?.into_owned();
        let unchanged = decoded == level;
        if key.is_none() {
            key = Some(decoded.clone());
        }
        if unchanged {
            let mut key = key?;
            if key.is_empty() || key.ends_with('/') {
                key.push_str("index.html");
            }
            return Some(key);
        }
        level = decoded;
    }
    None
}

/// Whether one decoding level of a path (without its leading `/`) is free of traversal.
fn acceptable(path: &str) -> bool {
    if path.chars().any(|c| c == '\\' || c == ':' || c.is_control()) {
        return false;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(i, segment)| match *segment {
        "." | ".." => false,
        // Only the last segment may be empty: `/` and `/dir/`.
        "" => i == last,
        _ => true,
    })
}

/// The `Content-Type` for an output path, from its extension; text gets `charset=utf-8`
/// because the build writes UTF-8.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
        || mime.suffix().is_some_and(|suffix| matches!(suffix.as_str(), "json" | "xml"));
    if textual { format!("{essence}; charset=utf-8") } else { essence.to_string() }
}

/// Adds the live-reload script, and the error overlay when `error` is set, before the last
/// `</body>` (or at the end). Only served responses get it; the build output never does.
pub fn inject(html: &[u8], generation: u64, error: Option<&str>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(error) = error {
        snippet.push_str(&overlay(error));
    }
    snippet.push_str(&script(generation));
    let at = rfind_ignore_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn overlay(error: &str) -> String {
    let mut text = String::new();
    // The diagnostics quote the author's files: escape, never trust.
    let _ = pulldown_cmark_escape::escape_html(&mut text, error);
    format!(
        "<div id=\"{OVERLAY_ID}\" style=\"{OVERLAY_STYLE}\"><strong>{OVERLAY_TITLE}</strong>\
         <pre style=\"{PRE_STYLE}\">{text}</pre></div>"
    )
}

/// The page's side of live reload: connect, reload when a newer build exists, show or hide
/// the overlay, and reconnect with backoff (reloading then, since the server may have restarted
/// with new content).
fn script(generation: u64) -> String {
    format!(
        r#"<script id="{SCRIPT_ID}">(()=>{{const g={generation};let d=250;
const show=t=>{{let b=document.getElementById("{OVERLAY_ID}");if(t==null){{if(b)b.remove();return}}
if(!b){{b=document.createElement("div");b.id="{OVERLAY_ID}";b.setAttribute("style","{OVERLAY_STYLE}");document.body.appendChild(b)}}
const h=document.createElement("strong");h.textContent="{OVERLAY_TITLE}";const p=document.createElement("pre");
p.setAttribute("style","{PRE_STYLE}");p.textContent=t;b.replaceChildren(h,p)}};
const go=()=>{{const w=new WebSocket((location.protocol==="https:"?"wss://":"ws://")+location.host+"{WS_PATH}");
w.onopen=()=>{{d=250}};w.onmessage=e=>{{let m;try{{m=JSON.parse(e.data)}}catch{{return}}
if(m.type==="reload"||m.generation!==g){{location.reload();return}}show(m.type==="error"?m.text:m.error)}};
w.onclose=()=>{{setTimeout(go,d);d=Math.min(d*2,5000)}}}};go()}})();</script>"#
    )
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Whether the request's `Origin`, if any, is the server itself: browsers send `Origin` on
/// WebSocket handshakes, and a page on another site must not listen in.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Whether a `Host` header names this machine: with a loopback bind, any other name means a
/// DNS-rebinding page is trying to read the preview.
pub(crate) fn loopback_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        // HTTP/1.0 clients may omit it; browsers never do.
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(v6, |(name, _)| name),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_pages_and_directories() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/articles/afib/").as_deref(), Some("articles/afib/index.html"));
        assert_eq!(resolve("/style.css").as_deref(), Some("style.css"));
        assert_eq!(resolve("/tags/heart%20health/").as_deref(), Some("tags/heart health/index.html"));
        assert_eq!(resolve("/articles").as_deref(), Some("articles"));
    }

    #[test]
    fn refuses_traversal_at_every_decoding() {
        for path in [
            "/../site.toml",
            "/../../../../etc/passwd",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/%252e%252e/site.toml",
            "/%25252e%25252e/site.toml",
            "/..%2fsite.toml",
            "/%2e%2e%2fsite.toml",
            "/static/..%5c..%5csite.toml",
            "/..\\site.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/C%3a/Windows/win.ini",
            "/%5c%5chost%5cshare",
            "/%00",
            "/index.html%00.txt",
            "/./index.html",
            "/a//b",
            "/%c0%ae%c0%ae/site.toml",
            "/%2525252e",
            "relative",
            "",
        ] {
            assert_eq!(resolve(path), None, "{path} was not refused");
        }
    }

    #[test]
    fn injects_before_the_last_body_tag_only() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let served = String::from_utf8(inject(page, 7, None)).unwrap();
        assert!(served.starts_with("<html><body><p>x</p><script id=\"whitecoat-reload\">"));
        assert!(served.ends_with("</script></BODY></html>"));
        assert!(served.contains("const g=7;"));
        assert!(!served.contains("<div id=\"whitecoat-overlay\""));
        let bare = String::from_utf8(inject(b"no body", 1, None)).unwrap();
        assert!(bare.starts_with("no body<script"));
    }

    #[test]
    fn overlay_escapes_the_error() {
        let served = String::from_utf8(inject(b"<body></body>", 1, Some("<script>alert(1)</script> & \"x\""))).unwrap();
        assert!(served.contains("<div id=\"whitecoat-overlay\""));
        assert!(served.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!served.contains("<script>alert(1)"));
    }

    #[test]
    fn content_types_come_from_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("og/a.png"), "image/png");
        assert!(content_type("articles/atom.xml").ends_with("xml; charset=utf-8"));
        assert_eq!(content_type("unknown"), "application/octet-stream");
    }

    #[test]
    fn only_loopback_hosts_are_answered() {
        let with_host = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, host.parse().unwrap());
            loopback_host(&headers)
        };
        for good in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST", "[::1]:1111", "site.localhost:80"] {
            assert!(with_host(good), "{good}");
        }
        for bad in ["evil.example:1111", "evil.example", "192.168.1.2:1111", "localhost.evil.example"] {
            assert!(!with_host(bad), "{bad}");
        }
    }
}
