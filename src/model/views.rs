//! The public view of a site: what pages, feeds, downloads and the search index may show.
//!
//! These types are built from the inputs and the rules' verdicts and hold no private field at
//! all: a record's `private` table and records with `public = false` never reach them, so no
//! template can leak them by mistake.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::base::inputs::Status;
use crate::base::inputs::{Issuer, Kind, License, Name, TargetShare, Year};
use crate::rules::TargetSource;

use super::reasons::{Outlook, RoundWhy};

/// Everything the site shows, sorted for display.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub meta: SiteMeta,
    /// Provinces in Vietnamese collation order of their names.
    pub provinces: Vec<ProvinceView>,
    /// Public records, in Vietnamese collation order of their sort keys.
    pub records: Vec<RecordView>,
    /// Published stories, newest first.
    pub stories: Vec<StoryView>,
    /// Drafts to preview (`serve --drafts`); empty in every build. No list, feed, sitemap or
    /// search index names them.
    pub drafts: Vec<StoryView>,
    pub titles: Vec<TitleView>,
    /// Awards by rank, then name.
    pub awards: Vec<AwardView>,
    /// Rounds with assessments, newest first.
    pub rounds: Vec<RoundView>,
    pub pages: Vec<FreePageView>,
}

/// Site-wide settings the pages need.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMeta {
    pub title: String,
    /// The base URL without a trailing slash (`https://vinhdanh.example.vn`).
    pub base_url: String,
    /// The path part of the base URL, without a trailing slash (`` or `/portal`).
    pub base_path: String,
    pub language: String,
    /// The round the overview opens on.
    pub current_round: Year,
    /// Month and day the yearly report is due; a round's honours are dated on it in feeds.
    pub report_due: (u8, u8),
    /// Absolute URL of the image shown when a page without its own is shared.
    pub image: String,
    /// The terms of the open data.
    pub license: License,
    /// The last change of the records and provinces (ISO day), from the data: see
    /// [`super::dates`].
    pub data_updated: Option<String>,
    /// The newest round with assessments.
    pub latest_round: Option<Year>,
}

impl SiteMeta {
    /// The absolute address of a root-relative URL of this site; an http(s) address as it is.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with("https://") || url.starts_with("http://") {
            return url.to_string();
        }
        let path = url.strip_prefix(self.base_path.as_str()).unwrap_or(url);
        format!("{}{path}", self.base_url)
    }
}

/// One province with its progress and its communes with their public records.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceView {
    pub slug: String,
    pub url: String,
    pub name: String,
    pub code: String,
    pub merged_from: Vec<String>,
    pub communes: Vec<CommuneView>,
    /// Progress per kind, each over the rounds the province reports.
    pub progress: Vec<KindProgress>,
    /// Indexes into [`Site::stories`] of the province's stories.
    pub story_indexes: Vec<usize>,
}

/// One commune of a province, with its page `/tinh/<province>/<slug>/`.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneView {
    pub code: String,
    pub name: String,
    /// The slug of the name, unique in the province (see `model::commune_slugs`).
    pub slug: String,
    pub url: String,
    pub district: Option<String>,
    /// Indexes into [`Site::records`] of the public records in this commune: the `holders`
    /// of the current round first, then the others, each part in index order.
    pub record_indexes: Vec<usize>,
    /// How many of them hold a title in the current round.
    pub holders: usize,
}

impl CommuneView {
    /// The records holding a title in the current round, and the others.
    pub fn holders_and_others(&self) -> (&[usize], &[usize]) {
        self.record_indexes.split_at(self.holders)
    }
}

/// Progress of one kind in one province over the rounds.
#[derive(Debug, Clone, Serialize)]
pub struct KindProgress {
    pub kind: Kind,
    pub rounds: Vec<ProgressRow>,
}

/// One round of progress: counts kept apart, each share with its denominator.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRow {
    pub round: Year,
    pub total: u64,
    pub registered: Option<u64>,
    pub recognised: u64,
    /// Recognised out of all, in percent.
    pub share_of_total: Option<f64>,
    /// Recognised out of registered, in percent.
    pub share_of_registered: Option<f64>,
    pub target: Option<TargetView>,
    /// Met, on track or behind, as the rules judge it at any round (open data keeps it).
    pub status: Option<Status>,
    /// What the public pages show: within a phase the status; in the phase's last round,
    /// met or not met.
    pub result: Option<PhaseResult>,
    /// How many more must be recognised to reach the target's minimum (0 once reached).
    pub gap: Option<u64>,
    /// The first round whose totals include the provinces merged into this one: its counts
    /// cannot be compared with the rounds before.
    pub merged: bool,
}

/// A target's standing as the public pages give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseResult {
    Met,
    OnTrack,
    Behind,
    /// The phase has ended below the target.
    NotMet,
}

impl PhaseResult {
    /// The result of a round with `status`, in the last round of its phase or not.
    pub fn of(status: Status, phase_ended: bool) -> Self {
        match (status, phase_ended) {
            (Status::Met, _) => PhaseResult::Met,
            (_, true) => PhaseResult::NotMet,
            (Status::OnTrack, false) => PhaseResult::OnTrack,
            (Status::Behind, false) => PhaseResult::Behind,
        }
    }
}

/// The target in force for a round.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub share: TargetShare,
    pub source: TargetSource,
    pub basis: String,
    pub first: Year,
    pub last: Year,
}

/// The public face of one record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    pub id: String,
    pub url: String,
    pub name: String,
    /// The key lists sort by (given name first for people).
    pub sort_key: String,
    pub kind: Kind,
    /// The place names, which a million records share, are [`Name`]s.
    pub province: Name,
    pub province_name: Name,
    pub commune: Name,
    pub village: Option<Name>,
    /// The district before 1 July 2025, shown as history.
    pub district: Option<Name>,
    pub members: Option<u64>,
    /// Every assessed round, newest first.
    pub rounds: Vec<RecordRound>,
    /// Awards received and not withdrawn, newest first.
    pub awards: Vec<ReceivedAwardView>,
    /// Indexes into [`Site::stories`] of the stories about this record.
    pub story_indexes: Vec<usize>,
    /// Its public member records and the next award it could earn (boxed: most have none of
    /// the first, and a national site has a million records).
    pub outlook: Option<Box<Outlook>>,
}

impl RecordView {
    /// Whether the record holds its title in `round`.
    pub fn holds(&self, round: Year) -> bool {
        self.rounds.iter().any(|r| r.round == round && r.holds)
    }

    /// The rounds the record holds its title in, ascending.
    pub fn held_rounds(&self) -> Vec<Year> {
        let mut rounds: Vec<Year> = self
            .rounds
            .iter()
            .filter(|r| r.holds)
            .map(|r| r.round)
            .collect();
        rounds.sort_unstable();
        rounds
    }
}

/// A record's result in one round. Scores are public; criterion values stay in `explain`.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRound {
    pub round: Year,
    pub title_id: Name,
    pub title_name: Name,
    pub holds: bool,
    pub score: f64,
    pub max_points: f64,
    pub grade: Option<Name>,
    /// Set when the title was withdrawn from this round on (boxed: few are).
    pub revoked: Option<Box<RevokedView>>,
    /// Why the result is what it is.
    pub why: RoundWhy,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevokedView {
    pub decision: String,
    pub reason: String,
}

/// An award as received, by decision, as its record's page shows it.
///
/// A national site shows a million awards of a few dozen kinds, dated on a few hundred days by
/// a few thousand issuers: all but the decision are [`Name`]s.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedAwardView {
    pub award_id: Name,
    pub award_name: Name,
    pub issuer_kind: Issuer,
    pub decision: String,
    /// ISO date (`2024-12-05`), empty when the decision gives none.
    pub date: Name,
    pub issuer: Name,
    pub round: Year,
}

/// A published story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub slug: String,
    pub url: String,
    pub title: String,
    /// ISO date (`2025-03-12`).
    pub date: String,
    pub summary: String,
    pub province: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub aliases: Vec<String>,
    /// Who wrote it, and the press office or paper it comes from.
    pub author: Option<String>,
    pub source: Option<String>,
    /// ISO day of its last change: `updated`, else `date`.
    pub modified: String,
    /// Whether it is a draft, shown only by `serve --drafts`.
    pub draft: bool,
    /// Indexes into [`Site::records`] of the public records the story is about.
    pub record_indexes: Vec<usize>,
    /// The Markdown body, rendered and sanitised later.
    pub markdown: Arc<str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TitleView {
    pub id: String,
    pub url: String,
    pub name: String,
    pub kind: Kind,
    pub basis: String,
    pub valid_from: Year,
    pub valid_to: Year,
    pub min_points: f64,
    /// The least number of criteria met, 0 when the title sets none.
    pub min_met: u32,
    /// The points of all criteria together.
    pub max_points: f64,
    /// How many criteria are required.
    pub required_count: usize,
    pub criteria: Vec<CriterionView>,
    /// Highest band first.
    pub grades: Vec<GradeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub label: String,
    pub group: Option<String>,
    pub points: f64,
    pub required: bool,
    pub at_least: Option<f64>,
    pub computed: bool,
    /// For a computed criterion: the name of the title the linked records must hold.
    pub share_title: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    pub name: String,
    pub min_points: f64,
    /// The least points of the next band up: this band is below them.
    pub below: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwardView {
    pub id: String,
    pub url: String,
    pub name: String,
    pub rank: i64,
    pub kinds: Vec<Kind>,
    pub issuer_kind: Issuer,
    pub basis: String,
    /// The conditions of eligibility; the theme words them.
    pub eligible: EligibilityView,
}

/// An award's conditions, with names instead of ids.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EligibilityView {
    /// The title to hold; `None` means the title of the record's own kind.
    pub title_name: Option<String>,
    pub consecutive_rounds: Option<u32>,
    /// Names of awards that must have been received in an earlier round.
    pub prior_awards: Vec<String>,
    /// Names of the review rounds the award is given in, when it is given only then.
    pub review_rounds: Vec<String>,
    pub min_points: Option<f64>,
    /// Criterion label and the least value it needs.
    pub criteria: Vec<(String, f64)>,
}

/// One review round: who was newly recognised and which awards were given.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub year: Year,
    pub url: String,
    /// The review's name when this is a sơ kết / tổng kết round.
    pub review_name: Option<String>,
    /// Indexes into [`Site::records`] of records holding their title this round but not the
    /// round before, by province (in [`Site::provinces`] order), then in index order.
    pub newly_recognised: Vec<usize>,
    /// How many of `newly_recognised` are in each province, by province slug.
    pub newly_by_province: BTreeMap<String, usize>,
    /// How many public records hold their title this round.
    pub holders: usize,
    /// Awards received in this round: (record index, award index into the record's awards).
    pub awards_given: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    pub url: String,
    pub url_path: String,
    pub title: String,
    pub markdown: Arc<str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_that_has_ended_is_met_or_not_met() {
        assert_eq!(PhaseResult::of(Status::Behind, true), PhaseResult::NotMet);
        assert_eq!(PhaseResult::of(Status::OnTrack, true), PhaseResult::NotMet);
        assert_eq!(PhaseResult::of(Status::Met, true), PhaseResult::Met);
        assert_eq!(PhaseResult::of(Status::Behind, false), PhaseResult::Behind);
        assert_eq!(
            PhaseResult::of(Status::OnTrack, false),
            PhaseResult::OnTrack
        );
    }
}
