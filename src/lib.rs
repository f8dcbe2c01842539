//! whitecoat builds a physician's website from Markdown: load -> model -> check -> render -> assets
//! -> write, orchestrated by [`build`].

pub mod config;
pub mod diagnostics;
pub mod fsx;
pub mod load;
pub mod model;
pub mod source;
