//! Images under `assets/`: `assets::images::plan` (header only, the size limits), then, for
//! a planned image, `process_all` (decode, EXIF orientation, crop/resize, re-encode, WebP variants) and `square` (the
//! share card photo), plus the metadata checks `check::images::identifying_tags` / `has_metadata`
//! on the raw bytes. Each step runs only where the build would run it (`process_all` and `square`
//! after a successful `plan`).
//!
//! Input: one selector byte, then the file. The selector picks the role and size the clinic
//! theme asks for: 0 headshot 480x600 (crop), 1 team 360x450 (crop), 2 logo height 96,
//! 3 content width 1200, 4 share 1200x630 (crop), 5 a 1x1 crop, others by value modulo 6.
//!
//! Panics are findings, and so are a plan with a 0-pixel side and output that does not decode or is
//! not the planned size.

#![no_main]

use std::collections::BTreeMap;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use whitecoat::assets::images::{self, OutputFormat, SizeLimits};
use whitecoat::check;
use whitecoat::theme::ImageSize;

const SOURCE: &str = "assets/fuzzed.jpg";

fn size(selector: u8) -> (&'static str, ImageSize) {
    let both = |w, h| ImageSize { width: Some(w), height: Some(h) };
    match selector % 6 {
        0 => ("headshot", both(480, 600)),
        1 => ("team", both(360, 450)),
        2 => ("logo", ImageSize { width: None, height: Some(96) }),
        3 => ("content", ImageSize { width: Some(1200), height: None }),
        4 => ("share", both(1200, 630)),
        _ => ("tiny", both(1, 1)),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let _ = check::images::identifying_tags(bytes);
    let _ = check::images::has_metadata(bytes);
    let assets = BTreeMap::from([(SOURCE.to_string(), Arc::<[u8]>::from(bytes))]);
    let (role, size) = size(selector);
    // The defaults of `[limits]` (60 megapixels, 20,000 pixels a side), as a site without one gets.
    let limits = SizeLimits::default();
    let Ok(planned) = images::plan(&assets, SOURCE, role, size, limits) else { return };
    // A header claiming a 0-pixel side used to plan a 0x0 output (README.md, "Findings").
    assert!(planned.width >= 1 && planned.height >= 1, "{planned:?}");
    if let Ok(files) = images::process_all(&assets, &planned, limits) {
        let format = match planned.format {
            OutputFormat::Jpeg => image::ImageFormat::Jpeg,
            OutputFormat::Png => image::ImageFormat::Png,
        };
        let decoded = image::load_from_memory_with_format(&files[0].1, format)
            .unwrap_or_else(|e| panic!("process_all wrote a {format:?} that does not decode: {e}"));
        assert_eq!((decoded.width(), decoded.height()), (planned.width, planned.height), "{planned:?}");
        assert_eq!(files.len(), 1 + planned.variants.len(), "{planned:?}");
        for ((path, bytes), variant) in files[1..].iter().zip(&planned.variants) {
            assert_eq!(path, &variant.output);
            let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP)
                .unwrap_or_else(|e| panic!("process_all wrote a WebP that does not decode: {e}"));
            assert_eq!((decoded.width(), decoded.height()), (variant.width, variant.height), "{variant:?}");
        }
    }
    if let Ok(square) = images::square(&assets, SOURCE, 300, limits) {
        assert_eq!(square.width(), square.height());
        assert!(square.width() >= 1 && square.width() <= 300);
    }
});
