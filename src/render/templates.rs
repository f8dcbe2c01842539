//! Template engine setup (Tera 2) and turning its errors into diagnostics that name the template
//! file and line.

use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Span};
use crate::source::SourceFile;
use crate::theme::Theme;

/// The compiled templates and where each came from.
pub struct Templates {
    tera: Tera,
    theme: Theme,
}

impl Templates {
    /// Compiles every template of the theme; `globals` are visible to all templates.
    pub fn compile(theme: &Theme, globals: Context) -> Result<Self, Box<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let sources: Vec<(&str, &str)> =
            theme.templates.iter().filter_map(|(name, file)| file.text().map(|text| (name.as_str(), text))).collect();
        let mut this = Self { tera, theme: theme.clone() };
        if let Err(e) = this.tera.add_raw_templates(sources) {
            return Err(Box::new(this.diagnostic("template/syntax", &e)));
        }
        this.tera.global_context().extend(globals);
        Ok(this)
    }

    /// Whether the theme has a template of that name.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.tera.render(name, context).map_err(|e| Box::new(self.diagnostic("template/render", &e)))
    }

    /// Converts a Tera error into a diagnostic pointing into the template's file.
    fn diagnostic(&self, rule: &'static str, error: &tera::Error) -> Diagnostic {
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = report.filename();
                let origin = self.theme.templates.get(name).map_or_else(|| name.to_string(), |f| f.origin.clone());
                let text = self.theme.templates.get(name).and_then(|f| f.text()).unwrap_or_default();
                let file = Arc::new(SourceFile::new(origin.clone(), text.to_string()));
                let range = report.span().range.clone();
                let range = range.start.min(text.len())..range.end.min(text.len());
                Diagnostic::error(rule, format!("template {origin}: {}", report.message()))
                    .at(Span::new(&file, range), report.message().to_string())
                    .help(template_help(report.message()))
            }
            other => Diagnostic::error(rule, format!("template error: {other}"))
                .help("check the template names used in extends/include against the theme's templates/ folder"),
        }
    }
}

fn template_help(message: &str) -> String {
    if message.contains("not found") || message.contains("undefined") || message.contains("doesn't exist") {
        "themes/README.md lists the variables each template receives; guard optional ones with {% if x %}".to_string()
    } else {
        "fix the template syntax; Tera 2 syntax is documented at keats.github.io/tera".to_string()
    }
}
