//! A mistake on the command line, told in the language of the run. clap finds the mistake and
//! says what it is (its kind and context: the argument, the value, what would have been
//! valid); the sentence is written here, in Vietnamese or English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::help::usage_heading;
use crate::base::lang::{Lang, MsgText, both};

/// The whole text to print for a mistake: what is wrong, a tip when clap has one, the usage
/// line and where to find help.
pub fn render(error: &clap::Error, lang: Lang) -> String {
    let mut text = format!(
        "{}: {}\n",
        MsgText::ErrorWord.in_lang(lang),
        sentence(error, lang)
    );
    for tip in tips(error, lang) {
        text.push_str(&format!("\n  {}: {tip}\n", both!(lang, "gợi ý", "tip")));
    }
    if let Some(usage) = usage(error) {
        text.push_str(&format!("\n{} {usage}\n", usage_heading(lang)));
    }
    text.push_str(&format!(
        "\n{}\n",
        both!(
            lang,
            "Muốn xem hướng dẫn, hãy thêm '--help' vào cuối lệnh.",
            "For more information, add '--help' to the command."
        )
    ));
    text
}

fn sentence(error: &clap::Error, lang: Lang) -> String {
    let arg = one(error, ContextKind::InvalidArg);
    let value = one(error, ContextKind::InvalidValue);
    match error.kind() {
        ErrorKind::UnknownArgument => both!(
            lang,
            format!("không có tham số '{arg}'"),
            format!("unexpected argument '{arg}' found")
        ),
        ErrorKind::InvalidSubcommand => {
            let command = one(error, ContextKind::InvalidSubcommand);
            both!(
                lang,
                format!("không có lệnh '{command}'"),
                format!("unrecognized subcommand '{command}'")
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => both!(
            lang,
            format!("'{arg}' cần một giá trị, nhưng chưa có giá trị nào"),
            format!("a value is required for '{arg}' but none was supplied")
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => both!(
            lang,
            format!("giá trị '{value}' không dùng được cho '{arg}'"),
            format!("invalid value '{value}' for '{arg}'")
        ),
        ErrorKind::MissingRequiredArgument => {
            let missing = many(error, ContextKind::InvalidArg).join(", ");
            both!(
                lang,
                format!("thiếu tham số bắt buộc: {missing}"),
                format!("the following required arguments were not provided: {missing}")
            )
        }
        ErrorKind::MissingSubcommand => both!(
            lang,
            "thiếu tên lệnh".to_string(),
            "a subcommand is required".to_string()
        ),
        ErrorKind::ArgumentConflict => {
            let prior = many(error, ContextKind::PriorArg).join(", ");
            both!(
                lang,
                format!("không dùng '{arg}' cùng với {prior}"),
                format!("the argument '{arg}' cannot be used with {prior}")
            )
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => both!(
            lang,
            format!("số giá trị cho '{arg}' không đúng"),
            format!("wrong number of values for '{arg}'")
        ),
        _ => both!(
            lang,
            "dòng lệnh không đọc được (hãy kiểm tra các tham số)".to_string(),
            "the command line cannot be read (check its arguments)".to_string()
        ),
    }
}

fn tips(error: &clap::Error, lang: Lang) -> Vec<String> {
    let mut tips = Vec::new();
    let valid = many(error, ContextKind::ValidValue);
    if !valid.is_empty() {
        let valid = valid.join(", ");
        tips.push(both!(
            lang,
            format!("các giá trị dùng được: {valid}"),
            format!("possible values: {valid}")
        ));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        let suggested = one(error, kind);
        if !suggested.is_empty() {
            tips.push(both!(
                lang,
                format!("có phải là '{suggested}'?"),
                format!("a similar argument exists: '{suggested}'")
            ));
        }
    }
    let command = many(error, ContextKind::SuggestedSubcommand);
    if let Some(command) = command.first() {
        tips.push(both!(
            lang,
            format!("có phải là lệnh '{command}'?"),
            format!("a similar subcommand exists: '{command}'")
        ));
    }
    if error.kind() == ErrorKind::UnknownArgument && one(error, ContextKind::TrailingArg) == "true"
    {
        tips.push(both!(
            lang,
            "muốn dùng giá trị bắt đầu bằng '-', hãy đặt '--' trước nó".to_string(),
            "to pass a value that starts with '-', put '--' before it".to_string()
        ));
    }
    tips
}

/// The usage line clap attached, without its English heading.
fn usage(error: &clap::Error) -> Option<String> {
    let usage = error.get(ContextKind::Usage)?.to_string();
    let usage = usage.trim();
    Some(
        usage
            .strip_prefix("Usage:")
            .unwrap_or(usage)
            .trim()
            .to_string(),
    )
}

fn one(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::Strings(values)) => values.first().cloned().unwrap_or_default(),
        Some(ContextValue::StyledStrs(values)) => {
            values.first().map(ToString::to_string).unwrap_or_default()
        }
        Some(value) => value.to_string(),
        None => String::new(),
    }
}

fn many(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(values)) => values.clone(),
        Some(ContextValue::StyledStrs(values)) => values.iter().map(ToString::to_string).collect(),
        Some(ContextValue::None) | None => Vec::new(),
        Some(value) => vec![value.to_string()],
    }
}
