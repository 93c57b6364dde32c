//! The rule trace of one record in one round, as plain text for staff who are not programmers:
//! each criterion with its value, met or not and its points, the score, grade and title, every
//! award with the reasons it is or is not eligible, and the awards and revocations on file.

use std::fmt::Write as _;

use crate::inputs::{CriterionValue, Inputs, Record, Revoked, Rules, Year};
use crate::rules::{
    AwardCheck, CriterionOutcome, CriterionReading, Honours, RoundOutcome, format_number,
};

/// Why a record cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("unknown record \"{id}\"")]
    UnknownRecord { id: String },
    #[error("record \"{id}\" has no assessment in any round")]
    NeverAssessed { id: String },
    #[error("record \"{id}\" has no assessment for round {round}; it has {}", list(.rounds))]
    NotAssessed {
        id: String,
        round: Year,
        rounds: Vec<Year>,
    },
}

fn list(rounds: &[Year]) -> String {
    let rounds: Vec<String> = rounds.iter().map(Year::to_string).collect();
    rounds.join(", ")
}

/// The trace of `record_id` in `round` (default: its latest assessed round).
pub fn explain(
    inputs: &Inputs,
    honours: &Honours,
    record_id: &str,
    round: Option<Year>,
) -> Result<String, ExplainError> {
    let record = inputs
        .records
        .iter()
        .find(|r| r.id.value == record_id)
        .ok_or_else(|| ExplainError::UnknownRecord {
            id: record_id.into(),
        })?;
    let round = chosen_round(record, round)?;
    let mut out = String::new();
    write_header(&mut out, inputs, record);
    match honours.outcome(record_id, round) {
        Some(outcome) => write_outcome(&mut out, &inputs.rules, outcome),
        None => {
            let _ = writeln!(
                out,
                "Round {round}: no title for {} records is valid in this round",
                record.kind
            );
        }
    }
    write_note(&mut out, record, round);
    write_titles_by_round(&mut out, honours, record_id);
    write_awards(&mut out, honours.award_checks(record_id, round), round);
    write_received(&mut out, &inputs.rules, record);
    write_revoked(&mut out, &inputs.rules, record);
    Ok(out)
}

fn assessed_rounds(record: &Record) -> Vec<Year> {
    let mut rounds: Vec<Year> = record.assessments.iter().map(|a| a.round.value).collect();
    rounds.sort_unstable();
    rounds.dedup();
    rounds
}

fn chosen_round(record: &Record, round: Option<Year>) -> Result<Year, ExplainError> {
    let rounds = assessed_rounds(record);
    let id = record.id.value.clone();
    match round {
        Some(round) if rounds.contains(&round) => Ok(round),
        Some(round) => Err(ExplainError::NotAssessed { id, round, rounds }),
        None => rounds
            .last()
            .copied()
            .ok_or(ExplainError::NeverAssessed { id }),
    }
}

/// "Gia đình ông Nguyễn Văn An (gd-an), family, Bắc Ninh / Phường Kinh Bắc".
fn write_header(out: &mut String, inputs: &Inputs, record: &Record) {
    let province = inputs
        .provinces
        .iter()
        .find(|p| p.slug == record.province.value);
    let province_name = province.map_or(record.province.as_str(), |p| p.name.as_str());
    let commune = province
        .and_then(|p| p.commune(&record.commune.value))
        .map_or(record.commune.as_str(), |c| c.name.as_str());
    let _ = write!(
        out,
        "{} ({}), {}, {province_name} / {commune}",
        record.name, record.id.value, record.kind
    );
    if let Some(village) = &record.village {
        let _ = write!(out, " / {village}");
    }
    if !record.public {
        out.push_str(" (not public)");
    }
    out.push('\n');
}

fn write_outcome(out: &mut String, rules: &Rules, outcome: &RoundOutcome) {
    let _ = writeln!(
        out,
        "Round {}, title {} ({})",
        outcome.round, outcome.title_name, outcome.title_id
    );
    let title = rules.title(&outcome.title_id);
    if let Some(basis) = title.map(|t| t.basis.as_str()).filter(|b| !b.is_empty()) {
        let _ = writeln!(out, "Basis: {basis}");
    }
    write_criteria(out, rules, &outcome.criteria);
    let has_grades = title.is_some_and(|t| !t.grades.is_empty());
    let _ = writeln!(out, "{}", score_line(outcome, has_grades));
    let _ = writeln!(out, "Result: {}", result(outcome));
}

/// Criteria under their group headings, in columns: met or not, id, value, points.
fn write_criteria(out: &mut String, rules: &Rules, criteria: &[CriterionOutcome]) {
    let id_width = criteria.iter().map(|c| width(&c.id)).max().unwrap_or(0);
    let described: Vec<String> = criteria.iter().map(|c| describe(rules, c)).collect();
    let text_width = described.iter().map(|d| width(d)).max().unwrap_or(0);
    let mut group: Option<Option<&str>> = None;
    for (criterion, description) in criteria.iter().zip(&described) {
        let this_group = criterion.group.as_deref();
        if group != Some(this_group) {
            let _ = writeln!(out, "  {}", this_group.unwrap_or("Criteria"));
            group = Some(this_group);
        }
        let status = if criterion.met { "[met]" } else { "[not met]" };
        let line = format!(
            "    {status:<10} {}  {}  {}",
            pad(&criterion.id, id_width),
            pad(description, text_width),
            points(criterion)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn pad(text: &str, to: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', to.saturating_sub(width(text))));
    padded
}

/// "Label = 2, needs at least 1".
fn describe(rules: &Rules, criterion: &CriterionOutcome) -> String {
    let value = match &criterion.reading {
        CriterionReading::Reported {
            value: CriterionValue::Bool(b),
        } => if *b { "yes" } else { "no" }.to_string(),
        CriterionReading::Reported {
            value: CriterionValue::Number(n),
        } => format_number(*n),
        CriterionReading::Computed {
            share,
            holding,
            linked,
            title,
        } => {
            let name = rules
                .title(title)
                .map_or(title.as_str(), |t| t.name.as_str());
            format!(
                "{} ({holding} of {linked} hold {name})",
                format_number(*share)
            )
        }
        CriterionReading::NotReported => "not reported".to_string(),
    };
    let threshold = match criterion.reading {
        CriterionReading::Computed { .. } => Some(criterion.at_least.unwrap_or(1.0)),
        _ => criterion.at_least,
    };
    match threshold {
        Some(t) => format!(
            "{} = {value}, needs at least {}",
            criterion.label,
            format_number(t)
        ),
        None => format!("{} = {value}", criterion.label),
    }
}

/// "+10 (required)", "+0", "(required)" for a criterion worth no points.
fn points(criterion: &CriterionOutcome) -> String {
    let mut text = String::new();
    if criterion.max_points != 0.0 {
        text.push_str(&format!("+{}", format_number(criterion.points)));
    }
    if criterion.required {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str("(required)");
    }
    text
}

/// "Score 90 of 100, pass mark 80, 9 of 10 criteria met, grade Tốt".
fn score_line(outcome: &RoundOutcome, has_grades: bool) -> String {
    let mut line = format!(
        "Score {} of {}, pass mark {}, {} of {} criteria met",
        format_number(outcome.score),
        format_number(outcome.max_points),
        format_number(outcome.min_points),
        outcome.met_count,
        outcome.criteria.len()
    );
    if outcome.min_met > 0 {
        line.push_str(&format!(" (needs {})", outcome.min_met));
    }
    match (&outcome.grade, has_grades) {
        (Some(grade), _) => line.push_str(&format!(", grade {grade}")),
        (None, true) => line.push_str(", no grade"),
        (None, false) => {}
    }
    line
}

fn result(outcome: &RoundOutcome) -> String {
    match (&outcome.revoked, outcome.passed) {
        (None, true) => "title earned".into(),
        (Some(note), true) => format!("criteria met, but the title was {}", note.describe()),
        (revoked, false) => {
            let mut text = format!("title not earned ({})", outcome.failures().join("; "));
            if let Some(note) = revoked {
                text.push_str(&format!("; also {}", note.describe()));
            }
            text
        }
    }
}

fn write_note(out: &mut String, record: &Record, round: Year) {
    let note = record.assessment(round).and_then(|a| a.note.as_deref());
    if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(out, "Note: {}", note.trim());
    }
}

/// "Titles by round: 2023 earned, 2024 not earned, 2025 revoked".
fn write_titles_by_round(out: &mut String, honours: &Honours, record_id: &str) {
    let rounds: Vec<String> = honours
        .rounds(record_id)
        .into_iter()
        .filter_map(|round| honours.outcome(record_id, round))
        .map(|o| {
            let status = match (o.holds, o.passed && o.revoked.is_some()) {
                (true, _) => "earned",
                (false, true) => "revoked",
                (false, false) => "not earned",
            };
            format!("{} {status}", o.round)
        })
        .collect();
    if !rounds.is_empty() {
        let _ = writeln!(out, "Titles by round: {}", rounds.join(", "));
    }
}

fn write_awards(out: &mut String, checks: &[AwardCheck], round: Year) {
    if checks.is_empty() {
        let _ = writeln!(out, "Awards in round {round}: none apply");
        return;
    }
    let _ = writeln!(out, "Awards in round {round}:");
    for check in checks {
        let verdict = if check.eligible {
            "eligible"
        } else {
            "not eligible"
        };
        let issuer = match check.issuer {
            crate::inputs::Issuer::State => "",
            crate::inputs::Issuer::Association => " [Hội Khuyến học, not a state award]",
        };
        let _ = writeln!(
            out,
            "  {} ({}){issuer}: {verdict}",
            check.award_name, check.award_id
        );
        if check.conditions.is_empty() {
            let _ = writeln!(out, "    - no conditions");
        }
        for condition in &check.conditions {
            let answer = if condition.met { "yes" } else { "no" };
            let _ = writeln!(out, "    - {}: {answer}", condition.explanation);
        }
    }
}

/// "Received: Giấy khen ..., decision 125/QĐ-UBND, 2024-12-20, round 2024".
fn write_received(out: &mut String, rules: &Rules, record: &Record) {
    let mut received: Vec<_> = record.awards.iter().collect();
    received.sort_by_key(|a| a.round.value);
    for award in received {
        let name = rules
            .award(&award.award.value)
            .map_or(award.award.as_str(), |a| a.name.as_str());
        let mut line = format!("Received: {name}");
        if !award.decision.is_empty() {
            line.push_str(&format!(", decision {}", award.decision));
        }
        if let Some(date) = award.date {
            line.push_str(&format!(", {date}"));
        }
        if !award.issuer.is_empty() {
            line.push_str(&format!(", by {}", award.issuer));
        }
        let _ = writeln!(out, "{line}, round {}", award.round.value);
    }
}

/// "Revoked: title Gia đình học tập from round 2025, decision 30/QĐ-UBND, reason: ...".
fn write_revoked(out: &mut String, rules: &Rules, record: &Record) {
    let mut revocations: Vec<_> = record.revocations.iter().collect();
    revocations.sort_by_key(|r| r.round.value);
    for revocation in revocations {
        let what = match &revocation.what {
            Revoked::Title(id) => {
                let name = rules
                    .title(&id.value)
                    .map_or(id.as_str(), |t| t.name.as_str());
                format!("title {name}")
            }
            Revoked::Award(id) => {
                let name = rules
                    .award(&id.value)
                    .map_or(id.as_str(), |a| a.name.as_str());
                format!("award {name}")
            }
        };
        let mut line = format!("Revoked: {what} from round {}", revocation.round.value);
        if !revocation.decision.is_empty() {
            line.push_str(&format!(", decision {}", revocation.decision));
        }
        if !revocation.reason.is_empty() {
            line.push_str(&format!(", reason: {}", revocation.reason));
        }
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Kind;
    use crate::rules::evaluate;
    use crate::rules::testkit::*;

    fn site() -> Inputs {
        let criteria = vec![
            in_group(required(criterion("tre-em", 10.0)), "Học tập của trẻ em"),
            in_group(
                at_least(criterion("chuyen-de", 10.0), 1.0),
                "Học tập của người lớn",
            ),
        ];
        let mut gd = title("gd", Kind::Family, 10.0, criteria);
        gd.grades = vec![grade("Tốt", 20.0)];
        let bk = award("bk", 2, &[Kind::Family], streak_of(None, 2));
        let an = family("gd-an")
            .assessed(2024, &[("tre-em", yes()), ("chuyen-de", num(2.0))])
            .assessed(2025, &[("tre-em", yes())])
            .received("bk", 2024);
        let binh = family("gd-binh")
            .assessed(2024, &[("tre-em", yes())])
            .title_revoked("gd", 2024);
        inputs(rules(vec![gd], vec![bk]), vec![an, binh])
    }

    fn explained(id: &str, round: Option<Year>) -> Result<String, ExplainError> {
        let site = site();
        let honours = evaluate(&site.rules, &site.records);
        explain(&site, &honours, id, round)
    }

    #[test]
    fn the_latest_round_is_explained_by_default() {
        let text = explained("gd-an", None).expect("explained");
        let expected = "\
Name gd-an (gd-an), family, Bắc Ninh / Phường Kinh Bắc
Round 2025, title Name gd (gd)
Basis: Basis gd
  Học tập của trẻ em
    [met]      tre-em     Label tre-em = yes                                +10 (required)
  Học tập của người lớn
    [not met]  chuyen-de  Label chuyen-de = not reported, needs at least 1  +0
Score 10 of 20, pass mark 10, 1 of 2 criteria met, no grade
Result: title earned
Titles by round: 2024 earned, 2025 earned
Awards in round 2025:
  Award bk (bk): eligible
    - holds Name gd 2 consecutive rounds (2024-2025), needs 2: yes
Received: Award bk, decision 2024/QĐ-UBND, 2024-12-20, by Chủ tịch UBND xã, round 2024
";
        assert_eq!(text, expected);
    }

    #[test]
    fn an_earlier_round_shows_its_grade_and_failed_awards() {
        let text = explained("gd-an", Some(2024)).expect("explained");
        assert!(text.contains("Score 20 of 20, pass mark 10, 2 of 2 criteria met, grade Tốt"));
        assert!(
            text.contains("chuyen-de  Label chuyen-de = 2, needs at least 1"),
            "{text}"
        );
        assert!(text.contains("  Award bk (bk): not eligible\n"), "{text}");
        assert!(text.contains(
            "    - holds Name gd 1 consecutive round (2024), needs 2; 2023: not assessed: no"
        ));
    }

    #[test]
    fn a_revoked_title_is_shown_with_decision_and_reason() {
        let text = explained("gd-binh", None).expect("explained");
        assert!(text.contains(
            "Result: criteria met, but the title was revoked from round 2024 by decision \
             30/QĐ-UBND: Kê khai không đúng"
        ));
        assert!(text.contains("Titles by round: 2024 revoked"));
        assert!(text.contains(
            "Revoked: title Name gd from round 2024, decision 30/QĐ-UBND, reason: Kê khai không đúng"
        ));
    }

    #[test]
    fn unknown_records_and_rounds_are_errors_that_list_the_rounds() {
        assert_eq!(
            explained("gd-nobody", None),
            Err(ExplainError::UnknownRecord {
                id: "gd-nobody".into()
            })
        );
        let error = explained("gd-an", Some(2023)).expect_err("not assessed");
        assert_eq!(
            error.to_string(),
            "record \"gd-an\" has no assessment for round 2023; it has 2024, 2025"
        );
    }

    #[test]
    fn a_record_never_assessed_is_an_error() {
        let site = inputs(family_rules(), vec![family("gd-an")]);
        let honours = evaluate(&site.rules, &site.records);
        let error = explain(&site, &honours, "gd-an", None).expect_err("never assessed");
        assert_eq!(
            error.to_string(),
            "record \"gd-an\" has no assessment in any round"
        );
    }

    #[test]
    fn a_computed_criterion_shows_how_many_families_hold_the_title() {
        let clan = title(
            "dh",
            Kind::Clan,
            0.0,
            vec![share_of_families("ty-le", 0.5, "gd")],
        );
        let mut rules = family_rules();
        rules.titles.push(clan);
        let records = vec![
            record("dh-nguyen", Kind::Clan)
                .with_families(&["gd-a", "gd-b"])
                .assessed(2024, &[]),
            family("gd-a").assessed(2024, &PASS),
            family("gd-b").assessed(2024, &FAIL),
        ];
        let site = inputs(rules, records);
        let honours = evaluate(&site.rules, &site.records);
        let text = explain(&site, &honours, "dh-nguyen", None).expect("explained");
        assert!(
            text.contains("[met]      ty-le  Label ty-le = 0.5 (1 of 2 hold Name gd), needs at least 0.5  (required)"),
            "{text}"
        );
    }
}
