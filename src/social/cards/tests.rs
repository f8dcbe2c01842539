use std::sync::{Arc, OnceLock};
use std::time::Instant;

use image::{GenericImageView, Rgba, RgbaImage};

use super::fit::{LINE_HEIGHT, TITLE_WEIGHT, is_cjk};
use super::*;

const FONT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/clinic/fonts");
const TEMPLATE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/clinic/cards/card.svg"));

/// The theme's fonts, in file-name order (which puts the primary family, Noto Sans, first).
fn fonts() -> CardFonts {
    static FONTS: OnceLock<CardFonts> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut paths: Vec<_> = std::fs::read_dir(FONT_DIR)
                .expect("theme fonts folder")
                .map(|e| e.expect("dir entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
                .collect();
            paths.sort();
            let bytes = paths.iter().map(|p| bytes::Bytes::from(std::fs::read(p).expect("font file"))).collect();
            CardFonts::from_bytes(bytes).expect("theme fonts load")
        })
        .clone()
}

fn renderer() -> &'static CardRenderer {
    static RENDERER: OnceLock<CardRenderer> = OnceLock::new();
    RENDERER.get_or_init(|| CardRenderer::new(TEMPLATE, fonts()).expect("template compiles"))
}

fn input() -> CardInput {
    CardInput {
        title: "Atrial fibrillation: what patients should know about stroke risk".to_string(),
        name: "Dr. Priya Chen".to_string(),
        credentials: "MD, FACC".to_string(),
        specialty: "Cardiology".to_string(),
        practice: "Chen Cardiology".to_string(),
        primary: "#0b4f6c".to_string(),
        accent: "#f2a541".to_string(),
        headshot: None,
        generic: false,
    }
}

/// A deterministic photo-like headshot: a lit face-ish ellipse on a gradient, with grain.
fn headshot(size: u32) -> Arc<RgbaImage> {
    let mut seed: u32 = 0x1234_5678;
    let mut noise = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (seed >> 24) as i32 - 128
    };
    let c = size as f32 / 2.0;
    let image = RgbaImage::from_fn(size, size, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let face =
            ((fx - c) / (0.32 * size as f32)).powi(2) + ((fy - 0.45 * size as f32) / (0.42 * size as f32)).powi(2);
        let base = if face < 1.0 {
            [224.0 - 40.0 * face, 176.0 - 30.0 * face, 150.0 - 30.0 * face]
        } else if fy > 0.8 * size as f32 {
            [40.0, 60.0, 110.0]
        } else {
            [120.0 + 60.0 * fx / size as f32, 140.0, 160.0 + 40.0 * fy / size as f32]
        };
        let n = noise() as f32 / 10.0;
        let px = |v: f32| (v + n).clamp(0.0, 255.0) as u8;
        Rgba([px(base[0]), px(base[1]), px(base[2]), 255])
    });
    Arc::new(image)
}

fn width_px(fonts: &CardFonts, text: &str, size: f32) -> f32 {
    fonts.measurer().width(text, TITLE_WEIGHT, 0.0) * size
}

fn preview(name: &str, card: &Card) {
    if let Ok(dir) = std::env::var("CARD_PREVIEW_DIR") {
        let _ = std::fs::create_dir_all(&dir);
        let path = format!("{dir}/{name}.{}", card.format.extension());
        std::fs::write(path, &card.bytes).expect("write preview");
    }
}

fn decode(card: &Card) -> image::DynamicImage {
    let format = match card.format {
        CardFormat::Png => image::ImageFormat::Png,
        CardFormat::Jpeg => image::ImageFormat::Jpeg,
    };
    image::load_from_memory_with_format(&card.bytes, format).expect("card decodes")
}

fn assert_valid(card: &Card, format: CardFormat) -> image::DynamicImage {
    assert_eq!(card.format, format);
    assert!(card.bytes.len() < MAX_CARD_BYTES, "{} bytes", card.bytes.len());
    let image = decode(card);
    assert_eq!(image.dimensions(), (CARD_WIDTH, CARD_HEIGHT));
    assert_eq!((card.width, card.height), (CARD_WIDTH, CARD_HEIGHT));
    image
}

/// Number of pixels that differ between two cards inside a rectangle.
fn differing_pixels(
    a: &image::DynamicImage,
    b: &image::DynamicImage,
    x: std::ops::Range<u32>,
    y: std::ops::Range<u32>,
) -> usize {
    let (a, b) = (a.to_rgb8(), b.to_rgb8());
    let mut n = 0;
    for yy in y {
        for xx in x.clone() {
            if a.get_pixel(xx, yy) != b.get_pixel(xx, yy) {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn fonts_load_with_their_family_names() {
    let fonts = fonts();
    assert_eq!(fonts.families(), ["Noto Sans", "Noto Sans CJK SC"]);
    assert_eq!(fonts.primary_family(), "Noto Sans");
    assert_eq!(fonts.digest(), fonts.digest());
    assert!(matches!(CardFonts::from_bytes(vec![]), Err(CardError::NoFonts)));
    assert!(matches!(
        CardFonts::from_bytes(vec![bytes::Bytes::from_static(b"not a font")]),
        Err(CardError::Font { file: 0, .. })
    ));
}

#[test]
fn font_digest_follows_the_fonts_and_their_order() {
    let read = |name: &str| bytes::Bytes::from(std::fs::read(format!("{FONT_DIR}/{name}")).expect("font file"));
    let (regular, bold) = (read("NotoSans-Regular.ttf"), read("NotoSans-Bold.ttf"));
    let digest = |fonts: Vec<bytes::Bytes>| CardFonts::from_bytes(fonts).expect("fonts load").digest();
    let both = digest(vec![regular.clone(), bold.clone()]);
    assert_eq!(both, digest(vec![regular.clone(), bold.clone()]), "same fonts, same digest");
    assert_ne!(both, digest(vec![bold.clone(), regular.clone()]), "the order picks the primary family");
    assert_ne!(both, digest(vec![regular.clone()]));
    assert_ne!(digest(vec![regular]), digest(vec![bold]));
}

#[test]
fn template_uses_only_shipped_families() {
    let fonts = fonts();
    let mut rest = TEMPLATE;
    let mut seen = 0;
    while let Some(at) = rest.find("font-family=\"") {
        rest = &rest[at + 13..];
        let end = rest.find('"').expect("closing quote");
        let family = rest[..end].trim_matches('\'');
        assert!(fonts.families().iter().any(|f| f == family), "unknown family {family:?}");
        seen += 1;
        rest = &rest[end..];
    }
    assert!(seen >= 3);
}

#[test]
fn short_title_fits_one_line_at_start_size() {
    let fitted = fit_title(&fonts(), "Flu shots", 1040.0, 3, 64.0, 40.0);
    assert_eq!(fitted.lines, ["Flu shots"]);
    assert_eq!(fitted.font_size, 64.0);
    assert!((fitted.line_height - 64.0 * LINE_HEIGHT).abs() < 1e-3);
    let empty = fit_title(&fonts(), "   ", 1040.0, 3, 64.0, 40.0);
    assert!(empty.lines.is_empty());
}

#[test]
fn title_wraps_at_word_boundaries_within_width() {
    let fonts = fonts();
    let title = "Atrial fibrillation: what patients should know about stroke risk";
    let fitted = fit_title(&fonts, title, 692.0, 3, 64.0, 40.0);
    assert!(fitted.lines.len() >= 2 && fitted.lines.len() <= 3, "{fitted:?}");
    assert_eq!(fitted.lines.join(" "), title);
    for line in &fitted.lines {
        assert!(width_px(&fonts, line, fitted.font_size) <= 692.0 + 0.01, "{line}");
    }
}

#[test]
fn title_shrinks_before_it_is_cut() {
    let fonts = fonts();
    let title = "Living well with type 2 diabetes: food, exercise, medication and the checks you need each year";
    let fitted = fit_title(&fonts, title, 692.0, 3, 64.0, 40.0);
    assert!(fitted.font_size < 64.0 && fitted.font_size >= 40.0, "{fitted:?}");
    assert!(fitted.lines.len() <= 3);
    assert_eq!(fitted.lines.join(" "), title, "shrinking alone made it fit");
    // One size step larger would not have fitted in three lines.
    let bigger = fit_title(&fonts, title, 692.0, 3, fitted.font_size + 2.0, fitted.font_size + 2.0);
    assert!(bigger.lines.last().is_some_and(|l| l.ends_with('…')));
}

#[test]
fn very_long_title_is_ellipsized_on_the_third_line() {
    let fonts = fonts();
    let title = "What to expect before, during and after a cardiac catheterization, angioplasty and stent \
                 placement at our hospital, including preparation, medications, recovery at home, driving, \
                 returning to work and the warning signs that mean you should call us right away";
    let fitted = fit_title(&fonts, title, 692.0, 3, 64.0, 40.0);
    assert_eq!(fitted.lines.len(), 3);
    assert_eq!(fitted.font_size, 40.0);
    let last = fitted.lines.last().expect("three lines");
    assert!(last.ends_with('…'), "{last}");
    assert!(!last.ends_with(" …") && !last.ends_with(",…"), "{last}");
    for line in &fitted.lines {
        assert!(width_px(&fonts, line, 40.0) <= 692.0 + 0.01, "{line}");
    }
}

#[test]
fn measurement_uses_the_font() {
    let fonts = fonts();
    let wide = "WWWW WWWW WWWW WWWW WWWW WWWW WWWW WWWW";
    let narrow = "iiii iiii iiii iiii iiii iiii iiii iiii";
    let w = fit_title(&fonts, wide, 900.0, 10, 64.0, 64.0);
    let i = fit_title(&fonts, narrow, 900.0, 10, 64.0, 64.0);
    assert!(w.lines.len() > i.lines.len(), "W: {:?} i: {:?}", w.lines, i.lines);
    assert_eq!(i.lines.len(), 1);
    // Bold is wider than regular.
    let m = fonts.measurer();
    assert!(m.width("Cardiology", 700, 0.0) > m.width("Cardiology", 400, 0.0));
}

#[test]
fn words_longer_than_a_line_are_broken() {
    let fonts = fonts();
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
    let fitted = fit_title(&fonts, word, 300.0, 20, 64.0, 64.0);
    assert!(fitted.lines.len() >= 3, "{fitted:?}");
    assert_eq!(fitted.lines.concat(), word);
    for line in &fitted.lines {
        assert!(width_px(&fonts, line, 64.0) <= 300.0 + 0.01, "{line}");
    }
}

#[test]
fn accented_and_decomposed_text_wraps_without_splitting_marks() {
    let fonts = fonts();
    let title = "Ménière’s disease: vértigo, acúfenos y pérdida auditiva en Núñez";
    let fitted = fit_title(&fonts, title, 500.0, 8, 64.0, 64.0);
    assert_eq!(fitted.lines.join(" "), title);
    // NFD: e + combining acute must stay together even when breaking inside a word.
    let nfd = "Jose\u{301}Jose\u{301}Jose\u{301}Jose\u{301}Jose\u{301}Jose\u{301}";
    let fitted = fit_title(&fonts, nfd, 200.0, 10, 64.0, 64.0);
    assert_eq!(fitted.lines.concat(), nfd);
    assert!(fitted.lines.len() > 1);
    for line in &fitted.lines {
        assert!(!line.starts_with('\u{301}'), "{line:?}");
    }
}

#[test]
fn cjk_titles_break_between_characters_but_not_before_closing_punctuation() {
    let fonts = fonts();
    let title = "高血压患者的饮食指南，与日常生活注意事项以及定期复查的重要性";
    let fitted = fit_title(&fonts, title, 500.0, 3, 64.0, 40.0);
    assert!(fitted.lines.len() >= 2, "{fitted:?}");
    for line in &fitted.lines {
        assert!(!line.starts_with('，'), "{line}");
        assert!(line.chars().all(|c| is_cjk(c) || c == '…'));
        assert!(width_px(&fonts, line, fitted.font_size) <= 500.0 + 0.01);
    }
    let joined: String = fitted.lines.concat();
    assert!(joined.starts_with("高血压患者"));
    // CJK advances come from the CJK font: one em each.
    let m = fonts.measurer();
    assert!((m.width("王小明", 700, 0.0) - 3.0).abs() < 0.01);
}

#[test]
fn every_test_name_has_glyphs_in_a_shipped_font() {
    let fonts = fonts();
    for text in [
        "Dr. José Núñez, MD, FACC",
        "Dr. Zoë Åkesson-Lévy",
        "Dr. Anh Nguyễn",
        "王小明",
        "田中 花子",
        "김민준",
        "陳美玲",
        "Jose\u{301} Nu\u{301}n\u{303}ez",
        "Ménière’s disease — “what to expect” … 100% · ½",
    ] {
        assert_eq!(fonts.uncovered_chars(text), Vec::<char>::new(), "{text}");
    }
    assert_eq!(fonts.uncovered_chars("A \u{1F600} B"), vec!['\u{1F600}']);
}

#[test]
fn normal_card_is_a_small_png() {
    let card = renderer().render(&input()).expect("renders");
    preview("normal", &card);
    let image = assert_valid(&card, CardFormat::Png);
    // The background is the brand colour, the band white.
    assert_eq!(image.get_pixel(20, 300).0[..3], [0x0b, 0x4f, 0x6c]);
    assert_eq!(image.get_pixel(1180, 600).0[..3], [255, 255, 255]);
}

#[test]
fn card_with_a_photo_is_a_jpeg() {
    let mut with_photo = input();
    with_photo.headshot = Some(headshot(400));
    let card = renderer().render(&with_photo).expect("renders");
    preview("photo", &card);
    let image = assert_valid(&card, CardFormat::Jpeg).to_rgb8();
    // The photo's centre is not the background colour.
    let (x, y, d) = photo_box();
    let centre = image.get_pixel((x + d / 2.0) as u32, (y + d / 2.0) as u32).0;
    assert!(centre[0] > 150, "{centre:?}");
    // A non-square headshot is centre-cropped, not rejected.
    with_photo.headshot = Some(Arc::new(RgbaImage::from_pixel(300, 200, Rgba([200, 10, 10, 255]))));
    assert!(renderer().render(&with_photo).is_ok());
    with_photo.headshot = Some(Arc::new(RgbaImage::new(0, 0)));
    assert!(matches!(renderer().render(&with_photo), Err(CardError::Headshot { .. })));
}

/// Each rendering thread reuses its canvas between cards: a card drawn after another (with a
/// photo, then without) must be byte for byte the card drawn on a fresh thread, also with a
/// theme's template that leaves part of the card unpainted (white).
#[test]
fn a_card_drawn_after_another_is_the_same_as_drawn_first() {
    static SPARSE: OnceLock<CardRenderer> = OnceLock::new();
    let sparse = || {
        SPARSE.get_or_init(|| {
            let template =
                TEMPLATE.replace(r#"<rect width="{{ width }}" height="{{ height }}" fill="{{ primary }}"/>"#, "");
            assert_ne!(template, TEMPLATE, "the test removes the template's background");
            CardRenderer::new(&template, fonts()).expect("template compiles")
        })
    };
    for renderer in [renderer as fn() -> &'static CardRenderer, sparse] {
        let fresh = std::thread::spawn(move || renderer().render(&input()).expect("renders")).join().expect("thread");
        let mut with_photo = input();
        with_photo.headshot = Some(headshot(400));
        with_photo.title = "A different title, so other pixels are painted".to_string();
        let after = std::thread::spawn(move || {
            renderer().render(&with_photo).expect("renders");
            renderer().render(&input()).expect("renders")
        })
        .join()
        .expect("thread");
        assert!(fresh.bytes == after.bytes, "the second card differs from the same card drawn first");
    }
}

#[test]
fn generic_card_has_no_title() {
    let generic = CardInput { generic: true, title: "Patient stories: what Maria said".to_string(), ..input() };
    let svg = renderer().render_svg(&generic).expect("svg");
    assert!(!svg.contains("Maria"), "a generic card never shows the page title");
    assert!(svg.contains("Chen Cardiology") && svg.contains("Dr. Priya Chen"));
    let card = renderer().render(&generic).expect("renders");
    preview("generic", &card);
    assert_valid(&card, CardFormat::Png);
    // Without a clinician either.
    let practice_only = CardInput {
        name: String::new(),
        credentials: String::new(),
        specialty: "Family medicine".to_string(),
        practice: "Northside Family Medicine & Pediatrics".to_string(),
        ..generic
    };
    let card = renderer().render(&practice_only).expect("renders");
    preview("generic-practice-only", &card);
    assert_valid(&card, CardFormat::Png);
}

#[test]
fn accented_name_is_drawn() {
    let jose = CardInput { name: "Dr. José Núñez".to_string(), ..input() };
    let with_name = renderer().render(&jose).expect("renders");
    preview("jose", &with_name);
    let without = renderer().render(&CardInput { name: String::new(), ..jose.clone() }).expect("renders");
    let a = assert_valid(&with_name, CardFormat::Png);
    let b = decode(&without);
    assert!(differing_pixels(&a, &b, 80..700, 500..552) > 2000);
    assert!(fonts().uncovered_chars(&jose.name).is_empty());
    // The accents themselves: José vs Jose differ above the x-height of the name line.
    let plain = renderer().render(&CardInput { name: "Dr. Jose Nunez".to_string(), ..jose }).expect("renders");
    assert!(differing_pixels(&a, &decode(&plain), 80..700, 500..520) > 20);
}

#[test]
fn cjk_name_is_drawn_with_the_fallback_font() {
    for (name, file) in [("王小明", "cjk-zh"), ("田中 花子", "cjk-ja")] {
        let cjk = CardInput {
            name: name.to_string(),
            credentials: "MD".to_string(),
            title: "高血压患者的饮食指南与日常生活注意事项".to_string(),
            ..input()
        };
        assert!(fonts().uncovered_chars(name).is_empty());
        let svg = renderer().render_svg(&cjk).expect("svg");
        assert!(svg.contains("<tspan font-family=\"'Noto Sans CJK SC'\">"), "{svg}");
        let card = renderer().render(&cjk).expect("renders");
        preview(file, &card);
        let a = assert_valid(&card, CardFormat::Png);
        let without = renderer()
            .render(&CardInput { name: String::new(), credentials: String::new(), ..cjk.clone() })
            .expect("renders");
        assert!(differing_pixels(&a, &decode(&without), 80..400, 500..552) > 1500, "{name}");
    }
}

#[test]
fn mixed_latin_cjk_with_ligatures_renders_every_glyph() {
    // "fi"/"ffi" may form ligatures in Noto Sans; the CJK part must still come out.
    let mixed = CardInput {
        title: "Office flu shots: 王医生 and 김민준 offer fifteen-minute visits".to_string(),
        ..input()
    };
    let with = renderer().render(&mixed).expect("renders");
    preview("mixed", &with);
    let a = assert_valid(&with, CardFormat::Png);
    let latin_only = renderer()
        .render(&CardInput {
            title: "Office flu shots:                     and                offer fifteen-minute visits".to_string(),
            ..mixed
        })
        .expect("renders");
    assert!(differing_pixels(&a, &decode(&latin_only), 80..1120, 150..440) > 3000);
}

#[test]
fn rendering_is_deterministic() {
    let mut with_photo = input();
    with_photo.headshot = Some(headshot(400));
    for card in [input(), with_photo] {
        let a = renderer().render(&card).expect("renders");
        let b = renderer().render(&card).expect("renders");
        assert_eq!(a, b);
    }
}

#[test]
fn cache_key_covers_every_input() {
    let r = renderer();
    let base = input();
    let key = r.cache_key(&base);
    assert_eq!(key.len(), 64);
    assert_eq!(key, r.cache_key(&base.clone()), "stable");
    let photo = headshot(64);
    let mut other_photo = (*photo).clone();
    other_photo.put_pixel(3, 3, Rgba([0, 0, 0, 255]));
    let variants: Vec<CardInput> = vec![
        CardInput { title: "Other".into(), ..base.clone() },
        CardInput { name: "Other".into(), ..base.clone() },
        CardInput { credentials: "DO".into(), ..base.clone() },
        CardInput { specialty: "Other".into(), ..base.clone() },
        CardInput { practice: "Other".into(), ..base.clone() },
        CardInput { primary: "#000000".into(), ..base.clone() },
        CardInput { accent: "#000000".into(), ..base.clone() },
        CardInput { generic: true, ..base.clone() },
        CardInput { headshot: Some(photo.clone()), ..base.clone() },
        CardInput { headshot: Some(Arc::new(other_photo)), ..base.clone() },
        // Moving text between fields changes the key too.
        CardInput { name: "Dr. Priya Chen MD".into(), credentials: ", FACC".into(), ..base.clone() },
    ];
    let mut keys = vec![key];
    for v in &variants {
        let k = r.cache_key(v);
        assert!(!keys.contains(&k), "{v:?}");
        keys.push(k);
    }
    assert_eq!(
        r.cache_key(&CardInput { headshot: Some(photo.clone()), ..base.clone() }),
        r.cache_key(&CardInput { headshot: Some(Arc::new((*photo).clone())), ..base.clone() }),
        "the pixels count, not the allocation"
    );
    // A different template or font set changes every key.
    let other_template =
        CardRenderer::new(&TEMPLATE.replace("fill-opacity=\"0.06\"", "fill-opacity=\"0.07\""), fonts())
            .expect("compiles");
    assert_ne!(other_template.cache_key(&base), r.cache_key(&base));
}

#[test]
fn bad_colours_are_errors() {
    for bad in ["0b4f6c", "#0b4f6", "#0b4f6cc", "#gggggg", "red", ""] {
        let err = renderer().render(&CardInput { primary: bad.to_string(), ..input() }).expect_err(bad);
        assert!(matches!(err, CardError::Colour { field: "primary", .. }), "{err}");
    }
    assert!(renderer().render(&CardInput { accent: "#ABCDEF".into(), ..input() }).is_ok());
}

#[test]
fn text_is_escaped_and_control_characters_dropped() {
    let nasty = CardInput {
        title: "<script>alert('x')</script> & \"quotes\"\u{0}\u{7}".to_string(),
        practice: "A&B <Clinic>".to_string(),
        ..input()
    };
    let svg = renderer().render_svg(&nasty).expect("svg");
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;") && svg.contains("A&amp;B"));
    assert!(!svg.contains('\u{0}'));
    assert!(renderer().render(&nasty).is_ok());
}

#[test]
fn light_brand_colours_get_dark_text() {
    let svg = renderer().render_svg(&CardInput { primary: "#ffd23f".into(), ..input() }).expect("svg");
    assert!(svg.contains("fill=\"#111827\" fill-opacity=\"0.9\""), "{svg}");
    let card = renderer()
        .render(&CardInput { primary: "#ffd23f".into(), accent: "#0b4f6c".into(), ..input() })
        .expect("renders");
    preview("light", &card);
    assert_eq!(on_colour([0x0b, 0x4f, 0x6c]), "#ffffff");
    assert_eq!(on_colour([0xff, 0xff, 0xff]), "#111827");
}

#[test]
fn template_errors_carry_the_line() {
    let broken = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<text>\n{{ title_lines | nope( }}\n</text></svg>";
    match CardRenderer::new(broken, fonts()) {
        Err(CardError::Template { line: Some(3), .. }) => {}
        other => panic!("{other:?}"),
    }
    let undefined = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n\n\n<text>{{ no_such_variable }}</text></svg>";
    let r = CardRenderer::new(undefined, fonts()).expect("compiles");
    match r.render_svg(&input()) {
        Err(CardError::Template { line: Some(4), .. }) => {}
        other => panic!("{other:?}"),
    }
    let not_svg = CardRenderer::new("<svg><unclosed></svg>", fonts()).expect("compiles");
    assert!(matches!(not_svg.render(&input()), Err(CardError::Svg(_))));
}

#[test]
fn renderer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<CardRenderer>();
    assert_send_sync::<CardFonts>();
}

#[test]
fn timing_per_card() {
    let n = if cfg!(debug_assertions) { 3 } else { 40 };
    let r = renderer();
    let titles = [
        "Atrial fibrillation: what patients should know about stroke risk",
        "Flu shots",
        "Living well with type 2 diabetes: food, exercise, medication and the checks you need",
        "When chest pain means you should call 911",
    ];
    let photo = headshot(400);
    for (label, with_photo) in [("PNG", false), ("JPEG", true)] {
        let mut total_bytes = 0;
        let start = Instant::now();
        for i in 0..n {
            let card = r
                .render(&CardInput {
                    title: format!("{} ({i})", titles[i % titles.len()]),
                    headshot: with_photo.then(|| photo.clone()),
                    ..input()
                })
                .expect("renders");
            total_bytes += card.bytes.len();
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!(
            "share card {label}: {ms:.1} ms/card, {:.0} KiB average ({n} cards)",
            total_bytes as f64 / n as f64 / 1024.0
        );
    }
    let start = Instant::now();
    for i in 0..n {
        std::hint::black_box(
            r.render_svg(&CardInput { title: titles[i % titles.len()].to_string(), ..input() }).expect("svg"),
        );
    }
    println!("  of which templating (fit + Tera): {:.2} ms/card", start.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(r.cache_key(&CardInput { headshot: Some(photo.clone()), ..input() }));
    }
    println!("cache key with a 400x400 headshot: {:.3} ms", start.elapsed().as_secs_f64() * 1000.0 / n as f64);
}

#[test]
fn korean_words_are_kept_whole() {
    let fonts = fonts();
    let fitted = fit_title(&fonts, "고혈압 환자를 위한 식단 안내와 생활 습관", 400.0, 5, 64.0, 64.0);
    assert!(fitted.lines.len() > 1);
    assert_eq!(fitted.lines.join(" "), "고혈압 환자를 위한 식단 안내와 생활 습관");
}

#[test]
fn long_fields_are_cut_to_their_lines() {
    let long = CardInput {
        title: "What to expect before, during and after a cardiac catheterization, angioplasty and stent \
                placement, including preparation, medications and recovery at home"
            .to_string(),
        name: "Dr. Maria Guadalupe Fernández-Castellanos de la Vega y Rodríguez-Santamaría".to_string(),
        credentials: "MD, PhD, FACC, FSCAI, FAHA".to_string(),
        specialty:
            "Interventional cardiology, structural heart disease, cardio-oncology and adult congenital heart disease"
                .to_string(),
        practice: "Northside Regional Heart, Vascular and Cardiothoracic Surgery Associates of Greater Springfield"
            .to_string(),
        headshot: Some(headshot(PHOTO_SIZE)),
        ..input()
    };
    let svg = renderer().render_svg(&long).expect("svg");
    assert!(svg.matches('…').count() >= 4, "title, practice, name and specialty are cut: {svg}");
    let card = renderer().render(&long).expect("renders");
    preview("long", &card);
    assert_valid(&card, CardFormat::Jpeg);
}

#[test]
fn fallback_keeps_the_weight() {
    let fonts = fonts();
    let select = fonts.fallback_selector();
    let mut db = fonts.database();
    for weight in [400, 700] {
        let base = fonts.face_id("Noto Sans", weight).expect("Noto Sans face");
        let cjk = fonts.face_id("Noto Sans CJK SC", weight).expect("CJK face");
        assert_eq!(select('王', &[base], &mut db), Some(cjk), "weight {weight}");
        assert_eq!(select('王', &[base, cjk], &mut db), fonts.face_id("Noto Sans CJK SC", 1100 - weight));
    }
    let m = fonts.measurer();
    assert_eq!(m.family_for('王', 700), Some("Noto Sans CJK SC"));
    assert_eq!(m.family_for('é', 700), Some("Noto Sans"));
}

#[test]
fn card_images_come_only_from_the_theme_and_assets_never_from_disk() {
    // `href="/dev/zero"` used to be read until memory ran out.
    for href in ["/dev/zero", "../../site.toml", "/etc/passwd", "https://example.com/x.png"] {
        let template =
            TEMPLATE.replace("</svg>", &format!("<image href=\"{href}\" width=\"10\" height=\"10\"/></svg>"));
        let started = Instant::now();
        let error = CardRenderer::new(&template, fonts()).expect("compiles").render(&input()).unwrap_err();
        assert!(matches!(&error, CardError::Svg(m) if m.contains(href)), "{href}: {error}");
        assert!(started.elapsed().as_secs() < 5, "{href} took {:?}", started.elapsed());
    }
    let mut dot = Vec::new();
    RgbaImage::from_pixel(4, 4, Rgba([200, 0, 0, 255]))
        .write_to(&mut std::io::Cursor::new(&mut dot), image::ImageFormat::Png)
        .expect("encoding");
    let template = TEMPLATE.replace("</svg>", "<image href=\"images/dot.png\" width=\"10\" height=\"10\"/></svg>");
    let resources = resources::CardResources::new([("images/dot.png".to_string(), bytes::Bytes::from(dot))]);
    let renderer = CardRenderer::new(&template, fonts()).expect("compiles").with_resources(resources);
    renderer.render(&input()).expect("a theme file is drawn");
}

#[test]
fn a_title_keeps_credentials_and_dashes_with_the_word_before_them() {
    assert_eq!(glue_credentials("Dr. Rafael Moreno, MD", "MD"), "Dr. Rafael Moreno,\u{a0}MD");
    assert_eq!(
        glue_credentials("Amara Okafor, MD, FACC — Cardiologist", "MD, FACC"),
        "Amara Okafor,\u{a0}MD,\u{a0}FACC\u{a0}— Cardiologist"
    );
    assert_eq!(fit::clean_text("a\u{a0}b  c"), "a\u{a0}b c", "a no-break space survives cleaning");
}

#[test]
fn the_footer_does_not_repeat_a_name_the_title_already_gives() {
    assert!(names_person("Dr. Rafael Moreno, MD", "Dr. Rafael Moreno"));
    assert!(names_person("Amara Okafor, MD — Cardiologist in Springfield", "Dr. Amara Okafor"));
    assert!(!names_person("Heart failure basics", "Dr. Amara Okafor"));
    assert!(!names_person("Anything", ""));
}
