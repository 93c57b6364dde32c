//! The cache of made sizes: one folder per original and settings, named by the SHA-256 of
//! both, holding each size's bytes and a list of them (`sizes.txt`: kind, width, height). A
//! folder is written under a temporary name and renamed when complete, so a build that stops
//! half way leaves no half-made entry that a later build would take.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use image::DynamicImage;
use sha2::{Digest, Sha256};

use super::Variant;

const LIST: &str = "sizes.txt";

/// Whether a size is in the original's format or in the modern one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Size,
    Modern,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Size => "size",
            Kind::Modern => "modern",
        }
    }

    fn named(name: &str) -> Option<Kind> {
        match name {
            "size" => Some(Kind::Size),
            "modern" => Some(Kind::Modern),
            _ => None,
        }
    }
}

/// One made size, before it is stored.
#[derive(Debug)]
pub struct Cached {
    kind: Kind,
    width: u32,
    height: u32,
    pub bytes: Vec<u8>,
}

impl Cached {
    pub fn new(kind: Kind, image: &DynamicImage, bytes: Vec<u8>) -> Cached {
        Cached {
            kind,
            width: image.width(),
            height: image.height(),
            bytes,
        }
    }

    #[cfg(test)]
    pub fn width(&self) -> u32 {
        self.width
    }

    fn file_name(&self) -> String {
        format!("{}-{}", self.kind.name(), self.width)
    }
}

/// A stored size: what it is (its path left to the caller), and its file.
pub type Stored = (Variant, Kind, PathBuf);

/// The key of an original of `bytes` made with `settings`.
pub fn key(settings: &str, bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(settings.as_bytes());
    hasher.update([0]);
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The sizes stored under `key`, if a complete entry is there.
pub fn load(cache: &Path, key: &str) -> Option<Vec<Stored>> {
    let entry = cache.join(key);
    let list = fs::read_to_string(entry.join(LIST)).ok()?;
    let mut stored = Vec::new();
    for line in list.lines() {
        let mut fields = line.split(' ');
        let kind = Kind::named(fields.next()?)?;
        let width: u32 = fields.next()?.parse().ok()?;
        let height: u32 = fields.next()?.parse().ok()?;
        let file = entry.join(format!("{}-{width}", kind.name()));
        if !file.is_file() {
            return None;
        }
        let variant = Variant {
            path: String::new(),
            width,
            height,
        };
        stored.push((variant, kind, file));
    }
    (!stored.is_empty()).then_some(stored)
}

/// Stores `sizes` under `key` and gives them as [`load`] would.
pub fn store(cache: &Path, key: &str, sizes: Vec<Cached>) -> io::Result<Vec<Stored>> {
    let entry = cache.join(key);
    let temporary = cache.join(format!(
        ".{key}.{}.{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = fs::remove_dir_all(&temporary);
    fs::create_dir_all(&temporary)?;
    let mut list = String::new();
    for size in &sizes {
        fs::write(temporary.join(size.file_name()), &size.bytes)?;
        let _ = writeln!(list, "{} {} {}", size.kind.name(), size.width, size.height);
    }
    fs::write(temporary.join(LIST), list)?;
    let _ = fs::remove_dir_all(&entry);
    if let Err(error) = fs::rename(&temporary, &entry) {
        let _ = fs::remove_dir_all(&temporary);
        if !entry.join(LIST).is_file() {
            return Err(error);
        }
    }
    load(cache, key).ok_or_else(|| io::Error::other("the cache entry just written is missing"))
}

/// Removes the entries of `cache` that are not among `keep` (photos no story shows any
/// more, or made with other settings). Only what [`store`] makes is removed: a folder named by
/// a key that holds its list of sizes. Anything else someone put there is left alone.
pub fn prune(cache: &Path, keep: &[String]) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep.contains(&name) && is_entry(&entry.path(), &name) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether `path`, named `name`, is an entry [`store`] wrote.
fn is_entry(path: &Path, name: &str) -> bool {
    name.len() == 64
        && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && path.join(LIST).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_entry_is_loaded_as_it_was_stored() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let image = DynamicImage::new_rgb8(4, 3);
        let sizes = vec![
            Cached::new(Kind::Size, &image, b"jpeg".to_vec()),
            Cached::new(Kind::Modern, &image, b"webp".to_vec()),
        ];
        let key = key("v1", b"original");
        let stored = store(dir.path(), &key, sizes).expect("stored");
        assert_eq!(load(dir.path(), &key), Some(stored.clone()));
        assert_eq!(stored.len(), 2);
        assert_eq!((stored[0].0.width, stored[0].0.height), (4, 3));
        assert_eq!(fs::read(&stored[1].2).expect("read"), b"webp");
        assert_eq!(load(dir.path(), "other"), None);
    }

    #[test]
    fn pruning_removes_only_entries_the_cache_wrote() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let image = DynamicImage::new_rgb8(4, 3);
        let old = key("v1", b"old");
        let kept = key("v1", b"kept");
        for k in [&old, &kept] {
            store(
                dir.path(),
                k,
                vec![Cached::new(Kind::Size, &image, b"jpeg".to_vec())],
            )
            .expect("stored");
        }
        let foreign = dir.path().join("anh-cua-toi");
        fs::create_dir_all(&foreign).expect("folder");
        fs::write(foreign.join("le-trao-bang.jpg"), b"staff photo").expect("file");
        let lookalike = dir.path().join(key("v1", b"lookalike"));
        fs::create_dir_all(&lookalike).expect("folder");
        fs::write(lookalike.join("ghi-chu.txt"), b"notes").expect("file");
        prune(dir.path(), std::slice::from_ref(&kept));
        assert!(
            !dir.path().join(&old).exists(),
            "an unused entry is removed"
        );
        assert!(load(dir.path(), &kept).is_some(), "a used entry stays");
        assert!(
            foreign.join("le-trao-bang.jpg").is_file(),
            "a foreign folder stays"
        );
        assert!(
            lookalike.join("ghi-chu.txt").is_file(),
            "a key-named folder without a list stays"
        );
    }

    #[test]
    fn the_key_depends_on_the_bytes_and_the_settings() {
        assert_ne!(key("v1", b"a"), key("v1", b"b"));
        assert_ne!(key("v1", b"a"), key("v2", b"a"));
        assert_eq!(key("v1", b"a").len(), 64);
    }
}
