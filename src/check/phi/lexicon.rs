//! Real-world word lists behind the patient-content detectors, embedded in the binary:
//! - US first names (Social Security Administration baby names, 1880–2024) and surnames (US Census
//!   2010), in frequency order: `data/names/`;
//! - the 25,000 most frequent English words (wordfreq), to tell "Will" the verb from "Will" the
//!   name: `data/words/`;
//! - US places of 1,000 people or more (GeoNames), counties (US Census) and states: `data/places/`.
//!
//! `build.rs` indexes them by [`key`] into FST maps that are read in place, so using them costs no
//! start-up time. Sources, licences and the scripts that regenerate the files are in each folder's
//! README.

use std::collections::HashMap;
use std::sync::LazyLock;

use fst::{Map, Set};

pub use super::key::key;

/// An index built by `build.rs`.
macro_rules! index {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name))
    };
}

/// Rank (line number in the list) by key.
static FIRST_NAMES: &[u8] = index!("first.fst");
static SURNAMES: &[u8] = index!("surnames.fst");
static ENGLISH: &[u8] = index!("english.fst");
/// Largest population << 32 | index into [`PLACE_STATES`], by key.
static PLACES: &[u8] = index!("places.fst");
/// The sets of states places are in.
static PLACE_STATES: &[&[&str]] = include!(concat!(env!("OUT_DIR"), "/place_states.rs"));
/// Counties and county equivalents by key, with their suffix ("lackawanna county").
static COUNTIES: &[u8] = index!("counties.fst");
const STATES: &str = include_str!("../../../data/places/states.tsv");

/// English words more frequent than this are "common" for the name and place heuristics.
const COMMON_WORDS: u32 = 10_000;

/// The indexed lists.
pub struct Lexicon {
    first: Map<&'static [u8]>,
    surnames: Map<&'static [u8]>,
    english: Map<&'static [u8]>,
    places: Map<&'static [u8]>,
    counties: Set<&'static [u8]>,
}

/// The lists, indexed once per process.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);
    &LEXICON
}

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

/// Looks `word` up in an index, by its key.
fn rank(index: &Map<&'static [u8]>, word: &str) -> Option<u32> {
    index.get(key(word)).map(|rank| rank as u32)
}

impl Lexicon {
    /// Opens the indexes (the process-wide copy is [`lexicon`]).
    pub fn load() -> Self {
        let map = |bytes: &'static [u8]| Map::new(bytes).expect("build.rs wrote a valid FST");
        Self {
            first: map(FIRST_NAMES),
            surnames: map(SURNAMES),
            english: map(ENGLISH),
            places: map(PLACES),
            counties: Set::new(COUNTIES).expect("build.rs wrote a valid FST"),
        }
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
    pub fn place(&self, name: &str) -> Option<(&'static [&'static str], u32)> {
        let value = self.places.get(key(name))?;
        let states = PLACE_STATES.get((value & 0xffff_ffff) as usize)?;
        Some((states, (value >> 32) as u32))
    }

    /// Whether `name` ("Lackawanna County") is a US county or county equivalent.
    pub fn is_county(&self, name: &str) -> bool {
        self.counties.contains(key(name))
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
        assert!(l.place("Scranton").is_some_and(|(states, _)| states.contains(&"PA")));
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
