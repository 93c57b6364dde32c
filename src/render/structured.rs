//! JSON-LD (schema.org) for the pages that press tools and search engines read: a story is a
//! `NewsArticle`, the overview names the site's `Organization` and `WebSite` with its search,
//! the open data page is a `Dataset`, and a page that links its place in the site carries a
//! `BreadcrumbList`. Written with `<`, `>` and `&` escaped, so that no text can close the
//! `<script>` element it sits in.

use serde::Serialize;

use super::escape_json_markup;
use crate::model::{SiteMeta, StoryView, Urls};

/// A schema.org thing with its context, ready to be written as one JSON-LD block.
#[derive(Debug, Serialize)]
struct Document<T> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(flatten)]
    thing: T,
}

/// `value` as JSON-LD: JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`.
fn json_ld<T: Serialize>(thing: T) -> String {
    let document = Document {
        context: "https://schema.org",
        thing,
    };
    let json = serde_json::to_vec(&document).unwrap_or_default();
    String::from_utf8(escape_json_markup(&json)).unwrap_or_default()
}

#[derive(Debug, Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<&'a str>,
}

impl<'a> Organization<'a> {
    /// The organisation that publishes the site, named by the site's title.
    fn publisher(site: &'a SiteMeta) -> Self {
        Organization {
            kind: "Organization",
            name: &site.title,
            url: Some(format!("{}/", site.base_url)),
            logo: Some(&site.image),
        }
    }

    fn named(name: &'a str) -> Self {
        Organization {
            kind: "Organization",
            name,
            url: None,
            logo: None,
        }
    }
}

#[derive(Debug, Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// Who wrote a story: its `author`, else the press office it comes from, else the site.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Person(Person<'a>),
    Organization(Organization<'a>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    image: Vec<&'a str>,
    date_published: &'a str,
    date_modified: &'a str,
    author: Author<'a>,
    publisher: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_organization: Option<Organization<'a>>,
    main_entity_of_page: &'a str,
    in_language: &'a str,
}

/// The `NewsArticle` of a story whose page is at `canonical` and shared with `image`.
pub fn news_article(site: &SiteMeta, story: &StoryView, canonical: &str, image: &str) -> String {
    let author = match (&story.author, &story.source) {
        (Some(author), _) => Author::Person(Person {
            kind: "Person",
            name: author,
        }),
        (None, Some(source)) => Author::Organization(Organization::named(source)),
        (None, None) => Author::Organization(Organization::publisher(site)),
    };
    json_ld(NewsArticle {
        kind: "NewsArticle",
        headline: &story.title,
        description: &story.summary,
        image: vec![image],
        date_published: &story.date,
        date_modified: &story.modified,
        author,
        publisher: Organization::publisher(site),
        source_organization: story.source.as_deref().map(Organization::named),
        main_entity_of_page: canonical,
        in_language: &site.language,
    })
}

#[derive(Debug, Serialize)]
struct Graph<'a> {
    #[serde(rename = "@graph")]
    graph: (Organization<'a>, WebSite<'a>),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    in_language: &'a str,
    potential_action: SearchAction,
}

#[derive(Debug, Serialize)]
struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    target: String,
    #[serde(rename = "query-input")]
    query_input: &'static str,
}

/// The overview's `Organization` and `WebSite`, whose search page takes its words in `q`.
pub fn home(site: &SiteMeta) -> String {
    let search = site.absolute(&Urls::new(&site.base_url).search());
    json_ld(Graph {
        graph: (
            Organization::publisher(site),
            WebSite {
                kind: "WebSite",
                name: &site.title,
                url: format!("{}/", site.base_url),
                in_language: &site.language,
                potential_action: SearchAction {
                    kind: "SearchAction",
                    target: format!("{search}?q={{search_term_string}}"),
                    query_input: "required name=search_term_string",
                },
            },
        ),
    })
}

/// One file of the open data, in two formats.
#[derive(Debug)]
pub struct DataFile<'a> {
    pub name: &'a str,
    pub csv_url: &'a str,
    pub json_url: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Dataset<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    description: &'a str,
    url: &'a str,
    license: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    in_language: &'a str,
    is_accessible_for_free: bool,
    creator: Organization<'a>,
    publisher: Organization<'a>,
    distribution: Vec<DataDownload>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDownload {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    encoding_format: &'static str,
    content_url: String,
}

/// What the open data page says of itself.
#[derive(Debug)]
pub struct DatasetPage<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub canonical: &'a str,
    /// The rounds the data covers, first and last.
    pub rounds: Option<(i64, i64)>,
    pub files: Vec<DataFile<'a>>,
}

/// The open data page's `Dataset`: its licence, last change and every download.
pub fn dataset(site: &SiteMeta, page: &DatasetPage<'_>) -> String {
    let distribution = page
        .files
        .iter()
        .flat_map(|file| {
            [
                (file.csv_url, "text/csv", "CSV"),
                (file.json_url, "application/json", "JSON"),
            ]
            .map(|(url, format, label)| DataDownload {
                kind: "DataDownload",
                name: format!("{} ({label})", file.name),
                encoding_format: format,
                content_url: site.absolute(url),
            })
        })
        .collect();
    json_ld(Dataset {
        kind: "Dataset",
        name: page.name,
        description: page.description,
        url: page.canonical,
        license: site.license.url.as_deref().unwrap_or(&site.license.name),
        date_modified: site.data_updated.as_deref(),
        temporal_coverage: page.rounds.map(|(first, last)| format!("{first}/{last}")),
        in_language: &site.language,
        is_accessible_for_free: true,
        creator: Organization::publisher(site),
        publisher: Organization::publisher(site),
        distribution,
    })
}

#[derive(Debug, Serialize)]
struct BreadcrumbList {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem>,
}

#[derive(Debug, Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: String,
    item: String,
}

/// The trail from the overview to a page: each step's name and root-relative URL.
pub fn breadcrumbs(site: &SiteMeta, trail: &[(&str, &str)]) -> String {
    json_ld(BreadcrumbList {
        kind: "BreadcrumbList",
        items: trail
            .iter()
            .enumerate()
            .map(|(i, (name, url))| ListItem {
                kind: "ListItem",
                position: i + 1,
                name: (*name).to_string(),
                item: site.absolute(url),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_closes_the_script_it_is_written_in() {
        let site = SiteMeta {
            title: "A </script><script>alert(1)</script> & B".into(),
            base_url: "https://x.example".into(),
            base_path: String::new(),
            language: "vi".into(),
            current_round: 2025,
            report_due: (12, 15),
            image: "https://x.example/anh.png".into(),
            license: Default::default(),
            data_updated: None,
            latest_round: None,
        };
        let written = home(&site);
        assert!(!written.contains('<') && !written.contains('>') && !written.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&written).expect("parses");
        assert_eq!(back["@graph"][0]["name"], site.title.as_str());
        assert_eq!(
            back["@graph"][1]["potentialAction"]["target"],
            "https://x.example/tim-kiem/?q={search_term_string}"
        );
    }
}
