//! `vinhdanh serve`: a local preview that follows the staff's edits.
//!
//! ```text
//! build    the whole site into a preview folder (not public/), as `build` would
//! serve    that folder on 127.0.0.1, with a live-reload script injected into HTML responses
//! watch    site.toml, data/, content/, static/, themes/ (debounced batches)
//! classify each changed path (pure: classify.rs) into a plan
//! rebuild  reload what changed, render the pages it may affect, write the files that differ
//! reload   open pages on success; on errors, keep the last good site and show the errors
//! ```
//!
//! A broken edit never stops the server: the errors go to the terminal and to an overlay in the
//! open pages, and the next save that fixes them brings the site back.

mod affected;
mod classify;
mod content;
mod failure;
mod host;
mod http;
mod index;
mod jobs;
mod rebuild;
mod records;
mod reload;
mod request;
mod slots;
mod status;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

pub use affected::{Affected, Fingerprints, template_of};
pub use classify::{Change, Layout, Plan, classify, is_temporary};
pub use failure::RebuildFailure;
pub use host::Hosts;
pub use http::{Refusal, Resolved, content_type, resolve, safe_path};
pub use rebuild::{Builder, Rebuilt};
pub use reload::{EVENTS_URL, Event, Hub, SCRIPT_TAG, SCRIPT_URL, inject};
pub use request::{HEAD_DEADLINE, MAX_HEAD, MAX_TARGET};
pub use slots::{MAX_HEADS, MAX_PAGES, MAX_STREAMS};
pub use watch::{Batch, WatchError, Watcher};

use crate::base::lang::{Lang, both};
use crate::output::{Foreign, GuardError, guard};
use http::Shared;

/// The default port of the preview.
pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The preview's output folder; default: `vinhdanh-serve-<port>` in the temporary folder.
    pub out_dir: Option<PathBuf>,
    /// Whether a non-empty `out_dir` that vinhdanh did not write may be emptied (`--force`).
    pub foreign: Foreign,
    /// Whether draft stories are shown too (`--drafts`), each marked as a draft.
    pub drafts: bool,
    /// Stop after this long (tests, benchmarks); default: run until stopped.
    pub stop_after: Option<Duration>,
    /// The language of what the preview prints and shows over the page.
    pub lang: Lang,
}

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("the site folder {path}: {source}")]
    Root { path: PathBuf, source: io::Error },
    #[error("the preview folder {path}: {source}")]
    Output { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Refused(#[from] GuardError),
    #[error(transparent)]
    Watch(#[from] WatchError),
}

impl ServeError {
    /// The code printed with the message, for the errors `docs/loi.md` documents.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            ServeError::Refused(refused) => refused.code(),
            _ => None,
        }
    }

    /// The message in `lang`; what the system said stays as it said it.
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            ServeError::Bind { addr, source } => both!(
                lang,
                format!("không mở được cổng {addr}: {source}"),
                format!("cannot listen on {addr}: {source}")
            ),
            ServeError::Root { path, source } => {
                let path = path.display();
                both!(
                    lang,
                    format!("thư mục trang {path}: {source}"),
                    format!("the site folder {path}: {source}")
                )
            }
            ServeError::Output { path, source } => {
                let path = path.display();
                both!(
                    lang,
                    format!("thư mục xem trước {path}: {source}"),
                    format!("the preview folder {path}: {source}")
                )
            }
            ServeError::Refused(refused) => refused.in_lang(lang),
            ServeError::Watch(WatchError { path, source }) => {
                let path = path.display();
                both!(
                    lang,
                    format!("không theo dõi được {path}: {source}"),
                    format!("cannot watch {path}: {source}")
                )
            }
        }
    }
}

/// Builds, serves and rebuilds the site until stopped (or `stop_after` has passed).
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(|source| ServeError::Root {
            path: options.root.clone(),
            source,
        })?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    // The default folder is named for vinhdanh's previews: what it holds is an earlier one.
    let (out_dir, foreign) = match &options.out_dir {
        Some(out_dir) => (out_dir.clone(), options.foreign),
        None => (
            std::env::temp_dir().join(format!("vinhdanh-serve-{}", addr.port())),
            Foreign::Replace,
        ),
    };
    let out_dir = prepare_output(&root, &out_dir, foreign)?;
    let mut watcher = Watcher::start(&root)?;
    let lang = options.lang;
    let building = root.display();
    eprintln!(
        "{}",
        both!(
            lang,
            format!("Đang dựng {building} ..."),
            format!("Building {building} ...")
        )
    );
    let mut builder = Builder::new(root.clone(), out_dir.clone()).with_drafts(options.drafts);
    let first = builder.rebuild(&Plan::full());
    let shared = Arc::new(Shared::new(
        out_dir.clone(),
        builder.base_path(),
        Hosts::new(addr),
        lang,
    ));
    report(&first, &shared, &builder, Outcome::Built, lang);
    http::spawn(listener, Arc::clone(&shared))
        .map_err(|source| ServeError::Bind { addr, source })?;
    announce(addr, &out_dir, lang);
    let deadline = options.stop_after.map(|d| Instant::now() + d);
    let out_in_root = out_dir.strip_prefix(&root).ok().map(Path::to_path_buf);
    while let Some(batch) = watcher.next_batch(deadline) {
        let layout = Layout::new(&builder.theme_name(), out_in_root.clone());
        let plan = plan_of(&batch, &layout);
        if plan.is_empty() {
            continue;
        }
        let changed = plan.describe(lang);
        eprintln!(
            "{}",
            both!(
                lang,
                format!("Thay đổi: {changed}"),
                format!("Changed: {changed}")
            )
        );
        let outcome = catch_unwind(AssertUnwindSafe(|| builder.rebuild(&plan)));
        let result = outcome.unwrap_or_else(|_| {
            builder.reset();
            Err(RebuildFailure::new(|lang| {
                both!(
                    lang,
                    "lỗi nội bộ khi dựng lại (xem ở trên); lần thay đổi sau bản xem trước được dựng lại từ đầu",
                    "internal error while rebuilding (see above); the preview starts again from nothing on the next change"
                )
                .to_string()
            }))
        });
        report(&result, &shared, &builder, Outcome::Rebuilt, lang);
    }
    Ok(())
}

/// The plan of one batch of changed paths.
pub fn plan_of(batch: &Batch, layout: &Layout) -> Plan {
    let mut plan = if batch.rescan {
        Plan::full()
    } else {
        Plan::default()
    };
    for path in &batch.paths {
        if let Some(change) = classify(path, layout) {
            plan.add(change);
        }
    }
    plan
}

/// Whether a build was the first one or a rebuild after a change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Built,
    Rebuilt,
}

/// Prints the outcome of a build and tells the open pages.
fn report(
    result: &Result<Option<Rebuilt>, RebuildFailure>,
    shared: &Shared,
    builder: &Builder,
    outcome: Outcome,
    lang: Lang,
) {
    match result {
        Ok(Some(rebuilt)) => {
            if outcome == Outcome::Built {
                eprint!("{}", builder.warnings(lang));
            }
            *shared
                .base_path
                .write()
                .unwrap_or_else(PoisonError::into_inner) = builder.base_path();
            let summary = summary(rebuilt, outcome, lang);
            eprintln!("{summary}");
            shared.hub.broadcast(&Event::Reload(summary));
        }
        Ok(None) => {}
        Err(failure) => {
            let message = failure.message(lang);
            eprintln!("{message}");
            shared.hub.broadcast(&Event::Error(message.to_string()));
        }
    }
}

/// "Built in 812 ms: ...", the line the terminal and the open pages get.
fn summary(rebuilt: &Rebuilt, outcome: Outcome, lang: Lang) -> String {
    let Rebuilt {
        jobs,
        written,
        deleted,
        unchanged,
        ..
    } = rebuilt;
    let ms = rebuilt.elapsed.as_millis();
    let head = match (outcome, lang) {
        (Outcome::Built, Lang::Vi) => format!("Đã dựng trong {ms} ms: "),
        (Outcome::Rebuilt, Lang::Vi) => format!("Đã dựng lại trong {ms} ms: "),
        (Outcome::Built, Lang::En) => format!("Built in {ms} ms: "),
        (Outcome::Rebuilt, Lang::En) => format!("Rebuilt in {ms} ms: "),
    };
    head + &both!(
        lang,
        format!(
            "{jobs} việc, {written} tệp được ghi, {deleted} tệp bị xóa, {unchanged} tệp không đổi."
        ),
        format!(
            "{jobs} job(s) run, {written} file(s) written, {deleted} deleted, {unchanged} unchanged."
        )
    )
}

/// The first two lines of standard output, which tools read: the address, then the folder.
fn announce(addr: SocketAddr, out_dir: &Path, lang: Lang) {
    if !addr.ip().is_loopback() {
        eprintln!(
            "{}",
            both!(
                lang,
                format!("cảnh báo: bản xem trước mở cho các máy khác tại {addr}"),
                format!("warning: the preview is open to other machines on {addr}")
            )
        );
    }
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "Serving http://{addr}/");
    let _ = writeln!(stdout, "Output {}", out_dir.display());
    let _ = stdout.flush();
}

/// Makes the preview folder, marked as vinhdanh's, and returns it resolved. A folder the output
/// guard refuses is left as it is (the first build empties the folder).
fn prepare_output(root: &Path, out_dir: &Path, foreign: Foreign) -> Result<PathBuf, ServeError> {
    let out_dir = guard(root, out_dir, foreign)?;
    let io_error = |source| ServeError::Output {
        path: out_dir.clone(),
        source,
    };
    std::fs::create_dir_all(&out_dir).map_err(io_error)?;
    crate::output::guard::mark_as_ours(&out_dir).map_err(io_error)?;
    Ok(out_dir)
}
