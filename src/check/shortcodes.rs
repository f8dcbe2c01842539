//! `markup/shortcode`: shortcodes (see [`crate::markdown::shortcodes`]) that are unknown, badly
//! written or point at nothing — a booking button without a booking link, a video without captions
//! or a transcript, a file missing from `static/` — reported at the source before anything is
//! written. Reviews are patient content: shortcodes are not expanded there, so not checked.

use crate::diagnostics::{Diagnostic, Span};
use crate::markdown::shortcodes::{self, Context, Problem};
use crate::model::Site;
use crate::model::document::{Document, Kind};

/// The shortcode findings of `doc`.
pub fn check(site: &Site, doc: &Document) -> Vec<Diagnostic> {
    let body = doc.body_text();
    if doc.kind == Kind::Review || !body.contains("{{<") {
        return Vec::new();
    }
    let static_dir = site.config_file.path.parent().map(|root| root.join("static"));
    let context = Context::of(site, static_dir.as_deref());
    let (calls, mut problems) = shortcodes::find(body);
    problems.extend(calls.iter().filter_map(|call| shortcodes::resolve(call, body, &context).err()));
    problems.into_iter().map(|problem| finding(doc, problem)).collect()
}

fn finding(doc: &Document, problem: Problem) -> Diagnostic {
    let range = doc.body.start + problem.range.start..doc.body.start + problem.range.end;
    Diagnostic::error("markup/shortcode", problem.message)
        .at(Span::new(&doc.file, range), problem.label)
        .help(problem.help)
}
