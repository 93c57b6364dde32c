//! The command line's help in the language of the run, through clap's own hooks: the command
//! tree derived from [`super::Cli`] keeps its English doc comments for English, and gets its
//! Vietnamese words, headings, usage and value hints from [`super::words`] for Vietnamese.

use clap::{Arg, Command, CommandFactory};

use super::words;
use crate::base::lang::{Lang, both};

/// The whole command tree, every text of it in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut command = super::Cli::command();
    // Built first, so that the generated `--help`, `--version` and `help` exist to be worded.
    command.build();
    localise(command, lang, "vinhdanh")
}

/// The usage heading, as the help and the argument errors print it.
pub fn usage_heading(lang: Lang) -> &'static str {
    both!(lang, "Cách dùng:", "Usage:")
}

fn localise(command: Command, lang: Lang, path: &str) -> Command {
    let name = command.get_name().to_string();
    let path = if path == name {
        name.clone()
    } else {
        format!("{path} {name}")
    };
    let command = command
        .help_template(template(lang))
        .subcommand_help_heading(both!(lang, "Lệnh", "Commands"))
        .subcommand_value_name(both!(lang, "LỆNH", "COMMAND"))
        .mut_args(|arg| localise_arg(arg, lang, &name));
    let command = match lang {
        Lang::En => command,
        Lang::Vi => {
            let usage = usage(&command, &path);
            let command = command.override_usage(usage);
            match words::about(&name) {
                Some(about) => command.about(about).long_about(None),
                None => command,
            }
        }
    };
    command.mut_subcommands(|sub| localise(sub, lang, &path))
}

fn template(lang: Lang) -> String {
    format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage_heading(lang)
    )
}

/// The usage line in Vietnamese: clap's own says `[OPTIONS]` and `<COMMAND>`.
fn usage(command: &Command, path: &str) -> String {
    let mut usage = format!("{path} [TÙY_CHỌN]");
    for positional in command.get_positionals() {
        let value = value_name(positional);
        if positional.is_required_set() {
            usage.push_str(&format!(" <{value}>"));
        } else {
            usage.push_str(&format!(" [{value}]"));
        }
    }
    if command.has_subcommands() {
        usage.push_str(" <LỆNH>");
    }
    usage
}

fn value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string())
}

fn localise_arg(arg: Arg, lang: Lang, command: &str) -> Arg {
    let heading = if arg.is_positional() {
        both!(lang, "Tham số", "Arguments")
    } else {
        both!(lang, "Tùy chọn", "Options")
    };
    let arg = arg.help_heading(heading);
    if lang == Lang::En {
        return arg;
    }
    let Some(words) = words::arg(command, arg.get_id().as_str()) else {
        return arg;
    };
    let help = format!("{}{}", words.help, hints(&arg));
    let arg = arg
        .help(help)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true);
    if words.value.is_empty() || !arg.get_action().takes_values() {
        arg
    } else {
        arg.value_name(words.value)
    }
}

/// clap's `[default: …]` and `[possible values: …]`, in Vietnamese.
fn hints(arg: &Arg) -> String {
    let mut hints = String::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        hints.push_str(&format!(" [giá trị: {}]", values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        hints.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument someone can see has its Vietnamese words.
    #[test]
    fn nothing_is_left_in_english() {
        fn walk(command: &Command, missing: &mut Vec<String>) {
            let name = command.get_name();
            if words::about(name).is_none() {
                missing.push(format!("command {name}"));
            }
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                if words::arg(name, arg.get_id().as_str()).is_none() {
                    missing.push(format!("{name} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&command(Lang::Vi), &mut missing);
        assert!(missing.is_empty(), "no Vietnamese words for {missing:?}");
    }

    #[test]
    fn the_vietnamese_help_has_no_english_headings() {
        let help = command(Lang::Vi).render_help().to_string();
        for english in ["Usage:", "Options:", "Commands:", "[default", "Print help"] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        assert!(
            help.contains("Cách dùng: vinhdanh [TÙY_CHỌN] <LỆNH>"),
            "{help}"
        );
    }
}
