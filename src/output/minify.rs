//! Makes what is published smaller with minify-html: every page, and the style sheets and
//! scripts of the static folders. Minify-html parses the HTML, so whitespace that renders the
//! same is left out, optional end tags and quotes are dropped, and the CSS of `style` elements
//! and attributes (lightningcss) and the JavaScript of `script` elements (oxc) are minified
//! too. Only output a validator accepts is written: no setting that may break a standard is
//! on. The same bytes in give the same bytes out, on every run.
//!
//! Its cost is in the pages (a parse of each): a header or footer shared by many pages is
//! minified once (see `output::chrome`), a style sheet or script once per build.

use std::sync::LazyLock;

use minify_html::Cfg;

/// For a whole page, or a page's own part around its header and footer markers.
static PAGE: LazyLock<Cfg> = LazyLock::new(|| Cfg {
    minify_css: true,
    minify_js: true,
    ..Cfg::default()
});

/// For a header or footer minified alone: its end tags are all kept, since what follows it in
/// a page (which decides whether an end tag may be left out) is not known here.
static PART: LazyLock<Cfg> = LazyLock::new(|| Cfg {
    keep_closing_tags: true,
    ..PAGE.clone()
});

/// `html`, a whole page or a page's own part, minified.
pub fn minify_page(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &PAGE)
}

/// `html`, a header or footer, minified with every end tag kept.
pub fn minify_part(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &PART)
}

/// The bytes to publish for the static file `name` (its path or file name): a style sheet
/// (`.css`) or script (`.js`) minified, anything else as it is. A file that is not UTF-8, or
/// that holds its element's end tag (so that it cannot stand alone in one), is published as it
/// is; so is one the minifier could not make smaller.
pub fn minify_static(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let Some(element) = element_for(name) else {
        return bytes;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let end = format!("</{element}");
    if text.to_ascii_lowercase().contains(&end) {
        return bytes;
    }
    let wrapped = format!("<{element}>{text}{end}>");
    let minified = minify_html::minify(wrapped.as_bytes(), &PAGE);
    match inside(&minified, element) {
        Some(inner) if inner.len() < bytes.len() => inner.to_vec(),
        _ => bytes,
    }
}

/// The element a static file's text is minified in, by its extension.
fn element_for(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1;
    if extension.eq_ignore_ascii_case("css") {
        Some("style")
    } else if extension.eq_ignore_ascii_case("js") {
        Some("script")
    } else {
        None
    }
}

/// The text between `<element>` and `</element>` of minified output, when it is exactly that.
fn inside<'a>(minified: &'a [u8], element: &str) -> Option<&'a [u8]> {
    let start = format!("<{element}>");
    let end = format!("</{element}>");
    minified
        .strip_prefix(start.as_bytes())?
        .strip_suffix(end.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>t</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
        )
    }

    fn min(html: &str) -> String {
        String::from_utf8(minify_page(html.as_bytes())).expect("UTF-8")
    }

    #[test]
    fn whitespace_between_blocks_goes_and_text_keeps_one_space() {
        let out = min(&page(
            "<main>\n  <p>Gia   đình\n  ông An</p>\n  <p>B</p>\n</main>",
        ));
        assert!(out.contains("<main><p>Gia đình ông An<p>B</main>"), "{out}");
    }

    #[test]
    fn what_html_keeps_as_written_stays() {
        let body = "<pre>  a\n   b</pre><textarea>  x\n y</textarea>\
                    <p title=\"  hai  khoảng  \">a <b>b</b> c</p>";
        let out = min(&page(body));
        assert!(out.contains("<pre>  a\n   b</pre>"), "{out}");
        assert!(out.contains("<textarea>  x\n y</textarea>"), "{out}");
        assert!(out.contains("title=\"  hai  khoảng  \""), "{out}");
        assert!(out.contains("a <b>b</b> c"), "{out}");
    }

    /// The two faults of the old whitespace pass: a quote inside an unquoted value, and a
    /// literal `< ` in text.
    #[test]
    fn an_unquoted_value_with_a_quote_and_a_lone_less_than_sign_keep_their_meaning() {
        let out = min(&page("<p class=a\"b>x  y</p><p>1 < 2   và  3 > 2</p>"));
        assert!(out.contains("<p class='a\"b'>x y"), "{out}");
        assert!(out.contains("<p>1 &lt; 2 và 3 > 2"), "{out}");
    }

    #[test]
    fn inline_style_and_script_are_minified_and_json_is_left_alone() {
        let body = "<style>\n  .a  {  color : red ;  }\n</style>\
                    <script>\n  var  long_name = 1 ;\n  console.log( long_name ) ;\n</script>\
                    <script type=\"application/ld+json\">{\"a\": 1}</script>";
        let out = min(&page(body));
        assert!(out.contains("<style>.a{color:red}</style>"), "{out}");
        assert!(!out.contains("var  long_name"), "{out}");
        assert!(out.contains("{\"a\": 1}"), "{out}");
    }

    #[test]
    fn the_same_page_gives_the_same_bytes() {
        let html = page("<ul>\n<li>a\n<li>b\n</ul><style>.x { margin: 0 0 0 0 }</style>");
        assert_eq!(min(&html), min(&html));
    }

    #[test]
    fn a_part_keeps_its_end_tags() {
        let out = minify_part(b"<footer>\n  <p>a</p>\n  <ul><li>b</li></ul>\n</footer>\n");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "<footer><p>a</p><ul><li>b</li></ul></footer>"
        );
    }

    #[test]
    fn style_sheets_and_scripts_are_minified_and_other_files_are_not() {
        let css = b"body {\n  margin : 0px ;\n}\n".to_vec();
        assert_eq!(minify_static("style.css", css), b"body{margin:0}");
        let js = b"function hello ( ) {\n  return 1 + 2 ;\n}\nhello ( ) ;\n".to_vec();
        let out = minify_static("a/tim-kiem.JS", js.clone());
        assert!(out.len() < js.len(), "{}", String::from_utf8_lossy(&out));
        let text = b"a   b\n".to_vec();
        assert_eq!(minify_static("ghi-chu.txt", text.clone()), text);
    }

    #[test]
    fn a_static_file_that_cannot_stand_in_its_element_is_published_as_it_is() {
        for (name, bytes) in [
            ("a.js", b"var s = '</script>' ;\n".to_vec()),
            ("a.css", b"/* </STYLE> */ a { color : red }".to_vec()),
            ("b.css", b"a { content: \"\xff\" }".to_vec()),
        ] {
            assert_eq!(minify_static(name, bytes.clone()), bytes, "{name}");
        }
    }

    /// The document `html` parses into, each text with its whitespace collapsed and trimmed
    /// (the minifier leaves out whitespace that is not rendered).
    fn document(html: &str) -> Vec<String> {
        let document = scraper::Html::parse_document(html);
        let words = |text: &str| {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!words.is_empty()).then_some(words)
        };
        crate::base::outline::outline(document.root_element(), &words)
    }

    /// The text of each block as a reader sees it: a space dropped between two inline parts
    /// would join two words.
    fn block_texts(html: &str) -> Vec<String> {
        let document = scraper::Html::parse_document(html);
        let blocks = scraper::Selector::parse("p, li, dt, dd, td, th, caption").expect("selector");
        document
            .select(&blocks)
            .map(|block| {
                let text: String = block.text().collect();
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect()
    }

    fn gap() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec!["", "", " ", "\n", "\n  ", " \n "])
    }

    /// Random bodies of the kinds the theme writes: paragraphs with links and inline markup,
    /// lists, description lists and tables, with whitespace of every kind between their tags.
    fn body() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            "[a-zơ&<>\"']{1,6}".prop_map(|w| w.replace('&', "&amp;").replace('<', "&lt;")),
            ("[a-z]{1,4}", gap())
                .prop_map(|(word, g)| format!("<a href=\"/{word}/?a=1&amp;b=2\">{word}</a>{g}")),
            ("[a-z ]{1,8}", gap()).prop_map(|(text, g)| format!("<em>{text}</em>{g}")),
            ("[a-z]{1,4}", gap()).prop_map(|(text, g)| format!(
                "<span class=\"a b\" title='{text}  x'>{text}</span>{g}"
            )),
        ];
        let items = move || proptest::collection::vec((leaf.clone(), gap()), 1..4);
        proptest::collection::vec(
            prop_oneof![
                (items(), gap()).prop_map(|(parts, g)| {
                    let body: String = parts.iter().map(|(p, g)| format!("{p}{g}")).collect();
                    format!("<p>{body}</p>{g}")
                }),
                (items(), gap()).prop_map(|(parts, g)| {
                    let body: String = parts
                        .iter()
                        .map(|(p, g)| format!("<li>{p}</li>{g}"))
                        .collect();
                    format!("<ul>{g}{body}</ul>{g}")
                }),
                (items(), gap()).prop_map(|(parts, g)| {
                    let body: String = parts
                        .iter()
                        .map(|(p, g)| format!("<dt>{p}</dt>{g}<dd>{p}</dd>{g}"))
                        .collect();
                    format!("<dl>{g}{body}</dl>{g}")
                }),
                (items(), gap()).prop_map(|(parts, g)| {
                    let cells: String = parts
                        .iter()
                        .map(|(p, g)| format!("<td>{g}{p}{g}</td>{g}"))
                        .collect();
                    format!(
                        "<table>{g}<caption>c</caption>{g}<thead><tr><th scope=\"col\">h</th>\
                         </tr></thead>{g}<tbody>{g}<tr>{g}{cells}</tr>{g}</tbody>{g}</table>{g}"
                    )
                }),
            ],
            1..5,
        )
        .prop_map(|blocks| blocks.concat())
    }

    proptest::proptest! {
        #[test]
        fn minifying_keeps_the_document(body in body()) {
            let html = page(&body);
            let minified = min(&html);
            proptest::prop_assert_eq!(document(&minified), document(&html));
            proptest::prop_assert_eq!(block_texts(&minified), block_texts(&html));
        }
    }
}
