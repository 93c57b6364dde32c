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
    let mut diags = Diagnostics::default();
    let mut sources = Sources::default();
    let files = SiteFiles::read(root, &mut sources, &mut diags);
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
    let mut records = Vec::new();
    let mut unresolved = std::collections::BTreeSet::new();
    with_table(&sources, file, &mut diags, |reader, diags| {
        records::decode_file(reader, &mut records, &mut unresolved, diags);
    });
    (records, diags)
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
        .map(|&file| {
            let mut part = (Inputs::default(), Diagnostics::default());
            with_table(sources, file, &mut part.1, |reader, diags| {
                let (records, unresolved) = (&mut part.0.records, &mut part.0.unresolved_ids);
                records::decode_file(reader, records, unresolved, diags);
            });
            part
        })
        .chain(files.content.par_iter().map(|&(file, is_story)| {
            let mut part = (Inputs::default(), Diagnostics::default());
            content::decode(sources, file, is_story, &mut part.0, &mut part.1);
            part
        }))
        .collect();
    for (part, part_diags) in decoded {
        inputs.records.extend(part.records);
        inputs.unresolved_ids.extend(part.unresolved_ids);
        inputs.stories.extend(part.stories);
        inputs.pages.extend(part.pages);
        diags.extend(part_diags);
    }
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
