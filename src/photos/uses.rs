//! Which photos the stories show: the front matter's `image` and the images of the Markdown
//! body, when their address starts from the site's root (`/anh/ba-hue.jpg`). Drafts are not
//! published, and neither are their photos' sizes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag};

use crate::base::inputs::Story;

/// A photo and the first story (in the order of `stories`) that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoUse {
    /// Its path in the output and in a static folder (`anh/ba-hue.jpg`).
    pub path: String,
    pub story: PathBuf,
}

/// The photos `stories` show, each once, by path.
pub fn photo_uses(stories: &[Story]) -> Vec<PhotoUse> {
    let mut uses = BTreeMap::new();
    for story in stories.iter().filter(|story| !story.draft) {
        let body = markdown_images(&story.body);
        for address in story.image.iter().cloned().chain(body) {
            if let Some(path) = static_path(&address) {
                uses.entry(path).or_insert_with(|| story.path.clone());
            }
        }
    }
    uses.into_iter()
        .map(|(path, story)| PhotoUse { path, story })
        .collect()
}

/// The addresses of the images of `markdown`. Most stories have none: those without `![`
/// are not parsed.
fn markdown_images(markdown: &str) -> Vec<String> {
    if !markdown.contains("![") {
        return Vec::new();
    }
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// The path in a static folder of an address from the site's root, without its query or
/// fragment; none for other addresses or paths that climb out (`..`).
fn static_path(address: &str) -> Option<String> {
    let path = address.strip_prefix('/')?;
    if path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next()?;
    let climbs = path.split('/').any(|part| part == ".." || part == ".");
    (!path.is_empty() && !climbs && !path.contains('\\')).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_from_the_site_root_name_a_static_file() {
        assert_eq!(static_path("/anh/a.jpg"), Some("anh/a.jpg".into()));
        assert_eq!(static_path("/anh/a.jpg?v=2#x"), Some("anh/a.jpg".into()));
        assert_eq!(static_path("anh/a.jpg"), None);
        assert_eq!(static_path("//cdn.vn/a.jpg"), None);
        assert_eq!(static_path("https://x.vn/a.jpg"), None);
        assert_eq!(static_path("/anh/../../a.jpg"), None);
    }

    #[test]
    fn the_body_s_images_are_found() {
        let found = markdown_images("Chữ ![Lớp học](/anh/lop.jpg \"t\") và [liên kết](/x/).");
        assert_eq!(found, vec!["/anh/lop.jpg".to_string()]);
    }
}
