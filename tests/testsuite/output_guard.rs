//! The output folder can hold nothing but output: `build -o` and `serve -o` refuse the site's
//! own folders, what lies above them, a file, the system's root and a home folder, and a
//! non-empty folder vinhdanh did not write unless `--force`. Every refusal leaves every byte
//! where it was and no staging folder or lock behind.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{copy_tree, demo_copy, repo_root, sites_dir, stderr, vinhdanh};

/// A folder holding a copy of the valid fixture site (with the repository's themes and a
/// `static/` folder) in `site/`, so that what lies beside the site can be watched too.
struct Holder {
    dir: tempfile::TempDir,
}

impl Holder {
    fn new() -> Holder {
        let dir = tempfile::tempdir().expect("temporary folder");
        let site = dir.path().join("site");
        copy_tree(&sites_dir().join("valid"), &site);
        copy_tree(&repo_root().join("themes"), &site.join("themes"));
        fs::create_dir_all(site.join("static")).expect("static folder");
        fs::write(site.join("static/ghi-chu.txt"), "một\n").expect("static file");
        Holder { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// Every file, folder and link under `dir` (hidden ones too), with the bytes of each file.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).expect("inside");
            let kind = entry.file_type();
            let bytes = if kind.is_file() {
                fs::read(entry.path()).expect("read")
            } else if kind.is_symlink() {
                let target = fs::read_link(entry.path()).expect("link");
                format!("-> {}", target.display()).into_bytes()
            } else {
                b"folder".to_vec()
            };
            (relative.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// `vinhdanh --root site <args>` run in `cwd` with `home` as the home folder.
fn run_in(cwd: &Path, home: &Path, site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .current_dir(cwd)
        .env("HOME", home)
        .arg("--root")
        .arg(site)
        .args(args)
        .output()
        .expect("run vinhdanh")
}

/// `build -o out` (run in the site's folder) fails with `code` and a message holding `vi`
/// (and in English `en`), and nothing under the holder changes.
fn assert_build_refused(holder: &Holder, out: &str, code: &str, vi: &str, en: &str) {
    assert_refused(
        holder,
        &holder.path().join("home"),
        &["build", "-o", out],
        code,
        vi,
        en,
    );
}

fn assert_refused(holder: &Holder, home: &Path, args: &[&str], code: &str, vi: &str, en: &str) {
    fs::create_dir_all(home).expect("home");
    let before = snapshot(holder.path());
    let site = holder.site();
    let output = run_in(&site, home, &site, args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?}: {}",
        stderr(&output)
    );
    let text = stderr(&output);
    assert!(text.contains(&format!("lỗi[{code}]: ")), "{args:?}: {text}");
    assert!(text.contains(vi), "{args:?}: {vi:?} not in {text}");
    let mut english_args = vec!["--lang", "en"];
    english_args.extend_from_slice(args);
    let english = stderr(&run_in(&site, home, &site, &english_args));
    assert!(
        english.contains(&format!("error[{code}]: ")),
        "{args:?}: {english}"
    );
    assert!(english.contains(en), "{args:?}: {en:?} not in {english}");
    assert!(
        snapshot(holder.path()) == before,
        "{args:?}: something changed under {}",
        holder.path().display()
    );
}

#[test]
fn a_source_folder_or_anything_in_one_is_refused_and_every_byte_stays() {
    let holder = Holder::new();
    for out in [
        "data",
        "content",
        "static",
        "themes",
        "themes/default/templates",
        "data/new-folder",
        "public/../data",
    ] {
        assert_build_refused(
            &holder,
            out,
            "E041",
            "dữ liệu nguồn của trang",
            "the site's sources",
        );
    }
    assert_build_refused(
        &holder,
        "site.toml",
        "E041",
        "site.toml là một phần dữ liệu nguồn của trang",
        "the site's sources",
    );
}

#[test]
fn the_site_folder_and_the_folders_above_it_are_refused() {
    let holder = Holder::new();
    let absolute = holder.site();
    for out in [".", "..", absolute.to_str().expect("utf-8 path")] {
        assert_build_refused(
            &holder,
            out,
            "E040",
            "chứa tệp của chính trang",
            "holds the site's own files",
        );
    }
    assert_build_refused(
        &holder,
        "/",
        "E040",
        "là thư mục gốc của máy",
        "is the system's root folder",
    );
}

#[test]
fn the_home_folder_and_a_folder_above_it_are_refused() {
    let holder = Holder::new();
    let users = holder.path().join("users");
    let home = users.join("can-bo");
    fs::create_dir_all(&home).expect("home");
    fs::write(home.join("thu-tu.txt"), "thư riêng").expect("a file at home");
    for (out, vi) in [
        (&home, "là thư mục cá nhân của người dùng"),
        (
            &users,
            "là thư mục cá nhân của người dùng (hoặc chứa thư mục đó)",
        ),
    ] {
        let out = out.to_str().expect("utf-8 path");
        assert_refused(
            &holder,
            &home,
            &["build", "-o", out],
            "E040",
            vi,
            "is a home folder",
        );
    }
}

#[test]
fn an_existing_file_is_refused() {
    let holder = Holder::new();
    fs::write(holder.path().join("ghi-chu.txt"), "ghi chú").expect("a file");
    assert_build_refused(
        &holder,
        "../ghi-chu.txt",
        "E042",
        "là một tệp, không phải thư mục",
        "is a file, not a folder",
    );
}

#[test]
fn a_foreign_folder_is_refused_until_forced_and_our_own_output_is_rebuilt_without_force() {
    let holder = Holder::new();
    let foreign = holder.path().join("tai-lieu");
    fs::create_dir_all(&foreign).expect("foreign folder");
    fs::write(foreign.join("bao-cao.docx"), "báo cáo của phòng").expect("a staff file");
    assert_build_refused(
        &holder,
        "../tai-lieu",
        "E043",
        "đã có tệp không do vinhdanh ghi (ví dụ bao-cao.docx)",
        "run the command again with --force",
    );
    assert_eq!(
        fs::read_to_string(foreign.join("bao-cao.docx")).expect("survives"),
        "báo cáo của phòng"
    );
    let site = holder.site();
    let home = holder.path().join("home");
    fs::create_dir_all(&home).expect("home");
    let forced = run_in(
        &site,
        &home,
        &site,
        &["build", "-o", "../tai-lieu", "--force"],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(foreign.join("index.html").is_file());
    assert!(!foreign.join("bao-cao.docx").exists(), "replaced, as asked");
    assert!(holder.path().join(".tai-lieu.vinhdanh").is_file(), "marked");
    let again = run_in(&site, &home, &site, &["build", "-o", "../tai-lieu"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let entries: Vec<String> = fs::read_dir(holder.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".tai-lieu"))
        .collect();
    let mut entries = entries;
    entries.sort();

    assert_eq!(
        entries,
        [
            ".tai-lieu.gate",
            ".tai-lieu.lock",
            ".tai-lieu.minified",
            ".tai-lieu.vinhdanh"
        ],
        "no staging left"
    );
}

#[test]
fn an_output_of_an_earlier_version_is_recognised_by_its_build_lock() {
    let site = demo_copy();
    let out = site.path().join("public");
    fs::create_dir_all(&out).expect("old output");
    for file in ["index.html", "sitemap.xml", "404.html"] {
        fs::write(out.join(file), "cũ").expect("old file");
    }
    // Without the lock an earlier build leaves beside it, nothing says vinhdanh wrote it.
    let refused = vinhdanh(site.path(), &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("lỗi[E043]"),
        "{}",
        stderr(&refused)
    );
    fs::write(site.path().join(".public.lock"), "").expect("an earlier build's lock");
    let output = vinhdanh(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.path().join(".public.vinhdanh").is_file(), "marked now");
    assert_ne!(
        fs::read(out.join("index.html")).expect("built"),
        "cũ".as_bytes()
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_output_is_followed_and_stays_a_link() {
    use std::os::unix::fs::symlink;
    let holder = Holder::new();
    let site = holder.site();
    let target = holder.path().join("www");
    fs::create_dir_all(&target).expect("target");
    let link = site.join("public");
    symlink(&target, &link).expect("link");
    for _ in 0..2 {
        let output = vinhdanh(&site, &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let meta = fs::symlink_metadata(&link).expect("link kept");
        assert!(meta.file_type().is_symlink(), "replaced by a folder");
        assert!(
            target.join("index.html").is_file(),
            "written where it points"
        );
    }
    assert!(holder.path().join(".www.vinhdanh").is_file());
    // A link into a source folder is a source folder.
    symlink(site.join("data"), site.join("ra")).expect("link");
    assert_build_refused(
        &holder,
        "ra",
        "E041",
        "dữ liệu nguồn của trang",
        "the site's sources",
    );
}

/// `vinhdanh serve -o <out>` with a deadline, in case it starts when it should not.
fn serve(holder: &Holder, args: &[&str]) -> Output {
    let site = holder.site();
    let mut all = vec!["serve", "--port", "0", "--stop-after", "2"];
    all.extend_from_slice(args);
    run_in(&site, &holder.path().join("home"), &site, &all)
}

#[test]
fn serve_refuses_a_source_folder_and_a_foreign_folder() {
    let holder = Holder::new();
    fs::create_dir_all(holder.path().join("home")).expect("home");
    for (out, code) in [
        ("data", "E041"),
        ("content/cau-chuyen", "E041"),
        (".", "E040"),
    ] {
        let before = snapshot(holder.path());
        let output = serve(&holder, &["-o", out]);
        assert_eq!(output.status.code(), Some(1), "{out}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(text.contains(&format!("lỗi[{code}]")), "{out}: {text}");
        assert!(
            snapshot(holder.path()) == before,
            "{out}: something changed"
        );
    }
    let foreign = holder.path().join("xem-truoc");
    fs::create_dir_all(&foreign).expect("foreign");
    fs::write(foreign.join("anh.jpg"), "ảnh").expect("a staff file");
    let output = serve(&holder, &["-o", "../xem-truoc"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("lỗi[E043]"), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(foreign.join("anh.jpg")).expect("kept"),
        "ảnh"
    );
    let english = serve(&holder, &["--lang", "en", "-o", "../xem-truoc"]);
    assert!(
        stderr(&english).contains("error[E043]: the output folder"),
        "{}",
        stderr(&english)
    );
    // Forced, the preview empties the folder, builds into it and runs until its deadline.
    let forced = serve(&holder, &["-o", "../xem-truoc", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(foreign.join("index.html").is_file(), "{}", stderr(&forced));
    assert!(!foreign.join("anh.jpg").exists());
    assert!(
        holder.path().join(".xem-truoc.vinhdanh").is_file(),
        "marked"
    );
}

/// A story whose alias is another story's address: the collision names both files, the
/// line of the alias and the field.
#[test]
fn a_page_collision_names_both_sources() {
    let site = demo_copy();
    let story = site
        .path()
        .join("content/cau-chuyen/ba-the-he-cung-den-lop.md");
    let text = fs::read_to_string(&story).expect("story");
    let text = text.replacen(
        "+++\n",
        "+++\naliases = [\"/cau-chuyen/ba-hue-hoc-dung-dien-thoai/\"]\n",
        1,
    );
    fs::write(&story, text).expect("story written");
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    for expected in [
        "lỗi[E044]: hai trang sẽ cùng được ghi vào cau-chuyen/ba-hue-hoc-dung-dien-thoai/index.html",
        "--> content/cau-chuyen/ba-the-he-cung-den-lop.md:2:",
        "trường `aliases`",
        "--> content/cau-chuyen/ba-hue-hoc-dung-dien-thoai.md:1:1 (câu chuyện không có `slug`",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!site.path().join(".public.tmp").exists(), "no staging left");
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "build"]));
    assert!(
        english.contains("error[E044]: two pages would be written to"),
        "{english}"
    );
    assert!(english.contains("field `aliases`"), "{english}");
}

/// A static file at the address of a free page.
#[test]
fn a_static_file_over_a_free_page_names_both() {
    let site = demo_copy();
    let page = site.path().join("static/gioi-thieu/index.html");
    fs::create_dir_all(page.parent().expect("folder")).expect("folder");
    fs::write(&page, "<p>trang cũ</p>").expect("static page");
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    for expected in [
        "lỗi[E044]: hai trang sẽ cùng được ghi vào gioi-thieu/index.html",
        "--> content/gioi-thieu.md:1:1 (trang riêng",
        "--> static/gioi-thieu/index.html (tệp tĩnh",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}
