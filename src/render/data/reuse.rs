//! Open data made again from the last run's pieces: a piece is made from its records alone, so
//! `serve` makes again only the pieces whose records changed and takes the others as they were.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

use super::{
    AWARDS, CsvRow, Dataset, HONOURS, JSON_CLOSING, JSON_OPENING, OpenDataSet, RECORDS_PER_PIECE,
    award_rows, csv_header, csv_rows, file_url, honour_rows, json_rows, open_data_files,
};
use crate::model::{RecordView, Site};
use crate::render::{Origin, OutputFile, output_path};

/// The fingerprint that stands for a record with none: its pieces are always made again.
pub const UNKNOWN_PRINT: u64 = u64::MAX;

/// The pieces of the open data one run made, by a digest of what each was made from, for the
/// next run to take.
#[derive(Debug, Default)]
pub struct DataPieces {
    /// The fingerprint of each record of the site, in the site's order (a digest of its public
    /// view, which is all its rows show).
    record_prints: Vec<u64>,
    /// How many records' rows make a piece.
    per_piece: usize,
    /// The last run's pieces.
    kept: HashMap<u64, Arc<[u8]>>,
    /// This run's, handed to the next.
    made: Mutex<HashMap<u64, Arc<[u8]>>>,
}

impl DataPieces {
    /// No pieces yet, for a site whose records have the fingerprints `record_prints`.
    pub fn new(record_prints: Vec<u64>) -> Self {
        DataPieces {
            record_prints,
            per_piece: RECORDS_PER_PIECE,
            ..DataPieces::default()
        }
    }

    /// The fingerprint of each record of the site, in the site's order.
    pub fn record_prints(&self) -> &[u64] {
        &self.record_prints
    }

    /// For the next run, over records with the fingerprints `record_prints`: the pieces this
    /// run made (shared, not copied; this run keeps them too, in case the next one fails).
    pub fn handed_on(&self, record_prints: Vec<u64>) -> DataPieces {
        let made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        DataPieces {
            record_prints,
            per_piece: self.per_piece,
            kept: made.clone(),
            made: Mutex::default(),
        }
    }

    /// The piece made from what `key` digests: the last run's, or `make`'s. Without a key the
    /// piece is made, and not kept.
    fn piece(&self, key: Option<u64>, make: impl FnOnce() -> Vec<u8>) -> Arc<[u8]> {
        let Some(key) = key else {
            return Arc::from(make());
        };
        let piece = match self.kept.get(&key) {
            Some(piece) => Arc::clone(piece),
            None => Arc::from(make()),
        };
        (self.made.lock().unwrap_or_else(PoisonError::into_inner)).insert(key, Arc::clone(&piece));
        piece
    }
}

/// The CSV and JSON files of `set`, whole, as [`open_data_files`] makes them, with the pieces
/// whose records did not change taken from the last run.
pub fn open_data_files_reusing(
    site: &Site,
    set: OpenDataSet,
    pieces: &DataPieces,
) -> Vec<OutputFile> {
    if pieces.record_prints.len() != site.records.len() || pieces.per_piece == 0 {
        return open_data_files(site, set);
    }
    match set {
        OpenDataSet::Honours => {
            dataset_files(site, &HONOURS, pieces, |records| honour_rows(site, records))
        }
        OpenDataSet::Awards => dataset_files(site, &AWARDS, pieces, award_rows),
        OpenDataSet::Progress => open_data_files(site, set),
    }
}

/// The CSV and JSON files of `dataset`, whose rows `rows` makes from a slice of records.
fn dataset_files<'a, T: Serialize + CsvRow>(
    site: &'a Site,
    dataset: &Dataset,
    pieces: &DataPieces,
    rows: impl Fn(&'a [RecordView]) -> Vec<T>,
) -> Vec<OutputFile> {
    let settings = settings_digest(site, dataset);
    let mut csv_pieces = Vec::new();
    let mut json_pieces = Vec::new();
    let mut first = true;
    let slices = site.records.chunks(pieces.per_piece);
    let prints = pieces.record_prints.chunks(pieces.per_piece);
    for (records, prints) in slices.zip(prints) {
        // The rows, made at most once, and only if a piece must be made again.
        let mut made: Option<Vec<T>> = None;
        let csv_piece = pieces.piece(piece_key(settings, "csv", first, prints), || {
            csv_rows(made.get_or_insert_with(|| rows(records)))
        });
        let json_piece = pieces.piece(piece_key(settings, "json", first, prints), || {
            json_rows(made.get_or_insert_with(|| rows(records)), first)
        });
        // A piece with rows holds bytes; one without holds none.
        first &= json_piece.is_empty();
        csv_pieces.push(csv_piece);
        json_pieces.push(json_piece);
    }
    let csv = joined(&csv_header(dataset.columns), &csv_pieces, &[]);
    let json = joined(JSON_OPENING, &json_pieces, JSON_CLOSING);
    let base_path = &site.meta.base_path;
    [(csv, "csv"), (json, "json")]
        .into_iter()
        .map(|(bytes, ext)| {
            let path = output_path(&file_url(site, dataset, ext), base_path);
            OutputFile::new(path, bytes).made_by(Origin::OpenData)
        })
        .collect()
}

/// `head`, `pieces` and `tail` in one buffer, made at its full size at once (a national
/// honours file is 150 MB: growing it would copy it again and again).
fn joined(head: &[u8], pieces: &[Arc<[u8]>], tail: &[u8]) -> Vec<u8> {
    let size = head.len() + pieces.iter().map(|p| p.len()).sum::<usize>() + tail.len();
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(head);
    for piece in pieces {
        bytes.extend_from_slice(piece);
    }
    bytes.extend_from_slice(tail);
    bytes
}

/// A digest of what every piece of `dataset` depends on beside its records: the dataset and
/// the site's settings (its address is in the rows).
fn settings_digest(site: &Site, dataset: &Dataset) -> u64 {
    let mut hasher = DefaultHasher::new();
    dataset.stem.hash(&mut hasher);
    serde_json::to_vec(&site.meta)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

/// The key of one piece: the file, whether it holds the file's first rows, and its records;
/// none when one of them has no fingerprint.
fn piece_key(settings: u64, ext: &str, first: bool, prints: &[u64]) -> Option<u64> {
    if prints.contains(&UNKNOWN_PRINT) {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    (settings, ext, first, prints).hash(&mut hasher);
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::super::tests::demo_site;
    use super::*;

    /// Fingerprints standing for the records' views: each record's name and rounds.
    fn prints_of(site: &Site) -> Vec<u64> {
        (site.records.iter())
            .map(|record| {
                let mut hasher = DefaultHasher::new();
                serde_json::to_vec(record)
                    .unwrap_or_default()
                    .hash(&mut hasher);
                hasher.finish()
            })
            .collect()
    }

    fn files_of(site: &Site, pieces: &DataPieces) -> Vec<Vec<u8>> {
        [OpenDataSet::Honours, OpenDataSet::Awards]
            .into_iter()
            .flat_map(|set| open_data_files_reusing(site, set, pieces))
            .map(|file| file.bytes)
            .collect()
    }

    fn fresh_files(site: &Site) -> Vec<Vec<u8>> {
        [OpenDataSet::Honours, OpenDataSet::Awards]
            .into_iter()
            .flat_map(|set| open_data_files(site, set))
            .map(|file| file.bytes)
            .collect()
    }

    /// Pieces of three records' rows, so that the demo's files have many.
    fn small_pieces(site: &Site) -> DataPieces {
        DataPieces {
            per_piece: 3,
            ..DataPieces::new(prints_of(site))
        }
    }

    /// How many of the pieces `next` made are not shared with `last`.
    fn made_again(last: &DataPieces, next: &DataPieces) -> usize {
        let last = last.made.lock().expect("not poisoned");
        let next = next.made.lock().expect("not poisoned");
        (next.values())
            .filter(|piece| !last.values().any(|kept| Arc::ptr_eq(kept, piece)))
            .count()
    }

    /// Files made from the last run's pieces equal files made from nothing, run after run,
    /// while records change, go and come back; and only a changed record's pieces are made
    /// again.
    #[test]
    fn pieces_kept_from_the_last_run_make_the_same_files() {
        let mut site = demo_site();
        let first = small_pieces(&site);
        assert_eq!(files_of(&site, &first), fresh_files(&site));
        assert!(site.records.len() > 9, "the demo has many pieces");

        let renamed = site.records.iter().position(|r| !r.rounds.is_empty());
        let renamed = renamed.expect("the demo has a record with rounds");
        site.records[renamed].name.push_str(" (sửa)");
        let second = first.handed_on(prints_of(&site));
        let files = files_of(&site, &second);
        assert_eq!(files, fresh_files(&site));
        let csv = String::from_utf8_lossy(&files[0]);
        assert!(
            csv.contains(" (sửa)"),
            "the renamed record's rows are made again"
        );
        // Its piece of each of the four files, and nothing else.
        assert_eq!(made_again(&first, &second), 4);

        let removed = site.records.remove(0);
        let third = second.handed_on(prints_of(&site));
        assert_eq!(files_of(&site, &third), fresh_files(&site));
        site.records.insert(0, removed);
        let fourth = third.handed_on(prints_of(&site));
        assert_eq!(files_of(&site, &fourth), fresh_files(&site));
    }

    /// With fingerprints that do not fit the site's records, nothing is taken from the last
    /// run.
    #[test]
    fn pieces_for_other_records_are_not_taken() {
        let mut site = demo_site();
        let pieces = small_pieces(&site);
        files_of(&site, &pieces);
        site.records.pop();
        let next = pieces.handed_on(prints_of(&site).into_iter().chain([0]).collect());
        assert_eq!(files_of(&site, &next), fresh_files(&site));
    }
}
