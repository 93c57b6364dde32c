//! The commands besides `check`, each built from the stages: `build`, `serve`, `new`,
//! `import`, and the texts for the staff (`check`'s summary, `explain`, `report`).

pub mod build;
pub mod explain;
pub mod import;
pub mod new;
pub mod report;
pub mod serve;
pub mod summary;
