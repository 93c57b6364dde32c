//! `import` refuses a spreadsheet over its limits with a clear message and a clean exit, never
//! by running out of memory: the hostile workbooks are made here, a few kilobytes each, and the
//! command runs under a 1 GiB address-space limit.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use zip::write::SimpleFileOptions;

use crate::support::{demo_copy, stderr, stdout};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An XLSX workbook whose one sheet holds `rows` (the XML inside `<sheetData>`), declaring
/// `dimension` as its size; `extra` parts are added as they are.
fn workbook(dimension: &str, rows: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    for (name, bytes) in parts.iter().chain(extra) {
        zip.start_file(*name, options).expect("start part");
        zip.write_all(bytes).expect("write part");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// One inline text cell.
fn cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Runs `import` of `file` in `site` with its address space limited to 1 GiB.
fn import_limited(site: &Path, file: &str, lang: &[&str]) -> Output {
    Command::new("prlimit")
        .current_dir(site)
        .arg(format!("--as={}", 1u64 << 30))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_vinhdanh"))
        .arg("--root")
        .arg(site)
        .args(lang)
        .args(["import", file, "--kind", "family", "--province", "bac-ninh"])
        .output()
        .expect("run vinhdanh under prlimit")
}

/// Refused as a request (exit 2, not a signal), nothing written.
fn assert_refused(site: &Path, output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        !site
            .join("data/records/bac-ninh")
            .read_dir()
            .is_ok_and(|mut d| d
                .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("import-")))),
        "a file was written"
    );
    stderr(output)
}

#[test]
fn a_sheet_whose_only_cell_is_the_last_one_is_refused_without_running_out_of_memory() {
    let site = demo_copy();
    let bytes = workbook(
        "A1:XFD1048576",
        &format!(r#"<row r="1048576">{}</row>"#, cell("XFD1048576", "x")),
        &[],
    );
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    std::fs::write(site.path().join("thua.xlsx"), &bytes).expect("write");
    let output = import_limited(site.path(), "thua.xlsx", &[]);
    let text = assert_refused(site.path(), &output);
    assert_eq!(
        text,
        "vinhdanh: 1/5 đọc dữ liệu…\nvinhdanh: 2/5 kiểm tra dữ liệu…\nvinhdanh: 3/5 xét tiêu chí…\n\
         vinhdanh: 4/5 đọc bảng tính…\n\
         lỗi: thua.xlsx: bảng tính quá lớn, chưa đọc: ô XFD1048576 nằm ở dòng 1048576, quá giới hạn 200000 dòng. Hãy xoá các dòng, cột thừa hoặc tách thành nhiều tệp nhỏ hơn.\n"
    );
    let english = import_limited(site.path(), "thua.xlsx", &["--lang", "en"]);
    assert!(
        assert_refused(site.path(), &english)
            .contains("cell XFD1048576 is in row 1048576, over the limit of 200000 rows"),
        "{}",
        stderr(&english)
    );
}

#[test]
fn a_cell_far_to_the_right_is_refused_with_its_name() {
    let site = demo_copy();
    let row = format!(
        r#"<row r="2">{}{}</row>"#,
        cell("A2", "a"),
        cell("ZZ2", "b")
    );
    let bytes = workbook("A1:ZZ2", &row, &[]);
    std::fs::write(site.path().join("rong.xlsx"), &bytes).expect("write");
    let text = assert_refused(site.path(), &import_limited(site.path(), "rong.xlsx", &[]));
    assert!(
        text.contains("ô ZZ2 nằm ở cột thứ 702, quá giới hạn 512 cột"),
        "{text}"
    );
}

#[test]
fn a_part_that_unpacks_hundreds_of_times_its_size_is_refused_before_it_is_read() {
    let site = demo_copy();
    let spaces = vec![b' '; 8 * 1024 * 1024];
    let bytes = workbook("A1", "", &[("xl/sharedStrings.xml", spaces.as_slice())]);
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    std::fs::write(site.path().join("bom.xlsx"), &bytes).expect("write");
    let text = assert_refused(site.path(), &import_limited(site.path(), "bom.xlsx", &[]));
    assert!(
        text.contains("phần xl/sharedStrings.xml của tệp giải nén ra lớn gấp"),
        "{text}"
    );
    assert!(text.contains("quá giới hạn 500 lần"), "{text}");
}

#[test]
fn a_csv_with_a_row_too_wide_is_refused() {
    let site = demo_copy();
    let wide = format!("name,commune,round\n{}\n", ",".repeat(600));
    std::fs::write(site.path().join("rong.csv"), wide).expect("write");
    let text = assert_refused(site.path(), &import_limited(site.path(), "rong.csv", &[]));
    assert!(
        text.contains("ô SS2 nằm ở cột thứ 513, quá giới hạn 512 cột"),
        "{text}"
    );
}

#[test]
fn a_workbook_within_the_limits_is_read_cell_by_cell() {
    let site = demo_copy();
    let rows = format!(
        r#"<row r="1">{}{}{}</row><row r="3">{}{}{}</row>"#,
        cell("A1", "name"),
        cell("B1", "commune"),
        cell("C1", "round"),
        cell("A3", "Gia đình ông Lê Văn Thử"),
        cell("B3", "Phường Kinh Bắc"),
        r#"<c r="C3"><v>2025</v></c>"#,
    );
    let bytes = workbook("A1:XFD1048576", &rows, &[]);
    std::fs::write(site.path().join("nho.xlsx"), &bytes).expect("write");
    let output = import_limited(site.path(), "nho.xlsx", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Đã nhập 1 hồ sơ"),
        "{}",
        stdout(&output)
    );
}
