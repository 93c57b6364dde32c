//! Progress of long commands when their output is not a terminal: one plain line per phase on
//! standard error, in the run's language, and nothing that would break a log.

use std::path::Path;
use std::process::Output;

use crate::support::{copy_tree, invalid_site, repo_root, sites_dir, stderr, stdout, vinhdanh};

/// The valid fixture site with the default theme, in a temporary folder.
fn valid_site_with_theme() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&sites_dir().join("valid"), dir.path());
    copy_tree(&repo_root().join("themes"), &dir.path().join("themes"));
    dir
}

/// The lines of standard error that report a phase.
fn phase_lines(output: &Output) -> Vec<String> {
    stderr(output)
        .lines()
        .filter(|line| line.starts_with("vinhdanh: "))
        .map(str::to_string)
        .collect()
}

/// Fails when standard output or standard error holds a control character other than the
/// line feed (a carriage return or an escape sequence would break a log).
fn assert_plain(output: &Output) {
    for (stream, text) in [("stdout", stdout(output)), ("stderr", stderr(output))] {
        let control: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(control.is_empty(), "{stream} holds {control:?}:\n{text}");
    }
}

fn build(root: &Path, lang: &str) -> Output {
    let out = root.join("public");
    let output = vinhdanh(
        root,
        &[
            "--lang",
            lang,
            "build",
            "-o",
            out.to_str().expect("utf-8 path"),
        ],
    );
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    output
}

#[test]
fn a_piped_build_prints_each_phase_once_in_order_as_plain_lines() {
    let site = valid_site_with_theme();
    let output = build(site.path(), "vi");
    assert_eq!(
        phase_lines(&output),
        [
            "vinhdanh: 1/5 đọc dữ liệu…",
            "vinhdanh: 2/5 kiểm tra dữ liệu…",
            "vinhdanh: 3/5 xét tiêu chí…",
            "vinhdanh: 4/5 dựng cấu trúc trang…",
            "vinhdanh: 5/5 tạo và ghi các trang…",
        ]
    );
    assert_plain(&output);
    // The final summary is unchanged, on standard output.
    assert!(
        stdout(&output).starts_with("Đã dựng"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_piped_build_in_english_names_its_phases_in_english() {
    let site = valid_site_with_theme();
    let output = build(site.path(), "en");
    assert_eq!(
        phase_lines(&output),
        [
            "vinhdanh: 1/5 reading data…",
            "vinhdanh: 2/5 checking data…",
            "vinhdanh: 3/5 applying the criteria…",
            "vinhdanh: 4/5 building the site model…",
            "vinhdanh: 5/5 rendering and writing pages…",
        ]
    );
    assert_plain(&output);
}

#[test]
fn a_piped_check_prints_each_phase_once_in_order_as_plain_lines() {
    let output = vinhdanh(&sites_dir().join("valid"), &["check"]);
    assert!(output.status.success(), "check failed: {}", stderr(&output));
    assert_eq!(
        phase_lines(&output),
        [
            "vinhdanh: 1/3 đọc dữ liệu…",
            "vinhdanh: 2/3 kiểm tra dữ liệu…",
            "vinhdanh: 3/3 xét tiêu chí…",
        ]
    );
    assert_plain(&output);
    assert!(
        !stdout(&output).contains("vinhdanh: "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_site_with_errors_stops_at_the_phase_that_found_them() {
    let site = invalid_site("unknown-commune");
    let output = vinhdanh(site.path(), &["check"]);
    assert!(!output.status.success());
    assert_eq!(
        phase_lines(&output),
        [
            "vinhdanh: 1/3 đọc dữ liệu…",
            "vinhdanh: 2/3 kiểm tra dữ liệu…"
        ]
    );
    assert_plain(&output);
}

#[test]
fn report_prints_no_phase_lines() {
    let output = vinhdanh(&sites_dir().join("valid"), &["report"]);
    assert!(
        output.status.success(),
        "report failed: {}",
        stderr(&output)
    );
    assert!(phase_lines(&output).is_empty(), "{}", stderr(&output));
}
