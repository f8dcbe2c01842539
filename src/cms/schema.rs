//! The editor's collections and fields, written from whitecoat's content model (`crate::model`):
//! one collection per content kind, one field per front-matter key the model reads, with the
//! widget that writes the type the model expects (dates as `YYYY-MM-DD`, whole numbers, lists of
//! text, allowed values as selects) and the model's required fields required in the editor too.
//! Fields the editor leaves out are listed in [`NOT_EDITABLE`] with the reason.

use serde_json::{Map, Value, json};

use crate::model::profile::EDUCATION_KINDS;
use crate::model::review::{IDENTIFIERS, INCENTIVES, RELATIONSHIPS, WITHHELD_REASONS};
use crate::model::team::ROLES;

/// Front-matter keys the model reads that the editor does not offer, by kind, and why. Files
/// keep these keys when they are edited in the browser.
pub const NOT_EDITABLE: &[(&str, &str, &str)] = &[
    ("*", "extra", "free-form data for templates has no fixed shape"),
    ("*", "allow", "suppressing a compliance finding is a decision for whoever answers for compliance"),
    ("profile", "slug", "the profile is always the home page"),
    ("profile", "draft", "the profile is the home page and cannot be a draft"),
    ("review", "slug", "a review's file and anchor are named after its authorization, never after the patient"),
    ("review", "description", "reviews have no page of their own"),
    ("review", "updated", "reviews have no page of their own"),
    ("review", "noindex", "reviews have no page of their own"),
    ("review", "aliases", "reviews have no page of their own"),
    ("review", "image", "reviews share the practice's generic card, never a patient's face"),
    ("review", "image_alt", "reviews share the practice's generic card, never a patient's face"),
];

/// Review sources whitecoat names on the reviews page (`render::convert::source_label`).
pub const REVIEW_SOURCES: [&str; 9] =
    ["direct", "google", "healthgrades", "webmd", "ratemds", "vitals", "zocdoc", "yelp", "facebook"];

/// Social networks offered for the profile's `[social]` links (any other key works too).
pub const SOCIAL_NETWORKS: [&str; 7] =
    ["linkedin", "x", "doximity", "facebook", "instagram", "youtube", "healthgrades"];

/// Front matter dates: `YYYY-MM-DD`, the form the model reads and `whitecoat new` writes.
pub const DATE_FORMAT: &str = "YYYY-MM-DD";

/// A slug as the model accepts it in `slug = "…"`.
const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// An absolute http(s) URL, as the model requires for links.
const URL_PATTERN: &str = "^https?://[^\\s]+$";
/// An alias as the model accepts it: a site path (`document::alias_problem` has the details).
const ALIAS_PATTERN: &str = "^/[^\\s?#*:\"\\\\]*$";
/// An NPI's shape (the check digit is verified by `whitecoat check`).
const NPI_PATTERN: &str = "^[0-9]{10}$";

/// A clinician the editor offers for `author`, `about` and `reviewer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The slug front matter uses: `profile`, or a team member's file name.
    pub slug: String,
    /// What the editor shows.
    pub label: String,
    /// Whether they may review articles medically (physician, nurse practitioner, physician
    /// assistant, or the profile's physician).
    pub clinician: bool,
}

/// What the editor needs from the site itself: who can be named as author, subject or reviewer,
/// and the site's address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFacts {
    /// The profile first, then the team in the site's order.
    pub people: Vec<Person>,
    /// Social networks the profile already links to, besides [`SOCIAL_NETWORKS`].
    pub social: Vec<String>,
    /// The site's `base_url`.
    pub base_url: String,
    /// The site's title.
    pub title: String,
    /// The brand's primary colour, `#rrggbb`.
    pub primary: String,
    /// The site's legal notices, `(link text, URL)`: every page of the site links them, the
    /// editor's page too.
    pub notices: Vec<(String, String)>,
}

/// Where the site lives in its repository: collection folders are relative to the repository's
/// root, so a site in a subfolder gets that folder as a prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The site folder relative to the repository root, `/`-separated, empty at the root.
    pub prefix: String,
}

impl Layout {
    /// `path` inside the site, as the repository sees it.
    pub fn path(&self, path: &str) -> String {
        if self.prefix.is_empty() { path.to_string() } else { format!("{}/{path}", self.prefix) }
    }
}

/// One field of a collection.
#[derive(Debug, Clone)]
struct Field(Map<String, Value>);

fn field(name: &str, label: &str, widget: &str) -> Field {
    let mut map = Map::new();
    map.insert("name".into(), name.into());
    map.insert("label".into(), label.into());
    map.insert("widget".into(), widget.into());
    map.insert("required".into(), true.into());
    Field(map)
}

impl Field {
    fn optional(self) -> Self {
        self.with("required", false)
    }

    fn hint(self, text: &str) -> Self {
        self.with("hint", text)
    }

    fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    fn pattern(self, regex: &str, message: &str) -> Self {
        self.with("pattern", json!([regex, message]))
    }

    fn fields(self, fields: Vec<Field>) -> Self {
        self.with("fields", Value::Array(fields.into_iter().map(Field::into_value).collect()))
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

fn string(name: &str, label: &str) -> Field {
    field(name, label, "string")
}

fn text(name: &str, label: &str) -> Field {
    field(name, label, "text")
}

fn boolean(name: &str, label: &str) -> Field {
    field(name, label, "boolean").optional()
}

/// A calendar day stored as `YYYY-MM-DD`, empty until someone picks one (an optional date left
/// empty is not written at all; a `default: ""` would be saved as `key = ""`, which is no date).
fn date(name: &str, label: &str) -> Field {
    field(name, label, "datetime")
        .with("format", DATE_FORMAT)
        .with("date_format", DATE_FORMAT)
        .with("time_format", false)
        .with("picker_utc", true)
}

/// A required date only a person can supply (when a patient signed, when a clinician reviewed):
/// it never defaults to today, so the editor refuses to save until it is filled in.
fn fact_date(name: &str, label: &str) -> Field {
    date(name, label).with("default", "")
}

fn whole(name: &str, label: &str, min: i64, max: i64) -> Field {
    field(name, label, "number").with("value_type", "int").with("min", min).with("max", max)
}

/// A list of text, one input per entry (Decap's list without a `field` splits at commas, which
/// would cut an award like "Teaching Award, Great Lakes University" in two).
fn strings(name: &str, label: &str) -> Field {
    field(name, label, "list").optional().with("field", json!({ "name": "item", "label": label, "widget": "string" }))
}

fn image(name: &str, label: &str) -> Field {
    field(name, label, "image").optional().with("choose_url", false)
}

fn url(name: &str, label: &str) -> Field {
    string(name, label).optional().pattern(URL_PATTERN, "a full address starting with https://")
}

/// "nurse_practitioner" -> "Nurse practitioner".
pub fn humanize(value: &str) -> String {
    let words = value.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn select(name: &str, label: &str, values: &[&str]) -> Field {
    let options: Vec<Value> = values.iter().map(|v| json!({ "label": humanize(v), "value": v })).collect();
    field(name, label, "select").with("options", options)
}

fn people(name: &str, label: &str, people: &[&Person]) -> Field {
    let options: Vec<Value> = people.iter().map(|p| json!({ "label": p.label, "value": p.slug })).collect();
    field(name, label, "select").with("options", options)
}

/// The shared fields every kind may carry (`document::read_common`), minus the title.
fn sharing(kind: &str) -> Vec<Field> {
    let mut fields = vec![
        text("description", "Description").optional().hint(
            "One or two sentences (under 160 characters) for search results and link previews; taken from the text when empty.",
        ),
        date("date", "Date").optional(),
        date("updated", "Last updated").optional(),
        image("image", "Share image").hint("Replaces the generated share card (1200x630 works best)."),
        string("image_alt", "Share image description").optional(),
        boolean("noindex", "Hide from search engines"),
        field("aliases", "Old addresses", "list")
            .optional()
            .with(
                "field",
                json!({ "name": "item", "label": "Old address", "widget": "string", "pattern": [ALIAS_PATTERN, "a path on this site starting with /, e.g. /old-page/"] }),
            )
            .hint("Addresses this page had before, e.g. /old-page/ from a previous site; they redirect here."),
    ];
    if kind != "profile" {
        fields.push(
            string("slug", "Web address")
                .optional()
                .pattern(SLUG_PATTERN, "lower-case letters, digits and single hyphens")
                .hint("Overrides the address taken from the file name."),
        );
        fields.push(boolean("draft", "Draft").hint("Drafts are left out of the published site."));
    }
    fields
}

fn profile(facts: &SiteFacts, layout: &Layout) -> Value {
    let mut networks: Vec<&str> = SOCIAL_NETWORKS.to_vec();
    networks.extend(facts.social.iter().map(String::as_str).filter(|n| !SOCIAL_NETWORKS.contains(n)));
    let social: Vec<Field> = networks.iter().map(|n| url(n, &humanize(n))).collect();
    let mut fields = vec![
        string("title", "Page title")
            .optional()
            .hint("The home page's title in browser tabs and search results, e.g. \"Amara Okafor, MD — Cardiologist in Springfield\"."),
        string("name", "Name").hint("Full name, without \"Dr.\" or credentials."),
        string("honorific_prefix", "Prefix").optional().hint("e.g. Dr."),
        strings("credentials", "Credentials").hint("e.g. MD, FACC"),
        strings("specialties", "Specialties"),
        string("npi", "NPI").optional().pattern(NPI_PATTERN, "10 digits").hint("From the NPPES registry."),
        image("headshot", "Headshot"),
        string("headshot_alt", "Headshot description").optional(),
        boolean("accepting_new_patients", "Accepting new patients"),
        boolean("telehealth", "Offers telehealth"),
        strings("languages", "Languages"),
        strings("insurance", "Insurance accepted"),
        url("booking_url", "Online booking link"),
        strings("hospital_affiliations", "Hospital affiliations"),
        field("education", "Education and training", "list").optional().with("summary", "{{fields.kind}}: {{fields.institution}}").fields(
            vec![
                select("kind", "Kind", &EDUCATION_KINDS),
                string("institution", "Institution"),
                whole("year", "Year completed", 1900, 2100).optional(),
            ],
        ),
        field("board_certifications", "Board certifications", "list")
            .optional()
            .with("summary", "{{fields.board}}")
            .fields(vec![
                string("board", "Board"),
                string("specialty", "Specialty").optional(),
                whole("year", "Year certified", 1900, 2100).optional(),
            ]),
        strings("memberships", "Professional memberships"),
        strings("awards", "Awards"),
        field("social", "Profiles on other sites", "object").optional().with("collapsed", true).fields(social),
    ];
    fields.extend(sharing("profile"));
    fields.push(field("body", "Biography", "markdown"));
    json!({
        "name": "profile",
        "label": "Physician profile",
        "description": "The physician's profile: the home page.",
        "editor": { "preview": false },
        "files": [{
            "name": "profile",
            "label": "Physician profile",
            "file": layout.path("content/profile.md"),
            "preview_path": "",
            "fields": fields.into_iter().map(Field::into_value).collect::<Vec<_>>(),
        }],
        "format": "toml-frontmatter",
    })
}

/// A folder collection of one content kind.
fn folder(name: &str, label: &str, singular: &str, folder: &str, layout: &Layout, rest: Value) -> Value {
    let mut collection = json!({
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": layout.path(folder),
        "create": true,
        "extension": "md",
        "format": "toml-frontmatter",
        "slug": "{{slug}}",
        "editor": { "preview": false },
    });
    if let (Value::Object(map), Value::Object(rest)) = (&mut collection, rest) {
        map.extend(rest);
    }
    collection
}

fn team(layout: &Layout) -> Value {
    let mut fields = vec![
        string("name", "Name").hint("Full name, without \"Dr.\" or credentials. The page's address is made from it."),
        select("role", "Role", &ROLES).hint("Physicians, nurse practitioners and physician assistants need an NPI."),
        string("honorific_prefix", "Prefix").optional().hint("e.g. Dr."),
        strings("credentials", "Credentials"),
        string("job_title", "Job title").optional().hint("e.g. Practice Manager"),
        strings("specialties", "Specialties"),
        string("npi", "NPI")
            .optional()
            .pattern(NPI_PATTERN, "10 digits")
            .hint("Required for physicians, nurse practitioners and physician assistants; from the NPPES registry."),
        image("photo", "Photo"),
        string("photo_alt", "Photo description").optional(),
        strings("languages", "Languages"),
        whole("weight", "Order on the team page", -10_000, 10_000).optional().hint("Lower numbers come first."),
        string("title", "Page title").optional(),
    ];
    fields.extend(sharing("team"));
    fields.push(field("body", "Bio", "markdown").optional());
    folder(
        "team",
        "Team",
        "Team member",
        "content/team",
        layout,
        json!({
            "description": "Everyone on the team page. Clinicians can be named as authors and medical reviewers.",
            "identifier_field": "name",
            "summary": "{{name}} — {{role}}",
            "sortable_fields": ["name", "weight"],
            "preview_path": "team/{{slug}}/",
            "fields": values(fields),
        }),
    )
}

fn reviews(facts: &SiteFacts, layout: &Layout) -> Value {
    let everyone: Vec<&Person> = facts.people.iter().collect();
    let fields = vec![
        field("authorization", "Signed authorization", "object")
            .with("collapsed", false)
            .hint("The patient's signed HIPAA marketing authorization (45 CFR 164.508): copy the facts from the form. The form itself never goes on the site.")
            .fields(vec![
                string("id", "Authorization id")
                    .hint("The form's id in the practice's records, e.g. AUTH-2026-014. The review is saved under this id, never under the patient's name."),
                fact_date("signed_on", "Signed on"),
                fact_date("expires_on", "Expires on").hint("The expiry written on the form; the review leaves the site when it passes."),
                strings("channels", "Where it may be published").with("default", json!(["website"])),
                field("permitted_identifiers", "What may identify the patient", "select")
                    .optional()
                    .with("multiple", true)
                    .with("default", json!(["initials"]))
                    .with(
                        "options",
                        IDENTIFIERS.iter().map(|v| json!({ "label": humanize(v), "value": v })).collect::<Vec<_>>(),
                    ),
                boolean("revoked", "Revoked by the patient").hint("A revoked review is left out of the site."),
            ]),
        string("author", "Shown as")
            .hint("As the authorization permits: initials (\"J.D.\") or first name and last initial (\"Maria R.\"). Never the full name unless permitted."),
        whole("rating", "Rating", 1, 5).hint("1 to 5, as the patient gave it."),
        date("date", "Written on").optional(),
        select("source", "Source", &REVIEW_SOURCES).optional(),
        url("source_url", "Link to the original review"),
        people("about", "About", &everyone).optional(),
        select("relationship", "Reviewer is", &RELATIONSHIPS).optional().with("default", "patient"),
        select("incentive", "Incentive given", &INCENTIVES).optional().with("default", "none"),
        text("incentive_disclosure", "Incentive disclosure")
            .optional()
            .hint("Required when there was an incentive or the reviewer is an employee or a relative of staff (16 CFR 255.5); shown next to the review."),
        text("expected_results", "Generally expected results")
            .optional()
            .hint("Required when the review describes an outcome (16 CFR 255.2(b)); shown next to the review."),
        text("response", "The practice's public reply")
            .optional()
            .hint("Never confirm that the reviewer is a patient, and name no person, date, condition or treatment."),
        select("withheld_reason", "Kept off the site because", &WITHHELD_REASONS)
            .optional()
            .hint("For a draft review the practice does not publish: the neutral reason, applied to every review alike."),
        string("title", "Headline").optional(),
        boolean("draft", "Draft").hint("Drafts are left out of the published site."),
        text("body", "Review text").hint("Exactly as the patient approved it."),
    ];
    folder(
        "reviews",
        "Reviews",
        "Review",
        "content/reviews",
        layout,
        json!({
            "description": "Patient reviews. Each needs the patient's signed marketing authorization; a review is saved under its authorization id, never under the patient's name. `whitecoat check` checks every review for names, places, dates and claims before it is published.",
            "identifier_field": "authorization.id",
            "summary": "{{authorization.id}} — {{author}}, {{rating}}/5",
            "sortable_fields": ["date", "rating"],
            "preview_path": "reviews/",
            "fields": values(fields),
        }),
    )
}

fn articles(facts: &SiteFacts, layout: &Layout) -> Value {
    let everyone: Vec<&Person> = facts.people.iter().collect();
    let clinicians: Vec<&Person> = facts.people.iter().filter(|p| p.clinician).collect();
    let mut fields = vec![
        string("title", "Title"),
        people("author", "Author", &everyone).optional().with("default", "profile"),
        strings("tags", "Tags"),
        field("medical_review", "Medical review", "object").with("collapsed", false).hint(
            "Who checked this article for medical accuracy, and when. `whitecoat check` warns when the review is older than the site allows.",
        ).fields(vec![
            people("reviewer", "Reviewed by", &clinicians),
            fact_date("last_reviewed", "Last reviewed on"),
        ]),
        field("references", "References", "list")
            .optional()
            .with("summary", "{{fields.title}}")
            .hint("The sources the article relies on.")
            .fields(vec![
                string("title", "Title"),
                url("url", "Link"),
                string("publisher", "Publisher").optional(),
                whole("year", "Year", 1500, 2200).optional(),
            ]),
    ];
    fields.extend(sharing("article"));
    fields.push(field("body", "Article", "markdown"));
    folder(
        "articles",
        "Articles",
        "Article",
        "content/articles",
        layout,
        json!({
            "description": "Educational articles. Each needs a clinician's medical review.",
            "identifier_field": "title",
            "summary": "{{title}}",
            "sortable_fields": ["title", "date"],
            "preview_path": "articles/{{slug}}/",
            "fields": values(fields),
        }),
    )
}

fn pages(layout: &Layout) -> Value {
    let mut fields = vec![
        string("title", "Title"),
        whole("weight", "Order in the menu", -10_000, 10_000).optional().hint("Lower numbers come first."),
        boolean("menu", "Show in the main menu"),
        select("notice", "Legal notice", &crate::model::notice::KINDS)
            .optional()
            .hint("Makes this page the practice's notice of that kind, linked from every page's footer. Complete it with the practice's counsel."),
        date("effective", "Notice effective on").optional(),
    ];
    fields.extend(sharing("page"));
    fields.push(field("body", "Text", "markdown"));
    folder(
        "pages",
        "Pages",
        "Page",
        "content/pages",
        layout,
        json!({
            "description": "Plain pages: services, insurance, contact, privacy.",
            "identifier_field": "title",
            "summary": "{{title}}",
            "sortable_fields": ["title", "weight"],
            "preview_path": "{{slug}}/",
            "fields": values(fields),
        }),
    )
}

fn values(fields: Vec<Field>) -> Vec<Value> {
    fields.into_iter().map(Field::into_value).collect()
}

/// The collections, in the order the editor lists them.
pub fn collections(facts: &SiteFacts, layout: &Layout) -> Vec<Value> {
    vec![profile(facts, layout), articles(facts, layout), reviews(facts, layout), team(layout), pages(layout)]
}

/// The whole configuration except the `backend`, which the caller supplies.
pub fn config(facts: &SiteFacts, layout: &Layout, backend: Value) -> Value {
    let mut config = json!({ "backend": backend, "local_backend": true });
    let rest = json!({
        "site_url": facts.base_url,
        "display_url": facts.base_url,
        "media_folder": layout.path("assets"),
        "public_folder": "assets",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "output": { "omit_empty_optional_fields": true },
        "collections": collections(facts, layout),
    });
    if let (Value::Object(map), Value::Object(rest)) = (&mut config, rest) {
        map.extend(rest);
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_model_values() {
        assert_eq!(humanize("nurse_practitioner"), "Nurse practitioner");
        assert_eq!(humanize("x"), "X");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn prefixes_paths_of_a_site_in_a_subfolder() {
        assert_eq!(Layout::default().path("content/team"), "content/team");
        assert_eq!(Layout { prefix: "site".into() }.path("assets"), "site/assets");
    }
}
