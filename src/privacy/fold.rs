//! The privacy gate's normalisation: the bytes of a file turned into a channel a guarded
//! value can be looked for in whatever form it was written, with a map back to the file:
//! letters folded (lower case, no diacritics, `đ` as `d`) and digits (bold, fullwidth and
//! escaped ones as ASCII), with no spacing at all, and a mark at each place a word (or a group
//! of digits) begins. A number is its digits there: a letter between two digits parts them,
//! as the letter stands between them in the channel.
//!
//! Character references, percent-encoding, JSON escapes, zero-width marks and, in HTML, inline
//! tags (`<em>`) are seen through. A run is broken (a value cannot be found across it) by a
//! block tag, bytes that are not UTF-8, a gap of more than [`MAX_GAP`] bytes or
//! [`MAX_SEPARATORS`] separators between two characters. Attribute values are read as
//! separate runs of a channel of their own, [`Folded::attributes`].

use super::clean::Clean;
use super::decode::{self, LONGEST_FORM};
use super::letters::{Class, OneByteFolds, classify, classify_ascii, one_byte_folds};
use super::markup::{self, Tag};

/// The most bytes between two characters of one value: inline tags, marks, spaces.
pub const MAX_GAP: usize = 32;

/// The most separators between two characters of one value (a run of spaces counts once):
/// `0900 - 000` has three.
pub const MAX_SEPARATORS: usize = 3;

/// The most bytes of a file one character of a folded value can stand for, with the gap
/// before it: a value of `n` folded bytes lies within `n * SPAN_PER_BYTE` bytes of the file.
pub const SPAN_PER_BYTE: usize = LONGEST_FORM + MAX_GAP;

/// What stands between two runs in a channel; no folded value holds it.
pub const BREAK: u8 = b'\n';

/// How a file's markup is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// HTML, XML, SVG: tags are read as tags.
    Html,
    /// Anything else (JSON, CSV, JavaScript, CSS, text): `<` is punctuation.
    Plain,
}

impl Markup {
    /// How the file at `path` is read, by its extension.
    pub fn for_path(path: &str) -> Markup {
        let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
        let html = ["html", "htm", "xml", "svg", "xhtml", "rss", "atom", "md"];
        if html.iter().any(|e| extension.eq_ignore_ascii_case(e)) {
            Markup::Html
        } else {
            Markup::Plain
        }
    }
}

/// A channel: folded bytes, where each word and group of digits begins, and where each byte
/// came from.
#[derive(Debug, Default)]
pub struct Channel {
    /// The folded bytes, runs separated by [`BREAK`].
    pub bytes: Vec<u8>,
    /// For each byte, whether a word (or a group of digits) begins there.
    pub begins: Vec<bool>,
    /// For each byte, the offset in the file where its character begins (kept only when asked).
    pub starts: Vec<usize>,
    /// For each byte, the offset in the file where its character ends (kept only when asked).
    pub ends: Vec<usize>,
    gap: Gap,
}

/// What lies between the last character of a channel and the next.
#[derive(Debug, Default)]
struct Gap {
    /// Where the last character ended.
    after: usize,
    separators: usize,
    in_space: bool,
    separated: bool,
    broken: bool,
}

impl Channel {
    fn clear(&mut self) {
        self.bytes.clear();
        self.begins.clear();
        self.starts.clear();
        self.ends.clear();
        self.gap = Gap::default();
    }

    /// Whether a value found at `start..end` of the channel begins and ends where a word (or a
    /// group of digits) does.
    pub fn is_whole(&self, start: usize, end: usize) -> bool {
        self.begins[start] && (end == self.bytes.len() || self.begins[end])
    }

    /// Whether digits found at `start..end` of the channel are a whole number: no digit
    /// joins them at either end (a letter may: `SĐT0900…` holds the number `0900…`).
    pub fn is_whole_number(&self, start: usize, end: usize) -> bool {
        // Whether the characters before and at `k` are digits of one group.
        let one_group = |k: usize| {
            (1..self.bytes.len()).contains(&k)
                && !self.begins[k]
                && self.bytes[k - 1].is_ascii_digit()
                && self.bytes[k].is_ascii_digit()
        };
        !one_group(start) && !one_group(end)
    }

    /// The runs of digits of the channel, each cut where a letter or a break parts them.
    pub fn numbers(&self) -> impl Iterator<Item = &[u8]> {
        self.bytes
            .split(|b| !b.is_ascii_digit())
            .filter(|run| !run.is_empty())
    }

    #[inline]
    fn character(&mut self, folded: &[u8], start: usize, end: usize, track: bool) {
        let gap = &self.gap;
        // Right after the character before, nothing between: no break, no word begins.
        let joined = start == gap.after && !gap.separated && !self.bytes.is_empty();
        let begins = !joined && self.after_gap(start, track);
        self.push(folded, begins, start, end, track);
        self.gap = Gap {
            after: end,
            ..Gap::default()
        };
    }

    /// Whether a word begins at a character at `start` that something comes before: the
    /// channel's first character, one after a separator, or one after a break (marked with a
    /// [`BREAK`] if none stands there yet).
    #[inline(always)]
    fn after_gap(&mut self, start: usize, track: bool) -> bool {
        let gap = &self.gap;
        let first = self.bytes.is_empty();
        let broken = !first
            && (gap.broken
                || start.saturating_sub(gap.after) > MAX_GAP
                || gap.separators > MAX_SEPARATORS);
        let separated = gap.separated;
        if broken {
            self.mark_break(start, track);
        }
        first || broken || separated
    }

    #[cold]
    fn mark_break(&mut self, start: usize, track: bool) {
        if self.bytes.last() != Some(&BREAK) {
            self.push(&[BREAK], true, start, start, track);
        }
    }

    /// Pushes the bytes of one character, the first marked if a word `begins` there.
    fn push(&mut self, folded: &[u8], begins: bool, start: usize, end: usize, track: bool) {
        if let [byte] = folded {
            self.bytes.push(*byte);
            self.begins.push(begins);
        } else {
            self.bytes.extend_from_slice(folded);
            self.begins.push(begins);
            self.begins.resize(self.bytes.len(), false);
        }
        if track {
            self.starts.resize(self.bytes.len(), start);
            self.ends.resize(self.bytes.len(), end);
        }
    }

    fn separator(&mut self, space: bool) {
        let gap = &mut self.gap;
        if !(space && gap.in_space) {
            gap.separators += 1;
        }
        gap.in_space = space;
        gap.separated = true;
    }

    fn hard_break(&mut self) {
        self.gap.broken = true;
        self.gap.separated = true;
    }
}

impl Channel {
    fn read(&mut self, class: Class, start: usize, end: usize, track: bool) {
        match class {
            Class::Digit(d) => self.character(&[d], start, end, track),
            Class::Letter { bytes, len } => {
                self.character(&bytes[..usize::from(len)], start, end, track)
            }
            Class::Space => self.separator(true),
            Class::Punctuation => self.separator(false),
            Class::Invisible => {}
        }
    }

    /// Reads the word `bytes` begins with, found at `start`, as [`Channel::read`] reads each of
    /// its characters, and returns its length: ASCII letters and digits, and the letters of
    /// [`OneByteFolds`], one after the other. A word can begin only at the first, as nothing
    /// stands between the others.
    #[inline(always)]
    fn word(&mut self, bytes: &[u8], start: usize, track: bool, folds: &OneByteFolds) -> usize {
        let gap = &self.gap;
        let joined = start == gap.after && !gap.separated && !self.bytes.is_empty();
        let begins = !joined && self.after_gap(start, track);
        let from = self.bytes.len();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let (folded, len) = if GLANCE[usize::from(byte)] == Glance::Alnum {
                // Lower case: `| 0x20` turns an ASCII capital into its small letter, and
                // leaves small letters and digits as they are.
                (byte | 0x20, 1)
            } else {
                match (byte >= 0xC2).then(|| folds.letter(&bytes[at..])).flatten() {
                    Some(letter) => letter,
                    None => break,
                }
            };
            self.bytes.push(folded);
            if track {
                self.starts.push(start + at);
                self.ends.push(start + at + len);
            }
            at += len;
        }
        self.begins.resize(self.bytes.len(), false);
        if let Some(first) = self.begins.get_mut(from) {
            *first = begins;
        }
        self.gap = Gap {
            after: start + at,
            ..Gap::default()
        };
        at
    }
}

/// A file folded: its text, and its attribute values apart. Reused from file to file.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: Channel,
    pub attributes: Channel,
    track: bool,
    /// Every character read on its own, with no run read in bulk: the plain reading the quick
    /// one is tested against.
    one_by_one: bool,
    clean: Clean,
}

impl Folded {
    /// A fold that keeps, or not, each folded byte's place in the file.
    pub fn new(track_places: bool) -> Self {
        Folded {
            track: track_places,
            ..Folded::default()
        }
    }

    /// Folds `bytes` (read as `markup`), in place of what was folded before.
    pub fn fold(&mut self, bytes: &[u8], markup: Markup) {
        self.text.clear();
        self.attributes.clear();
        let reading = Reading {
            markup,
            track: self.track,
            runs: !self.one_by_one,
        };
        walk(
            bytes,
            0,
            reading,
            &mut self.text,
            Some(&mut self.attributes),
            None,
        );
    }

    /// Folds `bytes` for the gate numbered `gate`, places not kept, leaving out what that gate
    /// found clean before ([`Folded::found_clean`]): a stretch of HTML from one block tag to
    /// the next, an attribute value. Each is read apart from what is around it (a block tag
    /// breaks every run; an attribute value is a run of its own), so what the gate finds in it
    /// depends on its bytes alone.
    pub fn fold_for_gate(&mut self, bytes: &[u8], markup: Markup, gate: u64) {
        self.text.clear();
        self.attributes.clear();
        self.clean.for_gate(gate);
        let reading = Reading {
            markup,
            track: false,
            runs: !self.one_by_one,
        };
        let Folded {
            text,
            attributes,
            clean,
            ..
        } = self;
        let mut from = 0;
        let html = markup == Markup::Html;
        let block_tags = html
            .then(|| markup::block_tags(bytes))
            .into_iter()
            .flatten();
        // A stretch is known clean only as HTML: the same bytes read as plain text find other
        // things (an inline tag between digits hides nothing; as plain text, its name parts them).
        for to in block_tags.chain([bytes.len()]) {
            let stretch = &bytes[from..to];
            if !(html && clean.units.known(stretch, from..to)) {
                walk(stretch, from, reading, text, Some(attributes), Some(clean));
            }
            from = to;
        }
    }

    /// Tells the fold that its gate found nothing in `bytes`, the file it last folded with
    /// [`Folded::fold_for_gate`]: what it read there is clean.
    pub fn found_clean(&mut self, bytes: &[u8]) {
        self.clean.found_clean(bytes);
    }

    /// The channels: the text, then the attribute values.
    pub fn channels(&self) -> [&Channel; 2] {
        [&self.text, &self.attributes]
    }
}

/// How a walk reads: the file's markup, whether places are kept, whether runs of ASCII
/// letters and digits are read in bulk.
#[derive(Clone, Copy, Debug)]
struct Reading {
    markup: Markup,
    track: bool,
    runs: bool,
}

/// Reads `bytes` (found at `base` in the file) into `out`; attribute values of tags go to
/// `attributes`, each a run of its own (when `None`, there are no tags to read), but for
/// those known `clean`.
fn walk(
    bytes: &[u8],
    base: usize,
    reading: Reading,
    out: &mut Channel,
    mut attributes: Option<&mut Channel>,
    mut clean: Option<&mut Clean>,
) {
    let Reading { markup, track, .. } = reading;
    let folds = one_byte_folds();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if reading.runs {
            let glance = GLANCE[usize::from(byte)];
            let word = match glance {
                Glance::Alnum => true,
                Glance::Other => byte >= 0xC2 && folds.letter(&bytes[at..]).is_some(),
                Glance::Space | Glance::Punctuation => {
                    out.separator(glance == Glance::Space);
                    at += 1;
                    continue;
                }
            };
            if word {
                at += out.word(&bytes[at..], base + at, track, folds);
                continue;
            }
        }
        let decoded = match byte {
            b'<' if markup == Markup::Html => {
                if let Some(Tag { end, inline }) = markup::tag(bytes, at, |value| {
                    let part = &bytes[value.clone()];
                    let range = base + value.start..base + value.end;
                    if (clean.as_deref_mut()).is_some_and(|clean| clean.values.known(part, range)) {
                        return;
                    }
                    if let Some(attributes) = attributes.as_deref_mut() {
                        attributes.hard_break();
                        let plain = Reading {
                            markup: Markup::Plain,
                            ..reading
                        };
                        walk(part, base + value.start, plain, attributes, None, None);
                        attributes.hard_break();
                    }
                }) {
                    if !inline {
                        out.hard_break();
                    }
                    at = end;
                    continue;
                }
                None
            }
            b'&' => decode::entity(bytes, at),
            b'%' => decode::percent(bytes, at),
            b'\\' => decode::json_escape(bytes, at),
            0x80.. => match decode::utf8(bytes, at) {
                Some(found) => Some(found),
                None => {
                    out.hard_break();
                    at += 1;
                    continue;
                }
            },
            _ => None,
        };
        let (class, len) = match decoded {
            Some((c, len)) => (classify(c), len),
            None => (classify_ascii(byte), 1),
        };
        out.read(class, base + at, base + at + len, track);
        at += len;
    }
}

/// What a byte is, at a glance: most bytes of a file need no more than this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Glance {
    /// An ASCII letter or digit.
    Alnum,
    /// ASCII white space.
    Space,
    /// Any other ASCII byte that stands for itself: punctuation, a control character.
    Punctuation,
    /// A byte that may begin a tag, a character reference, a percent-encoding, a JSON escape,
    /// or a character of more than one byte.
    Other,
}

const GLANCE: [Glance; 256] = {
    let mut table = [Glance::Other; 256];
    let mut byte = 0;
    while byte < 0x80 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphanumeric() {
            Glance::Alnum
        } else if b.is_ascii_whitespace() {
            Glance::Space
        } else if matches!(b, b'<' | b'&' | b'%' | b'\\') {
            Glance::Other
        } else {
            Glance::Punctuation
        };
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    /// The runs of a channel, each word or group after a space.
    fn shown(channel: &Channel) -> String {
        let mut out = String::new();
        for (k, &byte) in channel.bytes.iter().enumerate() {
            if byte == BREAK {
                out.push('|');
                continue;
            }
            if channel.begins[k] && k > 0 && channel.bytes[k - 1] != BREAK {
                out.push(' ');
            }
            out.push(byte as char);
        }
        out
    }

    fn folded(text: &str, markup: Markup) -> Folded {
        let mut folded = Folded::new(true);
        folded.fold(text.as_bytes(), markup);
        folded
    }

    /// The numbers of a channel: its digits, a space where a group begins, `|` where a letter
    /// or a break parts two digits.
    fn numbers(channel: &Channel) -> String {
        let mut out = String::new();
        let mut parted = false;
        for (k, &byte) in channel.bytes.iter().enumerate() {
            if !byte.is_ascii_digit() {
                parted = !out.is_empty();
                continue;
            }
            if parted {
                out.push('|');
            } else if channel.begins[k] && !out.is_empty() {
                out.push(' ');
            }
            parted = false;
            out.push(byte as char);
        }
        out
    }

    fn digits(text: &str) -> String {
        numbers(&folded(text, Markup::Html).text)
    }

    fn words(text: &str) -> String {
        shown(&folded(text, Markup::Html).text)
    }

    #[test]
    fn each_written_form_of_a_phone_number_folds_to_its_digits() {
        for form in [
            "0900 000 001",
            "0900.000.001",
            "0900&nbsp;000&nbsp;001",
            "0900 <em>000</em> 001",
            "0900\u{200b} 000\u{200b} 001",
            "𝟎𝟗𝟎𝟎 𝟎𝟎𝟎 𝟎𝟎𝟏",
            "０９００ ０００ ００１",
            "&#48;900 000 00&#x31;",
            "\\u0030900 000 001",
            "%30%39%30%30%20000%20001",
            "0900%20000%20001",
        ] {
            assert_eq!(digits(form), "0900 000 001", "{form:?}");
        }
        assert_eq!(digits("0900000001"), "0900000001");
        assert_eq!(digits("09<b>00</b>000001"), "0900000001");
    }

    #[test]
    fn letters_block_tags_and_long_gaps_break_a_run_of_digits() {
        assert_eq!(digits("SĐT0900 000 001"), "0900 000 001");
        assert_eq!(digits("năm 2024 0900 000 001"), "2024 0900 000 001");
        assert_eq!(digits("0900 a 000"), "0900|000");
        assert_eq!(digits("0900</p><p>000"), "0900|000");
        assert_eq!(digits("0900 - - - - 000"), "0900|000");
        assert_eq!(digits(&format!("0900{}000", " ".repeat(40))), "0900|000");
        assert_eq!(digits("0900 \u{ff} 000"), "0900|000", "ÿ is a letter");
        let mut folded = Folded::new(true);
        folded.fold(b"0900\xff000", Markup::Plain);
        assert_eq!(numbers(&folded.text), "0900|000");
    }

    #[test]
    fn names_fold_without_case_diacritics_or_spacing() {
        assert_eq!(words("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(words("NGUYỄN  VĂN\tAN"), "nguyen van an");
        assert_eq!(words("nguyen&nbsp;van <b>an</b>"), "nguyen van an");
        assert_eq!(words("Ng<em>uyễn</em> Văn An"), "nguyen van an");
        assert_eq!(words("Nguye\u{302}\u{303}n Va\u{306}n An"), "nguyen van an");
        assert_eq!(words("Nguy&#7877;n"), "nguyen");
        assert_eq!(words("Nguy%E1%BB%85n"), "nguyen");
        assert_eq!(words("Nguy\\u1ec5n"), "nguyen");
        assert_eq!(words("Đặng</td><td>Thị"), "dang|thi");
    }

    #[test]
    fn attribute_values_are_runs_of_their_own() {
        let folded = folded(
            "<a href=\"tel:0900%20000%20001\" title='Lê An'>gọi</a> 12",
            Markup::Html,
        );
        assert_eq!(numbers(&folded.attributes), "0900 000 001");
        assert_eq!(shown(&folded.attributes), "tel 0900 000 001|le an");
        assert_eq!(shown(&folded.text), "goi 12");
        let plain = self::folded("<b>0900</b>", Markup::Plain);
        assert_eq!(shown(&plain.text), "b 0900 b");
        assert!(plain.attributes.bytes.is_empty());
    }

    #[test]
    fn each_folded_byte_maps_back_to_its_place() {
        let text = "Gọi 0900&nbsp;<em>000</em> %30%301";
        let folded = folded(text, Markup::Html);
        let channel = &folded.text;
        let place = |k: usize| &text[channel.starts[k]..channel.ends[k]];
        assert_eq!(channel.bytes, b"goi0900000001");
        assert_eq!(&text[channel.starts[0]..channel.ends[2]], "Gọi");
        assert_eq!(place(3), "0");
        assert_eq!(place(7), "0");
        assert_eq!(channel.starts[7], text.find("000<").expect("there"));
        assert_eq!(place(10), "%30");
        assert_eq!(place(12), "1");
    }

    #[test]
    fn markup_by_extension() {
        assert_eq!(Markup::for_path("ho-so/a/index.html"), Markup::Html);
        assert_eq!(Markup::for_path("feed.xml"), Markup::Html);
        assert_eq!(Markup::for_path("du-lieu/ho-so.json"), Markup::Plain);
        assert_eq!(Markup::for_path("du-lieu/ho-so.csv"), Markup::Plain);
    }

    /// Whether folding `bytes` in bulk and one character at a time gives the same channels, with
    /// the same marks and places.
    fn same_as_one_by_one(bytes: &[u8], markup: Markup) -> Result<(), String> {
        let mut quick = Folded::new(true);
        quick.fold(bytes, markup);
        let mut plain = Folded::new(true);
        plain.one_by_one = true;
        plain.fold(bytes, markup);
        for (quick, plain) in quick.channels().into_iter().zip(plain.channels()) {
            let shown = |c: &Channel| {
                (
                    c.bytes.clone(),
                    c.begins.clone(),
                    c.starts.clone(),
                    c.ends.clone(),
                )
            };
            if shown(quick) != shown(plain) {
                return Err(format!("{:?} and {:?} differ", shown(quick), shown(plain)));
            }
        }
        Ok(())
    }

    #[test]
    fn the_demo_sites_texts_fold_in_bulk_as_one_by_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut folded = 0;
        for folder in ["content", "themes", "data"] {
            for entry in walkdir::WalkDir::new(root.join(folder)) {
                let entry = entry.expect("a readable folder");
                let path = entry.path().display().to_string();
                if !entry.file_type().is_file() || path.ends_with(".jpg") || path.ends_with(".png")
                {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).expect("a readable file");
                for markup in [Markup::Html, Markup::Plain] {
                    same_as_one_by_one(&bytes, markup).unwrap_or_else(|e| panic!("{path}: {e}"));
                }
                folded += 1;
            }
        }
        assert!(folded > 20, "only {folded} files");
    }

    proptest! {
        /// Runs of ASCII letters and digits read in bulk are read as they are one by one.
        #[test]
        fn reading_in_bulk_is_reading_one_by_one(
            bytes in prop::collection::vec(
                prop::sample::select(vec![
                    b'0', b'9', b'a', b'Z', b'Q', b'x', b' ', b'\t', b'<', b'>', b'/', b'&', b'#',
                    b';', b'%', b'3', b'E', b'\\', b'u', b'"', b'=', b'e', b'm', b'.', b'-',
                    0xC3, 0xA2, 0xE1, 0xBB, 0x85, 0x80, 0xF0, 0x9D, 0x9F, 0x8E,
                ]),
                0..300,
            ),
            html in any::<bool>(),
        ) {
            let markup = if html { Markup::Html } else { Markup::Plain };
            prop_assert_eq!(same_as_one_by_one(&bytes, markup), Ok(()));
        }

        /// Folding any bytes never panics, and each channel's map to the file stays in order
        /// and inside the file.
        #[test]
        fn folding_never_panics_and_the_map_stays_in_order(
            bytes in prop::collection::vec(
                prop::sample::select(vec![
                    b'0', b'9', b'a', b' ', b'<', b'>', b'/', b'&', b'#', b';', b'%', b'3',
                    b'\\', b'u', b'"', b'=', b'e', b'm', 0xC3, 0xA2, 0xF0, 0x9D, 0x9F, 0x8E,
                ]),
                0..300,
            ),
            html in any::<bool>(),
        ) {
            let mut folded = Folded::new(true);
            let markup = if html { Markup::Html } else { Markup::Plain };
            folded.fold(&bytes, markup);
            for channel in folded.channels() {
                prop_assert_eq!(channel.bytes.len(), channel.begins.len());
                prop_assert_eq!(channel.bytes.len(), channel.starts.len());
                for k in 0..channel.bytes.len() {
                    prop_assert!(channel.starts[k] <= channel.ends[k]);
                    prop_assert!(channel.ends[k] <= bytes.len());
                    if k > 0 {
                        prop_assert!(channel.starts[k - 1] <= channel.starts[k]);
                    }
                }
            }
        }
    }
}
