//! Helpers: fixture sites copied to a temporary folder, the real binary, diagnostics as data.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vinhdanh::check::{Checked, check_site};

/// The repository root, which is itself the demo site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sites_dir() -> PathBuf {
    repo_root().join("tests/sites")
}

/// Copies every file below `from` into `to`, replacing files that exist.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let relative = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the demo site (its site files only, not the repository's build folders).
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for part in vinhdanh::base::layout::top_level() {
        let from = repo_root().join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part));
        } else {
            fs::copy(&from, dir.path().join(part)).expect("copy");
        }
    }
    dir
}

/// The valid fixture site with the files of `tests/sites/invalid/<case>/` laid over it.
pub fn invalid_site(case: &str) -> tempfile::TempDir {
    overlaid_site("invalid", case)
}

/// The valid fixture site with the files of `tests/sites/hostile/<case>/` laid over it.
pub fn hostile_site(case: &str) -> tempfile::TempDir {
    overlaid_site("hostile", case)
}

fn overlaid_site(group: &str, case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&sites_dir().join("valid"), dir.path());
    let overlay = sites_dir().join(group).join(case);
    assert!(overlay.is_dir(), "no fixture {}", overlay.display());
    copy_tree(&overlay, dir.path());
    copy_tree(&repo_root().join("themes"), &dir.path().join("themes"));
    dir
}

/// One diagnostic as the tests see it: code, file, line, column, field.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    pub code: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub field: String,
}

/// Every diagnostic of a checked site, in the order `check` prints them.
pub fn found(checked: &Checked) -> Vec<Found> {
    let sources = &checked.inputs.sources;
    checked
        .diagnostics
        .sorted(sources)
        .into_iter()
        .map(|d| {
            let file = sources.get(d.span.file);
            let at = file.line_col(d.span.start as usize);
            Found {
                code: d.problem.code().to_string(),
                file: file.path.display().to_string(),
                line: at.line,
                column: at.column,
                field: d.field.clone(),
            }
        })
        .collect()
}

pub fn check(root: &Path) -> Checked {
    check_site(root)
}

/// Runs the real `vinhdanh` binary in `root`.
pub fn vinhdanh(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vinhdanh"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run vinhdanh")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("inside");
            (
                relative.to_string_lossy().into_owned(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Puts a stand-in published site in `site`'s `public/`, for tests that a failed build keeps it:
/// the files every output holds, and the marker that says vinhdanh wrote it.
pub fn place_old_output(site: &Path) -> PathBuf {
    let out = site.join("public");
    fs::create_dir_all(&out).expect("old output");
    fs::write(out.join("index.html"), "old site").expect("old page");
    fs::write(out.join("sitemap.xml"), "<urlset/>").expect("old sitemap");
    fs::write(site.join(".public.vinhdanh"), "").expect("marker");
    out
}

/// The stand-in of [`place_old_output`] is still there, untouched.
pub fn assert_old_output_kept(out: &Path) {
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("old page kept"),
        "old site"
    );
}

/// The elements of a published page that `selector` picks, parsed as a browser would: pages are
/// minified, so their attributes may be written without quotes.
pub fn select(html: &str, selector: &str) -> Vec<Picked> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("a valid selector");
    document
        .select(&selector)
        .map(|element| Picked {
            attrs: element
                .value()
                .attrs()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            text: element.text().collect(),
        })
        .collect()
}

/// An element of a page: its attributes and its text.
#[derive(Debug, Clone)]
pub struct Picked {
    pub attrs: Vec<(String, String)>,
    pub text: String,
}

impl Picked {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The `content` of the `meta` element that `selector` picks, if there is one.
pub fn meta(html: &str, selector: &str) -> Option<String> {
    select(html, selector)
        .first()
        .and_then(|m| m.attr("content").map(str::to_string))
}
