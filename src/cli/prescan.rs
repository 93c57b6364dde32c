//! The language of the command line must be known before the command line is parsed (its help
//! and its errors are in that language), so `--lang` and `--root` are looked up first. This is
//! a look-up of two flags, not a parser: everything else is left to clap, which parses the same
//! arguments again and reports any mistake in them.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::base::lang::Lang;

/// The language of a run from its raw arguments: `--lang`, else `language` in the site.toml of
/// `--root` (or of the current folder), else Vietnamese. A value that is not a language counts
/// as absent here; clap reports it.
pub fn language(args: &[OsString]) -> Lang {
    let flag = value_of(args, "--lang").and_then(|code| Lang::parse(&code));
    let root = value_of(args, "--root").map_or_else(|| PathBuf::from("."), PathBuf::from);
    Lang::choose(flag, &root)
}

/// The value of the last `--name value` or `--name=value` before a lone `--`.
fn value_of(args: &[OsString], name: &str) -> Option<String> {
    let mut found = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let glued = format!("{name}=");
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == name {
            found = words.next().map(|v| v.into_owned());
        } else if let Some(value) = word.strip_prefix(&glued) {
            found = Some(value.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_flag_is_found_in_both_spellings_and_the_last_one_wins() {
        assert_eq!(
            value_of(&args(&["v", "--lang", "en", "check"]), "--lang").as_deref(),
            Some("en")
        );
        assert_eq!(
            value_of(&args(&["v", "check", "--lang=en"]), "--lang").as_deref(),
            Some("en")
        );
        assert_eq!(
            value_of(&args(&["v", "--lang=vi", "--lang", "en"]), "--lang").as_deref(),
            Some("en")
        );
        assert_eq!(value_of(&args(&["v", "check"]), "--lang"), None);
        assert_eq!(
            value_of(&args(&["v", "--", "--lang", "en"]), "--lang"),
            None
        );
    }

    #[test]
    fn the_site_of_root_decides_when_there_is_no_flag() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("site.toml"), "language = \"en\"\n").expect("write");
        let root = dir.path().to_string_lossy().into_owned();
        assert_eq!(language(&args(&["v", "--root", &root, "check"])), Lang::En);
        assert_eq!(
            language(&args(&["v", "--root", &root, "--lang", "vi"])),
            Lang::Vi
        );
        assert_eq!(
            language(&args(&["v", "--lang", "xx", "--root", &root])),
            Lang::En
        );
    }
}
