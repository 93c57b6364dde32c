//! The least any generator spends writing a built site: the same folders and files, of the same
//! sizes, written on all cores with nothing rendered. `benches/bench.sh` runs it on the
//! national and huge outputs to tell the kernel's share of their time factor from ours.
//!
//! usage: write_floor [--remove-built] BUILT_SITE DEST
//!
//! Lists every file under BUILT_SITE, then writes DEST (which must not exist) with the same
//! relative paths and sizes, each file made of one repeated byte pattern. Prints the files, the
//! bytes and the seconds of the writing alone (the listing is not counted). With
//! `--remove-built`, BUILT_SITE is deleted once listed, before the writing starts: on a tmpfs,
//! a huge site and its copy do not fit in memory together.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let remove_built = args
        .first()
        .is_some_and(|a| a.as_os_str() == "--remove-built");
    if remove_built {
        args.remove(0);
    }
    let [built, dest] = args.as_slice() else {
        eprintln!("usage: write_floor [--remove-built] BUILT_SITE DEST");
        std::process::exit(2);
    };
    if dest.exists() {
        eprintln!("{} already exists", dest.display());
        std::process::exit(2);
    }
    let files = list_files(built);
    if remove_built {
        fs::remove_dir_all(built).expect("remove the built site");
    }
    let bytes: u64 = files.iter().map(|(_, size)| size).sum();
    let started = Instant::now();
    fs::create_dir_all(dest).expect("create the destination");
    files
        .par_iter()
        .for_each(|(path, size)| write_file(&dest.join(path), *size));
    let seconds = started.elapsed().as_secs_f64();
    println!("files {} bytes {bytes} write_s {seconds:.2}", files.len());
}

/// Every file under `root`, by path relative to it, with its size.
fn list_files(root: &Path) -> Vec<(PathBuf, u64)> {
    WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("read the built site"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let size = entry.metadata().expect("size of a built file").len();
            let path = entry.path().strip_prefix(root).expect("under the root");
            (path.to_path_buf(), size)
        })
        .collect()
}

/// Writes `size` bytes to `path`, making its folder first as a generator would: one call to
/// write a file of up to a mebibyte, as vinhdanh writes a page.
fn write_file(path: &Path, size: u64) {
    static PATTERN: LazyLock<Vec<u8>> = LazyLock::new(|| vec![b'x'; 1 << 20]);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create a folder");
    }
    let mut file = fs::File::create(path).expect("create a file");
    let mut left = usize::try_from(size).expect("a file size fits in memory");
    while left > 0 {
        let chunk = left.min(PATTERN.len());
        file.write_all(&PATTERN[..chunk]).expect("write a file");
        left -= chunk;
    }
}
