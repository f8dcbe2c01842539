//! `whitecoat check` output formats: the JSON object of the design, field by field; SARIF 2.1.0
//! validated against the official OASIS schema (vendored in tests/fixtures) plus the fields code
//! scanning reads; GitHub workflow annotations; the human format (snapshots of three
//! representative findings, rendered without colour). In every machine format the matched
//! identifier itself never appears: CI logs are no place for PHI.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Run, SiteTest, whitecoat};
use serde_json::Value;
use whitecoat::check::rules::RULES;

const REVIEW: &str = "content/reviews/maria-r.md";
const ARTICLE: &str = "content/articles/heart-health.md";

/// The phone and email planted in the review; machine formats must never print them.
const PHONE: &str = "555-201-3344";
const EMAIL: &str = "maria.rossi@example.com";

/// The review of DESIGN.md's example: the phone is on line 7 at column 23 (end column 35).
const DESIGN_REVIEW: &str = "+++\nauthor = \"M.R.\"\nrating = 5\nauthorization = { id = \"AUTH-2026-001\", signed_on = 2026-01-05, expires_on = 2028-06-30, permitted_identifiers = [\"initials\"] }\n+++\n\nshe gave me her cell, 555-201-3344, and called back the same day\n";

/// The same review with the email on line 9, after non-ASCII text (columns count characters).
fn planted_review() -> String {
    format!("{DESIGN_REVIEW}\nZoë’s note — email me at {EMAIL} any time.\n")
}

/// An article with a claims warning, a PHI warning and a suppressed finding.
const PLANTED_ARTICLE: &str = "+++\ntitle = \"Heart health basics\"\nallow = [{ rule = \"phi/fax\", reason = \"the hospital records office's public fax\" }]\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-06-01\n[[references]]\ntitle = \"High blood pressure\"\nurl = \"https://www.heart.org/en/health-topics/high-blood-pressure\"\n+++\n\nDr. Doe is the best cardiologist in the state.\n\nThe patient emailed from jsmith42@yahoo.com last week.\n\nFax: (570) 555-0199\n";

/// A site with findings of both severities, a suppression and the planted identifiers.
fn planted_site() -> SiteTest {
    SiteTest::new().minimal().file(REVIEW, &planted_review()).file(ARTICLE, PLANTED_ARTICLE)
}

fn check(site: &SiteTest, format: &str) -> Run {
    let run = site.run(&["check", ".", "--format", format]);
    assert!(run.code == 0 || run.code == 1, "check failed to run; {run}");
    run
}

fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}); {run}"))
}

/// 1-based (line, column in characters) of the first `marker` in `text`.
fn line_col(text: &str, marker: &str) -> (u64, u64) {
    let at = text.find(marker).unwrap_or_else(|| panic!("fixture error: {marker:?} not found"));
    let before = &text[..at];
    let line = before.matches('\n').count() as u64 + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() as u64 + 1)
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn json_has_the_documented_shape() {
    let site = planted_site();
    let run = check(&site, "json");
    assert_eq!(run.code, 1, "the review's identifiers are errors; {run}");
    assert_eq!(run.stderr, "", "json output goes to stdout only; {run}");
    assert!(run.stdout.ends_with("}\n"), "one object and a newline; {run}");
    let value = parse(&run);

    let top: BTreeSet<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(top, BTreeSet::from(["findings", "errors", "warnings", "suppressed"]), "{run}");
    let findings = value["findings"].as_array().expect("findings is an array");
    assert!(!findings.is_empty());

    let keys =
        BTreeSet::from(["rule", "severity", "path", "line", "column", "end_line", "end_column", "message", "help"]);
    let (mut errors, mut warnings) = (0, 0);
    for f in findings {
        let got: BTreeSet<&str> = f.as_object().expect("a finding is an object").keys().map(String::as_str).collect();
        assert_eq!(got, keys, "finding {f}");
        let rule = f["rule"].as_str().expect("rule is a string");
        assert!(RULES.iter().any(|r| r.id == rule), "{rule} is not in the catalogue");
        match f["severity"].as_str() {
            Some("error") => errors += 1,
            Some("warning") => warnings += 1,
            other => panic!("severity {other:?} in {f}"),
        }
        let path = f["path"].as_str().expect("path is a string");
        assert!(!path.starts_with('/') && !path.starts_with("./") && !path.contains('\\'), "path {path}");
        assert!(site.path().join(path).is_file(), "{path} is not a file of the site");
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(f[key].as_u64().is_some_and(|n| n >= 1), "{key} is not a 1-based number in {f}");
        }
        let start = (f["line"].as_u64(), f["column"].as_u64());
        let end = (f["end_line"].as_u64(), f["end_column"].as_u64());
        assert!(end >= start, "the end is before the start in {f}");
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "message in {f}");
        assert!(f["help"].as_str().is_some_and(|h| !h.is_empty()), "help in {f}");
    }
    assert_eq!(value["errors"], errors, "{run}");
    assert_eq!(value["warnings"], warnings, "{run}");
    assert_eq!(value["suppressed"], 1, "{run}");
    assert!(errors >= 2 && warnings >= 2, "the fixture should have both severities; {run}");

    // The design's example, field by field.
    let phone = findings.iter().find(|f| f["rule"] == "phi/phone").expect("the phone finding");
    let expected: Value = serde_json::json!({
        "rule": "phi/phone", "severity": "error", "path": "content/reviews/maria-r.md",
        "line": 7, "column": 23, "end_line": 7, "end_column": 35,
        "message": "a telephone number in a patient review",
        "help": "remove it; if it is a public practice number add it to [compliance.public] phones",
    });
    assert_eq!(phone, &expected, "{run}");

    // Columns are characters: "Zoë’s note — email me at " is 25 characters (31 bytes).
    let email = findings.iter().find(|f| f["rule"] == "phi/email" && f["path"] == REVIEW).expect("the email");
    let (line, column) = line_col(&planted_review(), EMAIL);
    assert_eq!((line, column), (9, 26), "fixture check");
    assert_eq!((email["line"].as_u64(), email["column"].as_u64()), (Some(line), Some(column)), "{run}");
    assert_eq!(email["end_column"].as_u64(), Some(column + EMAIL.chars().count() as u64), "{run}");

    // Findings come sorted by file, then position.
    let order: Vec<(String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "findings are not in file/position order");
}

#[test]
fn json_for_a_clean_site() {
    let site = SiteTest::new().minimal();
    let run = check(&site, "json");
    assert_eq!(run.code, 0, "{run}");
    let value = parse(&run);
    assert_eq!(value, serde_json::json!({"findings": [], "errors": 0, "warnings": 0, "suppressed": 0}), "{run}");
}

#[test]
fn json_paths_are_relative_to_the_site_wherever_check_runs() {
    let site = planted_site();
    let parent = site.path().parent().expect("a temp parent");
    let name = site.path().file_name().expect("a name").to_string_lossy().into_owned();
    let run = whitecoat(&["check", &name, "--format", "json"], parent, &[]);
    let value = parse(&run);
    let paths: BTreeSet<&str> =
        value["findings"].as_array().expect("findings").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, BTreeSet::from([ARTICLE, REVIEW]), "{run}");

    // SARIF and GitHub paths are relative to the working directory, so annotations land on the file.
    let run = whitecoat(&["check", &name, "--format", "sarif"], parent, &[]);
    let sarif = parse(&run);
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(uri.as_str().is_some_and(|u| u.starts_with(&format!("{name}/content/"))), "uri {uri}");
    let run = whitecoat(&["check", &name, "--format", "github"], parent, &[]);
    assert!(run.stdout.contains(&format!("file={name}/content/reviews/maria-r.md,")), "{run}");
}

// ---------------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------------

fn sarif_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the vendored schema is JSON")
}

fn sarif_validator() -> jsonschema::Validator {
    let schema = sarif_schema();
    assert_eq!(
        schema["id"], "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "not the OASIS SARIF 2.1.0 schema"
    );
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

/// Asserts `log` is valid SARIF 2.1.0, listing every schema error.
#[track_caller]
fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "invalid SARIF 2.1.0:\n  {}", errors.join("\n  "));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    for site in [planted_site(), SiteTest::new().minimal()] {
        let run = check(&site, "sarif");
        assert_eq!(run.stderr, "", "{run}");
        assert_valid_sarif(&validator, &parse(&run));
    }

    // The validator does catch a broken log (so the check above means something).
    let mut broken = parse(&check(&planted_site(), "sarif"));
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken), "the validator accepted an invalid level");
    let mut broken = parse(&check(&planted_site(), "sarif"));
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = Value::from(0);
    assert!(!validator.is_valid(&broken), "the validator accepted startLine 0");
}

#[test]
fn sarif_fields_code_scanning_reads() {
    let site = planted_site();
    let run = check(&site, "sarif");
    assert_eq!(run.code, 1, "{run}");
    let log = parse(&run);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let sarif_run = &runs[0];
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints", "columns are characters");
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "whitecoat");

    // One rule entry per rule id of the catalogue, in catalogue order, each with help text.
    let rules = driver["rules"].as_array().expect("driver.rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let catalogue: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids, catalogue);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "duplicate rule ids");
    for (rule, catalogued) in rules.iter().zip(RULES) {
        assert_eq!(rule["help"]["text"], catalogued.fix, "help of {}", catalogued.id);
        assert!(rule["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{rule}");
        let level = if catalogued.default == whitecoat::diagnostics::Severity::Error { "error" } else { "warning" };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{}", catalogued.id);
    }

    // Results match the JSON findings one to one, in the same order.
    let json = parse(&check(&site, "json"));
    let findings = json["findings"].as_array().expect("findings");
    let results = sarif_run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len(), "{run}");
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"], "{result}");
        assert_eq!(result["level"], finding["severity"], "{result}");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at another rule");
        let message = result["message"]["text"].as_str().expect("message.text");
        assert!(message.starts_with(finding["message"].as_str().unwrap_or("?")), "{message}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["path"], "{result}");
        let region = &location["region"];
        assert_eq!(region["startLine"], finding["line"], "{result}");
        assert_eq!(region["startColumn"], finding["column"], "{result}");
        assert_eq!(region["endLine"], finding["end_line"], "{result}");
        assert_eq!(region["endColumn"], finding["end_column"], "{result}");
    }

    // The phone of the design example, with its masked snippet.
    let phone = results.iter().find(|r| r["ruleId"] == "phi/phone").expect("the phone result");
    assert_eq!(phone["level"], "error");
    let region = &phone["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(7), Some(23)));
    assert_eq!(region["snippet"]["text"], "555-***-****");
    assert!(results.iter().any(|r| r["level"] == "warning"), "the fixture has warnings");
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations
// ---------------------------------------------------------------------------------------------

#[test]
fn github_annotations_and_summary() {
    let site = planted_site();
    let run = check(&site, "github");
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stderr, "", "{run}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (summary, annotations) = lines.split_last().expect("some output");
    let json = parse(&check(&site, "json"));
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(annotations.len(), findings.len(), "one line per finding; {run}");
    for (line, f) in annotations.iter().zip(findings) {
        let prefix = format!(
            "::{} file={},line={},col={},",
            f["severity"].as_str().unwrap_or("?"),
            f["path"].as_str().unwrap_or("?"),
            f["line"],
            f["column"]
        );
        assert!(line.starts_with(&prefix), "{line:?} does not start with {prefix:?}");
        let title = format!("title={}::", f["rule"].as_str().unwrap_or("?"));
        assert!(line.contains(&title), "{line:?} has no {title:?}");
        let (_, message) = line.split_once("::").and_then(|(_, rest)| rest.split_once("::")).expect("a message");
        assert!(message.starts_with(f["message"].as_str().unwrap_or("?")), "{line}");
        assert!(message.contains("%0Ahelp: "), "the help is on the annotation's second line: {line}");
    }
    let design = "::error file=content/reviews/maria-r.md,line=7,col=23,endLine=7,endColumn=35,title=phi/phone::a telephone number in a patient review%0Ahelp: remove it";
    assert!(annotations.iter().any(|l| l.starts_with(design)), "no annotation for the design's example; {run}");
    let errors = json["errors"].as_u64().unwrap_or(0);
    let warnings = json["warnings"].as_u64().unwrap_or(0);
    assert_eq!(*summary, format!("whitecoat: {errors} error(s), {warnings} warning(s)"), "{run}");
}

// ---------------------------------------------------------------------------------------------
// Masking: machine formats never print the identifier; the human format shows it
// ---------------------------------------------------------------------------------------------

#[test]
fn machine_formats_never_contain_the_matched_identifier() {
    let site = planted_site();
    let raw = [PHONE, "201-3344", "2013344", EMAIL, "maria.rossi", "jsmith42", "555-0199"];
    for format in ["json", "sarif", "github"] {
        let run = check(&site, format);
        for text in raw {
            assert!(!run.stdout.contains(text), "--format {format} prints {text:?} on stdout:\n{}", run.stdout);
            assert!(!run.stderr.contains(text), "--format {format} prints {text:?} on stderr:\n{}", run.stderr);
        }
    }
    // The same run in the human format shows the identifiers in their source lines.
    let run = site.run(&["check", "."]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains(PHONE), "{run}");
    assert!(run.stderr.contains(EMAIL), "{run}");
}

#[test]
fn machine_formats_mask_identifiers_in_front_matter_and_file_names_too() {
    let review = "+++\nauthor = \"M.R.\"\nrating = 5\ntitle = \"Call 555-201-3344\"\nexpected_results = \"Write to maria.rossi@example.com\"\nauthorization = { id = \"AUTH-2026-001\", signed_on = 2026-01-05, expires_on = 2028-06-30, permitted_identifiers = [\"initials\"] }\n+++\n\nThe staff were kind.\n";
    let site = SiteTest::new()
        .minimal()
        .file(REVIEW, review)
        .file("content/reviews/my-cell-555-201-3344.md", &DESIGN_REVIEW.replace(PHONE, "(no number)"));
    for format in ["json", "sarif", "github"] {
        let run = check(&site, format);
        assert_eq!(run.code, 1, "{run}");
        let out = format!("{}{}", run.stdout, run.stderr);
        // The file name is the path and must be printed; only its text is identifying.
        let out = out.replace("my-cell-555-201-3344.md", "[FILE]");
        for text in [PHONE, "201-3344", EMAIL, "maria.rossi"] {
            assert!(!out.contains(text), "--format {format} prints {text:?}:\n{out}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Human format snapshots (no colour)
// ---------------------------------------------------------------------------------------------

/// Runs the human `check .` and returns stderr, asserting it has no ANSI colour codes.
fn human(site: &SiteTest, code: i32) -> String {
    let run = site.run(&["check", "."]).expect(code);
    assert_eq!(run.stdout, "", "human output goes to stderr; {run}");
    assert!(!run.stderr.contains('\u{1b}'), "colour codes with NO_COLOR set; {run}");
    run.stderr
}

#[test]
fn human_phi_phone_in_a_review_is_the_design_example() {
    let site = SiteTest::new().minimal().file(REVIEW, DESIGN_REVIEW);
    let stderr = human(&site, 1);
    assert!(stderr.starts_with("error[phi/phone]: a telephone number in a patient review\n"), "{stderr}");
    assert!(stderr.contains("--> content/reviews/maria-r.md:7:23\n"), "{stderr}");
    assert!(stderr.contains("7 | she gave me her cell, 555-201-3344, and called back the same day\n"), "{stderr}");
    assert!(
        stderr.contains("  |                       ^^^^^^^^^^^^ HIPAA Safe Harbor identifier (telephone number)\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: remove it; if it is a public practice number add it to [compliance.public] phones\n"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn human_claims_finding_in_an_article() {
    let article = "+++\ntitle = \"Heart health basics\"\n[medical_review]\nreviewer = \"profile\"\nlast_reviewed = 2026-06-01\n[[references]]\ntitle = \"High blood pressure\"\nurl = \"https://www.heart.org/en/health-topics/high-blood-pressure\"\n+++\n\nDr. Doe is the best cardiologist in the state.\n";
    let site = SiteTest::new().minimal().file(ARTICLE, article);
    let stderr = human(&site, 0);
    assert!(stderr.starts_with("warning[claims/superiority]: "), "{stderr}");
    assert!(stderr.contains("--> content/articles/heart-health.md:11:16\n"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn human_authorization_missing() {
    let review = "+++\nauthor = \"M.R.\"\nrating = 5\n+++\n\nThe staff explained everything and the wait was short.\n";
    let site = SiteTest::new().minimal().file(REVIEW, review);
    let stderr = human(&site, 1);
    assert!(stderr.starts_with("error[authorization/missing]: "), "{stderr}");
    assert!(stderr.contains("--> content/reviews/maria-r.md:1:1\n"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn human_lists_suppressions_and_the_summary() {
    let site = SiteTest::new().minimal().file(ARTICLE, PLANTED_ARTICLE);
    let stderr = human(&site, 0);
    assert!(stderr.contains("suppressed:"), "{stderr}");
    assert!(
        stderr.contains("phi/fax in content/articles/heart-health.md (1x): the hospital records office's public fax"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("checked .: 0 errors, 2 warnings"), "{stderr}");
}

/// SARIF §3.10: `artifactLocation.uri` is a URI reference (RFC 3986), so a space or a non-ASCII
/// character in a file name must be percent-encoded. (Draft-04 has no `uri-reference` format, so
/// the schema alone does not catch it.)
#[test]
fn sarif_uris_are_valid_for_file_names_with_spaces_and_accents() {
    let article = PLANTED_ARTICLE
        .replace("allow = [{ rule = \"phi/fax\", reason = \"the hospital records office's public fax\" }]\n", "");
    let site = SiteTest::new().minimal().file("content/articles/Heart Health – café.md", &article);
    let run = check(&site, "sarif");
    let log = parse(&run);
    assert_valid_sarif(&sarif_validator(), &log);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        uri, "content/articles/Heart%20Health%20%E2%80%93%20caf%C3%A9.md",
        "not a valid URI reference (RFC 3986 percent-encoding)"
    );
    let json = parse(&check(&site, "json"));
    assert_eq!(json["findings"][0]["path"], "content/articles/Heart Health – café.md", "json paths stay plain");
}

/// Every finding points at a file, line and column (DESIGN.md, Compliance): a missing brand logo
/// is configured in site.toml, so that is where the finding should point.
#[test]
fn a_missing_brand_logo_points_at_site_toml() {
    let config = format!("{}\n[brand]\nlogo = \"assets/logo.png\"\n", common::MINIMAL_SITE_TOML);
    let site = SiteTest::new().minimal().file("site.toml", &config);
    let run = check(&site, "json");
    let json = parse(&run);
    let f = json["findings"].as_array().and_then(|f| f.iter().find(|f| f["rule"] == "image/missing")).cloned();
    let f = f.unwrap_or_else(|| panic!("no image/missing finding; {run}"));
    let (line, column) = line_col(&config, "\"assets/logo.png\"");
    assert_eq!(f["path"], "site.toml", "{run}");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(line), Some(column)), "{run}");
}

/// `--format json` prints one object (DESIGN.md, Command contract), and the README's CI recipe
/// uploads `check --format sarif > whitecoat.sarif`: a site.toml mistake must reach CI in the
/// machine format too, not only as human text on stderr with an empty stdout.
#[test]
fn machine_formats_report_site_toml_errors() {
    let config = format!("{}\n[compliance.rules]\n\"claims/superiorty\" = \"error\"\n", common::MINIMAL_SITE_TOML);
    let site = SiteTest::new().minimal().file("site.toml", &config);
    let (line, column) = line_col(&config, "\"claims/superiorty\"");
    let run = site.run(&["check", ".", "--format", "json"]);
    assert_ne!(run.code, 0, "{run}");
    let json = parse(&run);
    let f = &json["findings"][0];
    assert_eq!(f["path"], "site.toml", "{run}");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(line), Some(column)), "{run}");
    assert!(f["help"].as_str().unwrap_or("").contains("claims/superiority"), "{run}");
    let run = site.run(&["check", ".", "--format", "sarif"]);
    assert_valid_sarif(&sarif_validator(), &parse(&run));
    let run = site.run(&["check", ".", "--format", "github"]);
    assert!(run.stdout.starts_with(&format!("::error file=site.toml,line={line},col={column},")), "{run}");
}
