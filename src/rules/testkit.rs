//! Small builders of rules, records and provinces for the unit tests of the rules engine,
//! `explain` and `report`, so each test states only what it is about.

use std::path::Path;

use crate::base::inputs::{
    Assessment, Award, Commune, Computed, Counts, Criterion, CriterionCondition, CriterionValue,
    Date, Eligibility, Grade, Inputs, Issuer, Kind, Link, Name, Period, Province, ProvinceRound,
    ReceivedAward, Record, ReviewRound, Revocation, Revoked, Rules, Target, TargetShare, Title,
    Year,
};
use crate::base::source::{FileId, Sources, Span, Spanned};

pub fn file() -> FileId {
    Sources::default().add(Path::new("test.toml"), String::new())
}

pub fn span() -> Span {
    Span::new(file(), 0..0)
}

pub fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, span())
}

pub fn text(value: &str) -> Spanned<String> {
    spanned(value.to_string())
}

/// An id of the rules (title, criterion, award) without a place in a file.
pub fn name(value: &str) -> Spanned<Name> {
    spanned(Name::new(value))
}

pub fn yes() -> CriterionValue {
    CriterionValue::Bool(true)
}

pub fn no() -> CriterionValue {
    CriterionValue::Bool(false)
}

pub fn num(value: f64) -> CriterionValue {
    CriterionValue::Number(value)
}

/// A yes/no criterion worth `points`.
pub fn criterion(id: &str, points: f64) -> Criterion {
    Criterion {
        id: name(id),
        label: format!("Label {id}").into(),
        group: None,
        points,
        required: false,
        at_least: None,
        computed: None,
    }
}

pub fn required(mut criterion: Criterion) -> Criterion {
    criterion.required = true;
    criterion
}

pub fn at_least(mut criterion: Criterion, threshold: f64) -> Criterion {
    criterion.at_least = Some(threshold);
    criterion
}

pub fn in_group(mut criterion: Criterion, group: &str) -> Criterion {
    criterion.group = Some(group.into());
    criterion
}

/// A required criterion computed as the share of a clan's families holding `title`.
pub fn share_of_families(id: &str, threshold: f64, title: &str) -> Criterion {
    Criterion {
        computed: Some(Computed {
            share_of: Link::Families,
            title: text(title),
        }),
        ..required(at_least(criterion(id, 0.0), threshold))
    }
}

pub fn title(id: &str, kind: Kind, min_points: f64, criteria: Vec<Criterion>) -> Title {
    Title {
        id: name(id),
        name: format!("Name {id}").into(),
        kind,
        basis: format!("Basis {id}"),
        valid_from: 2020,
        valid_to: 2030,
        min_points,
        min_met: 0,
        criteria,
        grades: Vec::new(),
    }
}

pub fn grade(name: &str, min_points: f64) -> Grade {
    Grade {
        name: name.into(),
        min_points,
    }
}

pub fn award(id: &str, rank: i64, kinds: &[Kind], eligible: Eligibility) -> Award {
    Award {
        id: name(id),
        name: format!("Award {id}").into(),
        rank,
        kinds: kinds.to_vec(),
        issuer: Issuer::State,
        basis: format!("Basis {id}"),
        eligible,
    }
}

pub fn streak_of(title: Option<&str>, rounds: u32) -> Eligibility {
    Eligibility {
        title: title.map(text),
        consecutive_rounds: Some(rounds),
        ..Eligibility::default()
    }
}

pub fn prior(awards: &[&str]) -> Eligibility {
    Eligibility {
        prior_awards: awards.iter().map(|a| text(a)).collect(),
        ..Eligibility::default()
    }
}

pub fn criterion_condition(id: &str, threshold: f64) -> CriterionCondition {
    CriterionCondition {
        id: text(id),
        at_least: threshold,
    }
}

pub fn rules(titles: Vec<Title>, awards: Vec<Award>) -> Rules {
    Rules {
        periods: vec![Period {
            id: text("giai-doan"),
            name: "Giai đoạn 2020-2030".into(),
            first: 2020,
            last: 2030,
        }],
        reviews: vec![ReviewRound {
            round: 2025,
            name: "Sơ kết 2025".into(),
            basis: "Basis review".into(),
        }],
        titles,
        awards,
        ..Rules::default()
    }
}

/// Family title `gd` (required `a` worth 10, `b` worth 10, pass mark 10) and no awards.
pub fn family_rules() -> Rules {
    let criteria = vec![required(criterion("a", 10.0)), criterion("b", 10.0)];
    rules(vec![title("gd", Kind::Family, 10.0, criteria)], Vec::new())
}

/// What makes a family of [`family_rules`] hold its title.
pub const PASS: [(&str, CriterionValue); 2] = [
    ("a", CriterionValue::Bool(true)),
    ("b", CriterionValue::Bool(true)),
];

/// What makes a family of [`family_rules`] fail (the required criterion `a` is not met).
pub const FAIL: [(&str, CriterionValue); 2] = [
    ("a", CriterionValue::Bool(false)),
    ("b", CriterionValue::Bool(true)),
];

pub fn record(id: &str, kind: Kind) -> Record {
    Record {
        id: text(id),
        kind,
        name: format!("Name {id}"),
        sort_name: None,
        families: Vec::new(),
        province: name("bac-ninh"),
        commune: name("Phường Kinh Bắc"),
        village: None,
        district: None,
        members: None,
        public: true,
        private_values: Vec::new(),
        assessments: Vec::new(),
        awards: Vec::new(),
        revocations: Vec::new(),
    }
}

pub fn family(id: &str) -> Record {
    record(id, Kind::Family)
}

/// Builder steps for test records.
pub trait RecordBuilder {
    fn assessed(self, round: Year, values: &[(&str, CriterionValue)]) -> Record;
    fn received(self, award: &str, round: Year) -> Record;
    fn title_revoked(self, title: &str, round: Year) -> Record;
    fn award_revoked(self, award: &str, round: Year) -> Record;
    fn with_families(self, families: &[&str]) -> Record;
    fn in_province(self, province: &str) -> Record;
    fn hidden(self) -> Record;
}

impl RecordBuilder for Record {
    fn assessed(mut self, round: Year, values: &[(&str, CriterionValue)]) -> Record {
        let criteria = crate::base::inputs::Criteria::new(
            values
                .iter()
                .map(|(id, value)| ((*id).into(), spanned(*value))),
        );
        self.assessments.push(Assessment {
            round: spanned(round),
            criteria,
            note: None,
        });
        self
    }

    fn received(mut self, award: &str, round: Year) -> Record {
        self.awards.push(ReceivedAward {
            award: text(award),
            decision: format!("{round}/QĐ-UBND"),
            date: Some(Date {
                year: 2024,
                month: 12,
                day: 20,
            }),
            issuer: "Chủ tịch UBND xã".into(),
            round: spanned(round),
        });
        self
    }

    fn title_revoked(mut self, title: &str, round: Year) -> Record {
        self.revocations
            .push(revocation(Revoked::Title(text(title)), round));
        self
    }

    fn award_revoked(mut self, award: &str, round: Year) -> Record {
        self.revocations
            .push(revocation(Revoked::Award(text(award)), round));
        self
    }

    fn with_families(mut self, families: &[&str]) -> Record {
        self.families = families.iter().map(|f| text(f)).collect();
        self
    }

    fn in_province(mut self, province: &str) -> Record {
        self.province = name(province);
        self
    }

    fn hidden(mut self) -> Record {
        self.public = false;
        self
    }
}

fn revocation(what: Revoked, round: Year) -> Revocation {
    Revocation {
        what,
        round: spanned(round),
        decision: "30/QĐ-UBND".into(),
        reason: "Kê khai không đúng".into(),
    }
}

pub fn target_share(min: f64, stretch: Option<f64>) -> TargetShare {
    TargetShare { min, stretch }
}

pub fn target(first: Year, last: Year, basis: &str, shares: &[(Kind, TargetShare)]) -> Target {
    Target {
        first,
        last,
        basis: basis.into(),
        shares: shares.iter().copied().collect(),
        span: span(),
    }
}

pub fn counts(total: u64, registered: Option<u64>, recognised: u64) -> Counts {
    Counts {
        total,
        registered,
        recognised,
    }
}

pub fn province_round(year: Year, counts: &[(Kind, Counts)]) -> ProvinceRound {
    ProvinceRound {
        year,
        counts: counts.iter().copied().collect(),
        span: span(),
    }
}

pub fn province(slug: &str, name: &str) -> Province {
    Province {
        slug: slug.into(),
        file: file(),
        name: name.into(),
        code: "24".into(),
        code_span: span(),
        merged_from: Vec::new(),
        communes: vec![Commune {
            records_complete: false,
            rounds: Vec::new(),
            code: "09187".into(),
            name: "Phường Kinh Bắc".into(),
            code_span: span(),
            name_span: span(),
            district: None,
        }],
        rounds: Vec::new(),
        targets: Vec::new(),
    }
}

/// A whole site's inputs, with the provinces `bac-ninh` and `ha-noi`.
pub fn inputs(rules: Rules, records: Vec<Record>) -> Inputs {
    Inputs {
        rules,
        records,
        provinces: vec![
            province("bac-ninh", "Bắc Ninh"),
            province("ha-noi", "Hà Nội"),
        ],
        ..Inputs::default()
    }
}
