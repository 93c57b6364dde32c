//! Awards: whether a record is eligible for each award in a round, with every condition of the
//! award checked and explained in plain words.

use serde::Serialize;

use super::RecordHonours;
use super::revocation::award_revoked;
use crate::base::format::format_number;
use crate::base::inputs::{Award, CriterionCondition, Issuer, Record, Rules, Year};
use crate::base::name::Name;

mod streak;

/// One award checked for one record in one round.
#[derive(Debug, Clone, Serialize)]
pub struct AwardCheck {
    pub award_id: Name,
    pub award_name: Name,
    pub rank: i64,
    pub issuer: Issuer,
    pub round: Year,
    /// Every condition holds.
    pub eligible: bool,
    /// Every condition the award has, in a fixed order. Empty in the lean checks of
    /// [`super::evaluate`]; [`super::detail`] keeps them.
    pub conditions: Vec<ConditionCheck>,
}

impl AwardCheck {
    /// The check without its conditions: what [`super::evaluate`] keeps for every record.
    pub fn lean(mut self) -> Self {
        self.conditions = Vec::new();
        self
    }

    /// The explanations of the conditions that failed.
    pub fn failed_reasons(&self) -> Vec<&str> {
        self.conditions
            .iter()
            .filter(|c| !c.met)
            .map(|c| c.explanation.as_str())
            .collect()
    }
}

/// One condition of an award, checked.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionCheck {
    pub condition: Condition,
    pub met: bool,
    /// The reason in plain English ("holds Gia đình học tập 3 consecutive rounds (2023-2025),
    /// needs 3").
    pub explanation: String,
}

/// Which condition was checked, with the facts it was checked on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "condition", rename_all = "snake_case")]
pub enum Condition {
    /// Holds `title` (none: the title of the record's kind) in `needed` consecutive rounds up to
    /// this one; the record's streak is `streak` rounds long.
    HoldsTitle {
        title: Option<String>,
        needed: u32,
        streak: u32,
    },
    /// Received `award` in an earlier round, not revoked (`received_in`: that round).
    PriorAward {
        award: String,
        received_in: Option<Year>,
    },
    /// Given only in review rounds.
    ReviewRound,
    /// The round's score for the title is at least `needed`.
    MinPoints { needed: f64, score: Option<f64> },
    /// The value of `criterion` in the round's assessment is at least `at_least`.
    CriterionAtLeast {
        criterion: String,
        at_least: f64,
        value: Option<f64>,
    },
}

/// Whether award conditions are explained in words, or only judged (the lean verdicts of
/// `evaluate`, where the words would be thrown away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    Explained,
    Omitted,
}

/// Checks every award given to the record's kind, for `round`.
pub fn check_awards(
    rules: &Rules,
    record: &Record,
    own: &RecordHonours,
    round: Year,
    words: Words,
) -> Vec<AwardCheck> {
    let facts = Facts {
        rules,
        record,
        own,
        round,
        words,
    };
    rules
        .awards
        .iter()
        .filter(|a| a.kinds.contains(&record.kind))
        .map(|a| check_award(&facts, a))
        .collect()
}

fn check_award(facts: &Facts<'_>, award: &Award) -> AwardCheck {
    let round = facts.round;
    let eligible = &award.eligible;
    let mut conditions = Vec::new();
    if eligible.title.is_some() || eligible.consecutive_rounds.is_some() {
        let title = eligible.title.as_ref().map(|t| t.as_str());
        let needed = eligible.consecutive_rounds.unwrap_or(1);
        conditions.push(streak::check(facts, title, needed));
    }
    for prior in &eligible.prior_awards {
        conditions.push(facts.prior_award(&prior.value));
    }
    if eligible.review_rounds_only {
        conditions.push(facts.review_round());
    }
    if let Some(needed) = eligible.min_points {
        let title = eligible.title.as_ref().map(|t| t.as_str());
        conditions.push(facts.min_points(title, needed));
    }
    for condition in &eligible.criteria {
        conditions.push(facts.criterion(condition));
    }
    AwardCheck {
        award_id: award.id.value,
        award_name: award.name,
        rank: award.rank,
        issuer: award.issuer,
        round,
        eligible: conditions.iter().all(|c| c.met),
        conditions,
    }
}

/// What the conditions of one record's awards in one round are checked against.
struct Facts<'a> {
    rules: &'a Rules,
    record: &'a Record,
    own: &'a RecordHonours,
    round: Year,
    words: Words,
}

impl Facts<'_> {
    /// The explanation made by `text`, or nothing when words are omitted.
    fn words(&self, text: impl FnOnce() -> String) -> String {
        match self.words {
            Words::Explained => text(),
            Words::Omitted => String::new(),
        }
    }

    /// The display name of `title` (none: the title of the record's kind this round).
    fn title_name(&self, title: Option<&str>) -> String {
        let found = match title {
            Some(id) => self.rules.title(id),
            None => self.rules.title_for(self.record.kind, self.round),
        };
        match (found, title) {
            (Some(t), _) => t.name.to_string(),
            (None, Some(id)) => id.to_string(),
            (None, None) => format!("the {} title", self.record.kind),
        }
    }

    fn award_name(&self, award: &str) -> String {
        self.rules
            .award(award)
            .map_or_else(|| award.to_string(), |a| a.name.to_string())
    }

    fn prior_award(&self, award: &str) -> ConditionCheck {
        let latest_earlier = self
            .record
            .awards
            .iter()
            .filter(|a| a.award.value == award && a.round.value < self.round)
            .map(|a| a.round.value)
            .max();
        let revoked = award_revoked(self.record, award, self.round);
        let explanation = self.words(|| {
            let name = self.award_name(award);
            match (latest_earlier, &revoked) {
                (Some(round), None) => format!("received {name} before (round {round})"),
                (Some(round), Some(note)) => {
                    format!(
                        "received {name} in round {round}, but it was {}",
                        note.describe()
                    )
                }
                (None, _) => self.not_received_before(award, &name),
            }
        });
        let counted = latest_earlier.filter(|_| revoked.is_none());
        ConditionCheck {
            condition: Condition::PriorAward {
                award: award.to_string(),
                received_in: counted,
            },
            met: counted.is_some(),
            explanation,
        }
    }

    fn not_received_before(&self, award: &str, name: &str) -> String {
        let this_round = self
            .record
            .awards
            .iter()
            .any(|a| a.award.value == award && a.round.value == self.round);
        if this_round {
            format!(
                "received {name} only in round {} itself; it must be an earlier round",
                self.round
            )
        } else {
            format!("has not received {name} before round {}", self.round)
        }
    }

    fn review_round(&self) -> ConditionCheck {
        let review = self.rules.reviews.iter().find(|r| r.round == self.round);
        let explanation = self.words(|| match review {
            Some(r) => format!("{} is a review round ({})", self.round, r.name),
            None => format!("only in review rounds; {} is not one", self.round),
        });
        ConditionCheck {
            condition: Condition::ReviewRound,
            met: review.is_some(),
            explanation,
        }
    }

    /// The round's score for `title` (none: the record's own title), if it was scored.
    fn score(&self, title: Option<&str>) -> Option<f64> {
        let outcome = self.own.outcomes.get(&self.round)?;
        match title {
            Some(id) if outcome.title_id != id => None,
            _ => Some(outcome.score),
        }
    }

    fn min_points(&self, title: Option<&str>, needed: f64) -> ConditionCheck {
        let score = self.score(title);
        let explanation = self.words(|| {
            let name = self.title_name(title);
            let needs = format!("needs at least {}", format_number(needed));
            match score {
                Some(s) => format!(
                    "score {} for {name} in {}, {needs}",
                    format_number(s),
                    self.round
                ),
                None => format!(
                    "no score for {name} in {} (not assessed), {needs}",
                    self.round
                ),
            }
        });
        ConditionCheck {
            condition: Condition::MinPoints { needed, score },
            met: score.is_some_and(|s| s >= needed),
            explanation,
        }
    }

    /// The value of a criterion this round: as judged for the title, else as reported.
    fn criterion_value(&self, id: &str) -> (Option<f64>, String) {
        let outcome = self.own.outcomes.get(&self.round);
        if let Some(c) = outcome.and_then(|o| o.criterion(id)) {
            return (c.reading.as_number(), c.label.to_string());
        }
        let reported = self
            .record
            .assessment(self.round)
            .and_then(|a| a.criteria.get(id))
            .map(|v| match v.value {
                crate::base::inputs::CriterionValue::Bool(b) => f64::from(u8::from(b)),
                crate::base::inputs::CriterionValue::Number(n) => n,
            });
        (reported, id.to_string())
    }

    fn criterion(&self, condition: &CriterionCondition) -> ConditionCheck {
        let id = condition.id.as_str();
        let (value, label) = self.criterion_value(id);
        let explanation = self.words(|| {
            let needs = format!("needs at least {}", format_number(condition.at_least));
            match value {
                Some(v) => format!("{label} = {}, {needs}", format_number(v)),
                None => format!("{label} not reported in {}, {needs}", self.round),
            }
        });
        ConditionCheck {
            condition: Condition::CriterionAtLeast {
                criterion: id.to_string(),
                at_least: condition.at_least,
                value,
            },
            met: value.is_some_and(|v| v >= condition.at_least),
            explanation,
        }
    }
}

#[cfg(test)]
mod tests;
