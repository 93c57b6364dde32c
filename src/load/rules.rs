//! Decodes `data/rules.toml`: periods, review rounds, titles with their criteria, awards and
//! national targets.

use std::collections::BTreeSet;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::base::inputs::{
    Award, Computed, Criterion, CriterionCondition, Eligibility, Grade, Issuer, Kind, Link, Period,
    ReviewRound, Rules, Title,
};
use crate::base::messages::Problem;
use crate::base::name::Name;
use crate::base::source::{Span, Spanned};

use super::reader::TableReader;
use super::targets;

const KIND_EXPECTED: &str = "one of family, clan, community, unit, citizen";

pub fn decode(
    mut reader: TableReader<'_, '_>,
    unresolved: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Rules {
    let mut rules = Rules::default();
    for table in reader.array_of_tables("period", diags) {
        rules.periods.extend(decode_period(table, diags));
    }
    for table in reader.array_of_tables("review", diags) {
        rules.reviews.extend(decode_review(table, diags));
    }
    for table in reader.array_of_tables("title", diags) {
        let id = peek_id(&table);
        match decode_title(table, diags) {
            Some(title) => rules.titles.push(title),
            None => {
                rules.broken_titles += 1;
                unresolved.extend(id);
            }
        }
    }
    for table in reader.array_of_tables("award", diags) {
        let id = peek_id(&table);
        match decode_award(table, diags) {
            Some(award) => rules.awards.push(award),
            None => unresolved.extend(id),
        }
    }
    for table in reader.array_of_tables("target", diags) {
        rules.targets.extend(targets::decode(table, diags));
    }
    reader.finish(diags);
    report_duplicates(
        rules.titles.iter().map(|t| (t.id.as_str(), t.id.span)),
        "title id",
        "title.id",
        diags,
    );
    report_duplicates(
        rules.awards.iter().map(|a| (a.id.as_str(), a.id.span)),
        "award id",
        "award.id",
        diags,
    );
    report_duplicates(
        rules.periods.iter().map(|p| (p.id.as_str(), p.id.span)),
        "period id",
        "period.id",
        diags,
    );
    rules
}

/// The id of a table that may fail to decode, so references to it are not reported as unknown.
pub(super) fn peek_id(reader: &TableReader<'_, '_>) -> Option<String> {
    reader
        .entries()
        .find(|(key, ..)| *key == "id")
        .and_then(|(_, value, ..)| match value {
            toml::de::DeValue::String(s) => Some(s.to_string()),
            _ => None,
        })
}

/// Reports each id used more than once, pointing at the second use and the first.
pub(super) fn report_duplicates<'a>(
    ids: impl Iterator<Item = (&'a str, Span)>,
    what: &str,
    field: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for (id, span) in ids {
        if let Some(&(_, first)) = seen.iter().find(|(seen_id, _)| *seen_id == id) {
            diags.add(
                Diagnostic {
                    severity: Severity::Error,
                    problem: Problem::Duplicate {
                        what: what.into(),
                        id: id.to_string(),
                    },
                    span,
                    field: field.into(),
                    related: Vec::new(),
                    suggestion: None,
                }
                .with_related("first used here", first),
            );
        } else {
            seen.push((id, span));
        }
    }
}

fn decode_period(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Period> {
    let id = reader.req_id("id", diags);
    let name = reader.req_str("name", diags);
    let first = reader.req_year("first", diags);
    let last = reader.req_year("last", diags);
    let last_field = reader.field_path("last");
    reader.finish(diags);
    let (first, last) = (first?, last?);
    if last.value < first.value {
        diags.error(
            last.span,
            last_field,
            Problem::InvalidValue {
                value: last.value.to_string(),
                expected: format!("a year not before `first` ({})", first.value),
            },
        );
        return None;
    }
    Some(Period {
        id: id?,
        name: name?.value,
        first: first.value,
        last: last.value,
    })
}

fn decode_review(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<ReviewRound> {
    let round = reader.req_year("round", diags);
    let name = reader.req_str("name", diags);
    let basis = reader.opt_str("basis", diags);
    reader.finish(diags);
    Some(ReviewRound {
        round: round?.value,
        name: name?.value,
        basis: basis.map(|b| b.value).unwrap_or_default(),
    })
}

/// Reads a `kind` field.
pub(super) fn decode_kind(
    reader: &mut TableReader<'_, '_>,
    key: &'static str,
    diags: &mut Diagnostics,
) -> Option<Kind> {
    let text = reader.req_str(key, diags)?;
    parse_kind(&text, &reader.field_path(key), diags)
}

fn parse_kind(text: &Spanned<String>, field: &str, diags: &mut Diagnostics) -> Option<Kind> {
    let kind = Kind::parse(&text.value);
    if kind.is_none() {
        diags.error(
            text.span,
            field.to_string(),
            Problem::InvalidValue {
                value: format!("\"{}\"", text.value),
                expected: KIND_EXPECTED.into(),
            },
        );
    }
    kind
}

fn decode_title(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Title> {
    let id = reader.req_id("id", diags);
    let name = reader.req_str("name", diags);
    let kind = decode_kind(&mut reader, "kind", diags);
    let basis = reader.req_str("basis", diags);
    let valid = decode_valid_rounds(&mut reader, diags);
    let min_points = reader.opt_number("min_points", diags);
    let min_met = reader.opt_int("min_met", 0, 1000, diags);
    let mut criteria = Vec::new();
    let mut all_criteria_read = true;
    for table in reader.array_of_tables("criterion", diags) {
        match decode_criterion(table, diags) {
            Some(c) => criteria.push(c),
            None => all_criteria_read = false,
        }
    }
    let mut grades: Vec<Grade> = reader
        .array_of_tables("grade", diags)
        .into_iter()
        .filter_map(|table| decode_grade(table, diags))
        .collect();
    grades.sort_by(|a, b| b.min_points.total_cmp(&a.min_points));
    if criteria.is_empty() && all_criteria_read {
        diags.error(
            reader.span(),
            reader.field_path("criterion"),
            Problem::MissingField {
                name: "criterion".into(),
                expected: "at least one [[title.criterion]]".into(),
            },
        );
    }
    if all_criteria_read && !criteria.is_empty() {
        let most_points = criteria.iter().map(|c| c.points.max(0.0)).sum();
        warn_unreachable(
            &reader,
            min_points.as_ref(),
            most_points,
            "min_points",
            diags,
        );
        let min_met = min_met
            .as_ref()
            .map(|m| Spanned::new(m.value as f64, m.span));
        let most_met = criteria.len() as f64;
        warn_unreachable(&reader, min_met.as_ref(), most_met, "min_met", diags);
    }
    reader.finish(diags);
    report_duplicates(
        criteria.iter().map(|c| (c.id.as_str(), c.id.span)),
        "criterion id",
        "title.criterion.id",
        diags,
    );
    let (valid_from, valid_to) = valid?;
    Some(Title {
        id: id?.into_name(),
        name: Name::from(name?.value),
        kind: kind?,
        basis: basis?.value,
        valid_from,
        valid_to,
        min_points: min_points.map_or(0.0, |p| p.value),
        min_met: min_met.map_or(0, |m| u32::try_from(m.value).unwrap_or(0)),
        criteria,
        grades,
    })
}

/// A threshold above the most a record can reach: a warning at the threshold, since the rules
/// may be right and a criterion missing.
fn warn_unreachable(
    reader: &TableReader<'_, '_>,
    threshold: Option<&Spanned<f64>>,
    most: f64,
    field: &str,
    diags: &mut Diagnostics,
) {
    if let Some(threshold) = threshold.filter(|t| t.value > most) {
        diags.warning(
            threshold.span,
            reader.field_path(field),
            Problem::Unreachable {
                field: field.to_string(),
                value: threshold.value,
                most,
            },
        );
    }
}

fn decode_valid_rounds(
    reader: &mut TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<(i64, i64)> {
    let Some(mut valid) = reader.opt_table("valid_rounds", diags) else {
        if reader.opt_value("valid_rounds").is_none() {
            diags.error(
                reader.span(),
                reader.field_path("valid_rounds"),
                Problem::MissingField {
                    name: "valid_rounds".into(),
                    expected: "the rounds the title is valid in, like { from = 2023, to = 2030 }"
                        .into(),
                },
            );
        }
        return None;
    };
    let from = valid.req_year("from", diags);
    let to = valid.req_year("to", diags);
    let to_field = valid.field_path("to");
    valid.finish(diags);
    let (from, to) = (from?, to?);
    if to.value < from.value {
        diags.error(
            to.span,
            to_field,
            Problem::InvalidValue {
                value: to.value.to_string(),
                expected: format!("a year not before `from` ({})", from.value),
            },
        );
        return None;
    }
    Some((from.value, to.value))
}

fn decode_criterion(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Criterion> {
    let id = reader.req_id("id", diags);
    let label = reader.req_str("label", diags);
    let group = reader.opt_str("group", diags);
    let points = reader.opt_number("points", diags);
    let required = reader.opt_bool("required", diags);
    let at_least = reader.opt_number("at_least", diags);
    let computed = reader
        .opt_table("computed", diags)
        .and_then(|table| decode_computed(table, diags));
    if points.is_none() && required != Some(true) {
        diags.error(
            reader.span(),
            reader.field_path("points"),
            Problem::MissingField {
                name: "points".into(),
                expected: "`points = N` or `required = true` (or both)".into(),
            },
        );
    }
    if computed.is_some() && at_least.is_none() {
        diags.error(
            reader.span(),
            reader.field_path("at_least"),
            Problem::MissingField {
                name: "at_least".into(),
                expected: "the share a computed criterion needs, from 0 to 1, like 0.5".into(),
            },
        );
    }
    reader.finish(diags);
    Some(Criterion {
        id: id?.into_name(),
        label: Name::from(label?.value),
        group: group.map(|g| Name::from(g.value)),
        points: points.map_or(0.0, |p| p.value),
        required: required.unwrap_or(false),
        at_least: at_least.map(|a| a.value),
        computed,
    })
}

fn decode_computed(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Computed> {
    let share_of = reader.req_str("share_of", diags);
    let title = reader.req_id("title", diags);
    reader.finish(diags);
    let share_of = share_of?;
    if share_of.value != "families" {
        diags.error(
            share_of.span,
            "title.criterion.computed.share_of",
            Problem::InvalidValue {
                value: format!("\"{}\"", share_of.value),
                expected: "\"families\" (a clan's member families)".into(),
            },
        );
        return None;
    }
    Some(Computed {
        share_of: Link::Families,
        title: title?,
    })
}

fn decode_grade(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Grade> {
    let name = reader.req_str("name", diags);
    let min_points = reader.opt_number("min_points", diags);
    if min_points.is_none() && reader.opt_value("min_points").is_none() {
        diags.error(
            reader.span(),
            reader.field_path("min_points"),
            Problem::MissingField {
                name: "min_points".into(),
                expected: "the least score of this grade".into(),
            },
        );
    }
    reader.finish(diags);
    Some(Grade {
        name: Name::from(name?.value),
        min_points: min_points?.value,
    })
}

fn decode_award(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Award> {
    let id = reader.req_id("id", diags);
    let name = reader.req_str("name", diags);
    let rank = reader.req_int("rank", 1, 100, diags);
    let kinds = decode_kinds(&mut reader, diags);
    let issuer = decode_issuer(&mut reader, diags);
    let basis = reader.req_str("basis", diags);
    let eligible = match reader.opt_table("eligible", diags) {
        Some(table) => decode_eligibility(table, diags),
        None => Some(Eligibility::default()),
    };
    reader.finish(diags);
    Some(Award {
        id: id?.into_name(),
        name: Name::from(name?.value),
        rank: rank?.value,
        kinds: kinds?,
        issuer: issuer?,
        basis: basis?.value,
        eligible: eligible?,
    })
}

fn decode_kinds(reader: &mut TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Vec<Kind>> {
    let field = reader.field_path("kinds");
    let texts = reader.opt_str_array("kinds", diags);
    if texts.is_empty() {
        diags.error(
            reader.span(),
            field,
            Problem::MissingField {
                name: "kinds".into(),
                expected: format!("a list of kinds the award is for, each {KIND_EXPECTED}"),
            },
        );
        return None;
    }
    let kinds: Vec<Kind> = texts
        .iter()
        .filter_map(|t| parse_kind(t, &field, diags))
        .collect();
    (kinds.len() == texts.len()).then_some(kinds)
}

fn decode_issuer(reader: &mut TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<Issuer> {
    let Some(text) = reader.opt_str("issuer", diags) else {
        return Some(Issuer::State);
    };
    match text.value.as_str() {
        "state" => Some(Issuer::State),
        "association" => Some(Issuer::Association),
        other => {
            diags.error(
                text.span,
                reader.field_path("issuer"),
                Problem::InvalidValue {
                    value: format!("\"{other}\""),
                    expected: "\"state\" or \"association\" (Hội Khuyến học)".into(),
                },
            );
            None
        }
    }
}

fn decode_eligibility(
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<Eligibility> {
    let title = reader.opt_str("title", diags);
    let consecutive = reader.opt_int("consecutive_rounds", 1, 50, diags);
    let prior_awards = reader.opt_id_array("prior_awards", diags);
    let review_rounds_only = reader.opt_bool("review_rounds_only", diags);
    let min_points = reader.opt_number("min_points", diags);
    let criteria = reader
        .array_of_tables("criteria", diags)
        .into_iter()
        .filter_map(|table| decode_condition(table, diags))
        .collect();
    reader.finish(diags);
    Some(Eligibility {
        title,
        consecutive_rounds: consecutive.map(|c| u32::try_from(c.value).unwrap_or(1)),
        prior_awards,
        review_rounds_only: review_rounds_only.unwrap_or(false),
        min_points: min_points.map(|p| p.value),
        criteria,
    })
}

fn decode_condition(
    mut reader: TableReader<'_, '_>,
    diags: &mut Diagnostics,
) -> Option<CriterionCondition> {
    let id = reader.req_id("id", diags);
    let at_least = reader.opt_number("at_least", diags);
    if at_least.is_none() && reader.opt_value("at_least").is_none() {
        diags.error(
            reader.span(),
            reader.field_path("at_least"),
            Problem::MissingField {
                name: "at_least".into(),
                expected: "the least value of the criterion, like 1".into(),
            },
        );
    }
    reader.finish(diags);
    Some(CriterionCondition {
        id: id?,
        at_least: at_least?.value,
    })
}
