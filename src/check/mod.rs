//! The stages every command starts with: load the site, validate it, evaluate the rules.

pub mod counts;

use std::collections::BTreeSet;
use std::path::Path;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{Inputs, Record};
use crate::base::progress::{self, Phase};
use crate::base::timings::Timings;
use crate::check::counts::check_commune_counts;
use crate::images::scan::check_static_images;
use crate::load::{load_site, load_site_lean};
use crate::privacy::{self, Guards, PrivacyGate};
use crate::rules::{self, Honours};
use crate::validate::validate;

/// A loaded site and what is known about it.
#[derive(Debug)]
pub struct Checked {
    pub inputs: Inputs,
    /// The rules' verdicts, present only when the site has no errors.
    pub honours: Option<Honours>,
    pub diagnostics: Diagnostics,
    /// The values the privacy gate guards, found while checking.
    pub guards: Guards,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Loads and validates the site at `root`; when it is valid, evaluates the rules and adds the
/// warnings they raise (received awards the rules say were not earned).
pub fn check_site(root: &Path) -> Checked {
    check(root, false)
}

/// [`check_site`] for a run that reads no source text after checking but the lines its
/// diagnostics show (`check`, `build`): record files are loaded without keeping their text
/// ([`load_site_lean`]), once the site is valid the text of the other files is freed, and
/// the files the diagnostics point into are read again at the end. At a million records the
/// text is more than a gigabyte.
pub fn check_site_lean(root: &Path) -> Checked {
    check(root, true)
}

fn check(root: &Path, lean: bool) -> Checked {
    let mut timings = Timings::start();
    progress::phase(Phase::Read);
    let (inputs, diagnostics) = if lean {
        load_site_lean(root)
    } else {
        load_site(root)
    };
    timings.lap("load");
    validate_and_judge(root, inputs, diagnostics, lean, None).0
}

/// What `serve` knew of a good site before only its record files changed.
#[derive(Debug)]
pub struct Earlier<'a> {
    /// The verdicts of the records.
    pub honours: Honours,
    /// The ids of the records added, removed or read differently since.
    pub changed: &'a BTreeSet<String>,
    /// The guarded values, and the gate that looked for them.
    pub guards: &'a Guards,
    pub gate: &'a PrivacyGate,
}

/// The stages after loading, for `serve` after only record files changed: validates `inputs`
/// (the site loaded before, its changed record files loaded again) and, when valid, judges
/// again only the records `earlier` names as changed and those that depend on them. The
/// result is what [`check_site`] says of the site as it is now, with the earlier verdicts
/// given back when the site has errors that stopped the rules from being applied.
pub fn recheck_records(
    root: &Path,
    inputs: Inputs,
    diagnostics: Diagnostics,
    earlier: Earlier<'_>,
) -> (Checked, Option<Honours>) {
    validate_and_judge(root, inputs, diagnostics, false, Some(earlier))
}

/// Validates loaded inputs and, when they are valid, evaluates the rules (again only for the
/// records `earlier` names as changed, when it is given) and adds their warnings.
fn validate_and_judge(
    root: &Path,
    mut inputs: Inputs,
    mut diagnostics: Diagnostics,
    lean: bool,
    earlier: Option<Earlier<'_>>,
) -> (Checked, Option<Honours>) {
    let mut timings = Timings::start();
    progress::phase(Phase::Validate);
    let mut leaks = Diagnostics::default();
    let ((), guards) = rayon::join(
        || validate(&inputs, &mut diagnostics),
        || guarded_values(&inputs, earlier.as_ref(), &mut leaks),
    );
    diagnostics.extend(leaks);
    let theme = inputs.config.theme.clone();
    check_static_images(root, &theme, &mut inputs.sources, &mut diagnostics);
    timings.lap("validate");
    if diagnostics.has_errors() {
        if lean {
            restore_text_pointed_at(root, &mut inputs, &diagnostics);
        }
        let checked = Checked {
            inputs,
            honours: None,
            diagnostics,
            guards,
        };
        return (checked, earlier.map(|earlier| earlier.honours));
    }
    if lean {
        let pointed_at = diagnostics.files();
        inputs
            .sources
            .release_text_unless(|file| pointed_at.contains(&file));
    }
    progress::phase(Phase::Rules);
    let honours = match earlier {
        Some(Earlier {
            mut honours,
            changed,
            ..
        }) => match rules::reevaluate(&inputs.rules, &inputs.records, &mut honours, changed) {
            Some(_) => honours,
            None => rules::evaluate(&inputs.rules, &inputs.records),
        },
        None => rules::evaluate(&inputs.rules, &inputs.records),
    };
    timings.lap("rules");
    rules::received_not_eligible(&inputs.rules, &inputs.records, &honours, &mut diagnostics);
    check_commune_counts(&inputs, &honours, &mut diagnostics);
    if lean {
        restore_text_pointed_at(root, &mut inputs, &diagnostics);
    }
    timings.lap("warnings");
    let checked = Checked {
        inputs,
        honours: Some(honours),
        diagnostics,
        guards,
    };
    (checked, None)
}

/// The guarded values of `inputs`, with an error in `leaks` for each found in what `check`
/// reads. When only the records `earlier` names changed and the guarded values are the same,
/// only those records are looked through: the Markdown and the other records were clean of
/// the same values.
fn guarded_values(
    inputs: &Inputs,
    earlier: Option<&Earlier<'_>>,
    leaks: &mut Diagnostics,
) -> Guards {
    let guards = Guards::of(inputs);
    match earlier {
        Some(earlier) if *earlier.guards == guards => {
            let changed: Vec<&Record> = (inputs.records.iter())
                .filter(|r| earlier.changed.contains(&r.id.value))
                .collect();
            earlier.gate.check_records(changed, leaks);
        }
        _ => privacy::check_content(inputs, &guards, leaks),
    }
    guards
}

/// Reads again the freed text of the files `diagnostics` point into, for their lines to show.
fn restore_text_pointed_at(root: &Path, inputs: &mut Inputs, diagnostics: &Diagnostics) {
    let pointed_at = diagnostics.files();
    inputs.sources.restore_text(
        |file| pointed_at.contains(&file),
        |path| crate::load::reread(root, path),
    );
}
