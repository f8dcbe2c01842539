//! Images: published copies are turned upright by their EXIF orientation and carry no EXIF, GPS or
//! XMP; identifying metadata in a team photo stops the build; a missing image names the file and
//! the line that refers to it.
//!
//! Test images are generated here, and EXIF is added by hand: a small big-endian TIFF block with
//! an Orientation tag and optionally a GPS IFD, in a JPEG APP1 segment right after SOI.

mod common;

use common::{SiteTest, exif_app1, sel, with_exif};

const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];

/// A JPEG whose left half is red and right half blue, as stored (before any EXIF orientation).
fn two_tone_jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, _| image::Rgb(if x < width / 2 { RED } else { BLUE }));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95))
        .expect("encoding a JPEG");
    out
}

fn read_exif(bytes: &[u8]) -> Result<exif::Exif, exif::Error> {
    exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes))
}

/// Checks the fixture itself: the hand-built EXIF must be readable, or the test proves nothing.
fn assert_fixture_exif(bytes: &[u8], gps: bool) {
    let exif = read_exif(bytes).expect("fixture check: the test image's EXIF must be readable");
    let orientation = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY).expect("an Orientation tag");
    assert_eq!(orientation.value.get_uint(0), Some(6), "fixture check: orientation 6");
    assert_eq!(exif.fields().any(|f| f.tag == exif::Tag::GPSLatitude), gps, "fixture check: GPS");
}

/// Asserts an output image carries no metadata at all.
#[track_caller]
fn assert_no_metadata(bytes: &[u8], what: &str) {
    assert!(read_exif(bytes).is_err(), "{what} still carries EXIF");
    let xmp = b"http://ns.adobe.com/xap/";
    assert!(!bytes.windows(xmp.len()).any(|w| w == xmp), "{what} still carries XMP");
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{what} still has an Exif block");
}

fn close(pixel: image::Rgb<u8>, want: [u8; 3]) -> bool {
    pixel.0.iter().zip(want).all(|(&got, want)| got.abs_diff(want) < 60)
}

/// The output file an `<img alt=…>` of a page points at.
fn img_src(site: &SiteTest, page: &str, alt: &str) -> String {
    let html = site.page(page);
    let img = html
        .select(&sel("img"))
        .find(|i| i.value().attr("alt") == Some(alt))
        .unwrap_or_else(|| panic!("{page} has no <img alt={alt:?}>"));
    let src = img.value().attr("src").expect("an img src");
    assert!(src.starts_with("/assets/"), "{src} is not a processed asset");
    src.trim_start_matches('/').to_string()
}

#[test]
fn exif_orientation_6_is_applied() {
    // Stored 300x200 landscape; orientation 6 means "rotate 90° clockwise to view": 200x300.
    let stored = with_exif(&two_tone_jpeg(300, 200), &exif_app1(6, false));
    assert_fixture_exif(&stored, false);
    let alt = "A red and blue test card";
    let site = SiteTest::new().minimal().bytes("assets/rotated.jpg", &stored).file(
        "content/pages/photos.md",
        &format!("+++\ntitle = \"Photos\"\ndescription = \"Test photos.\"\n+++\n\n![{alt}](assets/rotated.jpg)\n"),
    );
    site.build(&[]).expect(0);

    let path = img_src(&site, "photos/index.html", alt);
    let bytes = site.output_bytes(&path);
    assert_no_metadata(&bytes, &path);
    let out = image::load_from_memory(&bytes).expect("the output decodes").to_rgb8();
    assert_eq!(out.dimensions(), (200, 300), "{path}: width and height must be swapped");
    // Rotated clockwise, the stored left (red) half is on top.
    let (w, h) = out.dimensions();
    assert!(close(*out.get_pixel(w / 2, h / 8), RED), "{path}: top is {:?}", out.get_pixel(w / 2, h / 8));
    assert!(close(*out.get_pixel(w / 2, h * 7 / 8), BLUE), "{path}: bottom is {:?}", out.get_pixel(w / 2, h * 7 / 8));
}

#[test]
fn headshot_comes_out_upright_without_gps_or_exif() {
    // Stored 600x480 with orientation 6 and a GPS position: upright it is 480x600, exactly the
    // headshot box, so the output is 480x600 with the red half on top.
    let stored = with_exif(&two_tone_jpeg(600, 480), &exif_app1(6, true));
    assert_fixture_exif(&stored, true);
    let site = SiteTest::new().minimal().bytes("assets/headshot.jpg", &stored);
    let run = site.build(&[]).expect(0);
    // A located headshot is a warning (the published copy is stripped).
    assert!(run.stderr.contains("warning[image/location]"), "{run}");
    assert!(run.stderr.contains("GPS"), "{run}");

    let files = site.output_files();
    let headshots: Vec<&String> = files.keys().filter(|p| p.starts_with("assets/headshot")).collect();
    assert!(!headshots.is_empty(), "no processed headshot in {:?}", files.keys());
    for path in headshots {
        let bytes = &files[path];
        assert_no_metadata(bytes, path);
        let out = image::load_from_memory(bytes).expect("the output decodes").to_rgb8();
        let (w, h) = out.dimensions();
        assert!(h > w, "{path}: {w}x{h} is not upright (portrait)");
        assert!(close(*out.get_pixel(w / 2, h / 8), RED), "{path}: top is {:?}", out.get_pixel(w / 2, h / 8));
        assert!(
            close(*out.get_pixel(w / 2, h * 7 / 8), BLUE),
            "{path}: bottom is {:?}",
            out.get_pixel(w / 2, h * 7 / 8)
        );
    }
    // The page's <img> says the size the file has.
    let src = img_src(&site, "index.html", "Dr. Jane Doe, smiling");
    let out = image::load_from_memory(&files[&src]).expect("the output decodes");
    let html = site.page("index.html");
    let img = html.select(&sel("img")).find(|i| i.value().attr("alt") == Some("Dr. Jane Doe, smiling")).expect("img");
    assert_eq!(img.value().attr("width"), Some(out.width().to_string().as_str()), "{src}");
    assert_eq!(img.value().attr("height"), Some(out.height().to_string().as_str()), "{src}");
    assert_eq!((out.width(), out.height()), (480, 600), "{src}");
}

#[test]
fn team_photo_with_gps_fails_the_build() {
    let stored = with_exif(&two_tone_jpeg(360, 450), &exif_app1(1, true));
    let site = SiteTest::new().minimal().bytes("assets/team/sam-lee.jpg", &stored).file(
        "content/team/sam-lee.md",
        "+++\nname = \"Sam Lee\"\nrole = \"staff\"\nphoto = \"assets/team/sam-lee.jpg\"\nphoto_alt = \"Sam Lee at the front desk\"\n+++\n\nSam runs the front desk.\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("error[image/location]"), "{run}");
    assert!(run.stderr.contains("--> content/team/sam-lee.md:4:9"), "{run}");
    assert!(!site.out().exists(), "a failed build wrote output");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn missing_image_names_the_file_and_the_reference_line() {
    let site = SiteTest::new().minimal().file(
        "content/profile.md",
        "+++\nname = \"Jane Doe\"\nheadshot = \"assets/nope.jpg\"\nheadshot_alt = \"Dr. Jane Doe\"\n+++\n\nDr. Doe is a family physician.\n",
    );
    let run = site.build(&[]).expect(1);
    assert!(run.stderr.contains("assets/nope.jpg"), "{run}");
    assert!(run.stderr.contains("--> content/profile.md:3:12"), "{run}");
    assert!(!site.out().exists(), "a failed build wrote output");
    insta::assert_snapshot!(run.stderr);
}
