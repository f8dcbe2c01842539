//! whitecoat builds a physician's website from Markdown: load -> model -> check -> render -> assets
//! -> write, orchestrated by [`pipeline::build`].

pub mod assets;
pub mod check;
pub mod cli;
pub mod cms;
pub mod config;
pub mod diagnostics;
pub mod fsx;
#[cfg(test)]
mod generated;
pub mod import;
pub mod incremental;
mod lazy_regex;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod reply;
pub mod report;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod social;
pub mod source;
pub mod theme;
pub mod write;
