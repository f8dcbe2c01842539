//! Testimonial rules for reviews: the HIPAA marketing authorization (`authorization/*`, 45 CFR
//! 164.508) and the FTC Endorsement Guides (`ftc/*`, 16 CFR 255.2(b), 255.5, 465.5).

use jiff::civil::Date;

use crate::check::claims::Claims;
use crate::diagnostics::{Diagnostic, Span};
use crate::model::Site;
use crate::model::review::Review;

/// Days before expiry at which an authorization starts to warn.
const EXPIRY_WARNING_DAYS: i32 = 60;

/// What a reviewer's display name reveals: `initials`, `first_name` or `full_name`.
pub fn name_form(author: &str) -> &'static str {
    let words: Vec<&str> = author.split_whitespace().collect();
    let is_initial = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
        !letters.is_empty() && letters.len() <= 3 && letters.iter().all(|c| c.is_uppercase()) && w.contains('.')
    };
    if words.iter().all(|w| is_initial(w)) {
        "initials"
    } else if words.len() == 1 || (words.len() == 2 && is_initial(words[1])) {
        "first_name"
    } else {
        "full_name"
    }
}

/// Whether `permitted` covers showing `form` (a wider permission covers narrower forms).
fn permits(permitted: &[String], form: &str) -> bool {
    let rank = |f: &str| match f {
        "initials" => 1,
        "first_name" => 2,
        "full_name" => 3,
        _ => 0,
    };
    permitted.iter().any(|p| rank(p) >= rank(form) && rank(p) > 0)
}

/// Checks every review; returns findings and the slugs of reviews to leave out of the site.
pub fn check(site: &Site, today: Date, claims: &Claims) -> (Vec<Diagnostic>, Vec<String>) {
    let mut findings = Vec::new();
    let mut excluded = Vec::new();
    for review in &site.reviews {
        if authorization(review, today, &mut findings) {
            excluded.push(review.doc.slug.clone());
        }
        disclosures(site, review, claims, &mut findings);
    }
    (findings, excluded)
}

/// Returns whether the review must be left out (revoked or expired).
fn authorization(review: &Review, today: Date, findings: &mut Vec<Diagnostic>) -> bool {
    let file = &review.doc.file;
    let top = Span::new(file, 0..file.text.find('\n').unwrap_or(0));
    let Some(auth) = &review.authorization else {
        findings.push(
            Diagnostic::error("authorization/missing", "a patient review without a recorded HIPAA marketing authorization")
                .at(top, "no [authorization] in this review")
                .help("record the signed authorization: [authorization] id, signed_on, expires_on, channels, permitted_identifiers (45 CFR 164.508); keep the signed form itself out of the repository"),
        );
        return false;
    };
    let whole = Span::new(file, auth.span.clone());
    if auth.revoked {
        findings.push(
            Diagnostic::error(
                "authorization/revoked",
                "the patient revoked this authorization; the review is left out of the site",
            )
            .at(whole, "revoked")
            .help("delete this review file"),
        );
        return true;
    }
    let Some(expires) = &auth.expires_on else {
        findings.push(
            Diagnostic::error("authorization/missing", "the authorization has no expiry date")
                .at(whole, "no expires_on")
                .help("add expires_on = YYYY-MM-DD as written on the signed form (an authorization must state an expiration date or event)"),
        );
        return false;
    };
    if auth.id.as_ref().is_none_or(|id| id.value.trim().is_empty()) || auth.signed_on.is_none() {
        findings.push(
            Diagnostic::error("authorization/missing", "the authorization record is incomplete")
                .at(whole.clone(), "needs id and signed_on")
                .help("record the form's id and the date it was signed"),
        );
    }
    if let Some(signed) = &auth.signed_on {
        // A form signed after today has not been signed yet, and one signed after it expired
        // never authorized anything: both are typing mistakes to correct from the form.
        let problem = if signed.day > today {
            Some(format!("the authorization is dated {}, after today: it has not been signed yet", signed.iso()))
        } else if signed.day > expires.day {
            Some(format!("the authorization is dated {}, after it expires ({})", signed.iso(), expires.iso()))
        } else {
            None
        };
        if let Some(problem) = problem {
            findings.push(
                Diagnostic::error("authorization/missing", problem)
                    .at(Span::new(file, signed.span.clone()), "signed_on")
                    .help("copy the dates from the signed form; publish the review only once the patient has signed"),
            );
        }
    }
    let span = Span::new(file, expires.span.clone());
    if expires.day < today {
        findings.push(
            Diagnostic::error(
                "authorization/expired",
                format!("the authorization expired on {}; the review is left out of the site", expires.iso()),
            )
            .at(span, "expired")
            .help("ask the patient to renew the authorization, or delete the review"),
        );
        return true;
    }
    let days_left = today.until(expires.day).map_or(i32::MAX, |s| s.get_days());
    if days_left <= EXPIRY_WARNING_DAYS {
        findings.push(
            Diagnostic::warning(
                "authorization/expired",
                format!("the authorization expires on {} (in {days_left} days)", expires.iso()),
            )
            .at(span, "expiring soon")
            .help("ask the patient to renew it, or the review will leave the site on that day"),
        );
    }
    // Not recorded: the form's scope is not narrowed here. Recorded, it must name the website
    // (`channels = []` authorizes no channel at all).
    if auth.channels.as_ref().is_some_and(|channels| !channels.iter().any(|c| c == "website")) {
        findings.push(
            Diagnostic::error("authorization/scope", "the authorization does not cover publishing on the website")
                .at(whole.clone(), "channels lacks \"website\"")
                .help("only publish where the patient authorized it; record \"website\" in channels if the form allows it"),
        );
    }
    let permitted: Vec<String> = auth.permitted_identifiers.iter().map(|p| p.value.clone()).collect();
    let form = name_form(&review.author);
    if !permits(&permitted, form) {
        let shown = form.replace('_', " ");
        findings.push(
            Diagnostic::error(
                "authorization/scope",
                format!("the review shows the patient's {shown}, which the authorization does not permit"),
            )
            .at(Span::new(file, review.author.span.clone()), format!("a {shown}"))
            .help(format!(
                "show only what is permitted ({}), e.g. initials like \"J.D.\"",
                if permitted.is_empty() { "nothing listed".to_string() } else { permitted.join(", ") }
            )),
        );
    }
    let has_photo = review.doc.image.is_some() || !review.doc.body_images().is_empty();
    if has_photo && !permitted.iter().any(|p| p == "photo") {
        findings.push(
            Diagnostic::error(
                "authorization/scope",
                "the review shows a photo, which the authorization does not permit",
            )
            .at(whole, "no \"photo\" in permitted_identifiers")
            .help("remove the photo, or record an authorization that permits it"),
        );
    }
    false
}

fn disclosures(site: &Site, review: &Review, claims: &Claims, findings: &mut Vec<Diagnostic>) {
    let file = &review.doc.file;
    let body = review.doc.body_text();
    let expected = review.expected_results.as_ref().filter(|e| says_something(&e.value));
    if expected.is_none()
        && let Some(m) = claims.outcome(body)
    {
        let range = review.doc.body.start + m.start..review.doc.body.start + m.end;
        let finding = match &review.expected_results {
            // Given, but empty or boilerplate: the fix goes there.
            Some(given) => Diagnostic::error(
                "ftc/expected-results",
                "a testimonial that describes an outcome needs the generally expected results, and expected_results says nothing about them",
            )
            .at(Span::new(file, given.span.clone()), "not a disclosure"),
            None => Diagnostic::error("ftc/expected-results", "a testimonial that describes an outcome needs the generally expected results next to it")
                .at(Span::new(file, range), "an outcome"),
        };
        findings.push(finding.help("add expected_results = \"…\" with what patients generally experience (16 CFR 255.2(b)); \"results may vary\" alone is not enough"));
    }
    let disclosed = review.incentive_disclosure.as_ref().is_some_and(|d| says_something(&d.value));
    if review.incentive.value != "none" && !disclosed {
        findings.push(
            Diagnostic::error("ftc/material-connection", format!("the reviewer received an incentive ({}) that is not disclosed", review.incentive.value))
                .at(Span::new(file, review.incentive.span.clone()), "incentive")
                .help("add incentive_disclosure = \"…\" saying what was given (16 CFR 255.5); never condition it on a positive review (465.4)"),
        );
    }
    let insider = matches!(review.relationship.value.as_str(), "employee" | "relative_of_staff");
    if insider && !disclosed {
        findings.push(
            Diagnostic::error("ftc/material-connection", "a review by an insider must disclose the connection")
                .at(Span::new(file, review.relationship.span.clone()), "insider")
                .help("add incentive_disclosure = \"…\" describing the relationship (16 CFR 465.5)"),
        );
    }
    if !insider && let Some(member) = site.team.iter().find(|t| same_person(&review.author, &t.name)) {
        findings.push(
            Diagnostic::error("ftc/material-connection", format!("the review's author matches team member {}", member.name.value))
                .at(Span::new(file, review.author.span.clone()), "matches a team member")
                .help("if the reviewer works here, set relationship = \"employee\" and disclose it; otherwise distinguish the display name"),
        );
    }
}

/// Whether a disclosure says something: not empty, not a placeholder ("n/a", "tbd", "-") and not
/// only "results may vary", which the FTC says discloses nothing (16 CFR 255.2(b)).
fn says_something(disclosure: &str) -> bool {
    let words: Vec<String> = disclosure
        .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '$' && c != '%')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let text = words.join(" ");
    const EMPTY: [&str; 9] = ["", "n/a", "na", "none", "tbd", "tba", "todo", "nothing", "not applicable"];
    let only_varies = [
        "results may vary",
        "individual results may vary",
        "results vary",
        "results will vary",
        "results can vary",
        "your results may vary",
        "results not typical",
        "results are not typical",
    ];
    !EMPTY.contains(&text.as_str()) && !only_varies.contains(&text.as_str())
}

/// Whether a review display name ("Maria R.", "M.R.", "Maria Rossi") could be a team member's name.
fn same_person(author: &str, name: &str) -> bool {
    let author_words: Vec<String> = author.split_whitespace().map(|w| w.trim_matches('.').to_lowercase()).collect();
    let name_words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    if author_words.is_empty() || name_words.len() < 2 {
        return false;
    }
    let initials: String = name_words.iter().filter_map(|w| w.chars().next()).collect();
    let author_letters: String = author.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    match author_words.as_slice() {
        [single] if single.chars().count() <= 3 && name_form(author) == "initials" => author_letters == initials,
        [first, last] if last.chars().count() == 1 => {
            *first == name_words[0] && name_words.last().is_some_and(|l| l.starts_with(last.as_str()))
        }
        _ => author_words == name_words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_boilerplate_disclosures_say_nothing() {
        for nothing in [
            "",
            " ",
            ".",
            "-",
            "N/A",
            "n/a",
            "tbd",
            "None.",
            "Results may vary.",
            "Individual results may vary!",
            "results not typical",
        ] {
            assert!(!says_something(nothing), "{nothing:?}");
        }
        for something in [
            "Most patients walk without pain 6 to 8 weeks after surgery; results vary.",
            "A $20 gift card for any review.",
            "The reviewer works at the front desk.",
            "Gift card",
        ] {
            assert!(says_something(something), "{something:?}");
        }
    }

    #[test]
    fn classifies_display_names() {
        assert_eq!(name_form("J.D."), "initials");
        assert_eq!(name_form("J. D."), "initials");
        assert_eq!(name_form("Maria R."), "first_name");
        assert_eq!(name_form("Maria"), "first_name");
        assert_eq!(name_form("Maria Rossi"), "full_name");
    }

    #[test]
    fn wider_permissions_cover_narrower_forms() {
        assert!(permits(&["full_name".into()], "initials"));
        assert!(permits(&["first_name".into()], "initials"));
        assert!(!permits(&["initials".into()], "first_name"));
        assert!(!permits(&[], "initials"));
    }

    #[test]
    fn matches_team_members() {
        assert!(same_person("Grace W.", "Grace Whitaker"));
        assert!(same_person("G.W.", "Grace Whitaker"));
        assert!(same_person("Grace Whitaker", "Grace Whitaker"));
        assert!(!same_person("Maria R.", "Grace Whitaker"));
        assert!(!same_person("J.D.", "Grace Whitaker"));
    }

    #[test]
    fn outcome_phrases() {
        let claims = Claims::for_site(&Default::default(), &["Dermatology".to_string()]);
        for text in [
            "I was back to running in 3 weeks",
            "now pain-free",
            "I feel like a new person",
            "my scar is practically invisible",
            "I was back at the gym in 2 days",
            "my acne has completely cleared up",
        ] {
            assert!(claims.outcome(text).is_some(), "{text}");
        }
        assert!(claims.outcome("The staff explained everything and the wait was short.").is_none());
        assert!(claims.outcome("I am 10 years younger than my husband.").is_none());
    }
}
