//! What the verify scan records of a page beyond its links: which legal notices it links to (with
//! link text naming them), the third parties it loads or sends data to, whether it has a form,
//! and what its Content-Security-Policy must allow (external origins per directive, hashes of
//! inline styles). Findings from these: `notices/*` (every page links every required notice),
//! `privacy/tracker`, `privacy/embed`, `privacy/form`; the policy goes into `_headers`.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::trackers;
use crate::diagnostics::Diagnostic;

/// A notice every page must link to, with the words its link must contain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequiredNotice {
    /// Its rule id.
    pub rule: &'static str,
    /// Its URL as the pages write it (site-relative, or absolute for one hosted elsewhere).
    pub url: String,
    /// Its link text ("Notice of Privacy Practices").
    pub title: &'static str,
}

/// Whether a link's text names the notice: its full title, or the word a patient scans for
/// ("Privacy", "Nondiscrimination", "Language", "Good Faith Estimate", "Surprise Billing",
/// "Accessibility"); an icon or "click here" does not.
pub fn names_notice(text: &str, notice: &RequiredNotice) -> bool {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let key = match notice.rule {
        "notices/privacy" => "privacy",
        "notices/nondiscrimination" => "discriminat",
        "notices/language-assistance" => "language",
        "notices/good-faith-estimate" => "good faith estimate",
        "notices/surprise-billing" => "surprise billing",
        _ => "accessib",
    };
    text.contains(key) || text.contains(&notice.title.to_lowercase())
}

/// A third party a page uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ThirdParty {
    /// Vendor name, or the host when unknown.
    pub vendor: String,
    /// The vendor's category (`embed` for an iframe of an unlisted host).
    pub category: String,
    /// How: `script`, `iframe`, `image`, `stylesheet`, `inline script`, `form`.
    pub how: &'static str,
}

/// Facts of one page.
#[derive(Debug, Default, Clone)]
pub struct PageFacts {
    /// Bit `i`: the page links to the `i`-th required notice with text naming it.
    pub notice_links: u64,
    /// Known trackers and embeds.
    pub third_parties: Vec<ThirdParty>,
    /// Whether the page has a form (where visitors type about themselves).
    pub has_form: bool,
    /// External origins the page loads, by CSP directive.
    pub origins: BTreeSet<(&'static str, String)>,
    /// Base64 SHA-256 of each inline `<style>` element.
    pub style_hashes: BTreeSet<String>,
    /// Base64 SHA-256 of each inline `<script>` other than JSON-LD (a template's own code).
    pub script_hashes: BTreeSet<String>,
    /// Whether some element has a `style` attribute.
    pub style_attribute: bool,
}

/// The CSP directive an element's URL attribute is fetched under.
pub fn directive(tag: &str, rel: Option<&str>) -> Option<&'static str> {
    Some(match tag {
        "script" => "script-src",
        "iframe" => "frame-src",
        "img" | "source" => "img-src",
        "video" | "audio" | "track" => "media-src",
        "form" => "form-action",
        "link" => match rel.map(str::to_ascii_lowercase).as_deref() {
            Some(r) if r.contains("stylesheet") => "style-src",
            Some(r) if r.contains("icon") => "img-src",
            Some(r) if r.contains("manifest") => "manifest-src",
            _ => return None,
        },
        _ => return None,
    })
}

/// Records an external URL a page uses.
pub fn external(facts: &mut PageFacts, tag: &str, directive: &'static str, url: &url::Url) {
    let Some(host) = url.host_str() else { return };
    let origin = url.origin().ascii_serialization();
    facts.origins.insert((directive, origin));
    let how = match tag {
        "script" => "script",
        "iframe" => "iframe",
        "form" => "form",
        "link" => "stylesheet",
        _ => "image",
    };
    if tag == "iframe" {
        if let Some(kind) = trackers::embed_kind(url) {
            let vendor = match kind {
                "youtube" => "YouTube (www.youtube.com)",
                "vimeo" => "Vimeo (without dnt=1)",
                _ => "Google Maps",
            };
            facts.third_parties.push(ThirdParty { vendor: vendor.into(), category: kind.into(), how });
            return;
        }
        if trackers::private_embed(url) {
            return;
        }
    }
    if let Some(vendor) = trackers::vendor_of_host(host) {
        facts.third_parties.push(ThirdParty { vendor: vendor.name.clone(), category: vendor.category.clone(), how });
    } else if tag == "form" {
        facts.third_parties.push(ThirdParty { vendor: host.to_string(), category: "form".into(), how });
    }
}

/// Records the vendors whose install snippet is in an inline script.
pub fn inline_script(facts: &mut PageFacts, code: &str) {
    if code.is_empty() {
        return;
    }
    facts.script_hashes.insert(csp_hash(code));
    for vendor in trackers::vendors_in_script(code) {
        facts.third_parties.push(ThirdParty {
            vendor: vendor.name.clone(),
            category: vendor.category.clone(),
            how: "inline script",
        });
    }
}

/// Where a page is, for how strict the tracker rule is: pages where patients act or read about
/// their health get errors.
pub fn sensitive(path: &str, facts: &PageFacts, notice_paths: &BTreeSet<String>) -> bool {
    let slug = path.trim_end_matches("index.html").trim_end_matches('/');
    let acting =
        ["contact", "book", "appointment", "schedule", "intake", "portal", "telehealth", "pay", "refill", "form"];
    facts.has_form
        || slug.starts_with("articles/")
        || notice_paths.contains(slug)
        || acting.iter().any(|w| slug.split(['/', '-']).any(|part| part == *w))
}

/// The findings about notices and third parties over all pages.
pub fn findings(
    pages: &[(&String, &PageFacts)],
    notices: &[RequiredNotice],
    allowed: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (i, notice) in notices.iter().enumerate() {
        let lacking: Vec<&String> =
            pages.iter().filter(|(_, f)| f.notice_links & (1 << i) == 0).map(|(p, _)| *p).collect();
        if let Some(first) = lacking.first() {
            findings.push(
                Diagnostic::error(notice.rule, format!("{} of {} pages do not link to the {} (first: /{first})", lacking.len(), pages.len(), notice.title))
                    .help(format!("keep the footer's Notices group in the theme, or add <a href=\"{}\">{}</a> to the template every page uses: the notice must be linked from the home page and every page, with link text naming it", notice.url, notice.title)),
            );
        }
    }
    let notice_paths: BTreeSet<String> =
        notices.iter().map(|n| n.url.trim_matches('/').to_string()).filter(|u| !u.contains(':')).collect();
    // One finding per vendor and use, naming the pages.
    let mut uses: BTreeMap<(&ThirdParty, bool), Vec<&String>> = BTreeMap::new();
    for (path, facts) in pages {
        let sensitive = sensitive(path, facts, &notice_paths);
        for party in &facts.third_parties {
            if allowed.contains_key(&party.vendor) {
                continue;
            }
            uses.entry((party, sensitive)).or_default().push(path);
        }
    }
    for ((party, sensitive), paths) in uses {
        let first = paths[0];
        let count =
            if paths.len() == 1 { format!("/{first}") } else { format!("{} pages (first /{first})", paths.len()) };
        let finding = match party.category.as_str() {
            "form" => Diagnostic::warning("privacy/form", format!("a form sends what visitors type to {} (on {count})", party.vendor))
                .help("health information typed into a form may go only to a vendor that signed a business associate agreement (BAA); post to the practice's own endpoint or a BAA-covered form service"),
            "youtube" => Diagnostic::error("privacy/embed", format!("YouTube is embedded from www.youtube.com, which sets tracking cookies (on {count})"))
                .help("embed from https://www.youtube-nocookie.com/embed/… instead"),
            "vimeo" => Diagnostic::warning("privacy/embed", format!("Vimeo is embedded without dnt=1, which sets tracking cookies (on {count})"))
                .help("add ?dnt=1 to the player address (https://player.vimeo.com/video/ID?dnt=1)"),
            "maps" | "chat" | "video" => Diagnostic::warning("privacy/embed", format!("{} ({}) is embedded and learns who views the page (on {count})", party.vendor, party.category))
                .help("prefer a static map image with a link, and a chat service that signed a BAA; if it stays, note it in the site's privacy policy"),
            _ => {
                let message = format!("{} ({}) is loaded by {} on {count}", party.vendor, party.category, party.how);
                let help = "remove it from this page, or from the template: trackers on pages where patients book, fill in forms or read about conditions can disclose health information (HHS OCR guidance on tracking technologies); if the vendor signed a BAA, list it under [compliance.trackers] allow with the reason";
                if sensitive { Diagnostic::error("privacy/tracker", message).help(help) } else { Diagnostic::warning("privacy/tracker", message).help(help) }
            }
        };
        findings.push(finding);
    }
    findings
}

/// Base64 SHA-256 of an inline script's or style's text, as CSP hashes are written.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}
