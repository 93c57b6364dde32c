//! The whole build as one short function over the stages: check, model and privacy gate,
//! theme, photos, render and publish.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::base::inputs::Criteria;
use crate::base::lang::{Lang, both, translate};
use crate::base::progress::{self, Phase};
use crate::base::timings::Timings;
use crate::check::{Checked, check_site_lean};
use crate::load::base_url::{BaseUrlError, parse_base_url};
use crate::model::Site;
use crate::output::{Foreign, Origins, OutputError, Written, guard, publish};
use crate::photos::{self, PhotoCount, Photos, photo_uses};
use crate::privacy::PrivacyGate;
use crate::render::{Renderer, ThemeError};

use super::stages::{self, Valid};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out_dir: PathBuf,
    /// Replaces `base_url` of site.toml (for previews under another address).
    pub base_url: Option<String>,
    /// Whether a non-empty `out_dir` that vinhdanh did not write may be replaced (`--force`).
    pub foreign: Foreign,
}

/// Why a build did not publish anything.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the site has errors")]
    Invalid(Box<Checked>),
    /// `--base-url` is not an address the site can be published at.
    #[error("--base-url \"{value}\": {error}")]
    BaseUrl { value: String, error: BaseUrlError },
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl BuildError {
    /// The code printed with the message, for the errors `docs/loi.md` documents (a site
    /// with errors prints its diagnostics, each with its own).
    pub fn code(&self) -> Option<&'static str> {
        match self {
            BuildError::Output(error) => error.code(),
            BuildError::Invalid(_) | BuildError::BaseUrl { .. } | BuildError::Theme(_) => None,
        }
    }

    /// The message in `lang` (a site with errors has its diagnostics to say why).
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            BuildError::Invalid(_) => both!(lang, "trang có lỗi", "the site has errors").into(),
            BuildError::BaseUrl { value, error } => {
                let expected = translate(lang, error.expected());
                both!(
                    lang,
                    format!("--base-url \"{value}\" không dùng được: cần {expected}"),
                    format!("--base-url \"{value}\" cannot be used: expected {expected}")
                )
            }
            BuildError::Theme(error) => error.in_lang(lang),
            BuildError::Output(error) => error.in_lang(lang),
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Built {
    /// The site as checked; its records were freed once the site model was made.
    pub checked: Checked,
    pub written: Written,
    /// The stories' photos: how many were made, how many came from the cache.
    pub photos: PhotoCount,
    pub elapsed: Duration,
}

/// Builds the site at `options.root` into `options.out_dir`. Nothing is written unless the
/// output folder is one a build may replace and the site is valid, and the old output stays
/// whole until the new one is complete.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let base_url = checked_base_url(options.base_url.as_deref())?;
    let out_dir =
        guard(&options.root, &options.out_dir, options.foreign).map_err(OutputError::from)?;
    let mut valid = stages::valid(check_site_lean(&options.root)).map_err(BuildError::Invalid)?;
    let mut timings = Timings::start();
    progress::phase(Phase::Model);
    // The theme's templates are parsed while the model is made: neither needs the other.
    let config = valid.checked.inputs.config.clone();
    let ((site, gate), theme) = rayon::join(
        || lean_model_and_gate(&mut valid, base_url.as_deref()),
        || stages::theme(&options.root, &config),
    );
    let theme = theme?;
    timings.lap("model and theme");
    progress::phase(Phase::Write);
    let checked = valid.checked;
    let static_dirs = stages::static_dirs(&options.root, &theme);
    let (photos, photo_count, cache) = prepared_photos(options, &checked, &static_dirs, &out_dir)?;
    timings.lap("photos");
    let renderer = Renderer::new(&site, &theme).with_photos(Arc::clone(&photos));
    let written = publish(&renderer, &gate, &static_dirs, &out_dir).map_err(|error| {
        error.traced(&Origins {
            root: &options.root,
            inputs: &checked.inputs,
            site: &site,
            jobs: &renderer.jobs(),
            static_dirs: &static_dirs,
        })
    })?;
    timings.lap("publish");
    photos.prune_cache(&cache);
    Ok(Built {
        checked,
        written,
        photos: photo_count,
        elapsed: started.elapsed(),
    })
}

/// `--base-url`, if given, checked as `base_url` of site.toml is.
fn checked_base_url(value: Option<&str>) -> Result<Option<String>, BuildError> {
    value
        .map(|value| {
            parse_base_url(value).map_err(|error| BuildError::BaseUrl {
                value: value.to_string(),
                error,
            })
        })
        .transpose()
}

/// The site model and the privacy gate ([`stages::model_and_gate`]), with the memory only
/// checking needed freed before and the records and verdicts after: at a million records
/// that is gigabytes, and the pages are rendered in it. `Built` keeps the rest.
fn lean_model_and_gate(valid: &mut Valid, base_url: Option<&str>) -> (Site, PrivacyGate) {
    release_checked_only(&mut valid.checked);
    let guards = std::mem::take(&mut valid.checked.guards);
    let made = stages::model_and_gate(&valid.checked.inputs, &valid.honours, &guards, base_url);
    let records = std::mem::take(&mut valid.checked.inputs.records);
    let honours = std::mem::take(&mut valid.honours);
    rayon::join(
        || honours.free_in_parallel(),
        || records.into_par_iter().for_each(drop),
    );
    made
}

/// The sizes of the stories' photos, made or taken from the cache beside the output.
fn prepared_photos(
    options: &BuildOptions,
    checked: &Checked,
    static_dirs: &[PathBuf],
    out_dir: &Path,
) -> Result<(Arc<Photos>, PhotoCount, PathBuf), BuildError> {
    let cache = photos::cache_dir(out_dir);
    let uses = photo_uses(&checked.inputs.stories);
    let photos =
        photos::prepare(&uses, &options.root, static_dirs, &cache).map_err(OutputError::from)?;
    let count = photos.count();
    Ok((Arc::new(photos), count, cache))
}

/// Frees what only checking needed, before the site model is made: the criterion values of
/// the assessments (the verdicts hold their results; the source text went in
/// [`check_site_lean`]). At a million records that is a gigabyte.
fn release_checked_only(checked: &mut Checked) {
    checked.inputs.records.par_iter_mut().for_each(|record| {
        for assessment in &mut record.assessments {
            assessment.criteria = Criteria::default();
        }
    });
}

/// The default output folder of a site: `public/` in its root.
pub fn default_out_dir(root: &Path) -> PathBuf {
    root.join("public")
}
