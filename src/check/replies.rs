//! `reviews/response`: the practice's public reply to a review. Confirming that someone is a
//! patient already discloses PHI (45 CFR 164.502(a)); OCR fined practices for Yelp and Google
//! replies that named the patient, the treatment or the insurance (research: legal-requirements
//! §7). A reply may thank, apologise and invite a call; it may not confirm the relationship, or
//! name a person, a date, a condition or a treatment. The same check runs on a review's
//! `response` field and on a draft reply to a Google or Yelp review (`whitecoat reply-check`).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use crate::lazy_regex::LazyRegex;

use crate::check::phi::{self, Public, Scanner};
use crate::diagnostics::{Diagnostic, Span};
use crate::source::SourceFile;

/// Phrases that confirm a care relationship ("your visit", "when we saw you", "our records").
static CONFIRMS: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?i)\b(?:your\s+(?:(?:recent|last|first|next|follow[- ]up|annual)\s+)?(?:visit|appointment|appt|procedure|surgery|operation|treatment|therapy|care|results?|test(?:s|ing)?|labs?|biopsy|scan|x-?rays?|mri|diagnosis|condition|chart|records?|file|insurance|claim|bill|balance|copay|co-pay|prescriptions?|medications?|meds|dose|injections?|implants?|recovery|stay|admission|discharge|exam|consultation|consult|session|case|history|surgeon|doctor|physician|provider|nurse|therapist|dentist|follow[- ]?ups?|check[- ]?ups?|stitches|scars?)|your\s+(?:knees?|back|hips?|shoulders?|neck|heart|skin|teeth|tooth|eyes?|ears?|foot|feet|ankles?|wrists?|hands?|arms?|legs?|baby|pregnancy|pain|symptoms?|mole|rash|blood\s+pressure|sugars?)\s+(?:is|was|are|were|feels?|felt|looks?|has|have|healed|healing)|(?:thanks|thank\s+you)(?:\s+so\s+much)?\s+for\s+(?:visiting|coming\s+(?:in|to\s+see)|choosing|trusting)\s+(?:us|our|me|dr)|(?:seeing|treating|caring\s+for|having)\s+you\b|(?:when|while|since|after|before)\s+(?:you\s+(?:came|were|visited|saw|had)|we\s+(?:saw|treated|examined|operated)|your\s+(?:visit|appointment|procedure))|we\s+(?:treated|saw|examined|operated\s+on|diagnosed|prescribed|admitted|discharged|billed)\s+you|our\s+(?:records|files|chart|notes)\s+(?:show|indicate|say)|as\s+your\s+(?:doctor|physician|provider|surgeon|dentist|therapist|care\s+team)|you\s+were\s+(?:seen|treated|admitted|discharged|our\s+patient)|(?:as|being)\s+(?:a|our)\s+patient|you\s+(?:missed|cancell?ed|rescheduled)\s+(?:your|an|the)\s+appointment)\b".to_string())
});

/// Conditions, treatments and medicines a reply must never mention (common ones in practice
/// replies and in OCR's published cases: treatment plans, diagnoses, procedures).
static CLINICAL: LazyLock<LazyRegex> = LazyLock::new(|| {
    LazyRegex::new(r"(?i)\b(?:diabetes|hypertension|cancer|tumou?r|depression|anxiety|bipolar|schizophreni\w*|adhd|autism|dementia|alzheimer'?s|pregnan\w+|miscarriage|abortion|infertility|ivf|hiv|aids|hepatitis|std|sti|herpes|chlamydia|addiction|overdose|opioids?|rehab|suicid\w*|eating disorder|anorexia|bulimia|obesity|asthma|copd|arthritis|fracture|stroke|heart attack|afib|atrial fibrillation|arrhythmia|seizures?|epilepsy|migraines?|covid|infection|biopsy|chemo(?:therapy)?|radiation|surgery|colonoscopy|mammogram|root canal|extraction|implants?|crowns?|braces|invisalign|botox|fillers?|liposuction|breast augmentation|rhinoplasty|facelift|lasik|cataract|knee replacement|hip replacement|stent|pacemaker|ablation|dialysis|insulin|metformin|ozempic|wegovy|semaglutide|adderall|xanax|oxycodone|suboxone|antidepressants?|antibiotics?|prescriptions?|diagnos(?:is|ed|es)|x-?rays?|mri|ct scan|lab (?:work|results)|blood work)\b".to_string())
});

/// A reply that says nothing about anyone's care, offered as the rewrite.
pub fn safe_reply(practice: &str, phone: Option<&str>) -> String {
    let call = match phone {
        Some(phone) => format!("please call our practice manager at {phone}"),
        None => "please call our office and ask for the practice manager".to_string(),
    };
    format!(
        "Thank you for taking the time to share your feedback. We take every comment seriously. Privacy law does not allow us to discuss anyone's care or confirm whether someone is a patient of {practice}, so {call}; we would welcome the chance to talk."
    )
}

/// What a reply is checked against.
pub struct ReplyCheck<'a> {
    /// The PHI scanner.
    pub scanner: &'a Scanner,
    /// The practice's public details (its phone and clinicians are fine in a reply).
    pub public: &'a Public,
    /// The reviewer's name as shown on the review, which must not be echoed back.
    pub author: Option<&'a str>,
    /// The suggested rewrite.
    pub rewrite: String,
}

impl ReplyCheck<'_> {
    /// Findings for the reply at `range` of `file`.
    pub fn check(&self, file: &Arc<SourceFile>, range: Range<usize>) -> Vec<Diagnostic> {
        let text = &file.text[range.clone()];
        let at = |r: Range<usize>| Span::new(file, range.start + r.start..range.start + r.end);
        let mut findings = Vec::new();
        let mut finding = |r: Range<usize>, message: String, label: &'static str| {
            findings.push(
                Diagnostic::error("reviews/response", message)
                    .at(at(r), label)
                    .help("a public reply must not confirm that anyone is a patient or mention their care"),
            );
        };
        for m in CONFIRMS.find_iter(text) {
            finding(
                m.range(),
                format!("the reply confirms a care relationship (\"{}\")", m.as_str()),
                "confirms a patient",
            );
        }
        for m in CLINICAL.find_iter(text) {
            finding(
                m.range(),
                format!("the reply names a condition or treatment (\"{}\")", m.as_str()),
                "health information",
            );
        }
        for found in self.scanner.scan_reply(text, self.public) {
            let label = found.family.label();
            let masked = phi::mask(found.family, found.text(text));
            finding(
                found.range.clone(),
                format!("the reply contains {} {label} ({masked})", article(label)),
                "identifier",
            );
        }
        if let Some(author) = self.author {
            for name in author_names(author) {
                for (i, _) in text.match_indices(name.as_str()).filter(|(i, _)| whole_word(text, *i, name.len())) {
                    finding(
                        i..i + name.len(),
                        format!("the reply names the reviewer (\"{name}\")"),
                        "the reviewer's name",
                    );
                }
            }
        }
        // One finding per place: overlapping detectors report the same words once.
        findings.sort_by_key(|d| d.span.as_ref().map(|s| s.range.start));
        findings.dedup_by(|a, b| {
            let (Some(a), Some(b)) = (&a.span, &b.span) else { return false };
            a.range.start < b.range.end && b.range.start < a.range.end
        });
        // The safe reply is offered once, with the first finding.
        if let Some(first) = findings.first_mut() {
            first.help = Some(format!("reply without confirming anything, for example: \"{}\"", self.rewrite).into());
        }
        findings
    }
}

/// The words of a reviewer's display name worth looking for ("Maria R." -> "Maria").
fn author_names(author: &str) -> Vec<String> {
    author
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_string)
        .collect()
}

fn whole_word(text: &str, start: usize, len: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[start + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The patterns this check declares (for the test that keeps `lazy_regex::forms` current).
#[cfg(test)]
pub(crate) fn declared() -> Vec<String> {
    [&CONFIRMS, &CLINICAL].iter().map(|p| p.pattern().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(reply: &str, author: Option<&str>) -> Vec<String> {
        let scanner = Scanner::new();
        let public = Public::new(&["570-555-0100".into()], &[], &["Amara Okafor".into()], &[], &[], &[]);
        let check =
            ReplyCheck { scanner: &scanner, public: &public, author, rewrite: safe_reply("Okafor Heart", None) };
        let file = Arc::new(SourceFile::new("reply.txt", reply.to_string()));
        check.check(&file, 0..reply.len()).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn replies_that_confirm_or_disclose_are_refused() {
        for reply in [
            "Sorry your visit on Tuesday was rushed.",
            "When we saw you, your blood pressure was high.",
            "Our records show you missed your appointment.",
            "We hope your knee replacement is healing well.",
            "Maria, we are sorry about the wait.",
            "Please call Dr. Okafor about your biopsy results.",
            "Thanks for visiting us last week, we're glad your knee is better.",
            "It was a pleasure treating you.",
            "We loved seeing you!",
            "Thank you so much for choosing Dr. Okafor.",
            "We are glad your blood pressure is under control.",
        ] {
            assert!(!findings(reply, Some("Maria R.")).is_empty(), "{reply}");
        }
    }

    #[test]
    fn generic_replies_pass() {
        let safe = safe_reply("Okafor Heart", Some("570-555-0100"));
        assert!(findings(&safe, Some("Maria R.")).is_empty(), "{:?}", findings(&safe, Some("Maria R.")));
        for reply in [
            "Thank you for the kind words! Our whole team appreciates it.",
            "We are sorry to hear this. Please call our office manager at 570-555-0100 so we can talk.",
            "Dr. Amara Okafor and the team thank you for your feedback.",
            "We would welcome the chance to talk with you; please call the office.",
            "Thank you for your review, we read every one.",
        ] {
            assert!(findings(reply, Some("Maria R.")).is_empty(), "{reply}: {:?}", findings(reply, Some("Maria R.")));
        }
    }
}
