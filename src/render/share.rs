//! The one share image of each page: the page's own `image`, else its share card (a card per page
//! about a clinician when `[social] cards` is on; the practice's generic card otherwise, and always
//! for the reviews page and listings: no patient words or faces on any card).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{RenderError, Shared};
use crate::model::document::Document;
use crate::render::feed::absolute;
use crate::render::views::PersonView;
use crate::social::ShareImage;
use crate::social::cards::{CARD_HEIGHT, CARD_WIDTH, PHOTO_SIZE};
use crate::social::share::{CardSet, MadeCard};
use crate::write::Sink;

/// Which card a page wants.
pub(super) enum CardRequest<'d> {
    /// The practice's generic card.
    Generic,
    /// A card for a page about a clinician.
    Page {
        /// The page's document (its own `image` wins).
        doc: &'d Document,
        /// File name stem of the card (`og/<slug>.<hash8>.png`).
        slug: String,
        /// The title on the card.
        title: String,
        /// Key of the clinician in the people map.
        person: &'d str,
    },
}

/// Cards of one build: the renderer, square photos of the clinicians, the generic card.
pub(super) struct Cards {
    set: CardSet,
    per_page: bool,
    photos: BTreeMap<String, Arc<image::RgbaImage>>,
    generic: MadeCard,
}

impl Cards {
    /// Prepares cards: decodes clinician photos once (only when cards are per page) and draws the
    /// generic card.
    pub(super) fn new(
        set: CardSet,
        per_page: bool,
        people: &BTreeMap<String, PersonView>,
        sources: &BTreeMap<String, String>,
        assets: &BTreeMap<String, Arc<[u8]>>,
        limits: crate::assets::images::SizeLimits,
        physician: Option<&PersonView>,
    ) -> Result<Self, RenderError> {
        let photos = if per_page {
            people
                .keys()
                .filter_map(|slug| sources.get(slug).map(|source| (slug, source)))
                .collect::<Vec<_>>()
                .par_iter()
                .filter_map(|(slug, source)| {
                    crate::assets::images::square(assets, source, PHOTO_SIZE, limits)
                        .ok()
                        .map(|p| (slug.to_string(), Arc::new(p)))
                })
                .collect()
        } else {
            BTreeMap::new()
        };
        let mut input = set.input();
        input.generic = true;
        if let Some(physician) = physician {
            input.name = name_line(physician);
            input.credentials = physician.credentials.join(", ");
            input.specialty = physician.specialties.first().cloned().unwrap_or_default();
        }
        let generic = set.make("site", &input).map_err(|d| RenderError::Diagnostics(vec![*d]))?;
        Ok(Self { set, per_page, photos, generic })
    }

    /// Cards drawn and reused from the cache.
    pub(super) fn counts(&self) -> (usize, usize) {
        self.set.counts()
    }

    /// Time spent drawing cards.
    pub(super) fn drawing_time(&self) -> crate::social::DrawingTime {
        self.set.drawing_time()
    }

    /// Every page writes its card, even one another page shares (identical bytes): a rebuild that
    /// reuses a page's files then still has its card.
    fn write(&self, card: &MadeCard, sink: &dyn Sink) -> Result<(), RenderError> {
        sink.put_shared(&card.path, &card.bytes)?;
        Ok(())
    }
}

/// "Dr. Amara Okafor": prefix and name, without credentials (the card shows them apart).
fn name_line(person: &PersonView) -> String {
    match &person.honorific_prefix {
        Some(prefix) => format!("{prefix} {}", person.name),
        None => person.name.clone(),
    }
}

impl Shared<'_> {
    /// Resolves a page's share image, drawing (or reusing) its card and writing it to `sink`.
    pub(super) fn share(&self, request: CardRequest<'_>, sink: &dyn Sink) -> Result<Option<ShareImage>, RenderError> {
        let base = self.input.base_url;
        if let CardRequest::Page { doc, title, .. } = &request
            && let Some(image) = &doc.image
            && let Some(view) = self.input.images.view(image, "share", doc.image_alt.as_deref().unwrap_or(title))
        {
            let mime = if view.url.ends_with(".png") { "image/png" } else { "image/jpeg" };
            return Ok(Some(ShareImage {
                url: absolute(base, &view.url),
                width: view.width,
                height: view.height,
                alt: view.alt,
                mime,
            }));
        }
        let Some(cards) = &self.cards else { return Ok(None) };
        let practice = &self.site().config.practice.name;
        let card = match request {
            CardRequest::Page { slug, title, person, .. } if cards.per_page => {
                let mut input = cards.set.input();
                input.title = title.clone();
                if let Some(p) = self.people.get(person) {
                    input.name = name_line(p);
                    input.credentials = p.credentials.join(", ");
                    input.specialty = p.specialties.first().cloned().unwrap_or_else(|| p.title.clone());
                    input.headshot = cards.photos.get(person).cloned();
                }
                let made = cards.set.make(&slug, &input).map_err(|d| RenderError::Diagnostics(vec![*d]))?;
                let alt = format!("{title} — {} · {practice}", input.name);
                (made, alt)
            }
            _ => (cards.generic.clone(), format!("{practice}: {}", self.site().config.title)),
        };
        let (made, alt) = card;
        cards.write(&made, sink)?;
        Ok(Some(ShareImage {
            url: absolute(base, &format!("/{}", made.path)),
            width: CARD_WIDTH,
            height: CARD_HEIGHT,
            alt,
            mime: made.format.mime_type(),
        }))
    }
}
