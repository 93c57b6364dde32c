//! The command line: `check`, `explain` and `report`, run in a site's root folder.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::{BuildError, BuildOptions, build, default_out_dir};
use crate::check::{Checked, check_site};
use crate::diagnostics::Severity;
use crate::inputs::Year;
use crate::{explain, report, summary};

/// Builds the learning-society honours portal from TOML records and Markdown stories.
#[derive(Debug, Parser)]
#[command(name = "vinhdanh", version)]
pub struct Cli {
    /// The site's root folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
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
    },
    /// Validate the whole site and print a summary; writes nothing.
    Check,
    /// Show how the rules judged one record: criteria, score, title and awards.
    Explain {
        /// The record's id.
        id: String,
        /// The round (year) to explain; default: the record's latest.
        #[arg(long)]
        round: Option<Year>,
    },
    /// The review report of a round: newly recognised, lost titles, award eligibility.
    Report {
        /// The round (year); default: the site's current round.
        #[arg(long)]
        round: Option<Year>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
}

/// Exit status: the site has errors.
pub const EXIT_SITE_ERRORS: i32 = 1;
/// Exit status: the command cannot be carried out as asked (unknown record, round).
pub const EXIT_BAD_REQUEST: i32 = 2;

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    if let Command::Build { output, base_url } = &cli.command {
        return run_build(&cli.root, output.clone(), base_url.clone());
    }
    let checked = check_site(&cli.root);
    // Warnings belong to `check` (the report lists the award ones in a section of its own).
    if matches!(cli.command, Command::Check) || checked.has_errors() {
        print_diagnostics(&checked);
    }
    let Some(honours) = checked.honours.as_ref().filter(|_| !checked.has_errors()) else {
        return EXIT_SITE_ERRORS;
    };
    let inputs = &checked.inputs;
    let output = match cli.command {
        Command::Check => Ok(summary::summary(inputs, honours, &checked.diagnostics)),
        Command::Build { .. } => Ok(String::new()),
        Command::Explain { id, round } => {
            explain::explain(inputs, honours, &id, round).map_err(|e| e.to_string())
        }
        Command::Report { round, format } => {
            let round = round.unwrap_or_else(|| summary::default_round(inputs));
            let review = report::review(inputs, honours, round);
            Ok(match format {
                ReportFormat::Md => review.to_markdown(inputs),
                ReportFormat::Csv => review.to_csv(),
            })
        }
    };
    match output {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_BAD_REQUEST
        }
    }
}

/// Prints every error and warning to standard error, with a count line when there are errors.
fn print_diagnostics(checked: &Checked) {
    let diagnostics = &checked.diagnostics;
    if diagnostics.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(diagnostics.render(&checked.inputs.sources).as_bytes());
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "{errors} error(s), {warnings} warning(s): nothing was changed. Fix the errors above and run again."
        );
    }
}

fn run_build(root: &std::path::Path, output: Option<PathBuf>, base_url: Option<String>) -> i32 {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out_dir: output.unwrap_or_else(|| default_out_dir(root)),
        base_url,
    };
    match build(&options) {
        Ok(built) => {
            print_diagnostics(&built.checked);
            println!(
                "Built {} pages ({} files, {:.1} MB) into {} in {} ms.",
                built.written.pages,
                built.written.files,
                built.written.bytes as f64 / 1_000_000.0,
                options.out_dir.display(),
                built.elapsed.as_millis()
            );
            0
        }
        Err(BuildError::Invalid(checked)) => {
            print_diagnostics(&checked);
            EXIT_SITE_ERRORS
        }
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("Nothing was changed in {}.", options.out_dir.display());
            EXIT_SITE_ERRORS
        }
    }
}
