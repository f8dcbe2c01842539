//! A regex compiled the first time it is used. The PHI detectors hold about sixty patterns with
//! Unicode classes; compiling them all took most of a small site's build, and most sites' text
//! never reaches most of them (each runs only after a cheap gate matched). Debug builds check
//! every pattern's syntax when it is declared, so a bad constant fails the tests, not a user.

use std::ops::Deref;
use std::sync::OnceLock;

use regex::Regex;

/// A pattern and, once something used it, its compiled regex.
pub(super) struct LazyRegex {
    pattern: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    /// Declares `pattern` (a constant of the detectors: it must be valid).
    pub(super) fn new(pattern: String) -> Self {
        debug_assert!(
            regex_syntax::ParserBuilder::new().build().parse(&pattern).is_ok(),
            "invalid PHI pattern: {pattern}"
        );
        Self { pattern, regex: OnceLock::new() }
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex.get_or_init(|| Regex::new(&self.pattern).expect("PHI pattern is a valid constant regex"))
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.pattern).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_use_only() {
        let lazy = LazyRegex::new(r"\bab+c\b".to_string());
        assert!(lazy.regex.get().is_none());
        assert!(lazy.is_match("x abbc y"));
        assert!(lazy.regex.get().is_some());
    }
}
