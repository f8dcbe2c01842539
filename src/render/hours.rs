//! Opening hours as a patient reads them: the schema.org form in site.toml (`Mo-Th 08:00-17:00`)
//! becomes "Mon–Thu" and "8:00 a.m.–5:00 p.m." where the site's language uses a 12-hour clock
//! (American English), or "08:00–17:00" where it uses a 24-hour one.

use serde::Serialize;

/// One line of opening hours, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub struct HoursLine {
    /// Days ("Mon–Thu", "Tue, Thu").
    pub days: String,
    /// Times ("8:00 a.m.–5:00 p.m.").
    pub times: String,
}

/// Languages (BCP 47) whose usual clock is 12-hour, from CLDR's preferred hour cycle (`h`) for
/// the regions where whitecoat's practices are; a bare `en` means American English.
const TWELVE_HOUR: [&str; 9] = ["en", "en-us", "en-ca", "en-au", "en-nz", "en-in", "en-ph", "es-us", "es-mx"];

/// Whether `language` shows times on a 12-hour clock.
pub fn twelve_hour(language: &str) -> bool {
    TWELVE_HOUR.contains(&language.trim().to_ascii_lowercase().as_str())
}

/// `line` (schema.org form) for people; `None` if it is not in that form.
pub fn display(line: &str, language: &str) -> Option<HoursLine> {
    let (days, times) = line.trim().split_once(' ')?;
    let (opens, closes) = times.trim().split_once('-')?;
    let twelve = twelve_hour(language);
    let time = |t: &str| -> Option<String> {
        let time = jiff::civil::Time::strptime("%H:%M", t).ok()?;
        Some(if twelve {
            let hour = match time.hour() % 12 {
                0 => 12,
                h => h,
            };
            let period = if time.hour() < 12 { "a.m." } else { "p.m." };
            format!("{hour}:{:02} {period}", time.minute())
        } else {
            format!("{:02}:{:02}", time.hour(), time.minute())
        })
    };
    let day = |code: &str| -> Option<&'static str> { crate::render::jsonld::day_name(code).map(|name| &name[..3]) };
    let mut shown = Vec::new();
    for part in days.split(',') {
        shown.push(match part.split_once('-') {
            Some((from, to)) => format!("{}–{}", day(from)?, day(to)?),
            None => day(part)?.to_string(),
        });
    }
    Some(HoursLine { days: shown.join(", "), times: format!("{}–{}", time(opens)?, time(closes)?) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn american_english_reads_a_twelve_hour_clock() {
        let line = display("Mo-Th 08:00-17:00", "en-US").expect("valid");
        assert_eq!((line.days.as_str(), line.times.as_str()), ("Mon–Thu", "8:00 a.m.–5:00 p.m."));
        assert_eq!(display("Tu,Th 00:30-12:15", "en").expect("valid").times, "12:30 a.m.–12:15 p.m.");
        assert_eq!(display("Tu,Th 08:00-16:30", "en").expect("valid").days, "Tue, Thu");
    }

    #[test]
    fn other_languages_read_a_twenty_four_hour_clock() {
        assert_eq!(display("Mo-Fr 08:00-17:00", "en-GB").expect("valid").times, "08:00–17:00");
        assert_eq!(display("Mo-Fr 08:00-17:00", "fr").expect("valid").times, "08:00–17:00");
        assert_eq!(display("By appointment", "en"), None);
    }
}
