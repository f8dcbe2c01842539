//! What people who write in a word processor put in front matter, and what to write instead.
//!
//! The TOML and YAML parsers describe a mistake in their own terms ("invalid float, expected
//! `nan`", "found a tab character that violates indentation"). This module recognises the usual
//! mistakes behind those messages — curly quotes, `yes`/`no`, dates written `12/05/2026`, a number
//! with a unit (`5 stars`), text without quotes, a tab in YAML indentation — and says what was
//! typed, why it cannot be read, and the exact line to write instead. Pure functions over text, so
//! every hint is tested without a file.

use std::ops::Range;

/// A clearer finding for a front matter syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What to point at, in bytes of the file.
    pub span: Range<usize>,
    /// The one-line message.
    pub message: String,
    /// The text under the caret.
    pub label: String,
    /// The fix.
    pub help: String,
}

/// The kind of value a field takes, for hints on values of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Int,
    /// A date.
    Date,
}

/// A replacement value, and why the typed one cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The value to write, in the syntax of the front matter (`false`, `2026-12-05`, `5`).
    pub value: String,
    /// Why the typed value is wrong, as a clause ("a yes/no field takes `true` or `false`").
    pub why: String,
    /// Anything the writer should know about the replacement (an ambiguous date's other reading).
    pub note: Option<String>,
}

/// Front matter and site.toml keys whose values are numbers.
const NUMBER_KEYS: [&str; 8] =
    ["rating", "weight", "year", "per_page", "feed_limit", "employees", "review_max_age_months", "image_side"];

/// Quote characters word processors substitute for `"` and `'`.
const CURLY: [char; 10] = ['“', '”', '„', '‟', '″', '‘', '’', '‚', '‛', '′'];

/// Explains a TOML syntax error at byte `error_at` of `text`, whose front matter is `front`, when
/// the line it is on shows a known mistake.
pub fn toml_error(text: &str, front: Range<usize>, error_at: usize) -> Option<Hint> {
    let at = error_at.clamp(front.start, front.end.max(front.start));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1).max(front.start);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i).min(front.end.max(line_start));
    let line = text[line_start..line_end].trim_end_matches('\r');
    let (key_part, raw_part) = line.split_once('=')?;
    let key = key_part.trim();
    if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"')) {
        return None;
    }
    let value_start = line_start + key_part.len() + 1 + (raw_part.len() - raw_part.trim_start().len());
    let raw = strip_comment(raw_part.trim());
    if raw.is_empty() {
        return None;
    }
    let value_span = value_start..value_start + raw.len();
    let typed = format!("{key} = {raw}");

    if let Some(offset) = raw.find(CURLY) {
        let straight = straighten(raw);
        let write = format!("{key} = {straight}");
        let quote = raw[offset..].chars().next().unwrap_or('“');
        return Some(Hint {
            span: value_start + offset..value_start + offset + quote.len_utf8(),
            message: format!(
                "`{key}` is written with curly quotes ({quote}), which front matter does not read as quotes"
            ),
            label: "a curly quote, as Word and other editors type them".into(),
            help: format!(
                "use straight quotes: {write}\n(turn off \"smart quotes\" in your editor, or write front matter in a plain-text editor)"
            ),
        });
    }
    // A number with words after it is a mistake only where a number belongs (`rating = 5 stars`);
    // elsewhere it is text without quotes (`title = 2026 Annual Report`).
    let numeric = NUMBER_KEYS.contains(&key);
    let fix = [Expect::Bool, Expect::Date, Expect::Int]
        .into_iter()
        .filter(|e| *e != Expect::Int || numeric)
        .find_map(|expect| value_fix(expect, raw));
    if let Some(fix) = fix {
        let note = fix.note.map(|n| format!(" ({n})")).unwrap_or_default();
        return Some(Hint {
            span: value_span,
            message: format!("`{typed}` cannot be read: {}", fix.why),
            label: "written here".into(),
            help: format!("write {key} = {}{note}", fix.value),
        });
    }
    // Text without quotes: everything that is not a number, a list or a table.
    // (Something starting with a digit is a number or a date gone wrong: the parser's own date
    // help suits it better than quotes.)
    let bare = raw.starts_with(char::is_alphabetic)
        || (!numeric && raw.contains(' ') && !raw.starts_with(['"', '\'', '[', '{']));
    if bare {
        let write = format!("{key} = {}", quote(raw));
        return Some(Hint {
            span: value_span,
            message: format!("the text of `{key}` is not in quotes"),
            label: "text must be in double quotes".into(),
            help: format!("write {write}"),
        });
    }
    None
}

/// Finds a tab in the indentation of a YAML block (`range` of `text`) and explains it; YAML
/// forbids tabs there, and its parser reports them lines later, as something else.
pub fn yaml_tab(text: &str, range: Range<usize>) -> Option<Hint> {
    let mut pos = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            // A tab before a comment or on an empty line is harmless.
            let rest = line[indent..].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Some(Hint {
                    span: pos + tab..pos + tab + 1,
                    message: "tabs are not allowed for indentation in YAML; use spaces".into(),
                    label: "a tab".into(),
                    help: "replace the tab with spaces (two per level, the same number on every line of one level)"
                        .into(),
                });
            }
        }
        pos += line.len();
    }
    None
}

/// What to write instead of `raw` for a field that takes `expect`, when `raw` is a usual mistake
/// for it (`no`, `12/05/2026`, `5 stars`). `raw` may still be in quotes.
pub fn value_fix(expect: Expect, raw: &str) -> Option<Fix> {
    let inner = unquote(raw.trim());
    match expect {
        Expect::Bool => {
            let value = match inner.to_lowercase().as_str() {
                "yes" | "y" | "on" | "true" | "ja" | "oui" | "si" | "sí" => "true",
                "no" | "n" | "off" | "false" | "nein" | "non" => "false",
                _ => return None,
            };
            Some(Fix {
                value: value.into(),
                why: "a yes/no field takes `true` or `false`, lower case and without quotes".into(),
                note: None,
            })
        }
        Expect::Date => {
            let (date, note) = loose_date(inner)?;
            Some(Fix {
                value: date.to_string(),
                why: "dates are written year-month-day, as YYYY-MM-DD".into(),
                note: Some(note),
            })
        }
        Expect::Int => {
            let digits: String = inner.chars().take_while(|c| c.is_ascii_digit()).collect();
            let rest = inner[digits.len()..].trim();
            if digits.is_empty() {
                return None;
            }
            if rest.is_empty() {
                // `weight = "10"`: the number is right, the quotes make it text.
                let quoted = raw.trim().starts_with(['"', '\'']) || raw.trim() == inner;
                return quoted.then(|| Fix {
                    value: inner.to_string(),
                    why: "a number is written without quotes".into(),
                    note: None,
                });
            }
            // "5 stars", "5/5", "5★", "4 out of 5": keep the number written first.
            let words = rest.starts_with(|c: char| c.is_alphabetic() || matches!(c, '/' | '★' | '⭐' | '*'));
            let trimmed = digits.trim_start_matches('0');
            let value = if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() };
            words.then(|| Fix {
                value,
                why: "a number is written alone, without words or symbols after it".into(),
                note: None,
            })
        }
    }
}

/// Reads the ways people write dates (`12/05/2026`, `05.12.2026`, `2026/12/5`, `December 5, 2026`,
/// `5 Dec 2026`) and returns the date with a note saying how it was read.
pub fn loose_date(text: &str) -> Option<(jiff::civil::Date, String)> {
    let text = text.trim();
    let tokens: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let human = |d: jiff::civil::Date| d.strftime("%B %-d, %Y").to_string();
    let make = |y: i64, m: i64, d: i64| -> Option<jiff::civil::Date> {
        jiff::civil::Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
    };
    let year = |t: &str| -> Option<i64> {
        let n: i64 = t.parse().ok()?;
        match t.len() {
            4 => Some(n),
            2 => Some(2000 + n),
            _ => None,
        }
    };
    if tokens.len() != 3 {
        return None;
    }
    // A month written as a word.
    if let Some(month_at) = tokens.iter().position(|t| month(t).is_some()) {
        let m = month(tokens[month_at])?;
        let others: Vec<&str> = tokens.iter().enumerate().filter(|(i, _)| *i != month_at).map(|(_, t)| *t).collect();
        let day_of = |t: &str| t.trim_end_matches(|c: char| c.is_alphabetic()).parse::<i64>().ok().filter(|d| *d <= 31);
        let (d, y) = match (others[0].len(), others[1].len()) {
            (4, _) => (day_of(others[1])?, year(others[0])?),
            _ => (day_of(others[0])?, year(others[1])?),
        };
        let date = make(y, m, d)?;
        return Some((date, format!("read as {}", human(date))));
    }
    let numbers: Vec<i64> = tokens.iter().map(|t| t.parse().ok()).collect::<Option<_>>()?;
    if tokens[0].len() == 4 {
        let date = make(numbers[0], numbers[1], numbers[2])?;
        return Some((date, format!("read as {}", human(date))));
    }
    let y = year(tokens[2])?;
    let (a, b) = (numbers[0], numbers[1]);
    // Dots are the European way (day first); slashes and hyphens the US way (month first).
    let day_first = text.contains('.');
    let (m, d) = if a > 12 {
        (b, a)
    } else if b > 12 {
        (a, b)
    } else if day_first {
        (b, a)
    } else {
        (a, b)
    };
    let date = make(y, m, d)?;
    let other = if a != b && a <= 12 && b <= 12 { make(y, d, m) } else { None };
    let note = match other {
        Some(other) => format!("read as {}; if you meant {}, write {other}", human(date), human(other)),
        None => format!("read as {}", human(date)),
    };
    Some((date, note))
}

/// The month a word names (English), 1–12.
fn month(word: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&word) || (word == "sept" && *m == "september")).map(|i| i as i64 + 1)
}

/// `raw` without a trailing `# comment` outside quotes.
fn strip_comment(raw: &str) -> &str {
    let mut quote = None;
    for (i, c) in raw.char_indices() {
        match (quote, c) {
            (None, '"' | '\'' | '“' | '‘') => quote = Some(c),
            (Some('"'), '"') | (Some('\''), '\'') | (Some('“'), '”' | '“') | (Some('‘'), '’' | '‘') => {
                quote = None
            }
            (None, '#') => return raw[..i].trim_end(),
            _ => {}
        }
    }
    raw
}

/// `raw` without one pair of surrounding quotes, straight or curly.
fn unquote(raw: &str) -> &str {
    let mut chars = raw.chars();
    match (chars.next(), chars.next_back()) {
        (Some(a), Some(b))
            if (a == '"' || a == '\'' || CURLY.contains(&a)) && (b == '"' || b == '\'' || CURLY.contains(&b)) =>
        {
            &raw[a.len_utf8()..raw.len() - b.len_utf8()]
        }
        _ => raw,
    }
}

/// A value with its curly quotes made straight: a quoted text becomes one TOML string (its inner
/// apostrophes kept), a list of quoted texts a list of strings.
fn straighten(raw: &str) -> String {
    if raw.starts_with('[') {
        let items: Vec<String> = raw
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .map(|item| item.trim())
            .filter(|item| !item.is_empty())
            .map(|item| quote(unquote(item)))
            .collect();
        return format!("[{}]", items.join(", "));
    }
    quote(unquote(raw))
}

/// `text` as a TOML basic string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(front: &str) -> Hint {
        let text = format!("+++\n{front}\n+++\n");
        let error_at = 4 + front.find('=').unwrap() + 2;
        toml_error(&text, 4..4 + front.len() + 1, error_at).expect("a hint")
    }

    #[test]
    fn curly_quotes_become_straight() {
        let h = hint("title = “Don’t skip breakfast”");
        assert!(h.help.contains("title = \"Don’t skip breakfast\""), "{h:?}");
        assert_eq!(h.span, 12..15);
        assert!(hint("title = ‘Heart’").help.contains("title = \"Heart\""));
        assert!(hint("tags = [“heart”, “diet”]").help.contains("tags = [\"heart\", \"diet\"]"));
    }

    #[test]
    fn yes_no_dates_and_units() {
        assert_eq!(hint("draft = no").help, "write draft = false");
        assert_eq!(hint("draft = Yes").help, "write draft = true");
        assert_eq!(hint("draft = True").help, "write draft = true");
        assert!(hint("date = 12/05/2026").help.starts_with(
            "write date = 2026-12-05 (read as December 5, 2026; if you meant May 12, 2026, write 2026-05-12)"
        ));
        assert!(hint("date = 25/12/2026").help.starts_with("write date = 2026-12-25 (read as December 25, 2026)"));
        assert!(hint("date = 05.12.2026").help.starts_with("write date = 2026-12-05"));
        assert!(hint("date = December 5, 2026").help.starts_with("write date = 2026-12-05"));
        assert!(hint("date = 5 Dec 2026").help.starts_with("write date = 2026-12-05"));
        assert!(hint("date = 2026/12/5").help.starts_with("write date = 2026-12-05"));
        assert_eq!(hint("rating = 5 stars").help, "write rating = 5");
        assert_eq!(hint("rating = 4/5").help, "write rating = 4");
        assert_eq!(hint("description = Heart health basics").help, "write description = \"Heart health basics\"");
        assert_eq!(hint("title = 2026 Annual Report").help, "write title = \"2026 Annual Report\"");
        assert!(hint("date = 2026-5-12").help.starts_with("write date = 2026-05-12"));
    }

    #[test]
    fn values_of_the_wrong_type() {
        assert_eq!(value_fix(Expect::Bool, "\"no\"").unwrap().value, "false");
        assert_eq!(value_fix(Expect::Date, "12/05/2026").unwrap().value, "2026-12-05");
        assert!(value_fix(Expect::Date, "31/02/2026").is_none());
        assert!(value_fix(Expect::Int, "five").is_none());
        assert_eq!(value_fix(Expect::Int, "10").unwrap().value, "10");
        assert!(value_fix(Expect::Bool, "maybe").is_none());
    }

    #[test]
    fn yaml_tabs_are_found_where_they_are() {
        let text = "---\ntitle: A\nextra:\n\tcolor: red\n---\n";
        let h = yaml_tab(text, 4..text.len() - 4).unwrap();
        assert_eq!(&text[h.span.clone()], "\t");
        assert_eq!(h.span.start, 20);
        assert!(yaml_tab("---\ntitle:\tA\n", 4..13).is_none());
    }
}
