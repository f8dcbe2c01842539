//! Template errors name the template file (the site's override, not just the template name) and
//! the line, and exit with 2 (a configuration problem, not a content finding).

mod common;

use common::SiteTest;

/// The minimal site with a page (so `page.html` is rendered) and a site template override.
fn site_with_template(name: &str, text: &str) -> SiteTest {
    SiteTest::new()
        .minimal()
        .file(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\ndescription = \"About us.\"\n+++\n\nAbout the practice.\n",
        )
        .file(&format!("templates/{name}"), text)
}

fn locations(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect()
}

#[test]
fn syntax_error_names_the_site_template_and_line() {
    let site = site_with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    );
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("templates/page.html"), "{run}");
    let found = locations(&run.stderr);
    assert_eq!(found.len(), 1, "{run}");
    assert!(found[0].starts_with("templates/page.html:3:"), "{run}");
    assert!(!site.out().exists(), "a failed build wrote output");
    insta::assert_snapshot!(run.stderr);
}

/// `check` compiles the templates too: a theme the build would fail on is not a green check.
#[test]
fn check_reports_a_template_that_does_not_compile() {
    let site = site_with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    );
    let site_path = site.path().to_string_lossy().into_owned();
    let run = site.run(&["check", &site_path]).expect(2);
    assert_eq!(locations(&run.stderr).len(), 1, "{run}");
    assert!(locations(&run.stderr)[0].starts_with("templates/page.html:3:"), "{run}");
    let json = site.run(&["check", &site_path, "--format", "json"]).expect(2);
    assert!(json.stdout.contains("template/syntax"), "{json}");
}

#[test]
fn syntax_error_in_an_overridden_base_names_it() {
    let base = "<!doctype html>\n<html lang=\"{{ site.language }}\">\n<head><title>{{ page.title }}</title>{{ social }}</head>\n<body><main>{% block content %}{% endblock content %}{{ disclaimer }}</main>\n{% if %}\n</body></html>\n";
    let site = site_with_template("base.html", base);
    let run = site.build(&[]).expect(2);
    let found = locations(&run.stderr);
    assert_eq!(found.len(), 1, "{run}");
    assert!(found[0].starts_with("templates/base.html:5:"), "{run}");
}

#[test]
fn undefined_field_names_the_site_template_and_line() {
    let site = site_with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.nosuch }}</h1>\n{% endblock content %}\n",
    );
    let run = site.build(&[]).expect(2);
    assert_eq!(locations(&run.stderr), ["templates/page.html:3:13"], "{run}");
    assert!(run.stderr.contains("error[template/render]"), "{run}");
    assert!(run.stderr.contains("`nosuch`"), "{run}");
}

/// The help of an undefined variable or field says "fix the template syntax", but the syntax is
/// fine: the variable does not exist. Tera 2 says "is not defined", which the help chooser does
/// not recognise (it looks for "not found", "undefined" or "doesn't exist").
#[test]
fn undefined_field_help_points_at_the_variable_list() {
    let site = site_with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.nosuch }}</h1>\n{% endblock content %}\n",
    );
    let run = site.build(&[]).expect(2);
    assert!(run.stderr.contains("themes/README.md"), "{run}");
    assert!(!run.stderr.contains("fix the template syntax"), "{run}");
}

/// An unknown filter falls through to the generic branch: the message embeds Tera's own report
/// ("template error: error: Unknown filter …" with ` --> page.html:3:21` inside the message), the
/// file is named `page.html` (not `templates/page.html`, so a site override and the theme's own
/// template look the same), and the help talks about extends/include names.
#[test]
fn unknown_filter_names_the_site_template_and_line() {
    let site = site_with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title | nosuchfilter }}</h1>\n{% endblock content %}\n",
    );
    let run = site.build(&[]).expect(2);
    assert_eq!(locations(&run.stderr), ["templates/page.html:3:21"], "{run}");
    assert!(!run.stderr.contains("error: error:"), "{run}");
    assert!(!run.stderr.contains("extends/include"), "{run}");
}
