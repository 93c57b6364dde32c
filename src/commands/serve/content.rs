//! The fast path for Markdown edits, the most common change: only the changed files are read,
//! their stories and pages take the place of the old ones in the inputs, and the story checks
//! run again. Records, provinces and rules stay loaded and judged as they were, which is what
//! keeps a story edit fast on a national-scale site.

use std::path::PathBuf;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{FreePage, Story};
use crate::check::Checked;
use crate::load::load_content_files;
use crate::privacy::PrivacyGate;
use crate::validate::validate_stories_with;

use super::classify::Plan;
use super::failure::RebuildFailure;
use super::jobs::Lookups;

/// What a reload took out of the inputs and put in, to undo it if the rebuild fails.
#[derive(Debug)]
pub struct ContentUndo {
    paths: Vec<PathBuf>,
    stories: Vec<Story>,
    pages: Vec<FreePage>,
}

impl ContentUndo {
    pub fn restore(self, checked: &mut Checked) {
        let inputs = &mut checked.inputs;
        let (_, mut stories) = split_off(std::mem::take(&mut inputs.stories), &self.paths, |s| {
            &s.path
        });
        stories.extend(self.stories);
        stories.sort_by(|a, b| a.path.cmp(&b.path));
        inputs.stories = stories;
        let (_, mut pages) = split_off(std::mem::take(&mut inputs.pages), &self.paths, |p| &p.path);
        pages.extend(self.pages);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        inputs.pages = pages;
    }
}

/// Splits `items` into those read from `paths` (or below them) and the others, without copies.
fn split_off<T>(
    items: Vec<T>,
    paths: &[PathBuf],
    path: impl Fn(&T) -> &PathBuf,
) -> (Vec<T>, Vec<T>) {
    items
        .into_iter()
        .partition(|item| paths.iter().any(|p| path(item).starts_with(p)))
}

/// Reads the Markdown files of `plan` into `checked`'s inputs and checks the stories. A path
/// stands for itself and, when it is (or was) a folder, for everything below it. On errors the
/// inputs are left as they were. `lookups` know the records of `checked`'s inputs.
pub fn reload(
    root: &std::path::Path,
    plan: &Plan,
    checked: &mut Checked,
    lookups: &Lookups,
    gate: &PrivacyGate,
) -> Result<ContentUndo, RebuildFailure> {
    let paths: Vec<PathBuf> = plan.stories.iter().chain(&plan.pages).cloned().collect();
    let mut diags = Diagnostics::default();
    let inputs = &mut checked.inputs;
    let (stories, pages) = load_content_files(root, &paths, &mut inputs.sources, &mut diags);
    let loaded: Vec<_> = (stories.iter().map(|s| s.file))
        .chain(pages.iter().map(|p| p.file))
        .collect();
    let (old_stories, mut kept) =
        split_off(std::mem::take(&mut inputs.stories), &paths, |s| &s.path);
    kept.extend(stories);
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.stories = kept;
    let (old_pages, mut kept) = split_off(std::mem::take(&mut inputs.pages), &paths, |p| &p.path);
    kept.extend(pages);
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.pages = kept;
    let undo = ContentUndo {
        paths,
        stories: old_stories,
        pages: old_pages,
    };
    validate_stories_with(inputs, &|id| lookups.is_record(id), &mut diags);
    let record_ids = crate::privacy::record_ids_named(&inputs.stories);
    gate.check_sources(&loaded, &record_ids, &inputs.sources, &mut diags);
    if diags.has_errors() {
        let failure = RebuildFailure::diagnostics(&diags, &checked.inputs.sources);
        undo.restore(checked);
        return Err(failure);
    }
    Ok(undo)
}
