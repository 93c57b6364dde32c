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

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::base::inputs::{Kind, Record, Rules, Year};

pub use awards::{AwardCheck, Condition, ConditionCheck};
pub use progress::{Denominator, ProvinceProgress, Share, TargetInForce, TargetSource, progress};
pub use revocation::RevocationNote;
pub use titles::{CriterionOutcome, CriterionReading, RoundOutcome};
pub(crate) use warnings::not_eligible_because;
pub use warnings::received_not_eligible;

/// Everything the rules say about every record.
///
/// The verdicts are kept in a vector, one per record, and found by id through a hash map of
/// positions: the rules and the model look records up by id millions of times, and a B-tree
/// of a million string keys misses the caches at every level; while evaluating, the rules
/// reach each record's verdicts by position, on all cores. Nothing depends on the map's
/// order ([`Honours::iter`] sorts).
#[derive(Debug, Clone, Default)]
pub struct Honours {
    positions: HashMap<String, usize>,
    records: Vec<RecordHonours>,
}

/// What the rules say about one record, round by round.
#[derive(Debug, Clone, Serialize)]
pub struct RecordHonours {
    pub kind: Kind,
    /// The title evaluation of each assessed round that has a title for the record's kind.
    pub outcomes: ByRound<RoundOutcome>,
    /// The award checks of each round with an assessment or a received award.
    pub award_checks: ByRound<Vec<AwardCheck>>,
}

/// Values by round, oldest first. A record has a few rounds, and a national site hundreds of
/// thousands of records: a sorted vector holds them in a fraction of a map's memory.
#[derive(Debug, Clone, PartialEq)]
pub struct ByRound<T>(Vec<(Year, T)>);

impl<T> Default for ByRound<T> {
    fn default() -> Self {
        ByRound(Vec::new())
    }
}

impl<T> ByRound<T> {
    pub fn get(&self, round: &Year) -> Option<&T> {
        let found = self.0.binary_search_by_key(round, |(r, _)| *r);
        found.ok().map(|i| &self.0[i].1)
    }

    /// Sets the value of `round`, replacing an earlier one.
    pub fn insert(&mut self, round: Year, value: T) {
        match self.0.binary_search_by_key(&round, |(r, _)| *r) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (round, value)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &Year> {
        self.0.iter().map(|(round, _)| round)
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, value)| value)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Year, &T)> {
        self.0.iter().map(|(round, value)| (round, value))
    }
}

impl<T> std::ops::Index<&Year> for ByRound<T> {
    type Output = T;

    /// The value of `round`; panics when there is none, like a map's index.
    fn index(&self, round: &Year) -> &T {
        self.get(round)
            .unwrap_or_else(|| panic!("no value for round {round}"))
    }
}

impl<T> FromIterator<(Year, T)> for ByRound<T> {
    fn from_iter<I: IntoIterator<Item = (Year, T)>>(items: I) -> Self {
        let mut by_round = ByRound::default();
        by_round.extend(items);
        by_round
    }
}

impl<T> Extend<(Year, T)> for ByRound<T> {
    /// Room is made for exactly the items given: a record has a few rounds, and a vector left
    /// to grow keeps room for four or more.
    fn extend<I: IntoIterator<Item = (Year, T)>>(&mut self, items: I) {
        let items = items.into_iter();
        self.0.reserve_exact(items.size_hint().0);
        for (round, value) in items {
            self.insert(round, value);
        }
    }
}

impl<T> IntoIterator for ByRound<T> {
    type Item = (Year, T);
    type IntoIter = std::vec::IntoIter<(Year, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for ByRound<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl Honours {
    /// Drops every verdict, on all cores: at a million records freeing them one by one takes
    /// seconds.
    pub fn free_in_parallel(self) {
        let Honours { positions, records } = self;
        rayon::join(
            || drop(positions),
            || records.into_par_iter().for_each(drop),
        );
    }

    /// The title evaluation of `record_id` in `round`, if it was assessed then.
    pub fn outcome(&self, record_id: &str, round: Year) -> Option<&RoundOutcome> {
        self.record(record_id)?.outcomes.get(&round)
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

    /// The award checks of `record_id` in `round` that [`evaluate`] keeps: those of the awards
    /// it is eligible for or received ([`detail`] gives every check).
    pub fn award_checks(&self, record_id: &str, round: Year) -> &[AwardCheck] {
        self.record(record_id)
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
        self.record(record_id)
            .map(|r| r.outcomes.keys().copied().collect())
            .unwrap_or_default()
    }

    /// The honours of one record.
    pub fn record(&self, record_id: &str) -> Option<&RecordHonours> {
        self.positions.get(record_id).map(|&i| &self.records[i])
    }

    /// How many records hold the title for their kind, by kind and round: one pass over the
    /// verdicts, on all cores, instead of a lookup by id per record and round.
    pub fn holders_by_kind_and_round(&self) -> BTreeMap<(Kind, Year), usize> {
        count_each(self.records.par_iter().flat_map_iter(|own| {
            own.outcomes
                .iter()
                .filter(|(_, outcome)| outcome.holds)
                .map(move |(&round, _)| (own.kind, round))
        }))
    }

    /// Every record's honours, in record id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RecordHonours)> {
        let mut all: Vec<(&str, &RecordHonours)> = self
            .positions
            .iter()
            .map(|(id, &i)| (id.as_str(), &self.records[i]))
            .collect();
        all.sort_unstable_by_key(|(id, _)| *id);
        all.into_iter()
    }
}

/// How many times each key comes, counted on all cores.
pub fn count_each<K: Ord + Send>(keys: impl ParallelIterator<Item = K>) -> BTreeMap<K, usize> {
    keys.fold(BTreeMap::new, |mut counts, key| {
        *counts.entry(key).or_default() += 1;
        counts
    })
    .reduce(BTreeMap::new, |mut all, part| {
        for (key, count) in part {
            *all.entry(key).or_default() += count;
        }
        all
    })
}

/// Applies the rules to every record: titles first (in dependency order), then awards.
///
/// The verdicts kept are lean, so that a national site fits in memory: every number and flag
/// of each round, and of each award the record is eligible for or received; not each
/// criterion's reading, each award condition's explanation, nor the checks of awards neither
/// earned nor received (most of them, and nothing reads them). [`detail`] gives those for one
/// record. Records are evaluated in parallel; each reads only the verdicts of titles placed
/// before its own, so the result does not depend on the threads.
pub fn evaluate(rules: &Rules, records: &[Record]) -> Honours {
    let (records, positions) = unique_records(records);
    let mut honours = Honours {
        positions,
        records: records
            .iter()
            .map(|record| RecordHonours {
                kind: record.kind,
                outcomes: ByRound::default(),
                award_checks: ByRound::default(),
            })
            .collect(),
    };
    for title in order::titles_by_dependency(&rules.titles) {
        let scored: Vec<Option<Vec<RoundOutcome>>> = records
            .par_iter()
            .map(|record| {
                (record.kind == title.kind).then(|| {
                    let outcomes = titles::evaluate_title(rules, title, record, &honours);
                    outcomes.into_iter().map(RoundOutcome::lean).collect()
                })
            })
            .collect();
        honours
            .records
            .par_iter_mut()
            .zip(scored)
            .for_each(|(own, outcomes)| {
                own.outcomes
                    .extend(outcomes.into_iter().flatten().map(|o| (o.round, o)));
            });
    }
    let checked: Vec<ByRound<Vec<AwardCheck>>> = records
        .par_iter()
        .zip(&honours.records)
        .map(|(record, own)| lean_award_checks(rules, record, own, &honours))
        .collect();
    honours
        .records
        .par_iter_mut()
        .zip(checked)
        .for_each(|(own, checks)| own.award_checks = checks);
    honours
}

/// [`evaluate`] again for the records whose ids are in `changed` and for those whose computed
/// criteria read them (a clan's families, and so on), the others' verdicts kept. `records` are
/// the site's records after the change, `honours` what [`evaluate`] said before it. The result
/// is what [`evaluate`] would say of `records`, given that only the records in `changed`
/// differ; `None` (and `honours` untouched) when the records' ids or their order differ, which
/// needs [`evaluate`].
pub fn reevaluate(
    rules: &Rules,
    records: &[Record],
    honours: &mut Honours,
    changed: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let (records, positions) = unique_records(records);
    if positions != honours.positions {
        return None;
    }
    let judged = with_dependents(&records, changed);
    let mut places: Vec<usize> = judged
        .iter()
        .filter_map(|id| positions.get(id))
        .copied()
        .collect();
    places.sort_unstable();
    for &i in &places {
        let own = &mut honours.records[i];
        own.kind = records[i].kind;
        own.outcomes = ByRound::default();
        own.award_checks = ByRound::default();
    }
    for title in order::titles_by_dependency(&rules.titles) {
        // As in `evaluate`: every record's outcomes of a title are made before any is kept.
        let scored: Vec<(usize, Vec<RoundOutcome>)> = places
            .iter()
            .filter(|&&i| records[i].kind == title.kind)
            .map(|&i| {
                let outcomes = titles::evaluate_title(rules, title, records[i], honours);
                (i, outcomes.into_iter().map(RoundOutcome::lean).collect())
            })
            .collect();
        for (i, outcomes) in scored {
            honours.records[i]
                .outcomes
                .extend(outcomes.into_iter().map(|o| (o.round, o)));
        }
    }
    for &i in &places {
        let checks = lean_award_checks(rules, records[i], &honours.records[i], honours);
        honours.records[i].award_checks = checks;
    }
    Some(judged)
}

/// `changed`, and every record that names one of them among its families, again and again
/// until none is added: the records whose computed criteria may read a changed verdict.
pub fn with_dependents(records: &[&Record], changed: &BTreeSet<String>) -> BTreeSet<String> {
    let mut judged = changed.clone();
    loop {
        let added: Vec<String> = records
            .iter()
            .filter(|r| !judged.contains(&r.id.value))
            .filter(|r| r.families.iter().any(|f| judged.contains(f.as_str())))
            .map(|r| r.id.value.clone())
            .collect();
        if added.is_empty() {
            return judged;
        }
        judged.extend(added);
    }
}

/// Everything the rules say about one record, in full: each criterion's reading and each
/// award condition with its explanation. `honours` is what [`evaluate`] returned for the
/// site (computed criteria read the verdicts of the records they count).
pub fn detail(rules: &Rules, record: &Record, honours: &Honours) -> RecordHonours {
    let mut own = scored_in_full(rules, record, honours);
    own.award_checks = awards_by_round(rules, record, &own, awards::Words::Explained);
    own
}

/// [`evaluate`], then every record's verdicts replaced by its [`detail`]: for tests that look
/// at criteria and conditions.
#[cfg(test)]
pub(crate) fn evaluate_in_full(rules: &Rules, records: &[Record]) -> Honours {
    let mut honours = evaluate(rules, records);
    let full: Vec<RecordHonours> = unique_records(records)
        .0
        .into_iter()
        .map(|r| detail(rules, r, &honours))
        .collect();
    honours.records = full;
    honours
}

/// Every award of `record`'s kind checked for `round` against its lean verdicts, each with its
/// conditions (judged, not worded): what a record page needs to say what an award still lacks.
/// A criterion condition is judged on the record's assessment as loaded, which a build has
/// already emptied: its verdict here means nothing, and the page does not use it.
pub fn award_checks_in(
    rules: &Rules,
    record: &Record,
    honours: &Honours,
    round: Year,
) -> Vec<AwardCheck> {
    let Some(own) = honours.record(&record.id.value) else {
        return Vec::new();
    };
    awards::check_awards(rules, record, own, round, awards::Words::Omitted)
}

/// The title outcomes of `record` with every criterion kept, and no award checks yet.
fn scored_in_full(rules: &Rules, record: &Record, honours: &Honours) -> RecordHonours {
    let outcomes = rules
        .titles
        .iter()
        .filter(|t| t.kind == record.kind)
        .flat_map(|title| titles::evaluate_title(rules, title, record, honours))
        .map(|o| (o.round, o))
        .collect();
    RecordHonours {
        kind: record.kind,
        outcomes,
        award_checks: ByRound::default(),
    }
}

/// The award verdicts of `record` without their explanations. Awards with a criterion
/// condition read the record's criteria, which the lean outcomes do not keep: only for them
/// are the record's outcomes scored again in full.
fn lean_award_checks(
    rules: &Rules,
    record: &Record,
    own: &RecordHonours,
    honours: &Honours,
) -> ByRound<Vec<AwardCheck>> {
    let reads_criteria = rules
        .awards
        .iter()
        .any(|a| a.kinds.contains(&record.kind) && !a.eligible.criteria.is_empty());
    let checks = if reads_criteria {
        let own = scored_in_full(rules, record, honours);
        awards_by_round(rules, record, &own, awards::Words::Omitted)
    } else {
        awards_by_round(rules, record, own, awards::Words::Omitted)
    };
    let received = |award_id: &str, round: Year| {
        record
            .awards
            .iter()
            .any(|a| a.award.value == award_id && a.round.value == round)
    };
    checks
        .into_iter()
        .map(|(round, checks)| {
            let kept: Vec<AwardCheck> = checks
                .into_iter()
                .filter(|c| c.eligible || received(&c.award_id, round))
                .map(AwardCheck::lean)
                .collect();
            (round, crate::base::inputs::without_spare_room(kept))
        })
        .collect()
}

/// The records, each id once, with the position of each id; when an id is used twice (an
/// error `validate` reports) the first record counts.
fn unique_records(records: &[Record]) -> (Vec<&Record>, HashMap<String, usize>) {
    let mut positions = HashMap::with_capacity(records.len());
    let mut unique = Vec::with_capacity(records.len());
    for record in records {
        if let Entry::Vacant(entry) = positions.entry(record.id.value.clone()) {
            entry.insert(unique.len());
            unique.push(record);
        }
    }
    (unique, positions)
}

fn awards_by_round(
    rules: &Rules,
    record: &Record,
    own: &RecordHonours,
    words: awards::Words,
) -> ByRound<Vec<AwardCheck>> {
    let rounds: BTreeSet<Year> = record
        .assessments
        .iter()
        .map(|a| a.round.value)
        .chain(record.awards.iter().map(|a| a.round.value))
        .collect();
    rounds
        .into_iter()
        .map(|round| {
            (
                round,
                awards::check_awards(rules, record, own, round, words),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

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

    /// What `evaluate` says of every record, as text to compare.
    fn said(honours: &Honours) -> String {
        serde_json::to_string(&honours.iter().collect::<Vec<_>>()).expect("json")
    }

    #[test]
    fn judging_again_the_changed_records_and_their_clans_equals_judging_all() {
        let mut rules = family_rules();
        rules.titles.push(title(
            "dh",
            Kind::Clan,
            0.0,
            vec![share_of_families("ty-le", 0.5, "gd")],
        ));
        let records = |second: [(&str, crate::base::inputs::CriterionValue); 2]| {
            vec![
                family("gd-a").assessed(2024, &PASS),
                family("gd-b").assessed(2024, &second),
                family("gd-c").assessed(2024, &FAIL),
                record("dh-x", Kind::Clan)
                    .with_families(&["gd-a", "gd-b", "gd-c"])
                    .assessed(2024, &[]),
                record("dh-y", Kind::Clan)
                    .with_families(&["gd-c"])
                    .assessed(2024, &[]),
            ]
        };
        let before = records(FAIL);
        let after = records(PASS);
        let mut honours = evaluate(&rules, &before);
        assert!(!honours.holds("dh-x", 2024), "one family of three");
        let changed = ["gd-b".to_string()].into_iter().collect();
        let judged = reevaluate(&rules, &after, &mut honours, &changed).expect("same records");
        assert_eq!(
            judged,
            ["dh-x", "gd-b"]
                .map(String::from)
                .into_iter()
                .collect::<BTreeSet<String>>()
        );
        assert!(honours.holds("gd-b", 2024) && honours.holds("dh-x", 2024));
        assert_eq!(said(&honours), said(&evaluate(&rules, &after)));

        let mut fewer = after.clone();
        fewer.pop();
        assert!(reevaluate(&rules, &fewer, &mut honours, &changed).is_none());
        assert_eq!(
            said(&honours),
            said(&evaluate(&rules, &after)),
            "left as it was"
        );
    }

    #[test]
    fn holders_are_counted_by_kind_and_round() {
        let rules = family_rules();
        let records = [
            family("gd-an")
                .assessed(2023, &[("a", yes()), ("b", yes())])
                .assessed(2024, &[("a", no()), ("b", yes())]),
            family("gd-binh")
                .assessed(2023, &[("a", yes()), ("b", yes())])
                .assessed(2024, &[("a", yes()), ("b", yes())]),
            family("gd-cuc").assessed(2024, &[("a", no()), ("b", no())]),
        ];
        let honours = evaluate(&rules, &records);
        let holders = honours.holders_by_kind_and_round();
        let expected = BTreeMap::from([((Kind::Family, 2023), 2), ((Kind::Family, 2024), 1)]);
        assert_eq!(holders, expected);
        for (&(_, round), &count) in &holders {
            let by_lookup = records
                .iter()
                .filter(|r| honours.holds(&r.id.value, round))
                .count();
            assert_eq!(count, by_lookup);
        }
    }

    #[test]
    fn lean_verdicts_agree_with_the_detail() {
        let mut rules = family_rules();
        rules.awards = vec![award(
            "bk",
            1,
            &[Kind::Family],
            crate::base::inputs::Eligibility {
                consecutive_rounds: Some(2),
                ..Default::default()
            },
        )];
        let records = [
            family("gd-an")
                .assessed(2023, &[("a", yes()), ("b", yes())])
                .assessed(2024, &[("a", yes()), ("b", yes())]),
            family("gd-binh")
                .assessed(2023, &[("a", no()), ("b", yes())])
                .assessed(2024, &[("a", yes()), ("b", yes())]),
        ];
        let lean = evaluate(&rules, &records);
        let full = evaluate_in_full(&rules, &records);
        for (id, own) in full.iter() {
            let kept = lean.record(id).expect("evaluated");
            for (round, outcome) in own.outcomes.iter() {
                let lean_outcome = &kept.outcomes[round];
                assert!(lean_outcome.criteria.is_empty());
                assert!(!outcome.criteria.is_empty());
                assert_eq!(lean_outcome.holds, outcome.holds);
                assert_eq!(lean_outcome.score, outcome.score);
            }
            for (round, checks) in own.award_checks.iter() {
                for (lean_check, check) in kept.award_checks[round].iter().zip(checks) {
                    assert!(lean_check.conditions.is_empty());
                    assert_eq!(lean_check.eligible, check.eligible);
                    assert!(check.conditions.iter().all(|c| !c.explanation.is_empty()));
                }
            }
        }
        assert!(
            full.award_check("gd-an", 2024, "bk")
                .expect("checked")
                .eligible
        );
        assert!(
            !full
                .award_check("gd-binh", 2024, "bk")
                .expect("checked")
                .eligible
        );
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
