//! The detectors: one compiled regex per identifier shape, plus the context and validation code
//! that turns a regex match into a finding, a shield, or nothing.
//!
//! Every pattern uses ASCII word boundaries (`\b` is rewritten to `(?-u:\b)` at compile time):
//! the Unicode `\b` forces the regex crate off its DFA onto a much slower engine whenever the text
//! has a non-ASCII character, and the boundaries here guard digits and ASCII cue words. Name
//! words themselves are Unicode (`\p{Lu}`), so "José Núñez" is one name.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lazy_regex::LazyRegex;
use regex::{Captures, RegexSet};

use super::validate;
use super::{Cand, Family, Public};

/// Priorities for overlap resolution: a span claimed by a higher rank blocks lower ranks.
pub(super) mod rank {
    /// URLs, emails and DOIs contain digits, dates and names of their own.
    pub const CONTAINER: u8 = 100;
    /// A value introduced by a cue word ("MRN:", "fax", "member ID") is the most specific reading.
    pub const CUED: u8 = 90;
    /// Reference numbers known not to be PHI (PMID, NPI, ISBN).
    pub const REFERENCE: u8 = 85;
    /// Self-validating formats: phone, SSN, IP, VIN, MBI, DEA, payment card.
    pub const FORMAT: u8 = 80;
    /// Dates, ages, ZIP codes, street addresses.
    pub const LOOSE: u8 = 70;
    /// Names from cue heuristics.
    pub const NAME: u8 = 60;
    /// Bare long numbers: whatever nothing else explained.
    pub const NUMBER: u8 = 10;
}

/// The scan context.
pub(super) struct Ctx<'a> {
    /// Patient content: stricter.
    pub patient: bool,
    /// Whether the practice's public details are exempt (everywhere but reviews).
    pub exempt_public: bool,
    /// The practice's public details.
    pub public: &'a Public,
}

/// Domains whose URLs are literature or public-health references, not anybody's identifier.
/// `.gov`, `.mil` and `.edu` hosts are allowed as a class; a site adds its own in
/// `[compliance.public] domains`.
const REFERENCE_HOSTS: &[&str] = &[
    "nih.gov",
    "cdc.gov",
    "fda.gov",
    "cms.gov",
    "medlineplus.gov",
    "heart.org",
    "acc.org",
    "who.int",
    "mayoclinic.org",
    "clevelandclinic.org",
    "hopkinsmedicine.org",
    "doi.org",
    "ahajournals.org",
    "nejm.org",
    "jamanetwork.com",
    "thelancet.com",
    "bmj.com",
    "nature.com",
    "sciencedirect.com",
    "springer.com",
    "wiley.com",
    "oup.com",
    "cochranelibrary.com",
    "acpjournals.org",
    "uspreventiveservicestaskforce.org",
    "cancer.org",
    "diabetes.org",
    "kidney.org",
    "stroke.org",
    "aafp.org",
    "acog.org",
    "aap.org",
    "healthychildren.org",
    "ama-assn.org",
    "hrsonline.org",
    "escardio.org",
    "ncbi.nlm.nih.gov",
    "pubmed.gov",
    "goredforwomen.org",
    "cardiosmart.org",
    "asecho.org",
    "validatebp.org",
    "lung.org",
    "alz.org",
    "arthritis.org",
    "familydoctor.org",
    "merckmanuals.com",
    "uptodate.com",
    "cochrane.org",
    "nice.org.uk",
    "nhs.uk",
    "988lifeline.org",
    "clinicaltrials.gov",
    "webmd.com",
    "medscape.com",
    "kidshealth.org",
    "nami.org",
    "psychiatry.org",
    "apa.org",
    "aad.org",
    "aaos.org",
    "plasticsurgery.org",
    "ada.org",
    "mouthhealthy.org",
    "aao.org",
    "asahq.org",
    "asmbs.org",
    "obesitymedicine.org",
    "endocrine.org",
    "thyroid.org",
    "aasm.org",
    "sleepfoundation.org",
    "acponline.org",
    "ahrq.gov",
    "hhs.gov",
    "usa.gov",
    "redcross.org",
    "plannedparenthood.org",
    "marchofdimes.org",
    "cancer.gov",
    "mskcc.org",
    "mdanderson.org",
    "scientificamerican.com",
    "health.harvard.edu",
];

/// All compiled patterns. Built once per process by [`patterns`].
///
/// Related shapes share one regex (all cue-introduced identifiers; MBI, VIN and DEA) because
/// each regex is a separate pass over the text; the capture group that took part says which
/// shape matched. Shapes are only combined where none of them has a literal the regex engine
/// could search for, because a combined regex loses those literal prefilters.
#[derive(Debug)]
pub(super) struct Patterns {
    /// First pass over digit-bearing text: which of the digit families can match at all.
    digit_set: RegexSet,
    phone: LazyRegex,
    /// Seven-digit local numbers ("555-0123"): phones only after a phone cue.
    local_phone: LazyRegex,
    fax_cue: LazyRegex,
    ssn: LazyRegex,
    /// Every cue-introduced identifier; group `i` belongs to `CUED_KINDS[i - 1]`.
    cued: LazyRegex,
    /// Medicare MBI (group 1), VIN (group 2), DEA number (group 3).
    code: LazyRegex,
    card: LazyRegex,
    ipv4: LazyRegex,
    ipv6: LazyRegex,
    date_num: LazyRegex,
    date_iso: LazyRegex,
    date_mdy: LazyRegex,
    date_dmy: LazyRegex,
    date_on: LazyRegex,
    age_old: LazyRegex,
    age_aged: LazyRegex,
    age_cue: LazyRegex,
    age_pronoun: LazyRegex,
    born: LazyRegex,
    zip_state: LazyRegex,
    zip_cue: LazyRegex,
    zip_patient: LazyRegex,
    zip5: LazyRegex,
    street: LazyRegex,
    po_box: LazyRegex,
    doi: LazyRegex,
    pmid: LazyRegex,
    isbn: LazyRegex,
    npi: LazyRegex,
    age_word: LazyRegex,
    email: LazyRegex,
    url: LazyRegex,
    /// One regex per name cue, in `NAME_KINDS` order. Kept apart because each has a literal
    /// (a cue word) the regex engine can search for; one combined regex would have none.
    names: Vec<LazyRegex>,
}

/// Indexes into [`Patterns::digit_set`], in the order the set is built.
mod set {
    pub const PHONE: usize = 0;
    pub const SSN: usize = 1;
    pub const CUED: usize = 2;
    pub const CODES: usize = 3;
    pub const CARD: usize = 4;
    pub const IPV4: usize = 5;
    pub const DATE_NUM: usize = 6;
    pub const DATE_WORDS: usize = 7;
    pub const AGE: usize = 8;
    pub const ZIP: usize = 9;
    pub const STREET: usize = 10;
    pub const REFERENCE: usize = 11;
}

/// What a capture group of the combined cue regex holds.
#[derive(Debug, Clone, Copy)]
enum Cued {
    /// A generic identifier value of this family: minimum length and minimum digit count.
    Id(Family, usize, usize),
    /// A license plate (upper-case letters and digits, may contain a space).
    Plate,
    /// An SSN written after an SSN cue, with or without separators.
    Ssn,
    /// A GS1 UDI such as "(01)00643169007222".
    Udi,
}

/// The cue patterns, in capture-group order: (cue alternation, "no./number/ID" required, kind).
const CUED_KINDS: [(&str, bool, Cued); 11] = [
    (
        r"mrn|mr\s*#|medical\s+records?(?:\s+(?:no\.?|number|#))?|med\.?\s*rec\.?(?:\s*(?:no\.?|number|#))?|(?:chart|record|patient|hospital)(?:\s*(?:no\.|number|#|id))",
        false,
        Cued::Id(Family::Mrn, 4, 3),
    ),
    (
        r"member|subscriber|policy|group|beneficiary|medicaid|medicare|insurance|health\s+plan|plan|policyholder",
        true,
        Cued::Id(Family::Plan, 5, 3),
    ),
    (r"mbi|hicn", false, Cued::Id(Family::Plan, 5, 3)),
    (r"account|acct\.?|invoice|billing|bank\s+account|routing|claim|statement", true, Cued::Id(Family::Account, 4, 3)),
    (r"licen[cs]e|certificate|cert\.?|registration|state\s+id", true, Cued::Id(Family::License, 4, 3)),
    (r"driver(?:'|’)?s?\s+licen[cs]e|passport|dea", false, Cued::Id(Family::License, 4, 3)),
    (r"lot|model|pacemaker|implant|device|defibrillator", true, Cued::Id(Family::Device, 5, 3)),
    (r"serial|s/n|sn|udi|imei|device\s+(?:id|identifier)", false, Cued::Id(Family::Device, 5, 3)),
    // Looser forms, tried after the ones above: "ID# W2847…" (an insurance card), "acct 4471-…",
    // "DL# …", "CDL A129…" (upper case only: "mg/dL" is a unit).
    (r"id|i\.d\.", true, Cued::Id(Family::Plan, 5, 3)),
    (r"acct\.?|account", false, Cued::Id(Family::Account, 4, 3)),
    (r"(?-i:DL|CDL|D\.L\.)", false, Cued::Id(Family::License, 5, 4)),
];

/// The cue-introduced shapes whose value syntax differs from the generic one, after
/// `CUED_KINDS` in capture-group order.
const CUED_SPECIAL: [(&str, Cued); 4] = [
    (
        r"(?-u)(?i:\blicen[cs]e\s+plate(?:\s*(?:no\.?|number|#))?|\bplate\s*(?:no\.?|number|#)|\btag\s*(?:no\.?|number|#)|\b(?:my|the|his|her|our|their)\s+plate)\s*[:#]?\s*(?:(?i:is|was)\s+)?([A-Z0-9][A-Z0-9\- ]{0,7}[A-Z0-9])\b",
        Cued::Plate,
    ),
    (
        r"(?i-u)\b(?:ssn|ss#|social\s+security)(?:\s*(?:no\.?|number|#|card)){0,2}\s*[:#]?\s*(?:(?:is|was)\s+)?[:#]?\s*([0-9]{3}[- .]?[0-9]{2}[- .]?[0-9]{4})\b",
        Cued::Ssn,
    ),
    (r"(?i)\budi\s*[:#]?\s*((?:\([0-9]{2,4}\)[0-9a-z\-]+)+)", Cued::Udi),
    // "license RN-649201": a licence word right before a value with digits in it (the value
    // must start within a short letter prefix, so "license plate …" is left to the plate cue).
    (
        r"(?i-u)\blicen[cs]e\s*[:#]?\s*(?:(?:is|was)\s+)?\b([a-z]{0,4}-?[0-9][a-z0-9\-]*[a-z0-9])\b",
        Cued::Id(Family::License, 6, 5),
    ),
];

/// The name cues, in `Patterns::names` order: (minimum words in patient content, minimum words
/// elsewhere). Kinship and "her name was" cues need a full name outside reviews, because "I live
/// with my wife Sarah" in a bio is the physician's own family.
const NAME_KINDS: [(usize, usize); 6] = [(1, 2), (1, 2), (1, 1), (1, 1), (2, 2), (1, 1)];

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const SEP: &str = r"[ .\-\x{2010}-\x{2013}\x{00A0}]";
const AGE_NUM: &str = r"(9[0-9]|1[01][0-9])";
/// A capitalised name word: "Robert", "O'Brien", "McDonald", "Mary-Jane", "José".
const NAME_WORD: &str = r"\p{Lu}[\p{L}'’]*\p{Ll}(?:-\p{Lu}[\p{L}'’]*\p{Ll})?";
const KIN: &str = r"husband|wife|spouse|partner|son|daughter|child|kid|mother|father|mom|mum|dad|brother|sister|sibling|grandson|granddaughter|grandchild|grandmother|grandfather|grandma|grandpa|granny|aunt|uncle|nephew|niece|cousin|fianc[eé]e?|boyfriend|girlfriend|friend|neighbou?r|roommate|caregiver|(?:mother|father|son|daughter|brother|sister)-in-law|stepson|stepdaughter|stepmother|stepfather|boss|coworker|co-worker|colleague|employer";
const STATES: &str = r"AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico";
const STREET_SUFFIX: &str = r"St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|Court|Way|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle|Sq|Square|Trl|Trail|Pike";

/// A cue word, an optional "no./number/#/ID" and filler, then the value in one capture group.
/// `suffix_required`: cues like "member" or "policy" mean nothing without "ID"/"number".
fn cued(cue: &str, suffix_required: bool) -> String {
    // Word suffixes end at a boundary: "identifier" must not read as "id" + value "entifier".
    let suffix = r"(?:\s*(?:no\.|no\b|number\b|num\.|num\b|#|id\b|identifier\b))";
    let q = if suffix_required { "" } else { "?" };
    format!(r"(?i-u)\b(?:{cue}){suffix}{q}\s*[:#=]?\s*(?:(?:is|was)\s+)?[:#]?\s*\b([a-z0-9][a-z0-9\-]*[a-z0-9])\b")
}

/// Rewrites `\b` to the ASCII word boundary (see the module docs).
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

fn build(pattern: &str) -> LazyRegex {
    LazyRegex::new(ascii_boundaries(pattern))
}

/// Joins alternatives, each in its own non-capturing group so inline flags stay local.
fn alternation<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(declare);

/// Declares every pattern (each compiles on first use).
pub(super) fn declare() -> Patterns {
    let phone = format!(
        r"(?:\+?1{SEP}?)?(?:\(([2-9][0-9]{{2}})\)[ \x{{00A0}}]?|([2-9][0-9]{{2}})({SEP}?))([2-9][0-9]{{2}})({SEP}?)([0-9]{{4}})\b"
    );
    let ssn = format!(r"\b([0-9]{{3}})({SEP})([0-9]{{2}})({SEP})([0-9]{{4}})\b");
    let local_phone = r"\b[2-9][0-9]{2}[-.][0-9]{4}\b";
    let cued_parts: Vec<String> = CUED_KINDS
        .iter()
        .map(|(cue, required, _)| cued(cue, *required))
        .chain(CUED_SPECIAL.iter().map(|(p, _)| p.to_string()))
        .collect();
    let cued_all = alternation(cued_parts.iter().map(String::as_str));
    // The cheap gate for `cued`: a cue word, only filler ("number", "ID", "is", ":"), then a
    // value that starts with a digit or a short letter prefix and a digit. Loose gates ("a cue
    // word with a digit somewhere after it") fire on most articles and cost a full pass.
    let cue_words = r"dl|cdl|mrn|mr|med|rec|medical|chart|record|records|patient|hospital|member|subscriber|policy|group|beneficiary|medicaid|medicare|insurance|plan|policyholder|mbi|hicn|account|acct|invoice|billing|routing|claim|statement|license|licence|certificate|cert|registration|id|driver['’]?s?|passport|dea|lot|model|pacemaker|implant|device|defibrillator|serial|s/n|sn|udi|imei|ssn|ss#|security|plate|tag";
    let cue_gate = format!(
        r"(?i)\b(?:{cue_words})(?:[\s:#.=()\-]|no|number|num|id|identifier|is|was|card|plate)*[a-z\-]{{0,12}}[0-9]|(?i:\b(?:plate|tag)\b[^\n]{{0,24}}[0-9])"
    );
    let code = r"\b([1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-?[AC-HJKMNP-RT-Y]{2}[0-9]{2})\b|\b([A-HJ-NPR-Z0-9]{17})\b|\b([ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7})\b";
    let card = r"\b[0-9]{4}([ \-])[0-9]{4}[ \-][0-9]{4}[ \-][0-9]{4}\b|\b[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{5}\b";
    let ipv4 = r"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b";
    let street = format!(
        r"\b([0-9]{{1,6}}[A-Z]?)\s+((?:(?:[NSEW]\.?|[A-Z][a-z]+\.?|[0-9]{{1,3}}(?:st|nd|rd|th))\s+){{1,4}})({STREET_SUFFIX})\b(?:\.?,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*#?[0-9A-Za-z\-]+)?"
    );
    let po_box = r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box)\s+[0-9]{1,6}\b";
    let date_num = r"\b([0-9]{1,2})([/.\-])([0-9]{1,2})([/.\-])([0-9]{4}|[0-9]{2})\b";
    let date_iso = r"\b([12][0-9]{3})([/.\-])([0-9]{1,2})([/.\-])([0-9]{1,2})\b";
    let date_on = r"\b[Oo]n\s+([0-9]{1,2})/([0-9]{1,2})\b";
    let date_mdy = format!(r"\b{MONTHS}\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+([12][0-9]{{3}})\b)?");
    let date_dmy = format!(r"\b([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\b(?:\.?,?\s+([12][0-9]{{3}})\b)?");
    let age_old = format!(
        r"(?i)\b{AGE_NUM}(?:(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)old\b|\s*(?:y/o\b|y\.o\.|yo\b)|\s+years?\s+of\s+age\b)"
    );
    let age_aged = format!(r"(?i)\baged\s+{AGE_NUM}\b");
    let age_cue = format!(r"(?i)\b(?:age|turned|turning|reached)\s+{AGE_NUM}\b");
    let age_pronoun = format!(
        r"\b(?:I\s+(?:was|am)|I['’]m|[Ww]ho\s+(?:is|was)|[Ww]ho['’]s|[Hh]e\s+(?:is|was)|[Ss]he\s+(?:is|was)|[Hh]e['’]s|[Ss]he['’]s)\s+{AGE_NUM}\b"
    );
    let born = r"(?i)\bborn\s+(?:in\s+)?(1[89][0-9]{2})\b";
    let zip_state = format!(r"\b(?:{STATES})\.?,?\s+([0-9]{{5}}(?:-[0-9]{{4}})?)\b");
    let zip_cue = r"(?i)\b(?:zip(?:\s*code)?|zipcode|postal\s+code|post\s+code)[\s(:,#]*(?:(?:is|was|of)\s*)?[(:]?\s*([0-9]{5}(?:-[0-9]{4})?)\b";
    let doi = r#"(?i)\b10\.[0-9]{4,9}/[^\s<>"'()\[\]]+"#;
    let pmid = r"(?i)\b(?:pmid|pmcid|pubmed(?:\s+id)?)\s*:?\s*(?:pmc)?[0-9]{5,9}\b";
    let isbn = r"(?i)\bisbn(?:-1[03])?\s*:?\s*[0-9][0-9\- ]{8,15}[0-9x]\b";
    let npi = r#"(?i)\bnpi(?:\s*(?:no\.?|number|#))?\s*[:#=]?\s*(?:(?:is|was)\s+)?["']?([0-9]{10})\b"#;
    let full_name = format!(r"{NAME_WORD}(?:\s+(?:\p{{Lu}}\.\s+)?{NAME_WORD}){{0,2}}");
    let kin = format!(
        r"\s+(?:(?:late|dear|beloved|elderly|older|younger|little|baby|adult|twin|best|oldest|youngest|eldest|ex-?)\s*)?(?:{KIN})\b,?\s+"
    );
    let name_is = r"\s+(?:(?:first|last|full|middle)\s+)?name\s+(?:is|was)\s+";
    // One name group after both cues: each copy of `full_name` (Unicode letter classes) costs
    // the compiled regex about 0.7 MB.
    let kin_or_name_is = format!(r"(?:{kin}|{name_is})({full_name})");
    let names = [
        format!(r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir){kin_or_name_is}"),
        format!(r"['’]s{kin_or_name_is}"),
        format!(r"\b(?:Mrs|Mr|Ms|Mx|Miss)\b\.?\s+({full_name})"),
        format!(
            r"\b(?i:man|woman|boy|girl|gentleman|lady|person|guy|veteran|child|baby|teen|teenager|patient|resident|client)\s+(?:named|called)\s+({full_name})"
        ),
        format!(r"\b(?:patient|client|resident),?\s+({NAME_WORD}(?:\s+(?:\p{{Lu}}\.\s+)?{NAME_WORD}){{1,2}})"),
        format!(
            r"\b(?:[Pp]atient(?:['’]s)?\s+[Nn]ame|[Pp]atient|[Nn]ame\s+of\s+(?:the\s+)?patient)\s*:\s*({full_name})"
        ),
    ];
    let digit_set = [
        format!("{phone}|{local_phone}"),
        ssn.clone(),
        cue_gate,
        code.to_string(),
        card.to_string(),
        ipv4.to_string(),
        format!(r"{date_num}|{date_iso}|{date_on}"),
        format!(r"{date_mdy}|{date_dmy}"),
        format!(r"{age_old}|{age_aged}|{age_cue}|{age_pronoun}|{born}"),
        format!(r"{zip_state}|{zip_cue}"),
        format!(r"{street}|{po_box}"),
        r"(?i)\b(?:10\.[0-9]{4,9}/|pmid|pmcid|pubmed|isbn|npi)".to_string(),
    ];
    Patterns {
        digit_set: RegexSet::new(digit_set.iter().map(|p| ascii_boundaries(p))).expect("PHI pattern set is valid"),
        phone: build(&phone),
        local_phone: build(local_phone),
        fax_cue: build(
            r"(?i)(?:\bfax(?:es|ed|ing)?\b|\(F\)|\bF\s*[:.])(?:\s*(?:(?:no|number|num|line|machine|is|at|to|us|me|it|them|the|our|office|on|by|my|your|his|her|their|over|back|copies|copy|a|an|records|forms|results|orders|referrals?|reports?|notes)\b|no\.|num\.|[#:\-]))*\s*$",
        ),
        ssn: build(&ssn),
        cued: build(&cued_all),
        code: build(code),
        card: build(card),
        ipv4: build(ipv4),
        ipv6: build(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}"),
        date_num: build(date_num),
        date_iso: build(date_iso),
        date_mdy: build(&date_mdy),
        date_dmy: build(&date_dmy),
        date_on: build(date_on),
        age_old: build(&age_old),
        age_aged: build(&age_aged),
        age_cue: build(&age_cue),
        age_pronoun: build(&age_pronoun),
        born: build(born),
        zip_state: build(&zip_state),
        zip_cue: build(zip_cue),
        zip_patient: build(
            r"\b([0-9]{5}-[0-9]{4})\b|\b(?i:in|near|from|around|live\s+in|lives\s+in)\s+([0-9]{5})\b(?:[^0-9%]|$)",
        ),
        zip5: build(r"\b[0-9]{5}(?:-[0-9]{4})?\b"),
        street: build(&street),
        po_box: build(po_box),
        doi: build(doi),
        pmid: build(pmid),
        isbn: build(isbn),
        npi: build(npi),
        age_word: build(r"(?i)\b(?:super)?(?:nonagenarian|centenarian)(s?)\b"),
        email: build(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,24}\b"),
        url: build(r#"(?i)\b(?:https?://|www\.)[^\s<>()\[\]{}"'`]+"#),
        names: names.iter().map(|n| build(n)).collect(),
    }
}

/// The process-wide compiled patterns.
pub(super) fn patterns() -> &'static Patterns {
    &PATTERNS
}

/// Cheap facts about a segment that let whole families be skipped. Each is a separate
/// byte search, which the standard library vectorises.
struct Shape {
    digit: bool,
    at: bool,
    colons: usize,
    double_colon: bool,
    dot: bool,
}

fn shape(text: &str) -> Shape {
    let b = text.as_bytes();
    let colons = b.iter().filter(|&&c| c == b':').count();
    Shape {
        digit: b.iter().any(u8::is_ascii_digit),
        at: b.contains(&b'@'),
        colons,
        double_colon: colons >= 2 && text.contains("::"),
        dot: b.contains(&b'.'),
    }
}

/// Runs every detector that can apply to `text`, pushing candidates and shields into `out`.
pub(super) fn run(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let _scope = crate::lazy_regex::scope(text);
    run_with(p, text, ctx, out, true);
}

/// Runs every detector with the cheap gates off; the tests check that gating changes nothing.
#[cfg(test)]
pub(super) fn run_ungated(text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let _scope = crate::lazy_regex::scope(text);
    run_with(patterns(), text, ctx, out, false);
}

/// `gated`: skip the detectors whose shape cannot occur (no digit, no "@", no set match). The
/// gates are supersets of the patterns they guard, so they change speed, never findings.
fn run_with(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>, gated: bool) {
    let sh = shape(text);
    if !gated || sh.at {
        emails(p, text, ctx, out);
    }
    if !gated || sh.dot || sh.colons > 0 {
        urls(p, text, ctx, out);
    }
    names(p, text, ctx, out);
    if ctx.patient {
        super::patient::run(text, ctx, out);
    }
    age_words(p, text, out, gated);
    if gated && !sh.digit {
        return;
    }
    let hits = p.digit_set.matches(text);
    let hit = |i: usize| !gated || hits.matched(i);
    if hit(set::REFERENCE) {
        references(p, text, out);
    }
    if hit(set::PHONE) {
        phones(p, text, ctx, out);
    }
    if hit(set::SSN) {
        ssns(p, text, out);
    }
    if hit(set::CUED) {
        cued_ids(p, text, ctx, out);
    }
    if hit(set::CODES) {
        codes(p, text, out);
    }
    if hit(set::CARD) {
        cards(p, text, out);
    }
    if hit(set::IPV4) {
        ipv4s(p, text, out);
    }
    if !gated || sh.double_colon || sh.colons >= 7 {
        ipv6s(p, text, out);
    }
    if hit(set::DATE_NUM) {
        numeric_dates(p, text, ctx, out);
    }
    if hit(set::DATE_WORDS) {
        word_dates(p, text, ctx, out);
    }
    if hit(set::AGE) {
        ages(p, text, ctx, out);
    }
    if hit(set::ZIP) || ctx.patient {
        zips(p, text, ctx, out);
    }
    if hit(set::STREET) {
        addresses(p, text, ctx, out);
    }
    long_numbers(text, ctx, out);
}

fn push(out: &mut Vec<Cand>, range: Range<usize>, family: Option<Family>, rank: u8) {
    out.push(Cand { range, family, rank });
}

/// Up to `max` bytes of `text` before `pos`, cut at a character boundary.
fn before(text: &str, pos: usize, max: usize) -> &str {
    let mut start = pos.saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text.get(start..pos).unwrap_or("")
}

/// Up to `max` bytes of `text` after `pos`, cut at a character boundary.
fn after(text: &str, pos: usize, max: usize) -> &str {
    let mut end = (pos + max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(pos..end).unwrap_or("")
}

/// The last whitespace-separated word before `pos`, lower-cased and without punctuation.
fn word_before(text: &str, pos: usize) -> String {
    let window = before(text, pos, 40);
    window.split_whitespace().next_back().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// A number-like span continues to the left: a letter or digit touches it, or a connector
/// with a digit behind it ("1.2.3.4.5", "3/14/2024/7").
fn chained_left(text: &str, start: usize, connectors: &[u8]) -> bool {
    let b = text.as_bytes();
    (start >= 1 && b[start - 1].is_ascii_alphanumeric())
        || (start >= 2 && connectors.contains(&b[start - 1]) && b[start - 2].is_ascii_digit())
}

/// A number-like span continues to the right ("212-555-1234-9").
fn chained_right(text: &str, end: usize, connectors: &[u8]) -> bool {
    let b = text.as_bytes();
    (end < b.len() && b[end].is_ascii_alphanumeric())
        || (end + 1 < b.len() && connectors.contains(&b[end]) && b[end + 1].is_ascii_digit())
}

/// The span is part of a longer dotted, slashed or dashed chain of numbers.
fn in_chain(text: &str, range: &Range<usize>, connectors: &[u8]) -> bool {
    chained_left(text, range.start, connectors) || chained_right(text, range.end, connectors)
}

fn group<'t>(c: &Captures<'t>, i: usize) -> &'t str {
    c.get(i).map_or("", |m| m.as_str())
}

// ---------------------------------------------------------------------------------------------
// Containers: email, URL, references.

fn emails(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    for m in p.email.find_iter(text) {
        let s = m.as_str();
        let tld = s.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        // "logo@2x.png" is a file name, not an address.
        if matches!(tld.as_str(), "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "css" | "js" | "pdf") {
            push(out, m.range(), None, rank::CONTAINER);
            continue;
        }
        let public = ctx.exempt_public && ctx.public.has_email(s);
        push(out, m.range(), (!public).then_some(Family::Email), rank::CONTAINER);
    }
}

/// Strips punctuation that ends a sentence or a Markdown construct rather than the URL.
fn trim_url(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~', '\'', '"', '`', '>'])
}

fn is_reference_host(host: &str) -> bool {
    host.ends_with(".gov")
        || host.ends_with(".mil")
        || host.ends_with(".edu")
        || host.contains("pubmed")
        || REFERENCE_HOSTS.iter().any(|d| super::host_within(host, d))
}

fn urls(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    // Schemes and "www." are written in lower case or all capitals; `str::contains` is fast.
    if ["http", "www.", "HTTP", "WWW."].iter().any(|k| text.contains(k)) {
        for m in p.url.find_iter(text) {
            let s = trim_url(m.as_str());
            let range = m.start()..m.start() + s.len();
            let host = super::host_of(s);
            if host.is_empty() || !host.contains('.') {
                continue;
            }
            // A public-health or literature link identifies nobody, even in a review; the
            // practice's own site is exempt outside reviews only.
            let exempt = is_reference_host(&host)
                || ctx.public.has_reference(&host)
                || (ctx.exempt_public && ctx.public.has_host(&host));
            push(out, range, (!exempt).then_some(Family::Url), rank::CONTAINER);
        }
    }
    // Outside patient content a bare domain ("heart.org") is a mention, not a link to a person.
    if ctx.patient {
        for range in bare_urls(text) {
            let host = super::host_of(&text[range.clone()]);
            let exempt = is_reference_host(&host) || ctx.public.has_reference(&host);
            push(out, range, (!exempt).then_some(Family::Url), rank::CONTAINER - 1);
        }
    }
}

/// Top-level domains that make "word.tld" a web address in patient content (link-in-bio and
/// fundraiser hosts included: linktr.ee, bio.link, ko-fi.com…).
const BARE_TLDS: &[&str] = &[
    "com", "net", "org", "io", "me", "co", "us", "info", "biz", "ly", "tv", "app", "blog", "edu", "gov", "health",
    "ee", "gg", "link", "bio", "page", "site", "online", "social", "care", "fund", "life", "xyz",
];

/// Bare domains with an optional path ("instagram.com/maria_runs"). A byte scan from each dot:
/// one regex for this shape has no literal to search for and would cost a full pass.
fn bare_urls(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let host_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'.';
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(dot) = b[i..].iter().position(|&c| c == b'.').map(|d| i + d) {
        i = dot + 1;
        if found.last().is_some_and(|r| dot < r.end) || dot == 0 || !b[dot - 1].is_ascii_alphanumeric() {
            continue;
        }
        let tld_end = b[dot + 1..].iter().position(|c| !c.is_ascii_alphabetic()).map_or(b.len(), |n| dot + 1 + n);
        let tld = &text[dot + 1..tld_end];
        if !BARE_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
            continue;
        }
        if tld_end < b.len() && (b[tld_end].is_ascii_alphanumeric() || b[tld_end] == b'@' || b[tld_end] == b'_') {
            continue;
        }
        let mut start = dot;
        while start > 0 && host_byte(b[start - 1]) {
            start -= 1;
        }
        // Part of an email ("maria@gmail.com") or a longer URL: those have their own detectors.
        if start > 0 && matches!(b[start - 1], b'@' | b'/' | b':') {
            continue;
        }
        let mut end = tld_end;
        if end < b.len() && b[end] == b'/' {
            while end < b.len() && !b[end].is_ascii_whitespace() && !b"<>()[]{}\"'`".contains(&b[end]) {
                end += 1;
            }
        }
        let s = trim_url(&text[start..end]);
        if !s.starts_with(['.', '-']) {
            found.push(start..start + s.len());
        }
        i = i.max(end);
    }
    found
}

/// DOIs, PMIDs, ISBNs and valid NPIs are citation and provider numbers: shields everywhere.
fn references(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for m in p.doi.find_iter(text) {
        let s = trim_url(m.as_str());
        push(out, m.start()..m.start() + s.len(), None, rank::CONTAINER);
    }
    for re in [&p.pmid, &p.isbn] {
        for m in re.find_iter(text) {
            push(out, m.range(), None, rank::REFERENCE);
        }
    }
    for c in p.npi.captures_iter(text) {
        if let Some(v) = c.get(1)
            && validate::npi_valid(v.as_str())
        {
            push(out, v.range(), None, rank::REFERENCE);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Phones, fax, SSN.

/// Words that, shortly before an unseparated 10-digit run or a 7-digit local number, say it
/// is a phone number. Whole words only: "tel" must not match "hotel", nor "text" "context".
fn phone_cue(text: &str, pos: usize) -> bool {
    before(text, pos, 32).split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "call"
                | "called"
                | "calling"
                | "phone"
                | "telephone"
                | "tel"
                | "cell"
                | "mobile"
                | "text"
                | "texted"
                | "number"
                | "reach"
                | "contact"
                | "dial"
                | "ph"
                | "pager"
        )
    })
}

fn phones(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in p.phone.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let range = m.range();
        let paren = c.get(1).is_some();
        let area = if paren { group(&c, 1) } else { group(&c, 2) };
        let (sep1, sep2) = (group(&c, 3), group(&c, 5));
        if !paren && sep1 != sep2 {
            continue;
        }
        if !validate::nanp_valid(area, group(&c, 4)) {
            continue;
        }
        // No leading \b in the pattern (so "+1" can start a match): reject matches that start
        // inside a longer number or word, and chains such as "212-555-1234-9".
        let digit_start = !m.as_str().starts_with(['+', '(']);
        if (digit_start && chained_left(text, range.start, b"-./")) || chained_right(text, range.end, b"-./") {
            continue;
        }
        let national = validate::national_digits(m.as_str());
        if ctx.exempt_public && (ctx.public.has_phone(&national) || validate::toll_free(area)) {
            push(out, range, None, rank::FORMAT);
            continue;
        }
        let fax = p.fax_cue.is_match(before(text, range.start, 48));
        let bare = !paren && sep1.is_empty() && validate::digits(m.as_str()).len() == m.as_str().len();
        if bare && !fax && !phone_cue(text, range.start) {
            // An unseparated 10-digit run without a phone cue is left to `phi/number`.
            continue;
        }
        let (family, r) = if fax { (Family::Fax, rank::CUED) } else { (Family::Phone, rank::FORMAT) };
        push(out, range, Some(family), r);
    }
    for m in p.local_phone.find_iter(text) {
        let range = m.range();
        if in_chain(text, &range, b"-./,") || !validate::nanp_valid(&m.as_str()[..3], "555") {
            continue;
        }
        let fax = p.fax_cue.is_match(before(text, range.start, 48));
        if !fax && !phone_cue(text, range.start) {
            continue;
        }
        if ctx.exempt_public && ctx.public.has_phone_suffix(&validate::digits(m.as_str())) {
            push(out, range, None, rank::FORMAT);
            continue;
        }
        let (family, r) = if fax { (Family::Fax, rank::CUED) } else { (Family::Phone, rank::FORMAT) };
        push(out, range, Some(family), r);
    }
}

/// "SSN", "SS#" or "social security" in the text before a number.
fn ssn_cue(window: &str) -> bool {
    let lower = window.to_ascii_lowercase();
    lower.contains("social security")
        || lower.split(|c: char| !c.is_ascii_alphanumeric() && c != '#').any(|w| matches!(w, "ssn" | "ss#" | "ssns"))
}

fn ssns(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for c in p.ssn.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let (s1, s2) = (group(&c, 2), group(&c, 4));
        if s1 != s2 || in_chain(text, &m.range(), b"-./") || !validate::ssn_valid(m.as_str()) {
            continue;
        }
        // Dashes are the SSN convention; spaces or dots need an SSN cue to be believed.
        if s1 != "-" && !ssn_cue(before(text, m.start(), 40)) {
            continue;
        }
        push(out, m.range(), Some(Family::Ssn), rank::FORMAT);
    }
}

// ---------------------------------------------------------------------------------------------
// Cue-introduced identifiers.

/// A plausible identifier value: long enough, with enough digits that it is not a word.
fn id_value_ok(v: &str, min_len: usize, min_digits: usize) -> bool {
    let d = v.bytes().filter(u8::is_ascii_digit).count();
    v.len() >= min_len && v.len() <= 24 && d >= min_digits
}

fn cued_ids(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let kinds = CUED_KINDS.iter().map(|k| k.2).chain(CUED_SPECIAL.iter().map(|k| k.1));
    let kinds: Vec<Cued> = kinds.collect();
    for c in p.cued.captures_iter(text) {
        // The one capture group that took part names the shape.
        let Some((i, v)) = c.iter().enumerate().skip(1).find_map(|(i, g)| g.map(|g| (i, g))) else {
            continue;
        };
        let Some(&kind) = kinds.get(i - 1) else {
            continue;
        };
        match kind {
            Cued::Id(family, min_len, min_digits) => {
                if !id_value_ok(v.as_str(), min_len, min_digits) {
                    continue;
                }
                // "12-lead", "40mg", "2023": counts, doses and years that follow a cue word.
                let lower = v.as_str().to_ascii_lowercase();
                if lower.contains("-lead")
                    || lower.ends_with("mg")
                    || (lower.len() == 4 && lower.starts_with(['1', '2']))
                {
                    continue;
                }
                let public = ctx.exempt_public && ctx.public.has_identifier(v.as_str());
                push(out, v.range(), (!public).then_some(family), rank::CUED);
            }
            Cued::Plate => {
                let value = v.as_str().trim_end();
                // A plate mixes letters and digits ("7KDR214"); "plate 2" is not one.
                if value.bytes().any(|b| b.is_ascii_digit()) && value.bytes().any(|b| b.is_ascii_alphabetic()) {
                    push(out, v.start()..v.start() + value.len(), Some(Family::Vehicle), rank::CUED);
                }
            }
            Cued::Ssn => {
                if validate::ssn_valid(v.as_str()) {
                    push(out, v.range(), Some(Family::Ssn), rank::CUED);
                }
            }
            Cued::Udi => push(out, v.range(), Some(Family::Device), rank::CUED),
        }
    }
}

/// Self-validating alphanumeric codes: Medicare MBI, VIN, DEA number.
fn codes(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for c in p.code.captures_iter(text) {
        if let Some(m) = c.get(1) {
            let dashes = m.as_str().matches('-').count();
            if dashes == 0 || dashes == 2 {
                push(out, m.range(), Some(Family::Plan), rank::FORMAT);
            }
        } else if let Some(m) = c.get(2) {
            if validate::vin_valid(m.as_str()) {
                push(out, m.range(), Some(Family::Vehicle), rank::FORMAT);
            }
        } else if let Some(m) = c.get(3)
            && validate::dea_valid(m.as_str())
        {
            push(out, m.range(), Some(Family::License), rank::FORMAT);
        }
    }
}

/// Grouped payment-card numbers (4-4-4-4, 4-6-5) that pass Luhn: account numbers.
fn cards(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for m in p.card.find_iter(text) {
        let s = m.as_str();
        let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        if seps.windows(2).all(|w| w[0] == w[1])
            && validate::luhn_valid(&validate::digits(s))
            && !in_chain(text, &m.range(), b"-.")
        {
            push(out, m.range(), Some(Family::Account), rank::FORMAT);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IP addresses.

fn ipv4s(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for m in p.ipv4.find_iter(text) {
        if !validate::ipv4_valid(m.as_str()) || in_chain(text, &m.range(), b".") {
            continue;
        }
        // "version 1.2.3.4", "v 10.0.0.1", "section 2.1.3.4": numbering, not an address.
        let w = word_before(text, m.start());
        if matches!(
            w.as_str(),
            "version"
                | "ver"
                | "v"
                | "release"
                | "build"
                | "firmware"
                | "section"
                | "chapter"
                | "step"
                | "rule"
                | "item"
                | "figure"
                | "fig"
                | "table"
                | "appendix"
                | "paragraph"
                | "part"
                | "eq"
        ) {
            continue;
        }
        push(out, m.range(), Some(Family::Ip), rank::FORMAT);
    }
}

fn ipv6s(p: &Patterns, text: &str, out: &mut Vec<Cand>) {
    for m in p.ipv6.find_iter(text) {
        let s = m.as_str();
        let b = text.as_bytes();
        let touching = (m.start() > 0 && (b[m.start() - 1].is_ascii_alphanumeric() || b[m.start() - 1] == b':'))
            || (m.end() < b.len() && (b[m.end()].is_ascii_alphanumeric() || b[m.end()] == b'.'));
        if !touching && validate::ipv6_valid(s) {
            push(out, m.range(), Some(Family::Ip), rank::FORMAT);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates and ages.

fn numeric_dates(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in p.date_num.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let (s1, s2, year) = (group(&c, 2), group(&c, 4), group(&c, 5));
        // Dots and dashes with a two-digit year are scores and ranges ("10-20-30", "3.5.10"),
        // unless the text says it is a date ("visit date 11.05.24").
        let said_date = {
            let b = before(text, m.start(), 16).to_ascii_lowercase();
            b.contains("date") || b.contains("dob") || b.trim_end().ends_with(" on") || b.contains("born")
        };
        if s1 != s2 || (s1 != "/" && year.len() != 4 && !said_date) || in_chain(text, &m.range(), b"/.") {
            continue;
        }
        let (a, b, y) = (validate::number(group(&c, 1)), validate::number(group(&c, 3)), validate::number(year));
        let (Some(a), Some(b), Some(y)) = (a, b, y) else {
            continue;
        };
        if validate::date_valid(Some(y), a, b) || validate::date_valid(Some(y), b, a) {
            push(out, m.range(), Some(Family::Date), rank::LOOSE);
        }
    }
    for c in p.date_iso.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if group(&c, 2) != group(&c, 4) || in_chain(text, &m.range(), b"/.") {
            continue;
        }
        let (y, mo, d) =
            (validate::number(group(&c, 1)), validate::number(group(&c, 3)), validate::number(group(&c, 5)));
        if let (Some(y), Some(mo), Some(d)) = (y, mo, d)
            && validate::date_valid(Some(y), mo, d)
        {
            push(out, m.range(), Some(Family::Date), rank::LOOSE);
        }
    }
    // "on 3/14" in a review is a month and a day; elsewhere a slash pair is a ratio or score.
    if ctx.patient {
        for c in p.date_on.captures_iter(text) {
            let (Some(mo), Some(d)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let range = mo.start()..d.end();
            if in_chain(text, &range, b"/.") {
                continue;
            }
            if let (Some(a), Some(b)) = (validate::number(mo.as_str()), validate::number(d.as_str()))
                && validate::date_valid(None, a, b)
            {
                push(out, range, Some(Family::Date), rank::LOOSE);
            }
        }
    }
}

fn word_dates(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    // (regex, month group, day group, year group)
    for (re, mg, dg, yg) in [(&p.date_mdy, 1, 2, 3), (&p.date_dmy, 2, 1, 3)] {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let year = c.get(yg).and_then(|y| validate::number(y.as_str()));
            // Outside patient content only full dates count: "Heart Month ends February 28" is
            // not about anybody; "March 3, 2024" might be.
            if year.is_none() && !ctx.patient {
                continue;
            }
            let month = validate::month_number(group(&c, mg));
            let day = validate::number(group(&c, dg));
            let (Some(month), Some(day)) = (month, day) else {
                continue;
            };
            if !validate::date_valid(year, month, day) {
                continue;
            }
            // The DMY pattern's optional ", 2024" may end in the year; the range is the match.
            push(out, m.range(), Some(Family::Date), rank::LOOSE);
        }
    }
}

/// After an age: "and older", "+", "to 99" make it a population range, not a person.
fn age_range_follows(text: &str, end: usize) -> bool {
    let a = after(text, end, 24).trim_start().to_ascii_lowercase();
    a.starts_with('+')
        || a.starts_with('-')
        || a.starts_with('–')
        || a.starts_with('s')
        || [
            "and older",
            "and over",
            "or older",
            "or over",
            "and up",
            "and above",
            "or more",
            "to ",
            "through",
            "plus",
            "%",
        ]
        .iter()
        .any(|k| a.starts_with(k))
}

/// Before an age: "over 90 years old", "65 to 90 years old" describe groups.
fn age_range_precedes(text: &str, start: usize) -> bool {
    let w = word_before(text, start);
    matches!(
        w.as_str(),
        "over" | "under" | "than" | "above" | "below" | "past" | "beyond" | "to" | "and" | "from" | "between" | "or"
    ) || before(text, start, 2).trim_end().ends_with(['-', '–', '>', '≥', '<'])
}

fn ages(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let add = |range: Range<usize>, out: &mut Vec<Cand>| {
        if !age_range_follows(text, range.end) && (ctx.patient || !age_range_precedes(text, range.start)) {
            push(out, range, Some(Family::Age), rank::LOOSE);
        }
    };
    for m in p.age_old.find_iter(text) {
        add(m.range(), out);
    }
    for m in p.age_aged.find_iter(text) {
        add(m.range(), out);
    }
    if ctx.patient {
        for m in p.age_cue.find_iter(text) {
            add(m.range(), out);
        }
        // "I was 92 when…", "my mother, who is 96": the number alone is the identifier, unless a
        // unit follows ("she was 95 pounds", "I was 90 minutes late").
        for c in p.age_pronoun.captures_iter(text) {
            let Some(n) = c.get(1) else { continue };
            let next = after(text, n.end(), 16).split_whitespace().next().unwrap_or("").to_ascii_lowercase();
            let unit = [
                "min", "sec", "pound", "lb", "kg", "mg", "percent", "day", "week", "month", "mile", "beat", "bpm",
                "degree", "hour",
            ]
            .iter()
            .any(|u| next.starts_with(u));
            if !unit {
                add(n.range(), out);
            }
        }
        // A birth year is a date element that reveals an age over 89.
        let limit = validate::current_year().saturating_sub(90);
        for c in p.born.captures_iter(text) {
            if let Some(y) = c.get(1)
                && validate::number(y.as_str()).is_some_and(|y| y <= limit)
            {
                push(out, y.range(), Some(Family::Age), rank::LOOSE);
            }
        }
    }
}

/// "nonagenarian", "centenarian": singular is a person; the plural is a population.
fn age_words(p: &Patterns, text: &str, out: &mut Vec<Cand>, gated: bool) {
    // Every form ends in "narian"; a capitalised word keeps it lower case.
    if gated && !text.contains("narian") && !text.contains("NARIAN") {
        return;
    }
    for c in p.age_word.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if group(&c, 1).is_empty() {
            push(out, m.range(), Some(Family::Age), rank::LOOSE);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Geography.

fn zips(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    if ctx.patient {
        // In a review a ZIP+4 is an address, and "in 30318" a place.
        for c in p.zip_patient.captures_iter(text) {
            let Some(v) = c.get(1).or_else(|| c.get(2)) else { continue };
            if !in_chain(text, &v.range(), b"-./,") {
                push(out, v.range(), Some(Family::Zip), rank::LOOSE);
            }
        }
    }
    for re in [&p.zip_state, &p.zip_cue] {
        for c in re.captures_iter(text) {
            let Some(v) = c.get(1) else { continue };
            if in_chain(text, &v.range(), b"-./,") {
                continue;
            }
            let public = ctx.exempt_public && ctx.public.has_postal_code(v.as_str());
            push(out, v.range(), (!public).then_some(Family::Zip), rank::LOOSE);
        }
    }
}

/// Capitalised words that make a "number + words + suffix" run a headline, not a street:
/// "3 Steps On The Road", "5 Ways To Drive", "2 Visits With Dr. Okafor".
const STREET_STOP: &[&str] = &[
    "A",
    "An",
    "The",
    "To",
    "On",
    "In",
    "Of",
    "For",
    "And",
    "Or",
    "With",
    "Your",
    "My",
    "Our",
    "At",
    "By",
    "From",
    "Into",
    "Tips",
    "Ways",
    "Steps",
    "Things",
    "Reasons",
    "Signs",
    "Foods",
    "Minutes",
    "Minute",
    "Hours",
    "Hour",
    "Days",
    "Day",
    "Weeks",
    "Week",
    "Months",
    "Month",
    "Years",
    "Year",
    "Miles",
    "Mile",
    "Questions",
    "Facts",
    "Myths",
    "Rules",
    "Habits",
    "Exercises",
    "Best",
    "Top",
    "Easy",
    "Simple",
    "Healthy",
    "Visits",
    "Patients",
    "Doctors",
    "Times",
];

fn addresses(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    for c in p.street.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let words = group(&c, 2);
        if words.split_whitespace().any(|w| STREET_STOP.contains(&w.trim_end_matches('.'))) {
            continue;
        }
        let suffix = c.get(3);
        // "… Dr. Okafor": a clinician's title, not a street.
        if let Some(s) = suffix
            && s.as_str() == "Dr"
        {
            let rest = after(text, s.end(), 8).trim_start_matches('.');
            if rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase) {
                continue;
            }
        }
        let core_end = suffix.map_or(m.end(), |s| s.end());
        let public = ctx.exempt_public && ctx.public.has_address(&text[m.start()..core_end]);
        push(out, m.range(), (!public).then_some(Family::Address), rank::LOOSE);
        // A ZIP code later on the same line, after only a city and state, is part of the address.
        let tail = after(text, m.end(), 60);
        let line = tail.split('\n').next().unwrap_or("");
        if let Some(z) = p.zip5.find(line) {
            let between = &line[..z.start()];
            if between.chars().all(|ch| ch.is_alphabetic() || matches!(ch, ' ' | ',' | '.')) {
                let range = m.end() + z.start()..m.end() + z.end();
                let public = ctx.exempt_public && ctx.public.has_postal_code(z.as_str());
                push(out, range, (!public).then_some(Family::Zip), rank::LOOSE);
            }
        }
    }
    for m in p.po_box.find_iter(text) {
        let public = ctx.exempt_public && ctx.public.has_address(m.as_str());
        push(out, m.range(), (!public).then_some(Family::Address), rank::LOOSE);
    }
}

// ---------------------------------------------------------------------------------------------
// Names.

/// Capitalised words that are never part of a name after a cue ("my husband And I").
const NAME_STOP: &[&str] = &[
    "I",
    "And",
    "But",
    "Or",
    "So",
    "The",
    "A",
    "An",
    "He",
    "She",
    "We",
    "They",
    "It",
    "His",
    "Her",
    "Hers",
    "Him",
    "Was",
    "Is",
    "Are",
    "Were",
    "Had",
    "Has",
    "Have",
    "Who",
    "When",
    "Then",
    "After",
    "Before",
    "Said",
    "Says",
    "Told",
    "Also",
    "Too",
    "Came",
    "Went",
    "Got",
    "Did",
    "Does",
    "Will",
    "Would",
    "Could",
    "Can",
    "Just",
    "Even",
    "Still",
    "Thanks",
    "Thank",
    "Because",
    "Since",
    "While",
    "Took",
    "Drove",
    "My",
    "Our",
    "Your",
    "Their",
    "In",
    "On",
    "At",
    "To",
    "For",
    "With",
    "From",
    "Of",
    "As",
    "By",
    "Not",
    "No",
    "Yes",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Dr",
    "Doctor",
    "Nurse",
    "Professor",
    "Prof",
    "Always",
    "Never",
    "Every",
    "All",
    "Both",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "Now",
    "If",
    "Portal",
    "Education",
    "Forms",
    "Form",
    "Resources",
    "Resource",
    "Information",
    "Center",
    "Centre",
    "Care",
    "Services",
    "Service",
    "Guide",
    "Guides",
    "Handbook",
    "Safety",
    "Advocate",
    "Rights",
    "Library",
    "Instructions",
    "Intake",
    "Registration",
    "Survey",
    "Satisfaction",
    "Experience",
    "Navigator",
    "Coordinator",
    "Assistance",
    "Support",
    "Access",
    "Privacy",
    "Notice",
    "Stories",
    "Story",
    "Reviews",
    "Review",
    "Testimonials",
];

/// Clinician titles: a name behind them belongs to a clinician, not a patient.
const TITLES: &[&str] = &["Dr", "Doctor", "Nurse", "Professor", "Prof", "NP", "PA", "RN"];

/// Trims a captured name to its leading run of non-stop words (ending at a possessive "'s");
/// `None` when the first word is a stop word or a clinician title. A middle initial is kept only
/// when a surname follows it.
fn name_span(m: &regex::Match) -> Option<Range<usize>> {
    let s = m.as_str();
    let mut end = 0;
    let mut full_words = 0;
    let mut offset = 0;
    for piece in s.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += piece.len();
        let word = piece.trim_end();
        if word.is_empty() {
            continue;
        }
        let core = word.trim_end_matches("'s").trim_end_matches("’s");
        let bare = core.trim_end_matches('.');
        if NAME_STOP.contains(&bare) || TITLES.contains(&bare) {
            break;
        }
        if bare.chars().count() == 1 {
            continue;
        }
        full_words += 1;
        end = start + core.len();
        if core.len() < word.len() {
            break;
        }
    }
    (full_words > 0).then(|| m.start()..m.start() + end)
}

fn names(p: &Patterns, text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    for (re, &(in_patient, elsewhere)) in p.names.iter().zip(NAME_KINDS.iter()) {
        for c in re.captures_iter(text) {
            let Some(g) = c.iter().skip(1).flatten().next() else {
                continue;
            };
            let Some(range) = name_span(&g) else { continue };
            let name = &text[range.clone()];
            let min_words = if ctx.patient { in_patient } else { elsewhere };
            if name.split_whitespace().filter(|w| w.len() > 2 || !w.ends_with('.')).count() < min_words {
                continue;
            }
            // "My son Loves…", "my wife Googled…": a capitalised word after a cue that is an
            // ordinary word and nobody's first name.
            if !name.contains(' ') && ctx.patient {
                let l = super::lexicon::lexicon();
                if !l.is_first_name(name) && !l.is_surname(name) && l.is_english(name) {
                    continue;
                }
            }
            let public = ctx.exempt_public && ctx.public.has_name(name);
            push(out, range, (!public).then_some(Family::Name), rank::NAME);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Long numbers.

/// Words after a number that make it a quantity ("10000000 units"), not an identifier.
const QUANTITY_WORDS: &[&str] = &[
    "units",
    "unit",
    "iu",
    "mg",
    "mcg",
    "ug",
    "g",
    "kg",
    "ml",
    "people",
    "persons",
    "patients",
    "adults",
    "children",
    "americans",
    "deaths",
    "cases",
    "steps",
    "cells",
    "copies",
    "doses",
    "dollars",
    "usd",
    "years",
    "times",
    "visits",
    "users",
    "members",
    "women",
    "men",
    "births",
    "procedures",
    "prescriptions",
    "participants",
    "miles",
    "km",
    "per",
    "cfu",
    "lives",
    "readers",
    "views",
    "downloads",
];

/// Runs of seven or more ASCII digits between ASCII word boundaries. A byte loop: this is
/// the one shape simple enough that a regex pass would cost more than it saves.
fn digit_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let bounded = (start == 0 || !word(b[start - 1])) && (i == b.len() || !word(b[i]));
            if bounded && i - start >= 7 {
                return Some(start..i);
            }
            // Skip the rest of a word such as "NCT01234567" or "abc1234567x".
            while i < b.len() && word(b[i]) {
                i += 1;
            }
        }
        None
    })
}

fn long_numbers(text: &str, ctx: &Ctx, out: &mut Vec<Cand>) {
    let b = text.as_bytes();
    for range in digit_runs(text) {
        let (s, e) = (range.start, range.end);
        let digits = &text[range.clone()];
        // Decimals ("3.14159265", "1234567.5") and grouped numbers ("1,0000000") are measurements.
        let decimal = (s >= 2 && matches!(b[s - 1], b'.' | b',') && b[s - 2].is_ascii_digit())
            || (e + 1 < b.len() && matches!(b[e], b'.' | b',') && b[e + 1].is_ascii_digit());
        let currency = before(text, s, 4).trim_end().ends_with(['$', '€', '£', '¥']);
        let round = digits.ends_with("0000");
        let next = after(text, e, 24)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let quantity = QUANTITY_WORDS.contains(&next.as_str());
        if decimal || currency || round || quantity {
            continue;
        }
        let public = ctx.exempt_public && ctx.public.has_identifier(digits);
        push(out, range, (!public).then_some(Family::Number), rank::NUMBER);
    }
}
