//! Columns of plain text for the terminal (check's summary, explain) that line up by what the
//! eye sees: a Vietnamese letter with its marks is one column wide, whatever its bytes or
//! `char`s, so widths are measured in display columns, not in bytes or characters.

use unicode_width::UnicodeWidthStr;

/// How many terminal columns `text` takes.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` followed by spaces up to `width` columns (left-aligned).
pub fn pad_end(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(display_width(text)),
    ));
    padded
}

/// Spaces up to `width` columns, then `text` (right-aligned).
pub fn pad_start(text: &str, width: usize) -> String {
    let mut padded: String =
        std::iter::repeat_n(' ', width.saturating_sub(display_width(text))).collect();
    padded.push_str(text);
    padded
}

/// How a column's cells sit in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The rows (header first) as lines indented by `indent`, each column as wide as its widest
/// cell and separated by `gap` spaces; trailing spaces are dropped.
pub fn lay_out(rows: &[Vec<String>], aligns: &[Align], indent: usize, gap: usize) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| display_width(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (cell, &width))| match aligns.get(c) {
                    Some(Align::Right) => pad_start(cell, width),
                    _ => pad_end(cell, width),
                })
                .collect();
            let line = format!("{}{}", " ".repeat(indent), cells.join(&" ".repeat(gap)));
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn vietnamese_letters_take_one_column_each() {
        assert_eq!(display_width("Gia đình học tập"), 16);
        // The same words with their marks combined separately still take 16 columns.
        let decomposed: String = "Gia đình học tập".nfd().collect();
        assert!(decomposed.chars().count() > 16);
        assert_eq!(display_width(&decomposed), 16);
    }

    #[test]
    fn padded_cells_line_up_by_display_width() {
        let names = ["Dòng họ học tập", "Gia đình học tập", "Unit", "Đơn vị"];
        let lines: Vec<String> = names
            .iter()
            .map(|n| format!("{}|{}", pad_end(n, 18), pad_start("7", 4)))
            .collect();
        for line in &lines {
            let bar = line.find('|').map(|at| display_width(&line[..at]));
            assert_eq!(bar, Some(18), "{line}");
            assert_eq!(display_width(line), 23, "{line}");
        }
        assert_eq!(pad_end("quá dài", 3), "quá dài");
    }

    #[test]
    fn a_table_with_vietnamese_names_lines_up() {
        let rows: Vec<Vec<String>> = [
            ["danh hiệu", "2024", "2025"],
            ["Gia đình học tập (gia-dinh-hoc-tap)", "12", "1.204"],
            ["Đơn vị học tập (don-vi-hoc-tap)", "3", "7"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let lines = lay_out(&rows, &[Align::Left, Align::Right, Align::Right], 2, 1);
        let widths: Vec<usize> = lines.iter().map(|l| display_width(l)).collect();
        assert_eq!(widths, vec![48, 48, 48], "{lines:#?}");
        assert_eq!(lines[2], "  Đơn vị học tập (don-vi-hoc-tap)        3     7");
        assert!(lines[0].starts_with("  danh hiệu "));
    }
}
