//! Vietnamese text handling: Unicode normalisation, ids and slugs.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// The text in Unicode NFC (composed), borrowing when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `id` is a valid record, title or award id: lower-case ASCII letters, digits and
/// single `-` between them, at most 120 characters.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// An ASCII slug without diacritics: "Dòng họ Đặng" becomes `dong-ho-dang`.
///
/// `đ` has no Unicode decomposition, so it is mapped by hand; other marks are removed after
/// decomposing. Anything that is not an ASCII letter or digit separates words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_diacritics_and_map_d_bar() {
        assert_eq!(
            slugify("Dòng họ Đặng - Đồng Tháp"),
            "dong-ho-dang-dong-thap"
        );
        assert_eq!(slugify("  Hoà / Hòa  "), "hoa-hoa");
        let nfd: String = "Nguyễn Văn An".nfd().collect();
        assert_eq!(slugify(&nfd), "nguyen-van-an");
    }

    #[test]
    fn ids_are_lower_case_ascii_with_single_dashes() {
        assert!(is_valid_id("gd-nguyen-van-an-2"));
        for bad in ["", "Gd", "gd_an", "-gd", "gd-", "gd--an", "../etc", "gđ"] {
            assert!(!is_valid_id(bad), "{bad:?} accepted");
        }
        assert!(!is_valid_id(&"a".repeat(121)));
    }

    #[test]
    fn nfc_composes_decomposed_text() {
        let nfd: String = "Nguyễn".nfd().collect();
        assert_ne!(nfd, "Nguyễn");
        assert_eq!(nfc(&nfd), "Nguyễn");
    }
}
