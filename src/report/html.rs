//! The report as one self-contained, printable HTML page (no script, no external resource).

use super::Report;

/// The page's template (tera, HTML-escaped).
const TEMPLATE: &str = include_str!("report.html");

/// Renders the report.
pub fn html(report: &Report) -> String {
    let context = tera::Context::from_serialize(report).unwrap_or_default();
    match tera::Tera::one_off(TEMPLATE, &context, true) {
        Ok(page) => page,
        // The template is ours and tested; a failure here is a bug, shown rather than hidden.
        Err(error) => {
            let mut escaped = Vec::new();
            let _ = tera::escape_html(&format!("{error:?}"), &mut escaped);
            format!("<!doctype html><title>report failed</title><pre>{}</pre>", String::from_utf8_lossy(&escaped))
        }
    }
}
