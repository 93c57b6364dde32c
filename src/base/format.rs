//! Numbers and dates written the way readers of each language expect: "81,3%" and 12/03/2025
//! in Vietnamese, "81.3%" and 12 March 2025 in English.

/// The language of the site's UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Vi }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            Lang::Vi => ',',
            Lang::En => '.',
        }
    }

    fn thousands_mark(self) -> char {
        match self {
            Lang::Vi => '.',
            Lang::En => ',',
        }
    }
}

impl From<crate::base::lang::Lang> for Lang {
    fn from(lang: crate::base::lang::Lang) -> Lang {
        Lang::parse(lang.code())
    }
}

/// A number with at most `decimals` decimals, trailing zeros dropped.
fn decimal(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let text = if text == "-0" { "0".to_string() } else { text };
    text.replace('.', &lang.decimal_mark().to_string())
}

/// A percentage with one decimal: "81,3%".
pub fn format_percent(value: f64, lang: Lang) -> String {
    format!("{}%", decimal(value, 1, lang))
}

/// A score with up to two decimals: "87,5".
pub fn format_points(value: f64, lang: Lang) -> String {
    decimal(value, 2, lang)
}

/// A whole number with thousands separated: "274.000".
pub fn format_integer(value: u64, lang: Lang) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(lang.thousands_mark());
        }
        out.push(c);
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An ISO date (`2025-03-12`) for reading: "12/03/2025" or "12 March 2025". Anything else is
/// returned as it is.
pub fn format_date(iso: &str, lang: Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return iso.to_string();
    };
    let Ok(month_number) = month.parse::<usize>() else {
        return iso.to_string();
    };
    match lang {
        Lang::Vi => format!("{day}/{month}/{year}"),
        Lang::En => match MONTHS_EN.get(month_number.wrapping_sub(1)) {
            Some(name) => format!("{} {name} {year}", day.trim_start_matches('0')),
            None => iso.to_string(),
        },
    }
}

/// A number as people write it: `10`, `0.5`, `87.5` (no trailing `.0`, at most 2 decimals).
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(format_number(10.0), "10");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(87.5), "87.5");
        assert_eq!(format_number(2.0 / 3.0), "0.67");
        assert_eq!(format_number(-0.001), "0");
    }

    #[test]
    fn numbers_use_the_language_marks() {
        assert_eq!(format_percent(81.333, Lang::Vi), "81,3%");
        assert_eq!(format_percent(80.0, Lang::Vi), "80%");
        assert_eq!(format_percent(81.333, Lang::En), "81.3%");
        assert_eq!(format_points(87.5, Lang::Vi), "87,5");
        assert_eq!(format_integer(274000, Lang::Vi), "274.000");
        assert_eq!(format_integer(1234567, Lang::En), "1,234,567");
        assert_eq!(format_integer(999, Lang::Vi), "999");
    }

    #[test]
    fn command_output_numbers_follow_the_run_language() {
        use crate::base::lang::Lang as RunLang;
        assert_eq!(format_points(82.95, RunLang::Vi.into()), "82,95");
        assert_eq!(format_points(82.95, RunLang::En.into()), "82.95");
        assert_eq!(format_points(1234.5, RunLang::Vi.into()), "1234,5");
        assert_eq!(format_points(67.5, RunLang::Vi.into()), "67,5");
        assert_eq!(format_points(67.5, RunLang::En.into()), "67.5");
        assert_eq!(format_points(0.25, RunLang::Vi.into()), "0,25");
        assert_eq!(format_points(0.25, RunLang::En.into()), "0.25");
        assert_eq!(format_points(2.0 / 3.0, RunLang::Vi.into()), "0,67");
        assert_eq!(format_points(-0.001, RunLang::En.into()), "0");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(format_date("2025-03-12", Lang::Vi), "12/03/2025");
        assert_eq!(format_date("2025-03-12", Lang::En), "12 March 2025");
        assert_eq!(format_date("soon", Lang::Vi), "soon");
    }
}
