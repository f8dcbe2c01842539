//! Team members (`content/team/*.md`).

use crate::diagnostics::Diagnostic;
use crate::model::document::Document;
use crate::model::fields::Fields;
use crate::model::profile::strings;
use crate::model::values::Sp;

/// Roles a team member can have.
pub const ROLES: [&str; 5] = ["physician", "nurse_practitioner", "physician_assistant", "nurse", "staff"];

/// A member of the practice's team.
#[derive(Debug, Clone)]
pub struct TeamMember {
    /// Shared fields and the bio body.
    pub doc: Document,
    /// Full name.
    pub name: Sp<String>,
    /// "Dr."
    pub honorific_prefix: Option<String>,
    /// Credentials.
    pub credentials: Vec<String>,
    /// One of [`ROLES`].
    pub role: String,
    /// Displayed job title ("Practice Manager").
    pub job_title: Option<String>,
    /// Specialties.
    pub specialties: Vec<String>,
    /// NPI (required for physicians, NPs and PAs).
    pub npi: Option<Sp<String>>,
    /// Photo, a path under `assets/`.
    pub photo: Option<Sp<String>>,
    /// Photo alt text.
    pub photo_alt: Option<Sp<String>>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Ordering on the team page (lower first).
    pub weight: i64,
}

impl TeamMember {
    /// Whether the member is a licensed clinician who can author or review medical content.
    pub fn is_clinician(&self) -> bool {
        requires_npi(&self.role)
    }
}

/// Roles that bill under their own NPI.
pub fn requires_npi(role: &str) -> bool {
    matches!(role, "physician" | "nurse_practitioner" | "physician_assistant")
}

/// Reads a team member's own fields after the shared ones.
pub fn read(f: &mut Fields<'_>, doc: Document) -> Option<TeamMember> {
    let name = f.req_str("name");
    let honorific_prefix = f.str("honorific_prefix").map(|s| s.value);
    let credentials = strings(f.str_list("credentials"));
    let role_present = f.allow("role").is_some();
    let role = f.choice("role", &ROLES);
    if !role_present {
        f.report(
            Diagnostic::error("frontmatter/required", "team member front matter is missing the required field `role`")
                .at(f.span(name.as_ref().map_or(0..0, |n| n.span.clone())), "`role` is required")
                .help(format!("add role = \"…\", one of: {}", ROLES.join(", "))),
        );
    }
    let job_title = f.str("job_title").map(|s| s.value);
    let specialties = strings(f.str_list("specialties"));
    let npi = f.str("npi");
    let photo = f.str("photo");
    let photo_alt = f.str("photo_alt");
    let languages = strings(f.str_list("languages"));
    let weight = f.int("weight", -10_000..=10_000).map_or(0, |w| w.value);
    if let (Some(role), None) = (&role, &npi)
        && requires_npi(role)
    {
        f.report(
            Diagnostic::error(
                "frontmatter/required",
                format!("a team member with role `{}` needs an `npi`", role.value),
            )
            .at(f.span(role.span.clone()), "this role bills under its own NPI")
            .help("add npi = \"…\" (10 digits, from the NPPES registry)"),
        );
    }
    Some(TeamMember {
        doc,
        name: name?,
        honorific_prefix,
        credentials,
        role: role?.value,
        job_title,
        specialties,
        npi,
        photo,
        photo_alt,
        languages,
        weight,
    })
}
