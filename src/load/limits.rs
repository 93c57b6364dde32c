//! How large a site's file, or one value in it, may be. A value of 200 MB once took minutes
//! and gigabytes of memory through the privacy scan and the pages; no real name, note or story
//! comes near these limits. A file over its limit is not read at all; a value over its limit
//! is reported at its place, and the file holding it is not decoded further.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::Diagnostics;
use crate::messages::Problem;

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

/// Reports every key and text value of `table` longer than [`MAX_VALUE_BYTES`]; true when
/// there is none, so that the table can be decoded.
pub fn values_fit(table: &DeTable<'_>, place: &Place, diags: &mut Diagnostics) -> bool {
    let before = diags.count(crate::diagnostics::Severity::Error);
    check_table(table, place, &place.path, diags);
    diags.count(crate::diagnostics::Severity::Error) == before
}

fn check_table(table: &DeTable<'_>, place: &Place, path: &str, diags: &mut Diagnostics) {
    for (key, value) in table {
        let field = if path.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{path}.{}", key.get_ref())
        };
        if key.get_ref().len() > MAX_VALUE_BYTES {
            too_long(key.get_ref().len(), place.span(key.span()), path, diags);
            continue;
        }
        check_value(value.get_ref(), value.span(), place, &field, diags);
    }
}

fn check_value(
    value: &DeValue<'_>,
    range: std::ops::Range<usize>,
    place: &Place,
    field: &str,
    diags: &mut Diagnostics,
) {
    match value {
        DeValue::String(text) if text.len() > MAX_VALUE_BYTES => {
            too_long(text.len(), place.span(range), field, diags);
        }
        DeValue::Array(items) => items
            .iter()
            .for_each(|item| check_value(item.get_ref(), item.span(), place, field, diags)),
        DeValue::Table(table) => check_table(table, place, field, diags),
        _ => {}
    }
}

fn too_long(bytes: usize, span: crate::source::Span, field: &str, diags: &mut Diagnostics) {
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
    use crate::source::Sources;

    fn problems(text: &str) -> Vec<(String, String)> {
        let mut sources = Sources::default();
        let file = sources.add(Path::new("t.toml"), text.to_string());
        let (table, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty());
        let place = Place {
            file,
            offset: 0,
            path: String::new(),
        };
        let mut diags = Diagnostics::default();
        let fits = values_fit(table.get_ref(), &place, &mut diags);
        assert_eq!(fits, diags.is_empty());
        diags
            .iter()
            .map(|d| (d.problem.code().to_string(), d.field.clone()))
            .collect()
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
