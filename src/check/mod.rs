//! The stages every command starts with: load the site, validate it, evaluate the rules.

pub mod counts;

use std::collections::BTreeSet;
use std::path::Path;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::Inputs;
use crate::base::progress::{self, Phase};
use crate::base::timings::Timings;
use crate::check::counts::check_commune_counts;
use crate::images::scan::check_static_images;
use crate::load::{load_site, load_site_lean};
use crate::privacy;
use crate::rules::{self, Honours};
use crate::validate::validate;

/// A loaded site and what is known about it.
#[derive(Debug)]
pub struct Checked {
    pub inputs: Inputs,
    /// The rules' verdicts, present only when the site has no errors.
    pub honours: Option<Honours>,
    pub diagnostics: Diagnostics,
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

/// The stages after loading, for `serve` after only record files changed: validates `inputs`
/// (the site loaded before, its changed record files loaded again) and, when valid, judges
/// again only the records of `changed` and those that depend on them, `earlier` being the
/// verdicts of the inputs before the change. The result is what [`check_site`] says of the
/// site as it is now, with `earlier` given back when the site has errors that stopped the
/// rules from being applied.
pub fn recheck_records(
    root: &Path,
    inputs: Inputs,
    diagnostics: Diagnostics,
    earlier: Honours,
    changed: &BTreeSet<String>,
) -> (Checked, Option<Honours>) {
    validate_and_judge(root, inputs, diagnostics, false, Some((earlier, changed)))
}

/// Validates loaded inputs and, when they are valid, evaluates the rules (again only for the
/// records `earlier` names as changed, when it is given) and adds their warnings.
fn validate_and_judge(
    root: &Path,
    mut inputs: Inputs,
    mut diagnostics: Diagnostics,
    lean: bool,
    earlier: Option<(Honours, &BTreeSet<String>)>,
) -> (Checked, Option<Honours>) {
    let mut timings = Timings::start();
    progress::phase(Phase::Validate);
    let mut leaks = Diagnostics::default();
    rayon::join(
        || validate(&inputs, &mut diagnostics),
        || privacy::check_content(&inputs, &mut leaks),
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
        };
        return (checked, earlier.map(|(honours, _)| honours));
    }
    if lean {
        let pointed_at = diagnostics.files();
        inputs
            .sources
            .release_text_unless(|file| pointed_at.contains(&file));
    }
    progress::phase(Phase::Rules);
    let honours = match earlier {
        Some((mut honours, changed)) => {
            match rules::reevaluate(&inputs.rules, &inputs.records, &mut honours, changed) {
                Some(_) => honours,
                None => rules::evaluate(&inputs.rules, &inputs.records),
            }
        }
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
    };
    (checked, None)
}

/// Reads again the freed text of the files `diagnostics` point into, for their lines to show.
fn restore_text_pointed_at(root: &Path, inputs: &mut Inputs, diagnostics: &Diagnostics) {
    let pointed_at = diagnostics.files();
    inputs.sources.restore_text(
        |file| pointed_at.contains(&file),
        |path| crate::load::reread(root, path),
    );
}
