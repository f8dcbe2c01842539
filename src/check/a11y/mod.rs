//! Accessibility a physician's content can break, whatever the theme does (WCAG 2.1 AA, which
//! the HHS Section 504 rule makes the standard for practices that take federal funds):
//! - `a11y/heading-order`: a heading level skipped, or a level-1 heading in content (the page
//!   title is the page's only h1), so screen-reader users lose the outline (1.3.1, 2.4.6);
//! - `a11y/link-text`: links that say nothing out of context ("click here", "read more") or
//!   nothing at all (2.4.4);
//! - `a11y/image-text`: an image that is text (a flyer, an infographic, a price list) with no
//!   text version next to it (1.1.1, 1.4.5);
//! - `a11y/video-captions`: a video or video embed without captions or a transcript (1.2.2);
//! - `a11y/brand-contrast` ([`brand`]): brand colours too light to read as text (1.4.3).
//!
//! All are warnings: the physician decides, but hears about it before a patient does.

pub mod brand;
mod content;

pub use content::check;
