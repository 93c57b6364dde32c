//! One rule for every CSV cell the tool writes (open data, review report): text that a
//! spreadsheet program would run as a formula is written so that it stays text.

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would run as a formula in a
/// spreadsheet (`=cmd|' /C calc'!A0`); a leading apostrophe keeps it text.
pub fn neutralise_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        for text in ["+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralise_formula(text), format!("'{text}"));
        }
        assert_eq!(neutralise_formula("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(neutralise_formula("a=b"), "a=b");
    }
}
