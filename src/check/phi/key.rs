//! The comparison form of words and phrases in the name and place lists. Shared with `build.rs`,
//! which indexes the lists by it, so this file uses nothing but `std` and `deunicode`.

/// The comparison form of a word or phrase: ASCII (diacritics folded), lower case, apostrophes
/// and periods dropped, "saint/mount/fort" written as "st/mt/ft", spaces single.
pub fn key(text: &str) -> String {
    // Most words are plain ASCII letters: the fast path.
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return respelled(text.to_ascii_lowercase());
    }
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut words = Vec::new();
    for word in ascii.split(|c: char| c.is_whitespace() || c == '-') {
        let word = respelled(word.chars().filter(|c| c.is_ascii_alphanumeric()).collect());
        if !word.is_empty() {
            words.push(word);
        }
    }
    words.join(" ")
}

/// A lower-case word as the lists write it: "saint", "mount" and "fort" abbreviated.
fn respelled(word: String) -> String {
    match word.as_str() {
        "saint" => "st".into(),
        "mount" => "mt".into(),
        "fort" => "ft".into(),
        _ => word,
    }
}
