//! vinhdanh: builds the learning-society honours portal from TOML records and Markdown stories.
//!
//! The pipeline, one folder per stage:
//!
//! ```text
//! load     (site.toml, data/, content/) -> Inputs       read, parse, NFC, spans kept
//! validate (Inputs)                     -> Diagnostics  cross-references, ids, rounds
//! rules    (Rules, Records)             -> Honours      pure, explainable, no IO
//! check    load, validate, rules        -> Checked      what every command starts with
//! model    (Inputs, Honours)            -> Site         public view only, sorted
//! render   (Site, Theme)                -> files        Tera, Markdown, feeds, data, search
//! privacy  (files)                      -> files        no private value in any of them
//! output   (files)                      -> public/      minify, check links, swap in
//! ```
//!
//! Beside them: `base` (what every stage uses: the site's layout, the inputs' types, places in
//! files, diagnostics and their messages, the two languages, text helpers), `images` and
//! `photos` (the static images and the stories' photos), `commands` (`build`, `serve`, `new`,
//! `import`, `explain`, `report`, the summary) and `cli`. Arrows point one way: a module uses
//! only those below it in the README's "Architecture" list, and no two of them import each
//! other.

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
