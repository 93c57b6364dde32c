//! `vinhdanh new`: the two things staff start from. `new story <record-id>` writes a story
//! skeleton whose front matter is filled from the record; `new site <dir>` creates a small
//! working site (the national rules, one province, one record, one story and the default
//! theme, all compiled into the binary) that passes `check` and builds as it is.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::base::inputs::{Date, Record};
use crate::base::lang::{Lang, MsgText, TraceText, both};
use crate::base::text::slugify;
use crate::base::today::today;
use crate::check::check_site;
use crate::commands::{EXIT_BAD_REQUEST, EXIT_SITE_ERRORS, print_diagnostics};

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/cau-chuyen/<slug>.md about a record, with its front matter filled in.
    Story {
        /// The record's id.
        id: String,
        /// The story's date, YEAR-MONTH-DAY (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Create a working site in a new or empty folder.
    Site {
        /// The folder to create the site in.
        dir: PathBuf,
    },
}

/// Runs `new`; `flag` is the `--lang` given, `lang` the language of the run.
pub fn run(root: &Path, what: &NewCommand, flag: Option<Lang>, lang: Lang) -> i32 {
    let outcome = match what {
        NewCommand::Story { id, date } => new_story(root, id, date.as_deref(), lang),
        // A new site is in the language asked for, whatever folder the command runs in.
        NewCommand::Site { dir } => new_site(dir, flag.unwrap_or_default()),
    };
    match outcome {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(NewFailure::Site) => EXIT_SITE_ERRORS,
        Err(NewFailure::Request(message)) => {
            eprintln!("{}: {message}", MsgText::ErrorWord.in_lang(lang));
            EXIT_BAD_REQUEST
        }
    }
}

/// Why `new` wrote nothing.
#[derive(Debug)]
enum NewFailure {
    /// The site has errors (already printed).
    Site,
    /// The request cannot be carried out; the message says why.
    Request(String),
}

fn new_story(root: &Path, id: &str, date: Option<&str>, lang: Lang) -> Result<String, NewFailure> {
    let checked = check_site(root);
    if checked.has_errors() {
        print_diagnostics(&checked, lang);
        return Err(NewFailure::Site);
    }
    let record = checked
        .inputs
        .records
        .iter()
        .find(|r| r.id.value == id)
        .ok_or_else(|| NewFailure::Request(TraceText::UnknownRecord { id }.in_lang(lang)))?;
    if !record.public {
        let file = checked
            .inputs
            .sources
            .get(record.id.span.file)
            .path
            .display()
            .to_string();
        let refusal = MsgText::StoryOfHiddenRecord { id, file: &file };
        return Err(NewFailure::Request(refusal.in_lang(lang)));
    }
    let date = match date {
        Some(text) => parse_date(text)
            .ok_or_else(|| NewFailure::Request(MsgText::BadDate { date: text }.in_lang(lang)))?,
        None => today(),
    };
    let relative = format!("content/cau-chuyen/{}.md", slugify(&record.name));
    let text = story(record, date, lang);
    create_file(&root.join(&relative), text.as_bytes(), &relative, lang)?;
    Ok(MsgText::StoryWritten { path: &relative }.in_lang(lang))
}

/// The skeleton of a story about `record`: a draft until the staff have written it.
fn story(record: &Record, date: Date, lang: Lang) -> String {
    let title = both!(
        lang,
        format!("Câu chuyện về {}", record.name),
        format!("The story of {}", record.name)
    );
    let draft_note = both!(
        lang,
        "# đổi thành false khi câu chuyện đã viết xong",
        "# set to false once the story is written"
    );
    format!(
        "+++\ntitle = {}\ndate = {date}\nsummary = {}\nrecords = [{}]\nprovince = {}\ndraft = true {draft_note}\n+++\n\n{}",
        toml_string(&title),
        toml_string(&MsgText::StorySummary.in_lang(lang)),
        toml_string(&record.id.value),
        toml_string(&record.province.value),
        MsgText::StoryBody { name: &record.name }.in_lang(lang),
    )
}

/// `YYYY-MM-DD`, a real calendar day.
fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let valid = (1900..=2200).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    valid.then_some(Date { year, month, day })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A TOML basic string: quoted, with backslashes, quotes and control characters escaped.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a new file (and its folders); an existing file is never replaced.
fn create_file(path: &Path, bytes: &[u8], shown: &str, lang: Lang) -> Result<(), NewFailure> {
    use std::io::Write as _;
    let cannot = |error: std::io::Error| {
        let reason = error.to_string();
        NewFailure::Request(
            MsgText::CannotWrite {
                path: shown,
                reason: &reason,
            }
            .in_lang(lang),
        )
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(cannot)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                NewFailure::Request(MsgText::FileExists { path: shown }.in_lang(lang))
            }
            _ => cannot(error),
        })?;
    file.write_all(bytes).map_err(cannot)
}

fn new_site(dir: &Path, lang: Lang) -> Result<String, NewFailure> {
    let shown = dir.display().to_string();
    let not_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if not_empty || dir.is_file() {
        return Err(NewFailure::Request(
            MsgText::DirNotEmpty { dir: &shown }.in_lang(lang),
        ));
    }
    for (path, bytes) in site_files(lang) {
        let shown = format!("{shown}/{path}");
        create_file(&dir.join(&path), &bytes, &shown, lang)?;
    }
    Ok(MsgText::SiteCreated { dir: &shown }.in_lang(lang))
}

/// Every file of a new site, by path relative to its root.
fn site_files(lang: Lang) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.toml".into(), site_toml(lang).into_bytes()),
        (".gitignore".into(), b"/public\n/.public.*\n".to_vec()),
        ("data/rules.toml".into(), RULES.as_bytes().to_vec()),
        (
            "data/provinces/bac-ninh.toml".into(),
            PROVINCE.as_bytes().to_vec(),
        ),
        (
            "data/records/bac-ninh/gia-dinh.toml".into(),
            RECORDS.as_bytes().to_vec(),
        ),
        ("content/gioi-thieu.md".into(), ABOUT.as_bytes().to_vec()),
        (
            "content/cau-chuyen/nep-hoc-nha-ong-an.md".into(),
            STORY.as_bytes().to_vec(),
        ),
    ];
    files.extend(
        THEME
            .iter()
            .map(|(path, bytes)| (format!("themes/default/{path}"), bytes.to_vec())),
    );
    files
}

fn site_toml(lang: Lang) -> String {
    format!(
        "title = \"Cổng thông tin vinh danh học tập suốt đời\"\n\
         base_url = \"https://vinhdanh.example.vn\"   # đổi thành địa chỉ thật của trang\n\
         language = \"{}\"          # \"vi\" hoặc \"en\"\n\
         current_round = 2025\n\
         theme = \"default\"\n\
         report_due = \"12-15\"\n",
        lang.code()
    )
}

/// The national rules of the demo site, as the binary was built with them.
const RULES: &str = include_str!("../../data/rules.toml");

const PROVINCE: &str = r#"# Một tỉnh: tên tệp (bac-ninh) là mã của tỉnh trong các hồ sơ.
name = "Bắc Ninh"
code = "24"

[[commune]]
code = "09187"
name = "Phường Kinh Bắc"

[[commune]]
code = "09325"
name = "Xã Tiên Du"

# Số liệu tỉnh báo cáo mỗi đợt: tổng số, số đăng ký, số được công nhận.
[[round]]
year = 2025
family = { total = 1000, registered = 900, recognised = 720 }
"#;

const RECORDS: &str = r#"# Hồ sơ các gia đình. Mỗi [[family]] là một hộ; mỗi [[family.assessment]] là một đợt đánh giá.

[[family]]
id = "gd-nguyen-van-an-kinh-bac"
name = "Gia đình ông Nguyễn Văn An"
province = "bac-ninh"
commune = "Phường Kinh Bắc"
village = "Khu phố Đông Xuyên"
members = 5

[[family.assessment]]
round = 2025
criteria = { tre-em-den-truong = true, ket-qua-hoc-tap-tre-em = true, tre-em-chuyen-can = true, nguoi-lon-biet-chu = true, so-chuyen-de = 2, nguoi-lon-hoc-truc-tuyen = true, goc-hoc-tap = true, dong-gop-khuyen-hoc = true, kinh-te-cai-thien = false, gia-dinh-van-hoa = true }
"#;

const ABOUT: &str = r#"+++
title = "Giới thiệu"
+++

Trang vinh danh các gia đình, dòng họ, cộng đồng, đơn vị và công dân học tập của tỉnh.
"#;

const STORY: &str = r#"+++
title = "Nếp học nhà ông An"
date = 2025-03-12
summary = "Gia đình ông Nguyễn Văn An giữ nếp học cho cả ba thế hệ."
records = ["gd-nguyen-van-an-kinh-bac"]
province = "bac-ninh"
+++

Tối nào cả nhà ông An cũng dành một giờ để đọc sách và học bài.
"#;

/// The default theme, compiled in: (path below `themes/default/`, contents).
const THEME: &[(&str, &[u8])] = &[
    (
        "i18n/en.toml",
        include_bytes!("../../themes/default/i18n/en.toml"),
    ),
    (
        "i18n/vi.toml",
        include_bytes!("../../themes/default/i18n/vi.toml"),
    ),
    (
        "static/anh-chia-se.png",
        include_bytes!("../../themes/default/static/anh-chia-se.png"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "static/tim-kiem.js",
        include_bytes!("../../themes/default/static/tim-kiem.js"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/index_rules.html",
        include_bytes!("../../themes/default/templates/index_rules.html"),
    ),
    (
        "templates/listing.html",
        include_bytes!("../../themes/default/templates/listing.html"),
    ),
    (
        "templates/macros.html",
        include_bytes!("../../themes/default/templates/macros.html"),
    ),
    (
        "templates/open_data.html",
        include_bytes!("../../themes/default/templates/open_data.html"),
    ),
    (
        "templates/partials/footer.html",
        include_bytes!("../../themes/default/templates/partials/footer.html"),
    ),
    (
        "templates/partials/header.html",
        include_bytes!("../../themes/default/templates/partials/header.html"),
    ),
    (
        "templates/page.html",
        include_bytes!("../../themes/default/templates/page.html"),
    ),
    (
        "templates/province.html",
        include_bytes!("../../themes/default/templates/province.html"),
    ),
    (
        "templates/commune.html",
        include_bytes!("../../themes/default/templates/commune.html"),
    ),
    (
        "templates/record.html",
        include_bytes!("../../themes/default/templates/record.html"),
    ),
    (
        "templates/redirect.html",
        include_bytes!("../../themes/default/templates/redirect.html"),
    ),
    (
        "templates/round.html",
        include_bytes!("../../themes/default/templates/round.html"),
    ),
    (
        "templates/search.html",
        include_bytes!("../../themes/default/templates/search.html"),
    ),
    (
        "templates/stories.html",
        include_bytes!("../../themes/default/templates/stories.html"),
    ),
    (
        "templates/story.html",
        include_bytes!("../../themes/default/templates/story.html"),
    ),
];

/// The paths of the compiled-in theme, for the test that keeps it in step with `themes/`.
pub fn theme_paths() -> Vec<&'static str> {
    THEME.iter().map(|(path, _)| *path).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(
            parse_date("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-04-31",
            "20-1-1",
            "hôm nay",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_file_of_a_new_site_is_in_the_site_layout() {
        use crate::base::layout::{self, SourceKind};
        let mut kinds: Vec<SourceKind> = Vec::new();
        for (path, _) in site_files(Lang::Vi) {
            if path == ".gitignore" {
                continue;
            }
            let kind = layout::classify(Path::new(""), "default", Path::new(&path));
            let kind = kind.unwrap_or_else(|| panic!("{path} is in no place of the layout"));
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds.sort();
        use SourceKind::*;
        let every = [
            Config,
            Rules,
            Province,
            Records,
            Story,
            Page,
            Template,
            ThemeText,
            ThemeStatic,
        ];
        assert_eq!(kinds, every);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(
            toml_string("Bà \"Hoa\" \\ a\nb"),
            "\"Bà \\\"Hoa\\\" \\\\ a\\nb\""
        );
    }
}
