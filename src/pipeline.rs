//! The build, written down once: load -> model -> check -> render -> assets -> write -> verify.
//! Each stage is a function from data to data; this file only sequences them and times them
//! (rendering and assets run side by side: the `render` stage's time covers both).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::assets::{self, AssetError};
use crate::check::{self, policy::Suppressed};
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::fsx::FsError;
use crate::incremental::Caches;
use crate::load::{self, LoadError};
use crate::model::fields::Sink as DiagnosticSink;
use crate::model::{self, ModelOptions};
use crate::render::{self, RenderError, RenderInput};
use crate::theme::{self, ThemeError};
use crate::write::{self, Memory, Sink, Staging};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub site: PathBuf,
    /// Output folder (default `SITE/public`).
    pub out: Option<PathBuf>,
    /// Overrides `base_url` (preview deploys).
    pub base_url: Option<url::Url>,
    /// Include drafts.
    pub drafts: bool,
    /// Fail on warnings too (`check --deny-warnings`; also `fail_on = "warning"` in site.toml).
    pub deny_warnings: bool,
    /// The date authorizations and medical reviews are judged against (default: today;
    /// `WHITECOAT_TODAY=YYYY-MM-DD` pins it for reproducible CI).
    pub today: Option<jiff::civil::Date>,
    /// A preview (`serve`): placeholders are warnings, so a site can be seen while it is filled in.
    pub preview: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Findings that did not fail the build (warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// Suppressed findings.
    pub suppressed: Vec<Suppressed>,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// HTML pages written.
    pub pages: usize,
    /// Share cards drawn, and reused from the cache.
    pub cards: (usize, usize),
    /// Time spent drawing share cards (summed over threads; cards read from the cache are not
    /// counted).
    pub cards_time: crate::social::DrawingTime,
    /// Images and static files written.
    pub assets: usize,
    /// Time producing them, alongside rendering (within the `render` stage's time).
    pub assets_time: Duration,
    /// Where the site was written.
    pub out: PathBuf,
}

/// Why a build failed; [`BuildError::exit_code`] maps it to the CLI's exit code.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// `site.toml` is invalid.
    #[error("site.toml is invalid")]
    Config(Vec<Diagnostic>),
    /// The theme could not be resolved.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// Content findings failed the build (nothing was written).
    #[error("the build found problems; nothing was written")]
    Findings(Vec<Diagnostic>, Vec<Suppressed>),
    /// A template is broken.
    #[error("a template failed")]
    Template(Vec<Diagnostic>),
    /// An image failed to process.
    #[error(transparent)]
    Asset(#[from] AssetError),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] FsError),
    /// The output folder is somewhere a build must not write.
    #[error(transparent)]
    Output(#[from] write::location::LocationError),
}

impl BuildError {
    /// 1 for content findings, 2 for configuration, template and I/O failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Findings(..) => 1,
            _ => 2,
        }
    }

    /// The diagnostics to show, if the error carries any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            BuildError::Config(d) | BuildError::Findings(d, _) | BuildError::Template(d) => d,
            _ => &[],
        }
    }
}

/// Records how long each stage took.
struct Timer {
    timings: Vec<(&'static str, Duration)>,
    started: Instant,
}

impl Timer {
    fn new() -> Self {
        Self { timings: Vec::new(), started: Instant::now() }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.started));
        self.started = now;
    }
}

/// Everything the check stage produced, ready for rendering.
struct Checked {
    files: load::SiteFiles,
    site: model::Site,
    theme: theme::Theme,
    /// The theme's templates, compiled while the content was checked (a broken template is
    /// reported only once the content passed).
    templates: Result<render::Templates, Box<Diagnostic>>,
    images: assets::ImagePlan,
    diagnostics: Vec<Diagnostic>,
    suppressed: Vec<Suppressed>,
    fail_on_warnings: bool,
}

/// The findings of a check that passed.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Findings that did not fail (warnings, unless warnings fail).
    pub diagnostics: Vec<Diagnostic>,
    /// Suppressed findings by document and rule.
    pub suppressed: Vec<Suppressed>,
}

/// The date checks are judged against.
pub fn today(options: &BuildOptions) -> jiff::civil::Date {
    options
        .today
        .or_else(|| std::env::var("WHITECOAT_TODAY").ok().and_then(|d| d.parse().ok()))
        .unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Whether failing findings stop the pipeline (a build) or are only collected (a report, which
/// must show what the rendered pages hold even when the content has errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnFindings {
    Stop,
    Collect,
}

/// model -> check: everything that can be found wrong before anything is written.
fn check_stage(
    options: &BuildOptions,
    files: load::SiteFiles,
    caches: Option<&Caches>,
    timer: &mut Timer,
    on_findings: OnFindings,
) -> Result<Checked, BuildError> {
    let sink = DiagnosticSink::default();
    let Some(config) = config::parse(&files.config, &sink) else {
        let mut diagnostics = sink.into_inner();
        crate::diagnostics::sort(&mut diagnostics);
        return Err(BuildError::Config(diagnostics));
    };
    let fail_on_warnings = options.deny_warnings || config.compliance.fail_on == "warning";
    let mut diagnostics = sink.into_inner();
    let theme = theme::resolve(&files, &config.theme)?;
    let (site, model_diagnostics) =
        model::build(&files, config, ModelOptions { drafts: options.drafts }, caches.map(|c| &c.parse));
    diagnostics.extend(model_diagnostics);
    timer.lap("model");

    let Some(mut site) = site else {
        check::policy::drop_consequences(&mut diagnostics);
        return Err(fail(diagnostics, &[]));
    };
    // The theme depends on nothing the checks find: its templates compile and its stylesheets
    // minify meanwhile.
    let (outcome, templates) = rayon::join(
        || check::run(&site, &assets::references(&site), &files.assets, today(options), caches.map(|c| &c.check)),
        || {
            assets::prepare_styles(&theme, &files.statics);
            render::Templates::compile(&theme)
        },
    );
    diagnostics.extend(outcome.findings);
    diagnostics.extend(check::policy::apply_overrides(
        check::a11y::brand::check(&site, theme.ink_max_lightness),
        &site.config.compliance.rules,
    ));
    let mut links = check::links::check(&site, site.links(), &files.statics);
    links.extend(check::links::notice_paths(&site, &files.config, site.links(), &files.statics));
    diagnostics.extend(check::policy::apply_overrides(links, &site.config.compliance.rules));
    // Findings never depend on where a preview is deployed: the checks judged links and hosts
    // against site.toml's `base_url` (the practice's own domain); pages are built for `--base-url`.
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    // Reviews whose authorization is revoked or expired never reach the site, nor their images.
    site.reviews.retain(|r| !outcome.excluded_reviews.contains(&r.doc.slug));
    let (images, image_diagnostics) = assets::plan(&site, &theme, &files.assets);
    diagnostics.extend(image_diagnostics);
    check::policy::drop_consequences(&mut diagnostics);
    if options.preview {
        check::policy::preview(&mut diagnostics);
    }
    crate::diagnostics::sort(&mut diagnostics);
    if on_findings == OnFindings::Stop && check::policy::fails(&diagnostics, fail_on_warnings) {
        return Err(fail(diagnostics, &outcome.suppressed));
    }
    timer.lap("check");
    Ok(Checked { files, site, theme, templates, images, diagnostics, suppressed: outcome.suppressed, fail_on_warnings })
}

/// Reads the site and builds its model only (for commands that need its facts, not a build).
pub fn model_only(options: &BuildOptions) -> Result<model::Site, BuildError> {
    let files = load::load(&options.site)?;
    let sink = DiagnosticSink::default();
    let Some(config) = config::parse(&files.config, &sink) else {
        return Err(BuildError::Config(sink.into_inner()));
    };
    let (site, diagnostics) = model::build(&files, config, ModelOptions { drafts: options.drafts }, None);
    site.ok_or_else(|| fail(diagnostics, &[]))
}

/// Runs the checks (and compiles the theme's templates) without rendering.
pub fn check(options: &BuildOptions) -> Result<CheckReport, BuildError> {
    let mut timer = Timer::new();
    let files = load::load(&options.site)?;
    let checked = check_stage(options, files, None, &mut timer, OnFindings::Stop)?;
    // The templates were compiled alongside the checks: a theme the build would fail on is not
    // a green check.
    checked.templates.map_err(|d| BuildError::Template(vec![*d]))?;
    Ok(CheckReport { diagnostics: checked.diagnostics, suppressed: checked.suppressed })
}

/// The notice rules the site's `[compliance.practice]` facts switch on or off, and why (for
/// `check`'s summary); `None` if `site.toml` cannot be read.
pub fn notice_rules(site: &Path) -> Option<Vec<check::notices::Applies>> {
    let text = std::fs::read_to_string(site.join("site.toml")).ok()?;
    let file = std::sync::Arc::new(crate::source::SourceFile::new("site.toml", text));
    let config = config::parse(&file, &std::cell::RefCell::default())?;
    Some(check::notices::applicable(&config.compliance.practice))
}

/// Builds the site into its output folder, replacing it only if every stage succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut timer = Timer::new();
    let out = options.out.clone().unwrap_or_else(|| default_out(&options.site));
    write::location::check(&options.site, &out)?;
    let files = load::load(&options.site)?;
    timer.lap("load");
    let checked = check_stage(options, files, None, &mut timer, OnFindings::Stop)?;
    let staging = Staging::new(&out)?;
    let mut report = produce(checked, &staging, None, &mut timer, OnFindings::Stop)?;
    staging.commit()?;
    timer.lap("write");
    report.timings = timer.timings;
    report.out = out;
    Ok(report)
}

/// Builds the site into memory (for tests); nothing is written to disk.
pub fn build_to_memory(options: &BuildOptions) -> Result<(BuildReport, Memory), BuildError> {
    let files = load::load(&options.site)?;
    build_files_to_memory(options, files, None)
}

/// Builds already loaded files into memory, reusing `caches` from earlier builds (`serve`).
pub fn build_files_to_memory(
    options: &BuildOptions,
    files: load::SiteFiles,
    caches: Option<&Caches>,
) -> Result<(BuildReport, Memory), BuildError> {
    let mut timer = Timer::new();
    let checked = check_stage(options, files, caches, &mut timer, OnFindings::Stop)?;
    let memory = Memory::default();
    let mut report = produce(checked, &memory, caches, &mut timer, OnFindings::Stop)?;
    report.timings = timer.timings;
    Ok((report, memory))
}

/// Checks and renders the site into memory whatever the findings (only a site that cannot be
/// read, modelled or rendered stops it): every finding, errors included, is in the report's
/// diagnostics. For `report`; nothing is written.
pub fn inspect(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let files = load::load(&options.site)?;
    let mut timer = Timer::new();
    let checked = check_stage(options, files, None, &mut timer, OnFindings::Collect)?;
    let mut report = produce(checked, &Memory::default(), None, &mut timer, OnFindings::Collect)?;
    crate::diagnostics::sort(&mut report.diagnostics);
    Ok(report)
}

/// render -> assets -> verify into `sink`.
fn produce(
    checked: Checked,
    output: &dyn Sink,
    caches: Option<&Caches>,
    timer: &mut Timer,
    on_findings: OnFindings,
) -> Result<BuildReport, BuildError> {
    let site_root = checked.files.root.clone();
    let Checked { files, site, theme, templates, images, diagnostics, suppressed, fail_on_warnings } = checked;
    let templates = templates.map_err(|d| BuildError::Template(vec![*d]))?;
    let base_url = site.config.base_url.clone();
    let redirects = write::redirects::plan(&site);
    // Pages are scanned for links and tags as they are written, while still in memory.
    let context = write::verify::ScanContext {
        base_url: base_url.clone(),
        notices: required_notices(&site),
        allowed: site.config.compliance.trackers_allowed.clone(),
        redirects: write::redirects::fallback_files(&redirects),
    };
    let sink = write::verify::Scanning::new(output, context, caches.map(|c| &c.scans));
    let card_cache = Some(site_root.join(".whitecoat").join("cache").join("cards"));
    let input = RenderInput {
        site: &site,
        theme: &theme,
        images: &images,
        base_url: &base_url,
        assets: &files.assets,
        card_cache,
        pages: caches.map(|c| &c.pages),
    };
    // Images and static files do not depend on the pages: they are produced alongside them.
    let produce_assets = || -> Result<(usize, Duration), BuildError> {
        let started = Instant::now();
        let count = match assets::produce_images(&images, &files.assets, &sink, caches.map(|c| &c.images)) {
            Ok(count) => count,
            // An image whose header was fine but whose data is not (a file cut short) is a
            // finding at the content that uses it.
            Err(assets::AssetError::Image(e)) => return Err(fail(vec![assets::image_failure(&site, &e)], &suppressed)),
            Err(e) => return Err(e.into()),
        };
        let count = count + assets::produce_static(&theme, &files.statics, &sink)?;
        Ok((count, started.elapsed()))
    };
    let (rendered, produced) = rayon::join(|| render::render(&input, templates, &sink), produce_assets);
    let stats = match rendered {
        Ok(stats) => stats,
        Err(RenderError::Diagnostics(d)) if d.iter().any(|d| d.rule.starts_with("template/")) => {
            return Err(BuildError::Template(d));
        }
        Err(RenderError::Diagnostics(d)) => return Err(fail(d, &suppressed)),
        Err(RenderError::Io(e)) => return Err(e.into()),
    };
    let (mut asset_count, assets_time) = produced?;
    timer.lap("render");

    // Last, so an alias is checked against every file the build wrote.
    let shadowed = write::redirects::write(&site, &redirects, &sink)?;
    if on_findings == OnFindings::Stop && !shadowed.is_empty() {
        return Err(fail(shadowed, &suppressed));
    }

    let editor = crate::cms::editor_folder(&files.statics);
    let exempt: Vec<&str> = editor.into_iter().collect();
    let verified = sink.verify(&exempt);
    let entries = write::headers::SecurityPolicy::top_level(&output.written());
    output.put("_headers", verified.policy.headers_file(&entries, &exempt).as_bytes())?;
    asset_count += 1;
    let problems = check::policy::apply_overrides(verified.findings, &site.config.compliance.rules);
    if on_findings == OnFindings::Stop && check::policy::fails(&problems, fail_on_warnings) {
        return Err(fail(problems, &suppressed));
    }
    let mut diagnostics = diagnostics;
    diagnostics.extend(shadowed);
    diagnostics.extend(problems);
    timer.lap("verify");
    Ok(BuildReport {
        diagnostics,
        suppressed,
        timings: Vec::new(),
        pages: stats.pages,
        cards: (stats.cards_drawn, stats.cards_reused),
        cards_time: stats.cards_time,
        assets: asset_count,
        assets_time,
        out: PathBuf::new(),
    })
}

fn fail(mut diagnostics: Vec<Diagnostic>, suppressed: &[Suppressed]) -> BuildError {
    crate::diagnostics::sort(&mut diagnostics);
    BuildError::Findings(diagnostics, suppressed.to_vec())
}

/// The notices every page must link to: those the practice's facts require and the site has.
fn required_notices(site: &model::Site) -> Vec<write::page_facts::RequiredNotice> {
    let present = model::notice::notices(site);
    check::notices::applicable(&site.config.compliance.practice)
        .into_iter()
        .filter(|rule| rule.on)
        .filter_map(|rule| {
            let notice = present.iter().find(|n| n.kind == rule.kind)?;
            Some(write::page_facts::RequiredNotice { rule: rule.rule, url: notice.url.clone(), title: notice.title })
        })
        .collect()
}

/// The default output folder of a site.
pub fn default_out(site: &Path) -> PathBuf {
    site.join("public")
}
