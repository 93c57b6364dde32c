//! Which jobs of the new site to run after a change: the pages that show what changed, found
//! by comparing the old and new site. When in doubt, more is rendered, never less; and any job
//! the output has no file of yet is always run.
//!
//! - Anything seen on every page (site settings, navigation, titles, awards, the list of free
//!   pages) changed, or rules, strings, `site.toml`, an unknown change: every job.
//! - A template whose pages are known and that no other template includes: the pages made with
//!   it; any other template: every job.
//! - Records or provinces: the records whose public view changed (by a fingerprint of each),
//!   their pages, their provinces' and communes', the stories that show them, the provinces
//!   whose own views changed (a province's commune pages with it), every record of a province
//!   whose communes were renamed, added or removed; the title, award and round pages whose
//!   lines changed (by a digest of what each page shows, so a listing page whose entries are
//!   the same is not rendered); the overview, indexes, search and open-data pages; feeds,
//!   downloads and the search index.
//! - A story: the stories whose slug it may take or give up (same base slug), their pages and
//!   redirects, the records and provinces they show (before and after), the story-list pages
//!   whose entries moved, the overview and the feeds.
//! - A free page: the pages whose text changed.
//! - The sitemap: when the list of page URLs or a date it gives changed.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::base::inputs::Year;
use crate::model::{FreePageView, RecordView, Site, StoryView};
use crate::render::{Job, PageJob, STORIES_PAGE_SIZE};

use super::classify::Plan;

/// Hashes of the parts of a site, to tell what changed without keeping two copies of
/// everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    /// Site settings, titles, awards, provinces' and rounds' names and URLs, free pages' titles.
    pub global: u64,
    /// Each record's public view, without the indexes of its stories (those move when a story is
    /// added; the story rules cover them). Shared: Markdown edits leave it as it is.
    pub records: Arc<BTreeMap<String, u64>>,
    /// Each province's view, without the indexes of its stories.
    pub provinces: BTreeMap<String, u64>,
    /// Each province's communes as its records' pages link them: names, codes and URLs.
    pub commune_links: BTreeMap<String, u64>,
    /// The ids of the records each story shows.
    pub story_records: BTreeMap<String, Vec<String>>,
}

/// The id and fingerprint of each record of `site` whose id `wanted` takes; its story indexes
/// are left out of the hash.
fn record_prints(site: &mut Site, wanted: impl Fn(&str) -> bool + Sync) -> Vec<(String, u64)> {
    (site.records.par_iter_mut())
        .filter(|record| wanted(&record.id))
        .map(|record| {
            let stories = std::mem::take(&mut record.story_indexes);
            let hash = hash_of(&*record);
            record.story_indexes = stories;
            (record.id.clone(), hash)
        })
        .collect()
}

/// A hash of `value` written as JSON.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    /// How many views could not be serialized: each such view hashes as none before it.
    static UNSERIALIZED: AtomicU64 = AtomicU64::new(0);
    let mut hasher = DefaultHasher::new();
    match serde_json::to_vec(value) {
        Ok(bytes) => bytes.hash(&mut hasher),
        // A view that cannot be serialized counts as changed every time.
        Err(_) => (UNSERIALIZED.fetch_add(1, Ordering::Relaxed), u64::MAX).hash(&mut hasher),
    }
    hasher.finish()
}

/// What every page shows, whatever it is about.
#[derive(Serialize)]
struct Global<'a> {
    meta: &'a crate::model::SiteMeta,
    titles: &'a [crate::model::TitleView],
    awards: &'a [crate::model::AwardView],
    provinces: Vec<(&'a str, &'a str, &'a str)>,
    rounds: Vec<(Year, &'a str, &'a Option<String>)>,
    pages: Vec<(&'a str, &'a str)>,
}

impl Fingerprints {
    /// Fingerprints every part of `site`. Takes the site mutably only to leave story indexes
    /// out of the hashes; it is given back as it was.
    pub fn of(site: &mut Site) -> Fingerprints {
        let records = record_prints(site, |_| true).into_iter().collect();
        Fingerprints::with_records(site, records)
    }

    /// [`Fingerprints::of`] `site`, made again after only the records of `changed` changed:
    /// the other records' fingerprints are taken from `earlier`, the site's before the change.
    pub fn of_changed(
        site: &mut Site,
        earlier: &Fingerprints,
        changed: &BTreeSet<String>,
    ) -> Fingerprints {
        let mut records = BTreeMap::clone(&earlier.records);
        records.retain(|id, _| !changed.contains(id));
        records.extend(record_prints(site, |id| changed.contains(id)));
        Fingerprints::with_records(site, records)
    }

    /// The fingerprints of `site` whose records have the fingerprints `records`.
    fn with_records(site: &mut Site, records: BTreeMap<String, u64>) -> Fingerprints {
        let mut prints = Fingerprints {
            records: Arc::new(records),
            provinces: BTreeMap::new(),
            ..Fingerprints::default()
        };
        for province in &mut site.provinces {
            let stories = std::mem::take(&mut province.story_indexes);
            prints
                .provinces
                .insert(province.slug.clone(), hash_of(&*province));
            province.story_indexes = stories;
            let links: Vec<(&str, &str, &str)> = province
                .communes
                .iter()
                .map(|c| (c.name.as_str(), c.code.as_str(), c.url.as_str()))
                .collect();
            prints
                .commune_links
                .insert(province.slug.clone(), hash_of(&links));
        }
        prints.refresh_content(site);
        prints
    }

    /// These fingerprints with those of what Markdown files change (stories, free pages) made
    /// again from `site`; the records' are shared, not copied.
    pub fn with_content_of(&self, site: &Site) -> Fingerprints {
        let mut prints = Fingerprints {
            global: 0,
            records: Arc::clone(&self.records),
            provinces: self.provinces.clone(),
            commune_links: self.commune_links.clone(),
            story_records: BTreeMap::new(),
        };
        prints.refresh_content(site);
        prints
    }

    /// Fingerprints what Markdown files change (stories, free pages), keeping the rest.
    pub fn refresh_content(&mut self, site: &Site) {
        self.global = hash_of(&Global {
            meta: &site.meta,
            titles: &site.titles,
            awards: &site.awards,
            provinces: site
                .provinces
                .iter()
                .map(|p| (p.slug.as_str(), p.name.as_str(), p.url.as_str()))
                .collect(),
            rounds: site
                .rounds
                .iter()
                .map(|r| (r.year, r.url.as_str(), &r.review_name))
                .collect(),
            pages: site
                .pages
                .iter()
                .map(|p| (p.url.as_str(), p.title.as_str()))
                .collect(),
        });
        self.story_records = site
            .stories
            .iter()
            .map(|s| (s.slug.clone(), story_record_ids(s, site)))
            .collect();
    }
}

fn story_record_ids(story: &StoryView, site: &Site) -> Vec<String> {
    story
        .record_indexes
        .iter()
        .filter_map(|&i| site.records.get(i).map(|r| r.id.clone()))
        .collect()
}

/// The parts of the old site the comparison reads. After a Markdown edit the site is updated
/// in place, and only its old stories and pages are kept aside.
#[derive(Debug, Clone, Copy)]
pub struct Old<'a> {
    pub records: &'a [RecordView],
    pub stories: &'a [StoryView],
    pub pages: &'a [FreePageView],
}

/// The template each kind of page is made with.
pub fn template_of(page: PageJob) -> &'static str {
    page.kind().template
}

/// The jobs to run, as a test on each job of the new site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Affected {
    pub all: bool,
    pub templates: BTreeSet<String>,
    pub records: BTreeSet<String>,
    pub provinces: BTreeSet<String>,
    pub stories: BTreeSet<String>,
    /// Story-list page numbers (from 1).
    pub story_lists: BTreeSet<usize>,
    /// Title, award, round and commune pages whose lines changed.
    pub listing_pages: BTreeSet<PageJob>,
    /// Free pages by URL path.
    pub free_pages: BTreeSet<String>,
    /// Overview, title and award indexes, search and open-data pages.
    pub summaries: bool,
    pub overview: bool,
    pub feeds: bool,
    pub sitemap: bool,
    pub open_data: bool,
    pub search_index: bool,
}

impl Affected {
    pub fn everything() -> Self {
        Affected {
            all: true,
            ..Affected::default()
        }
    }

    /// Whether `job` of `site` (the new site) must run.
    pub fn wants(&self, job: Job, site: &Site) -> bool {
        if self.all {
            return true;
        }
        match job {
            Job::Page(page) => {
                self.templates.contains(template_of(page)) || self.wants_page(page, site)
            }
            Job::Feeds => self.feeds,
            Job::Sitemap => self.sitemap,
            Job::OpenData(_) => self.open_data,
            Job::SearchIndex => self.search_index,
        }
    }

    fn wants_page(&self, page: PageJob, site: &Site) -> bool {
        let story = |i: usize| {
            site.stories
                .get(i)
                .is_some_and(|s| self.stories.contains(&s.slug))
        };
        match page {
            PageJob::Overview => self.overview || self.summaries,
            PageJob::TitlesIndex | PageJob::AwardsIndex | PageJob::Search | PageJob::OpenData => {
                self.summaries
            }
            PageJob::Province(i) => site
                .provinces
                .get(i)
                .is_some_and(|p| self.provinces.contains(&p.slug)),
            PageJob::Record(i) => site
                .records
                .get(i)
                .is_some_and(|r| self.records.contains(&r.id)),
            PageJob::Story(i) | PageJob::Redirect(i, _) => story(i),
            // Drafts are few and previewed only: each rebuild renders them again.
            PageJob::Draft(_) => true,
            PageJob::Stories(n) => self.story_lists.contains(&n),
            PageJob::Title(..) | PageJob::Award(..) | PageJob::Round(..) | PageJob::Commune(..) => {
                self.listing_pages.contains(&page)
            }
            PageJob::Free(i) => site
                .pages
                .get(i)
                .is_some_and(|p| self.free_pages.contains(&p.url_path)),
            PageJob::NotFound => false,
        }
    }
}

/// Everything the comparison needs.
#[derive(Debug)]
pub struct Compare<'a> {
    pub plan: &'a Plan,
    pub old: Old<'a>,
    pub new: &'a Site,
    pub old_prints: &'a Fingerprints,
    pub new_prints: &'a Fingerprints,
    /// Whether the navigation every page shows differs.
    pub nav_changed: bool,
    /// Whether the list of page URLs differs (the sitemap lists them).
    pub urls_changed: bool,
    /// Whether what the sitemap's dates are made from differs (a decision's date, a story's
    /// `updated`): the dates themselves may still be the same.
    pub sitemap_dates_changed: bool,
    /// The slugs the changed story files had and have, before `-2` suffixes.
    pub story_slugs: BTreeSet<String>,
    /// Whether every changed template is known and included by no other template.
    pub templates_are_leaves: bool,
    /// What each title, award, round and commune page shows, before and after.
    pub old_listings: &'a BTreeMap<PageJob, u64>,
    pub new_listings: &'a BTreeMap<PageJob, u64>,
}

/// The jobs to run for a change.
pub fn affected(cx: &Compare<'_>) -> Affected {
    let plan = cx.plan;
    if plan.everything
        || cx.nav_changed
        || cx.old_prints.global != cx.new_prints.global
        || (!plan.templates.is_empty() && !cx.templates_are_leaves)
    {
        return Affected::everything();
    }
    let mut affected = Affected {
        templates: plan.templates.clone(),
        sitemap: cx.urls_changed || cx.sitemap_dates_changed,
        ..Affected::default()
    };
    if plan.data {
        data_changes(cx, &mut affected);
    }
    if !plan.stories.is_empty() {
        story_changes(cx, &mut affected);
    }
    if !plan.pages.is_empty() {
        page_changes(cx, &mut affected);
    }
    affected
}

/// Records, provinces and listing pages whose views changed, and what shows them. A province's
/// page shows its view (its communes' counts, its charts); the title, award, round and commune
/// pages that list a record are found by their digests.
fn data_changes(cx: &Compare<'_>, affected: &mut Affected) {
    let (old, new) = (cx.old_prints, cx.new_prints);
    let changed_records = changed_keys(&*old.records, &*new.records);
    affected.records.extend(changed_records.iter().cloned());
    // A record's page links its commune: when a province's communes are renamed, added or
    // removed, every record of the province may link elsewhere.
    let relinked = changed_keys(&old.commune_links, &new.commune_links);
    affected.records.extend(
        cx.new
            .records
            .iter()
            .filter(|r| relinked.contains(r.province.as_str()))
            .map(|r| r.id.clone()),
    );
    affected
        .provinces
        .extend(changed_keys(&old.provinces, &new.provinces));
    affected
        .listing_pages
        .extend(changed_keys(cx.old_listings, cx.new_listings));
    for (slug, ids) in &new.story_records {
        let moved = old.story_records.get(slug) != Some(ids);
        if moved || ids.iter().any(|id| changed_records.contains(id)) {
            affected.stories.insert(slug.clone());
        }
    }
    affected.summaries = true;
    affected.feeds = true;
    affected.open_data = true;
    affected.search_index = true;
}

/// Keys added, removed, or whose value differs.
fn changed_keys<K: Ord + Clone, V: PartialEq>(
    old: &BTreeMap<K, V>,
    new: &BTreeMap<K, V>,
) -> BTreeSet<K> {
    let mut keys: BTreeSet<K> = new
        .iter()
        .filter(|&(k, v)| old.get(k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(k)).cloned());
    keys
}

/// Whether `slug` is `base` or `base-N` (how the model tells apart stories with one base slug).
fn has_base(slug: &str, base: &str) -> bool {
    slug == base
        || slug
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn story_changes(cx: &Compare<'_>, affected: &mut Affected) {
    let mut touched = BTreeSet::new();
    let sides = [
        (cx.old.stories, cx.old.records),
        (&cx.new.stories[..], &cx.new.records[..]),
    ];
    for (stories, records) in sides {
        for story in stories {
            if cx
                .story_slugs
                .iter()
                .any(|base| has_base(&story.slug, base))
            {
                touched.insert(story.slug.clone());
                affected.provinces.extend(story.province.iter().cloned());
                affected.records.extend(
                    story
                        .record_indexes
                        .iter()
                        .filter_map(|&i| records.get(i).map(|r| r.id.clone())),
                );
            }
        }
    }
    affected
        .story_lists
        .extend(moved_list_pages(cx.old.stories, &cx.new.stories, &touched));
    affected.stories.extend(touched);
    affected.overview = true;
    affected.feeds = true;
    // Stories are searched by their title, summary and text.
    affected.search_index = true;
}

/// Story-list pages whose entries differ: a touched story on them, or other slugs in their
/// places; every page when the number of pages changed (each shows the pager).
fn moved_list_pages(
    old: &[StoryView],
    new: &[StoryView],
    touched: &BTreeSet<String>,
) -> BTreeSet<usize> {
    let pages = |stories: &[StoryView]| stories.len().div_ceil(STORIES_PAGE_SIZE).max(1);
    let (old_pages, new_pages) = (pages(old), pages(new));
    if old_pages != new_pages {
        return (1..=new_pages).collect();
    }
    fn slug(stories: &[StoryView], i: usize) -> Option<&str> {
        stories.get(i).map(|s| s.slug.as_str())
    }
    (1..=new_pages)
        .filter(|&n| {
            ((n - 1) * STORIES_PAGE_SIZE..n * STORIES_PAGE_SIZE).any(|i| {
                slug(old, i) != slug(new, i)
                    || slug(new, i).is_some_and(|s| touched.contains(s))
                    || slug(old, i).is_some_and(|s| touched.contains(s))
            })
        })
        .collect()
}

fn page_changes(cx: &Compare<'_>, affected: &mut Affected) {
    let texts = |pages: &[FreePageView]| -> BTreeMap<String, u64> {
        pages
            .iter()
            .map(|p| (p.url_path.clone(), hash_of(p)))
            .collect()
    };
    affected
        .free_pages
        .extend(changed_keys(&texts(cx.old.pages), &texts(&cx.new.pages)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view that cannot be written as JSON.
    struct Unwritable;

    impl Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no view"))
        }
    }

    /// A view that cannot be serialized counts as changed every time it is hashed; one that
    /// can hashes alike every time.
    #[test]
    fn a_view_that_cannot_be_serialized_counts_as_changed() {
        assert_ne!(hash_of(&Unwritable), hash_of(&Unwritable));
        assert_eq!(hash_of("Gia đình ông An"), hash_of("Gia đình ông An"));
    }

    #[test]
    fn base_slugs_cover_their_numbered_twins() {
        assert!(has_base("dang", "dang"));
        assert!(has_base("dang-2", "dang"));
        assert!(has_base("dang-12", "dang"));
        assert!(!has_base("dang-van", "dang"));
        assert!(!has_base("dang-", "dang"));
        assert!(!has_base("dan", "dang"));
    }

    #[test]
    fn changed_keys_include_added_removed_and_different() {
        let old: BTreeMap<&str, u64> = [("a", 1), ("b", 2), ("c", 3)].into();
        let new: BTreeMap<&str, u64> = [("a", 1), ("b", 5), ("d", 4)].into();
        assert_eq!(
            changed_keys(&old, &new),
            ["b", "c", "d"].into_iter().collect::<BTreeSet<_>>()
        );
    }

    #[test]
    fn every_page_template_is_listed() {
        for kind in crate::render::page_kinds::PAGE_KINDS {
            assert!(kind.template.ends_with(".html"));
        }
        assert_eq!(template_of(PageJob::Record(0)), "record.html");
    }
}
