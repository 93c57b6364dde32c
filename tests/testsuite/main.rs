//! End-to-end tests over fixture sites and the demo site at the repository root.

mod build;
mod cli;
mod demo;
mod faults;
mod hostile;
mod invalid;
mod messages;
mod pages;
mod properties;
mod report;
mod serve;
mod support;
mod theme;
mod valid;
mod workflow;
