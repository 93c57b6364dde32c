//! Typed reading of one parsed TOML table, field by field, with every problem collected.
//!
//! Serde stops at the first error of a file; staff need all of them. A [`TableReader`] hands out
//! fields one at a time, records a diagnostic for each missing, mistyped or invalid one, and at
//! the end reports every key nobody asked for as an unknown field (a typo is an error).

use toml::de::{DeTable, DeValue};

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{Date, Year};
use crate::base::messages::Problem;
use crate::base::source::{FileId, Span, Spanned};
use crate::base::text::{clean_text, is_valid_id, nfc};

type TomlSpanned<T> = toml::Spanned<T>;

/// Where a table lives: its file, the byte offset of the TOML text in that file (front matter
/// starts after `+++`), and its field path (`family.assessment`).
#[derive(Clone, Debug)]
pub struct Place {
    pub file: FileId,
    pub offset: usize,
    pub path: String,
}

impl Place {
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range).shifted(self.offset)
    }

    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn child(&self, key: &str) -> Place {
        Place {
            file: self.file,
            offset: self.offset,
            path: self.field(key),
        }
    }
}

/// Reads the fields of one table.
#[derive(Debug)]
pub struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Span,
    place: Place,
    asked: Vec<&'static str>,
}

impl<'t, 'i> TableReader<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, span: Span, place: Place) -> Self {
        TableReader {
            table,
            span,
            place,
            asked: Vec::new(),
        }
    }

    /// The span of the table itself (its header), for problems about the table as a whole.
    pub fn span(&self) -> Span {
        self.span
    }

    pub fn field_path(&self, key: &str) -> String {
        self.place.field(key)
    }

    pub fn place(&self) -> &Place {
        &self.place
    }

    fn raw(&mut self, key: &'static str) -> Option<&'t TomlSpanned<DeValue<'i>>> {
        self.asked.push(key);
        self.table.get(key)
    }

    fn missing(&self, key: &str, expected: &str, diags: &mut Diagnostics) {
        diags.error(
            self.span,
            self.place.field(key),
            Problem::MissingField {
                name: key.to_string(),
                expected: expected.to_string(),
            },
        );
    }

    fn wrong_type(
        &self,
        key: &str,
        value: &TomlSpanned<DeValue<'_>>,
        expected: &str,
        diags: &mut Diagnostics,
    ) {
        diags.error(
            self.place.span(value.span()),
            self.place.field(key),
            Problem::WrongType {
                found: describe(value.get_ref()),
                expected: expected.to_string(),
            },
        );
    }

    /// A required, non-empty string.
    pub fn req_str(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<String>> {
        let value = self.opt_str(key, diags);
        if value.is_none() && self.table.get(key).is_none() {
            self.missing(key, "a text value in quotes", diags);
        }
        value
    }

    /// An optional string; present but empty is an error.
    pub fn opt_str(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<String>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                diags.error(
                    self.place.span(value.span()),
                    self.place.field(key),
                    Problem::InvalidValue {
                        value: "\"\" (empty)".into(),
                        expected: "a non-empty text".into(),
                    },
                );
                None
            }
            DeValue::String(s) => match clean_text(s.trim()) {
                Ok(clean) => Some(Spanned::new(
                    nfc(&clean).into_owned(),
                    self.place.span(value.span()),
                )),
                Err(control) => {
                    diags.error(
                        self.place.span(value.span()),
                        self.place.field(key),
                        Problem::InvalidValue {
                            value: format!("with the control character U+{:04X}", control as u32),
                            expected: "text without control characters (retype it, or paste it as plain text)".into(),
                        },
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(key, value, "a text value in quotes", diags);
                None
            }
        }
    }

    /// A required id (`[a-z0-9-]`).
    pub fn req_id(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<String>> {
        let value = self.req_str(key, diags)?;
        self.checked_id(key, value, diags)
    }

    fn checked_id(
        &self,
        key: &str,
        value: Spanned<String>,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<String>> {
        if is_valid_id(&value.value) {
            Some(value)
        } else {
            diags.error(
                value.span,
                self.place.field(key),
                Problem::InvalidId {
                    id: value.value.clone(),
                },
            );
            None
        }
    }

    pub fn opt_bool(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<bool> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, value, "true or false", diags);
                None
            }
        }
    }

    /// An optional integer within `min..=max`.
    pub fn opt_int(
        &mut self,
        key: &'static str,
        min: i64,
        max: i64,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<i64>> {
        let value = self.raw(key)?;
        let span = self.place.span(value.span());
        let expected = format!("a whole number from {min} to {max}");
        let number = match value.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        match number {
            Some(n) if (min..=max).contains(&n) => Some(Spanned::new(n, span)),
            Some(n) => {
                diags.error(
                    span,
                    self.place.field(key),
                    Problem::InvalidValue {
                        value: n.to_string(),
                        expected,
                    },
                );
                None
            }
            None => {
                self.wrong_type(key, value, &expected, diags);
                None
            }
        }
    }

    pub fn req_int(
        &mut self,
        key: &'static str,
        min: i64,
        max: i64,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<i64>> {
        let value = self.opt_int(key, min, max, diags);
        if value.is_none() && self.table.get(key).is_none() {
            self.missing(key, &format!("a whole number from {min} to {max}"), diags);
        }
        value
    }

    /// A round (a year from 2000 to 2100).
    pub fn req_year(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<Year>> {
        self.req_int(key, 2000, 2100, diags)
    }

    /// An optional number (integer or decimal) that is finite and not negative.
    pub fn opt_number(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<f64>> {
        let value = self.raw(key)?;
        let span = self.place.span(value.span());
        match number_of(value.get_ref()) {
            Some(n) if n.is_finite() && n >= 0.0 => Some(Spanned::new(n, span)),
            Some(n) => {
                diags.error(
                    span,
                    self.place.field(key),
                    Problem::InvalidValue {
                        value: n.to_string(),
                        expected: "a number zero or more".into(),
                    },
                );
                None
            }
            None => {
                self.wrong_type(key, value, "a number", diags);
                None
            }
        }
    }

    pub fn opt_date(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<Date>> {
        let value = self.raw(key)?;
        let span = self.place.span(value.span());
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date,
            _ => None,
        };
        match date {
            Some(d) => Some(Spanned::new(
                Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                },
                span,
            )),
            None => {
                self.wrong_type(key, value, "a date without quotes, like 2024-12-20", diags);
                None
            }
        }
    }

    pub fn req_date(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<Date>> {
        let value = self.opt_date(key, diags);
        if value.is_none() && self.table.get(key).is_none() {
            self.missing(key, "a date without quotes, like 2024-12-20", diags);
        }
        value
    }

    /// An optional array of non-empty strings.
    pub fn opt_str_array(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Vec<Spanned<String>> {
        let Some(value) = self.raw(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, value, "a list of texts, like [\"a\", \"b\"]", diags);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => out.push(Spanned::new(
                    nfc(s.trim()).into_owned(),
                    self.place.span(item.span()),
                )),
                _ => self.wrong_type(key, item, "a non-empty text in quotes", diags),
            }
        }
        out
    }

    /// An optional array of ids.
    pub fn opt_id_array(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Vec<Spanned<String>> {
        let items = self.opt_str_array(key, diags);
        items
            .into_iter()
            .filter_map(|item| self.checked_id(key, item, diags))
            .collect()
    }

    /// An optional sub-table (`[x.private]` or an inline table).
    pub fn opt_table(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<TableReader<'t, 'i>> {
        let value = self.raw(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(TableReader::new(
                table,
                self.place.span(value.span()),
                self.place.child(key),
            )),
            _ => {
                self.wrong_type(key, value, "a table", diags);
                None
            }
        }
    }

    /// The raw value of a key whose shape the caller decodes itself (a criteria table, a share
    /// that may be a number or a range).
    pub fn opt_value(&mut self, key: &'static str) -> Option<(&'t DeValue<'i>, Span, Place)> {
        let value = self.raw(key)?;
        Some((
            value.get_ref(),
            self.place.span(value.span()),
            self.place.child(key),
        ))
    }

    /// An optional array of tables (`[[family.assessment]]`).
    pub fn array_of_tables(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Vec<TableReader<'t, 'i>> {
        let Some(value) = self.raw(key) else {
            return Vec::new();
        };
        let expected = format!("tables written [[{}]]", self.place.field(key));
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, value, &expected, diags);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => out.push(TableReader::new(
                    table,
                    self.place.span(item.span()),
                    self.place.child(key),
                )),
                _ => self.wrong_type(key, item, &expected, diags),
            }
        }
        out
    }

    /// Every key of the table with its span, for tables of free keys (criteria, private).
    pub fn entries(&self) -> impl Iterator<Item = (&'t str, &'t DeValue<'i>, Span, Span)> + '_ {
        self.table.iter().map(|(k, v)| {
            (
                k.get_ref().as_ref(),
                v.get_ref(),
                self.place.span(k.span()),
                self.place.span(v.span()),
            )
        })
    }

    /// Reports every key that no decoder asked for.
    pub fn finish(self, diags: &mut Diagnostics) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref().as_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let mut known: Vec<String> = self.asked.iter().map(|k| k.to_string()).collect();
            known.sort();
            known.dedup();
            diags.error(
                self.place.span(key.span()),
                self.place.field(name),
                Problem::UnknownField {
                    name: name.to_string(),
                    suggestion: closest_key(name, &self.asked),
                    known,
                },
            );
        }
    }
}

/// A number from an integer or a float value.
pub fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

/// A plain description of a value's type for "found ..." messages.
pub fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the text \"{}\"", shorten(s)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// The asked-for key closest to a misspelt one, if it is close enough to be a typo.
fn closest_key(name: &str, asked: &[&'static str]) -> Option<String> {
    asked
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min()
        .map(|(_, candidate)| candidate.to_string())
}

/// The number of one-character edits from `a` to `b` (for suggestions of what was meant).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_key() {
        assert_eq!(
            closest_key("comune", &["commune", "province"]),
            Some("commune".into())
        );
        assert_eq!(closest_key("xyz", &["commune", "province"]), None);
    }
}
