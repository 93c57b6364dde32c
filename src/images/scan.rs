//! `check` looks at the images of the static folders as the build will publish them, so that
//! staff learn of a photo that would be refused (damaged, or HEIC and the like) before they
//! build, at the file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{ImageError, clean};
use crate::base::diagnostics::Diagnostics;
use crate::base::layout::SourceKind;
use crate::base::messages::Problem;
use crate::base::source::Sources;

/// Reports, at the file, every static image of the site at `root` (its own `static/` and
/// its theme's) that the build would refuse. A file the site's folder replaces is not
/// published, and not looked at.
pub fn check_static_images(
    root: &Path,
    theme: &str,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) {
    let folders = [
        SourceKind::ThemeStatic.relative(theme),
        SourceKind::SiteStatic.relative(theme),
    ];
    let files = published_files(root, &folders);
    let mut refused: Vec<(PathBuf, ImageError)> = files
        .into_par_iter()
        .filter_map(|(name, file)| {
            let bytes = fs::read(root.join(&file)).ok()?;
            clean(&name, bytes).err().map(|error| (file, error))
        })
        .collect();
    refused.sort_by(|a, b| a.0.cmp(&b.0));
    for (file, error) in refused {
        let id = sources.add(&file, String::new());
        diagnostics.error(sources.file_start(id), "", problem(error));
    }
}

fn problem(error: ImageError) -> Problem {
    match error {
        ImageError::Damaged(damaged) => Problem::ImageDamaged(damaged),
        ImageError::Unsupported(kind) => Problem::ImageUnsupported(kind),
    }
}

/// The files of `folders` (relative to `root`) by their published path, a later folder's
/// file replacing an earlier one's, each with its path from `root`.
fn published_files(root: &Path, folders: &[PathBuf]) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for folder in folders {
        let walk = WalkDir::new(root.join(folder))
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for entry in walk {
            if let Ok(relative) = entry.path().strip_prefix(root.join(folder)) {
                let name = relative.to_string_lossy().replace('\\', "/");
                files.insert(name, folder.join(relative));
            }
        }
    }
    files
}
