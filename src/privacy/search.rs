//! The guarded values looked for in a folded file: the folded names and texts in its word
//! channels, the digit sequences in its digit channels, each counted only where it begins and
//! ends with a word (or a group of digits) of the file.

use aho_corasick::AhoCorasick;

use super::fold::{Channel, Folded};
use super::scan::unbounded;

/// A guarded value in folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The folded bytes: letters and digits for a word channel, digits for a digit channel.
    pub folded: Vec<u8>,
    /// Whether it is looked for in the digit channels.
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

/// One automaton per kind of channel.
#[derive(Debug)]
pub struct FoldedSearch {
    words: Option<Automaton>,
    digits: Option<Automaton>,
    longest: usize,
}

#[derive(Debug)]
struct Automaton {
    search: AhoCorasick,
    secrets: Vec<usize>,
}

impl Automaton {
    fn new(patterns: Vec<&Pattern>) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        let folded: Vec<&[u8]> = patterns.iter().map(|p| p.folded.as_slice()).collect();
        Some(Automaton {
            search: unbounded(&folded),
            secrets: patterns.iter().map(|p| p.secret).collect(),
        })
    }
}

impl FoldedSearch {
    pub fn new(patterns: &[Pattern]) -> Self {
        let (digits, words): (Vec<&Pattern>, Vec<&Pattern>) =
            patterns.iter().partition(|p| p.digits);
        FoldedSearch {
            words: Automaton::new(words),
            digits: Automaton::new(digits),
            longest: patterns.iter().map(|p| p.folded.len()).max().unwrap_or(0),
        }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.words.is_none() && self.digits.is_none()
    }

    /// The length of the longest folded value.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Every guarded value found whole in `folded`: text before attributes, words before
    /// digits, each channel in the order of the ends.
    pub fn hits<'a>(&'a self, folded: &'a Folded) -> impl Iterator<Item = Hit> + 'a {
        folded
            .channels()
            .into_iter()
            .filter_map(move |(channel, digits)| {
                let automaton = if digits { &self.digits } else { &self.words };
                Some((channel, automaton.as_ref()?))
            })
            .flat_map(|(channel, automaton)| hits_in(channel, automaton))
    }
}

fn hits_in<'a>(channel: &'a Channel, automaton: &'a Automaton) -> impl Iterator<Item = Hit> + 'a {
    automaton
        .search
        .find_overlapping_iter(channel.bytes.as_slice())
        .filter(|m| channel.is_whole(m.start(), m.end()))
        .map(|m| Hit {
            secret: automaton.secrets[m.pattern().as_usize()],
            start: channel.starts.get(m.start()).copied().unwrap_or(0),
            end: channel.ends.get(m.end() - 1).copied().unwrap_or(0),
        })
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
        let search = FoldedSearch::new(&[
            pattern("0900000001", true, 0),
            pattern("nguyenvanan", false, 1),
        ]);
        assert_eq!(
            found(&search, "năm 2024 0900 000 001."),
            [(0, "0900 000 001".to_string())]
        );
        assert_eq!(found(&search, "09000000012"), []);
        assert_eq!(found(&search, "1 0900 000 0012"), []);
        assert_eq!(
            found(&search, "<p>ông NGUYEN Văn <b>An</b>.</p>"),
            [(1, "NGUYEN Văn <b>An".to_string())]
        );
        assert_eq!(found(&search, "ông Nguyễn Văn Anh"), []);
        assert_eq!(
            found(&search, "ông Nguyễn Vănan"),
            [(1, "Nguyễn Vănan".to_string())]
        );
        assert_eq!(
            found(&search, "<a href=\"tel:0900%20000%20001\">gọi</a>"),
            [(0, "0900%20000%20001".to_string())]
        );
        assert!(FoldedSearch::new(&[]).is_empty());
        assert_eq!(search.longest(), 11);
    }
}
