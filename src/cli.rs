//! Command-line interface: the commands and flags, defined once with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Build a physician's website from Markdown, checked against medicine's rules.
#[derive(Debug, Parser)]
#[command(name = "whitecoat", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the site, then build it into the output folder (nothing is written if a check fails).
    Build {
        /// The site folder (contains site.toml) [default: the folder with site.toml that holds the
        /// current folder, as `git` finds its repository].
        site: Option<PathBuf>,
        /// Output folder [default: SITE/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Base URL to build for, overriding site.toml (for preview deploys).
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<url::Url>,
        /// Include documents marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print only errors and a one-line summary.
        #[arg(long, short)]
        quiet: bool,
        /// Print how long each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Run the checks without building (for CI).
    Check {
        /// The site folder (contains site.toml) [default: the folder with site.toml that holds the
        /// current folder, as `git` finds its repository].
        site: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print only errors and a one-line summary (human format).
        #[arg(long, short)]
        quiet: bool,
        /// Include documents marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build into memory and serve the site locally, rebuilding and reloading on every change.
    #[cfg(feature = "serve")]
    Serve {
        /// The site folder (contains site.toml) [default: the folder with site.toml that holds the
        /// current folder, as `git` finds its repository].
        site: Option<PathBuf>,
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind (127.0.0.1 keeps the preview private to this machine).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include documents marked `draft = true` (on by default while previewing).
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        drafts: bool,
    },
    /// Check a draft reply to a Google, Yelp or other review before posting it: a reply must not
    /// confirm that the reviewer is a patient, or name a person, date, condition or treatment.
    ReplyCheck {
        /// The reply as a text file, or `-` for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// A site folder: its practice name, phone and clinicians are known, and the suggested
        /// reply uses them.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The reviewer's name as shown on the review (a reply must not repeat it).
        #[arg(long)]
        author: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReplyFormat::Human)]
        format: ReplyFormat,
    },
    /// Write a browser editor into static/admin/ (served at /admin/), generated from the content
    /// model. Running it again keeps the backend section and the editor chosen before.
    Cms {
        /// The site folder (contains site.toml).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The editor [default: the one installed before, else decap].
        #[arg(long, value_enum)]
        editor: Option<crate::cms::Editor>,
        /// GitHub repository the editor commits to, `owner/name` [default: the git remote
        /// `origin`].
        #[arg(long, value_name = "OWNER/NAME")]
        repo: Option<String>,
        /// Branch the editor commits to [default: main].
        #[arg(long)]
        branch: Option<String>,
        /// Address of the OAuth proxy that signs editors in with GitHub (the backend's `base_url`).
        #[arg(long, value_name = "URL")]
        auth_url: Option<String>,
        /// Write nothing; exit 1 if the files are missing or out of date.
        #[arg(long)]
        check: bool,
        /// Regenerate only an editor `whitecoat cms` wrote before; do nothing without one (for
        /// deploy scripts: the editor's clinicians and notice links follow the site).
        #[arg(long, conflicts_with = "check")]
        refresh: bool,
    },
    /// Write a compliance report for the practice's compliance officer: rules and results,
    /// required notices, third parties, authorizations expiring within 90 days, articles due for
    /// medical re-review, suppressions, and the build it describes.
    Report {
        /// The site folder (contains site.toml) [default: the folder with site.toml that holds the
        /// current folder, as `git` finds its repository].
        site: Option<PathBuf>,
        /// File to write (replaced only if it is an earlier report) [default: standard output].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
    },
    /// Create a new site with an example of every kind of content.
    Init {
        /// Folder to create the site in (must be empty or missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a content file with the right front matter for its kind. Facts only a person can
    /// supply (authorization dates, medical review) start as placeholders that fail `check`.
    New {
        /// Kind of content.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title (for team members, the person's name; for a notice, its kind). Reviews take
        /// none: a review's file is never named after the patient.
        title: Option<String>,
        /// For a review: the id of the patient's signed authorization, which names the file
        /// (otherwise `review-0001.md`, `review-0002.md`, …).
        #[arg(long)]
        authorization: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Import another site's content into this one (never overwrites a file).
    Import {
        /// Where the content comes from.
        #[command(subcommand)]
        from: ImportFrom,
    },
}

/// Sources `whitecoat import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A WordPress export (Tools > Export > All content): posts become articles, pages pages,
    /// testimonials reviews; old permalinks become `aliases`; no network is used.
    Wordpress {
        /// The export file (WXR, .xml).
        export: PathBuf,
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The old site's wp-content/uploads folder: images the content shows are copied from it
        /// into assets/wordpress/.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
    },
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets with carets, for people.
    Human,
    /// One JSON object.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained, printable HTML page.
    Html,
    /// One JSON object.
    Json,
}

/// Output formats of `reply-check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReplyFormat {
    /// Snippets with carets and the suggested reply, for people.
    Human,
    /// One JSON object with the findings and the suggested reply.
    Json,
}

/// Kinds `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// An educational article.
    Article,
    /// A patient review (created as a draft until its authorization is recorded).
    Review,
    /// A team member.
    Team,
    /// A plain page.
    Page,
    /// A legal notice page (`whitecoat new notice privacy`): privacy, nondiscrimination,
    /// language-assistance, good-faith-estimate, surprise-billing, accessibility.
    Notice,
}

fn parse_base_url(text: &str) -> Result<url::Url, String> {
    crate::config::parse_base_url_flag(text)
}
