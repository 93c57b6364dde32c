//! Titles: scoring one record's assessment for one round against the title valid that round,
//! criterion by criterion, down to the pass condition, the grade and whether the title is held.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Honours;
use super::revocation::{RevocationNote, title_revoked};
use crate::base::format::format_number;
use crate::base::inputs::{
    Assessment, Computed, Criterion, CriterionValue, Link, Record, Rules, Title, Year,
};
use crate::base::name::Name;

/// How one record did against its title in one round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundOutcome {
    pub round: Year,
    pub title_id: Name,
    pub title_name: Name,
    /// Every criterion of the title, in rules order. Empty in the lean outcomes of
    /// [`super::evaluate`]; [`super::detail`] keeps them.
    pub criteria: Vec<CriterionOutcome>,
    pub score: f64,
    /// The points of all criteria together.
    pub max_points: f64,
    pub met_count: u32,
    pub min_points: f64,
    pub min_met: u32,
    /// The ids of the required criteria that were not met.
    pub required_failed: Vec<Name>,
    /// Every required criterion met, score at least `min_points`, at least `min_met` met.
    pub passed: bool,
    /// The highest grade band the score reaches.
    pub grade: Option<Name>,
    /// The revocation in force for this title and round, if any (boxed: a national site
    /// keeps millions of outcomes, and few are revoked).
    pub revoked: Option<Box<RevocationNote>>,
    /// Passed and not revoked.
    pub holds: bool,
}

impl RoundOutcome {
    /// The outcome without its criteria: what [`super::evaluate`] keeps for every record.
    pub fn lean(mut self) -> Self {
        self.criteria = Vec::new();
        self
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionOutcome> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// Why the pass condition failed, in plain words (empty when it holds).
    pub fn failures(&self) -> Vec<String> {
        let mut failures: Vec<String> = self
            .required_failed
            .iter()
            .map(|id| format!("required criterion {id} not met"))
            .collect();
        if self.score < self.min_points {
            failures.push(format!(
                "score {} below the pass mark {}",
                format_number(self.score),
                format_number(self.min_points)
            ));
        }
        if self.met_count < self.min_met {
            failures.push(format!(
                "{} criteria met, needs {}",
                self.met_count, self.min_met
            ));
        }
        failures
    }
}

/// How one criterion did.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionOutcome {
    pub id: Name,
    pub label: Name,
    pub group: Option<Name>,
    pub reading: CriterionReading,
    pub at_least: Option<f64>,
    pub required: bool,
    pub met: bool,
    /// Points awarded: the criterion's points when met, else 0.
    pub points: f64,
    /// The criterion's points.
    pub max_points: f64,
}

/// The value a criterion was judged on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum CriterionReading {
    /// Reported in the record's assessment.
    Reported { value: CriterionValue },
    /// The share of linked records holding `title` that round.
    Computed {
        share: f64,
        holding: usize,
        linked: usize,
        title: String,
    },
    /// Not in the assessment: the criterion is not met.
    NotReported,
}

impl CriterionReading {
    /// The value as a number (yes = 1, no = 0, a share from 0 to 1); none when not reported.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            CriterionReading::Reported {
                value: CriterionValue::Bool(b),
            } => Some(if *b { 1.0 } else { 0.0 }),
            CriterionReading::Reported {
                value: CriterionValue::Number(n),
            } => Some(*n),
            CriterionReading::Computed { share, .. } => Some(*share),
            CriterionReading::NotReported => None,
        }
    }
}

/// Evaluates `title` for every round `record` was assessed in where `title` is the one valid
/// for its kind. The first assessment of a round counts (a duplicate is a `validate` error).
pub fn evaluate_title(
    rules: &Rules,
    title: &Title,
    record: &Record,
    honours: &Honours,
) -> Vec<RoundOutcome> {
    let mut seen = BTreeSet::new();
    record
        .assessments
        .iter()
        .filter(|a| seen.insert(a.round.value))
        .filter(|a| {
            rules
                .title_for(record.kind, a.round.value)
                .is_some_and(|t| std::ptr::eq(t, title))
        })
        .map(|a| evaluate_round(title, record, a, honours))
        .collect()
}

fn evaluate_round(
    title: &Title,
    record: &Record,
    assessment: &Assessment,
    honours: &Honours,
) -> RoundOutcome {
    let round = assessment.round.value;
    let criteria: Vec<CriterionOutcome> = title
        .criteria
        .iter()
        .map(|c| judge(c, read(c, record, assessment, honours)))
        .collect();
    let score = criteria.iter().map(|c| c.points).sum();
    let met_count = count(criteria.iter().filter(|c| c.met));
    let required_failed: Vec<Name> = criteria
        .iter()
        .filter(|c| c.required && !c.met)
        .map(|c| c.id)
        .collect();
    let passed =
        required_failed.is_empty() && score >= title.min_points && met_count >= title.min_met;
    let revoked = title_revoked(record, &title.id.value, round).map(Box::new);
    RoundOutcome {
        round,
        title_id: title.id.value,
        title_name: title.name,
        max_points: criteria.iter().map(|c| c.max_points).sum(),
        grade: grade(title, score),
        holds: passed && revoked.is_none(),
        criteria,
        score,
        met_count,
        min_points: title.min_points,
        min_met: title.min_met,
        required_failed,
        passed,
        revoked,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// The value `criterion` is judged on: computed, reported, or missing.
fn read(
    criterion: &Criterion,
    record: &Record,
    assessment: &Assessment,
    honours: &Honours,
) -> CriterionReading {
    if let Some(computed) = &criterion.computed {
        return compute(computed, record, assessment.round.value, honours);
    }
    match assessment.criteria.get_name(criterion.id.value) {
        Some(value) => CriterionReading::Reported { value: value.value },
        None => CriterionReading::NotReported,
    }
}

/// The share of `record`'s linked records holding the computed title in `round`.
/// A record with no linked records gets 0.
fn compute(
    computed: &Computed,
    record: &Record,
    round: Year,
    honours: &Honours,
) -> CriterionReading {
    let linked: BTreeSet<&str> = match computed.share_of {
        Link::Families => record.families.iter().map(|f| f.as_str()).collect(),
    };
    let holding = linked
        .iter()
        .filter(|id| honours.holds_title(id, &computed.title.value, round))
        .count();
    let share = if linked.is_empty() {
        0.0
    } else {
        holding as f64 / linked.len() as f64
    };
    CriterionReading::Computed {
        share,
        holding,
        linked: linked.len(),
        title: computed.title.value.clone(),
    }
}

fn judge(criterion: &Criterion, reading: CriterionReading) -> CriterionOutcome {
    let met = is_met(criterion, &reading);
    CriterionOutcome {
        id: criterion.id.value,
        label: criterion.label,
        group: criterion.group,
        at_least: criterion.at_least,
        required: criterion.required,
        points: if met { criterion.points } else { 0.0 },
        max_points: criterion.points,
        met,
        reading,
    }
}

/// Numeric and computed criteria are met at their threshold (a computed one without a
/// threshold needs every linked record); yes/no criteria when the answer is yes.
fn is_met(criterion: &Criterion, reading: &CriterionReading) -> bool {
    match (reading, criterion.at_least) {
        (CriterionReading::NotReported, _) => false,
        (CriterionReading::Computed { share, .. }, threshold) => *share >= threshold.unwrap_or(1.0),
        (reported, Some(threshold)) => reported.as_number().is_some_and(|v| v >= threshold),
        (CriterionReading::Reported { value }, None) => match value {
            CriterionValue::Bool(b) => *b,
            CriterionValue::Number(n) => *n > 0.0,
        },
    }
}

/// The highest band whose `min_points` the score reaches.
fn grade(title: &Title, score: f64) -> Option<Name> {
    title
        .grades
        .iter()
        .filter(|g| g.min_points <= score)
        .max_by(|a, b| a.min_points.total_cmp(&b.min_points))
        .map(|g| g.name)
}

#[cfg(test)]
mod tests {
    use crate::base::inputs::Kind;
    use crate::rules::evaluate_in_full as evaluate;
    use crate::rules::testkit::*;

    /// Family title: required `a` (10), `b` (30), numeric `c` (>= 2, 60); pass mark 70.
    fn scored_rules() -> crate::base::inputs::Rules {
        let criteria = vec![
            required(criterion("a", 10.0)),
            criterion("b", 30.0),
            at_least(criterion("c", 60.0), 2.0),
        ];
        let mut title = title("gd", Kind::Family, 70.0, criteria);
        title.grades = vec![grade("Khá", 70.0), grade("Tốt", 90.0), grade("Đạt", 40.0)];
        rules(vec![title], Vec::new())
    }

    #[test]
    fn a_required_criterion_not_met_fails_whatever_the_score() {
        let an = family("gd-an").assessed(2024, &[("a", no()), ("b", yes()), ("c", num(5.0))]);
        let honours = evaluate(&scored_rules(), &[an]);
        let outcome = honours.outcome("gd-an", 2024).expect("assessed");
        assert_eq!(outcome.score, 90.0);
        assert_eq!(outcome.required_failed, ["a"]);
        assert!(!outcome.passed);
        assert!(!outcome.holds);
        assert_eq!(outcome.failures(), ["required criterion a not met"]);
    }

    #[test]
    fn points_of_met_criteria_add_up_to_the_pass_mark() {
        let pass = family("gd-an").assessed(2024, &[("a", yes()), ("c", num(2.0))]);
        let fail = family("gd-binh").assessed(2024, &[("a", yes()), ("b", yes())]);
        let honours = evaluate(&scored_rules(), &[pass, fail]);
        let pass = honours.outcome("gd-an", 2024).expect("assessed");
        assert_eq!(
            (pass.score, pass.max_points, pass.met_count),
            (70.0, 100.0, 2)
        );
        assert!(pass.holds);
        let fail = honours.outcome("gd-binh", 2024).expect("assessed");
        assert_eq!(fail.score, 40.0);
        assert!(!fail.passed);
        assert_eq!(fail.failures(), ["score 40 below the pass mark 70"]);
    }

    #[test]
    fn min_met_needs_enough_criteria_met() {
        let mut rules = scored_rules();
        rules.titles[0].min_points = 0.0;
        rules.titles[0].min_met = 3;
        let two = family("gd-an").assessed(2024, &[("a", yes()), ("b", yes())]);
        let three =
            family("gd-binh").assessed(2024, &[("a", yes()), ("b", yes()), ("c", num(3.0))]);
        let honours = evaluate(&rules, &[two, three]);
        assert!(!honours.holds("gd-an", 2024));
        let two = honours.outcome("gd-an", 2024).expect("assessed");
        assert_eq!(two.failures(), ["2 criteria met, needs 3"]);
        assert!(honours.holds("gd-binh", 2024));
    }

    #[test]
    fn the_grade_is_the_highest_band_reached() {
        let values = |c: f64| [("a", yes()), ("b", yes()), ("c", num(c))];
        let top = family("gd-an").assessed(2024, &values(2.0));
        let middle = family("gd-binh").assessed(2024, &[("a", yes()), ("c", num(2.0))]);
        let low = family("gd-cuc").assessed(2024, &values(0.0));
        let none = family("gd-dung").assessed(2024, &[("a", yes())]);
        let honours = evaluate(&scored_rules(), &[top, middle, low, none]);
        let grade = |id: &str| honours.outcome(id, 2024).and_then(|o| o.grade);
        assert_eq!(grade("gd-an").as_deref(), Some("Tốt"));
        assert_eq!(grade("gd-binh").as_deref(), Some("Khá"));
        assert_eq!(grade("gd-cuc").as_deref(), Some("Đạt"));
        assert_eq!(grade("gd-dung"), None);
    }

    #[test]
    fn a_numeric_criterion_is_met_at_its_threshold() {
        let met = |value: f64| {
            let an = family("gd-an").assessed(2024, &[("c", num(value))]);
            let honours = evaluate(&scored_rules(), &[an]);
            let outcome = honours.outcome("gd-an", 2024).expect("assessed");
            let c = outcome.criterion("c").expect("criterion c");
            (c.met, c.points)
        };
        assert_eq!(met(1.99), (false, 0.0));
        assert_eq!(met(2.0), (true, 60.0));
        assert_eq!(met(7.0), (true, 60.0));
    }

    #[test]
    fn a_missing_value_is_not_met_and_marked_not_reported() {
        let an = family("gd-an").assessed(2024, &[("a", yes())]);
        let honours = evaluate(&scored_rules(), &[an]);
        let outcome = honours.outcome("gd-an", 2024).expect("assessed");
        let b = outcome.criterion("b").expect("criterion b");
        assert_eq!(b.reading, super::CriterionReading::NotReported);
        assert!(!b.met);
        assert_eq!(b.points, 0.0);
    }

    #[test]
    fn a_revoked_title_is_passed_but_not_held_from_the_revocation_on() {
        let rules = family_rules();
        let an = family("gd-an")
            .assessed(2023, &PASS)
            .assessed(2024, &PASS)
            .assessed(2025, &PASS)
            .title_revoked("gd", 2024);
        let honours = evaluate(&rules, &[an]);
        assert!(honours.holds("gd-an", 2023));
        for round in [2024, 2025] {
            let outcome = honours.outcome("gd-an", round).expect("assessed");
            assert!(outcome.passed);
            assert!(!outcome.holds);
            assert_eq!(outcome.revoked.as_ref().map(|r| r.round), Some(2024));
        }
    }

    #[test]
    fn a_round_with_no_valid_title_is_not_evaluated() {
        let mut rules = family_rules();
        rules.titles[0].valid_from = 2024;
        let an = family("gd-an").assessed(2023, &PASS).assessed(2024, &PASS);
        let honours = evaluate(&rules, &[an]);
        assert!(honours.outcome("gd-an", 2023).is_none());
        assert!(honours.holds("gd-an", 2024));
    }

    /// Family title `gd` as in `family_rules`; clan title `dh`: at least half its families hold
    /// `gd` (required), plus a fund (required).
    fn clan_rules() -> crate::base::inputs::Rules {
        let clan = title(
            "dh",
            Kind::Clan,
            0.0,
            vec![
                share_of_families("ty-le", 0.5, "gd"),
                required(criterion("quy", 0.0)),
            ],
        );
        let mut rules = family_rules();
        rules.titles.insert(0, clan);
        rules
    }

    #[test]
    fn a_clan_passes_or_fails_with_its_families() {
        let clan = record("dh-nguyen", Kind::Clan)
            .with_families(&["gd-a", "gd-b", "gd-c"])
            .assessed(2023, &[("quy", yes())])
            .assessed(2024, &[("quy", yes())]);
        let a = family("gd-a").assessed(2023, &PASS).assessed(2024, &PASS);
        let b = family("gd-b").assessed(2023, &PASS).assessed(2024, &FAIL);
        let c = family("gd-c")
            .assessed(2023, &FAIL)
            .title_revoked("gd", 2023);
        let honours = evaluate(&clan_rules(), &[clan, a, b, c]);
        assert!(honours.holds("dh-nguyen", 2023));
        assert!(!honours.holds("dh-nguyen", 2024));
        let share = |round| {
            let outcome = honours.outcome("dh-nguyen", round).expect("assessed");
            outcome.criterion("ty-le").map(|c| c.reading.clone())
        };
        assert_eq!(
            share(2024),
            Some(super::CriterionReading::Computed {
                share: 1.0 / 3.0,
                holding: 1,
                linked: 3,
                title: "gd".into()
            })
        );
        assert_eq!(share(2023).and_then(|r| r.as_number()), Some(2.0 / 3.0));
    }

    #[test]
    fn a_clan_without_families_gets_a_share_of_zero() {
        let clan = record("dh-le", Kind::Clan).assessed(2024, &[("quy", yes())]);
        let honours = evaluate(&clan_rules(), &[clan]);
        let outcome = honours.outcome("dh-le", 2024).expect("assessed");
        let share = outcome.criterion("ty-le").expect("criterion");
        assert_eq!(share.reading.as_number(), Some(0.0));
        assert!(!outcome.holds);
    }
}
