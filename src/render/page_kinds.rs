//! The kinds of page a site has, once: for each, the template it is made with, the section of
//! the site it belongs to (the part of the menu the page marks as current) and the pattern of
//! its URL. The renderer makes each page by this table, and `serve` finds by it which pages a
//! changed template makes.

/// One kind of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKind {
    /// The theme's template, by its name inside `templates/`.
    pub template: &'static str,
    /// `page.section` in the templates; empty for a page of no section.
    pub section: &'static str,
    /// The URL below the site's base path: `{…}` stands for one part (`{path}` for one or
    /// more), and the later pages of a listing add `trang/<n>/`.
    pub url: &'static str,
}

pub const OVERVIEW: PageKind = PageKind {
    template: "index.html",
    section: "home",
    url: "/",
};
pub const PROVINCE: PageKind = PageKind {
    template: "province.html",
    section: "tinh",
    url: "/tinh/{province}/",
};
pub const COMMUNE: PageKind = PageKind {
    template: "commune.html",
    section: "tinh",
    url: "/tinh/{province}/{commune}/",
};
pub const RECORD: PageKind = PageKind {
    template: "record.html",
    section: "",
    url: "/ho-so/{id}/",
};
/// A story, or a draft that `serve --drafts` shows.
pub const STORY: PageKind = PageKind {
    template: "story.html",
    section: "cau-chuyen",
    url: "/cau-chuyen/{slug}/",
};
pub const STORIES: PageKind = PageKind {
    template: "stories.html",
    section: "cau-chuyen",
    url: "/cau-chuyen/",
};
pub const TITLE: PageKind = PageKind {
    template: "listing.html",
    section: "danh-hieu",
    url: "/danh-hieu/{id}/",
};
pub const AWARD: PageKind = PageKind {
    template: "listing.html",
    section: "khen-thuong",
    url: "/khen-thuong/{id}/",
};
pub const TITLES_INDEX: PageKind = PageKind {
    template: "index_rules.html",
    section: "danh-hieu",
    url: "/danh-hieu/",
};
pub const AWARDS_INDEX: PageKind = PageKind {
    template: "index_rules.html",
    section: "khen-thuong",
    url: "/khen-thuong/",
};
pub const ROUND: PageKind = PageKind {
    template: "round.html",
    section: "dot",
    url: "/dot/{year}/",
};
pub const SEARCH: PageKind = PageKind {
    template: "search.html",
    section: "tim-kiem",
    url: "/tim-kiem/",
};
pub const OPEN_DATA: PageKind = PageKind {
    template: "open_data.html",
    section: "du-lieu",
    url: "/du-lieu/",
};
/// A free page of `content/`, at the path of its file.
pub const FREE: PageKind = PageKind {
    template: "page.html",
    section: "",
    url: "/{path}/",
};
/// A story's old address (an alias), sending on to the story.
pub const REDIRECT: PageKind = PageKind {
    template: "redirect.html",
    section: "",
    url: "{alias}",
};
pub const NOT_FOUND: PageKind = PageKind {
    template: "404.html",
    section: "",
    url: "/404.html",
};

/// Every kind of page.
pub const PAGE_KINDS: [PageKind; 16] = [
    OVERVIEW,
    PROVINCE,
    COMMUNE,
    RECORD,
    STORY,
    STORIES,
    TITLE,
    AWARD,
    TITLES_INDEX,
    AWARDS_INDEX,
    ROUND,
    SEARCH,
    OPEN_DATA,
    FREE,
    REDIRECT,
    NOT_FOUND,
];

/// Whether `template` makes a kind of page (rather than being a part other templates use).
pub fn is_page_template(template: &str) -> bool {
    PAGE_KINDS.iter().any(|kind| kind.template == template)
}

impl PageKind {
    /// Whether `url` (below the base path) has this kind's pattern.
    pub fn matches(&self, url: &str) -> bool {
        matches_pattern(self.url, url)
            || url
                .rsplit_once("trang/")
                .is_some_and(|(first, n)| is_page_number(n) && matches_pattern(self.url, first))
    }
}

/// `n/` with `n` a number from 2.
fn is_page_number(rest: &str) -> bool {
    rest.strip_suffix('/')
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| n >= 2)
}

/// Whether `url` has `pattern`'s parts, each `{…}` taking one non-empty part (`{path}` and
/// `{alias}` one or more).
fn matches_pattern(pattern: &str, url: &str) -> bool {
    match pattern {
        "{alias}" => !url.is_empty(),
        "/{path}/" => url.len() > 2 && url.starts_with('/') && url.ends_with('/'),
        _ => {
            let expected: Vec<&str> = pattern.split('/').collect();
            let found: Vec<&str> = url.split('/').collect();
            expected.len() == found.len()
                && expected.iter().zip(&found).all(|(want, got)| {
                    if want.starts_with('{') {
                        !got.is_empty()
                    } else {
                        want == got
                    }
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_match_their_kind_only() {
        assert!(RECORD.matches("/ho-so/gd-001/"));
        assert!(!RECORD.matches("/ho-so/"));
        assert!(!RECORD.matches("/tinh/bac-ninh/"));
        assert!(COMMUNE.matches("/tinh/bac-ninh/tu-son/trang/3/"));
        assert!(!COMMUNE.matches("/tinh/bac-ninh/"));
        assert!(STORIES.matches("/cau-chuyen/trang/2/"));
        assert!(!STORIES.matches("/cau-chuyen/trang/1/"));
        assert!(OVERVIEW.matches("/"));
        assert!(FREE.matches("/gioi-thieu/lich-su/"));
        assert!(!FREE.matches("/"));
    }

    #[test]
    fn page_templates_are_those_of_the_table() {
        assert!(is_page_template("record.html"));
        assert!(is_page_template("listing.html"));
        assert!(!is_page_template("partials/header.html"));
        assert!(!is_page_template("base.html"));
    }
}
