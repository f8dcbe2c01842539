//! `content/placeholder`: text a scaffold or a writer left to be replaced ("TODO", "TBD",
//! "lorem ipsum", "YYYY-MM-DD", "[PRACTICE TO COMPLETE …]") in what reaches the page. Front
//! matter values that are placeholders are reported while the model reads them.

use crate::check::text::{Origin, Segment};
use crate::diagnostics::{Diagnostic, Span};
use crate::model::document::Document;
use crate::model::placeholder;

/// Finds placeholders in the document's body, headings and alt text.
pub fn check(doc: &Document, segments: &[Segment]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for segment in segments.iter().filter(|s| matches!(s.origin, Origin::Body | Origin::Alt | Origin::Field(_))) {
        for range in placeholder::find(&segment.text) {
            let text = shortened(&segment.text[range.clone()]);
            findings.push(
                Diagnostic::error("content/placeholder", format!("placeholder text `{text}` is still in the page"))
                    .at(Span::new(&doc.file, segment.file_range(range)), "replace this before publishing")
                    .help("write the real text; whitecoat does not publish a page with placeholders in it"),
            );
        }
    }
    findings
}

/// A placeholder as a message shows it: a long bracketed note by its label (`[COUNSEL TO
/// CONFIRM: …]`); the snippet shows where it is.
fn shortened(text: &str) -> String {
    match text.split_once(':') {
        Some((label, rest)) if text.starts_with('[') && rest.chars().count() > 40 => format!("{label}: …]"),
        _ => text.to_string(),
    }
}
