//! The catalogue of what the commands print besides site problems: the `check` summary, the
//! `explain` trace, the review report, the messages of `build`, `new` and `import`, and the
//! labels of the diagnostics. One variant per text, Vietnamese and English side by side.

use crate::base::inputs::{Date, Kind, Status, Year};

use super::{Lang, both, translate};

/// A column heading of the summary and the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Record,
    Kind,
    Province,
    Commune,
    Round,
    Title,
    Score,
    Reason,
    Award,
    Decision,
    WhyNotEligible,
    OfAll,
    OfRegistered,
    Recognised,
    Total,
    Target,
    Status,
    Gap,
}

impl Col {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Col::Record => both!(lang, "Hồ sơ", "Record"),
            Col::Kind => both!(lang, "Loại", "Kind"),
            Col::Province => both!(lang, "Tỉnh", "Province"),
            Col::Commune => both!(lang, "Xã, phường", "Commune"),
            Col::Round => both!(lang, "Đợt", "Round"),
            Col::Title => both!(lang, "Danh hiệu", "Title"),
            Col::Score => both!(lang, "Điểm", "Score"),
            Col::Reason => both!(lang, "Lý do", "Reason"),
            Col::Award => both!(lang, "Khen thưởng", "Award"),
            Col::Decision => both!(lang, "Quyết định", "Decision"),
            Col::WhyNotEligible => both!(lang, "Lý do chưa đủ điều kiện", "Why not eligible"),
            Col::OfAll => both!(lang, "Trên tổng số", "Of all"),
            Col::OfRegistered => both!(lang, "Trên số đăng ký", "Of registered"),
            Col::Recognised => both!(lang, "Được công nhận", "Recognised"),
            Col::Total => both!(lang, "Tổng số", "Total"),
            Col::Target => both!(lang, "Chỉ tiêu", "Target"),
            Col::Status => both!(lang, "Tình trạng", "Status"),
            Col::Gap => both!(lang, "Còn thiếu để đạt chỉ tiêu", "Gap to the target"),
        }
    }
}

/// A kind of finding of the report, as its CSV names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    NewlyRecognised,
    LostTitle,
    EligibleNotReceived,
    ReceivedNotEligible,
    Progress,
}

impl Finding {
    pub fn csv_name(self, lang: Lang) -> &'static str {
        match self {
            Finding::NewlyRecognised => both!(lang, "Mới được công nhận", "newly_recognised"),
            Finding::LostTitle => both!(lang, "Mất danh hiệu", "lost_title"),
            Finding::EligibleNotReceived => {
                both!(lang, "Đủ điều kiện, chưa nhận", "eligible_not_received")
            }
            Finding::ReceivedNotEligible => {
                both!(lang, "Đã nhận, chưa đủ điều kiện", "received_not_eligible")
            }
            Finding::Progress => both!(lang, "Tiến độ", "progress"),
        }
    }
}

/// The columns of the report's CSV: headings in Vietnamese, keys in English.
pub fn csv_columns(lang: Lang) -> [&'static str; 12] {
    both!(
        lang,
        [
            "Mục",
            "Mã hồ sơ",
            "Tên",
            "Tỉnh",
            "Xã, phường",
            "Loại",
            "Danh hiệu hoặc khen thưởng",
            "Chi tiết",
            "Tỷ lệ trên tổng số",
            "Chỉ tiêu",
            "Tình trạng",
            "Còn thiếu",
        ],
        [
            "section",
            "record_id",
            "name",
            "province",
            "commune",
            "kind",
            "title_or_award",
            "detail",
            "share_of_all",
            "target",
            "status",
            "gap",
        ]
    )
}

/// The name of a kind in running text: "gia đình" / "family".
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Family => both!(lang, "gia đình", "family"),
        Kind::Clan => both!(lang, "dòng họ", "clan"),
        Kind::Community => both!(lang, "cộng đồng", "community"),
        Kind::Unit => both!(lang, "đơn vị", "unit"),
        Kind::Citizen => both!(lang, "công dân", "citizen"),
    }
}

/// What a count of a kind counts: "hộ" / "households" for families.
pub fn kind_plural(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Family => both!(lang, "hộ", "households"),
        Kind::Clan => both!(lang, "dòng họ", "clans"),
        Kind::Community => both!(lang, "cộng đồng", "communities"),
        Kind::Unit => both!(lang, "đơn vị", "units"),
        Kind::Citizen => both!(lang, "công dân", "citizens"),
    }
}

/// A date as readers of the language write it: 20/12/2024, or 2024-12-20 in English.
pub fn date(date: Date, lang: Lang) -> String {
    both!(
        lang,
        format!("{:02}/{:02}/{:04}", date.day, date.month, date.year),
        date.to_string()
    )
}

/// The command's own messages and the labels of diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub enum MsgText<'a> {
    ErrorWord,
    WarningWord,
    FieldIs {
        field: &'a str,
    },
    FieldExpects {
        field: &'a str,
        expected: &'a str,
    },
    Expects {
        expected: &'a str,
    },
    /// The closest known name to an unknown one.
    DidYouMean {
        name: &'a str,
    },
    Note {
        label: &'a str,
    },
    ErrorCount {
        errors: usize,
        warnings: usize,
    },
    Built {
        pages: usize,
        files: usize,
        megabytes: f64,
        /// Files the published output already held with the same bytes.
        kept: usize,
        dir: &'a str,
        millis: u128,
    },
    /// The stories' photos of a build: made now, and taken from the cache without decoding.
    PhotosReady {
        made: usize,
        reused: usize,
        cache: &'a str,
    },
    NothingChangedIn {
        dir: &'a str,
    },
    StoryWritten {
        path: &'a str,
    },
    StorySummary,
    StoryBody {
        name: &'a str,
    },
    SiteCreated {
        dir: &'a str,
    },
    DirNotEmpty {
        dir: &'a str,
    },
    FileExists {
        path: &'a str,
    },
    BadDate {
        date: &'a str,
    },
    /// `new story` of a record with `public = false`.
    StoryOfHiddenRecord {
        id: &'a str,
        file: &'a str,
    },
    CannotWrite {
        path: &'a str,
        reason: &'a str,
    },
}

impl MsgText<'_> {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match *self {
            MsgText::ErrorWord => both!(lang, "lỗi", "error").into(),
            MsgText::WarningWord => both!(lang, "cảnh báo", "warning").into(),
            MsgText::FieldIs { field } => both!(
                lang,
                format!("trường `{field}`"),
                format!("field `{field}`")
            ),
            MsgText::FieldExpects { field, expected } => both!(
                lang,
                format!("trường `{field}`: cần {expected}"),
                format!("field `{field}`: expected {expected}")
            ),
            MsgText::Expects { expected } => both!(
                lang,
                format!("cần {expected}"),
                format!("expected {expected}")
            ),
            MsgText::DidYouMean { name } => both!(
                lang,
                format!("  = gợi ý: có phải \"{name}\"?"),
                format!("  = help: did you mean \"{name}\"?")
            ),
            MsgText::Note { label } => {
                both!(lang, format!("ghi chú: {label}"), format!("note: {label}"))
            }
            MsgText::ErrorCount { errors, warnings } => both!(
                lang,
                format!(
                    "{errors} lỗi, {warnings} cảnh báo: chưa thay đổi gì. Hãy sửa các lỗi ở trên rồi chạy lại."
                ),
                format!(
                    "{errors} error(s), {warnings} warning(s): nothing was changed. Fix the errors above and run again."
                )
            ),
            MsgText::Built {
                pages,
                files,
                megabytes,
                kept,
                dir,
                millis,
            } => {
                let kept = match kept {
                    0 => String::new(),
                    _ => both!(
                        lang,
                        format!("; {kept} tệp không đổi, giữ nguyên"),
                        format!("; {kept} unchanged, kept as they were")
                    ),
                };
                both!(
                    lang,
                    format!(
                        "Đã dựng {pages} trang ({files} tệp, {megabytes:.1} MB{kept}) vào {dir} trong {millis} ms."
                    ),
                    format!(
                        "Built {pages} pages ({files} files, {megabytes:.1} MB{kept}) into {dir} in {millis} ms."
                    )
                )
            }
            MsgText::PhotosReady {
                made,
                reused,
                cache,
            } => both!(
                lang,
                format!(
                    "Ảnh của câu chuyện: {made} ảnh xử lý mới, {reused} ảnh lấy lại từ bộ nhớ đệm {cache}."
                ),
                format!("Story photos: {made} made, {reused} taken from the cache {cache}.")
            ),
            MsgText::NothingChangedIn { dir } => both!(
                lang,
                format!("Không có gì thay đổi trong {dir}."),
                format!("Nothing was changed in {dir}.")
            ),
            MsgText::StoryWritten { path } => both!(
                lang,
                format!(
                    "Đã tạo {path}. Hãy viết nội dung câu chuyện, sửa dòng summary, rồi chạy `vinhdanh check`."
                ),
                format!(
                    "Wrote {path}. Write the story, replace the summary, then run `vinhdanh check`."
                )
            ),
            MsgText::StorySummary => both!(
                lang,
                "Tóm tắt câu chuyện trong một hai câu (sửa dòng này).",
                "The story in one or two sentences (replace this line)."
            )
            .into(),
            MsgText::StoryBody { name } => both!(
                lang,
                format!(
                    "Viết câu chuyện về {name} ở đây: việc học của mọi người, điều đã thay đổi, lời kể của chính họ.\n"
                ),
                format!(
                    "Write the story of {name} here: how they learn, what changed, in their own words.\n"
                )
            ),
            MsgText::SiteCreated { dir } => both!(
                lang,
                format!(
                    "Đã tạo trang mới trong {dir}. Tiếp theo: `vinhdanh --root {dir} check`, rồi `vinhdanh --root {dir} build`."
                ),
                format!(
                    "Created a new site in {dir}. Next: `vinhdanh --root {dir} check`, then `vinhdanh --root {dir} build`."
                )
            ),
            MsgText::DirNotEmpty { dir } => both!(
                lang,
                format!("thư mục {dir} không rỗng; hãy chọn một thư mục mới hoặc rỗng"),
                format!("the folder {dir} is not empty; choose a new or empty folder")
            ),
            MsgText::FileExists { path } => both!(
                lang,
                format!("{path} đã có; không ghi đè"),
                format!("{path} already exists; not overwritten")
            ),
            MsgText::BadDate { date } => both!(
                lang,
                format!("ngày không hợp lệ \"{date}\": cần dạng NĂM-THÁNG-NGÀY, như 2025-12-20"),
                format!("invalid date \"{date}\": expected YEAR-MONTH-DAY, like 2025-12-20")
            ),
            MsgText::StoryOfHiddenRecord { id, file } => both!(
                lang,
                format!(
                    "hồ sơ \"{id}\" không công khai (`public = false` trong {file}), nên câu chuyện về hồ sơ này không được đăng; chưa tạo tệp nào"
                ),
                format!(
                    "record \"{id}\" is not public (`public = false` in {file}), so a story about it cannot be published; nothing was written"
                )
            ),
            MsgText::CannotWrite { path, reason } => both!(
                lang,
                format!("không ghi được {path}: {reason}"),
                format!("cannot write {path}: {reason}")
            ),
        }
    }
}

/// The one-screen summary of `check`.
#[derive(Clone, Debug, PartialEq)]
pub enum SummaryText<'a> {
    SiteValid {
        site: &'a str,
    },
    DefaultSiteName,
    Records {
        total: usize,
        hidden: usize,
    },
    Provinces {
        count: usize,
        names: &'a str,
        communes: usize,
    },
    Rounds {
        rounds: &'a str,
    },
    TitlesPerRound,
    ProgressHeading,
    StatusWord {
        status: Option<Status>,
    },
    Stories {
        published: usize,
        drafts: usize,
        pages: usize,
    },
    Warnings {
        count: usize,
    },
}

impl SummaryText<'_> {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match *self {
            SummaryText::SiteValid { site } => both!(
                lang,
                format!("{site}: dữ liệu hợp lệ, không có lỗi."),
                format!("{site}: the site is valid.")
            ),
            SummaryText::DefaultSiteName => both!(lang, "trang", "site").into(),
            SummaryText::Records { total, hidden } => both!(
                lang,
                format!("Hồ sơ: {total} ({hidden} không công khai)"),
                format!("Records: {total} ({hidden} not public)")
            ),
            SummaryText::Provinces { count, names, communes } => both!(
                lang,
                format!("Tỉnh: {count} ({names}), {communes} xã, phường"),
                format!("Provinces: {count} ({names}), {communes} communes")
            ),
            SummaryText::Rounds { rounds } => both!(lang, format!("Các đợt: {rounds}"), format!("Rounds: {rounds}")),
            SummaryText::TitlesPerRound => both!(lang, "Số danh hiệu đạt theo đợt:", "Titles earned per round:").into(),
            SummaryText::ProgressHeading => both!(
                lang,
                "Tiến độ (đợt báo cáo gần nhất; tỷ lệ được công nhận trên tổng số / trên số đăng ký):",
                "Progress (latest reported round; recognised share of all / of registered):"
            )
            .into(),
            SummaryText::StatusWord { status } => match status {
                Some(Status::Met) => both!(lang, "đạt", "met"),
                Some(Status::OnTrack) => both!(lang, "đúng tiến độ", "on track"),
                Some(Status::Behind) => both!(lang, "chậm tiến độ", "behind"),
                None => both!(lang, "không có chỉ tiêu", "no target"),
            }
            .into(),
            SummaryText::Stories { published, drafts, pages } => both!(
                lang,
                format!("Câu chuyện: {published} đã đăng, {drafts} bản nháp; trang khác: {pages}"),
                format!("Stories: {published} published, {drafts} draft(s); pages: {pages}")
            ),
            SummaryText::Warnings { count } => both!(
                lang,
                format!("Cảnh báo: {count} (xem ở trên)"),
                format!("Warnings: {count} (listed above)")
            ),
        }
    }
}

/// The rule trace of `explain`.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceText<'a> {
    UnknownRecord {
        id: &'a str,
    },
    NeverAssessed {
        id: &'a str,
    },
    NotAssessed {
        id: &'a str,
        round: Year,
        rounds: &'a str,
    },
    NotPublic,
    NoTitleInRound {
        round: Year,
        kind: Kind,
    },
    RoundTitle {
        round: Year,
        name: &'a str,
        id: &'a str,
    },
    Basis {
        basis: &'a str,
    },
    CriteriaGroup,
    Met,
    NotMet,
    Yes,
    No,
    NotReported,
    ComputedShare {
        share: &'a str,
        holding: usize,
        linked: usize,
        title: &'a str,
    },
    CriterionValue {
        label: &'a str,
        value: &'a str,
    },
    CriterionNeeds {
        label: &'a str,
        value: &'a str,
        least: &'a str,
    },
    Required,
    ScoreLine {
        score: &'a str,
        max: &'a str,
        pass: &'a str,
        met: u32,
        criteria: usize,
    },
    MetNeeded {
        needed: u32,
    },
    Grade {
        grade: &'a str,
    },
    NoGrade,
    Result {
        result: &'a str,
    },
    TitleEarned,
    MetButRevoked {
        note: &'a str,
    },
    TitleNotEarned {
        failures: &'a str,
    },
    AlsoRevoked {
        note: &'a str,
    },
    AssessmentNote {
        note: &'a str,
    },
    TitlesByRound {
        list: &'a str,
    },
    Earned,
    Revoked,
    NotEarned,
    AwardsNone {
        round: Year,
    },
    AwardsIn {
        round: Year,
    },
    Eligible,
    NotEligible,
    AssociationAward,
    NoConditions,
    Received {
        name: &'a str,
        decision: &'a str,
        date: Option<Date>,
        issuer: &'a str,
        round: Year,
    },
    RevokedLine {
        what: &'a str,
        round: Year,
        decision: &'a str,
        reason: &'a str,
    },
    RevokedTitle {
        name: &'a str,
    },
    RevokedAward {
        name: &'a str,
    },
}

impl TraceText<'_> {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match *self {
            TraceText::UnknownRecord { id } => both!(
                lang,
                format!("không có hồ sơ \"{id}\""),
                format!("unknown record \"{id}\"")
            ),
            TraceText::NeverAssessed { id } => both!(
                lang,
                format!("hồ sơ \"{id}\" chưa được đánh giá ở đợt nào"),
                format!("record \"{id}\" has no assessment in any round")
            ),
            TraceText::NotAssessed { id, round, rounds } => both!(
                lang,
                format!("hồ sơ \"{id}\" không được đánh giá ở đợt {round}; các đợt có: {rounds}"),
                format!("record \"{id}\" has no assessment for round {round}; it has {rounds}")
            ),
            TraceText::NotPublic => both!(lang, " (không công khai)", " (not public)").into(),
            TraceText::NoTitleInRound { round, kind } => {
                let kind = kind_name(kind, lang);
                both!(
                    lang,
                    format!(
                        "Đợt {round}: không có danh hiệu nào cho hồ sơ loại {kind} có hiệu lực ở đợt này"
                    ),
                    format!("Round {round}: no title for {kind} records is valid in this round")
                )
            }
            TraceText::RoundTitle { round, name, id } => both!(
                lang,
                format!("Đợt {round}, danh hiệu {name} ({id})"),
                format!("Round {round}, title {name} ({id})")
            ),
            TraceText::Basis { basis } => {
                both!(lang, format!("Căn cứ: {basis}"), format!("Basis: {basis}"))
            }
            TraceText::CriteriaGroup => both!(lang, "Tiêu chí", "Criteria").into(),
            TraceText::Met => both!(lang, "[đạt]", "[met]").into(),
            TraceText::NotMet => both!(lang, "[không đạt]", "[not met]").into(),
            TraceText::Yes => both!(lang, "có", "yes").into(),
            TraceText::No => both!(lang, "không", "no").into(),
            TraceText::NotReported => both!(lang, "không khai", "not reported").into(),
            TraceText::ComputedShare {
                share,
                holding,
                linked,
                title,
            } => both!(
                lang,
                format!("{share} ({holding}/{linked} hồ sơ đạt {title})"),
                format!("{share} ({holding} of {linked} hold {title})")
            ),
            TraceText::CriterionValue { label, value } => format!("{label} = {value}"),
            TraceText::CriterionNeeds {
                label,
                value,
                least,
            } => both!(
                lang,
                format!("{label} = {value}, cần ít nhất {least}"),
                format!("{label} = {value}, needs at least {least}")
            ),
            TraceText::Required => both!(lang, "(bắt buộc)", "(required)").into(),
            TraceText::ScoreLine {
                score,
                max,
                pass,
                met,
                criteria,
            } => both!(
                lang,
                format!("Điểm {score}/{max}, mức đạt {pass}, đạt {met}/{criteria} tiêu chí"),
                format!(
                    "Score {score} of {max}, pass mark {pass}, {met} of {criteria} criteria met"
                )
            ),
            TraceText::MetNeeded { needed } => both!(
                lang,
                format!(" (cần {needed})"),
                format!(" (needs {needed})")
            ),
            TraceText::Grade { grade } => both!(
                lang,
                format!(", xếp loại {grade}"),
                format!(", grade {grade}")
            ),
            TraceText::NoGrade => both!(lang, ", chưa đạt mức xếp loại nào", ", no grade").into(),
            TraceText::Result { result } => both!(
                lang,
                format!("Kết quả: {result}"),
                format!("Result: {result}")
            ),
            TraceText::TitleEarned => both!(lang, "đạt danh hiệu", "title earned").into(),
            TraceText::MetButRevoked { note } => both!(
                lang,
                format!("đủ tiêu chí, nhưng danh hiệu đã {}", translate(lang, note)),
                format!("criteria met, but the title was {note}")
            ),
            TraceText::TitleNotEarned { failures } => both!(
                lang,
                format!("không đạt danh hiệu ({})", translate(lang, failures)),
                format!("title not earned ({failures})")
            ),
            TraceText::AlsoRevoked { note } => both!(
                lang,
                format!("; đồng thời đã {}", translate(lang, note)),
                format!("; also {note}")
            ),
            TraceText::AssessmentNote { note } => {
                both!(lang, format!("Ghi chú: {note}"), format!("Note: {note}"))
            }
            TraceText::TitlesByRound { list } => both!(
                lang,
                format!("Danh hiệu theo đợt: {list}"),
                format!("Titles by round: {list}")
            ),
            TraceText::Earned => both!(lang, "đạt", "earned").into(),
            TraceText::Revoked => both!(lang, "bị thu hồi", "revoked").into(),
            TraceText::NotEarned => both!(lang, "không đạt", "not earned").into(),
            TraceText::AwardsNone { round } => both!(
                lang,
                format!("Khen thưởng đợt {round}: không có hình thức nào áp dụng"),
                format!("Awards in round {round}: none apply")
            ),
            TraceText::AwardsIn { round } => both!(
                lang,
                format!("Khen thưởng đợt {round}:"),
                format!("Awards in round {round}:")
            ),
            TraceText::Eligible => both!(lang, "đủ điều kiện", "eligible").into(),
            TraceText::NotEligible => both!(lang, "chưa đủ điều kiện", "not eligible").into(),
            TraceText::AssociationAward => both!(
                lang,
                " [Hội Khuyến học, không phải khen thưởng của Nhà nước]",
                " [Hội Khuyến học, not a state award]"
            )
            .into(),
            TraceText::NoConditions => both!(lang, "không có điều kiện", "no conditions").into(),
            TraceText::Received {
                name,
                decision,
                date,
                issuer,
                round,
            } => received(lang, name, decision, date, issuer, round),
            TraceText::RevokedLine {
                what,
                round,
                decision,
                reason,
            } => revoked(lang, what, round, decision, reason),
            TraceText::RevokedTitle { name } => {
                both!(lang, format!("danh hiệu {name}"), format!("title {name}"))
            }
            TraceText::RevokedAward { name } => {
                both!(lang, format!("khen thưởng {name}"), format!("award {name}"))
            }
        }
    }
}

/// The review report.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportText<'a> {
    ReportTitle {
        round: Year,
    },
    ReportTitleSince {
        round: Year,
        since: Year,
    },
    NewlyRecognised {
        count: usize,
    },
    LostSince {
        since: Year,
        count: usize,
    },
    EligibleNotReceived {
        round: Year,
    },
    AwardGroup {
        name: &'a str,
        id: &'a str,
        count: usize,
    },
    ReceivedNotEligible {
        round: Year,
        count: usize,
    },
    ProgressSection {
        round: Year,
    },
    ProgressNote,
    NoProgress {
        round: Year,
    },
    NoneFound,
    ScoreAndGrade {
        score: &'a str,
        grade: Option<&'a str>,
    },
    NotAssessedIn {
        round: Year,
    },
    DecisionWhy {
        decision: &'a str,
        why: &'a str,
    },
    Gap {
        count: &'a str,
        kind: Kind,
    },
    TargetReached,
    ReportFooter {
        site: &'a str,
    },
    /// The day the printed report was made.
    MadeOn {
        date: crate::base::inputs::Date,
    },
    /// "Page 3 of 7" at the foot of every printed page, around the CSS counters.
    PageOf,
    /// `report --round` of a round nobody was assessed in.
    RoundNotAssessed {
        round: Year,
        rounds: &'a str,
    },
    /// `report --province` of a province the site does not have.
    NoSuchProvince {
        slug: &'a str,
        suggestion: Option<&'a str>,
    },
}

impl ReportText<'_> {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match *self {
            ReportText::ReportTitle { round } => both!(
                lang,
                format!("Báo cáo kết quả đợt {round}"),
                format!("Review report, round {round}")
            ),
            ReportText::ReportTitleSince { round, since } => both!(
                lang,
                format!("Báo cáo kết quả đợt {round} so với đợt {since}"),
                format!("Review report, round {round} compared with {since}")
            ),
            ReportText::NewlyRecognised { count } => both!(
                lang,
                format!("Mới được công nhận ({count})"),
                format!("Newly recognised ({count})")
            ),
            ReportText::LostSince { since, count } => both!(
                lang,
                format!("Mất danh hiệu so với đợt {since} ({count})"),
                format!("Lost a title since {since} ({count})")
            ),
            ReportText::EligibleNotReceived { round } => both!(
                lang,
                format!("Đủ điều kiện khen thưởng nhưng chưa nhận ở đợt {round}"),
                format!("Eligible for an award but not received in {round}")
            ),
            ReportText::AwardGroup { name, id, count } => both!(
                lang,
                format!("{name} ({id}): {count} hồ sơ"),
                format!("{name} ({id}): {count} {}", if count == 1 { "record" } else { "records" })
            ),
            ReportText::ReceivedNotEligible { round, count } => both!(
                lang,
                format!("Đã nhận nhưng chưa đủ điều kiện ở đợt {round} ({count})"),
                format!("Received but not eligible in {round} ({count})")
            ),
            ReportText::ProgressSection { round } => both!(
                lang,
                format!("Tiến độ so với chỉ tiêu, đợt {round}"),
                format!("Progress against targets, round {round}")
            ),
            ReportText::ProgressNote => both!(
                lang,
                "Số còn thiếu = số cần được công nhận thêm để tỷ lệ trên tổng số đạt mức tối thiểu của chỉ tiêu.",
                "Gap = how many more must be recognised for the share of all to reach the target's minimum."
            )
            .into(),
            ReportText::NoProgress { round } => both!(
                lang,
                format!("Chưa tỉnh nào báo cáo số liệu đợt {round}."),
                format!("No province reports counts for round {round}.")
            ),
            ReportText::NoneFound => both!(lang, "Không có.", "None.").into(),
            ReportText::ScoreAndGrade { score, grade } => match grade {
                Some(grade) => both!(
                    lang,
                    format!("điểm {score}, xếp loại {grade}"),
                    format!("score {score}, grade {grade}")
                ),
                None => both!(lang, format!("điểm {score}"), format!("score {score}")),
            },
            ReportText::NotAssessedIn { round } => both!(
                lang,
                format!("không được đánh giá năm {round}"),
                format!("not assessed in {round}")
            ),
            ReportText::DecisionWhy { decision, why } => both!(
                lang,
                format!("quyết định {decision}: {}", translate(lang, why)),
                format!("decision {decision}: {why}")
            ),
            ReportText::Gap { count, kind } => format!("{count} {}", kind_plural(kind, lang)),
            ReportText::TargetReached => both!(lang, "đã đạt", "reached").into(),
            ReportText::ReportFooter { site } => both!(
                lang,
                format!("Lập bằng vinhdanh từ dữ liệu của {site}."),
                format!("Made with vinhdanh from the data of {site}.")
            ),
            ReportText::MadeOn { date: made } => both!(
                lang,
                format!("Lập ngày {}.", date(made, lang)),
                format!("Made on {}.", date(made, lang))
            ),
            ReportText::PageOf => both!(
                lang,
                "\"Trang \" counter(page) \"/\" counter(pages)",
                "\"Page \" counter(page) \" of \" counter(pages)"
            )
            .into(),
            ReportText::RoundNotAssessed { round, rounds } => both!(
                lang,
                format!(
                    "chưa có hồ sơ nào được đánh giá ở đợt {round}, nên không có gì để báo cáo; các đợt đã đánh giá: {rounds}"
                ),
                format!(
                    "nobody was assessed in round {round}, so there is nothing to report; rounds assessed: {rounds}"
                )
            ),
            ReportText::NoSuchProvince { slug, suggestion } => {
                let known = both!(
                    lang,
                    "tên một tệp trong data/provinces/, bỏ đuôi .toml",
                    "the name of a file in data/provinces/ without .toml"
                );
                match suggestion {
                    Some(s) => both!(
                        lang,
                        format!("không có tỉnh \"{slug}\" (có phải \"{s}\"?); cần {known}"),
                        format!("unknown province \"{slug}\" (did you mean \"{s}\"?); expected {known}")
                    ),
                    None => both!(
                        lang,
                        format!("không có tỉnh \"{slug}\"; cần {known}"),
                        format!("unknown province \"{slug}\"; expected {known}")
                    ),
                }
            }
        }
    }
}

/// The messages of `import`.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportText<'a> {
    Imported {
        records: usize,
        assessments: usize,
        path: &'a str,
    },
    ImportFailed {
        rows: usize,
        file: &'a str,
    },
    RowError {
        row: usize,
        column: &'a str,
        message: &'a str,
    },
    HeaderError {
        column: &'a str,
        message: &'a str,
    },
    UnreadableFile {
        path: &'a str,
        reason: &'a str,
    },
    NotASpreadsheet {
        path: &'a str,
    },
    /// A spreadsheet over one of import's limits; `reason` says which, in the run's language.
    TooLarge {
        path: &'a str,
        reason: &'a str,
    },
    NotUtf8Csv {
        path: &'a str,
        row: usize,
    },
    NoDataRows,
    UnknownProvince {
        slug: &'a str,
    },
    MissingColumn {
        name: &'a str,
    },
    UnknownColumn {
        kind: Kind,
    },
    ColumnTwice,
    ComputedColumn {
        id: &'a str,
    },
    EmptyCell,
    NotAWholeNumber {
        value: &'a str,
    },
    NotAYear {
        value: &'a str,
    },
    NotYesNo {
        value: &'a str,
    },
    NotANumber {
        value: &'a str,
    },
    InvalidId {
        id: &'a str,
    },
    UnknownCommune {
        commune: &'a str,
        province: &'a str,
    },
    NoTitleForRound {
        kind: Kind,
        round: Year,
    },
    NotACriterionInRound {
        id: &'a str,
        title: &'a str,
        round: Year,
    },
    RoundTwice {
        id: &'a str,
        round: Year,
        first_row: usize,
    },
    DiffersFromRow {
        id: &'a str,
        first_row: usize,
    },
    IdExists {
        id: &'a str,
        path: &'a str,
    },
    OutputExists {
        path: &'a str,
    },
    ImportBroke {
        path: &'a str,
    },
}

impl ImportText<'_> {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match *self {
            ImportText::Imported {
                records,
                assessments,
                path,
            } => both!(
                lang,
                format!(
                    "Đã nhập {records} hồ sơ ({assessments} lượt đánh giá) vào {path}. Dữ liệu hợp lệ."
                ),
                format!(
                    "Imported {records} records ({assessments} assessments) into {path}. The site is valid."
                )
            ),
            ImportText::ImportFailed { rows, file } => both!(
                lang,
                format!("{rows} lỗi trong {file}: chưa ghi gì. Hãy sửa bảng tính rồi chạy lại."),
                format!(
                    "{rows} problem(s) in {file}: nothing was written. Fix the spreadsheet and run again."
                )
            ),
            ImportText::RowError {
                row,
                column,
                message,
            } => both!(
                lang,
                format!("dòng {row}, cột `{column}`: {message}"),
                format!("row {row}, column `{column}`: {message}")
            ),
            ImportText::HeaderError { column, message } => both!(
                lang,
                format!("dòng 1 (tiêu đề), cột `{column}`: {message}"),
                format!("row 1 (header), column `{column}`: {message}")
            ),
            ImportText::UnreadableFile { path, reason } => both!(
                lang,
                format!("không đọc được {path}: {reason}"),
                format!("cannot read {path}: {reason}")
            ),
            ImportText::NotASpreadsheet { path } => both!(
                lang,
                format!("{path}: chỉ nhập được tệp .csv hoặc .xlsx"),
                format!("{path}: only .csv and .xlsx files can be imported")
            ),
            ImportText::TooLarge { path, reason } => both!(
                lang,
                format!(
                    "{path}: bảng tính quá lớn, chưa đọc: {reason}. Hãy xoá các dòng, cột thừa hoặc tách thành nhiều tệp nhỏ hơn."
                ),
                format!(
                    "{path}: the spreadsheet is too large and was not read: {reason}. Delete stray rows and columns, or split it into smaller files."
                )
            ),
            ImportText::NotUtf8Csv { path, row } => both!(
                lang,
                format!(
                    "{path}: dòng {row} không phải văn bản UTF-8; hãy lưu lại bảng tính dạng \"CSV UTF-8\""
                ),
                format!(
                    "{path}: row {row} is not UTF-8 text; save the spreadsheet again as \"CSV UTF-8\""
                )
            ),
            ImportText::NoDataRows => both!(
                lang,
                "bảng tính không có dòng dữ liệu nào",
                "the spreadsheet has no data rows"
            )
            .into(),
            ImportText::UnknownProvince { slug } => both!(
                lang,
                format!(
                    "không có tỉnh \"{slug}\": cần tên một tệp trong data/provinces/ (bỏ đuôi .toml)"
                ),
                format!(
                    "unknown province \"{slug}\": expected the name of a file in data/provinces/ without .toml"
                )
            ),
            ImportText::MissingColumn { name } => both!(
                lang,
                format!("thiếu cột `{name}` ở dòng tiêu đề"),
                format!("no `{name}` column in the header row")
            ),
            ImportText::UnknownColumn { kind } => both!(
                lang,
                format!(
                    "không phải trường nào (id, name, commune, village, members, round, note) hay tiêu chí nào của danh hiệu cho {}",
                    kind_name(kind, lang)
                ),
                format!(
                    "neither a field (id, name, commune, village, members, round, note) nor a criterion of a {kind} title"
                )
            ),
            ImportText::ColumnTwice => {
                both!(lang, "cột này có hai lần", "this column appears twice").into()
            }
            ImportText::ComputedColumn { id } => both!(
                lang,
                format!("tiêu chí `{id}` được tính tự động, không nhập"),
                format!("the criterion `{id}` is computed and cannot be imported")
            ),
            ImportText::EmptyCell => {
                both!(lang, "ô trống, cần có giá trị", "empty, a value is needed").into()
            }
            ImportText::NotAWholeNumber { value } => both!(
                lang,
                format!("\"{value}\" không phải số nguyên từ 0 trở lên"),
                format!("\"{value}\" is not a whole number, 0 or more")
            ),
            ImportText::NotAYear { value } => both!(
                lang,
                format!("\"{value}\" không phải một năm, như 2025"),
                format!("\"{value}\" is not a year, like 2025")
            ),
            ImportText::NotYesNo { value } => both!(
                lang,
                format!(
                    "\"{value}\" không phải có/không: dùng 1 hoặc 0, có hoặc không, x hoặc để trống, true hoặc false"
                ),
                format!(
                    "\"{value}\" is not yes/no: use 1 or 0, có or không, x or blank, true or false"
                )
            ),
            ImportText::NotANumber { value } => both!(
                lang,
                format!("\"{value}\" không phải một số từ 0 trở lên"),
                format!("\"{value}\" is not a number, 0 or more")
            ),
            ImportText::InvalidId { id } => both!(
                lang,
                format!("mã \"{id}\" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu -"),
                format!("invalid id \"{id}\": use lower-case letters without marks, digits and -")
            ),
            ImportText::UnknownCommune { commune, province } => both!(
                lang,
                format!("không có xã \"{commune}\" trong data/provinces/{province}.toml"),
                format!("no commune \"{commune}\" in data/provinces/{province}.toml")
            ),
            ImportText::NoTitleForRound { kind, round } => both!(
                lang,
                format!(
                    "không có danh hiệu nào cho {} có hiệu lực ở đợt {round}",
                    kind_name(kind, lang)
                ),
                format!("no {kind} title is valid in round {round}")
            ),
            ImportText::NotACriterionInRound { id, title, round } => both!(
                lang,
                format!("danh hiệu {title} ở đợt {round} không có tiêu chí `{id}`"),
                format!("the title {title} of round {round} has no criterion `{id}`")
            ),
            ImportText::RoundTwice {
                id,
                round,
                first_row,
            } => both!(
                lang,
                format!("hồ sơ \"{id}\" đã có đánh giá đợt {round} ở dòng {first_row}"),
                format!("record \"{id}\" is already assessed for round {round} in row {first_row}")
            ),
            ImportText::DiffersFromRow { id, first_row } => both!(
                lang,
                format!("khác với dòng {first_row} của cùng hồ sơ \"{id}\""),
                format!("differs from row {first_row} of the same record \"{id}\"")
            ),
            ImportText::IdExists { id, path } => both!(
                lang,
                format!("mã \"{id}\" đã có trong {path}; hãy dùng mã khác hoặc sửa hồ sơ đó"),
                format!(
                    "the id \"{id}\" is already used in {path}; use another id or edit that record"
                )
            ),
            ImportText::OutputExists { path } => both!(
                lang,
                format!("{path} đã có; thêm --force để ghi đè"),
                format!("{path} already exists; add --force to overwrite it")
            ),
            ImportText::ImportBroke { path } => both!(
                lang,
                format!("sau khi nhập, dữ liệu có lỗi (ở trên); đã trả {path} về như trước"),
                format!(
                    "the imported records make the site invalid (above); {path} was put back as it was"
                )
            ),
        }
    }
}

fn received(
    lang: Lang,
    name: &str,
    decision: &str,
    day: Option<Date>,
    issuer: &str,
    round: Year,
) -> String {
    let mut line = both!(
        lang,
        format!("Đã nhận: {name}"),
        format!("Received: {name}")
    );
    if !decision.is_empty() {
        line.push_str(&both!(
            lang,
            format!(", quyết định {decision}"),
            format!(", decision {decision}")
        ));
    }
    if let Some(day) = day {
        line.push_str(&format!(", {}", date(day, lang)));
    }
    if !issuer.is_empty() {
        line.push_str(&both!(
            lang,
            format!(", do {issuer} ký"),
            format!(", by {issuer}")
        ));
    }
    line.push_str(&both!(
        lang,
        format!(", đợt {round}"),
        format!(", round {round}")
    ));
    line
}

fn revoked(lang: Lang, what: &str, round: Year, decision: &str, reason: &str) -> String {
    let mut line = both!(
        lang,
        format!("Thu hồi: {what} từ đợt {round}"),
        format!("Revoked: {what} from round {round}")
    );
    if !decision.is_empty() {
        line.push_str(&both!(
            lang,
            format!(", quyết định {decision}"),
            format!(", decision {decision}")
        ));
    }
    if !reason.is_empty() {
        line.push_str(&both!(
            lang,
            format!(", lý do: {reason}"),
            format!(", reason: {reason}")
        ));
    }
    line
}
