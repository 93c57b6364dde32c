//! What the privacy gate found clean in the last build into the same output, kept beside it:
//! a rebuild after a review round looks again only at the parts of files that changed.
//!
//! A part is remembered by the BLAKE3 digest of its bytes and of how they are read (HTML or plain),
//! and holds only for the gate it was found clean by: the memory carries the gate's
//! fingerprint, a digest of every guarded value and of the gate's own code (its source files,
//! the versions of the crates it is built with, the Unicode version of its letter tables, and
//! the program file itself: its size, date and place on disk). Another value guarded, one no
//! longer guarded, or another program, and the whole memory is set aside.
//!
//! The memory holds digests only, no text of the site. It is written once a build has
//! published, beside the output (`.public.gate` beside `public/`), and never published.

use std::io;
use std::path::Path;
use std::sync::{Mutex, OnceLock, RwLock};

use rustc_hash::FxHashSet;

use crate::base::kept::KeptFile;

use super::fold::Markup;
use super::search::Pattern;

/// A part of a file, remembered: the BLAKE3 digest of its reading and bytes.
pub type Digest = [u8; 32];

/// What a gate is: what it looks for and how. Two gates with one fingerprint find the same.
pub type Fingerprint = [u8; 32];

/// The first line of a memory file.
const HEADING: &[u8] = b"vinhdanh: privacy gate memory, version 3\n";
/// The memory's file: digests of 32 bytes.
const KEPT: KeptFile = KeptFile {
    heading: HEADING,
    any_version: HEADING_OF_ANY_VERSION,
    record: 32,
};
/// How every version's first line begins.
const HEADING_OF_ANY_VERSION: &[u8] = b"vinhdanh: privacy gate memory";

/// The code a gate's verdicts come from: its own sources and the locked versions of every
/// crate, so that a gate changed in any way does not trust what an earlier one found.
const GATE_CODE: [&[u8]; 11] = [
    include_bytes!("mod.rs"),
    include_bytes!("clean.rs"),
    include_bytes!("decode.rs"),
    include_bytes!("fold.rs"),
    include_bytes!("guard.rs"),
    include_bytes!("letters.rs"),
    include_bytes!("markup.rs"),
    include_bytes!("memory.rs"),
    include_bytes!("scan.rs"),
    include_bytes!("search.rs"),
    include_bytes!("../../Cargo.lock"),
];

/// What a gate looks for: the page addresses it finds as written and its folded patterns.
pub type Values = [u8; 32];

/// The digest of the page addresses `pages` a gate finds as written and of the folded
/// `patterns`: cheap, made with every gate.
pub fn values(pages: &[String], patterns: &[Pattern]) -> Values {
    let mut hasher = blake3::Hasher::new();
    add_with_length(&mut hasher, &pages.len().to_le_bytes());
    for page in pages {
        add_with_length(&mut hasher, page.as_bytes());
    }
    for pattern in patterns {
        hasher.update(&[u8::from(pattern.digits)]);
        add_with_length(&mut hasher, &pattern.folded);
    }
    *hasher.finalize().as_bytes()
}

/// The fingerprint of a gate that looks for `values`, with this program's gate code. Only a
/// gate that recalls or keeps a memory asks for it: `check` never hashes the code.
pub fn fingerprint(values: &Values) -> Fingerprint {
    let mut hasher = blake3::Hasher::new();
    hasher.update(gate_code());
    hasher.update(values);
    *hasher.finalize().as_bytes()
}

/// The digest of the gate's code, made once per run: the program's version and file, the
/// gate's sources and `Cargo.lock` (about 300 KB), the Unicode version of its letter tables.
fn gate_code() -> &'static [u8; 32] {
    static GATE_CODE_DIGEST: OnceLock<[u8; 32]> = OnceLock::new();
    GATE_CODE_DIGEST.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        let (major, minor, update) = char::UNICODE_VERSION;
        hasher.update(&[major, minor, update]);
        add_with_length(&mut hasher, &crate::base::program::this_program());
        for code in GATE_CODE {
            add_with_length(&mut hasher, code);
        }
        *hasher.finalize().as_bytes()
    })
}

/// Adds `bytes` after their length, so that no two lists of strings hash alike.
fn add_with_length(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The digest of a part of a file, `bytes` read as `markup`.
pub fn digest(bytes: &[u8], markup: Markup) -> Digest {
    let reading = match markup {
        Markup::Html => b'h',
        Markup::Plain => b'p',
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update(&[reading]);
    hasher.update(bytes);
    *hasher.finalize().as_bytes()
}

/// The parts found clean: by earlier builds (or earlier rebuilds of a preview), and by this
/// run, which alone are kept for the next.
#[derive(Debug, Default)]
pub struct Memory {
    fingerprint: Fingerprint,
    known: RwLock<FxHashSet<Digest>>,
    /// The digests looked at in this run and found clean, when the memory is to be saved.
    now: Option<Mutex<Vec<Digest>>>,
}

impl Memory {
    /// The most digests a memory hands over (about 50 MB).
    pub const MOST_KEPT: usize = 1_000_000;

    /// The memory at `path` for the gate of `fingerprint`: empty when there is none, when it
    /// cannot be read, or when another gate wrote it.
    pub fn load(path: &Path, fingerprint: Fingerprint) -> Memory {
        let known = KEPT
            .read(path, &fingerprint)
            .map(|digests| {
                let chunks = digests.chunks_exact(32);
                chunks.map(|d| d.try_into().expect("32 bytes")).collect()
            })
            .unwrap_or_default();
        Memory {
            now: Some(Mutex::default()),
            ..Memory::holding(fingerprint, known)
        }
    }

    /// A memory that is kept only as long as its gate, never saved.
    fn holding(fingerprint: Fingerprint, known: FxHashSet<Digest>) -> Memory {
        Memory {
            fingerprint,
            known: RwLock::new(known),
            now: None,
        }
    }

    /// An empty memory for the gate of `fingerprint`, never saved.
    pub fn empty(fingerprint: Fingerprint) -> Memory {
        Memory::holding(fingerprint, FxHashSet::default())
    }

    /// What this memory knows, for the gate of `fingerprint`, never saved: all of it when that
    /// is the gate it holds for, nothing otherwise. A preview's memory grows with every
    /// version of every part it looks through; past [`Memory::MOST_KEPT`] digests (a national
    /// site's first build holds about 200,000) it starts again empty, so that a long session
    /// costs one slower rebuild, not ever more memory.
    pub fn handed_to(&self, fingerprint: Fingerprint) -> Memory {
        let full = self.known.read().unwrap_or_else(|e| e.into_inner()).len() >= Self::MOST_KEPT;
        if fingerprint != self.fingerprint || full {
            return Memory::empty(fingerprint);
        }
        let known = self.known.read().unwrap_or_else(|e| e.into_inner()).clone();
        Memory::holding(fingerprint, known)
    }

    /// Whether the part of `digest` was found clean before; if so, it is clean now too.
    pub fn recalls(&self, digest: &Digest) -> bool {
        let known = self
            .known
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(digest);
        if known {
            self.keep_for_next_run(*digest);
        }
        known
    }

    /// Notes that the part of `digest` was found clean. A memory that holds
    /// [`Memory::MOST_KEPT`] digests takes no more.
    pub fn note(&self, digest: Digest) {
        let mut known = self.known.write().unwrap_or_else(|e| e.into_inner());
        if known.len() < Self::MOST_KEPT {
            known.insert(digest);
        }
        drop(known);
        self.keep_for_next_run(digest);
    }

    fn keep_for_next_run(&self, digest: Digest) {
        if let Some(now) = &self.now {
            now.lock().unwrap_or_else(|e| e.into_inner()).push(digest);
        }
    }

    /// Writes what this run found clean to `path`, in place of the earlier memory: written
    /// beside it first and renamed, so that a memory is read whole or not at all.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let Some(now) = &self.now else {
            return Ok(());
        };
        // Copied, not taken: kept for a later save when this one leaves a foreign file.
        let mut digests = now.lock().unwrap_or_else(|e| e.into_inner()).clone();
        digests.sort_unstable();
        digests.dedup();
        // A file of that name that vinhdanh did not write is left as it is: the next build
        // looks at everything, which costs time, never a file.
        KEPT.write(path, &self.fingerprint, digests.as_flattened())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn fingerprint(pages: &[String], patterns: &[Pattern]) -> Fingerprint {
        super::fingerprint(&values(pages, patterns))
    }

    fn pattern(folded: &str) -> Pattern {
        Pattern {
            folded: folded.as_bytes().to_vec(),
            digits: false,
            secret: 0,
        }
    }

    #[test]
    fn another_guarded_value_is_another_gate() {
        let one = fingerprint(&[], &[pattern("lethian")]);
        assert_eq!(one, fingerprint(&[], &[pattern("lethian")]));
        assert_ne!(one, fingerprint(&[], &[pattern("lethianh")]));
        assert_ne!(one, fingerprint(&[], &[pattern("lethian"), pattern("an")]));
        assert_ne!(
            one,
            fingerprint(&["/ho-so/a/".into()], &[pattern("lethian")])
        );
        let digits = Pattern {
            digits: true,
            ..pattern("0900000001")
        };
        assert_ne!(
            fingerprint(&[], &[digits]),
            fingerprint(&[], &[pattern("0900000001")])
        );
    }

    /// A preview's memory hands over what it knows to a gate that guards the same values,
    /// nothing to another gate, and nothing once it is full.
    #[test]
    fn a_memory_is_handed_over_to_the_same_gate_until_it_is_full() {
        let gate = fingerprint(&[], &[pattern("lethian")]);
        let clean = digest(b"<p>clean</p>", Markup::Html);
        let memory = Memory::empty(gate);
        memory.note(clean);
        assert!(memory.handed_to(gate).recalls(&clean));
        assert!(!memory.handed_to(fingerprint(&[], &[])).recalls(&clean));
        let mut full: FxHashSet<Digest> = (0..Memory::MOST_KEPT as u32)
            .map(|k| {
                let mut digest = [0; 32];
                digest[..4].copy_from_slice(&k.to_le_bytes());
                digest
            })
            .collect();
        full.insert(clean);
        let memory = Memory::holding(gate, full);
        assert!(memory.recalls(&clean));
        assert!(!memory.handed_to(gate).recalls(&clean), "started again");
    }

    /// A file at the memory's place that vinhdanh did not write is never replaced.
    #[test]
    fn a_file_someone_else_put_at_the_memorys_place_is_kept() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join(".public.gate");
        let gate = fingerprint(&[], &[pattern("lethian")]);
        fs::write(&path, "ghi chú của cán bộ").expect("written");
        let memory = Memory::load(&path, gate);
        memory.note(digest(b"<p>clean</p>", Markup::Html));
        memory.save(&path).expect("no error");
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "ghi chú của cán bộ"
        );
        fs::remove_file(&path).expect("removed");
        memory.save(&path).expect("saved");
        let clean = digest(b"<p>clean</p>", Markup::Html);
        assert!(
            Memory::load(&path, gate).recalls(&clean),
            "kept for the next save"
        );
    }

    #[test]
    fn a_part_is_remembered_with_its_reading() {
        let page = b"<p>Gia \xc4\x91\xc3\xacnh</p>";
        assert_eq!(digest(page, Markup::Html), digest(page, Markup::Html));
        assert_ne!(digest(page, Markup::Html), digest(page, Markup::Plain));
        assert_ne!(
            digest(page, Markup::Html),
            digest(b"<p>Gia dinh</p>", Markup::Html)
        );
    }

    #[test]
    fn a_memory_holds_only_for_the_gate_that_wrote_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join(".public.gate");
        let gate = fingerprint(&[], &[pattern("lethian")]);
        let other = fingerprint(&[], &[pattern("nguyenvanan")]);
        let clean = digest(b"<p>clean</p>", Markup::Html);
        let first = Memory::load(&path, gate);
        assert!(!first.recalls(&clean), "nothing is remembered yet");
        first.note(clean);
        first.save(&path).expect("saved");
        assert!(Memory::load(&path, gate).recalls(&clean));
        assert!(!Memory::load(&path, other).recalls(&clean));
        assert!(HEADING.starts_with(HEADING_OF_ANY_VERSION));
        let whole = fs::read(&path).expect("read");
        for cut in [1, 32] {
            fs::write(&path, &whole[..whole.len() - cut]).expect("written");
            assert!(!Memory::load(&path, gate).recalls(&clean), "cut by {cut}");
        }
    }
}
