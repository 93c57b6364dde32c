//! The commands besides `check`, each built from the stages: `build`, `serve`, `new`,
//! `import`, and the texts for the staff (`check`'s summary, `explain`, `report`); and what they
//! share: their exit statuses and how a site's problems are printed.
pub mod build;
pub mod explain;
pub mod import;
pub mod new;
pub mod report;
pub mod serve;
pub mod stages;
pub mod summary;

use std::io::Write as _;

use crate::base::diagnostics::Severity;
use crate::base::lang::Lang;
use crate::check::Checked;

/// Exit status: the site has errors.
pub const EXIT_SITE_ERRORS: i32 = 1;
/// Exit status: the command cannot be carried out as asked (unknown record, round).
pub const EXIT_BAD_REQUEST: i32 = 2;

/// Prints every error and warning to standard error, with a count line when there are errors.
pub fn print_diagnostics(checked: &Checked, lang: Lang) {
    // A status line on a terminal is cleared before the diagnostics take its place.
    crate::base::progress::end();
    let diagnostics = &checked.diagnostics;
    if diagnostics.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let text = diagnostics.render_in(&checked.inputs.sources, lang);
    let _ = stderr.write_all(text.as_bytes());
    if diagnostics.count(Severity::Error) > 0 {
        let _ = writeln!(stderr, "{}", diagnostics.count_line(lang));
    }
}
