//! Decodes `data/provinces/<slug>.toml`: identity, communes, yearly counts and own targets.

use std::collections::BTreeMap;

use toml::de::DeValue;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{Commune, Counts, Kind, Province, ProvinceRound};
use crate::base::messages::Problem;
use crate::base::source::{FileId, Span};
use crate::base::text::is_valid_id;

use super::reader::{Place, TableReader, describe};
use super::targets;

pub fn decode(
    slug: &str,
    file: FileId,
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Province {
    if !is_valid_id(slug) {
        diags.error(
            reader.span(),
            "",
            Problem::InvalidId {
                id: format!("{slug} (the file name)"),
            },
        );
    }
    let reader_span = reader.span();
    let name = reader.req_str("name", diags);
    let code = reader.req_str("code", diags);
    let merged_from = reader.opt_str_array("merged_from", diags);
    let communes = reader
        .array_of_tables("commune", diags)
        .into_iter()
        .filter_map(|table| decode_commune(table, diags))
        .collect();
    let rounds = reader
        .array_of_tables("round", diags)
        .into_iter()
        .filter_map(|table| decode_round(table, diags))
        .collect();
    let targets = reader
        .array_of_tables("target", diags)
        .into_iter()
        .filter_map(|table| targets::decode(table, diags))
        .collect();
    reader.finish(diags);
    Province {
        slug: slug.to_string(),
        file,
        name: name.map(|n| n.value).unwrap_or_else(|| slug.to_string()),
        code_span: code.as_ref().map_or(reader_span, |c| c.span),
        code: code.map(|c| c.value).unwrap_or_default(),
        merged_from: merged_from.into_iter().map(|m| m.value).collect(),
        communes,
        rounds,
        targets,
    }
}

fn decode_commune(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Commune> {
    let code = reader.req_str("code", diags);
    let name = reader.req_str("name", diags);
    let district = reader.opt_str("district", diags);
    let records_complete = reader.opt_bool("records_complete", diags);
    let rounds = reader
        .array_of_tables("round", diags)
        .into_iter()
        .filter_map(|table| decode_round(table, diags))
        .collect();
    reader.finish(diags);
    let (code, name) = (code?, name?);
    Some(Commune {
        code: code.value,
        name: name.value,
        code_span: code.span,
        name_span: name.span,
        district: district.map(|d| d.value),
        records_complete: records_complete.unwrap_or(false),
        rounds,
    })
}

fn decode_round(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<ProvinceRound> {
    let span = reader.span();
    let year = reader.req_year("year", diags);
    let mut counts = BTreeMap::new();
    for kind in Kind::ALL {
        if let Some((value, span, place)) = reader.opt_value(kind.as_str())
            && let Some(c) = decode_counts(value, span, place, diags)
        {
            counts.insert(kind, c);
        }
    }
    reader.finish(diags);
    Some(ProvinceRound {
        year: year?.value,
        counts,
        span,
    })
}

const COUNTS_EXPECTED: &str = "counts like { total = 1000, registered = 900, recognised = 800 }";

fn decode_counts(
    value: &DeValue<'_>,
    span: Span,
    place: Place,
    diags: &mut Diagnostics,
) -> Option<Counts> {
    let DeValue::Table(table) = value else {
        diags.error(
            span,
            place.path.clone(),
            Problem::WrongType {
                found: describe(value),
                expected: COUNTS_EXPECTED.into(),
            },
        );
        return None;
    };
    let mut reader = TableReader::new(table, span, place);
    let max = 100_000_000;
    let total = reader.req_int("total", 0, max, diags);
    let registered = reader.opt_int("registered", 0, max, diags);
    let recognised = reader.req_int("recognised", 0, max, diags);
    let (total, recognised) = (total?, recognised?);
    let ceiling = registered.as_ref().map_or(total.value, |r| r.value);
    let ceiling_name = if registered.is_some() {
        "registered"
    } else {
        "total"
    };
    if let Some(registered) = &registered
        && registered.value > total.value
    {
        diags.error(
            registered.span,
            reader.field_path("registered"),
            Problem::InvalidValue {
                value: registered.value.to_string(),
                expected: format!("at most `total` ({})", total.value),
            },
        );
    }
    if recognised.value > ceiling {
        diags.error(
            recognised.span,
            reader.field_path("recognised"),
            Problem::InvalidValue {
                value: recognised.value.to_string(),
                expected: format!("at most `{ceiling_name}` ({ceiling})"),
            },
        );
    }
    reader.finish(diags);
    let to_u64 = |n: i64| u64::try_from(n).unwrap_or(0);
    Some(Counts {
        total: to_u64(total.value),
        registered: registered.map(|r| to_u64(r.value)),
        recognised: to_u64(recognised.value),
    })
}
