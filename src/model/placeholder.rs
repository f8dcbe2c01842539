//! Placeholders: what `init` and `new` write where only a person can supply the fact (the day a
//! patient signed, who reviewed an article), and what writers leave behind ("TODO", "TBD",
//! "lorem ipsum"). A placeholder is never a value: front matter that holds one is reported as
//! `content/placeholder` and read as absent, and the check stage finds them in text.

use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;

/// The placeholder for a date only a person can supply.
pub const DATE: &str = "YYYY-MM-DD";
/// The placeholder for a value only a person can supply.
pub const VALUE: &str = "TODO";

/// Placeholders in running text: "TODO", "TBD", "FIXME" (in capitals), "lorem ipsum", the date
/// placeholder, and the bracketed notes scaffolds leave for the practice and its counsel.
static IN_TEXT: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"\b(?:TODO|TBD|FIXME)\b|(?i:lorem ipsum)|YYYY-MM-DD|\[(?:PRACTICE|COUNSEL|OFFICE) TO (?:COMPLETE|FILL IN|CONFIRM)[^\]]*\]".to_string())
});

/// Whether a whole front matter value is a placeholder ("TODO", "TODO: initials", "YYYY-MM-DD").
pub fn is_placeholder(value: &str) -> bool {
    IN_TEXT.is_match(value)
}

/// The placeholders in running text, as byte ranges.
pub fn find(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    IN_TEXT.find_iter(text).map(|m| m.range())
}

/// The pattern this module declares (for the test that keeps `lazy_regex::forms` current).
#[cfg(test)]
pub(crate) fn declared() -> Vec<String> {
    vec![IN_TEXT.pattern().to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_ordinary_words() {
        for value in [
            "TODO",
            "TODO: the patient's initials",
            "YYYY-MM-DD",
            "TBD",
            "Lorem ipsum dolor",
            "[PRACTICE TO COMPLETE: privacy officer]",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in ["J.D.", "2026-01-20", "todo list", "Today", "AUTH-2026-014", "Dr. Rivera"] {
            assert!(!is_placeholder(value), "{value}");
        }
        assert_eq!(find("Call us. TODO add hours.").next(), Some(9..13));
    }
}
