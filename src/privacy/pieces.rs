//! Files looked through in pieces: each piece, and each seam between two pieces, where a value
//! cut in two lies within the longest value's length on either side. A file written piece by
//! piece (the open data) is looked through as it is written; a large plain file made whole is
//! cut where its content says (after a line chosen by its last bytes), so that a file edited in
//! one place is cut alike everywhere else, and the gate's memory knows its other pieces.

use std::hash::{Hash as _, Hasher as _};

use rustc_hash::FxHasher;

use super::{Leak, PrivacyGate};
use crate::render::Origin;

/// A plain file this long or longer is looked through in pieces.
pub const PIECES_FROM: usize = 256 << 10;
/// No piece is cut shorter than this, but the file's last.
const SHORTEST: usize = 64 << 10;
/// A piece with no chosen line end by this length is cut at its next line end.
const LONGEST: usize = 1 << 20;
/// About one line end in this many is chosen, once a piece is long enough.
const ONE_LINE_IN: u64 = 16;
/// How many bytes of a line's end choose it.
const LINE_END_BYTES: usize = 32;

/// Looks through the pieces of one file, in order, and the seams between them.
#[derive(Debug)]
pub struct Seams<'g> {
    gate: &'g PrivacyGate,
    /// How far a value cut by a seam reaches on either side.
    reach: usize,
    /// The last bytes before the seam to come.
    tail: Vec<u8>,
}

impl<'g> Seams<'g> {
    pub fn new(gate: &'g PrivacyGate) -> Self {
        let reach = gate.longest().saturating_sub(1);
        Seams {
            gate,
            reach,
            tail: Vec::with_capacity(2 * reach),
        }
    }

    /// `Err` with the first guarded value in `piece`, the next piece of the file at `path`, or
    /// across its seam with the piece before.
    pub fn check(&mut self, piece: &[u8], path: &str, origin: &Origin) -> Result<(), Leak> {
        let head = &piece[..self.reach.min(piece.len())];
        self.tail.extend_from_slice(head);
        self.gate.check_part(&self.tail, path, origin)?;
        self.gate.check_part(piece, path, origin)?;
        self.tail = last_bytes(&self.tail, piece, self.reach);
        Ok(())
    }
}

/// The last `reach` bytes of what was looked through: `seam` (the earlier tail and the head of
/// `piece`) followed by the rest of `piece`.
fn last_bytes(seam: &[u8], piece: &[u8], reach: usize) -> Vec<u8> {
    if piece.len() >= reach {
        return piece[piece.len() - reach..].to_vec();
    }
    // `seam` ends with the whole of `piece`.
    seam[seam.len().saturating_sub(reach)..].to_vec()
}

/// `bytes` cut after the line ends their content chooses: where a piece is at least
/// [`SHORTEST`] long and the line's last bytes hash to a chosen value, or at the first line
/// end past [`LONGEST`] (anywhere past it when no line ends).
pub fn pieces(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut from = 0;
    std::iter::from_fn(move || {
        if from >= bytes.len() {
            return None;
        }
        let end = next_cut(bytes, from);
        let piece = &bytes[from..end];
        from = end;
        Some(piece)
    })
}

/// Where the piece that begins at `from` ends.
fn next_cut(bytes: &[u8], from: usize) -> usize {
    let mut at = from + SHORTEST;
    while at < bytes.len() {
        let Some(found) = memchr::memchr(b'\n', &bytes[at..]) else {
            break;
        };
        let line_end = at + found;
        let cut = line_end + 1;
        if cut - from >= LONGEST || chosen(&bytes[from..line_end]) {
            return cut;
        }
        at = cut;
    }
    if bytes.len() - from > 2 * LONGEST {
        return from + LONGEST;
    }
    bytes.len()
}

/// Whether the line that ends `before` (a line end follows it) is chosen to end a piece.
fn chosen(before: &[u8]) -> bool {
    let end = &before[before.len().saturating_sub(LINE_END_BYTES)..];
    let mut hasher = FxHasher::default();
    end.hash(&mut hasher);
    hasher.finish().is_multiple_of(ONE_LINE_IN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(count: usize, changed: Option<usize>) -> Vec<u8> {
        let mut text = String::from("[\n");
        for k in 0..count {
            let name = if Some(k) == changed {
                "Gia đình ông Nguyễn Văn An (sửa)".to_string()
            } else {
                format!("Gia đình {k}")
            };
            text.push_str(&format!("{{\"id\":\"gd-{k}\",\"name\":\"{name}\"}},\n"));
        }
        text.push_str("]\n");
        text.into_bytes()
    }

    #[test]
    fn pieces_make_up_the_file_and_end_at_line_ends() {
        let file = lines(40_000, None);
        let cut: Vec<&[u8]> = pieces(&file).collect();
        assert!(cut.len() > 4, "{} pieces", cut.len());
        assert_eq!(cut.concat(), file);
        for piece in &cut[..cut.len() - 1] {
            assert!(piece.ends_with(b"\n"));
            assert!((SHORTEST..=LONGEST + 200).contains(&piece.len()));
        }
        let no_lines = vec![b'x'; 5 * LONGEST + 7];
        assert_eq!(pieces(&no_lines).collect::<Vec<_>>().concat(), no_lines);
        assert_eq!(pieces(b"").count(), 0);
    }

    /// A line edited in the middle of a file leaves every piece that does not hold it as it
    /// was: the gate's memory knows them.
    #[test]
    fn an_edit_changes_only_the_piece_that_holds_it() {
        let before = lines(40_000, None);
        let after = lines(40_000, Some(20_000));
        let old: Vec<&[u8]> = pieces(&before).collect();
        let new: Vec<&[u8]> = pieces(&after).collect();
        let changed = new.iter().filter(|piece| !old.contains(piece)).count();
        assert!(
            (1..=2).contains(&changed),
            "{changed} of {} pieces",
            new.len()
        );
    }

    #[test]
    fn a_value_cut_by_a_seam_is_found() {
        let gate = PrivacyGate::for_values(&["0900 000 001"]);
        let origin = Origin::Unnamed;
        for (rest, leaks) in [(&b"00 001\"}\n"[..], true), (b"00 002\"}\n", false)] {
            let mut seams = Seams::new(&gate);
            let head = seams.check(b"{\"a\":\"goi 0900 0", "x.json", &origin);
            assert!(head.is_ok());
            assert_eq!(seams.check(rest, "x.json", &origin).is_err(), leaks);
        }
    }
}
