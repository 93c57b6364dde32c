//! WebP: walks the chunks of the RIFF container and keeps the picture (VP8, VP8L, ALPH), its
//! animation (ANIM, ANMF), its colour profile (ICCP) and the VP8X header; drops EXIF (but its
//! orientation), XMP and unknown chunks, and whatever follows the RIFF data. The VP8X flags
//! and the RIFF size are set to what is left.

use super::orientation::Orientation;
use super::{Damage, le32};

const HEADER: usize = 12;
const FLAG_EXIF: u8 = 0x08;
const FLAG_XMP: u8 = 0x04;

/// Chunks kept besides VP8X.
const KEPT: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];
/// Chunks that hold a picture.
const PICTURE: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"ANMF"];

/// The WebP `bytes` without their metadata.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    if !bytes.starts_with(b"RIFF") || bytes.get(8..12) != Some(&b"WEBP"[..]) {
        return Err(Damage::NotThisFormat);
    }
    let size = le32(bytes, 4).ok_or(Damage::Truncated)? as usize;
    if size < 4 || size % 2 == 1 {
        return Err(Damage::Malformed);
    }
    let end = 8 + size;
    let riff = bytes.get(..end).ok_or(Damage::Truncated)?;
    let mut out = Vec::with_capacity(end);
    out.extend_from_slice(&riff[..HEADER]);
    let mut at = HEADER;
    let mut flags_at = None;
    let mut exif_seen = false;
    let mut exif_kept = false;
    let mut has_picture = false;
    while at < end {
        let Chunk { kind, data, whole } = chunk_at(riff, at)?;
        let first = at == HEADER;
        at += whole.len();
        match kind {
            b"VP8X" if first && data.len() >= 10 => {
                flags_at = Some(out.len() + 8);
                out.extend_from_slice(whole);
            }
            _ if first && !matches!(kind, b"VP8 " | b"VP8L") => return Err(Damage::Malformed),
            b"EXIF" if !exif_seen => {
                exif_seen = true;
                if let (Some(_), Some(orientation)) = (flags_at, Orientation::of_exif(data)) {
                    push_chunk(&mut out, b"EXIF", &orientation.tiff());
                    exif_kept = true;
                }
            }
            kind if KEPT.contains(&kind) => {
                has_picture |= PICTURE.contains(&kind);
                out.extend_from_slice(whole);
            }
            _ => {}
        }
    }
    if !has_picture {
        return Err(Damage::Malformed);
    }
    if let Some(flags_at) = flags_at {
        out[flags_at] &= !(FLAG_EXIF | FLAG_XMP);
        if exif_kept {
            out[flags_at] |= FLAG_EXIF;
        }
    }
    let size = u32::try_from(out.len() - 8).map_err(|_| Damage::Malformed)?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(out)
}

/// One chunk: its FourCC, its data, and all its bytes (header, data, padding).
struct Chunk<'a> {
    kind: &'a [u8; 4],
    data: &'a [u8],
    whole: &'a [u8],
}

/// The chunk at `at`.
fn chunk_at(riff: &[u8], at: usize) -> Result<Chunk<'_>, Damage> {
    let kind: &[u8; 4] = riff
        .get(at..at + 4)
        .and_then(|k| k.try_into().ok())
        .ok_or(Damage::Truncated)?;
    let size = le32(riff, at + 4).ok_or(Damage::Truncated)? as usize;
    let data_start = at + 8;
    let padded = size + (size & 1);
    let whole = riff.get(at..data_start + padded).ok_or(Damage::Truncated)?;
    Ok(Chunk {
        kind,
        data: &whole[8..8 + size],
        whole,
    })
}

/// Writes a chunk: FourCC, size, data, a padding byte when the size is odd.
fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(kind);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::images::orientation::tests::phone_exif;

    /// A chunk with its header and padding.
    pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        push_chunk(&mut out, kind, data);
        out
    }

    /// A RIFF container of `chunks`, with its size.
    pub fn riff(chunks: &[&[u8]]) -> Vec<u8> {
        let body = chunks.concat();
        let size = u32::try_from(body.len() + 4).expect("small");
        [b"RIFF", &size.to_le_bytes()[..], b"WEBP", &body].concat()
    }

    /// A VP8X header with `flags`, for a 1×1 canvas.
    pub fn extended(flags: u8) -> Vec<u8> {
        chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// The lossless 1×1 picture of a WebP (bytes as an encoder writes them).
    pub fn picture() -> Vec<u8> {
        chunk(
            b"VP8L",
            &[
                0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
            ],
        )
    }

    /// A WebP with EXIF (GPS and `orientation`) and XMP, flagged in VP8X.
    pub fn with_exif(orientation: u16) -> Vec<u8> {
        riff(&[
            &extended(FLAG_EXIF | FLAG_XMP),
            &picture(),
            &chunk(b"EXIF", &phone_exif(orientation)),
            &chunk(b"XMP ", b"<x:xmpmeta>Thon Dong</x:xmpmeta>"),
        ])
    }

    #[test]
    fn exif_and_xmp_are_dropped_the_flags_cleared_and_the_size_set() {
        let cleaned = clean(&with_exif(1)).expect("clean");
        assert_eq!(cleaned, riff(&[&extended(0), &picture()]));
        let turned = clean(&with_exif(3)).expect("clean");
        let exif = chunk(
            b"EXIF",
            &Orientation::of_exif(&phone_exif(3)).expect("3").tiff(),
        );
        assert_eq!(turned, riff(&[&extended(FLAG_EXIF), &picture(), &exif]));
    }

    #[test]
    fn a_webp_without_metadata_comes_out_byte_for_byte() {
        let simple = riff(&[&picture()]);
        assert_eq!(clean(&simple), Ok(simple.clone()));
        let profiled = riff(&[&extended(0x20), &chunk(b"ICCP", b"profile"), &picture()]);
        assert_eq!(clean(&profiled), Ok(profiled.clone()));
    }

    #[test]
    fn a_cut_or_broken_webp_is_refused() {
        let whole = riff(&[&picture()]);
        for cut in [12, 16, whole.len() - 1] {
            assert_eq!(clean(&whole[..cut]), Err(Damage::Truncated), "cut at {cut}");
        }
        let exif_first = riff(&[&chunk(b"EXIF", &phone_exif(1)), &picture()]);
        assert_eq!(clean(&exif_first), Err(Damage::Malformed));
        let no_picture = riff(&[&extended(0)]);
        assert_eq!(clean(&no_picture), Err(Damage::Malformed));
        assert_eq!(clean(b"RIFF\0\0\0\0WAVE"), Err(Damage::NotThisFormat));
    }
}
