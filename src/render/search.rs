//! The `/tim-kiem/` search index: static JSON files that `tim-kiem.js` fetches piece by piece, so
//! a query downloads only the shards of its words and the chunks of the results it shows.
//!
//! Layout under `tim-kiem/chi-muc/` (all JSON, compact, sorted, byte-for-byte stable):
//!
//! ```text
//! meta.json            {"version","count","prefix_len","chunk_size","shards":[keys],"facets":{facet:[values]}}
//! tu/<key>.json        {"<token>":[postings], ...}  the folded name words of one shard
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
//! Only names are indexed as words; province, kind and title are filters, so a word never hits a
//! commune's name by accident. Every query word must match (AND); results whose words all match
//! exactly come first, then those that match by prefix, each group in id order.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

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

/// One public record as the search page shows and filters it.
///
/// Build these from the public view only: whatever is here is published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchEntry {
    /// The record page, as the browser should link it (`/ho-so/<id>/`).
    pub url: String,
    /// The display name, searched without diacritics.
    pub name: String,
    /// `family`, `clan`, `community`, `unit` or `citizen`.
    pub kind: String,
    /// The province slug.
    pub province: String,
    /// The commune's display name, shown after the name.
    pub commune: String,
    /// Ids of the titles held in any round.
    pub titles: Vec<String>,
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
pub fn search_files(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    let words: BTreeMap<String, Vec<i64>> = word_postings(entries)
        .into_iter()
        .map(|(word, ids)| (word, encode_postings(&ids)))
        .collect();
    let shards = plan_shards(&words);
    let facets = facet_postings(entries);
    let mut files = chunk_files(entries);
    files.extend(shard_files(&shards, &words));
    files.extend(facet_files(&facets));
    let meta = Meta {
        version: version(&files),
        count: entries.len(),
        prefix_len: PREFIX_LEN,
        chunk_size: CHUNK_SIZE,
        shards: shards.keys().map(String::as_str).collect(),
        facets: facets
            .iter()
            .map(|(facet, values)| (*facet, values.keys().map(String::as_str).collect()))
            .collect(),
    };
    files.push((format!("{INDEX_DIR}/meta.json"), json(&meta)));
    files.sort();
    files
}

/// What `meta.json` holds: everything a query needs before it fetches shards.
#[derive(Serialize)]
struct Meta<'a> {
    /// A hash of every other file, appended to their URLs so no browser mixes two builds.
    version: String,
    count: usize,
    prefix_len: usize,
    chunk_size: usize,
    shards: Vec<&'a str>,
    /// Filter name (as in the page's form) to its values, sorted; value `i` is `loc/<facet>-<i>`.
    facets: BTreeMap<&'static str, Vec<&'a str>>,
}

/// Ascending entry ids.
type Postings = Vec<u32>;

/// Every folded word of the names, with the entries that contain it.
fn word_postings(entries: &[SearchEntry]) -> BTreeMap<String, Postings> {
    let mut words: BTreeMap<String, Postings> = BTreeMap::new();
    for (id, entry) in (0u32..).zip(entries) {
        let folded = fold(&entry.name);
        let unique: BTreeSet<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        for word in unique {
            words.entry(word.to_string()).or_default().push(id);
        }
    }
    words
}

/// Filter name to value to the entries holding it. The names are the page's form field names.
fn facet_postings(entries: &[SearchEntry]) -> BTreeMap<&'static str, BTreeMap<String, Postings>> {
    let mut facets: BTreeMap<&'static str, BTreeMap<String, Postings>> = BTreeMap::new();
    for (id, entry) in (0u32..).zip(entries) {
        let titles: BTreeSet<&String> = entry.titles.iter().collect();
        let values = [("tinh", &entry.province), ("loai", &entry.kind)]
            .into_iter()
            .chain(titles.into_iter().map(|title| ("danh-hieu", title)));
        for (facet, value) in values {
            let postings = facets.entry(facet).or_default();
            postings.entry(value.clone()).or_default().push(id);
        }
    }
    facets
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

/// Shard key to the words it holds, from each word's encoded postings.
fn plan_shards(words: &BTreeMap<String, Vec<i64>>) -> BTreeMap<String, Vec<&str>> {
    let sized: Vec<(&str, usize)> = words
        .iter()
        .map(|(word, postings)| (word.as_str(), word.len() + json(postings).len() + 4))
        .collect();
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

fn shard_files(
    shards: &BTreeMap<String, Vec<&str>>,
    words: &BTreeMap<String, Vec<i64>>,
) -> Vec<(String, Vec<u8>)> {
    shards
        .iter()
        .map(|(key, members)| {
            let body: BTreeMap<&str, &Vec<i64>> = members
                .iter()
                .filter_map(|word| Some((*word, words.get(*word)?)))
                .collect();
            (format!("{INDEX_DIR}/tu/{key}.json"), json(&body))
        })
        .collect()
}

/// Filter files are named by the value's position, so no value can name a path.
fn facet_files(
    facets: &BTreeMap<&'static str, BTreeMap<String, Postings>>,
) -> Vec<(String, Vec<u8>)> {
    facets
        .iter()
        .flat_map(|(facet, values)| {
            values.values().enumerate().map(move |(i, ids)| {
                (
                    format!("{INDEX_DIR}/loc/{facet}-{i}.json"),
                    json(&encode_postings(ids)),
                )
            })
        })
        .collect()
}

fn chunk_files(entries: &[SearchEntry]) -> Vec<(String, Vec<u8>)> {
    entries
        .chunks(CHUNK_SIZE)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<[&str; 3]> = chunk
                .iter()
                .map(|e| [&*e.url, &*e.name, &*e.commune])
                .collect();
            (format!("{INDEX_DIR}/ban-ghi/{n}.json"), json(&rows))
        })
        .collect()
}

/// FNV-1a (64 bits) over every path and body: stable across runs and machines, unlike std's
/// hasher.
fn version(files: &[(String, Vec<u8>)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, body) in files {
        for byte in path.bytes().chain([0]).chain(body.iter().copied()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
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

    use super::{EXACT_MARK, INDEX_DIR, fold};

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
            let folded = fold(query);
            let words: BTreeSet<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            let chosen = [
                ("tinh", &filters.province),
                ("loai", &filters.kind),
                ("danh-hieu", &filters.title),
            ];
            let chosen: Vec<_> = chosen
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .collect();
            if words.is_empty() && chosen.is_empty() {
                return Vec::new();
            }
            let mut marks = Vec::new();
            for word in words {
                marks.push(self.word_marks(&meta, word, prefix_len, count));
            }
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
                marks.push(mark);
            }
            let hits = (0..count).filter(|&id| marks.iter().all(|m| m[id] > 0));
            let (exact, prefix): (Vec<usize>, Vec<usize>) =
                hits.partition(|&id| marks.iter().all(|m| m[id] == 2));
            exact
                .into_iter()
                .chain(prefix)
                .map(|id| id as u32)
                .collect()
        }

        /// 2 for entries holding `word`, 1 for those holding a word it starts, else 0.
        fn word_marks(
            &mut self,
            meta: &Value,
            word: &str,
            prefix_len: usize,
            count: usize,
        ) -> Vec<u8> {
            let mut mark = vec![0u8; count];
            for key in strings(&meta["shards"]) {
                if !shard_needed(&key, word, prefix_len) {
                    continue;
                }
                let shard = self.load(&format!("tu/{key}.json"));
                for (token, postings) in shard.as_object().unwrap() {
                    let m = if token == word {
                        2
                    } else if word.len() >= prefix_len && token.starts_with(word) {
                        1
                    } else {
                        continue;
                    };
                    for id in decode_postings(&numbers(postings)) {
                        mark[id as usize] = mark[id as usize].max(m);
                    }
                }
            }
            mark
        }

        /// `[url, name, commune]` of each id, fetching only the chunks that hold them.
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

    fn entry(name: &str, kind: &str, province: &str, titles: &[&str]) -> SearchEntry {
        SearchEntry {
            url: format!("/ho-so/{}/", fold(name).replace(' ', "-")),
            name: name.to_string(),
            kind: kind.to_string(),
            province: province.to_string(),
            commune: "Xã Yên Phong".to_string(),
            titles: titles.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn sample() -> Vec<SearchEntry> {
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
        let entries: Vec<SearchEntry> = (0..1000)
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
        let entries: Vec<SearchEntry> = (0..4000)
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
