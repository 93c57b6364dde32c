//! End-to-end tests over fixture sites and the demo site at the repository root.

mod demo;
mod invalid;
mod support;
mod valid;
