//! The typed contexts each template receives. Small and borrowed: a page gets what it shows and
//! nothing else, and never a private field (the views it borrows have none).

use serde::Serialize;

use crate::base::inputs::{Kind, Year};
use crate::model::{
    AwardView, FreePageView, MemberLink, ProgressRow, ProvinceView, ReceivedAwardView, RecordRound,
    RecordView, RoundView, SiteMeta, StoryView, TitleView,
};

/// What every page has: the site, its own metadata, and the navigation's addresses. The
/// header and footer come ready-made as `chrome` (see `render::chrome`).
#[derive(Debug, Serialize)]
pub struct Common<'a> {
    pub site: &'a SiteMeta,
    pub page: PageMeta,
    pub nav: &'a Nav,
}

/// Title, description and addresses of one page (for `<title>`, canonical and Open Graph).
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Root-relative URL of the page, with the base path (`/ho-so/x/`).
    pub url: String,
    /// Absolute URL (`https://.../ho-so/x/`), for canonical and og:url.
    pub canonical: String,
    /// `website` or `article`.
    pub og_type: &'static str,
    /// Absolute URL of the image the page is shared with: its own (a story's photo), else
    /// the site's.
    pub image: String,
    /// What that image shows, when the page says.
    pub image_alt: Option<String>,
    /// JSON-LD blocks, escaped for a `<script>` element (see `render::structured`).
    pub json_ld: Vec<String>,
    /// The section of the navigation this page belongs to (`home`, `tinh`, `danh-hieu`,
    /// `khen-thuong`, `dot`, `cau-chuyen`, `tim-kiem`, `du-lieu`, or empty).
    pub section: &'static str,
    /// An Atom feed to advertise with `<link rel="alternate">`.
    pub feed: Option<String>,
}

/// Links in the header and footer, the same on every page. The three lists are given only to
/// the header and footer templates (as `nav_lists`), not to every page.
#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    pub home: String,
    #[serde(skip)]
    pub provinces: Vec<Link>,
    pub titles: String,
    pub awards: String,
    pub stories: String,
    #[serde(skip)]
    pub rounds: Vec<Link>,
    pub search: String,
    pub open_data: String,
    pub feed: String,
    #[serde(skip)]
    pub pages: Vec<Link>,
    /// Root-relative URL of the theme's stylesheet.
    pub stylesheet: String,
    /// Root-relative URL of the site's icon.
    pub favicon: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub url: String,
    pub label: String,
}

/// A record in a list: where it links and what to show beside its name.
#[derive(Debug, Serialize)]
pub struct RecordItem<'a> {
    pub url: &'a str,
    pub name: &'a str,
    pub kind: Kind,
    pub province_name: &'a str,
    pub commune: &'a str,
    /// A short note: grade, score or decision number.
    pub detail: String,
}

/// A story in a list.
#[derive(Debug, Serialize)]
pub struct StoryItem<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub date: &'a str,
    pub summary: &'a str,
}

/// `/`: the national overview.
#[derive(Debug, Serialize)]
pub struct OverviewPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub round: Year,
    /// The round's page, when the round has assessments.
    pub round_url: Option<String>,
    pub review_name: Option<&'a str>,
    /// Holders of each kind's title in the round, over all public records.
    pub holders_by_kind: Vec<KindCount>,
    /// One row per province: its latest reported share per kind with status.
    pub provinces: Vec<ProvinceSummary<'a>>,
    pub latest_stories: Vec<StoryItem<'a>>,
}

#[derive(Debug, Serialize)]
pub struct KindCount {
    pub kind: Kind,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct ProvinceSummary<'a> {
    pub url: &'a str,
    pub name: &'a str,
    /// One cell per kind with a reported round (family, clan, community, unit).
    pub kinds: Vec<KindSummary<'a>>,
}

#[derive(Debug, Serialize)]
pub struct KindSummary<'a> {
    pub kind: Kind,
    /// The province's latest reported round for this kind.
    pub row: &'a ProgressRow,
}

/// `/tinh/<slug>/`: progress with charts and tables, honoured records by commune, stories.
#[derive(Debug, Serialize)]
pub struct ProvincePage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub province: &'a ProvinceView,
    /// One block per kind: the SVG chart (markup, already escaped) and its table rows.
    pub charts: Vec<KindChartBlock<'a>>,
    /// Every commune, with how many of its public records hold their title in the current
    /// round; each links to its own page.
    pub communes: Vec<CommuneRow<'a>>,
    /// Public records in all the communes.
    pub record_count: usize,
    /// Of them, those holding their title in the current round.
    pub holder_count: usize,
    pub stories: Vec<StoryItem<'a>>,
}

#[derive(Debug, Serialize)]
pub struct KindChartBlock<'a> {
    pub kind: Kind,
    /// Inline `<svg>` markup produced by the chart module; safe to output unescaped.
    pub svg: String,
    pub rows: &'a [ProgressRow],
}

/// A commune in its province's table.
#[derive(Debug, Serialize)]
pub struct CommuneRow<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub district: Option<&'a str>,
    /// Public records holding their title in the current round.
    pub holders: usize,
    /// All public records.
    pub records: usize,
}

/// `/tinh/<province>/<commune>/`: the public records of one commune, those holding their
/// title in the current round first.
#[derive(Debug, Serialize)]
pub struct CommunePage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub province_name: &'a str,
    pub province_url: &'a str,
    pub name: &'a str,
    pub code: &'a str,
    pub district: Option<&'a str>,
    /// The holders of the current round on this page, of `holders_total`.
    pub holders: Vec<RecordItem<'a>>,
    pub holders_total: usize,
    /// The other public records on this page, of `others_total`, each with the last round it
    /// held its title in, if any.
    pub others: Vec<RecordItem<'a>>,
    pub others_total: usize,
    pub pagination: Pagination,
}

/// Where a record's commune links.
#[derive(Debug, Serialize)]
pub struct CommuneLink<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// `/ho-so/<id>/`: one record.
#[derive(Debug, Serialize)]
pub struct RecordPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub record: RecordHead<'a>,
    pub province_url: String,
    /// The commune's page, when the record names a commune its province lists.
    pub commune: Option<CommuneLink<'a>>,
    /// Rounds newest first, each with the title's basis.
    pub rounds: Vec<RoundRow<'a>>,
    /// Whether any round has a grade: without one, the grade column would be dashes only.
    pub graded: bool,
    pub awards: Vec<AwardRow<'a>>,
    pub stories: Vec<StoryItem<'a>>,
    /// The public member records (a clan's families).
    pub members: &'a [MemberLink],
    pub next_award: Option<NextAwardRow<'a>>,
}

/// What a record's page shows of the record itself. Its rounds, awards and stories come as
/// rows of their own: the whole [`RecordView`] made a context twice as large, on every one of
/// a million pages.
#[derive(Debug, Serialize)]
pub struct RecordHead<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub name: &'a str,
    pub kind: Kind,
    pub province: &'a str,
    pub province_name: &'a str,
    pub commune: &'a str,
    pub village: Option<&'a str>,
    pub district: Option<&'a str>,
    pub members: Option<u64>,
}

impl<'a> RecordHead<'a> {
    pub fn of(record: &'a RecordView) -> Self {
        RecordHead {
            id: &record.id,
            url: &record.url,
            name: &record.name,
            kind: record.kind,
            province: &record.province,
            province_name: &record.province_name,
            commune: &record.commune,
            village: record.village.as_deref(),
            district: record.district.as_deref(),
            members: record.members,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RoundRow<'a> {
    pub round: &'a RecordRound,
    pub title_url: String,
    pub basis: &'a str,
    pub round_url: String,
    /// Why the result is what it is, in one sentence.
    pub why: String,
}

/// The next award a record could earn, and what it still lacks.
#[derive(Debug, Serialize)]
pub struct NextAwardRow<'a> {
    pub name: &'a str,
    pub url: String,
    pub round: Year,
    /// The conditions not met, in words, joined by semicolons.
    pub lacks: String,
}

#[derive(Debug, Serialize)]
pub struct AwardRow<'a> {
    pub award: &'a ReceivedAwardView,
    pub award_url: String,
    pub basis: &'a str,
}

/// `/cau-chuyen/<slug>/`: one story.
#[derive(Debug, Serialize)]
pub struct StoryPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub story: &'a StoryView,
    /// The story's body: Markdown rendered and sanitised; safe to output unescaped.
    pub body_html: String,
    /// The story's `image` in its sizes, when it was made ready.
    pub lead_photo: Option<crate::render::picture::PictureView>,
    pub records: Vec<RecordItem<'a>>,
    pub province: Option<crate::render::context::Link>,
}

/// `/cau-chuyen/`: every story, newest first.
#[derive(Debug, Serialize)]
pub struct StoriesPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub stories: Vec<StoryItem<'a>>,
    pub pagination: Pagination,
}

/// `/danh-hieu/<id>/` and `/khen-thuong/<id>/` (paginated): holders of a title or
/// recipients of an award, grouped by round and province.
#[derive(Debug, Serialize)]
pub struct ListingPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub heading: &'a str,
    pub basis: &'a str,
    /// The title's criteria (title listings) or the award's conditions (award listings).
    pub title: Option<&'a TitleView>,
    pub award: Option<&'a AwardView>,
    pub groups: Vec<ListingGroup<'a>>,
    pub total: usize,
    pub pagination: Pagination,
    /// The listing's first page, where the conditions and criteria are.
    pub first_url: &'a str,
    /// On the first page: a line per round of links to where each province starts.
    pub jumps: Vec<JumpRound>,
}

/// The provinces of one round of a listing, each linked to where it starts.
#[derive(Debug, Serialize)]
pub struct JumpRound {
    pub round: Year,
    pub provinces: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ListingGroup<'a> {
    pub round: Year,
    pub province_name: &'a str,
    /// The id of the group's heading, which jump links and feeds point at.
    pub anchor: String,
    pub records: Vec<RecordItem<'a>>,
}

/// `/danh-hieu/` and `/khen-thuong/`: the titles and awards with their basis.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub titles: Vec<&'a TitleView>,
    pub awards: Vec<&'a AwardView>,
}

/// `/dot/<year>/` and its further pages: one review round, its newly recognised records and
/// its awards listed side by side, a page of each at a time.
#[derive(Debug, Serialize)]
pub struct RoundPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub round: RoundHeading<'a>,
    /// This page's share of the newly recognised records by province, and how many there are
    /// in all.
    pub newly_recognised: Vec<ProvinceRecords<'a>>,
    pub newly_total: usize,
    /// This page's share of the awards received in the round, and how many there are in all.
    pub awards_given: Vec<RecordItem<'a>>,
    pub awards_total: usize,
    pub pagination: Pagination,
}

/// Records of one province, under a heading the feeds link to (`tinh-<slug>`).
#[derive(Debug, Serialize)]
pub struct ProvinceRecords<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub records: Vec<RecordItem<'a>>,
}

/// What every page of a round shows of it. Not the whole [`RoundView`]: its lists of every
/// newly recognised record and every award (tens of thousands at national size) would be
/// turned into the context of each of its pages.
#[derive(Debug, Serialize)]
pub struct RoundHeading<'a> {
    pub year: Year,
    pub url: &'a str,
    pub review_name: Option<&'a str>,
    pub holders: usize,
}

impl<'a> From<&'a RoundView> for RoundHeading<'a> {
    fn from(round: &'a RoundView) -> Self {
        RoundHeading {
            year: round.year,
            url: &round.url,
            review_name: round.review_name.as_deref(),
            holders: round.holders,
        }
    }
}

/// `/tim-kiem/`: the search form, with the filter choices filled in.
#[derive(Debug, Serialize)]
pub struct SearchPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub index_url: String,
    pub script_url: String,
    /// The provinces for the filter: `url` holds the slug.
    pub provinces: Vec<Link>,
    /// The provinces' pages, for browsers without scripts.
    pub province_pages: &'a [Link],
    pub kinds: Vec<Kind>,
    pub titles: Vec<Link>,
}

/// `/du-lieu/`: open data downloads and the data dictionary, under their terms.
#[derive(Debug, Serialize)]
pub struct OpenDataPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub downloads: Vec<Download>,
    pub license: &'a crate::base::inputs::License,
    /// The data's last change (ISO day) and the newest round it holds.
    pub updated: Option<&'a str>,
    pub latest_round: Option<Year>,
}

#[derive(Debug, Serialize)]
pub struct Download {
    pub name: String,
    pub description: String,
    pub csv_url: String,
    pub json_url: String,
    pub rows: usize,
    /// Column name and meaning.
    pub columns: Vec<(String, String)>,
}

/// A free Markdown page.
#[derive(Debug, Serialize)]
pub struct FreePage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    pub page_view: &'a FreePageView,
    pub body_html: String,
}

/// A redirect from an old URL (a story's `aliases`).
#[derive(Debug, Serialize)]
pub struct RedirectPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Where to go: root-relative and absolute.
    pub target: String,
    pub target_absolute: String,
}

/// `/404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    #[serde(flatten)]
    pub common: Common<'a>,
}

/// Links between pages of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total_pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}
