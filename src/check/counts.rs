//! Checks the counts a commune reports against its records, where the records are complete.
//!
//! A commune marked `records_complete = true` has a record for every family (or clan, unit...)
//! it reports on, so the totals can be derived: records of that kind in the commune (total),
//! those assessed in the round (registered), those holding the title (recognised). A difference
//! is a warning: the staff decide which side is wrong; nothing is silently chosen.

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{ByPlace, Counts, Inputs, Kind, Province, ProvinceRound, Record};
use crate::base::messages::Problem;
use crate::rules::Honours;

pub fn check_commune_counts(inputs: &Inputs, honours: &Honours, diags: &mut Diagnostics) {
    let has_complete = |province: &Province| province.communes.iter().any(|c| c.records_complete);
    if !inputs.provinces.iter().any(has_complete) {
        return;
    }
    // The records of each place, found once for every commune checked.
    let by_place = ByPlace::new(
        inputs
            .records
            .iter()
            .map(|r| ((r.province.value.as_str(), r.commune.value.as_str()), r)),
    );
    for province in &inputs.provinces {
        for commune in province.communes.iter().filter(|c| c.records_complete) {
            let records = by_place.of_commune(&province.slug, commune);
            for round in &commune.rounds {
                for (&kind, reported) in &round.counts {
                    let derived = derive_counts(&records, honours, kind, round);
                    report_mismatch(kind, round, reported, &derived, diags);
                }
            }
        }
    }
}

fn derive_counts(
    commune_records: &[&Record],
    honours: &Honours,
    kind: Kind,
    round: &ProvinceRound,
) -> Counts {
    let records: Vec<&Record> = commune_records
        .iter()
        .copied()
        .filter(|r| r.kind == kind)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Severity;
    use crate::rules::evaluate;
    use crate::rules::testkit::*;

    fn passed(record: Record) -> Record {
        record.assessed(2024, &[("a", yes()), ("b", yes())])
    }

    /// Two families of Phường Kinh Bắc, one naming the commune by its name and one by its code,
    /// both holding the title; a family of another commune, one of another province and a clan
    /// do not count.
    fn site(reported: Counts) -> Inputs {
        let mut by_code = family("gd-ma");
        by_code.commune = name("09187");
        let mut elsewhere = family("gd-khac");
        elsewhere.commune = name("Xã Tiên Du");
        let records = vec![
            passed(family("gd-ten")),
            passed(by_code),
            passed(elsewhere),
            passed(family("gd-ha-noi").in_province("ha-noi")),
            record("dh-ho", Kind::Clan),
        ];
        let mut inputs = inputs(family_rules(), records);
        let commune = &mut inputs.provinces[0].communes[0];
        commune.records_complete = true;
        commune.rounds = vec![province_round(2024, &[(Kind::Family, reported)])];
        inputs
    }

    fn warnings(inputs: &Inputs) -> usize {
        let honours = evaluate(&inputs.rules, &inputs.records);
        let mut diags = Diagnostics::default();
        check_commune_counts(inputs, &honours, &mut diags);
        diags.count(Severity::Warning)
    }

    #[test]
    fn a_commune_counts_its_records_by_name_and_by_code() {
        assert_eq!(warnings(&site(counts(2, Some(2), 2))), 0);
        assert_eq!(warnings(&site(counts(3, Some(2), 2))), 1);
        assert_eq!(warnings(&site(counts(2, Some(2), 1))), 1);
    }
}
