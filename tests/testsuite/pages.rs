//! Golden pages: the overview, a province, a record, a story and a listing page of the demo,
//! rendered (before compacting) and snapshotted.

use vinhdanh::check::check_site;
use vinhdanh::model::build_site;
use vinhdanh::render::{Renderer, Theme};

use crate::support::repo_root;

fn render(url: &str) -> String {
    let root = repo_root();
    let checked = check_site(&root);
    let honours = checked.honours.as_ref().expect("the demo is valid");
    let site = build_site(&checked.inputs, honours, None);
    let theme = Theme::load(&root, "default", &site.meta.language).expect("theme");
    let renderer = Renderer::new(&site, &theme);
    let file = renderer
        .render_url(url)
        .unwrap_or_else(|| panic!("no page at {url}"))
        .expect("renders");
    String::from_utf8(file.bytes).expect("UTF-8")
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
fn golden_record() {
    insta::assert_snapshot!("page-record", render("/ho-so/gd-nguyen-van-an/"));
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
