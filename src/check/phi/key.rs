//! The comparison form of words and phrases in the name and place lists. Shared with `build.rs`,
//! which indexes the lists by it, so this file uses nothing but `std` and `deunicode`.

/// The comparison form of a word or phrase: ASCII (diacritics folded), lower case, apostrophes
/// and periods dropped, "saint/mount/fort" written as "st/mt/ft", spaces single.
pub fn key(text: &str) -> String {
    // Most words are plain ASCII letters: the fast path.
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let lower = text.to_ascii_lowercase();
        return match lower.as_str() {
            "saint" => "st".into(),
            "mount" => "mt".into(),
            "fort" => "ft".into(),
            _ => lower,
        };
    }
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut words = Vec::new();
    for word in ascii.split(|c: char| c.is_whitespace() || c == '-') {
        let word: String = word.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let word = match word.as_str() {
            "saint" => "st".to_string(),
            "mount" => "mt".to_string(),
            "fort" => "ft".to_string(),
            _ => word,
        };
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.join(" ")
}
