//! Turns the public [`Site`] into the files of the portal: HTML pages from the theme's
//! templates, feeds, sitemap, open data, the search index, redirects.
//!
//! Rendering is split into [`Job`]s, one per output file or group of files, so that `output`
//! can run them in parallel and write each result as soon as it is ready.

pub mod charts;
pub mod context;
mod data;
mod feeds;
pub mod format;
pub mod markdown;
mod pages;
pub mod search;
mod sitemap;
pub mod theme;

use crate::model::Site;

pub use pages::{LABEL_KEYS, LISTING_PAGE_SIZE};
pub use theme::{Theme, ThemeError};

/// One file of the output: its path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
#[error("rendering {path} with template {template}: {message}")]
pub struct RenderError {
    pub path: String,
    pub template: String,
    pub message: String,
}

/// A unit of rendering work.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Page(pages::PageJob),
    Feeds,
    Sitemap,
    OpenData,
    SearchIndex,
}

/// Renders the files of one site with one theme. Built once; its jobs run in any order.
#[derive(Debug)]
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub nav: context::Nav,
    pub listings: pages::Listings,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Renderer {
            site,
            theme,
            nav: pages::nav(site),
            listings: pages::Listings::new(site),
        }
    }

    /// Every job needed for the site, in a fixed order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = pages::page_jobs(self.site, &self.listings)
            .into_iter()
            .map(Job::Page)
            .collect();
        jobs.extend([Job::Feeds, Job::Sitemap, Job::OpenData, Job::SearchIndex]);
        jobs
    }

    /// Renders the page at `url` (root-relative, with the base path), unminified; `None` when
    /// the site has no such page.
    pub fn render_url(&self, url: &str) -> Option<Result<OutputFile, RenderError>> {
        let job = pages::page_jobs(self.site, &self.listings)
            .into_iter()
            .find(|job| pages::job_url(*job, self.site).as_deref() == Some(url))?;
        Some(pages::render(job, self))
    }

    /// Runs one job. Page jobs return one file; the others may return several.
    pub fn run(&self, job: Job) -> Result<Vec<OutputFile>, RenderError> {
        match job {
            Job::Page(page) => pages::render(page, self).map(|f| vec![f]),
            Job::Feeds => Ok(feeds::feeds(self.site)),
            Job::Sitemap => Ok(sitemap::sitemap_files(self.site, &self.listings)),
            Job::OpenData => Ok(data::open_data_files(self.site)),
            Job::SearchIndex => Ok(search::search_files(&search_entries(self.site))
                .into_iter()
                .map(|(path, bytes)| OutputFile::new(path, bytes))
                .collect()),
        }
    }
}

fn search_entries(site: &Site) -> Vec<search::SearchEntry> {
    site.records
        .iter()
        .map(|r| {
            let mut titles: Vec<String> = r
                .rounds
                .iter()
                .filter(|round| round.holds)
                .map(|round| round.title_id.clone())
                .collect();
            titles.sort();
            titles.dedup();
            search::SearchEntry {
                url: r.url.clone(),
                name: r.name.clone(),
                kind: r.kind.as_str().to_string(),
                province: r.province.clone(),
                commune: r.commune.clone(),
                titles,
            }
        })
        .collect()
}
