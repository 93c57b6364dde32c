//! Makes rendered HTML smaller in one linear pass: every run of whitespace between or inside
//! tags becomes one character (a newline when the run held one, else a space). HTML renders
//! such a run the same as one space, so the page looks the same.
//!
//! What whitespace means something is copied as it is: quoted attribute values, comments, and
//! the contents of `pre`, `textarea`, `script` and `style`. A full minifier parses every page
//! into a tree; this pass does not, and costs about as much as copying the bytes.

/// Elements whose text is kept exactly as written.
const VERBATIM: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// `html` with each whitespace run collapsed to one character, and no leading whitespace.
pub fn compact_html(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let byte = html[i];
        if is_space(byte) {
            let end = skip_spaces(html, i);
            if !out.is_empty() {
                out.push(if html[i..end].contains(&b'\n') {
                    b'\n'
                } else {
                    b' '
                });
            }
            i = end;
        } else if byte == b'<' {
            i = copy_markup(html, i, &mut out);
        } else {
            let end = text_run_end(html, i);
            out.extend_from_slice(&html[i..end]);
            i = end;
        }
    }
    out
}

/// Where the text starting at `i` first needs a change: at a `<`, or at whitespace other than
/// one space between two other characters (which compaction would leave as it is).
fn text_run_end(html: &[u8], mut i: usize) -> usize {
    while i < html.len() {
        match html[i] {
            b'<' | b'\t' | b'\n' | b'\r' | b'\x0c' => return i,
            b' ' if html.get(i + 1).is_none_or(|&next| is_space(next)) => return i,
            _ => i += 1,
        }
    }
    i
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn skip_spaces(html: &[u8], mut i: usize) -> usize {
    while i < html.len() && is_space(html[i]) {
        i += 1;
    }
    i
}

/// Copies the markup starting with the `<` at `start` and returns where the copy ended: a
/// comment whole, a tag with its whitespace collapsed and its quoted values kept, and for a
/// verbatim element everything up to its end tag.
fn copy_markup(html: &[u8], start: usize, out: &mut Vec<u8>) -> usize {
    if html[start..].starts_with(b"<!--") {
        let end = find(html, start + 4, b"-->").map_or(html.len(), |at| at + 3);
        out.extend_from_slice(&html[start..end]);
        return end;
    }
    let end = copy_tag(html, start, out);
    match verbatim_element(&html[start..end]) {
        Some(name) => {
            let close = find_end_tag(html, end, name);
            out.extend_from_slice(&html[end..close]);
            close
        }
        None => end,
    }
}

/// Copies one tag up to and including its `>`, whitespace collapsed outside quotes.
fn copy_tag(html: &[u8], start: usize, out: &mut Vec<u8>) -> usize {
    let mut i = start;
    let mut quote: Option<u8> = None;
    while i < html.len() {
        let byte = html[i];
        match quote {
            Some(q) => {
                // The quoted value and its closing quote, as they are.
                let end = memchr::memchr(q, &html[i..]).map_or(html.len(), |p| i + p + 1);
                out.extend_from_slice(&html[i..end]);
                quote = None;
                i = end;
            }
            None if is_space(byte) => {
                let end = skip_spaces(html, i);
                // No space is needed before the end of a tag. One stays before `/>`: after
                // an unquoted value the slash would become part of it.
                if html.get(end) != Some(&b'>') {
                    out.push(b' ');
                }
                i = end;
            }
            None if matches!(byte, b'"' | b'\'' | b'>') => {
                out.push(byte);
                i += 1;
                if byte == b'>' {
                    return i;
                }
                quote = Some(byte);
            }
            None => {
                // A name or an unquoted value, up to the next space, quote or `>`.
                let end = html[i..]
                    .iter()
                    .position(|&b| is_space(b) || matches!(b, b'"' | b'\'' | b'>'))
                    .map_or(html.len(), |p| i + p);
                out.extend_from_slice(&html[i..end]);
                i = end;
            }
        }
    }
    i
}

/// The name of the verbatim element a start tag opens (`<pre class="x">`), if it is one.
fn verbatim_element(tag: &[u8]) -> Option<&'static [u8]> {
    let name_end = tag
        .iter()
        .skip(1)
        .position(|&b| is_space(b) || b == b'>' || b == b'/')
        .map_or(tag.len(), |p| p + 1);
    let name = &tag[1..name_end];
    VERBATIM
        .into_iter()
        .find(|candidate| name.eq_ignore_ascii_case(candidate))
}

/// Where the end tag `</name` of a verbatim element starts, at or after `from` (the end of the
/// document when it is missing).
fn find_end_tag(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(at) = find(html, i, b"</") {
        let after = at + 2;
        if html.len() >= after + name.len()
            && html[after..after + name.len()].eq_ignore_ascii_case(name)
        {
            return at;
        }
        i = after;
    }
    html.len()
}

fn find(html: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(html.get(from..)?, needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(html: &str) -> String {
        String::from_utf8(compact_html(html.as_bytes())).expect("utf-8 in, utf-8 out")
    }

    #[test]
    fn whitespace_runs_become_one_character() {
        assert_eq!(
            compact("\n  <ul>\n    <li>a  b</li>\n    <li>c</li>\n  </ul>\n"),
            "<ul>\n<li>a b</li>\n<li>c</li>\n</ul>\n"
        );
    }

    #[test]
    fn whitespace_inside_tags_is_collapsed_but_quoted_values_are_kept() {
        assert_eq!(
            compact("<a\n   href=\"/x/\"   title=\"two  spaces\" >x</a><br />"),
            "<a href=\"/x/\" title=\"two  spaces\">x</a><br />"
        );
        assert_eq!(
            compact("<a title='a  >  b'>x</a>"),
            "<a title='a  >  b'>x</a>"
        );
    }

    #[test]
    fn verbatim_elements_and_comments_are_copied_whole() {
        let pre = "<pre class=\"x\">  a\n\n  b  </pre>  <p>c</p>";
        assert_eq!(compact(pre), "<pre class=\"x\">  a\n\n  b  </pre> <p>c</p>");
        let script = "<SCRIPT>if (a  <  b) {}\n</SCRIPT>";
        assert_eq!(compact(script), script);
        assert_eq!(compact("<!--  a  -->  x"), "<!--  a  --> x");
        assert_eq!(
            compact("<textarea>  a </textarea>"),
            "<textarea>  a </textarea>"
        );
    }

    #[test]
    fn a_prefix_of_a_verbatim_name_is_not_verbatim() {
        assert_eq!(compact("<prefix>  a  </prefix>"), "<prefix> a </prefix>");
    }

    #[test]
    fn unclosed_markup_is_copied_to_the_end() {
        assert_eq!(compact("<pre>  a"), "<pre>  a");
        assert_eq!(compact("<!-- a  b"), "<!-- a  b");
        assert_eq!(compact("<a href=\"x  "), "<a href=\"x  ");
    }

    #[test]
    fn text_outside_markup_keeps_its_bytes() {
        let text = "Gia đình  ông Lý\u{a0}Đình Đạt";
        assert_eq!(compact(text), "Gia đình ông Lý\u{a0}Đình Đạt");
    }
}
