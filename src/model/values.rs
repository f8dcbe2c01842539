//! Small value types shared by the content model: spanned values and dates.

use std::ops::Range;

/// A value with the byte range of the file it came from, for findings that point at a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Byte range in the document's file.
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    /// Wraps `value` found at `span`.
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A content date: a calendar day, with the exact instant when one was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The calendar day (what pages show and sitemaps use).
    pub day: jiff::civil::Date,
    /// The instant (midnight UTC for a bare day), used by feeds.
    pub instant: jiff::Timestamp,
}

impl Date {
    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(instant) = text.parse::<jiff::Timestamp>() {
            let day = instant.to_zoned(jiff::tz::TimeZone::UTC).date();
            return Some(Self { day, instant });
        }
        if text.len() != 10 {
            return None;
        }
        let day: jiff::civil::Date = text.parse().ok()?;
        let instant = day.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        Some(Self { day, instant })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        self.day.to_string()
    }

    /// RFC 3339 instant, for feeds and `article:published_time`.
    pub fn rfc3339(&self) -> String {
        self.instant.to_string()
    }

    /// "March 4, 2026", for pages.
    pub fn human(&self) -> String {
        self.day.strftime("%B %-d, %Y").to_string()
    }
}

/// Serializes a URL as its string form (for view models).
pub fn serialize_url<S: serde::Serializer>(url: &url::Url, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(url.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_instants() {
        let d = Date::parse("2026-03-04").unwrap();
        assert_eq!(d.iso(), "2026-03-04");
        assert_eq!(d.rfc3339(), "2026-03-04T00:00:00Z");
        assert_eq!(d.human(), "March 4, 2026");
        let t = Date::parse("2026-03-04T09:30:00-05:00").unwrap();
        assert_eq!(t.rfc3339(), "2026-03-04T14:30:00Z");
        assert_eq!(t.iso(), "2026-03-04");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-3-4").is_none());
        assert!(Date::parse("yesterday").is_none());
    }
}
