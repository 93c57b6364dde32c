//! A file a build keeps beside its output for the next one (the privacy gate's memory, the
//! minified pages): a heading that tells it from any other file, the fingerprint of what wrote
//! it, a count, then records of one size. It is read whole or not at all, written beside its
//! place and renamed, and never written over a file that does not begin with its heading.

use std::fs;
use std::io;
use std::path::Path;

/// The fingerprint of what wrote a kept file: only the same reads it.
pub type Fingerprint = [u8; 32];

/// One kind of kept file.
#[derive(Debug, Clone, Copy)]
pub struct KeptFile {
    /// The first line of this version, `\n` included.
    pub heading: &'static [u8],
    /// How the first line of every version begins.
    pub any_version: &'static [u8],
    /// The size of each record, in bytes.
    pub record: usize,
}

impl KeptFile {
    /// The records of the file at `path`, if it is of this version, whole (as many records as
    /// it says) and written for `fingerprint`.
    pub fn read(&self, path: &Path, fingerprint: &Fingerprint) -> Option<Vec<u8>> {
        let bytes = fs::read(path).ok()?;
        let rest = bytes.strip_prefix(self.heading)?;
        let (written_for, rest) = rest.split_first_chunk::<32>()?;
        let (count, records) = rest.split_first_chunk::<8>()?;
        let expected = u64::from_le_bytes(*count).checked_mul(self.record as u64);
        if written_for != fingerprint || u64::try_from(records.len()).ok() != expected {
            return None;
        }
        Some(records.to_vec())
    }

    /// Writes `records` (each `self.record` bytes) for `fingerprint` at `path`, unless a file
    /// that is not of this kind is there (or beside it), which is left as it is.
    pub fn write(&self, path: &Path, fingerprint: &Fingerprint, records: &[u8]) -> io::Result<()> {
        let mut beside = path.as_os_str().to_owned();
        beside.push(".new");
        let beside = Path::new(&beside);
        if !(self.ours_or_absent(path) && self.ours_or_absent(beside)) {
            return Ok(());
        }
        let count = (records.len() / self.record) as u64;
        let mut bytes = Vec::with_capacity(self.heading.len() + 40 + records.len());
        bytes.extend_from_slice(self.heading);
        bytes.extend_from_slice(fingerprint);
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(records);
        fs::write(beside, bytes)?;
        fs::rename(beside, path)
    }

    /// Whether nothing is at `path`, or a file of this kind of any version.
    fn ours_or_absent(&self, path: &Path) -> bool {
        let Ok(mut file) = fs::File::open(path) else {
            return fs::symlink_metadata(path).is_err();
        };
        let mut start = vec![0; self.any_version.len()];
        io::Read::read_exact(&mut file, &mut start).is_ok() && start == self.any_version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: KeptFile = KeptFile {
        heading: b"vinhdanh: test, version 1\n",
        any_version: b"vinhdanh: test, version ",
        record: 4,
    };

    #[test]
    fn a_kept_file_is_read_whole_by_its_writer_only_and_a_foreign_file_is_kept() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(".public.test");
        KIND.write(&path, &[1; 32], b"abcdefgh").expect("written");
        assert_eq!(
            KIND.read(&path, &[1; 32]).as_deref(),
            Some(&b"abcdefgh"[..])
        );
        assert_eq!(KIND.read(&path, &[2; 32]), None, "another writer's");
        let whole = fs::read(&path).expect("read");
        fs::write(&path, &whole[..whole.len() - 1]).expect("cut");
        assert_eq!(KIND.read(&path, &[1; 32]), None, "cut");
        fs::write(&path, b"notes of the province").expect("foreign");
        KIND.write(&path, &[1; 32], b"abcd").expect("left");
        assert_eq!(fs::read(&path).expect("kept"), b"notes of the province");
    }
}
