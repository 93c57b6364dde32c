//! The catalogue of problems a site can have: one variant per kind of mistake, each with its
//! code, its message and what was expected instead, in Vietnamese and English side by side.
//! Every message of `check` comes from here; `docs/loi.md` documents every code.

use std::fmt;

use crate::base::format::format_number;
use crate::base::guarded::Guarded;
use crate::base::image_format::{Damage, Damaged, ImageFormat, UnsupportedImage};
use crate::base::lang::{Lang, both, translate};

/// A problem found while loading or validating a site.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Unreadable {
        reason: String,
    },
    NotUtf8,
    TomlSyntax {
        message: String,
    },
    FrontMatterUnclosed,
    FrontMatterMissing,
    MissingField {
        name: String,
        expected: String,
    },
    WrongType {
        found: String,
        expected: String,
    },
    UnknownField {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    InvalidValue {
        value: String,
        expected: String,
    },
    InvalidId {
        id: String,
    },
    Duplicate {
        what: String,
        id: String,
    },
    UnknownProvince {
        slug: String,
    },
    UnknownCommune {
        commune: String,
        province: String,
    },
    UnknownCriterion {
        id: String,
        title: String,
    },
    UnknownTitle {
        id: String,
    },
    UnknownAward {
        id: String,
    },
    RoundOutsidePeriods {
        round: i64,
    },
    NoTitleForRound {
        kind: String,
        round: i64,
    },
    UnknownRecord {
        id: String,
    },
    NotAFamily {
        id: String,
        kind: String,
    },
    AwardKindMismatch {
        id: String,
        kind: String,
    },
    TitleKindMismatch {
        id: String,
        title_kind: String,
        kind: String,
    },
    AwardCycle {
        cycle: String,
    },
    CriterionValueType {
        id: String,
        expected_kind: String,
        found: String,
    },
    ComputedCriterionReported {
        id: String,
    },
    GuardedValueInText {
        record_id: String,
        field: Guarded,
    },
    /// A published field of a public record (`revoked.reason`) holds a guarded value.
    GuardedValueInRecord {
        record_id: String,
        field: Guarded,
        published: String,
    },
    /// A criterion of the rules that no assessment reports, spelt close to an unknown one that
    /// `uses` assessments report: a typo in the rules.
    MisspeltCriterion {
        id: String,
        used: String,
        uses: usize,
    },
    /// The folder of the theme named in site.toml is not in `themes/`.
    ThemeMissing {
        name: String,
    },
    /// One value (a text, a story's body) longer than any real one; `limit` in bytes.
    ValueTooLarge {
        bytes: usize,
        limit: usize,
    },
    /// A file larger than any real one of its kind, not read; `limit` in bytes.
    FileTooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A static image whose bytes do not read as its format: its metadata cannot be taken out.
    ImageDamaged(Damaged),
    /// A static image of a format whose metadata is not taken out (HEIC, AVIF, TIFF...).
    ImageUnsupported(UnsupportedImage),
    ReceivedNotEligible {
        award: String,
        round: i64,
        why: String,
    },
    /// A title's `min_points` or `min_met` that no record can reach.
    Unreachable {
        field: String,
        value: f64,
        most: f64,
    },
    CountMismatch {
        kind: String,
        round: i64,
        detail: String,
    },
}

impl Problem {
    /// The stable code of this kind of problem, printed in brackets and documented.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "E001",
            Problem::NotUtf8 => "E002",
            Problem::TomlSyntax { .. } => "E003",
            Problem::FrontMatterUnclosed => "E004",
            Problem::FrontMatterMissing => "E005",
            Problem::MissingField { .. } => "E010",
            Problem::WrongType { .. } => "E011",
            Problem::UnknownField { .. } => "E012",
            Problem::InvalidValue { .. } => "E013",
            Problem::InvalidId { .. } => "E014",
            Problem::Duplicate { .. } => "E020",
            Problem::UnknownProvince { .. } => "E021",
            Problem::UnknownCommune { .. } => "E022",
            Problem::UnknownCriterion { .. } => "E023",
            Problem::UnknownTitle { .. } => "E024",
            Problem::UnknownAward { .. } => "E025",
            Problem::RoundOutsidePeriods { .. } => "E026",
            Problem::NoTitleForRound { .. } => "E027",
            Problem::UnknownRecord { .. } => "E028",
            Problem::NotAFamily { .. } => "E029",
            Problem::AwardKindMismatch { .. } => "E030",
            Problem::TitleKindMismatch { .. } => "E031",
            Problem::AwardCycle { .. } => "E032",
            Problem::CriterionValueType { .. } => "E033",
            Problem::ComputedCriterionReported { .. } => "E034",
            Problem::GuardedValueInText { .. } => "E035",
            Problem::GuardedValueInRecord { .. } => "E036",
            Problem::ThemeMissing { .. } => "E047",
            Problem::MisspeltCriterion { .. } => "E050",
            Problem::ValueTooLarge { .. } => "E048",
            Problem::FileTooLarge { .. } => "E049",
            Problem::ImageDamaged(..) => "E045",
            Problem::ImageUnsupported(..) => "E046",
            Problem::ReceivedNotEligible { .. } => "W001",
            Problem::CountMismatch { .. } => "W002",
            Problem::Unreachable { .. } => "W005",
        }
    }

    /// The message in `lang`: what is wrong, with the values concerned. Phrases other stages
    /// put in a problem (the value found, why an award was not earned) are translated too.
    pub fn message(&self, lang: Lang) -> String {
        let t = |text: &str| translate(lang, text);
        match self {
            Problem::Unreadable { reason } => both!(
                lang,
                format!("không đọc được tệp: {}", t(reason)),
                format!("cannot read the file: {reason}")
            ),
            Problem::NotUtf8 => both!(
                lang,
                "tệp không phải văn bản UTF-8 (được lưu bằng bảng mã khác?)",
                "the file is not UTF-8 text (saved in another encoding?)"
            )
            .into(),
            Problem::TomlSyntax { message } => both!(
                lang,
                format!(
                    "sai cú pháp TOML: {}",
                    crate::base::lang::toml_syntax_in_vietnamese(message)
                ),
                format!("TOML syntax: {message}")
            ),
            Problem::FrontMatterUnclosed => both!(
                lang,
                "phần đầu (front matter) chưa được đóng",
                "the front matter is not closed"
            )
            .into(),
            Problem::FrontMatterMissing => both!(
                lang,
                "tệp không bắt đầu bằng phần đầu (front matter)",
                "the file does not start with front matter"
            )
            .into(),
            Problem::MissingField { name, .. } => both!(
                lang,
                format!("thiếu trường bắt buộc `{name}`"),
                format!("missing required field `{name}`")
            ),
            Problem::WrongType { found, .. } => both!(
                lang,
                format!("sai kiểu: gặp {}", t(found)),
                format!("wrong type: found {found}")
            ),
            Problem::UnknownField {
                name, suggestion, ..
            } => match suggestion {
                Some(s) => both!(
                    lang,
                    format!("không có trường `{name}` (có phải `{s}`?)"),
                    format!("unknown field `{name}` (did you mean `{s}`?)")
                ),
                None => both!(
                    lang,
                    format!("không có trường `{name}`"),
                    format!("unknown field `{name}`")
                ),
            },
            Problem::InvalidValue { value, .. } => both!(
                lang,
                format!("giá trị không hợp lệ {}", t(value)),
                format!("invalid value {value}")
            ),
            Problem::InvalidId { id } => both!(
                lang,
                format!("mã không hợp lệ \"{id}\""),
                format!("invalid id \"{id}\"")
            ),
            Problem::Duplicate { what, id } => both!(
                lang,
                format!("trùng {} \"{id}\"", t(what)),
                format!("duplicate {what} \"{id}\"")
            ),
            Problem::UnknownProvince { slug } => both!(
                lang,
                format!("không có tỉnh \"{slug}\""),
                format!("unknown province \"{slug}\"")
            ),
            Problem::UnknownCommune { commune, province } => both!(
                lang,
                format!("không có xã \"{commune}\" trong tỉnh \"{province}\""),
                format!("unknown commune \"{commune}\" in province \"{province}\"")
            ),
            Problem::UnknownCriterion { id, title } => both!(
                lang,
                format!("danh hiệu \"{title}\" không có tiêu chí \"{id}\""),
                format!("unknown criterion \"{id}\" for title \"{title}\"")
            ),
            Problem::UnknownTitle { id } => both!(
                lang,
                format!("không có danh hiệu \"{id}\""),
                format!("unknown title \"{id}\"")
            ),
            Problem::UnknownAward { id } => both!(
                lang,
                format!("không có hình thức khen thưởng \"{id}\""),
                format!("unknown award \"{id}\"")
            ),
            Problem::RoundOutsidePeriods { round } => both!(
                lang,
                format!("đợt {round} nằm ngoài các giai đoạn của quy định"),
                format!("round {round} is outside the rules' periods")
            ),
            Problem::NoTitleForRound { kind, round } => both!(
                lang,
                format!("không có danh hiệu nào cho loại `{kind}` có hiệu lực ở đợt {round}"),
                format!("no title for kind `{kind}` is valid in round {round}")
            ),
            Problem::UnknownRecord { id } => both!(
                lang,
                format!("không có hồ sơ \"{id}\""),
                format!("unknown record \"{id}\"")
            ),
            Problem::NotAFamily { id, kind } => both!(
                lang,
                format!("\"{id}\" là hồ sơ loại `{kind}`, không phải gia đình"),
                format!("\"{id}\" is a {kind} record, not a family")
            ),
            Problem::AwardKindMismatch { id, kind } => both!(
                lang,
                format!("khen thưởng \"{id}\" không dành cho loại `{kind}`"),
                format!("award \"{id}\" is not given to a {kind}")
            ),
            Problem::TitleKindMismatch {
                id,
                title_kind,
                kind,
            } => both!(
                lang,
                format!("danh hiệu \"{id}\" dành cho loại `{title_kind}`, không phải `{kind}`"),
                format!("title \"{id}\" is for kind `{title_kind}`, not `{kind}`")
            ),
            Problem::AwardCycle { cycle } => both!(
                lang,
                format!("các khen thưởng đòi hỏi lẫn nhau thành vòng: {cycle}"),
                format!("awards require each other in a cycle: {cycle}")
            ),
            Problem::CriterionValueType {
                id,
                expected_kind,
                found,
            } => both!(
                lang,
                format!("tiêu chí \"{id}\" nhận {}, gặp {found}", t(expected_kind)),
                format!("criterion \"{id}\" takes {expected_kind}, found {found}")
            ),
            Problem::ComputedCriterionReported { id } => both!(
                lang,
                format!("tiêu chí \"{id}\" được tính từ các hồ sơ khác, không được khai"),
                format!(
                    "criterion \"{id}\" is computed from other records and must not be reported"
                )
            ),
            Problem::GuardedValueInText { record_id, field } => {
                let field = field.in_lang(lang);
                both!(
                    lang,
                    format!("văn bản này chứa {field} của hồ sơ \"{record_id}\""),
                    format!("this text holds the {field} of record \"{record_id}\"")
                )
            }
            Problem::GuardedValueInRecord {
                record_id,
                field,
                published,
            } => {
                let field = field.in_lang(lang);
                both!(
                    lang,
                    format!(
                        "trường `{published}` của hồ sơ này, được đăng công khai, chứa {field} của hồ sơ \"{record_id}\""
                    ),
                    format!(
                        "field `{published}` of this record, which is published, holds the {field} of record \"{record_id}\""
                    )
                )
            }
            Problem::MisspeltCriterion { id, used, uses } => both!(
                lang,
                format!(
                    "không lượt đánh giá nào khai tiêu chí \"{id}\", trong khi {uses} lượt đánh giá khai \"{used}\" (không có trong quy định): có thể mã tiêu chí ở đây bị gõ nhầm"
                ),
                format!(
                    "no assessment reports criterion \"{id}\", while {uses} assessments report \"{used}\", which the rules do not have: the criterion id may be misspelt here"
                )
            ),
            Problem::ThemeMissing { name } => both!(
                lang,
                format!("không có thư mục giao diện themes/{name}"),
                format!("there is no theme folder themes/{name}")
            ),
            Problem::ValueTooLarge { bytes, limit } => both!(
                lang,
                format!(
                    "giá trị quá dài: {} KiB, quá giới hạn {} KiB",
                    kib(*bytes as u64),
                    kib(*limit as u64)
                ),
                format!(
                    "value too long: {} KiB, over the limit of {} KiB",
                    kib(*bytes as u64),
                    kib(*limit as u64)
                )
            ),
            Problem::FileTooLarge { bytes, limit } => both!(
                lang,
                format!(
                    "tệp quá lớn nên không được đọc: {} MiB, quá giới hạn {} MiB",
                    mib(*bytes),
                    mib(*limit)
                ),
                format!(
                    "file too large, not read: {} MiB, over the limit of {} MiB",
                    mib(*bytes),
                    mib(*limit)
                )
            ),
            Problem::Unreachable { field, value, most } => {
                let (value, most) = (format_number(*value), format_number(*most));
                both!(
                    lang,
                    format!(
                        "`{field}` = {value} nhưng tối đa chỉ đạt được {most}: không hồ sơ nào đạt danh hiệu này"
                    ),
                    format!(
                        "`{field}` is {value} but at most {most} can be reached: no record can hold this title"
                    )
                )
            }
            Problem::ImageDamaged(damaged) => damaged.message(lang),
            Problem::ImageUnsupported(kind) => kind.message(lang),
            Problem::ReceivedNotEligible { award, round, why } => both!(
                lang,
                format!(
                    "đã nhận khen thưởng \"{award}\" ở đợt {round}, nhưng theo quy định chưa đủ điều kiện: {}",
                    t(why)
                ),
                format!(
                    "received award \"{award}\" in round {round}, but the rules say it was not earned: {why}"
                )
            ),
            Problem::CountMismatch {
                kind,
                round,
                detail,
            } => both!(
                lang,
                format!(
                    "số liệu loại `{kind}` đợt {round} không khớp: {}",
                    t(detail)
                ),
                format!("{kind} counts for round {round} disagree: {detail}")
            ),
        }
    }

    /// What the field should have held, in plain words, in `lang`; empty when the message says
    /// it all.
    pub fn expected(&self, lang: Lang) -> String {
        match self {
            Problem::Unreadable { .. } => both!(lang, "một tệp đọc được", "a readable file").into(),
            Problem::NotUtf8 => both!(
                lang,
                "tệp được lưu ở dạng UTF-8 (trong Notepad: Save As, Encoding: UTF-8)",
                "a file saved as UTF-8"
            )
            .into(),
            Problem::TomlSyntax { .. } => both!(lang, "TOML hợp lệ", "valid TOML").into(),
            Problem::FrontMatterUnclosed => both!(
                lang,
                "một dòng `+++` đóng phần đầu",
                "a closing `+++` line after the front matter"
            )
            .into(),
            Problem::FrontMatterMissing => both!(
                lang,
                "dòng đầu tiên là `+++`, mở phần đầu viết bằng TOML",
                "a first line `+++` opening TOML front matter"
            )
            .into(),
            Problem::MissingField { expected, .. }
            | Problem::WrongType { expected, .. }
            | Problem::InvalidValue { expected, .. } => translate(lang, expected),
            Problem::UnknownField { known, .. } => match quoted(known) {
                Some(list) => both!(lang, format!("một trong {list}"), format!("one of {list}")),
                None => both!(lang, "không có trường nào ở đây", "no field here").into(),
            },
            Problem::InvalidId { .. } => both!(
                lang,
                "chữ thường không dấu (a-z), chữ số và `-`, không bắt đầu hay kết thúc bằng `-`",
                "lower-case ASCII letters, digits and `-`, not starting or ending with `-`"
            )
            .into(),
            Problem::Duplicate { .. } => {
                both!(lang, "một mã chỉ dùng một lần", "an id used only once").into()
            }
            Problem::UnknownProvince { .. } => both!(
                lang,
                "tên một tệp trong data/provinces/ (bỏ đuôi .toml)",
                "the slug of a file in data/provinces/ (its name without .toml)"
            )
            .into(),
            Problem::UnknownCommune { province, .. } => both!(
                lang,
                format!("tên hoặc mã của một xã, phường có trong data/provinces/{province}.toml"),
                format!("the name or code of a commune listed in data/provinces/{province}.toml")
            ),
            Problem::UnknownCriterion { title, .. } => both!(
                lang,
                format!("mã một tiêu chí của danh hiệu \"{title}\" trong data/rules.toml"),
                format!("the id of a criterion of title \"{title}\" in data/rules.toml")
            ),
            Problem::UnknownTitle { .. } => both!(
                lang,
                "mã một [[title]] trong data/rules.toml",
                "the id of a [[title]] in data/rules.toml"
            )
            .into(),
            Problem::UnknownAward { .. } => both!(
                lang,
                "mã một [[award]] trong data/rules.toml",
                "the id of an [[award]] in data/rules.toml"
            )
            .into(),
            Problem::RoundOutsidePeriods { .. } | Problem::NoTitleForRound { .. } => both!(
                lang,
                "một năm thuộc một [[period]] của data/rules.toml mà danh hiệu còn hiệu lực",
                "a year inside a [[period]] of data/rules.toml where the title is valid"
            )
            .into(),
            Problem::UnknownRecord { .. } => both!(
                lang,
                "mã một hồ sơ trong data/records/",
                "the id of a record in data/records/"
            )
            .into(),
            Problem::NotAFamily { .. } => both!(
                lang,
                "mã một hồ sơ [[family]]",
                "the id of a [[family]] record"
            )
            .into(),
            Problem::AwardKindMismatch { .. } => both!(
                lang,
                "một khen thưởng có loại này trong `kinds`",
                "an award whose `kinds` include this kind"
            )
            .into(),
            Problem::TitleKindMismatch { kind, .. } => both!(
                lang,
                format!("một danh hiệu cho loại `{kind}`"),
                format!("a title for kind `{kind}`")
            ),
            Problem::AwardCycle { .. } => both!(
                lang,
                "các điều kiện khen thưởng trước không quay vòng về chính khen thưởng này",
                "prerequisites that do not lead back to the award"
            )
            .into(),
            Problem::CriterionValueType { expected_kind, .. } => translate(lang, expected_kind),
            Problem::ComputedCriterionReported { .. } => both!(
                lang,
                "không khai giá trị: tiêu chí này được tính tự động",
                "no value: it is computed"
            )
            .into(),
            Problem::GuardedValueInText { .. } => both!(
                lang,
                "bỏ giá trị này: thông tin riêng tư và hồ sơ không công khai không bao giờ được đăng",
                "no such value here: private values and records that are not public are never published"
            )
            .into(),
            Problem::GuardedValueInRecord { .. } => both!(
                lang,
                "bỏ giá trị đó khỏi trường này: thông tin riêng tư và hồ sơ không công khai không bao giờ được đăng",
                "that value out of this field: private values and records that are not public are never published"
            )
            .into(),
            Problem::MisspeltCriterion { used, .. } => both!(
                lang,
                format!("mã tiêu chí đúng như hồ sơ đã khai (\"{used}\"), hoặc sửa lại các hồ sơ"),
                format!("the criterion id the records report (\"{used}\"), or the records corrected")
            ),
            Problem::ThemeMissing { .. } => both!(
                lang,
                "tên một thư mục có trong themes/ (thường là \"default\"), hoặc bỏ dòng `theme`",
                "the name of a folder in themes/ (usually \"default\"), or no `theme` line"
            )
            .into(),
            Problem::ValueTooLarge { .. } => both!(
                lang,
                "một giá trị ngắn hơn; văn bản dài nên đặt trong câu chuyện (content/)",
                "a shorter value; long texts belong in a story (content/)"
            )
            .into(),
            Problem::FileTooLarge { .. } => both!(
                lang,
                "chia dữ liệu thành nhiều tệp nhỏ hơn",
                "the data split into several smaller files"
            )
            .into(),
            Problem::Unreachable { .. } => both!(
                lang,
                "một ngưỡng không cao hơn tổng điểm hay số tiêu chí của danh hiệu",
                "a threshold no higher than the title's total points or number of criteria"
            )
            .into(),
            Problem::ImageDamaged(..) => Damaged::expected(lang).into(),
            Problem::ImageUnsupported(..) => UnsupportedImage::expected(lang).into(),
            Problem::ReceivedNotEligible { .. } => both!(
                lang,
                "một khen thưởng hồ sơ đủ điều kiện ở đợt đó (kiểm tra lại quyết định)",
                "an award the record is eligible for in that round (check the decision)"
            )
            .into(),
            Problem::CountMismatch { .. } => both!(
                lang,
                "số liệu khớp với hồ sơ",
                "counts that agree with the records"
            )
            .into(),
        }
    }

    /// One problem of every kind, with made-up values: for the tests that check every code is
    /// documented and worded in both languages.
    pub fn samples() -> Vec<Problem> {
        let text = |s: &str| s.to_string();
        vec![
            Problem::Unreadable {
                reason: text("the file does not exist"),
            },
            Problem::NotUtf8,
            Problem::TomlSyntax {
                message: text("invalid basic string, expected `\"`"),
            },
            Problem::FrontMatterUnclosed,
            Problem::FrontMatterMissing,
            Problem::MissingField {
                name: text("name"),
                expected: text("a text value in quotes"),
            },
            Problem::WrongType {
                found: text("the text \"5\""),
                expected: text("a whole number from 0 to 10000000"),
            },
            Problem::UnknownField {
                name: text("vilage"),
                suggestion: Some(text("village")),
                known: vec![text("name"), text("village")],
            },
            Problem::InvalidValue {
                value: text("-1"),
                expected: text("a whole number from 0 to 10000000"),
            },
            Problem::InvalidId { id: text("Gd An") },
            Problem::Duplicate {
                what: text("record id"),
                id: text("gd-an"),
            },
            Problem::UnknownProvince {
                slug: text("ha-noi"),
            },
            Problem::UnknownCommune {
                commune: text("Xã Không Có"),
                province: text("bac-ninh"),
            },
            Problem::UnknownCriterion {
                id: text("tu-sach"),
                title: text("gia-dinh-hoc-tap"),
            },
            Problem::UnknownTitle {
                id: text("gia-dinh-van-hoa"),
            },
            Problem::UnknownAward {
                id: text("bang-khen-bo"),
            },
            Problem::RoundOutsidePeriods { round: 2019 },
            Problem::NoTitleForRound {
                kind: text("unit"),
                round: 2023,
            },
            Problem::UnknownRecord {
                id: text("gd-khong-co"),
            },
            Problem::NotAFamily {
                id: text("cd-thon-dong"),
                kind: text("community"),
            },
            Problem::AwardKindMismatch {
                id: text("giay-khen-xa"),
                kind: text("unit"),
            },
            Problem::TitleKindMismatch {
                id: text("dong-ho-hoc-tap"),
                title_kind: text("clan"),
                kind: text("family"),
            },
            Problem::AwardCycle {
                cycle: text("bang-khen-tinh -> giay-khen-xa -> bang-khen-tinh"),
            },
            Problem::CriterionValueType {
                id: text("so-chuyen-de"),
                expected_kind: text("a number (it has `at_least`)"),
                found: text("true"),
            },
            Problem::ComputedCriterionReported {
                id: text("ty-le-gia-dinh-hoc-tap"),
            },
            Problem::GuardedValueInText {
                record_id: text("gd-nguyen-van-an"),
                field: Guarded::Private(text("phone")),
            },
            Problem::GuardedValueInRecord {
                record_id: text("gd-nguyen-van-an"),
                field: Guarded::Private(text("phone")),
                published: text("revoked.reason"),
            },
            Problem::MisspeltCriterion {
                id: text("tu-sachh"),
                used: text("tu-sach"),
                uses: 412,
            },
            Problem::ThemeMissing { name: text("xanh") },
            Problem::ValueTooLarge {
                bytes: 70_000,
                limit: 65_536,
            },
            Problem::FileTooLarge {
                bytes: 300 * 1024 * 1024,
                limit: 256 * 1024 * 1024,
            },
            Problem::Unreachable {
                field: text("min_points"),
                value: 120.0,
                most: 100.0,
            },
            Problem::ImageDamaged(Damaged {
                format: ImageFormat::Jpeg,
                damage: Damage::Truncated,
            }),
            Problem::ImageUnsupported(UnsupportedImage::Heif),
            Problem::ReceivedNotEligible {
                award: text("bang-khen-tinh"),
                round: 2024,
                why: text(
                    "holds Gia đình học tập 1 consecutive round (2024), needs 3; 2023: not assessed",
                ),
            },
            Problem::CountMismatch {
                kind: text("family"),
                round: 2024,
                detail: text("total reported 2, records 1"),
            },
        ]
    }
}

/// English, for logs and for callers that do not choose a language.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Problem {}

/// Kibibytes, rounded up (a value just over the limit does not show as the limit).
fn kib(bytes: u64) -> u64 {
    bytes.div_ceil(1024)
}

/// Mebibytes, rounded up.
fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

fn quoted(known: &[String]) -> Option<String> {
    if known.is_empty() {
        return None;
    }
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    Some(quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_has_its_own_code_and_both_languages() {
        let samples = Problem::samples();
        let mut codes: Vec<&str> = samples.iter().map(Problem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), samples.len(), "two samples share a code");
        for problem in &samples {
            let (vi, en) = (problem.message(Lang::Vi), problem.message(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty(), "{}", problem.code());
            assert_ne!(vi, en, "{} is not translated", problem.code());
            assert_ne!(
                problem.expected(Lang::Vi),
                problem.expected(Lang::En),
                "{}: expected is not translated",
                problem.code()
            );
        }
    }

    #[test]
    fn the_phrases_inside_a_problem_are_translated() {
        let problem = Problem::WrongType {
            found: "the text \"2024-03-12\"".into(),
            expected: "a date without quotes, like 2024-12-20".into(),
        };
        assert_eq!(
            problem.message(Lang::Vi),
            "sai kiểu: gặp văn bản \"2024-03-12\""
        );
        assert_eq!(
            problem.expected(Lang::Vi),
            "một ngày viết không có dấu ngoặc kép, như 2024-12-20"
        );
        assert_eq!(
            problem.to_string(),
            "wrong type: found the text \"2024-03-12\""
        );
    }
}
