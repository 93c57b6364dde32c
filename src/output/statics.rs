//! The static files a site publishes as they are, for both writers (`build` and `serve`): the
//! files of the static folders (the theme's, then the site's, whose file wins where both have
//! one), and their bytes as published (images without their metadata).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::OutputError;
use super::minify::minify_static;
use crate::images;

/// One static file to publish: its output path and the file it is copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    pub path: String,
    pub source: PathBuf,
}

/// The files of the static folders `dirs`, in path order; a file of a later folder wins over
/// one of the same path in an earlier folder. A folder that cannot be read is an error, not a
/// file left out. Symbolic links are not followed.
pub fn static_files(dirs: &[PathBuf]) -> Result<Vec<StaticFile>, OutputError> {
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        for entry in WalkDir::new(dir).follow_links(false) {
            let entry = entry.map_err(|error| walk_error(dir, error))?;
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(relative) = entry.path().strip_prefix(dir) {
                let path = relative.to_string_lossy().replace('\\', "/");
                files.insert(path, entry.into_path());
            }
        }
    }
    Ok(files
        .into_iter()
        .map(|(path, source)| StaticFile { path, source })
        .collect())
}

/// A folder of `dir` that could not be read, named by its own path.
fn walk_error(dir: &Path, error: walkdir::Error) -> OutputError {
    let path = error.path().unwrap_or(dir).to_path_buf();
    let source = match error.into_io_error() {
        Some(source) => source,
        None => io::Error::other("a loop of folders"),
    };
    OutputError::Io { path, source }
}

/// The bytes to publish for the static file at `source`: read, then
/// [`clean`](images::clean)ed (an image) or minified (a style sheet or script). Every way out
/// (`build`, `serve`) reads static files through this.
pub fn read_static(source: &Path) -> Result<Vec<u8>, OutputError> {
    let bytes = fs::read(source).map_err(|error| OutputError::Io {
        path: source.to_path_buf(),
        source: error,
    })?;
    let name = source.to_string_lossy();
    let bytes = images::clean(&name, bytes).map_err(|error| OutputError::Image {
        path: source.to_path_buf(),
        error,
    })?;
    Ok(minify_static(&name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `serve` and a build that finds a damaged image after `check` print: the file,
    /// the code, what is wrong and what to do.
    #[test]
    fn a_refused_static_file_is_named_with_its_code() {
        use crate::base::lang::Lang;

        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("chep-do.jpg");
        fs::write(&path, b"\xff\xd8\xff\xe0\x00\x10JFIF").expect("written");
        let error = read_static(&path).expect_err("refused");
        let vi = error.in_lang(Lang::Vi);
        assert!(vi.starts_with("[E045] "), "{vi}");
        assert!(
            vi.contains("chep-do.jpg") && vi.contains("bị cắt cụt"),
            "{vi}"
        );
        assert!(vi.contains("không có gì được ghi"), "{vi}");
        let en = error.in_lang(Lang::En);
        assert!(
            en.contains("chep-do.jpg") && en.contains("cut short"),
            "{en}"
        );
    }

    #[test]
    fn the_later_folder_wins_and_files_come_in_path_order() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let theme = dir.path().join("theme");
        let site = dir.path().join("site");
        for (folder, file, text) in [
            (&theme, "style.css", "theme"),
            (&theme, "b/x.txt", "theme"),
            (&site, "style.css", "site"),
            (&site, "a.txt", "site"),
        ] {
            let path = folder.join(file);
            fs::create_dir_all(path.parent().expect("folder")).expect("folder");
            fs::write(&path, text).expect("written");
        }
        let files =
            static_files(&[theme.clone(), site.clone(), dir.path().join("none")]).expect("listed");
        let found: Vec<(&str, &Path)> = files
            .iter()
            .map(|f| (f.path.as_str(), f.source.as_path()))
            .collect();
        assert_eq!(
            found,
            [
                ("a.txt", site.join("a.txt").as_path()),
                ("b/x.txt", theme.join("b/x.txt").as_path()),
                ("style.css", site.join("style.css").as_path()),
            ]
        );
    }
}
