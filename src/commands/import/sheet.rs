//! Reading a spreadsheet into rows of cells, whatever it was saved as: CSV (UTF-8, comma or
//! semicolon separated, with or without a byte-order mark) or XLSX (the first sheet, read cell
//! by cell with calamine). Rows keep the number the spreadsheet program shows, header = row 1,
//! so that every problem can name the row staff will look for. Every read stays within
//! [`limits`](super::limits), checked before the memory is spent.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx};

use super::limits::{
    ArchiveError, CellBudget, LimitError, MAX_COLUMNS, check_archive, check_file_size,
};
use crate::base::text::nfc;

/// One cell, as the spreadsheet holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            Cell::Number(_) | Cell::Bool(_) => false,
        }
    }

    /// The cell as people read it: "5" for the number 5.0, "2.5" for 2.5.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// A data row with its number in the spreadsheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }
}

/// A header row and the data rows below it (empty rows left out).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// Why a spreadsheet could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// Not a `.csv` or `.xlsx` file.
    Format,
    /// A CSV file in another encoding than UTF-8.
    NotUtf8 { row: usize },
    /// The file could not be opened or parsed.
    Unreadable(String),
    /// The file is over one of import's limits.
    TooLarge(LimitError),
    /// No header row.
    Empty,
}

/// Reads `path` by its extension, after checking its size.
pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let is_workbook = match extension.as_deref() {
        Some("csv") => false,
        Some("xlsx" | "xlsm") => true,
        _ => return Err(SheetError::Format),
    };
    let unreadable = |e: std::io::Error| SheetError::Unreadable(e.to_string());
    let file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    check_file_size(size).map_err(SheetError::TooLarge)?;
    if is_workbook {
        read_workbook(file)
    } else {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, size), &mut bytes)
            .map_err(unreadable)?;
        read_csv(&bytes)
    }
}

/// Reads CSV text; the separator is `;` when the header has more of them than commas (as
/// spreadsheet programs write CSV where the comma is the decimal mark).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut budget = CellBudget::default();
    for (index, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| SheetError::Unreadable(e.to_string()))?;
        if let Some(last) = record.len().checked_sub(1) {
            let row = u32::try_from(index).unwrap_or(u32::MAX);
            // The first cell over the limit is the one named.
            let column = u32::try_from(last).unwrap_or(u32::MAX).min(MAX_COLUMNS);
            budget.grow(row, column, 0).map_err(SheetError::TooLarge)?;
        }
        let mut cells = Vec::with_capacity(record.len());
        for field in &record {
            let text =
                std::str::from_utf8(field).map_err(|_| SheetError::NotUtf8 { row: index + 1 })?;
            cells.push(text_cell(text));
        }
        rows.push(Row {
            number: index + 1,
            cells,
        });
    }
    into_sheet(rows)
}

fn text_cell(text: &str) -> Cell {
    let text = text.trim();
    if text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(nfc(text).into_owned())
    }
}

/// Reads the first sheet of a workbook, one cell at a time: the sheet's declared size is
/// never trusted, only the cells it holds, each counted against the limits.
fn read_workbook(file: File) -> Result<Sheet, SheetError> {
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    let mut reader = BufReader::new(file);
    check_archive(&mut reader).map_err(|e| match e {
        ArchiveError::Limit(limit) => SheetError::TooLarge(limit),
        ArchiveError::Zip(e) => unreadable(&e),
    })?;
    std::io::Seek::rewind(&mut reader).map_err(|e| unreadable(&e))?;
    let mut workbook = Xlsx::new(reader).map_err(|e| unreadable(&e))?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(SheetError::Empty)?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(&e))?;
    let mut grid: BTreeMap<u32, Vec<Cell>> = BTreeMap::new();
    let mut budget = CellBudget::default();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let value = workbook_cell(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        let (row, column) = cell.get_position();
        let cells = grid.entry(row).or_default();
        budget
            .grow(row, column, cells.len())
            .map_err(SheetError::TooLarge)?;
        let column = column as usize;
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = value;
    }
    let rows = grid
        .into_iter()
        .map(|(row, cells)| Row {
            number: row as usize + 1,
            cells,
        })
        .collect();
    into_sheet(rows)
}

fn workbook_cell(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => text_cell(text),
        DataRef::SharedString(text) => text_cell(text),
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text_cell(text),
        DataRef::DateTime(date) => Cell::Text(date.to_string()),
        DataRef::Error(error) => Cell::Text(format!("#{error}")),
    }
}

/// The first row is the header; empty rows below it are left out.
fn into_sheet(rows: Vec<Row>) -> Result<Sheet, SheetError> {
    let mut rows = rows
        .into_iter()
        .skip_while(|r| r.cells.iter().all(Cell::is_empty));
    let header_row = rows.next().ok_or(SheetError::Empty)?;
    let header = header_row.cells.iter().map(Cell::text).collect();
    Ok(Sheet {
        header,
        rows: rows
            .filter(|r| !r.cells.iter().all(Cell::is_empty))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet) -> Vec<(usize, Vec<String>)> {
        sheet
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(Cell::text).collect()))
            .collect()
    }

    #[test]
    fn csv_rows_are_numbered_as_the_spreadsheet_shows_them() {
        let sheet = read_csv("\u{feff}name,round\nAn,2025\n,\n\"Bình\nHoà\",2024\n".as_bytes())
            .expect("read");
        assert_eq!(sheet.header, ["name", "round"]);
        assert_eq!(
            texts(&sheet),
            [
                (2, vec!["An".to_string(), "2025".to_string()]),
                (4, vec!["Bình\nHoà".to_string(), "2024".to_string()]),
            ]
        );
    }

    #[test]
    fn semicolons_separate_when_the_header_says_so() {
        let sheet = read_csv(b"name;so-chuyen-de\nAn;2,5\n").expect("read");
        assert_eq!(sheet.header, ["name", "so-chuyen-de"]);
        assert_eq!(sheet.rows[0].cell(1).text(), "2,5");
    }

    #[test]
    fn csv_in_another_encoding_is_refused_with_its_row() {
        let error = read_csv(b"name\nB\xe0\n").expect_err("not UTF-8");
        assert_eq!(error, SheetError::NotUtf8 { row: 2 });
    }

    #[test]
    fn decomposed_text_is_composed() {
        let sheet = read_csv("name\nNguye\u{302}\u{303}n\n".as_bytes()).expect("read");
        assert_eq!(sheet.rows[0].cell(0).text(), "Nguyễn");
    }
}
