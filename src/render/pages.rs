//! The HTML pages of the portal (SPEC §8): which pages exist, and the context each template
//! receives.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::*;
use super::page_kinds::*;
use super::picture::{self, PictureView};
use super::theme::error_chain;
use super::{
    Origin, OutputFile, RenderError, Renderer, charts, markdown, output_path, reasons, structured,
};
use crate::base::inputs::{Kind, Year};
use crate::model::{CommuneView, ProvinceView, RecordView, Site, StoryView, Urls};

/// The UI strings the Rust side uses (besides `kind.<kind>`); every theme must have them.
pub const LABEL_KEYS: &[&str] = &[
    "chart.denominator",
    "chart.merger_from",
    "chart.merger_includes",
    "chart.no_data",
    "chart.target_min",
    "chart.target_stretch",
    "data.intro",
    "home.intro",
    "nav.awards",
    "nav.open_data",
    "nav.search",
    "nav.stories",
    "nav.titles",
    "notfound.heading",
    "notfound.lead",
    "round.holders",
    "round.label",
    "round.newly",
    "rules.awards_intro",
    "rules.titles_intro",
    "search.intro",
    "stories.intro",
];

/// Records per page of a title or award listing.
pub const LISTING_PAGE_SIZE: usize = 50;
/// Stories per page of the story list.
pub const STORIES_PAGE_SIZE: usize = 20;
/// Records of each of a commune's two lists (holders of the current round, then the others)
/// per page of the commune.
pub const COMMUNE_PAGE_SIZE: usize = 100;

/// One HTML page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageJob {
    Overview,
    Province(usize),
    /// Province index, the index of one of its communes and page number from 1.
    Commune(usize, usize, usize),
    Record(usize),
    Story(usize),
    /// A draft, previewed by `serve --drafts` (an index into [`Site::drafts`]).
    Draft(usize),
    /// Page number from 1.
    Stories(usize),
    /// Title index and page number from 1.
    Title(usize, usize),
    /// Award index and page number from 1.
    Award(usize, usize),
    TitlesIndex,
    AwardsIndex,
    /// Round index and page number from 1.
    Round(usize, usize),
    Search,
    OpenData,
    Free(usize),
    /// Story index and alias index.
    Redirect(usize, usize),
    NotFound,
}

impl PageJob {
    /// The kind of this page: its template, section and URL pattern.
    pub fn kind(self) -> PageKind {
        match self {
            PageJob::Overview => OVERVIEW,
            PageJob::Province(_) => PROVINCE,
            PageJob::Commune(..) => COMMUNE,
            PageJob::Record(_) => RECORD,
            PageJob::Story(_) | PageJob::Draft(_) => STORY,
            PageJob::Stories(_) => STORIES,
            PageJob::Title(..) => TITLE,
            PageJob::Award(..) => AWARD,
            PageJob::TitlesIndex => TITLES_INDEX,
            PageJob::AwardsIndex => AWARDS_INDEX,
            PageJob::Round(..) => ROUND,
            PageJob::Search => SEARCH,
            PageJob::OpenData => OPEN_DATA,
            PageJob::Free(_) => FREE,
            PageJob::Redirect(..) => REDIRECT,
            PageJob::NotFound => NOT_FOUND,
        }
    }
}

/// One line of a title or award listing: 24 bytes, for the millions a national site has.
#[derive(Debug, Clone, Copy, Hash)]
pub(super) struct Entry {
    pub(super) round: Year,
    /// Index into [`Site::records`].
    pub(super) record: u32,
    /// The province's place in [`Site::provinces`], for sorting.
    pub(super) province: u16,
    /// For award listings: the index into the record's awards.
    pub(super) award: Option<u16>,
}

impl Entry {
    pub(super) fn record(&self) -> usize {
        self.record as usize
    }

    fn award(&self) -> Option<usize> {
        self.award.map(usize::from)
    }
}

/// The holders of each title and the recipients of each award, sorted for listing: newest
/// round first, then province, then name.
#[derive(Debug)]
pub struct Listings {
    pub(super) titles: Vec<Vec<Entry>>,
    pub(super) awards: Vec<Vec<Entry>>,
    /// Where each round and province starts in each listing, for the jump links.
    pub(super) title_jumps: Vec<Vec<Jump>>,
    pub(super) award_jumps: Vec<Vec<Jump>>,
}

/// The first entry of one round and province in a listing: its page, from 1.
#[derive(Debug, Clone, Copy, Hash)]
pub(super) struct Jump {
    round: Year,
    /// The province's place in [`Site::provinces`].
    province: u16,
    page: u32,
}

/// The start of every round and province of `entries`, sorted as listings are.
fn jumps(entries: &[Entry]) -> Vec<Jump> {
    let mut jumps: Vec<Jump> = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        let same = jumps
            .last()
            .is_some_and(|j| j.round == entry.round && j.province == entry.province);
        if !same {
            jumps.push(Jump {
                round: entry.round,
                province: entry.province,
                page: u32::try_from(at / LISTING_PAGE_SIZE + 1).unwrap_or(u32::MAX),
            });
        }
    }
    jumps
}

impl Listings {
    /// One pass over the records, each entry dropped into the listing of its title or award.
    pub fn new(site: &Site) -> Self {
        let province_order: HashMap<&str, u16> = site
            .provinces
            .iter()
            .zip(0..)
            .map(|(p, i)| (p.slug.as_str(), i))
            .collect();
        let title_index: BTreeMap<&str, usize> =
            index_by_id(site.titles.iter().map(|t| t.id.as_str()));
        let award_index: BTreeMap<&str, usize> =
            index_by_id(site.awards.iter().map(|a| a.id.as_str()));
        let mut titles: Vec<Vec<Entry>> = vec![Vec::new(); site.titles.len()];
        let mut awards: Vec<Vec<Entry>> = vec![Vec::new(); site.awards.len()];
        for (record, r) in (0u32..).zip(&site.records) {
            let province = province_order
                .get(r.province.as_str())
                .copied()
                .unwrap_or(u16::MAX);
            for round in r.rounds.iter().filter(|round| round.holds) {
                if let Some(&t) = title_index.get(round.title_id.as_str()) {
                    titles[t].push(Entry {
                        round: round.round,
                        province,
                        record,
                        award: None,
                    });
                }
            }
            for (ai, received) in r.awards.iter().enumerate() {
                if let Some(&a) = award_index.get(received.award_id.as_str()) {
                    awards[a].push(Entry {
                        round: received.round,
                        province,
                        record,
                        award: u16::try_from(ai).ok(),
                    });
                }
            }
        }
        // Newest round first, then province, then the records' collation order. No two
        // entries are equal (a record holds one title a round; an award is one of its list),
        // so the order does not depend on the sort being stable.
        titles
            .par_iter_mut()
            .chain(awards.par_iter_mut())
            .for_each(|entries| {
                entries.par_sort_unstable_by(|a, b| {
                    (b.round, a.province, a.record, a.award)
                        .cmp(&(a.round, b.province, b.record, b.award))
                });
            });
        let title_jumps = titles.iter().map(|entries| jumps(entries)).collect();
        let award_jumps = awards.iter().map(|entries| jumps(entries)).collect();
        Listings {
            titles,
            awards,
            title_jumps,
            award_jumps,
        }
    }

    pub fn title_pages(&self, title: usize) -> usize {
        page_count(
            self.titles.get(title).map_or(0, Vec::len),
            LISTING_PAGE_SIZE,
        )
    }

    pub fn award_pages(&self, award: usize) -> usize {
        page_count(
            self.awards.get(award).map_or(0, Vec::len),
            LISTING_PAGE_SIZE,
        )
    }
}

/// The page of each commune, by its province's slug and by the commune's name or code: a
/// record names its commune either way.
#[derive(Debug, Default)]
pub struct CommuneIndex<'a>(HashMap<(&'a str, &'a str), &'a CommuneView>);

impl<'a> CommuneIndex<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut index = HashMap::new();
        for province in &site.provinces {
            for commune in &province.communes {
                index.insert((province.slug.as_str(), commune.name.as_str()), commune);
                index.insert((province.slug.as_str(), commune.code.as_str()), commune);
            }
        }
        CommuneIndex(index)
    }

    /// The commune a record in `province` names `written`.
    pub fn get(&self, province: &'a str, written: &'a str) -> Option<&'a CommuneView> {
        self.0.get(&(province, written)).copied()
    }
}

/// The id of a listing's heading for one round and province: `dot-2025-bac-ninh`.
fn group_anchor(round: Year, province: &str) -> String {
    format!("dot-{round}-{province}")
}

fn index_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut index = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        index.entry(id).or_insert(i);
    }
    index
}

pub(super) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The items of page `page` (from 1) of a listing of `per_page` items a page.
pub(super) fn page_slice<T>(items: &[T], page: usize, per_page: usize) -> &[T] {
    let start = (page - 1).saturating_mul(per_page).min(items.len());
    &items[start..items.len().min(start.saturating_add(per_page))]
}

/// The pages of a round: its newly recognised records and its awards are listed side by side,
/// [`LISTING_PAGE_SIZE`] of each a page, for as many pages as the longer list needs (a
/// national round gives tens of thousands of awards).
pub(super) fn round_pages(round: &crate::model::RoundView) -> usize {
    let longest = round.newly_recognised.len().max(round.awards_given.len());
    page_count(longest, LISTING_PAGE_SIZE)
}

/// How many pages a commune has: [`COMMUNE_PAGE_SIZE`] of each of its lists a page, for as
/// many pages as the longer list needs.
pub fn commune_pages(commune: &CommuneView) -> usize {
    let (holders, others) = commune.holders_and_others();
    page_count(holders.len().max(others.len()), COMMUNE_PAGE_SIZE)
}

/// The jobs of every page of the communes of the province at `province_index`.
pub fn commune_jobs(province_index: usize, province: &ProvinceView) -> Vec<PageJob> {
    let pages_of = |(ci, commune)| {
        (1..=commune_pages(commune)).map(move |n| PageJob::Commune(province_index, ci, n))
    };
    province
        .communes
        .iter()
        .enumerate()
        .flat_map(pages_of)
        .collect()
}

/// Every page of the site, in a fixed order.
pub fn page_jobs(site: &Site, listings: &Listings) -> Vec<PageJob> {
    let mut jobs = vec![
        PageJob::Overview,
        PageJob::TitlesIndex,
        PageJob::AwardsIndex,
    ];
    jobs.extend((0..site.provinces.len()).map(PageJob::Province));
    for (pi, province) in site.provinces.iter().enumerate() {
        jobs.extend(commune_jobs(pi, province));
    }
    jobs.extend((0..site.records.len()).map(PageJob::Record));
    jobs.extend((0..site.stories.len()).map(PageJob::Story));
    jobs.extend((0..site.drafts.len()).map(PageJob::Draft));
    let story_pages = page_count(site.stories.len(), STORIES_PAGE_SIZE);
    jobs.extend((1..=story_pages).map(PageJob::Stories));
    for title in 0..site.titles.len() {
        jobs.extend((1..=listings.title_pages(title)).map(|n| PageJob::Title(title, n)));
    }
    for award in 0..site.awards.len() {
        jobs.extend((1..=listings.award_pages(award)).map(|n| PageJob::Award(award, n)));
    }
    for (i, round) in site.rounds.iter().enumerate() {
        jobs.extend((1..=round_pages(round)).map(|n| PageJob::Round(i, n)));
    }
    jobs.extend([PageJob::Search, PageJob::OpenData, PageJob::NotFound]);
    jobs.extend((0..site.pages.len()).map(PageJob::Free));
    for (si, story) in site.stories.iter().enumerate() {
        jobs.extend((0..story.aliases.len()).map(|ai| PageJob::Redirect(si, ai)));
    }
    jobs
}

/// Whether a page is made from Markdown files alone (stories, the story list, free pages,
/// redirects): the others stay the same while only Markdown files change.
pub fn is_content_page(page: PageJob) -> bool {
    matches!(
        page,
        PageJob::Story(_)
            | PageJob::Draft(_)
            | PageJob::Stories(_)
            | PageJob::Free(_)
            | PageJob::Redirect(..)
    )
}

/// The pages of `page_jobs` that [`is_content_page`] names, in the same order, without a
/// pass over the records.
pub fn content_page_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs: Vec<PageJob> = (0..site.stories.len()).map(PageJob::Story).collect();
    jobs.extend((0..site.drafts.len()).map(PageJob::Draft));
    let story_pages = page_count(site.stories.len(), STORIES_PAGE_SIZE);
    jobs.extend((1..=story_pages).map(PageJob::Stories));
    jobs.extend((0..site.pages.len()).map(PageJob::Free));
    for (si, story) in site.stories.iter().enumerate() {
        jobs.extend((0..story.aliases.len()).map(|ai| PageJob::Redirect(si, ai)));
    }
    jobs
}

/// The root-relative URL of a page.
pub fn job_url(job: PageJob, site: &Site) -> Option<String> {
    let urls = Urls::new(&site.meta.base_url);
    Some(match job {
        PageJob::Overview => urls.home(),
        PageJob::Province(i) => site.provinces.get(i)?.url.clone(),
        PageJob::Commune(p, c, n) => {
            urls.paginated(&site.provinces.get(p)?.communes.get(c)?.url, n)
        }
        PageJob::Record(i) => site.records.get(i)?.url.clone(),
        PageJob::Story(i) => site.stories.get(i)?.url.clone(),
        PageJob::Draft(i) => site.drafts.get(i)?.url.clone(),
        PageJob::Stories(n) => urls.paginated(&urls.stories(), n),
        PageJob::Title(t, n) => urls.paginated(&site.titles.get(t)?.url, n),
        PageJob::Award(a, n) => urls.paginated(&site.awards.get(a)?.url, n),
        PageJob::TitlesIndex => urls.titles(),
        PageJob::AwardsIndex => urls.awards(),
        PageJob::Round(i, n) => urls.paginated(&site.rounds.get(i)?.url, n),
        PageJob::Search => urls.search(),
        PageJob::OpenData => urls.open_data(),
        PageJob::Free(i) => site.pages.get(i)?.url.clone(),
        PageJob::Redirect(s, a) => urls.asset(&alias_url(site.stories.get(s)?.aliases.get(a)?)),
        PageJob::NotFound => urls.asset("/404.html"),
    })
}

pub fn nav(site: &Site) -> Nav {
    let urls = Urls::new(&site.meta.base_url);
    Nav {
        home: urls.home(),
        provinces: site
            .provinces
            .iter()
            .map(|p| Link {
                url: p.url.clone(),
                label: p.name.clone(),
            })
            .collect(),
        titles: urls.titles(),
        awards: urls.awards(),
        stories: urls.stories(),
        rounds: site
            .rounds
            .iter()
            .map(|r| Link {
                url: r.url.clone(),
                label: r.year.to_string(),
            })
            .collect(),
        search: urls.search(),
        open_data: urls.open_data(),
        feed: urls.asset("/atom.xml"),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                url: p.url.clone(),
                label: p.title.clone(),
            })
            .collect(),
        stylesheet: urls.asset("/style.css"),
        favicon: urls.asset("/favicon.svg"),
    }
}

/// Renders one page.
pub fn render(job: PageJob, renderer: &Renderer<'_>) -> Result<OutputFile, RenderError> {
    let site = renderer.site;
    let cx = Cx { renderer, site };
    match job {
        PageJob::Overview => cx.overview(),
        PageJob::Province(i) => cx.province(&site.provinces[i]),
        PageJob::Commune(p, c, n) => {
            cx.commune(&site.provinces[p], &site.provinces[p].communes[c], n)
        }
        PageJob::Record(i) => cx.record(&site.records[i]),
        PageJob::Story(i) => cx.story(&site.stories[i]),
        PageJob::Draft(i) => cx.story(&site.drafts[i]),
        PageJob::Stories(n) => cx.stories(n),
        PageJob::Title(t, n) => cx.title_listing(t, n),
        PageJob::Award(a, n) => cx.award_listing(a, n),
        PageJob::TitlesIndex => cx.rules_index(true),
        PageJob::AwardsIndex => cx.rules_index(false),
        PageJob::Round(i, n) => cx.round(i, n),
        PageJob::Search => cx.search(),
        PageJob::OpenData => cx.open_data(),
        PageJob::Free(i) => cx.free_page(i),
        PageJob::Redirect(s, a) => cx.redirect(s, a),
        PageJob::NotFound => cx.not_found(),
    }
}

/// What page builders share.
struct Cx<'a> {
    renderer: &'a Renderer<'a>,
    site: &'a Site,
}

impl<'a> Cx<'a> {
    fn label(&self, key: &str) -> String {
        self.renderer.theme.label(key)
    }

    fn urls(&self) -> Urls {
        Urls::new(&self.site.meta.base_url)
    }

    fn absolute(&self, url: &str) -> String {
        self.site.meta.absolute(url)
    }

    fn meta(&self, title: &str, description: &str, url: &str, section: &'static str) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: description.to_string(),
            url: url.to_string(),
            canonical: self.absolute(url),
            og_type: "website",
            image: self.site.meta.image.clone(),
            image_alt: None,
            json_ld: Vec::new(),
            section,
            feed: None,
        }
    }

    fn common(&self, page: PageMeta) -> Common<'a> {
        Common {
            site: &self.site.meta,
            page,
            nav: self.nav(),
        }
    }

    fn nav(&self) -> &'a Nav {
        &self.renderer.nav
    }

    fn write<T: Serialize>(
        &self,
        template: &str,
        url: &str,
        context: &T,
    ) -> Result<OutputFile, RenderError> {
        let path = output_path(url, &self.site.meta.base_path);
        let fail = |message: String| RenderError {
            path: path.clone(),
            template: template.to_string(),
            message,
        };
        let mut context = Context::from_serialize(context).map_err(|e| fail(error_chain(&e)))?;
        let mut chrome = None;
        if let Some(page) = context.get("page") {
            let renderer = self.renderer;
            let made = renderer
                .chrome
                .for_page(renderer.theme, &self.site.meta, &renderer.nav, page)
                .map_err(fail)?;
            context.insert("chrome", &made.marks);
            chrome = Some(made);
        }
        // Rendered to bytes: the text is made of strings, and `render` would check all of it
        // once more to hand back a `String`.
        let mut html = Vec::with_capacity(16 * 1024);
        self.renderer
            .theme
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| fail(error_chain(&e)))?;
        let origin = Origin::Template(template.to_string());
        let mut file = OutputFile::new(path, html).made_by(origin);
        file.chrome = chrome;
        Ok(file)
    }

    fn record_item(&self, index: usize, detail: String) -> RecordItem<'a> {
        let record = &self.site.records[index];
        RecordItem {
            url: &record.url,
            name: &record.name,
            kind: record.kind,
            province_name: &record.province_name,
            commune: &record.commune,
            detail,
        }
    }

    fn story_item(&self, index: usize) -> StoryItem<'a> {
        let story = &self.site.stories[index];
        StoryItem {
            url: &story.url,
            title: &story.title,
            date: &story.date,
            summary: &story.summary,
        }
    }

    fn overview(&self) -> Result<OutputFile, RenderError> {
        let site = self.site;
        let round = site.meta.current_round;
        let current = site.rounds.iter().find(|r| r.year == round);
        let holders_by_kind = Kind::ALL
            .into_iter()
            .map(|kind| KindCount {
                kind,
                count: site
                    .records
                    .iter()
                    .filter(|r| r.kind == kind && r.holds(round))
                    .count(),
            })
            .collect();
        let provinces = site
            .provinces
            .iter()
            .map(|p| ProvinceSummary {
                url: &p.url,
                name: &p.name,
                kinds: p
                    .progress
                    .iter()
                    .filter_map(|k| k.rounds.last().map(|row| KindSummary { kind: k.kind, row }))
                    .collect(),
            })
            .collect();
        let url = self.urls().home();
        let mut meta = self.meta(
            &site.meta.title,
            &self.label("home.intro"),
            &url,
            OVERVIEW.section,
        );
        meta.json_ld.push(structured::home(&site.meta));
        let context = OverviewPage {
            common: self.common(meta),
            round,
            round_url: current.map(|r| r.url.clone()),
            review_name: current.and_then(|r| r.review_name.as_deref()),
            holders_by_kind,
            provinces,
            latest_stories: (0..site.stories.len().min(6))
                .map(|i| self.story_item(i))
                .collect(),
        };
        self.write(OVERVIEW.template, &url, &context)
    }

    fn province(&self, province: &'a ProvinceView) -> Result<OutputFile, RenderError> {
        let charts = province
            .progress
            .iter()
            .map(|k| KindChartBlock {
                kind: k.kind,
                svg: charts::kind_chart(&self.chart_input(province, k)),
                rows: &k.rounds,
            })
            .collect();
        let communes: Vec<CommuneRow<'a>> = province
            .communes
            .iter()
            .map(|c| CommuneRow {
                name: &c.name,
                url: &c.url,
                district: c.district.as_deref(),
                holders: c.holders,
                records: c.record_indexes.len(),
            })
            .collect();
        let mut meta = self.meta(
            &province.name,
            &format!("{}: {}.", province.name, self.label("province.description")),
            &province.url,
            PROVINCE.section,
        );
        meta.feed = Some(self.urls().province_feed(&province.slug));
        let context = ProvincePage {
            common: self.common(meta),
            province,
            charts,
            record_count: communes.iter().map(|c| c.records).sum(),
            holder_count: communes.iter().map(|c| c.holders).sum(),
            communes,
            stories: province
                .story_indexes
                .iter()
                .map(|&i| self.story_item(i))
                .collect(),
        };
        self.write(PROVINCE.template, &province.url, &context)
    }

    fn commune(
        &self,
        province: &'a ProvinceView,
        commune: &'a CommuneView,
        page: usize,
    ) -> Result<OutputFile, RenderError> {
        let round = self.site.meta.current_round;
        let (holding, others) = commune.holders_and_others();
        let last_held = self.label("commune.last_held");
        let other_items = page_slice(others, page, COMMUNE_PAGE_SIZE)
            .iter()
            .map(|&i| {
                let record = &self.site.records[i];
                let detail = record
                    .held_rounds()
                    .last()
                    .map(|year| format!("{last_held} {year}"))
                    .unwrap_or_default();
                self.record_item(i, detail)
            })
            .collect();
        let holder_items = page_slice(holding, page, COMMUNE_PAGE_SIZE)
            .iter()
            .map(|&i| self.record_item(i, held_detail(&self.site.records[i], round)))
            .collect();
        let description = format!("{} – {}", commune.name, province.name);
        let page_title = if page > 1 {
            format!("{} ({page})", commune.name)
        } else {
            commune.name.clone()
        };
        let urls = self.urls();
        let url = urls.paginated(&commune.url, page);
        let mut meta = self.meta(&page_title, &description, &url, COMMUNE.section);
        let home = urls.home();
        meta.json_ld.push(structured::breadcrumbs(
            &self.site.meta,
            &[
                (self.site.meta.title.as_str(), home.as_str()),
                (province.name.as_str(), province.url.as_str()),
                (commune.name.as_str(), commune.url.as_str()),
            ],
        ));
        let context = CommunePage {
            common: self.common(meta),
            province_name: &province.name,
            province_url: &province.url,
            name: &commune.name,
            code: &commune.code,
            district: commune.district.as_deref(),
            holders_total: holding.len(),
            holders: holder_items,
            others_total: others.len(),
            others: other_items,
            pagination: pagination(&urls, &commune.url, page, commune_pages(commune)),
        };
        self.write(COMMUNE.template, &url, &context)
    }

    fn record(&self, record: &'a RecordView) -> Result<OutputFile, RenderError> {
        let urls = self.urls();
        let lang = reasons::sentence_lang(&self.site.meta.language);
        let outlook = record.outlook.as_deref();
        let rounds = record
            .rounds
            .iter()
            .map(|round| RoundRow {
                round,
                title_url: urls.title(&round.title_id),
                basis: self
                    .site
                    .titles
                    .iter()
                    .find(|t| t.id == round.title_id)
                    .map_or("", |t| t.basis.as_str()),
                round_url: urls.round(round.round),
                why: reasons::round_sentence(round, lang),
            })
            .collect();
        let awards = record
            .awards
            .iter()
            .map(|award| AwardRow {
                award,
                award_url: urls.award(&award.award_id),
                basis: self
                    .site
                    .awards
                    .iter()
                    .find(|a| a.id == award.award_id)
                    .map_or("", |a| a.basis.as_str()),
            })
            .collect();
        let description = format!(
            "{} – {}, {}",
            record.name, record.commune, record.province_name
        );
        let mut meta = self.meta(&record.name, &description, &record.url, RECORD.section);
        let commune = self
            .renderer
            .communes
            .get(&record.province, &record.commune);
        let province_url = urls.province(&record.province);
        let home = urls.home();
        let mut trail = vec![
            (self.site.meta.title.as_str(), home.as_str()),
            (record.province_name.as_str(), province_url.as_str()),
        ];
        if let Some(commune) = commune {
            trail.push((commune.name.as_str(), commune.url.as_str()));
        }
        trail.push((record.name.as_str(), record.url.as_str()));
        meta.json_ld
            .push(structured::breadcrumbs(&self.site.meta, &trail));
        let context = RecordPage {
            common: self.common(meta),
            record: RecordHead::of(record),
            province_url,
            commune: commune.map(|c| CommuneLink {
                name: &c.name,
                url: &c.url,
            }),
            graded: record.rounds.iter().any(|round| round.grade.is_some()),
            rounds,
            awards,
            stories: record
                .story_indexes
                .iter()
                .map(|&i| self.story_item(i))
                .collect(),
            members: outlook.map_or(&[], |o| o.members.as_slice()),
            next_award: outlook
                .and_then(|o| o.next_award.as_ref())
                .map(|next| NextAwardRow {
                    name: next.award_name.as_str(),
                    url: urls.award(&next.award_id),
                    round: next.round,
                    lacks: reasons::lacks_sentence(next, lang),
                }),
        };
        self.write(RECORD.template, &record.url, &context)
    }

    fn story(&self, story: &'a StoryView) -> Result<OutputFile, RenderError> {
        let mut meta = self.meta(&story.title, &story.summary, &story.url, STORY.section);
        meta.og_type = "article";
        if let Some(image) = &story.image {
            meta.image = self.absolute(image);
            meta.image_alt = story.image_alt.clone();
        }
        // A draft is previewed, not published: it claims no article.
        if !story.draft {
            meta.json_ld = self.story_json_ld(story, &meta);
        }
        let province = story.province.as_ref().and_then(|slug| {
            self.site
                .provinces
                .iter()
                .find(|p| &p.slug == slug)
                .map(|p| Link {
                    url: p.url.clone(),
                    label: p.name.clone(),
                })
        });
        let base_path = &self.site.meta.base_path;
        let body_html = markdown::to_safe_html(&story.markdown, base_path);
        let photos = &self.renderer.photos;
        let context = StoryPage {
            common: self.common(meta),
            story,
            body_html: picture::in_body(&body_html, photos, base_path).into_owned(),
            lead_photo: story
                .image
                .as_deref()
                .and_then(|url| photos.at_url(url, base_path))
                .map(|photo| PictureView::of(photo, base_path)),
            records: story
                .record_indexes
                .iter()
                .map(|&i| self.record_item(i, String::new()))
                .collect(),
            province,
        };
        self.write(STORY.template, &story.url, &context)
    }

    /// A story's `NewsArticle` and the trail to it.
    fn story_json_ld(&self, story: &StoryView, meta: &PageMeta) -> Vec<String> {
        let site = &self.site.meta;
        let (home, stories) = (self.urls().home(), self.urls().stories());
        let label = self.label("nav.stories");
        vec![
            structured::news_article(site, story, &meta.canonical, &meta.image),
            structured::breadcrumbs(
                site,
                &[
                    (site.title.as_str(), home.as_str()),
                    (label.as_str(), stories.as_str()),
                    (story.title.as_str(), story.url.as_str()),
                ],
            ),
        ]
    }

    fn stories(&self, page: usize) -> Result<OutputFile, RenderError> {
        let first = self.urls().stories();
        let total = self.site.stories.len();
        let pagination = pagination(
            &self.urls(),
            &first,
            page,
            page_count(total, STORIES_PAGE_SIZE),
        );
        let start = (page - 1) * STORIES_PAGE_SIZE;
        let url = self.urls().paginated(&first, page);
        let context = StoriesPage {
            common: self.common(self.meta(
                &self.label("nav.stories"),
                &self.label("stories.intro"),
                &url,
                STORIES.section,
            )),
            stories: (start..total.min(start + STORIES_PAGE_SIZE))
                .map(|i| self.story_item(i))
                .collect(),
            pagination,
        };
        self.write(STORIES.template, &url, &context)
    }

    fn groups(
        &self,
        entries: &[Entry],
        detail: impl Fn(&Entry) -> String,
    ) -> Vec<ListingGroup<'a>> {
        let mut groups: Vec<ListingGroup<'a>> = Vec::new();
        for entry in entries {
            let record = &self.site.records[entry.record()];
            let same = groups
                .last()
                .is_some_and(|g| g.round == entry.round && g.province_name == record.province_name);
            if !same {
                groups.push(ListingGroup {
                    round: entry.round,
                    province_name: &record.province_name,
                    anchor: group_anchor(entry.round, &record.province),
                    records: Vec::new(),
                });
            }
            if let Some(group) = groups.last_mut() {
                group
                    .records
                    .push(self.record_item(entry.record(), detail(entry)));
            }
        }
        groups
    }

    /// The jump links of a listing, a line per round: each province, linked to the page and
    /// heading where it starts.
    fn jump_rounds(&self, first: &str, jumps: &[Jump]) -> Vec<JumpRound> {
        let urls = self.urls();
        let mut rounds: Vec<JumpRound> = Vec::new();
        for jump in jumps {
            let Some(province) = self.site.provinces.get(usize::from(jump.province)) else {
                continue;
            };
            let link = Link {
                url: format!(
                    "{}#{}",
                    urls.paginated(first, jump.page as usize),
                    group_anchor(jump.round, &province.slug)
                ),
                label: province.name.clone(),
            };
            match rounds.last_mut() {
                Some(last) if last.round == jump.round => last.provinces.push(link),
                _ => rounds.push(JumpRound {
                    round: jump.round,
                    provinces: vec![link],
                }),
            }
        }
        rounds
    }

    fn title_listing(&self, title: usize, page: usize) -> Result<OutputFile, RenderError> {
        let view = &self.site.titles[title];
        let entries = &self.renderer.listings.titles[title];
        let jumps = &self.renderer.listings.title_jumps[title];
        let detail = |e: &Entry| {
            self.site.records[e.record()]
                .rounds
                .iter()
                .find(|r| r.round == e.round)
                .and_then(|r| r.grade)
                .map(String::from)
                .unwrap_or_default()
        };
        self.listing(
            &view.url,
            &view.name,
            &view.basis,
            Some(view),
            None,
            (entries, jumps),
            page,
            detail,
        )
    }

    fn award_listing(&self, award: usize, page: usize) -> Result<OutputFile, RenderError> {
        let view = &self.site.awards[award];
        let entries = &self.renderer.listings.awards[award];
        let jumps = &self.renderer.listings.award_jumps[award];
        let detail = |e: &Entry| {
            let record = &self.site.records[e.record()];
            e.award()
                .and_then(|ai| record.awards.get(ai))
                .map(|a| a.decision.clone())
                .unwrap_or_default()
        };
        self.listing(
            &view.url,
            &view.name,
            &view.basis,
            None,
            Some(view),
            (entries, jumps),
            page,
            detail,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn listing(
        &self,
        first: &'a str,
        heading: &'a str,
        basis: &'a str,
        title: Option<&'a crate::model::TitleView>,
        award: Option<&'a crate::model::AwardView>,
        (entries, jumps): (&[Entry], &[Jump]),
        page: usize,
        detail: impl Fn(&Entry) -> String,
    ) -> Result<OutputFile, RenderError> {
        let urls = self.urls();
        let pages = page_count(entries.len(), LISTING_PAGE_SIZE);
        let slice = page_slice(entries, page, LISTING_PAGE_SIZE);
        let url = urls.paginated(first, page);
        let kind = if title.is_some() { TITLE } else { AWARD };
        let section = kind.section;
        let page_title = if page > 1 {
            format!("{heading} ({page})")
        } else {
            heading.to_string()
        };
        let context = ListingPage {
            common: self.common(self.meta(&page_title, basis, &url, section)),
            heading,
            basis,
            title,
            award,
            groups: self.groups(slice, detail),
            total: entries.len(),
            pagination: pagination(&urls, first, page, pages),
            first_url: first,
            jumps: if page == 1 {
                self.jump_rounds(first, jumps)
            } else {
                Vec::new()
            },
        };
        self.write(kind.template, &url, &context)
    }

    fn rules_index(&self, titles: bool) -> Result<OutputFile, RenderError> {
        let urls = self.urls();
        let (url, heading, intro, kind) = if titles {
            (
                urls.titles(),
                self.label("nav.titles"),
                self.label("rules.titles_intro"),
                TITLES_INDEX,
            )
        } else {
            (
                urls.awards(),
                self.label("nav.awards"),
                self.label("rules.awards_intro"),
                AWARDS_INDEX,
            )
        };
        let section = kind.section;
        let context = IndexPage {
            common: self.common(self.meta(&heading, &intro, &url, section)),
            titles: if titles {
                self.site.titles.iter().collect()
            } else {
                Vec::new()
            },
            awards: if titles {
                Vec::new()
            } else {
                self.site.awards.iter().collect()
            },
        };
        self.write(kind.template, &url, &context)
    }

    fn round(&self, index: usize, page: usize) -> Result<OutputFile, RenderError> {
        let round = &self.site.rounds[index];
        let urls = self.urls();
        let heading = round
            .review_name
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.label("round.label"), round.year));
        let awards_given = page_slice(&round.awards_given, page, LISTING_PAGE_SIZE)
            .iter()
            .map(|&(ri, ai)| {
                let award = &self.site.records[ri].awards[ai];
                self.record_item(ri, format!("{} ({})", award.award_name, award.decision))
            })
            .collect();
        let mut newly_recognised: Vec<ProvinceRecords<'a>> = Vec::new();
        for &i in page_slice(&round.newly_recognised, page, LISTING_PAGE_SIZE) {
            let record = &self.site.records[i];
            let item = self.record_item(i, held_detail(record, round.year));
            match newly_recognised.last_mut() {
                Some(group) if group.slug == record.province.as_str() => group.records.push(item),
                _ => newly_recognised.push(ProvinceRecords {
                    slug: record.province.as_str(),
                    name: &record.province_name,
                    records: vec![item],
                }),
            }
        }
        let description = format!(
            "{heading}: {} {}, {} {}.",
            round.holders,
            self.label("round.holders"),
            round.newly_recognised.len(),
            self.label("round.newly")
        );
        let page_title = if page > 1 {
            format!("{heading} ({page})")
        } else {
            heading
        };
        let url = urls.paginated(&round.url, page);
        let context = RoundPage {
            common: self.common(self.meta(&page_title, &description, &url, ROUND.section)),
            round: round.into(),
            newly_total: round.newly_recognised.len(),
            newly_recognised,
            awards_total: round.awards_given.len(),
            awards_given,
            pagination: pagination(&urls, &round.url, page, round_pages(round)),
        };
        self.write(ROUND.template, &url, &context)
    }

    fn search(&self) -> Result<OutputFile, RenderError> {
        let urls = self.urls();
        let url = urls.search();
        let context = SearchPage {
            common: self.common(self.meta(
                &self.label("nav.search"),
                &self.label("search.intro"),
                &url,
                SEARCH.section,
            )),
            index_url: urls.asset("/tim-kiem/chi-muc/"),
            script_url: urls.asset("/tim-kiem.js"),
            province_pages: &self.renderer.nav.provinces,
            provinces: self
                .site
                .provinces
                .iter()
                .map(|p| Link {
                    url: p.slug.clone(),
                    label: p.name.clone(),
                })
                .collect(),
            kinds: Kind::ALL.to_vec(),
            titles: self
                .site
                .titles
                .iter()
                .map(|t| Link {
                    url: t.id.clone(),
                    label: t.name.clone(),
                })
                .collect(),
        };
        self.write(SEARCH.template, &url, &context)
    }

    fn open_data(&self) -> Result<OutputFile, RenderError> {
        let url = self.urls().open_data();
        let name = self.label("nav.open_data");
        let intro = self.label("data.intro");
        let mut meta = self.meta(&name, &intro, &url, OPEN_DATA.section);
        let downloads = super::data::downloads(self.site);
        let dataset = structured::DatasetPage {
            name: &name,
            description: &intro,
            canonical: &meta.canonical,
            rounds: self
                .site
                .rounds
                .iter()
                .map(|r| r.year)
                .min()
                .zip(self.site.meta.latest_round),
            files: downloads
                .iter()
                .map(|d| structured::DataFile {
                    name: &d.name,
                    csv_url: &d.csv_url,
                    json_url: &d.json_url,
                })
                .collect(),
        };
        let json_ld = structured::dataset(&self.site.meta, &dataset);
        meta.json_ld.push(json_ld);
        let context = OpenDataPage {
            common: self.common(meta),
            downloads,
            license: &self.site.meta.license,
            updated: self.site.meta.data_updated.as_deref(),
            latest_round: self.site.meta.latest_round,
        };
        self.write(OPEN_DATA.template, &url, &context)
    }

    fn free_page(&self, index: usize) -> Result<OutputFile, RenderError> {
        let page = &self.site.pages[index];
        let context = FreePage {
            common: self.common(self.meta(
                &page.title,
                &free_page_description(&page.title, &page.markdown),
                &page.url,
                FREE.section,
            )),
            page_view: page,
            body_html: markdown::to_safe_html(&page.markdown, &self.site.meta.base_path),
        };
        self.write(FREE.template, &page.url, &context)
    }

    fn redirect(&self, story: usize, alias: usize) -> Result<OutputFile, RenderError> {
        let story = &self.site.stories[story];
        let alias = &story.aliases[alias];
        let url = self.urls().asset(&alias_url(alias));
        let mut meta = self.meta(&story.title, &story.summary, &url, REDIRECT.section);
        meta.canonical = self.absolute(&story.url);
        let context = RedirectPage {
            common: self.common(meta),
            target: story.url.clone(),
            target_absolute: self.absolute(&story.url),
        };
        self.write(REDIRECT.template, &url, &context)
    }

    fn chart_input(
        &self,
        province: &ProvinceView,
        kind: &crate::model::KindProgress,
    ) -> charts::KindChart {
        let target = kind.rounds.last().and_then(|r| r.target.as_ref());
        let kind_label = self.label(&format!("kind.{}", kind.kind.as_str()));
        charts::KindChart {
            id: format!("bieu-do-{}-{}", province.slug, kind.kind.as_str()),
            title: format!("{} – {kind_label}", province.name),
            kind_label,
            points: kind
                .rounds
                .iter()
                .filter_map(|r| {
                    r.share_of_total.map(|percent| charts::ChartPoint {
                        round: r.round,
                        percent,
                    })
                })
                .collect(),
            target_min: target.map(|t| t.share.min),
            target_stretch: target.and_then(|t| t.share.stretch),
            target_label: self.label("chart.target_min"),
            stretch_label: self.label("chart.target_stretch"),
            denominator_label: self.label("chart.denominator"),
            no_data_label: self.label("chart.no_data"),
            note: kind
                .rounds
                .iter()
                .find(|r| r.merged)
                .map(|r| charts::ChartNote {
                    round: r.round,
                    text: format!(
                        "{} {}: {} {}",
                        self.label("chart.merger_from"),
                        r.round,
                        self.label("chart.merger_includes"),
                        province.merged_from.join(", ")
                    ),
                }),
        }
    }

    fn not_found(&self) -> Result<OutputFile, RenderError> {
        let url = self.urls().asset("/404.html");
        let context = NotFoundPage {
            common: self.common(self.meta(
                &self.label("notfound.heading"),
                &self.label("notfound.lead"),
                &url,
                NOT_FOUND.section,
            )),
        };
        self.write(NOT_FOUND.template, &url, &context)
    }
}

/// An alias as a page URL: `/tin-tuc/cu` and `/tin-tuc/cu/` both become `/tin-tuc/cu/`;
/// an alias naming a file (`/tin-tuc/cu.html`) stays as it is.
fn alias_url(alias: &str) -> String {
    if alias.ends_with('/')
        || alias
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
    {
        alias.to_string()
    } else {
        format!("{alias}/")
    }
}

/// What a free page is about: its first words, or its title when it has none.
fn free_page_description(title: &str, markdown: &str) -> String {
    let excerpt = markdown::plain_excerpt(markdown, 160);
    if excerpt.is_empty() {
        title.to_string()
    } else {
        excerpt
    }
}

fn held_detail(record: &RecordView, round: Year) -> String {
    record
        .rounds
        .iter()
        .find(|r| r.round == round)
        .and_then(|r| r.grade)
        .map(String::from)
        .unwrap_or_default()
}

fn pagination(urls: &Urls, first: &str, current: usize, total_pages: usize) -> Pagination {
    let link = |n: usize| urls.paginated(first, n);
    Pagination {
        current,
        total_pages,
        previous: (current > 1).then(|| link(current - 1)),
        next: (current < total_pages).then(|| link(current + 1)),
        pages: visible_pages(current, total_pages)
            .into_iter()
            .map(|number| PageLink {
                number,
                url: link(number),
                current: number == current,
            })
            .collect(),
    }
}

/// The page numbers a pager shows: the first, the last, and two either side of the current.
fn visible_pages(current: usize, total: usize) -> Vec<usize> {
    (1..=total)
        .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_entry_stays_small() {
        // A million records make a few million entries, held while every page renders.
        assert_eq!(std::mem::size_of::<Entry>(), 24);
    }

    #[test]
    fn pager_shows_ends_and_neighbours() {
        assert_eq!(visible_pages(1, 1), vec![1]);
        assert_eq!(visible_pages(5, 10), vec![1, 3, 4, 5, 6, 7, 10]);
    }

    #[test]
    fn a_page_holds_its_share_of_a_listing() {
        let items: Vec<usize> = (0..120).collect();
        assert_eq!(page_slice(&items, 1, 50), &items[..50]);
        assert_eq!(page_slice(&items, 3, 50), &items[100..]);
        assert!(page_slice(&items, 4, 50).is_empty());
        assert!(page_slice::<usize>(&[], 1, 50).is_empty());
    }

    #[test]
    fn aliases_become_page_urls() {
        assert_eq!(alias_url("/tin-tuc/cu"), "/tin-tuc/cu/");
        assert_eq!(alias_url("/tin-tuc/cu/"), "/tin-tuc/cu/");
        assert_eq!(alias_url("/tin-tuc/cu.html"), "/tin-tuc/cu.html");
    }
}
