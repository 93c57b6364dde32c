//! Checks that what was loaded fits together: ids unique, references resolve, rounds fall in the
//! rules' periods, criterion values have the type the rules say, award prerequisites form no
//! cycle. Every problem is collected; nothing stops at the first.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

mod criterion_typos;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::base::inputs::{
    Assessment, CriterionValue, Inputs, Kind, Province, Record, Revoked, Rules, Year,
};
use crate::base::messages::Problem;
use crate::base::source::{Span, Spanned};

/// Runs every cross-reference check on the loaded inputs.
pub fn validate(inputs: &Inputs, diags: &mut Diagnostics) {
    let (index, duplicates) = Index::with_duplicates(inputs);
    check_rules(&inputs.rules, &index, diags);
    check_config(inputs, diags);
    check_provinces(inputs, diags);
    report_duplicate_records(&duplicates, diags);
    check_records(inputs, &index, diags);
    let known = |id: &str| index.records.contains_key(id);
    check_stories(inputs, &known, &index, diags);
    crate::base::suggest::for_unknown_names(inputs, diags);
}

/// The story checks of [`validate`] alone (records and provinces they name, slugs, aliases):
/// for `serve`, which reloads only the Markdown files when nothing else changed.
pub fn validate_stories(inputs: &Inputs, diags: &mut Diagnostics) {
    let index = Index::new(inputs);
    let known = |id: &str| index.records.contains_key(id);
    check_stories(inputs, &known, &index, diags);
}

/// [`validate_stories`] with the records' ids known by `is_record` (a lookup kept between
/// rebuilds, so that no pass over the records is needed).
pub fn validate_stories_with(
    inputs: &Inputs,
    is_record: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    let index = Index {
        records: HashMap::new(),
        unresolved: &inputs.unresolved_ids,
    };
    check_stories(inputs, is_record, &index, diags);
}

/// Lookups shared by the checks.
struct Index<'a> {
    records: HashMap<&'a str, &'a Record>,
    unresolved: &'a BTreeSet<String>,
}

impl<'a> Index<'a> {
    fn new(inputs: &'a Inputs) -> Self {
        Self::with_duplicates(inputs).0
    }

    /// The index (each id to the first record with it), and every later record whose id was
    /// taken, with the span of the first one.
    fn with_duplicates(inputs: &'a Inputs) -> (Self, Vec<(&'a Record, Span)>) {
        let mut records: HashMap<&str, &Record> = HashMap::with_capacity(inputs.records.len());
        let mut duplicates = Vec::new();
        for record in &inputs.records {
            match records.entry(record.id.as_str()) {
                Entry::Occupied(first) => duplicates.push((record, first.get().id.span)),
                Entry::Vacant(slot) => {
                    slot.insert(record);
                }
            }
        }
        let index = Index {
            records,
            unresolved: &inputs.unresolved_ids,
        };
        (index, duplicates)
    }

    /// Whether a reference to `id` should be reported: it is neither known nor a known-broken id.
    fn is_dangling(&self, known: bool, id: &str) -> bool {
        !known && !self.unresolved.contains(id)
    }
}

fn error(span: Span, field: &str, problem: Problem) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        problem,
        span,
        field: field.to_string(),
        related: Vec::new(),
        suggestion: None,
    }
}

fn check_rules(rules: &Rules, index: &Index<'_>, diags: &mut Diagnostics) {
    for title in &rules.titles {
        for criterion in &title.criteria {
            let Some(computed) = &criterion.computed else {
                continue;
            };
            match rules.title(&computed.title.value) {
                Some(linked) if linked.kind != Kind::Family => diags.error(
                    computed.title.span,
                    "title.criterion.computed.title",
                    Problem::TitleKindMismatch {
                        id: computed.title.value.clone(),
                        title_kind: linked.kind.to_string(),
                        kind: Kind::Family.to_string(),
                    },
                ),
                Some(_) => {}
                None if index.is_dangling(false, &computed.title.value) => diags.error(
                    computed.title.span,
                    "title.criterion.computed.title",
                    Problem::UnknownTitle {
                        id: computed.title.value.clone(),
                    },
                ),
                None => {}
            }
        }
    }
    for award in &rules.awards {
        check_award_references(award, rules, index, diags);
    }
    check_award_cycles(rules, diags);
}

fn check_award_references(
    award: &crate::base::inputs::Award,
    rules: &Rules,
    index: &Index<'_>,
    diags: &mut Diagnostics,
) {
    let eligible = &award.eligible;
    if let Some(title_id) = &eligible.title {
        match rules.title(&title_id.value) {
            Some(title) if !award.kinds.contains(&title.kind) => diags.error(
                title_id.span,
                "award.eligible.title",
                Problem::TitleKindMismatch {
                    id: title_id.value.clone(),
                    title_kind: title.kind.to_string(),
                    kind: kinds_text(&award.kinds),
                },
            ),
            Some(_) => {}
            None if index.is_dangling(false, &title_id.value) => diags.error(
                title_id.span,
                "award.eligible.title",
                Problem::UnknownTitle {
                    id: title_id.value.clone(),
                },
            ),
            None => {}
        }
    }
    for prior in &eligible.prior_awards {
        if index.is_dangling(rules.award(&prior.value).is_some(), &prior.value) {
            diags.error(
                prior.span,
                "award.eligible.prior_awards",
                Problem::UnknownAward {
                    id: prior.value.clone(),
                },
            );
        }
    }
    for condition in &eligible.criteria {
        let known = rules
            .titles
            .iter()
            .filter(|t| award.kinds.contains(&t.kind))
            .any(|t| t.criterion(&condition.id.value).is_some());
        if !known {
            diags.error(
                condition.id.span,
                "award.eligible.criteria.id",
                Problem::UnknownCriterion {
                    id: condition.id.value.clone(),
                    title: eligible
                        .title
                        .as_ref()
                        .map_or_else(|| kinds_text(&award.kinds), |t| t.value.clone()),
                },
            );
        }
    }
}

fn kinds_text(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports each cycle of `prior_awards` once, at the award where it is first entered.
fn check_award_cycles(rules: &Rules, diags: &mut Diagnostics) {
    let edges: BTreeMap<&str, Vec<&str>> = rules
        .awards
        .iter()
        .map(|a| {
            let priors = a.eligible.prior_awards.iter().map(|p| p.as_str()).collect();
            (a.id.as_str(), priors)
        })
        .collect();
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for award in &rules.awards {
        let mut path = vec![award.id.as_str()];
        if let Some(cycle) = find_cycle(&edges, &mut path) {
            let mut key = cycle.clone();
            key.sort_unstable();
            if reported.insert(key) {
                let span = rules.award(cycle[0]).map_or(award.id.span, |a| a.id.span);
                let mut text = cycle.join(" → ");
                text.push_str(" → ");
                text.push_str(cycle[0]);
                diags.error(
                    span,
                    "award.eligible.prior_awards",
                    Problem::AwardCycle { cycle: text },
                );
            }
        }
    }
}

/// Depth-first search from the last award of `path`; returns the awards of a cycle found.
fn find_cycle<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    let current = *path.last()?;
    for &next in edges.get(current).into_iter().flatten() {
        if let Some(start) = path.iter().position(|&p| p == next) {
            return Some(path[start..].to_vec());
        }
        path.push(next);
        let found = find_cycle(edges, path);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

fn check_config(inputs: &Inputs, diags: &mut Diagnostics) {
    if let Some(round) = &inputs.config.current_round {
        check_round(&inputs.rules, round, "current_round", diags);
    }
}

fn check_round(rules: &Rules, round: &Spanned<Year>, field: &str, diags: &mut Diagnostics) -> bool {
    let inside = rules.in_periods(round.value);
    if !inside && !rules.periods.is_empty() {
        diags.error(
            round.span,
            field,
            Problem::RoundOutsidePeriods { round: round.value },
        );
    }
    inside
}

fn check_provinces(inputs: &Inputs, diags: &mut Diagnostics) {
    check_province_codes(inputs, diags);
    for province in &inputs.provinces {
        let mut codes: BTreeMap<&str, Span> = BTreeMap::new();
        let mut names: BTreeMap<&str, Span> = BTreeMap::new();
        for commune in &province.communes {
            let code = (commune.code.as_str(), commune.code_span);
            listed_once(&mut codes, code, "commune.code", "commune code", diags);
            let name = (commune.name.as_str(), commune.name_span);
            listed_once(&mut names, name, "commune.name", "commune name", diags);
        }
        let mut years = BTreeSet::new();
        for round in &province.rounds {
            if !years.insert(round.year) {
                diags.error(
                    round.span,
                    "round.year",
                    Problem::Duplicate {
                        what: "round".into(),
                        id: round.year.to_string(),
                    },
                );
            }
        }
    }
}

/// Two provinces with one `code`: reported at the second file (by path), naming the first.
fn check_province_codes(inputs: &Inputs, diags: &mut Diagnostics) {
    let mut provinces: Vec<&Province> = inputs
        .provinces
        .iter()
        .filter(|p| !p.code.is_empty())
        .collect();
    provinces.sort_by_key(|p| inputs.sources.path(p.file));
    let mut codes: BTreeMap<&str, Span> = BTreeMap::new();
    for province in provinces {
        let code = (province.code.as_str(), province.code_span);
        listed_once(&mut codes, code, "code", "province code", diags);
    }
}

/// Records `value` in `seen`; a value seen before is an error at its second place, naming the
/// first.
fn listed_once<'a>(
    seen: &mut BTreeMap<&'a str, Span>,
    (value, span): (&'a str, Span),
    field: &str,
    what: &str,
    diags: &mut Diagnostics,
) {
    match seen.get(value) {
        Some(&first) => diags.add(
            error(
                span,
                field,
                Problem::Duplicate {
                    what: what.into(),
                    id: value.to_string(),
                },
            )
            .with_related("first used here", first),
        ),
        None => {
            seen.insert(value, span);
        }
    }
}

fn report_duplicate_records(duplicates: &[(&Record, Span)], diags: &mut Diagnostics) {
    for &(record, first_span) in duplicates {
        diags.add(
            error(
                record.id.span,
                &format!("{}.id", record.kind),
                Problem::Duplicate {
                    what: "record id".into(),
                    id: record.id.value.clone(),
                },
            )
            .with_related("first used here", first_span),
        );
    }
}

/// [`check_record`] for every record, on all cores; the diagnostics stay in record order.
fn check_records(inputs: &Inputs, index: &Index<'_>, diags: &mut Diagnostics) {
    let found: Vec<Diagnostics> = inputs
        .records
        .par_chunks(1024)
        .map(|records| {
            let mut found = Diagnostics::default();
            for record in records {
                check_record(record, inputs, index, &mut found);
            }
            found
        })
        .collect();
    let mut records = Diagnostics::default();
    for part in found {
        records.extend(part);
    }
    criterion_typos::report_at_the_rule(inputs, &mut records);
    diags.extend(records);
}

fn check_record(record: &Record, inputs: &Inputs, index: &Index<'_>, diags: &mut Diagnostics) {
    let kind = record.kind.as_str();
    check_place(record, inputs, diags);
    for family in &record.families {
        match index.records.get(family.as_str()) {
            Some(member) if member.kind != Kind::Family => diags.error(
                family.span,
                format!("{kind}.families"),
                Problem::NotAFamily {
                    id: family.value.clone(),
                    kind: member.kind.to_string(),
                },
            ),
            Some(_) => {}
            None if index.is_dangling(false, &family.value) => diags.error(
                family.span,
                format!("{kind}.families"),
                Problem::UnknownRecord {
                    id: family.value.clone(),
                },
            ),
            None => {}
        }
    }
    let mut rounds: BTreeMap<Year, Span> = BTreeMap::new();
    for assessment in &record.assessments {
        if let Some(&first) = rounds.get(&assessment.round.value) {
            diags.add(
                error(
                    assessment.round.span,
                    &format!("{kind}.assessment.round"),
                    Problem::Duplicate {
                        what: "assessment round".into(),
                        id: assessment.round.value.to_string(),
                    },
                )
                .with_related("first assessed here", first),
            );
            continue;
        }
        rounds.insert(assessment.round.value, assessment.round.span);
        check_assessment(record, assessment, &inputs.rules, diags);
    }
    check_received_awards(record, &inputs.rules, index, diags);
    check_revocations(record, &inputs.rules, index, diags);
}

fn check_place(record: &Record, inputs: &Inputs, diags: &mut Diagnostics) {
    let kind = record.kind.as_str();
    let Some(province) = inputs
        .provinces
        .iter()
        .find(|p| p.slug == record.province.value)
    else {
        diags.error(
            record.province.span,
            format!("{kind}.province"),
            Problem::UnknownProvince {
                slug: record.province.value.to_string(),
            },
        );
        return;
    };
    if province.commune(&record.commune.value).is_none() {
        diags.error(
            record.commune.span,
            format!("{kind}.commune"),
            Problem::UnknownCommune {
                commune: record.commune.value.to_string(),
                province: province.slug.clone(),
            },
        );
    }
}

fn check_assessment(
    record: &Record,
    assessment: &Assessment,
    rules: &Rules,
    diags: &mut Diagnostics,
) {
    let kind = record.kind.as_str();
    let round_field = format!("{kind}.assessment.round");
    if !check_round(rules, &assessment.round, &round_field, diags) {
        return;
    }
    let Some(title) = rules.title_for(record.kind, assessment.round.value) else {
        if rules.broken_titles > 0 {
            return;
        }
        diags.error(
            assessment.round.span,
            &round_field,
            Problem::NoTitleForRound {
                kind: kind.to_string(),
                round: assessment.round.value,
            },
        );
        return;
    };
    let field = format!("{kind}.assessment.criteria");
    for (id, value) in assessment.criteria.iter() {
        let Some(criterion) = title.criterion(id) else {
            diags.error(
                value.span,
                format!("{field}.{id}"),
                Problem::UnknownCriterion {
                    id: id.to_string(),
                    title: title.id.value.to_string(),
                },
            );
            continue;
        };
        if criterion.computed.is_some() {
            diags.error(
                value.span,
                format!("{field}.{id}"),
                Problem::ComputedCriterionReported { id: id.to_string() },
            );
            continue;
        }
        let (expected_kind, fits) = match (criterion.is_numeric(), value.value) {
            (true, CriterionValue::Number(_)) | (false, CriterionValue::Bool(_)) => ("", true),
            (true, CriterionValue::Bool(_)) => ("a number (it has `at_least`)", false),
            (false, CriterionValue::Number(_)) => ("true or false", false),
        };
        if !fits {
            diags.error(
                value.span,
                format!("{field}.{id}"),
                Problem::CriterionValueType {
                    id: id.to_string(),
                    expected_kind: expected_kind.into(),
                    found: match value.value {
                        CriterionValue::Bool(b) => b.to_string(),
                        CriterionValue::Number(n) => n.to_string(),
                    },
                },
            );
        }
    }
}

fn check_received_awards(
    record: &Record,
    rules: &Rules,
    index: &Index<'_>,
    diags: &mut Diagnostics,
) {
    let kind = record.kind.as_str();
    for received in &record.awards {
        check_round(
            rules,
            &received.round,
            &format!("{kind}.award.round"),
            diags,
        );
        let field = format!("{kind}.award.award");
        match rules.award(&received.award.value) {
            Some(award) if !award.kinds.contains(&record.kind) => diags.error(
                received.award.span,
                &field,
                Problem::AwardKindMismatch {
                    id: received.award.value.clone(),
                    kind: kind.to_string(),
                },
            ),
            Some(_) => {}
            None if index.is_dangling(false, &received.award.value) => diags.error(
                received.award.span,
                &field,
                Problem::UnknownAward {
                    id: received.award.value.clone(),
                },
            ),
            None => {}
        }
    }
}

fn check_revocations(record: &Record, rules: &Rules, index: &Index<'_>, diags: &mut Diagnostics) {
    let kind = record.kind.as_str();
    for revocation in &record.revocations {
        check_round(
            rules,
            &revocation.round,
            &format!("{kind}.revoked.round"),
            diags,
        );
        match &revocation.what {
            Revoked::Title(id) => match rules.title(&id.value) {
                Some(title) if title.kind != record.kind => diags.error(
                    id.span,
                    format!("{kind}.revoked.title"),
                    Problem::TitleKindMismatch {
                        id: id.value.clone(),
                        title_kind: title.kind.to_string(),
                        kind: kind.to_string(),
                    },
                ),
                Some(_) => {}
                None if index.is_dangling(false, &id.value) => diags.error(
                    id.span,
                    format!("{kind}.revoked.title"),
                    Problem::UnknownTitle {
                        id: id.value.clone(),
                    },
                ),
                None => {}
            },
            Revoked::Award(id) => {
                if index.is_dangling(rules.award(&id.value).is_some(), &id.value) {
                    diags.error(
                        id.span,
                        format!("{kind}.revoked.award"),
                        Problem::UnknownAward {
                            id: id.value.clone(),
                        },
                    );
                }
            }
        }
    }
}

fn check_stories(
    inputs: &Inputs,
    is_record: &dyn Fn(&str) -> bool,
    index: &Index<'_>,
    diags: &mut Diagnostics,
) {
    let mut slugs: BTreeMap<&str, Span> = BTreeMap::new();
    let mut aliases: BTreeMap<&str, Span> = BTreeMap::new();
    for story in &inputs.stories {
        for id in &story.records {
            if index.is_dangling(is_record(id.as_str()), &id.value) {
                diags.error(
                    id.span,
                    "records",
                    Problem::UnknownRecord {
                        id: id.value.clone(),
                    },
                );
            }
        }
        if let Some(province) = &story.province
            && !inputs.provinces.iter().any(|p| p.slug == province.value)
        {
            diags.error(
                province.span,
                "province",
                Problem::UnknownProvince {
                    slug: province.value.clone(),
                },
            );
        }
        // Slugs from file names are told apart by date when the site is built; an explicit
        // slug used twice is a mistake.
        if story.explicit_slug {
            match slugs.get(story.slug.as_str()) {
                Some(&first) => diags.add(
                    error(
                        story.slug.span,
                        "slug",
                        Problem::Duplicate {
                            what: "story slug".into(),
                            id: story.slug.value.clone(),
                        },
                    )
                    .with_related("first used here", first),
                ),
                None => {
                    slugs.insert(story.slug.as_str(), story.slug.span);
                }
            }
        }
        for alias in &story.aliases {
            if let Some(&first) = aliases.get(alias.as_str()) {
                diags.add(
                    error(
                        alias.span,
                        "aliases",
                        Problem::Duplicate {
                            what: "alias".into(),
                            id: alias.value.clone(),
                        },
                    )
                    .with_related("first used here", first),
                );
            } else {
                aliases.insert(alias.as_str(), alias.span);
            }
        }
    }
}
