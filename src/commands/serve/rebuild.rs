//! The preview's build state and how a plan of changes turns it into the next one.
//!
//! The state is the last good build: its inputs, site, theme and the index of the output
//! folder. A rebuild loads what changed (only the Markdown files when nothing else changed),
//! checks it, builds the new site, finds the jobs whose output may differ, renders them, and
//! hands the files to the index, which refuses what `build` would refuse. Until all of that has
//! succeeded nothing is written and the last good state stays; the changes stay pending, so
//! that the next attempt covers them too.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::base::inputs::{Inputs, Record, SiteConfig};
use crate::base::lang::Lang;
use crate::check::{Checked, check_site};
use crate::commands::stages;
use crate::model::{FreePageView, Site, StoryView, add_drafts, rebuild_site, relink_content_with};
use crate::output::{Minified, Origins, OutputError, ReadyChromes, prepare, static_files};
use crate::privacy::PrivacyGate;
use crate::render::page_kinds::is_page_template;
use crate::render::search::IndexCache;
use crate::render::template_deps;
use crate::render::{
    DataPieces, Job, Listings, PageJob, Renderer, Theme, UNKNOWN_PRINT, listing_digests,
    record_dates_digest, story_dates_digest,
};
use crate::rules;

use super::affected::{Affected, Compare, Fingerprints, Old, affected, hash_of};
use super::classify::Plan;
use super::failure::RebuildFailure;
use super::index::{Changes, JobKey, OutputIndex, Rendered};
use super::jobs::{JobKeys, Lookups, direct_jobs, select_content};
use super::records::RecordsUndo;

/// What a good rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Jobs run (pages rendered, feeds...).
    pub jobs: usize,
    /// Files written or copied, because their bytes changed.
    pub written: usize,
    pub deleted: usize,
    /// Files made again with the same bytes.
    pub unchanged: usize,
    /// The addresses of the pages rendered, sorted.
    pub pages: Vec<String>,
    pub elapsed: Duration,
}

impl Rebuilt {
    /// What `jobs` jobs rendering `pages` did to the output folder (`changes`); the time is
    /// set by the caller.
    fn of(jobs: usize, changes: &Changes, pages: Vec<String>) -> Self {
        Rebuilt {
            jobs,
            written: changes.writes.len() + changes.copies.len(),
            deleted: changes.deletes.len(),
            unchanged: changes.unchanged,
            pages,
            elapsed: Duration::ZERO,
        }
    }
}

/// How long each phase of a rebuild took, for `VINHDANH_SERVE_TRACE=1` and the benchmark.
#[derive(Debug)]
struct Trace {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
    /// The jobs the rebuild rendered, each kind with how many.
    jobs: BTreeMap<String, usize>,
    /// The slowest jobs rendered, with how long each took on its thread.
    slowest: Vec<(String, Duration)>,
}

impl Trace {
    fn new() -> Self {
        Trace {
            last: Instant::now(),
            phases: Vec::new(),
            jobs: BTreeMap::new(),
            slowest: Vec::new(),
        }
    }

    fn mark(&mut self, phase: &'static str) {
        let now = Instant::now();
        self.phases.push((phase, now - self.last));
        self.last = now;
    }

    fn text(&self) -> String {
        let parts: Vec<String> = self
            .phases
            .iter()
            .map(|(phase, took)| format!("{phase} {}", took.as_millis()))
            .collect();
        let jobs: Vec<String> = (self.jobs.iter())
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect();
        let slowest: Vec<String> = (self.slowest.iter())
            .map(|(job, took)| format!("{job} {}", took.as_millis()))
            .collect();
        format!(
            "  phases (ms): {}\n  jobs: {}\n  slowest jobs (ms): {}",
            parts.join(", "),
            jobs.join(", "),
            slowest.join(", ")
        )
    }

    /// Notes the slowest of the `timed` jobs, and gives back what they rendered.
    fn rendered(&mut self, timed: Vec<(Rendered, Duration)>) -> Vec<Rendered> {
        let mut times: Vec<(String, Duration)> = (timed.iter())
            .map(|(rendered, took)| (format!("{:?}", rendered.key), *took))
            .collect();
        times.sort_by_key(|(_, took)| std::cmp::Reverse(*took));
        times.truncate(SLOWEST_SHOWN);
        self.slowest = times;
        untimed(timed)
    }

    /// Notes the kinds of `jobs` (`Record`, `Feeds`, ...), each with how many.
    fn jobs(&mut self, jobs: &[Job]) {
        for job in jobs {
            let kind = format!("{job:?}");
            let kind = kind.split(['(', ' ']).collect::<Vec<_>>();
            let kind = match kind.as_slice() {
                ["Page", page, ..] => page.to_string(),
                [kind, ..] => kind.to_string(),
                [] => continue,
            };
            *self.jobs.entry(kind).or_default() += 1;
        }
    }
}

/// How many of the slowest jobs the trace names.
const SLOWEST_SHOWN: usize = 6;

/// The last good build.
#[derive(Debug)]
struct Good {
    checked: Checked,
    site: Site,
    theme: Theme,
    gate: PrivacyGate,
    prints: Fingerprints,
    nav: u64,
    /// The listings of the site's records, kept while only Markdown files or the theme change.
    listings: Arc<Listings>,
    /// What each title, award and round page shows, kept with the listings.
    digests: Arc<BTreeMap<PageJob, u64>>,
    /// The digests of what the sitemap's dates are made from: in the records, in the stories.
    sitemap_dates: (u64, u64),
    lookups: Lookups,
    keys: JobKeys,
    index: OutputIndex,
    /// The search index of the last run: an edit makes again only what the changed entries touch.
    search_index: Arc<IndexCache>,
    /// The pieces of the open data: a record edit makes again only the pieces that hold it.
    data_pieces: Arc<DataPieces>,
    /// What the pages were minified into: a page rendered again the same is not minified again.
    minified: Minified,
    /// Whether drafts are previewed too.
    drafts: bool,
}

/// The new parts a rebuild made; `None` keeps the good one.
#[derive(Debug, Default)]
struct Next {
    checked: Option<Checked>,
    site: Option<Site>,
    theme: Option<Theme>,
    gate: Option<PrivacyGate>,
    prints: Option<Fingerprints>,
    lookups: Option<Lookups>,
    story_slugs: BTreeSet<String>,
    /// After a Markdown edit the good site is updated in place; its old stories and pages wait
    /// here for the comparison.
    old_stories: Option<Vec<StoryView>>,
    old_pages: Option<Vec<FreePageView>>,
}

/// Builds the preview of the site at `root` into `out_dir` and keeps it current.
#[derive(Debug)]
pub struct Builder {
    root: PathBuf,
    out_dir: PathBuf,
    good: Option<Good>,
    /// Every change since the last good build.
    pending: Plan,
    /// Print the phases of each rebuild (`VINHDANH_SERVE_TRACE` set).
    trace: bool,
    /// Whether drafts are previewed too (`serve --drafts`).
    drafts: bool,
}

impl Builder {
    pub fn new(root: PathBuf, out_dir: PathBuf) -> Self {
        Builder {
            root,
            out_dir,
            good: None,
            pending: Plan::full(),
            trace: std::env::var_os("VINHDANH_SERVE_TRACE").is_some(),
            drafts: false,
        }
    }

    /// The same builder, previewing draft stories too when `drafts` is set.
    pub fn with_drafts(mut self, drafts: bool) -> Self {
        self.drafts = drafts;
        self
    }

    /// The base path of the site's URLs, once a build has succeeded.
    pub fn base_path(&self) -> String {
        self.good
            .as_ref()
            .map(|g| g.site.meta.base_path.clone())
            .unwrap_or_default()
    }

    /// The theme named in `site.toml`, as last read.
    pub fn theme_name(&self) -> String {
        self.good.as_ref().map_or_else(
            || SiteConfig::default().theme,
            |g| g.checked.inputs.config.theme.clone(),
        )
    }

    /// The warnings of the last good build, rendered in `lang`.
    pub fn warnings(&self, lang: Lang) -> String {
        self.good.as_ref().map_or_else(String::new, |g| {
            g.checked
                .diagnostics
                .render_in(&g.checked.inputs.sources, lang)
        })
    }

    /// Every file of the output, as the index knows it.
    pub fn output_paths(&self) -> Vec<String> {
        self.good
            .as_ref()
            .map_or_else(Vec::new, |g| g.index.paths().map(str::to_string).collect())
    }

    /// Forgets the state (after an internal error): the next rebuild starts from nothing.
    pub fn reset(&mut self) {
        self.good = None;
        self.pending = Plan::full();
    }

    /// Adds `plan` to the pending changes and tries to build them. `Ok(None)` when nothing
    /// needed building.
    pub fn rebuild(&mut self, plan: &Plan) -> Result<Option<Rebuilt>, RebuildFailure> {
        self.pending.merge(plan);
        if self.pending.is_empty() {
            return Ok(None);
        }
        let started = Instant::now();
        let pending = self.pending.clone();
        let mut trace = Trace::new();
        let result = match self.good.as_mut() {
            Some(good) => incremental(&self.root, &self.out_dir, good, &pending, &mut trace),
            None => from_scratch(&self.root, &self.out_dir, self.drafts).map(|(good, rebuilt)| {
                self.good = Some(good);
                rebuilt
            }),
        };
        if self.trace {
            eprintln!("{}", trace.text());
        }
        let mut rebuilt = result.inspect_err(|failure| {
            if failure.output_damaged {
                self.reset();
            }
        })?;
        self.pending = Plan::default();
        rebuilt.elapsed = started.elapsed();
        Ok(Some(rebuilt))
    }
}

/// The site model and the privacy gate of `checked`, as `build` makes them
/// ([`stages::model_and_gate`]).
fn model_and_gate(checked: &Checked) -> Result<(Site, PrivacyGate), RebuildFailure> {
    let honours = checked
        .honours
        .as_ref()
        .ok_or_else(|| RebuildFailure::site(checked))?;
    Ok(stages::model_and_gate(
        &checked.inputs,
        honours,
        &checked.guards,
        None,
    ))
}

fn check(root: &Path) -> Result<Checked, RebuildFailure> {
    let checked = check_site(root);
    if checked.has_errors() || checked.honours.is_none() {
        return Err(RebuildFailure::site(&checked));
    }
    Ok(checked)
}

/// The first build, or the one after the output folder could not be written: the whole site
/// into an empty folder.
fn from_scratch(
    root: &Path,
    out_dir: &Path,
    drafts: bool,
) -> Result<(Good, Rebuilt), RebuildFailure> {
    let checked = check(root)?;
    let (mut site, gate) = model_and_gate(&checked)?;
    gate.remember_from_now_on();
    let theme = stages::theme(root, &checked.inputs.config)?;
    let prints = Fingerprints::of(&mut site);
    empty_folder(out_dir)?;
    let mut index = OutputIndex::default();
    let lookups = Lookups::of(&checked.inputs, &site);
    if drafts {
        add_drafts(&mut site, &checked.inputs, &|id| lookups.position(id));
    }
    let search_index = Arc::new(IndexCache::default());
    let record_prints = record_prints(&site, &prints);
    let data_pieces = Arc::new(DataPieces::new(record_prints.clone()));
    let renderer = Renderer::new(&site, &theme)
        .with_search_index(Arc::clone(&search_index))
        .with_data_pieces(Arc::clone(&data_pieces));
    let listings = Arc::clone(&renderer.listings);
    let digests = Arc::new(listing_digests(&site, &listings, &record_prints));
    let sitemap_dates = (record_dates_digest(&site), story_dates_digest(&site));
    let jobs = renderer.jobs();
    let (keys, _) = JobKeys::of(&jobs, &site);
    let nav = hash_of(&renderer.nav);
    let count = jobs.len();
    let chromes = ReadyChromes::remembering(Minified::in_memory(out_dir));
    let rendered = untimed(render(&renderer, jobs, &gate, &chromes)?);
    let pages = page_urls(&rendered);
    let statics =
        static_files(&stages::static_dirs(root, &theme)).map_err(|e| RebuildFailure::output(&e))?;
    let update = index
        .plan(Vec::new(), rendered, Some(statics), &site)
        .map_err(|error| traced(error, root, &checked.inputs, &renderer, &theme))?;
    drop(renderer);
    let changes = index
        .apply(update, out_dir)
        .map_err(RebuildFailure::damaged)?;
    let rebuilt = Rebuilt::of(count, &changes, pages);
    let good = Good {
        checked,
        site,
        theme,
        gate,
        prints,
        nav,
        listings,
        digests,
        sitemap_dates,
        lookups,
        keys,
        index,
        search_index,
        data_pieces,
        minified: chromes.minified().handed_on(),
        drafts,
    };
    Ok((good, rebuilt))
}

fn empty_folder(dir: &Path) -> Result<(), RebuildFailure> {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.map_err(|e| io_failure(&path, e))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| io_failure(dir, e))
}

fn io_failure(path: &Path, error: std::io::Error) -> RebuildFailure {
    RebuildFailure::output(&OutputError::Io {
        path: path.to_path_buf(),
        source: error,
    })
}

/// `error`, a collision traced back to its sources.
fn traced(
    error: OutputError,
    root: &Path,
    inputs: &Inputs,
    renderer: &Renderer<'_>,
    theme: &Theme,
) -> OutputError {
    error.traced(&Origins {
        root,
        inputs,
        site: renderer.site,
        jobs: &renderer.jobs(),
        static_dirs: &stages::static_dirs(root, theme),
    })
}

/// Loads what `plan` says changed, then renders and writes what may differ.
fn incremental(
    root: &Path,
    out_dir: &Path,
    good: &mut Good,
    plan: &Plan,
    trace: &mut Trace,
) -> Result<Rebuilt, RebuildFailure> {
    let old_slugs = story_slugs(&good.checked.inputs, &plan.stories);
    if plan.content_only() {
        let undo =
            super::content::reload(root, plan, &mut good.checked, &good.lookups, &good.gate)?;
        trace.mark("load and check Markdown");
        let next = content_next(root, good, plan, old_slugs);
        trace.mark("relink stories");
        let result = next.and_then(|next| render_and_write(root, out_dir, good, next, plan, trace));
        if result.is_err() {
            undo.restore(&mut good.checked);
            relink(good);
        }
        return result;
    }
    if super::records::records_only(root, plan) {
        let undo = super::records::reload(root, plan, &mut good.checked, &good.gate)?;
        trace.mark("load, check, judge");
        let next = records_next(good, &undo, old_slugs, trace);
        let result = next.and_then(|next| render_and_write(root, out_dir, good, next, plan, trace));
        if result.is_err() {
            undo.restore(&mut good.checked);
        }
        return result;
    }
    let mut next = Next {
        story_slugs: old_slugs,
        ..Next::default()
    };
    if plan.data {
        let checked = check(root)?;
        trace.mark("load, check, judge");
        let (mut site, gate) = model_and_gate(&checked)?;
        trace.mark("model and privacy gate");
        if plan.theme || theme_changed(&good.checked.inputs.config, &checked.inputs.config) {
            next.theme = Some(stages::theme(root, &checked.inputs.config)?);
        }
        next.gate = Some(gate);
        next.prints = Some(Fingerprints::of(&mut site));
        let lookups = Lookups::of(&checked.inputs, &site);
        if good.drafts {
            add_drafts(&mut site, &checked.inputs, &|id| lookups.position(id));
        }
        next.lookups = Some(lookups);
        trace.mark("fingerprints");
        next.story_slugs
            .extend(story_slugs(&checked.inputs, &plan.stories));
        next.site = Some(site);
        next.checked = Some(checked);
    } else if plan.theme {
        next.theme = Some(stages::theme(root, &good.checked.inputs.config)?);
    }
    render_and_write(root, out_dir, good, next, plan, trace)
}

/// The new parts after record files changed (`undo` says which records), the good inputs
/// already holding the new records and their verdicts: the site model and the fingerprints
/// made again for the changed records and those whose verdicts count theirs, and the privacy
/// gate unless the same values are guarded.
fn records_next(
    good: &Good,
    undo: &RecordsUndo,
    story_slugs: BTreeSet<String>,
    trace: &mut Trace,
) -> Result<Next, RebuildFailure> {
    let checked = &good.checked;
    let honours = (checked.honours.as_ref()).ok_or_else(|| RebuildFailure::site(checked))?;
    let records: Vec<&Record> = checked.inputs.records.iter().collect();
    let changed = rules::with_dependents(&records, undo.changed());
    let (mut site, gate) = rayon::join(
        || rebuild_site(&checked.inputs, honours, &good.site, &changed),
        || {
            (!undo.same_guards(checked))
                .then(|| stages::gate(&checked.inputs, &checked.guards, None))
        },
    );
    trace.mark("model and privacy gate");
    let prints = Fingerprints::of_changed(&mut site, &good.prints, &changed);
    let lookups = Lookups::of(&checked.inputs, &site);
    if good.drafts {
        add_drafts(&mut site, &checked.inputs, &|id| lookups.position(id));
    }
    trace.mark("fingerprints");
    Ok(Next {
        site: Some(site),
        gate,
        prints: Some(prints),
        lookups: Some(lookups),
        story_slugs,
        ..Next::default()
    })
}

/// The new parts after Markdown files changed: the stories and pages are relinked into the
/// good site itself (its old ones kept aside; the caller relinks again if the rebuild fails);
/// records, rules and provinces stay as they were.
fn content_next(
    root: &Path,
    good: &mut Good,
    plan: &Plan,
    old_slugs: BTreeSet<String>,
) -> Result<Next, RebuildFailure> {
    let theme = plan
        .theme
        .then(|| stages::theme(root, &good.checked.inputs.config))
        .transpose()?;
    let old_stories = std::mem::take(&mut good.site.stories);
    let old_pages = std::mem::take(&mut good.site.pages);
    relink(good);
    let prints = good.prints.with_content_of(&good.site);
    let mut story_slugs = old_slugs;
    story_slugs.extend(self::story_slugs(&good.checked.inputs, &plan.stories));
    Ok(Next {
        theme,
        prints: Some(prints),
        story_slugs,
        old_stories: Some(old_stories),
        old_pages: Some(old_pages),
        ..Next::default()
    })
}

/// Puts the stories and free pages of the good inputs into the good site.
fn relink(good: &mut Good) {
    let lookups = &good.lookups;
    relink_content_with(&mut good.site, &good.checked.inputs, &|id| {
        lookups.position(id)
    });
    if good.drafts {
        add_drafts(&mut good.site, &good.checked.inputs, &|id| {
            lookups.position(id)
        });
    }
}

fn theme_changed(old: &SiteConfig, new: &SiteConfig) -> bool {
    old.theme != new.theme || old.language != new.language
}

/// The slugs (before `-2` suffixes) of the stories read from `paths`.
fn story_slugs(inputs: &Inputs, paths: &BTreeSet<PathBuf>) -> BTreeSet<String> {
    inputs
        .stories
        .iter()
        .filter(|s| paths.iter().any(|p| s.path.starts_with(p)))
        .map(|s| s.slug.value.clone())
        .collect()
}

/// Renders the jobs the change may affect, plans the output and writes it; then the new parts
/// become the good state.
fn render_and_write(
    root: &Path,
    out_dir: &Path,
    good: &mut Good,
    next: Next,
    plan: &Plan,
    trace: &mut Trace,
) -> Result<Rebuilt, RebuildFailure> {
    let site = next.site.as_ref().unwrap_or(&good.site);
    let theme = next.theme.as_ref().unwrap_or(&good.theme);
    let gate = match &next.gate {
        Some(gate) => {
            // What the last gate found clean holds while the same values are guarded.
            gate.take_memory_of(&good.gate);
            gate
        }
        None => &good.gate,
    };
    let prints = next.prints.as_ref().unwrap_or(&good.prints);
    let lookups = next.lookups.as_ref().unwrap_or(&good.lookups);
    // The records stay as they were unless the data changed: so do their fingerprints, their
    // listings, the listings' digests and the open data's pieces.
    let record_prints = next.site.is_some().then(|| record_prints(site, prints));
    let data_pieces = match &record_prints {
        Some(record_prints) => Arc::new(good.data_pieces.handed_on(record_prints.clone())),
        None => Arc::clone(&good.data_pieces),
    };
    let renderer = if next.site.is_some() {
        Renderer::new(site, theme)
    } else {
        Renderer::with_listings(site, theme, Arc::clone(&good.listings))
    }
    .with_search_index(Arc::clone(&good.search_index))
    .with_data_pieces(Arc::clone(&data_pieces));
    let digests = match &record_prints {
        Some(record_prints) => Arc::new(listing_digests(site, &renderer.listings, record_prints)),
        None => Arc::clone(&good.digests),
    };
    trace.mark("renderer");
    let nav = hash_of(&renderer.nav);
    let sitemap_dates = (
        match next.site {
            Some(_) => record_dates_digest(site),
            None => good.sitemap_dates.0,
        },
        story_dates_digest(site),
    );
    trace.mark("sitemap dates");
    // Unless the data changed, only the Markdown pages' keys can differ.
    let quick = next.site.is_none().then(|| good.keys.with_content_of(site));
    let old = Old {
        records: &good.site.records,
        stories: next.old_stories.as_deref().unwrap_or(&good.site.stories),
        pages: next.old_pages.as_deref().unwrap_or(&good.site.pages),
    };
    let mut compare = Compare {
        plan,
        old,
        new: site,
        old_prints: &good.prints,
        new_prints: prints,
        nav_changed: nav != good.nav,
        urls_changed: quick
            .as_ref()
            .is_none_or(|(keys, _)| keys.urls_differ(&good.keys)),
        sitemap_dates_changed: sitemap_dates != good.sitemap_dates,
        story_slugs: next.story_slugs.clone(),
        templates_are_leaves: templates_are_leaves(theme, &plan.templates),
        old_listings: &good.digests,
        new_listings: &digests,
    };
    // What the change affects is worked out once, when whether URLs changed is known: from
    // the Markdown pages' keys alone, or else from every job's.
    let (keys, selected) = match quick {
        Some((keys, content)) => {
            let wanted = affected(&compare);
            match direct_jobs(&wanted, site, lookups) {
                Some(mut direct) => {
                    let mut selected = select_content(content, &wanted, site, &good.index);
                    selected.append(&mut direct);
                    (keys, selected)
                }
                None => select_among_all(&renderer, site, &good.index, |_| wanted),
            }
        }
        None => select_among_all(&renderer, site, &good.index, |keys| {
            compare.urls_changed = keys.urls_differ(&good.keys);
            affected(&compare)
        }),
    };
    let count = selected.len();
    trace.jobs(&selected);
    trace.mark("select jobs");
    let chromes = ReadyChromes::remembering(good.minified.handed_on());
    let rendered = trace.rendered(render(&renderer, selected, gate, &chromes)?);
    let pages = page_urls(&rendered);
    trace.mark("render");
    let statics = if plan.statics || next.theme.is_some() {
        Some(
            static_files(&stages::static_dirs(root, theme))
                .map_err(|e| RebuildFailure::output(&e))?,
        )
    } else {
        None
    };
    let gone = good.keys.gone(&keys);
    let inputs = &next.checked.as_ref().unwrap_or(&good.checked).inputs;
    let update = good
        .index
        .plan(gone, rendered, statics, site)
        .map_err(|error| traced(error, root, inputs, &renderer, theme))?;
    let listings = Arc::clone(&renderer.listings);
    drop(renderer);
    trace.mark("plan output");
    let changes = good
        .index
        .apply(update, out_dir)
        .map_err(RebuildFailure::damaged)?;
    trace.mark("write");
    let Next {
        checked,
        site,
        theme,
        gate,
        prints,
        lookups,
        ..
    } = next;
    replace(&mut good.checked, checked);
    replace(&mut good.site, site);
    replace(&mut good.theme, theme);
    replace(&mut good.gate, gate);
    replace(&mut good.prints, prints);
    replace(&mut good.lookups, lookups);
    good.nav = nav;
    good.listings = listings;
    good.digests = digests;
    good.sitemap_dates = sitemap_dates;
    good.data_pieces = data_pieces;
    good.keys = keys;
    good.minified = chromes.minified().handed_on();
    Ok(Rebuilt::of(count, &changes, pages))
}

fn replace<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// The jobs to run: those `wanted` names, and any the output has no file of yet. `keys` are
/// the jobs' keys, in the same order.
fn select(
    jobs: Vec<Job>,
    keys: &[JobKey],
    wanted: &Affected,
    site: &Site,
    index: &OutputIndex,
) -> Vec<Job> {
    jobs.into_iter()
        .zip(keys)
        .filter(|&(job, key)| wanted.wants(job, site) || !index.has_job(key))
        .map(|(job, _)| job)
        .collect()
}

/// The fingerprint of each record of `site`, in its order; [`UNKNOWN_PRINT`] where it has
/// none.
fn record_prints(site: &Site, prints: &Fingerprints) -> Vec<u64> {
    (site.records.iter())
        .map(|r| prints.records.get(&r.id).copied().unwrap_or(UNKNOWN_PRINT))
        .collect()
}

/// Every job of `renderer` with its key, and the jobs that what `wanted` says of the keys
/// selects.
fn select_among_all(
    renderer: &Renderer<'_>,
    site: &Site,
    index: &OutputIndex,
    wanted: impl FnOnce(&JobKeys) -> Affected,
) -> (JobKeys, Vec<Job>) {
    let jobs = renderer.jobs();
    let (keys, job_keys) = JobKeys::of(&jobs, site);
    let wanted = wanted(&keys);
    let selected = select(jobs, &job_keys, &wanted, site, index);
    (keys, selected)
}

/// The sorted addresses of the pages among `rendered`.
fn page_urls(rendered: &[Rendered]) -> Vec<String> {
    let mut urls: Vec<String> = rendered
        .iter()
        .filter_map(|r| match &r.key {
            JobKey::Page(url) => Some(url.clone()),
            _ => None,
        })
        .collect();
    urls.sort_unstable();
    urls
}

/// Runs `jobs` in parallel, each file made ready as `build` makes it; each job with how long
/// it took.
fn render(
    renderer: &Renderer<'_>,
    jobs: Vec<Job>,
    gate: &PrivacyGate,
    chromes: &ReadyChromes,
) -> Result<Vec<(Rendered, Duration)>, OutputError> {
    jobs.into_par_iter()
        .map(|job| {
            let started = Instant::now();
            let files = renderer
                .run(job)?
                .into_iter()
                .map(|file| prepare(file, gate, chromes))
                .collect::<Result<Vec<_>, _>>()?;
            let rendered = Rendered {
                key: JobKey::of(job, renderer.site),
                files,
            };
            Ok((rendered, started.elapsed()))
        })
        .collect()
}

/// What `timed` jobs rendered, without their times.
fn untimed(timed: Vec<(Rendered, Duration)>) -> Vec<Rendered> {
    timed.into_iter().map(|(rendered, _)| rendered).collect()
}

/// Whether every changed template makes one known kind of page and no other template names
/// it (in `extends`, `include` or `import`, as Tera parsed them): then only its pages need
/// rendering.
fn templates_are_leaves(theme: &Theme, templates: &BTreeSet<String>) -> bool {
    templates.iter().all(|template| {
        is_page_template(template) && template_deps::users_of(&theme.tera, template).is_empty()
    })
}
