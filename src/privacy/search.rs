//! The guarded values looked for in a folded file, in one pass over each of its channels: the
//! folded names and texts counted only where they begin and end with words of the file, the
//! digit sequences only where no digit joins them at either end.

use aho_corasick::automaton::{Automaton as _, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, Input, Match};

use super::fold::{Channel, Folded};
use super::scan::{any_match_in_lanes, unbounded};

/// Up to this many bytes of values, the search is a DFA: a table lookup per byte, stepped
/// through four parts of a channel side by side to tell whether any value is there at all.
/// 50,000 bytes of folded names make a DFA of about 1 MB. The values of a national site are
/// searched by an NFA.
const DFA_BYTES: usize = 50_000;

/// A guarded value in folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The folded bytes: letters and digits for a text, digits for a number.
    pub folded: Vec<u8>,
    /// Whether it is a number, found whole where no digit joins it.
    pub digits: bool,
    /// The index of the secret it stands for.
    pub secret: usize,
}

/// A guarded value found in a folded file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The index of the secret.
    pub secret: usize,
    /// Where it begins in the file (0 when the fold kept no places).
    pub start: usize,
    /// Where it ends in the file (0 when the fold kept no places).
    pub end: usize,
}

/// One automaton for every folded value.
#[derive(Debug)]
pub struct FoldedSearch {
    automaton: Option<Automaton>,
    /// For each pattern of the automaton: the secret it stands for, and whether it is a number.
    kinds: Vec<(usize, bool)>,
    longest: usize,
}

#[derive(Debug)]
enum Automaton {
    /// For a few values: quick to step through, and to tell that nothing is there.
    Dfa { dfa: Box<DFA>, start: StateID },
    /// For many values: smaller.
    Nfa(AhoCorasick),
}

impl Automaton {
    fn new(folded: &[&[u8]], small_texts: bool) -> Self {
        let bytes: usize = folded.iter().map(|p| p.len()).sum();
        let dfa = (!small_texts && bytes <= DFA_BYTES)
            .then(|| DFA::builder().prefilter(false).build(folded).ok())
            .flatten();
        let start = dfa
            .as_ref()
            .and_then(|dfa| dfa.start_state(aho_corasick::Anchored::No).ok());
        match (dfa, start) {
            (Some(dfa), Some(start)) => Automaton::Dfa {
                dfa: Box::new(dfa),
                start,
            },
            _ => Automaton::Nfa(unbounded(folded)),
        }
    }

    /// Every place a value occurs in `haystack`, whole or not.
    fn matches<'h>(&'h self, haystack: &'h [u8]) -> Box<dyn Iterator<Item = Match> + 'h> {
        let input = Input::new(haystack);
        match self {
            Automaton::Dfa { dfa, start } => {
                if !any_match_in_lanes(dfa, *start, haystack) {
                    return Box::new(std::iter::empty());
                }
                Box::new(
                    dfa.try_find_overlapping_iter(input)
                        .expect("a DFA of standard semantics searches overlapping"),
                )
            }
            Automaton::Nfa(nfa) => Box::new(nfa.find_overlapping_iter(input)),
        }
    }
}

impl FoldedSearch {
    /// A search for `patterns`; for `small_texts` (a few Markdown sources), one quicker to
    /// build and slower to search.
    pub fn new(patterns: &[Pattern], small_texts: bool) -> Self {
        let folded: Vec<&[u8]> = patterns.iter().map(|p| p.folded.as_slice()).collect();
        FoldedSearch {
            automaton: (!patterns.is_empty()).then(|| Automaton::new(&folded, small_texts)),
            kinds: patterns.iter().map(|p| (p.secret, p.digits)).collect(),
            longest: patterns.iter().map(|p| p.folded.len()).max().unwrap_or(0),
        }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The length of the longest folded value.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Every guarded value found whole in `folded`: text before attributes, each channel in
    /// the order of the ends.
    pub fn hits<'a>(&'a self, folded: &'a Folded) -> impl Iterator<Item = Hit> + 'a {
        let automaton = self.automaton.as_ref();
        folded
            .channels()
            .into_iter()
            .filter_map(move |channel| Some((channel, automaton?)))
            .flat_map(|(channel, automaton)| self.hits_in(channel, automaton))
    }

    fn hits_in<'a>(
        &'a self,
        channel: &'a Channel,
        automaton: &'a Automaton,
    ) -> impl Iterator<Item = Hit> + 'a {
        automaton.matches(&channel.bytes).filter_map(move |m| {
            let (secret, digits) = self.kinds[m.pattern().as_usize()];
            let whole = if digits {
                channel.is_whole_number(m.start(), m.end())
            } else {
                channel.is_whole(m.start(), m.end())
            };
            whole.then(|| Hit {
                secret,
                start: channel.starts.get(m.start()).copied().unwrap_or(0),
                end: channel.ends.get(m.end() - 1).copied().unwrap_or(0),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold::Markup;
    use super::*;

    fn pattern(folded: &str, digits: bool, secret: usize) -> Pattern {
        Pattern {
            folded: folded.as_bytes().to_vec(),
            digits,
            secret,
        }
    }

    fn found(search: &FoldedSearch, text: &str) -> Vec<(usize, String)> {
        let mut folded = Folded::new(true);
        folded.fold(text.as_bytes(), Markup::Html);
        search
            .hits(&folded)
            .map(|hit| (hit.secret, text[hit.start..hit.end].to_string()))
            .collect()
    }

    #[test]
    fn a_value_counts_where_it_begins_and_ends_with_words_of_the_text() {
        let patterns = [
            pattern("0900000001", true, 0),
            pattern("nguyenvanan", false, 1),
        ];
        for small_texts in [false, true] {
            let search = FoldedSearch::new(&patterns, small_texts);
            let phone = |text: &str| [(0, text.to_string())];
            assert_eq!(
                found(&search, "năm 2024 0900 000 001."),
                phone("0900 000 001")
            );
            assert_eq!(found(&search, "09000000012"), []);
            assert_eq!(found(&search, "1 0900 000 0012"), []);
            assert_eq!(found(&search, "20900000001"), []);
            assert_eq!(found(&search, "SĐT0900000001"), phone("0900000001"));
            assert_eq!(found(&search, "0900000001đ"), phone("0900000001"));
            assert_eq!(found(&search, "0900 a 000001"), []);
            assert_eq!(
                found(&search, "<p>ông NGUYEN Văn <b>An</b>.</p>"),
                [(1, "NGUYEN Văn <b>An".to_string())]
            );
            assert_eq!(found(&search, "ông Nguyễn Văn Anh"), []);
            assert_eq!(found(&search, "ôngnguyễn Văn An"), [], "a longer word");
            assert_eq!(
                found(&search, "ông Nguyễn Vănan"),
                [(1, "Nguyễn Vănan".to_string())]
            );
            assert_eq!(
                found(&search, "<a href=\"tel:0900%20000%20001\">gọi</a>"),
                phone("0900%20000%20001")
            );
            assert_eq!(search.longest(), 11);
        }
        assert!(FoldedSearch::new(&[], false).is_empty());
    }
}
