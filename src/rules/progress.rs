//! Progress toward the targets: the recognised share of each kind in each province and round,
//! with its denominator named, the target in force, and whether the province has met it, is on
//! track or is behind.

use serde::Serialize;

use crate::base::format::format_number;
use crate::base::inputs::{Counts, Kind, Province, ProvinceRound, Rules, Status, Target, Year};

/// Tolerance for comparing percentages computed in floating point.
const EPSILON: f64 = 1e-9;

/// One province, kind and reported round, against its target.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceProgress {
    /// The province's slug.
    pub province: String,
    pub province_name: String,
    pub kind: Kind,
    pub round: Year,
    pub counts: Counts,
    /// Recognised out of all; none when the total is 0.
    pub of_total: Option<Share>,
    /// Recognised out of registered, where the province reports registered.
    pub of_registered: Option<Share>,
    pub target: Option<TargetInForce>,
    /// None when there is no target or no share of total.
    pub status: Option<Status>,
}

impl ProvinceProgress {
    /// How many more must be recognised to reach the target's minimum: ceil(min% × total) −
    /// recognised, at least 0; none without a target or a total.
    pub fn gap(&self) -> Option<u64> {
        let target = self.target.as_ref()?;
        if self.counts.total == 0 {
            return None;
        }
        // A tiny tolerance so that 70% of 1000 needs 700, not 701 through rounding.
        let needed = (target.min * self.counts.total as f64 / 100.0 - EPSILON).ceil();
        let needed = if needed <= 0.0 { 0 } else { needed as u64 };
        Some(needed.saturating_sub(self.counts.recognised))
    }
}

/// A recognised share in percent, with the count it is out of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub percent: f64,
    pub denominator: Denominator,
    pub recognised: u64,
    pub out_of: u64,
}

impl Share {
    /// "81.3% of all families" / "91.33% of registered families".
    pub fn describe(&self, kind: Kind) -> String {
        let of = match self.denominator {
            Denominator::Total => "all",
            Denominator::Registered => "registered",
        };
        format!("{}% of {of} {}", format_number(self.percent), plural(kind))
    }
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Family => "families",
        Kind::Clan => "clans",
        Kind::Community => "communities",
        Kind::Unit => "units",
        Kind::Citizen => "citizens",
    }
}

/// What a share is out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Denominator {
    Total,
    Registered,
}

/// Where the target in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetSource {
    National,
    Province,
}

/// The target share (percent) in force for a kind and round, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetInForce {
    pub source: TargetSource,
    pub basis: String,
    pub first: Year,
    pub last: Year,
    pub min: f64,
    pub stretch: Option<f64>,
    /// Whether the share of total reaches the stretch value (none without one).
    pub stretch_met: Option<bool>,
}

/// Progress of every province, kind (not citizens) and reported round, sorted by province slug,
/// kind and round.
pub fn progress(rules: &Rules, provinces: &[Province]) -> Vec<ProvinceProgress> {
    let mut all: Vec<ProvinceProgress> = provinces
        .iter()
        .flat_map(|province| {
            province.rounds.iter().flat_map(move |round| {
                round
                    .counts
                    .iter()
                    .filter(|(kind, _)| **kind != Kind::Citizen)
                    .map(move |(kind, counts)| one(rules, province, round, *kind, *counts))
            })
        })
        .collect();
    all.sort_by(|a, b| (&a.province, a.kind, a.round).cmp(&(&b.province, b.kind, b.round)));
    all
}

fn one(
    rules: &Rules,
    province: &Province,
    round: &ProvinceRound,
    kind: Kind,
    counts: Counts,
) -> ProvinceProgress {
    let of_total = share(counts.recognised, counts.total, Denominator::Total);
    let target = target_in_force(rules, province, kind, round.year, of_total.as_ref());
    let status = match (&of_total, &target) {
        (Some(share), Some(target)) => Some(status(province, kind, round.year, share, target)),
        _ => None,
    };
    ProvinceProgress {
        province: province.slug.clone(),
        province_name: province.name.clone(),
        kind,
        round: round.year,
        counts,
        of_registered: counts
            .registered
            .and_then(|r| share(counts.recognised, r, Denominator::Registered)),
        of_total,
        target,
        status,
    }
}

fn share(recognised: u64, out_of: u64, denominator: Denominator) -> Option<Share> {
    (out_of > 0).then(|| Share {
        percent: recognised as f64 * 100.0 / out_of as f64,
        denominator,
        recognised,
        out_of,
    })
}

/// The province's own target for the kind and round if it has one, else the national one.
fn target_in_force(
    rules: &Rules,
    province: &Province,
    kind: Kind,
    round: Year,
    of_total: Option<&Share>,
) -> Option<TargetInForce> {
    let own = covering(&province.targets, kind, round).map(|t| (TargetSource::Province, t));
    let (source, target) =
        own.or_else(|| covering(&rules.targets, kind, round).map(|t| (TargetSource::National, t)))?;
    let share = target.shares.get(&kind)?;
    Some(TargetInForce {
        source,
        basis: target.basis.clone(),
        first: target.first,
        last: target.last,
        min: share.min,
        stretch: share.stretch,
        stretch_met: share
            .stretch
            .map(|s| of_total.is_some_and(|t| t.percent + EPSILON >= s)),
    })
}

/// The first target whose phase contains `round` and that has a share for `kind`.
fn covering(targets: &[Target], kind: Kind, round: Year) -> Option<&Target> {
    targets
        .iter()
        .find(|t| t.first <= round && round <= t.last && t.shares.contains_key(&kind))
}

fn status(
    province: &Province,
    kind: Kind,
    round: Year,
    share: &Share,
    target: &TargetInForce,
) -> Status {
    let on_track = match previous_share(province, kind, round) {
        Some((year, before)) => keeps_pace(
            share.percent,
            before,
            years_between(year, round),
            round,
            target,
        ),
        None => reaches_straight_line(share.percent, round, target),
    };
    if share.percent + EPSILON >= target.min {
        Status::Met
    } else if on_track {
        Status::OnTrack
    } else {
        Status::Behind
    }
}

/// The latest earlier reported round with a share of total for `kind`, and that share.
fn previous_share(province: &Province, kind: Kind, round: Year) -> Option<(Year, f64)> {
    province
        .rounds
        .iter()
        .filter(|r| r.year < round)
        .filter_map(|r| {
            let counts = r.counts.get(&kind)?;
            let share = share(counts.recognised, counts.total, Denominator::Total)?;
            Some((r.year, share.percent))
        })
        .max_by_key(|(year, _)| *year)
}

/// The number of years from `from` to `to`, as a float (no overflow on absurd years).
fn years_between(from: Year, to: Year) -> f64 {
    to as f64 - from as f64
}

/// Whether the share gained per year since `years` ago, kept until the phase's last year,
/// reaches the minimum.
fn keeps_pace(now: f64, before: f64, years: f64, round: Year, target: &TargetInForce) -> bool {
    if years <= 0.0 {
        return false;
    }
    let per_year = (now - before) / years;
    let projected = now + per_year * years_between(round, target.last);
    projected + EPSILON >= target.min
}

/// Whether the share reaches the straight line from 0 at the phase's start to the minimum at
/// its last year: `min * (round - first + 1) / (last - first + 1)`.
fn reaches_straight_line(now: f64, round: Year, target: &TargetInForce) -> bool {
    let years = years_between(target.first, target.last) + 1.0;
    if years <= 0.0 {
        return false;
    }
    let expected = target.min * (years_between(target.first, round) + 1.0) / years;
    now + EPSILON >= expected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::inputs::Kind::{Citizen, Clan, Family};
    use crate::rules::testkit::*;

    fn national(family_min: f64) -> Rules {
        let mut rules = rules(Vec::new(), Vec::new());
        rules.targets = vec![target(
            2023,
            2025,
            "387/QĐ-TTg",
            &[
                (Family, target_share(family_min, None)),
                (Clan, target_share(65.0, Some(75.0))),
            ],
        )];
        rules
    }

    fn province_with(rounds: Vec<ProvinceRound>) -> Province {
        Province {
            rounds,
            ..province("bac-ninh", "Bắc Ninh")
        }
    }

    fn find(all: &[ProvinceProgress], kind: Kind, round: Year) -> &ProvinceProgress {
        all.iter()
            .find(|p| p.kind == kind && p.round == round)
            .expect("progress row")
    }

    #[test]
    fn shares_name_their_denominator() {
        let bac_ninh = province_with(vec![province_round(
            2024,
            &[
                (Family, counts(400, Some(300), 240)),
                (Citizen, counts(10, None, 5)),
            ],
        )]);
        let all = progress(&national(70.0), &[bac_ninh]);
        assert_eq!(all.len(), 1, "citizens have no progress row");
        let row = find(&all, Family, 2024);
        let total = row.of_total.as_ref().expect("share of total");
        assert_eq!(
            (total.percent, total.denominator),
            (60.0, Denominator::Total)
        );
        assert_eq!(total.describe(Family), "60% of all families");
        let registered = row.of_registered.as_ref().expect("share of registered");
        assert_eq!(registered.denominator, Denominator::Registered);
        assert_eq!(registered.describe(Family), "80% of registered families");
    }

    #[test]
    fn a_share_at_the_minimum_is_met() {
        let bac_ninh = province_with(vec![province_round(
            2024,
            &[(Family, counts(100, None, 70))],
        )]);
        let all = progress(&national(70.0), &[bac_ninh]);
        assert_eq!(find(&all, Family, 2024).status, Some(Status::Met));
    }

    #[test]
    fn a_range_target_keeps_min_and_stretch() {
        let bac_ninh = province_with(vec![
            province_round(2024, &[(Clan, counts(100, None, 70))]),
            province_round(2025, &[(Clan, counts(100, None, 76))]),
        ]);
        let all = progress(&national(70.0), &[bac_ninh]);
        let target = find(&all, Clan, 2024).target.clone().expect("target");
        assert_eq!((target.min, target.stretch), (65.0, Some(75.0)));
        assert_eq!(target.source, TargetSource::National);
        assert_eq!(target.basis, "387/QĐ-TTg");
        assert_eq!(target.stretch_met, Some(false));
        assert_eq!(find(&all, Clan, 2024).status, Some(Status::Met));
        let stretch = find(&all, Clan, 2025)
            .target
            .as_ref()
            .and_then(|t| t.stretch_met);
        assert_eq!(stretch, Some(true));
    }

    #[test]
    fn the_province_target_overrides_the_national_one_in_its_phase() {
        let mut bac_ninh = province_with(vec![
            province_round(
                2024,
                &[(Family, counts(100, None, 75)), (Clan, counts(10, None, 7))],
            ),
            province_round(2026, &[(Family, counts(100, None, 75))]),
        ]);
        bac_ninh.targets = vec![target(
            2021,
            2025,
            "267/KH-UBND",
            &[(Family, target_share(80.0, None))],
        )];
        let all = progress(&national(70.0), &[bac_ninh]);
        let family_2024 = find(&all, Family, 2024);
        let target = family_2024.target.as_ref().expect("target");
        assert_eq!((target.source, target.min), (TargetSource::Province, 80.0));
        assert_eq!(target.basis, "267/KH-UBND");
        assert_ne!(family_2024.status, Some(Status::Met));
        let clan_target = find(&all, Clan, 2024).target.as_ref().map(|t| t.source);
        assert_eq!(clan_target, Some(TargetSource::National));
        let after = find(&all, Family, 2026);
        assert!(after.target.is_none());
        assert_eq!(after.status, None);
    }

    #[test]
    fn on_track_at_the_pace_since_the_previous_round() {
        // 50 -> 60 in a year: 70 by 2025. 50 -> 55: 60 by 2025, behind.
        let bac_ninh = province_with(vec![
            province_round(
                2023,
                &[
                    (Family, counts(100, None, 50)),
                    (Clan, counts(100, None, 50)),
                ],
            ),
            province_round(
                2024,
                &[
                    (Family, counts(100, None, 60)),
                    (Clan, counts(100, None, 55)),
                ],
            ),
        ]);
        let mut rules = national(70.0);
        rules.targets[0]
            .shares
            .insert(Clan, target_share(70.0, Some(80.0)));
        let all = progress(&rules, &[bac_ninh]);
        assert_eq!(find(&all, Family, 2024).status, Some(Status::OnTrack));
        assert_eq!(find(&all, Clan, 2024).status, Some(Status::Behind));
    }

    #[test]
    fn without_a_previous_round_the_straight_line_decides() {
        // Phase 2023-2025, minimum 60: the line is at 40 in 2024.
        let rows = |recognised| {
            province_with(vec![province_round(
                2024,
                &[(Family, counts(100, None, recognised))],
            )])
        };
        let on_line = progress(&national(60.0), &[rows(40)]);
        assert_eq!(find(&on_line, Family, 2024).status, Some(Status::OnTrack));
        let below = progress(&national(60.0), &[rows(39)]);
        assert_eq!(find(&below, Family, 2024).status, Some(Status::Behind));
    }

    #[test]
    fn the_last_year_of_a_phase_below_the_minimum_is_behind() {
        let bac_ninh = province_with(vec![
            province_round(2024, &[(Family, counts(100, None, 40))]),
            province_round(2025, &[(Family, counts(100, None, 69))]),
        ]);
        let all = progress(&national(70.0), &[bac_ninh]);
        assert_eq!(find(&all, Family, 2025).status, Some(Status::Behind));
    }

    #[test]
    fn a_total_of_zero_has_no_share_and_no_status() {
        let bac_ninh = province_with(vec![province_round(
            2024,
            &[(Family, counts(0, Some(0), 0))],
        )]);
        let all = progress(&national(70.0), &[bac_ninh]);
        let row = find(&all, Family, 2024);
        assert!(row.of_total.is_none() && row.of_registered.is_none());
        assert!(row.target.is_some());
        assert_eq!(row.status, None);
    }
}
