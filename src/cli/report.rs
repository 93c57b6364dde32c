//! `vinhdanh report`: the request checked before a report is made, so that a report never
//! misleads. A round nobody was assessed in and a province the site does not have are
//! refused with what would be valid, instead of printing an empty report.

use super::ReportFormat;
use crate::base::inputs::{Inputs, Year};
use crate::base::inputs::{assessed_rounds, default_round};
use crate::base::lang::{Lang, ReportText};
use crate::base::{suggest, today};
use crate::commands::report;
use crate::rules::Honours;

/// What `report` was asked for.
#[derive(Debug)]
pub struct Request<'a> {
    pub round: Option<Year>,
    pub since: Option<Year>,
    pub format: ReportFormat,
    pub province: Option<&'a str>,
}

/// The report's text, or why it cannot be made (in `lang`).
pub fn make(
    inputs: &Inputs,
    honours: &Honours,
    request: &Request<'_>,
    lang: Lang,
) -> Result<String, String> {
    let round = request.round.unwrap_or_else(|| default_round(inputs));
    let rounds = assessed_rounds(inputs);
    if !rounds.contains(&round) {
        let rounds: Vec<String> = rounds.iter().map(ToString::to_string).collect();
        let rounds = rounds.join(", ");
        return Err(ReportText::RoundNotAssessed {
            round,
            rounds: &rounds,
        }
        .in_lang(lang));
    }
    let mut review = report::review(inputs, honours, round, request.since);
    if let Some(slug) = request.province {
        let name = province_name(inputs, slug, lang)?;
        review = review.for_province(slug, &name);
    }
    Ok(match request.format {
        ReportFormat::Md => review.to_markdown(inputs, lang),
        ReportFormat::Csv => review.to_csv(lang),
        ReportFormat::Html => review.to_html(inputs, lang, today::today()),
    })
}

/// The name of the province `slug`, or a refusal with the closest slug.
fn province_name(inputs: &Inputs, slug: &str, lang: Lang) -> Result<String, String> {
    if let Some(province) = inputs.provinces.iter().find(|p| p.slug == slug) {
        return Ok(province.name.clone());
    }
    let slugs = inputs.provinces.iter().map(|p| p.slug.as_str());
    let suggestion = suggest::closest(slug, slugs);
    Err(ReportText::NoSuchProvince { slug, suggestion }.in_lang(lang))
}
