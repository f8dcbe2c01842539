//! The cue words of a pattern: a few literals one of which every match contains (compared
//! ignoring ASCII case). Text without any of them cannot match, so the pattern need not be
//! compiled for it: a site whose pages never say "aged", "Mrs" or "my son" never pays for the
//! patterns that start there.
//!
//! Worked out from a form's syntax tree: a literal is its own cue; a concatenation takes its
//! most telling run of fixed pieces (or a child's cues); an alternation needs cues in every
//! branch; an optional piece has none. A class of one letter in either case is that letter;
//! bigger classes end a run. The cues are a superset test, never an exact one: the regex still
//! decides.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of strings, lower-cased (ASCII).
type Set = BTreeSet<Vec<u8>>;

/// A run of fixed pieces multiplied out to more strings than this ends there (the strings get
/// no more telling, only more).
const MAX_SET: usize = 64;
/// Alternations may name more words than that: one word of a long list is still telling.
const MAX_UNION: usize = 512;
/// Classes of more characters than this (after folding case) end a run.
const MAX_CLASS: usize = 3;

/// The cues of `pattern` (one of the forms, as printed): empty when some match may contain no
/// telling literal (then the pattern is always compiled).
pub(super) fn of(pattern: &str) -> Vec<String> {
    let Ok(hir) = regex_syntax::parse(pattern) else { return Vec::new() };
    match analyse(&hir).cues() {
        Some(set) => set.into_iter().filter_map(|cue| String::from_utf8(cue).ok()).collect(),
        None => Vec::new(),
    }
}

/// How a cue search is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Search {
    /// Quick to build (microseconds), slower to search: for the first texts a form meets.
    Quick,
    /// Quick to search (a DFA for up to a hundred words: one table step per byte), slower to
    /// build: once a form has met enough text to earn it.
    Fast,
}

/// A search for any of `cues`, ignoring ASCII case (`None` when there are none).
pub(super) fn finder(cues: &[impl AsRef<[u8]>], search: Search) -> Option<AhoCorasick> {
    if cues.is_empty() {
        return None;
    }
    let kind = match search {
        Search::Quick => Some(AhoCorasickKind::NoncontiguousNFA),
        // The crate's own choice: a DFA for up to a hundred words, else a contiguous NFA (a DFA
        // of hundreds of words costs more to build than most sites spend searching).
        Search::Fast => None,
    };
    AhoCorasick::builder().ascii_case_insensitive(true).kind(kind).build(cues).ok()
}

/// What a piece of a pattern can match.
struct Literals {
    /// Every string it matches, when they are few.
    exact: Option<Set>,
    /// Strings one of which every match contains (`None`: no such set is known).
    required: Option<Set>,
}

impl Literals {
    fn exact(set: Set) -> Self {
        Self { exact: Some(set), required: None }
    }

    fn unknown() -> Self {
        Self { exact: None, required: None }
    }

    /// The best cues this piece gives: its exact strings or its required ones, whichever tells more.
    fn cues(&self) -> Option<Set> {
        best([self.exact.clone(), self.required.clone()])
    }
}

fn analyse(hir: &Hir) -> Literals {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Literals::exact(Set::from([Vec::new()])),
        HirKind::Literal(literal) => Literals::exact(Set::from([literal.0.to_ascii_lowercase()])),
        HirKind::Class(class) => match class_chars(class) {
            Some(set) => Literals::exact(set),
            None => Literals::unknown(),
        },
        HirKind::Capture(capture) => analyse(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = analyse(&rep.sub);
            match (rep.min, rep.max) {
                (0, _) => Literals::unknown(),
                (1, Some(1)) => sub,
                _ => Literals { exact: None, required: sub.cues() },
            }
        }
        HirKind::Concat(children) => concat(children.iter().map(analyse).collect()),
        HirKind::Alternation(children) => {
            let children: Vec<Literals> = children.iter().map(analyse).collect();
            let exact = children.iter().map(|c| c.exact.clone()).collect::<Option<Vec<Set>>>().and_then(union);
            let required = children.iter().map(Literals::cues).collect::<Option<Vec<Set>>>().and_then(union);
            Literals { exact, required }
        }
    }
}

/// A concatenation: runs of exact pieces multiply out; the best run or child's cues win.
fn concat(children: Vec<Literals>) -> Literals {
    let mut candidates = Vec::new();
    let mut run: Option<Set> = Some(Set::from([Vec::new()]));
    let mut all_exact = true;
    for child in children {
        match (run.take(), child.exact) {
            (Some(prefix), Some(exact)) => match cross(&prefix, &exact) {
                Some(product) => run = Some(product),
                None => {
                    // Too many combinations: the run so far is a candidate; a new one starts.
                    candidates.push(Some(prefix));
                    all_exact = false;
                    run = Some(exact);
                }
            },
            (None, Some(exact)) => run = Some(exact),
            (prefix, None) => {
                candidates.push(prefix);
                all_exact = false;
                candidates.push(child.required);
            }
        }
    }
    let exact = if all_exact { run.clone() } else { None };
    candidates.push(run);
    Literals { exact, required: best(candidates) }
}

/// The most telling set: the longest shortest string, then the fewest strings. Sets containing
/// the empty string tell nothing.
fn best(sets: impl IntoIterator<Item = Option<Set>>) -> Option<Set> {
    sets.into_iter()
        .flatten()
        .filter(|set| !set.is_empty() && set.iter().all(|s| !s.is_empty()))
        .max_by_key(|set| (set.iter().map(Vec::len).min().unwrap_or(0), std::cmp::Reverse(set.len())))
}

fn cross(left: &Set, right: &Set) -> Option<Set> {
    if left.len() * right.len() > MAX_SET {
        return None;
    }
    Some(left.iter().flat_map(|l| right.iter().map(move |r| [l.as_slice(), r.as_slice()].concat())).collect())
}

fn union(sets: Vec<Set>) -> Option<Set> {
    let set: Set = sets.into_iter().flatten().collect();
    (set.len() <= MAX_UNION).then_some(set)
}

/// The characters of a small class, lower-cased (`[Mm]` is "m").
fn class_chars(class: &Class) -> Option<Set> {
    let mut set = Set::new();
    let mut push = |text: Vec<u8>| {
        set.insert(text.to_ascii_lowercase());
        set.len() <= MAX_CLASS
    };
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                if (range.end() as u32 - range.start() as u32) as usize >= MAX_CLASS * 2 {
                    return None;
                }
                for c in range.start()..=range.end() {
                    if !push(c.to_string().into_bytes()) {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                if (range.end() - range.start()) as usize >= MAX_CLASS * 2 {
                    return None;
                }
                for b in range.start()..=range.end() {
                    // A lone non-ASCII byte is part of some character, not a string of its own.
                    if !b.is_ascii() || !push(vec![b]) {
                        return None;
                    }
                }
            }
        }
    }
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(pattern: &str) -> Vec<String> {
        of(pattern)
    }

    #[test]
    fn literals_and_case_folded_classes_are_cues() {
        assert_eq!(cues(r"(?i)\baged\s+[0-9]+"), ["aged"]);
        assert_eq!(cues(r"\b(?:[Mm]y|[Hh]er)\s+(?:wife|son)\s+\w+"), ["son", "wife"]);
        assert_eq!(cues(r"(?-u:\b)[Mm][Rr][Ss]\.?"), ["mrs"]);
    }

    #[test]
    fn an_optional_or_open_piece_gives_no_cues() {
        assert!(cues(r"\b[0-9]{3}-[0-9]{4}\b").contains(&"-".to_string()));
        assert!(cues(r"(?:foo)?\w+").is_empty());
        assert!(cues(r"\p{Lu}\p{Ll}+").is_empty());
        assert!(cues(r"foo|\w+").is_empty(), "every branch needs cues");
    }

    #[test]
    fn runs_multiply_out_until_they_grow_too_big() {
        assert_eq!(cues(r"[Pp]atient['’]s"), ["patient's", "patient’s"]);
        let many = cues(r"(?:a|b|c|d|e|f|g|h)(?:a|b|c|d|e|f|g|h)(?:a|b|c|d|e|f|g|h)xyz");
        assert_eq!(many, ["xyz"]);
    }

    #[test]
    fn both_finders_ignore_ascii_case() {
        for search in [Search::Quick, Search::Fast] {
            let finder = finder(&["aged"], search).unwrap();
            assert!(finder.is_match("She was AGED ninety"));
            assert!(!finder.is_match("an age of ninety"));
            assert!(self::finder(&[] as &[&str], search).is_none());
        }
    }
}
