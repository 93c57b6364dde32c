//! The site's layout is written once (`base::layout`): on every real fixture site, what the
//! loader reads, what the theme loads and what `serve`'s classifier tells apart must agree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use vinhdanh::base::diagnostics::Diagnostics;
use vinhdanh::base::layout::{self, SourceKind};
use vinhdanh::base::source::Sources;
use vinhdanh::commands::serve::{Change, Layout, classify};
use vinhdanh::load::{RecordText, SiteFiles};
use vinhdanh::render::Theme;

use crate::support::{repo_root, sites_dir};

/// The demo site at the repository root and every fixture site under `tests/sites/`.
fn fixture_sites() -> Vec<PathBuf> {
    let mut sites = vec![repo_root(), sites_dir().join("valid")];
    for group in ["invalid", "hostile"] {
        let mut found: Vec<PathBuf> = fs::read_dir(sites_dir().join(group))
            .expect("fixture group")
            .map(|entry| entry.expect("fixture").path())
            .filter(|path| path.join("site.toml").is_file())
            .collect();
        found.sort();
        sites.extend(found);
    }
    sites
}

/// The theme a site names, `default` when it names none.
fn theme_of(root: &Path) -> String {
    let text = fs::read_to_string(SourceKind::Config.in_site(root)).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).unwrap_or_default();
    table
        .get("theme")
        .and_then(|theme| theme.as_str())
        .unwrap_or("default")
        .to_string()
}

/// Every file the loader reads from `root`, by its path from the root, with the kind it is
/// read as; and every path it tried, read or not.
fn loaded(root: &Path) -> (BTreeMap<PathBuf, SourceKind>, Vec<PathBuf>) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let files = SiteFiles::read(root, RecordText::Listed, &mut sources, &mut diags);
    let mut kinds = BTreeMap::new();
    let mut add = |id, kind| {
        kinds.insert(sources.path(id).to_path_buf(), kind);
    };
    files
        .config
        .into_iter()
        .for_each(|id| add(id, SourceKind::Config));
    files
        .rules
        .into_iter()
        .for_each(|id| add(id, SourceKind::Rules));
    for (id, _) in &files.provinces {
        add(*id, SourceKind::Province);
    }
    for id in &files.records {
        add(*id, SourceKind::Records);
    }
    for (id, story) in &files.content {
        add(
            *id,
            if *story {
                SourceKind::Story
            } else {
                SourceKind::Page
            },
        );
    }
    let tried = sources.iter().map(|(id, _)| sources.path(id).to_path_buf());
    (kinds, tried.collect())
}

/// What `serve` should make of a change to a file the loader read as `kind`.
fn expected_change(path: &Path, kind: SourceKind) -> Change {
    let stem = || {
        path.file_stem()
            .expect("a file")
            .to_string_lossy()
            .into_owned()
    };
    match kind {
        SourceKind::Config => Change::Config,
        SourceKind::Rules => Change::Rules,
        SourceKind::Province => Change::Province(stem()),
        SourceKind::Records => Change::Records(path.to_path_buf()),
        SourceKind::Story => Change::Story(path.to_path_buf()),
        SourceKind::Page => Change::Page(path.to_path_buf()),
        other => panic!("the loader does not read {other:?}"),
    }
}

#[test]
fn the_classifiers_tell_every_loaded_file_as_the_loader_reads_it() {
    let mut seen: Vec<SourceKind> = Vec::new();
    for root in fixture_sites() {
        let theme = theme_of(&root);
        let serve = Layout::new(&theme, None);
        let (kinds, _) = loaded(&root);
        for (path, kind) in kinds {
            let shown = format!("{} in {}", path.display(), root.display());
            assert_eq!(
                layout::classify(&root, &theme, &path),
                Some(kind),
                "{shown}"
            );
            let absolute = root.join(&path);
            assert_eq!(
                layout::classify(&root, &theme, &absolute),
                Some(kind),
                "{shown}"
            );
            assert_eq!(
                classify(&path, &serve),
                Some(expected_change(&path, kind)),
                "{shown}"
            );
            if !seen.contains(&kind) {
                seen.push(kind);
            }
        }
    }
    seen.sort();
    use SourceKind::*;
    assert_eq!(seen, [Config, Rules, Province, Records, Story, Page]);
}

#[test]
fn the_loader_reads_every_file_the_layout_says_it_holds() {
    for root in fixture_sites() {
        let theme = theme_of(&root);
        let (_, tried) = loaded(&root);
        for top in layout::top_level() {
            if !root.join(top).exists() {
                continue;
            }
            for entry in walkdir::WalkDir::new(root.join(top)) {
                let entry = entry.expect("walk site");
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.path().strip_prefix(&root).expect("inside the site");
                let kind = layout::classify(&root, &theme, path);
                if kind.is_some_and(|kind| kind.place().from == layout::Start::Site)
                    && !matches!(kind, Some(SourceKind::SiteStatic))
                {
                    assert!(
                        tried.iter().any(|read| read == path),
                        "{} in {} is {kind:?} but not read",
                        path.display(),
                        root.display()
                    );
                }
            }
        }
    }
}

#[test]
fn the_classifiers_tell_every_file_of_the_theme_as_it_is_used() {
    let root = repo_root();
    let theme_name = theme_of(&root);
    let theme = Theme::load(&root, &theme_name, "vi").expect("demo theme");
    let serve = Layout::new(&theme_name, None);
    let templates = SourceKind::Template.relative(&theme_name);
    let mut names: Vec<&str> = theme.tera.get_template_names().collect();
    names.sort();
    assert!(names.contains(&"record.html"), "{names:?}");
    for name in names {
        let path = templates.join(name);
        assert_eq!(
            layout::classify(&root, &theme_name, &path),
            Some(SourceKind::Template),
            "{name}"
        );
        assert_eq!(classify(&path, &serve), Some(Change::Template(name.into())));
    }
    let strings = layout::theme_text_file(Path::new(""), &theme_name, "vi");
    assert!(root.join(&strings).is_file());
    assert_eq!(
        layout::classify(&root, &theme_name, &strings),
        Some(SourceKind::ThemeText)
    );
    assert_eq!(classify(&strings, &serve), Some(Change::Strings));
    let [theme_static, site_static] = layout::static_folders(&root, &theme_name);
    assert_eq!(theme_static, theme.static_dir);
    for (folder, kind) in [
        (theme_static, SourceKind::ThemeStatic),
        (site_static, SourceKind::SiteStatic),
    ] {
        let mut count = 0;
        for entry in walkdir::WalkDir::new(&folder) {
            let entry = entry.expect("walk static");
            if !entry.file_type().is_file() {
                continue;
            }
            count += 1;
            let inside = entry.path().strip_prefix(&folder).expect("inside");
            let path = entry.path().strip_prefix(&root).expect("inside the site");
            assert_eq!(layout::classify(&root, &theme_name, path), Some(kind));
            assert_eq!(
                classify(path, &serve),
                Some(Change::Static(inside.to_path_buf()))
            );
        }
        assert!(count > 0, "{} holds no file", folder.display());
    }
}
