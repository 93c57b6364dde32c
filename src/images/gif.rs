//! GIF: walks the blocks and keeps the screen, colour tables, images and their graphic
//! controls, and the looping of animations (the NETSCAPE2.0 and ANIMEXTS1.0 application
//! extensions); drops comments, every other application extension (XMP among them), and
//! whatever follows the trailer.

use super::Damage;

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2c;
const TRAILER: u8 = 0x3b;
const COMMENT: u8 = 0xfe;
const APPLICATION: u8 = 0xff;
/// Header (6 bytes) and logical screen descriptor (7 bytes).
const SCREEN_END: usize = 13;

/// The GIF `bytes` without their metadata.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    if !bytes.starts_with(b"GIF87a") && !bytes.starts_with(b"GIF89a") {
        return Err(Damage::NotThisFormat);
    }
    let packed = *bytes.get(SCREEN_END - 3).ok_or(Damage::Truncated)?;
    let mut at = SCREEN_END + colour_table(packed);
    let mut out = bytes.get(..at).ok_or(Damage::Truncated)?.to_vec();
    let mut has_image = false;
    loop {
        let start = at;
        match bytes.get(at) {
            None => return Err(Damage::Truncated),
            Some(&TRAILER) if has_image => {
                out.push(TRAILER);
                return Ok(out);
            }
            Some(&EXTENSION) => {
                let label = *bytes.get(at + 1).ok_or(Damage::Truncated)?;
                at = sub_blocks_end(bytes, at + 2)?;
                if keeps_extension(label, &bytes[start + 2..at]) {
                    out.extend_from_slice(&bytes[start..at]);
                }
            }
            Some(&IMAGE) => {
                let packed = *bytes.get(at + 9).ok_or(Damage::Truncated)?;
                // Descriptor (10 bytes), local colour table, LZW code size (1 byte), data.
                at = sub_blocks_end(bytes, at + 10 + colour_table(packed) + 1)?;
                out.extend_from_slice(&bytes[start..at]);
                has_image = true;
            }
            Some(_) => return Err(Damage::Malformed),
        }
    }
}

/// The size of the colour table a packed field announces.
fn colour_table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// Where the sub-blocks starting at `at` end (after their zero-size terminator).
fn sub_blocks_end(bytes: &[u8], mut at: usize) -> Result<usize, Damage> {
    loop {
        match bytes.get(at) {
            None => return Err(Damage::Truncated),
            Some(0) => return Ok(at + 1),
            Some(&size) => at += 1 + usize::from(size),
        }
    }
}

/// Comments go, and application extensions but those that make an animation loop.
fn keeps_extension(label: u8, blocks: &[u8]) -> bool {
    match label {
        COMMENT => false,
        APPLICATION => {
            let identifier = blocks.get(1..12);
            identifier == Some(&b"NETSCAPE2.0"[..]) || identifier == Some(&b"ANIMEXTS1.0"[..])
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Screen of 1×1 with a two-colour global table.
    fn screen() -> Vec<u8> {
        let mut bytes = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        bytes.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        bytes
    }

    /// A graphic control and a 1×1 image.
    fn image() -> Vec<u8> {
        let mut bytes = vec![0x21, 0xf9, 4, 0, 0, 0, 0, 0];
        bytes.extend_from_slice(&[0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
        bytes.extend_from_slice(&[2, 2, 0x44, 0x01, 0]);
        bytes
    }

    const LOOP: &[u8] = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00";

    #[test]
    fn comments_and_xmp_go_and_the_loop_stays() {
        let comment = b"\x21\xfe\x0aThon Dong.\x00";
        let xmp = b"\x21\xff\x0bXMP DataXMP\x05<x:x>\x00";
        let annotated = [&screen()[..], LOOP, comment, xmp, &image(), b";", b"after"].concat();
        let cleaned = clean(&annotated).expect("clean");
        assert_eq!(cleaned, [&screen()[..], LOOP, &image(), b";"].concat());
    }

    #[test]
    fn a_gif_without_metadata_comes_out_byte_for_byte() {
        let plain = [&screen()[..], LOOP, &image(), b";"].concat();
        assert_eq!(clean(&plain), Ok(plain.clone()));
    }

    #[test]
    fn a_cut_or_broken_gif_is_refused() {
        let whole = [&screen()[..], &image(), b";"].concat();
        for cut in [8, 15, 22, whole.len() - 1] {
            assert_eq!(clean(&whole[..cut]), Err(Damage::Truncated), "cut at {cut}");
        }
        let stray = [&screen()[..], b"x", &image(), b";"].concat();
        assert_eq!(clean(&stray), Err(Damage::Malformed));
    }
}
