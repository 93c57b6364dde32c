//! What a character is to the privacy gate: a digit (by its NFKC value, so that bold and
//! fullwidth digits are digits), a letter (folded: lower case, no diacritics, `đ` as `d`), a
//! mark that shows nothing between two characters (zero-width spaces, combining marks), or a
//! separator (spaces of any kind, punctuation).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The most bytes one folded letter takes (`ﬃ` is `ffi`).
pub const MAX_FOLDED: usize = 8;

/// One character, as the gate reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// An ASCII digit, `0` to `9`.
    Digit(u8),
    /// A letter folded to these bytes (the first `len` of them).
    Letter { bytes: [u8; MAX_FOLDED], len: u8 },
    /// A space of any kind.
    Space,
    /// Punctuation, symbols and anything else that separates words.
    Punctuation,
    /// Shows nothing and separates nothing.
    Invisible,
}

/// How `c` is read.
pub fn classify(c: char) -> Class {
    if c.is_ascii() {
        return classify_ascii(c as u8);
    }
    match table_index(c as u32) {
        Some(index) => tabled()[index],
        None => classify_slowly(c),
    }
}

/// The blocks whose characters are classified once, into a table: Latin and its supplements,
/// the combining marks, the Vietnamese letters of Latin Extended Additional, and general
/// punctuation (curly quotes, dashes, zero-width spaces). The Unicode look-ups behind the slow
/// path were a fifth of the gate's time on Vietnamese pages; classifying whole planes up front
/// cost more than a short `check` takes.
const TABLED: [(u32, u32); 4] = [
    (0x80, 0x250),
    (0x300, 0x370),
    (0x1E00, 0x1F00),
    (0x2000, 0x2070),
];

/// Where the character numbered `code` is in the table, if it is there.
fn table_index(code: u32) -> Option<usize> {
    let mut before = 0;
    for (start, end) in TABLED {
        if (start..end).contains(&code) {
            return Some((before + code - start) as usize);
        }
        before += end - start;
    }
    None
}

fn tabled() -> &'static [Class] {
    static TABLE: std::sync::OnceLock<Vec<Class>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLED.iter())
            .flat_map(|&(start, end)| start..end)
            .map(|code| char::from_u32(code).map_or(Class::Punctuation, classify_slowly))
            .collect()
    })
}

/// The letters most text is written in that fold to one ASCII letter: those of two bytes in
/// UTF-8 (`â`, `đ`, `ư`) and those of the Vietnamese block (`ễ`, `ặ`), looked up by their bytes
/// with no decoding: the fold's quick path through Vietnamese words.
#[derive(Debug)]
pub struct OneByteFolds {
    /// U+0080 to U+07FF: the ASCII letter each folds to, or 0.
    two_bytes: [u8; 0x780],
    /// U+1E00 to U+1EFF, written `E1 B8..BB xx`: the ASCII letter each folds to, or 0.
    vietnamese: [u8; 0x100],
}

impl OneByteFolds {
    /// The ASCII letter the character at the start of `bytes` folds to, and its length in
    /// bytes, if it is one of these letters.
    #[inline]
    pub fn letter(&self, bytes: &[u8]) -> Option<(u8, usize)> {
        let continues = |b: u8| b & 0xC0 == 0x80;
        let (folded, len) = match *bytes {
            [lead @ 0xC2..=0xDF, low, ..] if continues(low) => {
                let code = usize::from(lead & 0x1F) << 6 | usize::from(low & 0x3F);
                (self.two_bytes[code - 0x80], 2)
            }
            [0xE1, middle @ 0xB8..=0xBB, low, ..] if continues(low) => {
                let index = usize::from(middle - 0xB8) << 6 | usize::from(low & 0x3F);
                (self.vietnamese[index], 3)
            }
            _ => return None,
        };
        (folded != 0).then_some((folded, len))
    }
}

/// The table of [`OneByteFolds`], made once from [`classify`].
pub fn one_byte_folds() -> &'static OneByteFolds {
    static TABLE: std::sync::OnceLock<OneByteFolds> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let fold = |code: u32| match char::from_u32(code).map(classify) {
            Some(Class::Letter { bytes, len: 1 }) if bytes[0].is_ascii_lowercase() => bytes[0],
            _ => 0,
        };
        OneByteFolds {
            two_bytes: std::array::from_fn(|k| fold(0x80 + k as u32)),
            vietnamese: std::array::from_fn(|k| fold(0x1E00 + k as u32)),
        }
    })
}

fn classify_slowly(c: char) -> Class {
    if c.is_ascii() {
        return classify_ascii(c as u8);
    }
    if is_invisible(c) || is_combining_mark(c) {
        return Class::Invisible;
    }
    if c.is_whitespace() {
        return Class::Space;
    }
    if c.is_alphanumeric() {
        return fold_non_ascii(c);
    }
    Class::Punctuation
}

/// How the ASCII byte `b` is read.
pub fn classify_ascii(b: u8) -> Class {
    match b {
        b'0'..=b'9' => Class::Digit(b),
        b'a'..=b'z' | b'A'..=b'Z' => letter(&[b.to_ascii_lowercase()]),
        b if b.is_ascii_whitespace() => Class::Space,
        _ => Class::Punctuation,
    }
}

fn letter(folded: &[u8]) -> Class {
    let mut bytes = [0; MAX_FOLDED];
    let len = folded.len().min(MAX_FOLDED);
    bytes[..len].copy_from_slice(&folded[..len]);
    Class::Letter {
        bytes,
        len: len as u8,
    }
}

/// Marks that show nothing: zero-width spaces and joiners, the soft hyphen, direction marks,
/// the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// A non-ASCII letter or digit by its compatibility decomposition without marks: `Ễ` is `e`,
/// `𝟎` and `０` are `0`, `Ｎ` is `n`.
fn fold_non_ascii(c: char) -> Class {
    if matches!(c, 'đ' | 'Đ') {
        return letter(b"d");
    }
    let mut folded = [0u8; MAX_FOLDED];
    let mut len = 0;
    decompose_compatible(c, |part| {
        if is_combining_mark(part) {
            return;
        }
        for lower in part.to_lowercase() {
            let mut buf = [0; 4];
            let bytes = lower.encode_utf8(&mut buf).as_bytes();
            if len + bytes.len() <= MAX_FOLDED {
                folded[len..len + bytes.len()].copy_from_slice(bytes);
                len += bytes.len();
            }
        }
    });
    match &folded[..len] {
        [] => Class::Invisible,
        [d @ b'0'..=b'9'] if c.is_numeric() => Class::Digit(*d),
        _ if c.is_numeric() => Class::Punctuation,
        bytes => letter(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(c: char) -> String {
        match classify(c) {
            Class::Letter { bytes, len } => {
                String::from_utf8_lossy(&bytes[..usize::from(len)]).into_owned()
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn the_table_says_what_the_slow_path_says() {
        let mut in_table = 0;
        for code in 0..0x3000 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(classify(c), classify_slowly(c), "U+{code:04X}");
                in_table += usize::from(table_index(code).is_some());
            }
        }
        assert_eq!(in_table, tabled().len());
        assert_eq!(table_index(0x1EC5), Some(0x250 - 0x80 + 0x70 + 0xC5));
    }

    #[test]
    fn the_quick_letters_fold_as_the_table_says() {
        let folds = one_byte_folds();
        let mut quick = 0;
        for code in (0x80..0x800).chain(0x1E00..0x1F00) {
            let c = char::from_u32(code).expect("a character");
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            match folds.letter(bytes) {
                Some((folded, len)) => {
                    assert_eq!(len, bytes.len(), "{c}");
                    assert_eq!(classify(c), letter(&[folded]), "{c}");
                    quick += 1;
                }
                None => assert!(
                    !matches!(classify(c), Class::Letter { len: 1, bytes } if bytes[0].is_ascii_lowercase()),
                    "{c}"
                ),
            }
        }
        assert!(quick > 300, "{quick}");
        assert_eq!(folds.letter("ễn".as_bytes()), Some((b'e', 3)));
        assert_eq!(folds.letter("đ".as_bytes()), Some((b'd', 2)));
        assert_eq!(folds.letter(&[0xC3]), None, "cut short");
        assert_eq!(folds.letter(&[0xC3, 0x41]), None, "not UTF-8");
        assert_eq!(folds.letter("½".as_bytes()), None, "not a letter");
    }

    #[test]
    fn letters_fold_to_lower_case_without_diacritics() {
        assert_eq!(folded('Ễ'), "e");
        assert_eq!(folded('ư'), "u");
        assert_eq!(folded('Đ'), "d");
        assert_eq!(folded('đ'), "d");
        assert_eq!(folded('Ｎ'), "n");
        assert_eq!(folded('A'), "a");
        assert_eq!(folded('ﬃ'), "ffi");
    }

    #[test]
    fn digits_by_their_nfkc_value() {
        assert_eq!(classify('𝟎'), Class::Digit(b'0'));
        assert_eq!(classify('𝟗'), Class::Digit(b'9'));
        assert_eq!(classify('９'), Class::Digit(b'9'));
        assert_eq!(classify('7'), Class::Digit(b'7'));
        assert_eq!(classify('½'), Class::Punctuation);
    }

    #[test]
    fn spaces_marks_and_punctuation() {
        assert_eq!(classify('\u{a0}'), Class::Space);
        assert_eq!(classify('\u{3000}'), Class::Space);
        assert_eq!(classify('\u{200b}'), Class::Invisible);
        assert_eq!(classify('\u{301}'), Class::Invisible);
        assert_eq!(classify('.'), Class::Punctuation);
        assert_eq!(classify('–'), Class::Punctuation);
    }
}
