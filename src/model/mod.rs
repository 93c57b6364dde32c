//! Builds the public [`Site`] from the inputs and the rules' verdicts: public records only,
//! no private field, URLs fixed, lists sorted with Vietnamese collation.

pub mod dates;
mod reasons;
mod urls;
mod views;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::base::collate;
use crate::base::inputs::{
    ByPlace, Inputs, Issuer, Kind, Name, Record, Revoked, Rules, Story, Year,
};
use crate::base::inputs::{assessed_rounds, default_round};
use crate::base::text;
use crate::rules::{Honours, ProvinceProgress, progress};

pub use reasons::{Lack, MemberLink, NextAward, Outlook, RoundWhy, ShareShortfall, Shortfall};
pub use urls::Urls;
pub use views::*;

/// The address the site is published at: `base_url` when given (previews), else that of
/// `site.toml`, without a final slash.
pub fn site_base_url(inputs: &Inputs, base_url: Option<&str>) -> String {
    base_url
        .unwrap_or(&inputs.config.base_url)
        .trim_end_matches('/')
        .to_string()
}

/// Builds the site to publish. `base_url` overrides `site.toml` (previews).
pub fn build_site(inputs: &Inputs, honours: &Honours, base_url: Option<&str>) -> Site {
    let base_url = site_base_url(inputs, base_url);
    let records = public_records(inputs, honours, &Urls::new(&base_url));
    site_of_records(inputs, base_url, records)
}

/// [`build_site`] again, at the base URL of `site.toml`, after only the records of `changed`
/// changed (added, removed or edited; with them the records whose verdicts count theirs, as
/// [`crate::rules::with_dependents`] finds): the views of the other records are taken from
/// `earlier`, the site as it was.
pub fn rebuild_site(
    inputs: &Inputs,
    honours: &Honours,
    earlier: &Site,
    changed: &BTreeSet<String>,
) -> Site {
    let base_url = site_base_url(inputs, None);
    let urls = Urls::new(&base_url);
    let records = public_records_reusing(inputs, honours, &urls, &earlier.records, changed);
    site_of_records(inputs, base_url, records)
}

/// The site published at `base_url` around its public `records`, in their order.
fn site_of_records(inputs: &Inputs, base_url: String, records: Vec<RecordView>) -> Site {
    let urls = Urls::new(&base_url);
    let mut meta = SiteMeta {
        title: inputs.config.title.clone(),
        base_path: urls.base_path().to_string(),
        base_url,
        language: inputs.config.language.clone(),
        current_round: default_round(inputs),
        report_due: inputs.config.report_due.unwrap_or((12, 15)),
        image: String::new(),
        license: inputs.config.license.clone(),
        data_updated: None,
        latest_round: None,
    };
    meta.image =
        meta.absolute(&urls.asset(inputs.config.image.as_deref().unwrap_or(DEFAULT_SITE_IMAGE)));
    let record_index = story_record_index(inputs, &records);
    let stories = published_stories(inputs, &|id| record_index.get(id).copied(), &urls);
    let mut site = Site {
        meta,
        provinces: Vec::new(),
        titles: titles(inputs, &urls),
        awards: awards(inputs, &urls),
        rounds: Vec::new(),
        pages: free_pages(inputs, &urls),
        records,
        stories,
        drafts: Vec::new(),
    };
    link_stories_to_records(&mut site);
    site.provinces = provinces(inputs, &site, &urls);
    site.rounds = rounds(inputs, &site, &urls);
    site.meta.latest_round = site.rounds.iter().map(|r| r.year).max();
    site.meta.data_updated =
        dates::data_changed(&site.records, &site.provinces, site.meta.report_due);
    site
}

/// The image a page without its own is shared with, when `site.toml` names none: the default
/// theme ships it (1200 x 630, the size sharing previews use).
pub const DEFAULT_SITE_IMAGE: &str = "/anh-chia-se.png";

/// Puts the drafts of `inputs` into `site` for a preview (`serve --drafts`), each at a slug no
/// published story has. `record_index` finds a record's position in `site.records`.
pub fn add_drafts(
    site: &mut Site,
    inputs: &Inputs,
    record_index: &(dyn Fn(&str) -> Option<usize> + Sync),
) {
    let urls = Urls::new(&site.meta.base_url);
    let mut taken: BTreeMap<String, usize> =
        site.stories.iter().map(|s| (s.slug.clone(), 1)).collect();
    let mut drafts: Vec<&Story> = inputs.stories.iter().filter(|s| s.draft).collect();
    drafts.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    site.drafts = drafts
        .into_iter()
        .map(|story| {
            let slug = unique_slug(&story.slug.value, &mut taken);
            story_view(story, slug, record_index, &urls)
        })
        .collect();
}

/// The positions in `records` of the records that stories are about: found in one pass on all
/// cores, instead of a map of every record's id (a million at national scale, for a few
/// thousand stories).
fn story_record_index<'a>(inputs: &'a Inputs, records: &[RecordView]) -> HashMap<&'a str, usize> {
    let wanted: HashSet<&str> = inputs
        .stories
        .iter()
        .flat_map(|story| story.records.iter().map(|id| id.value.as_str()))
        .collect();
    let found: Vec<(&str, usize)> = records
        .par_iter()
        .enumerate()
        .filter_map(|(i, r)| wanted.get(r.id.as_str()).map(|&id| (id, i)))
        .collect();
    found.into_iter().collect()
}

/// Puts the stories and free pages of `inputs` into `site`, which was built by [`build_site`]
/// from the same records, provinces and rules: for `serve`, which reloads only the Markdown
/// files when nothing else changed. The result equals what `build_site` would make.
pub fn relink_content(site: &mut Site, inputs: &Inputs) {
    let record_index: BTreeMap<String, usize> = site
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    relink_content_with(site, inputs, &|id| record_index.get(id).copied());
}

/// [`relink_content`] with the position of each record of `site.records` given by
/// `record_index` (a lookup kept between rebuilds, so that no pass over the records is needed).
pub fn relink_content_with(
    site: &mut Site,
    inputs: &Inputs,
    record_index: &(dyn Fn(&str) -> Option<usize> + Sync),
) {
    let urls = Urls::new(&site.meta.base_url);
    let stories = published_stories(inputs, record_index, &urls);
    site.stories = stories;
    site.pages = free_pages(inputs, &urls);
    for record in &mut site.records {
        record.story_indexes.clear();
    }
    link_stories_to_records(site);
    for province in &mut site.provinces {
        province.story_indexes = province_stories(&site.stories, &province.slug);
    }
}

/// Indexes of the stories about a province.
fn province_stories(stories: &[StoryView], slug: &str) -> Vec<usize> {
    stories
        .iter()
        .enumerate()
        .filter(|(_, s)| s.province.as_deref() == Some(slug))
        .map(|(i, _)| i)
        .collect()
}

fn is_person(kind: Kind) -> bool {
    matches!(kind, Kind::Family | Kind::Citizen)
}

/// Public records, sorted by their collation key, then id.
fn public_records(inputs: &Inputs, honours: &Honours, urls: &Urls) -> Vec<RecordView> {
    let mut records = record_views(inputs, honours, urls, |_| true);
    records.par_sort_by_cached_key(record_order);
    records
}

/// [`public_records`], with the views of the records not in `changed` taken from `earlier`
/// (the records' views before the change, in their order) and the changed records' views put
/// among them in order.
fn public_records_reusing(
    inputs: &Inputs,
    honours: &Honours,
    urls: &Urls,
    earlier: &[RecordView],
    changed: &BTreeSet<String>,
) -> Vec<RecordView> {
    let mut made = record_views(inputs, honours, urls, |r| changed.contains(&r.id.value));
    made.sort_by_cached_key(record_order);
    let kept: Vec<RecordView> = (earlier.par_iter())
        .filter(|view| !changed.contains(&view.id))
        .map(|view| RecordView {
            story_indexes: Vec::new(),
            ..view.clone()
        })
        .collect();
    let places: Vec<usize> = (made.iter())
        .map(|view| {
            let order = record_order(view);
            kept.partition_point(|other| record_order(other) < order)
        })
        .collect();
    let mut records = Vec::with_capacity(kept.len() + made.len());
    let mut kept = kept.into_iter();
    let mut taken = 0;
    for (view, place) in made.into_iter().zip(places) {
        records.extend(kept.by_ref().take(place - taken));
        taken = place;
        records.push(view);
    }
    records.extend(kept);
    records
}

/// The place of a record in the site's order: its name's collation key, then its id.
fn record_order(view: &RecordView) -> ((u128, Vec<u8>, String), String) {
    (
        collate::prefixed_collation_key(&view.sort_key),
        view.id.clone(),
    )
}

/// The views of the public records of `inputs` that `wanted` takes, in the records' order.
fn record_views(
    inputs: &Inputs,
    honours: &Honours,
    urls: &Urls,
    wanted: impl Fn(&Record) -> bool + Sync,
) -> Vec<RecordView> {
    let province_names: BTreeMap<&str, Name> = inputs
        .provinces
        .iter()
        .map(|p| (p.slug.as_str(), Name::new(&p.name)))
        .collect();
    let member_names = public_member_names(inputs);
    let places = Places {
        province_names: &province_names,
        member_names: &member_names,
        urls,
    };
    inputs
        .records
        .par_iter()
        .filter(|r| r.public && wanted(r))
        .map(|r| record_view(r, inputs, honours, &places))
        .collect()
}

/// What every record view is built with besides the record.
struct Places<'a> {
    province_names: &'a BTreeMap<&'a str, Name>,
    /// The names of the public records other records link to (a clan's families).
    member_names: &'a HashMap<&'a str, &'a str>,
    urls: &'a Urls,
}

/// The names of the public records that records link to: only those, not every record's.
fn public_member_names(inputs: &Inputs) -> HashMap<&str, &str> {
    let wanted: HashSet<&str> = inputs
        .records
        .iter()
        .flat_map(|r| r.families.iter().map(|id| id.value.as_str()))
        .collect();
    if wanted.is_empty() {
        return HashMap::new();
    }
    inputs
        .records
        .par_iter()
        .filter(|r| r.public && wanted.contains(r.id.value.as_str()))
        .map(|r| (r.id.value.as_str(), r.name.as_str()))
        .collect()
}

fn record_view(
    record: &Record,
    inputs: &Inputs,
    honours: &Honours,
    places: &Places<'_>,
) -> RecordView {
    let Places {
        province_names,
        member_names,
        urls,
    } = places;
    let province = record.province.value;
    RecordView {
        id: record.id.value.clone(),
        url: urls.record(&record.id.value),
        name: record.name.clone(),
        sort_key: collate::sort_key(
            is_person(record.kind),
            &record.name,
            record.sort_name.as_deref(),
        ),
        kind: record.kind,
        province_name: province_names
            .get(province.as_str())
            .map_or(province, |&name| name),
        province,
        commune: record.commune.value,
        village: record.village,
        district: record.district,
        members: record.members,
        rounds: record_rounds(
            record,
            &inputs.rules,
            honours,
            record
                .families
                .iter()
                .all(|id| member_names.contains_key(id.value.as_str())),
        ),
        awards: received_awards(record, &inputs.rules),
        story_indexes: Vec::new(),
        outlook: reasons::outlook(inputs, honours, record, member_names, urls),
    }
}

/// The rounds of `record`, each with why; `members_public` says whether every record it links
/// is public (else a share is given without its counts).
fn record_rounds(
    record: &Record,
    rules: &Rules,
    honours: &Honours,
    members_public: bool,
) -> Vec<RecordRound> {
    let mut rounds: Vec<RecordRound> = honours
        .record(&record.id.value)
        .map(|h| {
            let full = reasons::needs_full_verdict(rules, h)
                .then(|| crate::rules::detail(rules, record, honours));
            h.outcomes
                .values()
                .map(|o| RecordRound {
                    round: o.round,
                    title_id: o.title_id,
                    title_name: o.title_name,
                    holds: o.holds,
                    score: o.score,
                    max_points: o.max_points,
                    grade: o.grade,
                    revoked: o.revoked.as_ref().map(|n| {
                        Box::new(RevokedView {
                            decision: n.decision.clone(),
                            reason: n.reason.clone(),
                        })
                    }),
                    why: reasons::round_why(rules, o, h, full.as_ref(), members_public),
                })
                .collect()
        })
        .unwrap_or_default();
    rounds.sort_by_key(|r| std::cmp::Reverse(r.round));
    rounds
}

/// Received awards that were not withdrawn, newest first. A withdrawn award is left out of
/// every public page, whatever round it was received in.
fn received_awards(record: &Record, rules: &Rules) -> Vec<ReceivedAwardView> {
    let withdrawn = |id: &str| {
        record
            .revocations
            .iter()
            .any(|r| matches!(&r.what, Revoked::Award(a) if a.value == id))
    };
    let mut awards: Vec<ReceivedAwardView> = record
        .awards
        .iter()
        .filter(|a| !withdrawn(&a.award.value))
        .map(|a| ReceivedAwardView {
            award_id: Name::new(&a.award.value),
            award_name: rules
                .award(&a.award.value)
                .map_or_else(|| Name::new(&a.award.value), |award| award.name),
            issuer_kind: rules
                .award(&a.award.value)
                .map_or(Issuer::State, |award| award.issuer),
            decision: a.decision.clone(),
            date: a
                .date
                .map(|d| Name::new(&d.to_string()))
                .unwrap_or_default(),
            issuer: Name::new(&a.issuer),
            round: a.round.value,
        })
        .collect();
    awards.sort_by(|a, b| (b.round, &b.date, &b.award_id).cmp(&(a.round, &a.date, &a.award_id)));
    awards
}

/// Published (non-draft) stories, newest first, with slug collisions resolved: the older story
/// keeps the plain slug, so links already given out stay valid.
fn published_stories(
    inputs: &Inputs,
    record_index: &(dyn Fn(&str) -> Option<usize> + Sync),
    urls: &Urls,
) -> Vec<StoryView> {
    let mut stories: Vec<&Story> = inputs.stories.iter().filter(|s| !s.draft).collect();
    stories.par_sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    // Slugs in date order (the older story keeps the plain one); the views in parallel.
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    let slugs: Vec<String> = stories
        .iter()
        .map(|story| unique_slug(&story.slug.value, &mut taken))
        .collect();
    let mut views: Vec<StoryView> = stories
        .into_par_iter()
        .zip(slugs)
        .map(|(story, slug)| story_view(story, slug, record_index, urls))
        .collect();
    views.par_sort_by(|a, b| (&b.date, &a.slug).cmp(&(&a.date, &b.slug)));
    views
}

fn unique_slug(base: &str, taken: &mut BTreeMap<String, usize>) -> String {
    let count = taken.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base.to_string()
    } else {
        let candidate = format!("{base}-{count}");
        taken.insert(candidate.clone(), 1);
        candidate
    }
}

fn story_view(
    story: &Story,
    slug: String,
    record_index: &(dyn Fn(&str) -> Option<usize> + Sync),
    urls: &Urls,
) -> StoryView {
    StoryView {
        url: urls.story(&slug),
        slug,
        title: story.title.clone(),
        date: story.date.to_string(),
        summary: story.summary.clone(),
        province: story.province.as_ref().map(|p| p.value.clone()),
        image: story.image.as_ref().map(|i| urls.asset(i)),
        image_alt: story.image_alt.clone(),
        aliases: story.aliases.iter().map(|a| a.value.clone()).collect(),
        author: story.author.clone(),
        source: story.source.clone(),
        modified: story.updated.unwrap_or(story.date).to_string(),
        draft: story.draft,
        record_indexes: story
            .records
            .iter()
            .filter_map(|id| record_index(id.as_str()))
            .collect(),
        markdown: story.body.clone(),
    }
}

fn link_stories_to_records(site: &mut Site) {
    for (story_index, story) in site.stories.iter().enumerate() {
        for &record_index in &story.record_indexes {
            site.records[record_index].story_indexes.push(story_index);
        }
    }
}

fn titles(inputs: &Inputs, urls: &Urls) -> Vec<TitleView> {
    inputs
        .rules
        .titles
        .iter()
        .map(|t| TitleView {
            id: t.id.value.to_string(),
            url: urls.title(&t.id.value),
            name: t.name.to_string(),
            kind: t.kind,
            basis: t.basis.clone(),
            valid_from: t.valid_from,
            valid_to: t.valid_to,
            min_points: t.min_points,
            min_met: t.min_met,
            max_points: t.criteria.iter().map(|c| c.points).sum(),
            required_count: t.criteria.iter().filter(|c| c.required).count(),
            criteria: t
                .criteria
                .iter()
                .map(|c| CriterionView {
                    id: c.id.value.to_string(),
                    label: c.label.to_string(),
                    group: c.group.map(String::from),
                    points: c.points,
                    required: c.required,
                    at_least: c.at_least,
                    computed: c.computed.is_some(),
                    share_title: c.computed.as_ref().map(|computed| {
                        let id = computed.title.value.as_str();
                        inputs
                            .rules
                            .title(id)
                            .map_or_else(|| id.to_string(), |t| t.name.to_string())
                    }),
                })
                .collect(),
            grades: grade_bands(&t.grades),
        })
        .collect()
}

/// The grade bands highest first, each with the least points of the band above it.
fn grade_bands(grades: &[crate::base::inputs::Grade]) -> Vec<GradeView> {
    let mut sorted: Vec<&crate::base::inputs::Grade> = grades.iter().collect();
    sorted.sort_by(|a, b| b.min_points.total_cmp(&a.min_points));
    let mut above: Option<f64> = None;
    sorted
        .into_iter()
        .map(|g| {
            let view = GradeView {
                name: g.name.to_string(),
                min_points: g.min_points,
                below: above,
            };
            above = Some(g.min_points);
            view
        })
        .collect()
}

fn awards(inputs: &Inputs, urls: &Urls) -> Vec<AwardView> {
    let mut awards: Vec<AwardView> = inputs
        .rules
        .awards
        .iter()
        .map(|a| AwardView {
            id: a.id.value.to_string(),
            url: urls.award(&a.id.value),
            name: a.name.to_string(),
            rank: a.rank,
            kinds: a.kinds.clone(),
            issuer_kind: a.issuer,
            basis: a.basis.clone(),
            eligible: eligibility(a, &inputs.rules),
        })
        .collect();
    awards.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| collate::compare(&a.name, &b.name))
    });
    awards
}

fn eligibility(award: &crate::base::inputs::Award, rules: &Rules) -> EligibilityView {
    let eligible = &award.eligible;
    let criterion_label = |id: &str| {
        rules
            .titles
            .iter()
            .filter(|t| award.kinds.contains(&t.kind))
            .find_map(|t| t.criterion(id))
            .map_or_else(|| id.to_string(), |c| c.label.to_string())
    };
    EligibilityView {
        title_name: eligible.title.as_ref().map(|t| {
            rules
                .title(&t.value)
                .map_or_else(|| t.value.clone(), |t| t.name.to_string())
        }),
        consecutive_rounds: eligible.consecutive_rounds,
        prior_awards: eligible
            .prior_awards
            .iter()
            .map(|p| {
                rules
                    .award(&p.value)
                    .map_or_else(|| p.value.clone(), |a| a.name.to_string())
            })
            .collect(),
        review_rounds: if eligible.review_rounds_only {
            rules
                .reviews
                .iter()
                .map(|r| format!("{} ({})", r.name, r.round))
                .collect()
        } else {
            Vec::new()
        },
        min_points: eligible.min_points,
        criteria: eligible
            .criteria
            .iter()
            .map(|c| (criterion_label(&c.id.value), c.at_least))
            .collect(),
    }
}

fn free_pages(inputs: &Inputs, urls: &Urls) -> Vec<FreePageView> {
    let mut pages: Vec<FreePageView> = inputs
        .pages
        .iter()
        .map(|p| FreePageView {
            url: urls.page(&p.url_path),
            url_path: p.url_path.clone(),
            title: p.title.clone(),
            markdown: p.body.clone(),
        })
        .collect();
    pages.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    pages
}

fn provinces(inputs: &Inputs, site: &Site, urls: &Urls) -> Vec<ProvinceView> {
    let all_progress = progress(&inputs.rules, &inputs.provinces);
    let by_place = records_by_place(site);
    let mut provinces: Vec<ProvinceView> = inputs
        .provinces
        .iter()
        .map(|p| {
            let rows: Vec<&ProvinceProgress> = all_progress
                .iter()
                .filter(|r| r.province == p.slug)
                .collect();
            ProvinceView {
                url: urls.province(&p.slug),
                slug: p.slug.clone(),
                name: p.name.clone(),
                code: p.code.clone(),
                merged_from: p.merged_from.clone(),
                communes: communes(p, site, &by_place, urls),
                progress: kind_progress(&rows, !p.merged_from.is_empty()),
                story_indexes: province_stories(&site.stories, &p.slug),
            }
        })
        .collect();
    provinces.sort_by(|a, b| collate::compare(&a.name, &b.name).then_with(|| a.slug.cmp(&b.slug)));
    provinces
}

/// The indexes of the records of each (province, commune as written), in index order.
type RecordsByPlace<'a> = ByPlace<'a, usize>;

fn records_by_place(site: &Site) -> RecordsByPlace<'_> {
    ByPlace::new(
        site.records
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.province.as_str(), r.commune.as_str()), i)),
    )
}

fn communes(
    province: &crate::base::inputs::Province,
    site: &Site,
    by_place: &RecordsByPlace<'_>,
    urls: &Urls,
) -> Vec<CommuneView> {
    let slugs = commune_slugs(&province.communes);
    let mut communes: Vec<CommuneView> = province
        .communes
        .iter()
        .zip(slugs)
        .map(|(c, slug)| {
            // A record names its commune by name or by code: the two lists merged in order.
            let mut in_commune = by_place.of_commune(&province.slug, c);
            in_commune.sort_unstable();
            let (mut record_indexes, others): (Vec<usize>, Vec<usize>) = in_commune
                .into_iter()
                .partition(|&i| site.records[i].holds(site.meta.current_round));
            let holders = record_indexes.len();
            record_indexes.extend(others);
            CommuneView {
                code: c.code.clone(),
                name: c.name.clone(),
                url: urls.commune(&province.slug, &slug),
                slug,
                district: c.district.clone(),
                record_indexes,
                holders,
            }
        })
        .collect();
    communes.sort_by(|a, b| collate::compare(&a.name, &b.name).then_with(|| a.code.cmp(&b.code)));
    communes
}

/// Each commune's slug: its name's (`Phường Bồ Đề` is `phuong-bo-de`). Names are unique in a
/// province, but two may share a slug ("Đông Hòa", "Đồng Hòa"): those get their code after
/// it, so that neither depends on the order of the file.
fn commune_slugs(communes: &[crate::base::inputs::Commune]) -> Vec<String> {
    let slugs: Vec<String> = communes.iter().map(|c| text::slugify(&c.name)).collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for slug in &slugs {
        *uses.entry(slug.as_str()).or_default() += 1;
    }
    slugs
        .iter()
        .zip(communes)
        .map(|(slug, c)| {
            if uses[slug.as_str()] > 1 {
                format!("{slug}-{}", text::slugify(&c.code))
            } else {
                slug.clone()
            }
        })
        .collect()
}

/// The year the provinces were merged (Nghị quyết 202/2025/QH15, in force from 1 July 2025):
/// a merged province's first round from this year on counts the merged provinces too.
const MERGER_ROUND: Year = 2025;

/// Marks the first round from [`MERGER_ROUND`] on of a merged province, when an earlier round
/// was reported: its totals jump for a reason other than progress.
fn mark_merger(rounds: &mut [ProgressRow], merged: bool) {
    if !merged || !rounds.iter().any(|r| r.round < MERGER_ROUND) {
        return;
    }
    if let Some(first) = rounds.iter_mut().find(|r| r.round >= MERGER_ROUND) {
        first.merged = true;
    }
}

fn kind_progress(rows: &[&ProvinceProgress], merged: bool) -> Vec<KindProgress> {
    let mut by_kind: BTreeMap<Kind, Vec<ProgressRow>> = BTreeMap::new();
    for row in rows {
        by_kind.entry(row.kind).or_default().push(ProgressRow {
            round: row.round,
            total: row.counts.total,
            registered: row.counts.registered,
            recognised: row.counts.recognised,
            share_of_total: row.of_total.as_ref().map(|s| s.percent),
            share_of_registered: row.of_registered.as_ref().map(|s| s.percent),
            target: row.target.as_ref().map(|t| TargetView {
                share: crate::base::inputs::TargetShare {
                    min: t.min,
                    stretch: t.stretch,
                },
                source: t.source,
                basis: t.basis.clone(),
                first: t.first,
                last: t.last,
            }),
            status: row.status,
            result: row.status.map(|status| {
                let phase_ended = row.target.as_ref().is_some_and(|t| row.round >= t.last);
                PhaseResult::of(status, phase_ended)
            }),
            gap: row.gap(),
            merged: false,
        });
    }
    by_kind
        .into_iter()
        .map(|(kind, mut rounds)| {
            rounds.sort_by_key(|r| r.round);
            mark_merger(&mut rounds, merged);
            KindProgress { kind, rounds }
        })
        .collect()
}

fn rounds(inputs: &Inputs, site: &Site, urls: &Urls) -> Vec<RoundView> {
    let mut years: Vec<Year> = assessed_rounds(inputs);
    years.reverse();
    let province_order: HashMap<&str, usize> = site
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.as_str(), i))
        .collect();
    // Each record's province as its place in the provinces' order, and the rounds it holds
    // its title in: found once for every round.
    let (places, held): (Vec<usize>, Vec<Vec<Year>>) = (site.records.par_iter())
        .map(|r| {
            let place = province_order.get(r.province.as_str()).copied();
            (place.unwrap_or(usize::MAX), r.held_rounds())
        })
        .unzip();
    let holds = |i: usize, year: Year| held[i].binary_search(&year).is_ok();
    years
        .into_iter()
        .map(|year| {
            let mut newly_recognised: Vec<usize> = (0..site.records.len())
                .into_par_iter()
                .filter(|&i| holds(i, year) && !holds(i, year - 1))
                .collect();
            // By province, so that each province's records are together on the round's pages.
            newly_recognised.par_sort_unstable_by_key(|&i| (places[i], i));
            let newly_by_province = count_by_province(site, &newly_recognised);
            let holders = (0..site.records.len())
                .into_par_iter()
                .filter(|&i| holds(i, year))
                .count();
            round_view(
                inputs,
                site,
                urls,
                year,
                (newly_recognised, newly_by_province),
                holders,
            )
        })
        .collect()
}

/// How many of `records` (positions in `site.records`) each province has.
fn count_by_province(site: &Site, records: &[usize]) -> BTreeMap<String, usize> {
    let counts = crate::rules::count_each(
        records
            .par_iter()
            .map(|&i| site.records[i].province.as_str()),
    );
    counts
        .into_iter()
        .map(|(province, count)| (province.to_string(), count))
        .collect()
}

/// The round of `year`, with the records newly recognised in it (positions in `site.records`,
/// and how many in each province) and how many records hold their title in it.
fn round_view(
    inputs: &Inputs,
    site: &Site,
    urls: &Urls,
    year: Year,
    (newly_recognised, newly_by_province): (Vec<usize>, BTreeMap<String, usize>),
    holders: usize,
) -> RoundView {
    RoundView {
        year,
        url: urls.round(year),
        review_name: inputs
            .rules
            .reviews
            .iter()
            .find(|r| r.round == year)
            .map(|r| r.name.clone()),
        newly_recognised,
        newly_by_province,
        holders,
        awards_given: site
            .records
            .par_iter()
            .enumerate()
            .flat_map_iter(|(ri, r)| {
                r.awards
                    .iter()
                    .enumerate()
                    .filter(move |(_, a)| a.round == year)
                    .map(move |(ai, _)| (ri, ai))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::inputs::Commune;

    fn commune(code: &str, name: &str) -> Commune {
        Commune {
            code: code.into(),
            name: name.into(),
            code_span: crate::rules::testkit::span(),
            name_span: crate::rules::testkit::span(),
            district: None,
            records_complete: false,
            rounds: Vec::new(),
        }
    }

    #[test]
    fn commune_slugs_are_their_names_and_take_the_code_only_when_two_meet() {
        let communes = [
            commune("25111", "Xã Đông Hòa"),
            commune("25114", "Phường Bồ Đề"),
            commune("25117", "Xã Đồng Hòa"),
        ];
        assert_eq!(
            commune_slugs(&communes),
            ["xa-dong-hoa-25111", "phuong-bo-de", "xa-dong-hoa-25117"]
        );
        let mut reordered = communes.clone();
        reordered.reverse();
        assert_eq!(
            commune_slugs(&reordered),
            ["xa-dong-hoa-25117", "phuong-bo-de", "xa-dong-hoa-25111"],
            "a slug does not depend on the order of the file"
        );
    }

    /// The demo site's records with four changes: one renamed to the front of the order, one
    /// made private, one left out and one added; and the ids of the records they change.
    fn demo_with_changed_records() -> (Inputs, Site, BTreeSet<String>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut inputs, diagnostics) = crate::load::load_site(root);
        assert!(!diagnostics.has_errors(), "the demo site loads");
        let honours = crate::rules::evaluate(&inputs.rules, &inputs.records);
        let earlier = build_site(&inputs, &honours, None);
        let linked: HashSet<String> = (inputs.records.iter())
            .flat_map(|r| r.families.iter().map(|f| f.value.clone()))
            .collect();
        let mut plain = (0..inputs.records.len())
            .filter(|&i| inputs.records[i].public && !linked.contains(&inputs.records[i].id.value));
        let (renamed, hidden, left_out) = (plain.next(), plain.next(), plain.next());
        let (renamed, hidden, left_out) = (
            renamed.expect("a record"),
            hidden.expect("a record"),
            left_out.expect("a record"),
        );
        let mut added = inputs.records[renamed].clone();
        added.id.value = "gd-them-vao".into();
        added.name = "Gia đình bà Vũ Thị Yến".into();
        inputs.records[renamed].name = "Gia đình ông An Văn Ái".into();
        inputs.records[renamed].sort_name = None;
        inputs.records[hidden].public = false;
        let changed: BTreeSet<String> = [renamed, hidden, left_out]
            .iter()
            .map(|&i| inputs.records[i].id.value.clone())
            .chain([added.id.value.clone()])
            .collect();
        inputs.records.remove(left_out);
        inputs.records.push(added);
        (inputs, earlier, changed)
    }

    /// Made again from the views of the records that did not change, the site is the one
    /// built whole; the views of the changed records are made again, not reused.
    #[test]
    fn a_site_made_again_for_changed_records_equals_one_built_whole() {
        let (inputs, earlier, changed) = demo_with_changed_records();
        let honours = crate::rules::evaluate(&inputs.rules, &inputs.records);
        let records: Vec<&Record> = inputs.records.iter().collect();
        let changed = crate::rules::with_dependents(&records, &changed);
        let json = |site: &Site| serde_json::to_string(site).expect("serialises");
        let whole = build_site(&inputs, &honours, None);
        assert_eq!(
            json(&rebuild_site(&inputs, &honours, &earlier, &changed)),
            json(&whole)
        );
        assert_eq!(whole.records[0].name, "Gia đình ông An Văn Ái");
        assert!(whole.records.iter().any(|r| r.id == "gd-them-vao"));
        let nothing_changed = BTreeSet::new();
        assert_ne!(
            json(&rebuild_site(&inputs, &honours, &earlier, &nothing_changed)),
            json(&whole),
            "the old views differ from the new"
        );
    }
}
