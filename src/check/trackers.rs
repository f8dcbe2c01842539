//! Third-party tracking in rendered pages (`privacy/tracker`, `privacy/embed`, `privacy/form`).
//! HHS OCR's guidance on tracking technologies (and the FTC's GoodRx and BetterHelp cases) is
//! about what a page sends to a vendor while a patient uses it: a tracker on a page where
//! someone books, writes in a form or reads about a condition can disclose health information.
//! Hosts come from `data/trackers/hosts.tsv` (third-party-web, MIT), install-snippet signatures
//! from `data/trackers/signatures.tsv` (self-hosted or proxied tags). Sources:
//! `shared/research/legal-requirements.md` §5.

use std::collections::HashMap;
use std::sync::LazyLock;

const HOSTS: &str = include_str!("../../data/trackers/hosts.tsv");
const SIGNATURES: &str = include_str!("../../data/trackers/signatures.tsv");

/// A third-party vendor a page loads or calls.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Vendor {
    /// Its name ("Meta Pixel", "Hotjar").
    pub name: String,
    /// What it does: advertising, analytics, session-replay, social, tag-manager, chat, maps,
    /// video, other.
    pub category: String,
}

impl Vendor {
    /// Whether the vendor's category makes it tracking (as opposed to a map or video embed).
    pub fn tracks(&self) -> bool {
        matches!(
            self.category.as_str(),
            "advertising" | "analytics" | "session-replay" | "social" | "tag-manager" | "other"
        )
    }
}

struct Lists {
    /// Host (registrable domain or subdomain) to vendor.
    hosts: HashMap<&'static str, Vendor>,
    /// Literal signature to vendor.
    signatures: Vec<(&'static str, Vendor)>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut hosts = HashMap::new();
    for line in HOSTS.lines() {
        let mut fields = line.split('\t');
        if let (Some(host), Some(category), Some(name)) = (fields.next(), fields.next(), fields.next()) {
            hosts.insert(host, Vendor { name: name.to_string(), category: category.to_string() });
        }
    }
    let signatures = SIGNATURES
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (pattern, name, category) = (fields.next()?, fields.next()?, fields.next()?);
            Some((pattern, Vendor { name: name.to_string(), category: category.to_string() }))
        })
        .collect();
    Lists { hosts, signatures }
});

/// The vendor behind a host (or one of its parent domains), if it is a known third party.
pub fn vendor_of_host(host: &str) -> Option<&'static Vendor> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let mut rest = host.as_str();
    loop {
        if let Some(vendor) = LISTS.hosts.get(rest) {
            return Some(vendor);
        }
        rest = rest.split_once('.')?.1;
        if !rest.contains('.') {
            return None;
        }
    }
}

/// The vendors whose install snippet is in an inline script.
pub fn vendors_in_script(code: &str) -> Vec<&'static Vendor> {
    let mut found: Vec<&'static Vendor> =
        LISTS.signatures.iter().filter(|(pattern, _)| code.contains(pattern)).map(|(_, v)| v).collect();
    found.sort();
    found.dedup();
    found
}

/// The kind of a video or map embed that tracks whoever views the page: YouTube from its main
/// hosts (`youtube-nocookie.com` sets no cookies until the video plays), Vimeo without `dnt=1`,
/// Google Maps.
pub fn embed_kind(url: &url::Url) -> Option<&'static str> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.trim_start_matches("www.");
    if host == "youtube.com" || host == "youtu.be" || host.ends_with(".youtube.com") {
        Some("youtube")
    } else if host == "player.vimeo.com" && !vimeo_dnt(url) {
        Some("vimeo")
    } else if host == "google.com" || (host.starts_with("maps.") && host.ends_with("google.com")) {
        Some("maps")
    } else {
        None
    }
}

/// Whether an embed is one of the privacy-respecting forms (nothing to report).
pub fn private_embed(url: &url::Url) -> bool {
    match url.host_str().map(str::to_ascii_lowercase).as_deref() {
        Some("www.youtube-nocookie.com" | "youtube-nocookie.com") => true,
        Some("player.vimeo.com") => vimeo_dnt(url),
        _ => false,
    }
}

fn vimeo_dnt(url: &url::Url) -> bool {
    url.query_pairs().any(|(k, v)| k == "dnt" && (v == "1" || v == "true"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_their_subdomains() {
        assert_eq!(vendor_of_host("connect.facebook.net").map(|v| v.category.as_str()), Some("social"));
        assert!(vendor_of_host("www.googletagmanager.com").is_some_and(Vendor::tracks));
        assert!(vendor_of_host("static.hotjar.com").is_some_and(|v| v.category == "session-replay"));
        assert!(vendor_of_host("www.clarity.ms").is_some());
        assert!(vendor_of_host("www.heart.org").is_none());
        assert!(vendor_of_host("com").is_none());
    }

    #[test]
    fn install_snippets_are_recognised_when_self_hosted() {
        let pixel = "!function(f,b,e,v,n,t,s){...}; fbq('init', '123'); fbq('track', 'PageView');";
        assert!(vendors_in_script(pixel).iter().any(|v| v.name.contains("Meta")));
        let ga = "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}";
        assert!(!vendors_in_script(ga).is_empty());
        assert!(vendors_in_script("document.querySelector('.menu').classList.toggle('open')").is_empty());
    }

    #[test]
    fn embeds_are_told_apart_by_how_they_track() {
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(embed_kind(&url("https://www.youtube.com/embed/x")), Some("youtube"));
        assert_eq!(embed_kind(&url("https://www.youtube-nocookie.com/embed/x")), None);
        assert!(private_embed(&url("https://www.youtube-nocookie.com/embed/x")));
        assert_eq!(embed_kind(&url("https://player.vimeo.com/video/1")), Some("vimeo"));
        assert!(private_embed(&url("https://player.vimeo.com/video/1?dnt=1")));
        assert_eq!(embed_kind(&url("https://www.google.com/maps/embed?pb=1")), Some("maps"));
        assert_eq!(embed_kind(&url("https://maps.google.com/maps?q=x")), Some("maps"));
        assert_eq!(embed_kind(&url("https://docs.example.com/")), None);
    }
}
