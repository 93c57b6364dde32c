//! The privacy gate: before anything is written, every output file is scanned for every value
//! of every `private` table and for the names and pages of records that are not public. A hit
//! stops the build and names the file, the template or job that made it, and the field.
//!
//! Values are looked for in any form they can be written in ([`fold`]): other spacing, case,
//! diacritics, markup between their characters, character references, percent-encoding, JSON
//! escapes, bold or fullwidth digits. A value counts where it stands whole: "Lê Văn An" in
//! "Lê Văn Anh", or "0900 000 001" in "0900 000 0012", is another name or number, and the build
//! goes on. Which values are guarded at all is [`guard`]'s rule.
//!
//! The public view types already hold no private field; this gate catches what they cannot:
//! a phone number pasted into a story, a template that reaches for the wrong thing.

mod clean;
mod decode;
mod fold;
mod guard;
mod letters;
mod markup;
mod memory;
mod pieces;
mod scan;
mod search;

use std::cell::RefCell;
use std::io;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::base::diagnostics::Diagnostics;
pub use crate::base::guarded::Guarded;
use crate::base::inputs::{Inputs, Record, Story};
use crate::base::lang::{Lang, both};
use crate::base::messages::Problem;
use crate::base::source::{FileId, Sources, Span};
use crate::model::{Urls, site_base_url};
use crate::render::{Origin, OutputFile};
pub use fold::{Folded, Markup};
pub use guard::Guards;
use memory::{Fingerprint, Memory};
pub use pieces::Seams;
use scan::Scanner;
use search::{FoldedSearch, Hit};

thread_local! {
    /// The fold of the file this thread looks through, its buffers kept from file to file.
    static FOLDED: RefCell<Folded> = RefCell::new(Folded::new(false));
}

/// Where a guarded value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub record_id: String,
    pub field: Guarded,
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

/// What a gate looks through: every page of a site, or a few small texts (the Markdown sources
/// `check` reads), for which automata smaller and quicker to build do better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Through {
    Pages,
    SmallTexts,
}

/// Looks for every guarded value in each file: page addresses as written, the rest folded.
#[derive(Debug)]
pub struct PrivacyGate {
    /// A number no other gate of this process has: what a fold found clean for one gate is
    /// not clean for another.
    number: u64,
    pages: Option<Scanner>,
    page_secrets: Vec<usize>,
    folded: FoldedSearch,
    secrets: Vec<Secret>,
    /// What it looks for, for its fingerprint ([`PrivacyGate::recall`]).
    values: memory::Values,
    /// What the last build into the same output found clean, once recalled.
    memory: OnceLock<Memory>,
}

impl PrivacyGate {
    /// The gate of the pages of a site served under `base_path` whose guarded values are
    /// `guards`.
    pub fn new(guards: &Guards, base_path: &str) -> Self {
        PrivacyGate::with(guards, base_path, Through::Pages)
    }

    fn with(guards: &Guards, base_path: &str, through: Through) -> Self {
        let (pages, page_secrets) = guards.pages(base_path);
        static GATES: AtomicU64 = AtomicU64::new(1);
        PrivacyGate {
            values: memory::values(&pages, &guards.patterns),
            memory: OnceLock::new(),
            number: GATES.fetch_add(1, Ordering::Relaxed),
            pages: match through {
                Through::Pages => Scanner::new(&pages),
                Through::SmallTexts => Scanner::for_small_texts(&pages),
            },
            page_secrets,
            folded: FoldedSearch::new(&guards.patterns, through == Through::SmallTexts),
            secrets: guards.secrets.clone(),
        }
    }

    /// An error for each guarded value that stands whole in the text of `files` (Markdown
    /// sources), at its place.
    /// Record ids a story names in its front matter (`unpublished`) are links, never printed:
    /// a hidden record's id, which often spells its name, is no leak there.
    pub fn check_sources(
        &self,
        files: &[FileId],
        unpublished: &[Span],
        sources: &Sources,
        diags: &mut Diagnostics,
    ) {
        let found: Vec<(FileId, Hit)> = files
            .par_iter()
            .flat_map_iter(|&file| {
                let text = sources.get(file).text.as_bytes();
                self.hits_with_places(text)
                    .into_iter()
                    .map(move |hit| (file, hit))
            })
            .collect();
        for (file, hit) in found {
            let span = Span::new(file, hit.start..hit.end);
            if unpublished.iter().any(|id| id.contains(span)) {
                continue;
            }
            let secret = &self.secrets[hit.secret];
            diags.error(
                span,
                "",
                Problem::GuardedValueInText {
                    record_id: secret.record_id.clone(),
                    field: secret.field.clone(),
                },
            );
        }
    }

    /// Every guarded value in `text` (Markdown, raw HTML read as tags), at its place, one
    /// report for a value found in several forms at one place.
    fn hits_with_places(&self, text: &[u8]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        if let Some(pages) = &self.pages {
            hits.extend(pages.find_all(text).into_iter().map(|found| Hit {
                secret: self.page_secrets[found.pattern],
                start: found.start,
                end: found.end,
            }));
        }
        if !self.folded.is_empty() {
            let mut folded = Folded::new(true);
            folded.fold(text, Markup::Html);
            hits.extend(self.folded.hits(&folded));
        }
        hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end), hit.secret));
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for hit in hits {
            let same_place = kept.iter().any(|k| {
                k.start <= hit.start
                    && hit.end <= k.end
                    && self.secrets[k.secret] == self.secrets[hit.secret]
            });
            if !same_place {
                kept.push(hit);
            }
        }
        kept
    }

    /// Reports every published field of a public record that holds a guarded value
    /// ([`Problem::GuardedValueInRecord`]), at the record's id.
    pub fn check_records<'r>(
        &self,
        records: impl IntoParallelIterator<Item = &'r Record>,
        diags: &mut Diagnostics,
    ) {
        let found: Vec<(&Record, &'static str, usize)> = records
            .into_par_iter()
            .filter(|record| record.public)
            .flat_map_iter(|record| {
                published_fields(record).filter_map(move |(field, text)| {
                    self.first(text.as_bytes(), Markup::Plain)
                        .map(|secret| (record, field, secret))
                })
            })
            .collect();
        for (record, published, secret) in found {
            let secret = &self.secrets[secret];
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

    /// `Err` with the first guarded value found in `file`. A large plain file (the open data
    /// made whole) is looked through in pieces cut by its content ([`pieces`]), so that the
    /// memory knows the pieces an edit left as they were.
    pub fn check(&self, file: &OutputFile) -> Result<(), Leak> {
        let large = file.bytes.len() >= pieces::PIECES_FROM;
        if large && Markup::for_path(&file.path) == Markup::Plain {
            let mut seams = Seams::new(self);
            for piece in pieces::pieces(&file.bytes) {
                seams.check(piece, &file.path, &file.origin)?;
            }
            return Ok(());
        }
        self.check_part(&file.bytes, &file.path, &file.origin)
    }

    /// `Err` with the first guarded value found in `bytes`, a part of the file at `path` that
    /// `origin` made.
    pub fn check_part(&self, bytes: &[u8], path: &str, origin: &Origin) -> Result<(), Leak> {
        let markup = Markup::for_path(path);
        let recalled = self
            .memory
            .get()
            .map(|m| (m, memory::digest(bytes, markup)));
        if let Some((memory, digest)) = &recalled
            && memory.recalls(digest)
        {
            return Ok(());
        }
        match self.first(bytes, markup) {
            None => {
                if let Some((memory, digest)) = recalled {
                    memory.note(digest);
                }
                Ok(())
            }
            Some(secret) => {
                let secret = &self.secrets[secret];
                Err(Leak {
                    path: path.to_string(),
                    origin: origin.clone(),
                    record_id: secret.record_id.clone(),
                    field: secret.field.clone(),
                })
            }
        }
    }

    /// What it looks for and how: two gates with one fingerprint find the same.
    fn fingerprint(&self) -> Fingerprint {
        memory::fingerprint(&self.values)
    }

    /// Takes what the last build into the same output found clean, kept at `path`: from now
    /// on a part of a file found clean then is clean without another look, as long as this
    /// gate looks for what that one did ([`memory`]).
    pub fn recall(&self, path: &Path) {
        let _ = self.memory.set(Memory::load(path, self.fingerprint()));
    }

    /// Starts a memory of what this gate finds clean, kept for as long as the gate (a preview
    /// looks through the pages an edit changes with the gate of its last data).
    pub fn remember_from_now_on(&self) {
        let _ = self.memory.set(Memory::empty(self.fingerprint()));
    }

    /// Takes what `earlier` found clean, if it looks for what this gate does; starts an empty
    /// memory otherwise.
    pub fn take_memory_of(&self, earlier: &PrivacyGate) {
        let memory = match earlier.memory.get() {
            Some(memory) => memory.handed_to(self.fingerprint()),
            None => Memory::empty(self.fingerprint()),
        };
        let _ = self.memory.set(memory);
    }

    /// Keeps at `path` what this gate found clean since [`PrivacyGate::recall`], for the next
    /// build. Only a build that published calls it.
    pub fn remember(&self, path: &Path) -> io::Result<()> {
        self.memory.get().map_or(Ok(()), |memory| memory.save(path))
    }

    /// The index of the secret of the first guarded value found in `bytes`.
    fn first(&self, bytes: &[u8], markup: Markup) -> Option<usize> {
        if let Some(found) = self.pages.as_ref().and_then(|pages| pages.find(bytes)) {
            return Some(self.page_secrets[found.pattern]);
        }
        if self.folded.is_empty() {
            return None;
        }
        FOLDED.with(|folded| {
            let mut folded = folded.borrow_mut();
            folded.fold_for_gate(bytes, markup, self.number);
            let first = self.folded.hits(&folded).next().map(|hit| hit.secret);
            if first.is_none() {
                folded.found_clean(bytes);
            }
            first
        })
    }
}

impl PrivacyGate {
    /// A gate for `values` alone, each as the `private.phone` of record `r`, guarded as the
    /// gate guards a private value.
    #[cfg(test)]
    pub fn for_values(values: &[&str]) -> Self {
        let mut guards = Guards::default();
        for value in values {
            guards.add_private(
                value,
                Secret {
                    record_id: "r".into(),
                    field: Guarded::Private("phone".into()),
                },
            );
        }
        PrivacyGate::with(&guards, "", Through::Pages)
    }

    /// [`PrivacyGate::first`] with nothing left out of the fold.
    #[cfg(test)]
    fn first_reading_all(&self, bytes: &[u8], markup: Markup) -> Option<usize> {
        if let Some(found) = self.pages.as_ref().and_then(|pages| pages.find(bytes)) {
            return Some(self.page_secrets[found.pattern]);
        }
        let mut folded = Folded::new(false);
        folded.fold(bytes, markup);
        self.folded.hits(&folded).next().map(|hit| hit.secret)
    }

    /// How many bytes of a file a guarded value can span (0 when there is none): a value
    /// found across the seam of two parts of a file lies within this many bytes of the seam.
    pub fn longest(&self) -> usize {
        let pages = self.pages.as_ref().map_or(0, Scanner::longest);
        pages.max(self.folded.longest() * fold::SPAN_PER_BYTE)
    }
}

/// Looks through what `check` can see of the site's published text for its guarded values
/// (`guards`): its Markdown (stories and pages, front matter and text), reported at the
/// value's place, and the published fields of the public records, reported at the record. The
/// build's gate would stop at any of them anyway, naming only the page it reached.
pub fn check_content(inputs: &Inputs, guards: &Guards, diags: &mut Diagnostics) {
    let base_url = site_base_url(inputs, None);
    let gate = PrivacyGate::with(
        guards,
        Urls::new(&base_url).base_path(),
        Through::SmallTexts,
    );
    let files: Vec<FileId> = (inputs.stories.iter().map(|s| s.file))
        .chain(inputs.pages.iter().map(|p| p.file))
        .collect();
    let record_ids = record_ids_named(&inputs.stories);
    gate.check_sources(&files, &record_ids, &inputs.sources, diags);
    gate.check_records(&inputs.records, diags);
}

/// The places of the record ids that `stories` name in their front matter.
pub fn record_ids_named(stories: &[Story]) -> Vec<Span> {
    (stories.iter())
        .flat_map(|story| story.records.iter().map(|id| id.span))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PHONE_AND_NAME: [&str; 2] = ["0900 000 001", "Nguyễn Văn An"];

    /// Pieces of HTML that make leaks, near leaks and clean pages when put together.
    const PIECES: [&str; 28] = [
        "<p>",
        "</p>",
        "<div class=\"a\">",
        "<em>",
        "</em>",
        "<a href=\"tel:0900",
        "000",
        "001\">",
        "0900",
        " ",
        "&nbsp;",
        "Nguyễn",
        "Văn",
        "An",
        "an",
        "<!--",
        "-->",
        "<",
        ">",
        "\"",
        "x",
        "1",
        "<li>",
        "<span title='0900 000 001'>",
        "</li>",
        "\n",
        "<br>",
        "Văn An",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Leaving out of the fold what the gate found clean in earlier files changes nothing
        /// the gate finds. The files are made of a few shared parts, so that they have
        /// stretches in common as pages do.
        #[test]
        fn leaving_out_what_was_found_clean_finds_what_reading_all_finds(
            parts in prop::collection::vec(
                prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..10),
                1..6,
            ),
            files in prop::collection::vec(
                (prop::collection::vec(0..6_usize, 1..8), any::<bool>()),
                1..10,
            ),
        ) {
            let gate = PrivacyGate::for_values(&PHONE_AND_NAME);
            for (file, html) in files {
                let file: String = file.iter().map(|&k| parts[k % parts.len()].concat()).collect();
                let markup = if html { Markup::Html } else { Markup::Plain };
                let quick = gate.first(file.as_bytes(), markup);
                prop_assert_eq!(quick, gate.first_reading_all(file.as_bytes(), markup));
            }
        }
    }

    #[test]
    fn a_stretch_found_clean_is_read_again_where_an_inline_tag_joins_it_to_a_value() {
        let gate = PrivacyGate::for_values(&PHONE_AND_NAME);
        let clean = "<p>Gọi <b>000 001</b></p>";
        assert_eq!(gate.first(clean.as_bytes(), Markup::Html), None);
        let leak = "<p>Gọi 0900 <b>000 001</b></p>";
        assert!(gate.first(leak.as_bytes(), Markup::Html).is_some());
    }

    #[test]
    fn bytes_found_clean_as_plain_text_are_read_again_as_html() {
        let gate = PrivacyGate::for_values(&PHONE_AND_NAME);
        let file = "0900<b>000</b>001";
        assert_eq!(
            gate.first(file.as_bytes(), Markup::Plain),
            None,
            "b parts the digits"
        );
        assert!(gate.first(file.as_bytes(), Markup::Html).is_some());
    }

    #[test]
    fn what_one_gate_found_clean_is_not_clean_for_another() {
        let page = "<ul><li>Gọi 0900 000 001</li><li>Nguyễn Văn An</li></ul>";
        let blind = PrivacyGate::for_values(&["0911 111 111"]);
        for _ in 0..3 {
            assert_eq!(blind.first(page.as_bytes(), Markup::Html), None);
        }
        let seeing = PrivacyGate::for_values(&PHONE_AND_NAME);
        assert!(seeing.first(page.as_bytes(), Markup::Html).is_some());
        let stretch = "<li>Nguyễn Văn An</li>";
        assert!(seeing.first(stretch.as_bytes(), Markup::Html).is_some());
    }

    /// A memory is trusted only by a gate that looks for what the gate that wrote it did: a
    /// memory forged to hold a leaking page lets that page through the same gate (so the
    /// memory is what the gate asks first), never through a gate that guards one more value.
    #[test]
    fn a_memory_is_asked_first_and_only_by_the_gate_that_wrote_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join(".public.gate");
        let origin = Origin::Unnamed;
        let leak = "<p>Gọi 0900 000 001</p>".as_bytes();
        let clean = "<p>Gọi 0911 111 111</p>".as_bytes();
        let gate = PrivacyGate::for_values(&PHONE_AND_NAME);
        gate.recall(&path);
        assert!(gate.check_part(leak, "a.html", &origin).is_err());
        assert!(gate.check_part(clean, "a.html", &origin).is_ok());
        gate.remember(&path).expect("kept");
        let forged = Memory::load(&path, gate.fingerprint());
        forged.note(memory::digest(leak, Markup::Html));
        forged.save(&path).expect("forged");

        let same = PrivacyGate::for_values(&PHONE_AND_NAME);
        same.recall(&path);
        assert!(same.check_part(leak, "b.html", &origin).is_ok());
        assert!(
            same.check_part(leak, "b.json", &origin).is_err(),
            "read as plain"
        );
        let more = PrivacyGate::for_values(&["0900 000 001", "Nguyễn Văn An", "Lê Thị Hoa"]);
        more.recall(&path);
        assert!(more.check_part(leak, "b.html", &origin).is_err());
        let fewer = PrivacyGate::for_values(&["0900 000 001"]);
        fewer.recall(&path);
        assert!(fewer.check_part(leak, "b.html", &origin).is_err());
    }

    /// A preview's gate made again after a data edit takes what the last one found clean only
    /// if it guards the same values: a page clean before is refused once a value on it is
    /// guarded.
    #[test]
    fn a_new_gate_takes_the_memory_of_the_last_only_when_it_guards_the_same() {
        let origin = Origin::Unnamed;
        let page = "<p>Gọi 0911 222 333</p>".as_bytes();
        let first = PrivacyGate::for_values(&PHONE_AND_NAME);
        first.remember_from_now_on();
        assert!(first.check_part(page, "a.html", &origin).is_ok());
        let digest = memory::digest(page, Markup::Html);
        let knows = |gate: &PrivacyGate| gate.memory.get().is_some_and(|m| m.recalls(&digest));
        assert!(knows(&first));

        let same = PrivacyGate::for_values(&PHONE_AND_NAME);
        same.take_memory_of(&first);
        assert!(knows(&same));
        let more = PrivacyGate::for_values(&["0900 000 001", "Nguyễn Văn An", "0911 222 333"]);
        more.take_memory_of(&first);
        assert!(!knows(&more));
        assert!(more.check_part(page, "a.html", &origin).is_err());
    }

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
}
