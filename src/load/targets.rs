//! Decodes `[[target]]` tables, shared by the national rules and the province files.

use std::collections::BTreeMap;

use toml::de::DeValue;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{Kind, Target, TargetShare};
use crate::base::messages::Problem;
use crate::base::source::Span;

use super::reader::{Place, TableReader, describe, number_of};

const SHARE_EXPECTED: &str =
    "a percentage from 0 to 100, or a range like { min = 70, stretch = 75 }";

pub fn decode(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Target> {
    let span = reader.span();
    let phase = reader.opt_table("phase", diags);
    if phase.is_none() && reader.opt_value("phase").is_none() {
        diags.error(
            span,
            reader.field_path("phase"),
            Problem::MissingField {
                name: "phase".into(),
                expected: "the phase's years, like { first = 2023, last = 2025 }".into(),
            },
        );
    }
    let years = phase.and_then(|mut phase| {
        let first = phase.req_year("first", diags);
        let last = phase.req_year("last", diags);
        let field = phase.field_path("last");
        phase.finish(diags);
        let (first, last) = (first?, last?);
        if last.value < first.value {
            diags.error(
                last.span,
                field,
                Problem::InvalidValue {
                    value: last.value.to_string(),
                    expected: format!("a year not before `first` ({})", first.value),
                },
            );
            return None;
        }
        Some((first.value, last.value))
    });
    let basis = reader.req_str("basis", diags);
    let mut shares = BTreeMap::new();
    for kind in Kind::ALL {
        if let Some((value, span, place)) = reader.opt_value(kind.as_str())
            && let Some(share) = decode_share(value, span, &place, diags)
        {
            shares.insert(kind, share);
        }
    }
    reader.finish(diags);
    let (first, last) = years?;
    Some(Target {
        first,
        last,
        basis: basis?.value,
        shares,
        span,
    })
}

fn decode_share(
    value: &DeValue<'_>,
    span: Span,
    place: &Place,
    diags: &mut Diagnostics,
) -> Option<TargetShare> {
    if let Some(min) = number_of(value) {
        return percentage(min, span, &place.path, diags)
            .map(|min| TargetShare { min, stretch: None });
    }
    let DeValue::Table(table) = value else {
        diags.error(
            span,
            place.path.clone(),
            Problem::WrongType {
                found: describe(value),
                expected: SHARE_EXPECTED.into(),
            },
        );
        return None;
    };
    let mut range = TableReader::new(table, span, place.clone());
    let min = range.opt_number("min", diags);
    let stretch = range.opt_number("stretch", diags);
    let min_field = range.field_path("min");
    let stretch_field = range.field_path("stretch");
    range.finish(diags);
    let Some(min) = min else {
        diags.error(
            span,
            min_field,
            Problem::MissingField {
                name: "min".into(),
                expected: SHARE_EXPECTED.into(),
            },
        );
        return None;
    };
    let min_value = percentage(min.value, min.span, &min_field, diags)?;
    let stretch_value = match stretch {
        Some(s) => Some(percentage(s.value, s.span, &stretch_field, diags)?),
        None => None,
    };
    if let (Some(s), Some(stretch)) = (stretch_value, &stretch)
        && s < min_value
    {
        diags.error(
            stretch.span,
            stretch_field,
            Problem::InvalidValue {
                value: s.to_string(),
                expected: format!("a stretch value not below `min` ({min_value})"),
            },
        );
        return None;
    }
    Some(TargetShare {
        min: min_value,
        stretch: stretch_value,
    })
}

fn percentage(value: f64, span: Span, field: &str, diags: &mut Diagnostics) -> Option<f64> {
    if (0.0..=100.0).contains(&value) {
        Some(value)
    } else {
        diags.error(
            span,
            field.to_string(),
            Problem::InvalidValue {
                value: value.to_string(),
                expected: "a percentage from 0 to 100".into(),
            },
        );
        None
    }
}
