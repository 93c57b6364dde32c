//! Makes one photo's sizes: decode within limits, turn upright, scale down, encode in the
//! original's format and in WebP, keep WebP where it is smaller. Each photo is looked up in
//! the cache first, by a hash of its bytes and of the settings below.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};
use rayon::prelude::*;

use super::cache::{self, Cached, Kind, Stored};
use crate::images;

use super::{Photo, PhotoError, PhotoProblem, PhotoUse, Photos};

/// The widths a photo is offered at, never wider than the original.
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// The most pixels a photo may have: a 48-megapixel phone photo passes, a picture whose
/// header announces more is refused before anything is decoded.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory the decoder of one photo may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;
/// Everything that changes the bytes made from an original: part of the cache's key.
const SETTINGS: &str =
    "sizes v1; widths 480 800 1200 1600; catmull-rom; jpeg 82; webp 80; png best adaptive";

/// The formats a photo is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    WebP,
}

/// Makes every photo of `uses` ready, the files found in `static_dirs` (later folders win)
/// of the site at `root`, with the cache folder `cache`. Photos are worked on in parallel.
pub fn prepare(
    uses: &[PhotoUse],
    root: &Path,
    static_dirs: &[PathBuf],
    cache: &Path,
) -> Result<Photos, PhotoError> {
    let found: Vec<(&PhotoUse, PathBuf)> = uses
        .iter()
        .filter_map(|use_| Some((use_, source_of(&use_.path, static_dirs)?)))
        .filter(|(_, source)| processed_format(source).is_some())
        .collect();
    let made: Vec<(Photo, bool, String)> = found
        .par_iter()
        .map(|(use_, source)| ready(use_, root, source, cache))
        .collect::<Result<_, _>>()?;
    let mut photos = Photos::default();
    for (photo, decoded, key) in made {
        photos.keys.push(key);
        if decoded {
            photos.made += 1;
        } else {
            photos.reused += 1;
        }
        photos.by_path.insert(photo.path.clone(), photo);
    }
    Ok(photos)
}

/// The file a static path names: the last of `static_dirs` that holds it.
fn source_of(path: &str, static_dirs: &[PathBuf]) -> Option<PathBuf> {
    static_dirs
        .iter()
        .rev()
        .map(|dir| dir.join(path))
        .find(|file| file.is_file())
}

/// The format of a photo to make sizes of, by its extension (its bytes are checked when it
/// is decoded); GIF and everything else are published as they are.
fn processed_format(source: &Path) -> Option<Format> {
    let extension = source.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" => Some(Format::Jpeg),
        "png" => Some(Format::Png),
        "webp" => Some(Format::WebP),
        _ => None,
    }
}

/// One photo's sizes, from the cache or made now (then `true`), and its cache key.
fn ready(
    use_: &PhotoUse,
    root: &Path,
    source: &Path,
    cache_dir: &Path,
) -> Result<(Photo, bool, String), PhotoError> {
    let located = |problem| PhotoError {
        photo: source.strip_prefix(root).unwrap_or(source).to_path_buf(),
        story: use_.story.clone(),
        problem,
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error: std::io::Error| PhotoProblem::Io {
            path,
            detail: error.to_string(),
        }
    };
    let bytes = fs::read(source).map_err(io(source)).map_err(located)?;
    let format = processed_format(source).unwrap_or(Format::Jpeg);
    let key = cache::key(SETTINGS, &bytes);
    if let Some(cached) = cache::load(cache_dir, &key) {
        return Ok((photo_of(&use_.path, cached), false, key));
    }
    let (image, upright) = decode(&bytes).map_err(located)?;
    // An original already upright, and no wider than the widest size, is offered as it is
    // (its metadata taken out) when that is smaller than encoding it again.
    let original = upright
        .then(|| images::clean(&use_.path, bytes).ok())
        .flatten();
    let encoded = encode_sizes(&image, format, original).map_err(located)?;
    let cached = cache::store(cache_dir, &key, encoded)
        .map_err(io(cache_dir))
        .map_err(located)?;
    Ok((photo_of(&use_.path, cached), true, key))
}

/// The pixels of `bytes`, upright, after the header was found within [`MAX_PIXELS`]; the
/// decoder may not take more than [`MAX_DECODE_BYTES`]. `true` when the pixels were stored
/// upright (no orientation to apply).
fn decode(bytes: &[u8]) -> Result<(DynamicImage, bool), PhotoProblem> {
    let undecodable = |error: image::ImageError| PhotoProblem::Undecodable {
        detail: error.to_string(),
    };
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| PhotoProblem::Undecodable {
            detail: error.to_string(),
        })?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoProblem::TooLarge { width, height });
    }
    let orientation = decoder.orientation().map_err(undecodable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    image.apply_orientation(orientation);
    Ok((image, orientation == Orientation::NoTransforms))
}

/// The widths to make of an original `width` pixels wide: those of [`WIDTHS`] narrower than
/// it, and the original's width as the widest when it is under the widest of [`WIDTHS`].
fn widths_for(width: u32) -> Vec<u32> {
    let widest = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < widest).collect();
    widths.push(widest);
    widths
}

/// The height that keeps the proportions of `width` × `height` at `to` pixels wide.
fn height_at(width: u32, height: u32, to: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

/// Every size of `image`, widest first scaled from the original and each narrower one from
/// the size above it, encoded in `format` and in WebP (dropped unless smaller at every width).
/// A size as large as `image` is `original` (the upright original without its metadata) when
/// that is smaller than encoding it again.
fn encode_sizes(
    image: &DynamicImage,
    format: Format,
    original: Option<Vec<u8>>,
) -> Result<Vec<Cached>, PhotoProblem> {
    let full_size = (image.width(), image.height());
    let image = if image.color().has_alpha() && format != Format::Jpeg {
        DynamicImage::ImageRgba8(image.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let mut scaled = Vec::new();
    let mut above = image;
    for width in widths_for(above.width()).into_iter().rev() {
        let height = height_at(above.width(), above.height(), width);
        if (width, height) != (above.width(), above.height()) {
            above = above.resize_exact(width, height, FilterType::CatmullRom);
        }
        scaled.push(above.clone());
    }
    scaled.reverse();
    let encoded: Vec<(Cached, Option<Cached>)> = scaled
        .par_iter()
        .map(|size| -> Result<_, PhotoProblem> {
            let mut own = encode(size, format)?;
            if let Some(original) = original.as_ref().filter(|o| o.len() < own.len())
                && (size.width(), size.height()) == full_size
            {
                own.clone_from(original);
            }
            let own = Cached::new(Kind::Size, size, own);
            let modern = match format {
                Format::WebP => None,
                _ => Some(Cached::new(Kind::Modern, size, encode(size, Format::WebP)?)),
            };
            Ok((own, modern))
        })
        .collect::<Result<_, _>>()?;
    let modern_smaller = encoded.iter().all(|(own, modern)| {
        modern
            .as_ref()
            .is_some_and(|m| m.bytes.len() < own.bytes.len())
    });
    let (own, modern): (Vec<Cached>, Vec<Option<Cached>>) = encoded.into_iter().unzip();
    let modern = modern.into_iter().flatten().filter(|_| modern_smaller);
    let mut out = lighter_than_wider(own);
    out.extend(lighter_than_wider(modern.collect()));
    Ok(out)
}

/// `sizes` (narrowest first) without those that weigh as much as a wider one kept: a
/// browser would download more bytes for fewer pixels. The widest is always kept.
fn lighter_than_wider(sizes: Vec<Cached>) -> Vec<Cached> {
    let mut kept: Vec<Cached> = Vec::with_capacity(sizes.len());
    for size in sizes.into_iter().rev() {
        if kept
            .last()
            .is_none_or(|wider| size.bytes.len() < wider.bytes.len())
        {
            kept.push(size);
        }
    }
    kept.reverse();
    kept
}

/// `image` (RGB or RGBA) encoded in `format`.
fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, PhotoProblem> {
    let failed = |detail: String| PhotoProblem::Undecodable { detail };
    let (width, height) = (image.width(), image.height());
    let colour = image.color().into();
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(rgb.as_raw(), width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
                .write_image(image.as_bytes(), width, height, colour)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::WebP => {
            let encoder = match image {
                DynamicImage::ImageRgba8(rgba) => {
                    webp::Encoder::from_rgba(rgba.as_raw(), width, height)
                }
                _ => webp::Encoder::from_rgb(image.as_bytes(), width, height),
            };
            let memory = encoder
                .encode_simple(false, WEBP_QUALITY)
                .map_err(|e| failed(format!("WebP: {e:?}")))?;
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}

/// The photo at `path` whose sizes are `cached`: each named after the original
/// (`anh/a.jpg` gives `anh/a-480.jpg` and `anh/a-480.webp`).
fn photo_of(path: &str, cached: Vec<Stored>) -> Photo {
    let (stem, extension) = path.rsplit_once('.').unwrap_or((path, "jpg"));
    let mut photo = Photo {
        path: path.to_string(),
        sizes: Vec::new(),
        modern: Vec::new(),
        files: Vec::new(),
    };
    for (mut variant, kind, file) in cached {
        let extension = match kind {
            Kind::Size => extension,
            Kind::Modern => "webp",
        };
        variant.path = format!("{stem}-{}.{extension}", variant.width);
        photo.files.push((variant.path.clone(), file));
        match kind {
            Kind::Size => photo.sizes.push(variant),
            Kind::Modern => photo.modern.push(variant),
        }
    }
    photo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(widths_for(3000), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(1600), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(1000), vec![480, 800, 1000]);
        assert_eq!(widths_for(300), vec![300]);
    }

    #[test]
    fn a_size_heavier_than_a_wider_one_is_dropped() {
        let image = |width| DynamicImage::new_rgb8(width, 1);
        let size = |width, weight| Cached::new(Kind::Size, &image(width), vec![0; weight]);
        let kept = lighter_than_wider(vec![size(480, 10), size(800, 30), size(1200, 25)]);
        let widths: Vec<u32> = kept.iter().map(Cached::width).collect();
        assert_eq!(widths, vec![480, 1200]);
    }

    #[test]
    fn heights_keep_the_proportions() {
        assert_eq!(height_at(3000, 2000, 480), 320);
        assert_eq!(height_at(2000, 3000, 1600), 2400);
        assert_eq!(height_at(1200, 630, 800), 420);
        assert_eq!(height_at(5000, 1, 480), 1);
    }
}
