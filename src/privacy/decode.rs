//! The ways a character can be written in an output file besides itself: an HTML character
//! reference (`&#48;`, `&#x30;`, `&nbsp;`), URL percent-encoding (`%30`, `%C4%91`), a JSON
//! escape (`\u0030`, a surrogate pair), and UTF-8 itself. Each decoder reads one written
//! character at a byte offset and says how many bytes it took, or `None` when the bytes there
//! are not such a form (they are then read as the plain punctuation they are).

/// The longest form one character can take here (`%F0%9D%9F%8E`, `\ud835\udfce`).
pub const LONGEST_FORM: usize = 12;

/// The character an HTML character reference at `at` (its `&`) stands for, and its length.
pub fn entity(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let rest = bytes.get(at + 1..bytes.len().min(at + LONGEST_FORM))?;
    let semi = memchr::memchr(b';', rest)?;
    let name = &rest[..semi];
    let c = match name {
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(number(hex, 16)?)?,
        [b'#', decimal @ ..] => char::from_u32(number(decimal, 10)?)?,
        _ => named(name)?,
    };
    Some((c, semi + 2))
}

fn number(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()
}

/// The named references that turn up between the characters of a value: spaces, marks that
/// show nothing, punctuation, and the Latin-1 letters of Vietnamese.
fn named(name: &[u8]) -> Option<char> {
    const LETTERS: [(&str, [char; 2]); 17] = [
        ("agrave", ['à', 'À']),
        ("aacute", ['á', 'Á']),
        ("acirc", ['â', 'Â']),
        ("atilde", ['ã', 'Ã']),
        ("egrave", ['è', 'È']),
        ("eacute", ['é', 'É']),
        ("ecirc", ['ê', 'Ê']),
        ("igrave", ['ì', 'Ì']),
        ("iacute", ['í', 'Í']),
        ("ograve", ['ò', 'Ò']),
        ("oacute", ['ó', 'Ó']),
        ("ocirc", ['ô', 'Ô']),
        ("otilde", ['õ', 'Õ']),
        ("ugrave", ['ù', 'Ù']),
        ("uacute", ['ú', 'Ú']),
        ("yacute", ['ý', 'Ý']),
        ("eth", ['ð', 'Ð']),
    ];
    let c = match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        b"nbsp" => '\u{a0}',
        b"ensp" => '\u{2002}',
        b"emsp" => '\u{2003}',
        b"numsp" => '\u{2007}',
        b"thinsp" => '\u{2009}',
        b"hairsp" => '\u{200a}',
        b"zwnj" => '\u{200c}',
        b"zwj" => '\u{200d}',
        b"lrm" => '\u{200e}',
        b"rlm" => '\u{200f}',
        b"shy" => '\u{ad}',
        b"Tab" => '\t',
        b"NewLine" => '\n',
        b"period" => '.',
        b"comma" => ',',
        b"colon" => ':',
        b"sol" => '/',
        b"plus" => '+',
        b"hyphen" | b"dash" => '\u{2010}',
        b"ndash" => '–',
        b"mdash" => '—',
        b"lpar" => '(',
        b"rpar" => ')',
        _ => {
            // The reference's case is in its first letter only (`&ecirc;`, `&Ecirc;`).
            let (first, rest) = name.split_first()?;
            if rest.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            let lower = std::str::from_utf8(name).ok()?.to_ascii_lowercase();
            let (_, pair) = LETTERS.iter().find(|(n, _)| *n == lower)?;
            pair[usize::from(first.is_ascii_uppercase())]
        }
    };
    Some(c)
}

/// The character a run of percent-encoded bytes at `at` (its `%`) stands for, and its length.
pub fn percent(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let first = hex_byte(bytes, at)?;
    let width = utf8_width(first)?;
    let mut buf = [first, 0, 0, 0];
    for (k, slot) in buf.iter_mut().enumerate().take(width).skip(1) {
        *slot = hex_byte(bytes, at + 3 * k)?;
    }
    let c = std::str::from_utf8(&buf[..width]).ok()?.chars().next()?;
    Some((c, 3 * width))
}

fn hex_byte(bytes: &[u8], at: usize) -> Option<u8> {
    match bytes.get(at..at + 3)? {
        [b'%', high, low] => Some(hex(*high)? << 4 | hex(*low)?),
        _ => None,
    }
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// The character a JSON escape at `at` (its `\`) stands for, and its length.
pub fn json_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    match bytes.get(at + 1)? {
        b'u' => {
            let unit = hex4(bytes, at + 2)?;
            if (0xD800..0xDC00).contains(&unit) {
                let low = match bytes.get(at + 6..at + 8)? {
                    [b'\\', b'u'] => hex4(bytes, at + 8)?,
                    _ => return None,
                };
                let c = char::decode_utf16([unit as u16, low as u16]).next()?.ok()?;
                Some((c, 12))
            } else {
                Some((char::from_u32(unit)?, 6))
            }
        }
        b'n' | b'r' | b't' => Some(('\n', 2)),
        b'/' => Some(('/', 2)),
        b'"' => Some(('"', 2)),
        b'\\' => Some(('\\', 2)),
        _ => None,
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    number(bytes.get(at..at + 4)?, 16)
}

/// The character whose UTF-8 begins at `at`, and its length; `None` for bytes that are not
/// UTF-8.
pub fn utf8(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let lead = bytes[at];
    let continuation = |k: usize| bytes.get(at + k).filter(|b| (0x80..0xC0).contains(*b));
    // Two and three bytes (Vietnamese letters) are decoded here; longer forms by the library.
    match lead {
        0xC2..=0xDF => {
            let low = continuation(1)?;
            let code = u32::from(lead & 0x1F) << 6 | u32::from(low & 0x3F);
            return Some((char::from_u32(code)?, 2));
        }
        0xE1..=0xEC | 0xEE..=0xEF => {
            let (middle, low) = (continuation(1)?, continuation(2)?);
            let code = u32::from(lead & 0x0F) << 12
                | u32::from(middle & 0x3F) << 6
                | u32::from(low & 0x3F);
            return Some((char::from_u32(code)?, 3));
        }
        _ => {}
    }
    let width = utf8_width(lead)?;
    let c = std::str::from_utf8(bytes.get(at..at + width)?)
        .ok()?
        .chars()
        .next()?;
    Some((c, width))
}

fn utf8_width(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_the_standard_library_reads_it() {
        let tails = [0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for lead in 0x80..=0xFF_u8 {
            for middle in 0x00..=0xFF_u8 {
                for low in tails {
                    for bytes in [vec![lead, middle, low], vec![lead, middle], vec![lead]] {
                        let expected = std::str::from_utf8(&bytes)
                            .ok()
                            .or_else(|| std::str::from_utf8(&bytes[..2.min(bytes.len())]).ok())
                            .and_then(|s| s.chars().next())
                            .map(|c| (c, c.len_utf8()));
                        let expected = expected.filter(|(c, _)| !c.is_ascii());
                        assert_eq!(utf8(&bytes, 0), expected, "{bytes:02X?}");
                    }
                }
            }
        }
    }

    #[test]
    fn character_references() {
        assert_eq!(entity(b"&#48;", 0), Some(('0', 5)));
        assert_eq!(entity(b"x&#x30;", 1), Some(('0', 6)));
        assert_eq!(entity(b"&nbsp;0", 0), Some(('\u{a0}', 6)));
        assert_eq!(entity(b"&ecirc;", 0), Some(('ê', 7)));
        assert_eq!(entity(b"&Ecirc;", 0), Some(('Ê', 7)));
        assert_eq!(entity(b"&ECIRC;", 0), None);
        assert_eq!(entity(b"&unknown;", 0), None);
        assert_eq!(entity(b"& 0;", 0), None);
        assert_eq!(entity(b"&#xD835;", 0), None, "a lone surrogate");
        assert_eq!(entity(b"&#;", 0), None);
        assert_eq!(entity(b"&", 0), None);
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent(b"%30", 0), Some(('0', 3)));
        assert_eq!(percent("%C4%91".as_bytes(), 0), Some(('đ', 6)));
        assert_eq!(percent(b"%F0%9D%9F%8E", 0), Some(('𝟎', 12)));
        assert_eq!(percent(b"%C4", 0), None);
        assert_eq!(percent(b"%zz", 0), None);
        assert_eq!(percent(b"%3", 0), None);
    }

    #[test]
    fn json_escapes() {
        assert_eq!(json_escape(br"\u0030", 0), Some(('0', 6)));
        assert_eq!(json_escape(br"\ud835\udfce", 0), Some(('𝟎', 12)));
        assert_eq!(json_escape(br"\ud835x", 0), None);
        assert_eq!(json_escape(br"\n", 0), Some(('\n', 2)));
        assert_eq!(json_escape(br"\q", 0), None);
        assert_eq!(json_escape(br"\", 0), None);
    }

    #[test]
    fn utf8_characters() {
        assert_eq!(utf8("đ".as_bytes(), 0), Some(('đ', 2)));
        assert_eq!(utf8(b"\xc4", 0), None);
        assert_eq!(utf8(b"\xff", 0), None);
    }
}
