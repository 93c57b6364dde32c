//! The two places the writers put files, behind one [`Target`]: a staging folder for `build`
//! (each unchanged file linked from the published output, the whole folder then swapped in
//! place), and the live preview folder for `serve` (each file written beside its place and
//! renamed, so that the server never sends half a file). What is put is the same for both:
//! the files made ready by [`prepare`](super::prepare), and the static files as
//! [`read_static`] makes them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::reuse::{Placed, Previous};
use super::statics::{StaticFile, read_static};
use super::{OutputError, io_error};

/// A folder the output's files are put into.
pub trait Target {
    /// Puts `bytes` at the output path `path`, its folders made.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<Placed, OutputError>;
}

/// Puts the static file `file` into `target` as it is published; says how many bytes.
pub fn put_static(target: &impl Target, file: &StaticFile) -> Result<(Placed, u64), OutputError> {
    let bytes = read_static(&file.source)?;
    let placed = target.put(&file.path, &bytes)?;
    Ok((placed, bytes.len() as u64))
}

/// `build`'s staging folder beside the output, swapped in once complete.
#[derive(Debug, Clone, Copy)]
pub struct Staging<'a> {
    pub dir: &'a Path,
    /// The published output, whose unchanged files are linked rather than written again.
    pub previous: &'a Previous,
}

impl Staging<'_> {
    /// Where `path` goes in the staging folder, its folder made.
    pub fn place_of(&self, path: &str) -> Result<PathBuf, OutputError> {
        made_folder(self.dir.join(path))
    }
}

impl Target for Staging<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<Placed, OutputError> {
        let target = self.place_of(path)?;
        self.previous
            .place(path, bytes, &target)
            .map_err(io_error(&target))
    }
}

/// `serve`'s preview folder, written in place while it is served.
#[derive(Debug, Clone, Copy)]
pub struct LiveFolder<'a> {
    dir: &'a Path,
}

impl<'a> LiveFolder<'a> {
    pub fn new(dir: &'a Path) -> Self {
        LiveFolder { dir }
    }

    /// Removes the file at `path` and the folders it leaves empty, up to the output folder.
    pub fn remove(&self, path: &str) -> Result<(), OutputError> {
        let target = self.dir.join(path);
        match fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&target)(e)),
            _ => {}
        }
        let mut folder = target.parent();
        while let Some(dir) = folder {
            if dir == self.dir || !dir.starts_with(self.dir) || fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
        Ok(())
    }
}

impl Target for LiveFolder<'_> {
    /// Writes beside the file's place, then renames.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<Placed, OutputError> {
        let target = made_folder(self.dir.join(path))?;
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let temporary = target.with_file_name(format!(".{name}.vinhdanh-tmp"));
        fs::write(&temporary, bytes).map_err(io_error(&temporary))?;
        fs::rename(&temporary, &target).map_err(io_error(&target))?;
        Ok(Placed::Written)
    }
}

/// `target`, once its folder exists.
fn made_folder(target: PathBuf) -> Result<PathBuf, OutputError> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The live folder replaces a file whole and removes the folders a removed file leaves
    /// empty, never the output folder itself.
    #[test]
    fn the_live_folder_replaces_files_and_tidies_empty_folders() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = dir.path().join("xem-truoc");
        let live = LiveFolder::new(&out);
        live.put("a/b/index.html", b"<p>1</p>").expect("written");
        live.put("a/b/index.html", b"<p>2</p>")
            .expect("written again");
        live.put("a/khac.txt", b"x").expect("written");
        assert_eq!(
            fs::read(out.join("a/b/index.html")).expect("read"),
            b"<p>2</p>"
        );
        let names: Vec<_> = fs::read_dir(out.join("a/b"))
            .expect("folder")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["index.html"], "no temporary file left");
        live.remove("a/b/index.html").expect("removed");
        assert!(!out.join("a/b").exists() && out.join("a/khac.txt").is_file());
        live.remove("a/khac.txt").expect("removed");
        live.remove("a/khac.txt")
            .expect("a missing file is no error");
        assert!(!out.join("a").exists() && out.is_dir());
    }
}
