//! The words of a name as search ranks them: the lead words every name of a kind starts with
//! ("Gia đình ông", "Dòng họ", "Thôn"), which weigh little, and for every other word its folded
//! form with the signature of its diacritics, so that "Đình" typed with its marks ranks "Đình"
//! above "Định" and "Dinh". `tim-kiem.js` computes the same signature for the query.

use rustc_hash::FxHashSet;

/// The lead phrases, folded, that a name of each kind may start with; the longest that fits is
/// taken, and only when a word is left after it.
const LEADS: &[(&str, &[&str])] = &[
    ("family", &["gia dinh ong", "gia dinh ba", "gia dinh"]),
    ("clan", &["dong ho"]),
    (
        "community",
        &[
            "to dan pho",
            "khu dan cu",
            "khu pho",
            "thon",
            "ban",
            "xom",
            "ap",
            "to",
        ],
    ),
];

/// One word of a name: folded (as [`super::fold`]) and the signature of its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    /// One letter per mark, sorted: `f` grave, `s` acute, `r` hook, `x` tilde, `j` dot below,
    /// `c` circumflex, `b` breve, `h` horn, `d` the bar of `đ`, `o` any other mark. "Đình" is
    /// `df`; "Hòa" and "Hoà" are both `f`.
    pub marks: String,
}

/// The words of `text` with their marks; the folded words are those of [`super::fold`].
///
/// Each character is decomposed on its own (ASCII needs none): the canonical order NFD puts a
/// character's marks in does not matter here, as a word's marks are sorted.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    read(text, |folded, marks| {
        words.push(Word {
            folded: folded.to_string(),
            marks: marks.to_string(),
        });
    });
    words
}

/// Adds each word of `text` to `keys` as [`key`] writes it, once.
pub fn add_keys(text: &str, keys: &mut FxHashSet<String>) {
    let mut buffer = String::new();
    read(text, |folded, marks| {
        buffer.clear();
        buffer.push_str(folded);
        buffer.push(' ');
        buffer.push_str(marks);
        if !keys.contains(buffer.as_str()) {
            keys.insert(buffer.clone());
        }
    });
}

/// A word and its marks as one string, `folded marks` (a folded word holds only ASCII letters
/// and digits, its marks only letters: the space parts them).
pub fn key(word: &Word) -> String {
    format!("{} {}", word.folded, word.marks)
}

/// Calls `word` with each word of `text`, folded, and its marks.
fn read(text: &str, word: impl FnMut(&str, &str)) {
    let mut reader = Reader {
        word,
        folded: String::new(),
        marks: Vec::new(),
    };
    for c in text.chars() {
        if c.is_ascii() {
            reader.take(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| reader.take(d));
        }
    }
    reader.end_word();
}

/// Reads decomposed characters into words.
struct Reader<F> {
    word: F,
    folded: String,
    marks: Vec<u8>,
}

impl<F: FnMut(&str, &str)> Reader<F> {
    fn take(&mut self, c: char) {
        if let Some(mark) = mark_letter(c) {
            if !self.folded.is_empty() {
                self.marks.push(mark);
            }
            return;
        }
        let (letter, bar) = match c {
            'đ' | 'Đ' => ('d', true),
            _ => (c.to_ascii_lowercase(), false),
        };
        if letter.is_ascii_alphanumeric() {
            self.folded.push(letter);
            if bar {
                self.marks.push(b'd');
            }
        } else {
            self.end_word();
        }
    }

    /// Ends the word being read, if any; its buffers are kept for the next.
    fn end_word(&mut self) {
        if self.folded.is_empty() {
            return;
        }
        self.marks.sort_unstable();
        let marks = std::str::from_utf8(&self.marks).unwrap_or_default();
        (self.word)(&self.folded, marks);
        self.folded.clear();
        self.marks.clear();
    }
}

/// The letter of a combining mark, none for any other character.
fn mark_letter(c: char) -> Option<u8> {
    if c.is_ascii() || !unicode_normalization::char::is_combining_mark(c) {
        return None;
    }
    Some(match c {
        '\u{300}' => b'f',
        '\u{301}' => b's',
        '\u{309}' => b'r',
        '\u{303}' => b'x',
        '\u{323}' => b'j',
        '\u{302}' => b'c',
        '\u{306}' => b'b',
        '\u{31b}' => b'h',
        _ => b'o',
    })
}

/// The lead phrase `words` (of a name of `kind`) start with, and how many words it takes.
pub fn lead(kind: &str, words: &[Word]) -> Option<(&'static str, usize)> {
    let leads = LEADS.iter().find(|(k, _)| *k == kind)?.1;
    leads.iter().find_map(|lead| {
        let parts: Vec<&str> = lead.split(' ').collect();
        let fits = words.len() > parts.len()
            && parts
                .iter()
                .zip(words)
                .all(|(part, word)| *part == word.folded);
        fits.then_some((*lead, parts.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_and_marks(text: &str) -> Vec<(String, String)> {
        words(text)
            .into_iter()
            .map(|w| (w.folded, w.marks))
            .collect()
    }

    #[test]
    fn marks_are_kept_apart_and_their_place_does_not_matter() {
        assert_eq!(
            folded_and_marks("Đình Định Dinh"),
            [
                ("dinh".into(), "df".into()),
                ("dinh".into(), "dj".into()),
                ("dinh".into(), String::new())
            ]
        );
        assert_eq!(words("Hòa"), words("Hoà"));
        assert_eq!(words("Nguyễn")[0].marks, "cx");
        let folded: Vec<String> = words("  Ơn, Ước — Ư  ")
            .into_iter()
            .map(|w| w.folded)
            .collect();
        assert_eq!(folded.join(" "), super::super::fold("  Ơn, Ước — Ư  "));
    }

    /// The words as read from the whole text in NFD, with the marks in canonical order.
    fn words_of_nfd(text: &str) -> Vec<Word> {
        use unicode_normalization::UnicodeNormalization as _;
        let mut words = Vec::new();
        read_decomposed(text.nfd(), |folded, marks| {
            words.push(Word {
                folded: folded.to_string(),
                marks: marks.to_string(),
            });
        });
        words
    }

    fn read_decomposed(chars: impl Iterator<Item = char>, word: impl FnMut(&str, &str)) {
        let mut reader = Reader {
            word,
            folded: String::new(),
            marks: Vec::new(),
        };
        chars.for_each(|c| reader.take(c));
        reader.end_word();
    }

    proptest::proptest! {
        /// Decomposing each character on its own reads the words NFD reads, whatever order
        /// the marks come in.
        #[test]
        fn each_character_decomposed_alone_reads_as_nfd(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'D', 'đ', 'Đ', 'ễ', 'Ư', 'ơ', 'ờ', ' ', '-', '1', 'ﬁ', 'Å',
                    '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}',
                    '\u{306}', '\u{31b}', '\u{327}', '\u{200b}',
                ]),
                0..40,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(words(&text), words_of_nfd(&text));
        }
    }

    #[test]
    fn a_lead_is_the_longest_that_leaves_a_word() {
        let family = words("Gia đình ông Nguyễn Văn An");
        assert_eq!(lead("family", &family), Some(("gia dinh ong", 3)));
        assert_eq!(lead("family", &words("Gia đình")), None);
        assert_eq!(
            lead("clan", &words("Dòng họ Nguyễn Đình")),
            Some(("dong ho", 2))
        );
        assert_eq!(
            lead("community", &words("Tổ dân phố Hòa Bình")),
            Some(("to dan pho", 3))
        );
        assert_eq!(lead("citizen", &words("Gia Đình An")), None);
    }
}
