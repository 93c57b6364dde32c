//! The search index as it is made: every entry's words and filter values, each word's entries
//! and JSON, each chunk's JSON. `serve` keeps it from run to run: a run whose entries keep
//! their places updates only what the changed entries touch, and any other run makes it again,
//! reading only the words of entries it has not seen. Either way the files are made from it
//! by [`IndexState::files`], so an updated index is the index made from scratch.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use ahash::RandomState;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::spellings::Spellings;
use super::words;
use super::{
    CHUNK_SIZE, INDEX_DIR, Meta, PREFIX_LEN, Postings, SearchEntry, encode_postings, json,
    plan_shards, whole_name, whole_name_files, whole_name_keys, word_value,
};

/// A run that changes more entries than this fraction (1/8) of them makes the index again:
/// updating postings one entry at a time would cost more.
const UPDATE_SHARE: usize = 8;

/// The index of the entries of one run, and what it is made of.
#[derive(Debug, Default)]
pub struct IndexState {
    /// Keys the entries: aHash, fast, with keys drawn at random for each index, so that no
    /// text can be written on purpose to share another's key.
    keyer: RandomState,
    spellings: Spellings,
    /// The entries, by id (their place in the run's list).
    entries: Vec<KeptEntry>,
    /// By the number of a folded word: its entries, and each way of marking it with its entries.
    gathered: Vec<Gathered>,
    /// Folded word to its value in a shard, as JSON.
    values: BTreeMap<Box<str>, Vec<u8>>,
    /// Lead word to the entries whose lead holds it.
    leads: BTreeMap<&'static str, Postings>,
    /// The first word of each lead found, with how many entries start with it.
    lead_starts: BTreeMap<&'static str, usize>,
    /// The two-word names of clans, communities and units, joined, to their entries.
    whole_names: BTreeMap<String, Postings>,
    /// Filter name to value to the entries holding it.
    facets: BTreeMap<&'static str, BTreeMap<String, Postings>>,
    /// Each chunk of entries (`ban-ghi/<n>.json`) as JSON, with its digest.
    chunks: Vec<(Vec<u8>, u64)>,
}

/// One entry as the index holds it.
#[derive(Debug, Clone)]
struct KeptEntry {
    /// A hash of everything the index reads of the entry but its body.
    key: u64,
    body: Option<Arc<str>>,
    words: Arc<EntryWords>,
    /// The filter values it holds, each once: `(filter name, value)`.
    facets: Vec<(&'static str, String)>,
}

/// The entries of one folded word, and of each way of marking it (by the marks' number).
#[derive(Debug, Default)]
struct Gathered {
    ids: Postings,
    variants: Vec<(u32, Postings)>,
}

/// The words one entry is found by.
#[derive(Debug)]
struct EntryWords {
    /// The lead phrase its name starts with.
    lead: Option<&'static str>,
    /// Its two-word name after the lead, joined (clans, communities, units).
    whole_name: Option<String>,
    /// Each word of its name after the lead and of its text, once, with its marks: their
    /// numbers in the [`Spellings`] they were read with.
    pairs: Vec<(u32, u32)>,
}

/// The words of one entry as read, before they are numbered.
struct ReadWords {
    lead: Option<&'static str>,
    whole_name: Option<String>,
    /// Each word with its marks, as [`words::key`] writes them.
    keys: FxHashSet<String>,
}

impl IndexState {
    /// The index of `entries`, reading again only the words of entries `earlier` does not
    /// hold (it may be the index of another run, or none).
    pub fn make(entries: &[SearchEntry<'_>], earlier: Option<IndexState>) -> Self {
        let earlier = earlier.unwrap_or_default();
        let known: FxHashMap<u64, KeptEntry> = (earlier.entries.into_iter())
            .map(|kept| (kept.key, kept))
            .collect();
        let mut spellings = earlier.spellings;
        let keyer = earlier.keyer;
        type Read = (
            u64,
            Result<Arc<EntryWords>, ReadWords>,
            Vec<(&'static str, String)>,
        );
        let read: Vec<Read> = (entries.par_iter())
            .map(|entry| {
                let key = entry_key(&keyer, entry);
                let words = (known.get(&key))
                    .filter(|kept| same_body(&kept.body, &entry.body))
                    .map(|kept| Arc::clone(&kept.words));
                (
                    key,
                    words.ok_or_else(|| ReadWords::of(entry)),
                    facet_values(entry),
                )
            })
            .collect();
        let kept: Vec<KeptEntry> = (entries.iter().zip(read))
            .map(|(entry, (key, words, facets))| KeptEntry {
                key,
                body: entry.body.clone(),
                words: words.unwrap_or_else(|read| Arc::new(read.numbered(&mut spellings))),
                facets,
            })
            .collect();
        let mut state = IndexState {
            keyer,
            spellings,
            ..IndexState::default()
        };
        let ((), chunks) = rayon::join(
            || state.gather(&kept),
            || entries.par_chunks(CHUNK_SIZE).map(chunk_json).collect(),
        );
        state.chunks = chunks;
        state.entries = kept;
        state
    }

    /// Makes this the index of `entries` by updating what the entries that changed touch, when
    /// they are the entries of the last run in the same places, few of them changed. Returns
    /// `false`, changing nothing, when they are not.
    pub fn update(&mut self, entries: &[SearchEntry<'_>]) -> bool {
        self.update_tail(0, entries, |_| Vec::new())
    }

    /// [`IndexState::update`] for a run whose first `from` entries are known to be the last
    /// run's, as they were (a story edit leaves the records' entries as they were): `tail`
    /// holds the entries from `from` on, and `head` makes the entries of a range below `from`
    /// when a chunk that holds some of them is made again.
    pub fn update_tail<'a>(
        &mut self,
        from: usize,
        tail: &[SearchEntry<'a>],
        head: impl Fn(Range<usize>) -> Vec<SearchEntry<'a>>,
    ) -> bool {
        let len = from + tail.len();
        if len != self.entries.len() {
            return false;
        }
        let keys: Vec<u64> = (tail.par_iter())
            .map(|entry| entry_key(&self.keyer, entry))
            .collect();
        let changed: Vec<usize> = (from..len)
            .filter(|&id| {
                let (kept, entry) = (&self.entries[id], &tail[id - from]);
                kept.key != keys[id - from] || !same_body(&kept.body, &entry.body)
            })
            .collect();
        if changed.len() * UPDATE_SHARE > len.max(UPDATE_SHARE) {
            return false;
        }
        for &id in &changed {
            let old = self.entries[id].clone();
            self.take_out(id as u32, &old);
        }
        let mut touched = BTreeSet::new();
        for &id in &changed {
            let entry = &tail[id - from];
            let words = ReadWords::of(entry).numbered(&mut self.spellings);
            let new = KeptEntry {
                key: keys[id - from],
                body: entry.body.clone(),
                words: Arc::new(words),
                facets: facet_values(entry),
            };
            self.grow();
            touched.extend(changed_words(&self.entries[id].words, &new.words));
            self.put_in(id as u32, &new);
            self.entries[id] = new;
        }
        for folded in touched {
            self.set_value(folded);
        }
        let chunks: BTreeSet<usize> = changed.iter().map(|&id| id / CHUNK_SIZE).collect();
        for n in chunks {
            // A changed chunk holds a changed entry, so it ends past `from`.
            let (start, end) = (n * CHUNK_SIZE, ((n + 1) * CHUNK_SIZE).min(len));
            self.chunks[n] = if start >= from {
                chunk_json(&tail[start - from..end - from])
            } else {
                let mut entries = head(start..from);
                entries.extend_from_slice(&tail[..end - from]);
                chunk_json(&entries)
            };
        }
        true
    }

    /// Gathers the entries of every word, lead, whole name and filter value from `kept`, in id
    /// order, and makes every word's value.
    fn gather(&mut self, kept: &[KeptEntry]) {
        self.grow();
        for (id, entry) in (0u32..).zip(kept) {
            self.put_in(id, entry);
        }
        let values: Vec<(Box<str>, Vec<u8>)> = (self.gathered.par_iter().enumerate())
            .filter(|(_, gathered)| !gathered.ids.is_empty())
            .map(|(folded, gathered)| {
                let word = self.spellings.text(folded as u32);
                (word.into(), self.value_of(gathered))
            })
            .collect();
        self.values = values.into_iter().collect();
    }

    /// Makes room in the gathered words for every spelling numbered so far.
    fn grow(&mut self) {
        let count = self.spellings.count();
        if self.gathered.len() < count {
            self.gathered.resize_with(count, Gathered::default);
        }
    }

    /// Adds entry `id` to the lists of what `entry` holds.
    fn put_in(&mut self, id: u32, entry: &KeptEntry) {
        let words = &entry.words;
        if let Some(lead) = words.lead {
            let first = lead.split(' ').next().unwrap_or(lead);
            *self.lead_starts.entry(first).or_default() += 1;
            for word in lead.split(' ') {
                insert(self.leads.entry(word).or_default(), id);
            }
        }
        if let Some(whole) = &words.whole_name {
            insert(self.whole_names.entry(whole.clone()).or_default(), id);
        }
        for &(folded, marks) in &words.pairs {
            let gathered = &mut self.gathered[folded as usize];
            insert(&mut gathered.ids, id);
            match gathered.variants.iter_mut().find(|(m, _)| *m == marks) {
                Some((_, ids)) => insert(ids, id),
                None => gathered.variants.push((marks, vec![id])),
            }
        }
        for (facet, value) in &entry.facets {
            let values = self.facets.entry(facet).or_default();
            match values.get_mut(value.as_str()) {
                Some(ids) => insert(ids, id),
                None => {
                    values.insert(value.clone(), vec![id]);
                }
            }
        }
    }

    /// Takes entry `id` out of the lists of what `entry` holds, dropping lists left empty.
    fn take_out(&mut self, id: u32, entry: &KeptEntry) {
        let words = &entry.words;
        if let Some(lead) = words.lead {
            let first = lead.split(' ').next().unwrap_or(lead);
            if let Some(count) = self.lead_starts.get_mut(first) {
                *count -= 1;
                if *count == 0 {
                    self.lead_starts.remove(first);
                }
            }
            for word in lead.split(' ') {
                remove_from(&mut self.leads, word, id);
            }
        }
        if let Some(whole) = &words.whole_name {
            remove_from(&mut self.whole_names, whole.as_str(), id);
        }
        for &(folded, marks) in &words.pairs {
            let gathered = &mut self.gathered[folded as usize];
            remove(&mut gathered.ids, id);
            if let Some(at) = gathered.variants.iter().position(|(m, _)| *m == marks) {
                remove(&mut gathered.variants[at].1, id);
                if gathered.variants[at].1.is_empty() {
                    gathered.variants.swap_remove(at);
                }
            }
        }
        for (facet, value) in &entry.facets {
            if let Some(values) = self.facets.get_mut(facet) {
                remove_from(values, value.as_str(), id);
                if values.is_empty() {
                    self.facets.remove(facet);
                }
            }
        }
    }

    /// Makes again the value of the folded word numbered `folded`, or drops the word when no
    /// entry holds it any more.
    fn set_value(&mut self, folded: u32) {
        let gathered = &self.gathered[folded as usize];
        let word = self.spellings.text(folded);
        if gathered.ids.is_empty() {
            self.values.remove(word);
        } else {
            let value = self.value_of(gathered);
            self.values.insert(word.into(), value);
        }
    }

    /// The JSON of a word's value in its shard.
    fn value_of(&self, gathered: &Gathered) -> Vec<u8> {
        let variants: BTreeMap<&str, &Postings> = (gathered.variants.iter())
            .map(|(marks, ids)| (self.spellings.text(*marks), ids))
            .collect();
        json(&word_value(&gathered.ids, &variants))
    }

    /// The files of the index, paths relative to the output root, sorted by path.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let sized: Vec<(&str, usize)> = (self.values.iter())
            .map(|(word, value)| (&**word, word.len() + value.len() + 4))
            .collect();
        let shards = plan_shards(&sized);
        let mut files: Vec<(String, Vec<u8>)> = (shards.iter())
            .map(|(key, members)| (format!("{INDEX_DIR}/tu/{key}.json"), self.shard(members)))
            .collect();
        files.extend(self.facet_files());
        files.extend(whole_name_files(&self.whole_names));
        files.extend(self.leads.values().enumerate().map(|(i, ids)| {
            let path = format!("{INDEX_DIR}/dau/{i}.json");
            (path, json(&encode_postings(ids)))
        }));
        let mut digested: Vec<(String, Vec<u8>, u64)> = (files.into_par_iter())
            .map(|(path, body)| {
                let digest = fnv(&body);
                (path, body, digest)
            })
            .collect();
        digested.extend((self.chunks.iter().enumerate()).map(|(n, (body, digest))| {
            (
                format!("{INDEX_DIR}/ban-ghi/{n}.json"),
                body.clone(),
                *digest,
            )
        }));
        let meta = Meta {
            version: version(&mut digested),
            count: self.entries.len(),
            prefix_len: PREFIX_LEN,
            chunk_size: CHUNK_SIZE,
            shards: shards.keys().map(String::as_str).collect(),
            lead_words: self.leads.keys().copied().collect(),
            lead_starts: self.lead_starts.keys().copied().collect(),
            names: whole_name_keys(&self.whole_names),
            facets: (self.facets.iter())
                .map(|(facet, values)| (*facet, values.keys().map(String::as_str).collect()))
                .collect(),
        };
        let mut files: Vec<(String, Vec<u8>)> = (digested.into_iter())
            .map(|(path, body, _)| (path, body))
            .collect();
        files.push((format!("{INDEX_DIR}/meta.json"), json(&meta)));
        files.sort();
        files
    }

    /// A shard's JSON: `{"word":value,...}` for its words, in order.
    fn shard(&self, members: &[&str]) -> Vec<u8> {
        let mut body = vec![b'{'];
        for (n, word) in members.iter().enumerate() {
            if n > 0 {
                body.push(b',');
            }
            body.extend(json(word));
            body.push(b':');
            body.extend(self.values.get(*word).map_or(&b"null"[..], Vec::as_slice));
        }
        body.push(b'}');
        body
    }

    /// Filter files are named by the value's position, so no value can name a path.
    fn facet_files(&self) -> Vec<(String, Vec<u8>)> {
        (self.facets.iter())
            .flat_map(|(facet, values)| {
                values.values().enumerate().map(move |(i, ids)| {
                    let path = format!("{INDEX_DIR}/loc/{facet}-{i}.json");
                    (path, json(&encode_postings(ids)))
                })
            })
            .collect()
    }
}

impl ReadWords {
    fn of(entry: &SearchEntry<'_>) -> Self {
        let mut name = words::words(&entry.name);
        let lead = words::lead(&entry.kind, &name).map(|(lead, taken)| {
            name.drain(..taken);
            lead
        });
        let whole_name = whole_name(&entry.kind, &name);
        let mut keys: FxHashSet<String> = name.iter().map(words::key).collect();
        for part in &entry.text {
            words::add_keys(part, &mut keys);
        }
        if let Some(body) = &entry.body {
            words::add_keys(body, &mut keys);
        }
        ReadWords {
            lead,
            whole_name,
            keys,
        }
    }

    fn numbered(self, spellings: &mut Spellings) -> EntryWords {
        let pairs = (self.keys.iter())
            .filter_map(|key| key.split_once(' '))
            .map(|(folded, marks)| (spellings.number(folded), spellings.number(marks)))
            .collect();
        EntryWords {
            lead: self.lead,
            whole_name: self.whole_name,
            pairs,
        }
    }
}

/// The folded words of which `old` and `new` hold a different set of ways of marking: the
/// only words whose values an entry's change from `old` to `new` can change.
fn changed_words(old: &EntryWords, new: &EntryWords) -> Vec<u32> {
    let old: FxHashSet<(u32, u32)> = old.pairs.iter().copied().collect();
    let new: FxHashSet<(u32, u32)> = new.pairs.iter().copied().collect();
    (old.symmetric_difference(&new))
        .map(|&(folded, _)| folded)
        .collect()
}

/// Whether two bodies are the same text: the same shared text, as a body is from run to run
/// when its file was not read again, or equal ones.
fn same_body(kept: &Option<Arc<str>>, body: &Option<Arc<str>>) -> bool {
    match (kept, body) {
        (Some(kept), Some(body)) => Arc::ptr_eq(kept, body) || kept == body,
        (kept, body) => kept.is_none() && body.is_none(),
    }
}

/// A hash of everything the index reads of `entry` but its body, by `keyer`.
fn entry_key(keyer: &RandomState, entry: &SearchEntry<'_>) -> u64 {
    keyer.hash_one((
        &entry.url,
        &entry.name,
        &entry.kind,
        &entry.province,
        &entry.commune,
        &entry.titles,
        &entry.text,
    ))
}

/// The filter values `entry` holds, each once, in the page's filter names.
fn facet_values(entry: &SearchEntry<'_>) -> Vec<(&'static str, String)> {
    let titles: BTreeSet<&str> = entry.titles.iter().map(|title| &**title).collect();
    [("tinh", &*entry.province), ("loai", &*entry.kind)]
        .into_iter()
        .chain(titles.into_iter().map(|title| ("danh-hieu", title)))
        .filter(|(_, value)| !value.is_empty())
        .map(|(facet, value)| (facet, value.to_string()))
        .collect()
}

/// The JSON of a chunk of entries, `[[url, name, commune], ...]`, with its digest.
fn chunk_json(chunk: &[SearchEntry<'_>]) -> (Vec<u8>, u64) {
    let rows: Vec<[&str; 3]> = (chunk.iter())
        .map(|e| [&*e.url, &*e.name, &*e.commune])
        .collect();
    let body = json(&rows);
    let digest = fnv(&body);
    (body, digest)
}

/// Adds `id` to ascending `ids`, once: at the end when it is the greatest, as when every
/// entry is gathered in id order.
fn insert(ids: &mut Postings, id: u32) {
    match ids.last() {
        Some(&last) if last >= id => {
            if let Err(at) = ids.binary_search(&id) {
                ids.insert(at, id);
            }
        }
        _ => ids.push(id),
    }
}

/// Takes `id` out of ascending `ids`.
fn remove(ids: &mut Postings, id: u32) {
    if let Ok(at) = ids.binary_search(&id) {
        ids.remove(at);
    }
}

/// Takes `id` out of the entries of `key` in `lists`, and the key out when none is left.
fn remove_from<K, Q>(lists: &mut BTreeMap<K, Postings>, key: &Q, id: u32)
where
    K: std::borrow::Borrow<Q> + Ord,
    Q: Ord + ?Sized,
{
    if let Some(ids) = lists.get_mut(key) {
        remove(ids, id);
        if ids.is_empty() {
            lists.remove(key);
        }
    }
}

/// FNV-1a (64 bits): stable across runs and machines, unlike std's hasher.
fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The index's version: FNV-1a over every file's path and digest, in path order.
fn version(files: &mut [(String, Vec<u8>, u64)]) -> String {
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut listed = Vec::with_capacity(files.len() * 48);
    for (path, _, digest) in files.iter() {
        listed.extend_from_slice(path.as_bytes());
        listed.push(0);
        listed.extend_from_slice(&digest.to_le_bytes());
    }
    format!("{:016x}", fnv(&listed))
}
