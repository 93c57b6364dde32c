//! The demo site at the repository root: valid, rich enough to show every rule, and its
//! `explain` and `report` output snapshotted in Vietnamese (the demo's language) and English.

use std::collections::BTreeSet;

use vinhdanh::base::inputs::{Kind, Revoked};
use vinhdanh::rules::CriterionReading;

use crate::support::{check, repo_root, stderr, stdout, vinhdanh};

#[test]
fn demo_passes_check_with_a_summary() {
    let output = vinhdanh(&repo_root(), &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("dữ liệu hợp lệ, không có lỗi"), "{text}");
    for word in [
        "gia đình",
        "dòng họ",
        "cộng đồng",
        "đơn vị",
        "công dân",
        "Số danh hiệu đạt theo đợt",
        "Tiến độ",
    ] {
        assert!(text.contains(word), "summary lacks {word}: {text}");
    }
    assert!(
        text.lines().count() <= 40,
        "summary longer than a screen: {text}"
    );
}

#[test]
fn demo_summary_in_english() {
    let output = vinhdanh(&repo_root(), &["--lang", "en", "check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("the site is valid"), "{text}");
    for word in [
        "family",
        "clan",
        "community",
        "unit",
        "citizen",
        "Titles earned per round",
        "Progress",
    ] {
        assert!(text.contains(word), "summary lacks {word}: {text}");
    }
}

/// The progress table's target column ends at the same display column on every line, header
/// included, whatever the province names' diacritics; its numbers take the run's decimal mark.
#[test]
fn summary_tables_line_up_and_write_numbers_in_the_run_language() {
    use vinhdanh::base::columns::display_width;
    for (lang, heading, target, share) in [
        ("vi", "Tiến độ", "chỉ tiêu", "82,95%"),
        ("en", "Progress", "target", "82.95%"),
    ] {
        let output = vinhdanh(&repo_root(), &["--lang", lang, "check"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains(share), "{lang}: {text}");
        assert!(text.contains("(gia-dinh-hoc-tap)"), "{lang}: {text}");
        let table: Vec<&str> = text
            .lines()
            .skip_while(|line| !line.starts_with(heading))
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            .collect();
        assert!(table.len() > 2, "{lang}: {text}");
        let header_end = table[0]
            .find(target)
            .map(|at| display_width(&table[0][..at + target.len()]));
        for row in &table[1..] {
            let end = row.rfind('%').map(|at| display_width(&row[..=at]));
            assert_eq!(end, header_end, "{lang}: {row}\n{text}");
        }
    }
}

#[test]
fn demo_has_what_the_rules_need_to_show() {
    let checked = check(&repo_root());
    assert!(!checked.has_errors());
    let inputs = &checked.inputs;
    let honours = checked.honours.as_ref().expect("evaluated");
    assert!(
        inputs.records.len() >= 300,
        "{} records",
        inputs.records.len()
    );
    let kinds: BTreeSet<Kind> = inputs.records.iter().map(|r| r.kind).collect();
    assert_eq!(kinds.len(), 5);
    assert!(inputs.provinces.len() >= 3);
    assert!(inputs.stories.len() >= 12);
    for round in [2023, 2024, 2025] {
        assert!(
            inputs.records.iter().any(|r| r.assessment(round).is_some()),
            "no assessment in {round}"
        );
    }
    let lost = inputs
        .records
        .iter()
        .any(|r| honours.holds(&r.id.value, 2024) && !honours.holds(&r.id.value, 2025));
    assert!(lost, "no record loses a title");
    let revoked_award = inputs.records.iter().any(|r| {
        r.revocations
            .iter()
            .any(|v| matches!(v.what, Revoked::Award(_)))
    });
    assert!(revoked_award, "no revoked award");
    assert!(inputs.records.iter().any(|r| !r.private_values.is_empty()));
    assert!(inputs.records.iter().any(|r| !r.public));
    let merged_with_districts = inputs
        .provinces
        .iter()
        .any(|p| !p.merged_from.is_empty() && p.communes.iter().any(|c| c.district.is_some()));
    assert!(
        merged_with_districts,
        "no merged province with historical districts"
    );
}

#[test]
fn demo_has_a_clan_whose_title_depends_on_its_families() {
    let checked = check(&repo_root());
    let honours = checked.honours.as_ref().expect("evaluated");
    let depends = checked
        .inputs
        .records
        .iter()
        .filter(|r| r.kind == Kind::Clan)
        .any(|clan| {
            let own = vinhdanh::rules::detail(&checked.inputs.rules, clan, honours);
            [2023, 2024, 2025].iter().any(|&round| {
                let Some(outcome) = own.outcomes.get(&round) else {
                    return false;
                };
                let share_failed = outcome
                    .criteria
                    .iter()
                    .any(|c| matches!(c.reading, CriterionReading::Computed { .. }) && !c.met);
                share_failed && !outcome.holds
            })
        });
    assert!(depends, "no clan fails for want of recognised families");
}

#[test]
fn explain_a_family() {
    let output = vinhdanh(
        &repo_root(),
        &["explain", "gd-nguyen-van-an", "--round", "2025"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    insta::assert_snapshot!("explain-family", stdout(&output));
    let english = vinhdanh(
        &repo_root(),
        &[
            "--lang",
            "en",
            "explain",
            "gd-nguyen-van-an",
            "--round",
            "2025",
        ],
    );
    assert!(english.status.success(), "{}", stderr(&english));
    insta::assert_snapshot!("explain-family-en", stdout(&english));
}

#[test]
fn explain_defaults_to_the_latest_round() {
    let latest = vinhdanh(&repo_root(), &["explain", "gd-nguyen-van-an"]);
    let explicit = vinhdanh(
        &repo_root(),
        &["explain", "gd-nguyen-van-an", "--round", "2025"],
    );
    assert_eq!(stdout(&latest), stdout(&explicit));
}

#[test]
fn explain_an_unknown_record_fails_clearly() {
    let output = vinhdanh(&repo_root(), &["explain", "gd-khong-co"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "lỗi: không có hồ sơ \"gd-khong-co\"\n");
    let english = vinhdanh(&repo_root(), &["--lang", "en", "explain", "gd-khong-co"]);
    assert_eq!(stderr(&english), "error: unknown record \"gd-khong-co\"\n");
}

#[test]
fn report_as_markdown() {
    let output = vinhdanh(&repo_root(), &["report", "--round", "2025"]);
    assert!(output.status.success(), "{}", stderr(&output));
    insta::assert_snapshot!("report-2025-md", stdout(&output));
    let english = vinhdanh(&repo_root(), &["--lang", "en", "report", "--round", "2025"]);
    assert!(english.status.success(), "{}", stderr(&english));
    insta::assert_snapshot!("report-2025-md-en", stdout(&english));
}

#[test]
fn report_as_csv_parses_and_names_real_records() {
    let english = report_csv(&["--lang", "en"], "record_id", "progress");
    insta::assert_snapshot!("report-2025-csv", english);
    let vietnamese = report_csv(&[], "Mã hồ sơ", "Tiến độ");
    insta::assert_snapshot!("report-2025-csv-vi", vietnamese);
}

/// The CSV report of 2025: every row names a real record, except the progress rows, which name
/// a province and a kind. The CSV starts with a byte-order mark for spreadsheet programs.
fn report_csv(lang: &[&str], id_heading: &str, progress: &str) -> String {
    let mut args = lang.to_vec();
    args.extend(["report", "--round", "2025", "--format", "csv"]);
    let output = vinhdanh(&repo_root(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with('\u{feff}'), "no byte-order mark");
    let checked = check(&repo_root());
    let ids: BTreeSet<&str> = checked
        .inputs
        .records
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    let id_column = headers
        .iter()
        .position(|h| h == id_heading)
        .expect("an id column");
    let (mut rows, mut progress_rows) = (0, 0);
    for row in reader.records() {
        let row = row.expect("well-formed CSV row");
        if &row[0] == progress {
            assert!(row[id_column].is_empty(), "a progress row names a record");
            progress_rows += 1;
            continue;
        }
        assert!(
            ids.contains(&row[id_column]),
            "unknown id {}",
            &row[id_column]
        );
        rows += 1;
    }
    assert!(rows > 0, "empty report");
    assert!(progress_rows > 0, "no progress rows");
    text
}
