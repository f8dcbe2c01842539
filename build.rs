//! Build steps:
//! - the built-in themes are embedded with include_dir, which cannot tell cargo to watch them;
//! - the PHI word lists (`data/names`, `data/words`, `data/places`) are indexed here, into FST
//!   maps (the `fst` crate) that the binary embeds and reads in place: indexing their 200,000
//!   entries at run time was most of a small site's build.

use std::collections::BTreeMap;
use std::path::Path;

#[path = "src/check/phi/key.rs"]
mod key;

fn main() {
    println!("cargo:rerun-if-changed=themes");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    for (list, name) in [
        ("data/names/first.txt", "first"),
        ("data/names/surnames.txt", "surnames"),
        ("data/words/english.txt", "english"),
    ] {
        write_map(&out.join(format!("{name}.fst")), ranked(&read(list)));
    }
    let (places, state_sets) = places(&read("data/places/places.tsv"));
    write_map(&out.join("places.fst"), places);
    let sets: Vec<String> = state_sets.iter().map(|states| format!("&{states:?}")).collect();
    std::fs::write(out.join("place_states.rs"), format!("&[{}]\n", sets.join(", "))).expect("writing place_states.rs");
    let counties: BTreeMap<String, u64> = read("data/places/counties.tsv")
        .lines()
        .filter_map(|l| l.split('\t').next())
        .map(|c| (key::key(c), 0))
        .collect();
    write_map(&out.join("counties.fst"), counties);
}

fn read(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// Each entry's key and the rank (line number) of its first occurrence.
fn ranked(list: &str) -> BTreeMap<String, u64> {
    let mut map = BTreeMap::new();
    for (rank, line) in list.lines().enumerate() {
        map.entry(key::key(line)).or_insert(rank as u64);
    }
    map
}

/// Places by key ("The Bronx" also as "Bronx", and by its alternate name): the largest
/// population in the high 32 bits, in the low the index of the set of states (USPS codes, in
/// the order the list first names them) among the returned sets.
fn places(list: &str) -> (BTreeMap<String, u64>, Vec<Vec<String>>) {
    let mut places: BTreeMap<String, (Vec<String>, u64)> = BTreeMap::new();
    for line in list.lines() {
        let mut fields = line.split('\t');
        let (Some(name), Some(state)) = (fields.next(), fields.next()) else { continue };
        let population: u64 = fields.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        let bare = name.strip_prefix("The ");
        for name in std::iter::once(name).chain(fields.next()).chain(bare) {
            let entry = places.entry(key::key(name)).or_default();
            if !entry.0.iter().any(|s| s == state) {
                entry.0.push(state.to_string());
            }
            entry.1 = entry.1.max(population);
        }
    }
    let mut sets: Vec<Vec<String>> = Vec::new();
    let mut index: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    let map = places
        .into_iter()
        .map(|(key, (states, population))| {
            let next = index.len() as u64;
            let set = *index.entry(states.clone()).or_insert_with(|| {
                sets.push(states);
                next
            });
            (key, population << 32 | set)
        })
        .collect();
    (map, sets)
}

fn write_map(path: &Path, entries: BTreeMap<String, u64>) {
    let mut builder = fst::MapBuilder::memory();
    for (key, value) in entries {
        builder.insert(key, value).expect("keys come sorted and unique from a BTreeMap");
    }
    let bytes = builder.into_inner().expect("building an in-memory FST");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
