//! The valid fixture site loads without a problem and its rules give the expected verdicts.

use crate::support::{check, found, sites_dir, stdout, vinhdanh};

#[test]
fn valid_site_has_no_problems() {
    let checked = check(&sites_dir().join("valid"));
    assert_eq!(found(&checked), vec![]);
    let honours = checked.honours.as_ref().expect("evaluated");
    assert!(honours.holds("gd-nguyen-van-an", 2023));
    assert!(honours.holds("gd-nguyen-van-an", 2024));
    // Required criterion failed in 2024.
    assert!(!honours.holds("gd-tran-thi-hoa", 2024));
    // The clan's share of recognised families: 2 of 2 in 2023, 1 of 2 in 2024.
    assert!(honours.holds("dh-nguyen-dinh", 2023));
    assert!(honours.holds("dh-nguyen-dinh", 2024));
}

#[test]
fn valid_site_is_read_in_nfc_with_private_values_kept_apart() {
    let checked = check(&sites_dir().join("valid"));
    let an = checked
        .inputs
        .records
        .iter()
        .find(|r| r.id.value == "gd-nguyen-van-an")
        .expect("record");
    let private: Vec<(&str, &str)> = an
        .private_values
        .iter()
        .map(|p| (p.field.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(private, vec![("phone", "0912 345 678")]);
    assert_eq!(checked.inputs.stories.len(), 1);
    assert_eq!(checked.inputs.stories[0].slug.value, "ba-the-he");
    assert_eq!(checked.inputs.pages[0].url_path, "gioi-thieu");
}

#[test]
fn check_command_succeeds_with_a_summary() {
    let output = vinhdanh(&sites_dir().join("valid"), &["check"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("dữ liệu hợp lệ, không có lỗi"), "{text}");
    assert!(text.contains("Hồ sơ: 3"), "{text}");
    assert!(text.contains("Tỉnh: 1 (Bắc Ninh)"), "{text}");
}

#[test]
fn check_command_summarises_in_english_on_request() {
    let output = vinhdanh(&sites_dir().join("valid"), &["--lang", "en", "check"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.contains("the site is valid"), "{text}");
    assert!(text.contains("Records: 3"), "{text}");
    assert!(text.contains("Provinces: 1 (Bắc Ninh)"), "{text}");
}
