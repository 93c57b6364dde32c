//! Checks the counts a commune reports against its records, where the records are complete.
//!
//! A commune marked `records_complete = true` has a record for every family (or clan, unit...)
//! it reports on, so the totals can be derived: records of that kind in the commune (total),
//! those assessed in the round (registered), those holding the title (recognised). A difference
//! is a warning: the staff decide which side is wrong; nothing is silently chosen.

use crate::diagnostics::Diagnostics;
use crate::inputs::{Commune, Counts, Inputs, Kind, Province, ProvinceRound};
use crate::messages::Problem;
use crate::rules::Honours;

pub fn check_commune_counts(inputs: &Inputs, honours: &Honours, diags: &mut Diagnostics) {
    for province in &inputs.provinces {
        for commune in province.communes.iter().filter(|c| c.records_complete) {
            for round in &commune.rounds {
                for (&kind, reported) in &round.counts {
                    let derived = derive_counts(inputs, honours, province, commune, kind, round);
                    report_mismatch(kind, round, reported, &derived, diags);
                }
            }
        }
    }
}

fn derive_counts(
    inputs: &Inputs,
    honours: &Honours,
    province: &Province,
    commune: &Commune,
    kind: Kind,
    round: &ProvinceRound,
) -> Counts {
    let records: Vec<_> = inputs
        .records
        .iter()
        .filter(|r| r.kind == kind && r.province.value == province.slug)
        .filter(|r| r.commune.value == commune.name || r.commune.value == commune.code)
        .collect();
    let assessed = records
        .iter()
        .filter(|r| r.assessment(round.year).is_some())
        .count();
    let recognised = records
        .iter()
        .filter(|r| honours.holds(&r.id.value, round.year))
        .count();
    Counts {
        total: records.len() as u64,
        registered: Some(assessed as u64),
        recognised: recognised as u64,
    }
}

fn report_mismatch(
    kind: Kind,
    round: &ProvinceRound,
    reported: &Counts,
    derived: &Counts,
    diags: &mut Diagnostics,
) {
    let mut differences = Vec::new();
    if reported.total != derived.total {
        differences.push(format!(
            "total reported {}, records {}",
            reported.total, derived.total
        ));
    }
    if let (Some(reported), Some(derived)) = (reported.registered, derived.registered)
        && reported != derived
    {
        differences.push(format!(
            "registered reported {reported}, assessed records {derived}"
        ));
    }
    if reported.recognised != derived.recognised {
        differences.push(format!(
            "recognised reported {}, records holding the title {}",
            reported.recognised, derived.recognised
        ));
    }
    if !differences.is_empty() {
        diags.warning(
            round.span,
            format!("commune.round.{kind}"),
            Problem::CountMismatch {
                kind: kind.to_string(),
                round: round.year,
                detail: differences.join("; "),
            },
        );
    }
}
