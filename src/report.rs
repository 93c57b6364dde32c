//! The review report of one round for provincial staff: who newly earned a title, who lost one
//! since the previous round and why, who is eligible for an award but did not receive it, and
//! who received an award the rules say was not earned. Public records only; Markdown or CSV.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::inputs::{Inputs, Kind, Record, Year};
use crate::rules::{Honours, format_number, not_eligible_because};

/// The findings of one round, each list sorted by province slug, then record id.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub round: Year,
    pub newly_recognised: Vec<Recognised>,
    pub lost: Vec<LostTitle>,
    /// By award rank, then award id; only awards with at least one record.
    pub eligible_not_received: Vec<AwardGroup>,
    pub received_not_eligible: Vec<NotEligible>,
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
    pub title_id: String,
    pub title_name: String,
    pub score: f64,
    pub grade: Option<String>,
}

/// Held a title the round before, not this round.
#[derive(Debug, Clone, Serialize)]
pub struct LostTitle {
    pub record: RecordRef,
    pub title_id: String,
    pub title_name: String,
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
    pub award_id: String,
    pub award_name: String,
    pub rank: i64,
    pub records: Vec<RecordRef>,
}

/// An award received this round that the rules say was not earned.
#[derive(Debug, Clone, Serialize)]
pub struct NotEligible {
    pub record: RecordRef,
    pub award_id: String,
    pub award_name: String,
    pub decision: String,
    /// The conditions that failed.
    pub why: String,
}

/// The review report of `round`.
pub fn review(inputs: &Inputs, honours: &Honours, round: Year) -> Review {
    let records = public_records(inputs);
    let mut review = Review {
        round,
        newly_recognised: records
            .iter()
            .filter_map(|r| recognised(inputs, honours, r, round))
            .collect(),
        lost: records
            .iter()
            .filter_map(|r| lost(inputs, honours, r, round))
            .collect(),
        eligible_not_received: eligible_not_received(inputs, honours, &records, round),
        received_not_eligible: records
            .iter()
            .flat_map(|r| received_not_eligible(inputs, honours, r, round))
            .collect(),
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
        province: record.province.value.clone(),
        id: record.id.value.clone(),
        name: record.name.clone(),
        kind: record.kind,
        province_name: province.map_or_else(|| record.province.value.clone(), |p| p.name.clone()),
        commune: province
            .and_then(|p| p.commune(&record.commune.value))
            .map_or_else(|| record.commune.value.clone(), |c| c.name.clone()),
    }
}

fn recognised(
    inputs: &Inputs,
    honours: &Honours,
    record: &Record,
    round: Year,
) -> Option<Recognised> {
    let id = record.id.as_str();
    let outcome = honours.outcome(id, round).filter(|o| o.holds)?;
    if honours.holds(id, round.saturating_sub(1)) {
        return None;
    }
    Some(Recognised {
        record: record_ref(inputs, record),
        title_id: outcome.title_id.clone(),
        title_name: outcome.title_name.clone(),
        score: outcome.score,
        grade: outcome.grade.clone(),
    })
}

fn lost(inputs: &Inputs, honours: &Honours, record: &Record, round: Year) -> Option<LostTitle> {
    let id = record.id.as_str();
    let before = honours
        .outcome(id, round.saturating_sub(1))
        .filter(|o| o.holds)?;
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
        title_id: before.title_id.clone(),
        title_name: before.title_name.clone(),
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
                award_id: id.to_string(),
                award_name: award.name.clone(),
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
                award_id: award.id.value.clone(),
                award_name: award.name.clone(),
                decision: received.decision.clone(),
                why,
            })
        })
        .collect()
}

impl Review {
    /// The report as Markdown: a heading and a table per section.
    pub fn to_markdown(&self, inputs: &Inputs) -> String {
        let mut out = format!("# Review report, round {}\n\n", self.round);
        if let Some(review) = inputs.rules.reviews.iter().find(|r| r.round == self.round) {
            let _ = writeln!(out, "{} ({}).\n", cell(&review.name), cell(&review.basis));
        }
        self.markdown_recognised(&mut out);
        self.markdown_lost(&mut out);
        self.markdown_eligible(&mut out);
        self.markdown_not_eligible(&mut out);
        out
    }

    fn markdown_recognised(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "## Newly recognised ({})\n",
            self.newly_recognised.len()
        );
        let rows = self.newly_recognised.iter().map(|r| {
            let mut row = record_cells(&r.record);
            row.push(cell(&r.title_name));
            row.push(score_and_grade(r));
            row
        });
        table(out, &["Title", "Score"], rows);
    }

    fn markdown_lost(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "## Lost a title since {} ({})\n",
            self.round.saturating_sub(1),
            self.lost.len()
        );
        let rows = self.lost.iter().map(|l| {
            let mut row = record_cells(&l.record);
            row.push(cell(&l.title_name));
            row.push(cell(&l.detail));
            row
        });
        table(out, &["Title", "Reason"], rows);
    }

    fn markdown_eligible(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "## Eligible for an award but not received in {}\n",
            self.round
        );
        if self.eligible_not_received.is_empty() {
            out.push_str("None.\n\n");
        }
        for group in &self.eligible_not_received {
            let count = group.records.len();
            let records = if count == 1 { "record" } else { "records" };
            let _ = writeln!(
                out,
                "### {} ({}): {count} {records}\n",
                cell(&group.award_name),
                group.award_id,
            );
            table(out, &[], group.records.iter().map(record_cells));
        }
    }

    fn markdown_not_eligible(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "## Received but not eligible in {} ({})\n",
            self.round,
            self.received_not_eligible.len()
        );
        let rows = self.received_not_eligible.iter().map(|n| {
            let mut row = record_cells(&n.record);
            row.extend([cell(&n.award_name), cell(&n.decision), cell(&n.why)]);
            row
        });
        table(out, &["Award", "Decision", "Why not eligible"], rows);
    }

    /// The report as CSV, one row per finding: section, record id, name, province, commune,
    /// kind, title or award, detail.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in std::iter::once(CSV_HEADER.map(String::from)).chain(self.csv_rows()) {
            // Writing to memory cannot fail; a row is never lost silently in practice.
            let _ = writer.write_record(&row);
        }
        writer
            .into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    fn csv_rows(&self) -> Vec<[String; 8]> {
        let mut rows = Vec::new();
        for r in &self.newly_recognised {
            rows.push(csv_row(
                "newly_recognised",
                &r.record,
                &r.title_name,
                &score_and_grade(r),
            ));
        }
        for l in &self.lost {
            rows.push(csv_row("lost_title", &l.record, &l.title_name, &l.detail));
        }
        for group in &self.eligible_not_received {
            for record in &group.records {
                rows.push(csv_row(
                    "eligible_not_received",
                    record,
                    &group.award_name,
                    "",
                ));
            }
        }
        for n in &self.received_not_eligible {
            let detail = format!("decision {}: {}", n.decision, n.why);
            rows.push(csv_row(
                "received_not_eligible",
                &n.record,
                &n.award_name,
                &detail,
            ));
        }
        rows
    }
}

const CSV_HEADER: [&str; 8] = [
    "section",
    "record_id",
    "name",
    "province",
    "commune",
    "kind",
    "title_or_award",
    "detail",
];

fn csv_row(section: &str, record: &RecordRef, what: &str, detail: &str) -> [String; 8] {
    [
        section.into(),
        record.id.clone(),
        record.name.clone(),
        record.province_name.clone(),
        record.commune.clone(),
        record.kind.to_string(),
        what.into(),
        detail.into(),
    ]
}

fn score_and_grade(recognised: &Recognised) -> String {
    let score = format!("score {}", format_number(recognised.score));
    match &recognised.grade {
        Some(grade) => format!("{score}, grade {grade}"),
        None => score,
    }
}

fn record_cells(record: &RecordRef) -> Vec<String> {
    vec![
        format!("{} ({})", cell(&record.name), record.id),
        record.kind.to_string(),
        cell(&record.province_name),
        cell(&record.commune),
    ]
}

/// A Markdown table with the record columns and then `extra` columns; "None." when empty.
fn table(out: &mut String, extra: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    let mut header = vec!["Record", "Kind", "Province", "Commune"];
    header.extend_from_slice(extra);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// Text made safe for a Markdown table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::{Eligibility, Kind};
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
        review(site, &evaluate(&site.rules, &site.records), round)
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
        assert!(!review.to_csv().contains("gd-secret"));
        assert!(!review.to_markdown(&site).contains("gd-secret"));
    }

    #[test]
    fn markdown_has_a_heading_and_a_table_per_section() {
        let mut record = family("gd-a").assessed(2025, &PASS).received("bk", 2025);
        record.name = "Gia đình | ông A".into();
        let site = site(vec![record]);
        let markdown = review_of(&site, 2025).to_markdown(&site);
        let expected = "\
# Review report, round 2025

Sơ kết 2025 (Basis review).

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
        let csv = review_of(&site, 2025).to_csv();
        let expected = "\
section,record_id,name,province,commune,kind,title_or_award,detail
newly_recognised,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Name gd,score 20
lost_title,gd-b,Name gd-b,Bắc Ninh,Phường Kinh Bắc,family,Name gd,not assessed in 2025
eligible_not_received,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Award gk,
received_not_eligible,gd-a,Name gd-a,Bắc Ninh,Phường Kinh Bắc,family,Award bk,\"decision 2025/QĐ-UBND: holds Name gd 1 consecutive round (2025), needs 2; 2024: not assessed\"
";
        assert_eq!(csv, expected);
    }

    #[test]
    fn an_award_without_conditions_is_eligible_every_assessed_round() {
        let mut site = site(vec![family("gd-a").assessed(2025, &FAIL)]);
        site.rules.awards = vec![award("free", 1, &[Kind::Family], Eligibility::default())];
        let review = review_of(&site, 2025);
        assert_eq!(review.eligible_not_received.len(), 1);
    }
}
