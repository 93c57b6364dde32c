//! The "holds a title in N consecutive rounds up to this one" condition: counting back year by
//! year until a round without the title (not assessed, not earned, or revoked).

use super::{Condition, ConditionCheck, Facts};
use crate::base::inputs::Year;

/// How long the record has held the title, counting back from the round in question.
struct Streak {
    length: u32,
    /// The round that ended the streak, and why the title was not held in it.
    broken_at: (Year, &'static str),
}

/// Checks that the record holds `title` (none: the title of its kind) in `needed` consecutive
/// rounds ending at the facts' round.
pub(super) fn check(facts: &Facts, title: Option<&str>, needed: u32) -> ConditionCheck {
    let streak = count_back(facts, title);
    ConditionCheck {
        condition: Condition::HoldsTitle {
            title: title.map(str::to_string),
            needed,
            streak: streak.length,
        },
        met: streak.length >= needed,
        explanation: facts
            .words(|| explain(&facts.title_name(title), facts.round, &streak, needed)),
    }
}

/// Counts held rounds back from the facts' round; each step needs an outcome, so it ends.
fn count_back(facts: &Facts, title: Option<&str>) -> Streak {
    let mut length: u32 = 0;
    let mut year = facts.round;
    loop {
        if let Err(why) = held(facts, title, year) {
            return Streak {
                length,
                broken_at: (year, why),
            };
        }
        length = length.saturating_add(1);
        match year.checked_sub(1) {
            Some(previous) => year = previous,
            None => {
                return Streak {
                    length,
                    broken_at: (year, "no earlier round"),
                };
            }
        }
    }
}

fn held(facts: &Facts, title: Option<&str>, year: Year) -> Result<(), &'static str> {
    let outcome = facts.own.outcomes.get(&year).ok_or("not assessed")?;
    if title.is_some_and(|t| t != outcome.title_id) || !outcome.passed {
        return Err("not earned");
    }
    if outcome.revoked.is_some() {
        return Err("title revoked");
    }
    Ok(())
}

fn explain(name: &str, round: Year, streak: &Streak, needed: u32) -> String {
    let (broken_year, why) = streak.broken_at;
    let length = streak.length;
    if length == 0 {
        let mut text = format!("does not hold {name} in {round} ({why})");
        if needed > 1 {
            text.push_str(&format!(", needs {needed} consecutive rounds"));
        }
        return text;
    }
    if needed <= 1 {
        return format!("holds {name} in {round}");
    }
    let first = round - Year::from(length) + 1;
    let range = if length == 1 {
        round.to_string()
    } else {
        format!("{first}-{round}")
    };
    let rounds = if length == 1 { "round" } else { "rounds" };
    let mut text = format!("holds {name} {length} consecutive {rounds} ({range}), needs {needed}");
    if length < needed {
        text.push_str(&format!("; {broken_year}: {why}"));
    }
    text
}
