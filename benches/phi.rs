//! PHI scanner benchmark: how long the name and place lists take to load, and how fast the
//! scanner reads review and article text. Not part of `cargo test`; run with
//! `cargo bench --bench phi [-- CORPUS]`, where CORPUS is a site folder of the shared benchmark
//! corpus (`../shared/bench/gen_corpus.py 1000 /tmp/wc-bench/corpus-1000`); without it the
//! example site's text is used. Targets: lists loaded in under 20 ms; scanning within 2x of the
//! speed before the lists existed (measured with the release binaries: see the README).

use std::time::{Duration, Instant};

use whitecoat::check::phi::{Public, Scanner, lexicon};

fn main() {
    let corpus = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let root = corpus.map_or_else(|| std::path::PathBuf::from("example-site"), std::path::PathBuf::from);
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            texts.push(std::fs::read_to_string(entry.path()).expect("reading a document"));
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();

    let loads: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(lexicon::Lexicon::load());
            started.elapsed()
        })
        .collect();
    let mut sorted = loads.clone();
    sorted.sort();
    println!("lists load: median {:.1} ms (min {:.1} ms, 5 runs)", ms(sorted[2]), ms(sorted[0]));

    let scanner = Scanner::new();
    let public = Public::default();
    let _ = scanner.scan("warm up the patterns", true, &public);
    let _ = lexicon::lexicon();
    for (mode, patient) in [("article", false), ("review", true)] {
        let started = Instant::now();
        let mut found = 0;
        for text in &texts {
            for paragraph in text.split("\n\n") {
                found += scanner.scan(paragraph, patient, &public).len();
            }
        }
        let elapsed = started.elapsed();
        println!(
            "scan as {mode}: {} documents, {:.1} MB in {:.0} ms = {:.1} MB/s, {found} findings",
            texts.len(),
            bytes as f64 / 1e6,
            ms(elapsed),
            bytes as f64 / 1e6 / elapsed.as_secs_f64()
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
