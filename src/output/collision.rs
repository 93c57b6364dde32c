//! Two files a build would write at one path, and where each comes from. A collision is found
//! among output paths, long after the sources were read; it is traced back to them only when
//! it happens, so that no build pays for carrying a source place with each of its files.
//! Both writers (`build`, `serve`) find collisions through [`Claims`].

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::base::inputs::Inputs;
use crate::base::lang::{Lang, MsgText, both};
use crate::base::source::{Sources, Span};
use crate::model::Site;
use crate::render::{Job, PageJob, job_url, output_path};

/// Two or more files for one output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The output path, relative to the output folder.
    pub path: String,
    /// What makes each file, once traced ([`Collision::traced`]); sorted.
    pub producers: Vec<Producer>,
}

/// What makes a file of the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Producer {
    /// A value in a source file.
    At {
        file: PathBuf,
        line: usize,
        column: usize,
        what: SourceValue,
    },
    /// A file of a static folder, copied as it is.
    Static(PathBuf),
    /// A page vinhdanh makes from the records (a record's, a province's...), by its URL.
    Made(String),
}

/// Which value of a source file gives a page its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceValue {
    /// A story's `slug`.
    StorySlug,
    /// A story without a `slug`: its file name.
    StoryFileName,
    /// One of a story's `aliases`.
    Alias,
    /// A free page: its file name.
    FreePage,
}

/// The paths of one output as its files claim them, one file a path. A path claimed twice, or
/// claimed while the output keeps a file there, is a collision; of several, the first in path
/// order is the one reported, whatever order the files came in (threads, jobs, writers).
pub struct Claims<'k> {
    taken: HashSet<String>,
    /// Whether the output keeps a file at a path, one that none of the files claiming paths
    /// replaces (`serve` keeps the files of the jobs it does not run again).
    kept: &'k (dyn Fn(&str) -> bool + Sync),
    first_clash: Option<String>,
}

impl Claims<'static> {
    /// The claims of an output that starts empty (a `build`).
    pub fn new() -> Self {
        Claims::over(&nothing_kept)
    }
}

impl Default for Claims<'static> {
    fn default() -> Self {
        Claims::new()
    }
}

fn nothing_kept(_: &str) -> bool {
    false
}

impl std::fmt::Debug for Claims<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claims")
            .field("taken", &self.taken.len())
            .field("first_clash", &self.first_clash)
            .finish_non_exhaustive()
    }
}

impl<'k> Claims<'k> {
    /// The claims of an output that keeps a file at each path for which `kept` says yes.
    pub fn over(kept: &'k (dyn Fn(&str) -> bool + Sync)) -> Self {
        Claims {
            taken: HashSet::new(),
            kept,
            first_clash: None,
        }
    }

    /// Makes room for `more` claims.
    pub fn reserve(&mut self, more: usize) {
        self.taken.reserve(more);
    }

    /// Claims `path` for one file: `false` (and the collision noted) when it is taken.
    pub fn claim(&mut self, path: String) -> bool {
        if self.holds(&path) {
            if self.first_clash.as_ref().is_none_or(|first| path < *first) {
                self.first_clash = Some(path);
            }
            return false;
        }
        self.taken.insert(path);
        true
    }

    /// Whether the output will hold a file at `path`: claimed, or kept.
    pub fn holds(&self, path: &str) -> bool {
        self.taken.contains(path) || (self.kept)(path)
    }

    /// The first collision in path order, not traced yet; `None` when every path was
    /// claimed once.
    pub fn collision(&self) -> Option<Collision> {
        self.first_clash.clone().map(Collision::at)
    }
}

/// What a collision is traced back with.
#[derive(Debug, Clone, Copy)]
pub struct Origins<'a> {
    pub root: &'a Path,
    pub inputs: &'a Inputs,
    pub site: &'a Site,
    /// Every job of the build.
    pub jobs: &'a [Job],
    /// The static folders, in the order they are copied (theme, then site).
    pub static_dirs: &'a [PathBuf],
}

impl Collision {
    /// A collision at `path`, not traced yet.
    pub fn at(path: String) -> Self {
        Collision {
            path,
            producers: Vec::new(),
        }
    }

    /// The same collision with what makes each of its files.
    pub fn traced(mut self, origins: &Origins<'_>) -> Self {
        let mut producers = pages_at(&self.path, origins);
        producers.extend(static_file_at(&self.path, origins));
        producers.sort();
        producers.dedup();
        self.producers = producers;
        self
    }

    /// The message in `lang`: the path, then one line for each source.
    pub fn in_lang(&self, lang: Lang) -> String {
        let path = &self.path;
        let mut text = both!(
            lang,
            format!("hai trang sẽ cùng được ghi vào {path}"),
            format!("two pages would be written to {path}")
        );
        for producer in &self.producers {
            text.push('\n');
            text.push_str(&producer.in_lang(lang));
        }
        if self
            .producers
            .iter()
            .any(|p| matches!(p, Producer::At { .. }))
        {
            text.push('\n');
            text.push_str(both!(
                lang,
                "Hãy đổi địa chỉ của một trong hai (`slug`, `aliases` hoặc tên tệp) để mỗi trang có một địa chỉ riêng.",
                "Change the address of one of them (`slug`, `aliases` or the file name) so that each page has its own."
            ));
        }
        text
    }
}

impl Producer {
    /// One line: `  --> file:line:column field `slug`` and the like.
    fn in_lang(&self, lang: Lang) -> String {
        let mut line = String::new();
        match self {
            Producer::At {
                file,
                line: at,
                column,
                what,
            } => {
                let _ = write!(line, "  --> {}:{at}:{column} ", file.display());
                line.push_str(&what.in_lang(lang));
            }
            Producer::Static(file) => {
                let _ = write!(line, "  --> {} ", file.display());
                line.push_str(both!(
                    lang,
                    "(tệp tĩnh, được chép nguyên)",
                    "(a static file, copied as it is)"
                ));
            }
            Producer::Made(url) => line.push_str(&both!(
                lang,
                format!("  trang {url} do vinhdanh tạo từ dữ liệu"),
                format!("  the page {url}, which vinhdanh makes from the data")
            )),
        }
        line
    }
}

impl SourceValue {
    fn in_lang(self, lang: Lang) -> String {
        match self {
            SourceValue::StorySlug => MsgText::FieldIs { field: "slug" }.in_lang(lang),
            SourceValue::Alias => MsgText::FieldIs { field: "aliases" }.in_lang(lang),
            SourceValue::StoryFileName => both!(
                lang,
                "(câu chuyện không có `slug`: địa chỉ lấy theo tên tệp)",
                "(a story without `slug`: its address comes from the file name)"
            )
            .into(),
            SourceValue::FreePage => both!(
                lang,
                "(trang riêng: địa chỉ lấy theo tên tệp)",
                "(a free page: its address comes from the file name)"
            )
            .into(),
        }
    }
}

/// The pages written at `path`, each with its source when it has one.
fn pages_at(path: &str, origins: &Origins<'_>) -> Vec<Producer> {
    let site = origins.site;
    origins
        .jobs
        .iter()
        .filter_map(|job| match job {
            Job::Page(page) => Some(*page),
            _ => None,
        })
        .filter_map(|page| Some((page, job_url(page, site)?)))
        .filter(|(_, url)| output_path(url, &site.meta.base_path) == path)
        .map(|(page, url)| source_of(page, origins).unwrap_or(Producer::Made(url)))
        .collect()
}

/// Where a story, an alias or a free page is written in the sources.
fn source_of(page: PageJob, origins: &Origins<'_>) -> Option<Producer> {
    let Origins { site, inputs, .. } = *origins;
    let (span, what) = match page {
        PageJob::Story(i) | PageJob::Draft(i) => {
            let list = if matches!(page, PageJob::Draft(_)) {
                &site.drafts
            } else {
                &site.stories
            };
            let slug = &list.get(i)?.slug;
            let story = inputs.stories.iter().find(|s| &s.slug.value == slug)?;
            if story.explicit_slug {
                (story.slug.span, SourceValue::StorySlug)
            } else {
                (
                    inputs.sources.file_start(story.file),
                    SourceValue::StoryFileName,
                )
            }
        }
        PageJob::Redirect(s, a) => {
            let view = site.stories.get(s)?;
            let alias = view.aliases.get(a)?;
            let story = inputs.stories.iter().find(|s| s.slug.value == view.slug)?;
            let alias = story.aliases.iter().find(|x| &x.value == alias)?;
            (alias.span, SourceValue::Alias)
        }
        PageJob::Free(i) => {
            let url_path = &site.pages.get(i)?.url_path;
            let page = inputs.pages.iter().find(|p| &p.url_path == url_path)?;
            (inputs.sources.file_start(page.file), SourceValue::FreePage)
        }
        _ => return None,
    };
    Some(place(span, what, origins))
}

/// A span as file, line and column; a file whose text was freed after checking is read again.
fn place(span: Span, what: SourceValue, origins: &Origins<'_>) -> Producer {
    let file = origins.inputs.sources.get(span.file);
    let at = if file.is_released() {
        let text = crate::load::reread(origins.root, &file.path).unwrap_or_default();
        let mut again = Sources::default();
        let id = again.add(&file.path, text);
        again.get(id).line_col(span.start as usize)
    } else {
        file.line_col(span.start as usize)
    };
    Producer::At {
        file: file.path.clone(),
        line: at.line,
        column: at.column,
        what,
    }
}

/// The static file copied to `path`: the last static folder's that has it.
fn static_file_at(path: &str, origins: &Origins<'_>) -> Option<Producer> {
    let file = origins
        .static_dirs
        .iter()
        .rev()
        .map(|dir| dir.join(path))
        .find(|file| file.is_file())?;
    let shown = file
        .strip_prefix(origins.root)
        .map_or_else(|_| file.clone(), Path::to_path_buf);
    Some(Producer::Static(shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever order the files claim their paths in, the first collision in path order is
    /// the one reported; a kept file takes its path like a claimed one.
    #[test]
    fn the_collision_reported_is_the_first_in_path_order() {
        let paths = ["c.html", "b.html", "a.html", "c.html", "b.html"];
        for rotation in 0..paths.len() {
            let mut claims = Claims::new();
            for path in paths.iter().cycle().skip(rotation).take(paths.len()) {
                claims.claim(path.to_string());
            }
            assert_eq!(claims.collision(), Some(Collision::at("b.html".into())));
        }
        let kept = |path: &str| path == "a.html";
        let mut claims = Claims::over(&kept);
        assert!(claims.claim("z.html".into()));
        assert!(claims.holds("a.html") && claims.holds("z.html"));
        assert!(!claims.holds("y.html"));
        assert_eq!(claims.collision(), None);
        assert!(!claims.claim("a.html".into()));
        assert_eq!(claims.collision(), Some(Collision::at("a.html".into())));
    }
}
