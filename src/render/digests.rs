//! What each page that lists records is made from, as one hash a page: the title, award,
//! round and commune pages of two versions of a site render to the same bytes when their
//! digests are equal and what every page shows (settings, navigation, titles, awards,
//! provinces' and rounds' names) is the same.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::pages::{
    COMMUNE_PAGE_SIZE, Entry, Jump, LISTING_PAGE_SIZE, Listings, PageJob, commune_pages,
    page_count, page_slice, round_pages,
};
use crate::model::{CommuneView, ProvinceView, RoundView, Site};

/// The digest of every title, award, round and commune page of `site`. `record_prints` holds a hash of
/// each record's public view, by index into [`Site::records`]: a line of a listing shows the
/// record's name, address, place and the grade or decision of the line's round, all in it.
pub fn listing_digests(
    site: &Site,
    listings: &Listings,
    record_prints: &[u64],
) -> BTreeMap<PageJob, u64> {
    let lines = Lines {
        records: record_digests(site, record_prints),
    };
    let listed = |entries: &[Vec<Entry>], jumps: &[Vec<Jump>], job: fn(usize, usize) -> PageJob| {
        let pages: Vec<(usize, usize)> = (entries.iter().enumerate())
            .flat_map(|(i, list)| {
                (1..=page_count(list.len(), LISTING_PAGE_SIZE)).map(move |p| (i, p))
            })
            .collect();
        (pages.into_par_iter())
            .map(|(i, page)| {
                let jumps = jumps.get(i).map_or(&[][..], Vec::as_slice);
                (job(i, page), lines.listing_page(&entries[i], jumps, page))
            })
            .collect::<Vec<_>>()
    };
    let (titles, awards) = rayon::join(
        || listed(&listings.titles, &listings.title_jumps, PageJob::Title),
        || listed(&listings.awards, &listings.award_jumps, PageJob::Award),
    );
    let mut digests: BTreeMap<PageJob, u64> = titles.into_iter().chain(awards).collect();
    let round_pages: Vec<(usize, usize)> = (site.rounds.iter().enumerate())
        .flat_map(|(i, round)| (1..=round_pages(round)).map(move |page| (i, page)))
        .collect();
    let rounds: Vec<(PageJob, u64)> = (round_pages.into_par_iter())
        .map(|(i, page)| {
            (
                PageJob::Round(i, page),
                lines.round_page(&site.rounds[i], page),
            )
        })
        .collect();
    digests.extend(rounds);
    let commune_pages: Vec<(usize, usize, usize)> = (site.provinces.iter().enumerate())
        .flat_map(|(p, province)| {
            (province.communes.iter().enumerate())
                .flat_map(move |(c, commune)| (1..=commune_pages(commune)).map(move |n| (p, c, n)))
        })
        .collect();
    let communes: Vec<(PageJob, u64)> = (commune_pages.into_par_iter())
        .map(|(p, c, page)| {
            let province = &site.provinces[p];
            let digest = lines.commune_page(province, &province.communes[c], page);
            (PageJob::Commune(p, c, page), digest)
        })
        .collect();
    digests.extend(communes);
    digests
}

/// Each record of `site` (by its place) as what identifies it across versions (its id, not
/// its place) and its view (its fingerprint in `record_prints`), hashed once: a record is
/// listed on four pages or more.
fn record_digests(site: &Site, record_prints: &[u64]) -> Vec<u64> {
    (site.records.par_iter().enumerate())
        .map(|(index, record)| {
            let mut hasher = DefaultHasher::new();
            record.id.hash(&mut hasher);
            record_prints.get(index).hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

/// Hashes the lines of listings by the records they show.
struct Lines {
    /// Each record's digest, by its place ([`record_digests`]).
    records: Vec<u64>,
}

impl Lines {
    /// A record by its digest; a place with no record as none.
    fn record(&self, index: usize, hasher: &mut DefaultHasher) {
        self.records.get(index).hash(hasher);
    }

    /// A title or award page: its lines, the listing's length and pages, and the jump links
    /// its first page shows.
    fn listing_page(&self, entries: &[Entry], jumps: &[impl Hash], page: usize) -> u64 {
        let mut hasher = DefaultHasher::new();
        (entries.len(), page).hash(&mut hasher);
        if page == 1 {
            jumps.hash(&mut hasher);
        }
        for entry in page_slice(entries, page, LISTING_PAGE_SIZE) {
            (entry.round, entry.province, entry.award).hash(&mut hasher);
            self.record(entry.record(), &mut hasher);
        }
        hasher.finish()
    }

    /// A round page: its heading and counts, and the records of its two lists on this page.
    fn round_page(&self, round: &RoundView, page: usize) -> u64 {
        let mut hasher = DefaultHasher::new();
        (round.year, &round.url, &round.review_name, round.holders).hash(&mut hasher);
        (&round.newly_by_province, round.newly_recognised.len()).hash(&mut hasher);
        (round.awards_given.len(), round_pages(round), page).hash(&mut hasher);
        for &record in page_slice(&round.newly_recognised, page, LISTING_PAGE_SIZE) {
            self.record(record, &mut hasher);
        }
        for &(record, award) in page_slice(&round.awards_given, page, LISTING_PAGE_SIZE) {
            award.hash(&mut hasher);
            self.record(record, &mut hasher);
        }
        hasher.finish()
    }

    /// A commune page: its heading, its two lists' lengths and the records of each on this page.
    fn commune_page(&self, province: &ProvinceView, commune: &CommuneView, page: usize) -> u64 {
        let mut hasher = DefaultHasher::new();
        (&province.name, &province.url).hash(&mut hasher);
        (
            &commune.name,
            &commune.code,
            &commune.url,
            &commune.district,
        )
            .hash(&mut hasher);
        let (holding, others) = commune.holders_and_others();
        (holding.len(), others.len(), commune_pages(commune), page).hash(&mut hasher);
        for list in [holding, others] {
            for &record in page_slice(list, page, COMMUNE_PAGE_SIZE) {
                self.record(record, &mut hasher);
            }
            u64::MAX.hash(&mut hasher);
        }
        hasher.finish()
    }
}
