//! `_headers`: the security headers static hosts apply to every response (the Netlify and
//! Cloudflare Pages format). The Content-Security-Policy is computed from what the pages actually
//! load: their own origin, the external origins each directive needs, and hashes of inline
//! styles, so no `unsafe-inline` script is ever allowed. GitHub Pages and S3/CloudFront take the
//! same headers another way (see the README's Deploying section); every page also carries
//! `<meta name="referrer">` for hosts that set no headers.

use std::collections::{BTreeMap, BTreeSet};

use crate::write::page_facts::PageFacts;

/// Referrer policy: the path of a page (which can name a condition) never leaves the site.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// Browser features a practice's pages never need.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

/// What the pages need the browser to allow.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// External origins by directive.
    origins: BTreeMap<&'static str, BTreeSet<String>>,
    /// Hashes of inline styles.
    style_hashes: BTreeSet<String>,
    /// Hashes of inline scripts (a template's; content never has any).
    script_hashes: BTreeSet<String>,
    /// Whether some element has a `style` attribute.
    style_attribute: bool,
}

impl SecurityPolicy {
    /// The policy every page's facts together need.
    pub fn from_pages<'a>(pages: impl Iterator<Item = &'a PageFacts>) -> Self {
        let mut policy = SecurityPolicy::default();
        for facts in pages {
            for (directive, origin) in &facts.origins {
                policy.origins.entry(directive).or_default().insert(origin.clone());
            }
            policy.style_hashes.extend(facts.style_hashes.iter().cloned());
            policy.script_hashes.extend(facts.script_hashes.iter().cloned());
            policy.style_attribute |= facts.style_attribute;
        }
        policy
    }

    /// The Content-Security-Policy value.
    pub fn csp(&self) -> String {
        let with = |directive: &'static str, base: &[&str]| -> String {
            let mut sources: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            sources.extend(self.origins.get(directive).into_iter().flatten().cloned());
            if sources.is_empty() {
                sources.push("'none'".into());
            }
            format!("{directive} {}", sources.join(" "))
        };
        let hashed = |hashes: &BTreeSet<String>| hashes.iter().map(|h| format!("'sha256-{h}'")).collect::<Vec<_>>();
        let mut script: Vec<String> = vec!["'self'".into()];
        script.extend(hashed(&self.script_hashes));
        script.extend(self.origins.get("script-src").into_iter().flatten().cloned());
        let mut style: Vec<String> = vec!["'self'".into()];
        style.extend(hashed(&self.style_hashes));
        style.extend(self.origins.get("style-src").into_iter().flatten().cloned());
        let mut parts = vec![
            "default-src 'self'".to_string(),
            // A template's own inline scripts are allowed by hash, never by 'unsafe-inline'.
            format!("script-src {}", script.join(" ")),
            format!("style-src-elem {}", style.join(" ")),
            format!("style-src-attr {}", if self.style_attribute { "'unsafe-inline'" } else { "'none'" }),
            with("img-src", &["'self'", "data:"]),
            with("media-src", &["'self'"]),
            with("frame-src", &[]),
            "font-src 'self'".to_string(),
            "connect-src 'self'".to_string(),
            with("form-action", &["'self'"]),
            with("manifest-src", &["'self'"]),
            "base-uri 'self'".to_string(),
            "object-src 'none'".to_string(),
            "frame-ancestors 'self'".to_string(),
            "upgrade-insecure-requests".to_string(),
        ];
        parts.dedup();
        parts.join("; ")
    }

    /// The `_headers` file.
    pub fn headers_file(&self) -> String {
        format!(
            "# Security headers for every page, for static hosts that read this file (Netlify,\n# Cloudflare Pages). Written by whitecoat from what the pages load; see the README for\n# GitHub Pages and S3/CloudFront.\n/*\n  Content-Security-Policy: {}\n  Referrer-Policy: {REFERRER_POLICY}\n  Permissions-Policy: {PERMISSIONS_POLICY}\n  X-Content-Type-Options: nosniff\n  X-Frame-Options: SAMEORIGIN\n",
            self.csp()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_what_pages_load_and_no_inline_script() {
        let mut page = PageFacts::default();
        page.origins.insert(("frame-src", "https://www.youtube-nocookie.com".into()));
        page.style_hashes.insert("abc=".into());
        let csp = SecurityPolicy::from_pages([&page, &PageFacts::default()].into_iter()).csp();
        assert!(csp.contains("frame-src https://www.youtube-nocookie.com"), "{csp}");
        assert!(csp.contains("style-src-elem 'self' 'sha256-abc='"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(SecurityPolicy::default().csp().contains("frame-src 'none'"));
        let mut templated = PageFacts::default();
        templated.script_hashes.insert("xyz=".into());
        let csp = SecurityPolicy::from_pages([&templated].into_iter()).csp();
        assert!(csp.contains("script-src 'self' 'sha256-xyz=';"), "{csp}");
    }
}
