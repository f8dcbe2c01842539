//! Human output: rustc-style snippets with a caret and a help line, coloured on a terminal.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Chars, Config, termcolor};

use super::{Diagnostic, Severity};

/// Renders diagnostics as text; `color` adds ANSI colours.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let config = Config { chars: Chars::ascii(), ..Config::default() };
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    for diagnostic in diagnostics {
        render_one(&mut buffer, &config, diagnostic);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// How many warnings of one rule human output shows before it sums up the rest in one line.
pub const SHOWN_PER_RULE: usize = 10;

/// Renders like [`render`], but shows at most `per_rule` warnings of each rule: the rest of a rule
/// become one line at the end ("… and 7,980 more `phi/number` warnings in 2,103 files"). Errors
/// are all shown; machine formats never use this.
pub fn render_capped(diagnostics: &[Diagnostic], color: bool, per_rule: usize) -> String {
    let mut seen: std::collections::BTreeMap<&str, (usize, std::collections::BTreeSet<&std::path::Path>)> =
        Default::default();
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            if d.severity == Severity::Error {
                return true;
            }
            let (count, files) = seen.entry(d.rule).or_default();
            *count += 1;
            if *count <= per_rule {
                return true;
            }
            files.extend(d.span.as_ref().map(|s| s.file.path.as_path()));
            false
        })
        .cloned()
        .collect();
    let mut out = render(&shown, color);
    for (rule, (count, files)) in seen {
        if count > per_rule {
            let more = count - per_rule;
            let in_files = match files.len() {
                0 => String::new(),
                1 => " in 1 file".to_string(),
                n => format!(" in {} files", thousands(n)),
            };
            out.push_str(&format!(
                "warning: … and {} more `{rule}` warning{}{in_files} (`whitecoat check --format json` lists every one)\n",
                thousands(more),
                if more == 1 { "" } else { "s" },
            ));
        }
    }
    out
}

/// `7980` as `7,980`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn render_one(buffer: &mut termcolor::Buffer, config: &Config, d: &Diagnostic) {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut report: Report<()> = Report::new(severity).with_code(d.rule).with_message(&d.message);
    if let Some(help) = &d.help {
        report = report.with_note(format!("help: {help}"));
    }
    let result = match &d.span {
        // A snippet of a line thousands of characters long (minified or hostile input) would
        // bury the message: show where it is without the line.
        Some(span) if line_len(span) > MAX_SNIPPET_LINE => {
            use std::io::Write;
            let at = span.start();
            let _ = writeln!(buffer, "{}[{}]: {}", d.severity.word(), d.rule, d.message);
            let _ = writeln!(buffer, "  --> {}:{}:{}", span.file.path.display(), at.line, at.column);
            let _ = writeln!(buffer, "  = note: the line is {} characters long; not shown", line_len(span));
            if let Some(help) = &d.help {
                let _ = writeln!(buffer, "  = help: {help}");
            }
            let _ = writeln!(buffer);
            Ok(())
        }
        Some(span) => {
            let file = SimpleFile::new(span.file.path.display().to_string(), span.file.text.as_str());
            let report = report.with_label(Label::primary((), span.range.clone()).with_message(&d.label));
            term::emit_to_write_style(buffer, config, &file, &report)
        }
        None => term::emit_to_write_style(buffer, config, &SimpleFile::new("", ""), &report),
    };
    if let Err(e) = result {
        // A span outside its file is a bug in the reporting stage; still show the message.
        use std::io::Write;
        let _ = writeln!(buffer, "{}[{}]: {} ({e})", d.severity.word(), d.rule, d.message);
    }
}

/// Lines longer than this (in bytes) are not shown in snippets.
const MAX_SNIPPET_LINE: usize = 400;

/// The length of the line a span starts on.
fn line_len(span: &super::Span) -> usize {
    let text = &span.file.text;
    let at = span.range.start.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    end - start
}

impl Severity {
    /// The word used in human output.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::source::SourceFile;
    use std::sync::Arc;

    #[test]
    fn repeated_warnings_are_summed_up_per_rule() {
        let files: Vec<Arc<SourceFile>> =
            (0..4).map(|i| Arc::new(SourceFile::new(format!("content/articles/a{i}.md"), "x\n".to_string()))).collect();
        let mut found: Vec<Diagnostic> = (0..12)
            .map(|i| Diagnostic::warning("phi/number", "a number").at(Span::new(&files[i % 4], 0..1), "here"))
            .collect();
        found.push(Diagnostic::error("image/missing", "gone"));
        let out = render_capped(&found, false, 10);
        assert_eq!(out.matches("warning[phi/number]").count(), 10, "{out}");
        assert!(out.contains("error[image/missing]"), "{out}");
        assert!(out.ends_with("warning: … and 2 more `phi/number` warnings in 2 files (`whitecoat check --format json` lists every one)\n"), "{out}");
        assert_eq!(thousands(7980), "7,980");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
