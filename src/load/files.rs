//! Finds and reads the files of a site: UTF-8 checked, byte-order mark dropped, text in NFC.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::diagnostics::Diagnostics;
use crate::base::layout::{self, SourceKind};
use crate::base::messages::Problem;
use crate::base::source::{FileId, Sources, Span};
use crate::base::text::{nfc, slugify};

use super::limits;

/// The files of a site, read into [`Sources`].
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub config: Option<FileId>,
    pub rules: Option<FileId>,
    /// Province files with the slug taken from the file name.
    pub provinces: Vec<(FileId, String)>,
    pub records: Vec<FileId>,
    /// Markdown files, and whether each is a story (under `content/cau-chuyen/`).
    pub content: Vec<(FileId, bool)>,
}

/// Whether the record files are read with the rest, or only listed, for the decoding to read
/// one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordText {
    Read,
    Listed,
}

impl SiteFiles {
    pub fn read(
        root: &Path,
        record_text: RecordText,
        sources: &mut Sources,
        diags: &mut Diagnostics,
    ) -> SiteFiles {
        let mut files = SiteFiles {
            config: read_required(root, SourceKind::Config, sources, diags),
            rules: read_required(root, SourceKind::Rules, sources, diags),
            ..SiteFiles::default()
        };
        let provinces = files_of(root, SourceKind::Province);
        for (path, file) in read_files(root, &provinces, sources, diags) {
            let Some(file) = file else { continue };
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            files.provinces.push((file, stem.to_string()));
        }
        let records = files_of(root, SourceKind::Records);
        files.records = match record_text {
            RecordText::Read => read_files(root, &records, sources, diags)
                .into_iter()
                .filter_map(|(_, file)| file)
                .collect(),
            RecordText::Listed => records.iter().map(|p| sources.add_unread(p)).collect(),
        };
        let content = files_of(root, SourceKind::Page);
        files.content = read_files(root, &content, sources, diags)
            .into_iter()
            .filter_map(|(path, file)| Some((file?, is_story(&path))))
            .collect();
        files
    }

    /// Reads only the Markdown files among `paths` (relative to `root`; a folder stands for the
    /// files below it) that [`SiteFiles::read`] would read, skipping those that are gone: for
    /// `serve`, which reloads what changed.
    pub fn read_content(
        root: &Path,
        paths: &[PathBuf],
        sources: &mut Sources,
        diags: &mut Diagnostics,
    ) -> SiteFiles {
        let mut found: Vec<PathBuf> = Vec::new();
        let content = SourceKind::Page.place().path;
        for path in paths.iter().filter(|p| p.starts_with(content)) {
            if root.join(path).is_dir() {
                found.extend(files_under(root, path, is_content));
            } else if is_content(path) && root.join(path).is_file() {
                found.push(path.clone());
            }
        }
        found.sort();
        found.dedup();
        let content = read_files(root, &found, sources, diags)
            .into_iter()
            .filter_map(|(path, file)| Some((file?, is_story(&path))))
            .collect();
        SiteFiles {
            content,
            ..SiteFiles::default()
        }
    }

    /// Reads only the record files among `paths` (relative to `root`) that [`SiteFiles::read`]
    /// would read, skipping those that are gone: for `serve`, which reloads what changed.
    pub fn read_records(
        root: &Path,
        paths: &[PathBuf],
        sources: &mut Sources,
        diags: &mut Diagnostics,
    ) -> SiteFiles {
        let found: Vec<PathBuf> = paths
            .iter()
            .filter(|p| is_records_file(p) && root.join(p).is_file())
            .cloned()
            .collect();
        let records = read_files(root, &found, sources, diags)
            .into_iter()
            .filter_map(|(_, file)| file)
            .collect();
        SiteFiles {
            records,
            ..SiteFiles::default()
        }
    }
}

/// Whether a path (relative to the root) names a file [`SiteFiles::read`] reads as records: a
/// `.toml` file below `data/records/`, neither hidden nor an editor's backup.
pub fn is_records_file(path: &Path) -> bool {
    layout::site_file(path) == Some(SourceKind::Records)
}

/// Whether a path (relative to the root) names a Markdown file of `content/`, story or page.
fn is_content(path: &Path) -> bool {
    matches!(
        layout::site_file(path),
        Some(SourceKind::Story | SourceKind::Page)
    )
}

/// Whether a Markdown file (relative to the root) is a story: below `content/cau-chuyen/`.
fn is_story(path: &Path) -> bool {
    layout::site_file(path) == Some(SourceKind::Story)
}

/// Paths (relative to `root`) of the files of the site's place of `kind`, sorted; the pages'
/// place, `content/`, gives the stories too.
fn files_of(root: &Path, kind: SourceKind) -> Vec<PathBuf> {
    let folder = Path::new(kind.place().path);
    if kind == SourceKind::Page {
        files_under(root, folder, is_content)
    } else {
        files_under(root, folder, |path| layout::site_file(path) == Some(kind))
    }
}

/// Paths (relative to `root`) of the files below `folder` (relative to `root`) that `keep`
/// takes, sorted.
fn files_under(root: &Path, folder: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = WalkDir::new(root.join(folder))
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|path| keep(path))
        .collect();
    paths.sort();
    paths
}

fn read_required(
    root: &Path,
    kind: SourceKind,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    let path = &kind.in_site(Path::new(""));
    if !root.join(path).is_file() {
        let file = sources.add(path, String::new());
        diags.error(
            sources.file_start(file),
            "",
            Problem::Unreadable {
                reason: "the file does not exist".into(),
            },
        );
        return None;
    }
    read_file(root, path, sources, diags)
}

/// Reads one file into `sources`. A file that is not UTF-8 is reported at the first bad byte.
fn read_file(
    root: &Path,
    path: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    register(path, fetch(root, path), sources, diags)
}

/// Reads every file of `paths` (in parallel: reading and NFC are the slow part) and adds them
/// to `sources` in the order given, so that file ids do not depend on the threads.
fn read_files(
    root: &Path,
    paths: &[PathBuf],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Option<FileId>)> {
    let fetched: Vec<Fetched> = paths.par_iter().map(|path| fetch(root, path)).collect();
    paths
        .iter()
        .zip(fetched)
        .map(|(path, fetched)| (path.clone(), register(path, fetched, sources, diags)))
        .collect()
}

/// A file as read from disk, before it is added to the sources.
enum Fetched {
    Text(String),
    Unusable(Unusable),
}

/// A file that cannot be used as text.
enum Unusable {
    Unreadable(String),
    /// Larger than [`limits::file_limit`]: not read.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// Not UTF-8: the text with bad bytes replaced, and where the first one is.
    NotUtf8 {
        shown: String,
        at: usize,
    },
}

/// The text of the file at `path` (relative to `root`) as loading reads it, if it is readable
/// UTF-8.
pub fn reread(root: &Path, path: &Path) -> Option<String> {
    match fetch(root, path) {
        Fetched::Text(text) => Some(text),
        _ => None,
    }
}

fn fetch(root: &Path, path: &Path) -> Fetched {
    let mut bytes = Vec::new();
    if let Err(unusable) = read_within_limit(root, path, &mut bytes) {
        return Fetched::Unusable(unusable);
    }
    let bytes = match bytes.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Fetched::Text(into_nfc(text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            Fetched::Unusable(not_utf8(error.as_bytes(), at))
        }
    }
}

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads the file at `path` (relative to `root`) into `buffer`, whose memory is reused from
/// file to file, and hands its text, as loading reads it, to `use_text`. A file that cannot be
/// used as text is reported in `diags` instead, and the text to show with the report is
/// returned.
pub fn with_text<R>(
    root: &Path,
    file: FileId,
    path: &Path,
    buffer: &mut Vec<u8>,
    diags: &mut Diagnostics,
    use_text: impl FnOnce(&str) -> R,
) -> Result<R, String> {
    buffer.clear();
    let unusable = match read_within_limit(root, path, buffer) {
        Err(unusable) => unusable,
        Ok(()) => {
            let bytes = buffer.strip_prefix(BYTE_ORDER_MARK).unwrap_or(buffer);
            match std::str::from_utf8(bytes) {
                Ok(text) => return Ok(use_text(&nfc(text))),
                Err(error) => not_utf8(bytes, error.valid_up_to()),
            }
        }
    };
    Err(report_unusable(file, unusable, diags))
}

/// Reads the file at `path` (relative to `root`) into `buffer`, unless it is larger than the
/// limit of its kind: its size is known before a byte is read, and never more than the limit
/// is read even when the file grows meanwhile.
fn read_within_limit(root: &Path, path: &Path, buffer: &mut Vec<u8>) -> Result<(), Unusable> {
    use std::io::Read;
    let unreadable = |error: std::io::Error| Unusable::Unreadable(error.to_string());
    let file = fs::File::open(root.join(path)).map_err(unreadable)?;
    let bytes = file.metadata().map_err(unreadable)?.len();
    let limit = limits::file_limit(path);
    if bytes > limit {
        return Err(Unusable::TooLarge { bytes, limit });
    }
    buffer.reserve(usize::try_from(bytes).unwrap_or(0));
    let read = file
        .take(limit.saturating_add(1))
        .read_to_end(buffer)
        .map_err(unreadable)?;
    if read as u64 > limit {
        return Err(Unusable::TooLarge {
            bytes: read as u64,
            limit,
        });
    }
    Ok(())
}

/// Bytes that are not UTF-8 from offset `at`.
fn not_utf8(bytes: &[u8], at: usize) -> Unusable {
    Unusable::NotUtf8 {
        shown: String::from_utf8_lossy(bytes).into_owned(),
        at,
    }
}

/// `text` in NFC, copied only when it is not already (a file of a million records is).
fn into_nfc(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalized) => normalized,
    }
}

fn register(
    path: &Path,
    fetched: Fetched,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    match fetched {
        Fetched::Text(text) => Some(sources.add(path, text)),
        Fetched::Unusable(unusable) => {
            let file = sources.add(path, String::new());
            let shown = report_unusable(file, unusable, diags);
            sources.set_text(file, shown);
            None
        }
    }
}

/// Reports a file that could not be read as UTF-8 text; returns the text to show with the
/// report (the bytes with bad ones replaced), empty when nothing could be read.
fn report_unusable(file: FileId, unusable: Unusable, diags: &mut Diagnostics) -> String {
    match unusable {
        Unusable::Unreadable(reason) => {
            diags.error(Span::new(file, 0..0), "", Problem::Unreadable { reason });
            String::new()
        }
        Unusable::NotUtf8 { shown, at } => {
            diags.error(Span::new(file, at..at + 1), "", Problem::NotUtf8);
            shown
        }
        Unusable::TooLarge { bytes, limit } => {
            diags.error(
                Span::new(file, 0..0),
                "",
                Problem::FileTooLarge { bytes, limit },
            );
            String::new()
        }
    }
}

/// The URL path of a free page: each folder and the file stem slugged (`gioi-thieu`).
pub fn page_url_path(path: &Path) -> String {
    let relative = path
        .strip_prefix(SourceKind::Page.place().path)
        .unwrap_or(path)
        .with_extension("");
    relative
        .components()
        .map(|c| slugify(&c.as_os_str().to_string_lossy()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}
