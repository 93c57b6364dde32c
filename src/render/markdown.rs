//! Markdown to safe HTML: CommonMark with tables and footnotes, then sanitised with ammonia so
//! raw HTML in a story can never run a script. Root-relative links get the site's base path.
//!
//! Most stories hold no raw HTML: only paragraphs, headings, lists, tables, emphasis and links.
//! pulldown-cmark escapes all their text and writes only its own tags, so such a story is safe
//! as it comes out, once each link's address is known to be safe and is written as ammonia
//! would write it (the base path in front, `rel="noopener noreferrer"`). Those skip the
//! sanitiser, which parsed every story's HTML again (a fifth of a 10,000-story build); anything
//! else, and any address with a scheme other than `http` or `https`, goes through it. A test
//! compares the two ways' documents on generated stories.

use std::borrow::Cow;
use std::cell::RefCell;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html,
};

/// Renders `markdown` and removes anything unsafe. `base_path` (`` or `/portal`) is put in
/// front of links and images that start with `/`.
pub fn to_safe_html(markdown: &str, base_path: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    if events.iter().all(is_plainly_safe) {
        html::push_html(
            &mut html,
            events.into_iter().map(|e| as_sanitised(e, base_path)),
        );
        html
    } else {
        html::push_html(&mut html, events.into_iter());
        sanitise(&html, base_path)
    }
}

/// The first words of `markdown` as plain text, at most `limit` characters cut at a space
/// (with `…` when cut): a page's description when nothing else describes it.
pub fn plain_excerpt(markdown: &str, limit: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // The end of a block (paragraph, heading, cell) separates words; that of an
            // inline span (emphasis, a link) does not.
            Event::End(end)
                if !matches!(
                    end,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                ) =>
            {
                text.push(' ');
            }
            _ => {}
        }
        if text.chars().count() > limit * 2 {
            break;
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.']))
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Whether pulldown-cmark writes `event` as nothing but its own tags, escaped text, and for a
/// link, an address without a scheme or with `http`/`https`: what the sanitiser would keep
/// as it is. Raw HTML, images, footnotes, code blocks naming a language, aligned table
/// columns and headings with attributes are left to the sanitiser.
fn is_plainly_safe(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::BlockQuote(None)
            | Tag::CodeBlock(CodeBlockKind::Indented)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(language)) => language.is_empty(),
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            Tag::Table(alignments) => alignments.iter().all(|a| *a == Alignment::None),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => *link_type != LinkType::Email && is_safe_address(dest_url),
            _ => false,
        },
        Event::End(tag) => !matches!(
            tag,
            TagEnd::HtmlBlock | TagEnd::Image | TagEnd::FootnoteDefinition
        ),
        _ => false,
    }
}

/// An address with no scheme (relative, or from the site's root), or an `http(s)` one.
fn is_safe_address(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    !url.contains(':')
        || lower(7).as_deref() == Some("http://")
        || lower(8).as_deref() == Some("https://")
}

/// The events as ammonia would write them: a link's start with the base path in front of a
/// root-relative address and `rel="noopener noreferrer"`, rules and line breaks as `<hr>` and
/// `<br>` (not `<hr />`). Other events unchanged.
fn as_sanitised<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => Event::InlineHtml(CowStr::from(link_start(&dest_url, &title, base_path))),
        Event::Rule => Event::Html(CowStr::Borrowed("<hr>\n")),
        Event::HardBreak => Event::InlineHtml(CowStr::Borrowed("<br>\n")),
        other => other,
    }
}

fn link_start(url: &str, title: &str, base_path: &str) -> String {
    let mut start = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut start, &with_base_path(url, base_path));
    if !title.is_empty() {
        start.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut start, title);
    }
    start.push_str("\" rel=\"noopener noreferrer\">");
    start
}

/// `url` with the site's base path in front when it starts from the site's root (`/`, not
/// `//`).
fn with_base_path<'u>(url: &'u str, base_path: &str) -> Cow<'u, str> {
    if url.starts_with('/') && !url.starts_with("//") {
        Cow::Owned(format!("{base_path}{url}"))
    } else {
        Cow::Borrowed(url)
    }
}

/// Puts the site's base path in front of root-relative URLs.
struct PrefixBasePath(String);

impl<'a> ammonia::UrlRelativeEvaluate<'a> for PrefixBasePath {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        Some(with_base_path(url, &self.0))
    }
}

fn sanitise(html: &str, base_path: &str) -> String {
    SANITISER.with_borrow_mut(|sanitiser| {
        if sanitiser
            .as_ref()
            .is_none_or(|(made_for, _)| made_for != base_path)
        {
            *sanitiser = Some((base_path.to_string(), sanitiser_for(base_path)));
        }
        let (_, builder) = sanitiser.as_ref().expect("made above");
        let mut clean = Vec::with_capacity(html.len());
        builder
            .clean(html)
            .write_to(&mut clean)
            .expect("writing to memory does not fail");
        String::from_utf8(clean).expect("the sanitiser writes UTF-8")
    })
}

thread_local! {
    /// Each thread's sanitiser, and the base path it was made for. Making one fills a dozen
    /// tables of tags and attributes: made for every story, they took 0.1 s of the 1.5 s of
    /// processor time a 10,000-story build takes.
    static SANITISER: RefCell<Option<(String, ammonia::Builder<'static>)>> =
        const { RefCell::new(None) };
}

fn sanitiser_for(base_path: &str) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id"])
        .add_tag_attributes("th", ["scope"])
        .add_allowed_classes("sup", ["footnote-reference"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("span", ["footnote-definition-label"])
        .url_relative(ammonia::UrlRelative::Custom(Box::new(PrefixBasePath(
            base_path.to_string(),
        ))));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_plain_text_cut_at_a_space() {
        let markdown = "# Ba thế hệ\n\nGia đình **ông An** giữ [nếp học](/x/), ba thế hệ.";
        assert_eq!(
            plain_excerpt(markdown, 200),
            "Ba thế hệ Gia đình ông An giữ nếp học, ba thế hệ."
        );
        assert_eq!(plain_excerpt(markdown, 24), "Ba thế hệ Gia đình ông…");
        assert_eq!(plain_excerpt("", 10), "");
    }

    #[test]
    fn renders_tables_and_footnotes() {
        let html = to_safe_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.",
            "",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn removes_scripts_and_javascript_urls() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let html = to_safe_html("[hồ sơ](/ho-so/gd-an/)", "/portal");
        assert!(html.contains("href=\"/portal/ho-so/gd-an/\""), "{html}");
        let html = to_safe_html("[x](https://example.vn/a)", "/portal");
        assert!(html.contains("href=\"https://example.vn/a\""), "{html}");
    }

    /// A link whose address has any scheme but `http(s)` goes through the sanitiser, which
    /// keeps the link's text and drops the address.
    #[test]
    fn a_link_with_another_scheme_is_sanitised() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let markdown = format!("Xem [đây]({url}).");
            let events: Vec<Event<'_>> = Parser::new_ext(&markdown, options()).collect();
            assert!(!events.iter().all(is_plainly_safe), "{url}");
            let html = to_safe_html(&markdown, "");
            assert!(!html.to_ascii_lowercase().contains("script:"), "{html}");
            assert!(!html.contains("data:"), "{html}");
            assert!(html.contains("đây"), "{html}");
        }
    }

    /// What the sanitiser makes of a story, for comparison.
    fn through_the_sanitiser(markdown: &str, base_path: &str) -> String {
        let mut raw = String::new();
        html::push_html(&mut raw, Parser::new_ext(markdown, options()));
        sanitise(&raw, base_path)
    }

    /// The document as lines: each element with its sorted attributes, each text exactly.
    fn outline(html: &str) -> Vec<String> {
        let fragment = scraper::Html::parse_fragment(html);
        crate::base::outline::outline(fragment.root_element(), &|text| Some(text.to_string()))
    }

    /// Stories made of what skips the sanitiser: text with the characters that need escaping,
    /// emphasis, code, links of every safe kind, headings, lists, quotes, tables, code blocks,
    /// rules and line breaks.
    fn story() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let url = prop::sample::select(vec![
            "../story-002106/",
            "/ho-so/gd-an/",
            "https://x.vn/a?b=1&c=2",
            "HTTP://X.VN/",
            "cau-chuyen/ba the he/",
            "#muc-1",
            "/tim-kiem/?q=Lê \"An\"",
        ]);
        let word = prop::sample::select(vec![
            "Gia đình",
            "học",
            "A & B",
            "x < y > z",
            "\"trích\"",
            "it's",
            "—",
            "…",
            "ệ",
        ]);
        let inline = (word.clone(), url, 0..7usize).prop_map(|(w, u, k)| match k {
            0 => format!("**{w}**"),
            1 => format!("*{w}*"),
            2 => format!("~~{w}~~"),
            3 => format!("`{w}`"),
            4 => format!("[{w}]({u})"),
            5 => format!("[{w}](<{u}> \"tiêu đề & {w}\")"),
            _ => w.to_string(),
        });
        let line = prop::collection::vec(inline, 1..6).prop_map(|parts| parts.join(" "));
        let block = (line.clone(), line, 0..10usize).prop_map(|(a, b, k)| match k {
            0 => format!("## {a}"),
            1 => format!("- {a}\n- {b}"),
            2 => format!("3. {a}\n4. {b}"),
            3 => format!("> {a}\n> {b}"),
            4 => format!("| {a} | x |\n|---|---|\n| {b} | 2 |"),
            5 => format!("    {a}\n    {b}"),
            6 => format!("```\n{a}\n{b}\n```"),
            7 => format!("{a}\n\n---\n\n{b}"),
            8 => format!("{a}  \n{b}"),
            _ => format!("{a}\n{b}"),
        });
        prop::collection::vec(block, 1..6).prop_map(|blocks| blocks.join("\n\n"))
    }

    proptest::proptest! {
        /// A story that skips the sanitiser gives the same document as one that goes through
        /// it, with and without a base path.
        #[test]
        fn skipping_the_sanitiser_changes_no_document(markdown in story()) {
            let events: Vec<Event<'_>> = Parser::new_ext(&markdown, options()).collect();
            proptest::prop_assert!(events.iter().all(is_plainly_safe), "{}", markdown);
            for base_path in ["", "/portal"] {
                let fast = to_safe_html(&markdown, base_path);
                let sanitised = through_the_sanitiser(&markdown, base_path);
                proptest::prop_assert_eq!(outline(&fast), outline(&sanitised), "{}", markdown);
            }
        }
    }
}
