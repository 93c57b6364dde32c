//! Reading a spreadsheet into rows of cells, whatever it was saved as: CSV (UTF-8, comma or
//! semicolon separated, with or without a byte-order mark) or XLSX (the first sheet, read with
//! calamine). Rows keep the number the spreadsheet program shows, header = row 1, so that every
//! problem can name the row staff will look for.

use std::path::Path;

use calamine::{Data, Reader as _};

use crate::text::nfc;

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
    /// No header row.
    Empty,
}

/// Reads `path` by its extension.
pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => {
            let bytes = std::fs::read(path).map_err(|e| SheetError::Unreadable(e.to_string()))?;
            read_csv(&bytes)
        }
        Some("xlsx" | "xlsm" | "xls" | "ods") => read_workbook(path),
        _ => Err(SheetError::Format),
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
    for (index, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| SheetError::Unreadable(e.to_string()))?;
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

/// Reads the first sheet of a workbook.
fn read_workbook(path: &Path) -> Result<Sheet, SheetError> {
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(index, cells)| {
            // Columns left of the used range are empty: keep positions as the sheet shows them.
            let mut row: Vec<Cell> = vec![Cell::Empty; first_column];
            row.extend(cells.iter().map(workbook_cell));
            Row {
                number: first_row + index + 1,
                cells: row,
            }
        })
        .collect();
    into_sheet(rows)
}

fn workbook_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => text_cell(text),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text_cell(text),
        Data::DateTime(date) => Cell::Text(date.to_string()),
        Data::Error(error) => Cell::Text(format!("#{error}")),
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
