//! Plain pages (`content/pages/*.md`): services, insurance, contact, privacy.

use crate::model::document::Document;
use crate::model::fields::Fields;
use crate::model::notice;
use crate::model::values::{Date, Sp};

/// A plain page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Shared fields and the body.
    pub doc: Document,
    /// Ordering in the menu (lower first).
    pub weight: i64,
    /// Shown in the main navigation.
    pub menu: bool,
    /// The legal notice this page is (`privacy`, `nondiscrimination`, …), shown in every page's
    /// footer and checked by the `notices/*` rules.
    pub notice: Option<Sp<String>>,
    /// When the notice took effect (the Notice of Privacy Practices must say).
    pub effective: Option<Sp<Date>>,
    /// Whether `effective` is written, even if unreadable (then its own finding is enough).
    pub effective_written: bool,
}

/// Reads a page's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<Page> {
    let weight = f.int("weight", -10_000..=10_000).map_or(0, |w| w.value);
    let menu = f.bool("menu").unwrap_or(false);
    let notice = f.choice("notice", &notice::KINDS);
    let effective_written = f.has("effective");
    let effective = f.date("effective");
    Some(Page { doc, weight, menu, notice, effective, effective_written })
}
