//! Open data: the honours, awards and progress as CSV and JSON downloads, with a data
//! dictionary for the `/du-lieu/` page. CSV cells that a spreadsheet would run as a formula
//! are neutralised.

use serde::Serialize;

use super::OutputFile;
use super::context::Download;
use super::pages::output_path;
use crate::model::{Site, Urls};

/// One row of `danh-hieu.csv`: a public record in one assessed round.
#[derive(Debug, Serialize)]
struct HonourRow<'a> {
    record_id: &'a str,
    name: &'a str,
    kind: &'a str,
    province: &'a str,
    commune: &'a str,
    district: &'a str,
    round: i64,
    title_id: &'a str,
    title: &'a str,
    held: bool,
    score: f64,
    grade: &'a str,
    url: String,
}

/// One row of `khen-thuong.csv`: an award received and not withdrawn.
#[derive(Debug, Serialize)]
struct AwardRow<'a> {
    record_id: &'a str,
    name: &'a str,
    kind: &'a str,
    province: &'a str,
    commune: &'a str,
    round: i64,
    award_id: &'a str,
    award: &'a str,
    issuer_kind: &'a str,
    decision: &'a str,
    date: &'a str,
    issuer: &'a str,
}

/// One row of `tien-do.csv`: a province's counts for one kind and round, with its target.
#[derive(Debug, Serialize)]
struct ProgressRow<'a> {
    province: &'a str,
    kind: &'a str,
    round: i64,
    total: u64,
    registered: Option<u64>,
    recognised: u64,
    share_of_total: Option<f64>,
    share_of_registered: Option<f64>,
    target_min: Option<f64>,
    target_stretch: Option<f64>,
    target_source: &'a str,
    target_basis: &'a str,
    status: &'a str,
}

struct Dataset {
    stem: &'static str,
    name: &'static str,
    description: &'static str,
    columns: &'static [(&'static str, &'static str)],
}

const HONOURS: Dataset = Dataset {
    stem: "danh-hieu",
    name: "Danh hiệu theo đợt",
    description: "Mỗi dòng là một hồ sơ công khai trong một đợt đánh giá.",
    columns: &[
        ("record_id", "Mã hồ sơ, cố định (địa chỉ /ho-so/<mã>/)"),
        ("name", "Tên hiển thị"),
        ("kind", "Loại: family, clan, community, unit, citizen"),
        ("province", "Mã tỉnh, thành phố"),
        ("commune", "Xã, phường, đặc khu"),
        ("district", "Huyện trước 01/7/2025 (lịch sử), có thể trống"),
        ("round", "Năm đánh giá"),
        ("title_id", "Mã danh hiệu"),
        ("title", "Tên danh hiệu"),
        (
            "held",
            "true nếu đạt danh hiệu trong đợt (và không bị thu hồi)",
        ),
        ("score", "Tổng điểm theo bộ tiêu chí"),
        ("grade", "Xếp loại, nếu bộ tiêu chí có"),
        ("url", "Địa chỉ trang hồ sơ"),
    ],
};

const AWARDS: Dataset = Dataset {
    stem: "khen-thuong",
    name: "Khen thưởng đã trao",
    description: "Mỗi dòng là một hình thức khen thưởng theo quyết định, chưa bị thu hồi.",
    columns: &[
        ("record_id", "Mã hồ sơ"),
        ("name", "Tên hiển thị"),
        ("kind", "Loại hồ sơ"),
        ("province", "Mã tỉnh, thành phố"),
        ("commune", "Xã, phường, đặc khu"),
        ("round", "Đợt khen thưởng (năm)"),
        ("award_id", "Mã hình thức khen thưởng"),
        ("award", "Tên hình thức khen thưởng"),
        (
            "issuer_kind",
            "state: khen thưởng nhà nước; association: Hội Khuyến học",
        ),
        ("decision", "Số quyết định"),
        ("date", "Ngày quyết định (YYYY-MM-DD)"),
        ("issuer", "Cơ quan, người ký"),
    ],
};

const PROGRESS: Dataset = Dataset {
    stem: "tien-do",
    name: "Tiến độ theo chỉ tiêu",
    description: "Số liệu tỉnh báo cáo theo loại và năm, tỷ lệ và chỉ tiêu giai đoạn.",
    columns: &[
        ("province", "Mã tỉnh, thành phố"),
        ("kind", "Loại: family, clan, community, unit"),
        ("round", "Năm"),
        ("total", "Tổng số"),
        ("registered", "Số đăng ký (có thể trống)"),
        ("recognised", "Số được công nhận"),
        ("share_of_total", "Tỷ lệ công nhận trên tổng số (%)"),
        ("share_of_registered", "Tỷ lệ công nhận trên số đăng ký (%)"),
        ("target_min", "Chỉ tiêu tối thiểu của giai đoạn (%)"),
        ("target_stretch", "Chỉ tiêu phấn đấu (%), nếu là khoảng"),
        (
            "target_source",
            "national: chỉ tiêu quốc gia; province: chỉ tiêu riêng của tỉnh",
        ),
        ("target_basis", "Căn cứ của chỉ tiêu"),
        ("status", "met: đạt; on_track: đúng tiến độ; behind: chậm"),
    ],
};

fn honour_rows(site: &Site) -> Vec<HonourRow<'_>> {
    site.records
        .iter()
        .flat_map(|r| {
            r.rounds.iter().rev().map(move |round| HonourRow {
                record_id: &r.id,
                name: &r.name,
                kind: r.kind.as_str(),
                province: &r.province,
                commune: &r.commune,
                district: r.district.as_deref().unwrap_or(""),
                round: round.round,
                title_id: &round.title_id,
                title: &round.title_name,
                held: round.holds,
                score: round.score,
                grade: round.grade.as_deref().unwrap_or(""),
                url: site.meta.absolute(&r.url),
            })
        })
        .collect()
}

fn award_rows(site: &Site) -> Vec<AwardRow<'_>> {
    site.records
        .iter()
        .flat_map(|r| {
            r.awards.iter().map(move |a| AwardRow {
                record_id: &r.id,
                name: &r.name,
                kind: r.kind.as_str(),
                province: &r.province,
                commune: &r.commune,
                round: a.round,
                award_id: &a.award_id,
                award: &a.award_name,
                issuer_kind: match a.issuer_kind {
                    crate::inputs::Issuer::State => "state",
                    crate::inputs::Issuer::Association => "association",
                },
                decision: &a.decision,
                date: &a.date,
                issuer: &a.issuer,
            })
        })
        .collect()
}

fn progress_rows(site: &Site) -> Vec<ProgressRow<'_>> {
    site.provinces
        .iter()
        .flat_map(|p| {
            p.progress.iter().flat_map(move |k| {
                k.rounds.iter().map(move |row| ProgressRow {
                    province: &p.slug,
                    kind: k.kind.as_str(),
                    round: row.round,
                    total: row.total,
                    registered: row.registered,
                    recognised: row.recognised,
                    share_of_total: row.share_of_total.map(round2),
                    share_of_registered: row.share_of_registered.map(round2),
                    target_min: row.target.as_ref().map(|t| t.share.min),
                    target_stretch: row.target.as_ref().and_then(|t| t.share.stretch),
                    target_source: row.target.as_ref().map_or("", |t| match t.source {
                        crate::rules::TargetSource::National => "national",
                        crate::rules::TargetSource::Province => "province",
                    }),
                    target_basis: row.target.as_ref().map_or("", |t| t.basis.as_str()),
                    status: match row.status {
                        Some(crate::rules::Status::Met) => "met",
                        Some(crate::rules::Status::OnTrack) => "on_track",
                        Some(crate::rules::Status::Behind) => "behind",
                        None => "",
                    },
                })
            })
        })
        .collect()
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The CSV and JSON files of every dataset.
/// One of the downloads, each made by a job of its own: the honours file alone is a hundred
/// megabytes at national size, and the three at once held three times what one holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpenDataSet {
    Honours,
    Awards,
    Progress,
}

impl OpenDataSet {
    pub const ALL: [OpenDataSet; 3] = [
        OpenDataSet::Honours,
        OpenDataSet::Awards,
        OpenDataSet::Progress,
    ];
}

/// The CSV and JSON files of `set`.
pub fn open_data_files(site: &Site, set: OpenDataSet) -> Vec<OutputFile> {
    match set {
        OpenDataSet::Honours => dataset_files(site, &HONOURS, &honour_rows(site)),
        OpenDataSet::Awards => dataset_files(site, &AWARDS, &award_rows(site)),
        OpenDataSet::Progress => dataset_files(site, &PROGRESS, &progress_rows(site)),
    }
}

/// The downloads as the `/du-lieu/` page lists them.
pub fn downloads(site: &Site) -> Vec<Download> {
    let counts = [
        honour_rows(site).len(),
        award_rows(site).len(),
        progress_rows(site).len(),
    ];
    [&HONOURS, &AWARDS, &PROGRESS]
        .into_iter()
        .zip(counts)
        .map(|(dataset, rows)| Download {
            name: dataset.name.into(),
            description: dataset.description.into(),
            csv_url: file_url(site, dataset, "csv"),
            json_url: file_url(site, dataset, "json"),
            rows,
            columns: dataset
                .columns
                .iter()
                .map(|(c, d)| (c.to_string(), d.to_string()))
                .collect(),
        })
        .collect()
}

fn file_url(site: &Site, dataset: &Dataset, ext: &str) -> String {
    Urls::new(&site.meta.base_url).asset(&format!("/du-lieu/{}.{ext}", dataset.stem))
}

fn dataset_files<T: Serialize>(site: &Site, dataset: &Dataset, rows: &[T]) -> Vec<OutputFile> {
    let base_path = &site.meta.base_path;
    let mut json = Vec::new();
    let _ = serde_json::to_writer_pretty(super::MarkupEscaper(&mut json), rows);
    vec![
        OutputFile::new(
            output_path(&file_url(site, dataset, "csv"), base_path),
            to_csv(rows, dataset.columns),
        ),
        OutputFile::new(
            output_path(&file_url(site, dataset, "json"), base_path),
            json,
        ),
    ]
}

/// CSV with a header row of `columns` in their order, UTF-8 with a byte-order mark so
/// spreadsheet programs read the diacritics right, and every text cell safe from formula
/// injection.
fn to_csv<T: Serialize>(rows: &[T], columns: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut header_written = false;
    for row in rows {
        let value = serde_json::to_value(row).unwrap_or_default();
        let Some(object) = value.as_object() else {
            continue;
        };
        if !header_written {
            let _ = writer.write_record(columns.iter().map(|(name, _)| name));
            header_written = true;
        }
        let cells = columns
            .iter()
            .map(|(name, _)| object.get(*name).map(cell).unwrap_or_default());
        let _ = writer.write_record(cells);
    }
    writer.into_inner().unwrap_or_default()
}

fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => neutralise_formula(s),
        other => other.to_string(),
    }
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would run as a formula in a
/// spreadsheet; a leading apostrophe keeps it text.
pub fn neutralise_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("Nguyễn Văn An"), "Nguyễn Văn An");
    }

    #[test]
    fn csv_has_a_header_and_keeps_field_order() {
        #[derive(Serialize)]
        struct Row {
            b: &'static str,
            a: u32,
        }
        let bytes = to_csv(&[Row { b: "=1+1", a: 2 }], &[("b", ""), ("a", "")]);
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(text, "\u{feff}b,a\n'=1+1,2\n");
    }

    /// The data dictionary of `/du-lieu/` names the columns of each file in order: every
    /// field of its rows, and nothing else.
    #[test]
    fn the_data_dictionary_lists_every_field_of_the_rows() {
        fn fields<T: Serialize>(row: &T) -> Vec<String> {
            let value = serde_json::to_value(row).expect("serialises");
            let mut names: Vec<String> =
                value.as_object().expect("object").keys().cloned().collect();
            names.sort();
            names
        }
        fn columns(dataset: &Dataset) -> Vec<String> {
            let mut names: Vec<String> =
                dataset.columns.iter().map(|(n, _)| n.to_string()).collect();
            names.sort();
            names
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let checked = crate::check::check_site(root);
        let honours = checked.honours.as_ref().expect("the demo site is valid");
        let site = crate::model::build_site(&checked.inputs, honours, None);
        assert_eq!(fields(&honour_rows(&site)[0]), columns(&HONOURS));
        assert_eq!(fields(&award_rows(&site)[0]), columns(&AWARDS));
        assert_eq!(fields(&progress_rows(&site)[0]), columns(&PROGRESS));
    }
}
