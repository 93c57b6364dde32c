//! Problems found in a site, collected for the whole run and printed like a compiler's errors.
//!
//! Every problem is a [`Problem`] (the catalogue of messages, one variant per kind of mistake)
//! placed at a [`Span`] with the field it concerns. Nothing stops at the first problem: stages
//! push into [`Diagnostics`] and the command prints them all, sorted by file and position, in
//! the language of the run (labels included: "lỗi", "cảnh báo", "trường", "cần").

use std::fmt::Write as _;

use crate::base::lang::{Lang, MsgText, translate};
use crate::base::messages::Problem;
use crate::base::source::{Sources, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub problem: Problem,
    pub span: Span,
    /// The field the problem concerns, as a dotted path (`family.commune`).
    pub field: String,
    /// Other places worth showing, such as the first use of a duplicated id.
    pub related: Vec<(String, Span)>,
    /// The known name closest to an unknown one ("did you mean").
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn with_related(mut self, label: impl Into<String>, span: Span) -> Self {
        self.related.push((label.into(), span));
        self
    }
}

/// Whether two places share a character (an empty place counts as its first character).
fn overlaps(a: Span, b: Span) -> bool {
    a.file == b.file && a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// All the problems of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, span: Span, field: impl Into<String>, problem: Problem) {
        self.push(Severity::Error, span, field.into(), problem);
    }

    pub fn warning(&mut self, span: Span, field: impl Into<String>, problem: Problem) {
        self.push(Severity::Warning, span, field.into(), problem);
    }

    fn push(&mut self, severity: Severity, span: Span, field: String, problem: Problem) {
        self.items.push(Diagnostic {
            severity,
            problem,
            span,
            field,
            related: Vec::new(),
            suggestion: None,
        });
    }

    /// Adds a fully built diagnostic (one with related places).
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Keeps only the diagnostics for which `keep` is true (to drop those another explains).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// How many problems were pushed so far (a mark for [`Diagnostics::forget_inside`]).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Forgets the problems pushed since `mark` that lie on one of `causes`: a value the
    /// parser already rejected is one mistake, reported once, by the parser.
    pub fn forget_inside(&mut self, mark: usize, causes: &[Span]) {
        let mut index = 0;
        self.items.retain(|diagnostic| {
            index += 1;
            index <= mark || !causes.iter().any(|cause| overlaps(diagnostic.span, *cause))
        });
    }

    /// Every problem, to be completed (with a suggestion) after it was found.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Every file a diagnostic points into.
    pub fn files(&self) -> std::collections::HashSet<crate::base::source::FileId> {
        self.items
            .iter()
            .flat_map(|d| std::iter::once(d.span).chain(d.related.iter().map(|(_, s)| *s)))
            .map(|span| span.file)
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems in reading order: by file path, then position, then message.
    pub fn sorted(&self, sources: &Sources) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            let key = |d: &Diagnostic| (sources.path(d.span.file).to_path_buf(), d.span.start);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.severity.cmp(&b.severity))
                .then_with(|| a.problem.to_string().cmp(&b.problem.to_string()))
        });
        items.dedup_by(|a, b| {
            a.span == b.span && a.field == b.field && a.problem.to_string() == b.problem.to_string()
        });
        items
    }

    /// Every problem rendered in English (for logs and callers that do not choose a language).
    pub fn render(&self, sources: &Sources) -> String {
        self.render_in(sources, Lang::En)
    }

    /// Every problem rendered in `lang`, in reading order, each followed by a blank line.
    pub fn render_in(&self, sources: &Sources, lang: Lang) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted(sources) {
            out.push_str(&render_one_in(diagnostic, sources, lang));
            out.push('\n');
        }
        out
    }

    /// The closing line of a run with errors: the counts and that nothing was changed.
    pub fn count_line(&self, lang: Lang) -> String {
        MsgText::ErrorCount {
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
        }
        .in_lang(lang)
    }
}

/// Renders one diagnostic with its source line and a caret under the value:
///
/// ```text
/// lỗi[E022]: không có xã "Xã Abc" trong tỉnh "bac-ninh"
///   --> data/records/bac-ninh.toml:12:11
///    |
/// 12 | commune = "Xã Abc"
///    |           ^^^^^^^^ trường `family.commune`: cần tên hoặc mã của một xã, phường ...
/// ```
pub fn render_one_in(diagnostic: &Diagnostic, sources: &Sources, lang: Lang) -> String {
    let mut out = String::new();
    let label = match diagnostic.severity {
        Severity::Error => MsgText::ErrorWord,
        Severity::Warning => MsgText::WarningWord,
    };
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        label.in_lang(lang),
        diagnostic.problem.code(),
        diagnostic.problem.message(lang)
    );
    write_snippet(&mut out, sources, diagnostic.span, &note(diagnostic, lang));
    if let Some(name) = &diagnostic.suggestion {
        let _ = writeln!(out, "{}", MsgText::DidYouMean { name }.in_lang(lang));
    }
    for (label, span) in &diagnostic.related {
        let label = translate(lang, label);
        let _ = writeln!(out, "{}", MsgText::Note { label: &label }.in_lang(lang));
        write_snippet(&mut out, sources, *span, "");
    }
    out
}

/// The words after the carets: the field and what it should hold.
fn note(diagnostic: &Diagnostic, lang: Lang) -> String {
    let expected = diagnostic.problem.expected(lang);
    let field = diagnostic.field.as_str();
    let text = match (field.is_empty(), expected.is_empty()) {
        (true, true) => return String::new(),
        (true, false) => MsgText::Expects {
            expected: &expected,
        },
        (false, true) => MsgText::FieldIs { field },
        (false, false) => MsgText::FieldExpects {
            field,
            expected: &expected,
        },
    };
    text.in_lang(lang)
}

fn write_snippet(out: &mut String, sources: &Sources, span: Span, note: &str) {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    let _ = writeln!(
        out,
        "  --> {}:{}:{}",
        file.path.display(),
        start.line,
        start.column
    );
    let line_text = file.line_text(start.line);
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let end = file.line_col(span.end as usize);
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column).max(1)
    } else {
        line_text
            .chars()
            .count()
            .saturating_sub(start.column - 1)
            .max(1)
    };
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{} | {}", start.line, line_text);
    let indent = " ".repeat(start.column - 1);
    let carets = "^".repeat(width);
    if note.is_empty() {
        let _ = writeln!(out, "{pad} | {indent}{carets}");
    } else {
        let _ = writeln!(out, "{pad} | {indent}{carets} {note}");
    }
}
