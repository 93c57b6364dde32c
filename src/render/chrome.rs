//! The header and footer of the pages, rendered once per section of the site rather than once
//! per page: on a national site they are half of each page and most of the template work.
//!
//! They come from the theme's `partials/header.html` and `partials/footer.html`, which see
//! `site`, `page`, `nav` and `nav_lists`. What they show depends on the page only through its
//! section, and through its own address when it is one the navigation links to (marked as the
//! current page) or when the page has a feed of its own. Such pages get their own rendering;
//! every other page of a section shares one.
//!
//! A page is rendered with two markers where its header and footer go, and carries its
//! [`Chrome`]; the markers are replaced by the output stage, which minifies, scans and collects
//! the links of each shared header and footer once instead of once per page
//! ([`Chrome::splice`]). The markers hold a number drawn for each build, so no text of a record
//! or story can pass for one.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::{Context, Value};

use super::context::{Link, Nav};
use super::theme::{Theme, error_chain};
use crate::model::SiteMeta;

/// The sections of `PageMeta::section`: those of [`super::page_kinds::PAGE_KINDS`], each with
/// one chrome shared by its pages.
const SECTIONS: [&str; 9] = [
    "",
    "home",
    "tinh",
    "danh-hieu",
    "khen-thuong",
    "dot",
    "cau-chuyen",
    "tim-kiem",
    "du-lieu",
];

const HEADER: &str = "partials/header.html";
const FOOTER: &str = "partials/footer.html";

/// A page's header and footer, as HTML, and the markers that stand for them in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chrome {
    pub header: String,
    pub footer: String,
    pub marks: Marks,
}

/// What the templates get as `chrome.header` and `chrome.footer`: a marker for each, replaced
/// by the real header and footer once the page is rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marks {
    pub header: String,
    pub footer: String,
}

impl Marks {
    /// Markers with a number no one can know in advance. They are made of characters that
    /// HTML escaping leaves alone, so they survive a template that forgets `| safe`.
    fn new() -> Self {
        let draw = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        let mark = |part: &str| format!("\u{E000}vinhdanh-{part}-{draw:016x}\u{E000}");
        Marks {
            header: mark("header"),
            footer: mark("footer"),
        }
    }
}

/// Where a page's header and footer markers are, as byte ranges of the page, in order.
pub type Slots = Vec<(std::ops::Range<usize>, Part)>;

/// Which part of the chrome a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Footer,
}

impl Part {
    /// `header` or `footer`, as this part is one or the other.
    pub fn pick<T>(self, header: T, footer: T) -> T {
        match self {
            Part::Header => header,
            Part::Footer => footer,
        }
    }
}

impl Chrome {
    /// Every place in `page` where a marker stands, in order.
    pub fn slots(&self, page: &[u8]) -> Slots {
        let mut slots: Slots = [
            (self.marks.header.as_bytes(), Part::Header),
            (self.marks.footer.as_bytes(), Part::Footer),
        ]
        .into_iter()
        .flat_map(|(mark, part)| {
            memchr::memmem::find_iter(page, mark).map(move |at| (at..at + mark.len(), part))
        })
        .collect();
        slots.sort_by_key(|(range, _)| range.start);
        slots
    }

    /// `page` with each slot replaced by `header` or `footer`.
    pub fn splice(page: &[u8], slots: &Slots, header: &[u8], footer: &[u8]) -> Vec<u8> {
        let extra: usize = slots
            .iter()
            .map(|(_, part)| part.pick(header, footer).len())
            .sum();
        let mut out = Vec::with_capacity(page.len() + extra);
        let mut from = 0;
        for (range, part) in slots {
            out.extend_from_slice(&page[from..range.start]);
            out.extend_from_slice(part.pick(header, footer));
            from = range.end;
        }
        out.extend_from_slice(&page[from..]);
        out
    }

    /// `page` with the header and footer in place of their markers, as they were rendered.
    pub fn fill(&self, page: &[u8]) -> Vec<u8> {
        let slots = self.slots(page);
        Chrome::splice(page, &slots, self.header.as_bytes(), self.footer.as_bytes())
    }
}

/// The lists of the footer.
#[derive(Debug, Serialize)]
struct NavLists<'a> {
    provinces: &'a [Link],
    rounds: &'a [Link],
    pages: &'a [Link],
}

/// The shared header and footer of each section, made when first asked for.
#[derive(Debug)]
pub struct ChromeCache {
    /// Every address the header and footer link to.
    linked: HashSet<String>,
    marks: Marks,
    by_section: [OnceLock<Result<Arc<Chrome>, String>>; SECTIONS.len()],
}

impl ChromeCache {
    pub fn new(nav: &Nav) -> Self {
        let lists = [&nav.provinces, &nav.rounds, &nav.pages];
        let mut linked: HashSet<String> =
            lists.into_iter().flatten().map(|l| l.url.clone()).collect();
        linked.extend(
            [&nav.home, &nav.titles, &nav.awards, &nav.stories]
                .into_iter()
                .chain([&nav.search, &nav.open_data])
                .cloned(),
        );
        ChromeCache {
            linked,
            marks: Marks::new(),
            by_section: Default::default(),
        }
    }

    /// The header and footer for the page described by `page` (the `page` value of its
    /// context): shared when it can be, else rendered for this page alone.
    pub fn for_page(
        &self,
        theme: &Theme,
        site: &SiteMeta,
        nav: &Nav,
        page: &Value,
    ) -> Result<Arc<Chrome>, String> {
        let url = page.get("url").and_then(Value::as_str).unwrap_or_default();
        let section = page
            .get("section")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let has_feed = page.get("feed").is_some_and(|f| !f.is_null());
        let shared = SECTIONS.iter().position(|s| *s == section);
        match shared {
            Some(i) if !has_feed && !self.linked.contains(url) => {
                let made = self.by_section[i].get_or_init(|| {
                    let neutral = serde_json::json!({ "url": "", "section": SECTIONS[i] });
                    self.render(theme, site, nav, &neutral).map(Arc::new)
                });
                made.clone()
            }
            _ => self.render(theme, site, nav, page).map(Arc::new),
        }
    }

    fn render(
        &self,
        theme: &Theme,
        site: &SiteMeta,
        nav: &Nav,
        page: &Value,
    ) -> Result<Chrome, String> {
        let (header, footer) = render(theme, site, nav, page)?;
        Ok(Chrome {
            header,
            footer,
            marks: self.marks.clone(),
        })
    }
}

/// The header and the footer.
fn render(
    theme: &Theme,
    site: &SiteMeta,
    nav: &Nav,
    page: &Value,
) -> Result<(String, String), String> {
    let mut context = Context::new();
    context.insert("site", site);
    context.insert("page", page);
    context.insert("nav", nav);
    let lists = NavLists {
        provinces: &nav.provinces,
        rounds: &nav.rounds,
        pages: &nav.pages,
    };
    context.insert("nav_lists", &lists);
    let part = |name: &str| {
        theme
            .tera
            .render(name, &context)
            .map_err(|e| format!("{name}: {}", error_chain(&e)))
    };
    Ok((part(HEADER)?, part(FOOTER)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::page_kinds::PAGE_KINDS;

    #[test]
    fn the_chrome_of_every_kind_of_page_is_shared() {
        for kind in PAGE_KINDS {
            assert!(SECTIONS.contains(&kind.section), "{kind:?}");
        }
    }
}
