//! Machine output for `check`: JSON (the shape documented in the design), SARIF 2.1.0 for code
//! scanning, and GitHub Actions annotations. Matched identifiers are masked: CI logs are no place
//! for PHI.

use std::path::Path;

use serde_json::{Value, json};

use super::{Diagnostic, Severity, count};
use crate::check::policy::Suppressed;
use crate::check::rules::RULES;

/// Where a finding is, in the machine formats' terms (1-based lines, columns in characters).
struct Location {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn location(d: &Diagnostic, prefix: &Path) -> Option<Location> {
    let span = d.span.as_ref()?;
    let (start, end) = (span.start(), span.end());
    Some(Location {
        path: slash_path(&prefix.join(&span.file.path)),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    })
}

fn slash_path(path: &Path) -> String {
    let text = crate::fsx::slash_path(path);
    text.strip_prefix("./").map_or_else(|| text.clone(), str::to_string)
}

/// `--format json`: paths relative to the site folder.
pub fn json(diagnostics: &[Diagnostic], suppressed: &[Suppressed]) -> String {
    let (errors, warnings) = count(diagnostics);
    let findings: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let loc = location(d, Path::new(""));
            json!({
                "rule": d.rule,
                "severity": d.severity,
                "path": loc.as_ref().map(|l| l.path.clone()),
                "line": loc.as_ref().map(|l| l.line),
                "column": loc.as_ref().map(|l| l.column),
                "end_line": loc.as_ref().map(|l| l.end_line),
                "end_column": loc.as_ref().map(|l| l.end_column),
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let suppressed_count: usize = suppressed.iter().map(|s| s.count).sum();
    let value = json!({ "findings": findings, "errors": errors, "warnings": warnings, "suppressed": suppressed_count });
    format!("{value}\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `--format sarif`: SARIF 2.1.0; artifact paths are relative to the working directory
/// (`site` as given on the command line, joined with the file's path in the site).
pub fn sarif(diagnostics: &[Diagnostic], site: &Path) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.checks },
                "help": { "text": r.fix },
                "defaultConfiguration": { "level": level(r.default) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!(" (help: {help})"));
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": message },
            });
            if let Some(index) = RULES.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(loc) = location(d, site) {
                let mut region = json!({
                    "startLine": loc.line,
                    "startColumn": loc.column,
                    "endLine": loc.end_line,
                    "endColumn": loc.end_column,
                });
                if let Some(masked) = &d.masked {
                    region["snippet"] = json!({ "text": masked });
                }
                let uri = uri_reference(&loc.path);
                result["locations"] =
                    json!([{ "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region } }]);
            }
            result
        })
        .collect();
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "whitecoat",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/whitecoat-ssg/whitecoat",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

/// A relative URI reference for a `/`-separated path (SARIF 3.10: spaces and non-ASCII encoded).
fn uri_reference(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    // Everything but unreserved characters, `/` and sub-delimiters that paths commonly hold.
    const SEGMENT: &AsciiSet =
        &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');
    utf8_percent_encode(path, SEGMENT).to_string()
}

/// `--format github`: workflow annotation commands, then a summary line.
pub fn github(diagnostics: &[Diagnostic], site: &Path) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = level(d.severity);
        let mut properties = vec![format!("title={}", escape_property(d.rule))];
        if let Some(loc) = location(d, site) {
            properties.insert(0, format!("file={}", escape_property(&loc.path)));
            properties.insert(1, format!("line={}", loc.line));
            properties.insert(2, format!("col={}", loc.column));
            properties.insert(3, format!("endLine={}", loc.end_line));
            properties.insert(4, format!("endColumn={}", loc.end_column));
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!("::{command} {}::{}\n", properties.join(","), escape_data(&message)));
    }
    let (errors, warnings) = count(diagnostics);
    out.push_str(&format!("whitecoat: {errors} error(s), {warnings} warning(s)\n"));
    out
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn finding() -> Diagnostic {
        let file = Arc::new(SourceFile::new(
            "content/reviews/maria-r.md",
            "+++\n+++\nher cell, 555-201-3344, ok\n".to_string(),
        ));
        Diagnostic::error("phi/phone", "a telephone number in a patient review")
            .at(Span::new(&file, 18..30), "HIPAA Safe Harbor identifier (telephone number)")
            .help("remove it")
            .masked("555-***-****")
    }

    #[test]
    fn json_has_the_documented_shape() {
        let value: Value = serde_json::from_str(&json(&[finding()], &[])).unwrap();
        let f = &value["findings"][0];
        assert_eq!(f["rule"], "phi/phone");
        assert_eq!(f["severity"], "error");
        assert_eq!(f["path"], "content/reviews/maria-r.md");
        assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(3), Some(11)));
        assert_eq!((f["end_line"].as_u64(), f["end_column"].as_u64()), (Some(3), Some(23)));
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 0);
        assert_eq!(value["suppressed"], 0);
        assert!(!json(&[finding()], &[]).contains("201-3344"));
    }

    #[test]
    fn sarif_masks_and_locates() {
        let text = sarif(&[finding()], Path::new("example-site"));
        assert!(!text.contains("201-3344"));
        let value: Value = serde_json::from_str(&text).unwrap();
        let result = &value["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "example-site/content/reviews/maria-r.md"
        );
        assert_eq!(result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"], "555-***-****");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(value["runs"][0]["tool"]["driver"]["rules"][index]["id"], "phi/phone");
    }

    #[test]
    fn github_annotations_escape() {
        let text = github(&[finding()], Path::new("."));
        assert!(text.starts_with("::error file=content/reviews/maria-r.md,line=3,col=11,endLine=3,endColumn=23,title=phi/phone::a telephone number"), "{text}");
        assert!(text.contains("%0Ahelp: remove it"));
        assert!(text.ends_with("whitecoat: 1 error(s), 0 warning(s)\n"));
    }
}
