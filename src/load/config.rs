//! Decodes `site.toml`.

use std::path::Path;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{License, SiteConfig};
use crate::base::layout;
use crate::base::messages::Problem;

use super::base_url::parse_base_url;
use super::reader::TableReader;

/// Decodes site.toml of the site at `root` (where the theme folder is looked for).
pub fn decode(root: &Path, mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig::default();
    if let Some(title) = reader.req_str("title", diags) {
        config.title = title.value;
    }
    if let Some(url) = reader.req_str("base_url", diags) {
        match parse_base_url(&url.value) {
            Ok(base_url) => config.base_url = base_url,
            Err(error) => diags.error(
                url.span,
                reader.field_path("base_url"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", url.value),
                    expected: error.expected().into(),
                },
            ),
        }
    }
    if let Some(language) = reader.opt_str("language", diags) {
        if matches!(language.value.as_str(), "vi" | "en") {
            config.language = language.value;
        } else {
            diags.error(
                language.span,
                reader.field_path("language"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", language.value),
                    expected: "\"vi\" or \"en\"".into(),
                },
            );
        }
    }
    config.current_round = reader.opt_int("current_round", 2000, 2100, diags);
    if let Some(theme) = reader.opt_str("theme", diags) {
        let field = reader.field_path("theme");
        if !is_folder_name(&theme.value) {
            let value = format!("\"{}\"", theme.value);
            let expected = THEME_EXPECTED.into();
            diags.error(theme.span, field, Problem::InvalidValue { value, expected });
        } else if !root.join(layout::theme_folder(&theme.value)).is_dir() {
            let name = theme.value.clone();
            diags.error(theme.span, field, Problem::ThemeMissing { name });
        } else {
            config.theme = theme.value;
        }
    }
    if let Some(due) = reader.opt_str("report_due", diags) {
        config.report_due = parse_month_day(&due.value);
        if config.report_due.is_none() {
            diags.error(
                due.span,
                reader.field_path("report_due"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", due.value),
                    expected: "a day of the year written MM-DD, like \"12-15\"".into(),
                },
            );
        }
    }
    config.image = site_image(&mut reader, diags);
    config.license = license(&mut reader, diags);
    reader.finish(diags);
    config
}

/// `image`: a path on the site (`/anh/chia-se.png`), shown when a page without a picture of
/// its own is shared.
fn site_image(reader: &mut TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<String> {
    let image = reader.opt_str("image", diags)?;
    if image.value.starts_with('/') && !image.value.starts_with("//") && !image.value.contains("..")
    {
        return Some(image.value);
    }
    diags.error(
        image.span,
        reader.field_path("image"),
        Problem::InvalidValue {
            value: format!("\"{}\"", image.value),
            expected: "a path on this site starting with /, like \"/anh/chia-se.png\"".into(),
        },
    );
    None
}

/// `license` and `license_url`: the terms of the open data. A licence named without an
/// address has none; neither given, CC BY 4.0.
fn license(reader: &mut TableReader<'_, '_>, diags: &mut Diagnostics) -> License {
    let name = reader.opt_str("license", diags);
    let url = reader.opt_str("license_url", diags).and_then(|url| {
        if url.value.starts_with("https://") || url.value.starts_with("http://") {
            return Some(url.value);
        }
        diags.error(
            url.span,
            reader.field_path("license_url"),
            Problem::InvalidValue {
                value: format!("\"{}\"", url.value),
                expected: "an http(s):// address of the licence's text".into(),
            },
        );
        None
    });
    match name {
        Some(name) => License {
            name: name.value,
            url,
        },
        None => License::default(),
    }
}

const THEME_EXPECTED: &str =
    "the name of a folder in themes/: lower-case letters a-z, digits, `-` and `_`";

/// One folder name under `themes/`: never a path, never `..`, never hidden.
fn is_folder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `MM-DD` as a month and a day that exists in some year: 02-29 is a date (in leap years),
/// 02-30 and 04-31 are not.
fn parse_month_day(text: &str) -> Option<(u8, u8)> {
    let (month, day) = text.split_once('-')?;
    let month: u8 = month.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    (day >= 1 && day <= longest_month(month)?).then_some((month, day))
}

/// The most days `month` has, in a leap year; `None` for no month.
fn longest_month(month: u8) -> Option<u8> {
    match month {
        2 => Some(29),
        4 | 6 | 9 | 11 => Some(30),
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_folder_name, parse_month_day};

    #[test]
    fn a_theme_is_one_folder_name() {
        for name in ["default", "xanh-la", "tinh_2025", "9"] {
            assert!(is_folder_name(name), "{name}");
        }
        for name in [
            "", "..", "../x", "/etc", "a/b", "a\\b", ".an", "-x", "Xanh", "xanh lá", "C:x",
        ] {
            assert!(!is_folder_name(name), "{name}");
        }
    }

    #[test]
    fn only_days_that_exist_are_report_dates() {
        assert_eq!(parse_month_day("12-15"), Some((12, 15)));
        assert_eq!(parse_month_day("02-29"), Some((2, 29)));
        assert_eq!(parse_month_day("01-31"), Some((1, 31)));
        for text in [
            "02-30", "04-31", "06-31", "13-01", "00-10", "05-00", "5", "a-b",
        ] {
            assert_eq!(parse_month_day(text), None, "{text}");
        }
    }
}
