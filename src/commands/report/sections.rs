//! The review report laid out as headings and tables of plain text in one language, ready to be
//! written as Markdown or HTML (each writer escapes the text for its own format).

use super::{LossReason, Progress, Recognised, RecordRef, Review};
use crate::base::format::{Lang as UiLang, format_integer, format_percent, format_points};
use crate::base::inputs::Inputs;
use crate::base::lang::{
    Col, Lang, ReportText, SummaryText, kind_name, translate, translate_for_data,
};
use crate::commands::summary::site_name;
use crate::rules::ProvinceProgress;

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lang: Lang,
    pub title: String,
    /// The review round's name and basis, when the round is a review round.
    pub review: Option<String>,
    pub site: String,
    pub sections: Vec<Section>,
}

/// One section: a heading, an optional explanation, and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub note: Option<String>,
    /// No table at all: the section says "None."
    pub tables: Vec<Table>,
}

/// A table, with a sub-heading when a section has several.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub heading: Option<String>,
    pub columns: Vec<String>,
    /// Empty: "None."
    pub rows: Vec<Vec<String>>,
}

pub fn report(review: &Review, inputs: &Inputs, lang: Lang) -> Report {
    let title = if review.since + 1 == review.round {
        ReportText::ReportTitle {
            round: review.round,
        }
    } else {
        ReportText::ReportTitleSince {
            round: review.round,
            since: review.since,
        }
    };
    let review_round = inputs
        .rules
        .reviews
        .iter()
        .find(|r| r.round == review.round)
        .map(|r| format!("{} ({}).", r.name, r.basis));
    let title = match &review.province {
        Some(province) => format!("{} — {province}", title.in_lang(lang)),
        None => title.in_lang(lang),
    };
    Report {
        lang,
        title,
        review: review_round,
        site: site_name(inputs, lang),
        // Progress first: the council reads the province's standing before the names.
        sections: vec![
            progress(review, lang),
            recognised(review, lang),
            lost(review, lang),
            eligible(review, lang),
            not_eligible(review, lang),
        ],
    }
}

fn columns(extra: &[Col], lang: Lang) -> Vec<String> {
    [Col::Record, Col::Kind, Col::Province, Col::Commune]
        .iter()
        .chain(extra)
        .map(|c| c.name(lang).to_string())
        .collect()
}

fn record_cells(record: &RecordRef, lang: Lang) -> Vec<String> {
    vec![
        format!("{} ({})", record.name, record.id),
        kind_name(record.kind, lang).to_string(),
        record.province_name.clone(),
        record.commune.clone(),
    ]
}

fn one_table(columns: Vec<String>, rows: Vec<Vec<String>>) -> Vec<Table> {
    vec![Table {
        heading: None,
        columns,
        rows,
    }]
}

/// "điểm 67,5, xếp loại Khá"; `numbers` chooses the decimal mark (CSV keeps the point).
pub fn score_and_grade(recognised: &Recognised, lang: Lang, numbers: UiLang) -> String {
    ReportText::ScoreAndGrade {
        score: &format_points(recognised.score, numbers),
        grade: recognised.grade.as_deref(),
    }
    .in_lang(lang)
}

fn recognised(review: &Review, lang: Lang) -> Section {
    let rows = review.newly_recognised.iter().map(|r| {
        let mut row = record_cells(&r.record, lang);
        row.extend([r.title_name.to_string(), score_and_grade(r, lang, ui(lang))]);
        row
    });
    Section {
        heading: ReportText::NewlyRecognised {
            count: review.newly_recognised.len(),
        }
        .in_lang(lang),
        note: None,
        tables: one_table(columns(&[Col::Title, Col::Score], lang), rows.collect()),
    }
}

/// The reason a title was lost, in `lang`, its numbers written with the marks of `numbers`.
pub fn loss_detail(
    review: &Review,
    reason: LossReason,
    detail: &str,
    lang: Lang,
    numbers: UiLang,
) -> String {
    match reason {
        LossReason::NotAssessed => ReportText::NotAssessedIn {
            round: review.round,
        }
        .in_lang(lang),
        LossReason::FailedCriteria | LossReason::Revoked => match numbers {
            UiLang::Vi => translate(lang, detail),
            UiLang::En => translate_for_data(lang, detail),
        },
    }
}

fn lost(review: &Review, lang: Lang) -> Section {
    let rows = review.lost.iter().map(|l| {
        let mut row = record_cells(&l.record, lang);
        row.extend([
            l.title_name.to_string(),
            loss_detail(review, l.reason, &l.detail, lang, ui(lang)),
        ]);
        row
    });
    Section {
        heading: ReportText::LostSince {
            since: review.since,
            count: review.lost.len(),
        }
        .in_lang(lang),
        note: None,
        tables: one_table(columns(&[Col::Title, Col::Reason], lang), rows.collect()),
    }
}

fn eligible(review: &Review, lang: Lang) -> Section {
    let tables = review
        .eligible_not_received
        .iter()
        .map(|group| Table {
            heading: Some(
                ReportText::AwardGroup {
                    name: &group.award_name,
                    id: &group.award_id,
                    count: group.records.len(),
                }
                .in_lang(lang),
            ),
            columns: columns(&[], lang),
            rows: group
                .records
                .iter()
                .map(|r| record_cells(r, lang))
                .collect(),
        })
        .collect();
    Section {
        heading: ReportText::EligibleNotReceived {
            round: review.round,
        }
        .in_lang(lang),
        note: None,
        tables,
    }
}

fn not_eligible(review: &Review, lang: Lang) -> Section {
    let rows = review.received_not_eligible.iter().map(|n| {
        let mut row = record_cells(&n.record, lang);
        row.extend([
            n.award_name.to_string(),
            n.decision.clone(),
            translate(lang, &n.why),
        ]);
        row
    });
    let extra = [Col::Award, Col::Decision, Col::WhyNotEligible];
    Section {
        heading: ReportText::ReceivedNotEligible {
            round: review.round,
            count: review.received_not_eligible.len(),
        }
        .in_lang(lang),
        note: None,
        tables: one_table(columns(&extra, lang), rows.collect()),
    }
}

fn progress(review: &Review, lang: Lang) -> Section {
    let heading = ReportText::ProgressSection {
        round: review.round,
    }
    .in_lang(lang);
    if review.progress.is_empty() {
        let none = ReportText::NoProgress {
            round: review.round,
        };
        return Section {
            heading,
            note: Some(none.in_lang(lang)),
            tables: Vec::new(),
        };
    }
    let columns = [
        Col::Province,
        Col::Kind,
        Col::Recognised,
        Col::Total,
        Col::OfAll,
        Col::OfRegistered,
        Col::Target,
        Col::Status,
        Col::Gap,
    ]
    .iter()
    .map(|c| c.name(lang).to_string())
    .collect();
    let rows = review.progress.iter().map(|p| progress_cells(p, lang));
    Section {
        heading,
        note: Some(ReportText::ProgressNote.in_lang(lang)),
        tables: one_table(columns, rows.collect()),
    }
}

/// The language of numbers: "81,3%" and "274.000" in Vietnamese.
fn ui(lang: Lang) -> UiLang {
    UiLang::parse(lang.code())
}

/// Share of all, of registered, target, status and gap of one province and kind, in `lang`.
/// Shares, target, status and gap; `numbers` chooses the decimal mark (CSV keeps the point).
pub fn progress_figures(progress: &Progress, lang: Lang, numbers: UiLang) -> [String; 5] {
    let row = &progress.row;
    let percent = |share: &Option<crate::rules::Share>| {
        share
            .as_ref()
            .map_or("-".to_string(), |s| format_percent(s.percent, numbers))
    };
    let gap = match progress.gap {
        None => "-".to_string(),
        Some(0) => ReportText::TargetReached.in_lang(lang),
        Some(n) => ReportText::Gap {
            count: &format_integer(n, numbers),
            kind: row.kind,
        }
        .in_lang(lang),
    };
    [
        percent(&row.of_total),
        percent(&row.of_registered),
        target(row, numbers),
        SummaryText::StatusWord { status: row.status }.in_lang(lang),
        gap,
    ]
}

fn target(row: &ProvinceProgress, numbers: UiLang) -> String {
    row.target.as_ref().map_or("-".to_string(), |t| {
        let min = format_percent(t.min, numbers);
        match t.stretch {
            Some(stretch) => format!("{min} - {}", format_percent(stretch, numbers)),
            None => min,
        }
    })
}

fn progress_cells(progress: &Progress, lang: Lang) -> Vec<String> {
    let row = &progress.row;
    let mut cells = vec![
        row.province_name.clone(),
        kind_name(row.kind, lang).to_string(),
        format_integer(row.counts.recognised, ui(lang)),
        format_integer(row.counts.total, ui(lang)),
    ];
    cells.extend(progress_figures(progress, lang, ui(lang)));
    cells
}
