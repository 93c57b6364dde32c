//! Problems found in a site, collected for the whole run and printed like a compiler's errors.
//!
//! Every problem is a [`Problem`] (the catalogue of messages, one variant per kind of mistake)
//! placed at a [`Span`] with the field it concerns. Nothing stops at the first problem: stages
//! push into [`Diagnostics`] and the command prints them all, sorted by file and position.

use std::fmt::Write as _;

use crate::messages::Problem;
use crate::source::{Sources, Span};

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
}

impl Diagnostic {
    pub fn with_related(mut self, label: impl Into<String>, span: Span) -> Self {
        self.related.push((label.into(), span));
        self
    }
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
        });
    }

    /// Adds a fully built diagnostic (one with related places).
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
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

    /// Every problem rendered, followed by a count line.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted(sources) {
            out.push_str(&render_one(diagnostic, sources));
            out.push('\n');
        }
        out
    }
}

/// Renders one diagnostic with its source line and a caret under the value:
///
/// ```text
/// error[E0202]: unknown commune "Xã Abc" in province "bac-ninh"
///   --> data/records/bac-ninh.toml:12:11
///    |
/// 12 | commune = "Xã Abc"
///    |           ^^^^^^^^ field `family.commune`: expected ...
/// ```
pub fn render_one(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let mut out = String::new();
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(
        out,
        "{label}[{}]: {}",
        diagnostic.problem.code(),
        diagnostic.problem
    );
    let expected = diagnostic.problem.expected();
    let note = match (diagnostic.field.is_empty(), expected.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("expected {expected}"),
        (false, true) => format!("field `{}`", diagnostic.field),
        (false, false) => format!("field `{}`: expected {expected}", diagnostic.field),
    };
    write_snippet(&mut out, sources, diagnostic.span, &note);
    for (label, span) in &diagnostic.related {
        let _ = writeln!(out, "note: {label}");
        write_snippet(&mut out, sources, *span, "");
    }
    out
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
