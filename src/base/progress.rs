//! Shows which phase a long command is in, on standard error: a status line redrawn in place
//! on a terminal, one plain line per phase everywhere else (a log must stay plain text).
//!
//! Nothing is shown unless the command line turned it on with [`begin`]; the library's own
//! callers (tests, `serve`, `report`) stay silent.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use crate::base::lang::{Lang, both};

/// A step of `check`, `build` or `import`, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the site's files.
    Read,
    /// Validating the records and looking for leaks.
    Validate,
    /// Applying the rules to the assessments.
    Rules,
    /// Building the site model and the privacy gate.
    Model,
    /// Rendering and writing the pages.
    Write,
    /// Reading the spreadsheet being imported.
    Sheet,
    /// Writing the imported records and checking the site again.
    Recheck,
}

impl Phase {
    /// What the phase does, as staff read it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Phase::Read => both!(lang, "đọc dữ liệu", "reading data"),
            Phase::Validate => both!(lang, "kiểm tra dữ liệu", "checking data"),
            Phase::Rules => both!(lang, "xét tiêu chí", "applying the criteria"),
            Phase::Model => both!(lang, "dựng cấu trúc trang", "building the site model"),
            Phase::Write => both!(lang, "tạo và ghi các trang", "rendering and writing pages"),
            Phase::Sheet => both!(lang, "đọc bảng tính", "reading the spreadsheet"),
            Phase::Recheck => both!(
                lang,
                "ghi hồ sơ và kiểm tra lại",
                "writing and checking again"
            ),
        }
    }
}

/// The phases of `check`.
pub const CHECK: &[Phase] = &[Phase::Read, Phase::Validate, Phase::Rules];
/// The phases of `build`.
pub const BUILD: &[Phase] = &[
    Phase::Read,
    Phase::Validate,
    Phase::Rules,
    Phase::Model,
    Phase::Write,
];
/// The phases of `import`.
pub const IMPORT: &[Phase] = &[
    Phase::Read,
    Phase::Validate,
    Phase::Rules,
    Phase::Sheet,
    Phase::Recheck,
];

/// How the phases are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A status line redrawn in place (standard error is a terminal).
    Terminal,
    /// One plain line per phase.
    Lines,
}

#[derive(Debug)]
struct Progress {
    lang: Lang,
    phases: &'static [Phase],
    /// The index in `phases` of the phase shown last.
    shown: Option<usize>,
    style: Style,
}

static PROGRESS: Mutex<Option<Progress>> = Mutex::new(None);

/// Turns the reporting on for a command going through `phases`.
pub fn begin(lang: Lang, phases: &'static [Phase]) {
    let style = if std::io::stderr().is_terminal() {
        Style::Terminal
    } else {
        Style::Lines
    };
    set(Some(Progress {
        lang,
        phases,
        shown: None,
        style,
    }));
}

/// Says that `phase` starts. A phase the command does not list, or one already passed (the
/// check `import` runs again), shows nothing.
pub fn phase(phase: Phase) {
    let Ok(mut guard) = PROGRESS.lock() else {
        return;
    };
    let Some(progress) = guard.as_mut() else {
        return;
    };
    let Some(index) = progress.phases.iter().position(|p| *p == phase) else {
        return;
    };
    if progress.shown.is_some_and(|shown| index <= shown) {
        return;
    }
    progress.shown = Some(index);
    let text = match progress.style {
        Style::Lines => format!("{}\n", plain_line(progress.lang, progress.phases, index)),
        Style::Terminal => status_line(progress.lang, progress.phases, index),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Turns the reporting off; on a terminal, clears the status line before the results print.
pub fn end() {
    let Ok(mut guard) = PROGRESS.lock() else {
        return;
    };
    if let Some(progress) = guard.take()
        && progress.style == Style::Terminal
        && progress.shown.is_some()
    {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(CLEAR_LINE.as_bytes());
        let _ = stderr.flush();
    }
}

fn set(progress: Option<Progress>) {
    if let Ok(mut guard) = PROGRESS.lock() {
        *guard = progress;
    }
}

/// Back to the start of the line, and the line erased.
const CLEAR_LINE: &str = "\r\x1b[2K";
/// The width of the bar, in cells.
const BAR_CELLS: usize = 20;

/// The line written for a log: `vinhdanh: 2/5 kiểm tra dữ liệu…`.
pub fn plain_line(lang: Lang, phases: &[Phase], index: usize) -> String {
    let label = phases.get(index).map_or("", |phase| phase.label(lang));
    format!("vinhdanh: {}/{} {label}…", index + 1, phases.len())
}

/// The status line of a terminal: the phase, its number, a bar and the share done.
fn status_line(lang: Lang, phases: &[Phase], index: usize) -> String {
    let total = phases.len().max(1);
    let percent = index * 100 / total;
    let filled = index * BAR_CELLS / total;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_CELLS - filled));
    format!(
        "{CLEAR_LINE}{} [{bar}] {percent:>3}%",
        plain_line(lang, phases, index)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_count_the_phases_in_both_languages() {
        assert_eq!(plain_line(Lang::Vi, BUILD, 0), "vinhdanh: 1/5 đọc dữ liệu…");
        assert_eq!(
            plain_line(Lang::En, CHECK, 2),
            "vinhdanh: 3/3 applying the criteria…"
        );
    }

    #[test]
    fn plain_lines_hold_no_control_characters() {
        for lang in [Lang::Vi, Lang::En] {
            for index in 0..IMPORT.len() {
                let line = plain_line(lang, IMPORT, index);
                assert!(!line.chars().any(char::is_control), "{line:?}");
            }
        }
    }

    #[test]
    fn the_status_line_shows_a_bar_and_the_share_done() {
        let line = status_line(Lang::En, BUILD, 2);
        assert!(line.starts_with(CLEAR_LINE), "{line:?}");
        assert!(line.contains("3/5 applying the criteria…"), "{line:?}");
        assert!(line.contains(" 40%"), "{line:?}");
        assert_eq!(line.matches('█').count(), 8, "{line:?}");
    }
}
