//! Source files read for one run, and the places (spans) inside them that diagnostics point at.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: saturate(range.start),
            end: saturate(range.end),
        }
    }

    /// Whether `other` lies wholly within this span.
    pub fn contains(self, other: Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }

    /// A span shifted by `offset` bytes, for text parsed out of a larger file (front matter).
    pub fn shifted(self, offset: usize) -> Self {
        let offset = saturate(offset);
        Span {
            file: self.file,
            start: self.start.saturating_add(offset),
            end: self.end.saturating_add(offset),
        }
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value together with the place it was read from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The text as a [`Name`](crate::base::name::Name), in the same place.
    pub fn into_name(self) -> Spanned<crate::base::name::Name> {
        Spanned::new(crate::base::name::Name::new(&self.value), self.span)
    }
}

impl Spanned<crate::base::name::Name> {
    pub fn as_str(&self) -> &str {
        self.value.as_str()
    }
}

/// One file read for this run: its path relative to the site root and its NFC text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Where each line starts, found when a diagnostic first needs a line: a site of a million
    /// records has forty million lines, and a valid one needs none of them.
    line_starts: OnceLock<Vec<usize>>,
    /// The text was freed by [`Sources::release_text_unless`].
    released: bool,
}

/// A line and column, both counted from 1; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            line_starts: OnceLock::new(),
            released: false,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Whether the text was freed after checking ([`Sources::release_text_unless`]).
    pub fn is_released(&self) -> bool {
        self.released
    }

    /// The line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = line_starts[line_index];
        let column = self.text[line_start..offset].chars().count() + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The text of line `line` (from 1), without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts.get(line - 1).copied().unwrap_or(0);
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file read in one run, so that spans can be turned into file, line and column.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        let id = FileId(saturate(self.files.len()));
        self.files.push(SourceFile::new(path.to_path_buf(), text));
        id
    }

    /// Adds a file whose text is not kept: it is read and decoded on its own, and its text is
    /// given back with [`Sources::set_text`] or [`Sources::restore_text`] when a diagnostic
    /// points into it.
    pub fn add_unread(&mut self, path: &Path) -> FileId {
        let id = self.add(path, String::new());
        self.files[id.0 as usize].released = true;
        id
    }

    /// Gives its text to a file added with [`Sources::add_unread`].
    pub fn set_text(&mut self, id: FileId, text: String) {
        self.files[id.0 as usize] = SourceFile::new(self.path(id).to_path_buf(), text);
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// The whole-file span, for problems that belong to a file rather than a value in it.
    pub fn file_start(&self, id: FileId) -> Span {
        Span::new(id, 0..0)
    }

    /// Frees the text of every file for which `keep` is false; their paths stay, and their
    /// spans then show as the first line. `check` and `build` call this once the site is valid
    /// (`check::check_site_lean`).
    pub fn release_text_unless(&mut self, keep: impl Fn(FileId) -> bool) {
        for (i, file) in self.files.iter_mut().enumerate() {
            if !keep(FileId(saturate(i))) && !file.released {
                file.text = String::new();
                file.line_starts = OnceLock::new();
                file.released = true;
            }
        }
    }

    /// Gives back their text to the freed files for which `wanted` is true, as `read` gives
    /// it for their path.
    pub fn restore_text(
        &mut self,
        wanted: impl Fn(FileId) -> bool,
        read: impl Fn(&Path) -> Option<String>,
    ) {
        for (i, file) in self.files.iter_mut().enumerate() {
            if file.released
                && wanted(FileId(saturate(i)))
                && let Some(text) = read(&file.path)
            {
                *file = SourceFile::new(file.path.clone(), text);
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(saturate(i)), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let mut sources = Sources::default();
        let id = sources.add(Path::new("a.toml"), "a = 1\nten = \"Đặng\"\n".into());
        let file = sources.get(id);
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        let offset = file.text.find("Đặng").unwrap();
        assert_eq!(file.line_col(offset), LineCol { line: 2, column: 8 });
        let after = offset + "Đặng".len();
        assert_eq!(
            file.line_col(after),
            LineCol {
                line: 2,
                column: 12
            }
        );
        assert_eq!(file.line_text(2), "ten = \"Đặng\"");
    }
}
