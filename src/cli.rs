//! The command line: `build`, `check`, `explain`, `report`, `new` and `import`, run in a site's
//! root folder. Everything printed is in the language of the run (`--lang`, else site.toml's
//! `language`, else Vietnamese).

use std::io::Write;
use std::path::PathBuf;

use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::base::inputs::Year;
use crate::base::lang::{Lang, MsgText};
use crate::check::{check_site, check_site_lean};
use crate::commands::build::{BuildError, BuildOptions, build, default_out_dir};
use crate::commands::{
    EXIT_BAD_REQUEST, EXIT_SITE_ERRORS, explain, import, new, print_diagnostics, summary,
};
use crate::output::Foreign;

mod help;
mod prescan;
mod report;
mod usage_error;
mod words;

pub use help::command;

/// Builds the learning-society honours portal from TOML records and Markdown stories.
#[derive(Debug, Parser)]
#[command(name = "vinhdanh", version)]
pub struct Cli {
    /// The site's root folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// The language of messages, summaries and reports: vi or en (default: `language` in
    /// site.toml, else vi).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (default: public/ in the site's root).
    Build {
        /// The output folder.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Use this base URL instead of site.toml's (for previews).
        #[arg(long)]
        base_url: Option<String>,
        /// Replace the output folder even when it holds files vinhdanh did not write.
        #[arg(long)]
        force: bool,
    },
    /// Validate the whole site and print a summary; writes nothing.
    Check,
    /// Preview the site: build it, serve it on this machine, rebuild and reload the open pages
    /// on every change.
    Serve {
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = crate::commands::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 opens the preview to other
        /// machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The preview's output folder (default: a folder in the system's temporary folder).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Empty the output folder even when it holds files vinhdanh did not write.
        #[arg(long)]
        force: bool,
        /// Show draft stories too (draft = true), marked as drafts; build never publishes them.
        #[arg(long)]
        drafts: bool,
        /// Stop after this many seconds (for tests and benchmarks).
        #[arg(long, hide = true)]
        stop_after: Option<u64>,
    },
    /// Show how the rules judged one record: criteria, score, title and awards.
    Explain {
        /// The record's id.
        id: String,
        /// The round (year) to explain; default: the record's latest.
        #[arg(long)]
        round: Option<Year>,
    },
    /// The review report of a round: newly recognised, lost titles, award eligibility,
    /// progress against targets.
    Report {
        /// The round (year); default: the site's current round.
        #[arg(long)]
        round: Option<Year>,
        /// Compare with this earlier round instead of the previous one.
        #[arg(long)]
        since: Option<Year>,
        /// Output format: md, csv, or html (a standalone page to print on A4).
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Report on one province only: the name of its file in data/provinces/ without .toml.
        #[arg(long)]
        province: Option<String>,
    },
    /// Start a new story about a record, or a new site.
    New {
        #[command(subcommand)]
        what: new::NewCommand,
    },
    /// Turn a spreadsheet (.csv or .xlsx) of records with criteria columns into record TOML.
    Import(import::ImportArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Html,
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = match parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    let lang = Lang::choose(cli.lang, &cli.root);
    if let Command::Serve {
        port,
        bind,
        output,
        force,
        drafts,
        stop_after,
    } = &cli.command
    {
        return run_serve(crate::commands::serve::ServeOptions {
            root: cli.root.clone(),
            bind: *bind,
            port: *port,
            out_dir: output.clone(),
            foreign: foreign(*force),
            drafts: *drafts,
            stop_after: stop_after.map(std::time::Duration::from_secs),
            lang,
        });
    }
    if let Command::Build {
        output,
        base_url,
        force,
    } = &cli.command
    {
        return run_build(
            &cli.root,
            output.clone(),
            base_url.clone(),
            foreign(*force),
            lang,
        );
    }
    if let Command::New { what } = &cli.command {
        return new::run(&cli.root, what, cli.lang, lang);
    }
    if let Command::Import(args) = &cli.command {
        return import::run(&cli.root, args, lang);
    }
    let checked = if matches!(cli.command, Command::Check) {
        crate::base::progress::begin(lang, crate::base::progress::CHECK);
        let checked = check_site_lean(&cli.root);
        crate::base::progress::end();
        checked
    } else {
        check_site(&cli.root)
    };
    // Warnings belong to `check` (the report lists the award ones in a section of its own).
    if matches!(cli.command, Command::Check) || checked.has_errors() {
        print_diagnostics(&checked, lang);
    }
    let Some(honours) = checked.honours.as_ref().filter(|_| !checked.has_errors()) else {
        return EXIT_SITE_ERRORS;
    };
    let inputs = &checked.inputs;
    let output = match cli.command {
        Command::Check => Ok(summary::summary(
            inputs,
            honours,
            &checked.diagnostics,
            lang,
        )),
        Command::Build { .. }
        | Command::Serve { .. }
        | Command::New { .. }
        | Command::Import(_) => Ok(String::new()),
        Command::Explain { id, round } => {
            explain::explain(inputs, honours, &id, round, lang).map_err(|e| e.message(lang))
        }
        Command::Report {
            round,
            since,
            format,
            province,
        } => {
            let request = report::Request {
                round,
                since,
                format,
                province: province.as_deref(),
            };
            report::make(inputs, honours, &request, lang)
        }
    };
    let status = match output {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            0
        }
        Err(message) => {
            eprintln!("{}: {message}", MsgText::ErrorWord.in_lang(lang));
            EXIT_BAD_REQUEST
        }
    };
    // The process ends right after: freeing a national site's millions of small values one by
    // one would take longer than the summary did.
    std::mem::forget(checked);
    status
}

/// Parses the command line with its help and its errors in the language of the run; on a
/// mistake (or `--help`, `--version`) prints what clap found and returns the exit status.
fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, i32> {
    let lang = prescan::language(&args);
    let parsed = command(lang)
        .try_get_matches_from(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    parsed.map_err(|error| {
        use clap::error::ErrorKind;
        match error.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = error.print();
                error.exit_code()
            }
            _ => {
                eprint!("{}", usage_error::render(&error, lang));
                EXIT_BAD_REQUEST
            }
        }
    })
}

fn run_build(
    root: &std::path::Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    foreign: Foreign,
    lang: Lang,
) -> i32 {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out_dir: output.unwrap_or_else(|| default_out_dir(root)),
        base_url,
        foreign,
    };
    crate::base::progress::begin(lang, crate::base::progress::BUILD);
    let built = build(&options);
    crate::base::progress::end();
    match built {
        Ok(built) => {
            print_diagnostics(&built.checked, lang);
            let dir = options.out_dir.display().to_string();
            let done = MsgText::Built {
                pages: built.written.pages,
                files: built.written.files,
                megabytes: built.written.bytes as f64 / 1_000_000.0,
                kept: built.written.kept,
                dir: &dir,
                millis: built.elapsed.as_millis(),
            };
            println!("{}", done.in_lang(lang));
            let photos = built.photos;
            if photos.made + photos.reused > 0 {
                let cache = crate::photos::cache_dir(&options.out_dir);
                let cache = cache.display().to_string();
                let ready = MsgText::PhotosReady {
                    made: photos.made,
                    reused: photos.reused,
                    cache: &cache,
                };
                println!("{}", ready.in_lang(lang));
            }
            0
        }
        Err(BuildError::Invalid(checked)) => {
            print_diagnostics(&checked, lang);
            EXIT_SITE_ERRORS
        }
        Err(error @ BuildError::BaseUrl { .. }) => {
            let error = error.in_lang(lang);
            eprintln!("{}: {error}", MsgText::ErrorWord.in_lang(lang));
            EXIT_BAD_REQUEST
        }
        Err(error) => {
            let dir = options.out_dir.display().to_string();
            let head = error_head(error.code(), lang);
            let error = error.in_lang(lang);
            eprintln!("{head}: {error}");
            eprintln!("{}", MsgText::NothingChangedIn { dir: &dir }.in_lang(lang));
            EXIT_SITE_ERRORS
        }
    }
}

fn run_serve(options: crate::commands::serve::ServeOptions) -> i32 {
    match crate::commands::serve::serve(&options) {
        Ok(()) => 0,
        Err(error) => {
            let head = error_head(error.code(), options.lang);
            eprintln!("{head}: {}", error.in_lang(options.lang));
            EXIT_SITE_ERRORS
        }
    }
}

/// `--force` as the output guard takes it.
fn foreign(force: bool) -> Foreign {
    if force {
        Foreign::Replace
    } else {
        Foreign::Refuse
    }
}

/// `lỗi`, or `lỗi[E043]` for an error with a code, as diagnostics begin.
fn error_head(code: Option<&str>, lang: Lang) -> String {
    let word = MsgText::ErrorWord.in_lang(lang);
    match code {
        Some(code) => format!("{word}[{code}]"),
        None => word,
    }
}
