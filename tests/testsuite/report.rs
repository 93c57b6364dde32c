//! Reports that cannot mislead: a round nobody was assessed in is refused, `--province` keeps
//! one province in all three formats, and the printed page is dated, numbered and opens with
//! the progress against targets.

use std::process::{Command, Output};

use crate::support::{demo_copy, stderr, stdout};

/// 2025-12-20 00:00 UTC: the day the tests' reports are made.
const MADE: &str = "1766188800";

fn report(root: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .env("SOURCE_DATE_EPOCH", MADE)
        .arg("--root")
        .arg(root)
        .arg("report")
        .args(args)
        .output()
        .expect("run vinhdanh")
}

#[test]
fn a_round_nobody_was_assessed_in_is_refused_with_the_rounds_that_were() {
    let site = demo_copy();
    let refused = report(site.path(), &["--round", "2029"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(refused.stdout.is_empty(), "{}", stdout(&refused));
    let text = stderr(&refused);
    assert!(
        text.contains("chưa có hồ sơ nào được đánh giá ở đợt 2029"),
        "{text}"
    );
    assert!(text.contains("2025"), "{text}");
    let english = report(site.path(), &["--round", "2029", "--lang", "en"]);
    assert!(stderr(&english).contains("nobody was assessed in round 2029"));
    let assessed = report(site.path(), &["--round", "2025"]);
    assert_eq!(assessed.status.code(), Some(0), "{}", stderr(&assessed));
}

#[test]
fn one_province_in_all_three_formats() {
    let site = demo_copy();
    for format in ["md", "csv", "html"] {
        let all = stdout(&report(site.path(), &["--format", format]));
        assert!(
            all.contains("Hưng Yên") && all.contains("Hà Tĩnh"),
            "{format}"
        );
        let one = report(site.path(), &["--format", format, "--province", "hung-yen"]);
        assert_eq!(one.status.code(), Some(0), "{format}: {}", stderr(&one));
        let one = stdout(&one);
        assert!(one.contains("Hưng Yên"), "{format}: {one}");
        for other in ["Hà Tĩnh", "Bắc Ninh"] {
            assert!(!one.contains(other), "{format} names {other}: {one}");
        }
    }
}

#[test]
fn an_unknown_province_is_refused_with_a_suggestion() {
    let site = demo_copy();
    let refused = report(site.path(), &["--province", "Hung Yen"]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(refused.stdout.is_empty());
    let text = stderr(&refused);
    assert!(
        text.contains("không có tỉnh \"Hung Yen\" (có phải \"hung-yen\"?)"),
        "{text}"
    );
}

#[test]
fn the_printed_report_is_dated_numbered_and_opens_with_progress() {
    let site = demo_copy();
    let page = stdout(&report(site.path(), &["--format", "html"]));
    assert!(
        page.contains("<p class=\"made\">Lập ngày 20/12/2025.</p>"),
        "{page}"
    );
    assert!(page.contains("@bottom-center { content: \"Trang \" counter(page)"));
    let progress = page
        .find("Tiến độ so với chỉ tiêu")
        .expect("progress section");
    let recognised = page.find("Mới được công nhận").expect("recognised section");
    assert!(progress < recognised, "progress is not first");
    let english = stdout(&report(site.path(), &["--format", "html", "--lang", "en"]));
    assert!(english.contains("Made on 2025-12-20."), "{english}");
}
