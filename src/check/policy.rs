//! The site's compliance policy applied to findings: per-rule severity overrides from
//! `[compliance.rules]` and per-document suppressions (`allow = [{ rule, reason }]`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Site;

/// A finding that a document's `allow` suppressed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Suppressed {
    /// The rule.
    pub rule: String,
    /// The document.
    pub path: PathBuf,
    /// Why it is acceptable.
    pub reason: String,
    /// How many findings it suppressed.
    pub count: usize,
}

/// Applies severity overrides (and `off`) to findings.
pub fn apply_overrides(findings: Vec<Diagnostic>, overrides: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut d| {
            match overrides.get(d.rule).map(String::as_str) {
                Some("off") => return None,
                Some("error") => d.severity = Severity::Error,
                Some("warning") => d.severity = Severity::Warning,
                _ => {}
            }
            Some(d)
        })
        .collect()
}

/// Removes findings suppressed by their document's `allow`; returns what remains and what was suppressed.
pub fn apply_suppressions(findings: Vec<Diagnostic>, site: &Site) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let mut allows: BTreeMap<(PathBuf, &str), (String, usize)> = BTreeMap::new();
    for doc in site.documents().map(|d| d.doc()) {
        for allow in &doc.allow {
            allows.insert((doc.file.path.clone(), allow.rule.value.as_str()), (allow.reason.clone(), 0));
        }
    }
    let kept = findings
        .into_iter()
        .filter(|d| {
            let Some(span) = &d.span else { return true };
            match allows.get_mut(&(span.file.path.clone(), d.rule)) {
                Some((_, count)) => {
                    *count += 1;
                    false
                }
                None => true,
            }
        })
        .collect();
    let suppressed = allows
        .into_iter()
        .filter(|(_, (_, count))| *count > 0)
        .map(|((path, rule), (reason, count))| Suppressed { rule: rule.to_string(), path, reason, count })
        .collect();
    (kept, suppressed)
}

/// Whether the findings fail the build under `fail_on` (`error` or `warning`).
pub fn fails(findings: &[Diagnostic], fail_on_warnings: bool) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error || fail_on_warnings)
}

/// Rules whose finding only repeats a placeholder finding in the same file: a placeholder
/// `signed_on` is reported once, not again as an incomplete authorization, and a placeholder
/// `expected_results` (read as absent) not again as a missing disclosure.
const FOLLOW_PLACEHOLDERS: [&str; 3] = ["authorization/missing", "article/medical-review", "ftc/expected-results"];

/// Drops findings that are consequences of another finding in the same file.
pub fn drop_consequences(findings: &mut Vec<Diagnostic>) {
    let with_placeholders: std::collections::HashSet<std::path::PathBuf> = findings
        .iter()
        .filter(|d| d.rule == "content/placeholder")
        .filter_map(|d| d.span.as_ref().map(|s| s.file.path.clone()))
        .collect();
    if with_placeholders.is_empty() {
        return;
    }
    findings.retain(|d| {
        !FOLLOW_PLACEHOLDERS.contains(&d.rule)
            || !d.span.as_ref().is_some_and(|s| with_placeholders.contains(&s.file.path))
    });
}

/// While previewing (`serve`), placeholders are warnings: a site is previewed while it is being
/// filled in, and `build` and `check` still refuse it.
pub fn preview(findings: &mut [Diagnostic]) {
    for d in findings.iter_mut().filter(|d| d.rule == "content/placeholder") {
        d.severity = crate::diagnostics::Severity::Warning;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_or_drop_findings() {
        let findings = vec![
            Diagnostic::warning("claims/superiority", "a"),
            Diagnostic::error("phi/url", "b"),
            Diagnostic::warning("image/alt", "c"),
        ];
        let overrides = BTreeMap::from([
            ("claims/superiority".to_string(), "error".to_string()),
            ("phi/url".to_string(), "off".to_string()),
        ]);
        let out = apply_overrides(findings, &overrides);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].rule, out[0].severity), ("claims/superiority", Severity::Error));
        assert_eq!((out[1].rule, out[1].severity), ("image/alt", Severity::Warning));
    }

    #[test]
    fn fail_on_warnings() {
        let warnings = vec![Diagnostic::warning("image/alt", "c")];
        assert!(!fails(&warnings, false));
        assert!(fails(&warnings, true));
        assert!(!fails(&[], true));
    }
}
