//! Diagnostics: what every stage reports about the site, with a rule id, a severity, the exact place
//! in a file and a fix. Stages collect them; the CLI renders them (see [`human`]).

pub mod human;
pub mod machine;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::source::{LineCol, SourceFile};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported; stops the build only when configured to.
    Warning,
}

/// A byte range in a source file.
#[derive(Debug, Clone)]
pub struct Span {
    /// The file the range is in.
    pub file: Arc<SourceFile>,
    /// Byte range in the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span over `range` of `file`.
    pub fn new(file: &Arc<SourceFile>, range: Range<usize>) -> Self {
        Self { file: Arc::clone(file), range }
    }

    /// Line and column where the span starts.
    pub fn start(&self) -> LineCol {
        self.file.line_col(self.range.start)
    }

    /// Line and column where the span ends (exclusive).
    pub fn end(&self) -> LineCol {
        self.file.line_col(self.range.end)
    }

    /// The text the span covers.
    pub fn text(&self) -> &str {
        self.file.text.get(self.range.clone()).unwrap_or("")
    }
}

/// One finding: a rule id, its severity, where, what, and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Stable rule id, `area/name` (e.g. `frontmatter/unknown-key`).
    pub rule: &'static str,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// One-line message.
    pub message: String,
    /// Where it is; `None` for site-wide findings.
    pub span: Option<Span>,
    /// Short text shown under the caret (borrowed when fixed text: sites with thousands of
    /// findings build and copy them on every `serve` rebuild).
    pub label: Cow<'static, str>,
    /// How to fix it.
    pub help: Option<Cow<'static, str>>,
    /// The matched text masked, for findings about an identifier: machine formats show this
    /// instead of the text itself, because CI logs are no place for PHI.
    pub masked: Option<String>,
}

impl Diagnostic {
    /// An error of `rule` with `message`.
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, message)
    }

    /// A warning of `rule` with `message`.
    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Warning, message)
    }

    fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self { rule, severity, message: message.into(), span: None, label: Cow::Borrowed(""), help: None, masked: None }
    }

    /// Points the finding at `span`, with `label` under the caret.
    pub fn at(mut self, span: Span, label: impl Into<Cow<'static, str>>) -> Self {
        self.span = Some(span);
        self.label = label.into();
        self
    }

    /// Adds the fix.
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Records the masked form of the matched identifier.
    pub fn masked(mut self, masked: impl Into<String>) -> Self {
        self.masked = Some(masked.into());
        self
    }

    /// Sets the severity (for rules whose level depends on where the finding is).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Sort key that gives a stable, readable order: by file, then position, then rule.
    fn sort_key(&self) -> (Option<&std::path::Path>, usize, &'static str) {
        match &self.span {
            Some(s) => (Some(s.file.path.as_path()), s.range.start, self.rule),
            None => (None, 0, self.rule),
        }
    }
}

/// Sorts diagnostics into the stable order every output format uses.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // Paths order component by component (`a/b` before `a.b`). Comparing `Path`s does that but
    // slowly, and large sites have thousands of findings: a byte key with the separator mapped
    // below every other byte gives the same order and compares with memcmp.
    diagnostics.sort_by_cached_key(|d| {
        let (path, start, rule) = d.sort_key();
        let path = path.map(|p| {
            let mut key = p.as_os_str().as_encoded_bytes().to_vec();
            key.iter_mut().filter(|b| **b == b'/').for_each(|b| *b = 0);
            key
        });
        (path, start, rule, d.message.clone())
    });
}

/// Counts errors and warnings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn sorts_by_path_components_then_position_then_rule() {
        let at = |path: &str, start: usize, rule: &'static str| {
            let file = Arc::new(SourceFile::new(path, "x".repeat(20)));
            Diagnostic::warning(rule, "m").at(Span::new(&file, start..start + 1), "")
        };
        let mut found =
            vec![at("content/a.md", 0, "r/a"), at("content/a/b.md", 5, "r/b"), at("content/a/b.md", 2, "r/c")];
        found.push(Diagnostic::warning("site/x", "no span"));
        found.push(at("content/a/b.md", 2, "r/a"));
        sort(&mut found);
        let order: Vec<(Option<String>, &str)> =
            found.iter().map(|d| (d.span.as_ref().map(|s| s.file.path.display().to_string()), d.rule)).collect();
        let path = |p: &str| Some(p.to_string());
        assert_eq!(
            order,
            [
                (None, "site/x"),
                (path("content/a/b.md"), "r/a"),
                (path("content/a/b.md"), "r/c"),
                (path("content/a/b.md"), "r/b"),
                (path("content/a.md"), "r/a"),
            ]
        );
    }
}
