//! What a rebuild keeps of the last good build to find its jobs without a pass over every
//! record: the keys of the jobs (those of the pages made from Markdown files apart), and where
//! each record is. After a Markdown edit only the Markdown pages' keys are made again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::base::inputs::Inputs;
use crate::model::Site;
use crate::render::{Job, OpenDataSet, PageJob, content_page_jobs, is_content_page};

use super::affected::{Affected, template_of};
use super::index::{JobKey, OutputIndex};

/// The keys of every job of one version of the site, in job order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobKeys {
    /// The jobs other than the Markdown pages; the same while only Markdown files change.
    others: Arc<Vec<JobKey>>,
    /// The Markdown pages (stories, story list, free pages, redirects), with their template.
    content: Vec<(&'static str, JobKey)>,
}

impl JobKeys {
    /// The keys of `jobs` (every job of `site`) and, for each job, its key.
    pub fn of(jobs: &[Job], site: &Site) -> (JobKeys, Vec<JobKey>) {
        let keys: Vec<JobKey> = jobs.iter().map(|&job| JobKey::of(job, site)).collect();
        let mut others = Vec::new();
        let mut content = Vec::new();
        for (&job, key) in jobs.iter().zip(&keys) {
            match job {
                Job::Page(page) if is_content_page(page) => {
                    content.push((template_of(page), key.clone()));
                }
                _ => others.push(key.clone()),
            }
        }
        let keys_of_site = JobKeys {
            others: Arc::new(others),
            content,
        };
        (keys_of_site, keys)
    }

    /// The keys after only Markdown files changed: the other jobs' as they were, and the
    /// Markdown pages of `site` with their jobs.
    pub fn with_content_of(&self, site: &Site) -> (JobKeys, Vec<(Job, JobKey)>) {
        let jobs: Vec<(Job, JobKey)> = content_page_jobs(site)
            .into_iter()
            .map(|page| (Job::Page(page), JobKey::of(Job::Page(page), site)))
            .collect();
        let content = jobs
            .iter()
            .map(|(job, key)| (template_of(page_of(*job)), key.clone()))
            .collect();
        let keys = JobKeys {
            others: Arc::clone(&self.others),
            content,
        };
        (keys, jobs)
    }

    /// Whether the page URLs, in order (what the sitemap lists), differ from `other`'s.
    pub fn urls_differ(&self, other: &JobKeys) -> bool {
        self.content != other.content
            || (!Arc::ptr_eq(&self.others, &other.others) && self.others != other.others)
    }

    /// The keys of `self` that `next` has no longer.
    pub fn gone(&self, next: &JobKeys) -> Vec<JobKey> {
        if Arc::ptr_eq(&self.others, &next.others) {
            let kept: BTreeSet<&JobKey> = next.content.iter().map(|(_, key)| key).collect();
            return self
                .content
                .iter()
                .map(|(_, key)| key)
                .filter(|key| !kept.contains(key))
                .cloned()
                .collect();
        }
        let kept: FxHashSet<&JobKey> = next.all().collect();
        self.all()
            .filter(|key| !kept.contains(key))
            .cloned()
            .collect()
    }

    fn all(&self) -> impl Iterator<Item = &JobKey> {
        self.others
            .iter()
            .chain(self.content.iter().map(|(_, key)| key))
    }
}

fn page_of(job: Job) -> PageJob {
    match job {
        Job::Page(page) => page,
        _ => PageJob::NotFound,
    }
}

/// The record ids of the inputs (public or not) and the position of each public record in the
/// site, as the checks and the model look them up.
#[derive(Debug, Default)]
pub struct Lookups {
    input_ids: HashSet<String>,
    positions: HashMap<String, usize>,
}

impl Lookups {
    pub fn of(inputs: &Inputs, site: &Site) -> Lookups {
        Lookups {
            input_ids: inputs.records.iter().map(|r| r.id.value.clone()).collect(),
            positions: site
                .records
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.clone(), i))
                .collect(),
        }
    }

    /// Whether the inputs have a record with this id.
    pub fn is_record(&self, id: &str) -> bool {
        self.input_ids.contains(id)
    }

    /// The position of the public record with this id in the site's records.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }
}

/// The jobs `wanted` names besides the Markdown pages, found directly, when it names only
/// records, provinces, listing and commune pages, the site-wide pages and files every site
/// has (overview, indexes, search and open-data pages, open data, search index, feeds,
/// sitemap); `None` when it names every job or the pages of a template.
pub fn direct_jobs(wanted: &Affected, site: &Site, lookups: &Lookups) -> Option<Vec<Job>> {
    if wanted.all || !wanted.templates.is_empty() {
        return None;
    }
    let mut jobs = Vec::new();
    if wanted.open_data {
        jobs.extend(OpenDataSet::ALL.into_iter().map(Job::OpenData));
    }
    if wanted.search_index {
        jobs.push(Job::SearchIndex);
    }
    if wanted.overview || wanted.summaries {
        jobs.push(Job::Page(PageJob::Overview));
    }
    if wanted.summaries {
        let summaries = [
            PageJob::TitlesIndex,
            PageJob::AwardsIndex,
            PageJob::Search,
            PageJob::OpenData,
        ];
        jobs.extend(summaries.map(Job::Page));
    }
    jobs.extend(wanted.listing_pages.iter().map(|&page| Job::Page(page)));
    for (i, province) in site.provinces.iter().enumerate() {
        if wanted.provinces.contains(&province.slug) {
            jobs.push(Job::Page(PageJob::Province(i)));
        }
    }
    let mut records: Vec<usize> = wanted
        .records
        .iter()
        .filter_map(|id| lookups.position(id))
        .collect();
    records.sort_unstable();
    jobs.extend(records.into_iter().map(|i| Job::Page(PageJob::Record(i))));
    if wanted.feeds {
        jobs.push(Job::Feeds);
    }
    if wanted.sitemap {
        jobs.push(Job::Sitemap);
    }
    Some(jobs)
}

/// The Markdown pages to run: those `wanted` names, and any the output has no file of yet.
pub fn select_content(
    jobs: Vec<(Job, JobKey)>,
    wanted: &Affected,
    site: &Site,
    index: &OutputIndex,
) -> Vec<Job> {
    jobs.into_iter()
        .filter(|(job, key)| wanted.wants(*job, site) || !index.has_job(key))
        .map(|(job, _)| job)
        .collect()
}
