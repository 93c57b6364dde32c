//! The image formats a site's static files come in, and what can be wrong with an image: the
//! words of the problems `check` and `build` report (`E045`, `E046`), found by `images`.

use crate::base::lang::{Lang, both};

/// An image format whose metadata is taken out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
    WebP,
    Gif,
}

impl ImageFormat {
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::WebP => "WebP",
            ImageFormat::Gif => "GIF",
        }
    }
}

/// An image format that carries metadata this program cannot take out: refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsupportedImage {
    /// HEIC/HEIF, the default of recent iPhones.
    Heif,
    Avif,
    /// TIFF, and the camera raw formats built on it (DNG, CR2, NEF, ARW...).
    Tiff,
    JpegXl,
    /// Camera raw formats not built on TIFF (CR3, RAF, ORF, RW2).
    Raw,
}

impl UnsupportedImage {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            UnsupportedImage::Heif => "HEIC/HEIF",
            UnsupportedImage::Avif => "AVIF",
            UnsupportedImage::Tiff => "TIFF",
            UnsupportedImage::JpegXl => "JPEG XL",
            UnsupportedImage::Raw => both!(lang, "RAW (ảnh thô của máy ảnh)", "camera RAW"),
        }
    }

    pub fn message(self, lang: Lang) -> String {
        let name = self.name(lang);
        both!(
            lang,
            format!(
                "ảnh dạng {name} không được đăng: chỉ gỡ được thông tin kèm theo (như vị trí GPS) khỏi ảnh JPEG, PNG, WebP và GIF"
            ),
            format!(
                "{name} images are not published: metadata (such as the GPS position) can be stripped only from JPEG, PNG, WebP and GIF images"
            )
        )
    }

    /// What to put in its place.
    pub fn expected(lang: Lang) -> &'static str {
        both!(
            lang,
            "ảnh đã chuyển sang JPEG (trên iPhone: Cài đặt > Camera > Định dạng > Tương thích nhất)",
            "the image converted to JPEG"
        )
    }
}

/// An image whose bytes do not read as its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged {
    pub format: ImageFormat,
    pub damage: Damage,
}

/// What is wrong with a damaged image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The file ends before the image does (a copy cut short).
    Truncated,
    /// The name says this format, the bytes are not of it.
    NotThisFormat,
    /// A segment or chunk is not as the format defines it.
    Malformed,
}

impl Damaged {
    pub fn message(&self, lang: Lang) -> String {
        let format = self.format.name();
        let damage = match self.damage {
            Damage::Truncated => both!(
                lang,
                "tệp bị cắt cụt, thiếu phần cuối",
                "the file is cut short"
            ),
            Damage::NotThisFormat => both!(
                lang,
                "tên tệp có đuôi của ảnh nhưng nội dung không phải ảnh",
                "the file name says image but its bytes are not one"
            ),
            Damage::Malformed => both!(lang, "cấu trúc tệp bị sai", "its structure is broken"),
        };
        both!(
            lang,
            format!("không gỡ được thông tin kèm theo khỏi ảnh {format} này: {damage}"),
            format!("cannot strip the metadata of this {format} image: {damage}")
        )
    }

    /// What the file should be.
    pub fn expected(lang: Lang) -> &'static str {
        both!(
            lang,
            "một ảnh JPEG, PNG, WebP hoặc GIF nguyên vẹn (mở ảnh gốc rồi lưu lại, hoặc chép lại từ máy chụp)",
            "a whole JPEG, PNG, WebP or GIF image (open the original and save it again)"
        )
    }
}
