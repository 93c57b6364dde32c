//! The command line in the language of the run: help and argument mistakes are in Vietnamese
//! by default and in English with `--lang en` or `language = "en"` in site.toml.

use crate::support::{stderr, stdout, vinhdanh};

/// A folder without site.toml: the language is the flag's or Vietnamese.
fn empty() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

#[test]
fn help_in_both_languages() {
    let dir = empty();
    for (name, args) in [
        ("help-vi", vec!["--help"]),
        ("help-en", vec!["--lang", "en", "--help"]),
        ("help-report-vi", vec!["report", "--help"]),
        ("help-report-en", vec!["report", "--lang", "en", "--help"]),
    ] {
        let output = vinhdanh(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{name}: {output:?}");
        assert!(output.stderr.is_empty(), "{name}: {}", stderr(&output));
        insta::assert_snapshot!(name, stdout(&output));
    }
}

#[test]
fn argument_mistakes_in_both_languages() {
    let dir = empty();
    for (name, args) in [
        ("unknown-argument-vi", vec!["check", "--khong-co"]),
        (
            "unknown-argument-en",
            vec!["--lang", "en", "check", "--khong-co"],
        ),
        ("invalid-value-vi", vec!["report", "--format", "pdf"]),
        (
            "invalid-value-en",
            vec!["--lang=en", "report", "--format", "pdf"],
        ),
    ] {
        let output = vinhdanh(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{name}: {output:?}");
        assert!(output.stdout.is_empty(), "{name}: {}", stdout(&output));
        insta::assert_snapshot!(name, stderr(&output));
    }
}

#[test]
fn the_site_language_chooses_the_help_language_and_the_flag_wins() {
    let dir = empty();
    std::fs::write(dir.path().join("site.toml"), "language = \"en\"\n").expect("site.toml");
    let english = stdout(&vinhdanh(dir.path(), &["--help"]));
    assert!(english.contains("Usage: vinhdanh"), "{english}");
    let vietnamese = stdout(&vinhdanh(dir.path(), &["--lang", "vi", "--help"]));
    assert!(vietnamese.contains("Cách dùng: vinhdanh"), "{vietnamese}");
}

#[test]
fn a_wrong_kind_is_told_with_the_kinds_that_exist() {
    let dir = empty();
    let output = vinhdanh(
        dir.path(),
        &[
            "import",
            "bang.csv",
            "--kind",
            "gia-dinh",
            "--province",
            "bac-ninh",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let text = stderr(&output);
    assert!(
        text.contains("giá trị 'gia-dinh' không dùng được cho '--kind <LOẠI>'"),
        "{text}"
    );
    assert!(
        text.contains("family, clan, community, unit, citizen"),
        "{text}"
    );
    assert!(
        !text.contains("error:") && !text.contains("Usage"),
        "{text}"
    );
}

#[test]
fn a_misspelt_command_gets_a_suggestion_and_the_help_subcommand_works() {
    let dir = empty();
    let text = stderr(&vinhdanh(dir.path(), &["buidl"]));
    assert!(text.contains("không có lệnh 'buidl'"), "{text}");
    assert!(text.contains("có phải là lệnh 'build'?"), "{text}");
    let help = vinhdanh(dir.path(), &["help", "check"]);
    assert_eq!(help.status.code(), Some(0), "{help:?}");
    assert!(
        stdout(&help).contains("Kiểm tra toàn bộ trang"),
        "{}",
        stdout(&help)
    );
}
