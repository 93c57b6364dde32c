//! Golden pages: the overview, a province, a commune, a record, a story and a listing page of
//! the demo, rendered (before minifying) and snapshotted; and the links between them.

use vinhdanh::check::check_site;
use vinhdanh::model::{CommuneView, Site, build_site};
use vinhdanh::render::{COMMUNE_PAGE_SIZE, Renderer, Theme};

use crate::support::repo_root;

/// The demo's site model, as `build` makes it.
fn demo_site() -> Site {
    site_at(&repo_root())
}

/// The site model of the site at `root`, as `build` makes it.
fn site_at(root: &std::path::Path) -> Site {
    let checked = check_site(root);
    let honours = checked.honours.as_ref().expect("the demo is valid");
    build_site(&checked.inputs, honours, None)
}

fn demo_theme(site: &Site) -> Theme {
    Theme::load(&repo_root(), "default", &site.meta.language).expect("theme")
}

/// The page at `url`, rendered (before minifying).
fn page(renderer: &Renderer<'_>, url: &str) -> String {
    let file = renderer
        .render_url(url)
        .unwrap_or_else(|| panic!("no page at {url}"))
        .expect("renders");
    String::from_utf8(file.bytes).expect("UTF-8")
}

fn render(url: &str) -> String {
    let site = demo_site();
    let theme = demo_theme(&site);
    page(&Renderer::new(&site, &theme), url)
}

#[test]
fn golden_overview() {
    insta::assert_snapshot!("page-overview", render("/"));
}

#[test]
fn golden_province() {
    insta::assert_snapshot!("page-province", render("/tinh/bac-ninh/"));
}

#[test]
fn golden_commune() {
    insta::assert_snapshot!("page-commune", render("/tinh/bac-ninh/xa-tien-du/"));
}

/// Every page of `commune`, first to last.
fn commune_pages(renderer: &Renderer<'_>, commune: &CommuneView) -> Vec<String> {
    (1..=vinhdanh::render::commune_pages(commune))
        .map(|n| match n {
            1 => page(renderer, &commune.url),
            n => page(renderer, &format!("{}trang/{n}/", commune.url)),
        })
        .collect()
}

/// Every public record of the demo is on the page of its commune, which its own page links,
/// and on no other commune's page; each province's table counts what its communes list.
#[test]
fn records_and_their_commune_pages_link_each_other() {
    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let page = |url: &str| page(&renderer, url);
    let mut listed = std::collections::BTreeMap::new();
    for province in &site.provinces {
        let province_page = page(&province.url);
        for commune in &province.communes {
            let link = format!("<a href=\"{}\">", commune.url);
            assert!(
                province_page.contains(&link),
                "{} links {}",
                province.url,
                commune.url
            );
            for commune_page in commune_pages(&renderer, commune) {
                for record in site
                    .records
                    .iter()
                    .filter(|r| commune_page.contains(&r.url))
                {
                    listed
                        .entry(record.id.clone())
                        .or_insert_with(Vec::new)
                        .push(commune.url.clone());
                }
            }
        }
    }
    assert!(site.records.len() > 100, "the demo has records");
    for record in &site.records {
        let communes = listed.get(&record.id).cloned().unwrap_or_default();
        assert_eq!(
            communes.len(),
            1,
            "{} is on one commune page: {communes:?}",
            record.id
        );
        assert!(
            page(&record.url).contains(&format!("<a href=\"{}\">", communes[0])),
            "{} links its commune page {}",
            record.url,
            communes[0]
        );
    }
}

/// A record's table of rounds has a grade column only when one of its rounds has a grade, and
/// every row has as many cells as the heading.
#[test]
fn the_grade_column_shows_only_for_graded_records() {
    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let heading = scraper::Selector::parse("#bang-danh-hieu ~ thead th").expect("selector");
    let rows = scraper::Selector::parse("#bang-danh-hieu ~ tbody tr").expect("selector");
    let cells = scraper::Selector::parse("th, td").expect("selector");
    let mut seen = [0; 2];
    for record in site.records.iter().filter(|r| !r.rounds.is_empty()) {
        let graded = record.rounds.iter().any(|round| round.grade.is_some());
        seen[usize::from(graded)] += 1;
        let document = scraper::Html::parse_document(&page(&renderer, &record.url));
        let columns: Vec<String> = document
            .select(&heading)
            .map(|th| th.text().collect())
            .collect();
        assert!(columns.len() >= 4, "{}: {columns:?}", record.id);
        assert_eq!(
            columns.iter().any(|c| c == "Xếp loại"),
            graded,
            "{}: {columns:?}",
            record.id
        );
        for row in document.select(&rows) {
            assert_eq!(row.select(&cells).count(), columns.len(), "{}", record.id);
        }
    }
    assert!(
        seen[0] > 10 && seen[1] > 10,
        "the demo has records of both: {seen:?}"
    );
}

/// Writes `count` citizens of Xã Lương Tài (Bắc Ninh) into the site at `root`, holding the
/// citizen title in 2025 or not.
fn add_citizens(root: &std::path::Path, file: &str, count: usize, holding: bool) {
    let mut toml = String::new();
    for i in 0..count {
        let self_study = if holding { "true" } else { "false" };
        toml.push_str(&format!(
            "[[citizen]]\nid = \"cdht-{file}-{i:03}\"\nname = \"Bà Lê Thị Hoa\"\n\
             province = \"bac-ninh\"\ncommune = \"Xã Lương Tài\"\n\n\
             [[citizen.assessment]]\nround = 2025\ncriteria = {{ tu-hoc-thuong-xuyen = {self_study}, \
             so-gio-hoc = 75, ky-nang-so = true, van-dung-kien-thuc = true, \
             chia-se-cong-dong = true }}\n\n"
        ));
    }
    std::fs::write(
        root.join(format!("data/records/bac-ninh/{file}.toml")),
        toml,
    )
    .expect("records written");
}

/// A commune with more records than a page holds has as many pages as its longer list needs;
/// each of its records is on exactly one of them, and the pages link each other.
#[test]
fn a_commune_with_many_records_is_paginated() {
    let root = crate::support::demo_copy();
    add_citizens(root.path(), "dat", 150, true);
    add_citizens(root.path(), "chua-dat", 40, false);
    let site = site_at(root.path());
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let commune = site
        .provinces
        .iter()
        .flat_map(|p| &p.communes)
        .find(|c| c.name == "Xã Lương Tài")
        .expect("the commune");
    let holders = commune.holders;
    let others = commune.record_indexes.len() - holders;
    assert!(holders >= 150 && others >= 40, "{holders} and {others}");
    let expected_pages = holders.max(others).div_ceil(COMMUNE_PAGE_SIZE);
    assert!(expected_pages >= 2);
    let pages = commune_pages(&renderer, commune);
    assert_eq!(pages.len(), expected_pages);
    let past_the_end = format!("{}trang/{}/", commune.url, expected_pages + 1);
    assert!(renderer.render_url(&past_the_end).is_none());
    for &i in &commune.record_indexes {
        let record = &site.records[i];
        let link = format!("href=\"{}\"", record.url);
        let on = pages.iter().filter(|p| p.contains(&link)).count();
        assert_eq!(on, 1, "{} is on one page of its commune", record.id);
    }
    assert!(pages[0].contains(&format!("href=\"{}trang/2/\" rel=\"next\"", commune.url)));
    let last = pages.last().expect("pages");
    assert!(last.contains(&format!(
        "href=\"{}\" rel=\"prev\"",
        if expected_pages == 2 {
            commune.url.clone()
        } else {
            format!("{}trang/{}/", commune.url, expected_pages - 1)
        }
    )));
    assert!(
        last.contains("Danh sách này đã hết ở các trang trước."),
        "the shorter list ended on an earlier page"
    );
}

#[test]
fn golden_record() {
    insta::assert_snapshot!("page-record", render("/ho-so/gd-nguyen-van-an/"));
}

#[test]
fn golden_record_of_the_clan_that_lost_its_title() {
    insta::assert_snapshot!(
        "page-record-clan-lost-title",
        render("/ho-so/dh-nguyen-dinh-tien-du/")
    );
}

#[test]
fn golden_record_of_a_family_that_failed_a_required_criterion() {
    insta::assert_snapshot!(
        "page-record-family-failed-required",
        render("/ho-so/gd-le-van-vinh-duc-tho/")
    );
}

/// The clan's page says why 2025 failed, with the share and the rule, links its four member
/// families, and says what the next award lacks; a family that held its title says for how
/// long. No page says "not earned" without a reason.
#[test]
fn every_result_on_a_record_page_says_why() {
    let clan = render("/ho-so/dh-nguyen-dinh-tien-du/");
    assert!(
        clan.contains("Không đạt vì chỉ 1 trong 4 gia đình đạt Gia đình học tập, cần ít nhất 50%.")
    );
    assert!(clan.contains("Đạt danh hiệu Dòng họ học tập, giữ liên tục 2 đợt (2023–2024)."));
    for family in ["an", "long", "trung", "nam"] {
        let link = format!("<a href=\"/ho-so/gd-nguyen-dinh-{family}-tien-du/\">");
        assert!(clan.contains(&link), "{link} missing");
    }
    assert!(clan.contains("hồ sơ còn cần: giữ danh hiệu Dòng họ học tập 2 đợt liên tiếp"));
    let family = render("/ho-so/gd-le-van-vinh-duc-tho/");
    assert!(family.contains(
        "Không đạt vì chưa đạt tiêu chí bắt buộc “Trẻ em trong độ tuổi đi học đều được đến trường”."
    ));
    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    for record in &site.records {
        let html = page(&renderer, &record.url);
        let reasons = html.matches("<p class=\"ly-do\">").count();
        assert_eq!(reasons, record.rounds.len(), "{}", record.url);
        assert!(
            !html.contains("<p class=\"ly-do\">Không đạt.</p>"),
            "{}",
            record.url
        );
    }
}

#[test]
fn golden_title_page_with_thresholds() {
    insta::assert_snapshot!(
        "page-title-thresholds",
        render("/danh-hieu/dong-ho-hoc-tap/")
    );
}

/// A title page states every threshold in words: the share a computed criterion needs, each
/// `at_least`, the required criteria, the pass mark and the grade bands; later pages of the
/// listing link to them instead of repeating them.
#[test]
fn title_pages_state_every_threshold() {
    let clan = render("/danh-hieu/dong-ho-hoc-tap/");
    for words in [
        "Ít nhất 50% số gia đình đạt Gia đình học tập",
        "<td data-nhan=\"Mức cần đạt\">Ít nhất 2</td>",
        "Đạt tất cả các tiêu chí bắt buộc (3).",
        "Được ít nhất <strong>70</strong>/100 điểm.",
    ] {
        assert!(clan.contains(words), "{words:?} missing");
    }
    let family = render("/danh-hieu/gia-dinh-hoc-tap/");
    assert!(family.contains("<td data-nhan=\"Mức cần đạt\">Ít nhất 1</td>"));
    let community = render("/danh-hieu/cong-dong-hoc-tap/");
    for band in [
        "<strong>Tốt</strong>: từ 85 điểm trở lên.",
        "<strong>Khá</strong>: từ 70 đến dưới 85 điểm.",
        "<strong>Trung bình</strong>: từ 50 đến dưới 70 điểm.",
    ] {
        assert!(community.contains(band), "{band:?} missing");
    }
    let second = render("/danh-hieu/gia-dinh-hoc-tap/trang/2/");
    assert!(!second.contains("Mức cần đạt"));
    assert!(second.contains("<a href=\"/danh-hieu/gia-dinh-hoc-tap/#dieu-kien\">"));
}

/// 2025 is the last round of the Bắc Ninh communities' phase (2021–2025): 87.8% against 90%
/// is "not met", with the 45 communities still missing, on the province page and the overview;
/// an earlier round of the same phase is still "behind" or "on track".
#[test]
fn a_finished_phase_is_met_or_not_met_with_the_gap_in_units() {
    let province = render("/tinh/bac-ninh/");
    let not_met = "<strong class=\"nhan nhan--not_met\">Không đạt chỉ tiêu</strong>\n\
                   <span class=\"thieu\">còn thiếu 45 cộng đồng</span>";
    assert!(province.contains(not_met));
    assert!(
        province.contains("Chậm tiến độ</strong>\n<span class=\"thieu\">còn thiếu 20 cộng đồng")
    );
    let overview = render("/");
    assert!(overview.contains(not_met));
    let site = demo_site();
    for province in &site.provinces {
        for kind in &province.progress {
            for row in &kind.rounds {
                let last = row.target.as_ref().map(|t| t.last);
                if last == Some(row.round) {
                    assert!(
                        matches!(
                            row.result,
                            Some(
                                vinhdanh::model::PhaseResult::Met
                                    | vinhdanh::model::PhaseResult::NotMet
                            )
                        ),
                        "{} {:?} {}",
                        province.slug,
                        kind.kind,
                        row.round
                    );
                }
            }
        }
    }
}

/// Bắc Ninh took in Bắc Giang on 1 July 2025: its 2025 totals are noted in every table and
/// chart; Hà Tĩnh, which merged nothing, has no such note.
#[test]
fn a_merger_is_noted_where_totals_jump() {
    let merged = render("/tinh/bac-ninh/");
    let note = "Từ đợt này, tổng số gồm cả địa bàn sáp nhập ngày 1/7/2025: Bắc Giang";
    assert_eq!(merged.matches(note).count(), 4, "one per kind's table");
    assert_eq!(
        merged.matches(">Từ 2025: gồm cả Bắc Giang</text>").count(),
        4
    );
    let unmerged = render("/tinh/ha-tinh/");
    assert!(!unmerged.contains("sáp nhập ngày"));
    assert!(!unmerged.contains("gồm cả"));
}

/// A title listing's first page links every round and province to the page and heading where
/// it starts; later pages link back to those links; every heading a link names exists.
#[test]
fn listings_jump_to_each_round_and_province() {
    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let first = page(&renderer, "/danh-hieu/gia-dinh-hoc-tap/");
    assert!(first.contains("Chuyển nhanh theo đợt và tỉnh"));
    let links: Vec<String> = first
        .match_indices("href=\"/danh-hieu/gia-dinh-hoc-tap/")
        .filter_map(|(at, _)| {
            let rest = &first[at + 6..];
            let url = &rest[..rest.find('"')?];
            url.contains("#dot-").then(|| url.to_string())
        })
        .collect();
    assert!(links.len() >= 9, "3 rounds × 3 provinces: {links:?}");
    assert!(links.contains(&"/danh-hieu/gia-dinh-hoc-tap/#dot-2025-bac-ninh".to_string()));
    for link in &links {
        let (url, anchor) = link.split_once('#').expect("an anchor");
        let target = page(&renderer, url);
        assert!(
            target.contains(&format!("<h2 id=\"{anchor}\">")),
            "{link}: no heading {anchor}"
        );
    }
    let second = page(&renderer, "/danh-hieu/gia-dinh-hoc-tap/trang/2/");
    assert!(second.contains("<a href=\"/danh-hieu/gia-dinh-hoc-tap/#chuyen-nhanh\">"));
    let award = page(&renderer, "/khen-thuong/giay-khen-xa/");
    assert!(award.contains("#dot-2025-"));
}

/// A province feed's entry for a round links to the round's page where that province's newly
/// recognised records are listed, under a heading with that anchor.
#[test]
fn feed_entries_link_to_a_page_listing_what_they_announce() {
    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let feeds = renderer
        .run(vinhdanh::render::Job::Feeds)
        .expect("feeds render");
    let feed = feeds
        .iter()
        .find(|f| f.path == "tinh/ha-tinh/atom.xml")
        .expect("the Hà Tĩnh feed");
    let feed = String::from_utf8(feed.bytes.clone()).expect("UTF-8");
    let link = "href=\"https://vinhdanh.example.vn/dot/2025/#tinh-ha-tinh\"";
    assert!(feed.contains(link), "{feed}");
    let round = page(&renderer, "/dot/2025/");
    let at = round
        .find("<h3 id=\"tinh-ha-tinh\">")
        .expect("a Hà Tĩnh heading on the round page");
    let count: usize = feed
        .split("Hà Tĩnh, Sơ kết giai đoạn 2023-2025: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the entry's count");
    assert!(count > 0);
    assert_eq!(
        site_newly(&round[at..]),
        count,
        "the page lists every record the entry announces"
    );
}

/// How many records the list after a province heading of a round page holds.
fn site_newly(from_heading: &str) -> usize {
    let list = &from_heading[..from_heading.find("</ul>").expect("a list")];
    list.matches("<li>").count()
}

/// When one of a clan's families is not public, the clan's page gives its share without the
/// counts (they would let a reader work out that family's title) and does not link it.
#[test]
fn a_share_over_a_family_that_is_not_public_gives_no_counts() {
    let site_dir = crate::support::demo_copy();
    let file = site_dir.path().join("data/records/bac-ninh/gia-dinh.toml");
    let text = std::fs::read_to_string(&file).expect("records");
    let hidden = text.replacen(
        "name = \"Gia đình ông Nguyễn Đình Nam\"\n",
        "name = \"Gia đình ông Nguyễn Đình Nam\"\npublic = false\n",
        1,
    );
    assert_ne!(text, hidden, "the family is in the demo");
    std::fs::write(&file, hidden).expect("write");
    let site = site_at(site_dir.path());
    let theme = demo_theme(&site);
    let clan = page(
        &Renderer::new(&site, &theme),
        "/ho-so/dh-nguyen-dinh-tien-du/",
    );
    assert!(
        clan.contains("Không đạt vì chưa đủ tỷ lệ gia đình đạt Gia đình học tập, cần ít nhất 50%.")
    );
    assert!(!clan.contains("trong 4 gia đình"));
    assert!(!clan.contains("gd-nguyen-dinh-nam-tien-du"));
    assert!(!clan.contains("Nguyễn Đình Nam"));
    assert!(clan.contains("<a href=\"/ho-so/gd-nguyen-dinh-an-tien-du/\">"));
}

#[test]
fn golden_story() {
    insta::assert_snapshot!("page-story", render("/cau-chuyen/ba-the-he-cung-den-lop/"));
}

#[test]
fn golden_listing() {
    insta::assert_snapshot!(
        "page-listing",
        render("/danh-hieu/gia-dinh-hoc-tap/trang/2/")
    );
}

/// How many newly recognised records and awards the demo's round `year` has.
fn round_totals(year: i64) -> (usize, usize) {
    let site = demo_site();
    let round = site.rounds.iter().find(|r| r.year == year).expect("round");
    (round.newly_recognised.len(), round.awards_given.len())
}

/// The records listed in the section labelled `id`, and the three figures at the top.
fn round_page(url: &str) -> (usize, usize, Vec<String>) {
    let html = scraper::Html::parse_document(&render(url));
    let count = |id: &str| {
        let selector = format!("section[aria-labelledby=\"{id}\"] ul.ds-ho-so > li");
        html.select(&scraper::Selector::parse(&selector).expect("selector"))
            .count()
    };
    let figures = scraper::Selector::parse(".the-so__so").expect("selector");
    let figures = html.select(&figures).map(|e| e.text().collect()).collect();
    (count("moi-cong-nhan"), count("khen-thuong-dot"), figures)
}

#[test]
fn a_round_lists_a_page_of_each_list_with_the_totals_on_every_page() {
    let (newly, awards) = round_totals(2024);
    let per_page = vinhdanh::render::LISTING_PAGE_SIZE;
    let pages = newly.max(awards).div_ceil(per_page);
    assert!(
        pages > 1 && newly.div_ceil(per_page) < pages,
        "{newly} {awards}"
    );
    let on_page = |total: usize, n: usize| total.saturating_sub((n - 1) * per_page).min(per_page);
    let first = round_page("/dot/2024/");
    for n in 1..=pages {
        let url = if n == 1 {
            "/dot/2024/".to_string()
        } else {
            format!("/dot/2024/trang/{n}/")
        };
        let page = round_page(&url);
        assert_eq!(
            (page.0, page.1),
            (on_page(newly, n), on_page(awards, n)),
            "{url}"
        );
        assert_eq!(page.2, first.2, "{url}: the totals");
    }
    assert_eq!(first.2[1], newly.to_string());
    let last = render(&format!("/dot/2024/trang/{pages}/"));
    assert!(
        last.contains("Danh sách này đã hết ở các trang trước."),
        "{last}"
    );
    let pager_link = format!("href=\"/dot/2024/trang/{pages}/\"");
    assert!(render("/dot/2024/").contains(&pager_link));
}

/// Every page of the demo site lies at a URL of its kind's pattern (`render::page_kinds`), and
/// the demo has pages of every kind.
#[test]
fn every_page_lies_at_the_url_pattern_of_its_kind() {
    use vinhdanh::render::page_kinds::PAGE_KINDS;
    use vinhdanh::render::{Job, job_url};

    let site = demo_site();
    let theme = demo_theme(&site);
    let renderer = Renderer::new(&site, &theme);
    let mut seen = Vec::new();
    for job in renderer.jobs() {
        let Job::Page(page) = job else { continue };
        let url = job_url(page, &site).expect("a URL");
        let below_base = url.strip_prefix(&site.meta.base_path).unwrap_or(&url);
        let kind = page.kind();
        assert!(
            kind.matches(below_base),
            "{page:?} at {url} is not {kind:?}"
        );
        if !seen.contains(&kind) {
            seen.push(kind);
        }
    }
    for kind in PAGE_KINDS {
        assert!(seen.contains(&kind), "no page of {kind:?}");
    }
}
