//! Reads a site folder into typed [`Inputs`], collecting every problem on the way.
//!
//! Reading happens in two steps so that parsed TOML can borrow the text: first every file is
//! read (UTF-8 checked, BOM dropped, NFC applied) into [`Sources`]; then each file is parsed
//! and decoded by the module for its part of the site.

pub mod base_url;
mod config;
mod content;
mod files;
mod limits;
mod provinces;
pub mod reader;
mod records;
mod rules;
mod targets;

use std::path::Path;

use rayon::prelude::*;
use toml::de::DeTable;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::Inputs;
use crate::base::messages::Problem;
use crate::base::source::{FileId, Sources};

pub use content::{FrontMatter, FrontMatterError, split_front_matter};
pub use files::{RecordText, SiteFiles, is_records_file, reread};
use reader::{Place, TableReader};

/// Loads the site at `root`. The inputs hold everything that could be read; the diagnostics say
/// what could not.
pub fn load_site(root: &Path) -> (Inputs, Diagnostics) {
    load(root, RecordText::Read)
}

/// [`load_site`] keeping in [`Sources`] the text of only those record files a diagnostic points
/// into: the others are read one at a time, each thread reusing one buffer, and their text is
/// dropped once decoded. At a million records that text is more than a gigabyte, and memory
/// the kernel hands out for the first time is what grows faster than the site.
pub fn load_site_lean(root: &Path) -> (Inputs, Diagnostics) {
    load(root, RecordText::Listed)
}

fn load(root: &Path, record_text: RecordText) -> (Inputs, Diagnostics) {
    let mut timings = crate::base::timings::Timings::start();
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let files = SiteFiles::read(root, record_text, &mut sources, &mut diags);
    timings.lap("load: read");
    let mut inputs = Inputs::default();
    let kept = decode_all(root, record_text, &files, &sources, &mut inputs, &mut diags);
    for (file, text) in kept {
        sources.set_text(file, text);
    }
    inputs.sources = sources;
    (inputs, diags)
}

/// Loads only the Markdown files among `paths` (relative to `root`), their text added to
/// `sources`: the stories and free pages they hold. For `serve`, which reloads only what
/// changed; the files are read and decoded exactly as [`load_site`] reads them.
pub fn load_content_files(
    root: &Path,
    paths: &[std::path::PathBuf],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> (
    Vec<crate::base::inputs::Story>,
    Vec<crate::base::inputs::FreePage>,
) {
    let files = SiteFiles::read_content(root, paths, sources, diags);
    let mut scratch = Inputs::default();
    for &(file, is_story) in &files.content {
        content::decode(sources, file, is_story, &mut scratch, diags);
    }
    (scratch.stories, scratch.pages)
}

/// Loads only the record files among `paths` (relative to `root`), their text added to
/// `sources`: the records they hold, in file order, read and decoded exactly as [`load_site`]
/// reads them. A path that is not a record file, or no longer exists, gives nothing.
pub fn load_records_files(
    root: &Path,
    paths: &[std::path::PathBuf],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Inputs {
    let files = SiteFiles::read_records(root, paths, sources, diags);
    let mut inputs = Inputs::default();
    for &file in &files.records {
        let (part, part_diags) = decode_records_file(sources, file);
        inputs.records.extend(part.records);
        inputs.unresolved_ids.extend(part.unresolved_ids);
        diags.extend(part_diags);
    }
    inputs
}

/// Decodes one record file given as text, without touching the disk (fuzzing, tests).
pub fn records_from_text(
    path: &Path,
    text: &str,
) -> (Vec<crate::base::inputs::Record>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let file = sources.add(path, crate::base::text::nfc(text).into_owned());
    let (part, part_diags) = decode_records_file(&sources, file);
    diags.extend(part_diags);
    (part.records, diags)
}

/// Decodes a rules file given as text, without touching the disk (fuzzing, tests).
pub fn rules_from_text(path: &Path, text: &str) -> (crate::base::inputs::Rules, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let file = sources.add(path, crate::base::text::nfc(text).into_owned());
    let mut rules = crate::base::inputs::Rules::default();
    let mut unresolved = std::collections::BTreeSet::new();
    with_table(&sources, file, &mut diags, |reader, diags| {
        rules = rules::decode(reader, &mut unresolved, diags);
    });
    (rules, diags)
}

/// What one file decodes to, with the text to keep of a record file read while decoding
/// ([`RecordText::Listed`]) that has a problem to show.
type Decoded = (Inputs, Diagnostics, Option<(FileId, String)>);

/// Decodes every file; returns the text of the record files read here that is to be kept.
fn decode_all(
    root: &Path,
    record_text: RecordText,
    files: &SiteFiles,
    sources: &Sources,
    inputs: &mut Inputs,
    diags: &mut Diagnostics,
) -> Vec<(FileId, String)> {
    if let Some(file) = files.config {
        with_table(sources, file, diags, |reader, diags| {
            inputs.config = config::decode(root, reader, diags);
        });
    }
    if let Some(file) = files.rules {
        with_table(sources, file, diags, |reader, diags| {
            inputs.rules = rules::decode(reader, &mut inputs.unresolved_ids, diags);
        });
    }
    for &(file, ref slug) in &files.provinces {
        with_table(sources, file, diags, |reader, diags| {
            inputs
                .provinces
                .push(provinces::decode(slug, file, reader, diags));
        });
    }
    // Record and content files decode on their own, so in parallel; the results are merged
    // in file order, so the output does not depend on the threads.
    let decoded: Vec<Decoded> = files
        .records
        .par_iter()
        .map(|&file| match record_text {
            RecordText::Read => {
                let (part, part_diags) = decode_records_file(sources, file);
                (part, part_diags, None)
            }
            RecordText::Listed => decode_unread_records_file(root, sources.path(file), file),
        })
        .chain(files.content.par_iter().map(|&(file, is_story)| {
            let mut part = (Inputs::default(), Diagnostics::default(), None);
            content::decode(sources, file, is_story, &mut part.0, &mut part.1);
            part
        }))
        .collect();
    let mut timings = crate::base::timings::Timings::start();
    let records = decoded.iter().map(|(part, ..)| part.records.len()).sum();
    inputs.records.reserve_exact(records);
    touch_on_all_cores(&mut inputs.records);
    let mut kept = Vec::new();
    for (part, part_diags, text) in decoded {
        kept.extend(text);
        inputs.records.extend(part.records);
        inputs.unresolved_ids.extend(part.unresolved_ids);
        inputs.stories.extend(part.stories);
        inputs.pages.extend(part.pages);
        diags.extend(part_diags);
    }
    timings.lap("load: merge");
    kept
}

/// Writes zeros over the spare room of `items`, on all cores, before the records are moved in
/// one after the other: a million records are 328 MB of memory the kernel hands out for the
/// first time, and its first touches are most of the moving's cost.
fn touch_on_all_cores<T: Send>(items: &mut Vec<T>) {
    items
        .spare_capacity_mut()
        .par_chunks_mut(4096)
        .for_each(|chunk| chunk.fill_with(std::mem::MaybeUninit::zeroed));
}

/// Reads and decodes one record file listed but not read ([`RecordText::Listed`]). Each thread
/// reads into one buffer, kept from file to file; the text is copied out only for a file with
/// a problem to show.
fn decode_unread_records_file(root: &Path, path: &Path, file: FileId) -> Decoded {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut diags = Diagnostics::default();
    let decoded = BUFFER.with_borrow_mut(|buffer| {
        files::with_text(root, file, path, buffer, &mut diags, |text| {
            let (part, part_diags) = decode_records_text(file, text);
            let kept = (!part_diags.is_empty()).then(|| (file, text.to_string()));
            (part, part_diags, kept)
        })
    });
    match decoded {
        Ok(decoded) => decoded,
        Err(shown) => (Inputs::default(), diags, Some((file, shown))),
    }
}

/// Decodes one record file. A large file is parsed in slices of records
/// ([`records::slices`]): a whole parse tree of thousands of records outgrows the allocator's
/// reusable memory, and at a million records the kernel spent a fifth of `check` zeroing fresh
/// pages for them. A slice that does not parse sends the file back to one whole parse, so that
/// syntax errors are reported as always.
fn decode_records_file(sources: &Sources, file: FileId) -> (Inputs, Diagnostics) {
    decode_records_text(file, &sources.get(file).text)
}

/// [`decode_records_file`] for the text of `file`.
fn decode_records_text(file: FileId, text: &str) -> (Inputs, Diagnostics) {
    if let Some(slices) = records::slices(text) {
        let mut part = (Inputs::default(), Diagnostics::default());
        let parsed = slices.into_iter().all(|range| {
            let (mut table, errors) = DeTable::parse_recoverable(&text[range.clone()]);
            if !errors.is_empty() {
                return false;
            }
            let place = Place {
                file,
                offset: range.start,
                path: String::new(),
            };
            limits::shorten_long_values(table.get_mut(), &text[range], false, &place, &mut part.1);
            let reader = TableReader::new(table.get_ref(), place.span(0..0), place);
            let (records, unresolved) = (&mut part.0.records, &mut part.0.unresolved_ids);
            records::decode_file(reader, records, unresolved, &mut part.1);
            true
        });
        if parsed {
            return part;
        }
    }
    let mut part = (Inputs::default(), Diagnostics::default());
    let place = Place {
        file,
        offset: 0,
        path: String::new(),
    };
    parse_toml(text, place, &mut part.1, |reader, diags| {
        let (records, unresolved) = (&mut part.0.records, &mut part.0.unresolved_ids);
        records::decode_file(reader, records, unresolved, diags);
    });
    part
}

/// Parses one TOML file and hands its root table to `decode`. Syntax errors are reported, and
/// the part that parsed is still decoded so that its problems are found too.
fn with_table(
    sources: &Sources,
    file: FileId,
    diags: &mut Diagnostics,
    decode: impl FnOnce(TableReader<'_, '_>, &mut Diagnostics),
) {
    let text = &sources.get(file).text;
    let place = Place {
        file,
        offset: 0,
        path: String::new(),
    };
    parse_toml(text, place, diags, decode);
}

/// Parses TOML text found at `place` (a whole file, or front matter inside one).
pub(crate) fn parse_toml(
    text: &str,
    place: Place,
    diags: &mut Diagnostics,
    decode: impl FnOnce(TableReader<'_, '_>, &mut Diagnostics),
) {
    let (mut table, errors) = DeTable::parse_recoverable(text);
    let mut causes = Vec::with_capacity(errors.len());
    for error in errors {
        let span = place.span(error.span().unwrap_or(0..0));
        causes.push(span);
        diags.error(
            span,
            place.path.clone(),
            Problem::TomlSyntax {
                message: error.message().trim().to_string(),
            },
        );
    }
    let recovered = !causes.is_empty();
    limits::shorten_long_values(table.get_mut(), text, recovered, &place, diags);
    let mark = diags.len();
    let span = place.span(0..0);
    let reader = TableReader::new(table.get_ref(), span, place);
    decode(reader, diags);
    if !causes.is_empty() {
        diags.forget_inside(mark, &causes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(i: usize, note: &str) -> String {
        format!(
            "[[family]]\nid = \"gd-{i}\"\nname = \"Gia đình {i}\"\nprovince = \"p\"\n\
             commune = \"Xã A\"\n{note}\n[family.private]\nphone = \"09{i:08}\"\n\n\
             [[family.assessment]]\nround = 2024\ncriteria = {{ a = true, b = {i} }}\n\n"
        )
    }

    /// The records and the rendered diagnostics of `text`, parsed in slices where it can be,
    /// and parsed whole.
    fn sliced_and_whole(text: &str) -> ((String, String), (String, String)) {
        let mut sources = Sources::default();
        let file = sources.add(Path::new("r.toml"), text.to_string());
        let (sliced, sliced_diags) = decode_records_file(&sources, file);
        let mut whole = Inputs::default();
        let mut whole_diags = Diagnostics::default();
        with_table(&sources, file, &mut whole_diags, |reader, diags| {
            records::decode_file(reader, &mut whole.records, &mut whole.unresolved_ids, diags);
        });
        (
            (
                format!("{:?}", sliced.records),
                sliced_diags.render(&sources),
            ),
            (format!("{:?}", whole.records), whole_diags.render(&sources)),
        )
    }

    /// A site with three record files: valid, with a wrong type, not UTF-8.
    fn site_with_problems() -> tempfile::TempDir {
        let site = tempfile::tempdir().expect("temporary folder");
        let records = site.path().join("data/records");
        std::fs::create_dir_all(&records).expect("folders");
        let write = |name: &str, bytes: &[u8]| std::fs::write(records.join(name), bytes);
        write("a.toml", family(1, "").as_bytes()).expect("a");
        write("b.toml", family(2, "members = \"năm\"").as_bytes()).expect("b");
        write("c.toml", b"[[family]]\nid = \"gd-\xE0\"\n").expect("c");
        site
    }

    #[test]
    fn a_lean_load_decodes_as_a_full_one_and_keeps_only_the_text_with_problems() {
        let site = site_with_problems();
        let (full, full_diags) = load_site(site.path());
        let (lean, lean_diags) = load_site_lean(site.path());
        assert_eq!(format!("{:?}", lean.records), format!("{:?}", full.records));
        let rendered = lean_diags.render(&lean.sources);
        assert_eq!(rendered, full_diags.render(&full.sources));
        assert!(rendered.contains("members = \"năm\""), "{rendered}");
        let text_of = |name: &str| {
            let (_, file) = lean
                .sources
                .iter()
                .find(|(_, f)| f.path.ends_with(name))
                .expect(name);
            file.text.clone()
        };
        assert_eq!(text_of("a.toml"), "");
        assert!(text_of("b.toml").contains("năm"));
        assert!(text_of("c.toml").contains("gd-\u{FFFD}"));
    }

    #[test]
    fn a_large_file_is_cut_before_records_of_its_kind() {
        let text: String = (0..600).map(|i| family(i, "")).collect();
        let slices = records::slices(&text).expect("cut");
        assert_eq!(slices.len(), 3);
        assert_eq!(slices[0].start, 0);
        assert_eq!(slices[2].end, text.len());
        assert!(text[slices[1].clone()].starts_with("[[family]]\nid = \"gd-256\""));
    }

    #[test]
    fn small_mixed_or_unusual_files_are_parsed_whole() {
        let many: String = (0..600).map(|i| family(i, "")).collect();
        assert!(records::slices(&(0..10).map(|i| family(i, "")).collect::<String>()).is_none());
        assert!(records::slices(&format!("{many}[[clan]]\nid = \"ho\"\n")).is_none());
        assert!(records::slices(&format!("{many}[other]\nx = 1\n")).is_none());
        assert!(records::slices(&format!("{many}  [[family]]\nid = \"x\"\n")).is_none());
    }

    #[test]
    fn slices_decode_exactly_as_the_whole_file() {
        // Valid records, one with a problem to report (a record without a name).
        let mut text: String = (0..600).map(|i| family(i, "")).collect();
        text.push_str("[[family]]\nid = \"gd-no-name\"\nprovince = \"p\"\ncommune = \"Xã A\"\n");
        // Every slice parses, so the slices are what is decoded (no fallback).
        let slices = records::slices(&text).expect("cut");
        for range in slices {
            assert!(DeTable::parse_recoverable(&text[range]).1.is_empty());
        }
        let (sliced, whole) = sliced_and_whole(&text);
        assert!(whole.1.contains("name"), "{}", whole.1);
        assert!(sliced.0.contains("gd-599"));
        assert_eq!(sliced, whole);
    }

    #[test]
    fn a_cut_inside_a_multi_line_string_falls_back_to_the_whole_file() {
        // Record 255's note holds a line `[[family]]` where the first cut would fall.
        let note = "note = \"\"\"\nxin chào\n\"\"\"";
        let tricky = "note = \"\"\"\n[[family]]\n\"\"\"";
        let text: String = (0..600)
            .map(|i| family(i, if i == 255 { tricky } else { note }))
            .collect();
        assert!(records::slices(&text).is_some());
        let (sliced, whole) = sliced_and_whole(&text);
        assert_eq!(sliced, whole);
    }

    #[test]
    fn a_syntax_error_is_reported_as_in_a_whole_parse() {
        let mut text: String = (0..600).map(|i| family(i, "")).collect();
        text.push_str("[[family]]\nid = \"gd-x\"\nname = \"unterminated\n");
        let (sliced, whole) = sliced_and_whole(&text);
        assert!(!whole.1.is_empty());
        assert_eq!(sliced, whole);
    }
}
