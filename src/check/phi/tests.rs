//! Corpus tests for the PHI scanner: ordinary clinical text that must stay clean, planted
//! identifiers that must each be found exactly, public-detail exemptions, masking and validators.

use super::validate::*;
use super::{Family, PhiMatch, Public, Scanner, mask};

/// Ordinary patient-education and practice sentences with no identifier in them, including every
/// known trap. The flag says whether the sentence is also clean when scanned as patient content
/// (reviews are stricter: month-day dates, URLs, population ages are findings there).
const CLEAN: &[(&str, bool)] = &[
    ("High blood pressure is a reading of 130/80 mmHg or higher.", true),
    ("A reading of 140/90 on two visits usually confirms the diagnosis.", true),
    ("Your blood pressure of 120/80 mmHg is right where we want it.", true),
    ("Take 81 mg of aspirin daily only if your doctor recommends it.", true),
    ("Most adults need 600 to 800 IU of vitamin D, and some take 5,000 IU under supervision.", true),
    ("About 1 in 4 adults has high blood pressure and does not know it.", true),
    ("Dr. Okafor has cared for heart patients since 2019.", true),
    (
        "The 2023 ACC/AHA/ACCP/HRS Guideline for the Diagnosis and Management of Atrial Fibrillation changed how we treat AF.",
        true,
    ),
    ("Atrial fibrillation is coded as I48.91 and type 2 diabetes as E11.9.", true),
    ("ICD-10 codes I10 and I25.10 cover hypertension and coronary disease.", true),
    ("An echocardiogram (CPT 93306) takes about 45 minutes.", true),
    ("If you have chest pain, call 911 right away.", true),
    ("Call or text 988 to reach the 988 Suicide & Crisis Lifeline.", true),
    ("Office hours are 8:00-17:00, Monday to Friday.", true),
    ("Opening hours: Mo-Fr 08:00-17:00.", true),
    ("A normal resting heart rate is 60 to 100 beats per minute.", true),
    ("For most people with heart disease, the LDL goal is below 70 mg/dL.", true),
    ("An A1C of 6.5% or higher on two tests means diabetes.", true),
    ("A CHA2DS2-VASc score of 2 or more usually means you need a blood thinner.", true),
    ("Normal potassium is 3.5-5.0 mmol/L.", true),
    ("The portal runs version 2.4.1.7 of the scheduling software.", true),
    ("Version 1.2.3.4 of the app fixed the login bug.", true),
    ("Numbers like (012) 345-6789, 123-456-7890 and 555-123-4567 cannot be dialled.", true),
    ("The study followed 12,345 patients from 2010 to 2020.", true),
    ("Walking 10000 steps a day is a popular goal, though 12345 steps is better.", true),
    ("In the hospital some patients get 10000 units of heparin.", true),
    ("Over 3,000,000 Americans live with atrial fibrillation.", true),
    ("Our cath lab team has performed more than 2500000 procedures nationwide.", true),
    ("In March 2024, the FDA approved a new drug for obesity.", true),
    ("Rates of heart disease have fallen since the 1990s.", true),
    ("May is Stroke Awareness Month.", true),
    ("Stage 1 hypertension is 130-139/80-89 mmHg in the 2017 guideline.", true),
    ("The 10-year ASCVD risk of 7.5% is the usual threshold for a statin discussion.", true),
    ("Take half a tablet (1/2) twice a day with food.", true),
    ("We answer messages 24/7 through the patient portal.", true),
    ("Adults aged 90 and older need their medication list reviewed often.", true),
    ("Aim for at least 150 minutes of moderate activity per week.", true),
    ("Your eGFR of 45 mL/min/1.73 m2 puts you in stage 3a kidney disease.", true),
    ("A QTc above 500 ms raises the risk of arrhythmia.", true),
    ("The trial is registered as NCT01234567.", true),
    ("See the original trial report, PMID: 31234567.", true),
    ("Read the trial at doi:10.1056/NEJMoa2034577 for the details.", true),
    ("The book, ISBN 978-0-12-345678-9, is in our waiting room.", true),
    ("Our NPI is 1234567893.", true),
    ("3 Steps On The Road To Recovery After Bypass Surgery", true),
    ("5 Ways To Drive Down Your Cholesterol", true),
    ("2 Visits With Dr. Okafor Changed How I Eat", true),
    ("Take your blood pressure twice a day for 3 weeks.", true),
    ("Symptoms usually improve within 2 to 3 months.", true),
    ("Ask about the Patient Portal at your next visit.", true),
    ("Our patient Education Center has free handouts.", true),
    ("Nurse Amy will call you with your results.", true),
    ("Dr. Maria Alvarez reviewed this article.", true),
    ("My colleague Dr. Chen and I wrote this guide.", true),
    ("Ferritin below 30 ng/mL suggests iron deficiency; hemoglobin of 13.5 g/dL is normal for men.", true),
    ("Medicare Part B covers one cardiovascular screening every 5 years.", true),
    ("Bring your insurance card and a photo ID to your appointment.", true),
    ("Your medical record number is printed on your wristband.", true),
    ("We use serial 12-lead ECGs to track changes.", true),
    ("A pain score of 7/10 or higher should prompt a call.", true),
    ("Troponin is measured at 0, 3 and 6 hours.", true),
    ("Patients on warfarin aim for an INR of 2.0-3.0.", true),
    ("The 20-20-20 rule helps with eye strain.", true),
    ("Interval walking uses a 10-20-30 pattern.", true),
    ("Vitamin B12 1000 mcg daily is a common dose.", true),
    ("A 90-day supply is cheaper at most pharmacies.", true),
    ("Over 95% of patients recover fully.", true),
    ("Lipoprotein(a) above 50 mg/dL is high.", true),
    ("ECG leads V1-V6 show the front of the heart.", true),
    ("Your score on the PHQ-9 ranges from 0 to 27.", true),
    ("Don't Miss Your Annual Checkup", true),
    ("The logo@2x.png file is in the assets folder.", true),
    ("My grandmother is 85 years old and walks daily.", true),
    ("A 45-year-old with chest pain should be evaluated the same day.", true),
    ("Suite 310 is on the third floor.", true),
    ("A ratio of 3:1 is typical.", true),
    ("Dial 1 for appointments and 2 for billing.", true),
    ("Lose 5-10% of your weight to lower your blood pressure by 5 to 10 mmHg.", true),
    ("The average American eats 3,400 mg of sodium a day.", true),
    ("Drink 8 glasses of water and eat 25-30 g of fiber.", true),
    ("Stage 4 heart failure (NYHA class IV) needs specialist care.", true),
    ("Most people do better under 1,500-2,000 mg of sodium a day.", true),
    ("Ref: N Engl J Med 2021;384:989-1002 and JAMA. 2020;323(11):1061-1069.", true),
    ("HR 0.74; 95% CI 0.65-0.85; P<0.001; NNT of 25 over 5 years.", true),
    ("Office hours 10:30 AM – 12:00 PM in Room 1204, extension 2345.", true),
    ("Medicare covers 80% after the Part B deductible ($257 in 2025).", true),
    ("The hotel 555-1234 sign is a prop in the lobby photo.", true),
    ("I am 67 and after 3 stents my heart rate is finally 70.", true),
    ("I'm 95 percent better since the ablation.", true),
    ("See Figure 1.2.3.4 for the care pathway.", true),
    ("Windows 10 and iOS 17.2.1 both run the patient app.", true),
    ("In a group of 12 patients, 9 improved within 2 weeks.", true),
    ("The Holter model 3000 records 2 channels for 48 hours.", true),
    ("From 2010-12 to 2015-06 the rate fell by 1.5%.", true),
    ("Class 2a recommendations come from the 2019 ACC/AHA guideline (PMCID: PMC7734661).", true),
    ("My husband and I drove 45 minutes each way to the Springfield office.", true),
    ("Thank you Dr. Lee and nurse Patty for the great care.", true),
    ("Get 7-9 hours of sleep and walk 30 minutes 5 days a week.", true),
    ("A 3-month supply of 40 mg atorvastatin costs about $12.", true),
    ("Heart Month ends on February 28.", false),
    ("Research on nonagenarians shows that exercise still helps.", true),
    ("People 65 to 90 years old benefit from a yearly flu shot.", false),
    ("The AHA explains it well at https://www.heart.org/en/health-topics/high-blood-pressure.", true),
    ("Read the abstract at https://pubmed.ncbi.nlm.nih.gov/31234567/ before your visit.", true),
    ("Guidance from https://www.cdc.gov/heartdisease/facts.htm is updated yearly.", true),
    ("The poison control line is 1-800-222-1222.", false),
];

/// Sentences with one planted identifier each: (text, patient content?, family, exact match).
const PLANTED: &[(&str, bool, Family, &str)] = &[
    // Names
    ("My husband Robert drove me to every appointment.", true, Family::Name, "Robert"),
    ("My daughter Emily Chen stayed with me in the hospital.", true, Family::Name, "Emily Chen"),
    ("Mrs. Alvarez came back for her follow-up visit last spring.", false, Family::Name, "Alvarez"),
    ("We treated patient John Smith for a heart attack.", false, Family::Name, "John Smith"),
    ("Her son, Marcus, translated everything for her.", true, Family::Name, "Marcus"),
    ("A man named Walter sat next to me in the waiting room.", true, Family::Name, "Walter"),
    ("Patient: Linda Park", false, Family::Name, "Linda Park"),
    // Addresses
    ("Send the card to 123 Maple Street when you can.", true, Family::Address, "123 Maple Street"),
    ("They visited me at 4500 North Oak Avenue every day.", true, Family::Address, "4500 North Oak Avenue"),
    ("The patient lives at 77 W. 59th St, Apt 4B near the park.", false, Family::Address, "77 W. 59th St, Apt 4B"),
    ("Mail it to PO Box 4471 please.", true, Family::Address, "PO Box 4471"),
    // Places smaller than a state (patient content only)
    ("We drive in from Scranton every month for the clinic.", true, Family::Place, "Scranton"),
    ("Nobody in Lackawanna County has Saturday hours like this.", true, Family::Place, "Lackawanna County"),
    // ZIP codes
    ("I drive in from rural PA 18512 every week.", true, Family::Zip, "18512"),
    ("Her zip code is 18512-3344 according to the form.", false, Family::Zip, "18512-3344"),
    ("We moved to central Texas 78701 last year.", true, Family::Zip, "78701"),
    // Dates
    ("I had my surgery on 3/14/2024 and felt better quickly.", true, Family::Date, "3/14/2024"),
    ("He was admitted 2024-03-14 with chest pain.", false, Family::Date, "2024-03-14"),
    ("My stent went in on March 3rd, 2024.", true, Family::Date, "March 3rd, 2024"),
    ("I was discharged on 3 March and went home.", true, Family::Date, "3 March"),
    ("My valve was replaced on 2/29/2024.", true, Family::Date, "2/29/2024"),
    ("She was seen on 14 July 2023 in the clinic.", false, Family::Date, "14 July 2023"),
    ("The ablation was on 5/7 and I have been fine since.", true, Family::Date, "5/7"),
    ("Dr. Okafor saw me on Sept. 9 for a checkup.", true, Family::Date, "Sept. 9"),
    // Ages over 89
    ("My 92-year-old mother still walks every day.", true, Family::Age, "92-year-old"),
    ("A woman aged 95 presented with fatigue.", false, Family::Age, "aged 95"),
    ("He is a 91 yo retired teacher.", true, Family::Age, "91 yo"),
    ("As a nonagenarian, I was nervous about surgery.", true, Family::Age, "nonagenarian"),
    ("I turned 93 in the spring.", true, Family::Age, "turned 93"),
    ("I was born in 1931 and still drive.", true, Family::Age, "1931"),
    // Phones
    ("She gave me her cell, 555-201-3344, and called back the same day.", true, Family::Phone, "555-201-3344"),
    ("Call my daughter at (570) 555-0204 if I miss the visit.", false, Family::Phone, "(570) 555-0204"),
    ("Reach me at +1 212.555.7890 anytime.", true, Family::Phone, "+1 212.555.7890"),
    ("His number is 2125557890 if you need it.", true, Family::Phone, "2125557890"),
    ("Call me at 555-0123 anytime after work.", true, Family::Phone, "555-0123"),
    ("My email is JOHN.DOE@OUTLOOK.COM if you need me.", true, Family::Email, "JOHN.DOE@OUTLOOK.COM"),
    ("Her site is www.mariaheals.net/about and it is lovely.", false, Family::Url, "www.mariaheals.net/about"),
    ("My mother, who is 96, had a TAVR last year.", true, Family::Age, "96"),
    ("Our son's name was Michael and he visited every day.", true, Family::Name, "Michael"),
    ("Born 02/29/1932 and still going strong.", true, Family::Date, "02/29/1932"),
    ("The UDI (01)00643169007222 was scanned at the implant.", true, Family::Device, "(01)00643169007222"),
    // Fax
    ("Please fax my records to 570-555-0199 by Friday.", true, Family::Fax, "570-555-0199"),
    ("Fax: (570) 555-0199", false, Family::Fax, "(570) 555-0199"),
    ("My cardiologist's fax number is 212 555 7000.", true, Family::Fax, "212 555 7000"),
    // Email
    ("Write to me at maria.r@gmail.com for details.", true, Family::Email, "maria.r@gmail.com"),
    ("The patient emailed from jsmith42@yahoo.com last week.", false, Family::Email, "jsmith42@yahoo.com"),
    // SSN
    ("My SSN is 219-09-9999 and I gave it to the front desk.", true, Family::Ssn, "219-09-9999"),
    ("Social security number: 219099999", false, Family::Ssn, "219099999"),
    ("They asked for my SS# 219 09 9999 twice.", true, Family::Ssn, "219 09 9999"),
    // MRN
    ("My MRN: 00482913 was on the wristband.", true, Family::Mrn, "00482913"),
    ("Medical record number 7734-2291 was attached.", false, Family::Mrn, "7734-2291"),
    ("Chart #A558120 shows the results.", true, Family::Mrn, "A558120"),
    // Health plan
    ("Member ID: XJH123456789 is on my card.", true, Family::Plan, "XJH123456789"),
    ("Her Medicare number is 1EG4-TE5-MK73 per the form.", false, Family::Plan, "1EG4-TE5-MK73"),
    ("My MBI 1EG4TE5MK73 was printed on the letter.", true, Family::Plan, "1EG4TE5MK73"),
    ("Policy number: BCX-99812345 covers the procedure.", true, Family::Plan, "BCX-99812345"),
    // Accounts
    ("The billing office said my account number is 4471-99213.", true, Family::Account, "4471-99213"),
    ("Invoice #INV-2024-88123 was paid.", false, Family::Account, "INV-2024-88123"),
    ("I paid with my card 4111 1111 1111 1111 at the desk.", true, Family::Account, "4111 1111 1111 1111"),
    // Licenses
    ("My driver's license D1234567 was photocopied.", true, Family::License, "D1234567"),
    ("License no. MD-44812 appears on the wall.", false, Family::License, "MD-44812"),
    ("The DEA number AB1234563 was on the prescription.", true, Family::License, "AB1234563"),
    // Vehicles
    ("My car's VIN 1M8GDM9AXKP042788 was in the accident report.", true, Family::Vehicle, "1M8GDM9AXKP042788"),
    ("His license plate 7ABC123 was caught on camera.", false, Family::Vehicle, "7ABC123"),
    ("My plate number: 8XYZ442 is on the parking pass.", true, Family::Vehicle, "8XYZ442"),
    // Devices
    ("My pacemaker serial number is PJN123456 per the card.", true, Family::Device, "PJN123456"),
    ("Device ID: 00643169007222 was recorded.", false, Family::Device, "00643169007222"),
    ("The IMEI 490154203237518 of my phone was logged.", true, Family::Device, "490154203237518"),
    // URLs
    (
        "Find my story at https://mariasblog.com/heart-journey today.",
        true,
        Family::Url,
        "https://mariasblog.com/heart-journey",
    ),
    (
        "See the patient's page at www.facebook.com/maria.r.1985 for photos.",
        false,
        Family::Url,
        "www.facebook.com/maria.r.1985",
    ),
    (
        "I wrote about it at https://www.gofundme.com/f/help-maria first.",
        true,
        Family::Url,
        "https://www.gofundme.com/f/help-maria",
    ),
    ("Follow me on instagram.com/maria_runs for updates.", true, Family::Url, "instagram.com/maria_runs"),
    // IP addresses
    ("The portal logged my login from 73.162.44.201 last night.", true, Family::Ip, "73.162.44.201"),
    ("The server at 10.0.12.7 holds the records.", false, Family::Ip, "10.0.12.7"),
    ("My router showed 2001:db8:85a3::8a2e:370:7334 as the address.", true, Family::Ip, "2001:db8:85a3::8a2e:370:7334"),
    // Other long numbers
    ("My claim went through under 88412937 after a month.", true, Family::Number, "88412937"),
    ("Reference 55190233 was written on the discharge papers.", false, Family::Number, "55190233"),
    ("The ID on my bracelet was 4471983201.", true, Family::Number, "4471983201"),
];

fn scan(text: &str, patient: bool) -> Vec<PhiMatch> {
    Scanner::new().scan(text, patient, &Public::default())
}

fn describe(text: &str, found: &[PhiMatch]) -> String {
    found.iter().map(|m| format!("{:?} {:?}", m.family, m.text(text))).collect::<Vec<_>>().join(", ")
}

#[test]
fn clean_corpus_raises_nothing() {
    assert!(CLEAN.len() >= 60, "clean corpus has {} sentences", CLEAN.len());
    let mut failures = Vec::new();
    for &(text, also_patient) in CLEAN {
        let found = scan(text, false);
        if !found.is_empty() {
            failures.push(format!("article: {text:?} -> {}", describe(text, &found)));
        }
        let found = scan(text, true);
        if also_patient && !found.is_empty() {
            failures.push(format!("review: {text:?} -> {}", describe(text, &found)));
        }
        if !also_patient && found.is_empty() {
            failures.push(format!("review (expected a finding): {text:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn planted_corpus_finds_each_identifier_exactly() {
    assert!(PLANTED.len() >= 60, "planted corpus has {} sentences", PLANTED.len());
    let mut failures = Vec::new();
    for &(text, patient, family, expected) in PLANTED {
        let found = scan(text, patient);
        let ok = found.len() == 1 && found[0].family == family && found[0].text(text) == expected;
        if !ok {
            failures.push(format!("{text:?}: expected {family:?} {expected:?}, got [{}]", describe(text, &found)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn planted_corpus_covers_every_family_twice() {
    for family in Family::ALL {
        let n = PLANTED.iter().filter(|p| p.2 == family).count();
        assert!(n >= 2, "{family:?} planted {n} times");
    }
}

#[test]
fn planted_identifiers_are_still_found_in_patient_content() {
    // Patient content is never less strict than other content.
    for &(text, patient, family, expected) in PLANTED {
        if !patient {
            let found = scan(text, true);
            assert!(
                found.iter().any(|m| m.family == family && m.text(text) == expected),
                "{text:?} in patient content: [{}]",
                describe(text, &found)
            );
        }
    }
}

#[test]
fn report_recall_and_false_positives() {
    let mut hit = 0;
    for &(text, patient, family, expected) in PLANTED {
        if scan(text, patient).iter().any(|m| m.family == family && m.text(text) == expected) {
            hit += 1;
        }
    }
    let false_positives: usize = CLEAN.iter().map(|(text, _)| scan(text, false).len()).sum();
    let patient_clean: Vec<&str> = CLEAN.iter().filter(|c| c.1).map(|c| c.0).collect();
    let patient_fp: usize = patient_clean.iter().map(|text| scan(text, true).len()).sum();
    let recall = 100.0 * hit as f64 / PLANTED.len() as f64;
    println!("PHI planted corpus: {hit}/{} identifiers found, recall {recall:.1}%", PLANTED.len());
    println!("PHI clean corpus: {} sentences, {false_positives} false positives (article mode)", CLEAN.len());
    println!("PHI clean corpus: {} sentences, {patient_fp} false positives (patient mode)", patient_clean.len());
    assert_eq!(hit, PLANTED.len());
    assert_eq!(false_positives, 0);
    assert_eq!(patient_fp, 0);
}

#[test]
fn findings_are_sorted_disjoint_and_on_char_boundaries() {
    let mut texts: Vec<String> = PLANTED.iter().map(|p| p.0.to_string()).collect();
    texts.push(PLANTED.iter().map(|p| p.0).collect::<Vec<_>>().join(" "));
    texts.push("Zoë’s husband José Núñez — tel. 555‑201‑3344 — née 3/14/2024 ✓ 92-year-old".to_string());
    texts.push("日本語のテキスト 2001:db8::1 と maría@correo.es".to_string());
    for text in &texts {
        for patient in [false, true] {
            let found = scan(text, patient);
            for w in found.windows(2) {
                assert!(w[0].range.end <= w[1].range.start, "overlap in {text:?}");
            }
            for m in &found {
                assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
                assert!(!m.range.is_empty());
            }
        }
    }
}

/// Extra cue-introduced shapes for the gate check: odd prefixes, spacing and letter runs.
const GATE_EXTRAS: &[&str] = &[
    "Member ID: ABCDEFGHIJ12345 on file.",
    "Med. rec. no. 4471992 attached.",
    "License plate ABC 1234 seen.",
    "Tag no. XYZ-9911 on the car.",
    "Social security card number is 219 09 9999.",
    "UDI: (01)00643169007222(17)261231",
    "Group #: AB-CD-123456",
    "Passport no. X12345678 expired.",
    "device identifier = SN-55-44-33",
    "Acct no.: 000-111-222",
];

fn generated_texts() -> Vec<String> {
    let pieces = [
        "0", "1", "2", "5", "9", "-", ".", "/", ":", "::", "@", "(", ")", " ", "\n", "é", "’", "—", "ñ", "日", "😀",
        "My", "husband", "Mrs.", "MRN", "fax", "SSN", "aged", "March", "PA", "Street", "https://", "www.", ".com", "#",
        "x", "A", "Z", "9X", "'s", "on", "zip", "born", "\u{a0}", "\u{2013}", "ID", "no.", "serial", "plate", "1EG4",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..3000)
        .map(|_| {
            let len = (next() % 40) as usize;
            (0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect()
        })
        .collect()
}

/// Generated texts, the clean and planted corpus and the gate extras.
fn every_text() -> Vec<String> {
    let mut texts: Vec<String> = generated_texts();
    texts.extend(CLEAN.iter().map(|c| c.0.to_string()));
    texts.extend(PLANTED.iter().map(|c| c.0.to_string()));
    texts.extend(GATE_EXTRAS.iter().map(|t| t.to_string()));
    texts
}

#[test]
fn cheap_gates_never_change_the_findings() {
    // The prefilters (digit/"@" checks, the RegexSet, literal checks) only skip detectors that
    // cannot match; running every detector on every text must give the same findings.
    let texts = every_text();
    let public = practice();
    for text in &texts {
        for patient in [false, true] {
            let ctx = super::detect::Ctx { patient, exempt_public: !patient, public: &public };
            let mut ungated = Vec::new();
            super::detect::run_ungated(text, &ctx, &mut ungated);
            let ungated = super::resolve(ungated);
            let gated = Scanner::new().scan(text, patient, &public);
            assert_eq!(gated, ungated, "{text:?} patient={patient}");
        }
    }
    // And the extras are all found.
    for text in GATE_EXTRAS {
        assert!(!scan(text, true).is_empty(), "{text:?}");
    }
}

#[test]
fn cheap_pattern_forms_never_change_the_findings() {
    // The ASCII form and the gate of each pattern (see `lazy`) must find what the pattern finds:
    // over ASCII text, text with curly quotes and dashes, and text with accented names.
    let mut texts = every_text();
    let variants: Vec<String> = texts
        .iter()
        .flat_map(|t| {
            [
                t.replace('\'', "’").replace(" - ", " — "),
                format!("{t} Signed, Zoë Núñez"),
                t.replace("Maria", "María").replace("Jose", "José").replace("Bo", "Bö"),
            ]
        })
        .collect();
    texts.extend(variants);
    let public = practice();
    let scanner = Scanner::new();
    for text in &texts {
        for patient in [false, true] {
            let cheap = scanner.scan(text, patient, &public);
            let full = crate::lazy_regex::with_full_patterns(|| scanner.scan(text, patient, &public));
            assert_eq!(cheap, full, "{text:?} patient={patient}");
        }
    }
}

#[test]
fn arbitrary_text_never_panics_and_ranges_are_valid() {
    let scanner = Scanner::new();
    let public = Public::default();
    for text in generated_texts() {
        for patient in [false, true] {
            let found = scanner.scan(&text, patient, &public);
            for w in found.windows(2) {
                assert!(w[0].range.end <= w[1].range.start, "overlap in {text:?}");
            }
            for m in &found {
                assert!(text.get(m.range.clone()).is_some(), "bad range in {text:?}");
                let matched = m.text(&text);
                assert_ne!(mask(m.family, matched), matched);
            }
        }
    }
}

#[test]
fn combined_text_finds_every_planted_identifier() {
    // Identifiers side by side in one segment must not hide one another.
    let text = PLANTED.iter().filter(|p| p.1).map(|p| p.0).collect::<Vec<_>>().join(" ");
    let found = scan(&text, true);
    for &(sentence, patient, family, expected) in PLANTED {
        if patient {
            let offset = text.find(sentence).unwrap_or(0);
            assert!(
                found.iter().any(|m| m.family == family && m.range.start >= offset && m.text(&text) == expected),
                "{expected:?} ({family:?}) not found in the combined text"
            );
        }
    }
}

fn practice() -> Public {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    Public::new(
        &s(&["(570) 555-0100", "+1 570 555 0101"]),
        &s(&["Office@HeartPractice.com"]),
        &s(&["Priya Chen", "Marcus Webb"]),
        &s(&["200 Main Street, Suite 4, Scranton, PA 18503"]),
        &s(&["18503"]),
        &s(&["https://www.heartpractice.com/"]),
    )
    .with_identifiers(&s(&["MD-44812", "1234567893"]))
    .with_cities(&s(&["Scranton"]))
}

#[test]
fn public_details_are_exempt_outside_patient_content_only() {
    let scanner = Scanner::new();
    let public = practice();
    let cases: &[(&str, Family, &str)] = &[
        ("Call our office at 570-555-0100 for appointments.", Family::Phone, "570-555-0100"),
        ("Our main line is +1 (570) 555-0100.", Family::Phone, "+1 (570) 555-0100"),
        ("Send referrals by fax to 570.555.0101 before noon.", Family::Fax, "570.555.0101"),
        ("Questions? Write to office@heartpractice.com.", Family::Email, "office@heartpractice.com"),
        ("Or email billing@heartpractice.com about your bill.", Family::Email, "billing@heartpractice.com"),
        ("Visit us at 200 Main St today.", Family::Address, "200 Main St"),
        ("We are in Scranton, PA 18503 near the river.", Family::Zip, "18503"),
        ("Book online at https://www.heartpractice.com/book today.", Family::Url, "https://www.heartpractice.com/book"),
        ("Mrs. Chen answers the phones.", Family::Name, "Chen"),
        ("License no. MD-44812 is on file with the board.", Family::License, "MD-44812"),
    ];
    for &(text, family, expected) in cases {
        let article = scanner.scan(text, false, &public);
        assert!(article.is_empty(), "article {text:?}: [{}]", describe(text, &article));
        let review = scanner.scan(text, true, &public);
        assert!(
            review.len() == 1 && review[0].family == family && review[0].text(text) == expected,
            "review {text:?}: expected {family:?} {expected:?}, got [{}]",
            describe(text, &review)
        );
    }
}

#[test]
fn public_details_do_not_hide_other_identifiers() {
    let scanner = Scanner::new();
    let public = practice();
    let text = "Call 570-555-0100, not my cell 570-555-0177.";
    let found = scanner.scan(text, false, &public);
    assert_eq!(found.len(), 1, "{}", describe(text, &found));
    assert_eq!(found[0].text(text), "570-555-0177");
    // A public name only exempts itself: another surname after an honorific is still a name.
    let text = "Mrs. Webster came in with Marcus Webb.";
    let found = scanner.scan(text, false, &public);
    assert_eq!(describe(text, &found), "Name \"Webster\"");
}

#[test]
fn practice_phone_in_an_article_is_not_a_finding_but_is_in_a_review() {
    let scanner = Scanner::new();
    let public = practice();
    let text = "For appointments call (570) 555-0100.";
    assert!(scanner.scan(text, false, &public).is_empty());
    let review = scanner.scan(text, true, &public);
    assert_eq!(review.len(), 1);
    assert_eq!(review[0].family, Family::Phone);
}

#[test]
fn toll_free_numbers_are_exempt_outside_patient_content() {
    let text = "Call the helpline at 1-800-273-8255 any time.";
    assert!(scan(text, false).is_empty());
    assert_eq!(describe(text, &scan(text, true)), "Phone \"1-800-273-8255\"");
}

#[test]
fn kinship_first_names_are_reported_only_in_patient_content() {
    let text = "I live in town with my wife Sarah and our two kids.";
    assert!(scan(text, false).is_empty());
    assert_eq!(describe(text, &scan(text, true)), "Name \"Sarah\"");
}

#[test]
fn month_day_without_year_is_reported_only_in_patient_content() {
    let text = "The support group meets on March 14 at the library.";
    assert!(scan(text, false).is_empty());
    assert_eq!(describe(text, &scan(text, true)), "Date \"March 14\"");
}

#[test]
fn impossible_dates_are_not_dates() {
    for text in
        ["Seen on 2/30/2024.", "Seen on 2/29/2023.", "Seen on 13/13/2024.", "Seen 2023-02-29.", "On February 30, 2024."]
    {
        assert!(scan(text, true).is_empty(), "{text:?}: {}", describe(text, &scan(text, true)));
    }
    assert_eq!(describe("Seen 2000-02-29.", &scan("Seen 2000-02-29.", false)), "Date \"2000-02-29\"");
}

#[test]
fn invalid_ssns_and_ips_are_ignored() {
    for text in [
        "SSN 000-12-3456",
        "SSN 666-12-3456",
        "SSN 912-34-5678",
        "SSN 123-00-4567",
        "SSN 123-45-0000",
        "SSN 123-45-6789",
    ] {
        assert!(scan(text, true).is_empty(), "{text:?}: {}", describe(text, &scan(text, true)));
    }
    for text in ["From 256.1.1.1 on.", "From 1.2.3.4.5 on.", "Firmware v 10.0.0.1 shipped."] {
        assert!(scan(text, true).is_empty(), "{text:?}: {}", describe(text, &scan(text, true)));
    }
}

#[test]
fn fax_and_phone_in_one_line_are_told_apart() {
    let text = "Phone: 570-555-0120, Fax: 570-555-0121";
    assert_eq!(describe(text, &scan(text, true)), "Phone \"570-555-0120\", Fax \"570-555-0121\"");
}

#[test]
fn masks_keep_shape_and_hide_the_identifier() {
    assert_eq!(mask(Family::Phone, "555-201-3344"), "555-***-****");
    assert_eq!(mask(Family::Fax, "(570) 555-0199"), "(570) ***-****");
    assert_eq!(mask(Family::Phone, "+1 212.555.7890"), "+1 212.***.****");
    assert_eq!(mask(Family::Email, "maria@x.com"), "m****@x.com");
    assert_eq!(mask(Family::Name, "Maria Rodriguez"), "M**** R.");
    assert_eq!(mask(Family::Name, "Robert"), "R*****");
    assert_eq!(mask(Family::Date, "03/14/2024"), "**/**/2024");
    assert_eq!(mask(Family::Date, "2024-03-14"), "2024-**-**");
    assert_eq!(mask(Family::Date, "March 3rd, 2024"), "***** ***, 2024");
    assert_eq!(mask(Family::Ssn, "219-09-9999"), "***-**-****");
    assert_eq!(mask(Family::Zip, "18512-3344"), "185**-****");
    assert_eq!(mask(Family::Age, "92-year-old"), "**-year-old");
    assert_eq!(mask(Family::Ip, "192.168.1.10"), "192.***.*.**");
    assert_eq!(mask(Family::Url, "https://mariasblog.com/heart"), "https://**********.com/*****");
    assert_eq!(mask(Family::Mrn, "00482913"), "00******");
    assert_eq!(mask(Family::Address, "123 Maple Street"), "*** M**** S*****");
    assert_eq!(mask(Family::Age, "nonagenarian"), "n***********");
}

#[test]
fn masks_never_return_the_identifier() {
    for &(text, patient, _, _) in PLANTED {
        for m in scan(text, patient) {
            let matched = m.text(text);
            let masked = mask(m.family, matched);
            assert_ne!(masked, matched, "{:?} {matched:?}", m.family);
            assert!(masked.contains('*'), "{masked:?}");
        }
    }
    for family in Family::ALL {
        for s in ["a", "1", "x y", "----", "Ab"] {
            assert_ne!(mask(family, s), s, "{family:?} {s:?}");
        }
    }
}

#[test]
fn families_have_rules_and_labels() {
    assert_eq!(Family::Phone.rule(), "phi/phone");
    assert_eq!(Family::Phone.label(), "telephone number");
    let mut rules: Vec<&str> = Family::ALL.iter().map(|f| f.rule()).collect();
    rules.sort_unstable();
    rules.dedup();
    assert_eq!(rules.len(), 18);
    assert!(Family::ALL.iter().all(|f| f.rule().starts_with("phi/") && !f.label().is_empty()));
}

// ---- validators -----------------------------------------------------------------------------

#[test]
fn ssn_rules() {
    assert!(ssn_valid("219-09-9999"));
    assert!(ssn_valid("219099999"));
    assert!(!ssn_valid("000-12-3456"), "area 000");
    assert!(!ssn_valid("666-12-3456"), "area 666");
    assert!(!ssn_valid("900-12-3456"), "area 9xx");
    assert!(!ssn_valid("219-00-9999"), "group 00");
    assert!(!ssn_valid("219-09-0000"), "serial 0000");
    assert!(!ssn_valid("111-11-1111"), "repeated digit");
    assert!(!ssn_valid("123-45-6789"), "published sample");
    assert!(!ssn_valid("078-05-1120"), "published sample");
    assert!(!ssn_valid("21909999"), "too short");
}

#[test]
fn vin_check_digit() {
    assert!(vin_valid("1M8GDM9AXKP042788"));
    assert!(vin_valid("1HGCM82633A004352"));
    assert!(!vin_valid("1M8GDM9A1KP042788"), "wrong check digit");
    assert!(!vin_valid("1M8GDM9AXKP04278"), "16 characters");
    assert!(!vin_valid("1M8GDM9AXKPO42788"), "letter O is never used");
    assert!(!vin_valid("11111111111111111"), "digits only");
}

#[test]
fn ipv4_octets() {
    assert!(ipv4_valid("192.168.1.10"));
    assert!(ipv4_valid("0.0.0.0"));
    assert!(ipv4_valid("255.255.255.255"));
    assert!(!ipv4_valid("256.1.1.1"));
    assert!(!ipv4_valid("1.2.3"));
    assert!(!ipv4_valid("1.2.3.4.5"));
    assert!(!ipv4_valid("01.2.3.4"), "leading zero");
    assert!(ipv6_valid("2001:db8::1"));
    assert!(ipv6_valid("2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
    assert!(!ipv6_valid("10:30:00"));
    assert!(!ipv6_valid("1:2:3"));
}

#[test]
fn calendar_dates() {
    assert!(date_valid(Some(2024), 2, 29), "2024 is a leap year");
    assert!(!date_valid(Some(2023), 2, 29));
    assert!(!date_valid(Some(1900), 2, 29), "century years are not leap years");
    assert!(date_valid(Some(2000), 2, 29), "unless divisible by 400");
    assert!(date_valid(None, 2, 29), "Feb 29 without a year exists in some year");
    assert!(date_valid(Some(24), 2, 29), "two-digit year read as 2024");
    assert!(!date_valid(Some(2024), 4, 31));
    assert!(date_valid(Some(2024), 12, 31));
    assert!(!date_valid(Some(2024), 13, 1));
    assert!(!date_valid(Some(2024), 1, 0));
    assert!(is_leap_year(2400) && !is_leap_year(2100));
    assert_eq!(month_number("Sept."), Some(9));
    assert_eq!(month_number("march"), Some(3));
    assert_eq!(month_number("Ma"), None);
}

#[test]
fn phone_and_number_checks() {
    assert!(nanp_valid("570", "555"));
    assert!(!nanp_valid("123", "555"), "area starts with 1");
    assert!(!nanp_valid("570", "055"), "exchange starts with 0");
    assert!(!nanp_valid("911", "555"), "N11 code");
    assert_eq!(national_digits("+1 (570) 555-0100"), "5705550100");
    assert_eq!(national_digits("570.555.0100"), "5705550100");
    assert!(luhn_valid("4111111111111111"));
    assert!(!luhn_valid("4111111111111112"));
    assert!(npi_valid("1234567893"));
    assert!(!npi_valid("1234567890"));
    assert!(dea_valid("AB1234563"));
    assert!(!dea_valid("AB1234564"));
}

#[test]
fn review_file_names_that_name_a_person_in_any_order_or_form() {
    use crate::check::phi::slug_names_a_person;
    for named in [
        "maria-gonzalez",
        "gonzalez-maria",
        "m-gonzalez",
        "MariaGonzalez",
        "mgonzalez",
        "gonzalez",
        "tom_becker",
        "thanks-from-the-delgado-family",
    ] {
        assert!(slug_names_a_person(named, &[]), "{named}");
    }
    for plain in [
        "m-r",
        "review-0007",
        "auth-2026-001",
        "cardiac-rehab-encouragement",
        "heart-failure-clinic",
        "rhythm-clinic-follow-up",
        "stress-test-day",
        "survey-feedback",
        "took-time-to-explain",
        "wait-times",
        "friendly-care",
        "great-doctor",
        "kind-nurses-and-short-wait",
        "calm-under-pressure",
        "park-view-visit",
        "best-visit-ever",
        "a-b",
        "maria-r",
    ] {
        assert!(!slug_names_a_person(plain, &[]), "{plain}");
    }
    // The practice's own clinicians are public.
    let public = ["Dr. Chidi Okafor"];
    assert!(!slug_names_a_person("okafor-listened", &public));
    assert!(slug_names_a_person("maria-gonzalez-thanks-okafor", &public));
}
