//! Writes a synthetic national-scale site in vinhdanh's own format, for benchmarks
//! (`benches/bench.sh`, findings in `BENCHMARKS.md`).
//!
//! usage:
//! ```text
//! cargo run --release --example gen_site -- --size small|national|huge|stories-only --out DIR
//!     [--stories-jsonl FILE] [--seed N] [--records N] [--stories N] [--force]
//! ```
//!
//! | size           | records   | stories                                          |
//! |----------------|-----------|--------------------------------------------------|
//! | `small`        | 1,000     | 100                                              |
//! | `national`     | 100,000   | 10,000                                           |
//! | `huge`         | 1,000,000 | 10,000 (the same count as national: only records grow) |
//! | `stories-only` | 34 (one family per province) | every story of `--stories-jsonl` |
//!
//! The site has the 34 provinces and cities of Vietnam after 1/7/2025 with 3,321 communes in all
//! (generated commune names, unique five-digit codes), yearly `[[round]]` counts per kind, and
//! records of the five kinds (80% families, 12% citizens, 5% clans, 2% communities, 1% units)
//! assessed in the rounds 2023-2025 against the criteria of `data/rules.toml`, which is copied
//! as it is. Clans list member families of their commune; received awards are given only where
//! the rules make the record eligible, so `vinhdanh check` passes without award warnings.
//!
//! With `--stories-jsonl` (the `stories.jsonl` written by `../shared/bench/anchor_corpus.py`)
//! every story of the file becomes `content/cau-chuyen/story-NNNNNN.md` with the same title, date
//! and body as the Hugo, Zola and Eleventy sites of that script; front matter adds the summary
//! (the body's first sentence), the province and one record of that province. Without it, the
//! stories are generated.
//!
//! Deterministic: the same arguments give the same bytes (one SplitMix64 stream, no hash maps).
//! `themes/` is copied from this repository so that the output builds as it is.

// `*rng.pick(&NAMES)` reads better than the auto-deref clippy suggests, which cannot infer the
// element type here.
#![allow(clippy::explicit_auto_deref)]

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use vinhdanh::base::text::slugify;
use vinhdanh::commands::new::toml_string as q;

type Res<T> = Result<T, Box<dyn Error>>;

const RULES: &str = include_str!("../data/rules.toml");
const ROUNDS: [i64; 3] = [2023, 2024, 2025];
const RECORDS_PER_FILE: usize = 2_000;

// ------------------------------------------------------------------------------------------
// Arguments
// ------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Args {
    size: String,
    out: PathBuf,
    stories_jsonl: Option<PathBuf>,
    seed: u64,
    records: usize,
    stories: usize,
    force: bool,
}

const USAGE: &str = "usage: gen_site --size small|national|huge|stories-only --out DIR \
                     [--stories-jsonl FILE] [--seed N] [--records N] [--stories N] [--force]";

fn parse_args() -> Res<Args> {
    let mut size = None;
    let mut out = None;
    let mut stories_jsonl = None;
    let mut seed = 42;
    let mut records = None;
    let mut stories = None;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--size" => size = Some(value("--size")?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--stories-jsonl" => stories_jsonl = Some(PathBuf::from(value("--stories-jsonl")?)),
            "--seed" => seed = value("--seed")?.parse()?,
            "--records" => records = Some(value("--records")?.parse()?),
            "--stories" => stories = Some(value("--stories")?.parse()?),
            "--force" => force = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}").into()),
        }
    }
    let size = size.ok_or(USAGE)?;
    let (default_records, default_stories) = match size.as_str() {
        "small" => (1_000, 100),
        "national" => (100_000, 10_000),
        "huge" => (1_000_000, 10_000),
        "stories-only" => (PROVINCES.len(), 10_000),
        other => return Err(format!("unknown size {other}\n{USAGE}").into()),
    };
    Ok(Args {
        out: out.ok_or(USAGE)?,
        stories_jsonl,
        seed,
        records: records.unwrap_or(default_records),
        stories: stories.unwrap_or(default_stories),
        force,
        size,
    })
}

// ------------------------------------------------------------------------------------------
// SplitMix64
// ------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Uniform in [lo, hi].
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn weighted<'a>(&mut self, items: &'a [(&'a str, f64)]) -> &'a str {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

// ------------------------------------------------------------------------------------------
// Places and names
// ------------------------------------------------------------------------------------------

struct ProvinceDef {
    name: &'static str,
    slug: &'static str,
    code: &'static str,
    merged_from: &'static [&'static str],
    communes: usize,
    /// Population in millions (2024, rounded, merged provinces together): weights records.
    population: f64,
    city: bool,
    /// 0 northern uplands, 1 Red River delta, 2 central, 3 south: village words.
    region: u8,
    /// Other spellings of the name (anchor_corpus.py writes "TP Hồ Chí Minh").
    alias: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn p(
    name: &'static str,
    slug: &'static str,
    code: &'static str,
    merged_from: &'static [&'static str],
    communes: usize,
    population: f64,
    city: bool,
    region: u8,
) -> ProvinceDef {
    ProvinceDef {
        name,
        slug,
        code,
        merged_from,
        communes,
        population,
        city,
        region,
        alias: "",
    }
}

/// The 34 provinces and cities from 1/7/2025 (Nghị quyết 202/2025/QH15); commune counts after
/// the commune mergers add up to 3,321.
#[rustfmt::skip]
const PROVINCES: [ProvinceDef; 34] = [
    p("Hà Nội", "ha-noi", "01", &[], 126, 8.7, true, 1),
    p("Cao Bằng", "cao-bang", "04", &[], 56, 0.55, false, 0),
    p("Tuyên Quang", "tuyen-quang", "08", &["Hà Giang"], 124, 1.9, false, 0),
    p("Điện Biên", "dien-bien", "11", &[], 45, 0.65, false, 0),
    p("Lai Châu", "lai-chau", "12", &[], 38, 0.5, false, 0),
    p("Sơn La", "son-la", "14", &[], 75, 1.3, false, 0),
    p("Lào Cai", "lao-cai", "15", &["Yên Bái"], 99, 1.8, false, 0),
    p("Thái Nguyên", "thai-nguyen", "19", &["Bắc Kạn"], 92, 1.8, false, 0),
    p("Lạng Sơn", "lang-son", "20", &[], 65, 0.8, false, 0),
    p("Quảng Ninh", "quang-ninh", "22", &[], 54, 1.4, false, 1),
    p("Bắc Ninh", "bac-ninh", "24", &["Bắc Giang"], 99, 3.6, false, 1),
    p("Phú Thọ", "phu-tho", "25", &["Vĩnh Phúc", "Hòa Bình"], 148, 4.0, false, 1),
    p("Hải Phòng", "hai-phong", "31", &["Hải Dương"], 114, 4.7, true, 1),
    p("Hưng Yên", "hung-yen", "33", &["Thái Bình"], 104, 3.6, false, 1),
    p("Ninh Bình", "ninh-binh", "37", &["Hà Nam", "Nam Định"], 129, 4.4, false, 1),
    p("Thanh Hóa", "thanh-hoa", "38", &[], 166, 3.8, false, 2),
    p("Nghệ An", "nghe-an", "40", &[], 130, 3.5, false, 2),
    p("Hà Tĩnh", "ha-tinh", "42", &[], 69, 1.3, false, 2),
    p("Quảng Trị", "quang-tri", "44", &["Quảng Bình"], 78, 1.9, false, 2),
    p("Huế", "hue", "46", &[], 40, 1.4, true, 2),
    p("Đà Nẵng", "da-nang", "48", &["Quảng Nam"], 94, 3.1, true, 2),
    p("Quảng Ngãi", "quang-ngai", "51", &["Kon Tum"], 96, 1.9, false, 2),
    p("Gia Lai", "gia-lai", "52", &["Bình Định"], 135, 3.6, false, 2),
    p("Khánh Hòa", "khanh-hoa", "56", &["Ninh Thuận"], 65, 2.2, false, 2),
    p("Đắk Lắk", "dak-lak", "66", &["Phú Yên"], 102, 3.3, false, 2),
    p("Lâm Đồng", "lam-dong", "68", &["Đắk Nông", "Bình Thuận"], 124, 3.9, false, 2),
    p("Đồng Nai", "dong-nai", "75", &["Bình Phước"], 95, 4.5, false, 3),
    ProvinceDef {
        alias: "TP Hồ Chí Minh",
        ..p("Thành phố Hồ Chí Minh", "ho-chi-minh", "79", &["Bình Dương", "Bà Rịa - Vũng Tàu"], 168, 14.0, true, 3)
    },
    p("Tây Ninh", "tay-ninh", "80", &["Long An"], 96, 3.3, false, 3),
    p("Đồng Tháp", "dong-thap", "82", &["Tiền Giang"], 102, 4.4, false, 3),
    p("Vĩnh Long", "vinh-long", "86", &["Bến Tre", "Trà Vinh"], 124, 4.3, false, 3),
    p("An Giang", "an-giang", "91", &["Kiên Giang"], 102, 5.0, false, 3),
    p("Cần Thơ", "can-tho", "92", &["Sóc Trăng", "Hậu Giang"], 103, 4.2, true, 3),
    p("Cà Mau", "ca-mau", "96", &["Bạc Liêu"], 64, 2.6, false, 3),
];

/// Family names with rough national shares (percent).
const SURNAMES: [(&str, f64); 20] = [
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.0),
    ("Huỳnh", 2.1),
    ("Phan", 4.5),
    ("Vũ", 2.0),
    ("Võ", 1.9),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.6),
    ("Trương", 0.6),
    ("Lương", 0.4),
    ("Mai", 0.4),
];
const MALE_MIDDLE: [&str; 12] = [
    "Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Đình", "Công", "Xuân", "Thanh", "Ngọc",
];
const FEMALE_MIDDLE: [&str; 10] = [
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Thúy",
];
const MALE: [&str; 35] = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Hòa", "Khánh", "Long", "Nam", "Phúc",
    "Quang", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Bảo", "Đông", "Hiếu", "Huy", "Kiên",
    "Lâm", "Lợi", "Mạnh", "Nghĩa", "Phong", "Tài", "Thành", "Toàn", "Trung", "Tùng", "Khải",
];
const FEMALE: [&str; 30] = [
    "An", "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hòa", "Hương", "Lan",
    "Liên", "Linh", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo",
    "Thủy", "Trang", "Uyên", "Vân", "Yến", "Ánh", "Huệ",
];
const PLACE: [&str; 50] = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Yên", "Phong", "Lộc",
    "Thuận", "Hưng", "Long", "Mỹ", "Vĩnh", "Xuân", "Quang", "Trung", "Hiệp", "Thái", "Khánh",
    "Phước", "Thịnh", "Đức", "Minh", "Hải", "Sơn", "Thủy", "Lâm", "Hồng", "Kim", "Ngọc", "Hà",
    "Cẩm", "Châu", "Lạc", "Thành", "Định", "Lợi", "Hội", "Nghĩa", "Tiến", "Quảng", "Đại", "Cao",
    "Mai", "Lương",
];
const VILLAGE_WORDS: [[&str; 2]; 4] = [
    ["Bản", "Thôn"],
    ["Thôn", "Xóm"],
    ["Thôn", "Tổ dân phố"],
    ["Ấp", "Khu phố"],
];
const STORY_WORDS: &str = "học tập suốt đời gia đình dòng họ cộng đồng đơn vị công dân khuyến học \
    khuyến tài xã hội thi đua phong trào tiêu chí danh hiệu khen thưởng tủ sách góc học tập con cháu \
    thế hệ truyền thống hiếu học đóng góp công sức quỹ học bổng chuyển đổi số ngoại ngữ kỹ năng \
    nghề nghiệp lao động sản xuất kinh tế văn hóa gương điển hình tiêu biểu nhân rộng mô hình sáng \
    kiến hiệu quả thiết thực nhận thức trách nhiệm thôn xóm trung tâm học tập cộng đồng thư viện";

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

// ------------------------------------------------------------------------------------------
// Rules (read from data/rules.toml, so the data always fits them)
// ------------------------------------------------------------------------------------------

struct Criterion {
    id: String,
    points: f64,
    required: bool,
    at_least: Option<f64>,
    computed: bool,
}

struct TitleRule {
    id: String,
    kind: String,
    min_points: f64,
    min_met: usize,
    from: i64,
    to: i64,
    criteria: Vec<Criterion>,
}

struct AwardRule {
    id: String,
    name: String,
    kinds: Vec<String>,
    association: bool,
    title: Option<String>,
    consecutive: Option<i64>,
    prior: Vec<String>,
    review_only: bool,
    min_points: Option<f64>,
    criteria: Vec<(String, f64)>,
}

struct Rules {
    titles: Vec<TitleRule>,
    /// Sorted by rank, so prior awards are given before the awards that need them.
    awards: Vec<AwardRule>,
    reviews: Vec<i64>,
}

fn num(v: Option<&toml::Value>) -> Option<f64> {
    match v? {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn string(v: Option<&toml::Value>) -> Option<String> {
    v?.as_str().map(str::to_string)
}

fn tables<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn load_rules() -> Res<Rules> {
    let table: toml::Table = toml::from_str(RULES)?;
    let mut titles = Vec::new();
    for t in tables(&table, "title") {
        let valid = t.get("valid_rounds").and_then(|v| v.as_table());
        titles.push(TitleRule {
            id: string(t.get("id")).ok_or("title without id")?,
            kind: string(t.get("kind")).ok_or("title without kind")?,
            min_points: num(t.get("min_points")).unwrap_or(0.0),
            min_met: num(t.get("min_met")).unwrap_or(0.0) as usize,
            from: valid
                .and_then(|v| num(v.get("from")))
                .map_or(i64::MIN, |x| x as i64),
            to: valid
                .and_then(|v| num(v.get("to")))
                .map_or(i64::MAX, |x| x as i64),
            criteria: tables(t, "criterion")
                .into_iter()
                .map(|c| Criterion {
                    id: string(c.get("id")).unwrap_or_default(),
                    points: num(c.get("points")).unwrap_or(0.0),
                    required: c.get("required").and_then(|v| v.as_bool()).unwrap_or(false),
                    at_least: num(c.get("at_least")),
                    computed: c.get("computed").is_some(),
                })
                .collect(),
        });
    }
    let mut awards: Vec<(i64, AwardRule)> = Vec::new();
    for a in tables(&table, "award") {
        let empty = toml::Table::new();
        let e = a
            .get("eligible")
            .and_then(|v| v.as_table())
            .unwrap_or(&empty);
        let award = AwardRule {
            id: string(a.get("id")).ok_or("award without id")?,
            name: string(a.get("name")).unwrap_or_default(),
            kinds: a
                .get("kinds")
                .and_then(|v| v.as_array())
                .map(|k| {
                    k.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            association: a.get("issuer").and_then(|v| v.as_str()) == Some("association"),
            title: string(e.get("title")),
            consecutive: num(e.get("consecutive_rounds")).map(|x| x as i64),
            prior: e
                .get("prior_awards")
                .and_then(|v| v.as_array())
                .map(|k| {
                    k.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            review_only: e
                .get("review_rounds_only")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            min_points: num(e.get("min_points")),
            criteria: tables(e, "criteria")
                .into_iter()
                .filter_map(|c| Some((string(c.get("id"))?, num(c.get("at_least"))?)))
                .collect(),
        };
        awards.push((num(a.get("rank")).unwrap_or(0.0) as i64, award));
    }
    awards.sort_by_key(|(rank, _)| *rank);
    let reviews = tables(&table, "review")
        .into_iter()
        .filter_map(|r| num(r.get("round")).map(|x| x as i64))
        .collect();
    Ok(Rules {
        titles,
        awards: awards.into_iter().map(|(_, a)| a).collect(),
        reviews,
    })
}

impl Rules {
    fn title_for(&self, kind: Kind, round: i64) -> Option<usize> {
        self.titles
            .iter()
            .position(|t| t.kind == kind.as_str() && t.from <= round && round <= t.to)
    }
}

// ------------------------------------------------------------------------------------------
// Records
// ------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Family,
    Clan,
    Community,
    Unit,
    Citizen,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Family,
        Kind::Clan,
        Kind::Community,
        Kind::Unit,
        Kind::Citizen,
    ];
    /// Shares of all records, in percent.
    const SHARES: [f64; 5] = [80.0, 5.0, 2.0, 1.0, 12.0];
    fn as_str(self) -> &'static str {
        ["family", "clan", "community", "unit", "citizen"][self as usize]
    }
    fn file(self) -> &'static str {
        ["gia-dinh", "dong-ho", "cong-dong", "don-vi", "cong-dan"][self as usize]
    }
    fn prefix(self) -> &'static str {
        ["gd", "dh", "cd", "dv", "cdht"][self as usize]
    }
}

enum Value {
    Bool(bool),
    Num(f64),
}

struct Assessment {
    round: i64,
    title: usize,
    /// One value per criterion of the title (none for computed ones).
    values: Vec<Option<Value>>,
    points: f64,
    held: bool,
    note: Option<String>,
}

struct Received {
    award: usize,
    round: i64,
    decision: String,
    date: String,
    issuer: String,
}

struct Record {
    kind: Kind,
    id: String,
    name: String,
    sort_name: Option<String>,
    surname: &'static str,
    commune: usize,
    village: Option<String>,
    members: Option<i64>,
    public: bool,
    private: Option<(String, String)>,
    families: Vec<usize>,
    assessments: Vec<Assessment>,
    awards: Vec<Received>,
    revoked: Option<(String, i64, String, String)>,
}

struct Commune {
    code: String,
    name: String,
}

/// Largest-remainder apportionment of `total` by `weights`.
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rest = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.partial_cmp(&fa)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

struct Person {
    honorific: &'static str,
    surname: &'static str,
    middle: &'static str,
    given: &'static str,
}

fn person(rng: &mut Rng) -> Person {
    let surname = rng.weighted(&SURNAMES);
    let surname = SURNAMES
        .iter()
        .find(|(s, _)| *s == surname)
        .map_or("Nguyễn", |(s, _)| s);
    if rng.chance(0.5) {
        Person {
            honorific: "ông",
            surname,
            middle: *rng.pick(&MALE_MIDDLE),
            given: *rng.pick(&MALE),
        }
    } else {
        Person {
            honorific: "bà",
            surname,
            middle: *rng.pick(&FEMALE_MIDDLE),
            given: *rng.pick(&FEMALE),
        }
    }
}

/// "Family Middle Given"; a record that is not public gets a second middle name, so that its
/// name is no other record's name nor a story title of anchor_corpus.py (the build's privacy
/// gate stops on any page that shows the name of a record that is not public).
fn full_name(rng: &mut Rng, who: &Person, public: bool) -> String {
    if public {
        format!("{} {} {}", who.surname, who.middle, who.given)
    } else {
        let second = *rng.pick(&["Hoài", "Khắc", "Bá", "Diệu", "Tường"]);
        format!("{} {} {second} {}", who.surname, who.middle, who.given)
    }
}

/// Generates the criterion values of one round for a record of quality `quality` (0 to 1).
fn assess(rng: &mut Rng, rules: &Rules, title: usize, round: i64, quality: f64) -> Assessment {
    let t = &rules.titles[title];
    let q = (quality + 0.03 * (round - 2023) as f64 + (rng.unit() - 0.5) * 0.1).clamp(0.05, 0.99);
    let mut values = Vec::with_capacity(t.criteria.len());
    for c in &t.criteria {
        if c.computed {
            values.push(None);
            continue;
        }
        let p = if c.required { (q + 0.12).min(0.995) } else { q };
        let met = rng.chance(p);
        let v = match c.at_least {
            None => Value::Bool(met),
            Some(a) if a >= 1.0 && a.fract() == 0.0 => {
                let a = a as i64;
                Value::Num(if met {
                    rng.range(a, 3 * a.max(2))
                } else {
                    rng.range(0, a - 1)
                } as f64)
            }
            Some(a) => {
                let x = if met {
                    a + rng.unit() * (1.0 - a)
                } else {
                    rng.unit() * a * 0.99
                };
                Value::Num((x * 100.0).floor() / 100.0)
            }
        };
        values.push(Some(v));
    }
    let note = rng.chance(0.08).then(|| {
        format!(
            "Bình xét ngày {:02}/{:02}/{round}",
            rng.range(1, 28),
            rng.range(10, 11)
        )
    });
    Assessment {
        round,
        title,
        values,
        points: 0.0,
        held: false,
        note,
    }
}

/// Scores every assessment of a record that has no computed criterion.
fn score_all(rules: &Rules, record: &mut Record) {
    for a in &mut record.assessments {
        score(rules, a, 0.0);
    }
}

/// Scores an assessment; `share` is the computed criterion's value (clans).
fn score(rules: &Rules, a: &mut Assessment, share: f64) {
    let t = &rules.titles[a.title];
    let (mut points, mut met_count, mut required_ok) = (0.0, 0, true);
    for (c, v) in t.criteria.iter().zip(&a.values) {
        let met = match (v, c.at_least) {
            (_, Some(at_least)) if c.computed => share >= at_least,
            (Some(Value::Bool(b)), _) => *b,
            (Some(Value::Num(n)), Some(at_least)) => *n >= at_least,
            _ => false,
        };
        if met {
            points += c.points;
            met_count += 1;
        } else if c.required {
            required_ok = false;
        }
    }
    a.points = points;
    a.held = required_ok && points >= t.min_points && met_count >= t.min_met;
}

fn criterion_value(rules: &Rules, a: &Assessment, id: &str) -> Option<f64> {
    let t = &rules.titles[a.title];
    let i = t.criteria.iter().position(|c| c.id == id)?;
    match &a.values[i] {
        Some(Value::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
        Some(Value::Num(n)) => Some(*n),
        None => None,
    }
}

fn held_in<'a>(
    rules: &Rules,
    r: &'a Record,
    round: i64,
    title: Option<&str>,
) -> Option<&'a Assessment> {
    r.assessments
        .iter()
        .find(|a| a.round == round && a.held && title.is_none_or(|t| rules.titles[a.title].id == t))
}

fn eligible(rules: &Rules, award: &AwardRule, r: &Record, round: i64) -> bool {
    if !award.kinds.iter().any(|k| k == r.kind.as_str()) {
        return false;
    }
    if award.review_only && !rules.reviews.contains(&round) {
        return false;
    }
    let title = award.title.as_deref();
    if title.is_some() || award.consecutive.is_some() {
        let needed = award.consecutive.unwrap_or(1);
        if (0..needed).any(|k| held_in(rules, r, round - k, title).is_none()) {
            return false;
        }
    }
    for prior in &award.prior {
        if !r
            .awards
            .iter()
            .any(|x| rules.awards[x.award].id == *prior && x.round < round)
        {
            return false;
        }
    }
    let this = r
        .assessments
        .iter()
        .find(|a| a.round == round && title.is_none_or(|t| rules.titles[a.title].id == t));
    if let Some(min) = award.min_points
        && this.is_none_or(|a| a.points < min)
    {
        return false;
    }
    for (id, at_least) in &award.criteria {
        if this
            .and_then(|a| criterion_value(rules, a, id))
            .is_none_or(|v| v < *at_least)
        {
            return false;
        }
    }
    true
}

fn issuer(award: &AwardRule, province: &ProvinceDef, commune: &Commune) -> String {
    let who = award
        .name
        .split_once(" của ")
        .map_or(award.name.as_str(), |(_, w)| w);
    let level = if province.city {
        "thành phố"
    } else {
        "tỉnh"
    };
    if let Some(base) = who.strip_suffix(" xã") {
        format!("{base} {}", lower_first(&commune.name))
    } else if let Some(base) = who.strip_suffix(" tỉnh") {
        format!(
            "{base} {level} {}",
            province.name.trim_start_matches("Thành phố ")
        )
    } else {
        who.to_string()
    }
}

fn decision(award: &AwardRule, rng: &mut Rng) -> String {
    let n = rng.range(12, 2_400);
    if award.association {
        format!("{n}/QĐ-KHVN")
    } else if award.name.contains("Thủ tướng") {
        format!("{n}/QĐ-TTg")
    } else {
        format!("{n}/QĐ-UBND")
    }
}

/// Titles and awards of one record, after its assessments are scored.
fn give_awards(
    rng: &mut Rng,
    rules: &Rules,
    r: &mut Record,
    p: &ProvinceDef,
    communes: &[Commune],
) {
    for round in ROUNDS {
        for (i, award) in rules.awards.iter().enumerate() {
            // An award is received once, by about half of the records eligible for it.
            let had = r.awards.iter().any(|x| x.award == i);
            if !had && eligible(rules, award, r, round) && rng.chance(0.5) {
                let received = Received {
                    award: i,
                    round,
                    decision: decision(award, rng),
                    date: format!("{round}-12-{:02}", rng.range(5, 28)),
                    issuer: issuer(award, p, &communes[r.commune]),
                };
                r.awards.push(received);
            }
        }
    }
}

struct Generated {
    communes: Vec<Commune>,
    records: Vec<Record>,
}

/// Makes every record of one province.
fn province_records(
    rng: &mut Rng,
    rules: &Rules,
    p: &ProvinceDef,
    communes: Vec<Commune>,
    counts: &[usize; 5],
    serial: &mut [usize; 5],
) -> Generated {
    let mut records: Vec<Record> = Vec::with_capacity(counts.iter().sum());
    let villages = VILLAGE_WORDS[p.region as usize];
    let quality = |rng: &mut Rng| 0.62 + 0.36 * rng.unit().sqrt();
    let first_round = |rng: &mut Rng| {
        let x = rng.unit();
        if x < 0.85 {
            0
        } else if x < 0.95 {
            1
        } else {
            2
        }
    };
    let mut next_id = |kind: Kind, stem: &str| {
        serial[kind as usize] += 1;
        format!(
            "{}-{}-{}",
            kind.prefix(),
            slugify(stem),
            serial[kind as usize]
        )
    };
    let rounds_of = |rng: &mut Rng, kind: Kind, quality: f64| -> Vec<Assessment> {
        let start = first_round(rng);
        let skip_2024 = start == 0 && rng.chance(0.02);
        ROUNDS[start..]
            .iter()
            .filter(|&&r| !(skip_2024 && r == 2024))
            .filter_map(|&round| {
                let title = rules.title_for(kind, round)?;
                Some(assess(rng, rules, title, round, quality))
            })
            .collect()
    };
    let village = |rng: &mut Rng| format!("{} {}", rng.pick(&villages), rng.pick(&PLACE));
    let private = |rng: &mut Rng| {
        rng.chance(0.3).then(|| {
            (
                "phone".to_string(),
                format!(
                    "09{:02} {:03} {:03}",
                    rng.below(100),
                    rng.below(1000),
                    rng.below(1000)
                ),
            )
        })
    };

    // Families, then clans of families of one commune, then the other kinds.
    for _ in 0..counts[Kind::Family as usize] {
        let public = !rng.chance(0.005);
        let who = person(rng);
        let full = full_name(rng, &who, public);
        let quality = quality(rng);
        let mut r = Record {
            kind: Kind::Family,
            id: next_id(Kind::Family, &full),
            name: format!("Gia đình {} {full}", who.honorific),
            sort_name: None,
            surname: who.surname,
            commune: rng.below(communes.len()),
            village: Some(village(rng)),
            members: Some(rng.range(2, 9)),
            public,
            private: private(rng),
            families: Vec::new(),
            assessments: rounds_of(rng, Kind::Family, quality),
            awards: Vec::new(),
            revoked: None,
        };
        score_all(rules, &mut r);
        if let Some(last) = r.assessments.iter_mut().find(|a| a.round == 2025 && a.held)
            && rng.chance(0.003)
        {
            last.held = false;
            let title = rules.titles[last.title].id.clone();
            r.revoked = Some((
                title,
                2025,
                decision(&rules.awards[0], rng),
                "Kê khai không đúng thực tế".into(),
            ));
        }
        records.push(r);
    }
    let families = records.len();
    // Families of each commune, to form clans from.
    let mut by_commune: Vec<Vec<usize>> = vec![Vec::new(); communes.len()];
    for (i, r) in records.iter().enumerate() {
        by_commune[r.commune].push(i);
    }
    let mut in_clan = vec![false; families];
    for _ in 0..counts[Kind::Clan as usize] {
        if families == 0 {
            break;
        }
        let seed_family = rng.below(families);
        let commune = records[seed_family].commune;
        let surname = records[seed_family].surname;
        let want = rng.range(3, 8) as usize;
        // Member families: same commune and family name first, then the same family name
        // nearby in the province's list, then any family of the commune.
        let mut members: Vec<usize> = by_commune[commune]
            .iter()
            .copied()
            .filter(|&f| !in_clan[f] && records[f].surname == surname)
            .take(want)
            .collect();
        let start = rng.below(families);
        for f in (0..families.min(500)).map(|k| (start + k) % families) {
            if members.len() >= want {
                break;
            }
            if !in_clan[f] && records[f].surname == surname && !members.contains(&f) {
                members.push(f);
            }
        }
        for &f in &by_commune[commune] {
            if members.len() >= want {
                break;
            }
            if !in_clan[f] && !members.contains(&f) {
                members.push(f);
            }
        }
        if members.is_empty() {
            members.push(seed_family);
        }
        for &f in &members {
            in_clan[f] = true;
        }
        let middle = *rng.pick(&MALE_MIDDLE);
        let clan_name = format!("{surname} {middle}");
        let quality = quality(rng);
        let mut r = Record {
            kind: Kind::Clan,
            id: next_id(Kind::Clan, &clan_name),
            name: format!("Dòng họ {clan_name}"),
            sort_name: Some(clan_name),
            surname,
            commune,
            village: Some(village(rng)),
            members: Some(rng.range(20, 400)),
            public: true,
            private: None,
            families: members,
            assessments: rounds_of(rng, Kind::Clan, quality),
            awards: Vec::new(),
            revoked: None,
        };
        for a in &mut r.assessments {
            let holding = r
                .families
                .iter()
                .filter(|&&f| held_in(rules, &records[f], a.round, None).is_some())
                .count();
            let share = holding as f64 / r.families.len() as f64;
            score(rules, a, share);
        }
        records.push(r);
    }
    for _ in 0..counts[Kind::Community as usize] {
        let commune = rng.below(communes.len());
        let name = if rng.chance(0.3) {
            format!("{} {}", villages[1], rng.range(1, 30))
        } else {
            village(rng)
        };
        let quality = quality(rng);
        let sort = name.split_once(' ').map(|(_, rest)| rest.to_string());
        let mut r = Record {
            kind: Kind::Community,
            id: next_id(
                Kind::Community,
                &format!("{name} {}", communes[commune].name),
            ),
            village: Some(name.clone()),
            name,
            sort_name: sort,
            surname: "",
            commune,
            members: None,
            public: true,
            private: None,
            families: Vec::new(),
            assessments: rounds_of(rng, Kind::Community, quality),
            awards: Vec::new(),
            revoked: None,
        };
        score_all(rules, &mut r);
        records.push(r);
    }
    for _ in 0..counts[Kind::Unit as usize] {
        let commune = rng.below(communes.len());
        let place = format!("{} {}", rng.pick(&PLACE), rng.pick(&PLACE));
        let (name, sort) = match rng.below(6) {
            0 => (format!("Trường Tiểu học {place}"), place.clone()),
            1 => (format!("Trường THCS {place}"), place.clone()),
            2 => (format!("Trường THPT {place}"), place.clone()),
            3 => {
                let c = &communes[commune].name;
                (format!("Trạm Y tế {}", lower_first(c)), c.clone())
            }
            4 => {
                let c = &communes[commune].name;
                (
                    format!("Trung tâm học tập cộng đồng {}", lower_first(c)),
                    c.clone(),
                )
            }
            _ => (format!("Công ty TNHH {place}"), place.clone()),
        };
        let quality = quality(rng);
        let mut r = Record {
            kind: Kind::Unit,
            id: next_id(Kind::Unit, &name),
            name,
            sort_name: Some(sort),
            surname: "",
            commune,
            village: None,
            members: Some(rng.range(8, 600)),
            public: true,
            private: None,
            families: Vec::new(),
            assessments: rounds_of(rng, Kind::Unit, quality),
            awards: Vec::new(),
            revoked: None,
        };
        score_all(rules, &mut r);
        records.push(r);
    }
    for _ in 0..counts[Kind::Citizen as usize] {
        let public = !rng.chance(0.005);
        let who = person(rng);
        let full = full_name(rng, &who, public);
        let quality = quality(rng);
        let mut r = Record {
            kind: Kind::Citizen,
            id: next_id(Kind::Citizen, &full),
            name: format!(
                "{} {full}",
                if who.honorific == "ông" {
                    "Ông"
                } else {
                    "Bà"
                }
            ),
            sort_name: None,
            surname: who.surname,
            commune: rng.below(communes.len()),
            village: Some(village(rng)),
            members: None,
            public,
            private: private(rng),
            families: Vec::new(),
            assessments: rounds_of(rng, Kind::Citizen, quality),
            awards: Vec::new(),
            revoked: None,
        };
        score_all(rules, &mut r);
        records.push(r);
    }
    for r in &mut records {
        give_awards(rng, rules, r, p, &communes);
    }
    Generated { communes, records }
}

/// Appends one record as TOML; `g` holds the province's communes and records (a clan names its
/// families by their index in `g.records`).
fn write_record(out: &mut String, rules: &Rules, p: &ProvinceDef, g: &Generated, r: &Record) {
    let communes = &g.communes;
    let k = r.kind.as_str();
    let _ = writeln!(out, "\n[[{k}]]\nid = {}\nname = {}", q(&r.id), q(&r.name));
    if let Some(s) = &r.sort_name {
        let _ = writeln!(out, "sort_name = {}", q(s));
    }
    let _ = writeln!(
        out,
        "province = {}\ncommune = {}",
        q(p.slug),
        q(&communes[r.commune].name)
    );
    if let Some(v) = &r.village {
        let _ = writeln!(out, "village = {}", q(v));
    }
    if let Some(m) = r.members {
        let _ = writeln!(out, "members = {m}");
    }
    if !r.public {
        out.push_str("public = false\n");
    }
    if r.kind == Kind::Clan {
        out.push_str("families = [\n");
        for f in &r.families {
            let _ = writeln!(out, "  {},", q(&g.records[*f].id));
        }
        out.push_str("]\n");
    }
    if let Some((key, value)) = &r.private {
        let _ = writeln!(out, "\n[{k}.private]\n{key} = {}", q(value));
    }
    for a in &r.assessments {
        let t = &rules.titles[a.title];
        let _ = write!(
            out,
            "\n[[{k}.assessment]]\nround = {}\ncriteria = {{ ",
            a.round
        );
        let mut first = true;
        for (c, v) in t.criteria.iter().zip(&a.values) {
            let Some(v) = v else { continue };
            if !first {
                out.push_str(", ");
            }
            first = false;
            let _ = match v {
                Value::Bool(b) => write!(out, "{} = {b}", c.id),
                Value::Num(n) => write!(out, "{} = {}", c.id, number(*n)),
            };
        }
        out.push_str(" }\n");
        if let Some(note) = &a.note {
            let _ = writeln!(out, "note = {}", q(note));
        }
    }
    for x in &r.awards {
        let _ = writeln!(
            out,
            "\n[[{k}.award]]\naward = {}\ndecision = {}\ndate = {}\nissuer = {}\nround = {}",
            q(&rules.awards[x.award].id),
            q(&x.decision),
            x.date,
            q(&x.issuer),
            x.round
        );
    }
    if let Some((title, round, decision, reason)) = &r.revoked {
        let _ = writeln!(
            out,
            "\n[[{k}.revoked]]\ntitle = {}\nround = {round}\ndecision = {}\nreason = {}",
            q(title),
            q(decision),
            q(reason)
        );
    }
}

// ------------------------------------------------------------------------------------------
// Provinces
// ------------------------------------------------------------------------------------------

fn make_communes(rng: &mut Rng, p: &ProvinceDef, next_code: &mut u32) -> Vec<Commune> {
    let mut names: Vec<String> = Vec::with_capacity(p.communes);
    let mut out = Vec::with_capacity(p.communes);
    for _ in 0..p.communes {
        let ward_share = if p.city { 0.55 } else { 0.15 };
        let kind = if rng.chance(ward_share) {
            "Phường"
        } else {
            "Xã"
        };
        let base = format!("{kind} {} {}", rng.pick(&PLACE), rng.pick(&PLACE));
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base} {n}");
            n += 1;
        }
        names.push(name.clone());
        *next_code += rng.range(2, 6) as u32;
        out.push(Commune {
            code: format!("{:05}", *next_code),
            name,
        });
    }
    out
}

fn write_province(dir: &Path, rng: &mut Rng, p: &ProvinceDef, communes: &[Commune]) -> Res<()> {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} sau sắp xếp đơn vị hành chính ngày 1/7/2025 (dữ liệu tổng hợp cho thử tải).",
        p.name
    );
    let _ = writeln!(s, "name = {}\ncode = {}", q(p.name), q(p.code));
    if !p.merged_from.is_empty() {
        let list: Vec<String> = p.merged_from.iter().map(|m| q(m)).collect();
        let _ = writeln!(s, "merged_from = [{}]", list.join(", "));
    }
    for c in communes {
        let _ = writeln!(
            s,
            "\n[[commune]]\ncode = {}\nname = {}",
            q(&c.code),
            q(&c.name)
        );
    }
    // Yearly totals the province reports: households, clans, villages, units.
    let households = (p.population * 1_000_000.0 / 3.6) as i64;
    let mut shares = [0.74, 0.66, 0.70, 0.78];
    let villages = communes.len() as i64 * rng.range(6, 9);
    let units = communes.len() as i64 * rng.range(4, 7);
    for (k, year) in ROUNDS.into_iter().enumerate() {
        let _ = writeln!(s, "\n[[round]]\nyear = {year}");
        let grow = |n: i64| n + n * k as i64 / 100;
        let totals = [grow(households), households / 55, villages, grow(units)];
        for (i, kind) in ["family", "clan", "community", "unit"].iter().enumerate() {
            shares[i] = (shares[i] + 0.01 + rng.unit() * 0.03).min(0.97);
            let total = totals[i];
            let recognised = (total as f64 * shares[i]) as i64;
            if i == 0 {
                let registered =
                    ((total as f64 * (shares[i] + 0.08).min(0.99)) as i64).max(recognised);
                let _ = writeln!(
                    s,
                    "{kind} = {{ total = {total}, registered = {registered}, recognised = {recognised} }}"
                );
            } else {
                let _ = writeln!(
                    s,
                    "{kind} = {{ total = {total}, recognised = {recognised} }}"
                );
            }
        }
    }
    fs::write(dir.join(format!("{}.toml", p.slug)), s)?;
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Stories
// ------------------------------------------------------------------------------------------

struct StoryRef {
    id: String,
    name: String,
}

fn first_sentence(body: &str) -> String {
    let para = body
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let end = para.find(". ").map_or(para.len(), |i| i + 1);
    let mut s: String = para[..end].chars().take(220).collect();
    if s.is_empty() {
        s = "Câu chuyện học tập suốt đời.".into();
    }
    s
}

fn story_file(
    title: &str,
    date: &str,
    summary: &str,
    record: &str,
    province: &str,
    body: &str,
) -> String {
    format!(
        "+++\ntitle = {}\ndate = {date}\nsummary = {}\nrecords = [{}]\nprovince = {}\n+++\n\n{body}",
        q(title),
        q(summary),
        q(record),
        q(province)
    )
}

fn words_sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = *rng.pick(words);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    let n = rng.range(4, 6);
    let mut sentences = Vec::new();
    for _ in 0..n {
        let len = rng.range(8, 18) as usize;
        sentences.push(words_sentence(rng, words, len));
    }
    sentences.join(" ")
}

fn generated_body(
    rng: &mut Rng,
    words: &[&str],
    name: &str,
    province: &str,
    prev: Option<&str>,
) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", paragraph(rng, words));
    let _ = writeln!(b, "## Nếp học của {}\n", lower_first(name));
    let _ = writeln!(b, "{}\n", paragraph(rng, words));
    let _ = writeln!(
        b,
        "Ở {province}, **{} năm liền** giữ *nếp học tập suốt đời*.",
        rng.range(2, 9)
    );
    if let Some(prev) = prev {
        let _ = writeln!(b, "Xem thêm [câu chuyện trước](../{prev}/).");
    }
    b.push('\n');
    for _ in 0..3 {
        let n = rng.range(5, 8) as usize;
        let _ = writeln!(b, "- {}", words_sentence(rng, words, n));
    }
    let _ = writeln!(
        b,
        "\n{}\n\n## Lan tỏa trong cộng đồng\n\n{}\n\n{}\n",
        paragraph(rng, words),
        paragraph(rng, words),
        paragraph(rng, words)
    );
    b
}

// ------------------------------------------------------------------------------------------
// Files
// ------------------------------------------------------------------------------------------

fn copy_dir(from: &Path, to: &Path) -> Res<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

fn main() -> Res<()> {
    let args = parse_args()?;
    let started = Instant::now();
    let rules = load_rules()?;
    let mut rng = Rng(args.seed);
    let out = &args.out;
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        if !args.force {
            return Err(
                format!("{} is not empty (use --force to replace it)", out.display()).into(),
            );
        }
        fs::remove_dir_all(out)?;
    }
    for dir in ["data/provinces", "data/records", "content/cau-chuyen"] {
        fs::create_dir_all(out.join(dir))?;
    }
    fs::write(
        out.join("site.toml"),
        "title = \"Cổng thông tin vinh danh học tập suốt đời (dữ liệu tổng hợp)\"\n\
         base_url = \"https://vinhdanh.example.vn\"\nlanguage = \"vi\"\ncurrent_round = 2025\n\
         theme = \"default\"\nreport_due = \"12-15\"\n",
    )?;
    fs::write(out.join("data/rules.toml"), RULES)?;
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &out.join("themes"),
    )?;

    // Records per kind (Kind::SHARES), then per province by population.
    let stories_only = args.size == "stories-only";
    let weights: Vec<f64> = PROVINCES.iter().map(|p| p.population).collect();
    let per_kind = if stories_only {
        vec![args.records, 0, 0, 0, 0]
    } else {
        apportion(args.records, &Kind::SHARES)
    };
    let per_kind_province: Vec<Vec<usize>> = per_kind
        .iter()
        .map(|&n| {
            if stories_only {
                // One family per province (34 with the default --records).
                let mut even = vec![n / PROVINCES.len(); PROVINCES.len()];
                even.iter_mut()
                    .take(n % PROVINCES.len())
                    .for_each(|x| *x += 1);
                even
            } else {
                apportion(n, &weights)
            }
        })
        .collect();
    let mut serial = [0usize; 5];
    let mut next_code = 0u32;
    let mut totals = [0usize; 6]; // five kinds, then files
    let mut awards = 0usize;
    let mut pools: Vec<Vec<StoryRef>> = Vec::with_capacity(PROVINCES.len());
    for (pi, p) in PROVINCES.iter().enumerate() {
        let communes = make_communes(&mut rng, p, &mut next_code);
        write_province(&out.join("data/provinces"), &mut rng, p, &communes)?;
        let mut counts = [0usize; 5];
        for (k, count) in counts.iter_mut().enumerate() {
            *count = per_kind_province[k][pi];
        }
        if counts[0] == 0 {
            counts[1] = 0; // no clan without families
        }
        let generated = province_records(&mut rng, &rules, p, communes, &counts, &mut serial);
        let dir = out.join("data/records").join(p.slug);
        fs::create_dir_all(&dir)?;
        for kind in Kind::ALL {
            let of_kind: Vec<&Record> = generated
                .records
                .iter()
                .filter(|r| r.kind == kind)
                .collect();
            totals[kind as usize] += of_kind.len();
            for (i, chunk) in of_kind.chunks(RECORDS_PER_FILE).enumerate() {
                let mut s = format!(
                    "# {} ({}), {}: dữ liệu tổng hợp cho thử tải, sinh bởi examples/gen_site.rs.\n",
                    kind.file(),
                    kind.as_str(),
                    p.name
                );
                for r in chunk {
                    write_record(&mut s, &rules, p, &generated, r);
                    awards += r.awards.len();
                }
                fs::write(dir.join(format!("{}-{}.toml", kind.file(), i + 1)), s)?;
                totals[5] += 1;
            }
        }
        // Stories are told about public families first, then any public record.
        let mut pool: Vec<StoryRef> = generated
            .records
            .iter()
            .filter(|r| r.public && r.kind == Kind::Family)
            .chain(
                generated
                    .records
                    .iter()
                    .filter(|r| r.public && r.kind != Kind::Family),
            )
            .take(5_000)
            .map(|r| StoryRef {
                id: r.id.clone(),
                name: r.name.clone(),
            })
            .collect();
        pool.shrink_to_fit();
        pools.push(pool);
    }

    // Stories.
    let stories_dir = out.join("content/cau-chuyen");
    let mut stories = 0usize;
    if let Some(path) = &args.stories_jsonl {
        let file =
            BufReader::new(fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?);
        for line in file.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)?;
            let i = v["i"].as_u64().ok_or("story without i")?;
            let title = v["title"].as_str().ok_or("story without title")?;
            let date = v["date"].as_str().ok_or("story without date")?;
            let body = v["body"].as_str().ok_or("story without body")?;
            let pname = v["province"].as_str().ok_or("story without province")?;
            let pi = PROVINCES
                .iter()
                .position(|p| p.name == pname || p.alias == pname)
                .ok_or_else(|| format!("unknown province {pname}"))?;
            let pool = &pools[pi];
            let record = if pool.is_empty() {
                None
            } else {
                Some(&pool[rng.below(pool.len())])
            };
            let text = story_file(
                title,
                date,
                &first_sentence(body),
                record.map_or("", |r| r.id.as_str()),
                PROVINCES[pi].slug,
                body,
            );
            let text = if record.is_none() {
                text.replace("records = [\"\"]\n", "")
            } else {
                text
            };
            fs::write(stories_dir.join(format!("story-{i:06}.md")), text)?;
            stories += 1;
        }
    } else {
        let words: Vec<&str> = STORY_WORDS.split_whitespace().collect();
        let mut prev: Option<String> = None;
        for i in 0..args.stories {
            let pi = {
                let mut x = rng.unit() * weights.iter().sum::<f64>();
                let mut k = 0;
                while k + 1 < weights.len() && x >= weights[k] {
                    x -= weights[k];
                    k += 1;
                }
                k
            };
            let pool = &pools[pi];
            if pool.is_empty() {
                continue;
            }
            let r = &pool[rng.below(pool.len())];
            let date = format!(
                "{}-{:02}-{:02}",
                rng.range(2023, 2025),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            let title = format!(
                "{}: {}",
                r.name,
                words_sentence(&mut rng, &words, 5).trim_end_matches('.')
            );
            let body = generated_body(
                &mut rng,
                &words,
                &r.name,
                PROVINCES[pi].name,
                prev.as_deref(),
            );
            let slug = format!("story-{i:06}");
            let text = story_file(
                &title,
                &date,
                &first_sentence(&body),
                &r.id,
                PROVINCES[pi].slug,
                &body,
            );
            fs::write(stories_dir.join(format!("{slug}.md")), text)?;
            prev = Some(slug);
            stories += 1;
        }
    }

    let mut summary = BufWriter::new(std::io::stdout());
    writeln!(
        summary,
        "{}: {} provinces, {} communes, {} records (family {}, clan {}, community {}, unit {}, citizen {}) in {} files, {} received awards, {} stories, in {:.1} s",
        out.display(),
        PROVINCES.len(),
        PROVINCES.iter().map(|p| p.communes).sum::<usize>(),
        totals[..5].iter().sum::<usize>(),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        awards,
        stories,
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
