//! The day each part of the site last changed, taken from the data and never from the clock,
//! so that two builds of the same files give the same bytes (sitemap `lastmod`, feeds'
//! `updated`, the open data's "cập nhật").

use std::borrow::Cow;

use super::views::{ProvinceView, RecordView};
use crate::base::inputs::Year;

/// The day a round's results are dated on: the day its report is due (`report_due`), as the
/// feeds date them. ISO (`2025-12-15`).
pub fn round_day(round: Year, report_due: (u8, u8)) -> String {
    let (month, day) = report_due;
    format!("{round:04}-{month:02}-{day:02}")
}

/// A record's last change: its latest round's day, or a later award decision's date (borrowed
/// from the record: a sitemap asks for each of 100,000 records).
pub fn record_changed(record: &RecordView, report_due: (u8, u8)) -> Option<Cow<'_, str>> {
    let round = (record.rounds.iter().map(|r| r.round).max())
        .map(|round| Cow::Owned(round_day(round, report_due)));
    let decision = (record.awards.iter())
        .map(|a| a.date.as_str())
        .filter(|date| !date.is_empty())
        .max()
        .map(Cow::Borrowed);
    round.max(decision)
}

/// A province's last change: the day of the latest round it reports.
pub fn province_changed(province: &ProvinceView, report_due: (u8, u8)) -> Option<String> {
    province
        .progress
        .iter()
        .filter_map(|kind| kind.rounds.last().map(|r| r.round))
        .max()
        .map(|round| round_day(round, report_due))
}

/// The last change of the data as a whole: the latest of every record's and province's.
pub fn data_changed(
    records: &[RecordView],
    provinces: &[ProvinceView],
    report_due: (u8, u8),
) -> Option<String> {
    let records = records
        .iter()
        .filter_map(|r| record_changed(r, report_due))
        .max()
        .map(Cow::into_owned);
    let provinces = provinces
        .iter()
        .filter_map(|p| province_changed(p, report_due))
        .max();
    records.max(provinces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_is_dated_on_its_report_day() {
        assert_eq!(round_day(2025, (12, 15)), "2025-12-15");
        assert_eq!(round_day(2024, (1, 5)), "2024-01-05");
    }
}
