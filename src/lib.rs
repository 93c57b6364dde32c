//! vinhdanh: builds the learning-society honours portal from TOML records and Markdown stories.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load     (site.toml, data/, content/) -> Inputs       read, parse, NFC, spans kept
//! validate (Inputs)                     -> Diagnostics  cross-references, ids, rounds
//! rules    (Rules, Records)             -> Honours      pure, explainable, no IO
//! explain / report / summary            -> text         for the staff
//! model    (Inputs, Honours)            -> Site         public view only, sorted
//! render   (Site, Theme)                -> files        Tera, Markdown, feeds, data, search
//! output   (files)                      -> public/      compact, check links, swap in
//! ```

pub mod base;
pub mod check;
pub mod cli;
pub mod commands;
pub mod images;
pub mod load;
pub mod model;
pub mod output;
pub mod photos;
pub mod privacy;
pub mod render;
pub mod rules;
pub mod validate;
