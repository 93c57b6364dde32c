//! Keeps a build from replacing what it must not. The output folder is replaced whole, so it
//! can never be the site's folder or a folder above it, a source folder or anything inside
//! one, a file, the system's root or a home folder; and a non-empty folder that vinhdanh did
//! not write is left alone unless the command says `--force`. `build` and `serve` both ask
//! here before they write anything.
//!
//! Paths are compared once resolved: made absolute, every `..` and symbolic link followed,
//! and a part that does not exist yet laid on its nearest existing ancestor. A symbolic link
//! given as the output is followed: the site is written where it points.
//!
//! vinhdanh knows its own output by a marker file beside it (`.public.vinhdanh` beside
//! `public/`, next to the build lock `.public.lock`), which is never published. A folder
//! written by an earlier version has no marker, but the build lock that every earlier build
//! left beside it.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::base::lang::{Lang, both};
use crate::base::layout;

/// Files every output of vinhdanh holds, whatever the site.
const ALWAYS_WRITTEN: [&str; 2] = ["index.html", "sitemap.xml"];

/// How many symbolic links one path may go through before it is taken for a loop.
const MAX_LINKS: u32 = 40;

/// Why an output folder was refused.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.in_lang(Lang::En))]
pub enum GuardError {
    /// The output is the site's folder, a folder above it, or holds a source.
    HoldsSite { out: PathBuf, holds: PathBuf },
    /// The output is the system's root or a home folder (or above one).
    TopFolder { out: PathBuf, top: Top },
    /// The output is a source folder or lies inside one.
    InSource { out: PathBuf, folder: PathBuf },
    /// The output exists and is not a folder.
    NotAFolder { out: PathBuf },
    /// The output holds files vinhdanh did not write, and `--force` was not given.
    Foreign { out: PathBuf, example: String },
    /// The output's place could not be looked at.
    Unreadable { path: PathBuf, source: io::Error },
}

/// A folder that holds too much to be an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Top {
    SystemRoot,
    Home,
}

impl GuardError {
    /// The code printed with the message and documented in `docs/loi.md`.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            GuardError::HoldsSite { .. } | GuardError::TopFolder { .. } => Some("E040"),
            GuardError::InSource { .. } => Some("E041"),
            GuardError::NotAFolder { .. } => Some("E042"),
            GuardError::Foreign { .. } => Some("E043"),
            GuardError::Unreadable { .. } => None,
        }
    }

    /// The message in `lang`: the path, why it is refused, and what to do.
    pub fn in_lang(&self, lang: Lang) -> String {
        let choose = both!(
            lang,
            "Hãy chọn một thư mục riêng cho trang đã dựng, ví dụ `public` trong thư mục của trang.",
            "Choose a folder of its own for the built site, such as `public` in the site's folder."
        );
        match self {
            GuardError::HoldsSite { out, holds } => {
                let (out, holds) = (out.display(), holds.display());
                both!(
                    lang,
                    format!(
                        "thư mục ra {out} chứa tệp của chính trang ({holds}); lần dựng thay toàn bộ thư mục ra nên sẽ xoá chúng. {choose}"
                    ),
                    format!(
                        "the output folder {out} holds the site's own files ({holds}); a build replaces the whole output folder and would delete them. {choose}"
                    )
                )
            }
            GuardError::TopFolder { out, top } => {
                let out = out.display();
                let what = match top {
                    Top::SystemRoot => {
                        both!(lang, "thư mục gốc của máy", "the system's root folder")
                    }
                    Top::Home => both!(
                        lang,
                        "thư mục cá nhân của người dùng (hoặc chứa thư mục đó)",
                        "a home folder (or holds one)"
                    ),
                };
                both!(
                    lang,
                    format!(
                        "thư mục ra {out} là {what}; lần dựng thay toàn bộ thư mục ra nên sẽ xoá mọi thứ trong đó. {choose}"
                    ),
                    format!(
                        "the output folder {out} is {what}; a build replaces the whole output folder and would delete everything in it. {choose}"
                    )
                )
            }
            GuardError::InSource { out, folder } if out == folder => {
                let out = out.display();
                both!(
                    lang,
                    format!(
                        "{out} là một phần dữ liệu nguồn của trang (hồ sơ, câu chuyện, giao diện hoặc cấu hình); lần dựng thay toàn bộ thư mục ra nên sẽ xoá chúng. {choose}"
                    ),
                    format!(
                        "{out} is one of the site's sources (records, stories, theme or settings); a build replaces the whole output folder and would delete them. {choose}"
                    )
                )
            }
            GuardError::InSource { out, folder } => {
                let (out, folder) = (out.display(), folder.display());
                both!(
                    lang,
                    format!(
                        "thư mục ra {out} nằm trong {folder}, một phần dữ liệu nguồn của trang; lần dựng sẽ trộn trang đã dựng vào hồ sơ, câu chuyện hay giao diện ở đó. {choose}"
                    ),
                    format!(
                        "the output folder {out} lies in {folder}, one of the site's sources; a build would mix the built site into the records, stories or theme there. {choose}"
                    )
                )
            }
            GuardError::NotAFolder { out } => {
                let out = out.display();
                both!(
                    lang,
                    format!(
                        "{out} là một tệp, không phải thư mục; lần dựng không ghi đè tệp. {choose}"
                    ),
                    format!(
                        "{out} is a file, not a folder; a build does not overwrite files. {choose}"
                    )
                )
            }
            GuardError::Foreign { out, example } => {
                let out = out.display();
                both!(
                    lang,
                    format!(
                        "thư mục ra {out} đã có tệp không do vinhdanh ghi (ví dụ {example}); lần dựng thay toàn bộ thư mục nên sẽ xoá chúng. Hãy chọn một thư mục trống hoặc chưa có; nếu chắc chắn mọi thứ trong thư mục này đều có thể xoá, chạy lại lệnh với --force."
                    ),
                    format!(
                        "the output folder {out} holds files vinhdanh did not write (such as {example}); a build replaces the whole folder and would delete them. Choose an empty or new folder; if everything in this folder may be deleted, run the command again with --force."
                    )
                )
            }
            GuardError::Unreadable { path, source } => {
                let path = path.display();
                both!(
                    lang,
                    format!("không xem được {path}: {source}"),
                    format!("cannot look at {path}: {source}")
                )
            }
        }
    }
}

impl GuardError {
    /// One refusal of each kind, for the tests that hold the messages and `docs/loi.md`
    /// together.
    pub fn samples() -> Vec<GuardError> {
        let site = PathBuf::from("/home/canbo/vinhdanh");
        vec![
            GuardError::HoldsSite {
                out: site.clone(),
                holds: site.clone(),
            },
            GuardError::TopFolder {
                out: PathBuf::from("/"),
                top: Top::SystemRoot,
            },
            GuardError::TopFolder {
                out: PathBuf::from("/home/canbo"),
                top: Top::Home,
            },
            GuardError::InSource {
                out: site.join("data"),
                folder: site.join("data"),
            },
            GuardError::InSource {
                out: site.join("content/ra"),
                folder: site.join("content"),
            },
            GuardError::NotAFolder {
                out: site.join("bao-cao.docx"),
            },
            GuardError::Foreign {
                out: site.join("tai-lieu"),
                example: "bao-cao.docx".into(),
            },
        ]
    }
}

/// Whether a non-empty folder that vinhdanh did not write may be replaced (`--force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Foreign {
    #[default]
    Refuse,
    Replace,
}

/// The output folder `requested` resolves to, once it is known to be safe to replace for the
/// site at `root`. Nothing is written.
pub fn guard(root: &Path, requested: &Path, foreign: Foreign) -> Result<PathBuf, GuardError> {
    let unreadable = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GuardError::Unreadable { path, source }
    };
    let out = resolve(requested).map_err(unreadable(requested))?;
    let root = resolve(root).map_err(unreadable(root))?;
    refuse_system_root(&out)?;
    let mut sources = vec![];
    for name in layout::top_level() {
        let path = root.join(name);
        sources.push(resolve(&path).map_err(unreadable(&path))?);
    }
    sources.extend(linked_themes(&root.join(layout::THEMES)));
    if let Some(folder) = sources.iter().find(|s| out.starts_with(s)) {
        let folder = folder.clone();
        return Err(GuardError::InSource { out, folder });
    }
    if let Some(holds) = std::iter::once(&root)
        .chain(&sources)
        .find(|holds| holds.starts_with(&out))
    {
        let holds = holds.clone();
        return Err(GuardError::HoldsSite { out, holds });
    }
    refuse_home(&out)?;
    match fs::metadata(&out) {
        Ok(meta) if !meta.is_dir() => Err(GuardError::NotAFolder { out }),
        Ok(_) => refuse_foreign(out, foreign),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(out),
        Err(source) => Err(GuardError::Unreadable { path: out, source }),
    }
}

fn refuse_system_root(out: &Path) -> Result<(), GuardError> {
    if out.parent().is_none() {
        let out = out.to_path_buf();
        return Err(GuardError::TopFolder {
            out,
            top: Top::SystemRoot,
        });
    }
    Ok(())
}

/// A home folder and any folder above one.
fn refuse_home(out: &Path) -> Result<(), GuardError> {
    let home = home_folder().and_then(|home| resolve(&home).ok());
    if home.is_some_and(|home| home.starts_with(out)) {
        let out = out.to_path_buf();
        return Err(GuardError::TopFolder {
            out,
            top: Top::Home,
        });
    }
    Ok(())
}

fn home_folder() -> Option<PathBuf> {
    let name = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(name)
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

/// Theme folders that are symbolic links to somewhere else: a build reads them too.
fn linked_themes(themes: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(themes) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_symlink()))
        .filter_map(|entry| resolve(&entry.path()).ok())
        .collect()
}

/// `out` (an existing folder) when it is empty, written by vinhdanh, or `foreign` allows it.
fn refuse_foreign(out: PathBuf, foreign: Foreign) -> Result<PathBuf, GuardError> {
    if foreign == Foreign::Replace || written_by_vinhdanh(&out) {
        return Ok(out);
    }
    let entries = match fs::read_dir(&out) {
        Ok(entries) => entries,
        Err(source) => return Err(GuardError::Unreadable { path: out, source }),
    };
    let first = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .min();
    match first {
        None => Ok(out),
        Some(example) => Err(GuardError::Foreign { out, example }),
    }
}

/// Whether the folder `out` was written by vinhdanh: its marker (or, for an output of an
/// earlier version, its build lock) is beside it, and it holds the files every output holds.
pub fn written_by_vinhdanh(out: &Path) -> bool {
    let marked = marker(out).is_file() || super::sibling(out, "lock").is_file();
    marked && ALWAYS_WRITTEN.iter().all(|name| out.join(name).is_file())
}

/// The marker beside `out_dir` that says vinhdanh wrote it.
pub fn marker(out_dir: &Path) -> PathBuf {
    super::sibling(out_dir, "vinhdanh")
}

/// Writes the marker of [`written_by_vinhdanh`] beside `out_dir`.
pub fn mark_as_ours(out_dir: &Path) -> io::Result<()> {
    let name = super::out_name(out_dir);
    let text = format!(
        "Thư mục {name} bên cạnh do vinhdanh ghi: vinhdanh chỉ thay thế nó khi có tệp này.\n\
         The folder {name} beside this file was written by vinhdanh, which replaces it only while this file is here.\n"
    );
    let path = marker(out_dir);
    if fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text)
}

/// `path` made absolute with every `..` and symbolic link resolved. The parts that do not
/// exist yet are laid on the nearest existing ancestor, resolved.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let base = std::env::current_dir()?.canonicalize()?;
    resolve_from(&base, path, 0)
}

fn resolve_from(base: &Path, path: &Path, links: u32) -> io::Result<PathBuf> {
    if links > MAX_LINKS {
        return Err(io::Error::other("too many levels of symbolic links"));
    }
    let mut resolved = if path.is_absolute() {
        PathBuf::new()
    } else {
        base.to_path_buf()
    };
    // Once a part is missing, the parts after it cannot exist (nor be links).
    let mut missing = false;
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) if missing => resolved.push(name),
            Component::Normal(name) => {
                let next = resolved.join(name);
                match fs::symlink_metadata(&next) {
                    Ok(meta) if meta.is_symlink() => {
                        let target = fs::read_link(&next)?;
                        resolved = resolve_from(&resolved, &target, links + 1)?;
                        missing = fs::symlink_metadata(&resolved).is_err();
                    }
                    Ok(_) => resolved = next,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        missing = true;
                        resolved = next;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        for folder in ["data", "content", "static", "themes/default/templates"] {
            fs::create_dir_all(root.join(folder)).expect("folder");
        }
        fs::write(root.join("site.toml"), "title = \"x\"\n").expect("site.toml");
        dir
    }

    fn code(root: &Path, out: &Path) -> Option<&'static str> {
        guard(root, out, Foreign::Refuse)
            .err()
            .and_then(|e| e.code())
    }

    #[test]
    fn resolves_dots_links_and_missing_parts() {
        let dir = site();
        let base = dir.path().canonicalize().expect("canonical");
        let root = base.join("site");
        assert_eq!(
            resolve_from(&base, Path::new("site/nothing/../data"), 0).expect("resolved"),
            root.join("data")
        );
        assert_eq!(
            resolve_from(&root, Path::new("./new/deeper"), 0).expect("resolved"),
            root.join("new/deeper")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("site/data", base.join("link")).expect("link");
            assert_eq!(
                resolve_from(&base, Path::new("link/x"), 0).expect("resolved"),
                root.join("data/x")
            );
            std::os::unix::fs::symlink("nowhere/yet", base.join("dangling")).expect("link");
            assert_eq!(
                resolve_from(&base, Path::new("dangling"), 0).expect("resolved"),
                base.join("nowhere/yet")
            );
            std::os::unix::fs::symlink("loop", base.join("loop")).expect("link");
            assert!(resolve_from(&base, Path::new("loop"), 0).is_err());
        }
    }

    #[test]
    fn refuses_the_site_its_sources_and_what_is_above() {
        let dir = site();
        let root = dir.path().join("site");
        for (out, expected) in [
            (root.clone(), "E040"),
            (dir.path().to_path_buf(), "E040"),
            (PathBuf::from("/"), "E040"),
            (root.join("data"), "E041"),
            (root.join("data/new/deeper"), "E041"),
            (root.join("themes/default/templates"), "E041"),
            (root.join("static/../content"), "E041"),
            (root.join("site.toml"), "E041"),
        ] {
            assert_eq!(code(&root, &out), Some(expected), "{}", out.display());
        }
        fs::write(root.join("notes.txt"), "x").expect("file");
        assert_eq!(code(&root, &root.join("notes.txt")), Some("E042"));
        for fine in ["public", "new/deeper", "publicity"] {
            let out = root.join(fine);
            assert_eq!(
                guard(&root, &out, Foreign::Refuse).expect("allowed"),
                root.canonicalize().expect("canonical").join(fine)
            );
        }
    }

    #[test]
    fn a_foreign_folder_needs_force_and_our_own_does_not() {
        let dir = site();
        let root = dir.path().join("site");
        let out = root.join("public");
        fs::create_dir_all(&out).expect("output");
        assert!(guard(&root, &out, Foreign::Refuse).is_ok(), "empty");
        fs::write(out.join("index.html"), "mine").expect("file");
        let refused = guard(&root, &out, Foreign::Refuse).expect_err("foreign");
        assert_eq!(refused.code(), Some("E043"));
        assert!(refused.in_lang(Lang::Vi).contains("index.html"));
        assert!(guard(&root, &out, Foreign::Replace).is_ok());
        fs::write(out.join("sitemap.xml"), "<urlset/>").expect("file");
        assert!(!written_by_vinhdanh(&out), "no marker");
        mark_as_ours(&out).expect("marked");
        assert!(written_by_vinhdanh(&out));
        assert!(guard(&root, &out, Foreign::Refuse).is_ok());
        fs::remove_file(marker(&out)).expect("unmarked");
        fs::write(root.join(".public.lock"), "").expect("an earlier version's lock");
        assert!(written_by_vinhdanh(&out), "an earlier version's output");
        fs::remove_file(out.join("sitemap.xml")).expect("removed");
        assert!(!written_by_vinhdanh(&out), "not what vinhdanh writes");
    }
}
