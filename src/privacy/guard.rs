//! Which values the privacy gate guards, and in which folded forms. A value is guarded when
//! publishing it would tell something the records keep private; a value that is public anyway
//! or that says nothing about anyone is not, so that no page is refused for a common name or a
//! common word:
//!
//! - an **identifier** (a value with at least [`MIN_DIGITS`] digits and no letter: a phone, an
//!   ID number, a date of birth) is looked for as its digit sequence, with the other ways staff
//!   write it (`+84 …` for `0…`, `12/3/1985` for `1985-03-12`);
//! - a **text** (a name, an address, a note) is looked for folded, as whole words, and each run
//!   of at least [`MIN_DIGITS`] digits in it as an identifier;
//! - a hidden record's **name** is looked for without the title before it (`Gia đình ông`,
//!   `Bà`) when two words or more are left;
//! - not guarded: a value shorter than [`MIN_LEN`] characters; a value equal to a public text;
//!   a text that is, folded, whole words of the name of a public record or of a place (the same
//!   name is public already); a short common phrase of a private table (at most
//!   [`MAX_COMMON_WORDS`] words, no capital after the first word, no digit, no `@`: `giáo viên`).

use std::collections::HashSet;

use rayon::prelude::*;

use crate::base::inputs::{Inputs, Record};

use super::fold::{BREAK, Channel, Folded, Markup};
use super::search::Pattern;
use super::{Guarded, Secret};

/// Values shorter than this are not looked for: "1" or "Có" would match everywhere.
pub const MIN_LEN: usize = 5;

/// A value with this many digits or more is an identifier: a phone, an ID number, a date.
pub const MIN_DIGITS: usize = 7;

/// A private text of at most this many words, none capitalised after the first, is a common
/// phrase (an occupation, a relation), not an identifier.
pub const MAX_COMMON_WORDS: usize = 3;

/// Titles written before a name: the name itself is what identifies.
const TITLES: [&[&str]; 12] = [
    &["gia", "đình"],
    &["dòng", "họ"],
    &["ông"],
    &["bà"],
    &["anh"],
    &["chị"],
    &["cô"],
    &["chú"],
    &["bác"],
    &["cụ"],
    &["em"],
    &["cháu"],
];

/// Every guarded value of a site: the hidden records whose page addresses are looked for as
/// written, the rest folded. Two sites with equal guards are looked through alike.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Guards {
    /// The ids of the hidden records, whose page addresses are guarded, each with the index of
    /// its secret.
    pub hidden_pages: Vec<(String, usize)>,
    pub patterns: Vec<Pattern>,
    pub secrets: Vec<Secret>,
}

impl Guards {
    /// The guarded values of `inputs`.
    pub fn of(inputs: &Inputs) -> Self {
        let raw_public = raw_public_texts(inputs);
        let each: Vec<Guards> = (inputs.records.par_iter())
            .map_init(
                || Folded::new(false),
                |folded, record| Guards::of_record(record, &raw_public, folded),
            )
            .collect();
        let mut guards = Guards::default();
        for record in each {
            guards.append(record);
        }
        guards.drop_public_names(&raw_public);
        guards
    }

    /// The guarded values of one record, `raw_public` being the texts public anyway.
    fn of_record(record: &Record, raw_public: &HashSet<&str>, folded: &mut Folded) -> Guards {
        let mut guards = Guards::default();
        let id = &record.id.value;
        for private in &record.private_values {
            let value = private.value.trim();
            if value.chars().count() < MIN_LEN || raw_public.contains(value) {
                continue;
            }
            let field = Guarded::Private(private.field.clone());
            guards.add_value(value, secret(id, field), folded);
        }
        if !record.public && !raw_public.contains(record.name.as_str()) {
            let name = without_title(&record.name);
            if name.chars().count() >= MIN_LEN {
                guards.add_text(&name, secret(id, Guarded::HiddenName), folded);
            }
            let index = guards.new_secret(secret(id, Guarded::HiddenPage));
            guards.hidden_pages.push((id.clone(), index));
        }
        guards
    }

    /// Adds the guarded values of `other` after these, their secrets numbered on.
    fn append(&mut self, other: Guards) {
        let offset = self.secrets.len();
        self.secrets.extend(other.secrets);
        (self.hidden_pages).extend(
            other
                .hidden_pages
                .into_iter()
                .map(|(id, s)| (id, s + offset)),
        );
        self.patterns
            .extend(other.patterns.into_iter().map(|pattern| Pattern {
                secret: pattern.secret + offset,
                ..pattern
            }));
    }

    /// The page addresses of the hidden records, for a site served under `base_path`, each
    /// with the index of its secret.
    pub fn pages(&self, base_path: &str) -> (Vec<String>, Vec<usize>) {
        (self.hidden_pages.iter())
            .map(|(id, secret)| (format!("{base_path}/ho-so/{id}/"), *secret))
            .unzip()
    }

    /// Guards `value` as the value of a private table.
    #[cfg(test)]
    pub fn add_private(&mut self, value: &str, secret: Secret) {
        self.add_value(value, secret, &mut Folded::new(false));
    }

    fn add_value(&mut self, value: &str, secret: Secret, folded: &mut Folded) {
        folded.fold(value.as_bytes(), Markup::Plain);
        let letters = has_letters(&folded.text);
        if letters && !is_common_phrase(value) {
            self.add_text(value, secret, folded);
            return;
        }
        let date = (!letters).then(|| date_forms(value)).flatten();
        let runs = digit_runs(&folded.text);
        let index = self.new_secret(secret);
        for run in runs {
            for form in phone_forms(&run)
                .into_iter()
                .chain(date.iter().flatten().cloned())
            {
                self.push(form, true, index);
            }
            self.push(run, true, index);
        }
    }

    /// A text, as whole words, and each long run of digits in it.
    fn add_text(&mut self, text: &str, secret: Secret, folded: &mut Folded) {
        folded.fold(text.as_bytes(), Markup::Plain);
        let index = self.new_secret(secret);
        let words: Vec<u8> = (folded.text.bytes.iter())
            .copied()
            .filter(|&b| b != BREAK)
            .collect();
        for run in digit_runs(&folded.text) {
            if let Some(form) = phone_forms(&run) {
                self.push(form, true, index);
            }
            self.push(run, true, index);
        }
        self.push(words, false, index);
    }

    fn new_secret(&mut self, secret: Secret) -> usize {
        self.secrets.push(secret);
        self.secrets.len() - 1
    }

    fn push(&mut self, folded: Vec<u8>, digits: bool, secret: usize) {
        let pattern = Pattern {
            folded,
            digits,
            secret,
        };
        if !pattern.folded.is_empty() && !self.patterns.contains_last(&pattern) {
            self.patterns.push(pattern);
        }
    }

    /// Drops each text pattern that is, folded, whole words of a public name or place (one of
    /// `public`, the texts public anyway).
    fn drop_public_names(&mut self, public: &HashSet<&str>) {
        let wanted: HashSet<&[u8]> = (self.patterns.iter())
            .filter(|p| !p.digits)
            .map(|p| p.folded.as_slice())
            .collect();
        if wanted.is_empty() {
            return;
        }
        let found: HashSet<Vec<u8>> = (public.par_iter())
            .map_init(
                || Folded::new(false),
                |folded, text| {
                    folded.fold(text.as_bytes(), Markup::Plain);
                    (word_sequences(&folded.text).into_iter())
                        .filter(|words| wanted.contains(words))
                        .map(<[u8]>::to_vec)
                        .collect::<Vec<_>>()
                },
            )
            .flatten_iter()
            .collect();
        self.patterns
            .retain(|p| p.digits || !found.contains(&p.folded));
    }
}

trait ContainsLast {
    fn contains_last(&self, pattern: &Pattern) -> bool;
}

impl ContainsLast for Vec<Pattern> {
    /// Whether a pattern of the same secret already holds these bytes (the forms of one value
    /// are pushed one after the other).
    fn contains_last(&self, pattern: &Pattern) -> bool {
        self.iter()
            .rev()
            .take_while(|p| p.secret == pattern.secret)
            .any(|p| p == pattern)
    }
}

fn secret(record_id: &str, field: Guarded) -> Secret {
    Secret {
        record_id: record_id.to_string(),
        field,
    }
}

fn has_letters(words: &Channel) -> bool {
    words
        .bytes
        .iter()
        .any(|b| !b.is_ascii_digit() && *b != BREAK)
}

/// A short phrase of common words: an occupation, a relation, `nam`/`nữ`.
fn is_common_phrase(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    let capital_after_first = words
        .iter()
        .skip(1)
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    words.len() <= MAX_COMMON_WORDS
        && !capital_after_first
        && !value.contains('@')
        && !value.chars().any(char::is_numeric)
}

/// A name without the titles before it, when two words or more are left.
fn without_title(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut skip = 0;
    'titles: loop {
        for title in TITLES {
            let fits = (words.get(skip..skip + title.len()))
                .is_some_and(|w| w.iter().zip(title).all(|(w, t)| w.to_lowercase() == *t));
            if fits && words.len() - skip - title.len() >= 2 {
                skip += title.len();
                continue 'titles;
            }
        }
        break;
    }
    words[skip..].join(" ")
}

/// The runs of [`MIN_DIGITS`] digits or more of a channel.
fn digit_runs(channel: &Channel) -> Vec<Vec<u8>> {
    channel
        .numbers()
        .filter(|run| run.len() >= MIN_DIGITS)
        .map(<[u8]>::to_vec)
        .collect()
}

/// A phone number as staff also write it: `+84 912 …` for `0912 …`, and back.
fn phone_forms(run: &[u8]) -> Option<Vec<u8>> {
    match run {
        [b'0', rest @ ..] if (10..=11).contains(&run.len()) => Some([b"84", rest].concat()),
        [b'8', b'4', rest @ ..] if (11..=12).contains(&run.len()) => Some([b"0", rest].concat()),
        _ => None,
    }
}

/// A date (`1985-03-12`, `12/03/1985`) as staff also write it: day first or year first, with
/// or without the zeros of day and month; the forms of fewer than [`MIN_DIGITS`] digits left
/// out.
fn date_forms(value: &str) -> Option<Vec<Vec<u8>>> {
    let groups: Vec<&str> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let (year, month, day) = match groups.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (*y, *m, *d),
        [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (*y, *m, *d),
        _ => return None,
    };
    let number = |part: &str| part.trim_start_matches('0').to_string();
    let padded = |part: &str| format!("{:0>2}", number(part));
    let mut forms = vec![format!("{year}{}{}", padded(month), padded(day))];
    for d in [padded(day), number(day)] {
        for m in [padded(month), number(month)] {
            forms.push(format!("{d}{m}{year}"));
        }
    }
    let mut unique: Vec<String> = Vec::with_capacity(forms.len());
    for form in forms {
        if !unique.contains(&form) {
            unique.push(form);
        }
    }
    Some(
        unique
            .into_iter()
            .filter(|f| f.len() >= MIN_DIGITS)
            .map(String::into_bytes)
            .collect(),
    )
}

/// Every run of whole words of a word channel, as its folded bytes.
fn word_sequences(words: &Channel) -> Vec<&[u8]> {
    let bytes = &words.bytes;
    let begins: Vec<usize> = (0..bytes.len())
        .filter(|&k| words.begins[k] && bytes[k] != BREAK)
        .chain([bytes.len()])
        .collect();
    let mut runs = Vec::new();
    for (i, &from) in begins.iter().enumerate() {
        for &to in &begins[i + 1..] {
            let run = &bytes[from..to];
            let run = run.strip_suffix(&[BREAK]).unwrap_or(run);
            if run.contains(&BREAK) {
                break;
            }
            runs.push(run);
        }
    }
    runs
}

/// Texts that are public anyway: the names and places of public records, and the places of
/// the site.
fn public_texts(inputs: &Inputs) -> impl Iterator<Item = &str> {
    let records = inputs.records.iter().filter(|r| r.public).flat_map(|r| {
        [
            Some(r.name.as_str()),
            r.village.as_deref(),
            r.district.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain([r.commune.value.as_str(), r.province.value.as_str()])
    });
    let places = inputs.provinces.iter().flat_map(|p| {
        std::iter::once(p.name.as_str()).chain(
            p.communes
                .iter()
                .flat_map(|c| std::iter::once(c.name.as_str()).chain(c.district.as_deref())),
        )
    });
    records.chain(places)
}

/// Texts that are public anyway, as written: a value equal to one of them is not guarded.
fn raw_public_texts(inputs: &Inputs) -> HashSet<&str> {
    public_texts(inputs).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_a_name_are_left_out() {
        assert_eq!(without_title("Gia đình ông Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(without_title("Bà Lê Thị Lan"), "Lê Thị Lan");
        assert_eq!(without_title("Bà Lan"), "Bà Lan");
        assert_eq!(without_title("Cù Huy Cận"), "Cù Huy Cận");
        assert_eq!(without_title("Dòng họ Đặng"), "Dòng họ Đặng");
    }

    #[test]
    fn common_phrases_and_identifying_texts() {
        assert!(is_common_phrase("giáo viên"));
        assert!(is_common_phrase("Nông dân"));
        assert!(is_common_phrase("con trai"));
        assert!(!is_common_phrase("Nguyễn Văn An"));
        assert!(!is_common_phrase("an.nguyen@example.vn"));
        assert!(!is_common_phrase("thôn 5"));
        assert!(!is_common_phrase("bị bệnh tim từ năm nhỏ"));
    }

    #[test]
    fn dates_in_the_forms_staff_write() {
        let forms = |v: &str| -> Vec<String> {
            date_forms(v)
                .unwrap_or_default()
                .into_iter()
                .map(|f| String::from_utf8(f).expect("digits"))
                .collect()
        };
        assert_eq!(forms("1985-03-12"), ["19850312", "12031985", "1231985"]);
        assert_eq!(forms("12/3/1985"), forms("1985-03-12"));
        assert_eq!(
            forms("01.02.1990"),
            ["19900201", "01021990", "0121990", "1021990"]
        );
        assert!(forms("0900 000 001").is_empty());
    }

    #[test]
    fn phones_in_the_forms_staff_write() {
        assert_eq!(phone_forms(b"0900000001"), Some(b"84900000001".to_vec()));
        assert_eq!(phone_forms(b"84900000001"), Some(b"0900000001".to_vec()));
        assert_eq!(phone_forms(b"1234567"), None);
    }

    #[test]
    fn every_run_of_whole_words() {
        let mut folded = Folded::new(false);
        folded.fold("Gia đình ông An|Bình".as_bytes(), Markup::Plain);
        let runs: Vec<String> = word_sequences(&folded.text)
            .into_iter()
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect();
        assert!(runs.contains(&"giadinhongan".to_string()));
        assert!(runs.contains(&"ongan".to_string()));
        assert!(runs.contains(&"anbinh".to_string()));
        assert!(!runs.contains(&"inhong".to_string()));
    }
}
