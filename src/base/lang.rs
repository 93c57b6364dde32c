//! The language of everything the command prints: Vietnamese by default, English on request.
//!
//! The choice is made once per run: the `--lang` flag, else `language` in `site.toml`, else
//! Vietnamese. Every text the staff read comes from a catalogue that holds both languages side
//! by side, so a missing translation is a compile error:
//!
//! - [`crate::base::messages::Problem`]: the problems of a site (errors and warnings);
//! - [`MsgText`], [`SummaryText`], [`TraceText`], [`ReportText`], [`ImportText`]: what
//!   `check`, `explain`, `report`, `build`, `new` and `import` print besides problems;
//! - the `in_lang` of the errors that stop a build or the preview after the site was checked
//!   (a leak, a broken link, a locked or unwritable output, a theme), and of what `serve`
//!   prints; a failed rebuild is written in both languages where it is found;
//! - [`translate`]: the plain-English phrases other stages put inside those texts (what a field
//!   expected, why an award was not earned), matched against a table of patterns.

use std::path::Path;

use crate::base::layout::SourceKind;

mod command_texts;
mod phrases;
mod syntax;

pub use command_texts::{
    Col, Finding, ImportText, MsgText, ReportText, SummaryText, TraceText, csv_columns, date,
    kind_name, kind_plural,
};
pub use phrases::{translate, translate_for_data};
pub use syntax::vietnamese as toml_syntax_in_vietnamese;

/// A language of the command's output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The language of a code as written in `site.toml` (`"vi"`, `"en"`).
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language of a run: the flag, else `language` in `<root>/site.toml`, else Vietnamese.
    pub fn choose(flag: Option<Lang>, root: &Path) -> Lang {
        flag.or_else(|| site_language(root)).unwrap_or_default()
    }
}

/// `language` of `<root>/site.toml`, when the file can be read and names a known language.
/// Problems with the file are reported by `check` itself; here they only mean "no choice".
fn site_language(root: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(SourceKind::Config.in_site(root)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get("language")?.as_str().and_then(Lang::parse)
}

/// Picks the Vietnamese or the English expression; only the chosen one is evaluated.
macro_rules! both {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::base::lang::Lang::Vi => $vi,
            $crate::base::lang::Lang::En => $en,
        }
    };
}
pub(crate) use both;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_site_toml_which_wins_over_the_default() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert_eq!(Lang::choose(None, dir.path()), Lang::Vi);
        std::fs::write(dir.path().join("site.toml"), "language = \"en\"\n").expect("write");
        assert_eq!(Lang::choose(None, dir.path()), Lang::En);
        assert_eq!(Lang::choose(Some(Lang::Vi), dir.path()), Lang::Vi);
        std::fs::write(dir.path().join("site.toml"), "language = \"fr\"\n").expect("write");
        assert_eq!(Lang::choose(None, dir.path()), Lang::Vi);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("de"), None);
    }
}
