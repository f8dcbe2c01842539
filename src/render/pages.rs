//! What each kind of page puts in its template context, and its metadata: title, description,
//! sitemap date, JSON-LD nodes and share image.

use serde_json::Value;
use tera::Context;

use super::share::CardRequest;
use super::{Job, RenderError, Shared, jsonld, latest_date, pager_url, paginator};
use crate::render::convert;
use crate::render::feed::absolute;
use crate::render::views::{ArticleSummary, ArticleView, PageMeta};
use crate::social::{ArticleTimes, ShareImage};
use crate::write::Sink;

/// Everything about a page except its rendered HTML.
pub(super) struct PageParts {
    /// Template to render.
    pub template: &'static str,
    /// Disclaimer kind.
    pub kind: &'static str,
    /// Page metadata.
    pub meta: PageMeta,
    /// Sitemap `lastmod`.
    pub lastmod: Option<String>,
    /// JSON-LD nodes.
    pub jsonld: Vec<Value>,
    /// The share image.
    pub image: Option<ShareImage>,
    /// Article times for `article:*` tags.
    pub article: Option<ArticleTimes>,
}

impl Shared<'_> {
    /// Fills `ctx` with the page's listings and returns its parts.
    pub(super) fn page_parts(
        &self,
        job: &Job<'_>,
        ctx: &mut Context,
        sink: &dyn Sink,
    ) -> Result<PageParts, RenderError> {
        let site = self.site();
        let ids = jsonld::Ids::new(self.input.base_url);
        let practice = &site.config.practice.name;
        let newest = site.articles.first().and_then(|a| latest_date(&a.doc));
        let crumbs = |trail: &[(&str, &str)]| jsonld::breadcrumbs(trail, &ids);
        let physician = self.people.get("profile").cloned();
        let team_people = || site.team.iter().filter_map(|t| self.people.get(&t.doc.slug)).collect::<Vec<_>>();
        let parts = |template, kind, meta, lastmod, jsonld| PageParts {
            template,
            kind,
            meta,
            lastmod,
            jsonld,
            image: None,
            article: None,
        };
        Ok(match job {
            Job::Home => {
                let profile = &site.profile;
                let rendered = self.markdown(&profile.doc);
                let title = profile.doc.title_or(&site.config.title);
                let mut meta = self.meta("profile", &profile.doc, title, "/", rendered);
                let (reviews, reviews_code) = self.reviews(3);
                meta.has_code |= reviews_code;
                let person = physician.clone().unwrap_or_else(|| convert::profile_person(profile, self.input.images));
                let nodes = jsonld::home(site, &person, &ids, site.config.structured.pending);
                ctx.insert("profile", &convert::profile_view(profile, person));
                ctx.insert("latest_articles", &self.summaries.iter().take(3).collect::<Vec<_>>());
                ctx.insert("reviews", &reviews);
                ctx.insert("team", &team_people());
                let title = meta.title.clone();
                let image = self.share(
                    CardRequest::Page { doc: &profile.doc, slug: "home".into(), title, person: "profile" },
                    sink,
                )?;
                PageParts { image, ..parts("home.html", "profile", meta, latest_date(&profile.doc).max(newest), nodes) }
            }
            Job::TeamList => {
                // The practice's own physician leads the team page (the card links to the profile).
                let team: Vec<_> = self.people.get("profile").into_iter().chain(team_people()).collect();
                ctx.insert("team", &team);
                let meta = self.generated("team_list", "Our team", format!("Meet the team at {practice}."), "/team/");
                let nodes = vec![crumbs(&[("Home", "/"), ("Our team", "/team/")])];
                PageParts {
                    image: self.share(CardRequest::Generic, sink)?,
                    ..parts("team_list.html", "team", meta, None, nodes)
                }
            }
            Job::Member(member) => {
                let url = format!("/team/{}/", member.doc.slug);
                let rendered = self.markdown(&member.doc);
                let name = convert::display_name(member.honorific_prefix.as_deref(), &member.name, &member.credentials);
                let meta = self.meta("team", &member.doc, member.doc.title_or(&name), &url, rendered);
                let person = self.people.get(&member.doc.slug);
                let mut nodes = person.map(|p| jsonld::member(member, p, &ids, &url)).unwrap_or_default();
                nodes.push(crumbs(&[("Home", "/"), ("Our team", "/team/"), (&name, &url)]));
                ctx.insert("member", &person);
                let authored: Vec<&ArticleSummary> = site
                    .articles
                    .iter()
                    .zip(&self.summaries)
                    .filter(|(a, _)| a.author.as_ref().is_some_and(|s| s.value == member.doc.slug))
                    .map(|(_, s)| s.as_ref())
                    .collect();
                ctx.insert("articles", &authored);
                let request = CardRequest::Page {
                    doc: &member.doc,
                    slug: format!("team-{}", member.doc.slug),
                    title: meta.title.clone(),
                    person: &member.doc.slug,
                };
                let image = self.share(request, sink)?;
                PageParts { image, ..parts("team_member.html", "team", meta, latest_date(&member.doc), nodes) }
            }
            Job::Reviews => {
                let (reviews, has_code) = self.reviews(usize::MAX);
                let description = format!("What patients say about {practice}.");
                let meta =
                    PageMeta { has_code, ..self.generated("review_list", "Patient reviews", description, "/reviews/") };
                let mut nodes = physician.as_ref().map(|p| jsonld::reviews(&reviews, &ids, p)).unwrap_or_default();
                nodes.push(crumbs(&[("Home", "/"), ("Patient reviews", "/reviews/")]));
                ctx.insert("reviews", &reviews);
                let lastmod = site.reviews.iter().filter_map(|r| latest_date(&r.doc)).max();
                // The practice's generic card: never a patient's words, name or face.
                PageParts {
                    image: self.share(CardRequest::Generic, sink)?,
                    ..parts("reviews.html", "review", meta, lastmod, nodes)
                }
            }
            Job::ArticleList { number, total, items } => {
                let url = pager_url("/articles/", *number);
                let title = if *number == 1 { "Articles".to_string() } else { format!("Articles, page {number}") };
                let description = format!("Patient education articles from {practice}.");
                let meta = self.generated("article_list", &title, description, &url);
                ctx.insert("articles", &items.iter().map(|&i| &self.summaries[i]).collect::<Vec<_>>());
                ctx.insert("paginator", &paginator("/articles/", *number, *total));
                ctx.insert("tags", &self.tags.values().map(|(t, _)| t).collect::<Vec<_>>());
                let mut trail = vec![("Home", "/"), ("Articles", "/articles/")];
                if *number > 1 {
                    trail.push((&title, &url));
                }
                let nodes = vec![crumbs(&trail)];
                let image = self.share(CardRequest::Generic, sink)?;
                PageParts { image, ..parts("article_list.html", "article_list", meta, newest, nodes) }
            }
            Job::Article(index, article) => {
                let summary = &self.summaries[*index];
                let rendered = self.markdown(&article.doc);
                let meta = self.meta("article", &article.doc, summary.title.clone(), &summary.url, rendered);
                let review = article.medical_review.as_ref();
                let reviewer = review
                    .and_then(|m| m.reviewer.as_ref())
                    .and_then(|r| convert::clinician_person(site, r, &self.people));
                let person = article.author.as_ref().map_or("profile", |a| a.value.as_str());
                let request = CardRequest::Page {
                    doc: &article.doc,
                    slug: article.doc.slug.clone(),
                    title: summary.title.clone(),
                    person,
                };
                let image = self.share(request, sink)?;
                let mut nodes =
                    jsonld::article(article, summary, reviewer.as_ref(), &ids, image.as_ref().map(|i| i.url.as_str()));
                nodes.push(crumbs(&[("Home", "/"), ("Articles", "/articles/"), (&summary.title, &summary.url)]));
                let times = ArticleTimes {
                    published: article.doc.date.as_ref().map(|d| d.rfc3339()),
                    modified: article.doc.updated.as_ref().or(article.doc.date.as_ref()).map(|d| d.rfc3339()),
                    author: summary.author.as_ref().map(|a| absolute(self.input.base_url, &a.url)),
                    tags: summary.tags.iter().map(|t| t.name.clone()).collect(),
                };
                let view = ArticleView {
                    summary,
                    reviewer,
                    last_reviewed: review.and_then(|m| m.last_reviewed.as_ref()).map(|d| d.human()),
                    last_reviewed_iso: review.and_then(|m| m.last_reviewed.as_ref()).map(|d| d.iso()),
                    references: &article.references,
                };
                ctx.insert("article", &view);
                let lastmod = latest_date(&article.doc);
                PageParts { image, article: Some(times), ..parts("article.html", "article", meta, lastmod, nodes) }
            }
            Job::TagList => {
                let meta = self.generated("tag_list", "Topics", format!("Article topics from {practice}."), "/tags/");
                ctx.insert("tags", &self.tags.values().map(|(t, _)| t).collect::<Vec<_>>());
                let nodes = vec![crumbs(&[("Home", "/"), ("Topics", "/tags/")])];
                PageParts {
                    image: self.share(CardRequest::Generic, sink)?,
                    ..parts("tag_list.html", "article_list", meta, newest, nodes)
                }
            }
            Job::Tag { slug, number, total, items } => {
                let (tag, _) = &self.tags[*slug];
                let url = pager_url(&tag.url, *number);
                let title = if *number == 1 { tag.name.clone() } else { format!("{}, page {number}", tag.name) };
                let description = format!("Articles about {} from {practice}.", tag.name);
                let meta = self.generated("tag", &title, description, &url);
                ctx.insert("tag", tag);
                ctx.insert("articles", &items.iter().map(|&i| &self.summaries[i]).collect::<Vec<_>>());
                ctx.insert("paginator", &paginator(&tag.url, *number, *total));
                let lastmod = items.iter().filter_map(|&i| latest_date(&site.articles[i].doc)).max();
                let mut trail = vec![("Home", "/"), ("Topics", "/tags/"), (&tag.name, &tag.url)];
                if *number > 1 {
                    trail.push((&title, &url));
                }
                let nodes = vec![crumbs(&trail)];
                PageParts {
                    image: self.share(CardRequest::Generic, sink)?,
                    ..parts("tag.html", "article_list", meta, lastmod, nodes)
                }
            }
            Job::Page(page) => {
                let url = format!("/{}/", page.doc.slug);
                let rendered = self.markdown(&page.doc);
                let title = page.doc.title_or(&page.doc.slug);
                let nodes = vec![crumbs(&[("Home", "/"), (&title, &url)])];
                let meta = self.meta("page", &page.doc, title.clone(), &url, rendered);
                let request = CardRequest::Page {
                    doc: &page.doc,
                    slug: page.doc.slug.clone(),
                    title: meta.title.clone(),
                    person: "profile",
                };
                let image = self.share(request, sink)?;
                PageParts { image, ..parts("page.html", "page", meta, latest_date(&page.doc), nodes) }
            }
            Job::NotFound => {
                let description = "The page you were looking for is not here.".to_string();
                let meta =
                    PageMeta { noindex: true, ..self.generated("404", "Page not found", description, "/404.html") };
                PageParts {
                    image: self.share(CardRequest::Generic, sink)?,
                    ..parts("404.html", "default", meta, None, Vec::new())
                }
            }
        })
    }
}
