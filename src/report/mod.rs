//! `whitecoat report`: one page for the practice's compliance officer. What was checked and what
//! was found, which notices the practice's facts require and where they are, third parties on
//! the pages, patient authorizations that expire within 90 days, articles due for medical
//! re-review, the suppressions in force with their reasons, and the exact build it describes (a
//! hash of every input file, the date it was judged on). Self-contained HTML ([`html`]) or JSON.
//! Like the machine formats of `check`, it never holds a matched identifier, only masked ones.

mod command;
mod gather;
mod html;

pub use command::{ReportError, run};
pub use gather::{Report, gather};
pub use html::html;

/// How far ahead the report looks for authorizations that expire and articles that fall due.
pub const HORIZON_DAYS: i64 = 90;

/// The report as JSON (pretty-printed, stable key order).
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
