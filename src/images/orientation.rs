//! The one piece of EXIF kept: the orientation. Phones store a portrait photo as a landscape
//! picture with an Orientation tag saying how to turn it; dropping the tag with the rest of
//! EXIF would show the photo on its side. The tag is read from the original EXIF and written
//! into a new, minimal EXIF block (a TIFF header and one directory holding that tag alone),
//! so nothing else of the original block goes out.

/// The prefix of EXIF data in a JPEG APP1 segment (and, from some writers, in PNG and WebP).
pub const EXIF_PREFIX: &[u8] = b"Exif\0\0";

const ORIENTATION_TAG: u16 = 0x0112;
const SHORT: u16 = 3;

/// How a picture is to be turned, 2 to 8 (1, upright, needs no tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Orientation(u16);

impl Orientation {
    /// The orientation of an EXIF block (a TIFF structure, with or without the `Exif\0\0`
    /// prefix), when it has one that turns the picture. A block that does not read is taken
    /// as having none: it is dropped all the same.
    pub fn of_exif(exif: &[u8]) -> Option<Orientation> {
        let tiff = exif.strip_prefix(EXIF_PREFIX).unwrap_or(exif);
        let order = ByteOrder::of(tiff)?;
        if order.u16(tiff, 2)? != 42 {
            return None;
        }
        let directory = usize::try_from(order.u32(tiff, 4)?).ok()?;
        let count = usize::from(order.u16(tiff, directory)?);
        (0..count)
            .map(|i| directory + 2 + 12 * i)
            .find(|&entry| order.u16(tiff, entry) == Some(ORIENTATION_TAG))
            .filter(|&entry| {
                order.u16(tiff, entry + 2) == Some(SHORT) && order.u32(tiff, entry + 4) == Some(1)
            })
            .and_then(|entry| order.u16(tiff, entry + 8))
            .filter(|value| (2..=8).contains(value))
            .map(Orientation)
    }

    /// A minimal TIFF structure holding only this orientation: big-endian header, one
    /// directory of one entry, no next directory. 26 bytes.
    pub fn tiff(self) -> Vec<u8> {
        let mut tiff = Vec::with_capacity(26);
        tiff.extend_from_slice(b"MM\0\x2a");
        tiff.extend_from_slice(&8u32.to_be_bytes());
        tiff.extend_from_slice(&1u16.to_be_bytes());
        tiff.extend_from_slice(&ORIENTATION_TAG.to_be_bytes());
        tiff.extend_from_slice(&SHORT.to_be_bytes());
        tiff.extend_from_slice(&1u32.to_be_bytes());
        tiff.extend_from_slice(&self.0.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&0u32.to_be_bytes());
        tiff
    }
}

/// The byte order a TIFF structure declares in its first two bytes.
#[derive(Debug, Clone, Copy)]
enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    fn of(tiff: &[u8]) -> Option<ByteOrder> {
        match tiff.get(..2)? {
            b"II" => Some(ByteOrder::Little),
            b"MM" => Some(ByteOrder::Big),
            _ => None,
        }
    }

    fn u16(self, bytes: &[u8], at: usize) -> Option<u16> {
        let raw: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            ByteOrder::Little => u16::from_le_bytes(raw),
            ByteOrder::Big => u16::from_be_bytes(raw),
        })
    }

    fn u32(self, bytes: &[u8], at: usize) -> Option<u32> {
        let raw: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            ByteOrder::Little => u32::from_le_bytes(raw),
            ByteOrder::Big => u32::from_be_bytes(raw),
        })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A little-endian EXIF block as phones write it: the orientation among other tags, and
    /// a GPS directory with a latitude.
    pub fn phone_exif(orientation: u16) -> Vec<u8> {
        let mut tiff = b"II\x2a\0\x08\0\0\0".to_vec();
        let entries: [(u16, u16, u32, u32); 3] = [
            (0x010f, 2, 6, 50), // Make, "Apple\0" at 50
            (ORIENTATION_TAG, SHORT, 1, u32::from(orientation)),
            (0x8825, 4, 1, 56), // GPS directory at 56
        ];
        tiff.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in entries {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&count.to_le_bytes());
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(tiff.len(), 50);
        tiff.extend_from_slice(b"Apple\0");
        // GPS directory: GPSLatitudeRef "N", GPSLatitude 21/1 10/1 3/1 at 86.
        tiff.extend_from_slice(&2u16.to_le_bytes());
        for (tag, kind, count, value) in [(1u16, 2u16, 2u32, u32::from(b'N')), (2, 5, 3, 86)] {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&count.to_le_bytes());
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(tiff.len(), 86);
        for value in [21u32, 1, 10, 1, 3, 1] {
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff
    }

    #[test]
    fn the_orientation_is_read_from_a_phones_exif_and_written_alone() {
        let exif = [EXIF_PREFIX, &phone_exif(6)].concat();
        let orientation = Orientation::of_exif(&exif).expect("orientation");
        assert_eq!(orientation, Orientation(6));
        let minimal = orientation.tiff();
        assert_eq!(minimal.len(), 26);
        assert_eq!(Orientation::of_exif(&minimal), Some(orientation));
    }

    #[test]
    fn upright_missing_or_unreadable_orientations_give_none() {
        assert_eq!(Orientation::of_exif(&phone_exif(1)), None);
        assert_eq!(Orientation::of_exif(&phone_exif(9)), None);
        assert_eq!(Orientation::of_exif(b"II\x2a\0\xff\xff\0\0"), None);
        assert_eq!(Orientation::of_exif(b"Exif\0\0"), None);
        assert_eq!(Orientation::of_exif(b""), None);
    }
}
