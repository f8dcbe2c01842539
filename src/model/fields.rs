//! A strict reader over a front-matter or config table: typed getters that report wrong types,
//! missing required fields and unknown keys (with a did-you-mean) as diagnostics, all of them,
//! instead of stopping at the first.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Span};
use crate::load::frontmatter_hints::{Expect, value_fix};
use crate::load::tree::{Entry, Node, Value};
use crate::model::values::{Date, Sp};
use crate::source::SourceFile;

/// Where a reader sends its findings; shared by nested readers.
pub type Sink = RefCell<Vec<Diagnostic>>;

/// A reader over one table.
pub struct Fields<'a> {
    file: &'a Arc<SourceFile>,
    entries: &'a [Entry],
    /// What to point at when a required key is missing.
    anchor: Range<usize>,
    /// "article front matter", "[practice]", … for messages.
    what: String,
    used: Vec<bool>,
    asked: Vec<&'static str>,
    sink: &'a Sink,
    /// YAML front matter: examples in help lines use `key: value`.
    yaml: bool,
    /// Required keys found missing, reported in `finish` unless an unknown key is their typo.
    missing: std::cell::RefCell<Vec<(&'static str, Diagnostic)>>,
}

impl<'a> Fields<'a> {
    /// A reader over `node`, which must be a table; `what` names it in messages.
    pub fn new(
        file: &'a Arc<SourceFile>,
        node: &'a Node,
        anchor: Range<usize>,
        what: impl Into<String>,
        sink: &'a Sink,
    ) -> Self {
        let entries: &[Entry] = match &node.value {
            Value::Table(entries) => entries,
            _ => &[],
        };
        Self {
            file,
            entries,
            anchor,
            what: what.into(),
            used: vec![false; entries.len()],
            asked: Vec::new(),
            sink,
            yaml: false,
            missing: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Marks the table as YAML, so help lines show YAML syntax.
    pub fn yaml(mut self, yaml: bool) -> Self {
        self.yaml = yaml;
        self
    }

    /// How to write `key` with `value` in this table's syntax.
    fn example(&self, key: &str, value: &str) -> String {
        if self.yaml { format!("{key}: {value}") } else { format!("{key} = {value}") }
    }

    /// The range findings about the table as a whole point at.
    pub fn anchor(&self) -> Range<usize> {
        self.anchor.clone()
    }

    /// The file being read.
    pub fn file(&self) -> &'a Arc<SourceFile> {
        self.file
    }

    /// The shared diagnostic sink.
    pub fn sink(&self) -> &'a Sink {
        self.sink
    }

    /// Reports a finding.
    pub fn report(&self, diagnostic: Diagnostic) {
        self.sink.borrow_mut().push(diagnostic);
    }

    /// A span in this reader's file.
    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// Whether `key` is written at all (a placeholder or a wrong type included), without reading it.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    /// Marks `key` as known and returns its entry if present.
    fn take(&mut self, key: &'static str) -> Option<&'a Entry> {
        self.asked.push(key);
        let index = self.entries.iter().position(|e| e.key == key)?;
        self.used[index] = true;
        Some(&self.entries[index])
    }

    /// Declares a key that is read elsewhere (or ignored on purpose) so it is not reported as unknown.
    pub fn allow(&mut self, key: &'static str) -> Option<&'a Node> {
        self.take(key).map(|e| &e.node)
    }

    fn type_error(&self, key: &str, node: &Node, expected: &str, example: &str) {
        self.report(
            Diagnostic::error("frontmatter/type", format!("`{key}` must be {expected}, found {}", node.value.kind()))
                .at(self.span(node.span.clone()), format!("expected {expected}"))
                .help(format!("write it as {example}")),
        );
    }

    /// Reports a text value that is a usual mistake for a value of `expect` (`"no"`, `"5 stars"`,
    /// `"12/05/2026"`) with the exact replacement; false when it is not one.
    fn hinted(&self, key: &str, node: &Node, expect: Expect) -> bool {
        let (Value::Str(text) | Value::Datetime(text)) = &node.value else {
            return false;
        };
        let Some(fix) = value_fix(expect, text) else {
            return false;
        };
        let note = fix.note.map(|n| format!(" ({n})")).unwrap_or_default();
        let typed = self.file.text.get(node.span.clone()).unwrap_or(text);
        self.report(
            Diagnostic::error(
                "frontmatter/type",
                format!("`{}` cannot be read: {}", self.example(key, typed), fix.why),
            )
            .at(self.span(node.span.clone()), "written here")
            .help(format!("write {}{note}", self.example(key, &fix.value))),
        );
        true
    }

    fn missing(&self, key: &'static str, example: &str) {
        let diagnostic =
            Diagnostic::error("frontmatter/required", format!("{} is missing the required field `{key}`", self.what))
                .at(self.span(self.anchor.clone()), format!("`{key}` is required here"))
                .help(format!("add {example}"));
        self.missing.borrow_mut().push((key, diagnostic));
    }

    /// An optional string.
    pub fn str(&mut self, key: &'static str) -> Option<Sp<String>> {
        let entry = self.take(key)?;
        match &entry.node.value {
            Value::Str(s) if super::placeholder::is_placeholder(s) => {
                self.placeholder(key, &entry.node, s);
                None
            }
            Value::Str(s) => Some(Sp::new(s.clone(), entry.node.span.clone())),
            _ => {
                self.type_error(key, &entry.node, "text", &self.example(key, "\"…\""));
                None
            }
        }
    }

    /// Reports a placeholder a scaffold (or a writer) left where a fact belongs.
    fn placeholder(&self, key: &str, node: &Node, value: &str) {
        self.report(
            Diagnostic::error("content/placeholder", format!("`{key}` is still the placeholder `{value}`"))
                .at(self.span(node.span.clone()), "fill this in")
                .help(placeholder_help(key)),
        );
    }

    /// A required string; reports it when missing or empty.
    pub fn req_str(&mut self, key: &'static str) -> Option<Sp<String>> {
        let present = self.entries.iter().any(|e| e.key == key);
        let value = self.str(key);
        if !present {
            self.missing(key, &format!("`{}`", self.example(key, "\"…\"")));
        } else if let Some(v) = &value
            && v.value.trim().is_empty()
        {
            self.report(
                Diagnostic::error("frontmatter/required", format!("`{key}` is empty"))
                    .at(self.span(v.span.clone()), "empty")
                    .help(format!("give `{key}` a value")),
            );
            return None;
        }
        value
    }

    /// An optional boolean.
    pub fn bool(&mut self, key: &'static str) -> Option<bool> {
        let entry = self.take(key)?;
        match entry.node.value {
            Value::Bool(b) => Some(b),
            _ => {
                if self.hinted(key, &entry.node, Expect::Bool) {
                    return None;
                }
                self.type_error(key, &entry.node, "true or false", &self.example(key, "true"));
                None
            }
        }
    }

    /// An optional whole number within `range`.
    pub fn int(&mut self, key: &'static str, range: std::ops::RangeInclusive<i64>) -> Option<Sp<i64>> {
        let entry = self.take(key)?;
        match entry.node.value {
            Value::Int(n) if range.contains(&n) => Some(Sp::new(n, entry.node.span.clone())),
            Value::Int(n) => {
                self.report(
                    Diagnostic::error(
                        "frontmatter/type",
                        format!("`{key}` must be between {} and {}, found {n}", range.start(), range.end()),
                    )
                    .at(self.span(entry.node.span.clone()), "out of range")
                    .help(format!("use a whole number from {} to {}", range.start(), range.end())),
                );
                None
            }
            _ => {
                if self.hinted(key, &entry.node, Expect::Int) {
                    return None;
                }
                let example = (*range.start()).max(1).min(*range.end()).to_string();
                self.type_error(key, &entry.node, "a whole number", &self.example(key, &example));
                None
            }
        }
    }

    /// An optional date (`YYYY-MM-DD` or RFC 3339), written bare in TOML or as a string.
    pub fn date(&mut self, key: &'static str) -> Option<Sp<Date>> {
        let entry = self.take(key)?;
        let text = match &entry.node.value {
            Value::Str(s) if super::placeholder::is_placeholder(s) => {
                self.placeholder(key, &entry.node, s);
                return None;
            }
            Value::Str(s) | Value::Datetime(s) => s,
            _ => {
                self.type_error(key, &entry.node, "a date", &self.example(key, "2025-01-31"));
                return None;
            }
        };
        match Date::parse(text) {
            Some(date) => Some(Sp::new(date, entry.node.span.clone())),
            None if self.hinted(key, &entry.node, Expect::Date) => None,
            None => {
                self.report(
                    Diagnostic::error("frontmatter/type", format!("`{key}` is not a valid date: `{text}`"))
                        .at(self.span(entry.node.span.clone()), "not a date")
                        .help("write dates as YYYY-MM-DD (e.g. 2025-01-31) or RFC 3339 (2025-01-31T09:00:00Z)"),
                );
                None
            }
        }
    }

    /// An optional string that must be one of `choices`.
    pub fn choice(&mut self, key: &'static str, choices: &[&'static str]) -> Option<Sp<String>> {
        let value = self.str(key)?;
        if choices.contains(&value.value.as_str()) {
            return Some(value);
        }
        let lower = value.value.trim().to_lowercase().replace([' ', '-'], "_");
        let suggestion = match choices.iter().find(|c| **c == lower) {
            Some(c) => format!("write {} (lower case, as listed); ", self.example(key, &format!("\"{c}\""))),
            None => did_you_mean(&value.value, choices.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default(),
        };
        self.report(
            Diagnostic::error("frontmatter/type", format!("`{key}` cannot be `{}`", value.value))
                .at(self.span(value.span.clone()), "not one of the allowed values")
                .help(format!("{suggestion}`{key}` is one of: {}", choices.join(", "))),
        );
        None
    }

    /// An optional list of strings (absent means empty).
    pub fn str_list(&mut self, key: &'static str) -> Vec<Sp<String>> {
        let Some(entry) = self.take(key) else {
            return Vec::new();
        };
        let Value::Array(items) = &entry.node.value else {
            self.type_error(key, &entry.node, "a list of text", &self.example(key, "[\"…\", \"…\"]"));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Str(s) => Some(Sp::new(s.clone(), item.span.clone())),
                _ => {
                    self.type_error(key, item, "text", &self.example(key, "[\"…\"]"));
                    None
                }
            })
            .collect()
    }

    /// An optional nested table.
    pub fn table(&mut self, key: &'static str) -> Option<Fields<'a>> {
        let entry = self.take(key)?;
        match &entry.node.value {
            Value::Table(_) => Some(self.child(entry, &entry.node, format!("`{key}`"))),
            _ => {
                self.type_error(key, &entry.node, "a table", &format!("[{key}] with its fields below"));
                None
            }
        }
    }

    /// A list of tables (`[[key]]` in TOML, a sequence of mappings in YAML).
    pub fn table_list(&mut self, key: &'static str) -> Vec<Fields<'a>> {
        let Some(entry) = self.take(key) else {
            return Vec::new();
        };
        let Value::Array(items) = &entry.node.value else {
            self.type_error(key, &entry.node, "a list of tables", &format!("[[{key}]] blocks"));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Table(_) => Some(self.child(entry, item, format!("an entry of `{key}`"))),
                _ => {
                    self.type_error(key, item, "a table", &format!("[[{key}]] blocks"));
                    None
                }
            })
            .collect()
    }

    /// Reads a table whose keys the user chooses (e.g. social networks); every value must be text.
    pub fn open_strings(&self) -> Vec<(String, Sp<String>)> {
        self.entries
            .iter()
            .filter_map(|e| match &e.node.value {
                Value::Str(s) => Some((e.key.clone(), Sp::new(s.clone(), e.node.span.clone()))),
                _ => {
                    self.type_error(&e.key, &e.node, "text", &self.example(&e.key, "\"…\""));
                    None
                }
            })
            .collect()
    }

    /// The raw node of a free-form key (such as `extra`), converted to JSON.
    pub fn free_form(&mut self, key: &'static str) -> Option<serde_json::Value> {
        self.take(key).map(|e| to_json(&e.node))
    }

    fn child(&self, entry: &Entry, node: &'a Node, what: String) -> Fields<'a> {
        // Point missing-field findings at the first line of the table, or its key.
        let anchor = if node.span.is_empty() { entry.key_span.clone() } else { node.span.clone() };
        let line_end = self.file.text[anchor.start..].find('\n').map_or(anchor.end, |n| anchor.start + n);
        let anchor = anchor.start..anchor.end.min(line_end).max(anchor.start);
        Fields::new(self.file, node, anchor, what, self.sink).yaml(self.yaml)
    }

    /// Reports every key that no getter asked for, with a did-you-mean, and every missing required
    /// key that is not explained by such a typo (`titel` is reported once, not also as "no title").
    pub fn finish(self) {
        let mut suggested = Vec::new();
        for (entry, used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let suggestion = did_you_mean(&entry.key, self.asked.iter().copied());
            suggested.extend(suggestion);
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the fields of {} are: {}", self.what, self.asked.join(", ")),
            };
            self.report(
                Diagnostic::error("frontmatter/unknown-key", format!("unknown field `{}` in {}", entry.key, self.what))
                    .at(self.span(entry.key_span.clone()), "unknown field")
                    .help(help),
            );
        }
        for (key, diagnostic) in self.missing.take() {
            if !suggested.contains(&key) {
                self.report(diagnostic);
            }
        }
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Converts a node to JSON for free-form data handed to templates.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Str(s) | Value::Datetime(s) => J::String(s.clone()),
        Value::Array(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Table(entries) => J::Object(entries.iter().map(|e| (e.key.clone(), to_json(&e.node))).collect()),
    }
}

/// What to write in place of a placeholder, by field.
fn placeholder_help(key: &str) -> String {
    match key {
        "signed_on" => "write the date the patient signed the marketing authorization, from the signed form".into(),
        "expires_on" => "write the expiry date or event stated on the signed authorization".into(),
        "id" => "write the id of the signed authorization form in the practice's records".into(),
        "last_reviewed" => "write the date a clinician last reviewed this article for accuracy".into(),
        "reviewer" => {
            "write the slug of the clinician who reviewed this article (`profile` or a team member's file name)".into()
        }
        "author" => {
            "write the reviewer's name exactly as the authorization permits (initials, or first name and last initial)"
                .into()
        }
        "date" => "write the real date, as YYYY-MM-DD with digits".into(),
        _ => format!("replace `{key}` with the real value before publishing; only a person can supply it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "description", "date", "tags"];
        assert_eq!(did_you_mean("titel", keys.iter().copied()), Some("title"));
        assert_eq!(did_you_mean("descripton", keys.iter().copied()), Some("description"));
        assert_eq!(did_you_mean("zebra", keys.iter().copied()), None);
    }
}
