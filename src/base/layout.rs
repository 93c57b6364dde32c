//! The site's layout, written once: every place a site is read from, its path from the site
//! root (a theme's places from the theme's folder), what it holds, and what a file there is.
//! The loader, the theme, the static files, `serve`'s watcher and classifier and the output
//! guard all ask here.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

/// What a file of the site is, by the place it lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// `site.toml`: the site's settings.
    Config,
    /// `data/rules.toml`: the criteria every record is judged by.
    Rules,
    /// A `.toml` file below `data/provinces/`, one province named by the file's stem.
    Province,
    /// A `.toml` file below `data/records/`.
    Records,
    /// A Markdown story below `content/cau-chuyen/`.
    Story,
    /// Any other Markdown page below `content/`.
    Page,
    /// A file below `static/`, published as it is.
    SiteStatic,
    /// A Tera template below the theme's `templates/`.
    Template,
    /// A file of the theme's UI strings, below its `i18n/` (`vi.toml`, `en.toml`).
    ThemeText,
    /// A file below the theme's `static/`, published unless `static/` has one of that path.
    ThemeStatic,
}

/// Where a place's path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The site's root folder.
    Site,
    /// The folder of the site's theme, `themes/<theme>/`.
    Theme,
}

/// What a place holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// The one file at the place's path.
    File,
    /// The files at any depth below the place's folder whose extension is `ext` (any file
    /// when `None`); with `skips_hidden`, not those whose name starts with `.`, `~` or `#`
    /// (hidden files and editors' backups).
    Files {
        ext: Option<&'static str>,
        skips_hidden: bool,
    },
}

/// One place of the layout: a file or a folder of files of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub kind: SourceKind,
    pub from: Start,
    /// The path from where the place starts, with `/` between folders.
    pub path: &'static str,
    pub holds: Holds,
}

/// The folder holding the themes, one folder per theme.
pub const THEMES: &str = "themes";

/// The folder below `content/` whose Markdown files are stories.
pub const STORY_FOLDER: &str = "cau-chuyen";

const fn loaded(ext: &'static str) -> Holds {
    Holds::Files {
        ext: Some(ext),
        skips_hidden: true,
    }
}

const fn any_file() -> Holds {
    Holds::Files {
        ext: None,
        skips_hidden: false,
    }
}

/// Every place of a site. A place inside another's folder (stories inside `content/`) comes
/// first: the first place that holds a path is the one it belongs to.
pub const PLACES: [Place; 10] = [
    Place {
        kind: SourceKind::Config,
        from: Start::Site,
        path: "site.toml",
        holds: Holds::File,
    },
    Place {
        kind: SourceKind::Rules,
        from: Start::Site,
        path: "data/rules.toml",
        holds: Holds::File,
    },
    Place {
        kind: SourceKind::Province,
        from: Start::Site,
        path: "data/provinces",
        holds: loaded("toml"),
    },
    Place {
        kind: SourceKind::Records,
        from: Start::Site,
        path: "data/records",
        holds: loaded("toml"),
    },
    Place {
        kind: SourceKind::Story,
        from: Start::Site,
        path: "content/cau-chuyen",
        holds: loaded("md"),
    },
    Place {
        kind: SourceKind::Page,
        from: Start::Site,
        path: "content",
        holds: loaded("md"),
    },
    Place {
        kind: SourceKind::SiteStatic,
        from: Start::Site,
        path: "static",
        holds: any_file(),
    },
    Place {
        kind: SourceKind::Template,
        from: Start::Theme,
        path: "templates",
        holds: Holds::Files {
            ext: Some("html"),
            skips_hidden: false,
        },
    },
    Place {
        kind: SourceKind::ThemeText,
        from: Start::Theme,
        path: "i18n",
        holds: any_file(),
    },
    Place {
        kind: SourceKind::ThemeStatic,
        from: Start::Theme,
        path: "static",
        holds: any_file(),
    },
];

impl SourceKind {
    /// The place of this kind in [`PLACES`].
    pub fn place(self) -> &'static Place {
        PLACES
            .iter()
            .find(|place| place.kind == self)
            .expect("every kind has a place")
    }

    /// The path of this kind's place (its file, or its folder) under `root`, for the theme
    /// named `theme`.
    pub fn path(self, root: &Path, theme: &str) -> PathBuf {
        root.join(self.relative(theme))
    }

    /// The path of this kind's place under `root`, for a place of the site's own (not of its
    /// theme): `site.toml`, `data/...`, `content/...`, `static/`.
    pub fn in_site(self, root: &Path) -> PathBuf {
        debug_assert_eq!(self.place().from, Start::Site, "{self:?} is the theme's");
        root.join(self.place().path)
    }

    /// The path of this kind's place relative to the site root.
    pub fn relative(self, theme: &str) -> PathBuf {
        let place = self.place();
        let start = match place.from {
            Start::Site => PathBuf::new(),
            Start::Theme => theme_folder(theme),
        };
        start.join(place.path)
    }
}

/// The folder of the theme named `theme`, relative to the site root: `themes/<theme>`.
pub fn theme_folder(theme: &str) -> PathBuf {
    Path::new(THEMES).join(theme)
}

/// The file of the theme's UI strings in the language of `code` (`vi`, `en`), under `root`.
pub fn theme_text_file(root: &Path, theme: &str, code: &str) -> PathBuf {
    SourceKind::ThemeText
        .path(root, theme)
        .join(format!("{code}.toml"))
}

/// The static folders under `root` in the order their files are laid on the output: the
/// theme's first, then the site's, whose files win.
pub fn static_folders(root: &Path, theme: &str) -> [PathBuf; 2] {
    [
        SourceKind::ThemeStatic.path(root, theme),
        SourceKind::SiteStatic.path(root, theme),
    ]
}

/// The files and folders directly in the site root that a build reads: `site.toml`, `data`,
/// `content`, `static`, `themes` (every theme, whichever the site names).
pub fn top_level() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for place in &PLACES {
        let name = match place.from {
            Start::Site => place.path.split('/').next().unwrap_or(place.path),
            Start::Theme => THEMES,
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The folders directly in the site root that hold places (every entry of [`top_level`] but
/// `site.toml`).
pub fn top_level_folders() -> Vec<&'static str> {
    top_level()
        .into_iter()
        .filter(|name| {
            !PLACES
                .iter()
                .any(|place| place.holds == Holds::File && place.path == *name)
        })
        .collect()
}

/// What the file at `path` is for a site at `root` whose theme is `theme`: the kind of the
/// place that holds it, or `None` when no place does (the site never reads it). `path` is
/// relative to `root`, or absolute below it. Only the path is looked at, so a file that is
/// gone is told as well as one that is there; a folder is not a file (see [`folder`]).
pub fn classify(root: &Path, theme: &str, path: &Path) -> Option<SourceKind> {
    kind_of(&relative_parts(root, path)?, Some(theme))
}

/// What the file at `path` (relative to the site root) is among the site's own places, the
/// theme's left out: what `load` reads.
pub fn site_file(path: &Path) -> Option<SourceKind> {
    kind_of(&relative_parts(Path::new(""), path)?, None)
}

/// The kind of the first place (of the site's theme, when there is one) whose folder holds
/// the file named by `parts`, if the place takes that file.
fn kind_of(parts: &[&OsStr], theme: Option<&str>) -> Option<SourceKind> {
    let name = parts.last()?;
    let (place, inside) = PLACES.iter().find_map(|place| {
        let inside = strip_place(parts, place, theme)?;
        (place.holds != Holds::File || inside.is_empty()).then_some((place, inside))
    })?;
    let takes = match place.holds {
        Holds::File => true,
        Holds::Files { ext, skips_hidden } => {
            !inside.is_empty()
                && ext.is_none_or(|ext| Path::new(name).extension() == Some(OsStr::new(ext)))
                && !(skips_hidden && is_hidden(name))
        }
    };
    takes.then_some(place.kind)
}

/// What a folder at a path holds, by the places it is in or above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folder {
    /// The folder of a place, or a folder inside it: files of that kind only. `within` is
    /// its path from the place's folder, empty for that folder itself.
    Inside { kind: SourceKind, within: PathBuf },
    /// A folder above the folder of another place (`data/`, `content/`, `themes/`, the
    /// theme's folder): files of the kinds of every place at or below it.
    Above(Vec<SourceKind>),
}

/// What a folder at `path` (relative to `root`, or absolute below it) would hold for a site
/// whose theme is `theme`; `None` when it holds nothing the site reads. Only the path is
/// looked at: the folder may be gone, or not be a folder.
pub fn folder(root: &Path, theme: &str, path: &Path) -> Option<Folder> {
    let parts = relative_parts(root, path)?;
    if parts.is_empty() {
        return None;
    }
    let at_or_under: Vec<(SourceKind, usize)> = PLACES
        .iter()
        .filter_map(|place| {
            let place_parts = place_parts(place, Some(theme))?;
            place_parts
                .starts_with(&parts)
                .then_some((place.kind, place_parts.len()))
        })
        .collect();
    if at_or_under.iter().any(|(_, len)| *len > parts.len()) {
        return Some(Folder::Above(
            at_or_under.into_iter().map(|(kind, _)| kind).collect(),
        ));
    }
    PLACES
        .iter()
        .filter(|place| place.holds != Holds::File)
        .find_map(|place| {
            let inside = strip_place(&parts, place, Some(theme))?;
            Some(Folder::Inside {
                kind: place.kind,
                within: inside.iter().collect(),
            })
        })
}

/// The names of `parts` after those of `place`'s path, when `parts` lies in the place. Called
/// for every file the loader reads: nothing is allocated.
fn strip_place<'a>(
    parts: &'a [&'a OsStr],
    place: &Place,
    theme: Option<&str>,
) -> Option<&'a [&'a OsStr]> {
    let theme_folder = match place.from {
        Start::Site => None,
        Start::Theme => Some([THEMES, theme?]),
    };
    let names = theme_folder.into_iter().flatten();
    let mut rest = parts;
    for name in names.chain(place.path.split('/')) {
        let (first, tail) = rest.split_first()?;
        if *first != OsStr::new(name) {
            return None;
        }
        rest = tail;
    }
    Some(rest)
}

/// The path of `place` relative to the site root, as names; `None` for a theme's place when
/// no theme is looked at.
fn place_parts<'a>(place: &Place, theme: Option<&'a str>) -> Option<Vec<&'a OsStr>> {
    let mut parts: Vec<&'a OsStr> = match (place.from, theme) {
        (Start::Site, _) => Vec::new(),
        (Start::Theme, Some(theme)) => vec![OsStr::new(THEMES), OsStr::new(theme)],
        (Start::Theme, None) => return None,
    };
    parts.extend(place.path.split('/').map(OsStr::new));
    Some(parts)
}

/// The names of `path` from `root`; `None` for a path outside `root` or with `..`, which
/// cannot be the site's.
fn relative_parts<'a>(root: &Path, path: &'a Path) -> Option<Vec<&'a OsStr>> {
    let relative = if path.is_absolute() {
        path.strip_prefix(root).ok()?
    } else {
        path
    };
    relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect()
}

/// Hidden files and editors' backups (`.#x.toml`, `~x.toml`, `#x.toml#`) are no part of the
/// loaded site.
pub fn is_hidden(name: &OsStr) -> bool {
    matches!(name.as_encoded_bytes().first(), Some(b'.' | b'~' | b'#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<SourceKind> {
        classify(Path::new("/site"), "default", Path::new(path))
    }

    #[test]
    fn each_place_holds_its_own_files() {
        use SourceKind::*;
        for (path, expected) in [
            ("site.toml", Some(Config)),
            ("data/rules.toml", Some(Rules)),
            ("data/provinces/bac-ninh.toml", Some(Province)),
            ("data/provinces/cu/bac-ninh.toml", Some(Province)),
            ("data/records/bac-ninh/gia-dinh.toml", Some(Records)),
            ("content/cau-chuyen/2024/ba-the-he.md", Some(Story)),
            ("content/gioi-thieu.md", Some(Page)),
            ("content/cau-chuyen.md", Some(Page)),
            ("static/anh/a.jpg", Some(SiteStatic)),
            ("static/.well-known/security.txt", Some(SiteStatic)),
            ("themes/default/templates/partials/nav.html", Some(Template)),
            ("themes/default/i18n/vi.toml", Some(ThemeText)),
            ("themes/default/static/style.css", Some(ThemeStatic)),
            ("/site/data/rules.toml", Some(Rules)),
            ("./site.toml", Some(Config)),
        ] {
            assert_eq!(kind(path), expected, "{path}");
        }
    }

    #[test]
    fn what_no_place_holds_is_none() {
        for path in [
            "",
            "README.md",
            "data/ghi-chu.toml",
            "data/records/ghi-chu.txt",
            "data/records/.#gia-dinh.toml",
            "content/~nhap.md",
            "content/anh.jpg",
            "data/provinces",
            "static",
            "themes/default/templates/notes.txt",
            "themes/other/templates/record.html",
            "themes/default/ghi-chu.txt",
            "/elsewhere/site.toml",
            "../site.toml",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn folders_hold_what_their_places_hold() {
        use SourceKind::*;
        let at = |path: &str| folder(Path::new("/site"), "default", Path::new(path));
        let inside = |kind, within: &str| {
            Some(Folder::Inside {
                kind,
                within: within.into(),
            })
        };
        assert_eq!(
            at("data"),
            Some(Folder::Above(vec![Rules, Province, Records]))
        );
        assert_eq!(at("content"), Some(Folder::Above(vec![Story, Page])));
        let theme = Some(Folder::Above(vec![Template, ThemeText, ThemeStatic]));
        assert_eq!(at("themes"), theme);
        assert_eq!(at("themes/default"), theme);
        assert_eq!(at("themes/other"), None);
        assert_eq!(at("data/records"), inside(Records, ""));
        assert_eq!(at("data/records/bac-ninh"), inside(Records, "bac-ninh"));
        assert_eq!(at("content/cau-chuyen/2024"), inside(Story, "2024"));
        assert_eq!(at("content/gioi-thieu"), inside(Page, "gioi-thieu"));
        assert_eq!(at("static"), inside(SiteStatic, ""));
        assert_eq!(at("themes/default/static/css"), inside(ThemeStatic, "css"));
        assert_eq!(at("site.toml"), None);
        assert_eq!(at("public"), None);
    }

    #[test]
    fn places_are_found_under_the_root_and_the_theme() {
        let root = Path::new("/site");
        assert_eq!(
            SourceKind::Template.path(root, "xanh"),
            Path::new("/site/themes/xanh/templates")
        );
        assert_eq!(
            SourceKind::Rules.path(root, "xanh"),
            Path::new("/site/data/rules.toml")
        );
        assert_eq!(
            theme_text_file(root, "xanh", "en"),
            Path::new("/site/themes/xanh/i18n/en.toml")
        );
        assert_eq!(
            top_level(),
            ["site.toml", "data", "content", "static", "themes"]
        );
        assert_eq!(top_level_folders(), ["data", "content", "static", "themes"]);
        for place in &PLACES {
            assert_eq!(place.kind.place(), place);
        }
    }

    #[test]
    fn every_place_classifies_as_its_own_kind() {
        for place in &PLACES {
            let path = place.kind.relative("default");
            let file = match place.holds {
                Holds::File => path,
                Holds::Files { ext, .. } => path.join(format!("a.{}", ext.unwrap_or("txt"))),
            };
            assert_eq!(kind(&file.to_string_lossy()), Some(place.kind), "{place:?}");
        }
    }
}
