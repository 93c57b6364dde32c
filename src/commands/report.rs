//! The review report of one round for provincial staff and the emulation council: who newly
//! earned a title, who lost one since an earlier round (the previous one by default) and why,
//! who is eligible for an award but did not receive it, who received an award the rules say was
//! not earned, and each province's progress against its targets with the gap still to close.
//! Public records only. Written as Markdown, CSV or a printable HTML page, in either language.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::base::inputs::{Inputs, Kind, Name, Record, Year};
use crate::base::lang::Lang;
use crate::rules::{Honours, ProvinceProgress, not_eligible_because, progress};

mod csv;
mod html;
mod markdown;
mod scope;
mod sections;

/// The findings of one round, each list sorted by province slug, then record id.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub round: Year,
    /// The round compared with: the previous one unless `--since` says otherwise.
    pub since: Year,
    pub newly_recognised: Vec<Recognised>,
    pub lost: Vec<LostTitle>,
    /// By award rank, then award id; only awards with at least one record.
    pub eligible_not_received: Vec<AwardGroup>,
    pub received_not_eligible: Vec<NotEligible>,
    /// Every province and kind with counts for this round, by province slug then kind.
    pub progress: Vec<Progress>,
    /// The name of the one province reported on (`--province`); none for all of them.
    pub province: Option<String>,
}

/// One province and kind against its target in the round, with the gap still to close.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    #[serde(flatten)]
    pub row: ProvinceProgress,
    /// How many more must be recognised for the share of all to reach the target's minimum:
    /// ceil(min% × total) − recognised; 0 once reached, none without a target or a total.
    pub gap: Option<u64>,
}

/// The public facts of a record that identify it in the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecordRef {
    /// The province slug (sorted on first).
    pub province: String,
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub province_name: String,
    pub commune: String,
}

/// Holds a title this round, not the round before.
#[derive(Debug, Clone, Serialize)]
pub struct Recognised {
    pub record: RecordRef,
    pub title_id: Name,
    pub title_name: Name,
    pub score: f64,
    pub grade: Option<Name>,
}

/// Held a title the round before, not this round.
#[derive(Debug, Clone, Serialize)]
pub struct LostTitle {
    pub record: RecordRef,
    pub title_id: Name,
    pub title_name: Name,
    pub reason: LossReason,
    /// The reason in plain words: the failed criteria, or the revocation.
    pub detail: String,
}

/// Why a title held the round before is not held this round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LossReason {
    FailedCriteria,
    NotAssessed,
    Revoked,
}

/// The records eligible for one award this round that did not receive it this round.
#[derive(Debug, Clone, Serialize)]
pub struct AwardGroup {
    pub award_id: Name,
    pub award_name: Name,
    pub rank: i64,
    pub records: Vec<RecordRef>,
}

/// An award received this round that the rules say was not earned.
#[derive(Debug, Clone, Serialize)]
pub struct NotEligible {
    pub record: RecordRef,
    pub award_id: Name,
    pub award_name: Name,
    pub decision: String,
    /// The conditions that failed.
    pub why: String,
}

/// The review report of `round`, compared with `since` (default: the round before).
pub fn review(inputs: &Inputs, honours: &Honours, round: Year, since: Option<Year>) -> Review {
    let records = public_records(inputs);
    let since = since.unwrap_or(round.saturating_sub(1));
    let rounds = (round, since);
    let mut review = Review {
        round,
        since,
        newly_recognised: records
            .iter()
            .filter_map(|r| recognised(inputs, honours, r, rounds))
            .collect(),
        lost: records
            .iter()
            .filter_map(|r| lost(inputs, honours, r, rounds))
            .collect(),
        eligible_not_received: eligible_not_received(inputs, honours, &records, round),
        received_not_eligible: records
            .iter()
            .flat_map(|r| received_not_eligible(inputs, honours, r, round))
            .collect(),
        progress: progress_in(inputs, round),
        province: None,
    };
    review
        .newly_recognised
        .sort_by(|a, b| a.record.cmp(&b.record));
    review.lost.sort_by(|a, b| a.record.cmp(&b.record));
    review
        .received_not_eligible
        .sort_by(|a, b| (&a.record, &a.award_id).cmp(&(&b.record, &b.award_id)));
    review
}

/// Public records, the first of each id.
fn public_records(inputs: &Inputs) -> Vec<&Record> {
    let mut seen = BTreeSet::new();
    inputs
        .records
        .iter()
        .filter(|r| seen.insert(r.id.as_str()))
        .filter(|r| r.public)
        .collect()
}

fn record_ref(inputs: &Inputs, record: &Record) -> RecordRef {
    let province = inputs
        .provinces
        .iter()
        .find(|p| p.slug == record.province.value);
    RecordRef {
        province: record.province.value.to_string(),
        id: record.id.value.clone(),
        name: record.name.clone(),
        kind: record.kind,
        province_name: province
            .map_or_else(|| record.province.value.to_string(), |p| p.name.clone()),
        commune: province
            .and_then(|p| p.commune(&record.commune.value))
            .map_or_else(|| record.commune.value.to_string(), |c| c.name.clone()),
    }
}

/// Holds the title in `round`, not in `since`.
fn recognised(
    inputs: &Inputs,
    honours: &Honours,
    record: &Record,
    (round, since): (Year, Year),
) -> Option<Recognised> {
    let id = record.id.as_str();
    let outcome = honours.outcome(id, round).filter(|o| o.holds)?;
    if honours.holds(id, since) {
        return None;
    }
    Some(Recognised {
        record: record_ref(inputs, record),
        title_id: outcome.title_id,
        title_name: outcome.title_name,
        score: outcome.score,
        grade: outcome.grade,
    })
}

/// Held the title in `since`, not in `round`.
fn lost(
    inputs: &Inputs,
    honours: &Honours,
    record: &Record,
    (round, since): (Year, Year),
) -> Option<LostTitle> {
    let id = record.id.as_str();
    let before = honours.outcome(id, since).filter(|o| o.holds)?;
    let (reason, detail) = match honours.outcome(id, round) {
        Some(now) if now.holds => return None,
        None => (LossReason::NotAssessed, format!("not assessed in {round}")),
        Some(now) => match &now.revoked {
            Some(note) => (LossReason::Revoked, note.describe()),
            None => (LossReason::FailedCriteria, now.failures().join("; ")),
        },
    };
    Some(LostTitle {
        record: record_ref(inputs, record),
        title_id: before.title_id,
        title_name: before.title_name,
        reason,
        detail,
    })
}

fn eligible_not_received(
    inputs: &Inputs,
    honours: &Honours,
    records: &[&Record],
    round: Year,
) -> Vec<AwardGroup> {
    let mut awards: Vec<_> = inputs.rules.awards.iter().collect();
    awards.sort_by(|a, b| (a.rank, &a.id.value).cmp(&(b.rank, &b.id.value)));
    awards
        .into_iter()
        .map(|award| {
            let id = award.id.as_str();
            let mut eligible: Vec<RecordRef> = records
                .iter()
                .filter(|r| {
                    honours
                        .award_check(r.id.as_str(), round, id)
                        .is_some_and(|c| c.eligible)
                })
                .filter(|r| {
                    !r.awards
                        .iter()
                        .any(|a| a.award.value == id && a.round.value == round)
                })
                .map(|r| record_ref(inputs, r))
                .collect();
            eligible.sort();
            AwardGroup {
                award_id: Name::from(id),
                award_name: award.name,
                rank: award.rank,
                records: eligible,
            }
        })
        .filter(|group| !group.records.is_empty())
        .collect()
}

fn received_not_eligible(
    inputs: &Inputs,
    honours: &Honours,
    record: &Record,
    round: Year,
) -> Vec<NotEligible> {
    record
        .awards
        .iter()
        .filter(|a| a.round.value == round)
        .filter_map(|received| {
            let why = not_eligible_because(&inputs.rules, record, received, honours)?;
            let award = inputs.rules.award(&received.award.value)?;
            Some(NotEligible {
                record: record_ref(inputs, record),
                award_id: award.id.value,
                award_name: award.name,
                decision: received.decision.clone(),
                why,
            })
        })
        .collect()
}

/// Progress of every province and kind that reports counts for `round`.
fn progress_in(inputs: &Inputs, round: Year) -> Vec<Progress> {
    progress(&inputs.rules, &inputs.provinces)
        .into_iter()
        .filter(|row| row.round == round)
        .map(|row| Progress {
            gap: gap(&row),
            row,
        })
        .collect()
}

/// ceil(min% × total) − recognised, at least 0; none without a target or a total.
fn gap(row: &ProvinceProgress) -> Option<u64> {
    let target = row.target.as_ref()?;
    if row.counts.total == 0 {
        return None;
    }
    // A tiny tolerance so that 70% of 1000 needs 700, not 701 through rounding.
    let needed = (target.min * row.counts.total as f64 / 100.0 - 1e-9).ceil();
    let needed = if needed <= 0.0 { 0 } else { needed as u64 };
    Some(needed.saturating_sub(row.counts.recognised))
}

impl Review {
    /// The report as Markdown: a heading and a table per section.
    pub fn to_markdown(&self, inputs: &Inputs, lang: Lang) -> String {
        markdown::write(&self.sections(inputs, lang))
    }

    /// The report as CSV, one row per finding and one per province and kind of the progress.
    pub fn to_csv(&self, lang: Lang) -> String {
        csv::write(self, lang)
    }

    /// The report as a standalone HTML page to print on A4 for the emulation council, dated
    /// `made` (the day it is printed).
    pub fn to_html(&self, inputs: &Inputs, lang: Lang, made: crate::base::inputs::Date) -> String {
        html::write(&self.sections(inputs, lang), lang, made)
    }

    fn sections(&self, inputs: &Inputs, lang: Lang) -> sections::Report {
        sections::report(self, inputs, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::inputs::{Eligibility, Kind, TargetShare};
    use crate::rules::evaluate;
    use crate::rules::testkit::*;

    /// Family title `gd`; awards `gk` (rank 1: holds the title) and `bk` (rank 2: 2 rounds).
    fn site(records: Vec<Record>) -> Inputs {
        let mut rules = family_rules();
        rules.awards = vec![
            award("bk", 2, &[Kind::Family], streak_of(None, 2)),
            award("gk", 1, &[Kind::Family], streak_of(Some("gd"), 1)),
        ];
        inputs(rules, records)
    }

    fn review_of(site: &Inputs, round: Year) -> Review {
        review(site, &evaluate(&site.rules, &site.records), round, None)
    }

    fn ids<'a>(refs: impl Iterator<Item = &'a RecordRef>) -> Vec<&'a str> {
        refs.map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn newly_recognised_is_sorted_by_province_then_id() {
        let site = site(vec![
            family("gd-b").assessed(2025, &PASS),
            family("gd-a").assessed(2025, &PASS).in_province("ha-noi"),
            family("gd-c").assessed(2024, &PASS).assessed(2025, &PASS),
            family("gd-d").assessed(2024, &FAIL).assessed(2025, &PASS),
            family("gd-e").assessed(2025, &FAIL),
        ]);
        let review = review_of(&site, 2025);
        let recognised = ids(review.newly_recognised.iter().map(|r| &r.record));
        assert_eq!(recognised, ["gd-b", "gd-d", "gd-a"]);
        assert_eq!(review.newly_recognised[2].record.province_name, "Hà Nội");
    }

    #[test]
    fn a_lost_title_says_why() {
        let site = site(vec![
            family("gd-failed")
                .assessed(2024, &PASS)
                .assessed(2025, &FAIL),
            family("gd-missing").assessed(2024, &PASS),
            family("gd-revoked")
                .assessed(2024, &PASS)
                .assessed(2025, &PASS)
                .title_revoked("gd", 2025),
            family("gd-kept")
                .assessed(2024, &PASS)
                .assessed(2025, &PASS),
        ]);
        let review = review_of(&site, 2025);
        let reasons: Vec<(&str, LossReason, &str)> = review
            .lost
            .iter()
            .map(|l| (l.record.id.as_str(), l.reason, l.detail.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "gd-failed",
                    LossReason::FailedCriteria,
                    "required criterion a not met"
                ),
                (
                    "gd-missing",
                    LossReason::NotAssessed,
                    "not assessed in 2025"
                ),
                (
                    "gd-revoked",
                    LossReason::Revoked,
                    "revoked from round 2025 by decision 30/QĐ-UBND: Kê khai không đúng"
                ),
            ]
        );
    }

    #[test]
    fn eligible_not_received_is_grouped_by_award_rank() {
        let site = site(vec![
            family("gd-a").assessed(2024, &PASS).assessed(2025, &PASS),
            family("gd-b").assessed(2025, &PASS).received("gk", 2025),
            family("gd-c")
                .assessed(2024, &PASS)
                .assessed(2025, &PASS)
                .received("bk", 2025),
        ]);
        let review = review_of(&site, 2025);
        let groups: Vec<(&str, Vec<&str>)> = review
            .eligible_not_received
            .iter()
            .map(|g| (g.award_id.as_str(), ids(g.records.iter())))
            .collect();
        assert_eq!(groups, [("gk", vec!["gd-a", "gd-c"]), ("bk", vec!["gd-a"])]);
    }

    #[test]
    fn received_but_not_eligible_lists_the_failed_conditions() {
        let site = site(vec![
            family("gd-a").assessed(2025, &PASS).received("bk", 2025),
            family("gd-b").assessed(2025, &FAIL).received("gk", 2024),
        ]);
        let review = review_of(&site, 2025);
        assert_eq!(review.received_not_eligible.len(), 1);
        let finding = &review.received_not_eligible[0];
        assert_eq!(
            (finding.record.id.as_str(), finding.award_id.as_str()),
            ("gd-a", "bk")
        );
        assert_eq!(
            finding.why,
            "holds Name gd 1 consecutive round (2025), needs 2; 2024: not assessed"
        );
    }

    #[test]
    fn records_that_are_not_public_are_left_out() {
        let site = site(vec![
            family("gd-secret")
                .assessed(2025, &PASS)
                .received("bk", 2025)
                .hidden(),
            family("gd-gone").assessed(2024, &PASS).hidden(),
        ]);
        let review = review_of(&site, 2025);
        assert!(review.newly_recognised.is_empty());
        assert!(review.lost.is_empty());
        assert!(review.eligible_not_received.is_empty());
        assert!(review.received_not_eligible.is_empty());
        assert!(!review.to_csv(Lang::En).contains("gd-secret"));
        assert!(!review.to_markdown(&site, Lang::En).contains("gd-secret"));
    }

    #[test]
    fn markdown_has_a_heading_and_a_table_per_section() {
        let mut record = family("gd-a").assessed(2025, &PASS).received("bk", 2025);
        record.name = "Gia đình | ông A".into();
        let site = site(vec![record]);
        let markdown = review_of(&site, 2025).to_markdown(&site, Lang::En);
        let expected = "\
# Review report, round 2025

Sơ kết 2025 (Basis review).

## Progress against targets, round 2025

No province reports counts for round 2025.

## Newly recognised (1)

| Record | Kind | Province | Commune | Title | Score |
|---|---|---|---|---|---|
| Gia đình \\| ông A (gd-a) | family | Bắc Ninh | Phường Kinh Bắc | Name gd | score 20 |

## Lost a title since 2024 (0)

None.

## Eligible for an award but not received in 2025

### Award gk (gk): 1 record

| Record | Kind | Province | Commune |
|---|---|---|---|
| Gia đình \\| ông A (gd-a) | family | Bắc Ninh | Phường Kinh Bắc |

## Received but not eligible in 2025 (1)

| Record | Kind | Province | Commune | Award | Decision | Why not eligible |
|---|---|---|---|---|---|---|
| Gia đình \\| ông A (gd-a) | family | Bắc Ninh | Phường Kinh Bắc | Award bk | 2025/QĐ-UBND | holds Name gd 1 consecutive round (2025), needs 2; 2024: not assessed |

";
        assert_eq!(markdown, expected);
    }

    #[test]
    fn csv_has_one_row_per_finding() {
        let site = site(vec![
            family("gd-a").assessed(2025, &PASS).received("bk", 2025),
            family("gd-b").assessed(2024, &PASS),
        ]);
        let csv = review_of(&site, 2025).to_csv(Lang::En);
        let expected = "\
\u{feff}section,record_id,name,province,commune,kind,title_or_award,detail,share_of_all,target,status,gap
newly_recognised,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Name gd,score 20,,,,
lost_title,gd-b,Name gd-b,Bắc Ninh,Phường Kinh Bắc,family,Name gd,not assessed in 2025,,,,
eligible_not_received,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Award gk,,,,,
received_not_eligible,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Award bk,\"decision 2025/QĐ-UBND: holds Name gd 1 consecutive round (2025), needs 2; 2024: not assessed\",,,,
";
        assert_eq!(csv, expected);
    }

    /// Bắc Ninh reports 1000 families, 650 recognised, in 2025, under a 70% national target.
    fn site_with_counts(records: Vec<Record>) -> Inputs {
        let mut site = site(records);
        site.rules.targets = vec![target(
            2023,
            2025,
            "QĐ 387",
            &[(
                Kind::Family,
                TargetShare {
                    min: 70.0,
                    stretch: None,
                },
            )],
        )];
        site.provinces[0].rounds = vec![province_round(
            2025,
            &[(Kind::Family, counts(1000, Some(900), 650))],
        )];
        site
    }

    #[test]
    fn the_gap_is_the_households_still_needed_to_reach_the_target() {
        let site = site_with_counts(Vec::new());
        let review = review_of(&site, 2025);
        assert_eq!(review.progress.len(), 1);
        assert_eq!(review.progress[0].gap, Some(50));
        let markdown = review.to_markdown(&site, Lang::Vi);
        assert!(
            markdown.contains("| Bắc Ninh | gia đình | 650 | 1.000 | 65% | 72,2% | 70% |"),
            "{markdown}"
        );
        assert!(markdown.contains("| 50 hộ |"), "{markdown}");
        let english = review.to_markdown(&site, Lang::En);
        assert!(english.contains("| 50 households |"), "{english}");
        let csv = review.to_csv(Lang::En);
        assert!(
            csv.ends_with("progress,,,Bắc Ninh,,family,,,65%,70%,behind,50\n"),
            "{csv}"
        );
    }

    #[test]
    fn a_reached_target_has_no_gap_and_a_missing_one_no_figure() {
        let mut site = site_with_counts(Vec::new());
        site.provinces[0].rounds[0]
            .counts
            .insert(Kind::Family, counts(1000, None, 700));
        assert_eq!(review_of(&site, 2025).progress[0].gap, Some(0));
        site.rules.targets.clear();
        assert_eq!(review_of(&site, 2025).progress[0].gap, None);
        assert!(review_of(&site, 2024).progress.is_empty());
    }

    #[test]
    fn since_compares_with_any_earlier_round() {
        let site = site(vec![
            family("gd-a").assessed(2023, &PASS).assessed(2025, &PASS),
            family("gd-b").assessed(2023, &PASS).assessed(2024, &PASS),
            family("gd-c").assessed(2024, &PASS).assessed(2025, &PASS),
        ]);
        let honours = evaluate(&site.rules, &site.records);
        let review = review(&site, &honours, 2025, Some(2023));
        assert_eq!(review.since, 2023);
        assert_eq!(
            ids(review.newly_recognised.iter().map(|r| &r.record)),
            ["gd-c"]
        );
        assert_eq!(ids(review.lost.iter().map(|l| &l.record)), ["gd-b"]);
        let markdown = review.to_markdown(&site, Lang::Vi);
        assert!(markdown.starts_with("# Báo cáo kết quả đợt 2025 so với đợt 2023\n"));
        assert!(
            markdown.contains("## Mất danh hiệu so với đợt 2023 (1)"),
            "{markdown}"
        );
    }

    #[test]
    fn an_award_without_conditions_is_eligible_every_assessed_round() {
        let mut site = site(vec![family("gd-a").assessed(2025, &FAIL)]);
        site.rules.awards = vec![award("free", 1, &[Kind::Family], Eligibility::default())];
        let review = review_of(&site, 2025);
        assert_eq!(review.eligible_not_received.len(), 1);
    }
}
