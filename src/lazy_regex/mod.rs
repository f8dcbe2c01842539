//! A regex compiled the first time it is used, in the form the text needs. The compliance checks
//! hold about seventy patterns, many with Unicode letter classes (`\p{Lu}[\p{L}'’]*\p{Ll}` is a
//! name word) or case-insensitive Unicode words: compiling one of those takes 1–5 ms, and
//! compiling them all took most of a small site's build. Each pattern has three forms, each
//! compiled on first use:
//! - the **ASCII form**, for text whose word characters (`\w`: letters, marks, digits) are all
//!   ASCII (curly quotes and dashes are not word characters): the non-ASCII word characters taken
//!   out of its classes and its word boundaries made ASCII. Over such text it finds exactly the
//!   pattern's matches, and it compiles in a tenth of the time.
//! - the **gate**, for other text: every class widened to all non-ASCII characters and Unicode word
//!   boundaries dropped, so it matches wherever the pattern could (and cheaply compiled). Where it
//!   finds nothing, the pattern finds nothing: the language-assistance taglines every site carries
//!   never reach "my wife …" or "Mrs. …".
//! - the **pattern** itself, for other text the gate lets through.
//!
//! Before a form is compiled, its [`cues`] (words one of which every match contains) are looked
//! for: text without them cannot match, and the form stays uncompiled. The first texts are
//! searched with an automaton that builds in microseconds, the rest with one that searches faster.
//!
//! Rewriting a pattern into its cheap forms means parsing its Unicode classes, which costs as much
//! as compiling the cheap form: the forms of every pattern the checks declare, and their cues, are
//! worked out ahead of time, in [`forms`] (generated; a test keeps it current), and only a pattern
//! missing there is rewritten at run time.
//!
//! Debug builds check every pattern's syntax when it is declared, so a bad constant fails the
//! tests, not a user. Patterns scanned over one text many times share its classification
//! ([`scope`]).

mod cues;
mod forms;

use std::borrow::Cow;
use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{CaptureMatches, Captures, Match, Matches, Regex};
use regex_syntax::hir::{self, Class, ClassUnicode, Hir, HirKind, Look};

/// A pattern and, once something used it, its compiled forms.
pub(crate) struct LazyRegex {
    pattern: String,
    /// For text whose word characters are all ASCII.
    ascii: CuedForm,
    /// Matches wherever the pattern could, in any text.
    gate: CuedForm,
    /// The pattern, for any text.
    unicode: OnceLock<Regex>,
}

impl LazyRegex {
    /// Declares `pattern` (a constant of the checks: it must be valid).
    pub(crate) fn new(pattern: String) -> Self {
        debug_assert!(regex_syntax::ParserBuilder::new().build().parse(&pattern).is_ok(), "invalid pattern: {pattern}");
        #[cfg(test)]
        COLLECTED.with_borrow_mut(|c| c.as_mut().map(|c| c.push(pattern.clone())));
        Self { pattern, ascii: CuedForm::new(), gate: CuedForm::new(), unicode: OnceLock::new() }
    }

    /// A compiled form that finds exactly the pattern's matches in `haystack`.
    fn regex(&self, haystack: &str) -> &Regex {
        #[cfg(test)]
        if FULL_ONLY.get() {
            return self.unicode.get_or_init(|| compile(&self.pattern));
        }
        if ascii_words(haystack) {
            return self.cheap(&self.ascii, Form::Ascii, haystack);
        }
        let gate = self.cheap(&self.gate, Form::Gate, haystack);
        // The gate has the pattern's captures; where it finds nothing it is the right answer.
        if !gate.is_match(haystack) {
            return gate;
        }
        self.unicode.get_or_init(|| compile(&self.pattern))
    }

    /// The cheap form `form` (held in `cued`) for `haystack`.
    fn cheap<'s>(&self, cued: &'s CuedForm, form: Form, haystack: &str) -> &'s Regex {
        cued.for_text(haystack, |search| cue_finder(&self.pattern, form, search), || self::form(&self.pattern, form))
    }

    /// The pattern as declared.
    #[cfg(test)]
    pub(crate) fn pattern(&self) -> &str {
        &self.pattern
    }

    /// See [`Regex::is_match`].
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.regex(haystack).is_match(haystack)
    }

    /// See [`Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.regex(haystack).find(haystack)
    }

    /// See [`Regex::find_iter`].
    pub(crate) fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        self.regex(haystack).find_iter(haystack)
    }

    /// See [`Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.regex(haystack).captures(haystack)
    }

    /// See [`Regex::captures_iter`].
    pub(crate) fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        self.regex(haystack).captures_iter(haystack)
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.pattern).finish()
    }
}

/// A pattern built at run time (a site's outcome lists) whose cue words were worked out ahead of
/// time from the pieces it is built of: compiled the first time a text holds one of them.
pub(crate) struct CuedRegex {
    pattern: String,
    /// One of which every match contains (`None`: unknown).
    cues: Option<Vec<String>>,
    form: CuedForm,
}

impl CuedRegex {
    /// Declares `pattern` (valid) with `cues`, one of which every match contains (`None`: unknown).
    pub(crate) fn new(pattern: String, cues: Option<&[&str]>) -> Self {
        let cues = cues.map(|cues| cues.iter().map(|c| c.to_string()).collect());
        Self { pattern, cues, form: CuedForm::new() }
    }

    /// A search for its cues.
    fn finder(&self, search: cues::Search) -> Option<AhoCorasick> {
        cues::finder(self.cues.as_deref()?, search)
    }

    /// Whether `haystack` holds a cue (so the pattern may match there).
    pub(crate) fn is_cued(&self, haystack: &str) -> bool {
        self.form.is_cued(haystack, |search| self.finder(search))
    }

    /// Whether it has been compiled.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.form.regex.get().is_some()
    }

    /// The compiled pattern.
    pub(crate) fn compiled(&self) -> &Regex {
        self.form.compiled(|| self.pattern.as_str())
    }

    /// See [`Regex::find_iter`].
    pub(crate) fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        self.form.for_text(haystack, |search| self.finder(search), || self.pattern.as_str()).find_iter(haystack)
    }
}

impl std::fmt::Debug for CuedRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CuedRegex").field(&self.pattern).finish()
    }
}

/// The cues of `pattern`, from its syntax (empty: some match may hold none). For generators of
/// precomputed cue tables.
#[cfg(test)]
pub(crate) fn cues_of(pattern: &str) -> Vec<String> {
    cues::of(pattern)
}

/// One compiled form behind its cue words: compiled the first time a text holds one of them.
struct CuedForm {
    regex: OnceLock<Regex>,
    /// Finds the cues (`None`: none known) in the first texts, until the form is compiled.
    quick: OnceLock<Option<AhoCorasick>>,
    /// Finds them in the texts after [`QUICK_SEARCH_BYTES`].
    fast: OnceLock<Option<AhoCorasick>>,
    /// Bytes of text searched for the cues so far.
    searched: AtomicUsize,
}

/// Text a form's cues are looked for with the quick-to-build search before the quick-to-search
/// one is built: a small site never pays for the fast searches (building them was 2 of a starter
/// site's 32 ms of CPU), and a large one soon gets them (3.5% of a 1,000-article build's CPU).
const QUICK_SEARCH_BYTES: usize = 64 * 1024;

impl CuedForm {
    /// A form whose cue finders are made on first use.
    fn new() -> Self {
        Self { regex: OnceLock::new(), quick: OnceLock::new(), fast: OnceLock::new(), searched: AtomicUsize::new(0) }
    }

    /// Whether `haystack` holds a cue (`finder` makes a finder, the first time one is needed).
    fn is_cued(&self, haystack: &str, finder: impl FnOnce(cues::Search) -> Option<AhoCorasick>) -> bool {
        let before = self.searched.fetch_add(haystack.len(), Ordering::Relaxed);
        let finder = if before < QUICK_SEARCH_BYTES {
            self.quick.get_or_init(|| finder(cues::Search::Quick))
        } else {
            self.fast.get_or_init(|| finder(cues::Search::Fast))
        };
        finder.as_ref().is_none_or(|finder| finder.is_match(haystack))
    }

    /// The form compiled from `pattern`, the first time.
    fn compiled<P: AsRef<str>>(&self, pattern: impl FnOnce() -> P) -> &Regex {
        self.regex.get_or_init(|| compile(pattern().as_ref()))
    }

    /// The form for `haystack`: compiled, unless `haystack` lacks its cues and it is not yet;
    /// then a regex that matches nothing, which is the right answer there.
    fn for_text<P: AsRef<str>>(
        &self,
        haystack: &str,
        finder: impl FnOnce(cues::Search) -> Option<AhoCorasick>,
        pattern: impl FnOnce() -> P,
    ) -> &Regex {
        match self.regex.get() {
            Some(regex) => regex,
            None if !self.is_cued(haystack, finder) => &NEVER,
            None => self.compiled(pattern),
        }
    }
}

/// Matches nothing (an empty class).
static NEVER: LazyLock<Regex> = LazyLock::new(|| compile(r"[^\s\S]"));

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("check patterns are valid constants")
}

thread_local! {
    /// The text being scanned on this thread (its address range) and whether its word characters
    /// are all ASCII: the detectors run dozens of patterns over it and its slices.
    static SCOPE: Cell<Option<(usize, usize, bool)>> = const { Cell::new(None) };
}

#[cfg(test)]
thread_local! {
    static FULL_ONLY: Cell<bool> = const { Cell::new(false) };
    /// Patterns declared on this thread while [`collect`] runs.
    static COLLECTED: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// The patterns `declare` declares (for the test that keeps [`forms`] current).
#[cfg(test)]
pub(crate) fn collect(declare: impl FnOnce()) -> Vec<String> {
    COLLECTED.set(Some(Vec::new()));
    declare();
    COLLECTED.take().unwrap_or_default()
}

/// Runs `f` with every pattern in its full form only (tests compare the findings).
#[cfg(test)]
pub(crate) fn with_full_patterns<T>(f: impl FnOnce() -> T) -> T {
    FULL_ONLY.set(true);
    let result = f();
    FULL_ONLY.set(false);
    result
}

/// While alive, classifies `text` and its slices once for every pattern run on this thread.
/// It borrows the text, so no other text can take its place in memory meanwhile.
pub(crate) struct Scope<'a> {
    previous: Option<(usize, usize, bool)>,
    text: PhantomData<&'a str>,
}

/// Opens a [`Scope`] over `text`.
pub(crate) fn scope(text: &str) -> Scope<'_> {
    let start = text.as_ptr() as usize;
    let entry = (start, start + text.len(), classify(text));
    Scope { previous: SCOPE.replace(Some(entry)), text: PhantomData }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        SCOPE.set(self.previous);
    }
}

/// Whether every word character (`\w`: letters, marks, digits, connectors) of `text` is ASCII.
fn ascii_words(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let start = text.as_ptr() as usize;
    match SCOPE.get() {
        Some((from, to, ascii)) if from <= start && start + text.len() <= to => ascii,
        _ => classify(text),
    }
}

fn classify(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii() || !regex_syntax::is_word_character(c))
}

/// The non-ASCII word characters.
static NON_ASCII_WORD: LazyLock<ClassUnicode> = LazyLock::new(|| {
    let mut class = unicode_class(r"\w");
    class.difference(&unicode_class(r"[\x00-\x7F]"));
    class
});

/// Every non-ASCII character.
static NON_ASCII: LazyLock<ClassUnicode> = LazyLock::new(|| unicode_class(r"[^\x00-\x7F]"));

fn unicode_class(pattern: &str) -> ClassUnicode {
    match regex_syntax::parse(pattern).map(Hir::into_kind) {
        Ok(HirKind::Class(Class::Unicode(class))) => class,
        _ => unreachable!("{pattern} is a Unicode class"),
    }
}

/// The cheap forms of a pattern (see the module docs).
#[derive(Clone, Copy)]
enum Form {
    /// Exact over text without non-ASCII word characters.
    Ascii,
    /// Matches wherever the pattern could.
    Gate,
}

/// The precomputed forms of `pattern`, if the checks declare it.
fn precomputed(pattern: &str) -> Option<&'static forms::Forms> {
    let i = forms::FORMS.binary_search_by(|forms| forms.pattern.cmp(pattern)).ok()?;
    Some(&forms::FORMS[i])
}

/// `pattern` in `form`: worked out ahead of time for the patterns the checks declare.
fn form(pattern: &str, form: Form) -> Cow<'static, str> {
    match precomputed(pattern) {
        Some(forms) => Cow::Borrowed(match form {
            Form::Ascii => forms.ascii,
            Form::Gate => forms.gate,
        }),
        None => Cow::Owned(rewrite(pattern, form)),
    }
}

/// A search for the cues of `pattern` in `form` (see [`cues`]); `None` when it has none.
fn cue_finder(pattern: &str, form: Form, search: cues::Search) -> Option<AhoCorasick> {
    match (precomputed(pattern), form) {
        (Some(forms), Form::Ascii) => cues::finder(forms.ascii_cues, search),
        (Some(forms), Form::Gate) => cues::finder(forms.gate_cues, search),
        (None, _) => cues::finder(&cues::of(&rewrite(pattern, form)), search),
    }
}

/// `pattern` in `form`, printed back by regex-syntax (captures keep their numbers).
fn rewrite(pattern: &str, form: Form) -> String {
    match regex_syntax::parse(pattern) {
        Ok(hir) => rewrite_hir(hir, form).to_string(),
        Err(_) => pattern.to_string(),
    }
}

fn rewrite_hir(hir: Hir, form: Form) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(rewrite_class(class, form))),
        HirKind::Look(look) => match (form, ascii_look(look)) {
            (Form::Ascii, Some(ascii)) => Hir::look(ascii),
            (Form::Gate, Some(_)) => Hir::empty(),
            (_, None) => Hir::look(look),
        },
        HirKind::Repetition(rep) => {
            Hir::repetition(hir::Repetition { sub: Box::new(rewrite_hir(*rep.sub, form)), ..rep })
        }
        HirKind::Capture(cap) => Hir::capture(hir::Capture { sub: Box::new(rewrite_hir(*cap.sub, form)), ..cap }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(|h| rewrite_hir(h, form)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(|h| rewrite_hir(h, form)).collect()),
        HirKind::Literal(hir::Literal(bytes)) => Hir::literal(bytes),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Empty => Hir::empty(),
    }
}

/// A class in `form`. Big Unicode classes (letters, `\w`) cost the compile most: the ASCII form
/// drops their non-ASCII word characters, the gate replaces their non-ASCII part with one range.
/// A negated class (`[^<>]`) is already a few ranges and stays whole.
fn rewrite_class(class: ClassUnicode, form: Form) -> ClassUnicode {
    let mut narrowed = class.clone();
    match form {
        Form::Ascii => narrowed.difference(&NON_ASCII_WORD),
        Form::Gate => {
            let mut non_ascii = class.clone();
            non_ascii.intersect(&NON_ASCII);
            if non_ascii.ranges().is_empty() {
                return class;
            }
            narrowed.difference(&NON_ASCII);
            narrowed.union(&NON_ASCII);
        }
    }
    if narrowed.ranges().len() <= class.ranges().len() { narrowed } else { class }
}

/// The ASCII word boundary for a Unicode one.
fn ascii_look(look: Look) -> Option<Look> {
    Some(match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_use_only() {
        let lazy = LazyRegex::new(r"\bab+c\b".to_string());
        assert!(lazy.ascii.regex.get().is_none());
        assert!(lazy.is_match("x abbc y"));
        assert!(lazy.ascii.regex.get().is_some());
        assert!(lazy.unicode.get().is_none(), "ASCII text needs only the ASCII form");
        assert!(lazy.is_match("José abbc y"));
        assert!(lazy.unicode.get().is_some());
    }

    #[test]
    fn the_gate_keeps_text_without_the_cue_from_compiling_the_pattern() {
        let lazy = LazyRegex::new(r"\b(?:[Mm]y|[Hh]er)\s+(?:wife|son)\s+(\p{Lu}[\p{L}'’]*\p{Ll})".to_string());
        let tagline = "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos.";
        assert!(lazy.captures(tagline).is_none());
        assert!(lazy.unicode.get().is_none(), "the gate answered");
        let named = "Mi esposa — my wife Zoë — vino.";
        assert_eq!(lazy.captures(named).and_then(|c| c.get(1)).map(|m| m.as_str()), Some("Zoë"));
        assert!(lazy.unicode.get().is_some());
    }

    #[test]
    fn text_without_the_cues_leaves_the_form_uncompiled() {
        let lazy = LazyRegex::new(r"(?i)\baged\s+(9[0-9]|1[01][0-9])\b".to_string());
        assert!(!lazy.is_match("Seen at age 93 by the whole team."));
        assert!(lazy.ascii.regex.get().is_none(), "no cue word, nothing compiled");
        assert!(lazy.find("our founder, AGED 101, still visits").is_some());
        assert!(lazy.ascii.regex.get().is_some());
        assert!(!lazy.is_match("aged well"), "once compiled, the regex decides");
    }

    #[test]
    fn a_form_that_meets_much_text_gets_the_fast_cue_search() {
        let lazy = LazyRegex::new(r"(?i)\baged\s+(9[0-9]|1[01][0-9])\b".to_string());
        let page = "Seen at age 93 by the whole team. ".repeat(100);
        assert!(!lazy.is_match(&page));
        assert!(lazy.ascii.quick.get().is_some() && lazy.ascii.fast.get().is_none(), "a little text: the quick search");
        while lazy.ascii.searched.load(Ordering::Relaxed) < QUICK_SEARCH_BYTES {
            assert!(!lazy.is_match(&page));
        }
        assert!(!lazy.is_match(&page));
        assert!(lazy.ascii.fast.get().is_some(), "much text: the fast search");
        assert!(lazy.ascii.regex.get().is_none(), "still no cue word, nothing compiled");
        assert!(
            lazy.is_match(&format!("{page} Our founder, AGED 101, still visits.")),
            "the fast search finds the cue"
        );
    }

    /// Every match of every declared pattern's cheap forms, over the PHI corpus and the example
    /// site, contains one of the form's cues: the cues never hide a match.
    #[test]
    fn every_match_holds_a_cue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("tests/fixtures/phi-corpus.toml")).unwrap()];
        for entry in walkdir::WalkDir::new(root.join("example-site/content")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                texts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        let mut checked = 0;
        for forms in forms::FORMS {
            for (form, cues) in [(forms.ascii, forms.ascii_cues), (forms.gate, forms.gate_cues)] {
                let (Some(quick), Some(fast)) =
                    (cues::finder(cues, cues::Search::Quick), cues::finder(cues, cues::Search::Fast))
                else {
                    continue;
                };
                let regex = Regex::new(form).unwrap();
                for text in &texts {
                    for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                        for finder in [&quick, &fast] {
                            assert!(finder.is_match(m.as_str()), "{:?} has none of {cues:?} ({form})", m.as_str());
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "the corpus exercises the cues ({checked} matches)");
    }

    fn rewrite_ascii(pattern: &str) -> String {
        rewrite(pattern, Form::Ascii)
    }

    #[test]
    fn ascii_form_narrows_letter_classes_and_word_boundaries() {
        let form = rewrite_ascii(r"\b\p{Lu}[\p{L}'’]*\p{Ll}\b");
        assert!(!form.contains("\\p"), "{form}");
        assert!(form.contains("(?-u:\\b)"), "{form}");
        assert!(form.contains('’'), "non-word characters stay: {form}");
    }

    #[test]
    fn ascii_form_keeps_negated_classes_and_captures() {
        let pattern = r"(?i)\b(?:https?://|www\.)([^\s<>]+)\s+(\p{Lu}\w+)";
        let full = Regex::new(pattern).unwrap();
        let ascii = Regex::new(&rewrite_ascii(pattern)).unwrap();
        assert_eq!(ascii.captures_len(), full.captures_len());
        let text = "see www.example.org/a—b\u{a0}Kelly today";
        let spans = |r: &Regex| r.captures(text).map(|c| (c.get(1).map(|m| m.range()), c.get(2).map(|m| m.range())));
        assert_eq!(spans(&ascii), spans(&full));
    }

    /// Over text without non-ASCII word characters both forms find the same spans; over text
    /// with them only the full form is used.
    #[test]
    fn both_forms_agree_where_the_ascii_form_is_used() {
        let patterns = [
            r"\b(?:[Mm]y|[Hh]er)\s+(?:wife|son)\s+(\p{Lu}[\p{L}'’]*\p{Ll}(?:\s+\p{Lu}[\p{L}'’]*\p{Ll})?)",
            r"(?i)\b(?:live|lives)\s+in\s+(\p{Lu}[\p{L}'’]*\p{L})",
            r"\b\d{3}-\d{4}\b",
        ];
        let texts = [
            "My son Tom O’Brien—who lives in Boston—called 555-1234 on “Monday”.",
            "Her wife Ann\u{a0}Lee lives in Dallas\u{2009}today.",
            "my son tom lives in boston; ٣٤٥-١٢٣٤ is not ASCII",
        ];
        for pattern in patterns {
            let lazy = LazyRegex::new(pattern.to_string());
            let full = Regex::new(pattern).unwrap();
            for text in texts {
                let got: Vec<_> = lazy
                    .captures_iter(text)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    .collect();
                let want: Vec<_> = full
                    .captures_iter(text)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    .collect();
                assert_eq!(got, want, "{pattern} over {text}");
            }
        }
    }

    /// `forms.rs` as the patterns the checks declare and the rewrite rules make it.
    fn generated_forms() -> String {
        let mut patterns = crate::check::declared_patterns();
        patterns.sort();
        patterns.dedup();
        let mut out = String::from(
            "//! Generated by `WHITECOAT_BLESS=1 cargo test --lib precomputed_forms_are_current`: do not edit.\n\
             //! Every pattern the checks declare, with its ASCII form, its gate and their cues (see the\n\
             //! parent module).\n\n\
             /// A declared pattern and what is worked out from it.\n\
             pub(super) struct Forms {\n    \
                 /// The pattern as declared.\n    \
                 pub pattern: &'static str,\n    \
                 /// Its ASCII form.\n    \
                 pub ascii: &'static str,\n    \
                 /// Its gate.\n    \
                 pub gate: &'static str,\n    \
                 /// The ASCII form's cues (none: always compiled).\n    \
                 pub ascii_cues: &'static [&'static str],\n    \
                 /// The gate's cues.\n    \
                 pub gate_cues: &'static [&'static str],\n\
             }\n\n\
             /// Sorted by pattern.\n\
             #[rustfmt::skip]\n\
             pub(super) static FORMS: &[Forms] = &[\n",
        );
        for pattern in &patterns {
            let (ascii, gate) = (rewrite(pattern, Form::Ascii), rewrite(pattern, Form::Gate));
            let (ascii_cues, gate_cues) = (cues::of(&ascii), cues::of(&gate));
            out.push_str(&format!(
                "    Forms {{ pattern: {pattern:?}, ascii: {ascii:?}, gate: {gate:?}, ascii_cues: &{ascii_cues:?}, gate_cues: &{gate_cues:?} }},\n"
            ));
        }
        out.push_str("];\n");
        out
    }

    /// The shipped forms are those of today's patterns and rules; a changed pattern that is not
    /// regenerated would only be slower (rewritten at run time), never wrong, but is caught here.
    #[test]
    fn precomputed_forms_are_current() {
        crate::generated::assert_current(
            "src/lazy_regex/forms.rs",
            &generated_forms(),
            "precomputed_forms_are_current",
        );
        assert!(forms::FORMS.windows(2).all(|w| w[0].pattern < w[1].pattern), "sorted, for the binary search");
    }

    #[test]
    fn a_scope_classifies_its_text_and_slices() {
        let text = String::from("Zoë’s note — plain words here");
        let _scope = scope(&text);
        assert!(!ascii_words(&text));
        let note = text.find("note").unwrap();
        assert!(!ascii_words(&text[note..]), "a slice of the scoped text takes its class");
        assert!(ascii_words("plain — words"), "other text is classified on its own");
        assert!(!ascii_words("Zoë"));
    }
}
