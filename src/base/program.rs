//! What tells this program file from any other build of vinhdanh, for what a build keeps for
//! the next (the privacy gate's memory, the minified pages): a kept result holds only for the
//! program that made it.

use std::fs;

/// What tells this program file from any other build of vinhdanh: its size, date and place
/// on disk. Sources and `Cargo.lock` alone do not say which compiler, patched crate or
/// standard library went in. A program that cannot be looked at has a fingerprint of its own
/// each run, so that no memory is trusted.
pub fn this_program() -> Vec<u8> {
    let identity = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|meta| program_identity(&meta));
    match identity {
        Ok(identity) => identity,
        Err(_) => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            let nanos = now.map_or(0, |d| d.as_nanos());
            format!("unknown {nanos} {}", std::process::id()).into_bytes()
        }
    }
}

#[cfg(unix)]
fn program_identity(meta: &fs::Metadata) -> Vec<u8> {
    use std::os::unix::fs::MetadataExt as _;
    let parts = [meta.len(), meta.dev(), meta.ino()];
    let mut identity: Vec<u8> = parts.iter().flat_map(|n| n.to_le_bytes()).collect();
    identity.extend_from_slice(&meta.mtime().to_le_bytes());
    identity.extend_from_slice(&meta.mtime_nsec().to_le_bytes());
    identity
}

#[cfg(not(unix))]
fn program_identity(meta: &fs::Metadata) -> Vec<u8> {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    format!("{} {:?}", meta.len(), modified).into_bytes()
}
