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

pub mod build;
pub mod check;
pub mod cli;
pub mod collate;
pub mod columns;
pub mod counts;
pub mod csv_cell;
pub mod diagnostics;
pub mod explain;
pub mod import;
pub mod inputs;
pub mod lang;
pub mod load;
pub mod messages;
pub mod model;
pub mod name;
pub mod new;
#[cfg(test)]
mod outline;
pub mod output;
pub mod photos;
pub mod privacy;
pub mod progress;
pub mod render;
pub mod report;
pub mod rules;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod summary;
pub mod text;
pub mod timings;
pub mod today;
pub mod validate;
