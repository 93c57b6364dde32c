//! What the preview's output folder holds: every file, which job (or the static folders) made
//! it, a hash of its bytes, and the internal links of each page. A rebuild hands in the files of
//! the jobs it ran; the index works out, before anything is written, which files to write (only
//! those whose bytes changed), which to delete (made by jobs that no longer exist), and whether
//! the result would be refused by `build` (two files at one path, a link to a missing file),
//! through the same checks `build` runs ([`Claims`], [`FirstLinks`]). Only then is the folder
//! touched, through the same [`Target`](crate::output::Target) `build` writes its staging
//! folder with ([`LiveFolder`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::model::Site;
use crate::output::{
    Claims, FirstLinks, LinkResolver, LiveFolder, OutputError, Prepared, StaticFile, Target as _,
    put_static, read_static,
};
use crate::render::{Job, OpenDataSet, job_url};

/// A job, named so that it can be found again in the next version of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobKey {
    /// A page, by its URL.
    Page(String),
    Feeds,
    Sitemap,
    OpenData(OpenDataSet),
    SearchIndex,
}

impl JobKey {
    pub fn of(job: Job, site: &Site) -> JobKey {
        match job {
            Job::Page(page) => JobKey::Page(job_url(page, site).unwrap_or_default()),
            Job::Feeds => JobKey::Feeds,
            Job::Sitemap => JobKey::Sitemap,
            Job::OpenData(set) => JobKey::OpenData(set),
            Job::SearchIndex => JobKey::SearchIndex,
        }
    }
}

/// Who made a file of the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Static,
    Job(JobKey),
}

#[derive(Debug, Clone)]
struct Entry {
    owner: Owner,
    hash: u64,
    /// For pages: their internal links, each text once (interned in [`Links`]).
    links: Option<Vec<u32>>,
}

/// The internal links of the output's pages, each text once, with the file it points at.
#[derive(Debug, Default)]
struct Links {
    links: Vec<(String, String)>,
    ids: BTreeMap<String, u32>,
}

impl Links {
    /// The ids of the internal links of `file`, each once.
    fn of(&mut self, file: &Prepared, resolve: &LinkResolver<'_>) -> Option<Vec<u32>> {
        let links = file.all_links()?;
        let ids: BTreeSet<u32> = links
            .filter_map(|link| self.intern(link, resolve))
            .collect();
        Some(ids.into_iter().collect())
    }

    /// The id of `link`, or `None` for an external link.
    fn intern(&mut self, link: &str, resolve: &LinkResolver<'_>) -> Option<u32> {
        if let Some(&id) = self.ids.get(link) {
            return Some(id);
        }
        let target = resolve.target(link)?;
        let id = u32::try_from(self.links.len()).unwrap_or(u32::MAX);
        self.links.push((link.to_string(), target));
        self.ids.insert(link.to_string(), id);
        Some(id)
    }

    /// The ids of the links that point at one of `files`: only pages holding one of these
    /// need a look when `files` are dropped, and most drops (search shards) have none.
    fn pointing_at(&self, files: &BTreeSet<String>) -> FxHashSet<u32> {
        if files.is_empty() {
            return FxHashSet::default();
        }
        (0u32..)
            .zip(&self.links)
            .filter(|(_, (_, target))| files.contains(target))
            .map(|(id, _)| id)
            .collect()
    }

    /// The text of link `id`, as the page writes it.
    fn text(&self, id: u32) -> &str {
        &self.links[id as usize].0
    }
}

/// The files a job made in this rebuild.
#[derive(Debug)]
pub struct Rendered {
    pub key: JobKey,
    pub files: Vec<Prepared>,
}

/// What to do to the output folder.
#[derive(Debug, Default)]
pub struct Changes {
    pub writes: Vec<(String, Vec<u8>)>,
    pub copies: Vec<StaticFile>,
    pub deletes: Vec<String>,
    /// Files made again with the same bytes (not written).
    pub unchanged: usize,
}

/// The index of the output folder.
#[derive(Debug, Default)]
pub struct OutputIndex {
    files: BTreeMap<String, Entry>,
    /// The files of each job; a rebuild asks it of every job of the site (123,000 national).
    by_job: HashMap<JobKey, Vec<String>, ahash::RandomState>,
    links: Links,
    /// The keys of the files' hashes, drawn at random for each index: what a file holds
    /// cannot be chosen to hash like another and be left unwritten.
    keys: ahash::RandomState,
}

/// A planned new state: the entries to add and the paths to drop.
#[derive(Debug)]
pub struct Update {
    added: BTreeMap<String, Entry>,
    dropped: BTreeSet<String>,
    jobs: BTreeMap<JobKey, Vec<String>>,
    gone_jobs: Vec<JobKey>,
    pub changes: Changes,
}

impl OutputIndex {
    pub fn has_job(&self, key: &JobKey) -> bool {
        self.by_job.contains_key(key)
    }

    /// The hash a file with `bytes` is known by.
    fn hash(&self, bytes: &[u8]) -> u64 {
        self.keys.hash_one(bytes)
    }

    /// Works out the next state: `gone_jobs` are the jobs the new site has no longer;
    /// `rendered` the jobs run now; `statics` the static files when they were listed again.
    pub fn plan(
        &mut self,
        gone_jobs: Vec<JobKey>,
        rendered: Vec<Rendered>,
        statics: Option<Vec<StaticFile>>,
        site: &Site,
    ) -> Result<Update, OutputError> {
        let mut replaced: BTreeSet<Owner> = BTreeSet::new();
        replaced.extend(gone_jobs.iter().cloned().map(Owner::Job));
        replaced.extend(rendered.iter().map(|r| Owner::Job(r.key.clone())));
        if statics.is_some() {
            replaced.insert(Owner::Static);
        }
        let resolve = LinkResolver::new(&site.meta.base_url, &site.meta.base_path);
        let files = &self.files;
        let kept = |path: &str| {
            files
                .get(path)
                .is_some_and(|e| !replaced.contains(&e.owner))
        };
        let mut claims = Claims::over(&kept);
        let mut added: BTreeMap<String, Entry> = BTreeMap::new();
        let mut changes = Changes::default();
        for file in statics.into_iter().flatten() {
            if claims.claim(file.path.clone()) {
                let hash = self.hash(&read_static(&file.source)?);
                add_static(files, file, hash, &mut added, &mut changes);
            }
        }
        // The files' hashes first, on every core: the open data alone is 200 MB.
        let hashes: Vec<Vec<u64>> = (rendered.par_iter())
            .map(|job| job.files.iter().map(|f| self.hash(&f.bytes)).collect())
            .collect();
        let mut jobs = BTreeMap::new();
        for (job, hashes) in rendered.into_iter().zip(hashes) {
            let mut paths = Vec::new();
            for (file, hash) in job.files.into_iter().zip(hashes) {
                if !claims.claim(file.path.clone()) {
                    continue;
                }
                paths.push(file.path.clone());
                let links = self.links.of(&file, &resolve);
                let entry = Entry {
                    owner: Owner::Job(job.key.clone()),
                    hash,
                    links,
                };
                add_file(files, file, entry, &mut added, &mut changes);
            }
            jobs.insert(job.key, paths);
        }
        if let Some(collision) = claims.collision() {
            return Err(OutputError::Collision(collision));
        }
        let dropped: BTreeSet<String> = self
            .files_of(&replaced)
            .filter(|path| !added.contains_key(*path))
            .cloned()
            .collect();
        changes.deletes = dropped.iter().cloned().collect();
        let update = Update {
            added,
            dropped,
            jobs,
            gone_jobs,
            changes,
        };
        self.check_links(&update, &replaced, &resolve)?;
        Ok(update)
    }

    /// The files of the output that `owners` made, found through the jobs' lists (only the
    /// static files need a pass over every file).
    fn files_of<'a>(&'a self, owners: &'a BTreeSet<Owner>) -> impl Iterator<Item = &'a String> {
        let statics = owners.contains(&Owner::Static).then(|| {
            self.files
                .iter()
                .filter(|(_, e)| e.owner == Owner::Static)
                .map(|(path, _)| path)
        });
        let of_jobs = owners.iter().filter_map(move |owner| match owner {
            Owner::Job(key) => self.by_job.get(key).map(|paths| (owner, paths)),
            Owner::Static => None,
        });
        let made_by_jobs = of_jobs.flat_map(move |(owner, paths)| {
            paths
                .iter()
                .filter(move |path| self.files.get(*path).is_some_and(|e| &e.owner == owner))
        });
        statics.into_iter().flatten().chain(made_by_jobs)
    }

    /// Every link of a page made now must lead to a file of the new state; pages kept as they
    /// were are checked against the files that go away. The links are counted as `build`
    /// counts them, so that the report is the one `build` would make.
    fn check_links(
        &self,
        update: &Update,
        replaced: &BTreeSet<Owner>,
        resolve: &LinkResolver<'_>,
    ) -> Result<(), OutputError> {
        let mut first = FirstLinks::default();
        for (page, entry) in &update.added {
            for &id in entry.links.iter().flatten() {
                first.add(resolve, page, self.links.text(id));
            }
        }
        let broken = self.links.pointing_at(&update.dropped);
        if !broken.is_empty() {
            for (page, entry) in &self.files {
                if replaced.contains(&entry.owner) {
                    continue;
                }
                for &id in entry.links.iter().flatten() {
                    if broken.contains(&id) {
                        first.add(resolve, page, self.links.text(id));
                    }
                }
            }
        }
        first.refuse_missing(|file| {
            update.added.contains_key(file)
                || (self.files.contains_key(file) && !update.dropped.contains(file))
        })
    }

    /// Writes the planned changes into `out_dir` and makes them the index's state.
    pub fn apply(&mut self, update: Update, out_dir: &Path) -> Result<Changes, OutputError> {
        let Update {
            added,
            dropped,
            jobs,
            gone_jobs,
            changes,
        } = update;
        let live = LiveFolder::new(out_dir);
        (changes.writes.par_iter())
            .try_for_each(|(path, bytes)| live.put(path, bytes).map(drop))?;
        for file in &changes.copies {
            put_static(&live, file)?;
        }
        for path in &changes.deletes {
            live.remove(path)?;
        }
        for path in &dropped {
            self.files.remove(path);
        }
        self.files.extend(added);
        for key in gone_jobs {
            self.by_job.remove(&key);
        }
        self.by_job.extend(jobs);
        Ok(changes)
    }

    /// Every file path of the output, for tests and checks.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Adds a static file to the next state: to copy unless the output holds it already.
fn add_static(
    files: &BTreeMap<String, Entry>,
    file: StaticFile,
    hash: u64,
    added: &mut BTreeMap<String, Entry>,
    changes: &mut Changes,
) {
    let same = files
        .get(&file.path)
        .is_some_and(|e| e.owner == Owner::Static && e.hash == hash);
    added.insert(
        file.path.clone(),
        Entry {
            owner: Owner::Static,
            hash,
            links: None,
        },
    );
    if same {
        changes.unchanged += 1;
    } else {
        changes.copies.push(file);
    }
}

/// Adds `file` to the next state as `entry`: to write unless the output holds its bytes.
fn add_file(
    files: &BTreeMap<String, Entry>,
    file: Prepared,
    entry: Entry,
    added: &mut BTreeMap<String, Entry>,
    changes: &mut Changes,
) {
    let same = files.get(&file.path).is_some_and(|e| e.hash == entry.hash);
    added.insert(file.path.clone(), entry);
    if same {
        changes.unchanged += 1;
    } else {
        changes.writes.push((file.path, file.bytes));
    }
}
