//! Detectors for the forms identifiers take in what patients write, run on patient content only
//! (reviews), where a name or a town needs no cue word to be an identifier:
//! - full names: by real first-name and surname lists, in sign-offs ("— Jane Roe", "Sincerely,
//!   …"), possessives ("Linda Park's husband"), after titles ("Pastor Jim Haley") and anywhere a
//!   strong first name is followed by a strong surname;
//! - places smaller than a state, by a US gazetteer: "Springfield IL", "from Scranton",
//!   "Lackawanna County", "J.D., Bemidji";
//! - ages over 89 written out ("ninety-three", "a hundred and one") or bare ("Mom is 96");
//! - email addresses spelled to dodge harvesters ("mary dot keller at gmail dot com").
//!
//! Words that are more often ordinary words than names ("Will", "Hope", "Church") need a stronger
//! cue, and the practice's public names and cities are never findings (see [`super::lexicon`]).

use std::ops::Range;
use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;

use super::detect::{Ctx, rank};
use super::lexicon::{Lexicon, lexicon};
use super::{Cand, Family};

/// A capitalised name word: "Linda", "O'Brien", "McDonald", "García-López", "Hyun-woo".
const WORD: &str = r"\p{Lu}[\p{L}'’]*\p{Ll}(?:-\p{L}[\p{L}'’]*\p{Ll})?";
/// A word of a place name: "Coeur", "d'Alene", "Winston-Salem", "St.".
const PLACE_WORD: &str = r"(?:(?:St|Ft|Mt)\.|(?:d['’])?\p{Lu}[\p{L}'’]*\p{L}(?:-\p{Lu}[\p{L}'’]*\p{L})?)";
/// Ninety and over, spelled out: "ninety", "ninety-three", "a hundred and one".
const SPELLED_AGE: &str = r"(?:ninety|(?:a|one)\s+hundred(?:\s+and)?)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?";
const AGE_NUM: &str = r"(?:9[0-9]|1[01][0-9])";
/// People whose age a review may give.
const PEOPLE: &str = r"mom|mother|mum|dad|father|grandma|grandmother|grandpa|grandfather|granny|nana|papa|husband|wife|spouse|partner|aunt|uncle|brother|sister|son|daughter|neighbou?r|friend|patient|he|she|i";
/// Sign-off words before a name at the end of a review.
const SIGN_OFF: &str = r"sincerely|signed|regards|best\s+regards|kind\s+regards|warm\s+regards|warmly|respectfully|gratefully|thanks\s+again|thank\s+you|many\s+thanks|thanks|cheers|love|best|with\s+gratitude|blessings|god\s+bless";
/// Titles that come before a patient's or a relative's name (clinician titles are elsewhere).
const TITLES: &str = r"Pastor|Father|Fr\.|Reverend|Rev\.|Rabbi|Deacon|Coach|Officer|Sergeant|Sgt\.|Captain|Capt\.|Judge|Sister|Brother|Aunt|Uncle|Grandma|Grandpa|Nana|Papa|Auntie";
/// Words after a name that make it an eponym: "Tommy John surgery", "Lou Gehrig disease".
const EPONYM_NOUNS: &[&str] =
    &["surgery", "syndrome", "disease", "procedure", "technique", "method", "test", "sign", "palsy", "repair"];
/// Words a spelled-out or bare number is a quantity of, not an age.
const UNITS: &[&str] = &[
    "min", "sec", "hour", "day", "week", "month", "pound", "lb", "kg", "mg", "percent", "%", "mile", "beat", "bpm",
    "degree", "dollar", "time", "step", "patient", "people", "minute", "second", "page", "unit", "point", "mmhg",
];
/// Mail providers: "jane at gmail.com" is an address even without a dot in the local part.
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "aol",
    "icloud",
    "me",
    "mac",
    "comcast",
    "protonmail",
    "proton",
    "att",
    "verizon",
    "sbcglobal",
    "bellsouth",
    "charter",
    "cox",
    "earthlink",
    "mail",
    "gmx",
    "zoho",
    "fastmail",
    "hey",
    "tutanota",
];
const MONTHS_AND_DAYS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub(super) struct Patterns {
    sequence: LazyRegex,
    capitals: LazyRegex,
    sign_off: LazyRegex,
    bare_sign_off: LazyRegex,
    possessive: LazyRegex,
    titled: LazyRegex,
    place_state: LazyRegex,
    place_cue: LazyRegex,
    place_lower: LazyRegex,
    county: LazyRegex,
    street: LazyRegex,
    initials_place: LazyRegex,
    spelled_age: LazyRegex,
    holiday: LazyRegex,
    person_age: LazyRegex,
    person_age_aside: LazyRegex,
    age_phrase: LazyRegex,
    email: LazyRegex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(declare);

/// Declares every pattern (each compiles on first use).
pub(super) fn declare() -> Patterns {
    let seq = format!(r"{WORD}(?:\s+(?:\p{{Lu}}\.\s+)?{WORD}){{1,2}}");
    let place = format!(r"{PLACE_WORD}(?:(?:\s+|-){PLACE_WORD}){{0,3}}");
    let build = |p: &str| LazyRegex::new(p.to_string());
    Patterns {
        sequence: build(&format!(r"\b{seq}")),
        // "MARIA GONZALEZ", "THANK YOU FROM MARIA GONZALEZ": a name in capitals.
        capitals: build(r"\b\p{Lu}{2,}[\p{Lu}'’-]*(?:\s+(?:\p{Lu}\.?\s+)?\p{Lu}{2,}[\p{Lu}'’-]*)+\b"),
        // The signature may start with an initial: "— J. Delgado", "Thanks, J Delgado".
        sign_off: build(&format!(
            r"(?:^|[\s.!?)])(?:[-—–~]+\s*|(?i:{SIGN_OFF})\s*[,:]?\s+)((?:\p{{Lu}}\.?\s+)?{WORD}(?:\s+(?:\p{{Lu}}\.\s+)?{WORD}){{0,2}})\s*[.!]?\s*$"
        )),
        bare_sign_off: build(&format!(r"[.!?]\s+({WORD}\s+{WORD})\s*[.!]?\s*$")),
        possessive: build(&format!(r"\b({seq})['’]s\b")),
        titled: build(&format!(r"\b(?:{TITLES})\s+({WORD}(?:\s+{WORD}){{0,2}})")),
        place_state: build(&format!(
            r"\b({place}),?\s+(A[LKZR]|C[AOT]|DE|DC|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|PR|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico)\b"
        )),
        place_cue: build(&format!(
            r"\b(?i:from|in|near|outside(?:\s+of)?|around|moved\s+to|move\s+to|drive\s+to|drove\s+to|over\s+to|back\s+to)\s+(?:(?i:the)\s+)?({place})"
        )),
        place_lower: build(
            r"(?i)\b(?:drove|drive|driving|came|come|coming|moved|move|live|living|lives)\s+(?:(?:down|up|over|in|out|all\s+the\s+way)\s+)?(?:from|to|in)\s+([a-z][a-z'’]+(?:\s+[a-z][a-z'’]+)?)\b",
        ),
        county: build(&format!(r"\b({place})\s+(?:County|Parish|Borough|Township|Census\s+Area)\b")),
        street: build(&format!(
            r"\b(?i:live|lives|living|lived|house|home|apartment|grew\s+up)\s+on\s+({WORD}(?:\s+{WORD})?\s+(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|Drive|Dr\.|Lane|Ln\.|Boulevard|Blvd\.?|Court|Ct\.|Way|Place|Terrace|Circle|Parkway|Pike|Trail))"
        )),
        initials_place: build(&format!(r"(?:\p{{Lu}}\.\s?){{1,3}},?\s+({place})\s*[.!]?\s*$")),
        spelled_age: build(&format!(r"(?i)\b{SPELLED_AGE}\b")),
        holiday: build(
            r"\b[Oo]n\s+((?:(?:the\s+)?(?:Christmas|New\s+Year['’]?s|Valentine['’]?s|St\.?\s+Patrick['’]?s|Mother['’]?s|Father['’]?s|Memorial|Labor|Independence|Veterans['’]?|Thanksgiving)\s+(?:Day|Eve)|Christmas|Halloween|Thanksgiving|Easter(?:\s+Sunday)?|the\s+Fourth\s+of\s+July|July\s+(?:4th|Fourth)))\b",
        ),
        person_age: build(&format!(
            r"(?i)\b(?:{PEOPLE})(?:['’]s)?(?:,?\s+who)?\s+(?:is|was|just\s+turned|turned|turns|will\s+be|is\s+now)\s+({AGE_NUM})\b"
        )),
        // "My mom, 93, was …", "At 94, my dad …".
        person_age_aside: build(&format!(
            r"(?i)\b(?:(?:{PEOPLE}),\s+({AGE_NUM})\s*,|at\s+({AGE_NUM}),\s+(?:my|our|his|her|their)\s+(?:{PEOPLE}))"
        )),
        age_phrase: build(&format!(
            r"(?i)\b(?:({AGE_NUM})\s+years?\s+young|({AGE_NUM})(?:st|nd|rd|th)\s+birthday|age\s+of\s+({AGE_NUM}))\b"
        )),
        email: build(
            r"(?i)\b([a-z0-9][a-z0-9._%+\-]*(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*[a-z0-9._%+\-]+)*)\s*(?:\(at\)|\[at\]|\{at\}|<at>|\s+at\s+|\s*@\s*)\s*([a-z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\[\.\]|\(\.\)|\s+dot\s+)\s*[a-z0-9\-]+)*?)\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\[\.\]|\(\.\)|\s+dot\s+)\s*(?:com|net|org|edu|gov|us|io|co|info|me|biz)\b",
        ),
    }
}

/// Runs the patient-content detectors over `text`.
pub(super) fn run(text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let p = &*PATTERNS;
    let l = lexicon();
    names(p, l, text, ctx, out);
    places(p, l, text, ctx, out);
    ages(p, text, out);
    emails(p, text, out);
    // "on Valentine's Day": a holiday is a day of the year, tied to the person by "on".
    for c in p.holiday.captures_iter(text) {
        if let Some(g) = c.get(1) {
            push(out, g.range(), Family::Date, rank::LOOSE);
        }
    }
}

fn push(out: &mut Vec<Cand>, range: Range<usize>, family: Family, rank: u8) {
    out.push(Cand { range, family: Some(family), rank });
}

/// The word before `pos`, without punctuation.
fn word_before(text: &str, pos: usize) -> &str {
    let head = text[..pos].trim_end();
    let start = head.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    &head[start..]
}

/// The word after `pos`, lower-cased.
fn word_after(text: &str, pos: usize) -> String {
    text[pos..].split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// Whether `pos` starts a sentence (or the text).
fn sentence_start(text: &str, pos: usize) -> bool {
    let head = text[..pos].trim_end();
    head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n', '"', '“', '—', '('])
}

/// The words of a matched name, without middle initials.
fn words(name: &str) -> Vec<&str> {
    name.split_whitespace().filter(|w| !(w.len() <= 3 && w.ends_with('.'))).collect()
}

/// Whether the name is the practice's own (a clinician, `[compliance.public] names`).
fn public_name(ctx: &Ctx, name: &str) -> bool {
    ctx.public.has_name(name)
}

/// After a clinician title ("Dr. Amara Okafor"): a clinician, not a patient.
fn after_clinician_title(text: &str, start: usize) -> bool {
    let before = word_before(text, start).trim_end_matches('.');
    matches!(before, "Dr" | "Doctor" | "Nurse" | "Practitioner" | "NP" | "PA" | "RN" | "MD" | "Professor" | "Prof")
}

fn names(p: &Patterns, l: &Lexicon, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let flag = |range: Range<usize>, out: &mut Vec<Cand>| {
        let name = &text[range.clone()];
        if !public_name(ctx, name) && !after_clinician_title(text, range.start) {
            push(out, range, Family::Name, rank::NAME);
        }
    };
    // Sign-offs: a name in the place of a signature, after a dash or a closing word.
    for re in [&p.sign_off, &p.bare_sign_off] {
        if let Some(g) = re.captures(text).and_then(|c| c.get(1)) {
            let w = words(g.as_str());
            // An initial and a surname ("J. Delgado") names the patient as surely as a full name;
            // a first name alone ("— Maria") is the form a display name takes.
            let initialled = w.len() == 1 && g.as_str().split_whitespace().count() > 1;
            let named = (w.len() >= 2
                && (l.is_strong_first_name(w[0]) || w.last().is_some_and(|last| l.is_strong_surname(last))))
                || (initialled && l.is_strong_surname(w[0]));
            if named {
                flag(g.range(), out);
            }
        }
    }
    // Written in capitals, a full name is still one ("MARIA GONZALEZ").
    for run in p.capitals.find_iter(text) {
        let spans: Vec<Range<usize>> = word_spans(text, run.range())
            .into_iter()
            .filter(|s| text[s.clone()].trim_end_matches('.').chars().count() > 1)
            .collect();
        for pair in spans.windows(2) {
            if l.is_strong_first_name(&text[pair[0].clone()]) && l.is_strong_surname(&text[pair[1].clone()]) {
                flag(pair[0].start..pair[1].end, out);
            }
        }
    }
    // "Linda Park's husband": a possessive full name.
    for c in p.possessive.captures_iter(text) {
        let Some(g) = c.get(1) else { continue };
        let w = words(g.as_str());
        if w.len() >= 2 && (l.is_strong_first_name(w[0]) || w.last().is_some_and(|s| l.is_strong_surname(s))) {
            flag(g.range(), out);
        }
    }
    // "Pastor Jim Haley", "Aunt Rosa": a title that is not a clinician's.
    for c in p.titled.captures_iter(text) {
        let Some(g) = c.get(1) else { continue };
        let w = words(g.as_str());
        if w.first().is_some_and(|f| l.is_first_name(f) || l.is_surname(f)) {
            flag(g.range(), out);
        }
    }
    // Anywhere: a strong first name followed by a strong surname ("Carlos Mendez").
    for m in p.sequence.find_iter(text) {
        if let Some(range) = full_name(l, text, m.range()) {
            flag(range, out);
        }
    }
}

/// The full name within a run of capitalised words, if it has one: a first name that is more a
/// name than a word, and a surname that is (or a word English does not know before a strong
/// surname: "Hyun-woo Kim").
fn full_name(l: &Lexicon, text: &str, run: Range<usize>) -> Option<Range<usize>> {
    let spans: Vec<Range<usize>> = word_spans(text, run)
        .into_iter()
        // "Park's" is the name "Park".
        .map(|s| {
            let word = text[s.clone()].trim_end_matches("'s").trim_end_matches("’s");
            s.start..s.start + word.len()
        })
        .filter(|s| !text[s.clone()].ends_with('.'))
        .collect();
    for i in 0..spans.len().saturating_sub(1) {
        let first = &text[spans[i].clone()];
        let last_span = spans.last()?.clone();
        for j in (i + 1..spans.len()).rev() {
            let last = &text[spans[j].clone()];
            let first_ok = l.is_strong_first_name(first)
                || (!l.is_english(first) && !sentence_start(text, spans[i].start) && l.is_strong_surname(last));
            if !(first_ok && l.is_strong_surname(last)) {
                continue;
            }
            // A sentence-initial common word ("Living Kim…") is not a first name.
            if sentence_start(text, spans[i].start) && l.is_common_word(first) && !l.is_strong_first_name(first) {
                continue;
            }
            let end = spans[j].end;
            if j == spans.len() - 1 && EPONYM_NOUNS.contains(&word_after(text, last_span.end).as_str()) {
                return None;
            }
            return Some(spans[i].start..end);
        }
    }
    None
}

/// The byte ranges of the whitespace-separated words of `text[run]`.
fn word_spans(text: &str, run: Range<usize>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut offset = run.start;
    for piece in text[run].split_whitespace() {
        let start = text[offset..].find(piece).map_or(offset, |i| offset + i);
        offset = start + piece.len();
        spans.push(start..offset);
    }
    spans
}

fn places(p: &Patterns, l: &Lexicon, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let own_city = |name: &str| ctx.public.has_city(name);
    let flag = |range: Range<usize>, out: &mut Vec<Cand>| {
        if !own_city(&text[range.clone()]) {
            push(out, range, Family::Place, rank::LOOSE);
        }
    };
    // "Springfield IL", "Mobile, Alabama": a place of that state.
    for c in p.place_state.captures_iter(text) {
        let (Some(name), Some(state)) = (c.get(1), c.get(2)) else { continue };
        let code = l.state(state.as_str()).unwrap_or_default();
        if let Some(range) = longest_place(l, text, name.range(), |states, _| states.contains(&code)) {
            flag(range, out);
        }
    }
    // "from Scranton", "here in Peoria", "outside Boise".
    for c in p.place_cue.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let found = longest_place(l, text, name.range(), |_, population| population > 0);
        if let Some(range) = found {
            let place = &text[range.clone()];
            let one_word = !place.contains([' ', '-']);
            let month = MONTHS_AND_DAYS.contains(&place.to_lowercase().as_str());
            // "in Reading", "from Hope": an ordinary word needs the place to be a large one.
            let wordy = one_word && l.is_common_word(place) && l.place(place).is_none_or(|(_, pop)| pop < 100_000);
            // A state is not smaller than a state ("born in Washington State", "New York").
            let state = l.state(place).is_some();
            // "a call from Linda" is a person; "from Madison" or "the Bronx" a large place.
            let first_name =
                one_word && l.is_strong_first_name(place) && l.place(place).is_none_or(|(_, pop)| pop < 100_000);
            if !month && !wordy && !state && !first_name {
                flag(range, out);
            }
        }
    }
    // "drove down from erie": lower-case place names after a journey, if not English words.
    for c in p.place_lower.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let found = longest_place(l, text, name.range(), |_, _| true);
        if let Some(range) = found
            && text[range.clone()].split_whitespace().all(|w| !l.is_common_word(w))
        {
            flag(range, out);
        }
    }
    // "I live on Hawthorne Street": a street named as where someone lives.
    for c in p.street.captures_iter(text) {
        if let Some(g) = c.get(1) {
            push(out, g.range(), Family::Address, rank::LOOSE);
        }
    }
    // "Lackawanna County", "Cranberry Township".
    for c in p.county.captures_iter(text) {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else { continue };
        let plain = !name.as_str().contains(' ') && !l.is_common_word(name.as_str());
        if l.is_county(whole.as_str()) || plain {
            flag(whole.range(), out);
        }
    }
    // "— R.M., Bemidji": a place after a signature of initials.
    if let Some(name) = p.initials_place.captures(text).and_then(|c| c.get(1))
        && let Some(range) = longest_place(l, text, name.range(), |_, _| true)
    {
        flag(range, out);
    }
}

/// The longest run of words at the start of `span` that is a place `accept` takes.
fn longest_place(
    l: &Lexicon,
    text: &str,
    span: Range<usize>,
    accept: impl Fn(&[&str], u32) -> bool,
) -> Option<Range<usize>> {
    let candidate = &text[span.clone()];
    let mut ends: Vec<usize> =
        candidate.match_indices([' ', '-']).map(|(i, _)| i).filter(|&i| i > 0).collect::<Vec<_>>();
    ends.push(candidate.len());
    ends.into_iter().rev().find_map(|end| {
        let name = candidate[..end].trim_end_matches([',', '.']);
        // "St." alone is not a place; a trailing period belongs to the sentence.
        let name =
            if name.ends_with("St") || name.ends_with("Ft") || name.ends_with("Mt") { &candidate[..end] } else { name };
        l.place(name)
            .filter(|(states, population)| accept(states, *population))
            .map(|_| span.start..span.start + name.len())
    })
}

fn ages(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    let unit_follows = |end: usize| {
        let next = word_after(text, end);
        UNITS.iter().any(|u| next.starts_with(u))
    };
    for m in p.spelled_age.find_iter(text) {
        // "ninety days", "a hundred patients": quantities.
        let mut end = m.end();
        let rest = &text[end..];
        for suffix in ["-year-old", " year old", " years old", "-years-old", " years young"] {
            if rest.to_lowercase().starts_with(suffix) {
                end += suffix.len();
            }
        }
        if end > m.end() || !unit_follows(m.end()) {
            push(out, m.start()..end, Family::Age, rank::LOOSE);
        }
    }
    for c in p.person_age.captures_iter(text) {
        if let Some(n) = c.get(1)
            && !unit_follows(n.end())
        {
            push(out, n.range(), Family::Age, rank::LOOSE);
        }
    }
    for c in p.person_age_aside.captures_iter(text) {
        if let Some(n) = c.get(1).or_else(|| c.get(2)) {
            push(out, n.range(), Family::Age, rank::LOOSE);
        }
    }
    for c in p.age_phrase.captures_iter(text) {
        if let Some(m) = c.get(0) {
            push(out, m.range(), Family::Age, rank::LOOSE);
        }
    }
}

fn emails(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    // Every obfuscated form has an "at" written out or a spaced "@"; most texts have no "at" next
    // to a "dot".
    let lower_has = |k: &str| text.to_ascii_lowercase().contains(k);
    if !((lower_has("at") || text.contains('@')) && (lower_has("dot") || text.contains('.'))) {
        return;
    }
    for c in p.email.captures_iter(text) {
        let (Some(m), Some(local), Some(domain)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let s = m.as_str().to_ascii_lowercase();
        let bracketed = ["(at)", "[at]", "{at}", "<at>", "@", "[.]", "(.)"].iter().any(|k| s.contains(k));
        // "updates at facebook.com" is a preposition and a web address; an address spelled out
        // has a local part that looks like one, "dot" written out, or a mail provider.
        let spelled = s.contains(" dot ") || s.contains("(dot)") || s.contains("[dot]");
        let local_like = local.as_str().contains(['.', '_', '+']) || local.as_str().bytes().any(|b| b.is_ascii_digit());
        let provider = MAIL_PROVIDERS.iter().any(|p| domain.as_str().eq_ignore_ascii_case(p));
        if bracketed || spelled || local_like || provider {
            push(out, m.range(), Family::Email, rank::CONTAINER);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Family, Public, Scanner};

    fn found(text: &str) -> Vec<(Family, String)> {
        Scanner::new()
            .scan(text, true, &Public::default())
            .into_iter()
            .map(|m| (m.family, text[m.range].to_string()))
            .collect()
    }

    #[track_caller]
    fn finds(family: Family, text: &str, what: &str) {
        let hits = found(text);
        assert!(hits.iter().any(|(f, s)| *f == family && s == what), "{what:?} as {family:?} in {text:?}: {hits:?}");
    }

    #[track_caller]
    fn clean(text: &str) {
        let hits = found(text);
        assert!(hits.is_empty(), "{text:?}: {hits:?}");
    }

    #[test]
    fn names_without_kinship_cues() {
        finds(Family::Name, "Great visit. — Jennifer Dawson", "Jennifer Dawson");
        finds(Family::Name, "They listened. Sincerely, Tom Becker", "Tom Becker");
        finds(Family::Name, "Linda Park's husband drove me home.", "Linda Park");
        finds(Family::Name, "I was referred by Carlos Mendez after his surgery.", "Carlos Mendez");
        finds(Family::Name, "Pastor Jim Haley sat with me.", "Jim Haley");
        finds(Family::Name, "Thank you for everything. — María García-López", "María García-López");
        finds(Family::Name, "Great care. — J. Delgado", "J. Delgado");
        finds(Family::Name, "Thanks, J Delgado", "J Delgado");
        finds(Family::Name, "THANK YOU FROM MARIA GONZALEZ", "MARIA GONZALEZ");
        finds(Family::Name, "Signed, **MARIA GONZALEZ**", "MARIA GONZALEZ");
        clean("THANK YOU DR. OKAFOR AND THE WHOLE TEAM!");
        clean("CALL 911 IF YOU HAVE CHEST PAIN. NEW YORK HEART ASSOCIATION CLASS II.");
        clean("Great visit, thank you! — Maria");
        clean("Will definitely come back, and Grace at the desk was lovely.");
        clean("My son Loves the fish tank in the waiting room.");
        clean("I had Tommy John surgery on my elbow last year.");
        clean("The Blue Cross card worked and Epic MyChart sent the results.");
    }

    #[test]
    fn the_practice_and_its_clinicians_are_not_patients() {
        let public = Public::new(&[], &[], &["Amara Okafor".to_string()], &[], &[], &[])
            .with_cities(&["Springfield".to_string()]);
        let text = "Amara Okafor explained everything. Worth the drive from Springfield.";
        assert!(Scanner::new().scan(text, true, &public).is_empty());
    }

    #[test]
    fn places_smaller_than_a_state() {
        finds(Family::Place, "Allergy shots finally work. J.D., Springfield IL", "Springfield");
        finds(Family::Place, "We drive in from Scranton every three months.", "Scranton");
        finds(Family::Place, "No endocrinologist left in Lackawanna County.", "Lackawanna County");
        finds(Family::Place, "I come from Mobile, Alabama for checkups.", "Mobile");
        finds(Family::Place, "The trip from the Bronx is long.", "Bronx");
        finds(Family::Place, "drove down from erie this morning", "erie");
        finds(Family::Place, "Quick and kind. — R.M., Bemidji", "Bemidji");
        clean("Mobile check-in was easy and reading the summary helped.");
        clean("I was born in Washington State and moved here in May.");
        clean("Hope you all have a great Independence Day weekend.");
    }

    #[test]
    fn ages_dates_and_emails_as_people_write_them() {
        finds(Family::Age, "My grandfather is ninety-three and loves this office.", "ninety-three");
        finds(Family::Age, "She turned a hundred and one this spring.", "a hundred and one");
        finds(Family::Age, "Mom is 96 and the doctor speaks to her directly.", "96");
        finds(Family::Age, "Dad celebrated his 95th birthday after surgery.", "95th birthday");
        finds(Family::Date, "I got my pacemaker on Valentine's Day.", "Valentine's Day");
        finds(
            Family::Email,
            "Reach me at mary dot keller at gmail dot com anytime.",
            "mary dot keller at gmail dot com",
        );
        finds(Family::Email, "Write to mkeller(at)yahoo.com with questions.", "mkeller(at)yahoo.com");
        finds(Family::Email, "reach me: jane[at]gmail[.]com", "jane[at]gmail[.]com");
        finds(Family::Email, "or jane @ gmail . com", "jane @ gmail . com");
        finds(Family::Age, "My mom, 93, was treated with respect.", "93");
        finds(Family::Age, "At 94, my dad still gets great care.", "94");
        clean("At 9, my son was nervous, and the nurse, 30, was kind.");
        clean("The prescription is a ninety day supply, and the wait was 95 minutes.");
        clean("My oxygen was 96 percent after the walk test.");
        clean("Read more at mayoclinic.org or heart.org, and updates at cdc.gov/flu.");
        clean("Studies of centenarians suggest that staying active matters.");
    }
}
