//! Plain pages (`content/pages/*.md`): services, insurance, contact, privacy.

use crate::model::document::Document;
use crate::model::fields::Fields;

/// A plain page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Shared fields and the body.
    pub doc: Document,
    /// Ordering in the menu (lower first).
    pub weight: i64,
    /// Shown in the main navigation.
    pub menu: bool,
}

/// Reads a page's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<Page> {
    let weight = f.int("weight", -10_000..=10_000).map_or(0, |w| w.value);
    let menu = f.bool("menu").unwrap_or(false);
    Some(Page { doc, weight, menu })
}
