//! End-to-end tests over fixture sites and the demo site at the repository root.

mod architecture;
mod build;
mod cli;
mod demo;
mod entities;
mod faults;
mod hostile;
mod images;
mod import_limits;
mod invalid;
mod layout;
mod messages;
mod output_guard;
mod pages;
mod photos;
mod privacy;
mod progress;
mod properties;
mod report;
mod serve;
mod sharing;
mod support;
mod theme;
mod valid;
mod workflow;
mod writers;
