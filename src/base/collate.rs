//! Vietnamese collation, so every list on the site follows Vietnamese order, not byte order.
//!
//! Order is ICU's `vi` tailoring (CLDR): base letters first (a < ă < â, d < đ, e < ê,
//! o < ô < ơ, u < ư), then tones (none < huyền < hỏi < ngã < sắc < nặng), then case. Ties left
//! by the collator are broken on the NFC bytes, so the order is total and deterministic.
//!
//! Person names sort by given name first ("Nguyễn Văn An" sorts as "An Văn Nguyễn"), after
//! dropping honorifics such as "Gia đình ông"; clans, communities and units keep their natural
//! order; an explicit `sort_name` from the record always wins.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_locale_core::locale;

use crate::base::text::nfc;

/// Honorifics that records put before a person's name; each matches only as whole words
/// followed by a space, so "Anh" does not match "Anhxtanh".
const HONORIFICS: [&str; 9] = [
    "Gia đình ông",
    "Gia đình bà",
    "Thầy",
    "Ông",
    "Bà",
    "Anh",
    "Chị",
    "Cô",
    "Em",
];

/// The `vi` collator from compiled data, built on first use.
///
/// `None` only if the compiled data is unusable, which a unit test rules out; [`compare`] would
/// then fall back to byte order rather than panic. (A missing `vi` tailoring would silently fall
/// back to the root order instead: the letter and tone tests below catch that.)
static COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> = LazyLock::new(|| {
    CollatorBorrowed::try_new(locale!("vi").into(), CollatorOptions::default()).ok()
});

/// Compares two strings in Vietnamese order; canonically equivalent strings (NFC and NFD) are
/// equal, and any other two strings differ, the NFC bytes deciding what the collator does not.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (a, b) = (nfc(a), nfc(b));
    let collated = match COLLATOR.as_ref() {
        Some(collator) => collator.compare(&a, &b),
        None => Ordering::Equal,
    };
    collated.then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// A key whose byte order is the order of [`compare`]: the collator's sort key, then the NFC
/// bytes. Sorting many items by keys made once is much faster than comparing with the collator
/// at every step.
pub fn collation_key(text: &str) -> (Vec<u8>, String) {
    let text = nfc(text).into_owned();
    let mut key = Vec::with_capacity(text.len() * 2);
    if let Some(collator) = COLLATOR.as_ref() {
        let _ = collator.write_sort_key_to(&text, &mut key);
    }
    (key, text)
}

/// [`collation_key`] led by its first sixteen bytes as one number, in the same order: a sort of
/// a million keys then compares numbers held in place and follows a key to the heap only when
/// those bytes tie.
pub fn prefixed_collation_key(text: &str) -> (u128, Vec<u8>, String) {
    let (key, text) = collation_key(text);
    let mut head = [0u8; 16];
    let len = key.len().min(head.len());
    head[..len].copy_from_slice(&key[..len]);
    (u128::from_be_bytes(head), key, text)
}

/// Sorts `items` in Vietnamese order of `key`; stable, so equal keys keep their input order.
pub fn sort_by_key_vi<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| collation_key(key(item)));
}

/// The key a name sorts by: `sort_name` if the record gives one, else the given-name-first
/// form for a person (see [`name_sort_key`]), else the name itself. Always NFC, single-spaced.
pub fn sort_key(kind_is_person: bool, name: &str, sort_name: Option<&str>) -> String {
    match sort_name {
        Some(explicit) => single_spaced(&nfc(explicit)),
        None if kind_is_person => name_sort_key(name),
        None => single_spaced(&nfc(name)),
    }
}

/// A person's name rewritten given name first: "Gia đình ông Nguyễn Văn An" becomes
/// "An Văn Nguyễn", so lists order by given name, then middle names, then family name.
///
/// One leading honorific (see `HONORIFICS`, case-sensitive) is dropped if a name follows it.
/// For "X và Y" (a couple) only X is reordered; " và Y" stays after it as a tie-break.
pub fn name_sort_key(name: &str) -> String {
    let name = single_spaced(&nfc(name));
    let person = strip_honorific(&name);
    let (first, partner) = match person.split_once(" và ") {
        Some((first, rest)) => (first, Some(rest)),
        None => (person, None),
    };
    let mut key = given_name_first(first);
    if let Some(rest) = partner {
        key.push_str(" và ");
        key.push_str(rest);
    }
    key
}

/// `name` without one leading honorific, or unchanged when none matches or nothing would be left.
fn strip_honorific(name: &str) -> &str {
    HONORIFICS
        .iter()
        .filter_map(|prefix| name.strip_prefix(prefix)?.strip_prefix(' '))
        .find(|rest| !rest.is_empty())
        .unwrap_or(name)
}

/// "Nguyễn Văn An" as "An Văn Nguyễn": the words in reverse, given name first.
fn given_name_first(name: &str) -> String {
    let mut words: Vec<&str> = name.split(' ').collect();
    words.reverse();
    words.join(" ")
}

/// `text` with leading and trailing whitespace removed and inner runs collapsed to one space.
fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut items: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        sort_by_key_vi(&mut items, |s| s.as_str());
        items
    }

    fn assert_ascending(words: &[&str]) {
        for pair in words.windows(2) {
            assert_eq!(compare(pair[0], pair[1]), Ordering::Less, "{pair:?}");
            assert_eq!(compare(pair[1], pair[0]), Ordering::Greater, "{pair:?}");
        }
    }

    #[test]
    fn the_prefixed_key_orders_as_the_key_itself() {
        // Keys that tie on their first sixteen bytes, that are prefixes of each other and that
        // differ only in tones or case past the prefix.
        let words = [
            "Nguyễn Văn An",
            "Nguyễn Văn Anh",
            "Nguyễn Văn An ",
            "Nguyễn Văn Ân",
            "nguyễn văn an",
            "Nguyễn Văn Án",
            "Nguyễn",
            "Nguyen Van An",
            "Nguyễn Văn Bình",
            "Lê Thị Hồng Nhung Thị Hồng Nhung",
            "Lê Thị Hồng Nhung Thị Hồng Nhun",
            "",
            "Đặng",
        ];
        for a in words {
            for b in words {
                let plain = collation_key(a).cmp(&collation_key(b));
                let prefixed = prefixed_collation_key(a).cmp(&prefixed_collation_key(b));
                assert_eq!(plain, prefixed, "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn the_collator_is_built_from_compiled_data() {
        assert!(COLLATOR.is_some());
    }

    #[test]
    fn breve_and_circumflex_a_are_letters_after_a() {
        assert_ascending(&["a", "ă", "â", "b"]);
        // Primary level: the letter decides before anything later in the word.
        assert_ascending(&["az", "ăa", "âa", "ba"]);
    }

    #[test]
    fn d_with_stroke_is_a_letter_between_d_and_e() {
        assert_ascending(&["d", "đ", "e"]);
        assert_ascending(&["dz", "đa", "ea"]);
        assert_ascending(&["Dung", "Đào", "Em"]);
    }

    #[test]
    fn other_vietnamese_letters_follow_their_base() {
        assert_ascending(&["e", "ê", "g"]);
        assert_ascending(&["o", "ô", "ơ", "p"]);
        assert_ascending(&["u", "ư", "v"]);
        assert_ascending(&["Ong", "Ông", "Ơn", "Phạm"]);
    }

    #[test]
    fn tones_order_none_huyen_hoi_nga_sac_nang() {
        assert_ascending(&["Anh", "Ành", "Ảnh", "Ãnh", "Ánh", "Ạnh"]);
        assert_eq!(
            sorted(&["Ánh", "Anh", "Ảnh"]),
            vec!["Anh".to_owned(), "Ảnh".to_owned(), "Ánh".to_owned()]
        );
    }

    #[test]
    fn tones_are_secondary_to_letters_later_in_the_word() {
        // "Ánh" < "Anhb" because the letters decide before the tone.
        assert_ascending(&["Ánh", "Anhb"]);
        assert_ascending(&["Hòa", "Hoan"]);
    }

    #[test]
    fn lists_sort_by_given_name() {
        let mut people = vec!["Lê Thị Đào", "Nguyễn Văn Cường", "Trần Văn Bình"];
        sort_by_key_vi(&mut people, |n| n);
        assert_eq!(people[0], "Lê Thị Đào", "natural order is by family name");
        let mut keyed: Vec<(String, &str)> = people
            .iter()
            .map(|n| (sort_key(true, n, None), *n))
            .collect();
        sort_by_key_vi(&mut keyed, |(key, _)| key.as_str());
        let names: Vec<&str> = keyed.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, ["Trần Văn Bình", "Nguyễn Văn Cường", "Lê Thị Đào"]);
    }

    #[test]
    fn name_sort_key_moves_the_given_name_first() {
        assert_eq!(name_sort_key("Nguyễn Văn An"), "An Văn Nguyễn");
        assert_eq!(name_sort_key("  Phạm   Bình  "), "Bình Phạm");
        assert_eq!(name_sort_key("Hùng"), "Hùng");
        assert_eq!(name_sort_key(""), "");
    }

    #[test]
    fn honorifics_are_dropped() {
        for prefix in HONORIFICS {
            let key = name_sort_key(&format!("{prefix} Nguyễn Văn An"));
            assert_eq!(key, "An Văn Nguyễn", "{prefix}");
        }
        assert_eq!(name_sort_key("Gia đình bà Lê Thị Hoa"), "Hoa Thị Lê");
    }

    #[test]
    fn honorifics_are_case_sensitive_and_whole_words() {
        assert_eq!(name_sort_key("gia đình ông An"), "An ông đình gia");
        assert_eq!(
            name_sort_key("Ông"),
            "Ông",
            "nothing follows, nothing dropped"
        );
        assert_eq!(name_sort_key("Anhxtanh Nguyễn"), "Nguyễn Anhxtanh");
        assert_eq!(
            name_sort_key("Bà Anh"),
            "Anh",
            "only one honorific is dropped"
        );
    }

    #[test]
    fn a_couple_sorts_under_the_first_person() {
        assert_eq!(
            name_sort_key("Gia đình ông Nguyễn Văn An và bà Lê Thị Hoa"),
            "An Văn Nguyễn và bà Lê Thị Hoa"
        );
    }

    #[test]
    fn names_that_are_not_persons_keep_their_order() {
        for name in [
            "Dòng họ Nguyễn Đình",
            "Thôn Đông Xuyên",
            "Trường Tiểu học Kinh Bắc",
        ] {
            assert_eq!(sort_key(false, name, None), name);
        }
    }

    #[test]
    fn sort_name_always_wins() {
        assert_eq!(sort_key(true, "Nguyễn Văn An", Some("Zed")), "Zed");
        assert_eq!(
            sort_key(false, "Dòng họ Nguyễn Đình", Some("Nguyễn Đình")),
            "Nguyễn Đình"
        );
    }

    #[test]
    fn nfd_input_sorts_like_nfc() {
        let words = [
            "Ảnh",
            "Đào",
            "Ông",
            "ư",
            "Hòa",
            "Nguyễn Văn An",
            "Gia đình ông Lê Ân",
        ];
        for a in words {
            let a_nfd: String = a.nfd().collect();
            assert_ne!(a_nfd, a);
            assert_eq!(compare(&a_nfd, a), Ordering::Equal, "{a}");
            for b in words {
                let b_nfd: String = b.nfd().collect();
                assert_eq!(compare(&a_nfd, &b_nfd), compare(a, b), "{a} {b}");
            }
            assert_eq!(name_sort_key(&a_nfd), name_sort_key(a));
            assert_eq!(sort_key(true, &a_nfd, None), sort_key(true, a, None));
        }
    }

    #[test]
    fn compare_is_a_total_order() {
        let sample = [
            "a", "A", "á", "Á", "ă", "â", "an", "An", "Ân", "b", "đ", "Đ", "d", "hoà", "hòa",
            "Hoa", "ơ", "ư", "u", "Thôn 2", "Thôn 10", "", " ", "Nguyễn", "Nguyên", "nguyễn",
        ];
        for a in sample {
            assert_eq!(compare(a, a), Ordering::Equal);
            for b in sample {
                let ab = compare(a, b);
                assert_eq!(ab, compare(b, a).reverse(), "antisymmetric: {a:?} {b:?}");
                assert_eq!(ab == Ordering::Equal, a == b, "only equal strings tie");
                for c in sample {
                    if ab == Ordering::Less && compare(b, c) == Ordering::Less {
                        assert_eq!(compare(a, c), Ordering::Less, "{a:?} {b:?} {c:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn sorting_is_deterministic_whatever_the_input_order() {
        let forward = sorted(&["hòa", "hoà", "Hoa", "hoa", "Hóa"]);
        let backward = sorted(&["Hóa", "hoa", "Hoa", "hoà", "hòa"]);
        assert_eq!(forward, backward);
    }

    #[test]
    fn sort_by_key_vi_is_stable() {
        let mut items = vec![("An", 1), ("Bình", 2), ("An", 3)];
        sort_by_key_vi(&mut items, |(name, _)| name);
        assert_eq!(items, [("An", 1), ("An", 3), ("Bình", 2)]);
    }
}
