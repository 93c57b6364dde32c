//! Open data: the honours, awards and progress as CSV and JSON downloads, with a data
//! dictionary for the `/du-lieu/` page. CSV cells that a spreadsheet would run as a formula
//! are neutralised.
//!
//! Each file is made in pieces of a few thousand records' rows ([`DataStream`]), so that the
//! build writes a download of a gigabyte without ever holding it whole; `serve` keeps the pieces
//! and makes again only those whose records changed ([`reuse`]).

mod reuse;

pub use reuse::{DataPieces, UNKNOWN_PRINT, open_data_files_reusing};

use serde::Serialize;

use super::context::Download;
use super::output_path;
use super::{Origin, OutputFile};
use crate::base::csv_cell::neutralise_formula;
use crate::model::{RecordView, Site, Urls};

/// Records whose rows make one piece of a download.
const RECORDS_PER_PIECE: usize = 2048;

/// The columns a row about a record starts with.
#[derive(Debug, Serialize)]
struct RecordColumns<'a> {
    record_id: &'a str,
    name: &'a str,
    kind: &'a str,
    province: &'a str,
    commune: &'a str,
}

impl<'a> RecordColumns<'a> {
    fn of(record: &'a RecordView) -> Self {
        RecordColumns {
            record_id: &record.id,
            name: &record.name,
            kind: record.kind.as_str(),
            province: &record.province,
            commune: &record.commune,
        }
    }

    fn cells(&self) -> Vec<Cell<'a>> {
        vec![
            Cell::Text(self.record_id),
            Cell::Text(self.name),
            Cell::Text(self.kind),
            Cell::Text(self.province),
            Cell::Text(self.commune),
        ]
    }
}

/// One row of `danh-hieu.csv`: a public record in one assessed round.
#[derive(Debug, Serialize)]
struct HonourRow<'a> {
    #[serde(flatten)]
    record: RecordColumns<'a>,
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
    #[serde(flatten)]
    record: RecordColumns<'a>,
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

fn honour_rows<'a>(site: &'a Site, records: &'a [RecordView]) -> Vec<HonourRow<'a>> {
    records
        .iter()
        .flat_map(|r| {
            r.rounds.iter().rev().map(move |round| HonourRow {
                record: RecordColumns::of(r),
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

fn award_rows(records: &[RecordView]) -> Vec<AwardRow<'_>> {
    records
        .iter()
        .flat_map(|r| {
            r.awards.iter().map(move |a| AwardRow {
                record: RecordColumns::of(r),
                round: a.round,
                award_id: &a.award_id,
                award: &a.award_name,
                issuer_kind: match a.issuer_kind {
                    crate::base::inputs::Issuer::State => "state",
                    crate::base::inputs::Issuer::Association => "association",
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
                        Some(crate::base::inputs::Status::Met) => "met",
                        Some(crate::base::inputs::Status::OnTrack) => "on_track",
                        Some(crate::base::inputs::Status::Behind) => "behind",
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

/// A file of the output made piece by piece: writing each piece as it comes keeps a
/// download of a million records' rows out of memory.
pub struct DataStream<'a> {
    pub path: String,
    /// What made the file, as [`OutputFile::origin`] says it.
    pub origin: Origin,
    pub pieces: Box<dyn Iterator<Item = Vec<u8>> + Send + 'a>,
}

impl std::fmt::Debug for DataStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataStream")
            .field("path", &self.path)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl DataStream<'_> {
    /// The whole file at once.
    pub fn collect(self) -> OutputFile {
        let mut bytes = Vec::new();
        for piece in self.pieces {
            bytes.extend_from_slice(&piece);
        }
        OutputFile::new(self.path, bytes).made_by(self.origin)
    }
}

/// The CSV and JSON files of `set`, in pieces.
pub fn open_data_streams(site: &Site, set: OpenDataSet) -> Vec<DataStream<'_>> {
    match set {
        OpenDataSet::Honours => dataset_streams(
            site,
            &HONOURS,
            record_batches(site, move |records| honour_rows(site, records)),
        ),
        OpenDataSet::Awards => dataset_streams(site, &AWARDS, record_batches(site, award_rows)),
        OpenDataSet::Progress => dataset_streams(
            site,
            &PROGRESS,
            std::iter::once_with(move || progress_rows(site)),
        ),
    }
}

/// The CSV and JSON files of `set`, whole.
pub fn open_data_files(site: &Site, set: OpenDataSet) -> Vec<OutputFile> {
    open_data_streams(site, set)
        .into_iter()
        .map(DataStream::collect)
        .collect()
}

/// The rows of the site's records, a slice of records at a time.
fn record_batches<'a, T: 'a>(
    site: &'a Site,
    rows: impl Fn(&'a [RecordView]) -> Vec<T> + Clone + Send + 'a,
) -> impl Iterator<Item = Vec<T>> + Clone + Send + 'a {
    site.records.chunks(RECORDS_PER_PIECE).map(rows)
}

/// The downloads as the `/du-lieu/` page lists them.
pub fn downloads(site: &Site) -> Vec<Download> {
    let counts = [
        site.records.iter().map(|r| r.rounds.len()).sum(),
        site.records.iter().map(|r| r.awards.len()).sum(),
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

fn dataset_streams<'a, T, I>(site: &'a Site, dataset: &Dataset, batches: I) -> Vec<DataStream<'a>>
where
    T: Serialize + CsvRow + 'a,
    I: Iterator<Item = Vec<T>> + Clone + Send + 'a,
{
    let base_path = &site.meta.base_path;
    let columns = dataset.columns;
    let csv_header = std::iter::once(csv_header(columns));
    vec![
        DataStream {
            path: output_path(&file_url(site, dataset, "csv"), base_path),
            origin: Origin::OpenData,
            pieces: Box::new(csv_header.chain(batches.clone().map(|rows| csv_rows(&rows)))),
        },
        DataStream {
            path: output_path(&file_url(site, dataset, "json"), base_path),
            origin: Origin::OpenData,
            pieces: Box::new(json_pieces(batches)),
        },
    ]
}

/// A JSON array of the rows, one object per line, with `<`, `>` and `&` escaped.
fn json_pieces<T: Serialize>(
    batches: impl Iterator<Item = Vec<T>> + Send,
) -> impl Iterator<Item = Vec<u8>> + Send {
    let rows = batches.scan(true, |first, rows| {
        let piece = json_rows(&rows, *first);
        *first &= rows.is_empty();
        Some(piece)
    });
    std::iter::once(JSON_OPENING.to_vec())
        .chain(rows)
        .chain(std::iter::once(JSON_CLOSING.to_vec()))
}

/// What a JSON download starts and ends with, around its rows.
const JSON_OPENING: &[u8] = b"[";
const JSON_CLOSING: &[u8] = b"\n]\n";

/// The JSON lines of `rows`, each after a comma unless they are the `first` of the file.
fn json_rows<T: Serialize>(rows: &[T], first: bool) -> Vec<u8> {
    let mut piece = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        piece.extend_from_slice(if first && index == 0 { b"\n" } else { b",\n" });
        let _ = serde_json::to_writer(super::MarkupEscaper(&mut piece), row);
    }
    piece
}

/// A row of a CSV download: its cells, in the order of the dataset's columns.
trait CsvRow {
    fn cells(&self) -> Vec<Cell<'_>>;
}

/// One cell of a CSV row, written as its JSON value would be (no quotes around text, nothing
/// for none).
enum Cell<'a> {
    Text(&'a str),
    Int(i64),
    Count(u64),
    Number(f64),
    Flag(bool),
    Empty,
}

impl Cell<'_> {
    fn optional<T>(value: Option<T>, cell: impl FnOnce(T) -> Self) -> Self {
        value.map_or(Cell::Empty, cell)
    }
}

/// The byte-order mark, so that spreadsheet programs read the diacritics right, and the header
/// row of `columns` in their order.
fn csv_header(columns: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = writer.write_record(columns.iter().map(|(name, _)| name));
    writer.into_inner().unwrap_or_default()
}

/// CSV lines of `rows`, every text cell safe from formula injection.
fn csv_rows<T: CsvRow>(rows: &[T]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells = row.cells().into_iter().map(|cell| match cell {
            Cell::Text(text) => neutralise_formula(text),
            Cell::Int(n) => n.to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Number(x) => serde_json::to_string(&x).unwrap_or_default(),
            Cell::Flag(b) => b.to_string(),
            Cell::Empty => String::new(),
        });
        let _ = writer.write_record(cells);
    }
    writer.into_inner().unwrap_or_default()
}

impl CsvRow for HonourRow<'_> {
    fn cells(&self) -> Vec<Cell<'_>> {
        let mut cells = self.record.cells();
        cells.extend([
            Cell::Text(self.district),
            Cell::Int(self.round),
            Cell::Text(self.title_id),
            Cell::Text(self.title),
            Cell::Flag(self.held),
            Cell::Number(self.score),
            Cell::Text(self.grade),
            Cell::Text(&self.url),
        ]);
        cells
    }
}

impl CsvRow for AwardRow<'_> {
    fn cells(&self) -> Vec<Cell<'_>> {
        let mut cells = self.record.cells();
        cells.extend([
            Cell::Int(self.round),
            Cell::Text(self.award_id),
            Cell::Text(self.award),
            Cell::Text(self.issuer_kind),
            Cell::Text(self.decision),
            Cell::Text(self.date),
            Cell::Text(self.issuer),
        ]);
        cells
    }
}

impl CsvRow for ProgressRow<'_> {
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::Text(self.province),
            Cell::Text(self.kind),
            Cell::Int(self.round),
            Cell::Count(self.total),
            Cell::optional(self.registered, Cell::Count),
            Cell::Count(self.recognised),
            Cell::optional(self.share_of_total, Cell::Number),
            Cell::optional(self.share_of_registered, Cell::Number),
            Cell::optional(self.target_min, Cell::Number),
            Cell::optional(self.target_stretch, Cell::Number),
            Cell::Text(self.target_source),
            Cell::Text(self.target_basis),
            Cell::Text(self.status),
        ]
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    struct Row {
        b: &'static str,
        a: u32,
    }

    impl CsvRow for Row {
        fn cells(&self) -> Vec<Cell<'_>> {
            vec![Cell::Text(self.b), Cell::Count(u64::from(self.a))]
        }
    }

    #[test]
    fn csv_has_a_header_and_keeps_field_order() {
        let mut bytes = csv_header(&[("b", ""), ("a", "")]);
        bytes.extend(csv_rows(&[Row { b: "=1+1", a: 2 }, Row { b: "x,y", a: 3 }]));
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(text, "\u{feff}b,a\n'=1+1,2\n\"x,y\",3\n");
    }

    /// The demo site's public view, made by the stages before this one: loaded, judged by
    /// the rules, modelled.
    pub(crate) fn demo_site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (inputs, diagnostics) = crate::load::load_site(root);
        assert!(!diagnostics.has_errors(), "the demo site loads");
        let honours = crate::rules::evaluate(&inputs.rules, &inputs.records);
        crate::model::build_site(&inputs, &honours, None)
    }

    /// Each CSV cell is the row's JSON value of its column: text as it is (neutralised),
    /// numbers as JSON writes them, nothing for none.
    #[test]
    fn csv_cells_are_the_json_values_of_the_columns() {
        fn agree<T: Serialize + CsvRow>(rows: &[T], dataset: &Dataset) {
            assert!(!rows.is_empty(), "{}: the demo site has rows", dataset.stem);
            for row in rows {
                let value = serde_json::to_value(row).expect("serialises");
                let expected: Vec<String> = dataset
                    .columns
                    .iter()
                    .map(|(name, _)| match &value[*name] {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => neutralise_formula(s),
                        other => other.to_string(),
                    })
                    .collect();
                let line = csv_rows(std::slice::from_ref(row));
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(&line[..]);
                let record = reader.records().next().expect("a line").expect("csv");
                let cells: Vec<&str> = record.iter().collect();
                assert_eq!(cells, expected, "{}", dataset.stem);
            }
        }
        let site = demo_site();
        let honours = honour_rows(&site, &site.records);
        let awards = award_rows(&site.records);
        let progress = progress_rows(&site);
        agree(&honours, &HONOURS);
        agree(&awards, &AWARDS);
        agree(&progress, &PROGRESS);
        let listed: Vec<usize> = downloads(&site).iter().map(|d| d.rows).collect();
        assert_eq!(listed, [honours.len(), awards.len(), progress.len()]);
    }

    /// The pieces make one JSON array of every row, whatever the number of pieces, and the
    /// CSV one header line and one line per row.
    #[test]
    fn downloads_in_pieces_are_whole_files() {
        let site = demo_site();
        let rows = honour_rows(&site, &site.records).len();
        for size in [1, 2, rows + 1] {
            let batches = site.records.chunks(size).map(|r| honour_rows(&site, r));
            let files: Vec<OutputFile> = dataset_streams(&site, &HONOURS, batches)
                .into_iter()
                .map(DataStream::collect)
                .collect();
            let json: serde_json::Value =
                serde_json::from_slice(&files[1].bytes).expect("one JSON document");
            assert_eq!(
                json.as_array().map(Vec::len),
                Some(rows),
                "pieces of {size}"
            );
            let text = String::from_utf8(files[0].bytes.clone()).expect("utf-8");
            assert_eq!(text.lines().count(), rows + 1, "pieces of {size}");
        }
        let none = dataset_streams(&site, &HONOURS, std::iter::empty::<Vec<HonourRow>>());
        let files: Vec<OutputFile> = none.into_iter().map(DataStream::collect).collect();
        assert_eq!(files[1].bytes, b"[\n]\n");
        assert!(files[0].bytes.starts_with(b"\xEF\xBB\xBFrecord_id,name,"));
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
        let site = demo_site();
        assert_eq!(
            fields(&honour_rows(&site, &site.records)[0]),
            columns(&HONOURS)
        );
        assert_eq!(fields(&award_rows(&site.records)[0]), columns(&AWARDS));
        assert_eq!(fields(&progress_rows(&site)[0]), columns(&PROGRESS));
    }
}
