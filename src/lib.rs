//! vinhdanh: builds the learning-society honours portal from TOML records and Markdown stories.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load     (site.toml, data/, content/) -> Inputs       read, parse, NFC, spans kept
//! validate (Inputs)                     -> Diagnostics  cross-references, ids, rounds
//! rules    (Rules, Records)             -> Honours      pure, explainable, no IO
//! explain / report / summary            -> text         for the staff
//! ```

pub mod check;
pub mod cli;
pub mod counts;
pub mod diagnostics;
pub mod explain;
pub mod inputs;
pub mod load;
pub mod messages;
pub mod report;
pub mod rules;
pub mod source;
pub mod summary;
pub mod text;
pub mod validate;
