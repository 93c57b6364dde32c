//! The review report as Markdown: a heading and a table per section.

use std::fmt::Write as _;

use super::sections::{Report, Section, Table};
use crate::base::lang::{Lang, ReportText};

pub fn write(report: &Report) -> String {
    let mut out = format!("# {}\n\n", cell(&report.title));
    if let Some(review) = &report.review {
        let _ = writeln!(out, "{}\n", cell(review));
    }
    for section in &report.sections {
        write_section(&mut out, section, report.lang);
    }
    out
}

fn write_section(out: &mut String, section: &Section, lang: Lang) {
    let _ = writeln!(out, "## {}\n", cell(&section.heading));
    if let Some(note) = &section.note {
        let _ = writeln!(out, "{}\n", cell(note));
    }
    if section.tables.is_empty() && section.note.is_none() {
        let _ = writeln!(out, "{}\n", ReportText::NoneFound.in_lang(lang));
    }
    for table in &section.tables {
        write_table(out, table, lang);
    }
}

/// A Markdown table, under its sub-heading; "None." when it has no rows.
fn write_table(out: &mut String, table: &Table, lang: Lang) {
    if let Some(heading) = &table.heading {
        let _ = writeln!(out, "### {}\n", cell(heading));
    }
    if table.rows.is_empty() {
        let _ = writeln!(out, "{}\n", ReportText::NoneFound.in_lang(lang));
        return;
    }
    let _ = writeln!(out, "| {} |", table.columns.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(table.columns.len()));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// Text made safe for a Markdown table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}
