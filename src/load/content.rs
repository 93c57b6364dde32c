//! Decodes Markdown content: TOML front matter between `+++` lines, then the body.

use std::sync::Arc;

use crate::base::diagnostics::Diagnostics;
use crate::base::inputs::{FreePage, Inputs, Story};
use crate::base::messages::Problem;
use crate::base::source::{FileId, Sources, Span, Spanned};
use crate::base::text::{is_valid_id, slugify};

use super::files::page_url_path;
use super::parse_toml;
use super::reader::{Place, TableReader};

/// The parts of a Markdown file with front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The TOML text between the `+++` lines.
    pub toml: &'a str,
    /// Byte offset of the TOML text in the file.
    pub toml_offset: usize,
    pub body: &'a str,
}

/// Why a file's front matter could not be found.
#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    Missing,
    /// Not closed; the offset of the opening line's end.
    Unclosed(usize),
}

/// Splits `+++` front matter from the body. The opening line must be the first line; the
/// closing one is the next line that is exactly `+++` (trailing spaces and `\r` allowed).
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, FrontMatterError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(FrontMatterError::Missing);
    }
    let toml_offset = (first_end + 1).min(text.len());
    let mut line_start = toml_offset;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(FrontMatter {
                toml: &text[toml_offset..line_start],
                toml_offset,
                body: &text[body_start..],
            });
        }
        line_start = line_end + 1;
    }
    Err(FrontMatterError::Unclosed(first_end))
}

pub fn decode(
    sources: &Sources,
    file: FileId,
    is_story: bool,
    inputs: &mut Inputs,
    diags: &mut Diagnostics,
) {
    let source = sources.get(file);
    let parts = match split_front_matter(&source.text) {
        Ok(parts) => parts,
        Err(error) => {
            let (problem, span) = match error {
                FrontMatterError::Missing => (Problem::FrontMatterMissing, Span::new(file, 0..0)),
                FrontMatterError::Unclosed(at) => {
                    (Problem::FrontMatterUnclosed, Span::new(file, 0..at))
                }
            };
            diags.error(span, "", problem);
            return;
        }
    };
    let place = Place {
        file,
        offset: parts.toml_offset,
        path: String::new(),
    };
    let path = source.path.clone();
    parse_toml(parts.toml, place, diags, |reader, diags| {
        if is_story {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let story = decode_story(reader, file, stem.unwrap_or_default(), diags);
            if let Some(mut story) = story {
                story.path = path.clone();
                story.body = Arc::from(parts.body);
                inputs.stories.push(story);
            }
        } else if let Some(title) = decode_page(reader, diags) {
            inputs.pages.push(FreePage {
                url_path: page_url_path(&path),
                path: path.clone(),
                file,
                title,
                body: Arc::from(parts.body),
            });
        }
    });
}

fn decode_story(
    mut reader: TableReader<'_, '_>,
    file: FileId,
    file_stem: String,
    diags: &mut Diagnostics,
) -> Option<Story> {
    let title = reader.req_str("title", diags);
    let date = reader.req_date("date", diags);
    let summary = reader.req_str("summary", diags);
    let records = reader.opt_id_array("records", diags);
    let province = reader.opt_str("province", diags);
    let image = reader.opt_str("image", diags);
    let image_alt = reader.opt_str("image_alt", diags);
    let aliases = reader.opt_str_array("aliases", diags);
    let draft = reader.opt_bool("draft", diags);
    let author = reader.opt_str("author", diags);
    let source = reader.opt_str("source", diags);
    let updated = reader.opt_date("updated", diags);
    let explicit_slug = reader.entries().any(|(key, ..)| key == "slug");
    let slug = story_slug(&mut reader, file, &file_stem, diags);
    if let (Some(image), None) = (&image, &image_alt) {
        diags.error(
            image.span,
            reader.field_path("image_alt"),
            Problem::MissingField {
                name: "image_alt".into(),
                expected: "a text describing the image for people who cannot see it".into(),
            },
        );
    }
    if let Some(image) = &image
        && !is_safe_url(&image.value)
    {
        diags.error(
            image.span,
            reader.field_path("image"),
            Problem::InvalidValue {
                value: format!("\"{}\"", image.value),
                expected: "a path on this site starting with /, or an https:// address".into(),
            },
        );
    }
    if let (Some(updated), Some(date)) = (&updated, &date)
        && updated.value < date.value
    {
        diags.error(
            updated.span,
            reader.field_path("updated"),
            Problem::InvalidValue {
                value: updated.value.to_string(),
                expected: format!("a date on or after the story's date ({})", date.value),
            },
        );
    }
    for alias in &aliases {
        if !alias.value.starts_with('/') || alias.value.contains("..") {
            diags.error(
                alias.span,
                reader.field_path("aliases"),
                Problem::InvalidValue {
                    value: format!("\"{}\"", alias.value),
                    expected: "a path on this site starting with /, like \"/tin-tuc/cu/\"".into(),
                },
            );
        }
    }
    reader.finish(diags);
    // A story missing a field is still kept (its problem is reported and the site will not
    // build), so that its record references are checked too.
    Some(Story {
        path: Default::default(),
        file,
        slug: slug?,
        explicit_slug,
        title: title.map(|t| t.value).unwrap_or_default(),
        date: date.map(|d| d.value).unwrap_or_default(),
        summary: summary.map(|s| s.value).unwrap_or_default(),
        records,
        province,
        image: image.map(|i| i.value),
        image_alt: image_alt.map(|a| a.value),
        aliases,
        draft: draft.unwrap_or(false),
        author: author.map(|a| a.value),
        source: source.map(|s| s.value),
        updated: updated.map(|u| u.value),
        body: Arc::from(""),
    })
}

/// A link a page may carry: a path on the site, or an http(s) address (never `javascript:`).
pub(super) fn is_safe_url(url: &str) -> bool {
    (url.starts_with('/') && !url.starts_with("//"))
        || url.starts_with("https://")
        || url.starts_with("http://")
}

/// The story's slug: its `slug` field, or its file name made into a slug.
fn story_slug(
    reader: &mut TableReader<'_, '_>,
    file: FileId,
    file_stem: &str,
    diags: &mut Diagnostics,
) -> Option<Spanned<String>> {
    if let Some(slug) = reader.opt_str("slug", diags) {
        if is_valid_id(&slug.value) {
            return Some(slug);
        }
        diags.error(
            slug.span,
            reader.field_path("slug"),
            Problem::InvalidId { id: slug.value },
        );
        return None;
    }
    Some(Spanned::new(slugify(file_stem), Span::new(file, 0..0)))
}

fn decode_page(mut reader: TableReader<'_, '_>, diags: &mut Diagnostics) -> Option<String> {
    let title = reader.req_str("title", diags);
    reader.finish(diags);
    title.map(|t| t.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let parts = split_front_matter(text).unwrap();
        assert_eq!(parts.toml, "title = \"A\"\n");
        assert_eq!(parts.toml_offset, 4);
        assert_eq!(parts.body, "Body\n");
    }

    #[test]
    fn accepts_crlf_line_ends() {
        let parts = split_front_matter("+++\r\na = 1\r\n+++\r\nB").unwrap();
        assert_eq!(parts.toml, "a = 1\r\n");
        assert_eq!(parts.body, "B");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(
            split_front_matter("# Title"),
            Err(FrontMatterError::Missing)
        );
        assert_eq!(split_front_matter(""), Err(FrontMatterError::Missing));
        assert_eq!(
            split_front_matter("+++\ntitle = 1\n"),
            Err(FrontMatterError::Unclosed(3))
        );
    }
}
