//! The stages every command starts with: load the site, validate it, evaluate the rules.

use std::path::Path;

use crate::counts::check_commune_counts;
use crate::diagnostics::Diagnostics;
use crate::inputs::Inputs;
use crate::load::load_site;
use crate::rules::{self, Honours};
use crate::timings::Timings;
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
    let mut timings = Timings::start();
    let (inputs, mut diagnostics) = load_site(root);
    timings.lap("load");
    validate(&inputs, &mut diagnostics);
    timings.lap("validate");
    if diagnostics.has_errors() {
        return Checked {
            inputs,
            honours: None,
            diagnostics,
        };
    }
    let honours = rules::evaluate(&inputs.rules, &inputs.records);
    timings.lap("rules");
    rules::received_not_eligible(&inputs.rules, &inputs.records, &honours, &mut diagnostics);
    check_commune_counts(&inputs, &honours, &mut diagnostics);
    timings.lap("warnings");
    Checked {
        inputs,
        honours: Some(honours),
        diagnostics,
    }
}
