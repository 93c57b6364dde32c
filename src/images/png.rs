//! PNG: walks the chunks from IHDR to IEND and keeps the critical ones and those that change
//! how the picture is shown (transparency, gamma, colour space and profile, pixel size,
//! animation); drops text (tEXt, zTXt, iTXt), time (tIME), EXIF (eXIf, but its orientation)
//! and every other ancillary chunk, and whatever follows IEND. Chunks kept are copied with
//! their own CRC; only a new orientation chunk gets one computed.

use super::orientation::Orientation;
use super::{Damage, be32};

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Ancillary chunks kept: they change how the picture looks, and hold nothing about who took it.
const KEPT_ANCILLARY: &[&[u8; 4]] = &[
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi",
    b"sBIT", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

/// One chunk: its type, its data, and all its bytes (length, type, data, CRC).
struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    whole: &'a [u8],
}

/// The PNG `bytes` without their metadata.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    if !bytes.starts_with(SIGNATURE) {
        return Err(Damage::NotThisFormat);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut at = SIGNATURE.len();
    let mut exif_seen = false;
    let mut has_data = false;
    let mut first = true;
    loop {
        let chunk = chunk_at(bytes, at)?;
        at += chunk.whole.len();
        if first != (&chunk.kind == b"IHDR") {
            return Err(Damage::Malformed);
        }
        first = false;
        match &chunk.kind {
            b"IEND" if has_data => {
                out.extend_from_slice(chunk.whole);
                return Ok(out);
            }
            b"IEND" => return Err(Damage::Malformed),
            b"IDAT" => {
                has_data = true;
                out.extend_from_slice(chunk.whole);
            }
            b"eXIf" if !exif_seen => {
                exif_seen = true;
                if let Some(orientation) = Orientation::of_exif(chunk.data) {
                    push_chunk(&mut out, b"eXIf", &orientation.tiff());
                }
            }
            kind if is_critical(kind) || KEPT_ANCILLARY.contains(&kind) => {
                out.extend_from_slice(chunk.whole);
            }
            _ => {}
        }
    }
}

/// A chunk's type starts with a capital letter when decoders cannot do without it.
fn is_critical(kind: &[u8; 4]) -> bool {
    kind[0].is_ascii_uppercase()
}

fn chunk_at(bytes: &[u8], at: usize) -> Result<Chunk<'_>, Damage> {
    let length = be32(bytes, at).ok_or(Damage::Truncated)?;
    if length > i32::MAX as u32 {
        return Err(Damage::Malformed);
    }
    let kind: [u8; 4] = bytes
        .get(at + 4..at + 8)
        .and_then(|k| k.try_into().ok())
        .ok_or(Damage::Truncated)?;
    if !kind.iter().all(u8::is_ascii_alphabetic) {
        return Err(Damage::Malformed);
    }
    let data_start = at + 8;
    let end = data_start + length as usize + 4;
    let whole = bytes.get(at..end).ok_or(Damage::Truncated)?;
    Ok(Chunk {
        kind,
        data: &whole[8..whole.len() - 4],
        whole,
    })
}

/// Writes a chunk: length, type, data, CRC of type and data.
fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::images::orientation::tests::phone_exif;

    /// A chunk with its length and a correct CRC.
    pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        push_chunk(&mut out, kind, data);
        out
    }

    /// A 1×1 grey PNG: IHDR, its compressed row, IEND.
    pub fn picture_chunks() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let header = chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        // zlib: stored block holding the row "filter 0, value 0x80".
        let data = chunk(
            b"IDAT",
            &[
                0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x80, 0x00, 0x82, 0x00, 0x81,
            ],
        );
        (header, data, chunk(b"IEND", &[]))
    }

    /// A PNG with a gamma, a text with the author, a time, EXIF and private chunks.
    pub fn annotated(orientation: u16) -> Vec<u8> {
        let (header, data, end) = picture_chunks();
        [
            SIGNATURE,
            &header,
            &chunk(b"gAMA", &45455u32.to_be_bytes()),
            &chunk(b"tEXt", b"Author\0Nguyen Van An"),
            &chunk(b"iTXt", b"Location\0\0\0\0\0Thon Dong"),
            &chunk(b"tIME", &[7, 232, 5, 1, 10, 0, 0]),
            &chunk(b"eXIf", &phone_exif(orientation)),
            &chunk(b"prVt", b"anything"),
            &data,
            &end,
            b"after the end",
        ]
        .concat()
    }

    #[test]
    fn text_time_and_exif_are_dropped_and_the_orientation_kept() {
        let (header, data, end) = picture_chunks();
        let gamma = chunk(b"gAMA", &45455u32.to_be_bytes());
        let turned = chunk(
            b"eXIf",
            &Orientation::of_exif(&phone_exif(8)).expect("8").tiff(),
        );
        assert_eq!(
            clean(&annotated(8)),
            Ok([SIGNATURE, &header, &gamma, &turned, &data, &end].concat())
        );
        assert_eq!(
            clean(&annotated(1)),
            Ok([SIGNATURE, &header, &gamma, &data, &end].concat())
        );
    }

    #[test]
    fn a_png_without_metadata_comes_out_byte_for_byte() {
        let (header, data, end) = picture_chunks();
        let plain = [SIGNATURE, &header, &chunk(b"sRGB", &[0]), &data, &end].concat();
        assert_eq!(clean(&plain), Ok(plain.clone()));
    }

    #[test]
    fn a_cut_or_broken_png_is_refused() {
        let (header, data, end) = picture_chunks();
        let whole = [SIGNATURE, &header, &data, &end].concat();
        for cut in [8, 12, 20, whole.len() - 12, whole.len() - 1] {
            assert_eq!(clean(&whole[..cut]), Err(Damage::Truncated), "cut at {cut}");
        }
        let no_header = [SIGNATURE, &data, &end].concat();
        assert_eq!(clean(&no_header), Err(Damage::Malformed));
        let no_data = [SIGNATURE, &header, &end].concat();
        assert_eq!(clean(&no_data), Err(Damage::Malformed));
        assert_eq!(clean(b"\x89PNG\r\n"), Err(Damage::NotThisFormat));
    }
}
