//! `sitemap.xml` (a sitemap index past 50,000 URLs) and `robots.txt`.

use std::fmt::Write as _;

use super::OutputFile;
use super::feeds::escape;
use super::pages::{Listings, PageJob, job_url, page_jobs};
use crate::model::Site;

/// URLs in one sitemap file at most (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

pub fn sitemap_files(site: &Site, listings: &Listings) -> Vec<OutputFile> {
    let urls: Vec<String> = page_jobs(site, listings)
        .into_iter()
        .filter(|job| !matches!(job, PageJob::Redirect(..) | PageJob::NotFound))
        .filter_map(|job| job_url(job, site))
        .map(|url| absolute(site, &url))
        .collect();
    let mut files = Vec::new();
    if urls.len() <= SITEMAP_LIMIT {
        files.push(OutputFile::new("sitemap.xml", urlset(&urls)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            let _ = writeln!(
                index,
                "<sitemap><loc>{}</loc></sitemap>",
                escape(&absolute(site, &format!("{}/{name}", site.meta.base_path)))
            );
            files.push(OutputFile::new(name, urlset(chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(OutputFile::new("sitemap.xml", index));
    }
    files.push(OutputFile::new("robots.txt", robots(site)));
    files
}

fn urlset(urls: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let _ = writeln!(xml, "<url><loc>{}</loc></url>", escape(url));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.meta.base_url
    )
}

fn absolute(site: &Site, url: &str) -> String {
    site.meta.absolute(url)
}
