//! Writes a rendered site: every file into a staging folder beside the output, HTML minified,
//! every internal link checked, and only then swapped in place of the old output. A build that
//! fails leaves what was published untouched. `serve` writes its live preview folder with the
//! same parts: the static files ([`static_files`]), the link check ([`FirstLinks`]), the
//! collision check ([`Claims`]) and a [`Target`] ([`Staging`] here, [`LiveFolder`] there).

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

mod chrome;
mod collision;
pub mod guard;
mod links;
mod minified;
mod minify;
mod reuse;
mod statics;
mod target;

pub use chrome::ReadyChromes;
pub use collision::{Claims, Collision, Origins, Producer, SourceValue};
pub use guard::{Foreign, GuardError, guard};
pub use links::{BrokenLink, FirstLinks, LinkResolver, links_in};
pub use minified::Minified;
pub use minify::{minify_page, minify_static};
pub use reuse::Placed;
use reuse::Previous;
pub use statics::{StaticFile, read_static, static_files};
pub use target::{LiveFolder, Staging, Target, put_static};

use crate::base::lang::{Lang, MsgText, both};
use crate::base::timings::Timings;
use crate::images;
use crate::photos::{PhotoError, Photos};
use crate::privacy::{Leak, PrivacyGate, Seams};
use crate::render::{DataStream, OutputFile, RenderError, Renderer};

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}", self.in_lang(Lang::En))]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("{}", self.in_lang(Lang::En))]
    BrokenLinks(Vec<BrokenLink>),
    #[error("{}", self.in_lang(Lang::En))]
    Collision(Collision),
    #[error(transparent)]
    Leak(#[from] Leak),
    #[error("{}", self.in_lang(Lang::En))]
    Locked(PathBuf),
    #[error(transparent)]
    Refused(#[from] GuardError),
    /// A photo of a story that cannot be made ready.
    #[error(transparent)]
    Photo(#[from] PhotoError),
    /// A static image whose metadata cannot be taken out.
    #[error("{}", self.in_lang(Lang::En))]
    Image {
        path: PathBuf,
        error: images::ImageError,
    },
}

impl OutputError {
    /// The code printed with the message, for the errors `docs/loi.md` documents.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            OutputError::Refused(refused) => refused.code(),
            OutputError::Collision(_) => Some("E044"),
            OutputError::Photo(error) => error.code(),
            _ => None,
        }
    }

    /// One error of each code, for the tests that hold the messages and `docs/loi.md`
    /// together.
    pub fn samples() -> Vec<OutputError> {
        let mut samples: Vec<OutputError> = GuardError::samples()
            .into_iter()
            .map(OutputError::Refused)
            .collect();
        samples.push(OutputError::Collision(Collision {
            path: "cau-chuyen/ba-hue/index.html".into(),
            producers: vec![
                Producer::At {
                    file: PathBuf::from("content/cau-chuyen/ba-hue.md"),
                    line: 1,
                    column: 1,
                    what: SourceValue::StoryFileName,
                },
                Producer::At {
                    file: PathBuf::from("content/cau-chuyen/ba-the-he.md"),
                    line: 2,
                    column: 12,
                    what: SourceValue::Alias,
                },
                Producer::At {
                    file: PathBuf::from("content/cau-chuyen/lop-hoc.md"),
                    line: 3,
                    column: 8,
                    what: SourceValue::StorySlug,
                },
                Producer::At {
                    file: PathBuf::from("content/gioi-thieu.md"),
                    line: 1,
                    column: 1,
                    what: SourceValue::FreePage,
                },
                Producer::Static(PathBuf::from("static/gioi-thieu/index.html")),
                Producer::Made("/ho-so/gd-a/".into()),
            ],
        }));
        samples.extend(PhotoError::samples().into_iter().map(OutputError::Photo));
        samples
    }

    /// The same error, a collision traced back to what makes its files.
    pub fn traced(self, origins: &Origins<'_>) -> Self {
        match self {
            OutputError::Collision(collision) => OutputError::Collision(collision.traced(origins)),
            other => other,
        }
    }

    /// The message in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            OutputError::Io { path, source } => {
                let path = path.display().to_string();
                let reason = source.to_string();
                MsgText::CannotWrite {
                    path: &path,
                    reason: &reason,
                }
                .in_lang(lang)
            }
            OutputError::Render(error) => error.in_lang(lang),
            OutputError::BrokenLinks(links) => {
                let count = links.len();
                let mut text = both!(
                    lang,
                    format!("{count} liên kết nội bộ hỏng:"),
                    format!("{count} broken internal link(s):")
                );
                for BrokenLink { page, link } in links {
                    text.push('\n');
                    text.push_str(&both!(
                        lang,
                        format!("  {page} liên kết tới {link}"),
                        format!("  {page} links to {link}")
                    ));
                }
                text
            }
            OutputError::Collision(collision) => collision.in_lang(lang),
            OutputError::Refused(refused) => refused.in_lang(lang),
            OutputError::Leak(leak) => leak.in_lang(lang),
            OutputError::Locked(dir) => {
                let dir = dir.display();
                both!(
                    lang,
                    format!(
                        "một lần dựng khác đang ghi vào {dir}; hãy chờ nó xong rồi chạy lại lệnh"
                    ),
                    format!(
                        "another build is writing {dir} right now; wait for it to finish and run the command again"
                    )
                )
            }
            OutputError::Image { path, error } => images::refused(path, error, lang),
            OutputError::Photo(error) => error.in_lang(lang),
        }
    }
}

/// What a successful build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Files the published output already held with the same bytes, kept as they were.
    pub kept: usize,
}

impl Written {
    /// Counts one file of `bytes` bytes, put as `placed`.
    fn count(&mut self, placed: Placed, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
        self.kept += usize::from(placed == Placed::Kept);
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Renders every job of `renderer` and publishes the result at `out_dir`, a folder that
/// [`guard`] let through. `static_dirs` are copied first (theme, then site: the site's files
/// win). Whatever fails, no staging folder is left behind.
pub fn publish(
    renderer: &Renderer<'_>,
    gate: &PrivacyGate,
    static_dirs: &[PathBuf],
    out_dir: &Path,
) -> Result<Written, OutputError> {
    let _lock = lock(out_dir)?;
    recover_interrupted_swap(out_dir)?;
    let memory = sibling(out_dir, "gate");
    gate.recall(&memory);
    let minified_memo = sibling(out_dir, "minified");
    let chromes = ReadyChromes::remembering(Minified::load(&minified_memo, out_dir));
    let staging = sibling(out_dir, "tmp");
    remove_if_exists(&staging)?;
    fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    let previous = Previous::at(out_dir);
    let was_marked = guard::marker(out_dir).is_file();
    let target = Staging {
        dir: &staging,
        previous: &previous,
    };
    let result = fill_staging(renderer, gate, &chromes, static_dirs, target)
        .and_then(|written| mark_and_swap(&staging, out_dir).map(|()| written));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
        if !was_marked {
            let _ = fs::remove_file(guard::marker(out_dir));
        }
    } else {
        // A memory not kept costs the next build time, never a check.
        let _ = gate.remember(&memory);
        let _ = chromes.save_minified(&minified_memo);
    }
    result
}

/// Marks `out_dir` as vinhdanh's, then swaps the complete `staging` in its place.
fn mark_and_swap(staging: &Path, out_dir: &Path) -> Result<(), OutputError> {
    let mut timings = Timings::start();
    guard::mark_as_ours(out_dir).map_err(io_error(out_dir))?;
    swap_in(staging, out_dir)?;
    timings.lap("swap");
    Ok(())
}

fn fill_staging(
    renderer: &Renderer<'_>,
    gate: &PrivacyGate,
    chromes: &ReadyChromes,
    static_dirs: &[PathBuf],
    staging: Staging<'_>,
) -> Result<Written, OutputError> {
    let mut timings = Timings::start();
    let mut claims = Claims::new();
    let mut written = Written::default();
    let photos = &renderer.photos;
    copy_static(static_dirs, photos, staging, &mut claims, &mut written)?;
    copy_photos(photos, staging, &mut claims, &mut written)?;
    refuse_collision(&claims)?;
    let meta = &renderer.site.meta;
    let resolve = LinkResolver::new(&meta.base_url, &meta.base_path);
    // One tally per thread, merged once at the end: merging per piece of work cost more
    // than the rendering at national size.
    let tallies: Vec<Mutex<Tally>> = (0..rayon::current_num_threads().max(1))
        .map(|_| Mutex::default())
        .collect();
    renderer
        .jobs()
        .into_par_iter()
        .try_for_each(|job| -> Result<(), OutputError> {
            let mut written = Vec::new();
            if let Some(streams) = renderer.stream(job) {
                for stream in streams {
                    written.push(write_streamed(stream, gate, staging)?);
                }
            } else {
                for file in renderer.run(job)? {
                    written.push(write_one(prepare(file, gate, chromes)?, staging)?);
                }
            }
            let slot = rayon::current_thread_index().unwrap_or(0) % tallies.len();
            let mut tally = tallies[slot].lock().unwrap_or_else(|e| e.into_inner());
            for file in written {
                tally.add(file, &resolve);
            }
            Ok(())
        })?;
    let mut tally = tallies
        .into_iter()
        .map(|t| t.into_inner().unwrap_or_else(|e| e.into_inner()))
        .fold(Tally::default(), Tally::merge);
    tally.add_shared(&resolve);
    claims.reserve(tally.files.len());
    for (path, bytes) in tally.files {
        if claims.claim(path) {
            written.files += 1;
            written.bytes += bytes;
        }
    }
    refuse_collision(&claims)?;
    written.pages = tally.pages;
    written.kept += tally.kept;
    timings.lap("render+write");
    tally.links.refuse_missing(|file| claims.holds(file))?;
    timings.lap("link check");
    Ok(written)
}

/// `Err` with the first collision in path order, if two files claimed one path.
fn refuse_collision(claims: &Claims<'_>) -> Result<(), OutputError> {
    match claims.collision() {
        Some(collision) => Err(OutputError::Collision(collision)),
        None => Ok(()),
    }
}

/// What the writing threads found, merged at the end: the files written, and the internal
/// links of the pages ([`FirstLinks`]: each target once).
///
/// The links of headers and footers are shared by many pages: they are tallied once each,
/// with the first page in path order that holds them.
#[derive(Default)]
struct Tally {
    files: Vec<(String, u64)>,
    pages: usize,
    kept: usize,
    links: FirstLinks,
    /// By the address of the shared list, which the entry keeps alive.
    shared: HashMap<usize, (Arc<[String]>, String)>,
}

impl Tally {
    fn add(&mut self, written: WrittenFile, resolve: &LinkResolver<'_>) {
        if let Some(links) = written.links {
            self.pages += 1;
            for link in &links {
                self.links.add(resolve, &written.path, link);
            }
        }
        for links in written.shared_links {
            self.add_shared_list(links, &written.path);
        }
        self.kept += usize::from(written.kept);
        self.files.push((written.path, written.bytes));
    }

    fn add_shared_list(&mut self, links: Arc<[String]>, page: &str) {
        let key = Arc::as_ptr(&links) as *const String as usize;
        match self.shared.get_mut(&key) {
            Some((_, first)) if first.as_str() <= page => {}
            Some((_, first)) => *first = page.to_string(),
            None => {
                self.shared.insert(key, (links, page.to_string()));
            }
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.files.extend(other.files);
        self.pages += other.pages;
        self.kept += other.kept;
        self.links = self.links.merge(other.links);
        for (links, page) in other.shared.into_values() {
            self.add_shared_list(links, &page);
        }
        self
    }

    /// Counts the shared links with the others, each under its first page.
    fn add_shared(&mut self, resolve: &LinkResolver<'_>) {
        for (links, page) in std::mem::take(&mut self.shared).into_values() {
            for link in links.iter() {
                self.links.add(resolve, &page, link);
            }
        }
    }
}

/// One file written to the staging folder.
struct WrittenFile {
    path: String,
    bytes: u64,
    /// Linked from the published output rather than written.
    kept: bool,
    links: Option<Vec<String>>,
    shared_links: Vec<Arc<[String]>>,
}

/// A rendered file made ready to write, as every build writes it: checked by the privacy gate,
/// HTML minified, for a page its header and footer in place and the links found in it.
/// `serve` writes its files through this too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub path: String,
    pub bytes: Vec<u8>,
    /// For HTML pages, every `href` and `src` value of the page's own part.
    pub links: Option<Vec<String>>,
    /// Those of its header and footer, lists shared with the other pages that hold them.
    pub shared_links: Vec<Arc<[String]>>,
}

impl Prepared {
    /// For HTML pages, every `href` and `src` value: the page's own, then its header's and
    /// footer's.
    pub fn all_links(&self) -> Option<impl Iterator<Item = &String>> {
        let own = self.links.as_ref()?;
        Some(
            own.iter()
                .chain(self.shared_links.iter().flat_map(|l| l.iter())),
        )
    }
}

/// Makes `file` ready to write; `chromes` holds the headers and footers already made ready by
/// this run.
pub fn prepare(
    file: OutputFile,
    gate: &PrivacyGate,
    chromes: &ReadyChromes,
) -> Result<Prepared, OutputError> {
    if let Some(chrome) = &file.chrome {
        let filled = chromes.fill(&file, chrome, gate)?;
        return Ok(Prepared {
            path: file.path,
            bytes: filled.bytes,
            links: Some(filled.links),
            shared_links: filled.shared_links,
        });
    }
    if file.is_html() {
        let bytes = chromes.minify_whole(&file);
        gate.check_part(&bytes, &file.path, &file.origin)?;
        return Ok(Prepared {
            links: Some(links_in(&file.bytes)),
            bytes,
            path: file.path,
            shared_links: Vec::new(),
        });
    }
    gate.check(&file)?;
    Ok(Prepared {
        path: file.path,
        bytes: file.bytes,
        links: None,
        shared_links: Vec::new(),
    })
}

fn write_one(file: Prepared, staging: Staging<'_>) -> Result<WrittenFile, OutputError> {
    let placed = staging.put(&file.path, &file.bytes)?;
    Ok(WrittenFile {
        kept: placed == Placed::Kept,
        bytes: file.bytes.len() as u64,
        path: file.path,
        links: file.links,
        shared_links: file.shared_links,
    })
}

/// Writes a file that comes in pieces, each piece as it is made, each looked through by the
/// privacy gate, and the seam with what came before it too: a guarded value across a seam
/// lies within `gate.longest()` bytes on each side.
fn write_streamed(
    stream: DataStream<'_>,
    gate: &PrivacyGate,
    staging: Staging<'_>,
) -> Result<WrittenFile, OutputError> {
    let target = staging.place_of(&stream.path)?;
    let mut out = io::BufWriter::new(reuse::create_new(&target).map_err(io_error(&target))?);
    let mut seams = Seams::new(gate);
    let mut bytes = 0;
    let mut follower = staging.previous.follow(&stream.path);
    for piece in stream.pieces {
        seams.check(&piece, &stream.path, &stream.origin)?;
        out.write_all(&piece).map_err(io_error(&target))?;
        follower.piece(&piece);
        bytes += piece.len() as u64;
    }
    out.flush().map_err(io_error(&target))?;
    drop(out);
    Ok(WrittenFile {
        bytes,
        kept: follower.keep_if_same(&target) == Placed::Kept,
        path: stream.path,
        links: None,
        shared_links: Vec::new(),
    })
}

/// Copies the static files of `dirs` into `staging` ([`static_files`]: the site's win over
/// the theme's). The originals of `photos` are left to [`copy_photos`].
fn copy_static(
    dirs: &[PathBuf],
    photos: &Photos,
    staging: Staging<'_>,
    claims: &mut Claims<'_>,
    written: &mut Written,
) -> Result<(), OutputError> {
    let files = static_files(dirs)?;
    for file in files.into_iter().filter(|f| photos.get(&f.path).is_none()) {
        let (placed, bytes) = put_static(&staging, &file)?;
        written.count(placed, bytes);
        claims.claim(file.path);
    }
    Ok(())
}

/// Copies the sizes of `photos` from their cache into `staging`, and the widest again at
/// each original's path. A size named as a static file is a collision, claimed and not
/// copied.
fn copy_photos(
    photos: &Photos,
    staging: Staging<'_>,
    claims: &mut Claims<'_>,
    written: &mut Written,
) -> Result<(), OutputError> {
    for (relative, source) in photos.iter().flat_map(|photo| photo.files()) {
        if !claims.claim(relative.to_string()) {
            continue;
        }
        let bytes = fs::read(source).map_err(io_error(source))?;
        written.count(staging.put(relative, &bytes)?, bytes.len() as u64);
    }
    Ok(())
}

/// A hidden folder beside `out_dir` for staging or for the old output.
fn sibling(out_dir: &Path, what: &str) -> PathBuf {
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{}.{what}", out_name(out_dir)))
}

fn out_name(out_dir: &Path) -> String {
    out_dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Holds the build lock of `out_dir` until dropped. Two builds into the same folder at once
/// would overwrite each other's staging; the second one is told to wait.
fn lock(out_dir: &Path) -> Result<fs::File, OutputError> {
    let path = sibling(out_dir, "lock");
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(OutputError::Locked(out_dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(io_error(&path)(e)),
    }
}

/// If a build was killed between the two renames of a swap (where the exchange is not
/// available), the output is missing and the old one waits beside it: put it back.
fn recover_interrupted_swap(out_dir: &Path) -> Result<(), OutputError> {
    let old = sibling(out_dir, "old");
    if !out_dir.exists() && old.is_dir() {
        fs::rename(&old, out_dir).map_err(io_error(out_dir))?;
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), OutputError> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(path)(e)),
        _ => Ok(()),
    }
}

/// Replaces `out_dir` by `staging`. On Linux the two folders are exchanged in one atomic
/// step, so at every instant `out_dir` is either the whole old site or the whole new one.
fn swap_in(staging: &Path, out_dir: &Path) -> Result<(), OutputError> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir).map_err(io_error(out_dir));
    }
    if exchange(staging, out_dir).is_ok() {
        // `staging` now holds the old output.
        remove_on_all_cores(staging);
        return Ok(());
    }
    let old = sibling(out_dir, "old");
    remove_if_exists(&old)?;
    fs::rename(out_dir, &old).map_err(io_error(out_dir))?;
    if let Err(error) = fs::rename(staging, out_dir) {
        // Put the old output back; the caller removes the staging folder.
        let _ = fs::rename(&old, out_dir);
        return Err(io_error(out_dir)(error));
    }
    remove_on_all_cores(&old);
    Ok(())
}

/// Removes the old output, best effort: the folders two levels down (a page each, mostly)
/// on all cores, then what is left. At a million pages one core took 14 s.
fn remove_on_all_cores(dir: &Path) {
    let children = |dir: &Path| -> Vec<fs::DirEntry> {
        fs::read_dir(dir)
            .map(|entries| entries.filter_map(Result::ok).collect())
            .unwrap_or_default()
    };
    let is_dir = |entry: &fs::DirEntry| entry.file_type().is_ok_and(|t| t.is_dir());
    let folders: Vec<PathBuf> = children(dir)
        .into_iter()
        .filter(is_dir)
        .flat_map(|top| children(&top.path()))
        .filter(is_dir)
        .map(|entry| entry.path())
        .collect();
    folders.into_par_iter().for_each(|folder| {
        let _ = fs::remove_dir_all(folder);
    });
    let _ = fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_broken_link_is_reported_once_under_the_first_page() {
        let shared: Arc<[String]> = vec!["/thieu/".to_string(), "/co/".to_string()].into();
        let resolve = LinkResolver::new("https://x.vn", "");
        let mut tallies = [Tally::default(), Tally::default()];
        for (i, page) in ["c/index.html", "b/index.html", "d/index.html"]
            .iter()
            .enumerate()
        {
            tallies[i % 2].add(
                WrittenFile {
                    path: page.to_string(),
                    bytes: 1,
                    kept: false,
                    links: Some(Vec::new()),
                    shared_links: vec![Arc::clone(&shared)],
                },
                &resolve,
            );
        }
        let [first, second] = tallies;
        let mut tally = first.merge(second);
        tally.add_shared(&resolve);
        assert_eq!(tally.pages, 3);
        assert_eq!(tally.links.len(), 2);
        match tally.links.refuse_missing(|file| file == "co/index.html") {
            Err(OutputError::BrokenLinks(broken)) => assert_eq!(
                broken,
                [BrokenLink {
                    page: "b/index.html".into(),
                    link: "/thieu/".into()
                }]
            ),
            other => panic!("{other:?}"),
        }
    }

    fn stream_of(pieces: &[&str]) -> DataStream<'static> {
        let pieces: Vec<Vec<u8>> = pieces.iter().map(|p| p.as_bytes().to_vec()).collect();
        DataStream {
            path: "du-lieu/x.csv".into(),
            origin: crate::render::Origin::OpenData,
            pieces: Box::new(pieces.into_iter()),
        }
    }

    /// A guarded value is found wherever the pieces of a streamed file cut it, even across
    /// pieces shorter than the value; a file without one is written whole.
    #[test]
    fn a_streamed_file_is_looked_through_across_its_pieces() {
        const PHONE: &str = "0912345678";
        let gate = PrivacyGate::for_values(&[PHONE]);
        let dir = tempfile::tempdir().expect("temporary folder");
        let previous = Previous::at(&dir.path().join("nothing-published"));
        let staging = Staging {
            dir: dir.path(),
            previous: &previous,
        };
        for cut in [
            vec!["a,", PHONE, ",b"],
            vec!["a,0912", "345678,b"],
            vec!["a,09", "12", "3", "45", "678,b"],
            vec!["a,091234567", "8"],
        ] {
            let leak = write_streamed(stream_of(&cut), &gate, staging);
            match leak {
                Err(OutputError::Leak(leak)) => assert_eq!(leak.path, "du-lieu/x.csv"),
                Err(other) => panic!("{cut:?}: {other}"),
                Ok(_) => panic!("{cut:?}: written"),
            }
        }
        let near = ["a,0912", "34567", "9,091", "2345b"];
        let written = write_streamed(stream_of(&near), &gate, staging).expect("no guarded value");
        assert_eq!(written.bytes, 21);
        let text = fs::read_to_string(dir.path().join("du-lieu/x.csv")).expect("written");
        assert_eq!(text, near.concat());
    }
}
