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
