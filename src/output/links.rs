//! The link check both writers run (`build` into its staging folder, `serve` into the live
//! folder): which internal links of the pages point at no file of the output. Each target is
//! counted once, under the link that reaches it from the first page in path order, so that the
//! report is the same whichever writer, thread or job order found it.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::OutputError;

/// A link from a page to a file that is not in the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
}

/// `href` and `src` values of an HTML page (its attributes are quoted), hrefs first.
pub fn links_in(html: &[u8]) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in [&b"href=\""[..], b"src=\""] {
        for start in memchr::memmem::find_iter(html, attribute) {
            let value_start = start + attribute.len();
            let Some(length) = memchr::memchr(b'"', &html[value_start..]) else {
                break;
            };
            let value = String::from_utf8_lossy(&html[value_start..value_start + length]);
            links.push(if value.contains("&amp;") {
                value.replace("&amp;", "&")
            } else {
                value.into_owned()
            });
        }
    }
    links
}

/// Tells where the internal links of this site point.
#[derive(Debug, Clone, Copy)]
pub struct LinkResolver<'a> {
    base_url: &'a str,
    base_path: &'a str,
}

impl<'a> LinkResolver<'a> {
    /// For a site published at `base_url`, whose URLs start with `base_path`.
    pub fn new(base_url: &'a str, base_path: &'a str) -> Self {
        LinkResolver {
            base_url,
            base_path,
        }
    }

    /// The output file an internal link points at, or `None` for an external link.
    pub fn target(&self, link: &str) -> Option<String> {
        self.key(link).map(|key| key_file(&key).into_owned())
    }

    /// The target of an internal link as the link check counts it: its path from the site's
    /// root, percent-decoded, a folder ending in `/` (see [`key_file`]); `None` for an
    /// external link. Borrowed from the link unless it needs decoding: a build resolves tens
    /// of millions of links.
    fn key<'l>(&self, link: &'l str) -> Option<Cow<'l, str>> {
        let link = link.split(['#', '?']).next().unwrap_or_default();
        let path = if let Some(rest) = link.strip_prefix(self.base_url) {
            rest
        } else if link.starts_with('/') && !link.starts_with("//") {
            link.strip_prefix(self.base_path)?
        } else {
            return None;
        };
        Some(percent_decode(path.trim_start_matches('/')))
    }
}

/// The file a link key names: a folder's `index.html`.
fn key_file(key: &str) -> Cow<'_, str> {
    if key.is_empty() || key.ends_with('/') {
        Cow::Owned(format!("{key}index.html"))
    } else {
        Cow::Borrowed(key)
    }
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Each internal link target once, by its [`LinkResolver::key`] (not every link of every page,
/// which at national size would not fit in memory), with the link that reaches it from the
/// first page in path order; of two links of that page to one target, the smaller text.
/// Whatever order the links come in, the same ones are kept.
#[derive(Debug, Default)]
pub struct FirstLinks {
    by_key: HashMap<String, BrokenLink>,
}

impl FirstLinks {
    /// Counts `link` of `page`, when it is internal. Allocates only for a new target or an
    /// earlier page: a page's links mostly point where other pages' already did.
    pub fn add(&mut self, resolve: &LinkResolver<'_>, page: &str, link: &str) {
        let Some(key) = resolve.key(link) else {
            return;
        };
        let first = || BrokenLink {
            page: page.to_string(),
            link: link.to_string(),
        };
        match self.by_key.get_mut(key.as_ref()) {
            Some(kept) if (kept.page.as_str(), kept.link.as_str()) <= (page, link) => {}
            Some(kept) => *kept = first(),
            None => {
                self.by_key.insert(key.into_owned(), first());
            }
        }
    }

    /// Both tallies as one, as if every link had been added to one of them.
    pub fn merge(mut self, other: FirstLinks) -> FirstLinks {
        for (key, first) in other.by_key {
            match self.by_key.get_mut(&key) {
                Some(kept) if *kept <= first => {}
                Some(kept) => *kept = first,
                None => {
                    self.by_key.insert(key, first);
                }
            }
        }
        self
    }

    /// How many targets were counted.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// `Ok` when every target is a file for which `exists` says yes; otherwise
    /// [`OutputError::BrokenLinks`] with every link that leads nowhere, in order. The targets
    /// are looked up (and freed) on every core: a million at national size.
    pub fn refuse_missing(self, exists: impl Fn(&str) -> bool + Sync) -> Result<(), OutputError> {
        let mut broken: Vec<BrokenLink> = self
            .by_key
            .into_par_iter()
            .filter(|(key, _)| !exists(key_file(key).as_ref()))
            .map(|(_, first)| first)
            .collect();
        broken.sort();
        if broken.is_empty() {
            Ok(())
        } else {
            Err(OutputError::BrokenLinks(broken))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> LinkResolver<'static> {
        LinkResolver::new("https://x.vn", "")
    }

    #[test]
    fn link_keys_borrow_the_link_and_name_a_folders_index() {
        let resolve = site();
        let key = resolve.key("/ho-so/a/#top").expect("internal");
        assert!(matches!(key, Cow::Borrowed("ho-so/a/")));
        assert_eq!(key_file(&key), "ho-so/a/index.html");
        assert_eq!(key_file("style.css"), "style.css");
        assert_eq!(key_file(""), "index.html");
        let encoded = resolve.key("https://x.vn/t%E1%BB%89nh/").expect("internal");
        assert_eq!(encoded, "tỉnh/");
        assert_eq!(resolve.key("//cdn.example/x.js"), None);
    }

    #[test]
    fn finds_quoted_links() {
        let links = links_in(
            br#"<a href="/a/">x</a><img src="/b.png" alt=""><a href="https://x.vn/?a=1&amp;b=2">"#,
        );
        assert_eq!(links, vec!["/a/", "https://x.vn/?a=1&b=2", "/b.png"]);
    }

    #[test]
    fn internal_links_map_to_output_files() {
        let target = |link: &str| site().target(link);
        assert_eq!(target("/ho-so/a/"), Some("ho-so/a/index.html".into()));
        assert_eq!(target("/style.css"), Some("style.css".into()));
        assert_eq!(
            target("https://x.vn/ho-so/a/#top"),
            Some("ho-so/a/index.html".into())
        );
        assert_eq!(target("https://other.vn/"), None);
        assert_eq!(target("#fn1"), None);
        let under = LinkResolver::new("https://x.vn/p", "/p");
        assert_eq!(
            under.target("/p/ho-so/a/"),
            Some("ho-so/a/index.html".into())
        );
        assert_eq!(under.target("/other/"), None);
    }

    /// The same links added in any order, in one tally or split over two, keep the same
    /// first link of each target: the smallest page, then the smallest text.
    #[test]
    fn the_first_link_of_a_target_does_not_depend_on_the_order() {
        let resolve = site();
        let links = [
            ("c/index.html", "/thieu/"),
            ("b/index.html", "/thieu/#cuoi"),
            ("b/index.html", "https://x.vn/thieu/"),
            ("d/index.html", "/co/"),
            ("a/index.html", "https://other.vn/thieu/"),
        ];
        let mut reports = Vec::new();
        for rotation in 0..links.len() {
            let mut halves = [FirstLinks::default(), FirstLinks::default()];
            for (i, (page, link)) in links.iter().cycle().skip(rotation).take(5).enumerate() {
                halves[i % 2].add(&resolve, page, link);
            }
            let [one, two] = halves;
            let tally = one.merge(two);
            assert_eq!(tally.len(), 2);
            reports.push(tally.refuse_missing(|file| file == "co/index.html"));
        }
        for report in reports {
            match report {
                Err(OutputError::BrokenLinks(broken)) => assert_eq!(
                    broken,
                    [BrokenLink {
                        page: "b/index.html".into(),
                        link: "/thieu/#cuoi".into()
                    }]
                ),
                other => panic!("{other:?}"),
            }
        }
    }
}
