//! The review report as CSV: one row per finding, then one per province and kind of the
//! progress. UTF-8 with a byte-order mark, so that spreadsheet programs read the Vietnamese;
//! every cell safe from formula injection, like the open data. Numbers keep the decimal point
//! and no thousands separator in both languages, so that programs read them.

use super::sections::{loss_detail, progress_figures, score_and_grade};
use super::{Progress, RecordRef, Review};
use crate::base::csv_cell::neutralise_formula;
use crate::base::format::Lang as Marks;
use crate::base::lang::{Finding, Lang, ReportText, csv_columns, kind_name};

type Row = [String; 12];

pub fn write(review: &Review, lang: Lang) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let header = csv_columns(lang).map(String::from);
    for row in std::iter::once(header).chain(rows(review, lang)) {
        // Writing to memory cannot fail; a row is never lost silently in practice.
        let _ = writer.write_record(row.iter().map(|cell| neutralise_formula(cell)));
    }
    let text = writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    format!("\u{feff}{text}")
}

fn rows(review: &Review, lang: Lang) -> Vec<Row> {
    let mut rows = Vec::new();
    for r in &review.newly_recognised {
        let detail = score_and_grade(r, lang, Marks::En);
        rows.push(finding(
            Finding::NewlyRecognised,
            &r.record,
            &r.title_name,
            &detail,
            lang,
        ));
    }
    for l in &review.lost {
        let detail = loss_detail(review, l.reason, &l.detail, lang, Marks::En);
        rows.push(finding(
            Finding::LostTitle,
            &l.record,
            &l.title_name,
            &detail,
            lang,
        ));
    }
    for group in &review.eligible_not_received {
        for record in &group.records {
            let row = finding(
                Finding::EligibleNotReceived,
                record,
                &group.award_name,
                "",
                lang,
            );
            rows.push(row);
        }
    }
    for n in &review.received_not_eligible {
        let detail = ReportText::DecisionWhy {
            decision: &n.decision,
            why: &n.why,
        }
        .in_lang(lang);
        rows.push(finding(
            Finding::ReceivedNotEligible,
            &n.record,
            &n.award_name,
            &detail,
            lang,
        ));
    }
    rows.extend(review.progress.iter().map(|p| progress(p, lang)));
    rows
}

fn finding(section: Finding, record: &RecordRef, what: &str, detail: &str, lang: Lang) -> Row {
    [
        section.csv_name(lang).into(),
        record.id.clone(),
        record.name.clone(),
        record.province_name.clone(),
        record.commune.clone(),
        kind_name(record.kind, lang).into(),
        what.into(),
        detail.into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// A progress row: the gap as a plain number (0 once the target is reached).
fn progress(progress: &Progress, lang: Lang) -> Row {
    let row = &progress.row;
    let [of_all, _, target, status, _] = progress_figures(progress, lang, Marks::En);
    [
        Finding::Progress.csv_name(lang).into(),
        String::new(),
        String::new(),
        row.province_name.clone(),
        String::new(),
        kind_name(row.kind, lang).into(),
        String::new(),
        String::new(),
        of_all,
        target,
        status,
        progress.gap.map_or(String::new(), |g| g.to_string()),
    ]
}
