//! Tags, as the privacy gate reads HTML: an inline tag (`<em>`, `<a href>`) between the
//! characters of a value hides nothing from a reader, so the gate reads through it; any other
//! tag (`</td><td>`, `<p>`) ends a run. Attribute values are handed out to be read apart.

use std::ops::Range;

/// A tag read at a `<`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The offset just after the tag.
    pub end: usize,
    /// Whether the tag leaves the text around it one line of text: `<em>`, `</a>`, a comment.
    pub inline: bool,
}

/// The tag whose `<` is at `at`, handing each attribute value's range to `value`; `None` when
/// the `<` begins no tag (then it is punctuation).
pub fn tag(bytes: &[u8], at: usize, mut value: impl FnMut(Range<usize>)) -> Option<Tag> {
    let (tag, attributes_from) = tag_end(bytes, at)?;
    // The values are handed out only once the tag is known to close.
    if let Some(from) = attributes_from {
        attributes(bytes, from, &mut value);
    }
    Some(tag)
}

/// The tag whose `<` is at `at`, and where its attributes begin (none for a comment); `None`
/// when the `<` begins no tag.
fn tag_end(bytes: &[u8], at: usize) -> Option<(Tag, Option<usize>)> {
    let rest = &bytes[at..];
    if rest.starts_with(b"<!--") {
        let close = memchr::memmem::find(&rest[4..], b"-->")?;
        let comment = Tag {
            end: at + 4 + close + 3,
            inline: true,
        };
        return Some((comment, None));
    }
    let mut i = at + 1;
    if matches!(bytes.get(i), Some(b'/' | b'!' | b'?')) {
        i += 1;
    }
    let name_start = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    let name = &bytes[name_start..i];
    if !name.first()?.is_ascii_alphabetic() {
        return None;
    }
    let end = attributes(bytes, i, &mut |_| {})?;
    let tag = Tag {
        end,
        inline: is_inline(name),
    };
    Some((tag, Some(i)))
}

/// The offsets of the block tags of `bytes` (their `<`), the tags a fold that reads the whole
/// of `bytes` meets: a `<` inside a tag or a comment begins none.
pub fn block_tags(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + found;
            match tag_end(bytes, start) {
                Some((Tag { end, inline }, _)) => {
                    at = end;
                    if !inline {
                        return Some(start);
                    }
                }
                None => at = start + 1,
            }
        }
        at = bytes.len();
        None
    })
}

/// Whether the element `name` sits inside a line of text.
fn is_inline(name: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    let Some(slot) = lower.get_mut(..name.len()) else {
        return false;
    };
    for (to, from) in slot.iter_mut().zip(name) {
        *to = from.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"font"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"nobr"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

/// Reads the attributes from `i` to the tag's `>`, and returns the offset after it.
fn attributes(bytes: &[u8], mut i: usize, value: &mut impl FnMut(Range<usize>)) -> Option<usize> {
    loop {
        while bytes.get(i)?.is_ascii_whitespace() || bytes[i] == b'/' {
            i += 1;
        }
        if bytes[i] == b'>' {
            return Some(i + 1);
        }
        while !matches!(bytes.get(i)?, b'=' | b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                let close = memchr::memchr(quote, &bytes[i + 1..])?;
                value(i + 1..i + 1 + close);
                i += close + 2;
            }
            _ => {
                while !bytes.get(i)?.is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value(start..i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(Tag, Vec<&str>)> {
        let mut values = Vec::new();
        let tag = tag(text.as_bytes(), 0, |range| values.push(range))?;
        Some((tag, values.into_iter().map(|r| &text[r]).collect()))
    }

    #[test]
    fn inline_and_block_tags() {
        let (tag, values) = read("<em>x").expect("a tag");
        assert_eq!(
            tag,
            Tag {
                end: 4,
                inline: true
            }
        );
        assert!(values.is_empty());
        let (tag, _) = read("</TD>").expect("a tag");
        assert!(!tag.inline);
        let (tag, _) = read("<!-- x -->y").expect("a comment");
        assert_eq!(
            tag,
            Tag {
                end: 10,
                inline: true
            }
        );
        assert!(read("<!DOCTYPE html>").is_some());
        for name in ["EM", "Span", "strong", "wbr", "a"] {
            assert!(
                read(&format!("<{name}>")).expect("a tag").0.inline,
                "{name}"
            );
        }
        for name in ["p", "div", "td", "strongest", "ab", "section", "article"] {
            assert!(
                !read(&format!("<{name}>")).expect("a tag").0.inline,
                "{name}"
            );
        }
    }

    #[test]
    fn a_tag_with_many_attributes_hands_out_each_value_once_in_order() {
        let many: String = (0..40).map(|k| format!(" data-{k}=\"{k}\"")).collect();
        let text = format!("<div{many}>");
        let (_, values) = read(&text).expect("a tag");
        let expected: Vec<String> = (0..40).map(|k| k.to_string()).collect();
        assert_eq!(values, expected);
        let (_, values) = read("<div a=1 b=2>").expect("a tag");
        assert_eq!(values, ["1", "2"]);
    }

    #[test]
    fn attribute_values_in_every_quoting() {
        let (tag, values) =
            read(r#"<a href="tel:0900" title='An' data-x=12 hidden>"#).expect("a tag");
        assert!(tag.inline);
        assert_eq!(values, ["tel:0900", "An", "12"]);
        let (_, values) = read("<img src=a.png/>").expect("a tag");
        assert_eq!(values, ["a.png/"]);
    }

    #[test]
    fn a_lone_less_than_is_no_tag() {
        assert_eq!(read("< 5"), None);
        assert_eq!(read("<5"), None);
        assert_eq!(read("<a href=\"x"), None);
        assert_eq!(read("<b"), None);
        assert_eq!(read("<!-- open"), None);
    }
}
