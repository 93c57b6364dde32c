//! The photos of stories, made ready for phones. A photo a story shows (its front matter's
//! `image`, or an image of its Markdown) that lies in a static folder is decoded, turned as its
//! EXIF orientation says, and written again at a few widths ([`WIDTHS`], never wider than the
//! original) in its own format and, where smaller, in WebP. Nothing of the original's metadata
//! is written again: the encoders write pixels only. The pages then offer the widths with
//! `srcset`, `sizes`, `width` and `height`.
//!
//! The work is kept in a cache folder beside the output (`.public.photo-cache` beside
//! `public/`), by a hash of the original's bytes and of the settings: a rebuild decodes only
//! the photos that changed, and gives the same bytes. Decoding runs with limits on pixels
//! and memory; a photo over them, or that does not decode, stops the build with the photo and
//! the story that uses it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::lang::{Lang, both};

mod cache;
mod make;
mod uses;

pub use make::{MAX_PIXELS, WIDTHS, prepare};
pub use uses::{PhotoUse, photo_uses};

/// The photos of a site, by their path in the output (`anh/ba-hue.jpg`).
#[derive(Debug, Default)]
pub struct Photos {
    by_path: BTreeMap<String, Photo>,
    /// Photos decoded and encoded in this build.
    pub made: usize,
    /// Photos whose files came from the cache, without decoding.
    pub reused: usize,
    /// The cache entries of these photos.
    keys: Vec<String>,
}

/// How many photos a build made, and how many it took from the cache without decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PhotoCount {
    pub made: usize,
    pub reused: usize,
}

/// One photo made ready: its sizes, each in one or two formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// Its path in the output, as the story names it (`anh/ba-hue.jpg`).
    pub path: String,
    /// The widths, narrowest first, in the original's format.
    pub sizes: Vec<Variant>,
    /// The same widths in WebP, when WebP is smaller at every width; else empty.
    pub modern: Vec<Variant>,
    /// The files of the variants in the cache folder, by their path in the output.
    files: Vec<(String, PathBuf)>,
}

/// One width of a photo, in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its path in the output (`anh/ba-hue-800.jpg`).
    pub path: String,
    pub width: u32,
    pub height: u32,
}

impl Photo {
    /// The widest size: the one the original's own path is published with.
    pub fn widest(&self) -> &Variant {
        self.sizes.last().expect("a photo has at least one size")
    }

    /// Every file to publish: each variant, and the widest size again at the original's
    /// path, so that a link to the original finds an oriented, metadata-free picture.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Path)> {
        let widest = self
            .files
            .iter()
            .find(|(path, _)| *path == self.widest().path)
            .map(|(_, file)| (self.path.as_str(), file.as_path()));
        self.files
            .iter()
            .map(|(path, file)| (path.as_str(), file.as_path()))
            .chain(widest)
    }
}

impl Photos {
    /// The photo published at `path` (without the base path or a leading `/`), if any.
    pub fn get(&self, path: &str) -> Option<&Photo> {
        self.by_path.get(path)
    }

    /// The photo an address of a page points at: `url` starts with `base_path` and names
    /// the original's path.
    pub fn at_url(&self, url: &str, base_path: &str) -> Option<&Photo> {
        let path = url.strip_prefix(base_path)?.strip_prefix('/')?;
        self.get(path)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Photo> {
        self.by_path.values()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// How many photos were made and reused.
    pub fn count(&self) -> PhotoCount {
        PhotoCount {
            made: self.made,
            reused: self.reused,
        }
    }

    /// Removes from `cache` what these photos do not use: photos no story shows any more,
    /// or made with other settings. Called once the build is published.
    pub fn prune_cache(&self, cache: &Path) {
        cache::prune(cache, &self.keys);
    }
}

/// The cache folder of a build into `out_dir`: a hidden folder beside it, which is never
/// published and never inside a source folder (the output cannot be in one).
pub fn cache_dir(out_dir: &Path) -> PathBuf {
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    let name = out_dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent.join(format!(".{name}.photo-cache"))
}

/// Why a photo of a story could not be made ready.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.in_lang(Lang::En))]
pub struct PhotoError {
    /// The photo, from the site's folder (`static/anh/ba-hue.jpg`).
    pub photo: PathBuf,
    /// The story that shows it (the first one, when several do).
    pub story: PathBuf,
    pub problem: PhotoProblem,
}

/// What is wrong with a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoProblem {
    /// More pixels than [`MAX_PIXELS`], as its header says (`E051`).
    TooLarge { width: u32, height: u32 },
    /// The pixels do not decode, or would take more memory than allowed (`E052`).
    Undecodable { detail: String },
    /// The photo or the cache could not be read or written.
    Io { path: PathBuf, detail: String },
}

impl PhotoError {
    /// The code printed with the message and documented in `docs/loi.md`.
    pub fn code(&self) -> Option<&'static str> {
        match self.problem {
            PhotoProblem::TooLarge { .. } => Some("E051"),
            PhotoProblem::Undecodable { .. } => Some("E052"),
            PhotoProblem::Io { .. } => None,
        }
    }

    /// The message in `lang`: the photo, the story, what is wrong and what to do (the code
    /// is printed in front of it).
    pub fn in_lang(&self, lang: Lang) -> String {
        let (photo, story) = (self.photo.display(), self.story.display());
        let (problem, fix) = (self.problem_in(lang), self.fix_in(lang));
        both!(
            lang,
            format!("{photo} (ảnh của câu chuyện {story}): {problem}; {fix}"),
            format!("{photo} (photo of the story {story}): {problem}; {fix}")
        )
    }

    fn problem_in(&self, lang: Lang) -> String {
        match &self.problem {
            PhotoProblem::TooLarge { width, height } => {
                let megapixels = MAX_PIXELS / 1_000_000;
                both!(
                    lang,
                    format!(
                        "ảnh rộng {width} × {height} điểm ảnh, quá giới hạn {megapixels} triệu điểm ảnh"
                    ),
                    format!(
                        "the photo is {width} × {height} pixels, over the limit of {megapixels} million pixels"
                    )
                )
            }
            PhotoProblem::Undecodable { detail } => both!(
                lang,
                format!("không đọc được các điểm ảnh ({detail})"),
                format!("its pixels cannot be decoded ({detail})")
            ),
            PhotoProblem::Io { path, detail } => {
                let path = path.display();
                both!(
                    lang,
                    format!("không đọc hoặc ghi được {path} ({detail})"),
                    format!("cannot read or write {path} ({detail})")
                )
            }
        }
    }

    fn fix_in(&self, lang: Lang) -> &'static str {
        match self.problem {
            PhotoProblem::TooLarge { .. } => both!(
                lang,
                "cần ảnh nhỏ hơn (ảnh chụp bằng điện thoại, hoặc thu nhỏ còn chừng 3000 điểm ảnh chiều rộng)",
                "expected a smaller photo (one taken with a phone, or scaled down to about 3000 pixels wide)"
            ),
            PhotoProblem::Undecodable { .. } => both!(
                lang,
                "cần một ảnh JPEG, PNG hoặc WebP nguyên vẹn (mở ảnh gốc rồi lưu lại)",
                "expected a whole JPEG, PNG or WebP photo (open the original and save it again)"
            ),
            PhotoProblem::Io { .. } => both!(
                lang,
                "hãy kiểm tra quyền đọc ghi và chỗ trống trên đĩa",
                "check the permissions and the free space on the disk"
            ),
        }
    }

    /// One error of each code, for the tests that hold the messages and `docs/loi.md`
    /// together.
    pub fn samples() -> Vec<PhotoError> {
        let at = |problem| PhotoError {
            photo: PathBuf::from("static/anh/le-trao-bang.jpg"),
            story: PathBuf::from("content/cau-chuyen/le-trao-bang.md"),
            problem,
        };
        vec![
            at(PhotoProblem::TooLarge {
                width: 40_000,
                height: 30_000,
            }),
            at(PhotoProblem::Undecodable {
                detail: "Format error decoding Jpeg: premature end of buffer".into(),
            }),
        ]
    }
}
