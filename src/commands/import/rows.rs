//! From rows of cells to records: the header names the columns (fields and criteria, matched by
//! their id or the slug of their Vietnamese name), each row becomes one assessment, and rows
//! with the same id make several assessments of one record. Every bad cell is reported with its
//! row and column; nothing is guessed.

use std::collections::BTreeMap;

use super::sheet::{Cell, Row, Sheet};
use crate::base::inputs::{CriterionValue, Kind, Province, Rules, Title, Year};
use crate::base::lang::{ImportText, Lang};
use crate::base::messages::Problem;
use crate::base::text::{is_valid_id, nfc, slugify};

/// What the rows are read against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub rules: &'a Rules,
    pub province: &'a Province,
    pub kind: Kind,
}

/// What a column of the spreadsheet holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Id,
    Name,
    Commune,
    Village,
    Members,
    Round,
    Note,
    /// A column kept for people (`STT`, an empty heading): not read.
    Ignored,
    Criterion(String),
}

/// What is wrong with one cell (or one heading).
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    MissingColumn {
        name: &'static str,
    },
    UnknownColumn,
    ColumnTwice,
    ComputedColumn {
        id: String,
    },
    Empty,
    NotAWholeNumber {
        value: String,
    },
    NotAYear {
        value: String,
    },
    NotYesNo {
        value: String,
    },
    NotANumber {
        value: String,
    },
    InvalidId {
        id: String,
    },
    UnknownCommune {
        commune: String,
    },
    OutsidePeriods {
        round: Year,
    },
    NoTitle {
        round: Year,
    },
    NotACriterionInRound {
        id: String,
        title: String,
        round: Year,
    },
    RoundTwice {
        id: String,
        round: Year,
        first_row: usize,
    },
    Differs {
        id: String,
        first_row: usize,
    },
    IdExists {
        id: String,
        path: String,
    },
}

/// A problem at a row (1: the header) and a column (its heading as written).
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub problem: CellProblem,
}

impl RowProblem {
    /// "dòng 4, cột `xa`: không có xã ..." in `lang`.
    pub fn message(&self, ctx: &Context, lang: Lang) -> String {
        let message = self.problem.message(ctx, lang);
        if self.row == 1 {
            ImportText::HeaderError {
                column: &self.column,
                message: &message,
            }
            .in_lang(lang)
        } else {
            ImportText::RowError {
                row: self.row,
                column: &self.column,
                message: &message,
            }
            .in_lang(lang)
        }
    }
}

impl CellProblem {
    fn message(&self, ctx: &Context, lang: Lang) -> String {
        let province = ctx.province.slug.as_str();
        let text = match self {
            CellProblem::MissingColumn { name } => ImportText::MissingColumn { name },
            CellProblem::UnknownColumn => ImportText::UnknownColumn { kind: ctx.kind },
            CellProblem::ColumnTwice => ImportText::ColumnTwice,
            CellProblem::ComputedColumn { id } => ImportText::ComputedColumn { id },
            CellProblem::Empty => ImportText::EmptyCell,
            CellProblem::NotAWholeNumber { value } => ImportText::NotAWholeNumber { value },
            CellProblem::NotAYear { value } => ImportText::NotAYear { value },
            CellProblem::NotYesNo { value } => ImportText::NotYesNo { value },
            CellProblem::NotANumber { value } => ImportText::NotANumber { value },
            CellProblem::InvalidId { id } => ImportText::InvalidId { id },
            CellProblem::UnknownCommune { commune } => {
                ImportText::UnknownCommune { commune, province }
            }
            CellProblem::OutsidePeriods { round } => {
                return Problem::RoundOutsidePeriods { round: *round }.message(lang);
            }
            CellProblem::NoTitle { round } => ImportText::NoTitleForRound {
                kind: ctx.kind,
                round: *round,
            },
            CellProblem::NotACriterionInRound { id, title, round } => {
                ImportText::NotACriterionInRound {
                    id,
                    title,
                    round: *round,
                }
            }
            CellProblem::RoundTwice {
                id,
                round,
                first_row,
            } => ImportText::RoundTwice {
                id,
                round: *round,
                first_row: *first_row,
            },
            CellProblem::Differs { id, first_row } => ImportText::DiffersFromRow {
                id,
                first_row: *first_row,
            },
            CellProblem::IdExists { id, path } => ImportText::IdExists { id, path },
        };
        text.in_lang(lang)
    }
}

/// One imported record and its assessments, in the order of the spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub id: String,
    pub first_row: usize,
    /// The heading of the id column, or of the name column when the id was made from the name.
    pub id_column: String,
    pub name: String,
    /// The commune's name as the province file writes it.
    pub commune: String,
    pub village: Option<String>,
    pub members: Option<u64>,
    pub assessments: Vec<ImportedAssessment>,
}

/// One row: an assessment of one round.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedAssessment {
    pub row: usize,
    pub round: Year,
    /// In the order of the title's criteria.
    pub criteria: Vec<(String, CriterionValue)>,
    pub note: Option<String>,
}

/// The records of a sheet, or every problem found in it.
pub fn parse(sheet: &Sheet, ctx: &Context) -> Result<Vec<Imported>, Vec<RowProblem>> {
    let columns = columns(&sheet.header, ctx)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for row in &sheet.rows {
        match parse_row(row, &sheet.header, &columns, ctx) {
            Ok(parsed) => rows.push(parsed),
            Err(found) => problems.extend(found),
        }
    }
    let records = group(rows, &mut problems);
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// The field a heading names: its own name in English, or a Vietnamese heading's slug.
fn field(slug: &str) -> Option<Column> {
    Some(match slug {
        "id" | "ma" | "ma-ho-so" => Column::Id,
        "name" | "ten" | "ho-ten" | "ho-va-ten" | "ten-ho" | "ten-ho-gia-dinh" => Column::Name,
        "commune" | "xa" | "xa-phuong" | "phuong-xa" => Column::Commune,
        "village" | "thon" | "thon-xom" | "thon-to-dan-pho" | "to-dan-pho" | "khu-pho" => {
            Column::Village
        }
        "members" | "so-thanh-vien" | "nhan-khau" | "so-nhan-khau" => Column::Members,
        "round" | "dot" | "nam" | "dot-danh-gia" => Column::Round,
        "note" | "ghi-chu" => Column::Note,
        "" | "stt" | "tt" | "so-thu-tu" => Column::Ignored,
        _ => return None,
    })
}

/// The columns of the header row, or the problems with it.
fn columns(header: &[String], ctx: &Context) -> Result<Vec<Column>, Vec<RowProblem>> {
    let titles: Vec<&Title> = ctx
        .rules
        .titles
        .iter()
        .filter(|t| t.kind == ctx.kind)
        .collect();
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for heading in header {
        let at = |problem| RowProblem {
            row: 1,
            column: heading.clone(),
            problem,
        };
        let slug = slugify(heading);
        let column = match field(&slug).or_else(|| criterion_column(&slug, &titles)) {
            None => {
                problems.push(at(CellProblem::UnknownColumn));
                Column::Ignored
            }
            Some(Column::Criterion(id)) if is_computed(&id, &titles) => {
                problems.push(at(CellProblem::ComputedColumn { id }));
                Column::Ignored
            }
            Some(column) if column != Column::Ignored && columns.contains(&column) => {
                problems.push(at(CellProblem::ColumnTwice));
                Column::Ignored
            }
            Some(column) => column,
        };
        columns.push(column);
    }
    for (column, name) in [
        (Column::Name, "name"),
        (Column::Commune, "commune"),
        (Column::Round, "round"),
    ] {
        if !columns.contains(&column) {
            problems.push(RowProblem {
                row: 1,
                column: name.into(),
                problem: CellProblem::MissingColumn { name },
            });
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// A criterion of one of the kind's titles whose id, or the slug of whose label, is `slug`.
fn criterion_column(slug: &str, titles: &[&Title]) -> Option<Column> {
    titles
        .iter()
        .flat_map(|t| &t.criteria)
        .find(|c| c.id.value == slug || slugify(&c.label) == slug)
        .map(|c| Column::Criterion(c.id.value.to_string()))
}

fn is_computed(id: &str, titles: &[&Title]) -> bool {
    titles
        .iter()
        .filter_map(|t| t.criterion(id))
        .any(|c| c.computed.is_some())
}

/// One row read, before rows of the same record are put together.
#[derive(Debug, Clone)]
struct Parsed {
    row: usize,
    /// The id given or made from the name and commune, with the heading it came from.
    id: (String, String),
    round_column: String,
    name: (String, String),
    commune: (String, String),
    village: Option<(String, String)>,
    members: Option<(u64, String)>,
    assessment: ImportedAssessment,
}

/// Reads one row; every bad cell of it is a problem.
fn parse_row(
    row: &Row,
    header: &[String],
    columns: &[Column],
    ctx: &Context,
) -> Result<Parsed, Vec<RowProblem>> {
    let mut cells = Cells {
        row,
        header,
        columns,
        problems: Vec::new(),
    };
    let round = cells.round(ctx);
    let name = cells.required_text(&Column::Name);
    let commune = cells.commune(ctx);
    let given = cells.id();
    let village = cells.optional_text(&Column::Village);
    let members = cells.members();
    let note = cells.optional_text(&Column::Note).map(|(text, _)| text);
    let criteria = round.map(|(round, title)| cells.criteria(title, round));
    let id = match (given, &name, &commune) {
        (Some(given), _, _) => Some(given),
        (None, Some(name), Some(commune)) => cells.made_id(ctx.kind, name, &commune.0),
        _ => None,
    };
    let round_column = cells
        .find(&Column::Round)
        .map(|(_, h)| h)
        .unwrap_or_default();
    match (round, name, commune, criteria, id) {
        (Some((round, _)), Some(name), Some(commune), Some(criteria), Some(id))
            if cells.problems.is_empty() =>
        {
            Ok(Parsed {
                row: row.number,
                id,
                round_column,
                name,
                commune,
                village,
                members,
                assessment: ImportedAssessment {
                    row: row.number,
                    round,
                    criteria,
                    note,
                },
            })
        }
        _ => Err(cells.problems),
    }
}

/// The cells of one row, read column by column, with the problems found so far.
struct Cells<'r> {
    row: &'r Row,
    header: &'r [String],
    columns: &'r [Column],
    problems: Vec<RowProblem>,
}

impl Cells<'_> {
    /// The cell of `column` and its heading, when the sheet has that column.
    fn find(&self, column: &Column) -> Option<(&Cell, String)> {
        let index = self.columns.iter().position(|c| c == column)?;
        let heading = self.header.get(index).cloned().unwrap_or_default();
        Some((self.row.cell(index), heading))
    }

    fn problem(&mut self, column: String, problem: CellProblem) {
        self.problems.push(RowProblem {
            row: self.row.number,
            column,
            problem,
        });
    }

    /// A non-empty text, with the heading of its column.
    fn required_text(&mut self, column: &Column) -> Option<(String, String)> {
        let (cell, heading) = self.find(column)?;
        if cell.is_empty() {
            self.problem(heading, CellProblem::Empty);
            return None;
        }
        Some((nfc(&cell.text()).into_owned(), heading))
    }

    fn optional_text(&mut self, column: &Column) -> Option<(String, String)> {
        let (cell, heading) = self.find(column)?;
        (!cell.is_empty()).then(|| (nfc(&cell.text()).into_owned(), heading))
    }

    /// The round and the title valid in it.
    fn round<'c>(&mut self, ctx: &Context<'c>) -> Option<(Year, &'c Title)> {
        let (cell, heading) = self.find(&Column::Round)?;
        let value = cell.text();
        if cell.is_empty() {
            self.problem(heading, CellProblem::Empty);
            return None;
        }
        let Some(round) = whole_number(cell).filter(|y| (2000..=2100).contains(y)) else {
            self.problem(heading, CellProblem::NotAYear { value });
            return None;
        };
        let round = round as Year;
        if !ctx.rules.in_periods(round) {
            self.problem(heading, CellProblem::OutsidePeriods { round });
            return None;
        }
        match ctx.rules.title_for(ctx.kind, round) {
            Some(title) => Some((round, title)),
            None => {
                self.problem(heading, CellProblem::NoTitle { round });
                None
            }
        }
    }

    /// The commune, by name or code (a code a spreadsheet turned into a number gets its
    /// leading zeros back), as the province file names it.
    fn commune(&mut self, ctx: &Context) -> Option<(String, String)> {
        let (text, heading) = self.required_text(&Column::Commune)?;
        let found = ctx
            .province
            .commune(&text)
            .or_else(|| ctx.province.commune(&format!("{text:0>5}")));
        match found {
            Some(commune) => Some((commune.name.clone(), heading)),
            None => {
                self.problem(heading, CellProblem::UnknownCommune { commune: text });
                None
            }
        }
    }

    fn id(&mut self) -> Option<(String, String)> {
        let (id, heading) = self.optional_text(&Column::Id)?;
        if is_valid_id(&id) {
            Some((id, heading))
        } else {
            self.problem(heading, CellProblem::InvalidId { id });
            None
        }
    }

    /// The id of a row without one: the kind's prefix, the name without "Gia đình ông"... and
    /// the commune without "Xã", "Phường": `gd-nguyen-van-an-kinh-bac`.
    fn made_id(
        &mut self,
        kind: Kind,
        name: &(String, String),
        commune: &str,
    ) -> Option<(String, String)> {
        let id = format!(
            "{}-{}-{}",
            id_prefix(kind),
            slugify(strip_prefix(&name.0, NAME_PREFIXES)),
            slugify(strip_prefix(commune, COMMUNE_PREFIXES))
        );
        if is_valid_id(&id) {
            Some((id, name.1.clone()))
        } else {
            self.problem(name.1.clone(), CellProblem::InvalidId { id });
            None
        }
    }

    fn members(&mut self) -> Option<(u64, String)> {
        let (cell, heading) = self.find(&Column::Members)?;
        if cell.is_empty() {
            return None;
        }
        let value = cell.text();
        match whole_number(cell).filter(|n| (0..=10_000_000).contains(n)) {
            Some(n) => Some((n.unsigned_abs(), heading)),
            None => {
                self.problem(heading, CellProblem::NotAWholeNumber { value });
                None
            }
        }
    }

    /// The values of the criterion columns, for the title of the row's round.
    fn criteria(&mut self, title: &Title, round: Year) -> Vec<(String, CriterionValue)> {
        let mut values = Vec::new();
        for criterion in &title.criteria {
            let column = Column::Criterion(criterion.id.value.to_string());
            let Some((cell, heading)) = self.find(&column) else {
                continue;
            };
            let cell = cell.clone();
            let value = if criterion.is_numeric() {
                self.number(&cell, heading)
            } else {
                self.yes_no(&cell, heading)
            };
            if let Some(value) = value {
                values.push((criterion.id.value.to_string(), value));
            }
        }
        self.criteria_of_other_rounds(title, round);
        values
    }

    /// A value in a column of a criterion the round's title does not have.
    fn criteria_of_other_rounds(&mut self, title: &Title, round: Year) {
        let columns: Vec<(usize, String)> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Column::Criterion(id) if title.criterion(id).is_none() => Some((i, id.clone())),
                _ => None,
            })
            .collect();
        for (index, id) in columns {
            if !self.row.cell(index).is_empty() {
                let heading = self.header.get(index).cloned().unwrap_or_default();
                let problem = CellProblem::NotACriterionInRound {
                    id,
                    title: title.name.to_string(),
                    round,
                };
                self.problem(heading, problem);
            }
        }
    }

    /// 1/0, có/không, x/blank, true/false, đạt/không đạt.
    fn yes_no(&mut self, cell: &Cell, heading: String) -> Option<CriterionValue> {
        let value = match cell {
            Cell::Empty => Some(false),
            Cell::Bool(b) => Some(*b),
            Cell::Number(n) if *n == 1.0 => Some(true),
            Cell::Number(n) if *n == 0.0 => Some(false),
            Cell::Number(_) => None,
            Cell::Text(text) => yes_no_word(&text.trim().to_lowercase()),
        };
        if value.is_none() {
            let value = cell.text();
            self.problem(heading, CellProblem::NotYesNo { value });
        }
        value.map(CriterionValue::Bool)
    }

    /// A number zero or more; a blank cell is "not reported".
    fn number(&mut self, cell: &Cell, heading: String) -> Option<CriterionValue> {
        let value = match cell {
            Cell::Empty => return None,
            Cell::Number(n) => Some(*n),
            Cell::Text(text) => text.trim().replace(',', ".").parse::<f64>().ok(),
            Cell::Bool(_) => None,
        };
        match value.filter(|n| n.is_finite() && *n >= 0.0) {
            Some(n) => Some(CriterionValue::Number(n)),
            None => {
                let value = cell.text();
                self.problem(heading, CellProblem::NotANumber { value });
                None
            }
        }
    }
}

/// The prefix of ids of each kind, as in the demo site.
fn id_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Family => "gd",
        Kind::Clan => "dh",
        Kind::Community => "cd",
        Kind::Unit => "dv",
        Kind::Citizen => "cdht",
    }
}

const NAME_PREFIXES: &[&str] = &[
    "gia đình ông",
    "gia đình bà",
    "gia đình",
    "hộ ông",
    "hộ bà",
    "ông",
    "bà",
    "dòng họ",
];

const COMMUNE_PREFIXES: &[&str] = &["xã", "phường", "thị trấn", "đặc khu"];

/// `text` without the first of `prefixes` it starts with (as a whole word, any case).
fn strip_prefix<'t>(text: &'t str, prefixes: &[&str]) -> &'t str {
    let lower = text.to_lowercase();
    for prefix in prefixes {
        let rest = lower.strip_prefix(prefix);
        if rest.is_some_and(|r| r.starts_with(' '))
            && lower.len() == text.len()
            && let Some(rest) = text.get(prefix.len()..)
        {
            return rest.trim_start();
        }
    }
    text
}

fn yes_no_word(word: &str) -> Option<bool> {
    match word {
        "" | "0" | "không" | "khong" | "k" | "false" | "no" | "không đạt" | "khong dat" | "-" => {
            Some(false)
        }
        "1" | "x" | "có" | "co" | "c" | "true" | "yes" | "đạt" | "dat" => Some(true),
        _ => None,
    }
}

/// A whole number from a number cell or a text of digits.
fn whole_number(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(*n as i64),
        Cell::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// The rows of each record put together, in the order of their first row; the same round
/// twice, or a record whose rows disagree on its name or place, is a problem.
fn group(rows: Vec<Parsed>, problems: &mut Vec<RowProblem>) -> Vec<Imported> {
    let mut records: Vec<Imported> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        match by_id.get(&row.id.0) {
            Some(&index) => merge(&mut records[index], row, problems),
            None => {
                by_id.insert(row.id.0.clone(), records.len());
                records.push(new_record(row));
            }
        }
    }
    records
}

fn new_record(row: Parsed) -> Imported {
    let (id, id_column) = row.id;
    Imported {
        id,
        first_row: row.row,
        id_column,
        name: row.name.0,
        commune: row.commune.0,
        village: row.village.map(|(v, _)| v),
        members: row.members.map(|(m, _)| m),
        assessments: vec![row.assessment],
    }
}

fn merge(record: &mut Imported, row: Parsed, problems: &mut Vec<RowProblem>) {
    let differs = |column: &String| RowProblem {
        row: row.row,
        column: column.clone(),
        problem: CellProblem::Differs {
            id: record.id.clone(),
            first_row: record.first_row,
        },
    };
    let mut found = Vec::new();
    if row.name.0 != record.name {
        found.push(differs(&row.name.1));
    }
    if row.commune.0 != record.commune {
        found.push(differs(&row.commune.1));
    }
    if let Some((village, column)) = &row.village
        && record.village.as_ref().is_some_and(|v| v != village)
    {
        found.push(differs(column));
    }
    if let Some((members, column)) = &row.members
        && record.members.is_some_and(|m| m != *members)
    {
        found.push(differs(column));
    }
    let round = row.assessment.round;
    if let Some(first) = record.assessments.iter().find(|a| a.round == round) {
        found.push(RowProblem {
            row: row.row,
            column: row.round_column.clone(),
            problem: CellProblem::RoundTwice {
                id: record.id.clone(),
                round,
                first_row: first.row,
            },
        });
    }
    if found.is_empty() {
        record.village = record.village.take().or(row.village.map(|(v, _)| v));
        record.members = record.members.or(row.members.map(|(m, _)| m));
        record.assessments.push(row.assessment);
    }
    problems.extend(found);
}
