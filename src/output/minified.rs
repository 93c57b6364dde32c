//! What each page was minified into by the last build into the same output, kept beside it
//! (`.public.minified` beside `public/`, never published): a rebuild after a review round takes
//! the published bytes of a page whose input did not change instead of minifying it again,
//! which costs more than rendering it.
//!
//! An entry pairs the BLAKE3 digest of what went into the minifier (the page as rendered, its
//! header and footer included) with the BLAKE3 digest of what came out. It is used only when the file
//! published at the page's path still has that digest, so an edited or damaged published file
//! is never taken, and only by the program that wrote it (its version and program file): a
//! new vinhdanh minifies everything again. The file holds digests only, no text of the site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::base::kept::KeptFile;

/// A BLAKE3 digest.
pub type Digest = [u8; 32];

/// The file: pairs of digests, what went in and what came out.
const KEPT: KeptFile = KeptFile {
    heading: b"vinhdanh: minified pages, version 2\n",
    any_version: b"vinhdanh: minified pages, version ",
    record: 64,
};

/// The most pairs a preview keeps in memory (64 bytes each); past it, it starts again empty.
const MOST_KEPT: usize = 1_000_000;

/// The pages minified by the last build, and those of this one, kept for the next.
#[derive(Debug, Default)]
pub struct Minified {
    /// What each input was minified into, by the last build.
    earlier: Arc<FxHashMap<Digest, Digest>>,
    /// The published output the last build's pages are read from.
    published: Option<PathBuf>,
    /// This build's pairs, when they are to be kept.
    now: Option<Mutex<Vec<(Digest, Digest)>>>,
}

/// The digest of a page's input, built from its parts.
#[derive(Debug, Clone)]
pub struct Input(blake3::Hasher);

impl Input {
    /// The input of a page minified whole.
    pub fn whole(bytes: &[u8]) -> Self {
        let mut input = Input(blake3::Hasher::new());
        input.add(b"whole");
        input.add(bytes);
        input
    }

    /// The input of a page minified around its header and footer, to which the page's own
    /// parts and its header's and footer's digests are added in order.
    pub fn in_parts() -> Self {
        let mut input = Input(blake3::Hasher::new());
        input.add(b"parts");
        input
    }

    /// Adds `bytes` after their length, so that no two lists of parts give one digest.
    pub fn add(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn digest(self) -> Digest {
        *self.0.finalize().as_bytes()
    }
}

impl Minified {
    /// The pairs kept at `memo` by the last build into `out_dir`, and a record of this build's.
    /// A missing, cut or foreign file, or one written by another program, holds none.
    pub fn load(memo: &Path, out_dir: &Path) -> Self {
        let earlier = KEPT
            .read(memo, &fingerprint())
            .map(|pairs| pairs_in(&pairs))
            .unwrap_or_default();
        Minified {
            earlier: Arc::new(earlier),
            published: Some(out_dir.to_path_buf()),
            now: Some(Mutex::default()),
        }
    }

    /// An empty record for a preview writing into `dir`, kept in memory only.
    pub fn in_memory(dir: &Path) -> Self {
        Minified {
            earlier: Arc::default(),
            published: Some(dir.to_path_buf()),
            now: Some(Mutex::default()),
        }
    }

    /// What this one knows, the last run's pairs and this run's, for the next run of a preview.
    pub fn handed_on(&self) -> Self {
        let now = self
            .now
            .as_ref()
            .map(|now| std::mem::take(&mut *now.lock().unwrap_or_else(|e| e.into_inner())));
        let earlier = match now {
            Some(now) if !now.is_empty() => {
                let mut earlier = (*self.earlier).clone();
                earlier.extend(now);
                if earlier.len() > MOST_KEPT {
                    earlier.clear();
                }
                Arc::new(earlier)
            }
            _ => Arc::clone(&self.earlier),
        };
        Minified {
            earlier,
            published: self.published.clone(),
            now: self.now.as_ref().map(|_| Mutex::default()),
        }
    }

    /// The bytes of the page at `path` whose input is `input`: those published last time when
    /// the same input was minified into them and the file there still holds them, else those
    /// `minify` makes.
    pub fn page(&self, path: &str, input: Input, minify: impl FnOnce() -> Vec<u8>) -> Vec<u8> {
        if self.now.is_none() {
            return minify();
        }
        let input = input.digest();
        if let Some(output) = self.earlier.get(&input)
            && let Some(bytes) = self.published(path, output)
        {
            self.note(input, *output);
            return bytes;
        }
        let bytes = minify();
        self.note(input, *blake3::hash(&bytes).as_bytes());
        bytes
    }

    /// The published file at `path`, when it is a plain file whose digest is `output`.
    fn published(&self, path: &str, output: &Digest) -> Option<Vec<u8>> {
        let file = self.published.as_ref()?.join(path);
        if !fs::symlink_metadata(&file).ok()?.is_file() {
            return None;
        }
        let bytes = fs::read(&file).ok()?;
        (blake3::hash(&bytes).as_bytes() == output).then_some(bytes)
    }

    fn note(&self, input: Digest, output: Digest) {
        if let Some(now) = &self.now {
            now.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((input, output));
        }
    }

    /// Keeps this build's pairs at `memo`, for the next build. A file there that vinhdanh did
    /// not write is left as it is.
    pub fn save(&self, memo: &Path) -> io::Result<()> {
        let Some(now) = &self.now else {
            return Ok(());
        };
        // Copied, not taken: kept for a later save when this one leaves a foreign file.
        let mut pairs = now.lock().unwrap_or_else(|e| e.into_inner()).clone();
        pairs.sort_unstable();
        pairs.dedup();
        let records: Vec<[Digest; 2]> = pairs.into_iter().map(|(i, o)| [i, o]).collect();
        KEPT.write(memo, &fingerprint(), records.as_flattened().as_flattened())
    }
}

/// What made the pairs: this version of vinhdanh, this program file.
fn fingerprint() -> Digest {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&crate::base::program::this_program());
    *hasher.finalize().as_bytes()
}

/// The pairs of a kept file's records.
fn pairs_in(records: &[u8]) -> FxHashMap<Digest, Digest> {
    records
        .chunks_exact(64)
        .filter_map(|pair| {
            let (input, output) = pair.split_first_chunk::<32>()?;
            Some((*input, output.try_into().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minifies by upper-casing, and counts how often it was asked.
    fn minify(count: &mut usize, bytes: &[u8]) -> Vec<u8> {
        *count += 1;
        bytes.to_ascii_uppercase()
    }

    /// One build of the pages `pages` into `out`, with the memo at `memo`: what it published.
    fn build(out: &Path, memo: &Path, pages: &[(&str, &str)], count: &mut usize) {
        let minified = Minified::load(memo, out);
        for (path, text) in pages {
            let bytes = minified.page(path, Input::whole(text.as_bytes()), || {
                minify(count, text.as_bytes())
            });
            let file = out.join(path);
            fs::create_dir_all(file.parent().expect("folder")).expect("folder");
            fs::write(file, bytes).expect("written");
        }
        minified.save(memo).expect("saved");
    }

    /// A temporary folder, its output and the memo beside it.
    fn places() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (out, memo) = (
            dir.path().join("public"),
            dir.path().join(".public.minified"),
        );
        (dir, out, memo)
    }

    #[test]
    fn a_rebuild_minifies_only_what_changed() {
        let (_dir, out, memo) = places();
        let mut count = 0;
        build(
            &out,
            &memo,
            &[("a.html", "a"), ("b/b.html", "b")],
            &mut count,
        );
        assert_eq!(count, 2);
        build(
            &out,
            &memo,
            &[("a.html", "a"), ("b/b.html", "b2")],
            &mut count,
        );
        assert_eq!(count, 3, "only b changed");
        assert_eq!(fs::read(out.join("b/b.html")).expect("b"), b"B2");
        build(
            &out,
            &memo,
            &[("a.html", "a"), ("b/b.html", "b2")],
            &mut count,
        );
        assert_eq!(count, 3, "nothing changed");
    }

    #[test]
    fn a_published_file_changed_since_is_never_taken() {
        let (_dir, out, memo) = places();
        let mut count = 0;
        build(&out, &memo, &[("a.html", "a")], &mut count);
        fs::write(out.join("a.html"), b"<script>alert(1)</script>").expect("edited");
        let minified = Minified::load(&memo, &out);
        let bytes = minified.page("a.html", Input::whole(b"a"), || minify(&mut count, b"a"));
        assert_eq!(bytes, b"A");
        assert_eq!(count, 2);
    }

    #[test]
    fn a_cut_or_foreign_memo_holds_nothing_and_a_foreign_file_is_kept() {
        let (_dir, out, memo) = places();
        let mut count = 0;
        build(&out, &memo, &[("a.html", "a")], &mut count);
        let whole = fs::read(&memo).expect("memo");
        fs::write(&memo, &whole[..whole.len() - 1]).expect("cut");
        build(&out, &memo, &[("a.html", "a")], &mut count);
        assert_eq!(count, 2, "a cut memo is not read");
        let mut other = whole.clone();
        other[KEPT.heading.len()] ^= 1; // another program's
        fs::write(&memo, &other).expect("other program");
        build(&out, &memo, &[("a.html", "a")], &mut count);
        assert_eq!(count, 3, "another program's memo is not read");
        fs::write(&memo, b"notes of the province").expect("foreign");
        build(&out, &memo, &[("a.html", "a")], &mut count);
        assert_eq!(fs::read(&memo).expect("kept"), b"notes of the province");
    }

    #[test]
    fn a_preview_hands_what_it_minified_to_its_next_run() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = dir.path().join("xem");
        fs::create_dir_all(&out).expect("folder");
        let mut count = 0;
        let first = Minified::in_memory(&out);
        let bytes = first.page("a.html", Input::whole(b"a"), || minify(&mut count, b"a"));
        fs::write(out.join("a.html"), bytes).expect("written");
        let second = first.handed_on();
        let bytes = second.page("a.html", Input::whole(b"a"), || minify(&mut count, b"a"));
        assert_eq!((bytes.as_slice(), count), (&b"A"[..], 1));
        // Handed on again, with nothing minified in between: still known.
        let third = second.handed_on().handed_on();
        third.page("a.html", Input::whole(b"a"), || minify(&mut count, b"a"));
        assert_eq!(count, 1);
        assert!(
            Minified::default().handed_on().now.is_none(),
            "off stays off"
        );
    }

    #[test]
    fn an_input_in_parts_is_told_from_the_same_bytes_cut_elsewhere() {
        let digest = |parts: &[&[u8]]| {
            let mut input = Input::in_parts();
            for part in parts {
                input.add(part);
            }
            input.digest()
        };
        assert_ne!(digest(&[b"ab", b"c"]), digest(&[b"a", b"bc"]));
        assert_ne!(Input::whole(b"abc").digest(), digest(&[b"abc"]));
    }
}
