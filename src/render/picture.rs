//! The markup of a story's photos: `<picture>` with a WebP source when WebP is smaller, and an
//! `<img>` with every width in `srcset`, the column's width in `sizes`, and the widest size's
//! `width` and `height` so that the page keeps the photo's place while it loads. The lead photo
//! is above the fold and asked for first; the photos of the body load lazily.

use std::borrow::Cow;

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use crate::photos::{Photo, Photos, Variant};

/// The width a photo takes on the page: the story's column (`.bai-viet`, 42em of 19 px on a
/// wide screen), else the screen less its margins.
pub const SIZES: &str = "(min-width: 860px) 800px, calc(100vw - 30px)";

/// A photo as the story template writes it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PictureView {
    pub src: String,
    pub srcset: String,
    /// The WebP widths, when they are smaller.
    pub modern_srcset: Option<String>,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
}

impl PictureView {
    pub fn of(photo: &Photo, base_path: &str) -> PictureView {
        let widest = photo.widest();
        PictureView {
            src: url(base_path, &widest.path),
            srcset: srcset(&photo.sizes, base_path),
            modern_srcset: (!photo.modern.is_empty()).then(|| srcset(&photo.modern, base_path)),
            sizes: SIZES,
            width: widest.width,
            height: widest.height,
        }
    }
}

fn url(base_path: &str, path: &str) -> String {
    format!("{base_path}/{path}")
}

/// `url 480w, url 800w, …`
fn srcset(variants: &[Variant], base_path: &str) -> String {
    variants
        .iter()
        .map(|v| format!("{} {}w", url(base_path, &v.path), v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The story body `html` (as the sanitiser wrote it) with each `<img>` of a photo in
/// `photos` written as a lazily loaded `<picture>`; other images stay as they are.
pub fn in_body<'h>(html: &'h str, photos: &Photos, base_path: &str) -> Cow<'h, str> {
    if photos.is_empty() || !html.contains("<img ") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(at) = rest.find("<img ") {
        out.push_str(&rest[..at]);
        let Some(length) = tag_length(&rest[at..]) else {
            break;
        };
        let tag = &rest[at..at + length];
        match attributes(tag).and_then(|attrs| Some((photo_of(&attrs, photos, base_path)?, attrs)))
        {
            Some((photo, attrs)) => out.push_str(&lazy_picture(photo, &attrs, base_path)),
            None => out.push_str(tag),
        }
        rest = &rest[at + length..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of the tag at the start of `html`, up to its `>` outside quotes.
fn tag_length(html: &str) -> Option<usize> {
    let mut quoted = false;
    for (at, byte) in html.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// The `name="value"` attributes of a tag as the sanitiser writes them (values kept
/// escaped); none if the tag is written otherwise.
fn attributes(tag: &str) -> Option<Vec<(&str, &str)>> {
    let mut rest = tag
        .strip_prefix("<img")?
        .strip_suffix('>')?
        .trim_end_matches('/');
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Some(attributes);
        }
        let (name, after) = rest.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        if name.contains(char::is_whitespace) {
            return None;
        }
        attributes.push((name, value));
        rest = after;
    }
}

fn photo_of<'p>(attrs: &[(&str, &str)], photos: &'p Photos, base_path: &str) -> Option<&'p Photo> {
    let (_, src) = attrs.iter().find(|(name, _)| *name == "src")?;
    photos.at_url(&src.replace("&amp;", "&"), base_path)
}

/// A photo of the body: its `alt` and `title` kept, the sizes offered, loaded lazily.
fn lazy_picture(photo: &Photo, attrs: &[(&str, &str)], base_path: &str) -> String {
    let view = PictureView::of(photo, base_path);
    let mut html = String::from("<picture>");
    if let Some(modern) = &view.modern_srcset {
        html.push_str("<source type=\"image/webp\" srcset=\"");
        let _ = escape_html(&mut html, modern);
        html.push_str("\" sizes=\"");
        html.push_str(view.sizes);
        html.push_str("\">");
    }
    html.push_str("<img src=\"");
    let _ = escape_html(&mut html, &view.src);
    html.push_str("\" srcset=\"");
    let _ = escape_html(&mut html, &view.srcset);
    html.push_str("\" sizes=\"");
    let _ = escape_html(&mut html, view.sizes);
    html.push('"');
    for (name, value) in attrs
        .iter()
        .filter(|(name, _)| matches!(*name, "alt" | "title"))
    {
        html.push_str(&format!(" {name}=\"{value}\""));
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
        view.width, view.height
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_as_the_sanitiser_writes_them() {
        let tag = "<img src=\"/anh/a.jpg\" alt=\"Lớp &quot;học&quot; > 3\">";
        assert_eq!(tag_length(&format!("{tag} sau")), Some(tag.len()));
        assert_eq!(
            attributes(tag),
            Some(vec![
                ("src", "/anh/a.jpg"),
                ("alt", "Lớp &quot;học&quot; > 3")
            ])
        );
        assert_eq!(attributes("<img src=a>"), None);
    }

    #[test]
    fn a_body_without_photos_is_left_as_it_is() {
        let html = "<p><img src=\"/anh/a.jpg\" alt=\"a\"></p>";
        assert!(matches!(
            in_body(html, &Photos::default(), ""),
            Cow::Borrowed(_)
        ));
    }
}
