//! The header and footer of the pages, rendered once per section of the site rather than once
//! per page: on a national site they are half of each page and most of the template work.
//!
//! They come from the theme's `partials/header.html` and `partials/footer.html`, which see
//! `site`, `page`, `nav` and `nav_lists`. What they show depends on the page only through its
//! section, and through its own address when it is one the navigation links to (marked as the
//! current page) or when the page has a feed of its own. Such pages get their own rendering;
//! every other page of a section shares one.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use super::context::{Link, Nav};
use super::theme::{Theme, error_chain};
use crate::model::SiteMeta;

/// The sections of `PageMeta::section`.
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

/// A page's header and footer, as HTML.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    pub header: String,
    pub footer: String,
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
    by_section: [OnceLock<Result<Chrome, String>>; SECTIONS.len()],
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
            by_section: Default::default(),
        }
    }

    /// The header and footer for the page described by `page` (the `page` value of its
    /// context): shared when it can be, else rendered for this page alone.
    pub fn for_page<'c>(
        &'c self,
        theme: &Theme,
        site: &SiteMeta,
        nav: &Nav,
        page: &Value,
    ) -> Result<Cow<'c, Chrome>, String> {
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
                    render(theme, site, nav, &neutral)
                });
                made.as_ref().map(Cow::Borrowed).map_err(Clone::clone)
            }
            _ => render(theme, site, nav, page).map(Cow::Owned),
        }
    }
}

fn render(theme: &Theme, site: &SiteMeta, nav: &Nav, page: &Value) -> Result<Chrome, String> {
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
    Ok(Chrome {
        header: part(HEADER)?,
        footer: part(FOOTER)?,
    })
}
