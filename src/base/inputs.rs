//! The typed values read from a site's files: configuration, rules, provinces, records, stories.
//!
//! These are what `load` produces and every later stage consumes. Ids and names keep the place
//! they were read from, so that `validate` can point at them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

pub use crate::base::name::Name;
use crate::base::name::stored_list;
use crate::base::source::{FileId, Sources, Span, Spanned};

/// A review round: the year the assessment is for.
pub type Year = i64;

/// The five kinds of honoured record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Family,
    Clan,
    Community,
    Unit,
    Citizen,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Family,
        Kind::Clan,
        Kind::Community,
        Kind::Unit,
        Kind::Citizen,
    ];

    /// The TOML table name and identifier of the kind (`family`, `clan`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Family => "family",
            Kind::Clan => "clan",
            Kind::Community => "community",
            Kind::Unit => "unit",
            Kind::Citizen => "citizen",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The Vietnamese name of the kind.
    pub fn label_vi(self) -> &'static str {
        match self {
            Kind::Family => "Hộ gia đình",
            Kind::Clan => "Dòng họ",
            Kind::Community => "Cộng đồng",
            Kind::Unit => "Đơn vị",
            Kind::Citizen => "Công dân",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date as written in TOML (`2024-12-20`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Everything read from one site.
#[derive(Debug, Default)]
pub struct Inputs {
    pub sources: Sources,
    pub config: SiteConfig,
    pub rules: Rules,
    pub provinces: Vec<Province>,
    pub records: Vec<Record>,
    pub stories: Vec<Story>,
    pub pages: Vec<FreePage>,
    /// Ids of records, titles and awards that were found but could not be read whole. References
    /// to them are not reported again as unknown.
    pub unresolved_ids: BTreeSet<String>,
}

/// `site.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub current_round: Option<Spanned<Year>>,
    pub theme: String,
    /// Month and day the yearly report is due.
    pub report_due: Option<(u8, u8)>,
    /// The image shown when a page without one of its own is shared (`image`): a path on the
    /// site; default: the theme's `/anh-chia-se.png`.
    pub image: Option<String>,
    /// The terms of the open data (`license`, `license_url`); default: CC BY 4.0.
    pub license: License,
}

/// The licence the open data is published under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct License {
    pub name: String,
    /// Where its text is; none for a licence without a public text.
    pub url: Option<String>,
}

impl Default for License {
    fn default() -> Self {
        License {
            name: "CC BY 4.0".into(),
            url: Some("https://creativecommons.org/licenses/by/4.0/".into()),
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            base_url: String::new(),
            language: "vi".into(),
            current_round: None,
            theme: "default".into(),
            report_due: None,
            image: None,
            license: License::default(),
        }
    }
}

/// `data/rules.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    pub periods: Vec<Period>,
    pub reviews: Vec<ReviewRound>,
    pub titles: Vec<Title>,
    pub awards: Vec<Award>,
    pub targets: Vec<Target>,
    /// How many `[[title]]` tables could not be read; while any is broken, a round without a
    /// title is not reported (the broken title may be the one meant).
    pub broken_titles: usize,
}

impl Rules {
    pub fn title(&self, id: &str) -> Option<&Title> {
        self.titles.iter().find(|t| t.id.value == id)
    }

    pub fn award(&self, id: &str) -> Option<&Award> {
        self.awards.iter().find(|a| a.id.value == id)
    }

    /// The title a record of `kind` can earn in `round`, if the rules have one.
    pub fn title_for(&self, kind: Kind, round: Year) -> Option<&Title> {
        self.titles
            .iter()
            .find(|t| t.kind == kind && t.valid_from <= round && round <= t.valid_to)
    }

    /// Whether `round` falls in one of the rules' periods.
    pub fn in_periods(&self, round: Year) -> bool {
        self.periods
            .iter()
            .any(|p| p.first <= round && round <= p.last)
    }

    pub fn is_review_round(&self, round: Year) -> bool {
        self.reviews.iter().any(|r| r.round == round)
    }
}

/// A phase of the movement (`[[period]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub id: Spanned<String>,
    pub name: String,
    pub first: Year,
    pub last: Year,
}

/// A review round where some awards are given (`[[review]]`: sơ kết, tổng kết).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRound {
    pub round: Year,
    pub name: String,
    pub basis: String,
}

/// A title and its criteria (`[[title]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Title {
    pub id: Spanned<Name>,
    pub name: Name,
    pub kind: Kind,
    pub basis: String,
    pub valid_from: Year,
    pub valid_to: Year,
    pub min_points: f64,
    pub min_met: u32,
    pub criteria: Vec<Criterion>,
    /// Grade bands, highest first.
    pub grades: Vec<Grade>,
}

impl Title {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id.value == id)
    }
}

/// One criterion of a title.
#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    pub id: Spanned<Name>,
    pub label: Name,
    pub group: Option<Name>,
    pub points: f64,
    pub required: bool,
    /// A numeric criterion is met when its value is at least this.
    pub at_least: Option<f64>,
    pub computed: Option<Computed>,
}

impl Criterion {
    pub fn is_numeric(&self) -> bool {
        self.at_least.is_some()
    }
}

/// A criterion computed from linked records: the share of them holding `title` that round.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    pub share_of: Link,
    pub title: Spanned<String>,
}

/// Which linked records a computed criterion counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// A clan's member families (its `families` field).
    Families,
}

/// A grade band (xếp loại).
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    pub name: Name,
    pub min_points: f64,
}

/// Who issues an award.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Issuer {
    /// A state award under the Law on Emulation and Commendation.
    State,
    /// An award of the study-promotion association (Hội Khuyến học), not a state award.
    Association,
}

/// An award and who is eligible for it (`[[award]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Award {
    pub id: Spanned<Name>,
    pub name: Name,
    pub rank: i64,
    pub kinds: Vec<Kind>,
    pub issuer: Issuer,
    pub basis: String,
    pub eligible: Eligibility,
}

/// The conditions of an award; every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Eligibility {
    /// The title to hold; when absent, the title of the record's own kind.
    pub title: Option<Spanned<String>>,
    pub consecutive_rounds: Option<u32>,
    pub prior_awards: Vec<Spanned<String>>,
    pub review_rounds_only: bool,
    pub min_points: Option<f64>,
    pub criteria: Vec<CriterionCondition>,
}

/// "Criterion `id` has a value of at least `at_least`".
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionCondition {
    pub id: Spanned<String>,
    pub at_least: f64,
}

/// Target shares for one phase, in percent (`[[target]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub first: Year,
    pub last: Year,
    pub basis: String,
    pub shares: BTreeMap<Kind, TargetShare>,
    pub span: Span,
}

/// A target share in percent: a single value, or a range with a stretch value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TargetShare {
    pub min: f64,
    pub stretch: Option<f64>,
}

/// Where a province stands against the minimum of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    OnTrack,
    Behind,
}

/// `data/provinces/<slug>.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Province {
    pub slug: String,
    pub file: FileId,
    pub name: String,
    pub code: String,
    /// Where `code` is written (the file's start when it is missing).
    pub code_span: Span,
    pub merged_from: Vec<String>,
    pub communes: Vec<Commune>,
    pub rounds: Vec<ProvinceRound>,
    pub targets: Vec<Target>,
}

impl Province {
    /// The commune named `name_or_code` (by its name or its code).
    pub fn commune(&self, name_or_code: &str) -> Option<&Commune> {
        self.communes
            .iter()
            .find(|c| c.name == name_or_code || c.code == name_or_code)
    }
}

/// Items grouped by the place their record names: its province's slug and its commune as
/// written, the commune's name or its code.
#[derive(Debug)]
pub struct ByPlace<'a, T> {
    groups: HashMap<(&'a str, &'a str), Vec<T>>,
}

impl<'a, T: Copy> ByPlace<'a, T> {
    /// Groups `items`, each with its (province, commune as written), keeping their order.
    pub fn new(items: impl IntoIterator<Item = ((&'a str, &'a str), T)>) -> Self {
        let mut groups: HashMap<(&'a str, &'a str), Vec<T>> = HashMap::new();
        for (place, item) in items {
            groups.entry(place).or_default().push(item);
        }
        ByPlace { groups }
    }

    /// The items of `commune` in `province`: those naming it by name, then those naming it by
    /// code.
    pub fn of_commune(&self, province: &str, commune: &Commune) -> Vec<T> {
        let mut written = vec![commune.name.as_str()];
        if commune.code != commune.name {
            written.push(commune.code.as_str());
        }
        written
            .into_iter()
            .filter_map(|key| self.groups.get(&(province, key)))
            .flatten()
            .copied()
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Commune {
    pub code: String,
    pub name: String,
    /// Where `code` and `name` are written, for problems about this listing.
    pub code_span: Span,
    pub name_span: Span,
    pub district: Option<String>,
    /// Whether `data/records/` holds a record for every family of the commune, so that counts
    /// derived from the records can be checked against the counts the commune reports.
    pub records_complete: bool,
    /// Counts the commune reports, per round (optional).
    pub rounds: Vec<ProvinceRound>,
}

/// The counts a province reports for one round.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceRound {
    pub year: Year,
    pub counts: BTreeMap<Kind, Counts>,
    pub span: Span,
}

/// Total, registered and recognised counts of one kind, kept apart because published
/// percentages use either denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: u64,
    pub registered: Option<u64>,
    pub recognised: u64,
}

/// One honoured family, clan, community, unit or citizen.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: Spanned<String>,
    pub kind: Kind,
    pub name: String,
    pub sort_name: Option<String>,
    pub families: Vec<Spanned<String>>,
    /// Place names are [`Name`]s: a million records share a few thousand.
    pub province: Spanned<Name>,
    pub commune: Spanned<Name>,
    pub village: Option<Name>,
    pub district: Option<Name>,
    pub members: Option<u64>,
    pub public: bool,
    /// Every value of the record's `private` table, as text with its field. Never published;
    /// kept so that the build can check no output contains one.
    pub private_values: Vec<PrivateValue>,
    pub assessments: Vec<Assessment>,
    pub awards: Vec<ReceivedAward>,
    pub revocations: Vec<Revocation>,
}

impl Record {
    pub fn assessment(&self, round: Year) -> Option<&Assessment> {
        self.assessments.iter().find(|a| a.round.value == round)
    }
}

/// One value of a record's `private` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivateValue {
    /// The field's path inside `private` (`phone`, `ghi_chu.dien_thoai`).
    pub field: String,
    pub value: String,
}

/// A record's assessment for one round.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub round: Spanned<Year>,
    pub criteria: Criteria,
    pub note: Option<String>,
}

/// `items` in an allocation of exactly their number. `shrink_to_fit` is not enough: the
/// allocator keeps a block that shrinks by less than half, and a national site keeps millions
/// of small lists grown one push at a time (room for four or more) for the whole run.
pub fn without_spare_room<T>(items: Vec<T>) -> Vec<T> {
    if items.len() == items.capacity() {
        return items;
    }
    let mut exact = Vec::with_capacity(items.len());
    exact.extend(items);
    exact
}

/// The criterion values of one assessment by criterion id, sorted by id. A national site
/// holds tens of millions of values: the sorted ids are one list stored once for all the
/// assessments that report the same criteria ([`stored_list`]), each value is packed in 16
/// bytes in the same order, and the file of their spans is kept once (every value of an
/// assessment is read from one file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Criteria {
    file: Option<FileId>,
    ids: &'static [Name],
    values: Box<[PackedValue]>,
}

/// One reported value: the number (`true` and `false` as 1 and 0) with its kind, and where it
/// was read. A span longer than 65,535 bytes (a number written with that many digits) keeps
/// its start and is cut to that length.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PackedValue {
    number: f64,
    start: u32,
    len: u16,
    is_bool: bool,
}

impl PackedValue {
    fn pack(value: Spanned<CriterionValue>) -> Self {
        let (number, is_bool) = match value.value {
            CriterionValue::Bool(b) => (f64::from(u8::from(b)), true),
            CriterionValue::Number(n) => (n, false),
        };
        let len = value.span.end.saturating_sub(value.span.start);
        PackedValue {
            number,
            start: value.span.start,
            len: u16::try_from(len).unwrap_or(u16::MAX),
            is_bool,
        }
    }

    fn unpack(&self, file: FileId) -> Spanned<CriterionValue> {
        let value = if self.is_bool {
            CriterionValue::Bool(self.number != 0.0)
        } else {
            CriterionValue::Number(self.number)
        };
        let span = Span {
            file,
            start: self.start,
            end: self.start.saturating_add(u32::from(self.len)),
        };
        Spanned::new(value, span)
    }
}

impl Criteria {
    /// The values of one assessment, all read from one file; of two values for one id, the
    /// later is kept.
    pub fn new(values: impl IntoIterator<Item = (Name, Spanned<CriterionValue>)>) -> Self {
        let mut values: Vec<(Name, Spanned<CriterionValue>)> = values.into_iter().collect();
        // A stable sort: of equal ids, the later value stays the later.
        values.sort_by_key(|(id, _)| *id);
        // Room for every value given: a shrinking reallocation may keep the larger block, and
        // two values for one id (which TOML itself refuses) are all but unknown.
        let mut ids: Vec<Name> = Vec::with_capacity(values.len());
        let mut packed = Vec::with_capacity(values.len());
        let mut file = None;
        for (id, value) in values {
            debug_assert!(file.is_none_or(|f| f == value.span.file));
            file = Some(value.span.file);
            if ids.last() == Some(&id) {
                packed.pop();
            } else {
                ids.push(id);
            }
            packed.push(PackedValue::pack(value));
        }
        Criteria {
            file,
            ids: stored_list(&ids),
            values: packed.into_boxed_slice(),
        }
    }

    /// The value of criterion `id`, if the assessment reports it.
    pub fn get(&self, id: &str) -> Option<Spanned<CriterionValue>> {
        let found = self.ids.binary_search_by(|key| key.as_str().cmp(id));
        found.ok().map(|i| self.unpack(&self.values[i]))
    }

    /// [`Criteria::get`] for the id of a criterion of the rules: the rules judge millions of
    /// values, and a [`Name`] is found by its address, without comparing any text.
    pub fn get_name(&self, id: Name) -> Option<Spanned<CriterionValue>> {
        let found = self.ids.iter().position(|key| key.is(id));
        found.map(|i| self.unpack(&self.values[i]))
    }

    /// Every id and value, by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Spanned<CriterionValue>)> {
        let values = self.values.iter().map(|v| self.unpack(v));
        self.ids.iter().map(|id| id.as_str()).zip(values)
    }

    fn unpack(&self, value: &PackedValue) -> Spanned<CriterionValue> {
        // A value exists only with the file it was read from.
        value.unpack(self.file.expect("criteria with values have a file"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CriterionValue {
    Bool(bool),
    Number(f64),
}

/// An award a record received, by decision.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceivedAward {
    pub award: Spanned<String>,
    pub decision: String,
    pub date: Option<Date>,
    pub issuer: String,
    pub round: Spanned<Year>,
}

/// What a revocation withdraws.
#[derive(Clone, Debug, PartialEq)]
pub enum Revoked {
    Title(Spanned<String>),
    Award(Spanned<String>),
}

/// A title or award withdrawn from a round onward.
#[derive(Clone, Debug, PartialEq)]
pub struct Revocation {
    pub what: Revoked,
    pub round: Spanned<Year>,
    pub decision: String,
    pub reason: String,
}

/// A story about honoured records (`content/cau-chuyen/**.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub path: PathBuf,
    pub file: FileId,
    pub slug: Spanned<String>,
    /// Whether the slug was written in the front matter (else it comes from the file name).
    pub explicit_slug: bool,
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub records: Vec<Spanned<String>>,
    pub province: Option<Spanned<String>>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub aliases: Vec<Spanned<String>>,
    pub draft: bool,
    /// Who wrote the story (`author`), shown with it and named in its structured data.
    pub author: Option<String>,
    /// The press office or newspaper the story comes from (`source`).
    pub source: Option<String>,
    /// The day the story was last changed (`updated`), never before `date`.
    pub updated: Option<Date>,
    /// The Markdown body, after the front matter.
    pub body: Arc<str>,
}

/// Any other Markdown page under `content/`.
#[derive(Clone, Debug, PartialEq)]
pub struct FreePage {
    pub path: PathBuf,
    pub file: FileId,
    /// The URL path of the page, without slashes around it (`gioi-thieu`).
    pub url_path: String,
    pub title: String,
    pub body: Arc<str>,
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn at(sources: &mut Sources, start: usize, end: usize) -> Span {
        let file = sources.add(Path::new("r.toml"), String::new());
        Span::new(file, start..end)
    }

    #[test]
    fn packed_criteria_give_back_each_value_and_place() {
        let mut sources = Sources::default();
        let file = at(&mut sources, 0, 0);
        let span = |start, end| Span { start, end, ..file };
        let (yes, hours, no) = (span(10, 14), span(30, 34), span(50, 55));
        let criteria = Criteria::new([
            (
                Name::new("b"),
                Spanned::new(CriterionValue::Number(87.25), hours),
            ),
            (
                Name::new("a"),
                Spanned::new(CriterionValue::Bool(true), yes),
            ),
            (
                Name::new("c"),
                Spanned::new(CriterionValue::Bool(false), no),
            ),
        ]);
        assert_eq!(
            criteria.get("a"),
            Some(Spanned::new(CriterionValue::Bool(true), yes))
        );
        assert_eq!(
            criteria.get_name(Name::new("b")),
            Some(Spanned::new(CriterionValue::Number(87.25), hours))
        );
        assert_eq!(
            criteria.get("c").map(|v| v.value),
            Some(CriterionValue::Bool(false))
        );
        assert_eq!(criteria.get("d"), None);
        let ids: Vec<&str> = criteria.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn a_list_without_spare_room_keeps_its_items_in_order() {
        let mut grown = Vec::new();
        (0..5).for_each(|i| grown.push(i));
        assert!(grown.capacity() > 5);
        let exact = without_spare_room(grown);
        assert_eq!(exact, [0, 1, 2, 3, 4]);
        assert_eq!(exact.capacity(), 5);
        assert_eq!(
            without_spare_room(Vec::<u8>::with_capacity(8)).capacity(),
            0
        );
    }

    #[test]
    fn a_later_value_replaces_an_earlier_and_a_long_span_keeps_its_start() {
        let mut sources = Sources::default();
        let first = at(&mut sources, 0, 4);
        let long = Span {
            start: 100,
            end: 100 + 70_000,
            ..first
        };
        let criteria = Criteria::new([
            (
                Name::new("a"),
                Spanned::new(CriterionValue::Bool(true), first),
            ),
            (
                Name::new("a"),
                Spanned::new(CriterionValue::Number(1.0), long),
            ),
        ]);
        let value = criteria.get("a").expect("a");
        assert_eq!(value.value, CriterionValue::Number(1.0));
        assert_eq!((value.span.start, value.span.end), (100, 100 + 65_535));
        assert_eq!(criteria.iter().count(), 1);
    }
}
