//! The `/tim-kiem/` search index: static JSON files that `tim-kiem.js` fetches piece by piece, so
//! a query downloads only the shards of its words and the chunks of the results it shows.
//!
//! Layout under `tim-kiem/chi-muc/` (all JSON, compact, sorted, byte-for-byte stable):
//!
//! ```text
//! meta.json            {"version","count","prefix_len","chunk_size","shards":[keys],"facets":{facet:[values]}}
//! tu/<key>.json        {"<token>":[postings], ...}  the folded name words of one shard
//! dau/<i>.json         [postings]                   entries whose lead holds lead word i
//! ten/<key>.json       {"<word>-<word>":[postings]} two-word names of clans, communities, units
//! ban-ghi/<n>.json     [[url, name, commune], ...]  entries n*chunk_size .. (n+1)*chunk_size
//! loc/<facet>-<i>.json [postings]                   entries holding value i of a filter
//! ```
//!
//! An entry's id is its position in the list given to [`search_files`], so results come out in
//! the caller's order (the site's Vietnamese collation order). Postings are ascending ids, written
//! as gaps from the previous id (the first from -1), where a negative number `-k` stands for `k`
//! more consecutive ids: `[3, -2, 10]` is ids 2, 3, 4, 14.
//!
//! Shards: words are grouped by their first [`PREFIX_LEN`] letters; a group larger than
//! [`SHARD_BUDGET`] bytes is split by one more letter, again and again, and the words equal to
//! the group's prefix go to an exact shard whose key ends in `_`. Words shorter than
//! [`PREFIX_LEN`] letters always have an exact shard. A query word of [`PREFIX_LEN`] letters or
//! more matches every indexed word it starts (`ngu` finds `nguyen`); a shorter one matches only
//! itself, so typing one letter never downloads a whole letter of the index.
//!
//! A word whose entries write it in different ways ("Đình", "Định", "Dinh") has the
//! form `[postings, dominant, marks, postings, marks, postings...]`: the postings of all, the
//! marks most of them have, then the entries that write it some other way and never the
//! dominant way (see [`words::Word`] for the marks), when those are at most an eighth of all.
//!
//! Names and the text of stories are indexed as words, except the lead words every name of a
//! kind starts with ("Gia đình ông", "Dòng họ", "Thôn"): each of their words
//! (`meta.lead_words`) has the postings of the names whose lead holds it (`dau/<i>.json`),
//! fetched only when a query word is one of them. Province, kind and title are filters, so a word never hits a commune's name by
//! accident. Every query word must match (AND). Each word scores 4 for a whole word written
//! with the query's diacritics (or typed without any), 3 for a whole word written otherwise,
//! 2 for a word it starts, 1 for a lead word. A lead word is looked up only when the query
//! spells out a lead (two lead words in a row, or a query that starts with the first word of a
//! lead and goes on: "Dòng họ …", "Thôn …"; then it scores 4) or when the word is
//! no whole word of any name or text: "Nguyễn Đình" is not found in every "Gia đình". The two-word name of a clan,
//! community or unit after its lead is also kept whole (`ten/<first letters>.json`:
//! `{"nguyen-dinh": [postings]}`), and a two-word query of exactly those words adds 1, so that
//! "Nguyễn Đình" lists Dòng họ Nguyễn Đình before Gia đình ông Nguyễn Đình An. Results come by
//! total score, then in id order.

//!
//! The page (`themes/default/templates/search.html`) and `tim-kiem.js` agree on this DOM:
//!
//! ```text
//! <form id="tim-kiem" method="get" data-index="/tim-kiem/chi-muc/"
//!       data-msg-found="Tìm thấy {n} kết quả" data-msg-none="Không tìm thấy kết quả nào"
//!       data-msg-loading="Đang tìm…" data-msg-error="Không tải được chỉ mục tìm kiếm."
//!       data-msg-more="Xem thêm kết quả">
//!   <input id="q" name="q" type="search">
//!   <select id="loc-tinh" name="tinh">  <select id="loc-loai" name="loai">
//!   <select id="loc-danh-hieu" name="danh-hieu">   (each with <option value="">: all)
//! </form>
//! <p id="ket-qua-trang-thai" role="status" aria-live="polite"></p>
//! <ol id="ket-qua"></ol>
//! ```
//!
//! `data-index` is resolved against the page (previews under another base path work); every
//! `data-msg-*` is optional and `{n}` is the count, formatted for the page's language. Each
//! result is `<li><a href="URL">NAME</a> — COMMUNE</li>`, built with `textContent`, 20 at a time
//! with a "more" button after the list. `?q=&tinh=&loai=&danh-hieu=` in the address run a
//! search on load, and every search writes them back (`history.replaceState`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

mod spellings;
mod state;
mod words;

use state::IndexState;

use super::UNKNOWN_PRINT;

/// The index folder, relative to the output root.
pub const INDEX_DIR: &str = "tim-kiem/chi-muc";
/// Entries per document chunk (`ban-ghi/<n>.json`).
pub const CHUNK_SIZE: usize = 64;
/// Letters of a word that pick its shard before any split.
pub const PREFIX_LEN: usize = 2;
/// A shard larger than this (in JSON bytes, before compression) is split by one more letter.
pub const SHARD_BUDGET: usize = 12 * 1024;
/// Ends the key of a shard that holds exactly one word, not every word it starts.
const EXACT_MARK: char = '_';
/// The ways of writing a word other than the commonest are told apart only when they are at
/// most this fraction (1/8) of its entries.
const MINOR_SHARE: usize = 8;
/// Joins the words of a whole name into one token; [`fold`] never writes it.
const WHOLE_NAME_JOIN: &str = "-";

/// One public record as the search page shows and filters it.
///
/// Build these from the public view only: whatever is here is published.
#[derive(Debug, Clone, Deserialize)]
pub struct SearchEntry<'a> {
    /// The record page, as the browser should link it (`/ho-so/<id>/`).
    pub url: Cow<'a, str>,
    /// The display name, searched without diacritics.
    pub name: Cow<'a, str>,
    /// `family`, `clan`, `community`, `unit` or `citizen`.
    pub kind: Cow<'a, str>,
    /// The province slug.
    pub province: Cow<'a, str>,
    /// The commune's display name, shown after the name.
    pub commune: Cow<'a, str>,
    /// Ids of the titles held in any round.
    pub titles: Vec<Cow<'a, str>>,
    /// More words to find the entry by, not shown (a story's summary), in parts read as if
    /// joined by spaces.
    #[serde(default)]
    pub text: Vec<Cow<'a, str>>,
    /// A long text to find the entry by, read after `text` (a story's body): shared, as the
    /// texts of a national site are megabytes, and known again by its address from run to run.
    #[serde(default)]
    pub body: Option<Arc<str>>,
}

/// The search normal form of `text`: decomposed, combining marks dropped, `đ`/`Đ` as `d`, ASCII
/// lower case, every run of other characters one space, trimmed.
///
/// "Nguyễn Văn Hoà" and "NGUYEN van hòa" both give `nguyen van hoa`. `tim-kiem.js` has the same
/// function; keep the two identical.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.push(c);
        } else {
            pending_space = true;
        }
    }
    folded
}

/// The files of the search index, paths relative to the output root, sorted by path.
///
/// Entries keep the order given: it is the order results are listed in.
pub fn search_files(entries: &[SearchEntry<'_>]) -> Vec<(String, Vec<u8>)> {
    IndexState::make(entries, None).files()
}

/// The entries of a site for [`search_files_with`]: the stories' made, the records' made by
/// `records` (a range of them, in the site's order) only when the index needs them.
pub struct SiteEntries<'s, 'a> {
    /// A fingerprint of each record's public view (all its entry shows), in the site's order;
    /// empty when unknown. While they are the last run's, so are the records' entries.
    pub record_prints: &'s [u64],
    pub record_count: usize,
    pub records: &'s dyn Fn(Range<usize>) -> Vec<SearchEntry<'a>>,
    /// The entries after the records'.
    pub stories: Vec<SearchEntry<'a>>,
}

impl std::fmt::Debug for SiteEntries<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteEntries")
            .field("record_count", &self.record_count)
            .field("stories", &self.stories.len())
            .finish_non_exhaustive()
    }
}

impl<'a> SiteEntries<'_, 'a> {
    /// Every entry, the records' then the stories'.
    fn all(&self) -> Vec<SearchEntry<'a>> {
        let mut all = (self.records)(0..self.record_count);
        all.extend_from_slice(&self.stories);
        all
    }

    /// Whether the records' entries are those of a run whose records had `prints`.
    fn records_as_in(&self, prints: &[u64]) -> bool {
        !prints.is_empty()
            && prints.len() == self.record_count
            && prints == self.record_prints
            && !prints.contains(&UNKNOWN_PRINT)
    }
}

/// [`search_files`], with the index of the last run kept in `cache`: when the entries are the
/// same in the same places but a few, only what those few touch is made again (a preview's
/// edit), and while the records are those of the last run, their entries are not even made;
/// otherwise only the entries not seen in the last run are read again.
pub fn search_files_with(
    entries: SiteEntries<'_, '_>,
    cache: &IndexCache,
) -> Vec<(String, Vec<u8>)> {
    let earlier = cache.kept.lock().unwrap_or_else(|e| e.into_inner()).take();
    let state = next_state(&entries, earlier);
    let files = state.files();
    let prints = entries.record_prints.to_vec();
    *cache.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some((state, prints));
    files
}

/// The index of `entries`, from `earlier` (the last run's, with its records' fingerprints):
/// updated from the stories alone while the records' fingerprints are the same, else updated
/// from every entry, else made again; every entry is made at most once.
fn next_state(
    entries: &SiteEntries<'_, '_>,
    earlier: Option<(IndexState, Vec<u64>)>,
) -> IndexState {
    let Some((mut state, prints)) = earlier else {
        return IndexState::make(&entries.all(), None);
    };
    if entries.records_as_in(&prints)
        && state.update_tail(entries.record_count, &entries.stories, entries.records)
    {
        return state;
    }
    let all = entries.all();
    if state.update(&all) {
        state
    } else {
        IndexState::make(&all, Some(state))
    }
}

/// The index of the last run, with its records' fingerprints, kept by `serve` from run to
/// run.
#[derive(Debug, Default)]
pub struct IndexCache {
    kept: Mutex<Option<(IndexState, Vec<u64>)>>,
}

/// What `meta.json` holds: everything a query needs before it fetches shards.
#[derive(Serialize)]
struct Meta<'a> {
    /// A hash of every other file's path and digest, appended to their URLs so no browser mixes
    /// two builds.
    version: String,
    count: usize,
    prefix_len: usize,
    chunk_size: usize,
    shards: Vec<&'a str>,
    /// The words of the lead phrases; word `i` has its postings in `dau/<i>.json`.
    lead_words: Vec<&'static str>,
    /// The first words of the lead phrases.
    lead_starts: Vec<&'static str>,
    /// The keys of the `ten/<key>.json` files.
    names: Vec<String>,
    /// Filter name (as in the page's form) to its values, sorted; value `i` is `loc/<facet>-<i>`.
    facets: BTreeMap<&'static str, Vec<&'a str>>,
}

/// Ascending entry ids.
type Postings = Vec<u32>;

/// The name of a clan, community or unit after its lead, as one token (`nguyen-dinh`), when
/// it has two words: a query of exactly those words ranks that name first.
fn whole_name(kind: &str, name: &[words::Word]) -> Option<String> {
    let named = matches!(kind, "clan" | "community" | "unit") && name.len() == 2;
    named.then(|| {
        let parts: Vec<&str> = name.iter().map(|w| w.folded.as_str()).collect();
        parts.join(WHOLE_NAME_JOIN)
    })
}

fn whole_name_keys(names: &BTreeMap<String, Postings>) -> Vec<String> {
    let keys: BTreeSet<&str> = names
        .keys()
        .map(|name| first_letters(name, PREFIX_LEN))
        .collect();
    keys.into_iter().map(str::to_string).collect()
}

/// The whole names, in one file per first two letters (`ten/ng.json`).
fn whole_name_files(names: &BTreeMap<String, Postings>) -> Vec<(String, Vec<u8>)> {
    let mut files: BTreeMap<&str, BTreeMap<&str, Vec<i64>>> = BTreeMap::new();
    for (name, ids) in names {
        let key = first_letters(name, PREFIX_LEN);
        files
            .entry(key)
            .or_default()
            .insert(name, encode_postings(ids));
    }
    files
        .into_iter()
        .map(|(key, body)| (format!("{INDEX_DIR}/ten/{key}.json"), json(&body)))
        .collect()
}

/// A word's postings, or `[postings, dominant marks, marks, postings...]` when its entries do
/// not all write it the same way, or write it with marks.
fn word_value(ids: &Postings, variants: &BTreeMap<&str, &Postings>) -> Value {
    let postings = serde_json::json!(encode_postings(ids));
    let dominant = variants
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
        .map(|(&marks, _)| marks)
        .unwrap_or_default();
    if variants.len() < 2 {
        return postings;
    }
    // An entry that also writes the word the dominant way counts as written that way.
    let with_dominant: &[u32] = variants.get(dominant).map_or(&[], |ids| ids);
    let others: Vec<(&str, Postings)> = variants
        .iter()
        .filter(|(marks, _)| **marks != dominant)
        .map(|(marks, ids)| (*marks, without(ids, with_dominant)))
        .filter(|(_, only)| !only.is_empty())
        .collect();
    // Told apart only when the other ways are rare: the lists would cost more than they help.
    let apart: usize = others.iter().map(|(_, only)| only.len()).sum();
    if others.is_empty() || apart * MINOR_SHARE > ids.len() {
        return postings;
    }
    let mut value = vec![postings, Value::from(dominant)];
    for (marks, only) in others {
        value.push(Value::from(marks));
        value.push(serde_json::json!(encode_postings(&only)));
    }
    Value::Array(value)
}

/// The ids of ascending `ids` that ascending `taken` does not hold.
fn without(ids: &[u32], taken: &[u32]) -> Postings {
    let mut rest = taken.iter().peekable();
    (ids.iter().copied())
        .filter(|&id| {
            while rest.next_if(|&&t| t < id).is_some() {}
            rest.peek() != Some(&&id)
        })
        .collect()
}

/// Postings as gaps, with runs of consecutive ids folded into one negative count.
fn encode_postings(ids: &[u32]) -> Vec<i64> {
    let mut encoded = Vec::new();
    let mut previous = -1i64;
    let mut run = 0i64;
    for &id in ids {
        let id = i64::from(id);
        if id == previous + 1 && !encoded.is_empty() {
            run += 1;
        } else {
            push_run(&mut encoded, run);
            run = 0;
            encoded.push(id - previous);
        }
        previous = id;
    }
    push_run(&mut encoded, run);
    encoded
}

fn push_run(encoded: &mut Vec<i64>, run: i64) {
    match run {
        0 => {}
        1 => encoded.push(1),
        _ => encoded.push(-run),
    }
}

/// Shard key to the words it holds, from each word with its size in a shard, in word order.
fn plan_shards<'a>(sized: &[(&'a str, usize)]) -> BTreeMap<String, Vec<&'a str>> {
    let mut shards = BTreeMap::new();
    for group in
        sized.chunk_by(|a, b| first_letters(a.0, PREFIX_LEN) == first_letters(b.0, PREFIX_LEN))
    {
        let prefix = first_letters(group[0].0, PREFIX_LEN);
        if prefix.len() < PREFIX_LEN {
            shards.insert(format!("{prefix}{EXACT_MARK}"), vec![group[0].0]);
        } else {
            split_group(prefix, group, &mut shards);
        }
    }
    shards
}

/// Puts the words of `group` (all starting with `prefix`) in one shard, or splits it by the next
/// letter when it is over budget.
fn split_group<'a>(
    prefix: &str,
    group: &[(&'a str, usize)],
    shards: &mut BTreeMap<String, Vec<&'a str>>,
) {
    let size: usize = group.iter().map(|(_, size)| size).sum();
    let splittable = group.iter().any(|(word, _)| word.len() > prefix.len());
    if size <= SHARD_BUDGET || !splittable {
        shards.insert(
            prefix.to_string(),
            group.iter().map(|(word, _)| *word).collect(),
        );
        return;
    }
    // Sorted, so a word equal to the prefix comes first.
    let longer = match group.split_first() {
        Some(((word, _), rest)) if word.len() == prefix.len() => {
            shards.insert(format!("{word}{EXACT_MARK}"), vec![*word]);
            rest
        }
        _ => group,
    };
    let next = prefix.len() + 1;
    for sub in longer.chunk_by(|a, b| first_letters(a.0, next) == first_letters(b.0, next)) {
        split_group(first_letters(sub[0].0, next), sub, shards);
    }
}

/// The first `n` letters of a folded word (ASCII), or all of it.
fn first_letters(word: &str, n: usize) -> &str {
    word.get(..n).unwrap_or(word)
}

/// Compact JSON. Serialising strings, integers and string-keyed maps into memory cannot fail;
/// were it ever to, the file would be empty and the page would report that search is unavailable.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// A search over the files in memory, the same algorithm as `tim-kiem.js`, for the tests.
#[cfg(test)]
mod reference {
    use std::collections::{BTreeMap, BTreeSet};

    use serde_json::Value;

    use super::{EXACT_MARK, INDEX_DIR};

    /// The filters of the page's form; `""` means all.
    #[derive(Debug, Default)]
    pub struct Filters {
        pub province: String,
        pub kind: String,
        pub title: String,
    }

    /// The index files, and which of them a query has fetched.
    #[derive(Debug)]
    pub struct Index {
        files: BTreeMap<String, Vec<u8>>,
        fetched: BTreeSet<String>,
    }

    impl Index {
        pub fn new(files: Vec<(String, Vec<u8>)>) -> Self {
            Index {
                files: files.into_iter().collect(),
                fetched: BTreeSet::new(),
            }
        }

        pub fn fetched(&self) -> Vec<String> {
            self.fetched.iter().cloned().collect()
        }

        fn load(&mut self, name: &str) -> Value {
            let path = format!("{INDEX_DIR}/{name}");
            let body = self
                .files
                .get(&path)
                .unwrap_or_else(|| panic!("no file {path}"));
            self.fetched.insert(path);
            serde_json::from_slice(body).unwrap()
        }

        pub fn shard_keys(&mut self) -> Vec<String> {
            let meta = self.load("meta.json");
            strings(&meta["shards"])
        }

        /// Matching entry ids: all words matching exactly first, then by prefix.
        pub fn search(&mut self, query: &str, filters: &Filters) -> Vec<u32> {
            let meta = self.load("meta.json");
            let count = meta["count"].as_u64().unwrap() as usize;
            let prefix_len = meta["prefix_len"].as_u64().unwrap() as usize;
            // The query's words in the order typed, each once, with the marks it was typed with.
            let mut typed: Vec<(String, String)> = Vec::new();
            for word in super::words::words(query) {
                match typed.iter_mut().find(|(folded, _)| *folded == word.folded) {
                    Some((_, marks)) if marks.is_empty() => *marks = word.marks,
                    Some(_) => {}
                    None => typed.push((word.folded, word.marks)),
                }
            }
            let chosen = [
                ("tinh", &filters.province),
                ("loai", &filters.kind),
                ("danh-hieu", &filters.title),
            ];
            let chosen: Vec<_> = chosen
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .collect();
            if typed.is_empty() && chosen.is_empty() {
                return Vec::new();
            }
            let words: Vec<&str> = typed.iter().map(|(word, _)| word.as_str()).collect();
            let lead_words = strings(&meta["lead_words"]);
            let is_lead = |word: &str| lead_words.iter().any(|w| w == word);
            // A lead is spelled out by two lead words in a row, or by a query that starts with
            // the first word of a lead and goes on.
            let mut spelled_set: BTreeSet<&str> = words
                .windows(2)
                .filter(|pair| is_lead(pair[0]) && is_lead(pair[1]))
                .flat_map(|pair| [pair[0], pair[1]])
                .collect();
            let starts = strings(&meta["lead_starts"]);
            if words.len() > 1 && starts.iter().any(|w| w == words[0]) {
                spelled_set.insert(words[0]);
            }
            let spelled_words: Vec<bool> = lead_words
                .iter()
                .map(|word| spelled_set.contains(word.as_str()))
                .collect();
            let named: Vec<&str> = words
                .iter()
                .copied()
                .filter(|word| !spelled_set.contains(word))
                .collect();
            let mut scores = Vec::new();
            for (word, marks) in &typed {
                scores.push(self.word_marks(&meta, word, marks, &spelled_words, prefix_len, count));
            }
            let mut filters = Vec::new();
            for (facet, value) in chosen {
                let Some(i) = strings(&meta["facets"][facet])
                    .iter()
                    .position(|v| v == value)
                else {
                    return Vec::new();
                };
                let mut mark = vec![0u8; count];
                for id in decode_postings(&numbers(&self.load(&format!("loc/{facet}-{i}.json")))) {
                    mark[id as usize] = 2;
                }
                filters.push(mark);
            }
            if named.len() == 2 {
                let whole = named.join(super::WHOLE_NAME_JOIN);
                scores.push(self.whole_name_marks(&meta, &whole, prefix_len, count));
            }
            let mut hits: Vec<(u32, u32)> = (0..count)
                .filter(|&id| {
                    scores[..typed.len()]
                        .iter()
                        .chain(&filters)
                        .all(|m| m[id] > 0)
                })
                .map(|id| {
                    let score: u32 = scores.iter().map(|m| u32::from(m[id])).sum();
                    (score, id as u32)
                })
                .collect();
            hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            hits.into_iter().map(|(_, id)| id).collect()
        }

        /// 1 for the entries whose whole name is `whole`, 0 for the others.
        fn whole_name_marks(
            &mut self,
            meta: &Value,
            whole: &str,
            prefix_len: usize,
            count: usize,
        ) -> Vec<u8> {
            let mut mark = vec![0u8; count];
            let key = whole.get(..prefix_len).unwrap_or(whole);
            if !strings(&meta["names"]).iter().any(|k| k == key) {
                return mark;
            }
            let names = self.load(&format!("ten/{key}.json"));
            if let Some(postings) = names.get(whole) {
                for id in decode_postings(&numbers(postings)) {
                    mark[id as usize] = 1;
                }
            }
            mark
        }

        fn word_marks(
            &mut self,
            meta: &Value,
            word: &str,
            typed: &str,
            spelled: &[bool],
            prefix_len: usize,
            count: usize,
        ) -> Vec<u8> {
            let mut mark = vec![0u8; count];
            for key in strings(&meta["shards"]) {
                if !shard_needed(&key, word, prefix_len) {
                    continue;
                }
                let shard = self.load(&format!("tu/{key}.json"));
                for (token, value) in shard.as_object().unwrap() {
                    let (postings, dominant, others) = match value[0].as_array() {
                        Some(_) => (
                            numbers(&value[0]),
                            value[1].as_str().unwrap().to_string(),
                            value.as_array().unwrap()[2..].to_vec(),
                        ),
                        None => (numbers(value), String::new(), Vec::new()),
                    };
                    if token == word {
                        let (all, same) = if typed.is_empty() || typed == dominant {
                            (4, 3)
                        } else {
                            (3, 4)
                        };
                        for id in decode_postings(&postings) {
                            mark[id as usize] = mark[id as usize].max(all);
                        }
                        for pair in others.chunks(2) {
                            let matches = pair[0].as_str() == Some(typed);
                            let set = if typed.is_empty() {
                                None
                            } else if typed == dominant || matches {
                                Some(same)
                            } else {
                                None
                            };
                            for id in decode_postings(&numbers(&pair[1])) {
                                if let Some(level) = set {
                                    mark[id as usize] = level;
                                }
                            }
                        }
                    } else if word.len() >= prefix_len && token.starts_with(word) {
                        for id in decode_postings(&postings) {
                            mark[id as usize] = mark[id as usize].max(2);
                        }
                    }
                }
            }
            let whole_word_found = mark.iter().any(|&m| m >= 3);
            let leads = strings(&meta["lead_words"]);
            for (i, part) in leads.iter().enumerate() {
                let hit = (spelled[i] || !whole_word_found)
                    && (part == word || (word.len() >= prefix_len && part.starts_with(word)));
                if hit {
                    let level = if spelled[i] { 4 } else { 1 };
                    for id in decode_postings(&numbers(&self.load(&format!("dau/{i}.json")))) {
                        mark[id as usize] = mark[id as usize].max(level);
                    }
                }
            }
            mark
        }

        pub fn entries(&mut self, ids: &[u32]) -> Vec<[String; 3]> {
            let meta = self.load("meta.json");
            let chunk_size = meta["chunk_size"].as_u64().unwrap() as u32;
            ids.iter()
                .map(|id| {
                    let chunk = self.load(&format!("ban-ghi/{}.json", id / chunk_size));
                    let row = strings(&chunk[(id % chunk_size) as usize]);
                    [row[0].clone(), row[1].clone(), row[2].clone()]
                })
                .collect()
        }
    }

    fn shard_needed(key: &str, word: &str, prefix_len: usize) -> bool {
        match key.strip_suffix(EXACT_MARK) {
            Some(exact) if word.len() < prefix_len => exact == word,
            Some(exact) => exact.starts_with(word),
            None => word.len() >= prefix_len && (key.starts_with(word) || word.starts_with(key)),
        }
    }

    pub fn decode_postings(encoded: &[i64]) -> Vec<u32> {
        let mut ids = Vec::new();
        let mut previous = -1i64;
        for &n in encoded {
            if n > 0 {
                previous += n;
                ids.push(previous as u32);
            } else {
                for _ in 0..-n {
                    previous += 1;
                    ids.push(previous as u32);
                }
            }
        }
        ids
    }

    fn strings(value: &Value) -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    fn numbers(value: &Value) -> Vec<i64> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::reference::{Filters, Index};
    use super::*;

    fn entry(name: &str, kind: &str, province: &str, titles: &[&str]) -> SearchEntry<'static> {
        SearchEntry {
            url: format!("/ho-so/{}/", fold(name).replace(' ', "-")).into(),
            name: name.to_string().into(),
            kind: kind.to_string().into(),
            province: province.to_string().into(),
            commune: "Xã Yên Phong".into(),
            titles: titles.iter().map(|t| t.to_string().into()).collect(),
            text: Vec::new(),
            body: None,
        }
    }

    fn sample() -> Vec<SearchEntry<'static>> {
        vec![
            entry(
                "Gia đình ông Nguyễn Văn An",
                "family",
                "bac-ninh",
                &["gia-dinh-hoc-tap"],
            ),
            entry(
                "Gia đình bà Trần Thị Hoà",
                "family",
                "bac-ninh",
                &["gia-dinh-hoc-tap"],
            ),
            entry("Gia đình ông Nguyễn Văn Anh", "family", "ha-noi", &[]),
            entry("Dòng họ Đặng", "clan", "ha-noi", &["dong-ho-hoc-tap"]),
            entry(
                "Gia đình bà Lê Thị Hòa",
                "family",
                "lam-dong",
                &["gia-dinh-hoc-tap"],
            ),
            entry(
                "Nguyễn Văn An",
                "citizen",
                "lam-dong",
                &["cong-dan-hoc-tap"],
            ),
            entry(
                "Thôn Đông Anh",
                "community",
                "ha-noi",
                &["cong-dong-hoc-tap"],
            ),
            entry(
                "Gia đình ông Hoàng Văn Bình",
                "family",
                "bac-ninh",
                &["gia-dinh-hoc-tap"],
            ),
        ]
    }

    fn names(index: &mut Index, query: &str, filters: &Filters) -> Vec<String> {
        let ids = index.search(query, filters);
        index
            .entries(&ids)
            .into_iter()
            .map(|[_, name, _]| name)
            .collect()
    }

    /// `entries`, all of them given as made (no record fingerprints).
    fn run_of<'s, 'a>(entries: &[SearchEntry<'a>]) -> SiteEntries<'s, 'a> {
        SiteEntries {
            record_prints: &[],
            record_count: 0,
            records: &|_| Vec::new(),
            stories: entries.to_vec(),
        }
    }

    /// An index made with the words of an earlier run is the index made from scratch, after
    /// entries were renamed, added, removed, given another text or moved.
    #[test]
    fn words_kept_from_the_last_run_make_the_same_index() {
        let cache = IndexCache::default();
        let first = sample();
        assert_eq!(
            search_files_with(run_of(&first), &cache),
            search_files(&first)
        );
        let mut next = sample();
        next[1].name = "Gia đình bà Trần Thị Hòa Bình".into();
        next[3].text = vec!["Dòng họ có tủ sách chung, mở cửa mỗi tối.".into()];
        next.remove(5);
        next.push(entry("Dòng họ Đặng Văn", "clan", "ha-noi", &[]));
        next.swap(0, 2);
        assert_eq!(
            search_files_with(run_of(&next), &cache),
            search_files(&next)
        );
        assert_ne!(search_files(&next), search_files(&first));
        assert_eq!(
            search_files_with(run_of(&first), &cache),
            search_files(&first)
        );
    }

    /// Edits that keep every entry in its place, made one after another to an index kept from
    /// run to run: each is taken in place, and the files are those made from scratch.
    #[test]
    fn an_index_updated_in_place_is_the_index_made_from_scratch() {
        const NAMES: [&str; 8] = [
            "Gia đình ông Nguyễn Văn An",
            "Gia đình bà Trần Thị Hòa",
            "Gia đình bà Trần Thị Hoà",
            "Gia đình ông Lê Văn Hoa",
            "Dòng họ Đặng Đình",
            "Thôn Đông Anh",
            "Nguyễn Đình Định",
            "Tổ dân phố Bình Minh",
        ];
        const KINDS: [&str; 4] = ["family", "clan", "community", "citizen"];
        const PROVINCES: [&str; 4] = ["bac-ninh", "ha-noi", "lam-dong", "hue"];
        const TITLES: [&str; 3] = ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dan-hoc-tap"];
        const TEXTS: [&str; 4] = [
            "",
            "Tủ sách chung mở cửa mỗi tối; con cháu học Đình làng.",
            "Hoà thuận, hiếu học: ba thế hệ đỗ đại học.",
            "Định kỳ họp họ, khuyến học 0912 345 678.",
        ];
        let mut seed: u64 = 0x5eed;
        let mut pick = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let mut entries: Vec<SearchEntry<'static>> = (0..200)
            .map(|i| {
                let mut e = entry(
                    NAMES[i % 8],
                    KINDS[i % 4],
                    PROVINCES[i % 3],
                    &[TITLES[i % 3]],
                );
                e.url = format!("/ho-so/e{i}/").into();
                e
            })
            .collect();
        let mut state = IndexState::make(&entries, None);
        assert_eq!(state.files(), search_files(&entries));
        for _ in 0..120 {
            for _ in 0..1 + pick(3) {
                let at = pick(entries.len());
                let e = &mut entries[at];
                match pick(7) {
                    0 => e.name = NAMES[pick(8)].into(),
                    1 => e.kind = KINDS[pick(4)].into(),
                    2 => e.province = PROVINCES[pick(4)].into(),
                    3 => e.titles = (0..pick(3)).map(|_| TITLES[pick(3)].into()).collect(),
                    4 => e.text = vec![TEXTS[pick(4)].into(), TEXTS[pick(4)].into()],
                    5 => e.body = (pick(3) > 0).then(|| Arc::from(TEXTS[pick(4)])),
                    _ => e.commune = format!("Xã {}", NAMES[pick(8)]).into(),
                }
            }
            assert!(
                state.update(&entries),
                "the same entries in the same places"
            );
            assert_eq!(state.files(), search_files(&entries));
        }
        for text in [TEXTS[1], TEXTS[2], TEXTS[2]] {
            entries[3].body = Some(Arc::from(text));
            assert!(state.update(&entries));
            assert_eq!(state.files(), search_files(&entries), "a body read again");
        }
        let mut swapped = entries.clone();
        swapped.swap(0, 100);
        assert!(state.update(&swapped), "two places changed");
        assert_eq!(state.files(), search_files(&swapped));
        let mut longer = swapped.clone();
        longer.insert(5, entry("Thôn Mới", "community", "hue", &[]));
        assert!(
            !state.update(&longer),
            "an entry added moves those after it"
        );
        assert_eq!(
            state.files(),
            search_files(&swapped),
            "and the index is left as it was"
        );
        let mut renamed = swapped.clone();
        for e in &mut renamed[..40] {
            e.name = "Gia đình ông Mới".into();
        }
        assert!(!state.update(&renamed), "a fifth changed: made again");
    }

    /// A preview whose records keep their fingerprints gives only the stories' entries: the
    /// records' are made only for a chunk shared with a changed story, and the files are
    /// those made from scratch. Records with other fingerprints, or none known, are made again
    /// and read.
    #[test]
    fn the_records_entries_are_made_only_when_their_fingerprints_change() {
        let records: Vec<SearchEntry<'static>> = (0..150)
            .map(|i| {
                let mut e = entry("Gia đình ông Lê Văn Hoa", "family", "hue", &[]);
                e.url = format!("/ho-so/e{i}/").into();
                e
            })
            .collect();
        let mut stories: Vec<SearchEntry<'static>> = (0..60)
            .map(|i| {
                let mut e = entry("Tủ sách của dòng họ", "story", "hue", &[]);
                e.url = format!("/cau-chuyen/s{i}/").into();
                e.body = Some(Arc::from(format!("Câu chuyện số {i}").as_str()));
                e
            })
            .collect();
        let asked = std::cell::RefCell::new(Vec::new());
        let make = |range: Range<usize>| {
            asked.borrow_mut().push(range.clone());
            records[range].to_vec()
        };
        let cache = IndexCache::default();
        let all = |stories: &[SearchEntry<'static>]| [&records[..], stories].concat();
        let run = |prints: &'static [u64], stories: &[SearchEntry<'static>]| {
            let entries = SiteEntries {
                record_prints: prints,
                record_count: records.len(),
                records: &make,
                stories: stories.to_vec(),
            };
            search_files_with(entries, &cache)
        };
        static PRINTS: [u64; 150] = [7; 150];
        static OTHER_PRINTS: [u64; 150] = [8; 150];
        assert_eq!(run(&PRINTS, &stories), search_files(&all(&stories)));
        assert_eq!(
            asked.take(),
            vec![0..150],
            "the first run makes every entry"
        );

        stories[59].name = "Ba thế hệ cùng đến lớp".into();
        assert_eq!(run(&PRINTS, &stories), search_files(&all(&stories)));
        assert!(
            asked.take().is_empty(),
            "a story alone changed, in a chunk of stories"
        );

        stories[0].body = Some(Arc::from("Thư viện mở cửa mỗi tối"));
        assert_eq!(run(&PRINTS, &stories), search_files(&all(&stories)));
        let chunk = 150 / CHUNK_SIZE * CHUNK_SIZE;
        assert_eq!(
            asked.take(),
            vec![chunk..150],
            "the records sharing its chunk"
        );

        assert_eq!(run(&OTHER_PRINTS, &stories), search_files(&all(&stories)));
        assert_eq!(
            asked.take(),
            vec![0..150],
            "other fingerprints: every entry made"
        );
        assert_eq!(run(&[], &stories), search_files(&all(&stories)));
        assert_eq!(
            asked.take(),
            vec![0..150],
            "no fingerprints: every entry made"
        );
    }

    /// The last entry holding a lead, a whole name, a filter value or a way of marking a word
    /// changes: they leave the index as they would leave one made from scratch.
    #[test]
    fn what_the_last_entry_held_leaves_an_index_updated_in_place() {
        let mut entries: Vec<SearchEntry<'static>> = (0..40)
            .map(|i| {
                let mut e = entry("Gia đình ông Lê Văn Hoa", "family", "hue", &[]);
                e.url = format!("/ho-so/e{i}/").into();
                e
            })
            .collect();
        entries[7] = entry(
            "Khu phố Bắc Hòa",
            "community",
            "ha-noi",
            &["cong-dong-hoc-tap"],
        );
        let mut state = IndexState::make(&entries, None);
        entries[7] = entry("Gia đình bà Lê Thị Hoa", "family", "hue", &[]);
        assert!(state.update(&entries));
        assert_eq!(state.files(), search_files(&entries));
        let meta = state.files().pop().unwrap().1;
        let meta = String::from_utf8(meta).unwrap();
        assert!(!meta.contains("khu") && !meta.contains("ha-noi"), "{meta}");
    }

    #[test]
    fn ids_taken_out_of_postings() {
        assert_eq!(without(&[1, 3, 5, 7, 9], &[0, 3, 4, 9, 12]), vec![1, 5, 7]);
        assert_eq!(without(&[2, 4], &[]), vec![2, 4]);
        assert_eq!(without(&[], &[1]), Vec::<u32>::new());
    }

    #[test]
    fn fold_drops_diacritics_from_nfc_and_nfd_input() {
        assert_eq!(
            fold("Gia đình ông Nguyễn Văn An"),
            "gia dinh ong nguyen van an"
        );
        let nfd: String = "Nguyễn Văn An".nfd().collect();
        assert_eq!(fold(&nfd), "nguyen van an");
        assert_eq!(fold("Đặng"), "dang");
        assert_eq!(fold("ĐẶNG đặng"), "dang dang");
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Thuỷ Thủy"), "thuy thuy");
        assert_eq!(fold("  Ơn, Ước — Ư  "), "on uoc u");
        assert_eq!(
            fold("Trường THCS số 2 (Phường 1)"),
            "truong thcs so 2 phuong 1"
        );
        assert_eq!(fold("H'Hen Niê"), "h hen nie");
        assert_eq!(fold(" \t—!"), "");
        // The same as fold() in tim-kiem.js gives (checked with node): only canonical
        // decompositions count, and letters outside a-z separate words.
        assert_eq!(
            fold("İstanbul Kelvin\u{212A} Å ß ø 東京 ½ ²"),
            "istanbul kelvink a"
        );
    }

    #[test]
    fn postings_encode_gaps_and_runs() {
        assert_eq!(encode_postings(&[]), Vec::<i64>::new());
        assert_eq!(encode_postings(&[0]), vec![1]);
        assert_eq!(encode_postings(&[2, 3, 4, 14]), vec![3, -2, 10]);
        assert_eq!(encode_postings(&[0, 1, 5, 6, 7, 8]), vec![1, 1, 4, -3]);
        for ids in [vec![], vec![0, 1, 2], vec![7], vec![1, 3, 4, 9, 10, 11, 30]] {
            assert_eq!(reference::decode_postings(&encode_postings(&ids)), ids);
        }
    }

    #[test]
    fn full_name_without_diacritics_finds_the_family() {
        let mut index = Index::new(search_files(&sample()));
        let found = names(&mut index, "nguyen van an", &Filters::default());
        assert_eq!(
            found,
            [
                "Gia đình ông Nguyễn Văn An",
                "Nguyễn Văn An",
                "Gia đình ông Nguyễn Văn Anh"
            ]
        );
        let found = names(&mut index, "Nguyễn Văn An", &Filters::default());
        assert_eq!(found[0], "Gia đình ông Nguyễn Văn An");
    }

    #[test]
    fn tone_placement_and_d_bar_do_not_matter() {
        let mut index = Index::new(search_files(&sample()));
        let either = [
            "Gia đình bà Trần Thị Hoà",
            "Gia đình bà Lê Thị Hòa",
            "Gia đình ông Hoàng Văn Bình",
        ];
        assert_eq!(names(&mut index, "hoà", &Filters::default()), either);
        assert_eq!(names(&mut index, "hòa", &Filters::default()), either);
        assert_eq!(
            names(&mut index, "dang", &Filters::default()),
            ["Dòng họ Đặng"]
        );
        assert_eq!(
            names(&mut index, "ĐẶNG", &Filters::default()),
            ["Dòng họ Đặng"]
        );
    }

    #[test]
    fn words_match_by_prefix_and_all_must_match() {
        let mut index = Index::new(search_files(&sample()));
        assert_eq!(names(&mut index, "ngu", &Filters::default()).len(), 3);
        assert_eq!(
            names(&mut index, "ngu thi", &Filters::default()),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&mut index, "tran th ho", &Filters::default()),
            ["Gia đình bà Trần Thị Hoà"]
        );
        assert_eq!(
            names(&mut index, "dong anh", &Filters::default()),
            ["Thôn Đông Anh"]
        );
        assert!(names(&mut index, "nguyen van x", &Filters::default()).is_empty());
        assert!(
            names(&mut index, "yen phong", &Filters::default()).is_empty(),
            "communes are not words"
        );
        assert!(names(&mut index, "  ", &Filters::default()).is_empty());
    }

    #[test]
    fn lead_words_weigh_little_so_the_clan_comes_first() {
        let mut entries: Vec<SearchEntry<'_>> = (0..40)
            .map(|i| {
                entry(
                    &format!("Gia đình ông Nguyễn Văn Người{i}"),
                    "family",
                    "bac-ninh",
                    &[],
                )
            })
            .collect();
        // In the site's order the family comes first; the clan's whole name ranks it above.
        entries.push(entry(
            "Gia đình ông Nguyễn Đình An",
            "family",
            "bac-ninh",
            &[],
        ));
        entries.push(entry("Dòng họ Nguyễn Đình", "clan", "bac-ninh", &[]));
        let mut index = Index::new(search_files(&entries));
        for query in ["Nguyễn Đình", "nguyen dinh"] {
            let found = names(&mut index, query, &Filters::default());
            assert_eq!(
                found.len(),
                2,
                "\"Gia đình\" does not match đình: it is a whole word"
            );
            assert_eq!(
                found[..2],
                ["Dòng họ Nguyễn Đình", "Gia đình ông Nguyễn Đình An"],
                "{query}"
            );
        }
        assert_eq!(
            names(&mut index, "gia dinh", &Filters::default()).len(),
            41,
            "lead words still find"
        );
        let mut community = entries.clone();
        let mut story = entry("Tủ sách", "story", "bac-ninh", &[]);
        story.text = vec!["ở nhà văn hóa thôn Xuân Quan".into()];
        community.push(story);
        community.push(entry("Thôn Xuân Quan", "community", "hung-yen", &[]));
        let mut index = Index::new(search_files(&community));
        assert_eq!(
            names(&mut index, "thon xuan quan", &Filters::default()),
            ["Thôn Xuân Quan", "Tủ sách"],
            "a query that starts with a lead spells it out"
        );
        let mut with_story = entries.clone();
        let mut story = entry("Quỹ khuyến học", "story", "bac-ninh", &[]);
        story.text = vec!["Dòng họ Nguyễn Đình lập quỹ khuyến học".into()];
        with_story.insert(0, story);
        let mut index = Index::new(search_files(&with_story));
        let found = names(&mut index, "Dòng họ Nguyễn Đình", &Filters::default());
        assert_eq!(
            found[..2],
            ["Dòng họ Nguyễn Đình", "Quỹ khuyến học"],
            "the lead spelled out counts"
        );
    }

    #[test]
    fn words_written_with_the_typed_diacritics_come_first() {
        // Most write Đình; Định and Đinh are rare enough to be told apart.
        let mut entries: Vec<SearchEntry<'_>> = (0..20)
            .map(|i| entry(&format!("Phạm Đình Người{i:02}"), "citizen", "ha-noi", &[]))
            .collect();
        entries.insert(5, entry("Trần Văn Định", "citizen", "ha-noi", &[]));
        entries.push(entry("Đỗ Đinh", "citizen", "ha-noi", &[]));
        let mut index = Index::new(search_files(&entries));
        let found = names(&mut index, "định", &Filters::default());
        assert_eq!(found.len(), 22);
        assert_eq!(found[0], "Trần Văn Định");
        let found = names(&mut index, "Đinh", &Filters::default());
        assert_eq!(found[0], "Đỗ Đinh");
        let found = names(&mut index, "Đình", &Filters::default());
        assert_eq!(found[0], "Phạm Đình Người00");
        assert_eq!(found[20..], ["Trần Văn Định", "Đỗ Đinh"]);
        let found = names(&mut index, "dinh", &Filters::default());
        assert_eq!(
            found[5], "Trần Văn Định",
            "typed without marks, every way of writing it is as good"
        );
    }

    #[test]
    fn stories_are_found_by_their_text() {
        let mut entries = sample();
        let mut story = entry("Ba thế hệ cùng đến lớp", "story", "", &[]);
        story.text = vec!["Ở khu phố Đông Xuyên, ông bà thường xuyên đọc sách".into()];
        entries.push(story);
        let mut index = Index::new(search_files(&entries));
        assert_eq!(
            names(&mut index, "sach", &Filters::default()),
            ["Ba thế hệ cùng đến lớp"]
        );
        assert_eq!(
            names(&mut index, "the he", &Filters::default()),
            ["Ba thế hệ cùng đến lớp"]
        );
        let files = search_files(&entries);
        let meta = &files
            .iter()
            .find(|(p, _)| p.ends_with("meta.json"))
            .unwrap()
            .1;
        assert!(
            !String::from_utf8_lossy(meta).contains(r#""""#),
            "no empty filter value"
        );
    }

    #[test]
    fn one_letter_matches_only_a_whole_word() {
        let entries = vec![
            entry("Y Moan", "citizen", "dak-lak", &[]),
            entry("Ya Duck", "citizen", "dak-lak", &[]),
        ];
        let mut index = Index::new(search_files(&entries));
        assert_eq!(names(&mut index, "y", &Filters::default()), ["Y Moan"]);
        assert_eq!(names(&mut index, "ya", &Filters::default()), ["Ya Duck"]);
    }

    #[test]
    fn filters_narrow_and_work_without_a_query() {
        let mut index = Index::new(search_files(&sample()));
        let in_ha_noi = Filters {
            province: "ha-noi".into(),
            ..Filters::default()
        };
        assert_eq!(
            names(&mut index, "nguyen van an", &in_ha_noi),
            ["Gia đình ông Nguyễn Văn Anh"]
        );
        let citizens = Filters {
            kind: "citizen".into(),
            ..Filters::default()
        };
        assert_eq!(names(&mut index, "nguyen", &citizens), ["Nguyễn Văn An"]);
        let families = Filters {
            title: "gia-dinh-hoc-tap".into(),
            ..Filters::default()
        };
        assert_eq!(
            names(&mut index, "nguyen", &families),
            ["Gia đình ông Nguyễn Văn An"]
        );
        let both = Filters {
            province: "bac-ninh".into(),
            title: "gia-dinh-hoc-tap".into(),
            ..Filters::default()
        };
        assert_eq!(names(&mut index, "", &both).len(), 3);
        let unknown = Filters {
            province: "khong-co".into(),
            ..Filters::default()
        };
        assert!(names(&mut index, "nguyen", &unknown).is_empty());
        assert!(
            names(&mut index, "", &Filters::default()).is_empty(),
            "nothing asked, nothing shown"
        );
    }

    #[test]
    fn a_query_fetches_only_its_shards_and_chunks() {
        let entries: Vec<SearchEntry<'_>> = (0..1000)
            .map(|i| {
                entry(
                    &format!("Gia đình ông Phạm Văn Người{i}"),
                    "family",
                    "ha-noi",
                    &[],
                )
            })
            .chain([entry("Gia đình ông Nguyễn Văn An", "family", "ha-noi", &[])])
            .collect();
        let mut index = Index::new(search_files(&entries));
        assert_eq!(
            names(&mut index, "nguyen van an", &Filters::default()),
            ["Gia đình ông Nguyễn Văn An"]
        );
        let fetched = index.fetched();
        assert!(fetched.iter().all(|path| path.contains("/tu/")
            || path.contains("/ban-ghi/")
            || path.ends_with("meta.json")));
        let chunks: Vec<&String> = fetched
            .iter()
            .filter(|path| path.contains("/ban-ghi/"))
            .collect();
        assert_eq!(chunks, [&format!("{INDEX_DIR}/ban-ghi/15.json")]);
        assert!(
            !fetched
                .iter()
                .any(|path| path.contains("/tu/ph") || path.contains("/tu/gi"))
        );
    }

    #[test]
    fn big_groups_split_into_prefix_and_exact_shards() {
        let entries: Vec<SearchEntry<'_>> = (0..4000)
            .map(|i| entry(&format!("Ngô Người{i} Người"), "citizen", "ha-noi", &[]))
            .collect();
        let files = search_files(&entries);
        let mut index = Index::new(files.clone());
        let shards = index.shard_keys();
        assert!(
            shards.iter().any(|key| key.ends_with(EXACT_MARK)),
            "{shards:?}"
        );
        assert!(
            shards.iter().all(|key| key.len() >= PREFIX_LEN),
            "{shards:?}"
        );
        for (path, body) in &files {
            assert!(
                !path.contains("/tu/") || body.len() <= SHARD_BUDGET * 2,
                "{path} {}",
                body.len()
            );
        }
        assert_eq!(names(&mut index, "ngo", &Filters::default()).len(), 4000);
        assert_eq!(names(&mut index, "nguoi12", &Filters::default()).len(), 111);
        assert_eq!(
            names(&mut index, "nguoi1234 nguoi", &Filters::default()),
            ["Ngô Người1234 Người"]
        );
        assert_eq!(names(&mut index, "nguoi", &Filters::default()).len(), 4000);
    }

    #[test]
    fn output_is_deterministic_and_under_the_index_folder() {
        let first = search_files(&sample());
        assert_eq!(first, search_files(&sample()));
        assert!(
            first
                .iter()
                .all(|(path, _)| path.starts_with("tim-kiem/chi-muc/"))
        );
        let paths: Vec<&String> = first.iter().map(|(path, _)| path).collect();
        assert!(paths.is_sorted());
        let meta = &first
            .iter()
            .find(|(path, _)| path.ends_with("meta.json"))
            .unwrap()
            .1;
        let meta = String::from_utf8(meta.clone()).unwrap();
        assert!(meta.contains(r#""facets":{"danh-hieu":["cong-dan-hoc-tap","cong-dong-hoc-tap","dong-ho-hoc-tap","gia-dinh-hoc-tap"]"#), "{meta}");
        let mut changed = sample();
        changed[0].name = "Gia đình ông Nguyễn Văn Ân".into();
        let other_meta = search_files(&changed)
            .into_iter()
            .find(|(path, _)| path.ends_with("meta.json"))
            .unwrap()
            .1;
        assert_ne!(
            meta.as_bytes(),
            other_meta,
            "the version follows the content"
        );
    }

    #[test]
    fn facet_values_never_name_a_path() {
        let mut hostile = sample();
        hostile[0].province = "../../etc".into();
        hostile[0].titles = vec!["/abs".into()];
        for (path, _) in search_files(&hostile) {
            assert!(!path.contains(".."), "{path}");
            assert!(path.split('/').all(|part| !part.is_empty()), "{path}");
        }
    }
}
