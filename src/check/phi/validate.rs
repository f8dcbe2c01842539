//! Validators that run after a pattern has matched.
//!
//! Regexes find the *shape* of an identifier; these functions decide whether the shape is a real
//! one (a calendar date that exists, an SSN the SSA could have issued, a VIN whose check digit
//! agrees). Rejecting impossible values is the cheapest way to keep false positives down without
//! losing recall on real identifiers (the approach Presidio's `invalidate_result` takes).

use std::net::Ipv6Addr;

/// Keeps only the ASCII digits of `s` ("(555) 201-3344" -> "5552013344").
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Parses a short run of ASCII digits; `None` for anything else (including overflow).
pub fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A US Social Security number the SSA could have issued: 9 digits (separators ignored), area not
/// 000, 666 or 900-999, group not 00, serial not 0000, not one digit repeated, and not one of the
/// widely published sample numbers (123-45-6789, 078-05-1120) that appear in documentation.
pub fn ssn_valid(s: &str) -> bool {
    let d = digits(s);
    if d.len() != 9 {
        return false;
    }
    let (area, group, serial) = (&d[0..3], &d[3..5], &d[5..9]);
    if area == "000" || area == "666" || area.starts_with('9') {
        return false;
    }
    if group == "00" || serial == "0000" {
        return false;
    }
    let first = d.as_bytes()[0];
    if d.bytes().all(|b| b == first) {
        return false;
    }
    !matches!(d.as_str(), "123456789" | "078051120")
}

/// A plausible North American Numbering Plan area code and exchange: neither starts with 0 or 1
/// and neither is an N11 service code (211, 311, … 911), which are never assigned as prefixes.
pub fn nanp_valid(area: &str, exchange: &str) -> bool {
    let ok = |p: &str| {
        let b = p.as_bytes();
        b.len() == 3
            && p.bytes().all(|c| c.is_ascii_digit())
            && (b'2'..=b'9').contains(&b[0])
            && !(b[1] == b'1' && b[2] == b'1')
    };
    ok(area) && ok(exchange)
}

/// Toll-free area codes: these numbers belong to organisations (hotlines, insurers), never to an
/// individual, so outside patient content they are not identifiers.
pub fn toll_free(area: &str) -> bool {
    matches!(area, "800" | "833" | "844" | "855" | "866" | "877" | "888")
}

/// The national (10-digit) form of a NANP number: the digits with a leading country code 1 dropped.
pub fn national_digits(s: &str) -> String {
    let d = digits(s);
    match d.strip_prefix('1') {
        Some(rest) if d.len() == 11 => rest.to_string(),
        _ => d,
    }
}

/// Is `y` a Gregorian leap year?
pub fn is_leap_year(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// Days in month `m` (1-12) of year `y`; with no year February has 29 days, because "Feb 29"
/// without a year is still a real date in some year.
pub fn days_in_month(y: Option<u32>, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match y {
            Some(y) if !is_leap_year(y) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

/// A real calendar date. Two-digit years are read as 20yy (so "2/29/24" is valid, "2/29/23" not).
pub fn date_valid(y: Option<u32>, m: u32, d: u32) -> bool {
    let y = y.map(|y| if y < 100 { 2000 + y } else { y });
    if let Some(y) = y
        && !(1800..=2199).contains(&y)
    {
        return false;
    }
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// The month number of an English month name or its usual abbreviation ("Sept", "Mar").
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let key = lower.get(..3)?;
    let m = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Dotted-quad IPv4 with every octet 0-255 and no leading zeros (leading zeros are how section
/// numbers and versions such as "1.02.3.4" look, not addresses).
pub fn ipv4_valid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && !(p.len() > 1 && p.starts_with('0'))
                && number(p).is_some_and(|n| n <= 255)
        })
}

/// An IPv6 address as the standard library parses it: all eight groups, or "::" compression with
/// at least two groups written out, so clock times and ratios ("10:30:00", "1:2:3") never pass.
pub fn ipv6_valid(s: &str) -> bool {
    let groups = s.split(':').filter(|g| !g.is_empty()).count();
    let compressed = s.contains("::");
    let shape = if compressed { groups >= 2 } else { groups == 8 };
    shape && s.parse::<Ipv6Addr>().is_ok()
}

/// The ISO 3779 check digit (position 9) of a 17-character VIN. The letters I, O and Q never occur.
/// A VIN also needs letters and digits both: 17 digits is just a long number.
pub fn vin_valid(vin: &str) -> bool {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let b = vin.as_bytes();
    if b.len() != 17 || !b.iter().any(u8::is_ascii_digit) || !b.iter().any(u8::is_ascii_uppercase) {
        return false;
    }
    let mut sum = 0;
    for (&c, w) in b.iter().zip(WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A' | b'J' => 1,
            b'B' | b'K' | b'S' => 2,
            b'C' | b'L' | b'T' => 3,
            b'D' | b'M' | b'U' => 4,
            b'E' | b'N' | b'V' => 5,
            b'F' | b'W' => 6,
            b'G' | b'P' | b'X' => 7,
            b'H' | b'Y' => 8,
            b'R' | b'Z' => 9,
            _ => return false,
        };
        sum += v * w;
    }
    let check = match sum % 11 {
        10 => b'X',
        n => b'0' + n as u8,
    };
    b[8] == check
}

/// The Luhn (mod 10) check used by payment cards and NPIs.
pub fn luhn_valid(digits_only: &str) -> bool {
    if digits_only.len() < 2 || !digits_only.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0;
    for (i, b) in digits_only.bytes().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// A National Provider Identifier: 10 digits starting 1 or 2 whose Luhn check passes once the
/// card-issuer prefix 80840 is put in front ("1234567893" passes, "1234567890" does not).
pub fn npi_valid(npi: &str) -> bool {
    npi.len() == 10 && (npi.starts_with('1') || npi.starts_with('2')) && luhn_valid(&format!("80840{npi}"))
}

/// A DEA registration number: two letters and seven digits where
/// (d1 + d3 + d5) + 2 × (d2 + d4 + d6) ends in d7.
pub fn dea_valid(dea: &str) -> bool {
    let b = dea.as_bytes();
    if b.len() != 9 || !b[0].is_ascii_uppercase() || !(b[1].is_ascii_uppercase() || b[1] == b'9') {
        return false;
    }
    let d: Vec<u32> = b[2..].iter().filter(|c| c.is_ascii_digit()).map(|c| u32::from(c - b'0')).collect();
    if d.len() != 7 {
        return false;
    }
    let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    sum % 10 == d[6]
}

/// The current calendar year (UTC), for "born in 1931" style age checks. Falls back to a fixed
/// year if the clock is before 1970, which only a broken machine reports.
pub fn current_year() -> u32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut days = secs / 86_400;
    let mut year = 1970;
    loop {
        let len = if is_leap_year(year) { 366 } else { 365 };
        if days < len {
            return year.max(2025);
        }
        days -= len;
        year += 1;
    }
}
