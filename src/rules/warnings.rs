//! Warnings from the rules: an award a record received although the rules say it was not
//! eligible in that round. The decision stands; staff should check it.

use rayon::prelude::*;

use super::Honours;
use super::revocation::award_ever_revoked;
use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{ReceivedAward, Record, Rules};
use crate::base::messages::Problem;

/// Warns about every received, never revoked award the record was not eligible for in the
/// round it was received in, with the reasons that failed.
pub fn received_not_eligible(
    rules: &Rules,
    records: &[Record],
    honours: &Honours,
    diagnostics: &mut Diagnostics,
) {
    // Found on all cores, reported in record order.
    let found: Vec<(&Record, &ReceivedAward, String)> = records
        .par_iter()
        .flat_map_iter(|record| {
            record.awards.iter().filter_map(move |received| {
                not_eligible_because(rules, record, received, honours)
                    .map(|why| (record, received, why))
            })
        })
        .collect();
    for (record, received, why) in found {
        diagnostics.warning(
            received.award.span,
            format!("{}.award.award", record.kind),
            Problem::ReceivedNotEligible {
                award: received.award.value.clone(),
                round: received.round.value,
                why,
            },
        );
    }
}

/// The failed reasons, joined, when the rules say the award was not earned; none when it was,
/// when it was revoked, or when the award cannot be resolved.
pub(crate) fn not_eligible_because(
    rules: &Rules,
    record: &Record,
    received: &ReceivedAward,
    honours: &Honours,
) -> Option<String> {
    let award = received.award.as_str();
    rules.award(award)?;
    if award_ever_revoked(record, award).is_some() {
        return None;
    }
    let round = received.round.value;
    let lean = honours.award_check(&record.id.value, round, award)?;
    if lean.eligible {
        return None;
    }
    // The lean verdict keeps no reasons: score this one record again in full.
    let own = super::detail(rules, record, honours);
    let check = own
        .award_checks
        .get(&round)?
        .iter()
        .find(|c| c.award_id == award)?;
    Some(check.failed_reasons().join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Severity;
    use crate::base::inputs::Kind;
    use crate::rules::evaluate;
    use crate::rules::testkit::*;

    fn warnings(records: &[Record]) -> Diagnostics {
        let mut rules = family_rules();
        rules.awards = vec![award("bk", 2, &[Kind::Family], streak_of(None, 2))];
        let honours = evaluate(&rules, records);
        let mut diagnostics = Diagnostics::default();
        received_not_eligible(&rules, records, &honours, &mut diagnostics);
        diagnostics
    }

    #[test]
    fn a_received_award_not_earned_is_a_warning_with_the_reasons() {
        let an = family("gd-an").assessed(2025, &PASS).received("bk", 2025);
        let diagnostics = warnings(&[an]);
        assert_eq!(diagnostics.count(Severity::Warning), 1);
        assert!(!diagnostics.has_errors());
        let mut sources = crate::base::source::Sources::default();
        sources.add(std::path::Path::new("test.toml"), "bk\n".into());
        let text = diagnostics.render(&sources);
        assert!(text.contains("W001"), "{text}");
        assert!(
            text.contains("received award \"bk\" in round 2025"),
            "{text}"
        );
        assert!(text.contains("needs 2"), "{text}");
        assert!(text.contains("field `family.award.award`"), "{text}");
    }

    #[test]
    fn an_earned_revoked_or_unknown_award_is_not_warned_about() {
        let earned = family("gd-an")
            .assessed(2024, &PASS)
            .assessed(2025, &PASS)
            .received("bk", 2025);
        let revoked = family("gd-binh")
            .assessed(2025, &PASS)
            .received("bk", 2025)
            .award_revoked("bk", 2026);
        let unknown = family("gd-cuc")
            .assessed(2025, &PASS)
            .received("nope", 2025);
        assert!(warnings(&[earned, revoked, unknown]).is_empty());
    }
}
