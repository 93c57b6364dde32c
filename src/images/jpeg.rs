//! JPEG: walks the segments from SOI to EOI and keeps what decoding needs (the frame, tables,
//! scans and their entropy-coded data byte for byte, JFIF without its thumbnail, the ICC
//! colour profile, Adobe's colour transform); drops EXIF (but its orientation), XMP,
//! Photoshop/IPTC, the other application segments and comments, and whatever follows EOI
//! (phones append further pictures and maker data there).

use memchr::memchr;

use super::orientation::{EXIF_PREFIX, Orientation};
use super::{Damage, be16};

const SOI: u8 = 0xd8;
const EOI: u8 = 0xd9;
const SOS: u8 = 0xda;
const APP0: u8 = 0xe0;
const APP1: u8 = 0xe1;
const APP2: u8 = 0xe2;
const APP14: u8 = 0xee;
const APP15: u8 = 0xef;
const COM: u8 = 0xfe;

/// A marker found in the file: where its bytes start (fill bytes included), the marker
/// code, and where the bytes after the code start.
#[derive(Debug, Clone, Copy)]
struct Marker {
    start: usize,
    code: u8,
    after: usize,
}

/// The JPEG `bytes` without their metadata.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    if !bytes.starts_with(&[0xff, SOI]) {
        return Err(Damage::NotThisFormat);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    let mut framed = false;
    let mut scanned = false;
    let mut exif_seen = false;
    loop {
        let marker = next_marker(bytes, at)?;
        match marker.code {
            EOI if scanned => {
                out.extend_from_slice(&bytes[marker.start..marker.after]);
                return Ok(out);
            }
            EOI | SOI => return Err(Damage::Malformed),
            0x01 | 0xd0..=0xd7 => {
                out.extend_from_slice(&bytes[marker.start..marker.after]);
                at = marker.after;
                continue;
            }
            _ => {}
        }
        let end = segment_end(bytes, marker)?;
        let data = &bytes[marker.after + 2..end];
        let whole = &bytes[marker.start..end];
        match marker.code {
            SOS if !framed => return Err(Damage::Malformed),
            SOS => {
                let next = scan_end(bytes, end)?;
                out.extend_from_slice(&bytes[marker.start..next]);
                scanned = true;
                at = next;
                continue;
            }
            APP0 if data.starts_with(b"JFIF\0") => keep_jfif(&mut out, whole, data),
            APP1 if data.starts_with(EXIF_PREFIX) && !exif_seen => {
                exif_seen = true;
                if let Some(orientation) = Orientation::of_exif(data) {
                    push_segment(&mut out, APP1, &[EXIF_PREFIX, &orientation.tiff()].concat());
                }
            }
            APP2 if data.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(whole),
            APP14 if data.starts_with(b"Adobe") => out.extend_from_slice(whole),
            APP0..=APP15 | COM => {}
            code => {
                framed |= is_frame(code);
                out.extend_from_slice(whole);
            }
        }
        at = end;
    }
}

/// Start of frame markers: C0 to CF but DHT (C4), JPG (C8) and DAC (CC).
fn is_frame(code: u8) -> bool {
    (0xc0..=0xcf).contains(&code) && !matches!(code, 0xc4 | 0xc8 | 0xcc)
}

/// The next marker from `at`: bytes before its `FF` that are no marker (left by some
/// writers) are skipped, as decoders skip them, and so dropped.
fn next_marker(bytes: &[u8], mut at: usize) -> Result<Marker, Damage> {
    loop {
        let rest = bytes.get(at..).ok_or(Damage::Truncated)?;
        let start = at + memchr(0xff, rest).ok_or(Damage::Truncated)?;
        let mut code_at = start + 1;
        while bytes.get(code_at) == Some(&0xff) {
            code_at += 1;
        }
        match bytes.get(code_at) {
            None => return Err(Damage::Truncated),
            Some(0x00) => at = code_at + 1,
            Some(&code) => {
                return Ok(Marker {
                    start,
                    code,
                    after: code_at + 1,
                });
            }
        }
    }
}

/// Where the segment of `marker` ends, by the length that follows the marker.
fn segment_end(bytes: &[u8], marker: Marker) -> Result<usize, Damage> {
    let length = usize::from(be16(bytes, marker.after).ok_or(Damage::Truncated)?);
    if length < 2 {
        return Err(Damage::Malformed);
    }
    let end = marker.after + length;
    if end > bytes.len() {
        return Err(Damage::Truncated);
    }
    Ok(end)
}

/// Where the entropy-coded data of a scan starting at `at` ends: at the first marker that
/// is not a stuffed zero, a restart marker or a fill byte.
fn scan_end(bytes: &[u8], mut at: usize) -> Result<usize, Damage> {
    loop {
        let rest = bytes.get(at..).ok_or(Damage::Truncated)?;
        let ff = at + memchr(0xff, rest).ok_or(Damage::Truncated)?;
        match bytes.get(ff + 1) {
            None => return Err(Damage::Truncated),
            Some(0x00 | 0xd0..=0xd7) => at = ff + 2,
            Some(0xff) => at = ff + 1,
            Some(_) => return Ok(ff),
        }
    }
}

/// JFIF: kept, but for its thumbnail (a small copy of the picture, possibly from before it
/// was cropped): the segment is written again with no thumbnail when it has one.
fn keep_jfif(out: &mut Vec<u8>, whole: &[u8], data: &[u8]) {
    const WITHOUT_THUMBNAIL: usize = 14;
    let has_thumbnail =
        data.len() > WITHOUT_THUMBNAIL || data.get(12..14).is_some_and(|size| size != [0, 0]);
    if data.len() < WITHOUT_THUMBNAIL || !has_thumbnail {
        out.extend_from_slice(whole);
        return;
    }
    let mut jfif = data[..12].to_vec();
    jfif.extend_from_slice(&[0, 0]);
    push_segment(out, APP0, &jfif);
}

/// Writes a segment: marker, length, data (shorter than 64 KiB).
fn push_segment(out: &mut Vec<u8>, code: u8, data: &[u8]) {
    let length = u16::try_from(data.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&[0xff, code]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(data);
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::images::orientation::tests::phone_exif;

    /// The segments of a tiny grey 8×8 baseline JPEG after its header ones: quantisation
    /// table, frame, Huffman tables, scan and entropy-coded data (one block, DC 0, EOB), EOI.
    pub fn picture() -> Vec<u8> {
        let mut bytes = Vec::new();
        // DQT: table 0, all ones.
        bytes.extend_from_slice(&[0xff, 0xdb, 0x00, 0x43, 0x00]);
        bytes.extend_from_slice(&[1; 64]);
        // SOF0: 8 bits, 8×8, one component, id 1, sampling 1×1, table 0.
        bytes.extend_from_slice(&[
            0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
        ]);
        // DHT DC 0: one code of length 1 for category 0.
        bytes.extend_from_slice(&[0xff, 0xc4, 0x00, 0x14, 0x00, 0x01]);
        bytes.extend_from_slice(&[0; 15]);
        bytes.push(0x00);
        // DHT AC 0: one code of length 1 for EOB.
        bytes.extend_from_slice(&[0xff, 0xc4, 0x00, 0x14, 0x10, 0x01]);
        bytes.extend_from_slice(&[0; 15]);
        bytes.push(0x00);
        // SOS: one component, tables 0/0, spectral 0..63.
        bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
        // Entropy-coded data: DC "0", EOB "0", padded with ones; then a stuffed 0xFF.
        bytes.extend_from_slice(&[0x3f, 0xff, 0x00]);
        bytes.extend_from_slice(&[0xff, EOI]);
        bytes
    }

    pub const JFIF: &[u8] = &[
        0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ];

    /// A segment with its marker and length.
    pub fn segment(code: u8, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        push_segment(&mut out, code, data);
        out
    }

    /// A phone photo: JFIF, EXIF with GPS and orientation `orientation`, XMP, ICC, Photoshop,
    /// a comment, the picture, and a second picture after EOI.
    pub fn phone_photo(orientation: u16) -> Vec<u8> {
        [
            &[0xff, SOI][..],
            JFIF,
            &segment(APP1, &[EXIF_PREFIX, &phone_exif(orientation)].concat()),
            &segment(APP1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"),
            &segment(APP2, b"ICC_PROFILE\0\x01\x01profile"),
            &segment(0xed, b"Photoshop 3.0\08BIM"),
            &segment(COM, b"Nha ong An, thon Dong"),
            &picture(),
            b"\xff\xd8\xff\xe1 trailing picture",
        ]
        .concat()
    }

    fn plain(bytes: &[u8]) -> Vec<u8> {
        [&[0xff, SOI][..], JFIF, bytes].concat()
    }

    #[test]
    fn a_phone_photo_keeps_its_picture_and_orientation_only() {
        let cleaned = clean(&phone_photo(6)).expect("clean");
        let expected = [
            &[0xff, SOI][..],
            JFIF,
            &segment(
                APP1,
                &[
                    EXIF_PREFIX,
                    &Orientation::of_exif(&phone_exif(6)).expect("6").tiff(),
                ]
                .concat(),
            ),
            &segment(APP2, b"ICC_PROFILE\0\x01\x01profile"),
            &picture(),
        ]
        .concat();
        assert_eq!(cleaned, expected);
    }

    #[test]
    fn an_upright_photo_loses_its_whole_exif() {
        let cleaned = clean(&phone_photo(1)).expect("clean");
        let expected = [
            &[0xff, SOI][..],
            JFIF,
            &segment(APP2, b"ICC_PROFILE\0\x01\x01profile"),
            &picture(),
        ]
        .concat();
        assert_eq!(cleaned, expected);
    }

    #[test]
    fn a_jpeg_without_metadata_comes_out_byte_for_byte() {
        let plain = plain(&picture());
        assert_eq!(clean(&plain), Ok(plain.clone()));
        let adobe = [
            &[0xff, SOI][..],
            &segment(APP14, b"Adobe\0d\0\0\0\0\x01"),
            &picture(),
        ]
        .concat();
        assert_eq!(clean(&adobe), Ok(adobe.clone()));
    }

    #[test]
    fn a_jfif_thumbnail_is_dropped() {
        let mut jfif = JFIF[4..16].to_vec();
        jfif.extend_from_slice(&[1, 1, 9, 9, 9]);
        let with_thumbnail = [&[0xff, SOI][..], &segment(APP0, &jfif), &picture()].concat();
        assert_eq!(clean(&with_thumbnail), Ok(plain(&picture())));
    }

    #[test]
    fn a_cut_or_broken_jpeg_is_refused() {
        let whole = plain(&picture());
        for cut in [3, 10, 30, whole.len() - 6, whole.len() - 2, whole.len() - 1] {
            assert_eq!(clean(&whole[..cut]), Err(Damage::Truncated), "cut at {cut}");
        }
        let no_frame = [&[0xff, SOI][..], &picture()[82..]].concat();
        assert_eq!(clean(&no_frame), Err(Damage::Malformed));
        let zero_length = [&[0xff, SOI][..], &[0xff, 0xe1, 0x00, 0x00][..], &picture()].concat();
        assert_eq!(clean(&zero_length), Err(Damage::Malformed));
        assert_eq!(clean(b"GIF89a"), Err(Damage::NotThisFormat));
    }
}
