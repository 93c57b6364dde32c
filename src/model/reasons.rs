//! Why each result on a record page is what it is, taken from the rules' verdicts: which
//! required criterion failed, how many points were missing, the share of member families for a
//! computed criterion, how long the title has been held, and what the next award still lacks.
//! Names, counts and scores only: criterion values stay in `explain`.

use std::collections::HashMap;

use serde::Serialize;

use super::Urls;
use crate::base::inputs::{Inputs, Record, Revoked, Rules, Year};
use crate::base::name::Name;
use crate::rules::{
    self, AwardCheck, Condition, CriterionReading, Honours, RecordHonours, RoundOutcome,
};

/// Why a round's result is what it is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoundWhy {
    /// The title is held, `streak` rounds in a row up to this one.
    Held { streak: u32 },
    /// The criteria were met, but the title was withdrawn (the round's `revoked` says how).
    Revoked,
    /// The title was not earned (boxed: the shortfall is larger than the rest of a round).
    Failed { shortfall: Box<Shortfall> },
}

/// What a round lacked for the title, every failed part of the pass condition.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Shortfall {
    /// Labels of the required criteria not met that are reported (not computed).
    pub required: Vec<Name>,
    /// The computed criteria not met, with the counts they were judged on.
    pub shares: Vec<ShareShortfall>,
    /// The score and the pass mark, when the score is below it.
    pub points: Option<(f64, f64)>,
    /// Criteria met and criteria needed, when too few were met.
    pub met: Option<(u32, u32)>,
}

/// A computed criterion not met: `holding` of `linked` records held `title`, `least` needed.
#[derive(Debug, Clone, Serialize)]
pub struct ShareShortfall {
    pub label: Name,
    pub holding: usize,
    pub linked: usize,
    /// Whether the counts may be shown: not when a linked record is not public, whose title
    /// they would let a reader work out.
    pub counted: bool,
    /// The least share, from 0 to 1.
    pub least: f64,
    pub title_name: Name,
}

/// What a record page says beyond its rounds: its public member records and the next award.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outlook {
    /// The public records linked to this one (a clan's families), in the record's order.
    pub members: Vec<MemberLink>,
    pub next_award: Option<NextAward>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberLink {
    pub name: String,
    pub url: String,
}

/// The first award, by rank, the record has not received and is not eligible for in its
/// latest assessed round, with what it lacks there.
#[derive(Debug, Clone, Serialize)]
pub struct NextAward {
    /// The award's id (its page is `Urls::award`): a million records share a few awards.
    pub award_id: Name,
    pub award_name: Name,
    pub round: Year,
    pub lacks: Vec<Lack>,
    /// Criterion conditions it has besides, whose verdict is not published.
    pub also: Vec<Lack>,
}

/// One condition of an award that a record does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Lack {
    /// Holds the title `streak` rounds in a row, `needed` are required.
    Streak {
        title_name: Name,
        streak: u32,
        needed: u32,
    },
    PriorAward {
        award_name: Name,
    },
    /// Given only in review rounds.
    ReviewRound,
    MinPoints {
        needed: f64,
    },
    Criterion {
        label: Name,
        at_least: f64,
    },
}

/// Why `outcome` is what it is. `own` holds the record's verdicts; `full` is its verdict in
/// full (each criterion's reading), needed only when a computed criterion failed.
pub fn round_why(
    rules: &Rules,
    outcome: &RoundOutcome,
    own: &RecordHonours,
    full: Option<&RecordHonours>,
    members_public: bool,
) -> RoundWhy {
    if outcome.holds {
        return RoundWhy::Held {
            streak: streak(own, outcome.round),
        };
    }
    if outcome.passed {
        return RoundWhy::Revoked;
    }
    RoundWhy::Failed {
        shortfall: Box::new(shortfall(rules, outcome, full, members_public)),
    }
}

/// Rounds held in a row, counting back year by year from `round` (as the awards count).
fn streak(own: &RecordHonours, round: Year) -> u32 {
    let mut length = 0;
    let mut year = round;
    while own.outcomes.get(&year).is_some_and(|o| o.holds) {
        length += 1;
        match year.checked_sub(1) {
            Some(previous) => year = previous,
            None => break,
        }
    }
    length
}

fn shortfall(
    rules: &Rules,
    outcome: &RoundOutcome,
    full: Option<&RecordHonours>,
    members_public: bool,
) -> Shortfall {
    let title = rules.title(&outcome.title_id);
    let full_outcome = full.and_then(|f| f.outcomes.get(&outcome.round));
    let mut found = Shortfall::default();
    for id in &outcome.required_failed {
        let criterion = title.and_then(|t| t.criterion(id));
        let label = criterion.map_or(*id, |c| c.label);
        let reading = full_outcome
            .and_then(|o| o.criterion(id))
            .map(|c| (&c.reading, c.at_least));
        match reading {
            Some((
                CriterionReading::Computed {
                    holding,
                    linked,
                    title,
                    ..
                },
                at_least,
            )) => found.shares.push(ShareShortfall {
                label,
                holding: *holding,
                linked: *linked,
                counted: members_public,
                least: at_least.unwrap_or(1.0),
                title_name: rules.title(title).map_or(Name::new(title), |t| t.name),
            }),
            _ => found.required.push(label),
        }
    }
    if outcome.score < outcome.min_points {
        found.points = Some((outcome.score, outcome.min_points));
    }
    if outcome.met_count < outcome.min_met {
        found.met = Some((outcome.met_count, outcome.min_met));
    }
    found
}

/// Whether a failed required criterion of `record` is computed: only then is the record's
/// verdict needed in full.
pub fn needs_full_verdict(rules: &Rules, own: &RecordHonours) -> bool {
    own.outcomes.values().any(|o| {
        let title = rules.title(&o.title_id);
        o.required_failed.iter().any(|id| {
            title
                .and_then(|t| t.criterion(id))
                .is_some_and(|c| c.computed.is_some())
        })
    })
}

/// The outlook of `record`, or none when it has nothing to say. `public_names` gives the
/// name of each public record a record links to.
pub fn outlook(
    inputs: &Inputs,
    honours: &Honours,
    record: &Record,
    public_names: &HashMap<&str, &str>,
    urls: &Urls,
) -> Option<Box<Outlook>> {
    let members: Vec<MemberLink> = record
        .families
        .iter()
        .filter_map(|id| {
            public_names.get(id.value.as_str()).map(|name| MemberLink {
                name: (*name).to_string(),
                url: urls.record(&id.value),
            })
        })
        .collect();
    let next_award = next_award(inputs, honours, record);
    (!members.is_empty() || next_award.is_some()).then(|| {
        Box::new(Outlook {
            members,
            next_award,
        })
    })
}

fn next_award(inputs: &Inputs, honours: &Honours, record: &Record) -> Option<NextAward> {
    let round = *honours.record(&record.id.value)?.outcomes.keys().last()?;
    let rules = &inputs.rules;
    let eligible: Vec<Name> = honours
        .award_checks(&record.id.value, round)
        .iter()
        .filter(|c| c.eligible)
        .map(|c| c.award_id)
        .collect();
    let withdrawn = |award: &str| {
        record
            .revocations
            .iter()
            .any(|r| matches!(&r.what, Revoked::Award(id) if id.value == award))
    };
    let received =
        |award: &str| record.awards.iter().any(|a| a.award.value == award) && !withdrawn(award);
    let mut checks: Vec<AwardCheck> = rules::award_checks_in(rules, record, honours, round)
        .into_iter()
        .filter(|c| !eligible.contains(&c.award_id) && !received(&c.award_id))
        .collect();
    checks.sort_by_key(|c| c.rank);
    let check = checks.into_iter().next()?;
    let (lacks, also) = split_lacks(rules, record, round, &check);
    Some(NextAward {
        award_name: check.award_name,
        award_id: check.award_id,
        round,
        lacks,
        also,
    })
}

/// The conditions `check` does not meet, and its criterion conditions apart: criterion values
/// are not published, so a criterion condition is said to be lacking only when nothing else
/// is; otherwise it is named as a further requirement.
fn split_lacks(
    rules: &Rules,
    record: &Record,
    round: Year,
    check: &AwardCheck,
) -> (Vec<Lack>, Vec<Lack>) {
    let (criteria, others): (Vec<_>, Vec<_>) = check
        .conditions
        .iter()
        .partition(|c| matches!(c.condition, Condition::CriterionAtLeast { .. }));
    let criteria: Vec<Lack> = criteria
        .iter()
        .map(|c| lack(rules, record, round, &c.condition))
        .collect();
    let lacks: Vec<Lack> = others
        .iter()
        .filter(|c| !c.met)
        .map(|c| lack(rules, record, round, &c.condition))
        .collect();
    if lacks.is_empty() {
        (criteria, Vec::new())
    } else {
        (lacks, criteria)
    }
}

fn lack(rules: &Rules, record: &Record, round: Year, condition: &Condition) -> Lack {
    match condition {
        Condition::HoldsTitle {
            title,
            needed,
            streak,
        } => {
            let found = match title {
                Some(id) => rules.title(id),
                None => rules.title_for(record.kind, round),
            };
            Lack::Streak {
                title_name: found.map_or(Name::new(title.as_deref().unwrap_or("")), |t| t.name),
                streak: *streak,
                needed: *needed,
            }
        }
        Condition::PriorAward { award, .. } => Lack::PriorAward {
            award_name: rules.award(award).map_or(Name::new(award), |a| a.name),
        },
        Condition::ReviewRound => Lack::ReviewRound,
        Condition::MinPoints { needed, .. } => Lack::MinPoints { needed: *needed },
        Condition::CriterionAtLeast {
            criterion,
            at_least,
            ..
        } => Lack::Criterion {
            label: rules
                .titles
                .iter()
                .filter(|t| t.kind == record.kind)
                .find_map(|t| t.criterion(criterion))
                .map_or(Name::new(criterion), |c| c.label),
            at_least: *at_least,
        },
    }
}
