//! The words of a name as search ranks them: the lead words every name of a kind starts with
//! ("Gia đình ông", "Dòng họ", "Thôn"), which weigh little, and for every other word its folded
//! form with the signature of its diacritics, so that "Đình" typed with its marks ranks "Đình"
//! above "Định" and "Dinh". `tim-kiem.js` computes the same signature for the query.

use unicode_normalization::UnicodeNormalization;

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
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut folded = String::new();
    let mut marks = String::new();
    for c in text.nfd() {
        if let Some(mark) = mark_letter(c) {
            if !folded.is_empty() {
                marks.push(mark);
            }
            continue;
        }
        let (letter, bar) = match c {
            'đ' | 'Đ' => ('d', true),
            _ => (c.to_ascii_lowercase(), false),
        };
        if letter.is_ascii_alphanumeric() {
            folded.push(letter);
            if bar {
                marks.push('d');
            }
        } else if !folded.is_empty() {
            words.push(finish(&mut folded, &mut marks));
        }
    }
    if !folded.is_empty() {
        words.push(finish(&mut folded, &mut marks));
    }
    words
}

fn finish(folded: &mut String, marks: &mut String) -> Word {
    let mut sorted: Vec<char> = marks.chars().collect();
    sorted.sort_unstable();
    marks.clear();
    Word {
        folded: std::mem::take(folded),
        marks: sorted.into_iter().collect(),
    }
}

/// The letter of a combining mark, none for any other character.
fn mark_letter(c: char) -> Option<char> {
    if !unicode_normalization::char::is_combining_mark(c) {
        return None;
    }
    Some(match c {
        '\u{300}' => 'f',
        '\u{301}' => 's',
        '\u{309}' => 'r',
        '\u{303}' => 'x',
        '\u{323}' => 'j',
        '\u{302}' => 'c',
        '\u{306}' => 'b',
        '\u{31b}' => 'h',
        _ => 'o',
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
