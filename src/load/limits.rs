//! How large a site's file, or one value in it, may be. A value of 200 MB once took minutes
//! and gigabytes of memory through the privacy scan and the pages; no real name, note or story
//! comes near these limits. A file over its limit is not read at all; a value over its limit
//! is reported at its place and cut short before the file is decoded, so that nothing after
//! loading ever holds it and the rest of the file is still checked (a rules file that lost a
//! title would make every record using it an error too).

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::base::diagnostics::Diagnostics;
use crate::base::messages::Problem;

use super::reader::Place;

/// The largest TOML file read (256 MiB): a province's records fit in a small part of it.
pub const MAX_DATA_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The largest Markdown file read (4 MiB): a story of a hundred pages.
pub const MAX_CONTENT_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The longest text value or key in a TOML file or front matter (64 KiB).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// The size limit of the file at `path`, by its kind.
pub fn file_limit(path: &Path) -> u64 {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => MAX_CONTENT_FILE_BYTES,
        _ => MAX_DATA_FILE_BYTES,
    }
}

/// Reports every key and text value of `table`, parsed from `text`, longer than
/// [`MAX_VALUE_BYTES`]: a value is cut to its first [`KEPT_BYTES`], a key is dropped with its
/// value. The table is looked through only when `text` [`may_hold_a_long_value`], or when
/// its parse `recovered` from syntax errors: a broken escape (`\u` without its digits) is read
/// as U+FFFD, three bytes from two characters.
pub fn shorten_long_values(
    table: &mut DeTable<'_>,
    text: &str,
    recovered: bool,
    place: &Place,
    diags: &mut Diagnostics,
) {
    if !recovered && !may_hold_a_long_value(text) {
        return;
    }
    let root = Field {
        parent: None,
        key: &place.path,
    };
    check_table(table, place, root, diags);
}

/// Whether TOML `text` without syntax errors can hold a key or value over the limit: no key
/// or value decodes longer than it is written (an escape is never shorter than what it stands
/// for), and only a multi-line string is written over more than one line.
fn may_hold_a_long_value(text: &str) -> bool {
    if text.len() <= MAX_VALUE_BYTES {
        return false;
    }
    let longest_line = (memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]))
        .scan(0, |start, end| {
            let length = end - *start;
            *start = end + 1;
            Some(length)
        })
        .max()
        .unwrap_or(0);
    let multi_line = |quotes: &[u8]| memchr::memmem::find(text.as_bytes(), quotes).is_some();
    longest_line > MAX_VALUE_BYTES || multi_line(b"\"\"\"") || multi_line(b"'''")
}

/// What is kept of a value over the limit: enough to recognise it in later messages.
const KEPT_BYTES: usize = 64;

/// The dotted name of a value (`family.assessment.note`), written out only for a message.
#[derive(Clone, Copy)]
struct Field<'a> {
    parent: Option<&'a Field<'a>>,
    key: &'a str,
}

impl Field<'_> {
    fn name(&self) -> String {
        match self.parent.map(Field::name) {
            Some(parent) if !parent.is_empty() => format!("{parent}.{}", self.key),
            _ => self.key.to_string(),
        }
    }
}

fn check_table(table: &mut DeTable<'_>, place: &Place, path: Field<'_>, diags: &mut Diagnostics) {
    let long_keys: Vec<_> = table
        .keys()
        .filter(|key| key.get_ref().len() > MAX_VALUE_BYTES)
        .cloned()
        .collect();
    for key in long_keys {
        too_long(
            key.get_ref().len(),
            place.span(key.span()),
            &path.name(),
            diags,
        );
        table.remove(&key);
    }
    for (key, value) in table.iter_mut() {
        let field = Field {
            parent: Some(&path),
            key: key.get_ref(),
        };
        let range = value.span();
        check_value(value.get_mut(), range, place, field, diags);
    }
}

fn check_value(
    value: &mut DeValue<'_>,
    range: std::ops::Range<usize>,
    place: &Place,
    field: Field<'_>,
    diags: &mut Diagnostics,
) {
    match value {
        DeValue::String(text) if text.len() > MAX_VALUE_BYTES => {
            too_long(text.len(), place.span(range), &field.name(), diags);
            let mut end = KEPT_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            *text = std::borrow::Cow::Owned(text[..end].to_string());
        }
        DeValue::Array(items) => items.iter_mut().for_each(|item| {
            let range = item.span();
            check_value(item.get_mut(), range, place, field, diags);
        }),
        DeValue::Table(table) => check_table(table, place, field, diags),
        _ => {}
    }
}

fn too_long(bytes: usize, span: crate::base::source::Span, field: &str, diags: &mut Diagnostics) {
    diags.error(
        span,
        field,
        Problem::ValueTooLarge {
            bytes,
            limit: MAX_VALUE_BYTES,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::Sources;

    fn problems(text: &str) -> Vec<(String, String)> {
        let mut sources = Sources::default();
        let file = sources.add(Path::new("t.toml"), text.to_string());
        let (mut table, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let place = Place {
            file,
            offset: 0,
            path: String::new(),
        };
        let mut diags = Diagnostics::default();
        shorten_long_values(table.get_mut(), text, false, &place, &mut diags);
        let longest = longest(table.get_ref());
        assert!(longest <= MAX_VALUE_BYTES, "{longest}");
        diags
            .iter()
            .map(|d| (d.problem.code().to_string(), d.field.clone()))
            .collect()
    }

    /// The longest key or text left in `table`.
    fn longest(table: &DeTable<'_>) -> usize {
        fn of(value: &DeValue<'_>) -> usize {
            match value {
                DeValue::String(text) => text.len(),
                DeValue::Array(items) => items.iter().map(|i| of(i.get_ref())).max().unwrap_or(0),
                DeValue::Table(table) => longest(table),
                _ => 0,
            }
        }
        table
            .iter()
            .map(|(k, v)| k.get_ref().len().max(of(v.get_ref())))
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn a_value_at_the_limit_fits_and_one_byte_more_does_not() {
        let at = "a".repeat(MAX_VALUE_BYTES);
        let over = "a".repeat(MAX_VALUE_BYTES + 1);
        assert_eq!(problems(&format!("[[family]]\nname = \"{at}\"\n")), []);
        assert_eq!(
            problems(&format!(
                "[[family]]\nname = \"x\"\n[[family.assessment]]\nnote = \"{over}\"\n"
            )),
            [("E048".to_string(), "family.assessment.note".to_string())]
        );
        assert_eq!(
            problems(&format!("[a]\nlist = [\"x\", \"{over}\"]\n")),
            [("E048".to_string(), "a.list".to_string())]
        );
        assert_eq!(
            problems(&format!("[a]\n\"{over}\" = 1\n")),
            [("E048".to_string(), "a".to_string())]
        );
    }

    #[test]
    fn a_long_value_is_looked_for_only_where_one_can_be_written() {
        let line = "a".repeat(MAX_VALUE_BYTES - 10);
        let many_short_lines = format!("[a]\nx = \"{line}\"\ny = \"{line}\"\n");
        assert!(!may_hold_a_long_value(&many_short_lines));
        assert!(!may_hold_a_long_value(&line));
        let one_long_line = format!("[a]\nx = \"{line}{line}\"\n");
        assert!(may_hold_a_long_value(&one_long_line));
        for quotes in ["\"\"\"", "'''"] {
            let over_lines = format!("[a]\nx = {quotes}\n{line}\n{line}{quotes}\n");
            assert!(may_hold_a_long_value(&over_lines), "{quotes}");
            assert_eq!(
                problems(&over_lines),
                [("E048".to_string(), "a.x".to_string())]
            );
        }
    }

    /// A parse that recovered from errors may hold a value longer than its text: every
    /// broken `\u` is read as U+FFFD.
    #[test]
    fn a_recovered_parse_is_always_looked_through() {
        let text = format!("[a]\nx = \"{}\"\n", "\\u".repeat(30_000));
        assert!(text.len() < MAX_VALUE_BYTES);
        let (mut table, errors) = DeTable::parse_recoverable(&text);
        assert!(!errors.is_empty());
        let decoded = longest(table.get_ref());
        assert!(decoded > MAX_VALUE_BYTES, "{decoded}");
        let mut sources = Sources::default();
        let place = Place {
            file: sources.add(Path::new("t.toml"), text.clone()),
            offset: 0,
            path: String::new(),
        };
        let mut diags = Diagnostics::default();
        shorten_long_values(table.get_mut(), &text, true, &place, &mut diags);
        assert!(longest(table.get_ref()) <= MAX_VALUE_BYTES);
        let codes: Vec<&str> = diags.iter().map(|d| d.problem.code()).collect();
        assert_eq!(codes, ["E048"]);
    }

    #[test]
    fn stories_have_their_own_limit() {
        assert_eq!(
            file_limit(Path::new("content/cau-chuyen/a.md")),
            MAX_CONTENT_FILE_BYTES
        );
        assert_eq!(
            file_limit(Path::new("data/rules.toml")),
            MAX_DATA_FILE_BYTES
        );
    }
}
