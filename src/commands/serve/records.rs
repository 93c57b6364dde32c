//! The fast path for record edits: only the changed record files are read again, their records
//! take the place of the old ones in the inputs, the site is validated again and only the
//! changed records (and the records whose computed criteria count them, a clan's families) are
//! judged again. Provinces, rules, stories and the other records stay loaded as they were.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{Inputs, Record};
use crate::check::{Checked, Earlier, recheck_records};
use crate::load::{is_records_file, load_records_files};
use crate::privacy::{Guards, PrivacyGate};
use crate::rules;

use super::classify::Plan;
use super::failure::RebuildFailure;

/// Whether `plan` is only record files changed, each a file (not a folder) the loader reads as
/// records: then [`reload`] can take the place of loading the whole site.
pub fn records_only(root: &Path, plan: &Plan) -> bool {
    let only_data = Plan {
        data: true,
        records: plan.records.clone(),
        ..Plan::default()
    };
    *plan == only_data
        && !plan.records.is_empty()
        && plan
            .records
            .iter()
            .all(|path| is_records_file(path) && !root.join(path).is_dir())
}

/// What a reload took out of the inputs, to undo it if the rebuild fails.
#[derive(Debug)]
pub struct RecordsUndo {
    paths: Vec<PathBuf>,
    records: Vec<Record>,
    unresolved_ids: BTreeSet<String>,
    diagnostics: Diagnostics,
    guards: Guards,
    changed: BTreeSet<String>,
}

impl RecordsUndo {
    /// Whether the reloaded site, `checked`, guards the same values as before: then the gate
    /// made of them stays.
    pub fn same_guards(&self, checked: &Checked) -> bool {
        self.guards == checked.guards
    }

    /// The ids of the records added, removed or read differently.
    pub fn changed(&self) -> &BTreeSet<String> {
        &self.changed
    }

    /// Puts the old records back into `checked`, and judges them again.
    pub fn restore(self, checked: &mut Checked) {
        let RecordsUndo {
            paths,
            records,
            unresolved_ids,
            diagnostics,
            guards,
            changed,
        } = self;
        let inputs = &mut checked.inputs;
        inputs.unresolved_ids = unresolved_ids;
        let (_, kept) = split_off(std::mem::take(&mut inputs.records), inputs, &paths);
        inputs.records = kept;
        put_in_file_order(inputs, records);
        let mut honours = checked.honours.take().unwrap_or_default();
        let inputs = &checked.inputs;
        if rules::reevaluate(&inputs.rules, &inputs.records, &mut honours, &changed).is_none() {
            honours = rules::evaluate(&inputs.rules, &inputs.records);
        }
        checked.honours = Some(honours);
        checked.diagnostics = diagnostics;
        checked.guards = guards;
    }
}

/// Reads the record files of `plan` into `checked`'s inputs, checks the site and judges the
/// records that changed; `gate` is the one made of `checked`'s guarded values. On errors
/// `checked` is left as it was.
pub fn reload(
    root: &Path,
    plan: &Plan,
    checked: &mut Checked,
    gate: &PrivacyGate,
) -> Result<RecordsUndo, RebuildFailure> {
    let paths: Vec<PathBuf> = plan.records.iter().cloned().collect();
    let mut inputs = std::mem::take(&mut checked.inputs);
    let honours = checked.honours.take().unwrap_or_default();
    let diagnostics = std::mem::take(&mut checked.diagnostics);
    let mut diags = Diagnostics::default();
    let loaded = load_records_files(root, &paths, &mut inputs.sources, &mut diags);
    let unresolved_ids = inputs.unresolved_ids.clone();
    inputs.unresolved_ids.extend(loaded.unresolved_ids);
    let (old, kept) = split_off(std::mem::take(&mut inputs.records), &inputs, &paths);
    let changed = changed_ids(&old, &loaded.records);
    inputs.records = kept;
    put_in_file_order(&mut inputs, loaded.records);
    let undo = RecordsUndo {
        paths,
        records: old,
        unresolved_ids,
        diagnostics,
        guards: std::mem::take(&mut checked.guards),
        changed,
    };
    let earlier = Earlier {
        honours,
        changed: &undo.changed,
        guards: &undo.guards,
        gate,
    };
    let (next, unused) = recheck_records(root, inputs, diags, earlier);
    *checked = next;
    if checked.has_errors() || checked.honours.is_none() {
        let failure = RebuildFailure::diagnostics(&checked.diagnostics, &checked.inputs.sources);
        if unused.is_some() {
            checked.honours = unused;
        }
        undo.restore(checked);
        return Err(failure);
    }
    Ok(undo)
}

/// Splits `records` into those read from `paths` and the others, without copies.
fn split_off(
    records: Vec<Record>,
    inputs: &Inputs,
    paths: &[PathBuf],
) -> (Vec<Record>, Vec<Record>) {
    records.into_iter().partition(|r| {
        paths
            .iter()
            .any(|p| inputs.sources.path(r.id.span.file) == p)
    })
}

/// Puts `records` (read from whole files, in file order) where the loader puts them: the
/// records of the site in the order of their files' paths.
fn put_in_file_order(inputs: &mut Inputs, records: Vec<Record>) {
    let sources = &inputs.sources;
    let mut by_file: Vec<(PathBuf, Vec<Record>)> = Vec::new();
    for record in records {
        let path = sources.path(record.id.span.file);
        match by_file.last_mut() {
            Some((last, group)) if last.as_path() == path => group.push(record),
            _ => by_file.push((path.to_path_buf(), vec![record])),
        }
    }
    for (path, group) in by_file {
        let at = inputs
            .records
            .partition_point(|r| inputs.sources.path(r.id.span.file) < path.as_path());
        inputs.records.splice(at..at, group);
    }
}

/// The ids of the records added, removed, or read differently (their place in the file
/// counts: a record's spans are part of it).
fn changed_ids(old: &[Record], new: &[Record]) -> BTreeSet<String> {
    let before: HashMap<&str, &Record> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    let after: HashMap<&str, &Record> = new.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut changed: BTreeSet<String> = new
        .iter()
        .filter(|r| before.get(r.id.as_str()) != Some(r))
        .map(|r| r.id.value.clone())
        .collect();
    changed.extend(
        old.iter()
            .filter(|r| !after.contains_key(r.id.as_str()))
            .map(|r| r.id.value.clone()),
    );
    changed
}
