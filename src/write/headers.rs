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

    /// The `_headers` file for an output whose top-level files and folders are `entries`.
    /// Folders in `exempt` hold a third-party app (the browser editor of `whitecoat cms`, which
    /// styles itself inline at run time): they get every header but the policy. Netlify and
    /// Cloudflare Pages apply every rule a path matches, and cannot take a header back, so then
    /// the policy is given path by path to everything else instead of to `/*`.
    pub fn headers_file(&self, entries: &BTreeSet<String>, exempt: &[&str]) -> String {
        let csp = format!("  Content-Security-Policy: {}\n", self.csp());
        let mut file = String::from(
            "# Security headers for every page, for static hosts that read this file (Netlify,\n# Cloudflare Pages). Written by whitecoat from what the pages load; see the README for\n# GitHub Pages and S3/CloudFront.\n/*\n",
        );
        if exempt.is_empty() {
            file.push_str(&csp);
        }
        file.push_str(&format!(
            "  Referrer-Policy: {REFERRER_POLICY}\n  Permissions-Policy: {PERMISSIONS_POLICY}\n  X-Content-Type-Options: nosniff\n  X-Frame-Options: SAMEORIGIN\n"
        ));
        if exempt.is_empty() {
            return file;
        }
        let folders: Vec<String> = exempt.iter().map(|f| format!("/{f}/")).collect();
        file.push_str(&format!(
            "# The Content-Security-Policy, for every path but {} (the browser editor).\n/\n{csp}",
            folders.join(", ")
        ));
        for entry in entries.iter().filter(|e| !exempt.contains(&e.trim_end_matches('/'))) {
            match entry.strip_suffix('/') {
                Some(folder) => file.push_str(&format!("/{folder}/*\n{csp}")),
                None => file.push_str(&format!("/{entry}\n{csp}")),
            }
        }
        file
    }

    /// Top-level entries of `paths` (output paths with `/` separators): `name/` for a folder,
    /// `name` for a file.
    pub fn top_level(paths: &[String]) -> BTreeSet<String> {
        paths
            .iter()
            .map(|p| match p.split_once('/') {
                Some((folder, _)) => format!("{folder}/"),
                None => p.clone(),
            })
            .collect()
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

    #[test]
    fn an_editor_folder_gets_every_header_but_the_policy() {
        let policy = SecurityPolicy::default();
        let paths: Vec<String> =
            ["index.html", "404.html", "articles/a/index.html", "admin/index.html", "admin/config.yml"]
                .map(String::from)
                .to_vec();
        let entries = SecurityPolicy::top_level(&paths);
        let plain = policy.headers_file(&entries, &[]);
        assert_eq!(plain.matches("Content-Security-Policy").count(), 1, "{plain}");
        assert!(plain.contains("/*\n  Content-Security-Policy: "), "{plain}");
        let file = policy.headers_file(&entries, &["admin"]);
        let blocks: Vec<&str> = file.lines().filter(|l| l.starts_with('/')).collect();
        assert_eq!(blocks, ["/*", "/", "/404.html", "/articles/*", "/index.html"], "{file}");
        assert_eq!(file.matches("Content-Security-Policy: ").count(), 4, "{file}");
        assert!(file.starts_with(&plain.replace(&format!("  Content-Security-Policy: {}\n", policy.csp()), "")));
    }
}
