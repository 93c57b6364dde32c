//! The catalogue of problems a site can have: one variant per kind of mistake, each with its
//! code, its message and what was expected instead. Every message of `check` comes from here.

/// A problem found while loading or validating a site.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("cannot read the file: {reason}")]
    Unreadable { reason: String },
    #[error("the file is not UTF-8 text (saved in another encoding?)")]
    NotUtf8,
    #[error("TOML syntax: {message}")]
    TomlSyntax { message: String },
    #[error("the front matter is not closed")]
    FrontMatterUnclosed,
    #[error("the file does not start with front matter")]
    FrontMatterMissing,
    #[error("missing required field `{name}`")]
    MissingField { name: String, expected: String },
    #[error("wrong type: found {found}")]
    WrongType { found: String, expected: String },
    #[error("unknown field `{name}`{}", did_you_mean(.suggestion))]
    UnknownField {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error("invalid value {value}")]
    InvalidValue { value: String, expected: String },
    #[error("invalid id \"{id}\"")]
    InvalidId { id: String },
    #[error("duplicate {what} \"{id}\"")]
    Duplicate { what: String, id: String },
    #[error("unknown province \"{slug}\"")]
    UnknownProvince { slug: String },
    #[error("unknown commune \"{commune}\" in province \"{province}\"")]
    UnknownCommune { commune: String, province: String },
    #[error("unknown criterion \"{id}\" for title \"{title}\"")]
    UnknownCriterion { id: String, title: String },
    #[error("unknown title \"{id}\"")]
    UnknownTitle { id: String },
    #[error("unknown award \"{id}\"")]
    UnknownAward { id: String },
    #[error("round {round} is outside the rules' periods")]
    RoundOutsidePeriods { round: i64 },
    #[error("no title for kind `{kind}` is valid in round {round}")]
    NoTitleForRound { kind: String, round: i64 },
    #[error("unknown record \"{id}\"")]
    UnknownRecord { id: String },
    #[error("\"{id}\" is a {kind} record, not a family")]
    NotAFamily { id: String, kind: String },
    #[error("award \"{id}\" is not given to a {kind}")]
    AwardKindMismatch { id: String, kind: String },
    #[error("title \"{id}\" is for kind `{title_kind}`, not `{kind}`")]
    TitleKindMismatch {
        id: String,
        title_kind: String,
        kind: String,
    },
    #[error("awards require each other in a cycle: {cycle}")]
    AwardCycle { cycle: String },
    #[error("criterion \"{id}\" takes {expected_kind}, found {found}")]
    CriterionValueType {
        id: String,
        expected_kind: String,
        found: String,
    },
    #[error("criterion \"{id}\" is computed from other records and must not be reported")]
    ComputedCriterionReported { id: String },
    #[error(
        "received award \"{award}\" in round {round}, but the rules say it was not earned: {why}"
    )]
    ReceivedNotEligible {
        award: String,
        round: i64,
        why: String,
    },
    #[error("{kind} counts for round {round} disagree: {detail}")]
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
            Problem::ReceivedNotEligible { .. } => "W001",
            Problem::CountMismatch { .. } => "W002",
        }
    }

    /// What the field should have held, in plain words; empty when the message says it all.
    pub fn expected(&self) -> String {
        match self {
            Problem::Unreadable { .. } => "a readable file".into(),
            Problem::NotUtf8 => "a file saved as UTF-8".into(),
            Problem::TomlSyntax { .. } => "valid TOML".into(),
            Problem::FrontMatterUnclosed => "a closing `+++` line after the front matter".into(),
            Problem::FrontMatterMissing => "a first line `+++` opening TOML front matter".into(),
            Problem::MissingField { expected, .. }
            | Problem::WrongType { expected, .. }
            | Problem::InvalidValue { expected, .. } => expected.clone(),
            Problem::UnknownField { known, .. } => match closest(known) {
                Some(list) => format!("one of {list}"),
                None => "no field here".into(),
            },
            Problem::InvalidId { .. } => {
                "lower-case ASCII letters, digits and `-`, not starting or ending with `-`".into()
            }
            Problem::Duplicate { .. } => "an id used only once".into(),
            Problem::UnknownProvince { .. } => {
                "the slug of a file in data/provinces/ (its name without .toml)".into()
            }
            Problem::UnknownCommune { province, .. } => {
                format!("the name or code of a commune listed in data/provinces/{province}.toml")
            }
            Problem::UnknownCriterion { title, .. } => {
                format!("the id of a criterion of title \"{title}\" in data/rules.toml")
            }
            Problem::UnknownTitle { .. } => "the id of a [[title]] in data/rules.toml".into(),
            Problem::UnknownAward { .. } => "the id of an [[award]] in data/rules.toml".into(),
            Problem::RoundOutsidePeriods { .. } | Problem::NoTitleForRound { .. } => {
                "a year inside a [[period]] of data/rules.toml where the title is valid".into()
            }
            Problem::UnknownRecord { .. } => "the id of a record in data/records/".into(),
            Problem::NotAFamily { .. } => "the id of a [[family]] record".into(),
            Problem::AwardKindMismatch { .. } => "an award whose `kinds` include this kind".into(),
            Problem::TitleKindMismatch { kind, .. } => format!("a title for kind `{kind}`"),
            Problem::AwardCycle { .. } => "prerequisites that do not lead back to the award".into(),
            Problem::CriterionValueType { expected_kind, .. } => expected_kind.clone(),
            Problem::ComputedCriterionReported { .. } => "no value: it is computed".into(),
            Problem::ReceivedNotEligible { .. } => {
                "an award the record is eligible for in that round (check the decision)".into()
            }
            Problem::CountMismatch { .. } => "counts that agree with the records".into(),
        }
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

fn closest(known: &[String]) -> Option<String> {
    if known.is_empty() {
        return None;
    }
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    Some(quoted.join(", "))
}
