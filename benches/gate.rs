//! The privacy gate's cost per byte: every file of a built site looked through by the gate of
//! its sources, and folded alone, several rounds; prints MB/s and nanoseconds per byte.
//!
//! `cargo bench --bench gate -- SITE_ROOT BUILT_SITE [ROUNDS]` (both folders must exist: build
//! the site first). Timings depend on the machine and its load: compare two builds of the code
//! in one run, on the same site.

use std::path::{Path, PathBuf};
use std::time::Instant;

use vinhdanh::check::check_site;
use vinhdanh::privacy::{Folded, Markup, PrivacyGate};
use vinhdanh::render::OutputFile;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(root), Some(built)) = (args.first(), args.get(1)) else {
        // `cargo test --all-targets` runs each bench once with no arguments: nothing to time.
        eprintln!("usage: gate SITE_ROOT BUILT_SITE [ROUNDS]");
        return;
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let checked = check_site(Path::new(root));
    let gate = PrivacyGate::new(&checked.guards, "");
    let files = read_text_files(Path::new(built));
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!("{} files, {bytes} bytes, {rounds} rounds", files.len());
    let mut folded = Folded::new(false);
    report("fold", bytes, rounds, || {
        for file in &files {
            folded.fold(&file.bytes, Markup::for_path(&file.path));
        }
    });
    report("gate", bytes, rounds, || {
        for file in &files {
            let _ = gate.check(file);
        }
    });
}

fn report(what: &str, bytes: usize, rounds: usize, mut run: impl FnMut()) {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        run();
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{what}: best of {rounds} {:.1} ms, {:.0} MB/s, {:.2} ns/byte",
        best * 1e3,
        bytes as f64 / best / 1e6,
        best * 1e9 / bytes as f64
    );
}

fn read_text_files(dir: &Path) -> Vec<OutputFile> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            ["html", "xml", "json", "csv", "js", "css", "txt"].contains(&ext)
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("a readable file");
            let path = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
            OutputFile::new(path, bytes)
        })
        .collect()
}
