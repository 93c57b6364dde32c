//! The rule trace of one record in one round, as plain text for staff who are not programmers:
//! each criterion with its value, met or not and its points, the score, grade and title, every
//! award with the reasons it is or is not eligible, and the awards and revocations on file. In
//! the language of the run; the words come from [`TraceText`].

use std::fmt::{self, Write as _};

use crate::base::columns::{display_width as width, pad_end as pad};
use crate::base::format::format_points;
use crate::base::inputs::{CriterionValue, Inputs, Issuer, Record, Revoked, Rules, Year};
use crate::base::lang::{Lang, TraceText, kind_name, translate};
use crate::rules::{
    self, AwardCheck, CriterionOutcome, CriterionReading, Honours, RecordHonours, RoundOutcome,
};

/// Why a record cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainError {
    UnknownRecord {
        id: String,
    },
    NeverAssessed {
        id: String,
    },
    NotAssessed {
        id: String,
        round: Year,
        rounds: Vec<Year>,
    },
}

impl ExplainError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ExplainError::UnknownRecord { id } => TraceText::UnknownRecord { id }.in_lang(lang),
            ExplainError::NeverAssessed { id } => TraceText::NeverAssessed { id }.in_lang(lang),
            ExplainError::NotAssessed { id, round, rounds } => TraceText::NotAssessed {
                id,
                round: *round,
                rounds: &list(rounds),
            }
            .in_lang(lang),
        }
    }
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExplainError {}

fn list(rounds: &[Year]) -> String {
    let rounds: Vec<String> = rounds.iter().map(Year::to_string).collect();
    rounds.join(", ")
}

/// The trace of `record_id` in `round` (default: its latest assessed round), in `lang`.
pub fn explain(
    inputs: &Inputs,
    honours: &Honours,
    record_id: &str,
    round: Option<Year>,
    lang: Lang,
) -> Result<String, ExplainError> {
    let record = inputs
        .records
        .iter()
        .find(|r| r.id.value == record_id)
        .ok_or_else(|| ExplainError::UnknownRecord {
            id: record_id.into(),
        })?;
    let round = chosen_round(record, round)?;
    let own = rules::detail(&inputs.rules, record, honours);
    let mut out = String::new();
    write_header(&mut out, inputs, record, lang);
    match own.outcomes.get(&round) {
        Some(outcome) => write_outcome(&mut out, &inputs.rules, outcome, lang),
        None => {
            let text = TraceText::NoTitleInRound {
                round,
                kind: record.kind,
            };
            let _ = writeln!(out, "{}", text.in_lang(lang));
        }
    }
    write_note(&mut out, record, round, lang);
    write_titles_by_round(&mut out, &own, lang);
    let checks = own.award_checks.get(&round).map_or(&[][..], Vec::as_slice);
    write_awards(&mut out, checks, round, lang);
    write_received(&mut out, &inputs.rules, record, lang);
    write_revoked(&mut out, &inputs.rules, record, lang);
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

/// "Gia đình ông Nguyễn Văn An (gd-an), gia đình, Bắc Ninh / Phường Kinh Bắc".
fn write_header(out: &mut String, inputs: &Inputs, record: &Record, lang: Lang) {
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
        record.name,
        record.id.value,
        kind_name(record.kind, lang)
    );
    if let Some(village) = &record.village {
        let _ = write!(out, " / {village}");
    }
    if !record.public {
        out.push_str(&TraceText::NotPublic.in_lang(lang));
    }
    out.push('\n');
}

fn write_outcome(out: &mut String, rules: &Rules, outcome: &RoundOutcome, lang: Lang) {
    let heading = TraceText::RoundTitle {
        round: outcome.round,
        name: &outcome.title_name,
        id: &outcome.title_id,
    };
    let _ = writeln!(out, "{}", heading.in_lang(lang));
    let title = rules.title(&outcome.title_id);
    if let Some(basis) = title.map(|t| t.basis.as_str()).filter(|b| !b.is_empty()) {
        let _ = writeln!(out, "{}", TraceText::Basis { basis }.in_lang(lang));
    }
    write_criteria(out, rules, &outcome.criteria, lang);
    let has_grades = title.is_some_and(|t| !t.grades.is_empty());
    let _ = writeln!(out, "{}", score_line(outcome, has_grades, lang));
    let result = result(outcome, lang);
    let _ = writeln!(
        out,
        "{}",
        TraceText::Result { result: &result }.in_lang(lang)
    );
}

/// Criteria under their group headings, in columns: met or not, id, value, points.
fn write_criteria(out: &mut String, rules: &Rules, criteria: &[CriterionOutcome], lang: Lang) {
    let id_width = criteria.iter().map(|c| width(&c.id)).max().unwrap_or(0);
    let described: Vec<String> = criteria.iter().map(|c| describe(rules, c, lang)).collect();
    let text_width = described.iter().map(|d| width(d)).max().unwrap_or(0);
    let (met, not_met) = (
        TraceText::Met.in_lang(lang),
        TraceText::NotMet.in_lang(lang),
    );
    let status_width = width(&not_met) + 1;
    let mut group: Option<Option<&str>> = None;
    for (criterion, description) in criteria.iter().zip(&described) {
        let this_group = criterion.group.as_deref();
        if group != Some(this_group) {
            let heading =
                this_group.map_or_else(|| TraceText::CriteriaGroup.in_lang(lang), str::to_string);
            let _ = writeln!(out, "  {heading}");
            group = Some(this_group);
        }
        let status = if criterion.met { &met } else { &not_met };
        let line = format!(
            "    {}  {}  {}  {}",
            pad(status, status_width - 1),
            pad(&criterion.id, id_width),
            pad(description, text_width),
            points(criterion, lang)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// "Label = 2, needs at least 1".
fn describe(rules: &Rules, criterion: &CriterionOutcome, lang: Lang) -> String {
    let value = match &criterion.reading {
        CriterionReading::Reported {
            value: CriterionValue::Bool(b),
        } => if *b { TraceText::Yes } else { TraceText::No }.in_lang(lang),
        CriterionReading::Reported {
            value: CriterionValue::Number(n),
        } => format_points(*n, lang.into()),
        CriterionReading::Computed {
            share,
            holding,
            linked,
            title,
        } => {
            let name = rules
                .title(title)
                .map_or(title.as_str(), |t| t.name.as_str());
            TraceText::ComputedShare {
                share: &format_points(*share, lang.into()),
                holding: *holding,
                linked: *linked,
                title: name,
            }
            .in_lang(lang)
        }
        CriterionReading::NotReported => TraceText::NotReported.in_lang(lang),
    };
    let threshold = match criterion.reading {
        CriterionReading::Computed { .. } => Some(criterion.at_least.unwrap_or(1.0)),
        _ => criterion.at_least,
    };
    let label = criterion.label.as_str();
    match threshold.map(|least| format_points(least, lang.into())) {
        Some(least) => TraceText::CriterionNeeds {
            label,
            value: &value,
            least: &least,
        }
        .in_lang(lang),
        None => TraceText::CriterionValue {
            label,
            value: &value,
        }
        .in_lang(lang),
    }
}

/// "+10 (required)", "+0", "(required)" for a criterion worth no points.
fn points(criterion: &CriterionOutcome, lang: Lang) -> String {
    let mut text = String::new();
    if criterion.max_points != 0.0 {
        text.push_str(&format!(
            "+{}",
            format_points(criterion.points, lang.into())
        ));
    }
    if criterion.required {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&TraceText::Required.in_lang(lang));
    }
    text
}

/// "Score 90 of 100, pass mark 80, 9 of 10 criteria met, grade Tốt".
fn score_line(outcome: &RoundOutcome, has_grades: bool, lang: Lang) -> String {
    let mut line = TraceText::ScoreLine {
        score: &format_points(outcome.score, lang.into()),
        max: &format_points(outcome.max_points, lang.into()),
        pass: &format_points(outcome.min_points, lang.into()),
        met: outcome.met_count,
        criteria: outcome.criteria.len(),
    }
    .in_lang(lang);
    if outcome.min_met > 0 {
        let needed = TraceText::MetNeeded {
            needed: outcome.min_met,
        };
        line.push_str(&needed.in_lang(lang));
    }
    match (&outcome.grade, has_grades) {
        (Some(grade), _) => line.push_str(&TraceText::Grade { grade }.in_lang(lang)),
        (None, true) => line.push_str(&TraceText::NoGrade.in_lang(lang)),
        (None, false) => {}
    }
    line
}

fn result(outcome: &RoundOutcome, lang: Lang) -> String {
    match (&outcome.revoked, outcome.passed) {
        (None, true) => TraceText::TitleEarned.in_lang(lang),
        (Some(note), true) => TraceText::MetButRevoked {
            note: &note.describe(),
        }
        .in_lang(lang),
        (revoked, false) => {
            let failures = outcome.failures().join("; ");
            let mut text = TraceText::TitleNotEarned {
                failures: &failures,
            }
            .in_lang(lang);
            if let Some(note) = revoked {
                let also = TraceText::AlsoRevoked {
                    note: &note.describe(),
                };
                text.push_str(&also.in_lang(lang));
            }
            text
        }
    }
}

fn write_note(out: &mut String, record: &Record, round: Year, lang: Lang) {
    let note = record.assessment(round).and_then(|a| a.note.as_deref());
    if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
        let text = TraceText::AssessmentNote { note: note.trim() };
        let _ = writeln!(out, "{}", text.in_lang(lang));
    }
}

/// "Titles by round: 2023 earned, 2024 not earned, 2025 revoked".
fn write_titles_by_round(out: &mut String, own: &RecordHonours, lang: Lang) {
    let rounds: Vec<String> = own
        .outcomes
        .values()
        .map(|o| {
            let status = match (o.holds, o.passed && o.revoked.is_some()) {
                (true, _) => TraceText::Earned,
                (false, true) => TraceText::Revoked,
                (false, false) => TraceText::NotEarned,
            };
            format!("{} {}", o.round, status.in_lang(lang))
        })
        .collect();
    if !rounds.is_empty() {
        let list = TraceText::TitlesByRound {
            list: &rounds.join(", "),
        };
        let _ = writeln!(out, "{}", list.in_lang(lang));
    }
}

fn write_awards(out: &mut String, checks: &[AwardCheck], round: Year, lang: Lang) {
    if checks.is_empty() {
        let _ = writeln!(out, "{}", TraceText::AwardsNone { round }.in_lang(lang));
        return;
    }
    let _ = writeln!(out, "{}", TraceText::AwardsIn { round }.in_lang(lang));
    for check in checks {
        let verdict = if check.eligible {
            TraceText::Eligible
        } else {
            TraceText::NotEligible
        };
        let issuer = match check.issuer {
            Issuer::State => String::new(),
            Issuer::Association => TraceText::AssociationAward.in_lang(lang),
        };
        let _ = writeln!(
            out,
            "  {} ({}){issuer}: {}",
            check.award_name,
            check.award_id,
            verdict.in_lang(lang)
        );
        if check.conditions.is_empty() {
            let _ = writeln!(out, "    - {}", TraceText::NoConditions.in_lang(lang));
        }
        for condition in &check.conditions {
            let answer = if condition.met {
                TraceText::Yes
            } else {
                TraceText::No
            };
            let _ = writeln!(
                out,
                "    - {}: {}",
                translate(lang, &condition.explanation),
                answer.in_lang(lang)
            );
        }
    }
}

/// "Received: Giấy khen ..., decision 125/QĐ-UBND, 2024-12-20, round 2024".
fn write_received(out: &mut String, rules: &Rules, record: &Record, lang: Lang) {
    let mut received: Vec<_> = record.awards.iter().collect();
    received.sort_by_key(|a| a.round.value);
    for award in received {
        let name = rules
            .award(&award.award.value)
            .map_or(award.award.as_str(), |a| a.name.as_str());
        let line = TraceText::Received {
            name,
            decision: &award.decision,
            date: award.date,
            issuer: &award.issuer,
            round: award.round.value,
        };
        let _ = writeln!(out, "{}", line.in_lang(lang));
    }
}

/// "Revoked: title Gia đình học tập from round 2025, decision 30/QĐ-UBND, reason: ...".
fn write_revoked(out: &mut String, rules: &Rules, record: &Record, lang: Lang) {
    let mut revocations: Vec<_> = record.revocations.iter().collect();
    revocations.sort_by_key(|r| r.round.value);
    for revocation in revocations {
        let what = match &revocation.what {
            Revoked::Title(id) => {
                let name = rules
                    .title(&id.value)
                    .map_or(id.as_str(), |t| t.name.as_str());
                TraceText::RevokedTitle { name }
            }
            Revoked::Award(id) => {
                let name = rules
                    .award(&id.value)
                    .map_or(id.as_str(), |a| a.name.as_str());
                TraceText::RevokedAward { name }
            }
        };
        let line = TraceText::RevokedLine {
            what: &what.in_lang(lang),
            round: revocation.round.value,
            decision: &revocation.decision,
            reason: &revocation.reason,
        };
        let _ = writeln!(out, "{}", line.in_lang(lang));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::inputs::Kind;
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
        explain(&site, &honours, id, round, Lang::En)
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
    fn the_trace_reads_in_vietnamese() {
        let site = site();
        let honours = evaluate(&site.rules, &site.records);
        let text = explain(&site, &honours, "gd-an", Some(2024), Lang::Vi).expect("explained");
        for line in [
            "Name gd-an (gd-an), gia đình, Bắc Ninh / Phường Kinh Bắc\n",
            "Đợt 2024, danh hiệu Name gd (gd)\nCăn cứ: Basis gd\n",
            "    [đạt]        tre-em     Label tre-em = có                   +10 (bắt buộc)\n",
            "Điểm 20/20, mức đạt 10, đạt 2/2 tiêu chí, xếp loại Tốt\n",
            "Kết quả: đạt danh hiệu\n",
            "  Award bk (bk): chưa đủ điều kiện\n",
            "    - đạt Name gd 1 đợt liên tiếp (2024), cần 2; 2023: không được đánh giá: không\n",
            "Đã nhận: Award bk, quyết định 2024/QĐ-UBND, 20/12/2024, do Chủ tịch UBND xã ký, đợt 2024\n",
        ] {
            assert!(text.contains(line), "{line:?} not in\n{text}");
        }
        let error =
            explain(&site, &honours, "gd-an", Some(2023), Lang::Vi).expect_err("not assessed");
        assert_eq!(
            error.message(Lang::Vi),
            "hồ sơ \"gd-an\" không được đánh giá ở đợt 2023; các đợt có: 2024, 2025"
        );
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
        let error = explain(&site, &honours, "gd-an", None, Lang::En).expect_err("never assessed");
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
        let text = explain(&site, &honours, "dh-nguyen", None, Lang::En).expect("explained");
        assert!(
            text.contains("[met]      ty-le  Label ty-le = 0.5 (1 of 2 hold Name gd), needs at least 0.5  (required)"),
            "{text}"
        );
    }
}
