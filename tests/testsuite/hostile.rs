//! Broken and hostile input, as provinces may send it: each case ends in a clear error or a
//! safe result, never a panic, a half-written site or a leak.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{check, found, hostile_site, stderr, stdout, tree, vinhdanh};

fn codes(site: &Path) -> Vec<(String, String, usize, usize)> {
    found(&check(site))
        .into_iter()
        .map(|f| (f.code, f.file, f.line, f.column))
        .collect()
}

/// Builds the site and returns every output file's bytes by path.
fn build(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let output = vinhdanh(site, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    tree(&site.join("public"))
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_normally() {
    let site = hostile_site("bom-crlf");
    assert_eq!(codes(site.path()), vec![]);
    let files = build(site.path());
    assert!(files.contains_key("ho-so/cd-le-thi-lan/index.html"));
    assert!(files.contains_key("cau-chuyen/lop-hoc/index.html"));
}

#[test]
fn errors_in_a_crlf_file_point_at_the_right_line_and_column() {
    let site = hostile_site("crlf-error");
    assert_eq!(
        codes(site.path()),
        vec![("E022".into(), "data/records/them.toml".into(), 5, 11)]
    );
}

#[test]
fn a_windows_1258_file_is_reported_as_not_utf8() {
    let site = hostile_site("windows-1258");
    let output = vinhdanh(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("E002") && text.contains("không phải văn bản UTF-8"),
        "{text}"
    );
    assert!(text.contains("data/records/them.toml:3:"), "{text}");
}

#[test]
fn decomposed_names_render_and_sort_as_composed_ones() {
    let site = hostile_site("nfd-names");
    let checked = check(site.path());
    let record = checked
        .inputs
        .records
        .iter()
        .find(|r| r.id.value == "cd-dang-thi-hoa")
        .expect("record");
    assert_eq!(record.name, "Bà Đặng Thị Hoà");
    assert_eq!(record.commune.value, "Xã Tiên Du");
    let files = build(site.path());
    let page = String::from_utf8_lossy(&files["ho-so/cd-dang-thi-hoa/index.html"]).into_owned();
    assert!(
        page.contains("Bà Đặng Thị Hoà"),
        "the page does not show the NFC name"
    );
}

#[test]
fn invisible_characters_are_removed_from_names() {
    let site = hostile_site("invisible-characters");
    assert_eq!(codes(site.path()), vec![]);
    let checked = check(site.path());
    let record = checked
        .inputs
        .records
        .iter()
        .find(|r| r.id.value == "cd-le-thi-lan")
        .expect("record");
    assert_eq!(record.name, "Bà Lê Thị Lan");
}

#[test]
fn a_control_character_in_a_name_is_an_error() {
    let site = hostile_site("control-character");
    assert_eq!(
        codes(site.path()),
        vec![("E013".into(), "data/records/them.toml".into(), 3, 8)]
    );
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(text.contains("U+0007"), "{text}");
}

#[test]
fn empty_files_are_an_empty_record_file_and_a_story_without_front_matter() {
    let site = hostile_site("empty-files");
    assert_eq!(
        codes(site.path()),
        vec![("E005".into(), "content/cau-chuyen/rong.md".into(), 1, 1)]
    );
}

#[test]
fn a_binary_file_in_content_is_reported_and_other_files_are_ignored() {
    let site = hostile_site("binary-content");
    let found = codes(site.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E002");
    assert_eq!(found[0].1, "content/cau-chuyen/anh.md");
}

#[test]
fn ids_that_could_escape_the_output_or_clash_with_devices_are_refused() {
    let site = hostile_site("hostile-ids");
    let found = codes(site.path());
    let invalid: Vec<usize> = found
        .iter()
        .filter(|f| f.0 == "E014")
        .map(|f| f.2)
        .collect();
    assert_eq!(invalid, vec![2, 8, 14], "{found:?}");
}

#[test]
fn a_slug_collision_is_resolved_by_date_keeping_the_older_link() {
    let site = hostile_site("slug-collision");
    assert_eq!(codes(site.path()), vec![]);
    let files = build(site.path());
    let older = String::from_utf8_lossy(&files["cau-chuyen/dang-ky/index.html"]).into_owned();
    let newer = String::from_utf8_lossy(&files["cau-chuyen/dang-ky-2/index.html"]).into_owned();
    assert!(
        older.contains("Đăng ký học"),
        "the older story lost its slug"
    );
    assert!(newer.contains("Đăng ký mới"));
}

/// Live markup in a parsed HTML page: script elements other than the site's own search
/// script and its JSON-LD data blocks (JSON that never runs, with no `<` in it), event-handler
/// attributes, and `javascript:` links.
fn live_markup(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for element_ref in document
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let element = element_ref.value();
        let own_script = element.name() == "script"
            && element
                .attr("src")
                .is_some_and(|src| src.ends_with("/tim-kiem.js"));
        let data_block = element.name() == "script"
            && element.attr("type") == Some("application/ld+json")
            && element.attr("src").is_none()
            && {
                let text: String = element_ref.text().collect();
                !text.contains('<') && serde_json::from_str::<serde_json::Value>(&text).is_ok()
            };
        if element.name() == "script" && !own_script && !data_block {
            found.push(format!("<script> element: {:?}", element.attr("src")));
        }
        for (name, value) in element.attrs() {
            if name.starts_with("on") {
                found.push(format!("attribute {name}={value}"));
            }
            if matches!(name, "href" | "src" | "action")
                && value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
            {
                found.push(format!("{name}={value}"));
            }
        }
    }
    found
}

#[test]
fn scripts_in_names_and_stories_are_escaped_or_removed_in_every_output() {
    let site = hostile_site("script-injection");
    let files = build(site.path());
    let mut pages = 0;
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            pages += 1;
            let found = live_markup(&String::from_utf8_lossy(bytes));
            assert!(found.is_empty(), "{path}: {found:?}");
        } else if path.ends_with(".xml") || path.ends_with(".json") {
            for needle in ["<script", "<b onmouseover", "<img src"] {
                assert!(!contains(bytes, needle), "{needle} in {path}");
            }
        }
    }
    assert!(pages > 20);
    let record = String::from_utf8_lossy(&files["ho-so/gd-script/index.html"]).into_owned();
    assert!(
        record.contains("&lt;script>alert") || record.contains("&lt;script&gt;alert"),
        "the name is shown as text"
    );
    let story = String::from_utf8_lossy(&files["cau-chuyen/tan-cong/index.html"]).into_owned();
    assert!(
        !story.contains("alert('than-bai')"),
        "the story's script was not removed"
    );
    assert!(story.contains("Bấm vào đây"), "the link text stays");
    let feed = String::from_utf8_lossy(&files["atom.xml"]).into_owned();
    assert!(
        feed.contains("&lt;script&gt;alert(&#39;tieu-de&#39;)"),
        "feed title escaped"
    );
    let csv = String::from_utf8_lossy(&files["du-lieu/danh-hieu.csv"]).into_owned();
    assert!(
        csv.contains("<script>alert('ten')</script> Bà Lan"),
        "CSV keeps the name as text"
    );
}

#[test]
fn a_javascript_image_address_is_an_error() {
    let site = hostile_site("script-image");
    assert_eq!(
        codes(site.path()),
        vec![("E013".into(), "content/cau-chuyen/anh-xau.md".into(), 5, 9)]
    );
}

#[test]
fn formulas_in_names_are_neutralised_in_csv_downloads() {
    let site = hostile_site("formula-injection");
    let files = build(site.path());
    let bytes = &files["du-lieu/danh-hieu.csv"];
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM"));
    let row = reader
        .records()
        .map(|r| r.expect("row"))
        .find(|r| &r[0] == "gd-formula")
        .expect("the record's row");
    assert_eq!(&row[1], "'=HYPERLINK(\"http://x.example\",\"Bấm\")");
    assert_eq!(&row[5], "'-2+3");
    for cell in row.iter() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
    }
}

#[test]
fn a_duplicate_key_is_a_syntax_error_at_the_second_key() {
    let site = hostile_site("duplicate-key");
    assert_eq!(
        codes(site.path()),
        vec![("E003".into(), "data/records/them.toml".into(), 4, 1)]
    );
}

#[test]
fn a_50_megabyte_record_file_is_read_whole() {
    let site = hostile_site("bom-crlf");
    let mut text = String::with_capacity(52_000_000);
    let mut n = 0;
    while text.len() < 50_000_000 {
        text.push_str(&format!(
            "[[family]]\nid = \"gd-lon-{n}\"\nname = \"Gia đình ông Nguyễn Văn Lớn {n}\"\nprovince = \"bac-ninh\"\ncommune = \"09190\"\nvillage = \"Thôn Đông Xuyên, một thôn có tên dài để tệp lớn hơn một chút\"\n\n[[family.assessment]]\nround = 2024\ncriteria = {{ tre-em-den-truong = true, so-chuyen-de = 2, tu-sach = true }}\n\n"
        ));
        n += 1;
    }
    fs::write(site.path().join("data/records/lon.toml"), &text).expect("write 50 MB");
    let output = vinhdanh(site.path(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!("{}", n + 4)),
        "record count"
    );
}

#[test]
fn formulas_in_names_are_neutralised_in_the_csv_report() {
    let site = hostile_site("formula-injection");
    let output = vinhdanh(
        site.path(),
        &["report", "--round", "2024", "--format", "csv"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = output.stdout;
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let row = rows
        .iter()
        .find(|r| r.iter().any(|cell| cell == "gd-formula"))
        .expect("the record's row");
    assert!(
        row.iter()
            .any(|cell| cell == "'=HYPERLINK(\"http://x.example\",\"Bấm\")"),
        "{row:?}"
    );
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
}

/// One value just over 64 KiB is refused at its place, before the records are checked or
/// anything is scanned; the same value at the limit is read.
#[test]
fn a_value_over_64_kib_is_refused_at_its_place() {
    let site = hostile_site("bom-crlf");
    let record = |note: &str| {
        format!(
            "[[family]]\nid = \"gd-dai\"\nname = \"Gia đình ông Dài\"\nprovince = \"bac-ninh\"\ncommune = \"09187\"\n\n[[family.assessment]]\nround = 2024\ncriteria = {{ tre-em-den-truong = true, so-chuyen-de = 2, tu-sach = true }}\nnote = \"{note}\"\n"
        )
    };
    let path = site.path().join("data/records/dai.toml");
    fs::write(&path, record(&"a".repeat(64 * 1024))).expect("write");
    assert_eq!(codes(site.path()), vec![]);
    fs::write(&path, record(&"a".repeat(64 * 1024 + 1))).expect("write");
    let found = found(&check(site.path()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].code.as_str(),
            found[0].file.as_str(),
            found[0].line,
            found[0].column
        ),
        ("E048", "data/records/dai.toml", 10, 8)
    );
    assert_eq!(found[0].field, "family.assessment.note");
    let output = vinhdanh(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("lỗi[E048]: giá trị quá dài: 65 KiB, quá giới hạn 64 KiB"),
        "{}",
        &stderr(&output)[..500.min(stderr(&output).len())]
    );
}

/// A story file over 4 MiB is not read: one error at the file, nothing else.
#[test]
fn a_story_file_over_the_limit_is_not_read() {
    let site = hostile_site("bom-crlf");
    let mut text = String::from("+++\ntitle = \"Dài\"\ndate = 2025-01-02\n+++\n");
    text.push_str(&"a".repeat(4 * 1024 * 1024 + 1 - text.len()));
    fs::write(site.path().join("content/cau-chuyen/dai.md"), &text).expect("write");
    assert_eq!(
        codes(site.path()),
        vec![("E049".into(), "content/cau-chuyen/dai.md".into(), 1, 1)]
    );
    let output = vinhdanh(site.path(), &["--lang", "en", "check"]);
    assert!(
        stderr(&output)
            .contains("error[E049]: file too large, not read: 5 MiB, over the limit of 4 MiB"),
        "{}",
        stderr(&output)
    );
}
