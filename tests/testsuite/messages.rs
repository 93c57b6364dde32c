//! The catalogue of problems: every code has a message and an expectation in both languages,
//! every code is documented in docs/loi.md, the language is chosen by `--lang`, then by
//! site.toml, then Vietnamese, and no English is left in a Vietnamese run.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use vinhdanh::base::lang::Lang;
use vinhdanh::base::messages::Problem;
use vinhdanh::output::OutputError;

use crate::support::{copy_tree, invalid_site, repo_root, sites_dir, stderr, stdout, vinhdanh};

fn sample_codes() -> BTreeSet<String> {
    Problem::samples()
        .iter()
        .map(|p| p.code().to_string())
        .collect()
}

/// The codes `Problem::code` gives, read from its source: a sample is needed for each.
fn codes_in_source() -> BTreeSet<String> {
    let source = std::fs::read_to_string(repo_root().join("src/base/messages.rs")).expect("source");
    source
        .split("=> \"")
        .skip(1)
        .map(|rest| rest.chars().take(4).collect::<String>())
        .filter(|code| {
            code.len() == 4
                && (code.starts_with('E') || code.starts_with('W'))
                && code[1..].chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// The codes of the errors about the output folder (refusals, page collisions), which are not
/// problems of the site's data but are documented with them.
fn output_codes() -> BTreeSet<String> {
    OutputError::samples()
        .iter()
        .filter_map(|e| e.code().map(str::to_string))
        .collect()
}

#[test]
fn every_output_error_has_a_code_and_both_languages() {
    for error in OutputError::samples() {
        let code = error.code().expect("a documented code");
        let (vi, en) = (error.in_lang(Lang::Vi), error.in_lang(Lang::En));
        assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{code}");
        assert_ne!(vi, en, "{code}: the message is not translated");
    }
    let codes = output_codes();
    assert_eq!(codes.len(), 7, "{codes:?}");
    assert!(codes.is_disjoint(&sample_codes()), "{codes:?}");
}

#[test]
fn every_code_has_a_sample() {
    assert_eq!(codes_in_source(), sample_codes());
}

#[test]
fn every_message_has_both_languages() {
    for problem in Problem::samples() {
        let code = problem.code();
        let (vi, en) = (problem.message(Lang::Vi), problem.message(Lang::En));
        assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{code}");
        assert_ne!(vi, en, "{code}: the message is not translated");
        let (vi, en) = (problem.expected(Lang::Vi), problem.expected(Lang::En));
        assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{code}");
        assert_ne!(vi, en, "{code}: what is expected is not translated");
    }
}

#[test]
fn every_code_is_documented_with_an_example_and_a_fix() {
    let guide = std::fs::read_to_string(repo_root().join("docs/loi.md")).expect("docs/loi.md");
    let documented: BTreeSet<String> = guide
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(|heading| heading.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let mut codes = sample_codes();
    codes.extend(output_codes());
    assert_eq!(documented, codes, "docs/loi.md and the catalogue differ");
    for section in guide.split("\n## ").skip(1) {
        let code = section.split_whitespace().next().unwrap_or_default();
        assert!(section.contains("```text"), "{code}: no message shown");
        assert!(
            section.contains(&format!("[{code}]")),
            "{code}: the message shown lacks the code"
        );
        assert!(section.contains("Cách sửa"), "{code}: no fix");
        assert!(section.contains("Ví dụ"), "{code}: no example");
    }
}

fn catalogue(lang: Lang) -> String {
    let mut out = String::new();
    for problem in Problem::samples() {
        let _ = writeln!(out, "{}: {}", problem.code(), problem.message(lang));
        let _ = writeln!(out, "      {}", problem.expected(lang));
    }
    out
}

#[test]
fn the_catalogue_in_vietnamese_and_english() {
    insta::assert_snapshot!("catalogue-vi", catalogue(Lang::Vi));
    insta::assert_snapshot!("catalogue-en", catalogue(Lang::En));
}

fn output_catalogue(lang: Lang) -> String {
    let mut out = String::new();
    for error in OutputError::samples() {
        let code = error.code().unwrap_or_default();
        let _ = writeln!(out, "{code}: {}", error.in_lang(lang));
    }
    out
}

#[test]
fn the_output_errors_in_vietnamese_and_english() {
    insta::assert_snapshot!("output-errors-vi", output_catalogue(Lang::Vi));
    insta::assert_snapshot!("output-errors-en", output_catalogue(Lang::En));
}

/// A copy of the valid fixture whose site.toml says `language = "en"`.
fn english_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&sites_dir().join("valid"), dir.path());
    let site = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&site).expect("site.toml");
    std::fs::write(
        &site,
        text.replace("language = \"vi\"", "language = \"en\""),
    )
    .expect("write");
    dir
}

#[test]
fn the_language_comes_from_the_flag_then_site_toml_then_vietnamese() {
    let vietnamese = stdout(&vinhdanh(&sites_dir().join("valid"), &["check"]));
    assert!(vietnamese.contains("Hồ sơ: 3"), "{vietnamese}");
    let site = english_site();
    let english = stdout(&vinhdanh(site.path(), &["check"]));
    assert!(english.contains("Records: 3"), "{english}");
    let forced = stdout(&vinhdanh(site.path(), &["--lang", "vi", "check"]));
    assert!(forced.contains("Hồ sơ: 3"), "{forced}");
}

#[test]
fn a_vietnamese_run_prints_no_english_labels() {
    let cases = std::fs::read_dir(sites_dir().join("invalid")).expect("cases");
    for case in cases {
        let case = case.expect("case").file_name();
        let case = case.to_string_lossy();
        let site = invalid_site(&case);
        let text = stderr(&vinhdanh(site.path(), &["check"]));
        for english in [
            "error[",
            "warning[",
            "field `",
            ": expected",
            "note: ",
            "error(s)",
        ] {
            assert!(
                !text.contains(english),
                "case {case}: {english:?} in\n{text}"
            );
        }
    }
}

#[test]
fn the_phrases_of_the_loader_are_translated() {
    let site = invalid_site("several-errors");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    for vietnamese in [
        "sai kiểu: gặp văn bản \"2024-03-12\"",
        "cần một ngày viết không có dấu ngoặc kép, như 2024-12-20",
        "cần một câu tả bức ảnh cho người không nhìn thấy được",
        "cần một số nguyên từ 0 đến 10000000",
        "7 lỗi, 0 cảnh báo",
    ] {
        assert!(text.contains(vietnamese), "{vietnamese:?} not in\n{text}");
    }
}
