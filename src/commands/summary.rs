//! The one-screen summary `check` prints for a valid site, in the language of the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::base::columns::{Align, lay_out, pad_end, pad_start};
use crate::base::diagnostics::{Diagnostics, Severity};
use crate::base::format::format_points;
use crate::base::inputs::{Inputs, Kind, Year, assessed_rounds};
use crate::base::lang::{Col, Lang, SummaryText, kind_name};
use crate::rules::{Honours, ProvinceProgress, progress};

pub fn summary(
    inputs: &Inputs,
    honours: &Honours,
    diagnostics: &Diagnostics,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let site = site_name(inputs, lang);
    let _ = writeln!(
        out,
        "{}",
        SummaryText::SiteValid { site: &site }.in_lang(lang)
    );
    write_records(&mut out, inputs, lang);
    write_provinces(&mut out, inputs, lang);
    write_titles_by_round(&mut out, inputs, honours, lang);
    write_progress(&mut out, inputs, lang);
    let published = inputs.stories.iter().filter(|s| !s.draft).count();
    let stories = SummaryText::Stories {
        published,
        drafts: inputs.stories.len() - published,
        pages: inputs.pages.len(),
    };
    let _ = writeln!(out, "{}", stories.in_lang(lang));
    let count = diagnostics.count(Severity::Warning);
    if count > 0 {
        let _ = writeln!(out, "{}", SummaryText::Warnings { count }.in_lang(lang));
    }
    out
}

/// The site's title, or a word for "the site" when it has none.
pub fn site_name(inputs: &Inputs, lang: Lang) -> String {
    if inputs.config.title.is_empty() {
        SummaryText::DefaultSiteName.in_lang(lang)
    } else {
        inputs.config.title.clone()
    }
}

fn write_records(out: &mut String, inputs: &Inputs, lang: Lang) {
    let mut by_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for record in &inputs.records {
        let entry = by_kind.entry(record.kind).or_default();
        entry.0 += 1;
        if !record.public {
            entry.1 += 1;
        }
    }
    let records = SummaryText::Records {
        total: inputs.records.len(),
        hidden: by_kind.values().map(|(_, h)| h).sum(),
    };
    let _ = writeln!(out, "{}", records.in_lang(lang));
    for (kind, (count, _)) in &by_kind {
        let kind = pad_end(kind_name(*kind, lang), 10);
        let _ = writeln!(out, "  {kind} {}", pad_start(&count.to_string(), 6));
    }
}

fn write_provinces(out: &mut String, inputs: &Inputs, lang: Lang) {
    let names: Vec<&str> = inputs.provinces.iter().map(|p| p.name.as_str()).collect();
    let provinces = SummaryText::Provinces {
        count: names.len(),
        names: &names.join(", "),
        communes: inputs.provinces.iter().map(|p| p.communes.len()).sum(),
    };
    let _ = writeln!(out, "{}", provinces.in_lang(lang));
}

fn write_titles_by_round(out: &mut String, inputs: &Inputs, honours: &Honours, lang: Lang) {
    let rounds = assessed_rounds(inputs);
    let round_list: Vec<String> = rounds.iter().map(|r| r.to_string()).collect();
    let listed = SummaryText::Rounds {
        rounds: &round_list.join(", "),
    };
    let _ = writeln!(out, "{}", listed.in_lang(lang));
    let _ = writeln!(out, "{}", SummaryText::TitlesPerRound.in_lang(lang));
    let mut header = vec![Col::Title.name(lang).to_lowercase()];
    header.extend(rounds.iter().map(|round| round.to_string()));
    let mut rows = vec![header];
    let holders = honours.holders_by_kind_and_round();
    for title in &inputs.rules.titles {
        let mut row = vec![format!("{} ({})", title.name, title.id.value)];
        for &round in &rounds {
            let in_force = title.valid_from <= round && round <= title.valid_to;
            let earned = match holders.get(&(title.kind, round)) {
                Some(&count) if in_force => count,
                _ => 0,
            };
            row.push(earned.to_string());
        }
        rows.push(row);
    }
    let mut aligns = vec![Align::Left];
    aligns.extend(rounds.iter().map(|_| Align::Right));
    for line in lay_out(&rows, &aligns, 2, 2) {
        let _ = writeln!(out, "{line}");
    }
}

/// Progress of each province in the latest round it reports, against the target in force.
fn write_progress(out: &mut String, inputs: &Inputs, lang: Lang) {
    let all = progress(&inputs.rules, &inputs.provinces);
    let latest: BTreeMap<&str, Year> = all.iter().fold(BTreeMap::new(), |mut latest, p| {
        let entry = latest.entry(p.province.as_str()).or_insert(p.round);
        *entry = (*entry).max(p.round);
        latest
    });
    if all.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", SummaryText::ProgressHeading.in_lang(lang));
    let header = [
        Col::Province,
        Col::Round,
        Col::Kind,
        Col::OfAll,
        Col::OfRegistered,
        Col::Target,
        Col::Status,
    ]
    .map(|c| c.name(lang).to_lowercase())
    .to_vec();
    let mut rows = vec![header];
    rows.extend(
        all.iter()
            .filter(|p| latest.get(p.province.as_str()) == Some(&p.round))
            .map(|row| progress_cells(row, lang)),
    );
    use Align::{Left, Right};
    let aligns = [Left, Left, Left, Right, Right, Right, Left];
    for line in lay_out(&rows, &aligns, 2, 2) {
        let _ = writeln!(out, "{line}");
    }
}

fn progress_cells(row: &ProvinceProgress, lang: Lang) -> Vec<String> {
    let number = |value: f64| format_points(value, lang.into());
    let percent = |share: &Option<crate::rules::Share>| {
        share
            .as_ref()
            .map_or("-".to_string(), |s| format!("{}%", number(s.percent)))
    };
    let target = row
        .target
        .as_ref()
        .map_or("-".to_string(), |t| match t.stretch {
            Some(stretch) => format!("{}-{}%", number(t.min), number(stretch)),
            None => format!("{}%", number(t.min)),
        });
    let status = SummaryText::StatusWord { status: row.status }.in_lang(lang);
    vec![
        row.province_name.clone(),
        row.round.to_string(),
        kind_name(row.kind, lang).to_string(),
        percent(&row.of_total),
        percent(&row.of_registered),
        target,
        status,
    ]
}
