//! What the preview's output folder holds: every file, which job (or the static folders) made
//! it, a hash of its bytes, and the internal links of each page. A rebuild hands in the files of
//! the jobs it ran; the index works out, before anything is written, which files to write (only
//! those whose bytes changed), which to delete (made by jobs that no longer exist), and whether
//! the result would be refused by `build` (two files at one path, a link to a missing file).
//! Only then is the folder touched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::Site;
use crate::output::read_static;
use crate::output::{BrokenLink, OutputError, Prepared, broken_links_result, link_target};
use crate::render::{Job, OpenDataSet, job_url};

/// A job, named so that it can be found again in the next version of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
    /// For pages: the output files their internal links point at (interned).
    links: Option<Vec<u32>>,
}

/// The files a job made in this rebuild.
#[derive(Debug)]
pub struct Rendered {
    pub key: JobKey,
    pub files: Vec<Prepared>,
}

/// One static file to publish: its output path and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    pub path: String,
    pub source: PathBuf,
    pub hash: u64,
}

/// The files of the static folders, later folders winning (theme, then site), as `build`
/// copies them: hashed as published, images without their metadata.
pub fn static_files(dirs: &[PathBuf]) -> Result<Vec<StaticFile>, OutputError> {
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for entry in WalkDir::new(dir).follow_links(false) {
            let entry = entry.map_err(|e| io_error(dir)(io::Error::other(e)))?;
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(relative) = entry.path().strip_prefix(dir) {
                let path = relative.to_string_lossy().replace('\\', "/");
                files.insert(path, entry.path().to_path_buf());
            }
        }
    }
    files
        .into_iter()
        .map(|(path, source)| {
            let hash = hash_bytes(&read_static(&source)?);
            Ok(StaticFile { path, source, hash })
        })
        .collect()
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
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
    by_job: BTreeMap<JobKey, Vec<String>>,
    targets: Vec<String>,
    target_ids: BTreeMap<String, u32>,
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

    /// Works out the next state: `gone_jobs` are the jobs the new site has no longer;
    /// `rendered` the jobs run now; `statics` the static files when they were looked at again.
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
        let mut added: BTreeMap<String, Entry> = BTreeMap::new();
        let mut changes = Changes::default();
        let mut collisions = Vec::new();
        for file in statics.into_iter().flatten() {
            let kept_page = self
                .files
                .get(&file.path)
                .is_some_and(|e| e.owner != Owner::Static && !replaced.contains(&e.owner));
            if kept_page {
                collisions.push(file.path.clone());
            }
            self.add_static(file, &mut added, &mut changes);
        }
        let mut jobs = BTreeMap::new();
        for job in rendered {
            let mut paths = Vec::new();
            for file in job.files {
                let taken = added.contains_key(&file.path)
                    || self
                        .files
                        .get(&file.path)
                        .is_some_and(|e| !replaced.contains(&e.owner));
                if taken {
                    collisions.push(file.path.clone());
                    continue;
                }
                paths.push(file.path.clone());
                self.add_file(&job.key, file, site, &mut added, &mut changes);
            }
            jobs.insert(job.key, paths);
        }
        if let Some(path) = collisions.into_iter().min() {
            return Err(OutputError::Collision(crate::output::Collision::at(path)));
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
        self.check_links(&update, &replaced)?;
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

    fn add_static(
        &self,
        file: StaticFile,
        added: &mut BTreeMap<String, Entry>,
        changes: &mut Changes,
    ) {
        let same = self
            .files
            .get(&file.path)
            .is_some_and(|e| e.owner == Owner::Static && e.hash == file.hash);
        added.insert(
            file.path.clone(),
            Entry {
                owner: Owner::Static,
                hash: file.hash,
                links: None,
            },
        );
        if same {
            changes.unchanged += 1;
        } else {
            changes.copies.push(file);
        }
    }

    fn add_file(
        &mut self,
        key: &JobKey,
        file: Prepared,
        site: &Site,
        added: &mut BTreeMap<String, Entry>,
        changes: &mut Changes,
    ) {
        let hash = hash_bytes(&file.bytes);
        let links = file.all_links().map(|links| {
            let targets: BTreeSet<String> = links
                .filter_map(|link| link_target(link, &site.meta.base_url, &site.meta.base_path))
                .collect();
            targets.into_iter().map(|t| self.intern(t)).collect()
        });
        let same = self.files.get(&file.path).is_some_and(|e| e.hash == hash);
        added.insert(
            file.path.clone(),
            Entry {
                owner: Owner::Job(key.clone()),
                hash,
                links,
            },
        );
        if same {
            changes.unchanged += 1;
        } else {
            changes.writes.push((file.path, file.bytes));
        }
    }

    fn intern(&mut self, target: String) -> u32 {
        if let Some(&id) = self.target_ids.get(&target) {
            return id;
        }
        let id = u32::try_from(self.targets.len()).unwrap_or(u32::MAX);
        self.targets.push(target.clone());
        self.target_ids.insert(target, id);
        id
    }

    /// Every link of a page made now must lead to a file of the new state; pages kept as they
    /// were are checked against the files that go away.
    fn check_links(&self, update: &Update, replaced: &BTreeSet<Owner>) -> Result<(), OutputError> {
        let exists = |target: &str| {
            update.added.contains_key(target)
                || (self.files.contains_key(target) && !update.dropped.contains(target))
        };
        let mut broken: Vec<BrokenLink> = Vec::new();
        for (page, entry) in &update.added {
            for &id in entry.links.iter().flatten() {
                let target = &self.targets[id as usize];
                if !exists(target) {
                    broken.push(broken_link(page, target));
                }
            }
        }
        if !update.dropped.is_empty() {
            for (page, entry) in &self.files {
                if replaced.contains(&entry.owner) {
                    continue;
                }
                for &id in entry.links.iter().flatten() {
                    let target = &self.targets[id as usize];
                    if update.dropped.contains(target) {
                        broken.push(broken_link(page, target));
                    }
                }
            }
        }
        broken_links_result(broken)
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
        for (path, bytes) in &changes.writes {
            write_atomically(&out_dir.join(path), bytes)?;
        }
        for file in &changes.copies {
            let bytes = read_static(&file.source)?;
            write_atomically(&out_dir.join(&file.path), &bytes)?;
        }
        for path in &changes.deletes {
            remove_file(out_dir, path)?;
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

fn broken_link(page: &str, target: &str) -> BrokenLink {
    BrokenLink {
        page: page.to_string(),
        link: format!("/{target}"),
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes beside the target, then renames, so that the server never sends half a file.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.vinhdanh-tmp"));
    fs::write(&temporary, bytes).map_err(io_error(&temporary))?;
    fs::rename(&temporary, target).map_err(io_error(target))
}

/// Removes a file and the folders it leaves empty, up to the output folder.
fn remove_file(out_dir: &Path, path: &str) -> Result<(), OutputError> {
    let target = out_dir.join(path);
    match fs::remove_file(&target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&target)(e)),
        _ => {}
    }
    let mut folder = target.parent();
    while let Some(dir) = folder {
        if dir == out_dir || !dir.starts_with(out_dir) || fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
    Ok(())
}
