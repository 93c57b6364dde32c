//! Why a rebuild of the preview did not publish, told in both languages: the site's errors
//! as `check` prints them, or what went wrong with the theme or the output folder.

use crate::base::diagnostics::{Diagnostics, Severity, render_one_in};
use crate::base::lang::{Lang, both};
use crate::base::source::Sources;
use crate::check::Checked;
use crate::output::OutputError;
use crate::render::ThemeError;

/// Errors shown at most in the terminal and the overlay; the rest are counted.
const MAX_SHOWN: usize = 30;

/// Why a rebuild did not publish: the text for the terminal and the overlay, made in both
/// languages where the failure is found (deep in a rebuild, which does not know the language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildFailure {
    vietnamese: String,
    english: String,
    /// Writing the output failed half-way: the next rebuild must start from nothing.
    pub output_damaged: bool,
}

impl RebuildFailure {
    /// A failure whose text `say` writes in each language.
    pub fn new(say: impl Fn(Lang) -> String) -> RebuildFailure {
        RebuildFailure {
            vietnamese: say(Lang::Vi),
            english: say(Lang::En),
            output_damaged: false,
        }
    }

    /// The text in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vietnamese,
            Lang::En => &self.english,
        }
    }

    pub(super) fn site(checked: &Checked) -> RebuildFailure {
        RebuildFailure::diagnostics(&checked.diagnostics, &checked.inputs.sources)
    }

    /// The errors among `diagnostics`, rendered like `check` renders them.
    pub fn diagnostics(diagnostics: &Diagnostics, sources: &Sources) -> RebuildFailure {
        let errors: Vec<_> = diagnostics
            .sorted(sources)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        RebuildFailure::new(|lang| {
            let mut text = String::new();
            for diagnostic in errors.iter().take(MAX_SHOWN) {
                text.push_str(&render_one_in(diagnostic, sources, lang));
                text.push('\n');
            }
            let more = errors.len().saturating_sub(MAX_SHOWN);
            if more > 0 {
                text.push_str(&both!(
                    lang,
                    format!("... và {more} lỗi nữa\n"),
                    format!("... and {more} more\n")
                ));
            }
            let count = errors.len();
            text.push_str(&both!(
                lang,
                format!("{count} lỗi: bản xem trước giữ phiên bản tốt gần nhất của trang."),
                format!("{count} error(s): the preview keeps the last good version of the site.")
            ));
            text
        })
    }

    pub(super) fn output(error: &OutputError) -> RebuildFailure {
        RebuildFailure::new(|lang| kept(&error.in_lang(lang), lang))
    }

    /// Writing the output failed: what is served may be half old, half new.
    pub(super) fn damaged(error: OutputError) -> RebuildFailure {
        let mut failure = RebuildFailure::new(|lang| {
            let error = error.in_lang(lang);
            both!(
                lang,
                format!(
                    "lỗi: {error}\nThư mục xem trước có thể thiếu tệp; lần thay đổi sau nó được dựng lại từ đầu."
                ),
                format!(
                    "error: {error}\nThe preview folder may be incomplete; it is made again from nothing on the next change."
                )
            )
        });
        failure.output_damaged = true;
        failure
    }

    pub(super) fn theme(error: &ThemeError) -> RebuildFailure {
        RebuildFailure::new(|lang| kept(&error.in_lang(lang), lang))
    }
}

/// `error`, and that the preview keeps the last good site, in `lang`.
fn kept(error: &str, lang: Lang) -> String {
    both!(
        lang,
        format!("lỗi: {error}\nBản xem trước giữ phiên bản tốt gần nhất của trang."),
        format!("error: {error}\nThe preview keeps the last good version of the site.")
    )
}

impl From<OutputError> for RebuildFailure {
    fn from(error: OutputError) -> Self {
        RebuildFailure::output(&error)
    }
}

impl From<ThemeError> for RebuildFailure {
    fn from(error: ThemeError) -> Self {
        RebuildFailure::theme(&error)
    }
}
