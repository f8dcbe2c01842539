//! The held-out style corpus (`tests/fixtures/phi-corpus.toml`): review sentences with one
//! identifier each, and clinical or practice sentences with none. Measures recall per rule and
//! false alarms, scanned as patient content, and holds them to a floor.

use super::{Public, Scanner};

const CORPUS: &str = include_str!("../../../tests/fixtures/phi-corpus.toml");

#[derive(serde::Deserialize)]
struct Corpus {
    positive: Vec<Positive>,
    negative: Vec<Negative>,
}

#[derive(serde::Deserialize)]
struct Positive {
    text: String,
    rule: String,
    #[serde(rename = "match")]
    matched: String,
    form: String,
}

#[derive(serde::Deserialize)]
struct Negative {
    text: String,
    trap: String,
}

/// Recall (found / positives) and the false alarms on the corpus, with a report of each miss.
fn measure() -> (usize, usize, Vec<String>, Vec<String>) {
    let corpus: Corpus = toml::from_str(CORPUS).expect("the corpus is valid TOML");
    let scanner = Scanner::new();
    let public = Public::default();
    let mut found = 0;
    let mut misses = Vec::new();
    for p in &corpus.positive {
        let start = p.text.find(&p.matched).expect("the match is in the text");
        let wanted = start..start + p.matched.len();
        let hits = scanner.scan(&p.text, true, &public);
        let hit =
            hits.iter().any(|h| h.family.rule() == p.rule && h.range.start < wanted.end && wanted.start < h.range.end);
        if hit {
            found += 1;
        } else {
            let got: Vec<String> =
                hits.iter().map(|h| format!("{} {:?}", h.family.rule(), &p.text[h.range.clone()])).collect();
            misses.push(format!("{} [{}] {:?} in {:?}; got {got:?}", p.rule, p.form, p.matched, p.text));
        }
    }
    let mut alarms = Vec::new();
    for n in &corpus.negative {
        let hits = scanner.scan(&n.text, true, &public);
        if !hits.is_empty() {
            let got: Vec<String> =
                hits.iter().map(|h| format!("{} {:?}", h.family.rule(), &n.text[h.range.clone()])).collect();
            alarms.push(format!("[{}] {:?}: {got:?}", n.trap, n.text));
        }
    }
    (found, corpus.positive.len(), misses, alarms)
}

#[test]
fn corpus_recall_and_false_alarms() {
    let (found, total, misses, alarms) = measure();
    eprintln!("recall {found}/{total} ({:.1}%), false alarms {}", 100.0 * found as f64 / total as f64, alarms.len());
    for m in &misses {
        eprintln!("miss: {m}");
    }
    for a in &alarms {
        eprintln!("false alarm: {a}");
    }
    // Floors, not targets: the corpus is one sample of the forms; a held-out set measures the rest.
    assert!(found * 100 >= total * 95, "recall fell below 95%: {found}/{total}");
    assert!(alarms.is_empty(), "false alarms on clinical and practice sentences");
}
