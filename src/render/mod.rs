//! Turns the public [`Site`] into the files of the portal: HTML pages from the theme's
//! templates, feeds, sitemap, open data, the search index, redirects.
//!
//! Rendering is split into [`Job`]s, one per output file or group of files, so that `output`
//! can run them in parallel and write each result as soon as it is ready.

pub mod charts;
pub mod chrome;
pub mod context;
mod data;
mod digests;

pub use data::{DataPieces, DataStream, OpenDataSet, UNKNOWN_PRINT};
pub use digests::listing_digests;
pub use sitemap::{record_dates_digest, story_dates_digest};
mod feeds;
pub mod markdown;
pub mod page_kinds;
mod pages;
pub mod picture;
mod reasons;
pub mod search;
mod sitemap;
mod structured;
pub mod template_deps;
pub mod theme;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::format;
use crate::base::lang::{Lang, both};
use crate::model::{RecordView, Site};
use crate::photos::Photos;

/// For `serve`, which re-renders a chosen subset of the jobs.
pub use pages::{
    COMMUNE_PAGE_SIZE, PageJob, STORIES_PAGE_SIZE, commune_jobs, commune_pages, content_page_jobs,
    is_content_page, job_url,
};
pub use pages::{LABEL_KEYS, LISTING_PAGE_SIZE, Listings};
pub use theme::{Theme, ThemeError};

/// The output path of a root-relative URL: `/ho-so/x/` is `ho-so/x/index.html`.
pub fn output_path(url: &str, base_path: &str) -> String {
    let path = url
        .strip_prefix(base_path)
        .unwrap_or(url)
        .trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// One file of the output: its path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// What made the file, for the privacy gate's reports.
    pub origin: Origin,
    /// For a page: the header and footer whose markers `bytes` holds (see [`chrome`]).
    pub chrome: Option<Arc<chrome::Chrome>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
            origin: Origin::Unnamed,
            chrome: None,
        }
    }

    /// The same file with its header and footer in place.
    pub fn filled(mut self) -> Self {
        if let Some(chrome) = self.chrome.take() {
            self.bytes = chrome.fill(&self.bytes);
        }
        self
    }

    /// The same file, marked as made by `origin`.
    pub fn made_by(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// What made an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A page template, by its name (`record.html`).
    Template(String),
    Feeds,
    Sitemap,
    OpenData,
    SearchIndex,
    /// A file made by none of these (tests).
    Unnamed,
}

impl Origin {
    /// What made the file, in `lang`: `template record.html`, `the Atom feeds`...
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Origin::Template(name) => {
                both!(lang, format!("mẫu {name}"), format!("template {name}"))
            }
            Origin::Feeds => both!(lang, "bản tin Atom", "the Atom feeds").into(),
            Origin::Sitemap => both!(lang, "sơ đồ trang", "the sitemap").into(),
            Origin::OpenData => both!(lang, "dữ liệu mở", "open data").into(),
            Origin::SearchIndex => both!(lang, "chỉ mục tìm kiếm", "search index").into(),
            Origin::Unnamed => both!(lang, "vinhdanh", "vinhdanh").into(),
        }
    }
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.in_lang(Lang::En))]
pub struct RenderError {
    pub path: String,
    pub template: String,
    /// Tera's own words, in English.
    pub message: String,
}

impl RenderError {
    /// The message in `lang`; Tera's explanation stays as Tera wrote it.
    pub fn in_lang(&self, lang: Lang) -> String {
        let RenderError {
            path,
            template,
            message,
        } = self;
        both!(
            lang,
            format!("mẫu {template} không dựng được {path}: {message}"),
            format!("rendering {path} with template {template}: {message}")
        )
    }
}

/// A unit of rendering work.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Page(pages::PageJob),
    Feeds,
    Sitemap,
    OpenData(OpenDataSet),
    SearchIndex,
}

/// Renders the files of one site with one theme. Built once; its jobs run in any order.
#[derive(Debug)]
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub nav: context::Nav,
    /// Shared, so that `serve` can keep them while only stories and free pages change.
    pub listings: Arc<pages::Listings>,
    pub chrome: chrome::ChromeCache,
    pub communes: pages::CommuneIndex<'a>,
    /// The stories' photos made ready, written as `<picture>`; empty where photos are
    /// published as they are (`serve`).
    pub photos: Arc<Photos>,
    /// The search index of the last run, kept from run to run by `serve`.
    pub search_index: Option<Arc<search::IndexCache>>,
    /// The pieces of the open data, kept from run to run by `serve`.
    pub data_pieces: Option<Arc<DataPieces>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Renderer::with_listings(site, theme, Arc::new(pages::Listings::new(site)))
    }

    /// A renderer that uses `listings`, which must be those of `site`'s records, titles,
    /// awards and provinces (stories and free pages do not enter them).
    pub fn with_listings(site: &'a Site, theme: &'a Theme, listings: Arc<pages::Listings>) -> Self {
        let nav = pages::nav(site);
        Renderer {
            site,
            theme,
            chrome: chrome::ChromeCache::new(&nav),
            nav,
            listings,
            communes: pages::CommuneIndex::new(site),
            photos: Arc::default(),
            search_index: None,
            data_pieces: None,
        }
    }

    /// The same renderer, writing the sizes of `photos` in the stories.
    pub fn with_photos(mut self, photos: Arc<Photos>) -> Self {
        self.photos = photos;
        self
    }

    /// This renderer, making the search index from the one of the last run kept in `cache`.
    pub fn with_search_index(mut self, cache: Arc<search::IndexCache>) -> Self {
        self.search_index = Some(cache);
        self
    }

    /// This renderer, taking the open data's pieces from `pieces` where their records are
    /// those of the last run.
    pub fn with_data_pieces(mut self, pieces: Arc<DataPieces>) -> Self {
        self.data_pieces = Some(pieces);
        self
    }

    /// Every job needed for the site, in a fixed order: the long ones (open data, the search
    /// index) first, so that they run beside the pages instead of after them, alone on one core.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = OpenDataSet::ALL.into_iter().map(Job::OpenData).collect();
        jobs.extend([Job::SearchIndex, Job::Sitemap, Job::Feeds]);
        jobs.extend(
            pages::page_jobs(self.site, &self.listings)
                .into_iter()
                .map(Job::Page),
        );
        jobs
    }

    /// Renders the page at `url` (root-relative, with the base path), not minified; `None` when
    /// the site has no such page.
    pub fn render_url(&self, url: &str) -> Option<Result<OutputFile, RenderError>> {
        let job = pages::page_jobs(self.site, &self.listings)
            .into_iter()
            .find(|job| pages::job_url(*job, self.site).as_deref() == Some(url))?;
        Some(pages::render(job, self).map(OutputFile::filled))
    }

    /// Runs one job. Page jobs return one file; the others may return several. A page comes
    /// with markers for its header and footer ([`OutputFile::filled`] puts them in place).
    pub fn run(&self, job: Job) -> Result<Vec<OutputFile>, RenderError> {
        let mut timings = (!matches!(job, Job::Page(_))).then(crate::base::timings::Timings::start);
        let mut files = self.run_unescaped(job)?;
        if let Some(timings) = timings.as_mut() {
            timings.lap(&format!("{job:?}"));
        }
        for file in files.iter_mut().filter(|f| f.path.ends_with(".json")) {
            if memchr::memchr3(b'<', b'>', b'&', &file.bytes).is_some() {
                file.bytes = escape_json_markup(&file.bytes);
            }
        }
        Ok(files)
    }

    /// The files of `job` in pieces, for the jobs whose files are too large to hold whole
    /// (the open data); `None` for the others, which [`Renderer::run`] makes. Every piece is
    /// ready to write: JSON comes with its markup escaped.
    pub fn stream(&self, job: Job) -> Option<Vec<DataStream<'a>>> {
        match job {
            Job::OpenData(set) => Some(data::open_data_streams(self.site, set)),
            _ => None,
        }
    }

    fn run_unescaped(&self, job: Job) -> Result<Vec<OutputFile>, RenderError> {
        match job {
            Job::Page(page) => pages::render(page, self).map(|f| vec![f]),
            Job::Feeds => Ok(made_by(feeds::feeds(self.site), Origin::Feeds)),
            Job::Sitemap => Ok(made_by(
                sitemap::sitemap_files(self.site, &self.listings),
                Origin::Sitemap,
            )),
            Job::OpenData(set) => Ok(match &self.data_pieces {
                Some(pieces) => data::open_data_files_reusing(self.site, set, pieces),
                None => data::open_data_files(self.site, set),
            }),
            Job::SearchIndex => Ok(self
                .search_files()
                .into_iter()
                .map(|(path, bytes)| OutputFile::new(path, bytes).made_by(Origin::SearchIndex))
                .collect()),
        }
    }

    /// The files of the search index, from the one of the last run where there is a cache.
    fn search_files(&self) -> Vec<(String, Vec<u8>)> {
        let label = self.theme.label("nav.stories");
        let Some(cache) = &self.search_index else {
            return search::search_files(&search_entries(self.site, &label));
        };
        let records = |range: Range<usize>| record_entries(&self.site.records[range]);
        let entries = search::SiteEntries {
            record_prints: (self.data_pieces.as_deref()).map_or(&[], DataPieces::record_prints),
            record_count: self.site.records.len(),
            records: &records,
            stories: story_entries(self.site, &label),
        };
        search::search_files_with(entries, cache)
    }
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`: the same data, but no
/// markup survives if the file is ever pasted into a page. They only occur inside strings.
pub fn escape_json_markup(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    MarkupEscaper(&mut out).escape(json);
    out
}

/// A writer that passes JSON on with `<`, `>` and `&` escaped (see [`escape_json_markup`]), so
/// that a large file needs no second copy.
#[derive(Debug)]
pub struct MarkupEscaper<'a>(pub &'a mut Vec<u8>);

impl MarkupEscaper<'_> {
    fn escape(&mut self, bytes: &[u8]) {
        let mut from = 0;
        for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            self.0.extend_from_slice(&bytes[from..at]);
            self.0.extend_from_slice(match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            });
            from = at + 1;
        }
        self.0.extend_from_slice(&bytes[from..]);
    }
}

impl std::io::Write for MarkupEscaper<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.escape(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn made_by(files: Vec<OutputFile>, origin: Origin) -> Vec<OutputFile> {
    files
        .into_iter()
        .map(|f| f.made_by(origin.clone()))
        .collect()
}

/// The search entries: the public records in the site's order, then the stories.
fn search_entries<'a>(site: &'a Site, story_label: &str) -> Vec<search::SearchEntry<'a>> {
    let mut entries = record_entries(&site.records);
    entries.extend(story_entries(site, story_label));
    entries
}

/// The search entries of `records`, found by their names and filtered by their places, kinds
/// and titles.
fn record_entries(records: &[RecordView]) -> Vec<search::SearchEntry<'_>> {
    (records.par_iter())
        .map(|r| {
            let mut titles: Vec<Cow<'_, str>> = r
                .rounds
                .iter()
                .filter(|round| round.holds)
                .map(|round| Cow::Borrowed(round.title_id.as_str()))
                .collect();
            titles.sort();
            titles.dedup();
            search::SearchEntry {
                url: Cow::Borrowed(&r.url),
                name: Cow::Borrowed(&r.name),
                kind: Cow::Borrowed(r.kind.as_str()),
                province: Cow::Borrowed(r.province.as_str()),
                commune: Cow::Borrowed(r.commune.as_str()),
                titles,
                text: Vec::new(),
                body: None,
            }
        })
        .collect()
}

/// The search entries of the stories, each found by its title, summary and text and shown
/// with `story_label` and its date.
fn story_entries<'a>(site: &'a Site, story_label: &str) -> Vec<search::SearchEntry<'a>> {
    let lang = format::Lang::parse(&site.meta.language);
    (site.stories.par_iter())
        .map(|story| search::SearchEntry {
            url: Cow::Borrowed(&story.url),
            name: Cow::Borrowed(&story.title),
            kind: Cow::Borrowed("story"),
            province: Cow::Borrowed(story.province.as_deref().unwrap_or_default()),
            commune: format!("{story_label}, {}", format::format_date(&story.date, lang)).into(),
            titles: Vec::new(),
            text: vec![Cow::Borrowed(&story.summary)],
            body: Some(Arc::clone(&story.markdown)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_follow_urls() {
        assert_eq!(output_path("/", ""), "index.html");
        assert_eq!(output_path("/ho-so/a/", ""), "ho-so/a/index.html");
        assert_eq!(
            output_path("/portal/ho-so/a/", "/portal"),
            "ho-so/a/index.html"
        );
        assert_eq!(output_path("/404.html", ""), "404.html");
    }

    #[test]
    fn json_markup_is_escaped_and_still_parses() {
        let json = serde_json::to_vec(&["<script>&</script>"]).expect("json");
        let escaped = escape_json_markup(&json);
        assert!(!escaped.contains(&b'<'));
        let back: Vec<String> = serde_json::from_slice(&escaped).expect("parses");
        assert_eq!(back, vec!["<script>&</script>".to_string()]);
    }

    #[test]
    fn the_escaping_writer_writes_what_the_escaping_pass_makes() {
        let rows = vec![("Nhà <A> & B", 1), ("x>y", 2)];
        let mut written = Vec::new();
        serde_json::to_writer_pretty(MarkupEscaper(&mut written), &rows).expect("writes");
        let passed = escape_json_markup(&serde_json::to_vec_pretty(&rows).expect("json"));
        assert_eq!(written, passed);
    }
}
