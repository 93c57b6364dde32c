//! Keeps the files of the last build that come out the same. A file whose bytes equal those of
//! the same path in the published output is hard-linked from there into the staging folder
//! instead of written again: it keeps its date, so a copy to the web server (`rsync`) and the
//! caches of readers and the press see only the pages that changed, and a rebuild takes room
//! only for those.

use std::cell::RefCell;
use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The published output, when there is one, to take unchanged files from.
#[derive(Debug, Clone)]
pub struct Previous {
    dir: Option<PathBuf>,
}

/// How a file reached the staging folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Written from the new bytes.
    Written,
    /// Linked from the published output, which held the same bytes.
    Kept,
}

impl Previous {
    /// The output published at `out_dir`, if any.
    pub fn at(out_dir: &Path) -> Self {
        Previous {
            dir: out_dir.is_dir().then(|| out_dir.to_path_buf()),
        }
    }

    /// Puts `bytes` at `target`, the staging place of the output file `path`: linked from the
    /// published output when its file at `path` holds exactly these bytes, written otherwise.
    /// A file already at `target` is replaced, never written through: it may be a link to a
    /// published file.
    pub fn place(&self, path: &str, bytes: &[u8], target: &Path) -> io::Result<Placed> {
        if let Some(old) = self.same_file(path, bytes)
            && fs::hard_link(&old, target).is_ok()
        {
            return Ok(Placed::Kept);
        }
        write_new(target, bytes)?;
        Ok(Placed::Written)
    }

    /// For a file written piece by piece: follows the published file at `path` alongside, so
    /// that once the pieces are written [`Follower::keep_if_same`] can tell whether they
    /// were all the same.
    pub fn follow(&self, path: &str) -> Follower {
        let old = self
            .published_file(path)
            .and_then(|(old, _)| Some((fs::File::open(&old).ok()?, old)));
        Follower {
            old,
            buffer: Vec::new(),
        }
    }

    /// The published file at `path` when it is a plain file holding exactly `bytes`. Any doubt
    /// (no such file, a link, an unreadable file) means no.
    fn same_file(&self, path: &str, bytes: &[u8]) -> Option<PathBuf> {
        let (old, meta) = self.published_file(path)?;
        (meta.len() == bytes.len() as u64 && holds_exactly(&old, bytes)).then_some(old)
    }

    /// The published file at `path`, with its metadata, when it is a plain file (a symbolic
    /// link is never followed).
    fn published_file(&self, path: &str) -> Option<(PathBuf, fs::Metadata)> {
        let old = self.dir.as_ref()?.join(path);
        let meta = fs::symlink_metadata(&old).ok()?;
        meta.is_file().then_some((old, meta))
    }
}

/// Compares a file written piece by piece with the published file of the same path.
#[derive(Debug)]
pub struct Follower {
    /// The published file, read as far as the pieces so far, and its path; `None` once a
    /// piece differed (or when there is no such file).
    old: Option<(fs::File, PathBuf)>,
    buffer: Vec<u8>,
}

impl Follower {
    /// Compares the next `piece` written with the published file's next bytes.
    pub fn piece(&mut self, piece: &[u8]) {
        let Some((file, _)) = &mut self.old else {
            return;
        };
        self.buffer.resize(piece.len(), 0);
        if file.read_exact(&mut self.buffer).is_err() || self.buffer != piece {
            self.old = None;
        }
    }

    /// Once every piece is written to `target`: if they were the published file's bytes,
    /// puts that file in place of `target` and says [`Placed::Kept`].
    pub fn keep_if_same(self, target: &Path) -> Placed {
        let Some((mut file, old)) = self.old else {
            return Placed::Written;
        };
        if !matches!(file.read(&mut [0u8]), Ok(0)) {
            return Placed::Written;
        }
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let linked = target.with_file_name(format!(".{name}.kept"));
        let _ = fs::remove_file(&linked);
        match fs::hard_link(&old, &linked).and_then(|()| fs::rename(&linked, target)) {
            Ok(()) => Placed::Kept,
            Err(_) => {
                let _ = fs::remove_file(&linked);
                Placed::Written
            }
        }
    }
}

/// Writes `bytes` to a new file at `target` ([`create_new`]).
fn write_new(target: &Path, bytes: &[u8]) -> io::Result<()> {
    create_new(target)?.write_all(bytes)
}

/// Creates a new file at `target`, unlinking any file already there first: one that is
/// there may be a link to a published file, which must not be written through.
pub fn create_new(target: &Path) -> io::Result<fs::File> {
    let create = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
    };
    match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(target)?;
            create()
        }
        opened => opened,
    }
}

/// Whether the file at `path` holds `bytes` and nothing more. Each thread reads into one
/// buffer, kept from file to file.
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.reserve(bytes.len() + 1);
        // One byte more than expected is asked for, so that a file grown since its size was
        // read is seen to differ.
        let limit = bytes.len() as u64 + 1;
        match (&file).take(limit).read_to_end(buffer) {
            Ok(_) => buffer.as_slice() == bytes,
            Err(_) => false,
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt as _;
        fs::metadata(path).expect("metadata").ino()
    }

    #[test]
    fn the_same_bytes_are_linked_and_other_bytes_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let staging = dir.path().join("staging");
        fs::create_dir_all(out.join("a")).expect("mkdir");
        fs::create_dir_all(staging.join("a")).expect("mkdir");
        fs::write(out.join("a/same.html"), "<p>một</p>").expect("write");
        fs::write(out.join("a/changed.html"), "<p>hai</p>").expect("write");
        fs::write(out.join("a/longer.html"), "<p>ba</p>!").expect("write");
        let previous = Previous::at(&out);

        let same = staging.join("a/same.html");
        let placed = previous.place("a/same.html", "<p>một</p>".as_bytes(), &same);
        assert_eq!(placed.expect("placed"), Placed::Kept);
        assert_eq!(inode(&same), inode(&out.join("a/same.html")));

        for (path, bytes) in [
            ("a/changed.html", "<p>bốn</p>"),
            ("a/longer.html", "<p>ba</p>"),
            ("a/new.html", "<p>năm</p>"),
        ] {
            let target = staging.join(path);
            let placed = previous.place(path, bytes.as_bytes(), &target);
            assert_eq!(placed.expect("placed"), Placed::Written, "{path}");
            assert_eq!(fs::read_to_string(&target).expect("read"), bytes);
            assert_ne!(inode(&target), inode(&out.join("a/same.html")));
        }
    }

    #[test]
    fn a_file_already_in_staging_is_replaced_and_the_published_one_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("x.html"), "old").expect("write");
        let target = dir.path().join("x.html");
        let previous = Previous::at(&out);
        assert_eq!(
            previous.place("x.html", b"old", &target).expect("placed"),
            Placed::Kept
        );
        assert_eq!(
            previous.place("x.html", b"new", &target).expect("placed"),
            Placed::Written
        );
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(fs::read_to_string(out.join("x.html")).expect("read"), "old");
    }

    #[test]
    fn a_file_written_in_pieces_is_kept_only_when_every_piece_is_the_same() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("d.csv"), "a,b\n1,2\n").expect("write");
        let previous = Previous::at(&out);
        let cases: [(&[&str], Placed); 4] = [
            (&["a,b\n", "1,2\n"], Placed::Kept),
            (&["a,b\n", "1,3\n"], Placed::Written),
            (&["a,b\n"], Placed::Written),
            (&["a,b\n", "1,2\n", "3,4\n"], Placed::Written),
        ];
        for (pieces, expected) in cases {
            let target = dir.path().join("d.csv");
            let _ = fs::remove_file(&target);
            let mut follower = previous.follow("d.csv");
            for piece in pieces {
                follower.piece(piece.as_bytes());
            }
            fs::write(&target, pieces.concat()).expect("write");
            assert_eq!(follower.keep_if_same(&target), expected, "{pieces:?}");
            assert_eq!(fs::read_to_string(&target).expect("read"), pieces.concat());
            let kept = inode(&target) == inode(&out.join("d.csv"));
            assert_eq!(kept, expected == Placed::Kept, "{pieces:?}");
        }
    }

    #[test]
    fn without_a_published_output_every_file_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("x.html");
        let previous = Previous::at(&dir.path().join("missing"));
        let placed = previous.place("x.html", b"x", &target).expect("placed");
        assert_eq!(placed, Placed::Written);
    }

    #[test]
    fn a_symbolic_link_in_the_published_output_is_never_linked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(dir.path().join("elsewhere.html"), "x").expect("write");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.html"), out.join("x.html"))
            .expect("symlink");
        let target = dir.path().join("x.html");
        let placed = Previous::at(&out).place("x.html", b"x", &target);
        assert_eq!(placed.expect("placed"), Placed::Written);
        assert!(!fs::symlink_metadata(&target).expect("meta").is_symlink());
    }
}
