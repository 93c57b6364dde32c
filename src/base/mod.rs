//! What every stage uses and no stage owns: the site's layout, its typed inputs, the places in
//! its files, the problems found there and how they are told, the two languages, and text
//! helpers.

pub mod collate;
pub mod columns;
pub mod csv_cell;
pub mod diagnostics;
pub mod format;
pub mod guarded;
pub mod image_format;
pub mod inputs;
pub mod kept;
pub mod lang;
pub mod layout;
pub mod messages;
pub mod name;
#[cfg(test)]
pub mod outline;
pub mod program;
pub mod progress;
pub mod source;
pub mod suggest;
pub mod text;
pub mod timings;
pub mod today;
