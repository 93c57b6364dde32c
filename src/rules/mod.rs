//! The rules engine: turns the rules and the records into honours (who holds which title in
//! which round, and who is eligible for which award), with every step kept so it can be
//! explained. Pure and deterministic: no IO, no clock, `BTreeMap` only.
//!
//! [`evaluate`] first scores every assessment against the title valid that round (titles that
//! other titles' computed criteria depend on first), then checks every award for every round a
//! record has an assessment or a received award in.

mod awards;
mod order;
pub mod progress;
mod revocation;
mod titles;
mod warnings;

#[cfg(test)]
pub(crate) mod testkit;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::inputs::{Kind, Record, Rules, Year};

pub use awards::{AwardCheck, Condition, ConditionCheck};
pub use progress::{
    Denominator, ProvinceProgress, Share, Status, TargetInForce, TargetSource, progress,
};
pub use revocation::RevocationNote;
pub use titles::{CriterionOutcome, CriterionReading, RoundOutcome};
pub(crate) use warnings::not_eligible_because;
pub use warnings::received_not_eligible;

/// Everything the rules say about every record.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Honours {
    records: BTreeMap<String, RecordHonours>,
}

/// What the rules say about one record, round by round.
#[derive(Debug, Clone, Serialize)]
pub struct RecordHonours {
    pub kind: Kind,
    /// The title evaluation of each assessed round that has a title for the record's kind.
    pub outcomes: BTreeMap<Year, RoundOutcome>,
    /// The award checks of each round with an assessment or a received award.
    pub award_checks: BTreeMap<Year, Vec<AwardCheck>>,
}

impl Honours {
    /// The title evaluation of `record_id` in `round`, if it was assessed then.
    pub fn outcome(&self, record_id: &str, round: Year) -> Option<&RoundOutcome> {
        self.records.get(record_id)?.outcomes.get(&round)
    }

    /// Whether `record_id` holds the title for its kind in `round` (earned and not revoked).
    pub fn holds(&self, record_id: &str, round: Year) -> bool {
        self.outcome(record_id, round).is_some_and(|o| o.holds)
    }

    /// Whether `record_id` holds the title `title_id` in `round`.
    pub fn holds_title(&self, record_id: &str, title_id: &str, round: Year) -> bool {
        self.outcome(record_id, round)
            .is_some_and(|o| o.holds && o.title_id == title_id)
    }

    /// Every award check of `record_id` in `round` (empty when none was made).
    pub fn award_checks(&self, record_id: &str, round: Year) -> &[AwardCheck] {
        self.records
            .get(record_id)
            .and_then(|r| r.award_checks.get(&round))
            .map_or(&[], Vec::as_slice)
    }

    /// The check of one award for `record_id` in `round`.
    pub fn award_check(&self, record_id: &str, round: Year, award_id: &str) -> Option<&AwardCheck> {
        self.award_checks(record_id, round)
            .iter()
            .find(|c| c.award_id == award_id)
    }

    /// The rounds `record_id` was evaluated in (assessed, with a title for its kind), oldest first.
    pub fn rounds(&self, record_id: &str) -> Vec<Year> {
        self.records
            .get(record_id)
            .map(|r| r.outcomes.keys().copied().collect())
            .unwrap_or_default()
    }

    /// The honours of one record.
    pub fn record(&self, record_id: &str) -> Option<&RecordHonours> {
        self.records.get(record_id)
    }

    /// Every record's honours, by record id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RecordHonours)> {
        self.records.iter().map(|(id, r)| (id.as_str(), r))
    }
}

/// Applies the rules to every record: titles first (in dependency order), then awards.
pub fn evaluate(rules: &Rules, records: &[Record]) -> Honours {
    let records = unique_records(records);
    let mut honours = Honours::default();
    for record in records.values() {
        honours.records.insert(
            record.id.value.clone(),
            RecordHonours {
                kind: record.kind,
                outcomes: BTreeMap::new(),
                award_checks: BTreeMap::new(),
            },
        );
    }
    for title in order::titles_by_dependency(&rules.titles) {
        for record in records.values().filter(|r| r.kind == title.kind) {
            for outcome in titles::evaluate_title(rules, title, record, &honours) {
                if let Some(entry) = honours.records.get_mut(&record.id.value) {
                    entry.outcomes.insert(outcome.round, outcome);
                }
            }
        }
    }
    for record in records.values() {
        let checks = awards_by_round(rules, record, &honours);
        if let Some(entry) = honours.records.get_mut(&record.id.value) {
            entry.award_checks = checks;
        }
    }
    honours
}

/// Records by id; when an id is used twice (an error `validate` reports) the first one counts.
fn unique_records(records: &[Record]) -> BTreeMap<&str, &Record> {
    let mut unique = BTreeMap::new();
    for record in records {
        unique.entry(record.id.as_str()).or_insert(record);
    }
    unique
}

fn awards_by_round(
    rules: &Rules,
    record: &Record,
    honours: &Honours,
) -> BTreeMap<Year, Vec<AwardCheck>> {
    let rounds: BTreeSet<Year> = record
        .assessments
        .iter()
        .map(|a| a.round.value)
        .chain(record.awards.iter().map(|a| a.round.value))
        .collect();
    let Some(own) = honours.record(&record.id.value) else {
        return BTreeMap::new();
    };
    rounds
        .into_iter()
        .map(|round| (round, awards::check_awards(rules, record, own, round)))
        .collect()
}

/// A number as people write it: `10`, `0.5`, `87.5` (no trailing `.0`, at most 2 decimals).
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(format_number(10.0), "10");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(87.5), "87.5");
        assert_eq!(format_number(2.0 / 3.0), "0.67");
        assert_eq!(format_number(-0.001), "0");
    }

    #[test]
    fn honours_answer_per_record_and_round() {
        let rules = family_rules();
        let an = family("gd-an")
            .assessed(2023, &[("a", yes()), ("b", yes())])
            .assessed(2024, &[("a", no()), ("b", yes())]);
        let honours = evaluate(&rules, &[an]);
        assert!(honours.holds("gd-an", 2023));
        assert!(!honours.holds("gd-an", 2024));
        assert!(!honours.holds("gd-an", 2025));
        assert!(!honours.holds("unknown", 2023));
        assert_eq!(honours.rounds("gd-an"), vec![2023, 2024]);
        assert!(honours.rounds("unknown").is_empty());
        assert!(honours.award_checks("unknown", 2023).is_empty());
    }

    #[test]
    fn a_duplicate_record_id_keeps_the_first_record() {
        let rules = family_rules();
        let first = family("gd-an").assessed(2023, &[("a", yes()), ("b", yes())]);
        let second = family("gd-an").assessed(2023, &[("a", no())]);
        let honours = evaluate(&rules, &[first, second]);
        assert!(honours.holds("gd-an", 2023));
    }
}
