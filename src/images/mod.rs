//! Takes the metadata out of the images a site publishes. A phone photo carries where it was
//! taken (EXIF GPS), the camera, the time and often the owner's name; put in `static/` it would
//! be published byte for byte, showing a family's home to anyone. Every static file goes
//! through [`clean`] on its way out: JPEG, PNG, WebP and GIF images lose their metadata
//! segments (the pixels stay byte for byte, nothing is encoded again), keeping only the
//! orientation; an image that cannot be cleaned is refused rather than published as it is.

use std::path::Path;

use crate::base::lang::{Lang, both};

mod gif;
mod jpeg;
mod kind;
mod orientation;
mod png;
pub mod scan;
mod webp;

pub use crate::base::image_format::{Damage, Damaged, ImageFormat, UnsupportedImage};

/// Why an image cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The file is, or says it is, an image of a cleanable format, but its bytes do not read
    /// as one (`E045`).
    #[error("{}", .0.message(Lang::En))]
    Damaged(Damaged),
    /// An image format whose metadata is not taken out (`E046`).
    #[error("{}", .0.message(Lang::En))]
    Unsupported(UnsupportedImage),
}

impl ImageError {
    /// The stable code of the problem, as `check` prints it.
    pub fn code(&self) -> &'static str {
        match self {
            ImageError::Damaged(_) => "E045",
            ImageError::Unsupported(_) => "E046",
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImageError::Damaged(damaged) => damaged.message(lang),
            ImageError::Unsupported(kind) => kind.message(lang),
        }
    }

    /// What to publish instead, in `lang`.
    pub fn expected(&self, lang: Lang) -> &'static str {
        match self {
            ImageError::Damaged(_) => Damaged::expected(lang),
            ImageError::Unsupported(_) => UnsupportedImage::expected(lang),
        }
    }
}

impl Damaged {
    fn of(format: ImageFormat, damage: Damage) -> ImageError {
        ImageError::Damaged(Damaged { format, damage })
    }
}

/// The bytes to publish for the static file `name` (its path, for its extension) that holds
/// `bytes`: an image without its metadata, any other file as it is.
pub fn clean(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, ImageError> {
    match (kind::sniff(&bytes), kind::by_extension(name)) {
        (Some(kind::Found::Image(format)), _) => clean_as(format, &bytes),
        (Some(kind::Found::Unsupported(kind)), _)
        | (None, Some(kind::Found::Unsupported(kind))) => Err(ImageError::Unsupported(kind)),
        (None, Some(kind::Found::Image(format))) => Err(Damaged::of(format, Damage::NotThisFormat)),
        (None, None) => Ok(bytes),
    }
}

fn clean_as(format: ImageFormat, bytes: &[u8]) -> Result<Vec<u8>, ImageError> {
    let cleaned = match format {
        ImageFormat::Jpeg => jpeg::clean(bytes),
        ImageFormat::Png => png::clean(bytes),
        ImageFormat::WebP => webp::clean(bytes),
        ImageFormat::Gif => gif::clean(bytes),
    };
    cleaned.map_err(|damage| Damaged::of(format, damage))
}

/// Reads a big-endian `u16` at `at`, if the bytes reach that far.
fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// Reads a big-endian `u32` at `at`, if the bytes reach that far.
fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Reads a little-endian `u32` at `at`, if the bytes reach that far.
fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The message of a build that refused the image at `path`.
pub fn refused(path: &Path, error: &ImageError, lang: Lang) -> String {
    let (path, code) = (path.display(), error.code());
    let (message, expected) = (error.message(lang), error.expected(lang));
    both!(
        lang,
        format!("[{code}] {path}: {message}; cần {expected}; không có gì được ghi"),
        format!("[{code}] {path}: {message}; expected {expected}; nothing was written")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_files_pass_as_they_are_and_images_are_told_by_their_bytes() {
        let css = b"body { color: #222 }".to_vec();
        assert_eq!(clean("style.css", css.clone()), Ok(css));
        let heic_named_jpeg = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        assert_eq!(
            clean("anh/IMG_0001.jpg", heic_named_jpeg),
            Err(ImageError::Unsupported(UnsupportedImage::Heif))
        );
        assert_eq!(
            clean("anh/trong.PNG", Vec::new()),
            Err(Damaged::of(ImageFormat::Png, Damage::NotThisFormat))
        );
        let gif = b"GIF89a\x01\0\x01\0\0\0\0\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;";
        assert_eq!(clean("anh/khong-duoi", gif.to_vec()), Ok(gif.to_vec()));
    }
}
