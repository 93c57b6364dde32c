//! End-to-end tests over fixture sites and the demo site at the repository root.

mod build;
mod demo;
mod faults;
mod invalid;
mod pages;
mod support;
mod theme;
mod valid;
