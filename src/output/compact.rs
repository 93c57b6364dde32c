//! Makes rendered HTML smaller in one linear pass: every run of whitespace between or inside
//! tags becomes one character (a newline when the run held one, else a space). HTML renders
//! such a run the same as one space, so the page looks the same.
//!
//! What whitespace means something is copied as it is: quoted attribute values, comments, and
//! the contents of `pre`, `textarea`, `script` and `style`. A full minifier parses every page
//! into a tree; this pass does not, and costs about as much as copying the bytes.
//!
//! It also leaves out what HTML lets a page leave out without changing its document: the
//! whitespace between the parts of a table (never rendered), and the end tags of cells, rows,
//! row groups, list items, terms and descriptions where the next tag closes them anyway. An
//! end tag followed by whitespace that stays is kept, so that the whitespace stays outside
//! the element, as written.

/// Elements whose text is kept exactly as written.
const VERBATIM: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// The parts of a table: between two of them, whitespace is never rendered.
const TABLE_PARTS: [&[u8]; 10] = [
    b"table",
    b"caption",
    b"colgroup",
    b"col",
    b"thead",
    b"tbody",
    b"tfoot",
    b"tr",
    b"td",
    b"th",
];

/// An end tag HTML lets a page leave out: of `element`, when one of `followers` starts next, or
/// (when `parent_end`) the parent element ends.
struct OptionalEnd {
    element: &'static [u8],
    followers: &'static [&'static [u8]],
    parent_end: bool,
}

const fn optional(
    element: &'static [u8],
    followers: &'static [&'static [u8]],
    parent_end: bool,
) -> OptionalEnd {
    OptionalEnd {
        element,
        followers,
        parent_end,
    }
}

const OPTIONAL_END_TAGS: [OptionalEnd; 9] = [
    optional(b"td", &[b"td", b"th"], true),
    optional(b"th", &[b"td", b"th"], true),
    optional(b"tr", &[b"tr"], true),
    optional(b"thead", &[b"tbody", b"tfoot"], false),
    optional(b"tbody", &[b"tbody", b"tfoot"], true),
    optional(b"tfoot", &[], true),
    optional(b"li", &[b"li"], true),
    optional(b"dt", &[b"dt", b"dd"], false),
    optional(b"dd", &[b"dt", b"dd"], true),
];

/// `html` with each whitespace run collapsed to one character, and no leading whitespace;
/// without the whitespace between table parts and the end tags the next tag implies.
pub fn compact_html(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    // Whether the last tag leaves a gap between table parts: whitespace from it to the next
    // table part is dropped.
    let mut table_gap = false;
    let mut i = 0;
    while i < html.len() {
        let byte = html[i];
        if is_space(byte) {
            let end = skip_spaces(html, i);
            let dropped = table_gap && tag_at(html, end).is_some_and(|tag| tag.is_table_part());
            if !out.is_empty() && !dropped {
                out.push(if html[i..end].contains(&b'\n') {
                    b'\n'
                } else {
                    b' '
                });
            }
            i = end;
        } else if byte == b'<' {
            let tag = tag_at(html, i);
            let mark = out.len();
            i = copy_markup(html, i, &mut out);
            table_gap = tag.as_ref().is_some_and(Tag::opens_table_gap);
            if tag.is_some_and(|tag| tag.end && end_tag_implied(html, i, &tag, table_gap)) {
                out.truncate(mark);
            }
        } else {
            let end = text_run_end(html, i);
            out.extend_from_slice(&html[i..end]);
            table_gap = false;
            i = end;
        }
    }
    out
}

/// A start or end tag's name, read at its `<`.
struct Tag<'h> {
    end: bool,
    name: &'h [u8],
}

impl Tag<'_> {
    fn is(&self, names: &[&[u8]]) -> bool {
        names
            .iter()
            .any(|name| self.name.eq_ignore_ascii_case(name))
    }

    fn is_table_part(&self) -> bool {
        self.is(&TABLE_PARTS)
    }

    /// Whether what follows this tag lies between two parts of one table, not inside a cell
    /// or caption, nor after the table.
    fn opens_table_gap(&self) -> bool {
        let inside = !self.end && self.is(&[b"td", b"th", b"caption"]);
        let after = self.end && self.is(&[b"table"]);
        self.is_table_part() && !inside && !after
    }
}

/// The tag starting at `at`, if a start or end tag does (not a comment or doctype).
fn tag_at(html: &[u8], at: usize) -> Option<Tag<'_>> {
    if html.get(at) != Some(&b'<') {
        return None;
    }
    let end = html.get(at + 1) == Some(&b'/');
    let from = at + 1 + usize::from(end);
    let len = html[from..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (len > 0).then(|| Tag {
        end,
        name: &html[from..from + len],
    })
}

/// Whether the end tag `tag`, which ends at `after`, may be left out: the tag that follows
/// (past whitespace about to be dropped, when `table_gap`) closes its element anyway.
fn end_tag_implied(html: &[u8], after: usize, tag: &Tag, table_gap: bool) -> bool {
    let Some(rule) = OPTIONAL_END_TAGS
        .iter()
        .find(|rule| tag.name.eq_ignore_ascii_case(rule.element))
    else {
        return false;
    };
    let beyond_gap = skip_spaces(html, after);
    let next = match tag_at(html, beyond_gap) {
        Some(next) if table_gap && next.is_table_part() => Some(next),
        _ => tag_at(html, after),
    };
    next.is_some_and(|next| {
        if next.end {
            rule.parent_end
        } else {
            next.is(rule.followers)
        }
    })
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
    fn table_parts_lose_the_whitespace_between_them_and_their_implied_end_tags() {
        let table = "<table>\n<caption>C</caption>\n<thead>\n<tr>\n<th scope=\"col\">A</th>\n\
                     <th>B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td> x </td>\n<td><a>y</a>\n\
                     </td>\n</tr>\n<tr><td>z</td></tr>\n</tbody>\n</table>\n<p>after</p>";
        assert_eq!(
            compact(table),
            "<table><caption>C</caption><thead><tr><th scope=\"col\">A<th>B<tbody><tr><td> x \
             <td><a>y</a>\n<tr><td>z</table>\n<p>after</p>"
        );
        assert_eq!(
            compact("<TABLE>\n<TR>\n<TD>a</TD>\n</TR>\n</TABLE>"),
            "<TABLE><TR><TD>a</TABLE>"
        );
    }

    #[test]
    fn whitespace_inside_a_cell_or_after_a_table_stays() {
        assert_eq!(
            compact("<td>\n<table> <tr> <td>a</td> </tr> </table>\n</td>"),
            "<td>\n<table><tr><td>a</table>\n</td>"
        );
        assert_eq!(
            compact("<table><tr><td>a</td></tr></table>\n<table>"),
            "<table><tr><td>a</table>\n<table>"
        );
        assert_eq!(compact("<caption> a </caption>"), "<caption> a </caption>");
    }

    #[test]
    fn list_and_description_end_tags_go_only_where_nothing_comes_between() {
        assert_eq!(
            compact("<ul><li>a</li><li>b</li></ul>"),
            "<ul><li>a<li>b</ul>"
        );
        assert_eq!(
            compact("<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
        );
        assert_eq!(
            compact("<dl><div><dt>a</dt><dd>b</dd></div><dt>c</dt> <dd>d</dd></dl>"),
            "<dl><div><dt>a<dd>b</div><dt>c</dt> <dd>d</dl>"
        );
        assert_eq!(
            compact("<dl><dt>a</dt></dl><ul><li>b</li><!-- c --></ul>"),
            "<dl><dt>a</dt></dl><ul><li>b</li><!-- c --></ul>"
        );
    }

    #[test]
    fn other_end_tags_and_verbatim_text_are_kept() {
        assert_eq!(compact("<p>a</p><p>b</p>"), "<p>a</p><p>b</p>");
        let script = "<script>let s = '</td><td>';</script>";
        assert_eq!(compact(script), script);
        assert_eq!(compact("<tdx>a</tdx><tdx>"), "<tdx>a</tdx><tdx>");
    }

    /// The document a page parses into, as lines of element names with their attributes and
    /// texts with their whitespace runs collapsed; whitespace-only texts are left out.
    fn outline(html: &str) -> Vec<String> {
        let document = scraper::Html::parse_document(html);
        let collapsed = |text: &str| {
            (!text.trim().is_empty())
                .then(|| String::from_utf8_lossy(&compact_html(text.as_bytes())).into_owned())
        };
        crate::base::outline::outline(document.root_element(), &collapsed)
    }

    /// Whitespace between two pieces of markup, as templates write it.
    fn gap() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec!["", "", " ", "\n", "\n  ", " \n "])
    }

    /// Pages of text, paragraphs, lists, description lists and tables nested in one another.
    fn page() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            "[a-zơ]{1,6}".prop_map(String::from),
            ("[a-z]{1,4}", gap())
                .prop_map(|(word, g)| format!("<a href=\"/{word}/\">{word}</a>{g}")),
        ];
        leaf.prop_recursive(4, 48, 4, |inner| {
            let items = || proptest::collection::vec((inner.clone(), gap()), 1..4);
            prop_oneof![
                (items(), gap()).prop_map(|(parts, g)| {
                    let body: String = parts.iter().map(|(p, g)| format!("{p}{g}")).collect();
                    format!("<p>{body}</p>{g}")
                }),
                (items(), gap()).prop_map(|(parts, g)| {
                    let body: String = parts.iter().map(|(p, g)| format!("<li>{p}</li>{g}")).collect();
                    format!("<ul>{g}{body}</ul>{g}")
                }),
                (items(), gap(), any::<bool>()).prop_map(|(parts, g, grouped)| {
                    let body: String = parts
                        .iter()
                        .map(|(p, g)| {
                            let pair = format!("<dt>{p}</dt>{g}<dd>{p}</dd>{g}");
                            if grouped { format!("<div>{pair}</div>{g}") } else { pair }
                        })
                        .collect();
                    format!("<dl>{g}{body}</dl>{g}")
                }),
                (items(), gap(), any::<bool>()).prop_map(|(parts, g, headed)| {
                    let cells: String = parts.iter().map(|(p, g)| format!("<td>{g}{p}{g}</td>{g}")).collect();
                    let head = if headed {
                        format!("<caption>{g}c</caption>{g}<thead>{g}<tr>{g}<th scope=\"col\">h</th>{g}</tr>{g}</thead>{g}")
                    } else {
                        String::new()
                    };
                    format!("<table>{g}{head}<tbody>{g}<tr>{g}<th>r</th>{g}{cells}</tr>{g}<tr>{cells}</tr>{g}</tbody>{g}</table>{g}")
                }),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn compaction_keeps_the_document(body in page()) {
            let html = format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>");
            proptest::prop_assert_eq!(outline(&compact(&html)), outline(&html));
        }
    }

    #[test]
    fn text_outside_markup_keeps_its_bytes() {
        let text = "Gia đình  ông Lý\u{a0}Đình Đạt";
        assert_eq!(compact(text), "Gia đình ông Lý\u{a0}Đình Đạt");
    }
}
