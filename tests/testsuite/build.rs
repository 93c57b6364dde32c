//! `vinhdanh build` end to end: every URL kind of SPEC §8, privacy, determinism, links, feeds,
//! sitemap and open data.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{
    assert_old_output_kept, demo_copy, invalid_site, place_old_output, repo_root, stderr, stdout,
    tree, vinhdanh,
};

/// Builds `root` into a fresh temporary folder with the real binary.
fn build_into(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let output = vinhdanh(root, &["build", "-o", out.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    assert!(stdout(&output).contains("Đã dựng"), "{}", stdout(&output));
    (dir, out)
}

#[test]
fn demo_build_has_every_url_kind_of_the_spec() {
    let (_dir, out) = build_into(&repo_root());
    let files = tree(&out);
    for path in [
        "index.html",
        "tinh/bac-ninh/index.html",
        "tinh/ha-tinh/index.html",
        "tinh/hung-yen/index.html",
        "ho-so/gd-nguyen-van-an/index.html",
        "cau-chuyen/ba-the-he-cung-den-lop/index.html",
        "danh-hieu/gia-dinh-hoc-tap/index.html",
        "danh-hieu/gia-dinh-hoc-tap/trang/2/index.html",
        "khen-thuong/giay-khen-xa/index.html",
        "dot/2025/index.html",
        "dot/2023/index.html",
        "dot/2023/trang/2/index.html",
        "tim-kiem/index.html",
        "du-lieu/index.html",
        "du-lieu/danh-hieu.csv",
        "du-lieu/danh-hieu.json",
        "du-lieu/tien-do.csv",
        "du-lieu/khen-thuong.json",
        "atom.xml",
        "tinh/bac-ninh/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "gioi-thieu/index.html",
        "style.css",
        "tim-kiem.js",
    ] {
        assert!(files.contains_key(path), "missing {path}");
    }
    let html = String::from_utf8_lossy(&files["index.html"]);
    assert!(
        html.contains("lang=\"vi\"") || html.contains("lang=vi"),
        "no lang=vi"
    );
    let alias = String::from_utf8_lossy(
        files
            .iter()
            .find(|(p, _)| p.starts_with("tin-tuc/"))
            .map(|(_, b)| b)
            .expect("an alias redirect page"),
    )
    .into_owned();
    assert!(
        alias.contains("http-equiv=refresh") || alias.contains("http-equiv=\"refresh\""),
        "{alias}"
    );
    assert!(
        alias.contains("rel=canonical") || alias.contains("rel=\"canonical\""),
        "{alias}"
    );
}

#[test]
fn record_pages_link_stories_and_stories_link_records() {
    let (_dir, out) = build_into(&repo_root());
    let record = fs::read_to_string(out.join("ho-so/gd-nguyen-van-an/index.html")).expect("record");
    assert!(
        record.contains("/cau-chuyen/ba-the-he-cung-den-lop/"),
        "record page lacks its story"
    );
    let story = fs::read_to_string(out.join("cau-chuyen/ba-the-he-cung-den-lop/index.html"))
        .expect("story");
    assert!(
        story.contains("/ho-so/gd-nguyen-van-an/"),
        "story lacks its record"
    );
}

#[test]
fn two_builds_are_byte_for_byte_identical() {
    let (_a, first) = build_into(&repo_root());
    let (_b, second) = build_into(&repo_root());
    let first = tree(&first);
    let second = tree(&second);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

/// The inode of `path`: the same inode after a rebuild means the file was kept, not written.
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    fs::metadata(path).expect("metadata").ino()
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_writes_only_what_changed() {
    let site = demo_copy();
    let out = site.path().join("public");
    let out_arg = out.to_str().expect("utf-8 path");
    let first = vinhdanh(site.path(), &["build", "-o", out_arg]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stdout(&first).contains("không đổi"), "{}", stdout(&first));
    let unchanged = out.join("ho-so/gd-bui-xuan-tai-hung-ha/index.html");
    let changed = out.join("ho-so/gd-bui-van-thinh-vu-thu/index.html");
    let before = [
        inode(&unchanged),
        inode(&changed),
        inode(&out.join("style.css")),
    ];
    let modified_before = fs::metadata(&unchanged)
        .and_then(|m| m.modified())
        .expect("date");

    // A published page edited by hand since: the rebuild publishes what the page is minified
    // into, not what the last build's memory of it says is there.
    let tampered = out.join("gioi-thieu/index.html");
    fs::write(&tampered, "<p>sửa tay</p>").expect("edit a published page");

    let records = site.path().join("data/records/hung-yen/gia-dinh.toml");
    let text = fs::read_to_string(&records).expect("read records");
    let edited = text.replacen("members = 5\n", "members = 6\n", 1);
    assert_ne!(text, edited);
    fs::write(&records, edited).expect("write records");
    let second = vinhdanh(site.path(), &["build", "-o", out_arg]);
    assert!(second.status.success(), "{}", stderr(&second));

    let summary = stdout(&second);
    assert!(summary.contains("tệp không đổi, giữ nguyên"), "{summary}");
    assert_eq!(
        inode(&unchanged),
        before[0],
        "an unchanged page was written again"
    );
    assert_eq!(
        inode(&out.join("style.css")),
        before[2],
        "a static file was copied again"
    );
    let modified_after = fs::metadata(&unchanged)
        .and_then(|m| m.modified())
        .expect("date");
    assert_eq!(modified_after, modified_before);
    assert_ne!(inode(&changed), before[1], "a changed page was kept");
    let page = fs::read_to_string(&changed).expect("read page");
    assert!(
        page.contains("<dd>6</div>"),
        "the new member count is missing"
    );

    let republished = fs::read_to_string(&tampered).expect("read page");
    assert!(!republished.contains("sửa tay"), "{republished}");
    // What was kept and written is exactly what a build into an empty folder makes.
    let (_fresh_dir, fresh) = build_into(site.path());
    let (rebuilt, fresh) = (tree(&out), tree(&fresh));
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(bytes == &rebuilt[path], "{path} differs from a fresh build");
    }
}

const CANARIES: [&str; 4] = [
    "CANARY-PHONE-0999",
    "CANARY-CCCD-123456789",
    "Canary Hidden Family Name",
    "gd-canary-hidden",
];

#[test]
fn private_values_and_hidden_records_reach_no_output_byte() {
    let site = invalid_site("privacy-canaries");
    let (_dir, out) = build_into(site.path());
    let files = tree(&out);
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        for canary in CANARIES {
            let found = bytes.windows(canary.len()).any(|w| w == canary.as_bytes());
            assert!(!found, "{canary} leaked into {path}");
        }
    }
    // The canary fixture is built for real: its public record is there.
    assert!(files.contains_key("ho-so/gd-nguyen-van-an/index.html"));
}

#[test]
fn a_broken_internal_link_fails_the_build_naming_page_and_link() {
    let site = invalid_site("broken-link");
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    let link = "cau-chuyen/ba-the-he/index.html liên kết tới /ho-so/gd-khong-ton-tai/";
    assert!(text.contains("1 liên kết nội bộ hỏng:"), "{text}");
    assert!(text.contains(link), "{text}");
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "build"]));
    let link = "cau-chuyen/ba-the-he/index.html links to /ho-so/gd-khong-ton-tai/";
    assert!(english.contains(link), "{english}");
    assert_old_output_kept(&out);
}

#[test]
fn an_invalid_site_publishes_nothing_and_keeps_the_old_output() {
    let site = invalid_site("unknown-commune");
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("E022"));
    assert_old_output_kept(&out);
}

#[test]
fn feeds_and_sitemap_parse_with_the_required_elements() {
    let (_dir, out) = build_into(&repo_root());
    for feed in [
        "atom.xml",
        "tinh/bac-ninh/atom.xml",
        "tinh/hung-yen/atom.xml",
    ] {
        let text = fs::read_to_string(out.join(feed)).expect("feed");
        let doc = roxmltree::Document::parse(&text).expect("feed is XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        for required in ["title", "id", "updated"] {
            assert!(
                root.children().any(|c| c.tag_name().name() == required),
                "{feed} lacks {required}"
            );
        }
        let entries: Vec<_> = root
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert!(!entries.is_empty(), "{feed} has no entry");
        for entry in entries {
            for required in ["title", "id", "updated", "link"] {
                assert!(
                    entry.children().any(|c| c.tag_name().name() == required),
                    "{feed} entry lacks {required}"
                );
            }
        }
    }
    let text = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&text).expect("sitemap is XML");
    let locs: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains("https://vinhdanh.example.vn/"));
    assert!(locs.contains("https://vinhdanh.example.vn/ho-so/gd-nguyen-van-an/"));
    assert!(
        !locs.iter().any(|l| l.contains("/tin-tuc/")),
        "redirects are not in the sitemap"
    );
    let robots = fs::read_to_string(out.join("robots.txt")).expect("robots");
    assert!(robots.contains("Sitemap: https://vinhdanh.example.vn/sitemap.xml"));
}

#[test]
fn csv_downloads_parse_and_match_the_records() {
    let (_dir, out) = build_into(&repo_root());
    let checked = crate::support::check(&repo_root());
    let public: BTreeSet<&str> = checked
        .inputs
        .records
        .iter()
        .filter(|r| r.public)
        .map(|r| r.id.as_str())
        .collect();
    let bytes = fs::read(out.join("du-lieu/danh-hieu.csv")).expect("csv");
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM"));
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "record_id");
    let mut seen = BTreeSet::new();
    let honours = checked.honours.as_ref().expect("valid");
    for row in reader.records() {
        let row = row.expect("row");
        let id = row[0].to_string();
        assert!(public.contains(id.as_str()), "{id} is not a public record");
        let round: i64 = row[6].parse().expect("round");
        let held = &row[9] == "true";
        assert_eq!(held, honours.holds(&id, round), "{id} {round}");
        seen.insert(id);
    }
    let assessed: BTreeSet<String> = checked
        .inputs
        .records
        .iter()
        .filter(|r| r.public && !r.assessments.is_empty())
        .map(|r| r.id.value.clone())
        .collect();
    assert_eq!(seen, assessed);
}

#[test]
fn base_url_override_moves_every_link() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("preview");
    let output = vinhdanh(
        &repo_root(),
        &[
            "build",
            "-o",
            out.to_str().expect("utf-8"),
            "--base-url",
            "http://127.0.0.1:8080/xem-truoc",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(out.join("ho-so/gd-nguyen-van-an/index.html")).expect("page");
    assert!(
        page.contains("http://127.0.0.1:8080/xem-truoc/ho-so/gd-nguyen-van-an/"),
        "canonical not moved"
    );
    assert!(
        page.contains("/xem-truoc/style.css"),
        "stylesheet not moved"
    );
}

/// `--base-url` is checked like `base_url` in site.toml: anything but a plain web address is
/// refused before anything is read or written, in the language of the run.
#[test]
fn a_base_url_flag_that_is_not_a_web_address_is_refused() {
    let site = demo_copy();
    let out = place_old_output(site.path());
    let cases = [
        ("javascript:alert(1)", "https://"),
        ("https://vinhdanh.example.vn/?xem=1", "`?`"),
        ("https://vinhdanh.example.vn/#dau", "`#`"),
        ("https://vinhdanh.example.vn/\"><script>", "`<`"),
    ];
    for (value, expected) in cases {
        let output = vinhdanh(site.path(), &["build", "--base-url", value]);
        assert_eq!(output.status.code(), Some(2), "{value}: {output:?}");
        let text = stderr(&output);
        assert!(text.starts_with("lỗi: --base-url"), "{value}: {text}");
        assert!(text.contains("không dùng được: cần"), "{value}: {text}");
        assert!(text.contains(expected), "{value}: {text}");
        assert_old_output_kept(&out);
    }
    let english = vinhdanh(
        site.path(),
        &["--lang", "en", "build", "--base-url", "javascript:alert(1)"],
    );
    assert_eq!(english.status.code(), Some(2));
    assert!(
        stderr(&english).contains(
            "error: --base-url \"javascript:alert(1)\" cannot be used: expected an address starting with https://"
        ),
        "{}",
        stderr(&english)
    );
    assert_old_output_kept(&out);
}
