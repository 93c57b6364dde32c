//! Photos put in `static/` are published without their metadata (GPS position, camera, author,
//! comments), with their pixels' bytes as they were; a photo that cannot be cleaned is refused
//! at the file, and nothing is published.

use std::collections::BTreeMap;
use std::fs;

use vinhdanh::commands::build::{BuildOptions, build};

use crate::support::{
    assert_old_output_kept, check, found, hostile_site, place_old_output, stderr, tree, vinhdanh,
};

/// The photos of the `photo-metadata` fixture as they were put in, and as they were published.
struct Published {
    before: BTreeMap<String, Vec<u8>>,
    after: BTreeMap<String, Vec<u8>>,
}

impl Published {
    fn build() -> Published {
        let site = hostile_site("photo-metadata");
        let before = tree(&site.path().join("static"));
        let output = vinhdanh(site.path(), &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let after = tree(&site.path().join("public"));
        Published { before, after }
    }

    fn pair(&self, name: &str) -> (&[u8], &[u8]) {
        (&self.before[name], &self.after[name])
    }
}

/// Latitude 21° and longitude 105° as the EXIF GPS rationals (big-endian `21/1`, `105/1`).
const LATITUDE: &[u8] = b"\0\0\0\x15\0\0\0\x01";
const LONGITUDE: &[u8] = b"\0\0\0\x69\0\0\0\x01";
const XMP_NAMESPACE: &str = "http://ns.adobe.com/xap/1.0/";

/// What a photo of the fixture carried and must not carry out.
const IDENTIFYING: &[&[u8]] = &[
    LATITUDE,
    LONGITUDE,
    XMP_NAMESPACE.as_bytes(),
    b"adobe:ns:meta",
    b"NguyenVanAn",
    b"Apple",
    b"iPhone13",
    b"Photoshop 3.0",
    b"BacNinh",
    b"nha ong An",
];

fn holds(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// What of `IDENTIFYING` `bytes` hold.
fn identifying(bytes: &[u8]) -> Vec<String> {
    IDENTIFYING
        .iter()
        .filter(|needle| holds(bytes, needle))
        .map(|needle| String::from_utf8_lossy(needle).into_owned())
        .collect()
}

/// The segments of a JPEG before its first scan (marker, data), and the rest from the scan's
/// marker to the end. Panics unless the file is SOI, well-formed segments, a frame, a scan,
/// and ends with EOI.
fn jpeg_parts(bytes: &[u8]) -> (Vec<(u8, Vec<u8>)>, &[u8]) {
    assert_eq!(&bytes[..2], b"\xff\xd8", "SOI");
    assert_eq!(&bytes[bytes.len() - 2..], b"\xff\xd9", "ends with EOI");
    let mut segments = Vec::new();
    let mut at = 2;
    loop {
        assert_eq!(bytes[at], 0xff, "a marker at {at}");
        let marker = bytes[at + 1];
        if marker == 0xda {
            assert!(
                segments.iter().any(|(m, _)| (0xc0..=0xc2).contains(m)),
                "a frame before the scan"
            );
            return (segments, &bytes[at..]);
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        segments.push((marker, bytes[at + 4..at + 2 + length].to_vec()));
        at += 2 + length;
    }
}

/// The orientation-only EXIF block: big-endian TIFF, one entry (0x0112, SHORT, 1, `value`).
fn orientation_exif(value: u8) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0".to_vec();
    exif.extend_from_slice(&[value, 0, 0, 0, 0, 0, 0]);
    exif
}

#[test]
fn a_phone_photo_loses_its_metadata_and_keeps_its_pixels_and_orientation() {
    let published = Published::build();
    let (before, after) = published.pair("anh/dien-thoai.jpg");
    assert_eq!(identifying(before).len(), IDENTIFYING.len(), "the fixture");
    assert_eq!(identifying(after), Vec::<String>::new());
    let (segments, scan) = jpeg_parts(after);
    let (_, original_scan) = jpeg_parts(before);
    assert_eq!(scan, original_scan, "the entropy-coded data is untouched");
    let markers: Vec<u8> = segments.iter().map(|(m, _)| *m).collect();
    assert!(
        !markers.contains(&0xed) && !markers.contains(&0xfe),
        "{markers:x?}"
    );
    let app1: Vec<&Vec<u8>> = segments
        .iter()
        .filter(|(m, _)| *m == 0xe1)
        .map(|(_, d)| d)
        .collect();
    assert_eq!(app1, vec![&orientation_exif(6)]);
    let tables = |s: &[(u8, Vec<u8>)]| -> Vec<(u8, Vec<u8>)> {
        s.iter()
            .filter(|(m, _)| matches!(m, 0xc0..=0xc2 | 0xc4 | 0xdb | 0xdd))
            .cloned()
            .collect()
    };
    assert_eq!(tables(&segments), tables(&jpeg_parts(before).0));
}

#[test]
fn an_upright_photo_keeps_no_exif_at_all() {
    let published = Published::build();
    let (before, after) = published.pair("anh/thang-dung.jpg");
    assert!(holds(before, b"Exif\0\0") && holds(before, LATITUDE));
    assert!(!holds(after, b"Exif\0\0"));
    assert_eq!(identifying(after), Vec::<String>::new());
    assert_eq!(jpeg_parts(after).1, jpeg_parts(before).1);
}

/// The chunks of a PNG (type, data), each CRC checked; panics unless it ends with IEND.
fn png_chunks(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4")) as usize;
        let kind: [u8; 4] = bytes[at + 4..at + 8].try_into().expect("4");
        let data = &bytes[at + 8..at + 8 + length];
        let crc = u32::from_be_bytes(
            bytes[at + 8 + length..at + 12 + length]
                .try_into()
                .expect("4"),
        );
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&kind);
        hasher.update(data);
        assert_eq!(
            hasher.finalize(),
            crc,
            "CRC of {}",
            String::from_utf8_lossy(&kind)
        );
        chunks.push((kind, data.to_vec()));
        at += 12 + length;
    }
    assert_eq!(&chunks.last().expect("chunks").0, b"IEND");
    chunks
}

#[test]
fn a_png_loses_its_text_time_and_exif_chunks() {
    let published = Published::build();
    let (before, after) = published.pair("anh/chup-man-hinh.png");
    let kinds = |bytes| -> Vec<String> {
        png_chunks(bytes)
            .iter()
            .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
            .collect()
    };
    for dropped in ["tEXt", "iTXt", "tIME", "eXIf"] {
        assert!(
            kinds(before).contains(&dropped.to_string()),
            "{dropped} in the fixture"
        );
    }
    assert_eq!(
        kinds(after),
        ["IHDR", "gAMA", "cHRM", "bKGD", "IDAT", "IEND"]
    );
    assert_eq!(identifying(after), Vec::<String>::new());
    let data = |bytes| -> Vec<Vec<u8>> {
        png_chunks(bytes)
            .into_iter()
            .filter(|(k, _)| k == b"IDAT")
            .map(|(_, d)| d)
            .collect()
    };
    assert_eq!(data(after), data(before));
}

/// The chunks of a WebP (FourCC, data); panics unless the RIFF size is the file's and the
/// chunks fill it exactly.
fn webp_chunks(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WEBP");
    let size = u32::from_le_bytes(bytes[4..8].try_into().expect("4")) as usize;
    assert_eq!(size + 8, bytes.len(), "the RIFF size");
    let mut chunks = Vec::new();
    let mut at = 12;
    while at < bytes.len() {
        let kind: [u8; 4] = bytes[at..at + 4].try_into().expect("4");
        let length = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4")) as usize;
        chunks.push((kind, bytes[at + 8..at + 8 + length].to_vec()));
        at += 8 + length + (length & 1);
    }
    assert_eq!(at, bytes.len(), "the chunks fill the file");
    chunks
}

#[test]
fn a_webp_loses_exif_and_xmp_and_stays_a_valid_riff() {
    let published = Published::build();
    let (before, after) = published.pair("anh/anh.webp");
    let kinds = |bytes| -> Vec<String> {
        webp_chunks(bytes)
            .iter()
            .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
            .collect()
    };
    assert_eq!(kinds(before), ["VP8X", "VP8 ", "EXIF", "XMP "]);
    assert_eq!(kinds(after), ["VP8X", "VP8 "]);
    let chunks = webp_chunks(after);
    assert_eq!(chunks[0].1[0] & 0x0c, 0, "EXIF and XMP flags cleared");
    assert_eq!(
        chunks[1],
        webp_chunks(before)[1],
        "the picture is untouched"
    );
    assert_eq!(identifying(after), Vec::<String>::new());
}

#[test]
fn a_gif_loses_its_comment_and_xmp() {
    let published = Published::build();
    let (before, after) = published.pair("anh/hoat-hinh.gif");
    assert!(holds(before, b"XMP DataXMP") && holds(before, b"nha ong An"));
    assert!(!holds(after, b"XMP DataXMP"));
    assert_eq!(identifying(after), Vec::<String>::new());
    assert!(after.starts_with(b"GIF89a") && after.ends_with(b";"));
}

#[test]
fn an_image_without_metadata_and_other_files_are_published_byte_for_byte() {
    let published = Published::build();
    let (before, after) = published.pair("anh/khong-thong-tin.jpg");
    assert_eq!(before, after);
    let theme = fs::read(crate::support::repo_root().join("themes/default/static/favicon.svg"))
        .expect("favicon");
    assert_eq!(published.after["favicon.svg"], theme);
}

/// A rebuild compares the cleaned bytes with those published: every file is kept.
#[test]
fn a_rebuild_keeps_the_cleaned_photos_it_published() {
    let site = hostile_site("photo-metadata");
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        out_dir: site.path().join("public"),
        base_url: None,
        foreign: Default::default(),
    };
    let first = build(&options).expect("first build");
    assert_eq!(first.written.kept, 0);
    let second = build(&options).expect("second build");
    assert_eq!(second.written.kept, second.written.files);
}

#[test]
fn a_photo_that_cannot_be_cleaned_is_refused_at_the_file_and_nothing_is_published() {
    let site = hostile_site("photo-refused");
    let places: Vec<(String, String, usize, usize)> = found(&check(site.path()))
        .into_iter()
        .map(|f| (f.code, f.file, f.line, f.column))
        .collect();
    let at = |code: &str, file: &str| (code.to_string(), file.to_string(), 1, 1);
    assert_eq!(
        places,
        vec![
            at("E046", "static/anh/IMG_0412.HEIC"),
            at("E045", "static/anh/chep-do.jpg"),
            at("E045", "static/anh/khong-phai-anh.png"),
        ]
    );
    let checked = vinhdanh(site.path(), &["check"]);
    assert_eq!(checked.status.code(), Some(1));
    insta::assert_snapshot!("photo-refused", stderr(&checked));
    let english = vinhdanh(site.path(), &["--lang", "en", "check"]);
    insta::assert_snapshot!("photo-refused-en", stderr(&english));
    let out = place_old_output(site.path());
    let output = vinhdanh(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("static/anh/chep-do.jpg") && text.contains("E045"),
        "{text}"
    );
    assert_old_output_kept(&out);
}
