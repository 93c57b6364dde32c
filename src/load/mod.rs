//! Reads a site folder into typed [`Inputs`], collecting every problem on the way.
//!
//! Reading happens in two steps so that parsed TOML can borrow the text: first every file is
//! read (UTF-8 checked, BOM dropped, NFC applied) into [`Sources`]; then each file is parsed
//! and decoded by the module for its part of the site.

mod config;
mod content;
mod files;
mod provinces;
pub mod reader;
mod records;
mod rules;
mod targets;

use std::path::Path;

use rayon::prelude::*;
use toml::de::DeTable;

use crate::diagnostics::Diagnostics;
use crate::inputs::Inputs;
use crate::messages::Problem;
use crate::source::{FileId, Sources};

pub use content::{FrontMatter, FrontMatterError, split_front_matter};
pub use files::{SiteFiles, reread};
use reader::{Place, TableReader};

/// Loads the site at `root`. The inputs hold everything that could be read; the diagnostics say
/// what could not.
pub fn load_site(root: &Path) -> (Inputs, Diagnostics) {
    let mut timings = crate::timings::Timings::start();
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let files = SiteFiles::read(root, &mut sources, &mut diags);
    timings.lap("load: read");
    let mut inputs = Inputs::default();
    decode_all(&files, &sources, &mut inputs, &mut diags);
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
) -> (Vec<crate::inputs::Story>, Vec<crate::inputs::FreePage>) {
    let files = SiteFiles::read_content(root, paths, sources, diags);
    let mut scratch = Inputs::default();
    for &(file, is_story) in &files.content {
        content::decode(sources, file, is_story, &mut scratch, diags);
    }
    (scratch.stories, scratch.pages)
}

/// Decodes one record file given as text, without touching the disk (fuzzing, tests).
pub fn records_from_text(path: &Path, text: &str) -> (Vec<crate::inputs::Record>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let file = sources.add(path, crate::text::nfc(text).into_owned());
    let (part, part_diags) = decode_records_file(&sources, file);
    diags.extend(part_diags);
    (part.records, diags)
}

/// Decodes a rules file given as text, without touching the disk (fuzzing, tests).
pub fn rules_from_text(path: &Path, text: &str) -> (crate::inputs::Rules, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let file = sources.add(path, crate::text::nfc(text).into_owned());
    let mut rules = crate::inputs::Rules::default();
    let mut unresolved = std::collections::BTreeSet::new();
    with_table(&sources, file, &mut diags, |reader, diags| {
        rules = rules::decode(reader, &mut unresolved, diags);
    });
    (rules, diags)
}

fn decode_all(files: &SiteFiles, sources: &Sources, inputs: &mut Inputs, diags: &mut Diagnostics) {
    if let Some(file) = files.config {
        with_table(sources, file, diags, |reader, diags| {
            inputs.config = config::decode(reader, diags);
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
    let decoded: Vec<(Inputs, Diagnostics)> = files
        .records
        .par_iter()
        .map(|&file| decode_records_file(sources, file))
        .chain(files.content.par_iter().map(|&(file, is_story)| {
            let mut part = (Inputs::default(), Diagnostics::default());
            content::decode(sources, file, is_story, &mut part.0, &mut part.1);
            part
        }))
        .collect();
    let mut timings = crate::timings::Timings::start();
    let records = decoded.iter().map(|(part, _)| part.records.len()).sum();
    inputs.records.reserve_exact(records);
    for (part, part_diags) in decoded {
        inputs.records.extend(part.records);
        inputs.unresolved_ids.extend(part.unresolved_ids);
        inputs.stories.extend(part.stories);
        inputs.pages.extend(part.pages);
        diags.extend(part_diags);
    }
    timings.lap("load: merge");
}

/// Decodes one record file. A large file is parsed in slices of records
/// ([`records::slices`]): a whole parse tree of thousands of records outgrows the allocator's
/// reusable memory, and at a million records the kernel spent a fifth of `check` zeroing fresh
/// pages for them. A slice that does not parse sends the file back to one whole parse, so that
/// syntax errors are reported as always.
fn decode_records_file(sources: &Sources, file: FileId) -> (Inputs, Diagnostics) {
    let text = &sources.get(file).text;
    if let Some(slices) = records::slices(text) {
        let mut part = (Inputs::default(), Diagnostics::default());
        let parsed = slices.into_iter().all(|range| {
            let (table, errors) = DeTable::parse_recoverable(&text[range.clone()]);
            if !errors.is_empty() {
                return false;
            }
            let place = Place {
                file,
                offset: range.start,
                path: String::new(),
            };
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
    with_table(sources, file, &mut part.1, |reader, diags| {
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
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let range = error.span().unwrap_or(0..0);
        diags.error(
            place.span(range),
            place.path.clone(),
            Problem::TomlSyntax {
                message: error.message().trim().to_string(),
            },
        );
    }
    let span = place.span(0..0);
    let reader = TableReader::new(table.get_ref(), span, place);
    decode(reader, diags);
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
