//! Properties that must hold for any input: slugs, collation, and the determinism of the model.

use std::cmp::Ordering;

use proptest::prelude::*;

use vinhdanh::base::collate::{collation_key, compare};
use vinhdanh::base::text::slugify;

/// Text with Vietnamese letters, marks, punctuation, spaces and the odd other script.
fn vietnamese_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(vec![
                "a", "ă", "â", "đ", "Đ", "e", "ê", "ơ", "ư", "à", "ả", "ã", "á", "ạ", "ặ", "ố",
                "ữ", "Nguyễn", "Văn", "An", "Hoà", "Hòa", " ", "-", "_", ".", "/", "..", "!", "日",
                "\u{0301}", "\u{200B}", "7", "Z",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn slugs_are_lower_case_ascii_words_never_empty(text in vietnamese_text()) {
        let slug = slugify(&text);
        prop_assert!(!slug.is_empty());
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug}");
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug}");
    }

    #[test]
    fn slugs_are_stable(text in vietnamese_text()) {
        let slug = slugify(&text);
        prop_assert_eq!(&slugify(&text), &slug);
        prop_assert_eq!(slugify(&slug), slug);
    }

    #[test]
    fn collation_is_a_total_order(a in vietnamese_text(), b in vietnamese_text(), c in vietnamese_text()) {
        prop_assert_eq!(compare(&a, &a), Ordering::Equal);
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
        if compare(&a, &b) != Ordering::Greater && compare(&b, &c) != Ordering::Greater {
            prop_assert_ne!(compare(&a, &c), Ordering::Greater);
        }
        if compare(&a, &b) == Ordering::Equal {
            prop_assert_eq!(
                unicode_normalization::UnicodeNormalization::nfc(a.chars()).collect::<String>(),
                unicode_normalization::UnicodeNormalization::nfc(b.chars()).collect::<String>()
            );
        }
    }

    #[test]
    fn collation_keys_order_as_the_collator_compares(a in vietnamese_text(), b in vietnamese_text()) {
        prop_assert_eq!(collation_key(&a).cmp(&collation_key(&b)), compare(&a, &b), "{:?} {:?}", a, b);
    }

    #[test]
    fn sorting_does_not_depend_on_input_order(mut names in proptest::collection::vec(vietnamese_text(), 0..20), seed in any::<u64>()) {
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| compare(a, b));
        // Shuffle deterministically from the seed, then sort again.
        let mut state = seed;
        for i in (1..names.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            names.swap(i, (state >> 33) as usize % (i + 1));
        }
        names.sort_by(|a, b| compare(a, b));
        prop_assert_eq!(names, sorted);
    }
}

/// The public model of the demo is the same whatever order its records were read in.
#[test]
fn the_site_model_does_not_depend_on_record_order() {
    let root = crate::support::repo_root();
    let mut checked = vinhdanh::check::check_site(&root);
    let honours = checked.honours.clone().expect("valid");
    let first = vinhdanh::model::build_site(&checked.inputs, &honours, None);
    checked.inputs.records.reverse();
    checked.inputs.stories.reverse();
    checked.inputs.provinces.reverse();
    let honours = vinhdanh::rules::evaluate(&checked.inputs.rules, &checked.inputs.records);
    let second = vinhdanh::model::build_site(&checked.inputs, &honours, None);
    let json = |site: &vinhdanh::model::Site| serde_json::to_string(site).expect("json");
    assert!(
        json(&first) == json(&second),
        "the model changed with the input order"
    );
}
