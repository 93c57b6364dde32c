//! Imported records written as record TOML, in the layout of the demo's files: one
//! `[[kind]]` table per record, then one `[[kind.assessment]]` per round.

use std::fmt::Write as _;

use super::rows::Imported;
use crate::base::format::format_number;
use crate::base::inputs::{CriterionValue, Kind};
use crate::commands::new::toml_string;

/// The file's text; `source` is the spreadsheet's file name, named in the opening comment as
/// an escaped TOML string: a name holding a line break, `"` or `[` cannot start a table there.
pub fn write(records: &[Imported], kind: Kind, province: &str, source: &str) -> String {
    let source = toml_string(source);
    let mut out = format!(
        "# Nhập từ {source} bằng `vinhdanh import --kind {kind} --province {province}`.\n\
         # Có thể sửa tay tệp này; chạy lại lệnh với --force sẽ ghi đè nó.\n"
    );
    for record in records {
        write_record(&mut out, record, kind, province);
    }
    out
}

fn write_record(out: &mut String, record: &Imported, kind: Kind, province: &str) {
    let _ = writeln!(out, "\n\n[[{kind}]]");
    let _ = writeln!(out, "id = {}", toml_string(&record.id));
    let _ = writeln!(out, "name = {}", toml_string(&record.name));
    let _ = writeln!(out, "province = {}", toml_string(province));
    let _ = writeln!(out, "commune = {}", toml_string(&record.commune));
    if let Some(village) = &record.village {
        let _ = writeln!(out, "village = {}", toml_string(village));
    }
    if let Some(members) = record.members {
        let _ = writeln!(out, "members = {members}");
    }
    for assessment in &record.assessments {
        let _ = writeln!(out, "\n[[{kind}.assessment]]");
        let _ = writeln!(out, "round = {}", assessment.round);
        let criteria: Vec<String> = assessment
            .criteria
            .iter()
            .map(|(id, value)| format!("{id} = {}", value_text(value)))
            .collect();
        let _ = writeln!(out, "criteria = {{ {} }}", criteria.join(", "));
        if let Some(note) = &assessment.note {
            let _ = writeln!(out, "note = {}", toml_string(note));
        }
    }
}

/// `true`, `false`, `2`, `2.5`.
fn value_text(value: &CriterionValue) -> String {
    match value {
        CriterionValue::Bool(b) => b.to_string(),
        CriterionValue::Number(n) => format_number(*n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::import::rows::ImportedAssessment;

    #[test]
    fn records_are_written_as_toml_that_reads_back() {
        let record = Imported {
            id: "gd-an-kinh-bac".into(),
            first_row: 2,
            id_column: "name".into(),
            name: "Gia đình ông \"An\"".into(),
            commune: "Phường Kinh Bắc".into(),
            village: None,
            members: Some(4),
            assessments: vec![ImportedAssessment {
                row: 2,
                round: 2025,
                criteria: vec![
                    ("a".into(), CriterionValue::Bool(true)),
                    ("so".into(), CriterionValue::Number(2.5)),
                ],
                note: Some("Ghi chú".into()),
            }],
        };
        let text = write(&[record], Kind::Family, "bac-ninh", "gia-dinh.csv");
        assert!(text.contains("criteria = { a = true, so = 2.5 }"), "{text}");
        let table: toml::Table = toml::from_str(&text).expect("valid TOML");
        let family = &table["family"][0];
        assert_eq!(family["name"].as_str(), Some("Gia đình ông \"An\""));
        assert_eq!(family["assessment"][0]["round"].as_integer(), Some(2025));
    }

    #[test]
    fn a_file_name_cannot_add_tables_or_keys() {
        let source = "a\n[[family]]\nid=\"x\"\r\n# ]\u{7}.csv";
        let text = write(&[], Kind::Family, "bac-ninh", source);
        assert!(
            text.starts_with(
                "# Nhập từ \"a\\n[[family]]\\nid=\\\"x\\\"\\r\\n# ]\\u0007.csv\" bằng"
            ),
            "{text}"
        );
        let table: toml::Table = toml::from_str(&text).expect("valid TOML");
        assert!(table.is_empty(), "{table:?}");
    }
}
