//! The one-screen summary `check` prints for a valid site.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::diagnostics::{Diagnostics, Severity};
use crate::inputs::{Inputs, Kind, Year};
use crate::rules::{Honours, ProvinceProgress, Status, format_number, progress};

/// The round commands use when none is given: the site's current round, else the latest
/// round any record is assessed in.
pub fn default_round(inputs: &Inputs) -> Year {
    inputs
        .config
        .current_round
        .map(|r| r.value)
        .or_else(|| assessed_rounds(inputs).last().copied())
        .unwrap_or(0)
}

/// Every round some record is assessed in, ascending.
pub fn assessed_rounds(inputs: &Inputs) -> Vec<Year> {
    let rounds: BTreeSet<Year> = inputs
        .records
        .iter()
        .flat_map(|r| r.assessments.iter().map(|a| a.round.value))
        .collect();
    rounds.into_iter().collect()
}

pub fn summary(inputs: &Inputs, honours: &Honours, diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: the site is valid.", site_name(inputs));
    write_records(&mut out, inputs);
    write_provinces(&mut out, inputs);
    write_titles_by_round(&mut out, inputs, honours);
    write_progress(&mut out, inputs);
    let stories = inputs.stories.iter().filter(|s| !s.draft).count();
    let drafts = inputs.stories.len() - stories;
    let _ = writeln!(
        out,
        "Stories: {stories} published, {drafts} draft(s); pages: {}",
        inputs.pages.len()
    );
    let warnings = diagnostics.count(Severity::Warning);
    if warnings > 0 {
        let _ = writeln!(out, "Warnings: {warnings} (listed above)");
    }
    out
}

fn site_name(inputs: &Inputs) -> &str {
    if inputs.config.title.is_empty() {
        "site"
    } else {
        &inputs.config.title
    }
}

fn write_records(out: &mut String, inputs: &Inputs) {
    let mut by_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for record in &inputs.records {
        let entry = by_kind.entry(record.kind).or_default();
        entry.0 += 1;
        if !record.public {
            entry.1 += 1;
        }
    }
    let hidden: usize = by_kind.values().map(|(_, h)| h).sum();
    let _ = writeln!(
        out,
        "Records: {} ({hidden} not public)",
        inputs.records.len()
    );
    for (kind, (count, _)) in &by_kind {
        let _ = writeln!(out, "  {:<10} {count:>6}", kind.as_str());
    }
}

fn write_provinces(out: &mut String, inputs: &Inputs) {
    let names: Vec<&str> = inputs.provinces.iter().map(|p| p.name.as_str()).collect();
    let communes: usize = inputs.provinces.iter().map(|p| p.communes.len()).sum();
    let _ = writeln!(
        out,
        "Provinces: {} ({}), {communes} communes",
        names.len(),
        names.join(", ")
    );
}

fn write_titles_by_round(out: &mut String, inputs: &Inputs, honours: &Honours) {
    let rounds = assessed_rounds(inputs);
    let round_list: Vec<String> = rounds.iter().map(|r| r.to_string()).collect();
    let _ = writeln!(out, "Rounds: {}", round_list.join(", "));
    let _ = writeln!(out, "Titles earned per round:");
    let mut header = format!("  {:<22}", "title");
    for round in &rounds {
        let _ = write!(header, " {round:>7}");
    }
    let _ = writeln!(out, "{header}");
    for title in &inputs.rules.titles {
        let mut line = format!("  {:<22}", title.id.value);
        for &round in &rounds {
            let earned = inputs
                .records
                .iter()
                .filter(|r| r.kind == title.kind && honours.holds(&r.id.value, round))
                .filter(|_| title.valid_from <= round && round <= title.valid_to)
                .count();
            let _ = write!(line, " {earned:>7}");
        }
        let _ = writeln!(out, "{line}");
    }
}

/// Progress of each province in the latest round it reports, against the target in force.
fn write_progress(out: &mut String, inputs: &Inputs) {
    let all = progress(&inputs.rules, &inputs.provinces);
    let latest: BTreeMap<&str, Year> = all.iter().fold(BTreeMap::new(), |mut latest, p| {
        let entry = latest.entry(p.province.as_str()).or_insert(p.round);
        *entry = (*entry).max(p.round);
        latest
    });
    if all.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "Progress (latest reported round; recognised share of all / of registered):"
    );
    let _ = writeln!(
        out,
        "  {:<16} {:<6} {:<10} {:>8} {:>11} {:>8}  status",
        "province", "round", "kind", "of all", "registered", "target"
    );
    for row in all
        .iter()
        .filter(|p| latest.get(p.province.as_str()) == Some(&p.round))
    {
        let _ = writeln!(out, "{}", progress_line(row));
    }
}

fn progress_line(row: &ProvinceProgress) -> String {
    let percent = |share: &Option<crate::rules::Share>| {
        share.as_ref().map_or("-".to_string(), |s| {
            format!("{}%", format_number(s.percent))
        })
    };
    let target = row
        .target
        .as_ref()
        .map_or("-".to_string(), |t| match t.stretch {
            Some(stretch) => format!("{}-{}%", format_number(t.min), format_number(stretch)),
            None => format!("{}%", format_number(t.min)),
        });
    let status = match row.status {
        Some(Status::Met) => "met",
        Some(Status::OnTrack) => "on track",
        Some(Status::Behind) => "behind",
        None => "no target",
    };
    format!(
        "  {:<16} {:<6} {:<10} {:>8} {:>11} {:>8}  {status}",
        row.province_name,
        row.round,
        row.kind.as_str(),
        percent(&row.of_total),
        percent(&row.of_registered),
        target
    )
}
