//! A criterion id misspelt in rules.toml makes every assessment that reports the right id an
//! "unknown criterion": hundreds of errors for one mistake, none of them where it is. When
//! several assessments report the same unknown id, and the title has a criterion of a close
//! spelling that no assessment reports, the mistake is in the rules: it is reported once, at
//! the rule's criterion, and the assessments' errors it caused are dropped.

use std::collections::BTreeMap;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::base::inputs::{Inputs, Title};
use crate::base::messages::Problem;
use crate::base::source::Span;
use crate::load::reader::edit_distance;

/// How many assessments must report one unknown id before the rule is suspected.
const LEAST_USES: usize = 2;

/// Replaces, in `found` (the records' diagnostics), the unknown-criterion errors caused by a
/// criterion misspelt in the rules with one error at that criterion.
pub fn report_at_the_rule(inputs: &Inputs, found: &mut Diagnostics) {
    let mut unknown: BTreeMap<(String, String), (usize, Span)> = BTreeMap::new();
    for diagnostic in found.iter() {
        if let Problem::UnknownCriterion { id, title } = &diagnostic.problem {
            let entry = unknown
                .entry((title.clone(), id.clone()))
                .or_insert((0, diagnostic.span));
            entry.0 += 1;
        }
    }
    let mut at_the_rule = Vec::new();
    for ((title_id, used), (uses, first)) in unknown {
        if uses < LEAST_USES {
            continue;
        }
        let Some(title) = inputs.rules.titles.iter().find(|t| t.id.value == title_id) else {
            continue;
        };
        if let Some(rule) = misspelt_as(title, &used, inputs) {
            at_the_rule.push((title_id, used, uses, rule, first));
        }
    }
    if at_the_rule.is_empty() {
        return;
    }
    found.retain(|d| match &d.problem {
        Problem::UnknownCriterion { id, title } => !at_the_rule
            .iter()
            .any(|(t, used, ..)| t == title && used == id),
        _ => true,
    });
    for (_, used, uses, rule, first) in at_the_rule {
        found.add(
            Diagnostic {
                severity: Severity::Error,
                problem: Problem::MisspeltCriterion {
                    id: rule.0,
                    used,
                    uses,
                },
                span: rule.1,
                field: "title.criterion.id".into(),
                related: Vec::new(),
                suggestion: None,
            }
            .with_related("first reported here", first),
        );
    }
}

/// The criterion of `title` (id and place) spelt close to `used` that no assessment reports.
fn misspelt_as(title: &Title, used: &str, inputs: &Inputs) -> Option<(String, Span)> {
    let close = title
        .criteria
        .iter()
        .filter(|c| c.computed.is_none())
        .map(|c| (edit_distance(c.id.as_str(), used), c))
        .filter(|(distance, c)| *distance <= 2.max(c.id.as_str().len() / 4))
        .min_by_key(|(distance, _)| *distance)?
        .1;
    let reported = inputs
        .records
        .iter()
        .filter(|r| r.kind == title.kind)
        .flat_map(|r| &r.assessments)
        .filter(|a| title.valid_from <= a.round.value && a.round.value <= title.valid_to)
        .any(|a| a.criteria.iter().any(|(id, _)| id == close.id.as_str()));
    (!reported).then(|| (close.id.as_str().to_string(), close.id.span))
}
