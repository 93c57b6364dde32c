//! `sitemap.xml` (a sitemap index past 50,000 URLs) and `robots.txt`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use super::OutputFile;
use super::feeds::escape;
use super::pages::{Listings, PageJob, job_url, page_jobs};
use crate::base::text::escape_markup_into;
use crate::model::{CommuneView, Site, dates};

/// URLs in one sitemap file at most (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

pub fn sitemap_files(site: &Site, listings: &Listings) -> Vec<OutputFile> {
    let changed = Changed::of(site);
    let urls: Vec<(Cow<'_, str>, Option<&str>)> = page_jobs(site, listings)
        .into_iter()
        .filter(|job| {
            !matches!(
                job,
                PageJob::Redirect(..) | PageJob::Draft(_) | PageJob::NotFound
            )
        })
        .filter_map(|job| Some((page_url(job, site)?, changed.of_page(job))))
        .collect();
    let mut files = Vec::new();
    if urls.len() <= SITEMAP_LIMIT {
        files.push(OutputFile::new("sitemap.xml", urlset(site, &urls)));
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
            files.push(OutputFile::new(name, urlset(site, chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(OutputFile::new("sitemap.xml", index));
    }
    files.push(OutputFile::new("robots.txt", robots(site)));
    files
}

/// The URL of the page `job` makes, borrowed from the site where it is kept there whole (a
/// national sitemap lists 100,000 records' pages).
fn page_url(job: PageJob, site: &Site) -> Option<Cow<'_, str>> {
    let kept = match job {
        PageJob::Record(i) => &site.records.get(i)?.url,
        PageJob::Story(i) => &site.stories.get(i)?.url,
        PageJob::Province(i) => &site.provinces.get(i)?.url,
        PageJob::Free(i) => &site.pages.get(i)?.url,
        _ => return job_url(job, site).map(Cow::Owned),
    };
    Some(Cow::Borrowed(kept))
}

/// One sitemap file listing `urls`, each written in place as [`absolute`] and [`escape`] make
/// it.
fn urlset(site: &Site, urls: &[(Cow<'_, str>, Option<&str>)]) -> String {
    let mut xml = String::with_capacity(urls.len() * 96);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let meta = &site.meta;
    let base_url = escape(&meta.base_url);
    for (url, lastmod) in urls {
        xml.push_str("<url><loc>");
        if url.starts_with("https://") || url.starts_with("http://") {
            escape_markup_into(&mut xml, url);
        } else {
            // Escaping goes character by character: the base and the path escape apart.
            xml.push_str(&base_url);
            let path = url.strip_prefix(meta.base_path.as_str()).unwrap_or(url);
            escape_markup_into(&mut xml, path);
        }
        xml.push_str("</loc>");
        if let Some(day) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(day);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The day each page last changed, from the data (see `model::dates`); none for a free page,
/// whose file carries no date. What many pages share (a record's day, a commune's, a
/// province's, a round's: each of their pages asks, and a commune asks each of its records) is
/// worked out once, before any page asks.
struct Changed<'a> {
    site: &'a Site,
    /// The records and provinces as a whole.
    data: Option<String>,
    /// The newest story's last change.
    stories: Option<String>,
    /// Each record's last change, in the site's order.
    records: Vec<Option<Cow<'a, str>>>,
    /// Each province's communes' last change, by province and commune index.
    communes: Vec<Vec<Option<String>>>,
    /// Each province's own last change (its rounds), and its page's (with its communes' and
    /// stories').
    provinces: Vec<(Option<String>, Option<String>)>,
    /// Each round's day, or its last decision's when later.
    rounds: Vec<Option<String>>,
}

impl<'a> Changed<'a> {
    fn of(site: &'a Site) -> Self {
        let due = site.meta.report_due;
        let records: Vec<Option<Cow<'a, str>>> = (site.records.iter())
            .map(|record| dates::record_changed(record, due))
            .collect();
        let communes: Vec<Vec<Option<String>>> = site
            .provinces
            .iter()
            .map(|p| {
                p.communes
                    .iter()
                    .map(|c| commune_changed(&records, c))
                    .collect()
            })
            .collect();
        let provinces = (site.provinces.iter().zip(&communes))
            .map(|(province, communes)| {
                let own = dates::province_changed(province, due);
                let stories = (province.story_indexes.iter())
                    .filter_map(|&s| site.stories.get(s).map(|s| s.modified.clone()))
                    .max();
                let communes = communes.iter().flatten().max().cloned();
                let page = own.clone().max(communes).max(stories);
                (own, page)
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
            records,
            communes,
            provinces,
            rounds,
        }
    }

    fn of_page(&self, job: PageJob) -> Option<&str> {
        let site = self.site;
        match job {
            PageJob::Overview | PageJob::Search => {
                self.data.as_deref().max(self.stories.as_deref())
            }
            PageJob::Stories(_) => self.stories.as_deref(),
            PageJob::Story(i) => site.stories.get(i).map(|s| s.modified.as_str()),
            PageJob::Record(i) => self.records.get(i)?.as_deref(),
            PageJob::Province(i) => self.provinces.get(i)?.1.as_deref(),
            PageJob::Commune(p, c, _) => {
                let commune = self.communes.get(p)?.get(c)?.as_deref();
                commune.or(self.provinces.get(p)?.0.as_deref())
            }
            PageJob::Round(i, _) => self.rounds.get(i)?.as_deref(),
            PageJob::Title(..)
            | PageJob::Award(..)
            | PageJob::TitlesIndex
            | PageJob::AwardsIndex
            | PageJob::OpenData => self.data.as_deref(),
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

/// The last change of a commune's records, from each record's (`records`, in the site's
/// order).
fn commune_changed(records: &[Option<Cow<'_, str>>], commune: &CommuneView) -> Option<String> {
    (commune.record_indexes.iter())
        .filter_map(|&i| records.get(i)?.as_deref())
        .max()
        .map(str::to_string)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::data::tests::demo_site;

    /// The lines of `files`' `<url>` elements, in order.
    fn url_lines(files: &[OutputFile]) -> Vec<String> {
        (files.iter())
            .flat_map(|file| {
                String::from_utf8_lossy(&file.bytes)
                    .into_owned()
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|line| line.starts_with("<url>"))
            .collect()
    }

    /// Each page's line as written one value at a time: its full address escaped, and the day
    /// its page last changed worked out for it alone.
    fn plain_line(site: &Site, job: PageJob) -> Option<String> {
        let due = site.meta.report_due;
        let loc = escape(&site.meta.absolute(&job_url(job, site)?));
        let day = match job {
            PageJob::Record(i) => dates::record_changed(&site.records[i], due).map(Cow::into_owned),
            PageJob::Commune(p, c, _) => {
                let commune = &site.provinces[p].communes[c];
                let days = (commune.record_indexes.iter())
                    .filter_map(|&i| dates::record_changed(&site.records[i], due))
                    .max()
                    .map(Cow::into_owned);
                days.or_else(|| dates::province_changed(&site.provinces[p], due))
            }
            _ => Changed::of(site).of_page(job).map(str::to_string),
        };
        Some(match day {
            Some(day) => format!("<url><loc>{loc}</loc><lastmod>{day}</lastmod></url>"),
            None => format!("<url><loc>{loc}</loc></url>"),
        })
    }

    /// The sitemap, written in place with each record's day worked out once, says what each
    /// line written the plain way says, under an address that needs escaping.
    #[test]
    fn the_sitemap_lists_each_page_as_written_one_value_at_a_time() {
        let mut site = demo_site();
        site.meta.base_url = "https://vinhdanh.example.vn/a&b'c".to_string();
        let listings = Listings::new(&site);
        let files = sitemap_files(&site, &listings);
        let expected: Vec<String> = (page_jobs(&site, &listings).into_iter())
            .filter(|job| {
                !matches!(
                    job,
                    PageJob::Redirect(..) | PageJob::Draft(_) | PageJob::NotFound
                )
            })
            .filter_map(|job| plain_line(&site, job))
            .collect();
        let written = url_lines(&files);
        assert!(written.len() > 100, "the demo has many pages");
        assert!(
            written
                .iter()
                .any(|l| l.contains("/ho-so/") && l.contains("<lastmod>"))
        );
        assert!(
            written.iter().all(|l| l.contains("/a&amp;b&#39;c/")),
            "{written:?}"
        );
        assert_eq!(written, expected);
    }
}
