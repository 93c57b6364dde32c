//! The search behind the privacy gate: every guarded value looked for in one pass over a file,
//! with the automaton's steps over four parts of the file taken side by side.
//!
//! One step of an Aho-Corasick automaton needs the state the step before it reached, so a
//! single pass waits on memory at every byte. Steps over different parts of a file do not wait
//! on one another, and the processor overlaps them. On a national site's pages (28,769 guarded
//! values) one part is searched at 0.55 GB/s, two at 1.0 GB/s, four at 1.5 GB/s; eight are
//! slower again.
//!
//! A value counts only where it stands whole: a guarded "Lê Văn An" inside a public "Lê Văn
//! Anh", or "Thôn 1" inside "Thôn 12", is another name, not a leak. Only a letter next to a
//! letter, or a digit next to a digit, makes a longer word: "SĐT0912345678" still holds the
//! number 0912345678.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, Match, StartKind};
use memchr::memmem;

/// How many parts of a file are searched side by side.
const LANES: usize = 4;

/// A part shorter than this is not worth splitting off: the file is searched in one pass.
const MIN_PART: usize = 256;

/// Finds the guarded values in a file.
#[derive(Debug)]
pub struct Scanner {
    search: Search,
    /// For values that all begin alike (every hidden page's address begins `/ho-so/`): a
    /// quicker way to tell that none is there.
    shared: Option<SharedStart>,
    edges: Vec<Edges>,
    longest: usize,
}

/// The beginning every value shares, found by `memmem`, and an automaton that tells whether a
/// value begins where it is found.
#[derive(Debug)]
struct SharedStart {
    finder: memmem::Finder<'static>,
    anchored: DFA,
}

/// A shared beginning shorter than this is too common to look for first.
const MIN_SHARED: usize = 4;

impl SharedStart {
    fn of<P: AsRef<[u8]>>(patterns: &[P]) -> Option<Self> {
        let first = patterns.first()?.as_ref();
        let shared = patterns.iter().fold(first.len(), |len, p| {
            first[..len]
                .iter()
                .zip(p.as_ref())
                .take_while(|(a, b)| a == b)
                .count()
        });
        if shared < MIN_SHARED {
            return None;
        }
        let anchored = DFA::builder()
            .start_kind(StartKind::Anchored)
            .build(patterns)
            .ok()?;
        Some(SharedStart {
            finder: memmem::Finder::new(&first[..shared]).into_owned(),
            anchored,
        })
    }

    /// Whether any value occurs in `haystack`, whole or not.
    fn any_in(&self, haystack: &[u8]) -> bool {
        self.finder.find_iter(haystack).any(|at| {
            let input = Input::new(haystack).range(at..).anchored(Anchored::Yes);
            matches!(self.anchored.try_find(&input), Ok(Some(_)))
        })
    }
}

#[derive(Debug)]
enum Search {
    /// A DFA with no way to skip ahead: searched in [`LANES`] parts side by side.
    Lanes { dfa: DFA, start: StateID },
    /// A DFA whose prefilter skips ahead to where a value may begin (when the values have few
    /// first bytes, all phone numbers say): searched by the automaton's own loop.
    Prefiltered(DFA),
    /// More values than a DFA can hold: one of the automata that have no such limit.
    Unbounded(AhoCorasick),
}

/// The first and last characters of a pattern: the text around a match can make a longer
/// word of it only through them.
#[derive(Clone, Copy, Debug)]
struct Edges {
    first: Option<char>,
    last: Option<char>,
}

/// A guarded value found whole in a haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// The index of the pattern.
    pub pattern: usize,
    /// Where the value begins in the haystack.
    pub start: usize,
    /// Where the value ends in the haystack.
    pub end: usize,
}

impl Scanner {
    /// A scanner for `patterns`, or `None` when there is none to look for.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        let search = match DFA::builder().build(patterns) {
            Ok(dfa) if dfa.prefilter().is_some() => Search::Prefiltered(dfa),
            Ok(dfa) => lanes(dfa),
            Err(_) => Search::Unbounded(unbounded(patterns)),
        };
        Some(Scanner::with(search, patterns))
    }

    /// A scanner for a few small texts (the Markdown sources `check` looks through): an
    /// automaton smaller and quicker to build than the DFA, slower to search.
    pub fn for_small_texts<P: AsRef<[u8]>>(patterns: &[P]) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        Some(Scanner::with(
            Search::Unbounded(unbounded(patterns)),
            patterns,
        ))
    }

    /// A scanner that always searches in lanes, whatever its patterns.
    #[cfg(test)]
    fn in_lanes<P: AsRef<[u8]>>(patterns: &[P]) -> Self {
        let dfa = DFA::builder()
            .prefilter(false)
            .build(patterns)
            .expect("a small DFA");
        Scanner::with(lanes(dfa), patterns)
    }

    fn with<P: AsRef<[u8]>>(search: Search, patterns: &[P]) -> Self {
        Scanner {
            shared: match search {
                Search::Unbounded(_) => None,
                _ => SharedStart::of(patterns),
            },
            search,
            edges: patterns.iter().map(|p| edges(p.as_ref())).collect(),
            longest: patterns.iter().map(|p| p.as_ref().len()).max().unwrap_or(0),
        }
    }

    /// The length in bytes of the longest pattern.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The first guarded value that stands whole in `haystack`: of those that end earliest,
    /// the one the automaton names first.
    pub fn find(&self, haystack: &[u8]) -> Option<Found> {
        let none_there = match (&self.shared, &self.search) {
            (Some(shared), _) => !shared.any_in(haystack),
            (None, Search::Lanes { dfa, start }) => !any_match_in_lanes(dfa, *start, haystack),
            _ => false,
        };
        if none_there {
            return None;
        }
        self.whole_values(haystack).next()
    }

    /// Every guarded value that stands whole in `haystack`, in the order of their ends.
    pub fn find_all(&self, haystack: &[u8]) -> Vec<Found> {
        self.whole_values(haystack).collect()
    }

    fn whole_values<'h>(&'h self, haystack: &'h [u8]) -> impl Iterator<Item = Found> + 'h {
        let input = Input::new(haystack);
        let all: Box<dyn Iterator<Item = Match> + 'h> = match &self.search {
            Search::Lanes { dfa, .. } | Search::Prefiltered(dfa) => Box::new(
                dfa.try_find_overlapping_iter(input)
                    .expect("a DFA of standard semantics searches overlapping"),
            ),
            Search::Unbounded(automaton) => Box::new(automaton.find_overlapping_iter(input)),
        };
        all.filter(move |m| self.stands_whole(haystack, m))
            .map(|m| Found {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
    }

    /// Whether no letter continues the match's first or last letter, and no digit its first or
    /// last digit.
    fn stands_whole(&self, haystack: &[u8], m: &Match) -> bool {
        let edges = self.edges[m.pattern().as_usize()];
        !same_word(edges.first, char_before(haystack, m.start()))
            && !same_word(edges.last, char_after(haystack, m.end()))
    }
}

fn lanes(dfa: DFA) -> Search {
    let start = dfa
        .start_state(Anchored::No)
        .expect("a DFA built for unanchored searches");
    Search::Lanes { dfa, start }
}

pub(super) fn unbounded<P: AsRef<[u8]>>(patterns: &[P]) -> AhoCorasick {
    let build = |kind| AhoCorasick::builder().kind(Some(kind)).build(patterns);
    build(AhoCorasickKind::ContiguousNFA)
        .or_else(|_| build(AhoCorasickKind::NoncontiguousNFA))
        .unwrap_or_else(|error| panic!("the privacy gate cannot hold these values: {error}"))
}

fn edges(pattern: &[u8]) -> Edges {
    let text = String::from_utf8_lossy(pattern);
    Edges {
        first: text.chars().next(),
        last: text.chars().next_back(),
    }
}

/// Whether `edge`, a pattern's first or last character, and `neighbour`, the character beside
/// it in the text, belong to one word: two letters, or two digits.
fn same_word(edge: Option<char>, neighbour: Option<char>) -> bool {
    match (edge, neighbour) {
        (Some(edge), Some(neighbour)) => {
            (edge.is_alphabetic() && neighbour.is_alphabetic())
                || (edge.is_numeric() && neighbour.is_numeric())
        }
        _ => false,
    }
}

/// The character that ends at byte `at`, if the bytes there are UTF-8.
fn char_before(haystack: &[u8], at: usize) -> Option<char> {
    let start = (at.saturating_sub(4)..at)
        .rev()
        .find(|&i| !is_continuation(haystack[i]))?;
    std::str::from_utf8(&haystack[start..at])
        .ok()?
        .chars()
        .next()
}

/// The character that begins at byte `at`, if the bytes there are UTF-8.
fn char_after(haystack: &[u8], at: usize) -> Option<char> {
    let chunk = haystack.get(at..)?.utf8_chunks().next()?;
    chunk.valid().chars().next()
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Whether any pattern occurs in `haystack`, whole or not. Splits it into [`LANES`] parts and
/// steps through them side by side. Each part after the first begins `longest - 1` bytes
/// before its share, so a value that ends in a share lies whole in its part.
pub(super) fn any_match_in_lanes(dfa: &DFA, start: StateID, haystack: &[u8]) -> bool {
    let reach = dfa.max_pattern_len().saturating_sub(1);
    let share = haystack.len() / LANES;
    if share < MIN_PART.max(reach) {
        return reaches_a_match(dfa, start, haystack);
    }
    let begins: [usize; LANES] = std::array::from_fn(|k| (k * share).saturating_sub(reach));
    let parts: [&[u8]; LANES] = std::array::from_fn(|k| &haystack[begins[k]..begins[k] + share]);
    let mut states = [start; LANES];
    for step in 0..share {
        let mut special = false;
        for (state, part) in states.iter_mut().zip(&parts) {
            *state = dfa.next_state(Anchored::No, *state, part[step]);
            special |= dfa.is_special(*state);
        }
        if special && states.iter().any(|&state| dfa.is_match(state)) {
            return true;
        }
    }
    states.iter().enumerate().any(|(lane, &state)| {
        let end = if lane + 1 == LANES {
            haystack.len()
        } else {
            (lane + 1) * share
        };
        reaches_a_match(dfa, state, &haystack[begins[lane] + share..end])
    })
}

/// Whether stepping from `state` through `bytes` reaches a match state.
fn reaches_a_match(dfa: &DFA, mut state: StateID, bytes: &[u8]) -> bool {
    for &byte in bytes {
        state = dfa.next_state(Anchored::No, state, byte);
        if dfa.is_match(state) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The ends and patterns of the whole values that end first, found the slow way: every
    /// pattern tried at every end.
    fn first_whole(patterns: &[Vec<u8>], haystack: &[u8]) -> Option<(usize, Vec<usize>)> {
        (0..=haystack.len()).find_map(|end| {
            let whole: Vec<usize> = (0..patterns.len())
                .filter(|&p| {
                    let pattern = &patterns[p];
                    let Some(start) = end.checked_sub(pattern.len()) else {
                        return false;
                    };
                    let edges = edges(pattern);
                    &haystack[start..end] == pattern.as_slice()
                        && !same_word(edges.first, char_before(haystack, start))
                        && !same_word(edges.last, char_after(haystack, end))
                })
                .collect();
            (!whole.is_empty()).then_some((end, whole))
        })
    }

    /// Text from a few pieces, so that patterns overlap and recur: letters and a digit (words),
    /// a space, a two-byte letter, and a lone lead byte (not UTF-8).
    fn text(max: usize) -> impl Strategy<Value = Vec<u8>> {
        let pieces: Vec<&'static [u8]> = vec![b"a", b"b", b"0", b" ", "â".as_bytes(), b"\xc3"];
        prop::collection::vec(prop::sample::select(pieces), 1..max).prop_map(|p| p.concat())
    }

    proptest! {
        /// The scanner finds the first whole value, as trying every pattern at every end does,
        /// wherever the lanes are cut: haystacks from a few bytes to several parts of
        /// [`MIN_PART`] bytes.
        #[test]
        fn the_first_whole_value_is_found(
            patterns in prop::collection::vec(text(8), 1..6),
            haystack in text(2500),
        ) {
            let expected = first_whole(&patterns, &haystack);
            let scanners = [
                Scanner::in_lanes(&patterns),
                Scanner::new(&patterns).expect("some"),
                Scanner::for_small_texts(&patterns).expect("some"),
            ];
            for scanner in scanners {
                prop_assert_eq!(scanner.find_all(&haystack).first().copied(), scanner.find(&haystack));
                let found = scanner.find(&haystack);
                match &expected {
                    None => prop_assert_eq!(found, None),
                    Some((end, whole)) => {
                        let found = found.expect("a whole value");
                        prop_assert_eq!(found.end, *end);
                        prop_assert!(whole.contains(&found.pattern));
                    }
                }
            }
        }

        /// A value planted anywhere in a haystack that holds no other is found, in whichever
        /// lane, seam between lanes or last odd bytes it falls.
        #[test]
        fn a_value_is_found_wherever_it_falls(
            (len, at) in (1000usize..5000).prop_flat_map(|len| (Just(len), 0..=len)),
        ) {
            let value = b"0912 345 678".to_vec();
            let mut haystack = vec![b'.'; len];
            haystack.splice(at..at, value.iter().copied());
            let scanner = Scanner::in_lanes(std::slice::from_ref(&value));
            prop_assert_eq!(scanner.find(&haystack).map(|f| f.pattern), Some(0));
            haystack.remove(at + value.len() - 1);
            prop_assert_eq!(scanner.find(&haystack), None);
        }
    }

    /// The last bytes left over when a haystack is cut into equal shares are searched too.
    #[test]
    fn a_value_at_the_very_end_is_found() {
        let value = b"0912 345 678";
        let scanner = Scanner::in_lanes(&[value]);
        for len in 2000..2000 + LANES {
            let mut haystack = vec![b'.'; len];
            haystack.extend_from_slice(value);
            let found = scanner.find(&haystack).map(|f| f.pattern);
            assert_eq!(found, Some(0), "after {len} bytes");
        }
    }

    #[test]
    fn each_search_answers_the_same() {
        let patterns = ["0912 345 678", "Gia đình ông Lê Văn An", "/ho-so/gd-an-1/"];
        let mut haystack = "<p>Gia đình ông Lê Văn Anh</p>".repeat(200);
        haystack.push_str("<a href=\"https://x.vn/ho-so/gd-an-1/\">");
        let whole = Found {
            pattern: 2,
            start: haystack.len() - 2 - patterns[2].len(),
            end: haystack.len() - 2,
        };
        let expected = Some(whole);
        let lanes = Scanner::in_lanes(&patterns);
        assert_eq!(lanes.find(haystack.as_bytes()), expected);
        let scanner = Scanner::new(&patterns).expect("patterns");
        assert_eq!(scanner.find(haystack.as_bytes()), expected);
        let small = Scanner::for_small_texts(&patterns).expect("patterns");
        assert_eq!(small.find(haystack.as_bytes()), expected);
        assert_eq!(small.find_all(haystack.as_bytes()), vec![whole]);
        assert_eq!(scanner.longest(), patterns[1].len());
        let phones = ["0912 345 678", "0987 654 321"];
        let prefiltered = Scanner::new(&phones).expect("patterns");
        assert!(matches!(prefiltered.search, Search::Prefiltered(_)));
        let found = |text: &str| prefiltered.find(text.as_bytes()).map(|f| f.pattern);
        assert_eq!(found("... 0987 654 321 ..."), Some(1));
        assert_eq!(found("... 0987 654 32 ..."), None);
        assert_eq!(found("... 0987 654 3210 ..."), None);
        assert!(Scanner::new::<&str>(&[]).is_none());
    }

    /// Values that all begin alike are looked for where that beginning is found, and found
    /// as the other searches find them.
    #[test]
    fn values_that_begin_alike_are_found_where_their_beginning_is() {
        let pages = ["/ho-so/gd-an/", "/ho-so/gd-binh-1/", "/ho-so/dh-le/"];
        let scanner = Scanner::new(&pages).expect("pages");
        assert!(scanner.shared.is_some());
        let found = |text: &str| scanner.find(text.as_bytes()).map(|f| f.pattern);
        assert_eq!(
            found("<a href=\"/ho-so/gd-an-2/\">x</a> /ho-so/gd-binh-1"),
            None
        );
        assert_eq!(found("/ho-so/gd-an-2/ /ho-so/dh-le/"), Some(2));
        assert_eq!(found("https://x.vn/ho-so/gd-binh-1/"), Some(1));
        assert_eq!(found("/ho-so//ho-so/gd-an/"), Some(0));
        let small = Scanner::for_small_texts(&pages).expect("pages");
        assert!(small.shared.is_none());
        assert!(
            Scanner::new(&["/a/x", "/b/x"])
                .expect("some")
                .shared
                .is_none()
        );
    }

    /// A name inside a longer name, or a number inside a longer number, is not the value; at
    /// the edge of markup, punctuation, an escaped quote, or a letter against a digit, it is.
    #[test]
    fn a_value_counts_only_where_it_stands_whole() {
        let scanner = Scanner::new(&["Lê Văn An", "Thôn 1", "&quot;A&quot; & B"]).expect("some");
        let found = |text: &str| scanner.find(text.as_bytes()).map(|f| f.pattern);
        assert_eq!(found("<td>Gia đình ông Lê Văn Anh</td>"), None);
        assert_eq!(found("<td>Ông Lê Văn Anh, Thôn 12</td>"), None);
        assert_eq!(found("<td>Lê Văn An</td>"), Some(0));
        assert_eq!(found("ông Lê Văn An, Thôn 12"), Some(0));
        assert_eq!(found("\"Lê Văn An\""), Some(0));
        assert_eq!(found("Thôn 12; Thôn 1."), Some(1));
        assert_eq!(
            found("x&quot;A&quot; & B2"),
            Some(2),
            "a letter against a digit"
        );
        assert_eq!(found("Thôn 1a"), Some(1));
        assert_eq!(found("Lê Văn An2"), Some(0));
        let phone = Scanner::new(&["0912345678"]).expect("some");
        assert!(phone.find("SĐT0912345678.".as_bytes()).is_some());
        assert!(phone.find(b"SDT 09123456789").is_none());
    }
}
