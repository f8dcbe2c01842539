//! HIPAA Safe Harbor identifier scanner (45 CFR 164.514(b)(2)).
//!
//! [`Scanner::scan`] finds the identifiers of a patient or a relative in one segment of text and
//! returns their byte ranges, one finding per identifier span. It is a pattern scan, a second line
//! of defence behind the patient's authorization: it never proves a text is de-identified.
//!
//! Design, in short:
//! - every family has a regex that finds the *shape*, then a validator ([`validate`]) or a context
//!   check that decides whether the shape is real (calendar dates, SSN rules, VIN check digit,
//!   octets, a "fax"/"MRN"/"member ID" cue before the value);
//! - patient content (reviews) is scanned strictly; elsewhere the scanner is biased to precision
//!   (full dates only, no first names after kinship cues, well-known reference URLs allowed) and
//!   the practice's [`Public`] details are exempt;
//! - things that look like identifiers but are known not to be (the practice's phone, a DOI, a
//!   PMID, a reference URL) become *shields*: they win the span, so a lower-priority family such
//!   as `phi/number` cannot fire on the digits inside them;
//! - overlapping candidates are resolved by priority (container > context-cued > format > number),
//!   then by length, so each span is reported once, under its most specific family.

#[cfg(test)]
mod corpus;
mod detect;
mod key;
pub mod lexicon;
mod patient;
#[cfg(test)]
mod tests;
pub mod validate;

use std::collections::BTreeMap;
use std::ops::Range;

/// The Safe Harbor identifier families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// (A) Names of the patient, relatives, household members or employers.
    Name,
    /// (B) Street addresses.
    Address,
    /// (B) Other geographic subdivisions smaller than a state: cities, towns, counties,
    /// neighbourhoods (reported under `phi/address` too).
    Place,
    /// (B) ZIP codes.
    Zip,
    /// (C) Dates (other than the year) related to the individual.
    Date,
    /// (C) Ages over 89 and date elements that reveal them.
    Age,
    /// (D) Telephone numbers.
    Phone,
    /// (E) Fax numbers.
    Fax,
    /// (F) Email addresses.
    Email,
    /// (G) Social Security numbers.
    Ssn,
    /// (H) Medical record numbers.
    Mrn,
    /// (I) Health plan beneficiary numbers (member IDs, Medicare MBI).
    Plan,
    /// (J) Account numbers.
    Account,
    /// (K) Certificate and license numbers.
    License,
    /// (L) Vehicle identifiers (VIN) and license plates.
    Vehicle,
    /// (M) Device identifiers and serial numbers.
    Device,
    /// (N) Web URLs.
    Url,
    /// (O) IP addresses.
    Ip,
    /// (R) Any other unique identifying number.
    Number,
}

impl Family {
    /// Every family, in rule-table order.
    pub const ALL: [Family; 19] = [
        Family::Name,
        Family::Address,
        Family::Place,
        Family::Zip,
        Family::Date,
        Family::Age,
        Family::Phone,
        Family::Fax,
        Family::Email,
        Family::Ssn,
        Family::Mrn,
        Family::Plan,
        Family::Account,
        Family::License,
        Family::Vehicle,
        Family::Device,
        Family::Url,
        Family::Ip,
        Family::Number,
    ];

    /// The stable rule id, e.g. `"phi/phone"`.
    pub fn rule(self) -> &'static str {
        match self {
            Family::Name => "phi/name",
            Family::Address | Family::Place => "phi/address",
            Family::Zip => "phi/zip",
            Family::Date => "phi/date",
            Family::Age => "phi/age",
            Family::Phone => "phi/phone",
            Family::Fax => "phi/fax",
            Family::Email => "phi/email",
            Family::Ssn => "phi/ssn",
            Family::Mrn => "phi/mrn",
            Family::Plan => "phi/plan",
            Family::Account => "phi/account",
            Family::License => "phi/license",
            Family::Vehicle => "phi/vehicle",
            Family::Device => "phi/device",
            Family::Url => "phi/url",
            Family::Ip => "phi/ip",
            Family::Number => "phi/number",
        }
    }

    /// A short noun phrase for messages: "HIPAA Safe Harbor identifier (telephone number)".
    pub fn label(self) -> &'static str {
        match self {
            Family::Name => "name",
            Family::Address => "street address",
            Family::Place => "place smaller than a state",
            Family::Zip => "ZIP code",
            Family::Date => "date",
            Family::Age => "age over 89",
            Family::Phone => "telephone number",
            Family::Fax => "fax number",
            Family::Email => "email address",
            Family::Ssn => "Social Security number",
            Family::Mrn => "medical record number",
            Family::Plan => "health plan beneficiary number",
            Family::Account => "account number",
            Family::License => "certificate or license number",
            Family::Vehicle => "vehicle identifier",
            Family::Device => "device identifier",
            Family::Url => "web URL",
            Family::Ip => "IP address",
            Family::Number => "identifying number",
        }
    }
}

/// One identifier found in a scanned text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhiMatch {
    /// Which Safe Harbor family it belongs to.
    pub family: Family,
    /// Byte range of the identifier itself (not its cue word) in the scanned text.
    pub range: Range<usize>,
}

impl PhiMatch {
    /// The matched identifier, given the text that was scanned.
    pub fn text<'t>(&self, scanned: &'t str) -> &'t str {
        scanned.get(self.range.clone()).unwrap_or("")
    }
}

/// Public details of the practice that are never PHI outside patient content.
///
/// Everything is normalised once here so that [`Scanner::scan`] compares cheaply.
#[derive(Debug, Default, Clone)]
pub struct Public {
    /// National 10-digit forms of the practice's phone and fax numbers.
    phones: Vec<String>,
    /// Lower-cased email addresses.
    emails: Vec<String>,
    /// Names, compared as whole-word, case-sensitive phrases.
    names: Vec<String>,
    /// Street addresses, normalised by [`normalize_address`].
    addresses: Vec<String>,
    /// The first five digits of each public postal code.
    postal_codes: Vec<String>,
    /// Lower-cased host names without a leading `www.`.
    hosts: Vec<String>,
    /// Other public identifiers (NPIs, licence numbers), upper-cased, letters and digits only.
    identifiers: Vec<String>,
    /// The practice's own cities, in [`lexicon::key`] form.
    cities: Vec<String>,
    /// Domains the site declares public sources (`[compliance.public] domains`), exempt everywhere.
    references: Vec<String>,
}

impl Public {
    /// Builds the exemption list. Phones are compared by digits only (a leading country code 1 is
    /// dropped), emails case-insensitively, names as whole-word case-sensitive phrases; `hosts`
    /// are the domains whose URLs and email addresses are public (the practice's own site), given
    /// as bare hosts or URLs. ZIP codes written inside `addresses` are added to `postal_codes`.
    pub fn new(
        phones: &[String],
        emails: &[String],
        names: &[String],
        addresses: &[String],
        postal_codes: &[String],
        hosts: &[String],
    ) -> Self {
        let phones = phones.iter().map(|p| validate::national_digits(p)).filter(|d| d.len() >= 7).collect();
        let emails = emails.iter().map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()).collect();
        let names = names
            .iter()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty())
            .collect();
        let mut zips: Vec<String> = postal_codes
            .iter()
            .map(|z| validate::digits(z))
            .filter(|d| d.len() >= 5)
            .map(|d| d[..5].to_string())
            .collect();
        for address in addresses {
            for word in address.split(|c: char| !c.is_ascii_digit()) {
                if word.len() == 5 || word.len() == 9 {
                    zips.push(word[..5].to_string());
                }
            }
        }
        let addresses = addresses.iter().map(|a| normalize_address(a)).filter(|a| !a.is_empty()).collect();
        let hosts = hosts.iter().map(|h| host_of(h)).filter(|h| !h.is_empty()).collect();
        Self {
            phones,
            emails,
            names,
            addresses,
            postal_codes: zips,
            hosts,
            identifiers: Vec::new(),
            cities: Vec::new(),
            references: Vec::new(),
        }
    }

    /// Whether a file name names a person other than the practice's public names and `shown`
    /// (a review's display name, which the authorization's scope check already judged).
    pub fn slug_names_a_person(&self, slug: &str, shown: Option<&str>) -> bool {
        let except: Vec<&str> = self.names.iter().map(String::as_str).chain(shown).collect();
        slug_names_a_person(slug, &except)
    }

    /// Adds the practice's own cities: never a finding, even in reviews ("worth the drive to
    /// Springfield" names where the practice is, not where the patient lives).
    pub fn with_cities(mut self, cities: &[String]) -> Self {
        self.cities.extend(cities.iter().map(|c| lexicon::key(c)).filter(|c| !c.is_empty()));
        self
    }

    /// Adds domains whose links are public sources, not identifiers, even in reviews.
    pub fn with_references(mut self, domains: &[String]) -> Self {
        self.references.extend(domains.iter().map(|d| host_of(d)).filter(|d| !d.is_empty()));
        self
    }

    fn has_reference(&self, host: &str) -> bool {
        let host = host.trim_start_matches("www.");
        self.references.iter().any(|d| host_within(host, d))
    }

    fn has_city(&self, name: &str) -> bool {
        let name = lexicon::key(name);
        self.cities.contains(&name)
    }

    /// Adds public identifiers such as the clinicians' NPIs and state licence numbers, so that
    /// `phi/number` and `phi/license` do not fire on them in profile or team text.
    pub fn with_identifiers(mut self, identifiers: &[String]) -> Self {
        self.identifiers.extend(identifiers.iter().map(|i| alnum_upper(i)).filter(|i| !i.is_empty()));
        self
    }

    fn has_phone(&self, national: &str) -> bool {
        self.phones.iter().any(|p| p == national)
    }

    /// A seven-digit local number that is the end of a public number.
    fn has_phone_suffix(&self, seven: &str) -> bool {
        seven.len() == 7 && self.phones.iter().any(|p| p.ends_with(seven))
    }

    fn has_email(&self, email: &str) -> bool {
        let lower = email.to_lowercase();
        if self.emails.contains(&lower) {
            return true;
        }
        lower.rsplit_once('@').is_some_and(|(_, domain)| self.has_host(domain))
    }

    fn has_host(&self, host: &str) -> bool {
        let host = host.trim_start_matches("www.");
        self.hosts.iter().any(|h| host_within(host, h))
    }

    fn has_name(&self, name: &str) -> bool {
        self.names.iter().any(|p| contains_phrase(p, name) || contains_phrase(name, p))
    }

    fn has_address(&self, street: &str) -> bool {
        let needle = format!(" {} ", normalize_address(street));
        needle.trim().len() > 2 && self.addresses.iter().any(|a| format!(" {a} ").contains(&needle))
    }

    fn has_postal_code(&self, zip: &str) -> bool {
        let d = validate::digits(zip);
        d.get(..5).is_some_and(|five| self.postal_codes.iter().any(|z| z == five))
    }

    fn has_identifier(&self, id: &str) -> bool {
        let id = alnum_upper(id);
        !id.is_empty() && self.identifiers.contains(&id)
    }
}

/// Upper-cased letters and digits only, so "MD-12345" and "md 12345" compare equal.
fn alnum_upper(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// The host of a URL or bare host, lower-cased, without `www.`, port, path or user info.
fn host_of(url: &str) -> String {
    let s = url.trim();
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let s = s.split(['/', '?', '#']).next().unwrap_or("");
    let s = s.rsplit_once('@').map_or(s, |(_, h)| h);
    let s = s.split(':').next().unwrap_or("");
    s.to_ascii_lowercase().trim_start_matches("www.").trim_end_matches('.').to_string()
}

/// Is `host` equal to `domain` or one of its subdomains?
fn host_within(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// Does `hay` contain `needle` as a whole-word phrase (case-sensitive)?
fn contains_phrase(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Lower-cases, drops punctuation and spells street suffixes one way ("Street" -> "st"), so
/// "123 Maple Street, Suite 4" and "123 maple st" compare equal on their common part.
fn normalize_address(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let short = match lower.as_str() {
                "street" => "st",
                "avenue" => "ave",
                "road" => "rd",
                "boulevard" => "blvd",
                "drive" => "dr",
                "lane" => "ln",
                "court" => "ct",
                "place" => "pl",
                "terrace" => "ter",
                "parkway" => "pkwy",
                "highway" => "hwy",
                "circle" => "cir",
                "square" => "sq",
                "trail" => "trl",
                "suite" => "ste",
                "apartment" => "apt",
                "north" => "n",
                "south" => "s",
                "east" => "e",
                "west" => "w",
                other => return other.to_string(),
            };
            short.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds Safe Harbor identifiers. Cheap to create: every regex is compiled once per process (on
/// first use) and shared by all scanners.
#[derive(Debug, Clone, Copy)]
pub struct Scanner {
    patterns: &'static detect::Patterns,
}

impl Default for Scanner {
    fn default() -> Self {
        Self::new()
    }
}

impl Scanner {
    /// A scanner using the process-wide compiled patterns.
    pub fn new() -> Self {
        Self { patterns: detect::patterns() }
    }

    /// Scans one text segment. `patient` = patient content (reviews): stricter (dates without a
    /// year, ages ≥ 90 in any phrasing, any URL, first names after kinship cues) and the public
    /// details are *not* exempt. Outside patient content the public details are exempt and the
    /// scanner is biased to precision. Findings are sorted by position and never overlap.
    pub fn scan(&self, text: &str, patient: bool, public: &Public) -> Vec<PhiMatch> {
        self.scan_with(text, &detect::Ctx { patient, exempt_public: !patient, public })
    }

    /// Scans the practice's reply to a review: as strictly as patient content (a reply must not
    /// name or date anyone), but the practice's own phone, email and clinicians are fine there.
    pub fn scan_reply(&self, text: &str, public: &Public) -> Vec<PhiMatch> {
        self.scan_with(text, &detect::Ctx { patient: true, exempt_public: true, public })
    }

    fn scan_with(&self, text: &str, ctx: &detect::Ctx<'_>) -> Vec<PhiMatch> {
        let mut cands = Vec::new();
        detect::run(self.patterns, text, ctx, &mut cands);
        resolve(cands)
    }
}

/// One candidate span before overlap resolution; `family: None` is a shield (a span known not to
/// be PHI that must still block lower-priority families from firing inside it).
#[derive(Debug, Clone)]
struct Cand {
    range: Range<usize>,
    family: Option<Family>,
    rank: u8,
}

/// Keeps the best candidate for every span: highest rank, then longest, then leftmost. The kept
/// spans are disjoint, so each identifier is reported once, under its most specific family.
fn resolve(mut cands: Vec<Cand>) -> Vec<PhiMatch> {
    cands.retain(|c| !c.range.is_empty());
    cands.sort_by(|a, b| {
        b.rank
            .cmp(&a.rank)
            .then_with(|| b.range.len().cmp(&a.range.len()))
            .then_with(|| a.range.start.cmp(&b.range.start))
    });
    // Kept spans by start; they never overlap, so only the neighbours of a new span can collide.
    let mut kept: BTreeMap<usize, (usize, Option<Family>)> = BTreeMap::new();
    for c in cands {
        let clash_before = kept.range(..c.range.end).next_back().is_some_and(|(_, (end, _))| *end > c.range.start);
        if clash_before {
            continue;
        }
        kept.insert(c.range.start, (c.range.end, c.family));
    }
    kept.into_iter()
        .filter_map(|(start, (end, family))| family.map(|family| PhiMatch { family, range: start..end }))
        .collect()
}

/// Whether a file name or slug spells a person's surname, in any of the ways people name files:
/// "maria-gonzalez", "gonzalez-maria", "m-gonzalez", "MariaGonzalez", "mgonzalez", "gonzalez". A
/// lone surname counts only if it is more a name than a word ("gonzalez"; not "park"). A first
/// name alone or with an initial ("maria-r", the design's own example) is the form a review's
/// display name takes, and is left to the authorization's scope check of that name. The words of
/// the `except` names are not counted (the practice's clinicians: a review file named
/// "dr-okafor-listened" names the doctor, not the patient).
pub fn slug_names_a_person(slug: &str, except: &[&str]) -> bool {
    let l = lexicon::lexicon();
    let exempt: Vec<String> =
        except.iter().flat_map(|n| n.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase)).collect();
    let words: Vec<String> = slug_words(slug).into_iter().filter(|w| !exempt.contains(w)).collect();
    let initial = |w: &str| w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
    let pairs = words.windows(2).any(|pair| {
        let (a, b) = (pair[0].as_str(), pair[1].as_str());
        (l.is_strong_first_name(a) && l.is_surname(b))
            || (l.is_strong_surname(a) && l.is_first_name(b))
            || (initial(a) && l.is_strong_surname(b))
    });
    pairs
        || words.iter().any(|w| {
            let glued = w.len() >= 6 && w.is_char_boundary(1) && l.is_strong_surname(&w[1..]) && !l.is_english(w);
            // Alone, a surname must not be a common word either (the surname list is long).
            let surname = w.len() >= 5 && l.is_strong_surname(w) && !l.is_common_word(w);
            surname || glued
        })
}

/// The lower-cased words of a slug, split at separators and at capitals inside a word
/// ("MariaGonzalez" -> maria, gonzalez).
fn slug_words(slug: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in slug.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut word = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && previous_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_lowercase();
            word.extend(c.to_lowercase());
        }
        words.push(word);
    }
    words
}

/// Masks an identifier for machine output (CI logs are not a place for PHI). Keeps its shape and
/// the least identifying part — a phone's area code, a date's year, an email's domain, a ZIP's
/// first three digits (the part Safe Harbor itself may keep) — and never returns it whole.
pub fn mask(family: Family, matched: &str) -> String {
    let masked = match family {
        Family::Phone | Family::Fax => mask_digits_after(matched, phone_kept_digits(matched)),
        Family::Email => mask_email(matched),
        Family::Name => mask_name(matched),
        Family::Date => mask_date(matched),
        Family::Zip => mask_digits_after(matched, 3),
        Family::Ip => mask_ip(matched),
        Family::Url => mask_url(matched),
        Family::Age => mask_chars(matched, |c| c.is_ascii_digit()),
        Family::Ssn => mask_chars(matched, |c| c.is_ascii_digit()),
        Family::Address | Family::Place => mask_words(matched),
        Family::Mrn
        | Family::Plan
        | Family::Account
        | Family::License
        | Family::Vehicle
        | Family::Device
        | Family::Number => mask_id(matched),
    };
    if masked == matched && !matched.is_empty() {
        // Nothing maskable was kept hidden (e.g. "nonagenarian"): hide everything but the first
        // character rather than echo the identifier; very short values are starred whole.
        let keep = usize::from(matched.chars().filter(|c| c.is_alphanumeric()).count() > 3);
        return matched.chars().enumerate().map(|(i, c)| if i < keep || c.is_whitespace() { c } else { '*' }).collect();
    }
    masked
}

/// How many leading digits of a phone number to keep: the area code, plus a country code 1.
fn phone_kept_digits(s: &str) -> usize {
    let d = validate::digits(s);
    if d.len() == 11 && d.starts_with('1') { 4 } else { 3 }
}

/// Replaces every character for which `hide` holds with `*`.
fn mask_chars(s: &str, hide: impl Fn(char) -> bool) -> String {
    s.chars().map(|c| if hide(c) { '*' } else { c }).collect()
}

/// Keeps the first `keep` ASCII digits and stars the rest; other characters are kept.
fn mask_digits_after(s: &str, keep: usize) -> String {
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen > keep { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

fn mask_email(s: &str) -> String {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            let mut chars = local.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            format!("{first}{}@{domain}", "*".repeat(chars.count().max(1)))
        }
        None => mask_id(s),
    }
}

/// "Maria Rodriguez" -> "M**** R."; a single word keeps its initial only.
fn mask_name(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let mut chars = w.chars();
        let first = chars.next().map(String::from).unwrap_or_default();
        if i == 0 {
            out.push(format!("{first}{}", "*".repeat(chars.count())));
        } else {
            out.push(format!("{first}."));
        }
    }
    out.join(" ")
}

/// Keeps a four-digit year and the punctuation; hides day, month and month names.
fn mask_date(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let run_end = chars[i..].iter().position(|c| !c.is_ascii_digit()).map_or(chars.len(), |n| i + n);
            let run = run_end - i;
            for &d in &chars[i..run_end] {
                out.push(if run == 4 { d } else { '*' });
            }
            i = run_end;
        } else {
            out.push(if c.is_alphabetic() { '*' } else { c });
            i += 1;
        }
    }
    out
}

/// Keeps the first group of an IP address ("192.***.*.**").
fn mask_ip(s: &str) -> String {
    let sep = if s.contains(':') { ':' } else { '.' };
    match s.split_once(sep) {
        Some((first, rest)) => format!("{first}{sep}{}", mask_chars(rest, |c| c.is_ascii_alphanumeric())),
        None => mask_id(s),
    }
}

/// Keeps the scheme, `www.` and the top-level domain; stars the rest of the host and the path.
fn mask_url(s: &str) -> String {
    let (prefix, rest) = match s.find("://") {
        Some(i) => s.split_at(i + 3),
        None => ("", s),
    };
    let (www, rest) =
        if rest.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) { rest.split_at(4) } else { ("", rest) };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    let (name, tld) = match host.rfind('.') {
        Some(i) => host.split_at(i),
        None => (host, ""),
    };
    format!(
        "{prefix}{www}{}{tld}{}",
        mask_chars(name, |c| c.is_alphanumeric()),
        mask_chars(path, |c| c.is_alphanumeric())
    )
}

/// Street addresses: digits hidden, each word keeps its initial.
fn mask_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_word_start = true;
    for c in s.chars() {
        if c.is_ascii_digit() {
            out.push('*');
            at_word_start = false;
        } else if c.is_alphabetic() {
            out.push(if at_word_start { c } else { '*' });
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    out
}

/// Identifiers: keep at most the first two characters, and only when at least three quarters of
/// the value stays hidden; the shape (separators, length) is kept.
fn mask_id(s: &str) -> String {
    let total = s.chars().filter(|c| c.is_alphanumeric()).count();
    let keep = if total >= 8 { 2 } else { usize::from(total >= 4) };
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen > keep { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

/// The patterns the detectors declare (for the test that keeps `lazy_regex::forms` current).
#[cfg(test)]
pub(crate) fn declared() -> Vec<String> {
    crate::lazy_regex::collect(|| {
        drop(detect::declare());
        drop(patient::declare());
    })
}
