//! Atom feeds of new stories and honours: one for the whole site, one per province.

use std::fmt::Write as _;

use super::OutputFile;
use super::output_path;
use crate::model::{ProvinceView, RoundView, Site, Urls};

/// Stories in a feed at most.
const FEED_STORIES: usize = 50;

/// One entry of a feed.
struct FeedEntry {
    id: String,
    title: String,
    link: String,
    updated: String,
    /// When it first appeared, if later changes date `updated` (stories).
    published: Option<String>,
    /// Who wrote it, when not the site (a story's author or source).
    author: Option<String>,
    summary: String,
}

pub fn feeds(site: &Site) -> Vec<OutputFile> {
    let urls = Urls::new(&site.meta.base_url);
    let mut files = vec![feed_file(
        site,
        &urls.asset("/atom.xml"),
        &site.meta.title,
        site_entries(site),
    )];
    for province in &site.provinces {
        let title = format!("{} – {}", province.name, site.meta.title);
        files.push(feed_file(
            site,
            &urls.province_feed(&province.slug),
            &title,
            province_entries(site, province),
        ));
    }
    files
}

fn site_entries(site: &Site) -> Vec<FeedEntry> {
    let mut entries: Vec<FeedEntry> = site
        .stories
        .iter()
        .take(FEED_STORIES)
        .map(|s| story_entry(site, s))
        .collect();
    entries.extend(site.rounds.iter().map(|round| FeedEntry {
        id: absolute(site, &round.url),
        title: format!(
            "{}: {} hồ sơ mới được công nhận",
            round_name(round),
            round.newly_recognised.len()
        ),
        link: absolute(site, &round.url),
        updated: round_date(site, round.year),
        published: None,
        author: None,
        summary: format!(
            "{} hồ sơ đạt danh hiệu, {} hồ sơ mới được công nhận, {} khen thưởng.",
            round.holders,
            round.newly_recognised.len(),
            round.awards_given.len()
        ),
    }));
    sort_newest_first(&mut entries);
    entries
}

fn province_entries(site: &Site, province: &ProvinceView) -> Vec<FeedEntry> {
    let mut entries: Vec<FeedEntry> = province
        .story_indexes
        .iter()
        .take(FEED_STORIES)
        .map(|&i| story_entry(site, &site.stories[i]))
        .collect();
    for round in &site.rounds {
        let newly = round
            .newly_by_province
            .get(&province.slug)
            .copied()
            .unwrap_or(0);
        let province_link = absolute(site, &province.url);
        let link = absolute(site, &round_page_of(site, round, &province.slug));
        entries.push(FeedEntry {
            id: format!("{province_link}#dot-{}", round.year),
            title: format!(
                "{}, {}: {newly} hồ sơ mới được công nhận",
                province.name,
                round_name(round)
            ),
            link,
            updated: round_date(site, round.year),
            published: None,
            author: None,
            summary: format!(
                "{newly} hồ sơ của {} mới được công nhận trong đợt {}.",
                province.name, round.year
            ),
        });
    }
    sort_newest_first(&mut entries);
    entries
}

/// The page of `round` where the newly recognised records of `province` start, at their
/// heading; the round's first page when it has none.
fn round_page_of(site: &Site, round: &RoundView, province: &str) -> String {
    let first = round
        .newly_recognised
        .iter()
        .position(|&i| site.records[i].province.as_str() == province);
    match first {
        Some(at) => {
            let urls = crate::model::Urls::new(&site.meta.base_url);
            let page = urls.paginated(&round.url, at / super::LISTING_PAGE_SIZE + 1);
            format!("{page}#tinh-{province}")
        }
        None => round.url.clone(),
    }
}

fn story_entry(site: &Site, story: &crate::model::StoryView) -> FeedEntry {
    FeedEntry {
        id: absolute(site, &story.url),
        title: story.title.clone(),
        link: absolute(site, &story.url),
        updated: format!("{}T00:00:00Z", story.modified),
        published: Some(format!("{}T00:00:00Z", story.date)),
        author: story.author.clone().or_else(|| story.source.clone()),
        summary: story.summary.clone(),
    }
}

fn round_name(round: &RoundView) -> String {
    round
        .review_name
        .clone()
        .unwrap_or_else(|| format!("Đợt {}", round.year))
}

/// Honours of a round are dated on the day the round's report is due.
fn round_date(site: &Site, year: i64) -> String {
    let (month, day) = site.meta.report_due;
    format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
}

fn sort_newest_first(entries: &mut [FeedEntry]) {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
}

fn absolute(site: &Site, url: &str) -> String {
    site.meta.absolute(url)
}

fn feed_file(site: &Site, url: &str, title: &str, entries: Vec<FeedEntry>) -> OutputFile {
    let self_url = absolute(site, url);
    let updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or("2000-01-01T00:00:00Z");
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&site.meta.language)
    );
    let _ = writeln!(xml, "<title>{}</title>", escape(title));
    let _ = writeln!(xml, "<id>{}</id>", escape(&self_url));
    let _ = writeln!(xml, "<link rel=\"self\" href=\"{}\"/>", escape(&self_url));
    let _ = writeln!(xml, "<link href=\"{}/\"/>", escape(&site.meta.base_url));
    let _ = writeln!(xml, "<updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "<author><name>{}</name></author>",
        escape(&site.meta.title)
    );
    for entry in &entries {
        xml.push_str("<entry>\n");
        let _ = writeln!(xml, "<title>{}</title>", escape(&entry.title));
        let _ = writeln!(xml, "<id>{}</id>", escape(&entry.id));
        let _ = writeln!(xml, "<link href=\"{}\"/>", escape(&entry.link));
        let _ = writeln!(xml, "<updated>{}</updated>", entry.updated);
        if let Some(published) = &entry.published {
            let _ = writeln!(xml, "<published>{published}</published>");
        }
        if let Some(author) = &entry.author {
            let _ = writeln!(xml, "<author><name>{}</name></author>", escape(author));
        }
        let _ = writeln!(xml, "<summary>{}</summary>", escape(&entry.summary));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile::new(output_path(url, &site.meta.base_path), xml)
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    crate::base::text::escape_markup(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{7}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
