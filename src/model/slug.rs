//! Slugs: lower-case ASCII words joined by hyphens, from file names or front matter.

/// Turns any text ("Atrial Fibrillation: Café", "inflammatory bowel disease") into a slug.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Whether `text` is already a valid slug (what a `slug = "…"` override must be).
pub fn is_valid(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_titles_and_file_stems() {
        assert_eq!(slugify("Atrial Fibrillation: What To Know"), "atrial-fibrillation-what-to-know");
        assert_eq!(slugify("José Núñez"), "jose-nunez");
        assert_eq!(slugify("  heart--health__2026 "), "heart-health-2026");
        assert_eq!(slugify("inflammatory bowel disease"), "inflammatory-bowel-disease");
    }

    #[test]
    fn validates_slug_overrides() {
        assert!(is_valid("heart-health-2026"));
        assert!(!is_valid("Heart-Health"));
        assert!(!is_valid("heart--health"));
        assert!(!is_valid("-heart"));
        assert!(!is_valid(""));
        assert!(!is_valid("café"));
    }
}
