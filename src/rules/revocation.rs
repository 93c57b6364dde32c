//! Revocations: a title or an award withdrawn by decision from a round onward.

use serde::Serialize;

use crate::base::inputs::{Record, Revocation, Revoked, Year};

/// A revocation as shown to people: from which round, by which decision, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevocationNote {
    pub round: Year,
    pub decision: String,
    pub reason: String,
}

impl RevocationNote {
    fn of(revocation: &Revocation) -> Self {
        RevocationNote {
            round: revocation.round.value,
            decision: revocation.decision.clone(),
            reason: revocation.reason.clone(),
        }
    }

    /// "revoked from round 2025 by decision 30/QĐ-UBND: Kê khai không đúng".
    pub fn describe(&self) -> String {
        let mut text = format!("revoked from round {}", self.round);
        if !self.decision.is_empty() {
            text.push_str(&format!(" by decision {}", self.decision));
        }
        if !self.reason.is_empty() {
            text.push_str(&format!(": {}", self.reason));
        }
        text
    }
}

/// The revocation that withdraws title `title_id` from `record` in `round`, if any
/// (the earliest one in force).
pub fn title_revoked(record: &Record, title_id: &str, round: Year) -> Option<RevocationNote> {
    in_force(
        record,
        round,
        |what| matches!(what, Revoked::Title(t) if t.value == title_id),
    )
}

/// The revocation that withdraws award `award_id` from `record` in `round`, if any.
pub fn award_revoked(record: &Record, award_id: &str, round: Year) -> Option<RevocationNote> {
    in_force(
        record,
        round,
        |what| matches!(what, Revoked::Award(a) if a.value == award_id),
    )
}

/// The first revocation of award `award_id` in any round, if it was ever revoked.
pub fn award_ever_revoked(record: &Record, award_id: &str) -> Option<RevocationNote> {
    in_force(
        record,
        Year::MAX,
        |what| matches!(what, Revoked::Award(a) if a.value == award_id),
    )
}

fn in_force(
    record: &Record,
    round: Year,
    concerns: impl Fn(&Revoked) -> bool,
) -> Option<RevocationNote> {
    record
        .revocations
        .iter()
        .filter(|r| concerns(&r.what) && r.round.value <= round)
        .min_by_key(|r| r.round.value)
        .map(RevocationNote::of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::*;

    #[test]
    fn a_revocation_applies_from_its_round_on() {
        let an = family("gd-an")
            .title_revoked("gd", 2024)
            .award_revoked("gk", 2025);
        assert_eq!(title_revoked(&an, "gd", 2023), None);
        assert_eq!(title_revoked(&an, "gd", 2024).map(|r| r.round), Some(2024));
        assert_eq!(title_revoked(&an, "gd", 2030).map(|r| r.round), Some(2024));
        assert_eq!(title_revoked(&an, "other", 2030), None);
        assert_eq!(award_revoked(&an, "gk", 2024), None);
        assert!(award_revoked(&an, "gk", 2025).is_some());
        assert!(award_ever_revoked(&an, "gk").is_some());
        assert!(award_ever_revoked(&an, "gd").is_none());
    }

    #[test]
    fn a_revocation_is_described_with_decision_and_reason() {
        let an = family("gd-an").title_revoked("gd", 2025);
        let note = title_revoked(&an, "gd", 2025);
        assert_eq!(
            note.map(|n| n.describe()).as_deref(),
            Some("revoked from round 2025 by decision 30/QĐ-UBND: Kê khai không đúng")
        );
    }
}
