//! The provincial staff's day, end to end: start a site or a story with `new`, import a
//! spreadsheet, print the review report for the council, and follow the guide
//! (docs/huong-dan.md), every command of which is run here on a copy of the demo.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vinhdanh::base::inputs::{CriterionValue, Record};

use crate::support::{check, copy_tree, repo_root, stderr, stdout};

/// A copy of the demo site and of the sample spreadsheets under tests/import/.
fn demo_copy() -> tempfile::TempDir {
    let dir = crate::support::demo_copy();
    copy_tree(
        &repo_root().join("tests/import"),
        &dir.path().join("tests/import"),
    );
    dir
}

/// Runs the real binary in `dir` (as staff do, from the site's folder).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run vinhdanh")
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

// `new site`

#[test]
fn a_new_site_passes_check_and_builds() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let site = parent.path().join("trang-moi");
    let created = run_in(parent.path(), &["new", "site", "trang-moi"]);
    assert_ok(&created);
    assert!(
        stdout(&created).contains("Đã tạo trang mới"),
        "{}",
        stdout(&created)
    );
    let checked = check(&site);
    assert!(
        !checked.has_errors(),
        "{}",
        checked.diagnostics.render(&checked.inputs.sources)
    );
    assert_eq!(checked.inputs.provinces.len(), 1);
    assert_eq!(checked.inputs.records.len(), 1);
    assert_eq!(checked.inputs.stories.len(), 1);
    let honours = checked.honours.as_ref().expect("evaluated");
    assert!(
        honours.holds("gd-nguyen-van-an-kinh-bac", 2025),
        "the sample family earns its title"
    );
    assert_ok(&run_in(&site, &["check"]));
    assert_ok(&run_in(&site, &["build"]));
    for page in [
        "index.html",
        "ho-so/gd-nguyen-van-an-kinh-bac/index.html",
        "tinh/bac-ninh/index.html",
    ] {
        assert!(site.join("public").join(page).is_file(), "no {page}");
    }
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("home");
    assert!(
        home.contains("lang=vi") || home.contains("lang=\"vi\""),
        "not a Vietnamese page"
    );
}

#[test]
fn a_new_site_in_english_says_so_in_site_toml() {
    let parent = tempfile::tempdir().expect("temporary folder");
    let created = run_in(parent.path(), &["--lang", "en", "new", "site", "site"]);
    assert_ok(&created);
    assert!(
        stdout(&created).contains("Created a new site"),
        "{}",
        stdout(&created)
    );
    let config = std::fs::read_to_string(parent.path().join("site/site.toml")).expect("site.toml");
    assert!(config.contains("language = \"en\""), "{config}");
    assert_ok(&run_in(&parent.path().join("site"), &["check"]));
}

#[test]
fn a_new_site_is_never_made_in_a_folder_that_holds_something() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("ghi-chu.txt"), "giữ lại").expect("write");
    let output = run_in(dir.path(), &["new", "site", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("không rỗng"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("site.toml").exists());
}

#[test]
fn the_compiled_in_theme_is_the_whole_default_theme() {
    let dir = repo_root().join("themes/default");
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.expect("walk theme"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(&dir).expect("inside the theme");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let compiled: BTreeSet<String> = vinhdanh::commands::new::theme_paths()
        .into_iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        compiled, on_disk,
        "add or remove the file in THEME of src/commands/new.rs"
    );
}

// `new story`

const STORY: &str = "content/cau-chuyen/gia-dinh-ong-nguyen-van-an.md";

#[test]
fn a_new_story_is_filled_from_the_record_and_passes_check() {
    let site = demo_copy();
    let output = run_in(
        site.path(),
        &["new", "story", "gd-nguyen-van-an", "--date", "2025-12-20"],
    );
    assert_ok(&output);
    assert!(stdout(&output).contains(STORY), "{}", stdout(&output));
    let text = std::fs::read_to_string(site.path().join(STORY)).expect("story");
    for line in [
        "+++\ntitle = \"Câu chuyện về Gia đình ông Nguyễn Văn An\"\n",
        "\ndate = 2025-12-20\n",
        "\nsummary = \"Tóm tắt câu chuyện trong một hai câu (sửa dòng này).\"\n",
        "\nrecords = [\"gd-nguyen-van-an\"]\n",
        "\nprovince = \"bac-ninh\"\n",
        "\ndraft = true",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    let checked = check(site.path());
    assert!(!checked.has_errors());
    let story = checked
        .inputs
        .stories
        .iter()
        .find(|s| s.slug.value == "gia-dinh-ong-nguyen-van-an")
        .expect("the new story is read");
    assert!(story.draft);
    let again = run_in(site.path(), &["new", "story", "gd-nguyen-van-an"]);
    assert_eq!(again.status.code(), Some(2), "a story is never overwritten");
    assert!(
        stderr(&again).contains("đã có; không ghi đè"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_new_story_is_dated_today_unless_told() {
    let site = demo_copy();
    assert_ok(&run_in(site.path(), &["new", "story", "gd-nguyen-van-an"]));
    let text = std::fs::read_to_string(site.path().join(STORY)).expect("story");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date = "))
        .expect("a date");
    let year: u32 = date[..4].parse().expect("a year");
    assert!(year >= 2025 && date.len() == 10, "{date}");
    assert!(!check(site.path()).has_errors());
}

/// A story about a record that is not public would name it; the next build would refuse it.
#[test]
fn a_story_about_a_record_that_is_not_public_is_refused_with_the_reason() {
    let site = demo_copy();
    let hidden = "gd-phan-kim-phuong-tran-phu";
    let stories = site.path().join("content/cau-chuyen");
    let count = || std::fs::read_dir(&stories).map_or(0, |d| d.count());
    let before = count();
    let refused = run_in(site.path(), &["new", "story", hidden]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let text = stderr(&refused);
    assert!(text.contains("không công khai"), "{text}");
    assert!(
        text.contains("`public = false` trong data/records/ha-tinh/gia-dinh.toml"),
        "{text}"
    );
    assert_eq!(count(), before, "a draft was written");
    let english = run_in(site.path(), &["--lang", "en", "new", "story", hidden]);
    assert!(
        stderr(&english).contains("is not public"),
        "{}",
        stderr(&english)
    );
    assert_ok(&run_in(site.path(), &["new", "story", "gd-nguyen-van-an"]));
}

#[test]
fn a_story_about_an_unknown_record_or_on_a_bad_date_is_refused() {
    let site = demo_copy();
    let unknown = run_in(site.path(), &["new", "story", "gd-khong-co"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("không có hồ sơ \"gd-khong-co\""));
    let bad_date = run_in(
        site.path(),
        &["new", "story", "gd-nguyen-van-an", "--date", "2025-02-30"],
    );
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(
        stderr(&bad_date).contains("ngày không hợp lệ"),
        "{}",
        stderr(&bad_date)
    );
    assert!(!site.path().join(STORY).exists());
}

// `import`

const IMPORTED: &str = "data/records/bac-ninh/import-gia-dinh.toml";

fn import(site: &Path, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["import", file, "--kind", "family", "--province", "bac-ninh"];
    args.extend(extra);
    run_in(site, &args)
}

/// The imported records as plain data: id, name, commune, village, members, and each
/// assessment's round, criteria and note.
fn imported_records(site: &Path) -> Vec<String> {
    let checked = check(site);
    assert!(
        !checked.has_errors(),
        "{}",
        checked.diagnostics.render(&checked.inputs.sources)
    );
    checked
        .inputs
        .records
        .iter()
        .filter(|r| checked.inputs.sources.path(r.id.span.file) == Path::new(IMPORTED))
        .map(describe)
        .collect()
}

fn describe(record: &Record) -> String {
    let mut text = format!(
        "{} | {} | {} | {:?} | {:?}",
        record.id.value, record.name, record.commune.value, record.village, record.members
    );
    for assessment in &record.assessments {
        let criteria: Vec<String> = assessment
            .criteria
            .iter()
            .map(|(id, v)| match v.value {
                CriterionValue::Bool(b) => format!("{id}={b}"),
                CriterionValue::Number(n) => format!("{id}={n}"),
            })
            .collect();
        text.push_str(&format!(
            "\n  {}: {} {:?}",
            assessment.round.value,
            criteria.join(" "),
            assessment.note
        ));
    }
    text
}

#[test]
fn a_spreadsheet_of_families_becomes_records_that_pass_check() {
    let site = demo_copy();
    let output = import(site.path(), "tests/import/gia-dinh.csv", &[]);
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        format!("Đã nhập 4 hồ sơ (5 lượt đánh giá) vào {IMPORTED}. Dữ liệu hợp lệ.\n")
    );
    // One plain line per phase, the check made again after writing included in the last one.
    assert_eq!(
        stderr(&output),
        "vinhdanh: 1/5 đọc dữ liệu…\nvinhdanh: 2/5 kiểm tra dữ liệu…\nvinhdanh: 3/5 xét tiêu chí…\n\
         vinhdanh: 4/5 đọc bảng tính…\nvinhdanh: 5/5 ghi hồ sơ và kiểm tra lại…\n"
    );
    let records = imported_records(site.path());
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r.split(" | ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        [
            "gd-le-van-phuc-kinh-bac",
            "gd-tran-thi-mai-tien-du",
            "gd-pham-quang-huy-kinh-bac",
            "gd-nguyen-thi-lan-gia-binh"
        ]
    );
    insta::assert_snapshot!("import-gia-dinh", records.join("\n"));
    let explained = run_in(
        site.path(),
        &["explain", "gd-le-van-phuc-kinh-bac", "--round", "2024"],
    );
    assert_ok(&explained);
    assert!(
        stdout(&explained).contains("so-chuyen-de"),
        "{}",
        stdout(&explained)
    );
}

#[test]
fn the_workbook_gives_the_same_records_as_the_csv() {
    let from_csv = demo_copy();
    assert_ok(&import(from_csv.path(), "tests/import/gia-dinh.csv", &[]));
    let from_xlsx = demo_copy();
    assert_ok(&import(from_xlsx.path(), "tests/import/gia-dinh.xlsx", &[]));
    assert_eq!(
        imported_records(from_xlsx.path()),
        imported_records(from_csv.path())
    );
}

#[test]
fn nothing_in_data_is_overwritten_without_force() {
    let site = demo_copy();
    assert_ok(&import(site.path(), "tests/import/gia-dinh.csv", &[]));
    let path = site.path().join(IMPORTED);
    std::fs::write(&path, "# sửa tay\n").expect("edit by hand");
    let again = import(site.path(), "tests/import/gia-dinh.xlsx", &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("thêm --force để ghi đè"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# sửa tay\n");
    assert_ok(&import(
        site.path(),
        "tests/import/gia-dinh.xlsx",
        &["--force"],
    ));
    assert_eq!(imported_records(site.path()).len(), 4);
}

#[test]
fn bad_rows_are_reported_by_row_and_column_and_nothing_is_written() {
    let site = demo_copy();
    let output = import(site.path(), "tests/import/gia-dinh-loi.csv", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !site
            .path()
            .join("data/records/bac-ninh/import-gia-dinh-loi.toml")
            .exists()
    );
    let text = stderr(&output);
    for (row, column) in [
        (3, "commune"),
        (4, "round"),
        (5, "members"),
        (6, "tre-em-den-truong"),
        (7, "name"),
        (8, "round"),
        (9, "round"),
    ] {
        let place = format!("dòng {row}, cột `{column}`");
        assert!(text.contains(&place), "{place} not in\n{text}");
    }
    insta::assert_snapshot!("import-bad-rows", text);
    let english = run_in(
        site.path(),
        &[
            "--lang",
            "en",
            "import",
            "tests/import/gia-dinh-loi.csv",
            "--kind",
            "family",
            "--province",
            "bac-ninh",
        ],
    );
    insta::assert_snapshot!("import-bad-rows-en", stderr(&english));
}

#[test]
fn a_header_that_names_nothing_known_is_reported_on_row_1() {
    let site = demo_copy();
    let file = site.path().join("sai-tieu-de.csv");
    std::fs::write(
        &file,
        "ten,xa,dot,tu-sach,ty-le-gia-dinh-hoc-tap\nA,Xã Tiên Du,2025,1,1\n",
    )
    .expect("write");
    let output = import(site.path(), "sai-tieu-de.csv", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("dòng 1 (tiêu đề), cột `tu-sach`"), "{text}");
    // A criterion of the clan title is not a column of a family spreadsheet.
    assert!(
        text.contains("dòng 1 (tiêu đề), cột `ty-le-gia-dinh-hoc-tap`"),
        "{text}"
    );
    assert!(
        !text.contains("cột `ten`") && !text.contains("cột `dot`"),
        "Vietnamese headings: {text}"
    );
}

#[test]
fn an_id_used_by_another_file_is_refused() {
    let site = demo_copy();
    let file = site.path().join("trung-ma.csv");
    std::fs::write(
        &file,
        "id,name,commune,round\ngd-nguyen-van-an,Gia đình ông An,Phường Kinh Bắc,2025\n",
    )
    .expect("write");
    let output = import(site.path(), "trung-ma.csv", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("dòng 2, cột `id`: mã \"gd-nguyen-van-an\" đã có trong data/records/bac-ninh/gia-dinh.toml"),
        "{text}"
    );
}

#[test]
fn an_unknown_province_or_file_type_is_refused() {
    let site = demo_copy();
    let output = run_in(
        site.path(),
        &[
            "import",
            "tests/import/gia-dinh.csv",
            "--kind",
            "family",
            "--province",
            "ha-noi",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("không có tỉnh \"ha-noi\""),
        "{}",
        stderr(&output)
    );
    let output = import(site.path(), "site.toml", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(".csv hoặc .xlsx"),
        "{}",
        stderr(&output)
    );
}

// `report`

#[test]
fn the_report_prints_on_a4_for_the_council() {
    let site = demo_copy();
    let output = run_in(
        site.path(),
        &["report", "--round", "2025", "--format", "html"],
    );
    assert_ok(&output);
    let page = stdout(&output);
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"),
        "{}",
        &page[..200]
    );
    assert!(page.contains("@page { size: A4;"));
    assert!(page.contains("<h1>Báo cáo kết quả đợt 2025</h1>"));
    for section in [
        "<h2>Mới được công nhận (28)</h2>",
        "<h2>Mất danh hiệu so với đợt 2024 (25)</h2>",
        "<h2>Đủ điều kiện khen thưởng nhưng chưa nhận ở đợt 2025</h2>",
        "<h2>Đã nhận nhưng chưa đủ điều kiện ở đợt 2025 (2)</h2>",
        "<h2>Tiến độ so với chỉ tiêu, đợt 2025</h2>",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    assert!(page.contains("<th>Còn thiếu để đạt chỉ tiêu</th>"));
    assert!(
        page.contains("<td>45 cộng đồng</td>"),
        "the gap of Bắc Ninh's communities"
    );
    assert!(
        !page.contains("<script") && !page.contains("<link"),
        "the page stands alone"
    );
    let english = run_in(site.path(), &["--lang", "en", "report", "--format", "html"]);
    assert!(stdout(&english).contains("<h2>Progress against targets, round 2025</h2>"));
}

#[test]
fn the_report_compares_any_two_rounds() {
    let site = demo_copy();
    let output = run_in(
        site.path(),
        &["report", "--round", "2025", "--since", "2023"],
    );
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.starts_with("# Báo cáo kết quả đợt 2025 so với đợt 2023\n"),
        "{text}"
    );
    assert!(
        text.contains("## Mất danh hiệu so với đợt 2023 ("),
        "{text}"
    );
    let checked = check(site.path());
    let honours = checked.honours.as_ref().expect("evaluated");
    let newly = checked
        .inputs
        .records
        .iter()
        .filter(|r| {
            r.public && honours.holds(&r.id.value, 2025) && !honours.holds(&r.id.value, 2023)
        })
        .count();
    assert!(
        text.contains(&format!("## Mới được công nhận ({newly})")),
        "{text}"
    );
}

// The guide.

/// Every line of the guide's `sh` blocks that runs vinhdanh.
fn guide_commands() -> Vec<String> {
    let guide = std::fs::read_to_string(repo_root().join("docs/huong-dan.md")).expect("guide");
    let mut commands = Vec::new();
    let mut block: Option<String> = None;
    for line in guide.lines() {
        let trimmed = line.trim();
        if let Some(fence) = trimmed.strip_prefix("```") {
            block = match block {
                Some(_) => None,
                None => Some(fence.trim().to_string()),
            };
            continue;
        }
        let runs = trimmed.starts_with("vinhdanh ") || trimmed.starts_with("cargo run");
        if block.as_deref() == Some("sh") && runs {
            commands.push(trimmed.to_string());
        }
    }
    commands
}

/// Shell words: quotes kept together, a `#` word starts a comment.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, '#') if word.is_none() => break,
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The arguments of a command of the guide, and the file its output is sent to, if any.
fn arguments(command: &str) -> (Vec<String>, Option<PathBuf>) {
    let mut words = words(command);
    let redirect = words.iter().position(|w| w == ">").map(|at| {
        let file = words.get(at + 1).cloned().unwrap_or_default();
        words.truncate(at);
        PathBuf::from(file)
    });
    let args = if words.first().map(String::as_str) == Some("cargo") {
        let after = words
            .iter()
            .position(|w| w == "--")
            .map_or(words.len(), |i| i + 1);
        words[after..].to_vec()
    } else {
        words[1..].to_vec()
    };
    (args, redirect)
}

#[test]
fn shell_words_of_the_guide_are_read_like_a_shell() {
    assert_eq!(
        arguments("vinhdanh report --format html > bao-cao.html  # in ra A4"),
        (
            vec!["report".into(), "--format".into(), "html".into()],
            Some(PathBuf::from("bao-cao.html"))
        )
    );
    assert_eq!(arguments("cargo run --release -- check").0, ["check"]);
    assert_eq!(
        words("vinhdanh new site \"trang mới\""),
        ["vinhdanh", "new", "site", "trang mới"]
    );
}

#[test]
fn every_command_of_the_guide_runs_on_the_demo() {
    let commands = guide_commands();
    for needed in [
        "check",
        "build",
        "explain",
        "import",
        "--format html",
        "new story",
        "--since",
    ] {
        assert!(
            commands.iter().any(|c| c.contains(needed)),
            "the guide shows no `{needed}` command"
        );
    }
    let site = demo_copy();
    for command in &commands {
        let (args, redirect) = arguments(command);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run_in(site.path(), &args);
        assert!(
            output.status.success(),
            "`{command}` failed:\n{}{}",
            stdout(&output),
            stderr(&output)
        );
        if let Some(file) = redirect {
            assert!(!output.stdout.is_empty(), "`{command}` printed nothing");
            std::fs::write(site.path().join(file), &output.stdout).expect("write the output");
        }
    }
    assert!(site.path().join("bao-cao.html").is_file());
    assert!(site.path().join("public/index.html").is_file());
    assert!(site.path().join(IMPORTED).is_file());
}

/// A spreadsheet's file name is never written raw: a name with line breaks and `[[family]]`
/// adds no record, and the output file's name is made of safe characters only.
#[test]
fn a_file_name_cannot_inject_records() {
    let site = demo_copy();
    let name = "a\n[[family]]\nid=\"x\".csv";
    std::fs::copy(
        site.path().join("tests/import/gia-dinh.csv"),
        site.path().join(name),
    )
    .expect("copy");
    let output = import(site.path(), name, &[]);
    assert_ok(&output);
    let relative = "data/records/bac-ninh/import-a-family-id-x.toml";
    assert!(stdout(&output).contains(relative), "{}", stdout(&output));
    let text = std::fs::read_to_string(site.path().join(relative)).expect("written");
    let first_line = text.lines().next().expect("a first line");
    assert!(
        first_line.starts_with(r#"# Nhập từ "a\n[[family]]\nid=\"x\".csv" bằng"#),
        "{first_line}"
    );
    let checked = check(site.path());
    let imported: Vec<&str> = checked
        .inputs
        .records
        .iter()
        .filter(|r| checked.inputs.sources.path(r.id.span.file) == Path::new(relative))
        .map(|r| r.id.value.as_str())
        .collect();
    assert_eq!(imported.len(), 4, "{imported:?}");
    assert!(!imported.contains(&"x"), "{imported:?}");
}
