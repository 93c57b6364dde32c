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
mod http;
mod index;
mod jobs;
mod rebuild;
mod reload;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

pub use affected::{Affected, Fingerprints, template_of};
pub use classify::{Change, Layout, Plan, classify, is_temporary};
pub use http::{MAX_TARGET, Refusal, Resolved, content_type, resolve, safe_path};
pub use rebuild::{Builder, Failure, Rebuilt};
pub use reload::{EVENTS_URL, Event, Hub, SCRIPT_TAG, SCRIPT_URL, inject};
pub use watch::{Batch, WatchError, Watcher};

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
    /// Stop after this long (tests, benchmarks); default: run until stopped.
    pub stop_after: Option<Duration>,
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
    #[error(
        "the preview folder {0} would hold or overwrite the site's own files; choose another with --output"
    )]
    OutputInSite(PathBuf),
    #[error(transparent)]
    Watch(#[from] WatchError),
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
    let out_dir = options
        .out_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("vinhdanh-serve-{}", addr.port())));
    let out_dir = prepare_output(&root, &out_dir)?;
    let mut watcher = Watcher::start(&root)?;
    eprintln!("Building {} ...", root.display());
    let mut builder = Builder::new(root.clone(), out_dir.clone());
    let first = builder.rebuild(&Plan::full());
    let shared = Arc::new(Shared {
        out_dir: out_dir.clone(),
        base_path: RwLock::new(builder.base_path()),
        hub: Hub::default(),
    });
    report(&first, &shared, &builder, "Built");
    http::spawn(listener, Arc::clone(&shared))
        .map_err(|source| ServeError::Bind { addr, source })?;
    announce(addr, &out_dir);
    let deadline = options.stop_after.map(|d| Instant::now() + d);
    let out_in_root = out_dir.strip_prefix(&root).ok().map(Path::to_path_buf);
    while let Some(batch) = watcher.next_batch(deadline) {
        let layout = Layout::new(&builder.theme_name(), out_in_root.clone());
        let plan = plan_of(&batch, &layout);
        if plan.is_empty() {
            continue;
        }
        eprintln!("Changed: {}", plan.describe());
        let outcome = catch_unwind(AssertUnwindSafe(|| builder.rebuild(&plan)));
        let result = outcome.unwrap_or_else(|_| {
            builder.reset();
            Err(Failure::new(
                "internal error while rebuilding (see above); the preview starts again from nothing on the next change",
            ))
        });
        report(&result, &shared, &builder, "Rebuilt");
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

/// Prints the outcome of a build and tells the open pages.
fn report(
    result: &Result<Option<Rebuilt>, Failure>,
    shared: &Shared,
    builder: &Builder,
    verb: &str,
) {
    match result {
        Ok(Some(rebuilt)) => {
            if verb == "Built" {
                eprint!("{}", builder.warnings());
            }
            *shared
                .base_path
                .write()
                .unwrap_or_else(PoisonError::into_inner) = builder.base_path();
            let summary = format!(
                "{verb} in {} ms: {} job(s) run, {} file(s) written, {} deleted, {} unchanged.",
                rebuilt.elapsed.as_millis(),
                rebuilt.jobs,
                rebuilt.written,
                rebuilt.deleted,
                rebuilt.unchanged
            );
            eprintln!("{summary}");
            shared.hub.broadcast(&Event::Reload(summary));
        }
        Ok(None) => {}
        Err(failure) => {
            eprintln!("{}", failure.message);
            shared.hub.broadcast(&Event::Error(failure.message.clone()));
        }
    }
}

/// The first two lines of standard output, which tools read: the address, then the folder.
fn announce(addr: SocketAddr, out_dir: &Path) {
    if !addr.ip().is_loopback() {
        eprintln!("warning: the preview is open to other machines on {addr}");
    }
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "Serving http://{addr}/");
    let _ = writeln!(stdout, "Output {}", out_dir.display());
    let _ = stdout.flush();
}

/// Empties (or makes) the preview folder and returns it canonical. A folder that holds the site,
/// or lies in one of its source folders, is refused.
fn prepare_output(root: &Path, out_dir: &Path) -> Result<PathBuf, ServeError> {
    let io_error = |source| ServeError::Output {
        path: out_dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out_dir).map_err(io_error)?;
    let out_dir = out_dir.canonicalize().map_err(io_error)?;
    let inside_sources = ["data", "content", "static", "themes"]
        .iter()
        .any(|folder| out_dir.starts_with(root.join(folder)));
    if root.starts_with(&out_dir) || inside_sources {
        return Err(ServeError::OutputInSite(out_dir));
    }
    Ok(out_dir)
}
