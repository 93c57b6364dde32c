//! How big a spreadsheet `import` reads, checked before the memory is spent: a 1.5 KB workbook
//! can declare a sheet of a million rows, or unpack to gigabytes, and staff import on the
//! machine that holds the only copy of their records. Each limit is far above a province's
//! real spreadsheets; a file over one is refused with the place that went over.

use std::io::{Read, Seek};

use crate::base::lang::{Lang, both};

/// The largest spreadsheet file read (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The last row a data cell may be in.
pub const MAX_ROWS: u32 = 200_000;
/// The last column a data cell may be in (column `SR`).
pub const MAX_COLUMNS: u32 = 512;
/// The most cells kept, counting the empty ones left of a cell in the same row.
pub const MAX_CELLS: usize = 4_000_000;
/// The most one part of a workbook (a sheet, the shared texts) may unpack to (256 MiB).
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The most a whole workbook may unpack to (512 MiB).
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// How many times larger than its packed size a part may unpack to. Spreadsheet XML packs
/// well, but not five hundred times; a compression bomb does.
pub const MAX_RATIO: u64 = 500;
/// Parts smaller than this are not held to [`MAX_RATIO`]: a tiny part packs without limit.
const RATIO_FROM_BYTES: u64 = 1024 * 1024;

/// A spreadsheet over one of the limits, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("the file is {bytes} bytes, more than {MAX_FILE_BYTES}")]
    File { bytes: u64 },
    #[error("part {part} unpacks to {bytes} bytes, more than {limit}")]
    Part {
        part: String,
        bytes: u64,
        limit: u64,
    },
    #[error("the workbook unpacks to {bytes} bytes, more than {MAX_UNPACKED_BYTES}")]
    Unpacked { bytes: u64 },
    #[error("part {part} unpacks {ratio} times its size, more than {MAX_RATIO}")]
    Ratio { part: String, ratio: u64 },
    #[error("cell {cell}: row {row}, more than {MAX_ROWS} rows")]
    Rows { cell: String, row: u32 },
    #[error("cell {cell}: column {column}, more than {MAX_COLUMNS} columns")]
    Columns { cell: String, column: u32 },
    #[error("cell {cell}: more than {MAX_CELLS} cells")]
    Cells { cell: String },
}

impl LimitError {
    /// What went over, in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
        match self {
            LimitError::File { bytes } => both!(
                lang,
                format!(
                    "tệp nặng {} MiB, quá giới hạn {} MiB",
                    mib(*bytes),
                    mib(MAX_FILE_BYTES)
                ),
                format!(
                    "the file is {} MiB, over the limit of {} MiB",
                    mib(*bytes),
                    mib(MAX_FILE_BYTES)
                )
            ),
            LimitError::Part { part, bytes, limit } => both!(
                lang,
                format!(
                    "phần {part} của tệp khi giải nén nặng {} MiB, quá giới hạn {} MiB",
                    mib(*bytes),
                    mib(*limit)
                ),
                format!(
                    "part {part} of the file unpacks to {} MiB, over the limit of {} MiB",
                    mib(*bytes),
                    mib(*limit)
                )
            ),
            LimitError::Unpacked { bytes } => both!(
                lang,
                format!(
                    "tệp khi giải nén nặng hơn {} MiB, quá giới hạn {} MiB",
                    mib(*bytes),
                    mib(MAX_UNPACKED_BYTES)
                ),
                format!(
                    "the file unpacks to more than {} MiB, over the limit of {} MiB",
                    mib(*bytes),
                    mib(MAX_UNPACKED_BYTES)
                )
            ),
            LimitError::Ratio { part, ratio } => both!(
                lang,
                format!(
                    "phần {part} của tệp giải nén ra lớn gấp {ratio} lần, quá giới hạn {MAX_RATIO} lần (tệp bị hỏng hoặc cố ý làm hại)"
                ),
                format!(
                    "part {part} of the file unpacks to {ratio} times its size, over the limit of {MAX_RATIO} (a damaged or hostile file)"
                )
            ),
            LimitError::Rows { cell, row } => both!(
                lang,
                format!("ô {cell} nằm ở dòng {row}, quá giới hạn {MAX_ROWS} dòng"),
                format!("cell {cell} is in row {row}, over the limit of {MAX_ROWS} rows")
            ),
            LimitError::Columns { cell, column } => both!(
                lang,
                format!("ô {cell} nằm ở cột thứ {column}, quá giới hạn {MAX_COLUMNS} cột"),
                format!(
                    "cell {cell} is in column {column}, over the limit of {MAX_COLUMNS} columns"
                )
            ),
            LimitError::Cells { cell } => both!(
                lang,
                format!("đến ô {cell}, bảng tính có hơn {MAX_CELLS} ô"),
                format!("at cell {cell}, the sheet has more than {MAX_CELLS} cells")
            ),
        }
    }
}

/// The file's size, unless it is over [`MAX_FILE_BYTES`].
pub fn check_file_size(bytes: u64) -> Result<(), LimitError> {
    if bytes > MAX_FILE_BYTES {
        return Err(LimitError::File { bytes });
    }
    Ok(())
}

/// Reads the workbook's table of contents (the zip central directory: cheap, nothing is
/// unpacked) and refuses a part, or the whole, that would unpack beyond the limits.
pub fn check_archive<R: Read + Seek>(reader: R) -> Result<(), ArchiveError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(ArchiveError::Zip)?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(ArchiveError::Zip)?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let (packed, unpacked) = (part.compressed_size(), part.size());
        if unpacked > MAX_PART_BYTES {
            return Err(ArchiveError::Limit(LimitError::Part {
                part: name,
                bytes: unpacked,
                limit: MAX_PART_BYTES,
            }));
        }
        if unpacked >= RATIO_FROM_BYTES && unpacked / packed.max(1) > MAX_RATIO {
            return Err(ArchiveError::Limit(LimitError::Ratio {
                part: name,
                ratio: unpacked / packed.max(1),
            }));
        }
        total = total.saturating_add(unpacked);
        if total > MAX_UNPACKED_BYTES {
            return Err(ArchiveError::Limit(LimitError::Unpacked { bytes: total }));
        }
    }
    Ok(())
}

/// Why a workbook's table of contents was refused.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not a zip archive at all, or a broken one.
    #[error(transparent)]
    Zip(zip::result::ZipError),
    #[error(transparent)]
    Limit(LimitError),
}

/// Counts the cells kept while a sheet is read, refusing the first one beyond the limits.
#[derive(Debug, Default)]
pub struct CellBudget {
    kept: usize,
}

impl CellBudget {
    /// Accounts for a row grown to `width` cells from `before`, for a cell at `row` and
    /// `column` (both from 0).
    pub fn grow(&mut self, row: u32, column: u32, before: usize) -> Result<(), LimitError> {
        let cell = || cell_name(row, column);
        if row >= MAX_ROWS {
            return Err(LimitError::Rows {
                cell: cell(),
                row: row.saturating_add(1),
            });
        }
        if column >= MAX_COLUMNS {
            return Err(LimitError::Columns {
                cell: cell(),
                column: column.saturating_add(1),
            });
        }
        let width = column as usize + 1;
        self.kept += width.saturating_sub(before);
        if self.kept > MAX_CELLS {
            return Err(LimitError::Cells { cell: cell() });
        }
        Ok(())
    }
}

/// The cell as spreadsheet programs name it: `A1`, `XFD1048576` (row and column from 0).
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    let letters = String::from_utf8(letters).unwrap_or_default();
    format!("{letters}{}", u64::from(row) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1, 25), "Z2");
        assert_eq!(cell_name(2, 26), "AA3");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn the_budget_refuses_the_first_cell_beyond_a_limit() {
        let mut budget = CellBudget::default();
        assert_eq!(budget.grow(0, 20, 0), Ok(()));
        assert_eq!(budget.grow(MAX_ROWS - 1, MAX_COLUMNS - 1, 0), Ok(()));
        assert_eq!(
            budget.grow(1_048_575, 16_383, 0),
            Err(LimitError::Rows {
                cell: "XFD1048576".into(),
                row: 1_048_576
            })
        );
        assert_eq!(
            budget.grow(3, MAX_COLUMNS, 0),
            Err(LimitError::Columns {
                cell: cell_name(3, MAX_COLUMNS),
                column: MAX_COLUMNS + 1
            })
        );
    }

    #[test]
    fn the_budget_counts_the_width_of_every_row() {
        let mut budget = CellBudget::default();
        let rows = u32::try_from(MAX_CELLS / MAX_COLUMNS as usize).expect("small");
        for row in 0..rows {
            assert_eq!(budget.grow(row, MAX_COLUMNS - 1, 0), Ok(()));
        }
        assert_eq!(
            budget.grow(rows, MAX_COLUMNS - 1, 0),
            Err(LimitError::Cells {
                cell: cell_name(rows, MAX_COLUMNS - 1)
            })
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        assert_eq!(check_file_size(MAX_FILE_BYTES), Ok(()));
        assert_eq!(
            check_file_size(MAX_FILE_BYTES + 1),
            Err(LimitError::File {
                bytes: MAX_FILE_BYTES + 1
            })
        );
    }
}
