//! Notice pages for `whitecoat new notice <kind>` and `init`: each notice the law asks for, with
//! its required elements written out and the facts only the practice and its counsel can supply
//! left as `[PRACTICE TO COMPLETE: …]` placeholders, which fail `check` until filled in. The
//! practice's name, phone and email come from `site.toml` when it has them.

use std::path::Path;

use crate::model::notice::KINDS;

/// The notice pages' templates, by kind.
const TEMPLATES: [(&str, &str); 6] = [
    ("privacy", include_str!("notices/privacy.md")),
    ("nondiscrimination", include_str!("notices/nondiscrimination.md")),
    ("language_assistance", include_str!("notices/language-assistance.md")),
    ("good_faith_estimate", include_str!("notices/good-faith-estimate.md")),
    ("surprise_billing", include_str!("notices/surprise-billing.md")),
    ("accessibility", include_str!("notices/accessibility.md")),
];

/// Taglines from HHS OCR (see `data/notices/README.md`).
const TAGLINES: &str = include_str!("../../data/notices/taglines.tsv");
/// How many taglines the starter notice carries: Section 1557's minimum.
const STARTER_TAGLINES: usize = 15;

/// The notice kind a command-line word names (`good-faith-estimate`, `good_faith_estimate`, `npp`).
pub fn kind(word: &str) -> Option<&'static str> {
    let word = word.trim().to_ascii_lowercase().replace('-', "_");
    let word = match word.as_str() {
        "npp" | "hipaa" | "notice_of_privacy_practices" => "privacy",
        "1557" | "section_1557" => "nondiscrimination",
        "taglines" | "language" => "language_assistance",
        "gfe" => "good_faith_estimate",
        "balance_billing" | "no_surprises" => "surprise_billing",
        other => other,
    };
    KINDS.iter().copied().find(|k| *k == word)
}

/// The kinds, as the command line spells them.
pub fn kinds_for_help() -> String {
    KINDS.iter().map(|k| k.replace('_', "-")).collect::<Vec<_>>().join(", ")
}

/// The file name (without `.md`) of a notice page.
pub fn file_stem(kind: &str) -> String {
    match kind {
        "privacy" => "notice-of-privacy-practices".to_string(),
        other => other.replace('_', "-"),
    }
}

/// The practice's public contact details, as `site.toml` gives them.
#[derive(Debug, Clone)]
pub struct Contact {
    name: String,
    phone: String,
    email: String,
}

impl Contact {
    /// Reads `[practice]` of the site's `site.toml`; what it lacks stays a placeholder.
    pub fn of_site(site: &Path) -> Self {
        let table: toml::Table =
            std::fs::read_to_string(site.join("site.toml")).ok().and_then(|t| t.parse().ok()).unwrap_or_default();
        let practice = table.get("practice").and_then(toml::Value::as_table);
        let field = |key: &str, missing: &str| {
            practice
                .and_then(|p| p.get(key))
                .and_then(toml::Value::as_str)
                .filter(|v| !v.trim().is_empty())
                .map_or_else(|| format!("[PRACTICE TO COMPLETE: {missing}]"), str::to_string)
        };
        Contact {
            name: field("name", "the practice's name"),
            phone: field("phone", "phone number"),
            email: field("email", "email address"),
        }
    }
}

/// The text of a notice page of `kind` for the practice.
pub fn page(kind: &str, contact: &Contact) -> String {
    let template = TEMPLATES.iter().find(|(k, _)| *k == kind).map_or("", |(_, t)| t);
    let taglines: Vec<String> = TAGLINES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (lang, dir, _language, text) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
            let dir = if dir.is_empty() { String::new() } else { format!(" dir=\"{dir}\"") };
            Some(format!("<p lang=\"{lang}\"{dir}>{}</p>", text.replace("{phone}", &contact.phone)))
        })
        .take(STARTER_TAGLINES)
        .collect();
    template
        .replace("{practice}", &contact.name)
        .replace("{phone}", &contact.phone)
        .replace("{email}", &contact.email)
        .replace("{count}", &taglines.len().to_string())
        .replace("{taglines}", &taglines.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template_and_words_for_it() {
        for k in KINDS {
            assert!(TEMPLATES.iter().any(|(t, _)| *t == k), "{k}");
            assert_eq!(kind(&k.replace('_', "-")), Some(k));
        }
        assert_eq!(kind("NPP"), Some("privacy"));
        assert_eq!(kind("cookies"), None);
    }

    #[test]
    fn the_practice_fills_the_template() {
        let contact = Contact {
            name: "Rivera Family Medicine".into(),
            phone: "+1 555 010 3000".into(),
            email: "o@x.example".into(),
        };
        let text = page("language_assistance", &contact);
        assert_eq!(text.matches("<p lang=").count(), 15, "{text}");
        assert!(text.contains("<p lang=\"ar\" dir=\"rtl\">"), "{text}");
        assert!(text.contains("Llame al +1 555 010 3000"), "{text}");
        assert!(!text.contains('{'), "{text}");
    }
}
