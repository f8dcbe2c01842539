//! Template engine setup (Tera 2) and turning its errors into diagnostics that name the template
//! file and line.

use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Span};
use crate::render::budget;
use crate::source::SourceFile;
use crate::theme::Theme;

/// The compiled templates and where each came from.
pub struct Templates {
    tera: Tera,
    theme: Theme,
}

impl Templates {
    /// Compiles every template of the theme (it depends on nothing else: a build compiles it while
    /// the content is checked).
    pub fn compile(theme: &Theme) -> Result<Self, Box<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let sources: Vec<(&str, &str)> =
            theme.templates.iter().filter_map(|(name, file)| file.text().map(|text| (name.as_str(), text))).collect();
        let mut this = Self { tera, theme: theme.clone() };
        if let Err(e) = this.tera.add_raw_templates(sources) {
            return Err(Box::new(this.diagnostic("template/syntax", &e)));
        }
        Ok(this)
    }

    /// Makes `globals` visible to all templates.
    pub fn set_globals(&mut self, globals: Context) {
        self.tera.global_context().extend(globals);
    }

    /// Whether the theme has a template of that name.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` with `context` as the page at `url`, within `page_bytes` (see [`budget`]).
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        url: &str,
        page_bytes: usize,
    ) -> Result<String, Box<Diagnostic>> {
        let origin = self.theme.templates.get(name).map_or(name, |f| f.origin.as_str());
        let mut writer = budget::CappedWriter::new(page_bytes);
        let what = format!("template {origin} (page {url})");
        let result = budget::within(&what, page_bytes, || self.tera.render_to(name, context, &mut writer));
        match result {
            Ok(()) => Ok(String::from_utf8(writer.into_inner()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) if writer.exceeded() => Err(Box::new(
                Diagnostic::error(
                    "template/render",
                    format!("{what}: the page grew past {page_bytes} bytes ([limits] page_bytes)"),
                )
                .help("a loop or recursion in the template writes without bound; fix the template, or raise page_bytes under [limits] if the page really is that large"),
            )),
            Err(e) => Err(Box::new(self.diagnostic("template/render", &e))),
        }
    }

    /// Converts a Tera error into a diagnostic pointing into the template's file.
    fn diagnostic(&self, rule: &'static str, error: &tera::Error) -> Diagnostic {
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                self.located(rule, report.filename(), report.span().range.clone(), report.message())
            }
            other => {
                // Some errors (an unknown filter, say) carry Tera's own report as text: take the
                // first line as the message and the `--> name:line:col` pointer as the place.
                let text = other.to_string();
                let message = text.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string();
                let pointer = text.lines().find_map(|l| l.trim().strip_prefix("--> ")).and_then(|p| {
                    let mut parts = p.rsplitn(3, ':');
                    let column: usize = parts.next()?.parse().ok()?;
                    let line: usize = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, column))
                });
                match pointer {
                    Some((name, line, column)) => {
                        let text = self.theme.templates.get(&name).and_then(|f| f.text()).unwrap_or_default();
                        let start = SourceFile::new("", text.to_string()).offset_of(line, column);
                        self.located(rule, &name, start..start, &message)
                    }
                    None => Diagnostic::error(rule, format!("template error: {message}")).help(template_help(&message)),
                }
            }
        }
    }

    /// A diagnostic at `range` of the template `name`, named by where the file came from.
    fn located(&self, rule: &'static str, name: &str, range: std::ops::Range<usize>, message: &str) -> Diagnostic {
        let origin = self.theme.templates.get(name).map_or_else(|| name.to_string(), |f| f.origin.clone());
        let text = self.theme.templates.get(name).and_then(|f| f.text()).unwrap_or_default();
        let file = Arc::new(SourceFile::new(origin.clone(), text.to_string()));
        let range = range.start.min(text.len())..range.end.min(text.len());
        Diagnostic::error(rule, format!("template {origin}: {message}"))
            .at(Span::new(&file, range), "here")
            .help(template_help(message))
    }
}

fn template_help(message: &str) -> String {
    if message.contains("not defined") || message.contains("undefined") || message.contains("doesn't exist") {
        "themes/README.md lists the variables each template receives; guard optional ones with {% if x %}".to_string()
    } else if message.contains("filter") || message.contains("function") || message.contains("test") {
        "Tera 2 has no such filter, function or test here; themes/README.md lists what whitecoat provides".to_string()
    } else if message.contains("not found") {
        "check the template names used in extends/include against the theme's templates/ folder".to_string()
    } else {
        "fix the template syntax; Tera 2 syntax is documented at keats.github.io/tera".to_string()
    }
}
