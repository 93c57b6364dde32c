//! `sitemap.xml` (a sitemap index past 50,000 URLs) and `robots.txt`.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use super::OutputFile;
use super::feeds::escape;
use super::pages::{Listings, PageJob, job_url, page_jobs};
use crate::model::{CommuneView, Site, dates};

/// URLs in one sitemap file at most (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

pub fn sitemap_files(site: &Site, listings: &Listings) -> Vec<OutputFile> {
    let changed = Changed::of(site);
    let urls: Vec<(String, Option<String>)> = page_jobs(site, listings)
        .into_iter()
        .filter(|job| {
            !matches!(
                job,
                PageJob::Redirect(..) | PageJob::Draft(_) | PageJob::NotFound
            )
        })
        .filter_map(|job| Some((absolute(site, &job_url(job, site)?), changed.of_page(job))))
        .collect();
    let mut files = Vec::new();
    if urls.len() <= SITEMAP_LIMIT {
        files.push(OutputFile::new("sitemap.xml", urlset(&urls)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            let _ = writeln!(
                index,
                "<sitemap><loc>{}</loc></sitemap>",
                escape(&absolute(site, &format!("{}/{name}", site.meta.base_path)))
            );
            files.push(OutputFile::new(name, urlset(chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(OutputFile::new("sitemap.xml", index));
    }
    files.push(OutputFile::new("robots.txt", robots(site)));
    files
}

fn urlset(urls: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        match lastmod {
            Some(day) => {
                let _ = writeln!(
                    xml,
                    "<url><loc>{}</loc><lastmod>{day}</lastmod></url>",
                    escape(url)
                );
            }
            None => {
                let _ = writeln!(xml, "<url><loc>{}</loc></url>", escape(url));
            }
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The day each page last changed, from the data (see `model::dates`); none for a free page,
/// whose file carries no date. What many pages share (a commune's, a round's day: each of
/// their pages asks) is worked out once, before any page asks.
struct Changed<'a> {
    site: &'a Site,
    /// The records and provinces as a whole.
    data: Option<String>,
    /// The newest story's last change.
    stories: Option<String>,
    /// Each province's communes' last change, by province and commune index.
    communes: Vec<Vec<Option<String>>>,
    /// Each round's day, or its last decision's when later.
    rounds: Vec<Option<String>>,
}

impl<'a> Changed<'a> {
    fn of(site: &'a Site) -> Self {
        let due = site.meta.report_due;
        let communes = site
            .provinces
            .iter()
            .map(|p| {
                p.communes
                    .iter()
                    .map(|c| commune_changed(site, c))
                    .collect()
            })
            .collect();
        let rounds = site
            .rounds
            .iter()
            .map(|round| {
                let decisions = round
                    .awards_given
                    .iter()
                    .filter_map(|&(r, a)| site.records.get(r)?.awards.get(a))
                    .map(|award| award.date.to_string())
                    .max();
                Some(dates::round_day(round.year, due)).max(decisions)
            })
            .collect();
        Changed {
            site,
            data: site.meta.data_updated.clone(),
            stories: site.stories.iter().map(|s| s.modified.clone()).max(),
            communes,
            rounds,
        }
    }

    fn of_page(&self, job: PageJob) -> Option<String> {
        let site = self.site;
        let due = site.meta.report_due;
        match job {
            PageJob::Overview | PageJob::Search => self.data.clone().max(self.stories.clone()),
            PageJob::Stories(_) => self.stories.clone(),
            PageJob::Story(i) => site.stories.get(i).map(|s| s.modified.clone()),
            PageJob::Record(i) => dates::record_changed(site.records.get(i)?, due),
            PageJob::Province(i) => {
                let province = site.provinces.get(i)?;
                let communes = self.communes.get(i)?.iter().flatten().max().cloned();
                let stories = province
                    .story_indexes
                    .iter()
                    .filter_map(|&s| site.stories.get(s).map(|s| s.modified.clone()))
                    .max();
                dates::province_changed(province, due)
                    .max(communes)
                    .max(stories)
            }
            PageJob::Commune(p, c, _) => {
                let province = site.provinces.get(p)?;
                let commune = self.communes.get(p)?.get(c)?.clone();
                commune.or_else(|| dates::province_changed(province, due))
            }
            PageJob::Round(i, _) => self.rounds.get(i)?.clone(),
            PageJob::Title(..)
            | PageJob::Award(..)
            | PageJob::TitlesIndex
            | PageJob::AwardsIndex
            | PageJob::OpenData => self.data.clone(),
            PageJob::Free(_) | PageJob::Draft(_) | PageJob::Redirect(..) | PageJob::NotFound => {
                None
            }
        }
    }
}

/// A digest of what the dates of the sitemap (its `lastmod`s) are made from in the records:
/// a preview makes the sitemap again when this digest, that of [`story_dates_digest`] or the
/// list of URLs changes. It reads what the dates are made from rather than working each one out
/// (only the provinces' are, as they are few): a national site's 100,000 records cost a few
/// tens of milliseconds. `data_updated` is made from the same inputs; it is hashed too so that
/// the digest does not rest on how it is made.
pub fn record_dates_digest(site: &Site) -> u64 {
    let due = site.meta.report_due;
    let mut hasher = DefaultHasher::new();
    (&site.meta.data_updated, due).hash(&mut hasher);
    for record in &site.records {
        record
            .rounds
            .iter()
            .map(|r| r.round)
            .max()
            .hash(&mut hasher);
        record.awards.len().hash(&mut hasher);
        for award in &record.awards {
            award.date.hash(&mut hasher);
        }
    }
    for round in &site.rounds {
        (round.year, &round.awards_given).hash(&mut hasher);
    }
    for province in &site.provinces {
        dates::province_changed(province, due).hash(&mut hasher);
        for commune in &province.communes {
            commune.record_indexes.hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// A digest of what the sitemap's dates are made from in the stories: when each changed and
/// which province tells it.
pub fn story_dates_digest(site: &Site) -> u64 {
    let mut hasher = DefaultHasher::new();
    for story in &site.stories {
        story.modified.hash(&mut hasher);
    }
    for province in &site.provinces {
        province.story_indexes.hash(&mut hasher);
    }
    hasher.finish()
}

/// The last change of a commune's records.
fn commune_changed(site: &Site, commune: &CommuneView) -> Option<String> {
    let due = site.meta.report_due;
    commune
        .record_indexes
        .iter()
        .filter_map(|&i| dates::record_changed(site.records.get(i)?, due))
        .max()
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.meta.base_url
    )
}

fn absolute(site: &Site, url: &str) -> String {
    site.meta.absolute(url)
}
