//! Watches the site's folders with `notify` and hands over changed paths in debounced batches:
//! a batch closes when no event has come for [`QUIET`], so that an editor's several writes of
//! one save (temporary file, rename, metadata) make one rebuild. Once every path of the batch
//! has been seen finished (closed after writing, renamed into place, removed), the batch closes
//! after the shorter [`SETTLED_QUIET`] instead.
//!
//! Only what the site is made of is watched: `site.toml` (through the root folder, not
//! recursively), and `data/`, `content/`, `static/` and `themes/` recursively, so that `target/`,
//! `.git/` and `public/` never wake the server. A folder created later is watched from the
//! next batch on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::base::layout;

/// A batch closes after this long without events.
pub const QUIET: Duration = Duration::from_millis(25);
/// A batch whose every path has been seen finished (written and closed, renamed into place or
/// removed) closes after this shorter quiet: the save is over, and the page should reload.
pub const SETTLED_QUIET: Duration = Duration::from_millis(8);
/// A batch closes after this long in any case, so that a steady stream of writes still rebuilds.
const LONGEST: Duration = Duration::from_secs(1);

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    pub path: PathBuf,
    pub source: notify::Error,
}

/// The watcher and its queue of events.
#[derive(Debug)]
pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watched: BTreeSet<PathBuf>,
}

/// A debounced batch of changed paths, relative to the site root.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (queue overflow): everything must be looked at again.
    pub rescan: bool,
}

impl Watcher {
    /// Starts watching the site at `root` (canonical).
    pub fn start(root: &Path) -> Result<Watcher, WatchError> {
        let (sender, events) = channel();
        let inner = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
        })?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            inner,
            events,
            watched: BTreeSet::new(),
        };
        watcher
            .inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError {
                path: root.to_path_buf(),
                source,
            })?;
        watcher.watch_folders();
        Ok(watcher)
    }

    /// Watches the site's folders that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for folder in layout::top_level_folders() {
            let path = self.root.join(folder);
            if self.watched.contains(&path) || !path.is_dir() {
                continue;
            }
            if self.inner.watch(&path, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(path);
            }
        }
        self.watched.retain(|path| path.is_dir());
    }

    /// Waits for the next batch of changes; `None` when the watcher has stopped or `deadline`
    /// has passed.
    pub fn next_batch(&mut self, deadline: Option<Instant>) -> Option<Batch> {
        let first = match deadline {
            None => self.events.recv().ok()?,
            Some(deadline) => {
                let left = deadline.checked_duration_since(Instant::now())?;
                self.events.recv_timeout(left).ok()?
            }
        };
        let started = Instant::now();
        let mut batch = Batch::default();
        let mut created = BTreeSet::new();
        let mut unsettled = BTreeSet::new();
        self.add(first, &mut batch, &mut created, &mut unsettled);
        while started.elapsed() < LONGEST {
            let quiet = if unsettled.is_empty() && !batch.rescan {
                SETTLED_QUIET
            } else {
                QUIET
            };
            match self.events.recv_timeout(quiet) {
                Ok(event) => self.add(event, &mut batch, &mut created, &mut unsettled),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // Made and gone within the batch: an editor's scratch file (`sed -i`, vim's `4913`).
        batch.paths.retain(|path| {
            !created.contains(path) || self.root.join(path).symlink_metadata().is_ok()
        });
        self.watch_folders();
        Some(batch)
    }

    fn add(
        &self,
        event: notify::Result<Event>,
        batch: &mut Batch,
        created: &mut BTreeSet<PathBuf>,
        unsettled: &mut BTreeSet<PathBuf>,
    ) {
        let Ok(event) = event else {
            batch.rescan = true;
            return;
        };
        if event.need_rescan() {
            batch.rescan = true;
        }
        if !is_change(&event.kind) {
            return;
        }
        let creates = matches!(event.kind, EventKind::Create(_));
        let settles = settles(&event.kind);
        for path in event.paths {
            if let Ok(relative) = path.strip_prefix(&self.root) {
                if creates {
                    created.insert(relative.to_path_buf());
                }
                if settles {
                    unsettled.remove(relative);
                } else {
                    unsettled.insert(relative.to_path_buf());
                }
                batch.paths.insert(relative.to_path_buf());
            }
        }
    }
}

/// Whether an event may mean new content: reads (ours included) are not changes, but the end
/// of a write is.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event ends a change to its path: the file was written and closed, renamed into
/// place, or removed. Anything else (created, written to, renamed away) may still go on.
fn settles(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Name(mode)) => {
            matches!(mode, RenameMode::To | RenameMode::Both)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RenameMode};

    #[test]
    fn a_change_settles_when_the_file_is_closed_renamed_in_or_removed() {
        assert!(settles(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(settles(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(settles(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(settles(&EventKind::Remove(notify::event::RemoveKind::File)));
        assert!(!settles(&EventKind::Create(CreateKind::File)));
        assert!(!settles(&EventKind::Modify(ModifyKind::Any)));
        assert!(!settles(&EventKind::Modify(ModifyKind::Name(
            RenameMode::From
        ))));
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(
            notify::event::RemoveKind::Any
        )));
    }
}
