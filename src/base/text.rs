//! Vietnamese text handling: Unicode normalisation, ids and slugs.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// The text in Unicode NFC (composed), borrowing when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_plainly_composed(text) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `text` holds only characters that NFC keeps as they are whatever comes around
/// them: those below U+0300 (where the combining marks begin) and the precomposed Latin letters
/// of U+1E00 to U+1EFF, where most of Vietnamese's letters with two marks live (`ệ`, `ữ`). Such
/// text is NFC without the slower look-up of each character's properties. Read by bytes: a
/// lead byte below `0xCC` begins a character below U+0300, and `0xE1 0xB8..=0xBB` one of
/// U+1E00 to U+1EFF.
fn is_plainly_composed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        at += match lead {
            ..0x80 => 1,
            0x80..0xCC => 2,
            0xE1 if matches!(bytes.get(at + 1), Some(0xB8..=0xBB)) => 3,
            _ => return false,
        };
    }
    true
}

/// Names Windows keeps for devices: an id used as a folder name must not be one of them.
const RESERVED_NAMES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `id` is a valid record, title or award id: lower-case ASCII letters, digits and
/// single `-` between them, at most 120 characters, and not a name Windows reserves.
pub fn is_valid_id(id: &str) -> bool {
    !RESERVED_NAMES.contains(&id)
        && !id.is_empty()
        && id.len() <= 120
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Text safe in HTML and XML, in element content and in quoted attribute values: `& < > " '`
/// escaped, control characters other than tab and line ends dropped. Used by templates, feeds,
/// charts and the printable report alike.
///
/// Every page calls it for each value it shows, so it copies runs of plain bytes at once and
/// looks only at the bytes that can need a change: ASCII markup and control characters, and
/// the lead byte `0xC2` of the C1 controls U+0080 to U+009F.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_markup_into(&mut out, text);
    out
}

/// [`escape_markup`], written at the end of `out`.
pub fn escape_markup_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0x00..=0x1F | 0x7F => ("", 1),
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(replacement);
        i += width;
        plain_from = i;
    }
    out.push_str(&text[plain_from..]);
}

/// Characters that show as nothing: zero-width spaces and joiners, word joiner, BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Control characters other than tab and line ends, which no name or text should hold.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Text with invisible characters (zero-width spaces, soft hyphens) removed, or the first
/// control character it holds.
pub fn clean_text(text: &str) -> Result<Cow<'_, str>, char> {
    if let Some(c) = text.chars().find(|&c| is_forbidden_control(c)) {
        return Err(c);
    }
    if text.chars().any(is_invisible) {
        Ok(Cow::Owned(
            text.chars().filter(|&c| !is_invisible(c)).collect(),
        ))
    } else {
        Ok(Cow::Borrowed(text))
    }
}

/// An ASCII slug without diacritics: "Dòng họ Đặng" becomes `dong-ho-dang`.
///
/// `đ` has no Unicode decomposition, so it is mapped by hand; other marks are removed after
/// decomposing. Anything that is not an ASCII letter or digit separates words. Text with no
/// letter or digit at all ("!!!", "日本") gets `muc-` and a stable hash of the text, so a
/// slug is never empty and always the same for the same text.
pub fn slugify(text: &str) -> String {
    let slug = ascii_words(text);
    if slug.is_empty() {
        format!("muc-{:08x}", fnv1a(nfc(text).as_bytes()))
    } else {
        slug
    }
}

/// The 32-bit FNV-1a hash: small, stable across platforms and versions.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn ascii_words(text: &str) -> String {
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

    /// The characters the quick path lets through are exactly those below U+0300 and from
    /// U+1E00 to U+1EFF, and each is a starter (combining class 0) whose NFC quick check says
    /// yes: a text of them alone is NFC. Text with a mark still composes.
    #[test]
    fn the_quick_path_passes_only_stable_starters() {
        use unicode_normalization::char::canonical_combining_class;
        for c in '\0'..=char::MAX {
            let alone = c.to_string();
            let expected = c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c);
            assert_eq!(is_plainly_composed(&alone), expected, "{c:?}");
            assert_eq!(is_plainly_composed(&format!("a{c}ệ")), expected, "{c:?}");
            if expected {
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                let quick = is_nfc_quick(alone.chars());
                assert_eq!(quick, unicode_normalization::IsNormalized::Yes, "{c:?}");
            }
        }
        assert_eq!(nfc("Ê\u{301}"), "Ế");
        assert_eq!(nfc("Nguyễn"), "Nguyễn");
    }

    /// `escape_markup` as first written, one character at a time.
    fn escape_by_chars(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\t' | '\n' | '\r' => out.push(c),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_by_bytes_equals_escaping_by_characters(text in "(?s).{0,40}") {
            proptest::prop_assert_eq!(escape_markup(&text), escape_by_chars(&text));
        }

        #[test]
        fn escaping_handles_markup_and_controls(
            text in "[a-zễ&<>\"'\t\n\r\x00-\x1f\x7f\u{80}-\u{a0}]{0,40}"
        ) {
            proptest::prop_assert_eq!(escape_markup(&text), escape_by_chars(&text));
        }
    }

    #[test]
    fn slugs_drop_diacritics_and_map_d_bar() {
        assert_eq!(
            slugify("Dòng họ Đặng - Đồng Tháp"),
            "dong-ho-dang-dong-thap"
        );
        assert_eq!(slugify("  Hoà / Hòa  "), "hoa-hoa");
        let nfd: String = "Nguyễn Văn An".nfd().collect();
        assert_eq!(slugify(&nfd), "nguyen-van-an");
        assert_eq!(slugify("!!!"), slugify("!!!"));
        assert!(slugify("!!!").starts_with("muc-"));
        assert_ne!(slugify("!!!"), slugify("???"));
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
    fn invisible_characters_are_removed_and_controls_refused() {
        assert_eq!(clean_text("Nguy\u{200B}ễn\u{FEFF}").unwrap(), "Nguyễn");
        assert_eq!(clean_text("An\u{7}"), Err('\u{7}'));
        assert_eq!(clean_text("dòng 1\ndòng 2").unwrap(), "dòng 1\ndòng 2");
    }

    #[test]
    fn windows_device_names_are_not_ids() {
        for reserved in ["con", "nul", "com1", "lpt9"] {
            assert!(!is_valid_id(reserved), "{reserved}");
        }
        assert!(is_valid_id("con-nguoi"));
    }

    #[test]
    fn nfc_composes_decomposed_text() {
        let nfd: String = "Nguyễn".nfd().collect();
        assert_ne!(nfd, "Nguyễn");
        assert_eq!(nfc(&nfd), "Nguyễn");
    }
}
