//! The photos stories show are made ready for phones: a 3000 × 2000 phone photo turned by its
//! EXIF orientation and carrying a GPS position becomes upright, metadata-free sizes of 480,
//! 800, 1200 and 1600 pixels, offered with `srcset`, `sizes`, `width` and `height`; a rebuild
//! takes them from the cache without decoding and gives the same bytes; a photo too large or
//! broken stops the build at the photo and the story.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use scraper::{ElementRef, Html, Selector};

use crate::support::{
    assert_old_output_kept, check, found, hostile_site, place_old_output, stderr, stdout, tree,
    vinhdanh,
};

/// Latitude 21° as the EXIF GPS rational `21/1` (big-endian).
const LATITUDE: &[u8] = b"\0\0\0\x15\0\0\0\x01";
/// The story of the `story-photos` fixture that shows the photos.
const STORY: &str = "content/cau-chuyen/anh-dien-thoai.md";
const STORY_PAGE: &str = "cau-chuyen/anh-dien-thoai/index.html";

fn holds(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// An EXIF block (big-endian TIFF) with the orientation `orientation` in IFD0 and a GPS IFD
/// holding latitude 21° N.
fn exif_with_gps(orientation: u8) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0 at 8: orientation (SHORT) and the GPS IFD's offset (LONG, 38).
    tiff.extend_from_slice(b"\0\x02");
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    // GPS IFD at 38: latitude reference "N" and latitude (3 RATIONAL at 68).
    tiff.extend_from_slice(b"\0\x02");
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(tiff.len(), 68);
    tiff.extend_from_slice(LATITUDE);
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    [b"Exif\0\0".as_slice(), &tiff].concat()
}

/// `jpeg` with an APP1 segment holding `payload` right after its SOI.
fn with_app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).expect("a short segment");
    [
        &jpeg[..2],
        &[0xff, 0xe1],
        &length.to_be_bytes(),
        payload,
        &jpeg[2..],
    ]
    .concat()
}

/// A photo as a phone stores it: 3000 × 2000 pixels, red on the left half and blue on the
/// right, to be shown turned a quarter clockwise (EXIF orientation 6), with a GPS position.
fn phone_photo() -> Vec<u8> {
    let image = RgbImage::from_fn(3000, 2000, |x, _| {
        if x < 1500 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(image.as_raw(), 3000, 2000, ExtendedColorType::Rgb8)
        .expect("encoded");
    with_app1(&jpeg, &exif_with_gps(6))
}

/// A 1000 × 500 PNG of grey noise (so that each narrower size weighs less).
fn screenshot() -> Vec<u8> {
    let image = RgbImage::from_fn(1000, 500, |x, y| {
        let mut seed = u64::from(x) * 1_000_003 + u64::from(y) + 1;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let v = u8::try_from(seed % 251).expect("a byte");
        image::Rgb([v, v, v])
    });
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(image.as_raw(), 1000, 500, ExtendedColorType::Rgb8)
        .expect("encoded");
    png
}

/// The `story-photos` fixture with its photos: the phone photo as the story's `image`, the
/// PNG in its body.
fn photo_site() -> tempfile::TempDir {
    let site = hostile_site("story-photos");
    let anh = site.path().join("static/anh");
    fs::create_dir_all(&anh).expect("static/anh");
    fs::write(anh.join("dien-thoai.jpg"), phone_photo()).expect("photo");
    fs::write(anh.join("lop-hoc.png"), screenshot()).expect("png");
    site
}

fn build_ok(site: &Path) -> (String, BTreeMap<String, Vec<u8>>) {
    let output = vinhdanh(site, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    (stdout(&output), tree(&site.join("public")))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a selector")
}

/// The (URL, width) pairs of a `srcset`.
fn srcset(element: ElementRef<'_>) -> Vec<(String, u32)> {
    let value = element.value().attr("srcset").expect("srcset");
    value
        .split(", ")
        .map(|candidate| {
            let (url, width) = candidate.rsplit_once(' ').expect("url and width");
            let width = width
                .strip_suffix('w')
                .expect("a width")
                .parse()
                .expect("a number");
            (url.to_string(), width)
        })
        .collect()
}

fn attr<'e>(element: ElementRef<'e>, name: &str) -> Option<&'e str> {
    element.value().attr(name)
}

/// The published file of a URL of the page.
fn file<'t>(published: &'t BTreeMap<String, Vec<u8>>, url: &str) -> &'t [u8] {
    let path = url.strip_prefix('/').expect("a root-relative URL");
    published
        .get(path)
        .unwrap_or_else(|| panic!("{url} is not published"))
}

#[test]
fn a_phone_photo_becomes_upright_metadata_free_sizes_offered_in_srcset() {
    let site = photo_site();
    let (_, published) = build_ok(site.path());
    let page =
        Html::parse_document(std::str::from_utf8(&published[STORY_PAGE]).expect("UTF-8 page"));
    let img = page
        .select(&selector("figure.bai-viet__anh picture img"))
        .next()
        .expect("the lead photo in a <picture>");
    let sizes = srcset(img);
    let widths: Vec<u32> = sizes.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, vec![480, 800, 1200, 1600]);
    for (url, width) in &sizes {
        let bytes = file(&published, url);
        assert!(bytes.starts_with(b"\xff\xd8"), "{url} is a JPEG");
        assert!(!holds(bytes, b"Exif\0\0"), "{url} carries EXIF");
        assert!(!holds(bytes, LATITUDE), "{url} carries the GPS position");
        assert!(!holds(bytes, b"\xff\xe1"), "{url} has an APP1 segment");
        let decoded = image::load_from_memory(bytes).expect("decodes").to_rgb8();
        // Turned upright: portrait, red above and blue below.
        assert_eq!(decoded.dimensions(), (*width, width * 3 / 2), "{url}");
        let top = decoded.get_pixel(width / 2, 2);
        let bottom = decoded.get_pixel(width / 2, width * 3 / 2 - 3);
        assert!(top[0] > 150 && top[2] < 80, "{url}: top {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 80,
            "{url}: bottom {bottom:?}"
        );
    }
    assert_eq!(attr(img, "width"), Some("1600"));
    assert_eq!(attr(img, "height"), Some("2400"));
    assert!(attr(img, "sizes").is_some_and(|s| s.contains("100vw")));
    assert_eq!(
        attr(img, "loading"),
        None,
        "the lead photo is above the fold"
    );
    assert_eq!(attr(img, "fetchpriority"), Some("high"));
    assert_eq!(attr(img, "decoding"), Some("async"));
    let src = attr(img, "src").expect("src");
    assert_eq!(file(&published, src), file(&published, &sizes[3].0));
    // The original's own address serves the widest size, upright and without metadata.
    assert_eq!(
        published["anh/dien-thoai.jpg"],
        file(&published, &sizes[3].0)
    );
    let source = page
        .select(&selector(
            "figure.bai-viet__anh picture source[type=\"image/webp\"]",
        ))
        .next()
        .expect("a WebP source: smaller for this photo");
    let modern = srcset(source);
    assert_eq!(modern.iter().map(|(_, w)| *w).collect::<Vec<_>>(), widths);
    for ((url, width), (jpeg, _)) in modern.iter().zip(&sizes) {
        let bytes = file(&published, url);
        assert!(
            bytes.starts_with(b"RIFF") && holds(&bytes[..16], b"WEBP"),
            "{url}"
        );
        assert!(
            bytes.len() < file(&published, jpeg).len(),
            "{url} is smaller"
        );
        let decoded = image::load_from_memory(bytes).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (*width, width * 3 / 2));
    }
}

#[test]
fn a_photo_of_the_body_is_offered_in_sizes_and_loaded_lazily() {
    let site = photo_site();
    let (_, published) = build_ok(site.path());
    let page =
        Html::parse_document(std::str::from_utf8(&published[STORY_PAGE]).expect("UTF-8 page"));
    let img = page
        .select(&selector(".van-ban picture img"))
        .next()
        .expect("the body's photo in a <picture>");
    assert_eq!(attr(img, "alt"), Some("Bảng tên lớp học"));
    assert_eq!(attr(img, "title"), Some("Lớp học"));
    assert_eq!(attr(img, "loading"), Some("lazy"));
    assert_eq!(attr(img, "decoding"), Some("async"));
    assert_eq!(attr(img, "width"), Some("1000"));
    assert_eq!(attr(img, "height"), Some("500"));
    let sizes = srcset(img);
    assert_eq!(
        sizes.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        vec![480, 800, 1000]
    );
    for (url, width) in &sizes {
        assert!(url.ends_with(&format!("lop-hoc-{width}.png")), "{url}");
        let decoded = image::load_from_memory(file(&published, url)).expect("decodes");
        assert_eq!((decoded.width(), decoded.height()), (*width, width / 2));
    }
    let outside = page
        .select(&selector(
            ".van-ban img[src=\"https://example.vn/bieu-ngu.jpg\"]",
        ))
        .next()
        .expect("an image from elsewhere stays as written");
    assert_eq!(attr(outside, "srcset"), None);
}

#[test]
fn a_rebuild_takes_the_photos_from_the_cache_and_gives_the_same_bytes() {
    let site = photo_site();
    let (said, first) = build_ok(site.path());
    assert!(said.contains("2 ảnh xử lý mới, 0 ảnh lấy lại"), "{said}");
    let cache = site.path().join(".public.photo-cache");
    assert!(cache.is_dir(), "the cache lies beside the output");
    assert!(!first.keys().any(|path| path.contains("photo-cache")));
    let (said, second) = build_ok(site.path());
    assert!(said.contains("0 ảnh xử lý mới, 2 ảnh lấy lại"), "{said}");
    assert_eq!(first, second);
    // Made again from nothing, the photos have the same bytes.
    fs::remove_dir_all(&cache).expect("cache removed");
    let (said, third) = build_ok(site.path());
    assert!(said.contains("2 ảnh xử lý mới"), "{said}");
    assert_eq!(first, third);
    // A changed photo is made again; the other is still taken from the cache.
    let smaller = RgbImage::from_fn(600, 300, |x, _| image::Rgb([0, u8::from(x > 300) * 200, 0]));
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(smaller.as_raw(), 600, 300, ExtendedColorType::Rgb8)
        .expect("encoded");
    fs::write(site.path().join("static/anh/lop-hoc.png"), png).expect("changed");
    let (said, _) = build_ok(site.path());
    assert!(said.contains("1 ảnh xử lý mới, 1 ảnh lấy lại"), "{said}");
    let entries = fs::read_dir(&cache).expect("cache").count();
    assert_eq!(entries, 2, "the old photo's entry is pruned");
}

/// A JPEG whose frame header says it is 40,000 × 30,000 pixels (1.2 billion).
fn too_large_photo() -> Vec<u8> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 80)
        .write_image(&[128; 16 * 16 * 3], 16, 16, ExtendedColorType::Rgb8)
        .expect("encoded");
    let frame = jpeg
        .windows(2)
        .position(|w| w == [0xff, 0xc0])
        .expect("a baseline frame");
    jpeg[frame + 5..frame + 7].copy_from_slice(&30_000u16.to_be_bytes());
    jpeg[frame + 7..frame + 9].copy_from_slice(&40_000u16.to_be_bytes());
    jpeg
}

#[test]
fn a_photo_too_large_stops_the_build_at_the_photo_and_the_story() {
    let site = photo_site();
    fs::write(
        site.path().join("static/anh/dien-thoai.jpg"),
        too_large_photo(),
    )
    .expect("photo");
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("[E051]"), "{text}");
    assert!(text.contains("static/anh/dien-thoai.jpg"), "{text}");
    assert!(text.contains(STORY), "{text}");
    assert!(text.contains("40000 × 30000"), "{text}");
    assert_old_output_kept(&out);
    let english = stderr(&vinhdanh(site.path(), &["--lang", "en", "build"]));
    assert!(
        english.contains("[E051]") && english.contains("photo of the story"),
        "{english}"
    );
}

#[test]
fn a_cut_photo_is_refused_at_the_file_and_nothing_is_published() {
    let site = photo_site();
    let whole = phone_photo();
    let cut = &whole[..whole.len() / 2];
    fs::write(site.path().join("static/anh/dien-thoai.jpg"), cut).expect("photo");
    let places: Vec<(String, String)> = found(&check(site.path()))
        .into_iter()
        .map(|f| (f.code, f.file))
        .collect();
    assert_eq!(
        places,
        vec![("E045".to_string(), "static/anh/dien-thoai.jpg".to_string())]
    );
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("static/anh/dien-thoai.jpg"));
    assert_old_output_kept(&out);
}

/// `png` with the data of its first IDAT chunk replaced by bytes that are not a zlib stream,
/// its CRC set again: the file walks as a PNG, its pixels do not decode.
fn with_broken_pixels(mut png: Vec<u8>) -> Vec<u8> {
    let at = png
        .windows(4)
        .position(|w| w == b"IDAT")
        .expect("an IDAT chunk")
        - 4;
    let length = usize::try_from(u32::from_be_bytes(
        png[at..at + 4].try_into().expect("4 bytes"),
    ))
    .expect("a length");
    let data = at + 8..at + 8 + length;
    png[data.clone()].fill(0xa5);
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&png[at + 4..data.end]);
    png[data.end..data.end + 4].copy_from_slice(&hasher.finalize().to_be_bytes());
    png
}

#[test]
fn a_photo_whose_pixels_do_not_decode_stops_the_build_at_the_photo_and_the_story() {
    let site = photo_site();
    let broken = with_broken_pixels(screenshot());
    fs::write(site.path().join("static/anh/lop-hoc.png"), broken).expect("photo");
    assert_eq!(found(&check(site.path())), vec![], "its structure is whole");
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("[E052]"), "{text}");
    assert!(text.contains("static/anh/lop-hoc.png"), "{text}");
    assert!(text.contains(STORY), "{text}");
    assert_old_output_kept(&out);
}
