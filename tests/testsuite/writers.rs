//! The two writers of the output, `build` (a staging folder swapped in place) and `serve`
//! (the live preview folder), refuse the same sites with the same message: they list the static
//! files, check the links and find collisions through the same functions of `output/`. Each
//! case is a real fixture site on disk, built by `build` and by the preview's builder, first
//! from nothing and then after an edit of a site that built.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{copy_tree, invalid_site, repo_root, sites_dir};
use vinhdanh::base::lang::Lang;
use vinhdanh::commands::build::{BuildOptions, build};
use vinhdanh::commands::serve::{Builder, Change, Plan};
use vinhdanh::output::Foreign;

/// A copy of the valid fixture site with the repository's themes.
fn valid_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&sites_dir().join("valid"), dir.path());
    copy_tree(&repo_root().join("themes"), &dir.path().join("themes"));
    dir
}

/// What `build` says in each language when it refuses the site at `root`.
fn build_refusal(root: &Path) -> [String; 2] {
    let out = tempfile::tempdir().expect("temporary folder");
    let options = BuildOptions {
        root: root.to_path_buf(),
        out_dir: out.path().join("public"),
        base_url: None,
        foreign: Foreign::Refuse,
    };
    let error = build(&options).expect_err("build refuses the site");
    assert!(!out.path().join("public").exists(), "nothing published");
    [Lang::Vi, Lang::En].map(|lang| error.in_lang(lang))
}

/// The preview's message, in each language, when `rebuild` fails.
fn serve_refusal(builder: &mut Builder, plan: &Plan) -> [String; 2] {
    let failure = builder.rebuild(plan).expect_err("serve refuses the site");
    assert!(!failure.output_damaged, "refused before writing");
    [Lang::Vi, Lang::En].map(|lang| failure.message(lang).to_string())
}

/// Both writers refuse the site with a message holding `expected` (Vietnamese, English): the
/// preview says `build`'s message, exactly, between its own first word and last line.
fn assert_same_refusal(build: &[String; 2], serve: &[String; 2], expected: [&str; 2]) {
    let said = [("lỗi: ", build[0].as_str()), ("error: ", build[1].as_str())];
    for (((start, built), served), expected) in said.into_iter().zip(serve).zip(expected) {
        assert!(built.contains(expected), "{expected:?} not in {built}");
        let error = served
            .strip_prefix(start)
            .and_then(|rest| Some(&rest[..rest.rfind('\n')?]))
            .unwrap_or_else(|| panic!("not a refusal of the preview: {served}"));
        assert_eq!(error, built, "serve, then build");
    }
}

/// The preview of the site at `root`, into a folder of `out`, after its first build.
fn previewed(root: &Path, out: &Path) -> (Builder, PathBuf) {
    let folder = out.join("xem-truoc");
    let mut builder = Builder::new(root.to_path_buf(), folder.clone());
    builder.rebuild(&Plan::full()).expect("first build");
    (builder, folder)
}

/// Once `change` was made to the site at `root` that `builder` previews, the preview and then
/// `build` refuse it alike ([`assert_same_refusal`]).
fn assert_refused_alike_after(
    builder: &mut Builder,
    root: &Path,
    change: Change,
    expected: [&str; 2],
) {
    let mut plan = Plan::default();
    plan.add(change);
    let served = serve_refusal(builder, &plan);
    assert_same_refusal(&build_refusal(root), &served, expected);
}

/// What the preview says in each language when its first build of the site at `root` fails.
fn first_preview_refusal(root: &Path) -> [String; 2] {
    let out = tempfile::tempdir().expect("temporary folder");
    let mut builder = Builder::new(root.to_path_buf(), out.path().join("xem-truoc"));
    serve_refusal(&mut builder, &Plan::full())
}

/// A story that links to a record page that does not exist.
#[test]
fn both_writers_refuse_a_broken_link_with_the_same_message() {
    let site = invalid_site("broken-link");
    let built = build_refusal(site.path());
    let served = first_preview_refusal(site.path());
    assert_same_refusal(
        &built,
        &served,
        [
            "1 liên kết nội bộ hỏng:\n  cau-chuyen/ba-the-he/index.html liên kết tới /ho-so/gd-khong-ton-tai/",
            "1 broken internal link(s):\n  cau-chuyen/ba-the-he/index.html links to /ho-so/gd-khong-ton-tai/",
        ],
    );
}

/// The link is added by an edit while previewing: the rebuild renders only what the edit
/// reaches and still reports what `build` reports.
#[test]
fn a_broken_link_added_while_previewing_is_refused_as_build_refuses_it() {
    let site = valid_site();
    let root = site.path();
    let out = tempfile::tempdir().expect("temporary folder");
    let (mut builder, _) = previewed(root, out.path());
    let story = root.join("content/cau-chuyen/ba-the-he.md");
    let text = fs::read_to_string(&story).expect("story");
    let linked =
        "\nXem [trang cũ](/cau-chuyen/khong-con/#dau) và [lần nữa](/cau-chuyen/khong-con/).\n";
    fs::write(&story, format!("{text}{linked}")).expect("story written");
    assert_refused_alike_after(
        &mut builder,
        root,
        Change::Story("content/cau-chuyen/ba-the-he.md".into()),
        [
            "cau-chuyen/ba-the-he/index.html liên kết tới /cau-chuyen/khong-con/",
            "cau-chuyen/ba-the-he/index.html links to /cau-chuyen/khong-con/",
        ],
    );
}

/// A free page links to a story; the story's address changes while previewing, so the page
/// now links to a file that goes away.
#[test]
fn a_page_left_linking_to_a_moved_story_is_refused_as_build_refuses_it() {
    let site = valid_site();
    let root = site.path();
    let page = root.join("content/gioi-thieu.md");
    let text = fs::read_to_string(&page).expect("page");
    fs::write(
        &page,
        format!("{text}\nĐọc [câu chuyện](/cau-chuyen/ba-the-he/).\n"),
    )
    .expect("page written");
    let out = tempfile::tempdir().expect("temporary folder");
    let (mut builder, _) = previewed(root, out.path());
    let story = root.join("content/cau-chuyen/ba-the-he.md");
    let text = fs::read_to_string(&story).expect("story");
    let moved = text.replacen("+++\n", "+++\nslug = \"bon-the-he\"\n", 1);
    fs::write(&story, moved).expect("story written");
    assert_refused_alike_after(
        &mut builder,
        root,
        Change::Story("content/cau-chuyen/ba-the-he.md".into()),
        [
            "gioi-thieu/index.html liên kết tới /cau-chuyen/ba-the-he/",
            "gioi-thieu/index.html links to /cau-chuyen/ba-the-he/",
        ],
    );
}

/// A static file at the address of a free page, there from the start.
#[test]
fn both_writers_refuse_a_static_file_over_a_page_with_the_same_message() {
    let site = valid_site();
    let root = site.path();
    put(root, "static/gioi-thieu/index.html", "<p>trang cũ</p>");
    let built = build_refusal(root);
    let served = first_preview_refusal(root);
    assert_same_refusal(
        &built,
        &served,
        [
            "hai trang sẽ cùng được ghi vào gioi-thieu/index.html\n  --> content/gioi-thieu.md:1:1 (trang riêng",
            "two pages would be written to gioi-thieu/index.html\n  --> content/gioi-thieu.md:1:1 (a free page",
        ],
    );
    assert!(built[0].contains("--> static/gioi-thieu/index.html (tệp tĩnh"));
}

/// The same static file, added while previewing: the preview keeps the page it has and
/// refuses the file with `build`'s message; the folder is left as it was.
#[test]
fn a_static_file_added_over_a_page_while_previewing_is_refused_as_build_refuses_it() {
    let site = valid_site();
    let root = site.path();
    let out = tempfile::tempdir().expect("temporary folder");
    let (mut builder, folder) = previewed(root, out.path());
    let page = fs::read(folder.join("gioi-thieu/index.html")).expect("page written");
    put(root, "static/gioi-thieu/index.html", "<p>trang cũ</p>");
    assert_refused_alike_after(
        &mut builder,
        root,
        Change::Static("gioi-thieu/index.html".into()),
        [
            "hai trang sẽ cùng được ghi vào gioi-thieu/index.html",
            "two pages would be written to gioi-thieu/index.html",
        ],
    );
    let kept = fs::read(folder.join("gioi-thieu/index.html")).expect("page kept");
    assert_eq!(kept, page, "the preview's page is untouched");
}

/// Two stories at one address (one's alias is the other's address), and a static file at a
/// third path clashing with a page: both writers report the same one, the first in path order.
#[test]
fn of_several_collisions_both_writers_report_the_first_in_path_order() {
    let site = valid_site();
    let root = site.path();
    put(
        root,
        "content/cau-chuyen/lop-hoc.md",
        "+++\ntitle = \"Lớp học\"\ndate = 2024-04-01\nsummary = \"Lớp học.\"\n\
         records = [\"gd-nguyen-van-an\"]\nprovince = \"bac-ninh\"\n\
         aliases = [\"/cau-chuyen/ba-the-he/\"]\n+++\nLớp học.\n",
    );
    put(root, "static/gioi-thieu/index.html", "<p>trang cũ</p>");
    let built = build_refusal(root);
    let served = first_preview_refusal(root);
    assert_same_refusal(
        &built,
        &served,
        [
            "hai trang sẽ cùng được ghi vào cau-chuyen/ba-the-he/index.html",
            "two pages would be written to cau-chuyen/ba-the-he/index.html",
        ],
    );
    assert!(built[0].contains("trường `aliases`"), "{}", built[0]);
}

fn put(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
    fs::write(path, text).expect("written");
}
