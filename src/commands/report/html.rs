//! The review report as one standalone HTML page for the emulation council, who read it on
//! paper: A4, serif type, tables with ruled cells whose headings repeat on every page. The page
//! needs nothing else (no script, no font, no image); every text is escaped.

use std::fmt::Write as _;

use super::sections::{Report, Section, Table};
use crate::base::inputs::Date;
use crate::base::lang::{Lang, ReportText};

/// The page's margin box: the page number at the foot of every printed page.
fn page_style(lang: Lang) -> String {
    format!(
        "@page {{ size: A4; margin: 15mm 12mm 18mm;\n  @bottom-center {{ content: {}; \
         font-family: \"Times New Roman\", Times, serif; font-size: 9pt; }} }}\n",
        ReportText::PageOf.in_lang(lang)
    )
}

const STYLE: &str = "\
body { font-family: \"Times New Roman\", Times, serif; font-size: 11pt; color: #000;
  max-width: 190mm; margin: 0 auto; padding: 8mm 0; line-height: 1.35; }
header { text-align: center; margin-bottom: 12pt; }
.site { margin: 0; font-weight: bold; text-transform: uppercase; font-size: 10pt; }
h1 { font-size: 16pt; margin: 6pt 0 4pt; }
.review { margin: 0; font-style: italic; }
.made { margin: 2pt 0 0; font-size: 10pt; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p.note { margin: 0 0 6pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 8pt; font-size: 9.5pt; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.so { text-align: right; white-space: nowrap; }
footer { margin-top: 18pt; font-size: 9pt; }
@media print {
  body { padding: 0; }
  th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
";

pub fn write(report: &Report, lang: Lang, made: Date) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<!DOCTYPE html>");
    let _ = writeln!(out, "<html lang=\"{}\">", lang.code());
    let _ = writeln!(out, "<head>\n<meta charset=\"utf-8\">");
    let _ = writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&report.title));
    let _ = writeln!(
        out,
        "<style>\n{}{STYLE}</style>\n</head>\n<body>",
        page_style(lang)
    );
    write_header(&mut out, report, lang, made);
    for section in &report.sections {
        write_section(&mut out, section, lang);
    }
    let footer = ReportText::ReportFooter { site: &report.site }.in_lang(lang);
    let _ = writeln!(out, "<footer>{}</footer>", escape(&footer));
    let _ = writeln!(out, "</body>\n</html>");
    out
}

fn write_header(out: &mut String, report: &Report, lang: Lang, made: Date) {
    let _ = writeln!(out, "<header>");
    let _ = writeln!(out, "<p class=\"site\">{}</p>", escape(&report.site));
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.title));
    if let Some(review) = &report.review {
        let _ = writeln!(out, "<p class=\"review\">{}</p>", escape(review));
    }
    let made = ReportText::MadeOn { date: made }.in_lang(lang);
    let _ = writeln!(out, "<p class=\"made\">{}</p>", escape(&made));
    let _ = writeln!(out, "</header>");
}

fn write_section(out: &mut String, section: &Section, lang: Lang) {
    let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&section.heading));
    if let Some(note) = &section.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    if section.tables.is_empty() && section.note.is_none() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(&ReportText::NoneFound.in_lang(lang))
        );
    }
    for table in &section.tables {
        write_table(out, table, lang);
    }
    let _ = writeln!(out, "</section>");
}

fn write_table(out: &mut String, table: &Table, lang: Lang) {
    if let Some(heading) = &table.heading {
        let _ = writeln!(out, "<h3>{}</h3>", escape(heading));
    }
    if table.rows.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(&ReportText::NoneFound.in_lang(lang))
        );
        return;
    }
    out.push_str("<table>\n<thead><tr>");
    for column in &table.columns {
        let _ = write!(out, "<th>{}</th>", escape(column));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let class = if is_figure(cell) { " class=\"so\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A count or a percentage, aligned right: "274.000", "81,3%".
fn is_figure(cell: &str) -> bool {
    cell.starts_with(|c: char| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ' | '-'))
}

/// Text safe inside an HTML element or a quoted attribute.
fn escape(text: &str) -> String {
    crate::base::text::escape_markup(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::report::sections::{Report, Section, Table};

    const MADE: Date = Date {
        year: 2025,
        month: 12,
        day: 20,
    };

    fn report(cell: &str) -> Report {
        Report {
            lang: Lang::Vi,
            title: "Báo cáo <đợt> 2025".into(),
            review: None,
            site: "Cổng & trang".into(),
            sections: vec![Section {
                heading: "Mới được công nhận (1)".into(),
                note: None,
                tables: vec![Table {
                    heading: None,
                    columns: vec!["Hồ sơ".into(), "Điểm".into()],
                    rows: vec![vec![cell.into(), "274.000".into()]],
                }],
            }],
        }
    }

    #[test]
    fn every_text_is_escaped() {
        let page = write(&report("<script>alert('x')</script>"), Lang::Vi, MADE);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(page.contains("<title>Báo cáo &lt;đợt&gt; 2025</title>"));
        assert!(page.contains("Cổng &amp; trang"));
    }

    #[test]
    fn the_page_is_standalone_and_made_for_a4() {
        let page = write(&report("Gia đình ông An"), Lang::Vi, MADE);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(page.contains("@page { size: A4;"));
        assert!(page.contains("content: \"Trang \" counter(page) \"/\" counter(pages);"));
        assert!(page.contains("<p class=\"made\">Lập ngày 20/12/2025.</p>"));
        assert!(page.contains("<td class=\"so\">274.000</td>"));
        assert!(!page.contains("<script") && !page.contains("<link"));
    }
}
