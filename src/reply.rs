//! `whitecoat reply-check`: checks a draft reply to a Google, Yelp or Healthgrades review before
//! it is posted, with the rules of `reviews/response` (see [`crate::check::replies`]), and offers
//! a generic reply that is safe to post instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::phi::{Public, Scanner};
use crate::check::privacy::Privacy;
use crate::check::replies::{ReplyCheck, safe_reply};
use crate::diagnostics::Diagnostic;
use crate::fsx::FsError;
use crate::pipeline::{BuildError, BuildOptions};
use crate::source::SourceFile;

/// A checked reply.
#[derive(Debug)]
pub struct ReplyReport {
    /// What is wrong with it.
    pub diagnostics: Vec<Diagnostic>,
    /// A generic reply to post instead.
    pub suggestion: String,
}

/// Why a reply could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// The reply could not be read.
    #[error(transparent)]
    Io(#[from] FsError),
    /// The reply is not UTF-8 text.
    #[error("{0} is not UTF-8 text; save the reply as plain text")]
    NotUtf8(PathBuf),
    /// The site given with --site could not be read.
    #[error("the site could not be read: {0}")]
    Site(#[from] Box<BuildError>),
}

/// Checks the reply in `input` (`-` or `None`: standard input). With a `site`, its practice name,
/// phone and clinicians are known (they are fine in a reply) and the suggestion uses them.
pub fn check(input: Option<&Path>, site: Option<&Path>, author: Option<&str>) -> Result<ReplyReport, ReplyError> {
    let (name, bytes) = match input.filter(|p| *p != Path::new("-")) {
        Some(path) => (path.to_path_buf(), crate::fsx::read(path)?),
        None => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                .map_err(|e| FsError::new("reading", Path::new("<stdin>"), e))?;
            (PathBuf::from("<stdin>"), bytes)
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| ReplyError::NotUtf8(name.clone()))?;
    let file = Arc::new(SourceFile::new(name, text));
    let range = 0..file.text.len();
    let scanner = Scanner::new();
    let (diagnostics, suggestion) = match site {
        Some(site) => {
            let options = BuildOptions { site: site.to_path_buf(), ..BuildOptions::default() };
            let site = crate::pipeline::model_only(&options).map_err(Box::new)?;
            let privacy = Privacy::new(&site);
            let check = privacy.reply_check(&site, author);
            (check.check(&file, range), check.rewrite.clone())
        }
        None => {
            let public = Public::default();
            let rewrite = safe_reply("our practice", None);
            let check = ReplyCheck { scanner: &scanner, public: &public, author, rewrite: rewrite.clone() };
            (check.check(&file, range), rewrite)
        }
    };
    Ok(ReplyReport { diagnostics, suggestion })
}
