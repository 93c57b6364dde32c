//! Decodes `site.toml`.

use crate::diagnostics::Diagnostics;
use crate::inputs::SiteConfig;
use crate::messages::Problem;

use super::reader::TableReader;

pub fn decode(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig::default();
    if let Some(title) = reader.req_str("title", diags) {
        config.title = title.value;
    }
    if let Some(url) = reader.req_str("base_url", diags) {
        if url.value.starts_with("https://") || url.value.starts_with("http://") {
            config.base_url = url.value.trim_end_matches('/').to_string();
        } else {
            diags.error(
                url.span,
                reader.field_path("base_url"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", url.value),
                    expected: "an address starting with https://".into(),
                },
            );
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
        config.theme = theme.value;
    }
    if let Some(due) = reader.opt_str("report_due", diags) {
        config.report_due = parse_month_day(&due.value);
        if config.report_due.is_none() {
            diags.error(
                due.span,
                reader.field_path("report_due"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", due.value),
                    expected: "a month and day written MM-DD, like \"12-15\"".into(),
                },
            );
        }
    }
    reader.finish(diags);
    config
}

fn parse_month_day(text: &str) -> Option<(u8, u8)> {
    let (month, day) = text.split_once('-')?;
    let month: u8 = month.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}
