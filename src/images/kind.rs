//! Tells which image format a static file holds: by its first bytes, and by its extension for
//! a file whose bytes are not an image its name promises.

use crate::base::image_format::{ImageFormat, UnsupportedImage};

/// What a file was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Image(ImageFormat),
    Unsupported(UnsupportedImage),
}

/// The image format `bytes` begin with, if any.
pub fn sniff(bytes: &[u8]) -> Option<Found> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG_XL_BOX: &[u8] = b"\0\0\0\x0cJXL \r\n\x87\n";
    let image = |format| Some(Found::Image(format));
    let unsupported = |kind| Some(Found::Unsupported(kind));
    if bytes.starts_with(b"\xff\xd8\xff") {
        image(ImageFormat::Jpeg)
    } else if bytes.starts_with(PNG) {
        image(ImageFormat::Png)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(&b"WEBP"[..]) {
        image(ImageFormat::WebP)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        image(ImageFormat::Gif)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        unsupported(UnsupportedImage::Tiff)
    } else if bytes.starts_with(b"\xff\x0a") || bytes.starts_with(JPEG_XL_BOX) {
        unsupported(UnsupportedImage::JpegXl)
    } else if bytes.get(4..8) == Some(&b"ftyp"[..]) {
        heif_brand(bytes.get(8..12)?).map(Found::Unsupported)
    } else {
        None
    }
}

/// HEIF and AVIF files are ISO media files with these major brands (videos have others).
fn heif_brand(brand: &[u8]) -> Option<UnsupportedImage> {
    match brand {
        b"avif" | b"avis" => Some(UnsupportedImage::Avif),
        b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"hevm" | b"hevs" | b"mif1"
        | b"msf1" => Some(UnsupportedImage::Heif),
        b"crx " => Some(UnsupportedImage::Raw),
        _ => None,
    }
}

/// The image format the extension of `name` promises, if any (any letter case).
pub fn by_extension(name: &str) -> Option<Found> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let image = |format| Some(Found::Image(format));
    let unsupported = |kind| Some(Found::Unsupported(kind));
    match extension.as_str() {
        "jpg" | "jpeg" | "jpe" | "jfif" => image(ImageFormat::Jpeg),
        "png" | "apng" => image(ImageFormat::Png),
        "webp" => image(ImageFormat::WebP),
        "gif" => image(ImageFormat::Gif),
        "heic" | "heif" | "hif" => unsupported(UnsupportedImage::Heif),
        "avif" => unsupported(UnsupportedImage::Avif),
        "tif" | "tiff" | "dng" | "cr2" | "nef" | "arw" => unsupported(UnsupportedImage::Tiff),
        "jxl" => unsupported(UnsupportedImage::JpegXl),
        "cr3" | "raf" | "orf" | "rw2" => unsupported(UnsupportedImage::Raw),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_tell_the_format_before_the_name() {
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0"),
            Some(Found::Image(ImageFormat::Jpeg))
        );
        assert_eq!(
            sniff(b"RIFF\x04\0\0\0WEBP"),
            Some(Found::Image(ImageFormat::WebP))
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Some(Found::Unsupported(UnsupportedImage::Heif))
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypavif\0\0\0\0"),
            Some(Found::Unsupported(UnsupportedImage::Avif))
        );
        // A video is an ISO media file too, and is not an image.
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), None);
        assert_eq!(sniff(b"body { color: red }"), None);
    }

    #[test]
    fn extensions_are_read_in_any_case() {
        assert_eq!(
            by_extension("anh/IMG_0001.JPG"),
            Some(Found::Image(ImageFormat::Jpeg))
        );
        assert_eq!(
            by_extension("anh/IMG_0002.HEIC"),
            Some(Found::Unsupported(UnsupportedImage::Heif))
        );
        assert_eq!(by_extension("style.css"), None);
        assert_eq!(by_extension("README"), None);
    }
}
