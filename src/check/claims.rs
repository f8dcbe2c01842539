//! Claims wording (`claims/*`): guarantees, cures, superiority, risk minimisation and board
//! claims, from word lists kept as data (`claims.toml`) that a site can extend. Negation-aware:
//! "there is no cure" and "we cannot guarantee" are fine.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

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
    rules: Vec<(&'static str, Regex)>,
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
    /// The built-in lists plus a site's extra literal phrases per category.
    pub fn new(extra: &BTreeMap<String, Vec<String>>) -> Self {
        let rules = CATEGORIES
            .iter()
            .map(|category| {
                let mut alternatives: Vec<String> = builtin().get(*category).cloned().unwrap_or_default();
                alternatives.extend(extra.get(*category).into_iter().flatten().map(|p| regex::escape(p)));
                // ASCII word boundaries keep the regex on its fast DFA path. `#1` starts with a
                // non-word character, so the boundary before it is checked by hand in `scan`.
                let pattern = format!(r"(?i-u)(?:{})\b", alternatives.join("|"));
                let rule: &'static str = match *category {
                    "guarantee" => "claims/guarantee",
                    "cure" => "claims/cure",
                    "superiority" => "claims/superiority",
                    "risk" => "claims/risk",
                    _ => "claims/board",
                };
                (rule, Regex::new(&pattern).expect("claim patterns are valid (checked by tests)"))
            })
            .collect();
        Self { rules }
    }

    /// Finds claims in `text`, skipping negated ones.
    pub fn scan(&self, text: &str) -> Vec<Claim> {
        let mut found = Vec::new();
        for (rule, regex) in &self.rules {
            for m in regex.find_iter(text) {
                let starts_word =
                    text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                if starts_word && !negated(&text[..m.start()]) {
                    found.push(Claim { rule, range: m.range() });
                }
            }
        }
        found.sort_by_key(|c| c.range.start);
        found
    }
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
