//! Image rules: alt text (`image/alt`; alt text is PHI-scanned with the body) and identifying
//! metadata in input images (`image/location`). Output images are always re-encoded without it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::assets::ImageReference;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::model::document::Kind;

/// EXIF tags that identify where or with what device a photo was taken, or by whom.
const IDENTIFYING_TAGS: [exif::Tag; 6] = [
    exif::Tag::GPSLatitude,
    exif::Tag::GPSLongitude,
    exif::Tag::BodySerialNumber,
    exif::Tag::LensSerialNumber,
    exif::Tag::CameraOwnerName,
    exif::Tag::Artist,
];

/// Checks alt text and input metadata of every referenced image.
pub fn check(references: &[ImageReference<'_>], assets: &BTreeMap<String, Arc<[u8]>>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for r in references {
        let span = Span::new(&r.doc.file, r.span.clone());
        if r.alt.as_ref().is_none_or(|a| a.trim().is_empty()) {
            let field = match r.role {
                "headshot" => "headshot_alt",
                "team" => "photo_alt",
                "share" => "image_alt",
                _ => "the alt text in ![alt](path)",
            };
            findings.push(
                Diagnostic::warning("image/alt", format!("the image `{}` has no alt text", r.reference))
                    .at(span.clone(), "no alt text")
                    .help(format!("describe the image for people who cannot see it: set {field}")),
            );
        }
        let source = r.source(|s| assets.contains_key(s));
        if let Some(bytes) = assets.get(&source) {
            let tags = identifying_tags(bytes);
            if !tags.is_empty() {
                let patient_or_staff = r.doc.kind == Kind::Review || r.role == "team";
                let severity = if patient_or_staff { Severity::Error } else { Severity::Warning };
                let mut d = Diagnostic::error("image/location", format!("{source} carries identifying metadata ({})", tags.join(", ")))
                    .at(span, "this image")
                    .help(format!("the published copy is stripped, but the original in the repository still has it: run `exiftool -all= {source}`"));
                d.severity = severity;
                findings.push(d);
            }
        }
    }
    findings
}

/// The identifying EXIF tags present in an image file.
pub fn identifying_tags(bytes: &[u8]) -> Vec<String> {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut found: Vec<String> = IDENTIFYING_TAGS
        .iter()
        .filter(|tag| exif.fields().any(|f| f.tag == **tag))
        .map(|tag| if tag.to_string().starts_with("GPS") { "GPS location".to_string() } else { tag.to_string() })
        .collect();
    found.dedup();
    found
}

/// Whether an output image still carries EXIF or XMP (checked after the build; `output/metadata`).
pub fn has_metadata(bytes: &[u8]) -> bool {
    let has_exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).is_ok();
    let has_xmp = bytes.windows(b"http://ns.adobe.com/xap/".len()).any(|w| w == b"http://ns.adobe.com/xap/");
    has_exif || has_xmp
}
