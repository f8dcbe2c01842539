//! Claims wording (`claims/*`): guarantees, cures, superiority, risk minimisation and board
//! claims, and the outcomes a testimonial may not describe without the generally expected results
//! (`ftc/expected-results`). The word lists are data: `claims.toml` (built in), the general and
//! per-specialty lists of `data/claims/specialties.toml` (chosen by the specialties of the site's
//! clinicians: a dermatology practice gets "scarless" and "cure your acne"), and a site's own
//! phrases. Negation-aware: "there is no cure" and "we cannot guarantee" are fine.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;

use crate::lazy_regex::CuedRegex;

#[path = "outcome_cues.rs"]
mod outcome_cues;

/// The claim categories, in the order of `claims.toml`.
pub const CATEGORIES: [&str; 5] = ["guarantee", "cure", "superiority", "risk", "board"];

/// Words that negate a claim when they come shortly before it in the same sentence.
const NEGATIONS: [&str; 20] = [
    "no", "not", "never", "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "won't", "wouldn't",
    "without", "nor", "neither", "nothing", "none", "nobody", "hardly", "no-one",
];
/// How many words before a match are looked at for a negation ("we do not claim to be the best").
const NEGATION_WINDOW: usize = 6;

/// Compiled claim rules.
pub struct Claims {
    rules: Vec<Rule>,
    /// Outcome descriptions (for testimonials): compiled when a testimonial holds a cue word.
    outcomes: CuedRegex,
    /// Whether `outcomes` is matched over the text lower-cased (ASCII), case-sensitively.
    outcomes_lowered: bool,
}

/// One claim category's pattern.
struct Rule {
    /// `claims/<category>`.
    rule: &'static str,
    regex: Regex,
    /// Whether `regex` is matched over the text lower-cased (ASCII), case-sensitively.
    lowered: bool,
}

/// Words after a match that make it something else: "cure rate" is a statistic, not a promise.
const NOT_A_CLAIM_AFTER: [&str; 4] = [" rate", " rates", " practices", " practice guidelines"];

/// One table of `data/claims/specialties.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ClaimTable {
    /// Lower-case substrings of a specialty that select the table (`[specialty.*]` only).
    pub aliases: Vec<String>,
    /// Patterns per claim category.
    pub guarantee: Vec<String>,
    /// Cure claims.
    pub cure: Vec<String>,
    /// Superiority claims.
    pub superiority: Vec<String>,
    /// Risk-minimising claims.
    pub risk: Vec<String>,
    /// Outcome descriptions.
    pub outcomes: Vec<String>,
    /// Sentences that must be found (tests).
    pub positives: Vec<String>,
    /// Sentences that must not be found (tests).
    pub negatives: Vec<String>,
}

impl ClaimTable {
    fn category(&self, name: &str) -> &[String] {
        match name {
            "guarantee" => &self.guarantee,
            "cure" => &self.cure,
            "superiority" => &self.superiority,
            "risk" => &self.risk,
            "outcomes" => &self.outcomes,
            _ => &[],
        }
    }
}

/// `data/claims/specialties.toml`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SpecialtyLists {
    /// Lists for every site.
    pub general: ClaimTable,
    /// Lists per specialty.
    pub specialty: BTreeMap<String, ClaimTable>,
}

/// The general and per-specialty lists, parsed once.
pub fn specialty_lists() -> &'static SpecialtyLists {
    static LISTS: OnceLock<SpecialtyLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        toml::from_str(include_str!("../../data/claims/specialties.toml"))
            .expect("specialties.toml is valid (checked by tests)")
    })
}

/// The built-in outcome descriptions that need expected results next to them (FTC 255.2(b)).
const OUTCOMES: &str = r"lost\s+[0-9]+\s*(?:lbs?|pounds|kg)|pain[-\s]free|no (?:more )?pain|cured|healed|back to (?:running|work|normal|my (?:life|routine))|in (?:just|only)\s+[0-9]+\s+(?:days?|weeks?|months?)|[0-9]+\s*%\s+(?:better|improvement|reduction)|(?:completely|fully) (?:recovered|healed)|feel(?:s|ing)? (?:like )?(?:a )?new (?:person|man|woman)|(?:look|looks|looking|feel|feels|feeling) (?:[0-9]+|ten|twenty|fifteen) years younger|(?:blood pressure|cholesterol|a1c) (?:is|was) (?:now )?(?:normal|down)";

/// A list pattern that also matches the typographic apostrophe Word and phones type
/// ("you’ll"). The lists never put an apostrophe inside a character class.
fn curly(pattern: &str) -> String {
    pattern.replace('\'', "(?:'|’)")
}

/// One table's outcome phrases as alternatives of a pattern (typographic apostrophes too).
fn outcome_list(phrases: &[String]) -> String {
    phrases.iter().map(|p| curly(p)).collect::<Vec<_>>().join("|")
}

/// The specialty tables whose aliases occur in one of `specialties` (lower-cased).
pub fn tables_for<'l>(lists: &'l SpecialtyLists, specialties: &[String]) -> Vec<&'l ClaimTable> {
    let wanted: Vec<String> = specialties.iter().map(|s| s.to_lowercase()).collect();
    lists
        .specialty
        .values()
        .filter(|t| t.aliases.iter().any(|a| wanted.iter().any(|s| s.contains(a.as_str()))))
        .collect()
}

/// One claim found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// `claims/<category>`.
    pub rule: &'static str,
    /// Byte range in the scanned text.
    pub range: Range<usize>,
}

fn builtin() -> &'static BTreeMap<String, Vec<String>> {
    static LISTS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    LISTS.get_or_init(|| toml::from_str(include_str!("claims.toml")).expect("claims.toml is valid (checked by tests)"))
}

impl Claims {
    /// The built-in lists plus a site's extra literal phrases per category (no specialty lists).
    pub fn new(extra: &BTreeMap<String, Vec<String>>) -> Self {
        Self::for_site(extra, &[])
    }

    /// The built-in and general lists, the lists of the clinicians' `specialties`, and a site's
    /// extra literal phrases per category.
    pub fn for_site(extra: &BTreeMap<String, Vec<String>>, specialties: &[String]) -> Self {
        Self::build(extra, specialties, true)
    }

    /// [`Claims::for_site`], with lists that allow it matched over lower-cased text if `lower`.
    fn build(extra: &BTreeMap<String, Vec<String>>, specialties: &[String], lower: bool) -> Self {
        let lists = specialty_lists();
        let tables: Vec<&ClaimTable> = std::iter::once(&lists.general).chain(tables_for(lists, specialties)).collect();
        // Compiled side by side: the lists of a specialty make these the largest patterns a build
        // compiles.
        let rules = CATEGORIES
            .par_iter()
            .map(|category| {
                let mut alternatives: Vec<String> =
                    builtin().get(*category).into_iter().flatten().map(|p| curly(p)).collect();
                alternatives.extend(tables.iter().flat_map(|t| t.category(category)).map(|p| curly(p)));
                // A site's phrases are literal and matched ignoring ASCII case either way.
                alternatives
                    .extend(extra.get(*category).into_iter().flatten().map(|p| regex::escape(&p.to_ascii_lowercase())));
                // Over lower-cased text a case-sensitive pattern finds the same, compiles faster,
                // and its literals prefilter the search (ignoring case, a list of phrases has too
                // many spellings for that). Measured: a starter site's CPU 34 -> 30 ms, 3% less on
                // a 1,000-article build.
                let lowered = lower && alternatives.iter().all(|a| lowercase_safe(a));
                // ASCII word boundaries keep the regex on its fast DFA path. `#1` starts with a
                // non-word character, so the boundary before it is checked by hand in `scan`.
                let flags = if lowered { "-u" } else { "i-u" };
                let pattern = format!(r"(?{flags})(?:{})\b", alternatives.join("|"));
                let rule: &'static str = match *category {
                    "guarantee" => "claims/guarantee",
                    "cure" => "claims/cure",
                    "superiority" => "claims/superiority",
                    "risk" => "claims/risk",
                    _ => "claims/board",
                };
                let regex = Regex::new(&pattern).expect("claim patterns are valid (checked by tests)");
                Rule { rule, regex, lowered }
            })
            .collect();
        let lists: Vec<String> = std::iter::once(OUTCOMES.to_string())
            .chain(tables.iter().map(|t| outcome_list(&t.outcomes)))
            .filter(|list| !list.is_empty())
            .collect();
        let cues: Option<Vec<&str>> =
            lists.iter().map(|list| outcome_cues::of(list)).collect::<Option<Vec<_>>>().map(|c| c.concat());
        let outcomes_lowered = lower && lists.iter().all(|list| lowercase_safe(list));
        let flags = if outcomes_lowered { "-u" } else { "i-u" };
        let pattern = format!(r"(?{flags})\b(?:{})\b", lists.join("|"));
        Self { rules, outcomes: CuedRegex::new(pattern, cues.as_deref()), outcomes_lowered }
    }

    /// Compiles the outcome pattern now if `text` may describe an outcome (the check does this
    /// while documents are checked, for the testimonials it reads afterwards).
    pub fn prepare_outcomes(&self, text: &str) {
        if self.outcomes.is_cued(text) {
            self.outcomes.compiled();
        }
    }

    /// The first outcome description in `text` that is not negated.
    pub fn outcome(&self, text: &str) -> Option<Range<usize>> {
        let lower = self.outcomes_lowered.then(|| text.to_ascii_lowercase());
        let haystack = lower.as_deref().unwrap_or(text);
        self.outcomes.find_iter(haystack).map(|m| m.range()).find(|r| !negated(&text[..r.start]))
    }

    /// Finds claims in `text`, skipping negated ones.
    pub fn scan(&self, text: &str) -> Vec<Claim> {
        let mut found = Vec::new();
        // ASCII lower-casing keeps every byte offset.
        let lower = self.rules.iter().any(|r| r.lowered).then(|| text.to_ascii_lowercase());
        for Rule { rule, regex, lowered } in &self.rules {
            let haystack = if *lowered { lower.as_deref().unwrap_or(text) } else { text };
            for m in regex.find_iter(haystack) {
                let starts_word =
                    text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                let after = &text.as_bytes()[m.end()..];
                let followed = NOT_A_CLAIM_AFTER
                    .iter()
                    .any(|w| after.get(..w.len()).is_some_and(|a| a.eq_ignore_ascii_case(w.as_bytes())));
                if starts_word && !followed && !negated(&text[..m.start()]) {
                    found.push(Claim { rule, range: m.range() });
                }
            }
        }
        found.sort_by_key(|c| c.range.start);
        found
    }
}

/// Whether a list pattern (matched ignoring ASCII case) finds the same over ASCII-lower-cased text
/// matched case-sensitively: it has no capital letter outside an escape (a capital would never
/// match the lowered text), no inline flags (`(?-i:…)` makes a part case-sensitive) and no escape
/// that names a character by number or property (`\x41` is a capital).
fn lowercase_safe(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if matches!(chars.next(), None | Some('x' | 'u' | 'U' | 'p' | 'P' | 'N')) {
                    return false;
                }
            }
            '(' if chars.as_str().starts_with('?') && !chars.as_str().starts_with("?:") => return false,
            c if c.is_ascii_uppercase() => return false,
            _ => {}
        }
    }
    true
}

/// Whether the words just before a match (in the same sentence) negate it.
fn negated(before: &str) -> bool {
    let sentence = before.rsplit(['.', '!', '?', ';', '\n']).next().unwrap_or(before);
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(NEGATION_WINDOW)
        .any(|w| NEGATIONS.contains(&w.to_lowercase().replace('’', "'").as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<&'static str> {
        Claims::new(&BTreeMap::new()).scan(text).into_iter().map(|c| c.rule).collect()
    }

    #[test]
    fn finds_each_category() {
        assert_eq!(rules("Guaranteed results or your money back."), ["claims/guarantee", "claims/guarantee"]);
        assert_eq!(rules("We cure heart disease."), ["claims/cure"]);
        assert_eq!(rules("The best cardiologist in Springfield."), ["claims/superiority"]);
        assert_eq!(rules("Rated #1 in the state."), ["claims/superiority"]);
        assert_eq!(rules("A painless procedure with no side effects."), ["claims/risk", "claims/risk"]);
        assert_eq!(rules("Dr. Lee is board eligible."), ["claims/board"]);
    }

    #[test]
    fn negation_and_ordinary_words_do_not_fire() {
        assert!(rules("There is no cure for heart failure, but treatment helps.").is_empty());
        assert!(rules("We cannot guarantee any particular result.").is_empty());
        assert!(rules("The procedure is not painless for everyone.").is_empty());
        assert!(rules("Heart disease is the leading cause of death. Keep your data secure.").is_empty());
        assert!(rules("Ask about side effects before you start.").is_empty());
        assert!(rules("Board-certified in cardiovascular disease.").is_empty());
    }

    #[test]
    fn sites_extend_the_lists_literally() {
        let extra = BTreeMap::from([("superiority".to_string(), vec!["finest in town".to_string()])]);
        let found = Claims::new(&extra).scan("The finest in town.");
        assert_eq!(found, [Claim { rule: "claims/superiority", range: 4..18 }]);
    }

    #[test]
    fn negation_stays_within_the_sentence() {
        assert!(negated("There is no "));
        assert!(!negated("No. We "));
        assert!(!negated("It is not the case that heart disease is serious and our clinic offers the "));
        assert!(negated("We do not claim to be the "));
        assert!(negated("Nobody is the "));
    }
}

#[cfg(test)]
mod specialty_tests {
    use super::*;

    /// `outcome_cues.rs` as today's outcome lists make it.
    fn generated_outcome_cues() -> String {
        let lists = specialty_lists();
        let mut all: Vec<String> = std::iter::once(OUTCOMES.to_string())
            .chain(std::iter::once(&lists.general).chain(lists.specialty.values()).map(|t| outcome_list(&t.outcomes)))
            .filter(|list| !list.is_empty())
            .collect();
        all.sort();
        all.dedup();
        let mut out = String::from(
            "//! Generated by `WHITECOAT_BLESS=1 cargo test --lib precomputed_outcome_cues_are_current`: do not edit.\n\
             //! The cue words of each built-in outcome list (see `lazy_regex`): a testimonial without\n\
             //! any of them describes no outcome, and the outcome pattern is not compiled for it. Keyed\n\
             //! by the BLAKE3 of the list as a pattern, so an edited list finds no entry (and is always\n\
             //! compiled) rather than stale cues.\n\n\
             /// The cue words of the outcome list whose pattern hashes to `list` (`None`: unknown, or a\n\
             /// phrase without cue words).\n\
             pub(super) fn of(list: &str) -> Option<&'static [&'static str]> {\n    \
                 let key = blake3::hash(list.as_bytes()).to_hex();\n    \
                 CUES.iter().find(|(hash, _)| key.as_str() == *hash).map(|(_, cues)| *cues).filter(|cues| !cues.is_empty())\n\
             }\n\n\
             #[rustfmt::skip]\n\
             static CUES: &[(&str, &[&str])] = &[\n",
        );
        let mut entries: Vec<(String, Vec<String>)> = all
            .iter()
            .map(|list| {
                let cues = crate::lazy_regex::cues_of(&format!("(?i-u)(?:{list})"));
                (blake3::hash(list.as_bytes()).to_hex().to_string(), cues)
            })
            .collect();
        entries.sort();
        for (hash, cues) in entries {
            out.push_str(&format!("    ({hash:?}, &{cues:?}),\n"));
        }
        out.push_str("];\n");
        out
    }

    /// The shipped cue words are those of today's lists: a stale entry is never used (the key is
    /// the list's hash), but it would leave the pattern always compiled, so it is caught here.
    #[test]
    fn precomputed_outcome_cues_are_current() {
        crate::generated::assert_current(
            "src/check/outcome_cues.rs",
            &generated_outcome_cues(),
            "precomputed_outcome_cues_are_current",
        );
    }

    #[test]
    fn only_lists_without_capitals_flags_or_numbered_characters_are_matched_lowered() {
        for safe in
            ["guarantee[ds]?", r"100 ?% (?:success|safe)", "you(?:'|’)ll", r"\S+ \bfree\b", "#1", r"eliminat\w*"]
        {
            assert!(lowercase_safe(safe), "{safe}");
        }
        for unsafe_ in ["Guaranteed", "[A-Z]", "(?-i:cure)", "(?i)cure", r"\x41", r"\p{Lu}", "cure\\"] {
            assert!(!lowercase_safe(unsafe_), "{unsafe_}");
        }
    }

    #[test]
    fn every_claim_list_is_matched_lowered() {
        let everything: Vec<String> = specialty_lists().specialty.keys().cloned().collect();
        let extra = BTreeMap::from([("superiority".to_string(), vec!["Finest In Town".to_string()])]);
        let claims = Claims::for_site(&extra, &everything);
        for rule in &claims.rules {
            assert!(rule.lowered, "{} is matched ignoring case (slower): a capital in its lists?", rule.rule);
        }
        assert!(claims.outcomes_lowered, "the outcome lists are matched ignoring case (slower): a capital?");
    }

    /// Lowered matching finds exactly what matching ignoring case finds (claims and testimonial
    /// outcomes), in text of any case.
    #[test]
    fn lowered_lists_find_what_the_case_insensitive_ones_find() {
        let lists = specialty_lists();
        let everything: Vec<String> = lists.specialty.keys().cloned().collect();
        let extra = BTreeMap::from([("superiority".to_string(), vec!["Finest In Town".to_string()])]);
        let lowered = Claims::build(&extra, &everything, true);
        let ignoring_case = Claims::build(&extra, &everything, false);
        let tables = std::iter::once(&lists.general).chain(lists.specialty.values());
        let mut texts: Vec<String> = tables.flat_map(|t| t.positives.iter().chain(&t.negatives).cloned()).collect();
        texts.extend(builtin().values().flatten().map(|p| p.replace(['?', '(', ')', '[', ']', '|', ':', '\\'], " ")));
        texts.push("The Finest in town, GUARANTEED RESULTS, a Cure Rate of 90% and Board Eligible.".to_string());
        texts.push(include_str!("../../example-site/content/profile.md").to_string());
        let (mut compared, mut outcomes) = (0, 0);
        for text in &texts {
            let title: String = text
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            let alternating: String =
                text.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect();
            for variant in [text.clone(), text.to_ascii_uppercase(), title, alternating] {
                let found = lowered.scan(&variant);
                assert_eq!(found, ignoring_case.scan(&variant), "{variant}");
                compared += found.len();
                let outcome = lowered.outcome(&variant);
                assert_eq!(outcome, ignoring_case.outcome(&variant), "outcome in {variant}");
                outcomes += usize::from(outcome.is_some());
            }
        }
        assert!(compared > 500, "only {compared} findings compared");
        assert!(outcomes > 100, "only {outcomes} outcomes compared");
    }

    #[test]
    fn every_outcome_list_has_cue_words() {
        let lists = specialty_lists();
        assert!(outcome_cues::of(OUTCOMES).is_some());
        for table in std::iter::once(&lists.general).chain(lists.specialty.values()) {
            let list = outcome_list(&table.outcomes);
            assert!(list.is_empty() || outcome_cues::of(&list).is_some(), "{list}");
        }
        assert!(outcome_cues::of("an edited list").is_none());
    }

    #[test]
    fn a_testimonial_without_cue_words_leaves_the_outcome_pattern_uncompiled() {
        let claims = Claims::for_site(&BTreeMap::new(), &["Dermatology".into()]);
        claims.prepare_outcomes("The front desk made scheduling easy.");
        assert!(claims.outcome("The front desk made scheduling easy.").is_none());
        assert!(!claims.outcomes.is_compiled(), "no cue word, nothing compiled");
        assert!(claims.outcome("I lost 20 pounds in a month.").is_some());
        assert!(claims.outcomes.is_compiled());
    }

    /// Every table's own sentences, through the same loader a site uses (general lists always, a
    /// specialty's when a clinician's specialty names it).
    #[test]
    fn every_specialty_table_finds_its_positives_and_not_its_negatives() {
        let lists = specialty_lists();
        let mut problems = Vec::new();
        let mut check = |name: &str, table: &ClaimTable, specialties: &[String]| {
            let claims = Claims::for_site(&BTreeMap::new(), specialties);
            for sentence in &table.positives {
                if claims.scan(sentence).is_empty() && claims.outcome(sentence).is_none() {
                    problems.push(format!("[{name}] not found: {sentence}"));
                }
            }
            for sentence in &table.negatives {
                let found = claims.scan(sentence);
                if !found.is_empty() || claims.outcome(sentence).is_some() {
                    problems.push(format!("[{name}] found in a compliant sentence: {sentence} {found:?}"));
                }
            }
        };
        check("general", &lists.general, &[]);
        for (name, table) in &lists.specialty {
            assert!(!table.aliases.is_empty(), "{name} has no aliases");
            check(name, table, &[table.aliases[0].clone()]);
        }
        assert!(lists.specialty.len() >= 11, "{} specialty tables", lists.specialty.len());
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn typographic_apostrophes_match_too() {
        let claims = Claims::for_site(&BTreeMap::new(), &[]);
        assert!(!claims.scan("It reverses Alzheimer’s, they say.").is_empty());
        assert!(!claims.scan("It reverses Alzheimer's, they say.").is_empty());
    }

    #[test]
    fn the_profile_specialties_pick_the_tables() {
        let lists = specialty_lists();
        let picked = |s: &str| tables_for(lists, &[s.to_string()]).len();
        assert!(picked("Dermatology") >= 1);
        assert!(picked("Orthopedic Surgery") >= 1);
        assert_eq!(picked("Underwater basket weaving"), 0);
        let dermatology = Claims::for_site(&BTreeMap::new(), &["Dermatology".into()]);
        assert!(!dermatology.scan("The best dermatologist in Springfield.").is_empty());
        assert!(dermatology.outcome("My scar is practically invisible now.").is_some());
    }
}
