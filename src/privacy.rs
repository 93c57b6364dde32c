//! The privacy gate: before anything is written, every output file is scanned for every value
//! of every `private` table and for the names and pages of records that are not public. A hit
//! stops the build and names the file, the template or job that made it, and the field. A value
//! counts where it stands whole: continued by a letter or a digit like its own first or last
//! ("Lê Văn An" in "Lê Văn Anh", "Thôn 1" in "Thôn 12") it is another name, and the build goes
//! on.
//!
//! The public view types already hold no private field; this gate catches what they cannot:
//! a phone number pasted into a story, a template that reaches for the wrong thing.

mod scan;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::inputs::{Inputs, Record};
use crate::lang::{Lang, both};
use crate::messages::Problem;
use crate::model::{Urls, site_base_url};
use crate::render::{Origin, OutputFile};
use crate::source::{FileId, Sources, Span};
use scan::{Found, Scanner};

/// Values shorter than this are not looked for: "1" or "Có" would match everywhere.
const MIN_LEN: usize = 5;

/// Where a guarded value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub record_id: String,
    pub field: Guarded,
}

/// Which of a record's values is guarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// A field of its `private` table (`phone`).
    Private(String),
    /// The name of a record that is not public.
    HiddenName,
    /// The page address of a record that is not public.
    HiddenPage,
}

impl Guarded {
    /// `private.phone`, or what the value is, in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Guarded::Private(field) => format!("private.{field}"),
            Guarded::HiddenName => both!(
                lang,
                "tên (hồ sơ không công khai)",
                "name (the record is not public)"
            )
            .into(),
            Guarded::HiddenPage => both!(
                lang,
                "địa chỉ trang (hồ sơ không công khai)",
                "page (the record is not public)"
            )
            .into(),
        }
    }
}

/// A guarded value found in an output file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.in_lang(Lang::En))]
pub struct Leak {
    pub path: String,
    pub origin: Origin,
    pub record_id: String,
    pub field: Guarded,
}

impl Leak {
    /// The whole message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let Leak {
            path,
            origin,
            record_id,
            field,
        } = self;
        let (origin, field) = (origin.in_lang(lang), field.in_lang(lang));
        both!(
            lang,
            format!(
                "{path} (do {origin} tạo) chứa {field} của hồ sơ \"{record_id}\"; không có gì được ghi"
            ),
            format!(
                "{path} (made by {origin}) contains the {field} of record \"{record_id}\"; nothing was written"
            )
        )
    }
}

/// Looks for every guarded value in one pass over each file.
#[derive(Debug)]
pub struct PrivacyGate {
    scanner: Option<Scanner>,
    secrets: Vec<Secret>,
}

impl PrivacyGate {
    pub fn new(inputs: &Inputs, base_path: &str) -> Self {
        let (patterns, secrets) = guarded_values(inputs, base_path);
        PrivacyGate {
            scanner: Scanner::new(&patterns),
            secrets,
        }
    }

    /// An error for each guarded value that stands whole in the text of `files` (Markdown
    /// sources), at its place.
    pub fn check_sources(&self, files: &[FileId], sources: &Sources, diags: &mut Diagnostics) {
        let Some(scanner) = &self.scanner else {
            return;
        };
        let found: Vec<(FileId, Found)> = files
            .par_iter()
            .flat_map_iter(|&file| {
                let text = sources.get(file).text.as_bytes();
                scanner
                    .find_all(text)
                    .into_iter()
                    .map(move |found| (file, found))
            })
            .collect();
        for (file, found) in found {
            let secret = &self.secrets[found.pattern];
            diags.error(
                Span::new(file, found.start..found.end),
                "",
                Problem::GuardedValueInText {
                    record_id: secret.record_id.clone(),
                    field: secret.field.clone(),
                },
            );
        }
    }

    /// Reports every published field of a public record that holds a guarded value
    /// ([`Problem::GuardedValueInRecord`]), at the record's id.
    pub fn check_records(&self, records: &[Record], diags: &mut Diagnostics) {
        let Some(scanner) = &self.scanner else {
            return;
        };
        let found: Vec<(&Record, &'static str, Found)> = records
            .par_iter()
            .filter(|record| record.public)
            .flat_map_iter(|record| {
                published_fields(record).filter_map(move |(field, text)| {
                    scanner
                        .find(text.as_bytes())
                        .map(|found| (record, field, found))
                })
            })
            .collect();
        for (record, published, found) in found {
            let secret = &self.secrets[found.pattern];
            diags.error(
                record.id.span,
                format!("{}.{published}", record.kind.as_str()),
                Problem::GuardedValueInRecord {
                    record_id: secret.record_id.clone(),
                    field: secret.field.clone(),
                    published: published.to_string(),
                },
            );
        }
    }

    /// `Err` with the first guarded value found in `file`.
    pub fn check(&self, file: &OutputFile) -> Result<(), Leak> {
        self.check_part(&file.bytes, &file.path, &file.origin)
    }

    /// `Err` with the first guarded value found in `bytes`, a part of the file at `path` that
    /// `origin` made.
    pub fn check_part(&self, bytes: &[u8], path: &str, origin: &Origin) -> Result<(), Leak> {
        let Some(scanner) = &self.scanner else {
            return Ok(());
        };
        match scanner.find(bytes) {
            None => Ok(()),
            Some(found) => {
                let secret = &self.secrets[found.pattern];
                Err(Leak {
                    path: path.to_string(),
                    origin: origin.clone(),
                    record_id: secret.record_id.clone(),
                    field: secret.field.clone(),
                })
            }
        }
    }
}

impl PrivacyGate {
    /// A gate for `values` alone, each as the `private.phone` of record `r`.
    #[cfg(test)]
    pub fn for_values(values: &[&str]) -> Self {
        PrivacyGate {
            scanner: Scanner::new(values),
            secrets: values
                .iter()
                .map(|_| Secret {
                    record_id: "r".into(),
                    field: Guarded::Private("phone".into()),
                })
                .collect(),
        }
    }

    /// The length in bytes of the longest guarded value (0 when there is none): a value found
    /// across the seam of two parts of a file lies within this many bytes of the seam.
    pub fn longest(&self) -> usize {
        self.scanner.as_ref().map_or(0, Scanner::longest)
    }
}

/// Every guarded value in each form it can take in the output, and where each comes from.
fn guarded_values(inputs: &Inputs, base_path: &str) -> (Vec<String>, Vec<Secret>) {
    let public = public_texts(inputs);
    let mut patterns: Vec<String> = Vec::new();
    let mut secrets: Vec<Secret> = Vec::new();
    let mut add = |value: &str, record_id: &str, field: Guarded| {
        let value = value.trim();
        if value.chars().count() < MIN_LEN || public.contains(value) {
            return;
        }
        for variant in variants(value) {
            patterns.push(variant);
            secrets.push(Secret {
                record_id: record_id.to_string(),
                field: field.clone(),
            });
        }
    };
    for record in &inputs.records {
        for private in &record.private_values {
            add(
                &private.value,
                &record.id.value,
                Guarded::Private(private.field.clone()),
            );
        }
        if !record.public {
            add(&record.name, &record.id.value, Guarded::HiddenName);
            let page = format!("{base_path}/ho-so/{}/", record.id.value);
            add(&page, &record.id.value, Guarded::HiddenPage);
        }
    }
    (patterns, secrets)
}

/// Looks through what `check` can see of the site's published text for the guarded values:
/// its Markdown (stories and pages, front matter and text), reported at the value's place, and
/// the published fields of the public records, reported at the record. The build's gate would
/// stop at any of them anyway, naming only the page it reached.
pub fn check_content(inputs: &Inputs, diags: &mut Diagnostics) {
    let base_url = site_base_url(inputs, None);
    let (patterns, secrets) = guarded_values(inputs, Urls::new(&base_url).base_path());
    let gate = PrivacyGate {
        scanner: Scanner::for_small_texts(&patterns),
        secrets,
    };
    let files: Vec<FileId> = (inputs.stories.iter().map(|s| s.file))
        .chain(inputs.pages.iter().map(|p| p.file))
        .collect();
    gate.check_sources(&files, &inputs.sources, diags);
    gate.check_records(&inputs.records, diags);
}

/// The fields of a public record that its page or the open data publish as written, by
/// their path in the record's table.
fn published_fields(record: &Record) -> impl Iterator<Item = (&'static str, &str)> {
    let places = [("name", Some(record.name.as_str()))]
        .into_iter()
        .chain([("village", record.village.as_deref())])
        .chain([("district", record.district.as_deref())])
        .filter_map(|(field, text)| Some((field, text?)));
    let awards = record.awards.iter().flat_map(|award| {
        [
            ("award.decision", award.decision.as_str()),
            ("award.issuer", award.issuer.as_str()),
        ]
    });
    let revocations = record.revocations.iter().flat_map(|revocation| {
        [
            ("revoked.decision", revocation.decision.as_str()),
            ("revoked.reason", revocation.reason.as_str()),
        ]
    });
    places.chain(awards).chain(revocations)
}

/// Texts that are public anyway: a private value equal to one of them is not a secret.
fn public_texts(inputs: &Inputs) -> HashSet<&str> {
    let mut texts = HashSet::with_capacity(inputs.records.len());
    for record in inputs.records.iter().filter(|r| r.public) {
        texts.insert(record.name.as_str());
        texts.insert(record.commune.value.as_str());
        texts.insert(record.province.value.as_str());
        texts.extend(record.village.as_deref());
        texts.extend(record.district.as_deref());
    }
    for province in &inputs.provinces {
        texts.insert(province.name.as_str());
        for commune in &province.communes {
            texts.insert(commune.name.as_str());
            texts.extend(commune.district.as_deref());
        }
    }
    texts
}

/// The forms a value can take in the output: as it is, HTML-escaped, JSON-escaped.
fn variants(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_string()];
    let html = crate::render::theme::escape_html(value);
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    for form in [html, json] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every published field of a public record is looked through; a record that is not
    /// public, and fields that are not published (the private table, an assessment's note),
    /// are not.
    #[test]
    fn every_published_field_of_a_public_record_is_looked_through() {
        const PHONE: &str = "0912 345 678";
        let text = format!(
            r#"
[[family]]
id = "gd-a"
name = "Gia đình ông A"
province = "p"
commune = "c"
village = "Thôn {PHONE}"

[family.private]
phone = "{PHONE}"

[[family.assessment]]
round = 2024
criteria = {{ tu-sach = true }}
note = "gọi {PHONE}"

[[family.award]]
award = "giay-khen-xa"
decision = "1/QĐ-UBND"
date = 2024-12-20
issuer = "UBND xã, {PHONE}"
round = 2024

[[family.revoked]]
award = "giay-khen-xa"
round = 2024
decision = "2/QĐ-UBND {PHONE}"
reason = "hỏi {PHONE}"

[[family]]
id = "gd-b"
name = "Gia đình ông B"
province = "p"
commune = "c"
public = false
village = "{PHONE}"
"#
        );
        let (records, loaded) =
            crate::load::records_from_text(std::path::Path::new("r.toml"), &text);
        assert!(!loaded.has_errors(), "{loaded:?}");
        let mut diags = Diagnostics::default();
        PrivacyGate::for_values(&[PHONE]).check_records(&records, &mut diags);
        let fields: Vec<&str> = diags.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "family.village",
                "family.award.issuer",
                "family.revoked.decision",
                "family.revoked.reason"
            ]
        );
        assert!(diags.iter().all(|d| d.problem.code() == "E036"));
    }

    #[test]
    fn variants_cover_escaped_forms() {
        let forms = variants("Nhà \"A\" & <B>");
        assert!(forms.contains(&"Nhà &quot;A&quot; &amp; &lt;B&gt;".to_string()));
        assert!(forms.contains(&"Nhà \\\"A\\\" & <B>".to_string()));
    }
}
