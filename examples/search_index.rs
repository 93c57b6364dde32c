//! Writes the `/tim-kiem/` search index for entries read from a JSON Lines file, so
//! `benches/search_size.sh` can measure it at 100,000 records.
//!
//! usage: `cargo run --example search_index -- ENTRIES.jsonl OUTDIR`
//!
//! Each line is one `SearchEntry`: `{"url","name","kind","province","commune","titles"}`, in the
//! order results should be listed. The files go to `OUTDIR/tim-kiem/chi-muc/`.

use std::error::Error;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use vinhdanh::render::search::{SearchEntry, search_files};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: search_index ENTRIES.jsonl OUTDIR".into());
    };
    let text = fs::read_to_string(&input)?;
    let entries = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<Vec<SearchEntry>, _>>()?;
    let started = Instant::now();
    let files = search_files(&entries);
    let elapsed = started.elapsed();
    let output = PathBuf::from(output);
    let mut bytes = 0;
    for (path, body) in &files {
        let path = output.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, body)?;
        bytes += body.len();
    }
    println!(
        "{} entries, {} files, {bytes} bytes, built in {:.2} s",
        entries.len(),
        files.len(),
        elapsed.as_secs_f64()
    );
    Ok(())
}
