//! What press offices and search engines read: descriptions, Open Graph and Twitter tags,
//! JSON-LD, the sitemap's `lastmod`, the feeds' dates, the open data's licence and last
//! change; and drafts, which `build` never publishes.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{check, demo_copy, found, meta, repo_root, select, stderr, tree, vinhdanh};

/// Builds `root` into a fresh temporary folder with the real binary.
fn build_into(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let output = vinhdanh(root, &["build", "-o", out.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    (dir, out)
}

fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    select(html, "script[type=\"application/ld+json\"]")
        .into_iter()
        .map(|script| {
            serde_json::from_str(&script.text).unwrap_or_else(|e| panic!("{e}: {}", script.text))
        })
        .collect()
}

/// The JSON-LD thing of `kind` on a page, looked for in `@graph` too.
fn thing(html: &str, kind: &str) -> Value {
    json_ld(html)
        .into_iter()
        .flat_map(|block| match block.get("@graph") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![block],
        })
        .find(|item| item["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:?}", json_ld(html)))
}

#[test]
fn a_story_is_a_news_article_with_its_author_source_and_dates() {
    let (_dir, out) = build_into(&repo_root());
    let html = page(&out, "cau-chuyen/ba-the-he-cung-den-lop/index.html");
    let article = thing(&html, "NewsArticle");
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(article["headline"], "Ba thế hệ cùng đến lớp");
    assert_eq!(
        article["image"][0],
        "https://vinhdanh.example.vn/anh/gia-dinh-nguyen-van-an.jpg"
    );
    assert_eq!(article["datePublished"], "2025-03-12");
    assert_eq!(article["dateModified"], "2025-03-20");
    assert_eq!(article["author"]["@type"], "Person");
    assert_eq!(article["author"]["name"], "Trần Minh Ngọc");
    assert_eq!(
        article["sourceOrganization"]["name"],
        "Trang thông tin điện tử phường Kinh Bắc"
    );
    assert_eq!(
        article["publisher"]["name"],
        "Cổng thông tin vinh danh học tập suốt đời"
    );
    assert_eq!(
        article["mainEntityOfPage"],
        "https://vinhdanh.example.vn/cau-chuyen/ba-the-he-cung-den-lop/"
    );
    let trail = thing(&html, "BreadcrumbList");
    let names: Vec<&str> = trail["itemListElement"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Cổng thông tin vinh danh học tập suốt đời",
            "Câu chuyện",
            "Ba thế hệ cùng đến lớp"
        ]
    );
    // Shown to readers too.
    for (selector, text) in [
        (".bai-viet__tac-gia", "Trần Minh Ngọc"),
        (
            ".bai-viet__nguon-tin",
            "Trang thông tin điện tử phường Kinh Bắc",
        ),
        ("time[datetime=\"2025-03-20\"]", "20/03/2025"),
    ] {
        let shown = select(&html, selector);
        assert!(
            shown.iter().any(|element| element.text == text),
            "{selector} {text} not in the story page"
        );
    }
    assert!(html.contains("Tác giả: <span class=bai-viet__tac-gia>"));
    let alt = meta(&html, "meta[property=\"og:image:alt\"]").unwrap_or_default();
    assert!(alt.starts_with("Ông Nguyễn Văn An đọc sách"), "{alt}");
}

#[test]
fn a_story_without_author_is_written_by_its_source_or_the_site() {
    let (_dir, out) = build_into(&repo_root());
    let html = page(&out, "cau-chuyen/cong-nhan-det-may-hoc-sau-ca/index.html");
    let article = thing(&html, "NewsArticle");
    assert_eq!(article["author"]["@type"], "Organization");
    assert_eq!(
        article["author"]["name"],
        "Cổng thông tin vinh danh học tập suốt đời"
    );
    assert_eq!(article["dateModified"], article["datePublished"]);
    assert!(article.get("sourceOrganization").is_none());
    // No photo: shared with the theme's image.
    assert_eq!(
        article["image"][0],
        "https://vinhdanh.example.vn/anh-chia-se.png"
    );
    assert!(!html.contains("Tác giả:"));
}

#[test]
fn the_home_page_names_the_site_and_its_search() {
    let (_dir, out) = build_into(&repo_root());
    let html = page(&out, "index.html");
    let organization = thing(&html, "Organization");
    assert_eq!(
        organization["name"],
        "Cổng thông tin vinh danh học tập suốt đời"
    );
    assert_eq!(organization["url"], "https://vinhdanh.example.vn/");
    let website = thing(&html, "WebSite");
    let action = &website["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    assert_eq!(
        action["target"],
        "https://vinhdanh.example.vn/tim-kiem/?q={search_term_string}"
    );
    assert_eq!(action["query-input"], "required name=search_term_string");
    // The search page reads its words from `q`.
    let search = page(&out, "tim-kiem/index.html");
    assert_eq!(select(&search, "input[name=q]").len(), 1, "{search}");
}

#[test]
fn the_open_data_is_a_dataset_with_its_licence_and_last_change() {
    let (_dir, out) = build_into(&repo_root());
    let html = page(&out, "du-lieu/index.html");
    let dataset = thing(&html, "Dataset");
    assert_eq!(
        dataset["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let modified = dataset["dateModified"].as_str().expect("a last change");
    assert_eq!(modified.len(), 10, "{modified}");
    assert!(modified.starts_with("2025-12-"), "{modified}");
    assert_eq!(dataset["temporalCoverage"], "2023/2025");
    let downloads: Vec<&str> = dataset["distribution"]
        .as_array()
        .expect("downloads")
        .iter()
        .map(|d| d["contentUrl"].as_str().expect("url"))
        .collect();
    for url in &downloads {
        let path = url
            .strip_prefix("https://vinhdanh.example.vn/")
            .expect("on the site");
        assert!(out.join(path).is_file(), "{url} not written");
    }
    assert!(
        downloads
            .iter()
            .any(|u| u.ends_with("/du-lieu/danh-hieu.csv"))
    );
    assert!(
        select(&html, "time")
            .iter()
            .any(|t| t.attr("datetime") == Some(modified))
    );
    assert!(html.contains("số liệu đến đợt 2025"));
    let licence = select(&html, "a[rel=license]");
    assert_eq!(licence.len(), 1, "{html}");
    assert_eq!(
        licence[0].attr("href"),
        Some("https://creativecommons.org/licenses/by/4.0/")
    );
    assert_eq!(licence[0].text, "CC BY 4.0");
}

#[test]
fn the_licence_and_the_sharing_image_come_from_site_toml() {
    let site = demo_copy();
    let config = site.path().join("site.toml");
    let mut text = fs::read_to_string(&config).expect("site.toml");
    text.push_str(
        "image = \"/anh/tu-sach-xuan-quan.jpg\"\nlicense = \"ODC-BY 1.0\"\nlicense_url = \"https://opendatacommons.org/licenses/by/1-0/\"\n",
    );
    fs::write(&config, text).expect("write");
    let (_dir, out) = build_into(site.path());
    let data = page(&out, "du-lieu/index.html");
    assert_eq!(
        thing(&data, "Dataset")["license"],
        "https://opendatacommons.org/licenses/by/1-0/"
    );
    assert!(data.contains(">ODC-BY 1.0</a>"));
    let home = page(&out, "index.html");
    assert_eq!(
        meta(&home, "meta[property=\"og:image\"]").as_deref(),
        Some("https://vinhdanh.example.vn/anh/tu-sach-xuan-quan.jpg")
    );
}

#[test]
fn a_bad_site_image_or_licence_address_or_update_is_located() {
    let site = demo_copy();
    let config = site.path().join("site.toml");
    let mut text = fs::read_to_string(&config).expect("site.toml");
    text.push_str("image = \"https://elsewhere.example/a.png\"\nlicense = \"X\"\nlicense_url = \"javascript:alert(1)\"\n");
    fs::write(&config, text).expect("write");
    let story = site
        .path()
        .join("content/cau-chuyen/ba-the-he-cung-den-lop.md");
    let text = fs::read_to_string(&story).expect("story");
    fs::write(
        &story,
        text.replace("updated = 2025-03-20", "updated = 2025-03-01"),
    )
    .expect("write");
    let fields: Vec<(String, String)> = found(&check(site.path()))
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    for field in ["image", "license_url", "updated"] {
        assert!(
            fields.contains(&(field.to_string(), "E013".to_string())),
            "{field} not reported: {fields:?}"
        );
    }
    let printed = stderr(&vinhdanh(site.path(), &["check"]));
    for said in [
        "trường `updated`: cần một ngày từ ngày đăng của câu chuyện (2025-03-12) trở về sau",
        "trường `license_url`: cần một địa chỉ http(s):// tới văn bản của giấy phép",
        "trường `image`: cần một đường dẫn trong trang bắt đầu bằng /, như \"/anh/chia-se.png\"",
        "content/cau-chuyen/ba-the-he-cung-den-lop.md:11:11",
    ] {
        assert!(printed.contains(said), "{said} not in\n{printed}");
    }
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "check"]));
    assert!(
        english
            .contains("field `updated`: expected a date on or after the story's date (2025-03-12)"),
        "{english}"
    );
}

#[test]
fn every_page_kind_has_a_sharing_image_a_card_and_a_description() {
    let (_dir, out) = build_into(&repo_root());
    assert!(out.join("anh-chia-se.png").is_file(), "the theme's image");
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        if !select(&html, "meta[http-equiv=refresh]").is_empty() {
            continue; // a redirect of an old address: not shared, not indexed
        }
        pages += 1;
        let image = meta(&html, "meta[property=\"og:image\"]").unwrap_or_default();
        assert!(image.starts_with("https://vinhdanh.example.vn/"), "{path}");
        assert_eq!(
            meta(&html, "meta[name=\"twitter:card\"]").as_deref(),
            Some("summary_large_image"),
            "{path}"
        );
        let description = meta(&html, "meta[name=description]")
            .unwrap_or_else(|| panic!("{path}: no description"));
        assert!(description.chars().count() >= 20, "{path}: {description:?}");
        for block in json_ld(&html) {
            assert_eq!(block["@context"], "https://schema.org", "{path}");
        }
    }
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn json_ld_cannot_close_its_script() {
    let site = demo_copy();
    let story = site
        .path()
        .join("content/cau-chuyen/ba-the-he-cung-den-lop.md");
    let text = fs::read_to_string(&story).expect("story");
    let title = "Ba thế hệ </script><script>alert(1)</script> & <!-- học";
    fs::write(
        &story,
        text.replace(
            "title = \"Ba thế hệ cùng đến lớp\"",
            &format!("title = \"{title}\""),
        ),
    )
    .expect("write");
    let (_dir, out) = build_into(site.path());
    let html = page(&out, "cau-chuyen/ba-the-he-cung-den-lop/index.html");
    let scripts = select(&html, "script");
    assert!(
        scripts
            .iter()
            .all(|s| !s.text.contains("alert") || s.attr("type") == Some("application/ld+json")),
        "the title broke out: {html}"
    );
    let titles = select(&html, "title");
    assert!(
        titles.len() == 1 && titles[0].text.starts_with(title),
        "{html}"
    );
    assert_eq!(thing(&html, "NewsArticle")["headline"], title);
}

#[test]
fn the_sitemap_dates_each_page_from_the_data_and_stays_the_same() {
    let (_first_dir, first) = build_into(&repo_root());
    let (_second_dir, second) = build_into(&repo_root());
    let sitemap = page(&first, "sitemap.xml");
    assert_eq!(
        sitemap.as_bytes(),
        fs::read(second.join("sitemap.xml")).expect("read")
    );
    assert!(sitemap.contains(
        "<url><loc>https://vinhdanh.example.vn/cau-chuyen/ba-the-he-cung-den-lop/</loc><lastmod>2025-03-20</lastmod></url>"
    ));
    let urls: Vec<&str> = sitemap.lines().filter(|l| l.starts_with("<url>")).collect();
    let undated: Vec<&&str> = urls.iter().filter(|l| !l.contains("<lastmod>")).collect();
    // Only free pages have no date of their own.
    assert_eq!(
        undated,
        [&"<url><loc>https://vinhdanh.example.vn/gioi-thieu/</loc></url>"]
    );
    for line in &urls {
        if let Some(day) = line.split("<lastmod>").nth(1) {
            let day = &day[..10];
            assert!(
                day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-',
                "{line}"
            );
            assert!(day <= "2026-12-31", "{line}");
        }
    }
    // A record with an award decided after its round's report day is dated on the decision.
    assert!(
        urls.iter()
            .any(|l| l.contains("/ho-so/") && l.contains("<lastmod>2025-12-")),
        "no record dated in its round"
    );
}

#[test]
fn feeds_date_a_story_on_its_last_change() {
    let (_dir, out) = build_into(&repo_root());
    let feed = page(&out, "atom.xml");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("/cau-chuyen/ba-the-he-cung-den-lop/"))
        .expect("the story's entry");
    assert!(
        entry.contains("<updated>2025-03-20T00:00:00Z</updated>"),
        "{entry}"
    );
    assert!(
        entry.contains("<published>2025-03-12T00:00:00Z</published>"),
        "{entry}"
    );
    assert!(
        entry.contains("<author><name>Trần Minh Ngọc</name></author>"),
        "{entry}"
    );
}

#[test]
fn build_never_publishes_a_draft() {
    let draft = "nhap-ke-hoach-tong-ket-2030";
    let text = fs::read_to_string(repo_root().join(format!("content/cau-chuyen/{draft}.md")))
        .expect("the demo's draft");
    assert!(text.contains("\ndraft = true\n"));
    let (_dir, out) = build_into(&repo_root());
    assert!(!out.join(format!("cau-chuyen/{draft}")).exists());
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(draft), "{path} names the draft");
        assert!(
            !text.contains("chuẩn bị cho đợt tổng kết 2030"),
            "{path} quotes the draft"
        );
    }
}

/// `author` and `source` are published (on the page, in its JSON-LD and in the feeds): a
/// private value written there is refused at its place like one in the text.
#[test]
fn a_private_value_in_author_or_source_is_refused() {
    let site = demo_copy();
    let story = site
        .path()
        .join("content/cau-chuyen/ba-the-he-cung-den-lop.md");
    let text = fs::read_to_string(&story).expect("story");
    let phone = private_phone(site.path());
    fs::write(
        &story,
        text.replace(
            "source = \"Trang thông tin điện tử phường Kinh Bắc\"",
            &format!("source = \"Gọi {phone}\""),
        ),
    )
    .expect("write");
    let found = found(&check(site.path()));
    assert!(
        found.iter().any(|f| f.code == "E035"
            && f.file.ends_with("ba-the-he-cung-den-lop.md")
            && f.line == 10),
        "{found:?}"
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let output = vinhdanh(site.path(), &["build", "-o", out.to_str().expect("utf-8")]);
    assert!(!output.status.success());
    assert!(!out.exists(), "nothing is published");
}

/// A phone number from a `private` table of the demo's records.
fn private_phone(root: &Path) -> String {
    let text =
        fs::read_to_string(root.join("data/records/bac-ninh/gia-dinh.toml")).expect("records");
    text.lines()
        .find_map(|line| line.strip_prefix("phone = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a private phone")
        .to_string()
}
