//! `vinhdanh import`: what provinces already keep in spreadsheets, turned into record TOML.
//!
//! The spreadsheet (CSV or XLSX) has a header row naming its columns: `id` (optional, made from
//! the name and commune when absent), `name`, `commune`, `village`, `members`, `round`, `note`,
//! and one column per criterion of the kind's title (by id, or by the Vietnamese name of the
//! criterion). Each row is one round's assessment. Bad rows are reported by the row number the
//! spreadsheet shows and the column's heading; nothing is written until every row is right.
//! The records go to `data/records/<province>/import-<file>.toml`, never over an existing file
//! without `--force`, and the site is checked again before the command says it is done.

use std::path::{Path, PathBuf};

use crate::base::inputs::Kind;
use crate::base::lang::{ImportText, Lang, MsgText};
use crate::base::progress::{self, Phase};
use crate::base::text::slugify;
use crate::check::{Checked, check_site};
use crate::commands::{EXIT_BAD_REQUEST, EXIT_SITE_ERRORS, print_diagnostics};

mod limits;
mod records_toml;
mod rows;
mod sheet;

use rows::{CellProblem, Context, Imported, RowProblem};
use sheet::SheetError;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The spreadsheet: a .csv (UTF-8) or .xlsx file with a header row.
    pub file: PathBuf,
    /// The kind of the records: family, clan, community, unit or citizen.
    #[arg(long, value_parser = kind_parser())]
    pub kind: Kind,
    /// The province: the name of its file in data/provinces/ without .toml.
    #[arg(long)]
    pub province: String,
    /// Replace the output file when it already exists.
    #[arg(long)]
    pub force: bool,
}

/// The kinds as clap lists them, so that a wrong one is told with the ones that are right.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["family", "clan", "community", "unit", "citizen"])
        .try_map(|text| Kind::parse(&text).ok_or("family, clan, community, unit, citizen"))
}

/// Why an import stopped.
#[derive(Debug)]
enum ImportFailure {
    /// Problems already printed: the site's, or the spreadsheet's rows.
    Printed,
    /// The request cannot be carried out; the message says why.
    Request(String),
}

/// Runs `import` for the site at `root`.
pub fn run(root: &Path, args: &ImportArgs, lang: Lang) -> i32 {
    progress::begin(lang, progress::IMPORT);
    let imported = import(root, args, lang);
    progress::end();
    match imported {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(ImportFailure::Printed) => EXIT_SITE_ERRORS,
        Err(ImportFailure::Request(message)) => {
            eprintln!("{}: {message}", MsgText::ErrorWord.in_lang(lang));
            EXIT_BAD_REQUEST
        }
    }
}

fn import(root: &Path, args: &ImportArgs, lang: Lang) -> Result<String, ImportFailure> {
    let checked = check_site(root);
    if checked.has_errors() {
        print_diagnostics(&checked, lang);
        return Err(ImportFailure::Printed);
    }
    let slug = args.province.as_str();
    let province = checked
        .inputs
        .provinces
        .iter()
        .find(|p| p.slug == slug)
        .ok_or_else(|| {
            ImportFailure::Request(ImportText::UnknownProvince { slug }.in_lang(lang))
        })?;
    let stem = args.file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let relative = format!("data/records/{slug}/import-{}.toml", slugify(stem));
    let output = root.join(&relative);
    if output.exists() && !args.force {
        return Err(ImportFailure::Request(
            ImportText::OutputExists { path: &relative }.in_lang(lang),
        ));
    }
    let shown = args.file.display().to_string();
    progress::phase(Phase::Sheet);
    let sheet = sheet::read(&args.file)
        .map_err(|e| ImportFailure::Request(sheet_error(e, &shown, lang)))?;
    let ctx = Context {
        rules: &checked.inputs.rules,
        province,
        kind: args.kind,
    };
    let records = rows::parse(&sheet, &ctx)
        .and_then(|records| not_used_elsewhere(records, &checked, &output, root))
        .map_err(|problems| print_row_problems(&problems, &ctx, &shown, lang))?;
    if records.is_empty() {
        return Err(ImportFailure::Request(ImportText::NoDataRows.in_lang(lang)));
    }
    let source = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(stem);
    let text = records_toml::write(&records, args.kind, slug, source);
    progress::phase(Phase::Recheck);
    write_and_check(root, &output, &relative, &text, lang)?;
    let assessments = records.iter().map(|r| r.assessments.len()).sum();
    Ok(ImportText::Imported {
        records: records.len(),
        assessments,
        path: &relative,
    }
    .in_lang(lang))
}

fn sheet_error(error: SheetError, path: &str, lang: Lang) -> String {
    match error {
        SheetError::Format => ImportText::NotASpreadsheet { path }.in_lang(lang),
        SheetError::NotUtf8 { row } => ImportText::NotUtf8Csv { path, row }.in_lang(lang),
        SheetError::Unreadable(reason) => ImportText::UnreadableFile {
            path,
            reason: &reason,
        }
        .in_lang(lang),
        SheetError::TooLarge(limit) => ImportText::TooLarge {
            path,
            reason: &limit.in_lang(lang),
        }
        .in_lang(lang),
        SheetError::Empty => ImportText::NoDataRows.in_lang(lang),
    }
}

/// The records, unless one of their ids is already used by a record of another file.
fn not_used_elsewhere(
    records: Vec<Imported>,
    checked: &Checked,
    output: &Path,
    root: &Path,
) -> Result<Vec<Imported>, Vec<RowProblem>> {
    let sources = &checked.inputs.sources;
    let problems: Vec<RowProblem> = records
        .iter()
        .filter_map(|record| {
            let existing = checked
                .inputs
                .records
                .iter()
                .find(|r| r.id.value == record.id)?;
            let path = sources.path(existing.id.span.file);
            let same_file = root.join(path) == output || path == output;
            (!same_file).then(|| RowProblem {
                row: record.first_row,
                column: record.id_column.clone(),
                problem: CellProblem::IdExists {
                    id: record.id.clone(),
                    path: path.display().to_string(),
                },
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Prints every problem, by row, then the closing line.
fn print_row_problems(
    problems: &[RowProblem],
    ctx: &Context,
    file: &str,
    lang: Lang,
) -> ImportFailure {
    progress::end();
    let mut sorted: Vec<&RowProblem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.row);
    let error = MsgText::ErrorWord.in_lang(lang);
    for problem in &sorted {
        eprintln!("{error}: {file}: {}", problem.message(ctx, lang));
    }
    let closing = ImportText::ImportFailed {
        rows: sorted.len(),
        file,
    };
    eprintln!("{}", closing.in_lang(lang));
    ImportFailure::Printed
}

/// Writes the records, checks the site again, and puts the old file back (or removes the new
/// one) when the site is no longer valid.
fn write_and_check(
    root: &Path,
    output: &Path,
    relative: &str,
    text: &str,
    lang: Lang,
) -> Result<(), ImportFailure> {
    let cannot = |error: std::io::Error| {
        let reason = error.to_string();
        ImportFailure::Request(
            MsgText::CannotWrite {
                path: relative,
                reason: &reason,
            }
            .in_lang(lang),
        )
    };
    let previous = std::fs::read(output).ok();
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent).map_err(cannot)?;
    }
    std::fs::write(output, text).map_err(cannot)?;
    let checked = check_site(root);
    if !checked.has_errors() {
        return Ok(());
    }
    // The warnings the site already had are `check`'s business; only the errors matter here.
    print_diagnostics(&checked, lang);
    let _ = match previous {
        Some(bytes) => std::fs::write(output, bytes),
        None => std::fs::remove_file(output),
    };
    eprintln!(
        "{}",
        ImportText::ImportBroke { path: relative }.in_lang(lang)
    );
    Err(ImportFailure::Printed)
}
