//! Disclaimers: the configured text for a page's kind, rendered with a stable `data-disclaimer`
//! attribute, and injected into any page whose template left it out.

use std::collections::BTreeMap;

use crate::markdown::escape_html;

/// The disclaimer key a page kind uses: its own if configured, else `default`.
pub fn key_for<'a>(disclaimers: &BTreeMap<String, String>, kind: &'a str) -> Option<&'a str> {
    if disclaimers.contains_key(kind) {
        Some(kind)
    } else if disclaimers.contains_key("default") {
        Some("default")
    } else {
        None
    }
}

/// The disclaimer as HTML. An `<aside>` is a landmark, and a page can carry two (the home page
/// shows reviews, so it has its own and the reviews'): each is named, so that a screen reader's
/// list of landmarks tells them apart (WCAG 1.3.1, 2.4.1).
pub fn html(key: &str, text: &str) -> String {
    let label = if key == "review" { "About reviews" } else { "Disclaimer" };
    format!(
        "<aside class=\"disclaimer\" data-disclaimer=\"{key}\" aria-label=\"{label}\"><p>{}</p></aside>",
        escape_html(text)
    )
}

/// Makes sure `page` contains the disclaimer: inserts it before `</main>`, else before `</body>`.
/// Returns `false` when the page has neither, so it cannot carry the disclaimer. Only the whole
/// rendered disclaimer counts as present: a bare `data-disclaimer` attribute in content does not.
pub fn ensure(page: &mut String, key: &str, text: &str) -> bool {
    let disclaimer = html(key, text);
    if page.contains(&disclaimer) {
        return true;
    }
    let Some(at) = page.rfind("</main>").or_else(|| page.rfind("</body>")) else {
        return false;
    };
    page.insert_str(at, &disclaimer);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_default() {
        let map = BTreeMap::from([("default".to_string(), "d".to_string()), ("article".to_string(), "a".to_string())]);
        assert_eq!(key_for(&map, "article"), Some("article"));
        assert_eq!(key_for(&map, "team"), Some("default"));
        assert_eq!(key_for(&BTreeMap::new(), "team"), None);
    }

    #[test]
    fn injects_before_main_or_body_and_escapes() {
        let mut page = "<body><main><p>x</p></main></body>".to_string();
        assert!(ensure(&mut page, "article", "Not advice & more"));
        assert_eq!(
            page,
            "<body><main><p>x</p><aside class=\"disclaimer\" data-disclaimer=\"article\" aria-label=\"Disclaimer\"><p>Not advice &amp; more</p></aside></main></body>"
        );
        let mut no_main = "<body>x</body>".to_string();
        assert!(ensure(&mut no_main, "page", "t"));
        assert!(no_main.ends_with("</aside></body>"));
        let mut present = html("page", "t");
        assert!(ensure(&mut present, "page", "t"));
        assert_eq!(present, html("page", "t"));
        let mut faked = "<main><div data-disclaimer=\"page\"></div></main>".to_string();
        assert!(ensure(&mut faked, "page", "t"));
        assert!(faked.contains(&html("page", "t")), "a bare marker does not count: {faked}");
        assert!(html("review", "t").contains("aria-label=\"About reviews\""));
        let mut fragment = "<p>no landmarks</p>".to_string();
        assert!(!ensure(&mut fragment, "page", "t"));
    }
}
