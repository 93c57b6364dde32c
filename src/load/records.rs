//! Decodes record files: arrays of tables named after the kind (`[[family]]`, `[[clan]]`, ...).

use std::collections::BTreeSet;

use toml::de::DeValue;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{
    Assessment, Criteria, CriterionValue, Kind, Name, PrivateValue, ReceivedAward, Record,
    Revocation, Revoked, without_spare_room,
};
use crate::base::messages::Problem;
use crate::base::source::Spanned;

use super::reader::{TableReader, describe, number_of};
use super::rules::peek_id;

/// Records per slice when a file is parsed in slices.
const RECORDS_PER_SLICE: usize = 256;

/// Where to cut a record file into slices of [`RECORDS_PER_SLICE`] records that parse and
/// decode exactly as the whole file does; `None` when it should be parsed whole: it is small,
/// or holds anything but records of one kind. A cut is made only before a line that is
/// exactly `[[kind]]`, and only when every other table header of the file belongs to that
/// kind (`[kind.private]`, `[[kind.assessment]]`...). A cut inside a multi-line string
/// leaves the slice before it unterminated, so that slice fails to parse and the caller
/// parses the file whole.
pub fn slices(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut kind: Option<&str> = None;
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let header = line.trim();
        if header.starts_with('[') {
            match header
                .strip_prefix("[[")
                .and_then(|h| h.strip_suffix("]]"))
                .filter(|name| Kind::ALL.iter().any(|k| k.as_str() == *name))
            {
                Some(name) if kind.is_none_or(|k| k == name) && line.starts_with("[[") => {
                    kind = Some(name);
                    starts.push(offset);
                }
                _ => {
                    let belongs = kind.is_some_and(|k| {
                        let inner = header.trim_start_matches('[');
                        inner
                            .strip_prefix(k)
                            .is_some_and(|rest| rest.starts_with('.'))
                    });
                    if !belongs {
                        return None;
                    }
                }
            }
        }
        offset += line.len();
    }
    if starts.len() <= RECORDS_PER_SLICE {
        return None;
    }
    let mut cuts: Vec<usize> = starts
        .iter()
        .copied()
        .step_by(RECORDS_PER_SLICE)
        .skip(1)
        .collect();
    cuts.insert(0, 0);
    cuts.push(text.len());
    Some(cuts.windows(2).map(|w| w[0]..w[1]).collect())
}

/// Decodes every record of one file into `records`.
pub fn decode_file(
    mut reader: TableReader<'_, '_>,
    records: &mut Vec<Record>,
    unresolved: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    for kind in Kind::ALL {
        for table in reader.array_of_tables(kind.as_str(), diags) {
            let id = peek_id(&table);
            match decode_record(kind, table, diags) {
                Some(record) => records.push(record),
                None => unresolved.extend(id),
            }
        }
    }
    reader.finish(diags);
}

fn decode_record(
    kind: Kind,
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<Record> {
    let id = reader.req_id("id", diags);
    let name = reader.req_str("name", diags);
    let sort_name = reader.opt_str("sort_name", diags);
    let families = if kind == Kind::Clan {
        reader.opt_id_array("families", diags)
    } else {
        Vec::new()
    };
    let province = reader.req_str("province", diags);
    let commune = reader.req_str("commune", diags);
    let village = reader.opt_str("village", diags);
    let district = reader.opt_str("district", diags);
    let members = reader.opt_int("members", 0, 10_000_000, diags);
    let public = reader.opt_bool("public", diags);
    let private_values = reader
        .opt_table("private", diags)
        .map(|table| private_values(&table))
        .unwrap_or_default();
    let assessments = reader
        .array_of_tables("assessment", diags)
        .into_iter()
        .filter_map(|table| decode_assessment(table, diags))
        .collect();
    let awards = reader
        .array_of_tables("award", diags)
        .into_iter()
        .filter_map(|table| decode_received(table, diags))
        .collect();
    let revocations = reader
        .array_of_tables("revoked", diags)
        .into_iter()
        .filter_map(|table| decode_revocation(table, diags))
        .collect();
    reader.finish(diags);
    Some(Record {
        id: id?,
        kind,
        name: name?.value,
        sort_name: sort_name.map(|s| s.value),
        families,
        province: province?.into_name(),
        commune: commune?.into_name(),
        village: village.map(|v| Name::new(&v.value)),
        district: district.map(|d| Name::new(&d.value)),
        members: members.map(|m| u64::try_from(m.value).unwrap_or(0)),
        public: public.unwrap_or(true),
        private_values: without_spare_room(private_values),
        assessments: without_spare_room(assessments),
        awards: without_spare_room(awards),
        revocations: without_spare_room(revocations),
    })
}

/// Every leaf value of a `private` table as text, with its field path. The table's keys are
/// free.
fn private_values(reader: &TableReader<'_, '_>) -> Vec<PrivateValue> {
    let mut out = Vec::new();
    for (key, value, ..) in reader.entries() {
        collect_leaves(key, value, &mut out);
    }
    out
}

fn collect_leaves(field: &str, value: &DeValue<'_>, out: &mut Vec<PrivateValue>) {
    let mut push = |text: String| {
        out.push(PrivateValue {
            field: field.to_string(),
            value: text,
        })
    };
    match value {
        DeValue::String(s) => push(crate::base::text::nfc(s).into_owned()),
        DeValue::Integer(i) => push(i.as_str().to_string()),
        DeValue::Float(f) => push(f.as_str().to_string()),
        DeValue::Boolean(_) => {}
        DeValue::Datetime(d) => push(d.to_string()),
        DeValue::Array(items) => items
            .iter()
            .for_each(|i| collect_leaves(field, i.get_ref(), out)),
        DeValue::Table(table) => table.iter().for_each(|(k, v)| {
            collect_leaves(&format!("{field}.{}", k.get_ref()), v.get_ref(), out)
        }),
    }
}

fn decode_assessment(
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<Assessment> {
    let round = reader.req_year("round", diags);
    let criteria = match reader.opt_table("criteria", diags) {
        Some(table) => decode_criteria(&table, diags),
        None => {
            if reader.opt_value("criteria").is_none() {
                diags.error(
                    reader.span(),
                    reader.field_path("criteria"),
                    Problem::MissingField {
                        name: "criteria".into(),
                        expected: "the criteria values, like { tre-em-den-truong = true }".into(),
                    },
                );
            }
            Criteria::default()
        }
    };
    let note = reader.opt_str("note", diags);
    reader.finish(diags);
    Some(Assessment {
        round: round?,
        criteria,
        note: note.map(|n| n.value),
    })
}

/// Criterion values are `true`/`false` or a number; which one a criterion takes is checked
/// against the rules in `validate`.
fn decode_criteria(reader: &TableReader<'_, '_>, diags: &mut Diagnostics) -> Criteria {
    let mut values = Vec::new();
    for (key, value, _, value_span) in reader.entries() {
        let decoded = match value {
            DeValue::Boolean(b) => Some(CriterionValue::Bool(*b)),
            other => number_of(other).map(CriterionValue::Number),
        };
        match decoded {
            Some(v) => values.push((Name::new(key), Spanned::new(v, value_span))),
            None => diags.error(
                value_span,
                reader.field_path(key),
                Problem::WrongType {
                    found: describe(value),
                    expected: "true, false or a number".into(),
                },
            ),
        }
    }
    Criteria::new(values)
}

fn decode_received(
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<ReceivedAward> {
    let award = reader.req_id("award", diags);
    let decision = reader.req_str("decision", diags);
    let date = reader.req_date("date", diags);
    let issuer = reader.req_str("issuer", diags);
    let round = reader.req_year("round", diags);
    reader.finish(diags);
    Some(ReceivedAward {
        award: award?,
        decision: decision?.value,
        date: Some(date?.value),
        issuer: issuer?.value,
        round: round?,
    })
}

fn decode_revocation(
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<Revocation> {
    let title = reader.opt_str("title", diags);
    let award = reader.opt_str("award", diags);
    let round = reader.req_year("round", diags);
    let decision = reader.req_str("decision", diags);
    let reason = reader.req_str("reason", diags);
    let what = match (title, award) {
        (Some(title), None) => Some(Revoked::Title(title)),
        (None, Some(award)) => Some(Revoked::Award(award)),
        (Some(_), Some(award)) => {
            diags.error(
                award.span,
                reader.field_path("award"),
                Problem::InvalidValue {
                    value: "both `title` and `award`".into(),
                    expected: "one revocation per title or award".into(),
                },
            );
            None
        }
        (None, None) => {
            diags.error(
                reader.span(),
                reader.field_path("title"),
                Problem::MissingField {
                    name: "title".into(),
                    expected: "`title = \"...\"` or `award = \"...\"`: what is withdrawn".into(),
                },
            );
            None
        }
    };
    reader.finish(diags);
    Some(Revocation {
        what: what?,
        round: round?,
        decision: decision?.value,
        reason: reason?.value,
    })
}
