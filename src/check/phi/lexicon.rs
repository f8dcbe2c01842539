//! Real-world word lists behind the patient-content detectors, embedded in the binary and indexed
//! on first use (only sites with reviews pay for them):
//! - US first names (Social Security Administration baby names, 1880–2024) and surnames (US Census
//!   2010), in frequency order: `data/names/`;
//! - the 25,000 most frequent English words (wordfreq), to tell "Will" the verb from "Will" the
//!   name: `data/words/`;
//! - US places of 1,000 people or more (GeoNames), counties (US Census) and states: `data/places/`.
//!
//! Sources, licences and the scripts that regenerate the files are in each folder's README.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

const FIRST_NAMES: &str = include_str!("../../../data/names/first.txt");
const SURNAMES: &str = include_str!("../../../data/names/surnames.txt");
const ENGLISH: &str = include_str!("../../../data/words/english.txt");
const PLACES: &str = include_str!("../../../data/places/places.tsv");
const COUNTIES: &str = include_str!("../../../data/places/counties.tsv");
const STATES: &str = include_str!("../../../data/places/states.tsv");

/// English words more frequent than this are "common" for the name and place heuristics.
const COMMON_WORDS: u32 = 10_000;

/// A list entry compared without regard to ASCII case. Entries that are already keys apart from
/// case (nearly all names and words) borrow the embedded text: indexing 200,000 of them then
/// allocates nothing.
#[derive(Debug, Clone)]
struct Caseless(Cow<'static, str>);

impl Caseless {
    fn of(entry: &'static str) -> Self {
        let respelled = ["saint", "mount", "fort"].iter().any(|w| entry.eq_ignore_ascii_case(w));
        if entry.bytes().all(|b| b.is_ascii_alphanumeric()) && !respelled {
            Caseless(Cow::Borrowed(entry))
        } else {
            Caseless(Cow::Owned(key(entry)))
        }
    }
}

impl PartialEq for Caseless {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Caseless {}

impl Hash for Caseless {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Lowered a chunk at a time and hashed with one write per chunk: indexing the lists
        // hashes 200,000 words, and a write per byte was most of the time it took.
        let mut chunk = [0u8; 32];
        for part in self.0.as_bytes().chunks(chunk.len()) {
            let lowered = &mut chunk[..part.len()];
            lowered.copy_from_slice(part);
            lowered.make_ascii_lowercase();
            state.write(lowered);
        }
        state.write_u8(0xff);
    }
}

/// The indexed lists.
pub struct Lexicon {
    first: FxHashMap<Caseless, u32>,
    surnames: FxHashMap<Caseless, u32>,
    english: FxHashMap<Caseless, u32>,
    /// Places by key, with the states they are in (USPS codes) and the largest population.
    places: FxHashMap<String, (Vec<String>, u32)>,
    /// Counties and county equivalents by key, with their suffix ("lackawanna county").
    counties: FxHashSet<String>,
}

/// The lists, indexed once per process.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);
    &LEXICON
}

/// The comparison form of a word or phrase: ASCII (diacritics folded), lower case, apostrophes
/// and periods dropped, "saint/mount/fort" written as "st/mt/ft", spaces single.
/// The USPS code of a state, by its code or name ("Illinois" -> "IL"): a table of its own, so
/// that validating site.toml's `states` does not index the 200,000 names.
pub fn state_code(name: &str) -> Option<&'static str> {
    static STATE_CODES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
        let mut states = HashMap::new();
        for line in STATES.lines() {
            if let Some((code, name)) = line.split_once('\t') {
                states.insert(key(code), code);
                states.insert(key(name), code);
            }
        }
        states
    });
    STATE_CODES.get(&key(name)).copied()
}

pub fn key(text: &str) -> String {
    // Most words are plain ASCII letters: the fast path (the lists hold 200,000 of them).
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let lower = text.to_ascii_lowercase();
        return match lower.as_str() {
            "saint" => "st".into(),
            "mount" => "mt".into(),
            "fort" => "ft".into(),
            _ => lower,
        };
    }
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut words = Vec::new();
    for word in ascii.split(|c: char| c.is_whitespace() || c == '-') {
        let word: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let word = match word.as_str() {
            "saint" => "st".to_string(),
            "mount" => "mt".to_string(),
            "fort" => "ft".to_string(),
            _ => word,
        };
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.join(" ")
}

fn ranked(list: &'static str) -> FxHashMap<Caseless, u32> {
    let mut map = FxHashMap::with_capacity_and_hasher(list.bytes().filter(|b| *b == b'\n').count(), Default::default());
    for (rank, line) in list.lines().enumerate() {
        map.entry(Caseless::of(line)).or_insert(rank as u32);
    }
    map
}

/// Places by key, with the states they are in and the largest population.
fn places() -> FxHashMap<String, (Vec<String>, u32)> {
    let mut places: FxHashMap<String, (Vec<String>, u32)> = FxHashMap::default();
    for line in PLACES.lines() {
        let mut fields = line.split('\t');
        let (Some(name), Some(state)) = (fields.next(), fields.next()) else { continue };
        let population = fields.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        // "The Bronx" is written "the Bronx" and "Bronx" too.
        let bare = name.strip_prefix("The ");
        let names = std::iter::once(name).chain(fields.next()).chain(bare);
        for name in names {
            let entry = places.entry(key(name)).or_default();
            if !entry.0.iter().any(|s| s == state) {
                entry.0.push(state.to_string());
            }
            entry.1 = entry.1.max(population);
        }
    }
    places
}

/// Looks `word` up in an index, by its key.
fn rank(index: &FxHashMap<Caseless, u32>, word: &str) -> Option<u32> {
    index.get(&Caseless(Cow::Owned(key(word)))).copied()
}

impl Lexicon {
    /// Reads and indexes the lists (the process-wide copy is [`lexicon`]; this is for benchmarks).
    pub fn load() -> Self {
        // Four independent indexes, built side by side: this is most of a small site's build.
        let ((first, surnames), (english, (places, counties))) = rayon::join(
            || rayon::join(|| ranked(FIRST_NAMES), || ranked(SURNAMES)),
            || {
                rayon::join(
                    || ranked(ENGLISH),
                    || rayon::join(places, || COUNTIES.lines().filter_map(|l| l.split('\t').next()).map(key).collect()),
                )
            },
        );
        Self { first, surnames, english, places, counties }
    }

    /// Frequency rank of an English word (0 = most frequent).
    fn english_rank(&self, word: &str) -> Option<u32> {
        rank(&self.english, word)
    }

    /// Whether `word` is one of the most frequent English words.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.english_rank(word).is_some_and(|r| r < COMMON_WORDS)
    }

    /// Whether `word` is an English word at all (the 25,000 most frequent).
    pub fn is_english(&self, word: &str) -> bool {
        self.english_rank(word).is_some()
    }

    /// More frequent as an ordinary word than as a name of this list ("Will", "Hope", "Church").
    fn wordy(&self, word: &str, name_rank: u32) -> bool {
        self.english_rank(word).is_some_and(|r| r < COMMON_WORDS && r < name_rank)
    }

    /// A first name (any part of a hyphenated one) in the list.
    pub fn is_first_name(&self, word: &str) -> bool {
        parts(word).any(|p| rank(&self.first, p).is_some())
    }

    /// A first name that is more a name than a word ("Linda", "John"; not "Will").
    pub fn is_strong_first_name(&self, word: &str) -> bool {
        parts(word).any(|p| rank(&self.first, p).is_some_and(|r| !self.wordy(p, r)))
    }

    /// A surname (any part of a double-barrelled one) in the list.
    pub fn is_surname(&self, word: &str) -> bool {
        parts(word).any(|p| rank(&self.surnames, p).is_some())
    }

    /// A surname that is more a name than a word ("Dawson", "Park"; not "Church").
    pub fn is_strong_surname(&self, word: &str) -> bool {
        parts(word).any(|p| rank(&self.surnames, p).is_some_and(|r| !self.wordy(p, r)))
    }

    /// The states a place of that name is in, and its largest population, if it is a US place.
    pub fn place(&self, name: &str) -> Option<(&[String], u32)> {
        self.places.get(&key(name)).map(|(states, population)| (states.as_slice(), *population))
    }

    /// Whether `name` ("Lackawanna County") is a US county or county equivalent.
    pub fn is_county(&self, name: &str) -> bool {
        self.counties.contains(&key(name))
    }

    /// The USPS code of a state name or code ("Illinois", "IL").
    pub fn state(&self, name: &str) -> Option<&'static str> {
        state_code(name)
    }
}

/// The parts of a hyphenated word ("García-López" -> "García", "López"), and the word itself.
fn parts(word: &str) -> impl Iterator<Item = &str> {
    std::iter::once(word).chain(word.split('-').filter(move |p| p.len() < word.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_apostrophes_and_saints() {
        assert_eq!(key("O’Brien"), "obrien");
        assert_eq!(key("García-López"), "garcia lopez");
        assert_eq!(key("St. Louis"), "st louis");
        assert_eq!(key("Saint  Louis"), "st louis");
        assert_eq!(key("Española"), "espanola");
    }

    #[test]
    fn the_lists_answer_as_expected() {
        let l = lexicon();
        for name in ["Jennifer", "Linda", "Maria", "John", "Mary", "Priya"] {
            assert!(l.is_strong_first_name(name), "{name}");
        }
        for name in ["Dawson", "Delgado", "Gonzalez", "O'Brien", "García-López", "Park"] {
            assert!(l.is_strong_surname(name), "{name}");
        }
        assert!(l.is_first_name("Will") && !l.is_strong_first_name("Will"));
        assert!(!l.is_strong_first_name("Hope") || !l.is_strong_surname("Church"));
        assert!(l.place("Scranton").is_some_and(|(states, _)| states.contains(&"PA".to_string())));
        assert!(l.place("Saint Louis").is_some());
        assert!(l.is_county("Lackawanna County"));
        assert_eq!(l.state("Illinois"), Some("IL"));
        assert_eq!(l.state("IL"), Some("IL"));
    }

    #[test]
    fn every_list_is_loaded_whole() {
        let l = Lexicon::load();
        assert!(l.first.len() > 20_000 && l.surnames.len() > 150_000 && l.english.len() > 20_000);
        assert!(l.places.len() > 10_000, "{}", l.places.len());
        // Distinct names: "Washington County" is in 30 states.
        assert!(l.counties.len() > 1_900, "{}", l.counties.len());
        assert_eq!((state_code("wyoming"), state_code("PR"), state_code("Narnia")), (Some("WY"), Some("PR"), None));
    }
}
