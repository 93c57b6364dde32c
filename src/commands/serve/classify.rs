//! What a changed file means for the site, decided from its path alone: a pure function, so
//! every kind of change is unit-tested without a disk. The changes of one debounced batch are
//! merged into a [`Plan`]: what to reload and which pages may differ.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::base::lang::{Lang, both};
use crate::base::layout::{self as site, Folder, SourceKind};

/// The kind of one changed path (relative to the site root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `site.toml`: everything is rebuilt.
    Config,
    /// `data/rules.toml`: every record is judged again.
    Rules,
    /// `data/provinces/<slug>.toml`.
    Province(String),
    /// A file (or a folder) below `data/records/`.
    Records(PathBuf),
    /// Something else below `data/` that may hold what is loaded (a folder moved or removed).
    Data(PathBuf),
    /// A Markdown story below `content/cau-chuyen/`, or a folder there (every story in it).
    Story(PathBuf),
    /// Any other Markdown page below `content/`, or a folder of them.
    Page(PathBuf),
    /// A template of the site's theme, by its name inside `templates/` (`record.html`).
    Template(String),
    /// A file of UI strings of the site's theme.
    Strings,
    /// A file below `static/` or the theme's `static/`, relative to that folder.
    Static(PathBuf),
    /// A change whose reach cannot be told from its path (a folder moved away, the theme folder
    /// itself, events lost by the watcher): everything is rebuilt.
    Unknown(PathBuf),
}

/// What the classifier needs to know about the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The theme named in `site.toml`.
    pub theme: String,
    /// Folders (relative to the root) whose changes are never the site's: the preview's own
    /// output when it lies inside the site, `public/` written by `build`, `target/`, `.git/`.
    pub ignored: Vec<PathBuf>,
}

impl Layout {
    pub fn new(theme: &str, output: Option<PathBuf>) -> Self {
        let mut ignored: Vec<PathBuf> = ["public", "target", ".git"]
            .iter()
            .map(PathBuf::from)
            .collect();
        ignored.extend(output);
        Layout {
            theme: theme.to_string(),
            ignored,
        }
    }
}

/// Classifies one path relative to the site root; `None` when the change does not concern the
/// site (editor temporary files, the output folder, files the loader does not read). A path
/// that no place takes as a file but whose name has no extension may be a folder: it counts
/// for what such a folder would hold.
pub fn classify(path: &Path, layout: &Layout) -> Option<Change> {
    let parts = components(path)?;
    if parts.is_empty() || layout.ignored.iter().any(|dir| path.starts_with(dir)) {
        return None;
    }
    let name = parts.last()?;
    if is_temporary(name) {
        return None;
    }
    let relative: PathBuf = parts.iter().collect();
    let root = Path::new("");
    match site::classify(root, &layout.theme, path) {
        Some(kind) => Some(file_change(path, &relative, kind, layout, name)),
        None if extension(name).is_none() => {
            folder_change(path, site::folder(root, &layout.theme, path)?)
        }
        None => None,
    }
}

/// The change of a file of the place of `kind`; `relative` is `path` without `.` parts.
fn file_change(
    path: &Path,
    relative: &Path,
    kind: SourceKind,
    layout: &Layout,
    name: &str,
) -> Change {
    let inside = || {
        relative
            .strip_prefix(kind.relative(&layout.theme))
            .unwrap_or(relative)
            .to_path_buf()
    };
    match kind {
        SourceKind::Config => Change::Config,
        SourceKind::Rules => Change::Rules,
        SourceKind::Province => Change::Province(stem(name).to_string()),
        SourceKind::Records => Change::Records(path.to_path_buf()),
        SourceKind::Story => Change::Story(path.to_path_buf()),
        SourceKind::Page => Change::Page(path.to_path_buf()),
        SourceKind::SiteStatic | SourceKind::ThemeStatic => Change::Static(inside()),
        SourceKind::Template => {
            let names: Vec<String> = inside()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Change::Template(names.join("/"))
        }
        SourceKind::ThemeText => Change::Strings,
    }
}

/// The change of a folder (or of a file without extension) by what it would hold: below
/// `data/`, the data is loaded again; the stories or pages of a folder of them are read
/// again; a folder of templates, of UI strings or of several places may reach anything.
fn folder_change(path: &Path, folder: Folder) -> Option<Change> {
    use SourceKind::*;
    let path = path.to_path_buf();
    let change = match folder {
        Folder::Above(kinds)
            if kinds
                .iter()
                .all(|k| matches!(k, Rules | Province | Records)) =>
        {
            Change::Data(path)
        }
        Folder::Above(_) => Change::Unknown(path),
        Folder::Inside { kind, within } => match kind {
            Province => Change::Data(path),
            Records if within.as_os_str().is_empty() => Change::Data(path),
            Records => Change::Records(path),
            Story => Change::Story(path),
            Page => Change::Page(path),
            SiteStatic | ThemeStatic => Change::Static(within),
            ThemeText if !within.as_os_str().is_empty() => Change::Strings,
            Template | ThemeText => Change::Unknown(path),
            Config | Rules => return None,
        },
    };
    Some(change)
}

/// The normal components of a relative path as text; `None` for `..`, absolute or non-UTF-8
/// paths, which cannot be the site's.
fn components(path: &Path) -> Option<Vec<String>> {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(part) => part.to_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then_some(ext)
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Editor temporary and backup files: hidden files (`.#x.toml`, `.x.md.swp`), Emacs autosaves
/// (`#x.toml#`), backups (`x.toml~`, `~x.toml`), vim's write test (`4913`, then `5036`, ...: a
/// folder named after a year is not one), JetBrains' safe-write copies and other
/// `.tmp`/`.bak`/`.swp` files.
pub fn is_temporary(name: &str) -> bool {
    const SUFFIXES: [&str; 9] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".bak",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with(['.', '#', '~'])
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        || is_vim_probe(name)
}

/// Vim checks that it may write in a folder with a file named 4913, or 4913 + 123·k if taken.
fn is_vim_probe(name: &str) -> bool {
    name.parse::<u64>()
        .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

/// What one batch of changes (or all the changes since the last good build) asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Render every page.
    pub everything: bool,
    /// Load, validate and judge the whole site again (records, provinces, rules, config).
    pub data: bool,
    /// Load the theme again.
    pub theme: bool,
    /// Copy static files again.
    pub statics: bool,
    pub stories: BTreeSet<PathBuf>,
    pub pages: BTreeSet<PathBuf>,
    pub templates: BTreeSet<String>,
    /// Records files and province slugs that changed (for the terminal; the pages to render
    /// are found by comparing the old and new site).
    pub records: BTreeSet<PathBuf>,
    pub provinces: BTreeSet<String>,
}

impl Plan {
    /// The plan of a first build, or of a rebuild after an unknown change.
    pub fn full() -> Self {
        Plan {
            everything: true,
            data: true,
            theme: true,
            statics: true,
            ..Plan::default()
        }
    }

    pub fn add(&mut self, change: Change) {
        match change {
            Change::Config | Change::Unknown(_) => self.merge(&Plan::full()),
            Change::Rules => {
                self.data = true;
                self.everything = true;
            }
            Change::Province(slug) => {
                self.data = true;
                self.provinces.insert(slug);
            }
            Change::Records(path) | Change::Data(path) => {
                self.data = true;
                self.records.insert(path);
            }
            Change::Story(path) => {
                self.stories.insert(path);
            }
            Change::Page(path) => {
                self.pages.insert(path);
            }
            Change::Template(name) => {
                self.theme = true;
                self.templates.insert(name);
            }
            Change::Strings => {
                self.theme = true;
                self.everything = true;
            }
            Change::Static(_) => self.statics = true,
        }
    }

    pub fn merge(&mut self, other: &Plan) {
        self.everything |= other.everything;
        self.data |= other.data;
        self.theme |= other.theme;
        self.statics |= other.statics;
        self.stories.extend(other.stories.iter().cloned());
        self.pages.extend(other.pages.iter().cloned());
        self.templates.extend(other.templates.iter().cloned());
        self.records.extend(other.records.iter().cloned());
        self.provinces.extend(other.provinces.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        *self == Plan::default()
    }

    /// Only Markdown files changed (besides templates and static files): the records, provinces
    /// and rules already loaded can be kept.
    pub fn content_only(&self) -> bool {
        !self.data && (!self.stories.is_empty() || !self.pages.is_empty())
    }

    /// A short description for the terminal.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.everything && self.data {
            parts.push(both!(lang, "tất cả", "everything").into());
        } else {
            let mut count = |n: usize, vi: &str, en: &str| {
                if n > 0 {
                    parts.push(format!("{n} {}", both!(lang, vi, en)));
                }
            };
            count(self.stories.len(), "tệp câu chuyện", "story file(s)");
            count(self.pages.len(), "tệp trang", "page file(s)");
            count(self.records.len(), "tệp hồ sơ", "records file(s)");
            count(self.provinces.len(), "tệp tỉnh", "province file(s)");
            count(self.templates.len(), "mẫu giao diện", "template(s)");
            if self.data && self.everything {
                parts.push(both!(lang, "quy tắc", "rules").into());
            }
            if self.statics {
                parts.push(both!(lang, "tệp tĩnh", "static files").into());
            }
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::new("default", Some(PathBuf::from("xem-truoc")))
    }

    fn kind(path: &str) -> Option<Change> {
        classify(Path::new(path), &layout())
    }

    #[test]
    fn site_files_are_classified_by_place() {
        assert_eq!(kind("site.toml"), Some(Change::Config));
        assert_eq!(kind("data/rules.toml"), Some(Change::Rules));
        assert_eq!(
            kind("data/provinces/bac-ninh.toml"),
            Some(Change::Province("bac-ninh".into()))
        );
        assert_eq!(
            kind("data/records/bac-ninh/gia-dinh.toml"),
            Some(Change::Records(
                "data/records/bac-ninh/gia-dinh.toml".into()
            ))
        );
        assert_eq!(
            kind("content/cau-chuyen/ba-the-he.md"),
            Some(Change::Story("content/cau-chuyen/ba-the-he.md".into()))
        );
        assert_eq!(
            kind("content/cau-chuyen/2024/ba-the-he.md"),
            Some(Change::Story("content/cau-chuyen/2024/ba-the-he.md".into()))
        );
        assert_eq!(
            kind("content/gioi-thieu.md"),
            Some(Change::Page("content/gioi-thieu.md".into()))
        );
    }

    #[test]
    fn theme_files_are_classified_by_place() {
        assert_eq!(
            kind("themes/default/templates/record.html"),
            Some(Change::Template("record.html".into()))
        );
        assert_eq!(
            kind("themes/default/templates/partials/nav.html"),
            Some(Change::Template("partials/nav.html".into()))
        );
        assert_eq!(kind("themes/default/i18n/vi.toml"), Some(Change::Strings));
        assert_eq!(
            kind("themes/default/static/style.css"),
            Some(Change::Static("style.css".into()))
        );
        assert_eq!(kind("themes/other/templates/record.html"), None);
        assert_eq!(
            kind("themes/default"),
            Some(Change::Unknown("themes/default".into()))
        );
    }

    #[test]
    fn static_files_keep_their_path_inside_static() {
        assert_eq!(
            kind("static/anh/a.jpg"),
            Some(Change::Static("anh/a.jpg".into()))
        );
        assert_eq!(kind("static/anh"), Some(Change::Static("anh".into())));
    }

    #[test]
    fn folders_count_for_what_they_may_hold() {
        assert_eq!(
            kind("content/cau-chuyen"),
            Some(Change::Story("content/cau-chuyen".into()))
        );
        assert_eq!(
            kind("content/cau-chuyen/2024"),
            Some(Change::Story("content/cau-chuyen/2024".into()))
        );
        assert_eq!(
            kind("content/gioi-thieu"),
            Some(Change::Page("content/gioi-thieu".into()))
        );
        assert_eq!(kind("content"), Some(Change::Unknown("content".into())));
        assert_eq!(kind("data"), Some(Change::Data("data".into())));
        assert_eq!(
            kind("data/provinces/cu"),
            Some(Change::Data("data/provinces/cu".into()))
        );
        assert_eq!(
            kind("data/records/bac-ninh"),
            Some(Change::Records("data/records/bac-ninh".into()))
        );
        assert_eq!(
            kind("themes/default/templates/partials"),
            Some(Change::Unknown("themes/default/templates/partials".into()))
        );
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for path in [
            "data/records/.#gia-dinh.toml",
            "data/records/gia-dinh.toml~",
            "data/records/~gia-dinh.toml",
            "data/records/#gia-dinh.toml#",
            "content/cau-chuyen/.ba-the-he.md.swp",
            "content/cau-chuyen/ba-the-he.md.swx",
            "content/cau-chuyen/4913",
            "data/provinces/bac-ninh.toml.tmp",
            "data/provinces/bac-ninh.toml___jb_tmp___",
            "site.toml.bak",
            "static/.DS_Store",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn output_folders_and_other_files_are_ignored() {
        for path in [
            "xem-truoc/index.html",
            "xem-truoc",
            "public/ho-so/a/index.html",
            "target/debug/vinhdanh",
            ".git/index",
            "README.md",
            "data/records/ghi-chu.txt",
            "data/provinces/ban-do.png",
            "content/anh.jpg",
            "themes/default/templates/notes.txt",
            "",
            "../other/site.toml",
            "/etc/passwd",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn temporary_names() {
        assert!(is_temporary("4913"));
        assert!(is_temporary("5036"));
        assert!(!is_temporary("2024"));
        assert!(is_temporary(".#x.toml"));
        assert!(is_temporary("x.toml~"));
        assert!(!is_temporary("x.toml"));
        assert!(!is_temporary("2024-ba-the-he.md"));
    }

    #[test]
    fn a_plan_merges_changes() {
        let mut plan = Plan::default();
        assert!(plan.is_empty());
        plan.add(Change::Story("content/cau-chuyen/a.md".into()));
        assert!(plan.content_only());
        plan.add(Change::Template("story.html".into()));
        assert!(plan.content_only() && plan.theme && !plan.everything);
        plan.add(Change::Records("data/records/a.toml".into()));
        assert!(!plan.content_only() && plan.data);
        plan.add(Change::Config);
        assert!(plan.everything && plan.statics && plan.theme);
    }
}
