//! The `whitecoat` binary: parses the command line, runs the library, turns results into
//! diagnostics on stderr and exit codes (0 ok, 1 failing findings, 2 usage/config/I-O failure).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use whitecoat::check::policy::Suppressed;
use whitecoat::cli::{Cli, Command, Format, ImportFrom, ReplyFormat};
use whitecoat::diagnostics::{self, Diagnostic, human, machine};
use whitecoat::pipeline::{self, BuildError, BuildOptions};
use whitecoat::scaffold;

/// Rendering allocates many short-lived strings from every thread at once; glibc's allocator spent
/// a fifth of a large build in malloc and free, mimalloc a small part of that. The guard bounds
/// what one template render may allocate (see `render::budget`).
#[global_allocator]
static ALLOCATOR: whitecoat::render::budget::Guarded<mimalloc::MiMalloc> =
    whitecoat::render::budget::Guarded(mimalloc::MiMalloc);

/// mimalloc's `mi_option_purge_delay`: the option just before `mi_option_use_numa_nodes` in
/// mimalloc.h's enum, and one its Rust bindings leave unnamed.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// Returns freed memory to the OS after 10 ms instead of mimalloc's second: a small site's build is
/// over in a few hundred milliseconds, and the default kept ~6 MB of freed pages resident at its
/// peak (1k articles: 65 -> 59 MB) for no measurable speed (10k articles: 2.0 s either way).
/// 1 ms kept the peak of 10k articles up to 3 MB lower (within run-to-run noise) but returned and
/// faulted back in pages a small site reuses at once: a fifth more page faults, ~2 ms of its ~30.
fn tune_allocator() {
    // SAFETY: sets one integer option; runs first thing in `main`, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build { site, out, base_url, drafts, quiet, verbose } => {
            let site = site_folder(site);
            build(&BuildOptions { site, out, base_url, drafts, ..BuildOptions::default() }, quiet, verbose)
        }
        Command::Check { site, format, deny_warnings, drafts, quiet } => {
            let site = site_folder(site);
            check(&BuildOptions { site, drafts, deny_warnings, ..BuildOptions::default() }, format, quiet)
        }
        #[cfg(feature = "serve")]
        Command::Serve { site, port, bind, open, drafts } => {
            let options = BuildOptions { site: site_folder(site), drafts, ..BuildOptions::default() };
            match whitecoat::serve::run(whitecoat::serve::ServeOptions {
                build: options,
                port,
                bind,
                open,
                limits: Default::default(),
            }) {
                Ok(()) => 0,
                Err(e) => usage_error(&e),
            }
        }
        Command::ReplyCheck { file, site, author, format } => {
            reply_check(&file, site.as_deref(), author.as_deref(), format)
        }
        Command::Cms { site, editor, repo, branch, auth_url, check, refresh } => {
            cms(&whitecoat::cms::CmsOptions { site, editor, repo, branch, auth_url, check, refresh })
        }
        Command::Report { site, out, format } => {
            report(&BuildOptions { site: site_folder(site), ..BuildOptions::default() }, format, out)
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                println!("created a whitecoat site with {} files in {}", files.len(), dir.display());
                println!("next: whitecoat build {}", dir.display());
                0
            }
            Err(e) => usage_error(&e),
        },
        Command::Import { from: ImportFrom::Wordpress { export, site, uploads } } => {
            import_wordpress(&whitecoat::import::ImportOptions { export, site, uploads })
        }
        Command::New { kind, title, authorization, site } => {
            let today = pipeline::today(&BuildOptions::default());
            let request =
                scaffold::NewDocument { kind, title: title.as_deref(), authorization: authorization.as_deref() };
            match scaffold::new(&site, &request, today) {
                Ok(path) => {
                    println!("created {}", path.display());
                    println!("fill in every TODO and YYYY-MM-DD; `whitecoat check` lists what is left");
                    0
                }
                Err(e) => usage_error(&e),
            }
        }
    };
    ExitCode::from(code)
}

/// The site folder: the one given, else the nearest folder with `site.toml` from here up (as
/// `git` finds its repository), else the current folder (whose missing site.toml is then reported).
fn site_folder(given: Option<PathBuf>) -> PathBuf {
    given.or_else(|| whitecoat::load::find_site(Path::new("."))).unwrap_or_else(|| PathBuf::from("."))
}

/// Imports, prints what was done, then what `check` finds in the site as it now is.
fn import_wordpress(options: &whitecoat::import::ImportOptions) -> u8 {
    let imported = match whitecoat::import::wordpress(options) {
        Ok(imported) => imported,
        Err(e) => return usage_error(&e),
    };
    print!("{}", imported.summary());
    match pipeline::check(&BuildOptions { site: options.site.clone(), ..BuildOptions::default() }) {
        Ok(report) => {
            eprint!("{}", human::render(&report.diagnostics, color()));
            println!("check: {}; next: whitecoat build {}", summary(&report.diagnostics), options.site.display());
        }
        Err(e) => {
            eprint!("{}", human::render(e.diagnostics(), color()));
            println!(
                "check: {}; fill in what is listed above (TODO, YYYY-MM-DD, review authorizations), then run whitecoat build {}",
                summary(e.diagnostics()),
                options.site.display()
            );
        }
    }
    0
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints findings for people: every error, and of each rule's warnings the first few and a line
/// that counts the rest.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    print_findings(diagnostics, false);
}

/// Like [`print_diagnostics`]; with `quiet`, errors only.
fn print_findings(diagnostics: &[Diagnostic], quiet: bool) {
    let errors: Vec<Diagnostic>;
    let shown = if quiet {
        errors = diagnostics.iter().filter(|d| d.severity == diagnostics::Severity::Error).cloned().collect();
        &errors[..]
    } else {
        diagnostics
    };
    if !shown.is_empty() {
        eprint!("{}", human::render_capped(shown, color(), human::SHOWN_PER_RULE));
    }
}

fn usage_error(error: &dyn std::fmt::Display) -> u8 {
    eprintln!("error: {error}");
    2
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = diagnostics::count(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

fn build(options: &BuildOptions, quiet: bool, verbose: bool) -> u8 {
    match pipeline::build(options) {
        Ok(report) => {
            print_findings(&report.diagnostics, quiet);
            if !quiet {
                print_suppressed(&report.suppressed);
            }
            if verbose {
                for (stage, time) in &report.timings {
                    eprintln!("  {stage:<8} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                    if *stage == "render" {
                        eprintln!("  assets (alongside render) {:.1} ms", report.assets_time.as_secs_f64() * 1000.0);
                    }
                }
                eprintln!(
                    "  share cards: {} drawn, {} from cache; drawing took {:.1} ms of thread time ({:.1} ms of CPU)",
                    report.cards.0,
                    report.cards.1,
                    report.cards_time.thread.as_secs_f64() * 1000.0,
                    report.cards_time.cpu.as_secs_f64() * 1000.0
                );
            }
            let total: f64 = report.timings.iter().map(|(_, t)| t.as_secs_f64()).sum();
            let warnings = diagnostics::count(&report.diagnostics).1;
            let warned = if warnings > 0 { format!(" ({})", summary(&report.diagnostics)) } else { String::new() };
            eprintln!(
                "built {} pages and {} assets into {} in {:.0} ms{warned}",
                report.pages,
                report.assets,
                report.out.display(),
                total * 1000.0
            );
            0
        }
        Err(error) => report_failure(&error, "build failed; the previous output was left untouched", quiet),
    }
}

fn report_failure(error: &BuildError, what: &str, quiet: bool) -> u8 {
    let diagnostics = error.diagnostics();
    if diagnostics.is_empty() {
        eprintln!("error: {error}");
    } else {
        print_findings(diagnostics, quiet);
        eprintln!("error: {what} ({})", summary(diagnostics));
    }
    error.exit_code() as u8
}

fn print_suppressed(suppressed: &[Suppressed]) {
    if suppressed.is_empty() {
        return;
    }
    eprintln!("suppressed:");
    for s in suppressed {
        eprintln!("  {} in {} ({}x): {}", s.rule, s.path.display(), s.count, s.reason);
    }
}

/// `reply-check`: 1 when the reply must not be posted as it is.
fn reply_check(
    file: &std::path::Path,
    site: Option<&std::path::Path>,
    author: Option<&str>,
    format: ReplyFormat,
) -> u8 {
    let report = match whitecoat::reply::check(Some(file), site, author) {
        Ok(report) => report,
        Err(e) => return usage_error(&e),
    };
    let code = u8::from(report.diagnostics.iter().any(|d| d.severity == diagnostics::Severity::Error));
    match format {
        ReplyFormat::Human => {
            print_diagnostics(&report.diagnostics);
            if code == 0 {
                eprintln!("the reply confirms nothing about anyone's care");
            } else {
                eprintln!(
                    "do not post this reply ({}). Post this instead:\n\n{}",
                    summary(&report.diagnostics),
                    report.suggestion
                );
            }
        }
        ReplyFormat::Json => {
            let findings: serde_json::Value =
                serde_json::from_str(&machine::json(&report.diagnostics, &[])).unwrap_or_default();
            let out = serde_json::json!({ "findings": findings["findings"], "errors": findings["errors"], "suggestion": report.suggestion });
            println!("{out}");
        }
    }
    code
}

/// `cms`: 0 written or current, 1 out of date (`--check`), 2 refused.
fn cms(options: &whitecoat::cms::CmsOptions) -> u8 {
    let report = match whitecoat::cms::run(options) {
        Ok(Some(report)) => report,
        Ok(None) => {
            eprintln!("no editor generated by `whitecoat cms` in {}: nothing to refresh", options.site.display());
            return 0;
        }
        Err(whitecoat::cms::CmsError::Site(error)) => return report_failure(&error, "cannot read the site", false),
        Err(e) => return usage_error(&e),
    };
    for (path, changed) in &report.files {
        let state = match (changed, options.check) {
            (false, _) => "current",
            (true, true) => "out of date",
            (true, false) => "written",
        };
        eprintln!("{state}: {}", path.display());
    }
    if options.check {
        return u8::from(report.changed());
    }
    if !report.yaml_documents.is_empty() {
        eprintln!(
            "note: the editor reads and writes TOML front matter (+++), as `whitecoat new` does; these {} files use YAML (---) and show up empty in it until they are converted:",
            report.yaml_documents.len()
        );
        for path in &report.yaml_documents {
            eprintln!("  {}", path.display());
        }
    }
    let repo = report.backend.get("repo").and_then(|r| r.as_str()).unwrap_or("");
    if repo == "OWNER/REPOSITORY" {
        eprintln!("set the GitHub repository the editor commits to: whitecoat cms --repo owner/name");
    }
    eprintln!(
        "the editor is served at /admin/ ({}); to edit on this computer, run `npx decap-server` in the repository and open /admin/ under `whitecoat serve`",
        report.editor.script().name
    );
    0
}

fn check(options: &BuildOptions, format: Format, quiet: bool) -> u8 {
    let (diagnostics, suppressed, code) = match pipeline::check(options) {
        Ok(report) => (report.diagnostics, report.suppressed, 0),
        Err(BuildError::Findings(diagnostics, suppressed)) => (diagnostics, suppressed, 1),
        // Configuration findings go out in the requested format too, so CI still gets a report.
        Err(error) if format != Format::Human && !error.diagnostics().is_empty() => {
            (error.diagnostics().to_vec(), Vec::new(), error.exit_code() as u8)
        }
        Err(error) => return report_failure(&error, "check failed", quiet),
    };
    match format {
        Format::Human => {
            print_findings(&diagnostics, quiet);
            if !quiet {
                print_suppressed(&suppressed);
                print_notice_rules(&options.site);
            }
            eprintln!("checked {}: {}", options.site.display(), summary(&diagnostics));
        }
        Format::Json => print!("{}", machine::json(&diagnostics, &suppressed)),
        Format::Sarif => print!("{}", machine::sarif(&diagnostics, &options.site)),
        Format::Github => print!("{}", machine::github(&diagnostics, &options.site)),
    }
    code
}

/// `report`: 0 written, 2 refused or the site cannot be read (findings are printed then).
fn report(options: &BuildOptions, format: whitecoat::cli::ReportFormat, out: Option<std::path::PathBuf>) -> u8 {
    match whitecoat::report::run(options, format, out.as_deref()) {
        Ok(passes) => {
            if let Some(out) = &out {
                let verdict = if passes { "the site passes" } else { "the site does not pass" };
                eprintln!("wrote {} ({verdict})", out.display());
            }
            0
        }
        Err(whitecoat::report::ReportError::Site(error)) => report_failure(&error, "cannot report on the site", false),
        Err(error) => usage_error(&error),
    }
}

/// One line per notice rule: on or off, and the practice fact that decides it.
fn print_notice_rules(site: &std::path::Path) {
    let Some(rules) = pipeline::notice_rules(site) else { return };
    eprintln!("notice rules, from [compliance.practice]:");
    for rule in rules {
        eprintln!("  {:<3}  {:<28} {}", if rule.on { "on" } else { "off" }, rule.rule, rule.why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tuned_option_is_the_purge_delay() {
        // SAFETY: reads an integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(default, 1000, "mimalloc v3's options.c sets purge_delay's default to 1000 ms");
        tune_allocator();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 10);
    }
}
