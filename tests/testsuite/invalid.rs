//! One invalid site per class of error: each problem is found with its exact file, line,
//! column and field, the message is snapshotted in Vietnamese (the default) and in English
//! (`--lang en`), and `check` fails without writing anything.

use crate::support::{Found, check, found, invalid_site, stderr, vinhdanh};

fn at(code: &str, file: &str, line: usize, column: usize, field: &str) -> Found {
    Found {
        code: code.into(),
        file: file.into(),
        line,
        column,
        field: field.into(),
    }
}

/// Checks the case through the library (exact places) and through the binary (exit status and
/// the printed message, snapshotted).
fn assert_case(case: &str, expected: &[Found]) {
    let site = invalid_site(case);
    let checked = check(site.path());
    assert_eq!(found(&checked), expected, "case {case}");
    let output = vinhdanh(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "case {case}: {output:?}");
    assert!(output.stdout.is_empty(), "case {case} printed a summary");
    insta::assert_snapshot!(case, stderr(&output));
    let english = vinhdanh(site.path(), &["--lang", "en", "check"]);
    assert_eq!(english.status.code(), Some(1), "case {case}: {english:?}");
    insta::assert_snapshot!(format!("{case}-en"), stderr(&english));
}

const RECORDS: &str = "data/records/ho-gia-dinh.toml";
const THEM: &str = "data/records/them.toml";

#[test]
fn wrong_type() {
    assert_case(
        "wrong-type",
        &[at("E011", RECORDS, 6, 11, "family.members")],
    );
}

#[test]
fn missing_field() {
    assert_case("missing-field", &[at("E010", RECORDS, 1, 1, "family.name")]);
}

#[test]
fn unknown_field() {
    assert_case(
        "unknown-field",
        &[at("E012", RECORDS, 6, 1, "family.vilage")],
    );
}

#[test]
fn duplicate_id_names_both_places() {
    assert_case("duplicate-id", &[at("E020", THEM, 2, 6, "citizen.id")]);
    let site = invalid_site("duplicate-id");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(text.contains("--> data/records/them.toml:2:6"), "{text}");
    assert!(
        text.contains("--> data/records/ho-gia-dinh.toml:"),
        "{text}"
    );
}

#[test]
fn invalid_id() {
    assert_case("invalid-id", &[at("E014", THEM, 2, 6, "citizen.id")]);
}

#[test]
fn unknown_province() {
    assert_case(
        "unknown-province",
        &[at("E021", THEM, 4, 12, "citizen.province")],
    );
}

#[test]
fn unknown_commune() {
    assert_case(
        "unknown-commune",
        &[at("E022", THEM, 5, 11, "citizen.commune")],
    );
}

/// Typed without Vietnamese input: the commune is found without its diacritics.
#[test]
fn a_commune_without_diacritics_gets_a_suggestion() {
    assert_case(
        "commune-without-diacritics",
        &[at("E022", THEM, 5, 11, "citizen.commune")],
    );
    let site = invalid_site("commune-without-diacritics");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(text.contains("gợi ý: có phải \"Xã Vũ Thư\"?"), "{text}");
    let unknown = invalid_site("unknown-commune");
    let text = stderr(&vinhdanh(unknown.path(), &["check"]));
    assert!(
        !text.contains("gợi ý"),
        "nothing alike, nothing suggested: {text}"
    );
}

#[test]
fn unknown_criterion() {
    assert_case(
        "unknown-criterion",
        &[at(
            "E023",
            THEM,
            9,
            59,
            "family.assessment.criteria.tu-sach-gia-dinh",
        )],
    );
}

#[test]
fn criterion_value_of_the_wrong_type() {
    assert_case(
        "criterion-value-type",
        &[at(
            "E033",
            THEM,
            9,
            55,
            "family.assessment.criteria.so-chuyen-de",
        )],
    );
}

#[test]
fn unknown_title() {
    assert_case(
        "unknown-title",
        &[at("E024", THEM, 8, 9, "family.revoked.title")],
    );
}

#[test]
fn unknown_award() {
    assert_case(
        "unknown-award",
        &[at("E025", THEM, 8, 9, "family.award.award")],
    );
}

#[test]
fn round_outside_periods() {
    assert_case(
        "round-outside-periods",
        &[at("E026", THEM, 8, 9, "family.assessment.round")],
    );
}

#[test]
fn story_naming_an_unknown_record() {
    assert_case(
        "story-unknown-record",
        &[at(
            "E028",
            "content/cau-chuyen/ba-the-he.md",
            5,
            32,
            "records",
        )],
    );
}

/// A private phone number pasted into a story is found by `check`, at its place, before any
/// build would publish it.
#[test]
fn a_private_value_in_a_story() {
    assert_case(
        "privacy-leak-in-story",
        &[at("E035", "content/cau-chuyen/ba-the-he.md", 9, 23, "")],
    );
}

/// A private phone number pasted into a published field of a record (a revocation's reason)
/// is found by `check`, at the record, with the field named.
#[test]
fn a_private_value_in_a_records_published_text() {
    assert_case(
        "privacy-leak-in-record",
        &[at("E036", RECORDS, 2, 6, "family.revoked.reason")],
    );
}

#[test]
fn clan_naming_an_unknown_family() {
    assert_case(
        "clan-unknown-family",
        &[at(
            "E028",
            "data/records/dong-ho.toml",
            6,
            52,
            "clan.families",
        )],
    );
}

#[test]
fn award_with_a_dangling_prerequisite() {
    assert_case(
        "award-dangling-prerequisite",
        &[at(
            "E025",
            "data/rules.toml",
            76,
            17,
            "award.eligible.prior_awards",
        )],
    );
}

#[test]
fn awards_requiring_each_other_in_a_cycle() {
    assert_case(
        "award-cycle",
        &[at(
            "E032",
            "data/rules.toml",
            57,
            6,
            "award.eligible.prior_awards",
        )],
    );
}

#[test]
fn toml_syntax_error() {
    assert_case("toml-syntax", &[at("E003", THEM, 3, 24, "")]);
}

/// A value the parser rejects is one mistake: the parser's error, in the language of the run,
/// and not a wrong type again for the same value.
#[test]
fn an_unquoted_date_is_reported_once() {
    assert_case("unquoted-date", &[at("E003", RECORDS, 22, 8, "")]);
    let site = invalid_site("unquoted-date");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(
        text.contains("văn bản phải đặt trong dấu ngoặc kép"),
        "{text}"
    );
    assert!(!text.contains("string values"), "{text}");
}

#[test]
fn file_not_in_utf8() {
    assert_case("not-utf8", &[at("E002", THEM, 3, 10, "")]);
}

#[test]
fn front_matter_not_closed() {
    assert_case(
        "front-matter-unclosed",
        &[at("E004", "content/cau-chuyen/mot-buoi-hoc.md", 1, 1, "")],
    );
}

#[test]
fn every_error_in_several_files_is_reported() {
    let story = "content/cau-chuyen/ba-the-he.md";
    let province = "data/provinces/bac-ninh.toml";
    assert_case(
        "several-errors",
        &[
            at("E011", story, 3, 8, "date"),
            at("E028", story, 5, 12, "records"),
            at("E010", story, 6, 9, "image_alt"),
            at("E012", province, 12, 1, "commune.ward"),
            at("E022", THEM, 5, 11, "citizen.commune"),
            at("E021", THEM, 10, 12, "citizen.province"),
            at("E013", THEM, 12, 11, "citizen.members"),
        ],
    );
}

#[test]
fn rules_with_an_unknown_kind() {
    assert_case(
        "rules-unknown-kind",
        &[at("E013", "data/rules.toml", 40, 8, "title.kind")],
    );
}

#[test]
fn rules_with_a_criterion_used_twice() {
    assert_case(
        "rules-criterion-twice",
        &[at("E020", "data/rules.toml", 38, 6, "title.criterion.id")],
    );
}

/// A warning case: `check` still succeeds, prints the summary, and shows the warning.
fn assert_warning_case(case: &str, expected: &[Found]) {
    let site = invalid_site(case);
    let checked = check(site.path());
    assert!(!checked.has_errors(), "case {case}");
    assert_eq!(found(&checked), expected, "case {case}");
    let output = vinhdanh(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "case {case}: {output:?}");
    insta::assert_snapshot!(case, stderr(&output));
    let english = vinhdanh(site.path(), &["--lang", "en", "check"]);
    assert_eq!(english.status.code(), Some(0), "case {case}: {english:?}");
    insta::assert_snapshot!(format!("{case}-en"), stderr(&english));
}

#[test]
fn received_award_the_rules_say_was_not_earned_is_a_warning() {
    assert_warning_case(
        "received-not-eligible",
        &[at("W001", RECORDS, 41, 9, "family.award.award")],
    );
}

#[test]
fn commune_counts_that_disagree_with_complete_records_are_a_warning() {
    assert_warning_case(
        "count-mismatch",
        &[at(
            "W002",
            "data/provinces/bac-ninh.toml",
            18,
            1,
            "commune.round.family",
        )],
    );
}

#[test]
fn a_commune_listed_twice_is_reported_at_its_second_listing() {
    let province = "data/provinces/bac-ninh.toml";
    assert_case(
        "commune-twice",
        &[
            at("E020", province, 23, 8, "commune.code"),
            at("E020", province, 24, 8, "commune.name"),
        ],
    );
    let site = invalid_site("commune-twice");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(
        text.contains("--> data/provinces/bac-ninh.toml:5:8"),
        "{text}"
    );
    assert!(
        text.contains("--> data/provinces/bac-ninh.toml:11:8"),
        "{text}"
    );
}

#[test]
fn two_provinces_with_one_code_name_both_places() {
    assert_case(
        "province-code-twice",
        &[at("E020", "data/provinces/ha-noi.toml", 2, 8, "code")],
    );
    let site = invalid_site("province-code-twice");
    let text = stderr(&vinhdanh(site.path(), &["check"]));
    assert!(
        text.contains("--> data/provinces/bac-ninh.toml:2:8"),
        "{text}"
    );
}

#[test]
fn a_report_date_that_does_not_exist_is_refused() {
    assert_case(
        "report-due-not-a-day",
        &[at("E013", "site.toml", 5, 14, "report_due")],
    );
}

#[test]
fn a_base_url_with_a_query_is_refused() {
    assert_case(
        "base-url-with-query",
        &[at("E013", "site.toml", 2, 12, "base_url")],
    );
}

#[test]
fn a_theme_that_is_a_path_is_refused() {
    assert_case("theme-outside", &[at("E013", "site.toml", 5, 9, "theme")]);
}

#[test]
fn a_missing_theme_folder_is_reported_at_theme() {
    assert_case("theme-missing", &[at("E047", "site.toml", 5, 9, "theme")]);
}

#[test]
fn thresholds_no_record_can_reach_are_warned_at_the_threshold() {
    let site = invalid_site("unreachable-threshold");
    let checked = check(site.path());
    assert!(!checked.has_errors());
    let thresholds: Vec<Found> = found(&checked)
        .into_iter()
        .filter(|f| f.code == "W005")
        .collect();
    assert_eq!(
        thresholds,
        [
            at("W005", "data/rules.toml", 18, 14, "title.min_points"),
            at("W005", "data/rules.toml", 43, 11, "title.min_met"),
        ]
    );
    let output = vinhdanh(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stderr(&output);
    assert!(
        text.contains("cảnh báo[W005]: `min_points` = 31 nhưng tối đa chỉ đạt được 30"),
        "{text}"
    );
    assert!(
        text.contains("cảnh báo[W005]: `min_met` = 3 nhưng tối đa chỉ đạt được 2"),
        "{text}"
    );
}

/// A criterion misspelt in the rules is one error at the rule, not one per assessment that
/// reports the criterion by its right id.
#[test]
fn a_criterion_misspelt_in_the_rules_is_reported_once_at_the_rule() {
    assert_case(
        "rules-criterion-misspelt",
        &[at("E050", "data/rules.toml", 33, 6, "title.criterion.id")],
    );
}

/// A value too long in the rules is cut short where it is reported: the rules still load, and
/// the records that use them are not reported too.
#[test]
fn a_value_too_long_in_the_rules_is_reported_once() {
    let site = invalid_site("rules-criterion-misspelt");
    let rules = std::fs::read_to_string(crate::support::sites_dir().join("valid/data/rules.toml"))
        .expect("rules");
    let long = "a".repeat(70_000);
    std::fs::write(
        site.path().join("data/rules.toml"),
        rules.replace("Quyết định 1315/QĐ-TTg", &long),
    )
    .expect("write");
    assert_eq!(
        found(&check(site.path())),
        [at("E048", "data/rules.toml", 10, 9, "review.basis")]
    );
}
